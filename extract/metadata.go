package extract

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/annals-dev/annals"
)

// collectHead indexes <meta> and <link> values by lower-case key.
func (e *extractor) collectHead() {
	e.meta = map[string][]string{}
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template:
			return false
		case atom.Meta:
			content, ok := "", false
			for _, a := range n.Attr {
				if a.Key == "content" || a.Key == "value" && !ok {
					// Some pages (and some page savers) write value= for content=.
					content, ok = a.Val, true
				}
			}
			if !ok {
				return false
			}
			for _, k := range []string{"name", "property", "itemprop", "http-equiv"} {
				if v := strings.ToLower(strings.TrimSpace(attr(n, k))); v != "" {
					for _, key := range strings.Fields(v) {
						e.meta[key] = append(e.meta[key], unescapeEntities(strings.TrimSpace(content)))
					}
				}
			}
		case atom.Link:
			for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
				if href := attr(n, "href"); href != "" {
					e.meta["link:"+rel] = append(e.meta["link:"+rel], href)
				}
			}
		}
		return true
	})
}

func (e *extractor) metaFirst(keys ...string) string {
	for _, k := range keys {
		for _, v := range e.meta[k] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

func (e *extractor) detectPlatform() string {
	gen := strings.ToLower(strings.Join(e.meta["generator"], " "))
	switch {
	case strings.Contains(gen, "blogger"):
		return "blogger"
	case strings.Contains(gen, "wordpress"):
		return "wordpress"
	}
	if len(e.meta["blogid"]) > 0 || strings.Contains(siteOf(e.pageURL), ".blogspot.") {
		return "blogger"
	}
	if len(e.meta["link:https://api.w.org/"]) > 0 {
		return "wordpress"
	}
	if body := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Body }); body != nil {
		c := " " + attr(body, "class") + " "
		if strings.Contains(c, " wp-") || strings.Contains(c, " single-post ") || strings.Contains(c, " postid-") {
			return "wordpress"
		}
	}
	return ""
}

func (e *extractor) language() string {
	cands := []Candidate{
		{ldString(e.article["inLanguage"]), "json-ld"},
	}
	if h := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Html }); h != nil {
		cands = append(cands, Candidate{attr(h, "lang"), "html-lang"}, Candidate{attr(h, "xml:lang"), "html-lang"})
	}
	cands = append(cands,
		Candidate{e.metaFirst("content-language", "language", "dc.language"), "meta"},
		Candidate{strings.ReplaceAll(e.metaFirst("og:locale"), "_", "-"), "opengraph"},
	)
	for i := range cands {
		cands[i].Value = normLang(cands[i].Value)
	}
	return e.choose("language", cands)
}

// normLang turns "en_GB", "EN-gb" and "en-GB,fr" into "en-GB".
func normLang(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i]
	}
	if s == "" || len(s) > 20 {
		return ""
	}
	parts := strings.Split(s, "-")
	parts[0] = strings.ToLower(parts[0])
	if len(parts[0]) < 2 || len(parts[0]) > 3 {
		return ""
	}
	for i := 1; i < len(parts); i++ {
		if len(parts[i]) == 2 {
			parts[i] = strings.ToUpper(parts[i])
		}
	}
	return strings.Join(parts, "-")
}

// ---- title ----

var titleClassRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[\s_-])(entry-title|post-title|article-title|headline|article__title|post__title|entry__title|story-title|page-title|title)([\s_-]|$)`)
})

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
		return n.Type != html.ElementNode || !skipAtoms[n.DataAtom]
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
		for p.LastChild != nil && !(p.Type == html.ElementNode && skipAtoms[p.DataAtom]) {
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

func (e *extractor) platformTitleNode() *html.Node {
	var found []*html.Node
	goquery.NewDocumentFromNode(e.doc).FindMatcher(platformTitleMatcher()).Each(func(_ int, s *goquery.Selection) {
		if n := s.Get(0); !underOffPost(n) {
			found = append(found, n)
		}
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
		if skipAtoms[n.DataAtom] {
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

// ---- authors ----

// authorSource is one source's list of author names.
type authorSource struct {
	names []string
	src   string
}

// authorSources collects author candidates from structured data and markup.
func (e *extractor) authorSources() (sources []authorSource) {
	type source = authorSource
	if e.article != nil {
		people, orgs := e.ld.authorNames(e.article["author"])
		sources = append(sources, source{people, "json-ld"})
		sources = append(sources, source{e.ld.names(e.article["creator"]), "json-ld"})
		defer func() {
			// An organisation as author is a last resort: it is usually
			// the publisher.
			sources = append(sources, source{orgs, "json-ld-organization"})
		}()
	}
	sources = append(sources, source{e.platformAuthors(), e.platformOr("markup")})
	sources = append(sources, source{e.personMicrodata(), "microdata"})
	sources = append(sources, source{e.metaAuthors(), "meta"})
	sources = append(sources, source{e.relAuthors(), "rel-author"})
	sources = append(sources, source{e.textByline(), "heuristic"})
	sources = append(sources, source{e.labeledAuthor(), "label"})
	sources = append(sources, source{e.authorImage(), "author-image"})
	sources = append(sources, source{e.copyrightHolder(), "copyright"})
	return
}

// authors chooses the authors: a byline at the top of the body first (on
// reposts it names the real author, where platform markup names the
// account), then the sources in order.
func (e *extractor) authors(sources []authorSource) []string {
	if len(e.byline) > 0 {
		sources = append([]authorSource{{e.byline, "byline"}}, sources...)
	}
	var cands []Candidate
	var chosen, publisher []string
	hints := e.siteHints()
	for _, s := range sources {
		all := cleanNames(s.names)
		names := e.notSiteNames(all, hints)
		if len(names) == 0 {
			if publisher == nil && len(all) > 0 {
				publisher = all
				cands = append(cands, Candidate{strings.Join(all, "; "), s.src + " (site name)"})
			}
			continue
		}
		cands = append(cands, Candidate{strings.Join(names, "; "), s.src})
		if chosen == nil {
			chosen = names
		}
	}
	if chosen == nil || len(chosen) == 1 && len(strings.Fields(chosen[0])) == 1 {
		// The name a licence credits: the last resort, or the written-out
		// form of a user name or initials (below).
		if names := cleanNames(e.licenseAttribution()); len(names) > 0 {
			src := authorSource{names, "cc-attribution"}
			sources = append(sources, src)
			if chosen == nil {
				chosen = names
			}
			cands = append(cands, Candidate{strings.Join(names, "; "), src.src})
		}
	}
	if chosen == nil {
		if so := signOff(e.text); so != "" {
			chosen = []string{so}
			cands = append(cands, Candidate{so, "sign-off"})
		}
	}
	if chosen == nil {
		// Only the site or publisher signs the post ("Redaktion",
		// "Greenpeace"): that is its author.
		chosen = publisher
	}
	// A user name ("arianschlichenmayer") or initials ("DT") give way to
	// the same name written out by another source ("Arian
	// Schlichenmayer", "Donald Townsend").
	if len(chosen) == 1 && len(strings.Fields(chosen[0])) == 1 {
		for _, src := range sources {
			for _, n := range src.names {
				if n = clean(n); len(strings.Fields(n)) > 1 && (titleKey(n) == titleKey(chosen[0]) || initials(n) == chosen[0]) {
					chosen = []string{n}
				}
			}
		}
	}
	// The winner goes first in the explanation.
	for i, c := range cands {
		if c.Value == strings.Join(chosen, "; ") {
			cands = append([]Candidate{c}, append(cands[:i:i], cands[i+1:]...)...)
			break
		}
	}
	if len(cands) > 0 {
		e.explain["authors"] = cands
	}
	return chosen
}

func (e *extractor) metaAuthors() []string {
	var out []string
	// Twitter cards: twitter:label1 "Written by", twitter:data1 the name.
	for i := 1; i <= 4; i++ {
		label := strings.ToLower(e.metaFirst(fmt.Sprintf("twitter:label%d", i)))
		if strings.Contains(label, "written by") || strings.Contains(label, "verfasst") || strings.Contains(label, "autor") || strings.Contains(label, "author") || strings.Contains(label, "geschrieben") || strings.Contains(label, "écrit par") || strings.Contains(label, "escrito por") {
			if v := e.metaFirst(fmt.Sprintf("twitter:data%d", i)); v != "" {
				return splitNames(v)
			}
		}
	}
	for _, k := range []string{"author", "article:author", "dc.creator", "citation_author", "parsely-author", "sailthru.author", "byl"} {
		for _, v := range e.meta[k] {
			if strings.HasPrefix(v, "http") {
				continue
			}
			out = append(out, splitNames(v)...)
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

func (e *extractor) relAuthors() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if offPost(n) {
			return false
		}
		if n.DataAtom == atom.A && strings.Contains(" "+attr(n, "rel")+" ", " author ") {
			out = append(out, innerText(n))
		}
		return true
	})
	return out
}

// platformAuthors reads author markup: hCard / itemprop inside the post,
// Blogger's post-author and WordPress's byline.
func (e *extractor) platformAuthors() []string {
	var out []string
	scope := e.doc
	walk(scope, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if offPost(n) {
			return false
		}
		switch {
		case isElem(n, atom.Figure, atom.Figcaption, atom.Picture):
			return false // photo credits
		case authorClass(n) && !isElem(n, atom.Body, atom.Article, atom.Main) && textLen(n) < 160 ||
			attr(n, "itemprop") == "author" || strings.Contains(attr(n, "rel"), "author") && n.DataAtom == atom.A:
			name := ""
			if fn := findFirst(n, func(x *html.Node) bool {
				return hasClass(x, "fn") || attr(x, "itemprop") == "name" || hasClass(x, "author-name") || hasClass(x, "url") || hasClass(x, "username")
			}); fn != nil && fn != n {
				name = innerText(fn)
			} else {
				name = innerText(n)
			}
			if name = cutByline(stripByPrefix(name)); name != "" {
				out = append(out, splitNames(name)...)
			}
			return false
		}
		return true
	})
	return dedupe(out)
}

// notSiteNames drops names that are the site's or publisher's own: the
// site name, a domain, "No Author".
func (e *extractor) notSiteNames(names []string, hints string) []string {
	out := names[:0:0]
	for _, n := range names {
		l := strings.ToLower(n)
		if strings.Contains(n, "www.") {
			continue
		}
		switch l {
		case "redaktion", "redacción", "rédaction", "redazione", "redactie", "staff", "editor", "editors", "team", "editorial team", "newsroom":
			continue // a desk, not a person: kept only as a last resort
		}
		if i := strings.LastIndex(n, "."); i > 0 && i >= len(n)-4 && !strings.Contains(n, " ") {
			continue // a domain: "jungefreiheit.de"
		}
		if strings.HasSuffix(l, ".de") || strings.HasSuffix(l, ".com") || strings.HasSuffix(l, ".at") || strings.HasSuffix(l, ".fr") {
			continue
		}
		site := orgName(n)
		for _, h := range strings.Split(hints, "\x00") {
			if h == "" {
				continue
			}
			nk, hk := titleKey(n), titleKey(h)
			if nk == hk || len(hk) >= 4 && strings.HasPrefix(nk, hk) || len(nk) >= 4 && strings.HasPrefix(hk, nk) {
				site = true
			}
			// "Deutsche Welle" on dw.com.
			if a := acronym(n); len(a) >= 2 && a == hk {
				site = true
			}
		}
		if !site {
			out = append(out, n)
		}
	}
	return out
}

// orgName reports whether a name is an organisation's: it ends in a legal
// form or names an association, foundation or newsroom.
func orgName(n string) bool {
	l := strings.ToLower(n)
	for _, suf := range []string{" e.v", " e.v.", " gmbh", " ag", " inc", " inc.", " ltd", " llc", " s.a.", " sa", " srl", " bv", " plc"} {
		if strings.HasSuffix(l, suf) {
			return true
		}
	}
	for _, w := range []string{"stiftung", "verband", "verein", "foundation", "association", "newsroom", "redaktion", "productions"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// acronym returns the lower-case initials of a name of two or more words.
func acronym(n string) string {
	words := strings.Fields(n)
	if len(words) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// authorClass reports whether n's class names an author or byline
// ("post-author", "article-author-name", "content__author", "byline"),
// leaving out author bios, avatars and boxes about the author.
func authorClass(n *html.Node) bool {
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if c == "credit" && n.DataAtom == atom.P {
			return true // a wire service's credit line: <p class="credit">AP</p>
		}
		if !strings.Contains(c, "author") && !strings.Contains(c, "byline") && !strings.Contains(c, "autor") && !strings.Contains(c, "writer") {
			continue
		}
		bad := false
		for _, w := range []string{"bio", "avatar", "image", "img", "pic", "photo", "desc", "about", "box", "comment", "info__", "scroll", "social", "follow", "more", "title", "prep", "label"} {
			if strings.Contains(c, w) {
				bad = true
			}
		}
		if !bad {
			return true
		}
	}
	return false
}

// cutByline cuts what follows the names in a byline: "Jane Doe | 27.01.2022",
// "Jane Doe in Valve on 1 June 2019", "Jane Doe, 3 min read".
func cutByline(s string) string {
	for _, sep := range []string{" | ", " • ", " · ", " – ", " — ", " - ", " / ", "\n"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	for _, w := range []string{" in ", " on ", " am ", " le ", " el ", " il ", " op ", " at ", " published", " updated", " veröffentlicht", " aktualisiert"} {
		if i := strings.Index(strings.ToLower(s), w); i > 0 {
			rest := s[i+len(w):]
			// Only where a date, category or time follows, not "Maria in
			// der Beek": cut when the rest holds a digit or is short.
			if hasDigit(rest) || len(strings.Fields(rest)) <= 2 {
				s = s[:i]
			}
		}
	}
	return strings.TrimSpace(s)
}

// authorLabels open a line that names the author anywhere in a page.
var authorLabels = []string{"autor:", "autorin:", "autoren:", "auteur :", "auteur:", "author:", "authors:", "text:", "texte :",
	"texte:", "texto:", "testo:", "redaktion:", "written by:", "verfasst von:", "verfasser:", "geschrieben von:", "escrito por:", "автор:"}

// labeledAuthor finds a short line such as "Autor: Jane Doe" or "Written
// by: Jane Doe" anywhere outside comments, navigation and sidebars.
func (e *extractor) labeledAuthor() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if out != nil {
			return false
		}
		if n.Type == html.ElementNode && offPost(n) {
			return false
		}
		if n.Type != html.TextNode {
			return true
		}
		if strings.IndexByte(n.Data, ':') < 0 {
			return true // every label ends in a colon
		}
		t := strings.ToLower(clean(n.Data))
		for _, l := range authorLabels {
			if i := strings.Index(t, l); i < 0 || i > 25 || i > 0 && t[i-1] != ' ' {
				continue
			}
			// The line of the block (lines end at <br> and blocks) that
			// holds the label.
			for _, line := range strings.FieldsFunc(renderText(blockAncestor(n.Parent), nil), func(r rune) bool { return r == '\n' }) {
				line = clean(line)
				i := strings.Index(strings.ToLower(line), l)
				if i < 0 || i > 25 || utf8.RuneCountInString(line) > 140 {
					continue
				}
				if name := cutByline(strings.TrimSpace(line[i+len(l):])); name != "" {
					out = splitNames(name)
				}
				break
			}
			break
		}
		return true
	})
	return out
}

// authorImage reads the name from an author's portrait: an img whose
// class names the author and whose alt text is a name.
func (e *extractor) authorImage() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if out != nil || n.Type == html.ElementNode && offPost(n) {
			return false
		}
		if n.DataAtom == atom.Img && strings.Contains(strings.ToLower(attr(n, "class")), "author") {
			if alt := clean(attr(n, "alt")); nameLike(alt) {
				out = []string{alt}
			}
		}
		return true
	})
	return out
}

// personMicrodata reads a schema.org Person marked up in the post
// ("Von <span itemscope itemtype=…/Person><meta itemprop=name …>"), as
// sign-offs at the end of an article often are.
func (e *extractor) personMicrodata() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtoms[n.DataAtom] {
			return false
		}
		if !hasAttr(n, "itemscope") || !strings.HasSuffix(strings.ToLower(attr(n, "itemtype")), "schema.org/person") || attr(n, "itemprop") != "" {
			return true
		}
		for p := n; p != nil; p = p.Parent {
			if p.Type == html.ElementNode && (offPost(p) || profileClass(p)) {
				return false
			}
		}
		if nm := findFirst(n, func(x *html.Node) bool { return attr(x, "itemprop") == "name" }); nm != nil {
			name := attr(nm, "content")
			if name == "" {
				name = innerText(nm)
			}
			out = append(out, clean(name))
		}
		return false
	})
	return dedupe(out)
}

// licenseAttribution reads the name a Creative Commons licence credits
// (<a rel="cc:attributionURL">Jane Doe</a>, property="cc:attributionName"):
// on a personal blog, its author.
func (e *extractor) licenseAttribution() []string {
	n := findFirst(e.doc, func(n *html.Node) bool {
		return strings.Contains(attr(n, "rel"), "cc:attributionURL") || attr(n, "property") == "cc:attributionName"
	})
	if n == nil {
		return nil
	}
	if name := clean(innerText(n)); nameLike(name) {
		return []string{name}
	}
	return nil
}

// copyrightHolder reads "© 2019 Jane Doe" or "Copyright (c) 2012- Jane Doe"
// from the page footer: on a personal blog the owner is the author. It is
// the last resort and takes only a person's name.
func (e *extractor) copyrightHolder() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.TextNode {
			return n.Type != html.ElementNode || !skipAtoms[n.DataAtom]
		}
		if !strings.Contains(n.Data, "©") && !strings.Contains(n.Data, "(c)") && !strings.Contains(n.Data, "(C)") && !strings.Contains(n.Data, "opyright") {
			return true
		}
		t := clean(n.Data)
		l := strings.ToLower(t)
		i := strings.Index(l, "©")
		if j := strings.Index(l, "(c)"); i < 0 && j >= 0 {
			i = j
		}
		if j := strings.Index(l, "copyright"); i < 0 && j >= 0 {
			i = j
		}
		if i < 0 || len(t) > 120 {
			return true
		}
		rest := strings.TrimLeft(t[i:], "©(cC)opyrigt ")
		rest = strings.TrimLeft(rest, "0123456789-–— ,.")
		rest = strings.TrimLeft(rest, "©(cC) ")
		for _, sep := range []string{"•", "|", ".", ",", " - ", " – ", "All rights", "all rights", "Alle Rechte"} {
			if k := strings.Index(rest, sep); k > 0 {
				rest = rest[:k]
			}
		}
		if rest = strings.TrimSpace(rest); nameLike(rest) {
			out = []string{rest}
		}
		return true
	})
	return out
}

// textByline finds "By A and B" lines near the title.
func (e *extractor) textByline() []string {
	if e.titleNode == nil {
		return nil
	}
	// Look at the next few text blocks after the title.
	seen := 0
	var out []string
	for n := nextNode(e.titleNode, true); n != nil && seen < 12; n = nextNode(n, false) {
		if n.Type == html.ElementNode && (skipAtoms[n.DataAtom]) {
			continue
		}
		if n.Type != html.TextNode || strings.TrimSpace(n.Data) == "" {
			continue
		}
		seen++
		line := clean(n.Data)
		if p := n.Parent; p != nil && p.Type == html.ElementNode {
			if l := clean(innerText(blockAncestor(p))); utf8.RuneCountInString(l) < 120 {
				line = l
			}
		}
		if names, ok := parseBylineLine(line, false); ok {
			out = names
			break
		}
	}
	return out
}

func blockAncestor(n *html.Node) *html.Node {
	for x := n; x != nil; x = x.Parent {
		if isBlock(x) {
			return x
		}
	}
	return n
}

// nextNode returns the node after n in document order; skipChildren starts
// after n's subtree.
func nextNode(n *html.Node, skipChildren bool) *html.Node {
	if !skipChildren && n.FirstChild != nil {
		return n.FirstChild
	}
	for x := n; x != nil; x = x.Parent {
		if x.NextSibling != nil {
			return x.NextSibling
		}
	}
	return nil
}

var byPrefixes = []string{"投稿者", "作者：", "作者:", "著者：", "文：", "文/", "記者",
	"by:", "by ", "von:", "von ", "par ", "por ", "di ", "door ", "av ", "af ",
	"autor:", "autorin:", "autore:", "autrice:", "auteur :", "auteur:", "author:", "autor ", "автор:", "автор ",
	"text:", "texte :", "texte:", "texto:", "testo:", "tekst:", "redaktion:", "redacción:", "rédaction :",
	"written by:", "written by ", "posted by ", "publié par ", "geschrieben von ", "ein beitrag von ", "ein artikel von ",
	"escrito por ", "publicado por ", "reporting by ", "story by ", "words by ", "words: ",
	"מאת: ", "מאת ", "بقلم: ", "بقلم ", "كتب: ", "كتبت: ", "yazar: ", "yazan: ", "kirjoittaja: ", "szerző: ", "szöveg: ", "napsal: ", "napsala: ", "tekst i zdjęcia: "}

func stripByPrefix(s string) string {
	s = clean(s)
	l := strings.ToLower(s)
	for _, p := range byPrefixes {
		if strings.HasPrefix(l, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	// A CJK label before a full-width colon: "文・写真：中村 真由美".
	if i := strings.Index(s, "："); i > 0 && utf8.RuneCountInString(s[:i]) <= 6 {
		return strings.TrimSpace(s[i+len("："):])
	}
	// "Alle Beiträge von Jane Doe", "Eine Kolumne von Jane Doe",
	// "View all posts by Jane Doe": keep what follows the last " by ".
	for _, w := range []string{" by ", " von ", " par ", " por ", " di ", " door "} {
		if i := strings.LastIndex(l, w); i > 0 && utf8.RuneCountInString(l[:i]) < 40 {
			return strings.TrimSpace(s[i+len(w):])
		}
	}
	return s
}

func hasByPrefix(s string) bool {
	l := strings.ToLower(clean(s))
	for _, p := range byPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// splitNames splits "A, B and C" into names.
func splitNames(s string) []string {
	s = clean(s)
	for _, sep := range []string{" and ", " und ", " et ", " y ", " e ", " en ", " & ", " и ", ";", ","} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	var out []string
	for _, p := range strings.Split(s, "\x00") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cleanNames drops roles, dates and junk from author names and removes
// duplicates, keeping order.
func cleanNames(names []string) []string {
	var out []string
	for _, n := range names {
		n = stripByPrefix(n)
		// Drop a trailing role or date: "Jane Doe, Staff Writer" is split
		// already; "Jane Doe | March 3" and "Jane Doe - Reporter" are not.
		for _, sep := range []string{" | ", " – ", " — ", " - ", "\n"} {
			if i := strings.Index(n, sep); i > 0 {
				n = strings.TrimSpace(n[:i])
			}
		}
		if i := strings.IndexAny(n, "(（"); i > 0 {
			n = n[:i] // "Jane Doe (Pressesprecherin)"
		}
		// A job title before the name: "Rechtsanwalt Jane Doe".
		for _, t := range jobTitles {
			if len(n) > len(t)+1 && strings.EqualFold(n[:len(t)+1], t+" ") {
				n = strings.TrimSpace(n[len(t)+1:])
				break
			}
		}
		n = strings.Trim(n, " .,:;|·•-–—@")
		switch strings.ToLower(n) {
		case "by", "von", "par", "por", "di", "door", "ein artikel von", "eine kolumne von":
			continue
		}
		if l := strings.ToLower(n); strings.HasSuffix(l, " von") || strings.HasSuffix(l, " by") {
			continue
		}
		if n == "" || utf8.RuneCountInString(n) > 60 || strings.HasPrefix(n, "http") || strings.Contains(n, "@") && strings.Contains(n, ".") {
			continue
		}
		if hasDigit(n) && !handle(n) || len(strings.Fields(n)) > 5 || strings.Contains(n, "'s ") || strings.Contains(n, "’s ") {
			continue
		}
		if lowerWords(n) >= 2 {
			continue // a phrase, not a name: "Jane Doe coltiva pomodori"
		}
		l := strings.ToLower(n)
		switch l {
		case "admin", "administrator", "unknown", "anonymous", "guest", "author", "no author", "unknown author", "autor", "auteur":
			continue
		}
		if strings.Contains(l, "[at]") || strings.Contains(l, "(at)") {
			continue
		}
		out = append(out, n)
	}
	return dedupe(out)
}

// signOff returns the initials or agency a news text closes with, in
// parentheses after the last sentence of one of its last paragraphs:
// "… hieß es. (FR mit dpa)", "(AFP)".
func signOff(text string) string {
	paras := strings.Split(text, "\n\n")
	for i := len(paras) - 1; i >= 0 && i >= len(paras)-3; i-- {
		if so := paraSignOff(strings.TrimSpace(paras[i])); so != "" {
			return so
		}
	}
	return ""
}

// paraSignOff returns the sign-off closing paragraph t, if any.
func paraSignOff(t string) string {
	if !strings.HasSuffix(t, ")") {
		return ""
	}
	i := strings.LastIndexByte(t, '(')
	if i < 2 {
		return ""
	}
	inner := strings.TrimSpace(t[i+1 : len(t)-1])
	before := strings.TrimSpace(t[:i])
	if inner == "" || utf8.RuneCountInString(inner) > 30 || len(strings.Fields(inner)) > 4 || hasDigit(inner) || strings.ContainsAny(inner, ".,;:!?\"„“") {
		return ""
	}
	if !strings.ContainsAny(lastRune(before), ".!?\"”«»") {
		return "" // not after a closing sentence
	}
	return inner
}

// initials returns the capitals of a name's words: "DT" for "Donald
// Townsend".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// handle reports whether n is a user name with digits ("c1ph4", "r23"):
// one word of three or more characters that starts with a letter.
func handle(n string) bool {
	for i, c := range n {
		switch {
		case unicode.IsLetter(c):
		case i == 0:
			return false
		case !unicode.IsDigit(c) && c != '_' && c != '-' && c != '.':
			return false
		}
	}
	return utf8.RuneCountInString(n) >= 3
}

func hasDigit(s string) bool {
	for _, c := range s {
		if unicode.IsDigit(c) {
			return true
		}
	}
	return false
}

func dedupe(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		k := strings.ToLower(s)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// jobTitles are professions written before a name in bylines; honorifics
// such as "Dr." stay part of the name.
var jobTitles = []string{"Rechtsanwalt", "Rechtsanwältin", "RA", "RAin", "Redakteur", "Redakteurin", "Journalist",
	"Journalistin", "Reporter", "Correspondent", "Korrespondent", "Korrespondentin", "Fotograf", "Autor", "Autorin",
	"Staff Writer", "Senior Writer", "Contributor", "Columnist", "Kolumnist", "Editor"}

// nameStop are words that never appear in a person's name but often in a
// short first line of a post (subheadings, labels).
var nameStop = map[string]bool{
	"summary": true, "news": true, "update": true, "updated": true, "note": true, "introduction": true,
	"abstract": true, "overview": true, "analysis": true, "report": true, "photo": true, "image": true,
	"video": true, "credit": true, "credits": true, "source": true, "read": true, "more": true, "home": true,
	"share": true, "comments": true, "contents": true, "table": true, "key": true, "points": true,
	"editor": true, "editorial": true, "opinion": true, "commentary": true, "background": true,
	"the": true, "a": true, "of": true, "in": true, "on": true, "for": true, "to": true, "with": true,
	"breaking": true, "live": true, "episode": true, "part": true, "chapter": true, "advertisement": true,
	"sponsored": true, "listen": true, "watch": true, "subscribe": true, "posted": true, "published": true,
	"is": true, "are": true, "was": true, "this": true, "that": true, "it": true, "we": true, "i": true,
	"inc": true, "llc": true, "ltd": true, "gmbh": true, "ag": true, "media": true, "group": true, "verlag": true,
	"press": true, "co": true, "corporation": true, "company": true, "rights": true, "reserved": true, "all": true,
}

var honorifics = map[string]bool{"dr.": true, "dr": true, "prof.": true, "prof": true, "mr.": true, "ms.": true,
	"mrs.": true, "sir": true, "dame": true, "rev.": true, "gen.": true, "col.": true, "amb.": true}

var nameParticles = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "del": true,
	"da": true, "di": true, "la": true, "le": true, "bin": true, "al": true, "ibn": true, "y": true, "dos": true, "das": true, "du": true}

// parseBylineLine decides whether a short line is an author byline: "By A
// and B", or, when bare is true, a line that is only a person's name such
// as "Dr. Emil Avdaliani".
func parseBylineLine(line string, bare bool) ([]string, bool) {
	line = clean(line)
	if line == "" || utf8.RuneCountInString(line) > 100 {
		return nil, false
	}
	hadBy := hasByPrefix(line)
	if !hadBy {
		// "Ein Artikel von Jane Doe | 27.01.2022", "January 17, 2017 at
		// 6:08 PM ET by Jane Doe".
		l := strings.ToLower(line)
		for _, w := range []string{" by ", " von ", " par ", " por ", " door "} {
			if i := strings.Index(l, w); i > 0 && i < 50 {
				line, hadBy = strings.TrimSpace(line[i+len(w):]), true
				break
			}
		}
		line = cutByline(line)
	}
	if !hadBy && !bare {
		return nil, false
	}
	if !hadBy && strings.Count(line, " ") >= 3 && !strings.ContainsAny(line, ".") && len(strings.Fields(line)) >= 4 && allTitleCase(line) {
		// "Whatsapp Facebook Pint Baixar": a row of buttons, not a name.
		if len(splitNames(line)) == 1 {
			return nil, false
		}
	}
	rest := cutByline(stripByPrefix(line))
	names := splitNames(rest)
	if len(names) == 0 || len(names) > 5 {
		return nil, false
	}
	for _, n := range names {
		if !nameLike(n) {
			return nil, false
		}
	}
	return names, true
}

// lowerWords counts the words of s that start in lower case, name
// particles (van, de, von...) aside.
func lowerWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !nameParticles[strings.ToLower(w)] {
			n++
		}
	}
	return n
}

func allTitleCase(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// nameLike reports whether s looks like a person's name: two to five
// capitalised words, an optional honorific, no digits or stop words.
func nameLike(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 || hasDigit(s) {
		return false
	}
	caps := 0
	for i, w := range words {
		lw := strings.ToLower(w)
		if i == 0 && honorifics[lw] {
			continue
		}
		if nameStop[strings.Trim(lw, ".,")] {
			return false
		}
		if nameParticles[lw] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (unicode.IsLower(r) || !unicode.IsLetter(r)) {
			return false // scripts without case (Hebrew, Arabic) pass
		}
		if strings.ContainsAny(w, "!?:;()[]\"“”«»") {
			return false
		}
		caps++
	}
	return caps >= 2
}

// ---- dates ----

func (e *extractor) published() annals.Date {
	var cands []Candidate
	add := func(v, src string) { cands = append(cands, Candidate{v, src}) }
	if e.article != nil {
		add(ldString(e.article["datePublished"]), "json-ld")
		add(ldString(e.article["dateCreated"]), "json-ld")
	}
	add(e.metaFirst("article:published_time", "og:published_time", "published_time", "datepublished", "og:article:published_time", "article.published"), "opengraph")
	add(e.platformDate("published"), e.platformOr("markup"))
	add(urlDate(e.pageURL), "url")
	if v, labeled := e.visibleDate(); labeled {
		// "Published: 25.01.2022" printed for readers beats a structured
		// date that disagrees.
		cands = append([]Candidate{{v, "heuristic-labeled"}}, cands...)
	} else {
		add(v, "heuristic")
	}
	add(e.metaFirst("date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "dc.date.created", "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "publication-date", "date.published", "originalpublicationdate", "article_date_original", "og:pubdate", "prism.publicationdate", "created", "datecreated"), "meta")
	if wp := e.ld.webPage(); wp != nil {
		add(ldString(wp["datePublished"]), "json-ld-webpage")
	}
	if all(cands, func(c Candidate) bool { return c.Value == "" }) {
		// The last resorts, read only when nothing else dates the page:
		// the JSON data island, then the only date printed, even though
		// it says "Updated:" (an information page dated once).
		add(e.scriptDate(), "script-json")
		if !e.visibleUpdated.IsZero() {
			add(e.visibleUpdated.String(), "heuristic-labeled (updated)")
		}
	}
	return e.chooseDate("published", cands)
}

func (e *extractor) updated() annals.Date {
	var cands []Candidate
	if e.article != nil {
		cands = append(cands, Candidate{ldString(e.article["dateModified"]), "json-ld"})
	}
	cands = append(cands,
		Candidate{e.metaFirst("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"), "opengraph"},
		Candidate{e.platformDate("updated"), e.platformOr("markup")},
	)
	if !e.visibleUpdated.IsZero() {
		// "Updated: 5 March 2024, 13:15" printed for readers (read by
		// visibleDate, which published() runs first).
		cands = append(cands, Candidate{e.visibleUpdated.String(), "heuristic-labeled"})
	}
	return e.chooseDate("updated", cands)
}

func (e *extractor) chooseDate(field string, cands []Candidate) annals.Date {
	var kept []Candidate
	var best, visible annals.Date
	for _, c := range cands {
		if c.Value == "" {
			continue
		}
		d, ok := e.dates.parseMachine(c.Value)
		if !ok {
			continue
		}
		kept = append(kept, Candidate{d.String(), c.Source})
		if c.Source == "heuristic" && visible.IsZero() {
			visible = d
		}
		if best.IsZero() {
			best = d
		} else if best.DayOnly() && !d.DayOnly() && sameDay(best, d) {
			// A later source gives the time of the same day: keep it.
			best = d
		}
	}
	// The date readers see, when another source confirms it, wins over a
	// structured date that disagrees (a CMS creation date, a stale
	// template value).
	if field == "published" && !visible.IsZero() && !best.IsZero() && !sameDay(best, visible) {
		var confirm annals.Date
		for _, c := range kept {
			if c.Source == "heuristic" || c.Source == kept[0].Source {
				continue
			}
			if d, ok := e.dates.parseMachine(c.Value); ok && sameDay(d, visible) {
				confirm = d
				break
			}
		}
		if !confirm.IsZero() {
			best = confirm
			if confirm.DayOnly() && !visible.DayOnly() {
				best = visible
			}
			kept = append([]Candidate{{best.String(), "heuristic (confirmed)"}}, kept...)
		}
	}
	// An instant given in UTC that falls a day away from the day the page
	// shows readers was published late or early in a zone we do not know:
	// the page's own day is the publication day.
	if !best.DayOnly() && !visible.IsZero() && !sameDay(best, visible) {
		if _, off := best.Time().Zone(); off == 0 {
			// Local days run from UTC-12 to UTC+14. (A visible time has
			// no zone: only its day counts.)
			t := visible.Time()
			day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			if diff := best.Time().Sub(day); diff >= -14*time.Hour && diff < 36*time.Hour {
				best = annals.Day(t.Year(), t.Month(), t.Day())
				kept = append([]Candidate{{best.String(), "heuristic (local day of " + kept[0].Source + ")"}}, kept...)
			}
		}
	}
	if len(kept) > 0 {
		e.explain[field] = kept
	}
	return best
}

func sameDay(a, b annals.Date) bool {
	return a.Time().Format("2006-01-02") == b.Time().Format("2006-01-02")
}

var scriptDateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"(?:datePublished|publishedDate|publishDate|published_at|publishedAt|publicationDate|firstPublishedDate|firstPublished)"\s*:\s*"([^"]{8,40})"`)
})

// all reports whether f holds for every element of s.
func all[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if !f(v) {
			return false
		}
	}
	return true
}

// scriptDate reads a publication date from the page's JSON data islands
// (<script type="application/json">, as single-page apps embed their
// state): the first value under a key that says published.
func (e *extractor) scriptDate() string {
	var out string
	walk(e.doc, func(n *html.Node) bool {
		if out != "" {
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom != atom.Script {
			return true
		}
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/json") && n.FirstChild != nil {
			if m := scriptDateRE().FindStringSubmatch(n.FirstChild.Data); m != nil {
				if _, ok := e.dates.parseMachine(m[1]); ok {
					out = m[1]
				}
			}
		}
		return false
	})
	return out
}

// platformDate reads dates from post markup: time/abbr elements with
// published/updated classes or itemprops, outside comments.
func (e *extractor) platformDate(which string) string {
	var out string
	walk(e.doc, func(n *html.Node) bool {
		if out != "" || n.Type != html.ElementNode {
			return n.Type == html.DocumentNode || n.Type == html.ElementNode && out == ""
		}
		if offPost(n) || n.DataAtom == atom.Footer {
			return false
		}
		ip := attr(n, "itemprop")
		var match bool
		if which == "published" {
			match = ip == "datePublished" || hasClass(n, "published") || hasClass(n, "dt-published") || hasClass(n, "entry-date") || hasClass(n, "post-date") && n.DataAtom == atom.Time
		} else {
			match = ip == "dateModified" || (hasClass(n, "updated") && !hasClass(n, "published")) || hasClass(n, "dt-updated")
		}
		if !match {
			return true
		}
		for _, k := range []string{"datetime", "content", "title"} {
			if v := attr(n, k); v != "" {
				if _, ok := e.dates.parseMachine(v); ok {
					out = v
					return false
				}
			}
		}
		if t := innerText(n); t != "" {
			if d, ok := e.dates.parseHuman(t); ok {
				out = d.String()
			}
		}
		return false
	})
	return out
}

// visibleDate looks for a date printed for readers: a Blogger date header,
// else the date-like text closest after the headline (or just before it),
// else, on pages without a headline, the first date in an element whose
// class says date. Dates in comments, sidebars, footers, navigation and
// scripts are never considered.
func (e *extractor) visibleDate() (date string, labeled bool) {
	if h := findFirst(e.doc, func(n *html.Node) bool { return hasClass(n, "date-header") && !offPost(n) }); h != nil {
		if d, ok := e.dates.parseHuman(innerText(h)); ok {
			return d.String(), false
		}
	}
	type found struct {
		pos     int
		date    annals.Date
		marked  bool // inside an element whose class or tag says date/time
		labeled bool // after a label saying "published"
		updated bool // after a label saying "updated"
	}
	prevText := ""
	var dates []found
	blockLen := map[*html.Node]int{}
	titlePos, pos := -1, 0
	// Without a headline element, the first text that is part of the title
	// stands for it.
	titleKeyText := ""
	if e.titleNode == nil {
		titleKeyText = titleKey(e.titleText)
	}
	var visit func(n *html.Node, marked bool)
	visit = func(n *html.Node, marked bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.ElementNode:
				if c.DataAtom == atom.Svg {
					// An icon's title labels what follows it.
					if t := findFirst(c, func(x *html.Node) bool { return x.Data == "title" }); t != nil {
						prevText = innerText(t)
					}
					continue
				}
				if offPost(c) || c.DataAtom == atom.Footer || profileClass(c) {
					continue
				}
				if c == e.titleNode {
					// A date inside the headline counts as at the headline.
					titlePos = pos
					pos++
					visit(c, true)
					continue
				}
				m := marked || c.DataAtom == atom.Time || dateClass(c)
				if c.DataAtom == atom.Time {
					if d, ok := e.dates.parseMachine(attr(c, "datetime")); ok {
						if updatedLabel(prevText) {
							if e.visibleUpdated.IsZero() {
								e.visibleUpdated = d
							}
						} else {
							dates = append(dates, found{pos, d, true, publishedLabel(prevText), false})
						}
						pos++
						continue
					}
				}
				visit(c, m)
			case html.TextNode:
				if strings.TrimSpace(c.Data) == "" {
					continue
				}
				pos++
				if titlePos < 0 && titleKeyText != "" && utf8.RuneCountInString(c.Data) >= 10 {
					if k := titleKey(c.Data); utf8.RuneCountInString(k) >= 8 && strings.Contains(titleKeyText, k) {
						titlePos = pos
					}
				}
				if !e.dates.relativeOK() && !hasDigit(c.Data) {
					prevText = c.Data
					continue
				}
				t := clean(c.Data)
				if utf8.RuneCountInString(t) > 80 || !hasDigit(t) && !e.dates.relativeOK() {
					prevText = t
					continue
				}
				// A dateline stands in a short block of its own; a date
				// inside a paragraph of prose is content.
				if !marked {
					blk := blockAncestor(c.Parent)
					l, ok := blockLen[blk]
					if !ok {
						l = textLen(blk)
						blockLen[blk] = l
					}
					if l > 200 {
						// ...unless it opens the paragraph: "Press release
						// of 25 January 2022 | Berlin – ...".
						if i := strings.Index(innerText(blk), t); i < 0 || i > 60 {
							continue
						}
					}
				}
				if d, ok := e.dates.parseHuman(t); ok {
					label := t
					if i := strings.IndexFunc(t, unicode.IsDigit); i >= 0 {
						label = t[:i]
					}
					if strings.IndexFunc(label, unicode.IsLetter) < 0 {
						label = prevText // "Updated:" <span>(2020-02-14)</span>
					}
					f := found{pos, d, marked, publishedLabel(label), updatedLabel(label)}
					if f.updated {
						if e.visibleUpdated.IsZero() {
							e.visibleUpdated = d
						}
					} else {
						dates = append(dates, f)
					}
				}
				prevText = t
			}
		}
	}
	root := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if root == nil {
		return "", false
	}
	visit(root, false)
	pick := func(f found) (string, bool) { return f.date.String(), f.labeled }
	if len(dates) == 0 {
		return "", false
	}
	if titlePos >= 0 {
		for _, f := range dates {
			if f.pos >= titlePos && f.pos-titlePos <= 60 {
				return pick(f)
			}
		}
		for i := len(dates) - 1; i >= 0; i-- {
			if f := dates[i]; f.pos < titlePos && titlePos-f.pos <= 25 {
				return pick(f)
			}
		}
	}
	for _, f := range dates {
		if f.marked {
			return pick(f)
		}
	}
	return "", false
}

// publishedLabel reports whether label, the text before a date, names
// the publication: "Published:", "Erscheinungsdatum", "Publié le".
func publishedLabel(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	l = strings.TrimRight(l, ":：|-–— ")
	if l == "" {
		return false
	}
	for _, w := range []string{"published", "published on", "publication date", "date published", "posted on", "posted",
		"veröffentlicht", "veröffentlicht am", "erscheinungsdatum", "publiziert", "publiziert am", "erschienen am",
		"publié le", "publié", "date de publication", "publicado", "publicado el", "publicado em", "fecha de publicación",
		"pubblicato", "pubblicato il", "data di pubblicazione", "gepubliceerd", "gepubliceerd op", "опубликовано", "дата публикации"} {
		if strings.HasSuffix(l, w) {
			return true
		}
	}
	return false
}

// updatedLabel reports whether label, the text before a date, says the
// date is the last update's: "Updated:", "Frissítve:", "最終更新：".
func updatedLabel(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	l = strings.TrimRight(l, ":：|-–—( ")
	if l == "" {
		return false
	}
	for _, w := range []string{"updated", "last updated", "updated on", "last modified", "modified", "aktualisiert", "aktualisiert am",
		"zuletzt aktualisiert", "geändert am", "frissítve", "mis à jour", "mis à jour le", "actualizado", "actualizado el",
		"atualizado", "atualizado em", "aggiornato", "aggiornato il", "bijgewerkt", "bijgewerkt op", "обновлено",
		"zaktualizowano", "aktualizováno", "aktualizace", "päivitetty", "güncellendi", "güncelleme", "güncellenme",
		"最終更新", "更新", "更新日", "업데이트", "수정", "עודכן", "تحديث", "آخر تحديث", "оновлено"} {
		if strings.HasSuffix(l, w) {
			return true
		}
	}
	return false
}

// profileClass reports whether n's class or id names a member profile
// box, whose dates say when someone joined, not when the post was written.
func profileClass(n *html.Node) bool {
	cid := classID(n)
	if cid == "" || !strings.Contains(cid, "profile") && !strings.Contains(cid, "joined") && !strings.Contains(cid, "info") &&
		!strings.Contains(cid, "member-since") && !strings.Contains(cid, "regdate") {
		return false
	}
	for _, c := range strings.Fields(cid) {
		if strings.HasSuffix(c, "profile") && !strings.HasPrefix(c, "has-") || strings.HasPrefix(c, "profile-") {
			return true
		}
		for _, w := range []string{"joined", "userinfo", "user-info", "member-since", "regdate"} {
			if strings.Contains(c, w) {
				return true
			}
		}
	}
	return false
}

// dateClass reports whether n's class or id names a date.
func dateClass(n *html.Node) bool {
	cid := classID(n)
	if cid == "" {
		return false
	}
	for _, w := range []string{"date", "time", "datum", "fecha", "data", "posted", "published", "byline", "meta", "stand", "info"} {
		if strings.Contains(cid, w) {
			return true
		}
	}
	return false
}

var urlDateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:/|$|[-_.])`)
})

var urlDayFirstRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[/_~-](0?[1-9]|[12]\d|3[01])[-_.](0?[1-9]|1[0-2])[-_.]((?:19|20)\d{2})(?:/|$|[-_.])`)
})

var urlCompactRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[/_~-])(\d{8})(?:/|$|[-_.])`)
})

// urlDate reads a publication day from a URL path: /2024/12/04/,
// /2024-12-04-slug, /04-12-2024, /20241204-slug or /04122024-slug. A year
// and month alone give nothing.
func urlDate(u string) string {
	if i := strings.LastIndex(u, "://"); i > 0 {
		// An archived URL (web.archive.org/web/<timestamp>/http://...):
		// only the original URL counts.
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if m := urlDateRE().FindStringSubmatch(u); m != nil && m[3] != "" {
		return m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])
	}
	if m := urlDayFirstRE().FindStringSubmatch(u); m != nil {
		return m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1])
	}
	if m := urlCompactRE().FindStringSubmatch(u); m != nil {
		d := m[1]
		for _, layout := range []string{"20060102", "02012006"} {
			if t, err := time.Parse(layout, d); err == nil && t.Year() >= 1995 && t.Year() <= 2100 {
				return t.Format("2006-01-02")
			}
		}
	}
	return ""
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// ---- tags, canonical ----

func (e *extractor) tags() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if offPost(n) || strings.Contains(classID(n), "cloud") {
			return false
		}
		if classIn(n, "cat-links", "taxonomy-category", "post-categories", "entry-categories") {
			return false
		}
		if n.DataAtom == atom.A {
			rel := " " + attr(n, "rel") + " "
			// Tags only: WordPress marks categories rel="category tag".
			if strings.Contains(rel, " tag ") && !strings.Contains(rel, " category ") {
				if t := innerText(n); t != "" && len(t) < 80 {
					out = append(out, t)
				}
			}
			return false
		}
		return true
	})
	if len(out) == 0 {
		// A post's tag box without rel=tag: <div class="article__tags">
		// <span>Tags:</span><a>…</a><a>…</a></div>.
		box := findFirst(e.doc, func(n *html.Node) bool {
			cid := classID(n)
			return (strings.Contains(cid, "tags") || strings.Contains(cid, "keywords")) && !strings.Contains(cid, "cloud") &&
				!strings.Contains(cid, "meta") && !underOffPost(n) && countLinks(n) > 0 && linkDensity(n) > 0.5
		})
		if box != nil {
			for _, a := range findAll(box, func(x *html.Node) bool { return x.DataAtom == atom.A }) {
				if t := innerText(a); t != "" && len(t) < 80 && !strings.HasPrefix(attr(a, "href"), "#") {
					out = append(out, t)
				}
			}
		}
	}
	if len(out) == 0 {
		for _, v := range e.meta["article:tag"] {
			out = append(out, v)
		}
	}
	if len(out) == 0 && e.article != nil {
		switch k := e.article["keywords"].(type) {
		case string:
			out = splitKeywords(k)
		case []any:
			for _, x := range k {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	var cleaned []string
	for _, t := range out {
		if t = clean(t); t != "" {
			cleaned = append(cleaned, t)
		}
	}
	cleaned = dedupe(cleaned)
	if len(cleaned) > 0 {
		e.explain["tags"] = []Candidate{{strings.Join(cleaned, "; "), "markup"}}
	}
	return cleaned
}

func splitKeywords(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (e *extractor) canonical() string {
	cands := []Candidate{
		{e.metaFirst("link:canonical"), "link-canonical"},
		{e.metaFirst("og:url"), "opengraph"},
	}
	if e.article != nil {
		cands = append(cands, Candidate{ldString(e.article["url"]), "json-ld"})
	}
	for i := range cands {
		u := e.resolveURL(cands[i].Value)
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			u = ""
		}
		cands[i].Value = u
	}
	return e.choose("canonical_url", cands)
}

// ---- kind ----

var listingPathRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)/(search|tag|tags|category|categories|label|labels|author|page|archive|archives|topics?)(/|\?|$)|[?&](page|paged|updated-max|s)=`)
})

// kind classifies the page from structured data, platform markup and URL shape.
func (e *extractor) kind(p *annals.Post) Kind {
	score := 0
	if e.article != nil {
		score += 3
	}
	if strings.EqualFold(e.metaFirst("og:type"), "article") {
		score += 2
	}
	if e.metaFirst("article:published_time") != "" {
		score++
	}
	posts := 0
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtoms[n.DataAtom] {
			return false
		}
		if (n.DataAtom == atom.Div || n.DataAtom == atom.Article) && (hasClass(n, "post") && hasClass(n, "hentry") || hasClass(n, "post-outer") || hasClass(n, "type-post") && n.DataAtom == atom.Article) {
			posts++
			return false
		}
		return true
	})
	switch {
	case posts == 1:
		score += 2
	case posts > 1:
		score -= 4
	}
	if body := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Body }); body != nil {
		c := " " + attr(body, "class") + " "
		switch {
		case strings.Contains(c, " single ") || strings.Contains(c, " single-post ") || strings.Contains(c, " item-view "):
			score += 3
		case strings.Contains(c, " home ") || strings.Contains(c, " archive ") || strings.Contains(c, " blog ") || strings.Contains(c, " search ") || strings.Contains(c, " index-view "):
			score -= 3
		}
	}
	u, _ := url.Parse(e.pageURL)
	if u != nil && u.Host != "" { // without an address, its shape says nothing
		path := u.EscapedPath()
		if u.RawQuery != "" {
			path += "?" + u.RawQuery
		}
		switch {
		case listingPathRE().MatchString(path):
			score -= 3
		case urlDateRE().MatchString(path) && strings.Count(strings.Trim(u.Path, "/"), "/") >= 2 && !strings.HasSuffix(u.Path, "/"+pathLast(u.Path)+"/") && pathLast(u.Path) != "":
			score += 2
		case path == "" || path == "/":
			score -= 3
		}
	}
	if !p.Published.IsZero() {
		score++
	}
	if utf8.RuneCountInString(p.Text) > 500 {
		score++
	}
	switch {
	case score <= -2:
		return KindListing
	case p.Title == "" || p.Text == "":
		return KindOther
	case score >= 2:
		return KindPost
	}
	return KindOther
}

func pathLast(p string) string {
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// offPost reports whether n is a part of the page that is not the post and
// must not give its metadata: scripts, comments, navigation, sidebars,
// widgets, related-post lists.
func offPost(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if f, ok := nodeFlags(n); ok {
		return f&flagOffPost != 0
	}
	return computeOffPost(n, classID(n), isCommentRoot(n), insideArticle(n))
}

func computeOffPost(n *html.Node, cid string, commentRoot, inArticle bool) bool {
	if skipAtoms[n.DataAtom] || n.DataAtom == atom.Nav || commentRoot {
		return true
	}
	if n.DataAtom == atom.Aside && !inArticle {
		return true // a sidebar; an aside within the article is its meta box
	}
	if cid == "" {
		return false
	}
	for cid != "" {
		var c string
		if i := strings.IndexByte(cid, ' '); i >= 0 {
			c, cid = cid[:i], cid[i+1:]
		} else {
			c, cid = cid, ""
		}
		switch c {
		case "sidebar", "side-bar", "sidebar-wrapper", "widget-area":
			// A "sidebar" that holds the headline or most of the page's
			// text is the post's column ("layout with a sidebar").
			if findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.H1 }) != nil {
				return false
			}
			body := n.Parent
			for body != nil && body.DataAtom != atom.Body {
				body = body.Parent
			}
			return body == nil || textLen(n)*2 < textLen(body)
		case "skiptranslate":
			return true // the Google Translate widget
		case "related", "related-posts", "relatedposts",
			"jp-relatedposts", "popular-posts", "popularposts", "recent-posts", "footer-widgets", "site-footer",
			"yarpp-related", "crp_related", "more-stories", "recommended", "trending":
			return true
		case "widget":
			// Blogger wraps the post itself in div.widget.Blog.
			return !hasClass(n, "Blog") && !strings.HasPrefix(attr(n, "id"), "Blog")
		}
		if strings.Contains(c, "related") && !strings.Contains(c, "unrelated") {
			return true // "view-mode-related-teaser", "relatedArticles"
		}
	}
	return false
}

// insideArticle reports whether n sits within an article element.
func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}
