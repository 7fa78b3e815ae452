package extract

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// titleClassRE matches the classes headline elements carry.
var titleClassRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[\s_-])(entry-title|post-title|article-title|headline|article__title|post__title|entry__title|story-title|page-title|title)([\s_-]|$)`)
})

// title chooses the post title: structured data, the platform's title
// element, the headline h1 (without a kicker), OpenGraph, meta, then the
// <title> tag with the site name stripped. It also finds e.titleNode.
func (e *extractor) title() string {
	var cands []Candidate
	if e.article != nil {
		cands = append(cands, Candidate{clean(ldString(e.article["headline"])), "json-ld"}, Candidate{clean(ldString(e.article["name"])), "json-ld"})
	}

	// Platform title elements.
	platformTitle := e.platformTitleNode()
	if n := platformTitle; n != nil {
		e.titleNode = n
		cands = append(cands, Candidate{headlineText(n), e.platformOr("markup")})
	}
	og := clean(e.metaFirst("og:title", "twitter:title"))
	h1 := e.bestH1(og)
	if e.titleNode == nil && h1 != nil {
		e.titleNode = h1
	}
	head := ""
	if t := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil {
		head = innerText(t)
	}
	siteName := e.siteHints()
	if h1 != nil && platformTitle == nil && headlineH1(h1, siteName) {
		if part := headlinePart(h1, og, cands); part != "" {
			cands = append([]Candidate{{part, "heading"}}, cands...)
		}
		// The headline readers see wins over the SEO title of the
		// structured data, which is often shorter or reworded, unless the
		// h1 only wraps that title in a kicker, subtitle or date.
		structured := stripSiteName(og, siteName, head)
		if len(cands) > 0 && cands[0].Value != "" {
			structured = cands[0].Value
		}
		hk, sk := titleKey(innerText(h1)), titleKey(structured)
		if sk == "" || !strings.Contains(hk, sk) {
			cands = append([]Candidate{{innerText(h1), "heading"}}, cands...)
		}
	}
	cands = append(cands,
		Candidate{stripSiteName(og, siteName, head), "opengraph"},
		Candidate{clean(e.metaFirst("headline", "name", "dc.title", "citation_title")), "microdata"},
	)
	if h1 != nil {
		cands = append(cands, Candidate{headlineText(h1), "heuristic"})
	}
	cands = append(cands, Candidate{stripSiteName(clean(head), siteName, og), "title-tag"})
	for i := range cands {
		if utf8.RuneCountInString(cands[i].Value) > 300 {
			cands[i].Value = ""
		}
		if cands[i].Source == "json-ld" {
			cands[i].Value = stripSiteName(cands[i].Value, siteName, "")
		}
	}
	t := e.choose("title", cands)
	e.titleText = t
	if e.titleNode == nil && t != "" {
		// Find the heading carrying the title, to keep it out of the body.
		e.titleNode = findFirst(e.doc, func(n *html.Node) bool {
			return isElem(n, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) && !offPost(n) && sameTitle(innerText(n), t)
		})
	}
	return t
}

// headingFound is a headline found next to the body.
type headingFound struct {
	node  *html.Node
	title string
}

// headingBeforeBody finds the headline when the title came only from the
// <title> tag and no heading repeats it (a site-wide <title>): the last
// h1-h4 before the body's first text, or a heading opening the body.
func (e *extractor) headingBeforeBody() *headingFound {
	if e.titleNode != nil || len(e.body) == 0 {
		return nil
	}
	if c := e.explain["title"]; len(c) > 0 && c[0].Source != "title-tag" {
		return nil
	}
	isHeading := func(n *html.Node) bool {
		if !isElem(n, atom.H1, atom.H2, atom.H3, atom.H4) || offPost(n) {
			return false
		}
		l := utf8.RuneCountInString(innerText(n))
		return l >= 8 && l <= 250
	}
	// A heading at the very start of the body.
	start := e.body[0]
	var first *html.Node
	walk(start, func(n *html.Node) bool {
		if first != nil {
			return false
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			first = n
			return false
		}
		return n.Type != html.ElementNode || !skipAtom(n.DataAtom)
	})
	if first != nil {
		for p := first.Parent; p != nil && p != start.Parent; p = p.Parent {
			if isHeading(p) {
				return e.useHeading(p)
			}
		}
	}
	// Else the last heading before the body, within a few text blocks.
	texts := 0
	for n := prevNode(start); n != nil && texts < 12; n = prevNode(n) {
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			texts++
			continue
		}
		if n.Type == html.ElementNode && isHeading(n) {
			return e.useHeading(n)
		}
	}
	return nil
}

func (e *extractor) useHeading(n *html.Node) *headingFound {
	e.titleNode = n
	t := innerText(n)
	e.titleText = t
	e.explain["title"] = append([]Candidate{{t, "heuristic-heading"}}, e.explain["title"]...)
	return &headingFound{n, t}
}

// prevNode returns the node before n in document order (the deepest last
// descendant of the previous sibling, or the parent).
func prevNode(n *html.Node) *html.Node {
	if p := n.PrevSibling; p != nil {
		for p.LastChild != nil && !(p.Type == html.ElementNode && skipAtom(p.DataAtom)) {
			p = p.LastChild
		}
		return p
	}
	return n.Parent
}

func (e *extractor) platformOr(def string) string {
	if e.platform != "" {
		return e.platform
	}
	return def
}

// platformTitleNode returns the platform's title element when the page
// has exactly one (a listing has several).
func (e *extractor) platformTitleNode() *html.Node {
	var found []*html.Node
	walk(e.doc, func(n *html.Node) bool {
		if platformTitle(n) && !underOffPost(n) {
			found = append(found, n)
		}
		return true
	})
	if len(found) == 1 {
		return found[0]
	}
	return nil
}

// underOffPost reports whether n or one of its ancestors is off the post.
func underOffPost(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && offPost(p) {
			return true
		}
	}
	return false
}

// bestH1 picks the h1 that looks like the post title: matching og:title
// when there is one, else the only h1 or the first inside an article.
func (e *extractor) bestH1(og string) *html.Node {
	var h1s []*html.Node
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if offPost(n) && !isElem(n, atom.Html, atom.Body, atom.Aside, atom.Nav) {
			return false // widgets, related posts, comments
		}
		if n.DataAtom == atom.H1 {
			if t := innerText(n); t != "" && len(t) < 400 {
				h1s = append(h1s, n)
			}
			return false
		}
		return true
	})
	if og != "" {
		for _, h := range h1s {
			if sameTitle(innerText(h), og) {
				return h
			}
		}
	}
	if len(h1s) == 1 {
		return h1s[0]
	}
	for _, h := range h1s {
		if titleClassRE().MatchString(attr(h, "class")) {
			return h
		}
	}
	return nil
}

// headlineText returns a headline element's text without a kicker set
// apart inside it: "<h1><small>Tunesien</small><br>Große Aufgaben …</h1>",
// "<h1><span class="kicker">…</span> …</h1>".
func headlineText(h *html.Node) string {
	var kicker *html.Node
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			break // text comes first: no kicker
		}
		if c.Type != html.ElementNode {
			continue
		}
		cid := classID(c)
		if c.DataAtom == atom.Small || strings.Contains(cid, "kicker") || strings.Contains(cid, "overline") ||
			strings.Contains(cid, "dachzeile") || strings.Contains(cid, "topline") || strings.Contains(cid, "roofline") ||
			strings.Contains(cid, "eyebrow") {
			kicker = c
		}
		break
	}
	full := innerText(h)
	if kicker == nil {
		return full
	}
	rest := strings.TrimSpace(strings.TrimPrefix(full, innerText(kicker)))
	rest = strings.TrimLeft(rest, ":|–—- ")
	if utf8.RuneCountInString(rest) < 12 {
		return full
	}
	return rest
}

// headlinePart returns the headline inside an h1 that also holds a kicker
// ("<h1><span>Tunisia</span> <span>Big tasks for the new cabinet</span>"):
// the last child element whose text is one part of the structured or
// OpenGraph title.
func headlinePart(h1 *html.Node, og string, cands []Candidate) string {
	var parts []string
	for _, t := range append([]string{og}, func() []string {
		var v []string
		for _, c := range cands {
			v = append(v, c.Value)
		}
		return v
	}()...) {
		if t == "" {
			continue
		}
		parts = append(parts, t)
		for _, sep := range titleSeps[:11] {
			for _, p := range strings.Split(t, sep) {
				if p = strings.TrimSpace(p); p != t && p != "" {
					parts = append(parts, p)
				}
			}
		}
	}
	var kids []*html.Node
	for c := h1.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && textLen(c) > 0 {
			kids = append(kids, c)
		}
	}
	if len(kids) < 2 {
		return ""
	}
	for i := len(kids) - 1; i >= 0; i-- {
		t := innerText(kids[i])
		for _, p := range parts {
			if titleKey(t) == titleKey(p) && utf8.RuneCountInString(t) >= 12 {
				return t
			}
		}
	}
	return ""
}

// headlineH1 reports whether h1 reads as a post's headline rather than a
// site name or a section label.
func headlineH1(h1 *html.Node, siteName string) bool {
	t := innerText(h1)
	if utf8.RuneCountInString(t) < 12 || len(strings.Fields(t)) < 3 {
		return false
	}
	for _, h := range strings.Split(siteName, "\x00") {
		if h != "" && sameTitle(t, h) {
			return false
		}
	}
	for p := h1; p != nil; p = p.Parent {
		if p.DataAtom == atom.A {
			return false // a linked h1 is the site logo or a teaser
		}
		if p.DataAtom == atom.Body {
			break
		}
		// The page's masthead (a header holding no article) names the site.
		if p.DataAtom == atom.Header || strings.Contains(classID(p), "header") || strings.Contains(classID(p), "masthead") {
			if findFirst(p, func(x *html.Node) bool { return x.DataAtom == atom.Article || x.DataAtom == atom.P && textLen(x) > 200 }) == nil &&
				(p.Parent == nil || p.Parent.DataAtom == atom.Body || strings.Contains(classID(p), "site") || strings.Contains(classID(p), "page-header") || strings.Contains(classID(p), "masthead") || hasClass(p, "header-outer") || hasClass(p, "header")) {
				return false
			}
		}
	}
	return true
}

// sameTitle reports whether a and b are the same title, ignoring case,
// punctuation and a site-name part on either.
func sameTitle(a, b string) bool {
	na, nb := titleKey(a), titleKey(b)
	if na == "" || nb == "" {
		return false
	}
	return na == nb || (len(na) > 15 && strings.Contains(nb, na)) || (len(nb) > 15 && strings.Contains(na, nb))
}

// titleKey reduces a title to its lower-cased letters and digits, for
// comparing titles written with different punctuation.
func titleKey(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var titleSeps = []string{" | ", " – ", " — ", " - ", " :: ", " · ", " • ", " » ", " « ", " / ", ": ", "｜", "|", ":", "_"}

// stripSiteName removes a " | Site name" part from t. The site name is
// known from og:site_name, or is the part of t that other is missing.
func stripSiteName(t, site, other string) string {
	t = clean(t)
	if t == "" {
		return ""
	}
	isSite := func(part string) bool {
		if part == "" {
			return false
		}
		for _, h := range strings.Split(site, "\x00") {
			if h == "" {
				continue
			}
			if sameTitle(part, h) {
				return true
			}
			// "Vegolosi.it", "India News - Times of India" for timesofindia.
			pk, hk := titleKey(part), titleKey(h)
			if len(hk) >= 4 && (strings.Contains(pk, hk) || len(pk) >= 4 && strings.Contains(hk, pk)) && len(strings.Fields(part)) <= 6 {
				return true
			}
		}
		return false
	}
	for _, sep := range titleSeps {
		i := strings.LastIndex(t, sep)
		j := strings.Index(t, sep)
		if i < 0 {
			continue
		}
		head, tail := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):])
		first, rest := strings.TrimSpace(t[:j]), strings.TrimSpace(t[j+len(sep):])
		if !bareSep(sep) && i != j {
			// "Title – Site – Blog": a site name between the parts.
			parts := strings.Split(t, sep)
			for k := 1; k < len(parts)-1; k++ {
				if isSite(strings.TrimSpace(parts[k])) {
					return stripSiteName(strings.Join(parts[:k], sep), site, other)
				}
			}
		}
		switch {
		case isSite(tail):
			return stripSiteName(head, site, other)
		case isSite(first):
			return rest
		case bareSep(sep):
			// "Title:site" and "Title｜site" only around a known site name.
		case other != "" && titleKey(head) == titleKey(other):
			return head
		case other != "" && titleKey(rest) == titleKey(other):
			return rest
		case sep != ": " && !bareSep(sep) && site == "" && other == "" && len(tail) < len(head)/2 && len(strings.Fields(tail)) <= 4:
			return head
		}
	}
	return t
}

// bareSep reports a separator written without spaces, which titles also
// use inside words and names.
func bareSep(sep string) bool { return !strings.HasPrefix(sep, " ") && sep != ": " }

// siteHints returns the names a site goes by, NUL-separated: og:site_name,
// application-name, and the host's main label ("vegolosi" for
// www.vegolosi.it).
func (e *extractor) siteHints() string {
	hints := []string{clean(e.metaFirst("og:site_name")), clean(e.metaFirst("application-name"))}
	if host := siteOf(e.pageURL); host != "" {
		labels := strings.Split(strings.TrimPrefix(host, "www."), ".")
		main := len(labels) - 2
		if main >= 1 && len(labels[len(labels)-1]) == 2 {
			switch labels[main] {
			case "co", "com", "gv", "gov", "ac", "org", "net", "edu", "or", "ne", "go", "gob", "nic":
				main-- // example.co.uk, bundeskanzleramt.gv.at
			}
		}
		if main >= 0 {
			hints = append(hints, labels[main])
		}
		hints = append(hints, strings.TrimPrefix(host, "www."))
	}
	return strings.Join(hints, "\x00")
}
