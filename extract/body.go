package extract

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// contentClasses name the body container in platform and common CMS
// markup, in order of trust. They are ASCII (selectorCandidate counts on
// it; a test checks).
var contentClasses = []string{
	"post-body", "entry-content", "wp-block-post-content", "article-body", "article-content",
	"article__body", "article__content", "post-content", "post__content", "entry__content",
	"story-body", "story-content", "c-entry-content", "td-post-content", "post-entry", "entry-body",
	"blog-post-body", "article-text", "content-body", "body-text", "single-content", "post-text",
	"articlebody", "article_body", "post_content", "entry_content", "main-content", "text-content",
	"e-content", "post-body-inner", "field--name-body", "article-main", "content__article-body",
	"story__body", "rich-text", "articleBody", "story-text", "post-article", "blog-content",
}

// Class and id vocabularies, matched as plain substrings of the
// lower-cased class and id (boilerWords only at token boundaries). Plain
// loops over short word lists are far cheaper per element than regular
// expressions and cost nothing at start-up.
var (
	// unlikelyWords mark blocks that are rarely the body (Readability's
	// "unlikely candidates"), unless a maybeWord is there too.
	unlikelyWords = wordSet{
		"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap",
		"disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies",
		"rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break",
		"agegate", "pagination", "pager", "popup", "yom-remote", "newsletter", "subscribe", "share",
		"sharing", "cookie", "consent", "promo", "widget", "navbar", "masthead", "outbrain", "taboola",
		"recirc", "trending", "most-popular", "mostpopular", "toolbar", "signup", "paywall", "modal",
		"author-bio", "authorbio", "about-author", "jp-relatedposts", "sharedaddy", "wpcnt",
		"post-navigation", "nav-links", "byline", "post-meta", "entry-meta", "entry-footer",
		"post-footer", "tags-links", "cat-links", "printfriendly", "hidden-print",
		"entry-utility", "postmetadata",
	}
	maybeWords = wordSet{
		"and", "article", "body", "column", "content", "main", "shadow", "post", "entry", "story", "text",
	}
	// positiveWords and negativeWords weigh a candidate container.
	positiveWords = wordSet{
		"article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post",
		"text", "blog", "story",
	}
	negativeWords = wordSet{
		"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footer", "footnote",
		"gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
		"shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "byline",
		"author", "social", "newsletter", "subscribe", "nav", "menu",
	}
	// boilerWords mark blocks inside a chosen body that are not part of
	// the post.
	boilerWords = wordSet{
		"share", "sharing", "sharedaddy", "social", "socials", "related", "relatedposts",
		"jp-relatedposts", "newsletter", "subscribe", "subscription", "signup", "advert", "advertisement",
		"ads", "ad", "adsbygoogle", "ad-container", "ad-slot", "dfp", "sponsor", "sponsored", "promo",
		"promotion", "banner", "widget", "sidebar", "breadcrumb", "pagination", "pager",
		"post-navigation", "nav-links", "navigation", "toolbar", "print", "popup", "modal", "cookie",
		"outbrain", "taboola", "recirc", "more-stories", "read-more", "readmore", "also-read", "see-also",
		"inline-related", "author-bio", "about-author", "author-box", "tags", "tag-list", "post-tags",
		"entry-tags", "tags-links", "cat-links", "categories", "post-meta", "entry-meta", "entry-footer",
		"post-footer", "byline", "meta", "caption-credit", "disclaimer", "affiliate", "rating",
		"reactions", "likes", "wpcnt", "wp-block-buttons", "addtoany", "a2a", "shareaholic", "yarpp",
		"crp_related", "rp4wp", "heateor", "sassy", "ssba", "mashsb", "dpsp", "swp_social", "comments",
		"comment", "respond", "visually-hidden", "sr-only", "screen-reader-text", "skip-link", "noprint",
		"trending", "most-read", "mostread", "recommended", "recommendations", "you-may-like",
		"further-reading", "more-from", "read-next", "next-post", "prev-post", "advert", "adslot",
		"ad-unit", "ad-wrapper", "newsletter-signup", "promo-box", "inline-promo", "breadcrumbs",
		"entry-utility", "postmetadata", // WordPress themes of 2010 (twentyten) and before (Kubrick)
	}
)

// selectBody chooses the node(s) holding the post body. It removes hidden
// elements but leaves the rest of the tree for the metadata layers;
// cleanBody then strips boilerplate out of the chosen nodes.
func (e *extractor) selectBody() {
	root := bodyElement(e.doc)
	if root == nil {
		root = e.doc
	}
	e.pruneHidden(root)
	sel := e.selectorCandidate(root)
	read, siblings := e.readabilityCandidate(root)
	src := "heuristic"
	switch {
	case sel != nil && read != nil:
		sl, rl := textLen(sel), textLen(read)
		// The selector's container is trusted when it holds what scoring
		// found, or most of it, or when scoring found something elsewhere
		// that is not much bigger.
		var trust bool
		switch {
		case isAncestor(sel, read):
			trust = true
		case isAncestor(read, sel):
			trust = float64(sl) >= 0.5*float64(rl)
		default:
			trust = float64(sl) >= 0.5*float64(rl) || sl >= 200 && rl < 3*sl
		}
		if trust {
			e.body, src = []*html.Node{sel}, e.bodySource(sel)
		} else {
			e.body = siblings
		}
	case sel != nil:
		e.body, src = []*html.Node{sel}, e.bodySource(sel)
	case read != nil:
		e.body = siblings
	}
	if len(e.body) == 1 {
		e.body = e.withChunks(e.body[0])
	}
	if len(e.body) > 0 {
		e.body = append(e.standfirst(e.body[0]), e.body...)
	}
	if len(e.body) > 0 {
		first := e.body[0]
		if src == "heuristic" && read != nil {
			first = read
		}
		e.explain["body"] = []Candidate{{describe(first), src}}
		if sel != nil && src == "heuristic" {
			e.explain["body"] = append(e.explain["body"], Candidate{describe(sel), e.bodySource(sel)})
		}
	}
}

// pruneHidden removes elements that readers never see.
//
// Two kinds of hidden element are the page itself, shown by a script once
// it has loaded: the streamed chunks of a React page, which revealChunks
// moves into place first, and a wrapper hidden around the whole page until
// an experiment or a font has loaded (anti-flicker). A hidden element that
// holds most of the text under root, or more than all the visible text
// (the hidden mega menus of a shop can outweigh its product, hidden until a
// script has loaded), and is not a box of links is such a wrapper: it
// stays, and what is hidden inside it still goes.
//
// A third kind is shown by the reader: the collapsed panel of an accordion
// or a "read more" disclosure, which a button or link on the page names in
// its aria-controls. Its text is the page's (questions' answers, the steps
// of a guide); it stays unless it is a dialog or a menu. So does an
// answer hidden right after its question when no markup ties the two
// (faqAnswer).
func (e *extractor) pruneHidden(root *html.Node) {
	revealChunks(root)
	controlled := map[string]bool{}
	var hidden []*html.Node
	var find func(root *html.Node)
	find = func(root *html.Node) {
		walk(root, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return true
			}
			if c := attr(n, "aria-controls"); c != "" {
				for _, id := range strings.Fields(c) {
					controlled[id] = true
				}
			}
			if n != root && hiddenElement(n) && !(e.docsPage && tabPanel(n)) {
				hidden = append(hidden, n)
				return false
			}
			return true
		})
	}
	find(root)
	total, visible := -1, 0
	for i := 0; i < len(hidden); i++ {
		n := hidden[i]
		if total < 0 {
			total = textLen(root)
			visible = total
			for _, h := range hidden {
				visible -= textLen(h)
			}
		}
		l := textLen(n)
		if l > 0 && (2*l >= total || l >= visible) && linkDensity(n) < 0.5 || disclosurePanel(n, controlled) || faqAnswer(n) {
			find(n) // what is hidden inside it still goes
			continue
		}
		detach(n)
	}
}

// disclosurePanel reports whether the hidden element n is the collapsed
// panel of an accordion or disclosure: an element of the page controls it
// (its id is in controlled), it holds running text rather than links, and
// it is not a dialog, a menu or a form.
func disclosurePanel(n *html.Node, controlled map[string]bool) bool {
	id := attr(n, "id")
	if id == "" || !controlled[id] || n.DataAtom == atom.Form || n.DataAtom == atom.Nav {
		return false
	}
	switch attr(n, "role") {
	case "dialog", "alertdialog", "menu", "menubar", "navigation", "listbox", "tooltip", "search":
		return false
	}
	if attr(n, "aria-modal") == "true" || disclosureNotWords.bounded(classID(n)) {
		return false
	}
	return textLen(n) > 0 && linkDensity(n) < 0.5
}

// maxQuestion is the longest text, in bytes, read as the question above
// a collapsed answer.
const maxQuestion = 300

// faqAnswer reports whether the hidden element n is the collapsed answer
// of a list of questions and answers: the element just before it reads as
// a question (a short text that ends in a question mark), and n holds
// running text rather than links. A reader opens it with a click.
func faqAnswer(n *html.Node) bool {
	q := prevElement(n)
	if q == nil {
		return false
	}
	return question(screenText(q)) && textLen(n) > 0 && linkDensity(n) < 0.5
}

// question reports whether the label t reads as a question: a short text
// that ends in a question mark.
func question(t string) bool {
	t = strings.TrimSpace(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	return len(t) <= maxQuestion && strings.ContainsRune("?？؟", last)
}

// screenText returns the text of n as a reader sees it on screen, the
// labels of its buttons included (accordions put their questions in
// buttons), scripts and styles left out.
func screenText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			b.WriteString(x.Data)
		case html.ElementNode:
			return x.DataAtom != atom.Script && x.DataAtom != atom.Style && x.DataAtom != atom.Template && x.DataAtom != atom.Svg
		}
		return true
	})
	return b.String()
}

// disclosureNotWords mark hidden boxes a button opens that are the site's,
// not the page's: menus, dialogs, search, carts, sign-in.
var disclosureNotWords = wordSet{"menu", "submenu", "dropdown", "nav", "navbar", "navigation", "modal", "dialog",
	"popup", "popover", "overlay", "drawer", "offcanvas", "search", "cart", "minicart", "login", "signin",
	"account", "newsletter", "cookie", "consent", "share", "tooltip", "megamenu", "flyout", "sidebar"}

// revealChunks does what the scripts of a streamed React page do when it
// has loaded. The server sends each part that was not ready in time as a
// hidden <div id="S:n"> at the end of the page; a script call
// $RC("B:m","S:n") replaces the fallback (a skeleton, a spinner) of the
// boundary that holds <template id="B:m">, from the <!--$?--> before the
// template to the matching <!--/$-->, with the chunk's content, and
// $RS("S:n","P:m") puts it in place of <template id="P:m">. Chunks without
// their call or their boundary stay where they are, hidden.
//
// A page saved without its scripts (an archive's copy, a "save page"
// tool) has lost the calls; React completes boundary B:x with segment
// S:x and fills placeholder P:x with segment S:x, so there each B:x and
// P:x template is paired with the hidden S:x.
func revealChunks(root *html.Node) {
	var calls [][]string
	var boundaries []string
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script:
			if c := n.FirstChild; c != nil && c.Type == html.TextNode && (strings.Contains(c.Data, "$RC(") || strings.Contains(c.Data, "$RS(")) {
				calls = append(calls, reactCallRE().FindAllStringSubmatch(c.Data, -1)...)
			}
			return false
		case atom.Template:
			if id := attr(n, "id"); len(id) > 2 && (id[:2] == "B:" || id[:2] == "P:") {
				boundaries = append(boundaries, id)
			}
		}
		return true
	})
	if len(calls) == 0 {
		for _, b := range boundaries {
			if b[0] == 'B' {
				calls = append(calls, []string{"", "RC", b, "S:" + b[2:]})
			} else {
				calls = append(calls, []string{"", "RS", "S:" + b[2:], b})
			}
		}
	}
	if len(calls) == 0 {
		return
	}
	ids := map[string]*html.Node{}
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); len(id) > 2 && id[1] == ':' && strings.IndexByte("BSP", id[0]) >= 0 {
				if _, dup := ids[id]; !dup {
					ids[id] = n
				}
			}
		}
		return true
	})
	for _, c := range calls {
		if c[1] == "RC" {
			revealBoundary(ids[c[2]], ids[c[3]])
		} else {
			revealSegment(ids[c[2]], ids[c[3]])
		}
	}
}

// reactCallRE matches React's streaming calls $RC("B:0","S:0") and
// $RS("S:1","P:1").
var reactCallRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$(RC|RS)\(\s*["']([BSP]:[0-9a-z]+)["']\s*,\s*["']([BSP]:[0-9a-z]+)["']`)
})

// revealBoundary replaces the fallback of the boundary whose template is
// tmpl with the children of chunk, as React's $RC does.
func revealBoundary(tmpl, chunk *html.Node) {
	if tmpl == nil || chunk == nil || chunk.Parent == nil || isAncestor(chunk, tmpl) || isAncestor(tmpl, chunk) {
		return
	}
	if !hasAttr(chunk, "hidden") {
		return
	}
	start := tmpl.PrevSibling
	if start == nil || start.Type != html.CommentNode || start.Data != "$?" {
		revealUnmarked(tmpl, chunk)
		return
	}
	parent := start.Parent
	// The fallback runs from the template to the matching <!--/$-->.
	var end *html.Node
	depth := 0
	for n := tmpl; n != nil; n = n.NextSibling {
		if n.Type != html.CommentNode {
			continue
		}
		switch n.Data {
		case "/$":
			if depth == 0 {
				end = n
			}
			depth--
		case "$", "$?", "$!":
			depth++
		}
		if end != nil {
			break
		}
	}
	if end == nil || isAncestor(chunk, end) {
		return
	}
	for n := tmpl; n != end; {
		next := n.NextSibling
		if isAncestor(n, chunk) {
			return // the chunk inside its own fallback: leave the page as it is
		}
		parent.RemoveChild(n)
		n = next
	}
	detach(chunk)
	for c := chunk.FirstChild; c != nil; c = chunk.FirstChild {
		chunk.RemoveChild(c)
		parent.InsertBefore(c, end)
	}
	start.Data = "$"
}

// revealUnmarked completes a boundary whose comment markers are gone (a
// copy saved without comments): the chunk's children take the template's
// place, and the fallback right after it goes when it is a placeholder
// (no more than a few words, such as "Loading…", and no boundary of its
// own).
func revealUnmarked(tmpl, chunk *html.Node) {
	parent := tmpl.Parent
	if fb := nextElement(tmpl); fb != nil && len(strings.Fields(innerText(fb))) <= 3 && !holdsTemplate(fb) {
		detach(fb)
	}
	detach(chunk)
	for c := chunk.FirstChild; c != nil; c = chunk.FirstChild {
		chunk.RemoveChild(c)
		parent.InsertBefore(c, tmpl)
	}
	detach(tmpl)
}

// holdsTemplate reports whether n is or holds a <template>.
func holdsTemplate(n *html.Node) bool {
	found := false
	walk(n, func(x *html.Node) bool {
		if x.Type == html.ElementNode && x.DataAtom == atom.Template {
			found = true
		}
		return !found
	})
	return found
}

// revealSegment puts the children of chunk in place of the placeholder
// template, as React's $RS does.
func revealSegment(chunk, placeholder *html.Node) {
	if chunk == nil || placeholder == nil || placeholder.Parent == nil || isAncestor(chunk, placeholder) || isAncestor(placeholder, chunk) {
		return
	}
	detach(chunk)
	for c := chunk.FirstChild; c != nil; c = chunk.FirstChild {
		chunk.RemoveChild(c)
		placeholder.Parent.InsertBefore(c, placeholder)
	}
	detach(placeholder)
}

// hiddenElement reports whether n is hidden from readers by an attribute
// or an inline style.
func hiddenElement(n *html.Node) bool {
	if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" && n.DataAtom != atom.Span {
		return true
	}
	if st := attr(n, "style"); st != "" {
		st = strings.ReplaceAll(strings.ToLower(st), " ", "")
		return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
	}
	return false
}

// selectorCandidate returns the most trusted platform or CMS body
// container on the page (contentClasses order), if any.
func (e *extractor) selectorCandidate(root *html.Node) *html.Node {
	var best *html.Node
	bestRank, bestLen := len(contentClasses)+2, 0
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		switch n.DataAtom {
		case atom.Div, atom.Section, atom.Article, atom.Main, atom.Td, atom.Span, atom.Font, atom.Center:
		default:
			return true
		}
		rank := -1
		if attr(n, "itemprop") == "articleBody" {
			rank = 0
		} else {
			for c := range strings.FieldsSeq(attr(n, "class")) {
				// An ASCII class of another length cannot equal one of
				// the ASCII contentClasses, even folded.
				ascii := isASCII(c)
				for i, cc := range contentClasses {
					if (len(c) == len(cc) || !ascii) && strings.EqualFold(c, cc) {
						if rank < 0 || i+1 < rank {
							rank = i + 1
						}
					}
				}
			}
		}
		if rank < 0 {
			return true
		}
		l := textLen(n)
		if l < 100 {
			return true
		}
		// Prefer trusted classes; among equals, the longest.
		if rank < bestRank && l > bestLen/3 || rank == bestRank && l > bestLen || l > 3*bestLen {
			best, bestRank, bestLen = n, rank, l
		}
		return true
	})
	return best
}

// textLen is the number of characters of visible text under n.
func textLen(n *html.Node) int {
	l := 0
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			l += len(strings.TrimSpace(x.Data))
		case html.ElementNode:
			return !skipAtom(x.DataAtom)
		}
		return true
	})
	return l
}

// linkDensity is the share of n's text inside links.
func linkDensity(n *html.Node) float64 {
	total, linked, mail, links := 0, 0, 0, 0
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			l := len(strings.TrimSpace(x.Data))
			total += l
			for p := x.Parent; p != nil && p != n.Parent; p = p.Parent {
				if p.DataAtom == atom.A {
					linked += l
					if strings.HasPrefix(strings.TrimSpace(attr(p, "href")), "mailto:") {
						mail += l
					}
					break
				}
			}
		case html.ElementNode:
			if x.DataAtom == atom.A {
				links++
			}
			return !skipAtom(x.DataAtom)
		}
		return true
	})
	if links == 1 {
		// A lone e-mail address is text to read, not navigation.
		linked -= mail
	}
	if total == 0 {
		return 0
	}
	return float64(linked) / float64(total)
}

type scored struct {
	score float64
}

// readabilityCandidate scores paragraphs and their ancestors the way
// Readability does and returns the best container plus the siblings that
// belong with it.
func (e *extractor) readabilityCandidate(root *html.Node) (*html.Node, []*html.Node) {
	scores := map[*html.Node]*scored{}
	var order []*html.Node // the scored nodes in the order first scored, for a stable choice
	rootLen := textLen(root)
	init := func(n *html.Node) *scored {
		if s, ok := scores[n]; ok {
			return s
		}
		order = append(order, n)
		s := &scored{score: classWeight(n)}
		if t := strings.ToLower(attr(n, "itemtype")); strings.Contains(t, "article") || strings.Contains(t, "blogposting") {
			s.score += 25
		}
		switch n.DataAtom {
		case atom.Div, atom.Article, atom.Section, atom.Main:
			s.score += 5
		case atom.Pre, atom.Td, atom.Blockquote:
			s.score += 3
		case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
			s.score -= 3
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
			s.score -= 5
		}
		scores[n] = s
		return s
	}
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if skipAtom(n.DataAtom) || n.DataAtom == atom.Nav || n.DataAtom == atom.Aside || n.DataAtom == atom.Footer {
			return false
		}
		if n != root && n.DataAtom != atom.Body && n.DataAtom != atom.Article && n.DataAtom != atom.Main {
			if cid := classID(n); cid != "" && unlikelyWords.in(cid) && !maybeWords.in(cid) && textLen(n) < rootLen*2/5 {
				return false
			}
			if r := attr(n, "role"); r == "complementary" || r == "navigation" || r == "banner" || r == "contentinfo" {
				return false
			}
		}
		// credit gives a paragraph's score to its container and ancestors.
		credit := func(t lineCounter, p *html.Node) {
			if t.runes < 25 {
				return
			}
			s := 1.0 + float64(t.commas) + math.Min(float64(t.runes)/100, 3)
			for level := 0; p != nil && p.Type == html.ElementNode && level < 5; level++ {
				div := 1.0
				switch level {
				case 0:
					div = 1
				case 1:
					div = 2
				default:
					div = float64(level) * 3
				}
				init(p).score += s / div
				p = p.Parent
			}
		}
		para := false
		switch n.DataAtom {
		case atom.P, atom.Pre, atom.Td, atom.Blockquote:
			para = true
		case atom.Div, atom.Section, atom.Span:
			para = n.DataAtom != atom.Span && !hasBlockChild(n)
		}
		if !para {
			// Text written straight into a container between its blocks
			// ("<div><p class=title>..</p>Text<br>text<div>..</div></div>")
			// is a paragraph of that container.
			if n.DataAtom == atom.Div || n.DataAtom == atom.Section || n.DataAtom == atom.Article || n.DataAtom == atom.Td || n.DataAtom == atom.Main {
				var run strings.Builder
				flush := func() {
					credit(countText(run.String()), n)
					run.Reset()
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					switch {
					case c.Type == html.TextNode:
						run.WriteString(c.Data)
					case c.Type == html.ElementNode && (isBlock(c) || skipAtom(c.DataAtom)):
						flush()
					case c.Type == html.ElementNode && c.DataAtom != atom.Br && c.DataAtom != atom.A:
						run.WriteString(" " + innerText(c) + " ")
					}
				}
				flush()
			}
			return true
		}
		credit(countInnerText(n), n.Parent)
		return n.DataAtom != atom.P
	})
	// The post's own container holds its headline; related-post boxes
	// and listings do not.
	if e.titleNode != nil {
		for p := e.titleNode.Parent; p != nil; p = p.Parent {
			cid := classID(p)
			if p.DataAtom == atom.Header || strings.Contains(cid, "header") || strings.Contains(cid, "title") || strings.Contains(cid, "heading") || textLen(p) < 1000 {
				continue
			}
			if s, ok := scores[p]; ok {
				s.score += 25
				break
			}
		}
	}
	var top *html.Node
	topScore := 0.0
	for _, n := range order {
		s := scores[n]
		s.score *= 1 - linkDensity(n)
		if countPosts(n) >= 2 {
			// A box of several posts is a listing or a related-posts block.
			s.score *= 0.3
		}
		if top == nil || s.score > topScore || s.score == topScore && isAncestor(n, top) {
			top, topScore = n, s.score
		}
	}
	if top == nil {
		return nil, nil
	}
	out := []*html.Node{}
	if top.Parent == nil {
		return top, []*html.Node{top}
	}
	threshold := math.Max(10, topScore*0.2)
	if sec := sectionRun(top, root, e.titleNode); sec != nil {
		// The post is written as a run of sections of one shape (a heading
		// and its text each), of which scoring found the biggest.
		return top, sec
	}
	topClass := attr(top, "class")
	for sib := top.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
		if sib == top {
			out = append(out, sib)
			continue
		}
		if sib.Type != html.ElementNode {
			continue
		}
		if e.titleNode != nil && isAncestor(sib, e.titleNode) {
			// The block holding the headline is the article's header.
			continue
		}
		if countPosts(sib) >= 2 {
			continue // a box of other posts ("You may also like")
		}
		bonus := 0.0
		if topClass != "" && attr(sib, "class") == topClass {
			bonus = topScore * 0.2
		}
		if s, ok := scores[sib]; ok && s.score+bonus >= threshold {
			out = append(out, sib)
			continue
		}
		if sib.DataAtom == atom.P {
			t := innerText(sib)
			l := utf8.RuneCountInString(t)
			ld := linkDensity(sib)
			if l > 80 && ld < 0.25 || l > 0 && l <= 80 && ld == 0 && strings.Contains(t, ". ") {
				out = append(out, sib)
			}
		}
	}
	return top, out
}

// sectionRun returns the run of sections top is the text of, when the post
// is written as sibling sections of one shape (asciidoc's div.sect1, page
// builders' rows, a guide's steps): top, or the block that holds little
// besides top and its heading, has siblings of its tag and class that hold
// running text. It returns those sections and the blocks of text between
// them, in order, or nil.
func sectionRun(top, root, title *html.Node) []*html.Node {
	sec := top
	for p := sec.Parent; p != nil && p != root && p.Type == html.ElementNode && p.DataAtom != atom.Body; p = p.Parent {
		if 10*textLen(sec) < 7*textLen(p) || isPost(p) {
			break
		}
		sec = p
	}
	class := attr(sec, "class")
	if sec == top || class == "" || sec.Parent == nil || !headed(sec) {
		return nil
	}
	var run []*html.Node
	alike, last := 0, 0 // last: the length of run up to its last section
	for sib := sec.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
		if sib.Type != html.ElementNode || skipAtom(sib.DataAtom) {
			continue
		}
		if sib != sec && (title != nil && isAncestor(sib, title) || isPost(sib) || countPosts(sib) >= 1 || teaser(sib)) {
			continue // the headline's block, other posts and their teasers
		}
		if sib == sec {
			run = append(run, sib)
			last = len(run)
			continue
		}
		if sib.DataAtom == sec.DataAtom && attr(sib, "class") == class && headed(sib) {
			if l := textLen(sib); l > 0 && linkDensity(sib) < 0.5 {
				if l >= sectionMinText {
					alike++
				}
				run = append(run, sib)
				last = len(run)
			}
			continue
		}
		// Text before and between the sections (a preamble, an intro
		// paragraph) belongs with them; other blocks (a sidebar, a form)
		// do not, nor do the boxes after the last section (an author's
		// biography, a book offer).
		if textLen(sib) >= sectionMinText && linkDensity(sib) < 0.3 && !isChrome(sib, false) {
			run = append(run, sib)
		}
	}
	run = run[:last]
	if alike == 0 {
		return nil
	}
	total := 0
	for _, r := range run {
		total += textLen(r)
	}
	if total < sectionRunMinText {
		return nil // a box of short items (an FAQ, a pricing table), not a post's sections
	}
	return run
}

// headed reports whether n opens with a heading: a section of a post.
func headed(n *html.Node) bool {
	c := firstElementChild(n)
	return c != nil && isElem(c, atom.H2, atom.H3, atom.H4)
}

// isPost reports whether n is a post of its own: an article element or a
// blog entry.
func isPost(n *html.Node) bool {
	if n.DataAtom == atom.Article {
		return true
	}
	cls := attr(n, "class")
	return classHas(cls, "hentry") || classHas(cls, "h-entry") || classHas(cls, "type-post")
}

// teaser reports whether n is the teaser of another page: a heading whose
// text is a link.
func teaser(n *html.Node) bool {
	found := false
	walk(n, func(x *html.Node) bool {
		if found || x.Type != html.ElementNode {
			return !found
		}
		if isElem(x, atom.H1, atom.H2, atom.H3, atom.H4) {
			if l := textLen(x); l > 0 && linkDensity(x) >= 0.8 {
				found = true
			}
			return false
		}
		return true
	})
	return found
}

// sectionMinText is the least text a sibling section holds to be one of
// the post's sections.
const sectionMinText = 200

// sectionRunMinText is the least text a run of sections holds to be a
// post's body.
const sectionRunMinText = 1500

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlock(c) || c.DataAtom == atom.Img && false) {
			return true
		}
	}
	return false
}

// classWeight scores a container's class and id as Readability does.
func classWeight(n *html.Node) float64 {
	w := 0.0
	for _, v := range []string{attr(n, "class"), attr(n, "id")} {
		if v == "" {
			continue
		}
		v = lower(v)
		if negativeWords.in(v) || hasToken(v, "hid") {
			w -= 25
		}
		if positiveWords.in(v) {
			w += 25
		}
	}
	return w
}

// countPosts counts the separate posts (article elements, h-entries) inside n.
func countPosts(n *html.Node) int {
	c := 0
	walk(n, func(x *html.Node) bool {
		if x == n || x.Type != html.ElementNode {
			return true
		}
		if isPost(x) {
			c++
			return false
		}
		return c < 2
	})
	return c
}

// bodySource names where a selector-found body container comes from.
func (e *extractor) bodySource(n *html.Node) string {
	if attr(n, "itemprop") == "articleBody" {
		return "microdata"
	}
	return e.platformOr("markup")
}

// describe renders an element as a short CSS-like selector.
func describe(n *html.Node) string {
	s := n.Data
	if id := attr(n, "id"); id != "" {
		s += "#" + id
	}
	for i, c := range strings.Fields(attr(n, "class")) {
		if i == 3 {
			break
		}
		s += "." + c
	}
	return s
}

// withChunks returns body plus the other chunks of a body split into
// several containers of the same kind (same tag and class) under a nearby
// common ancestor, in document order. Long articles are often cut so, with
// ads or images between the chunks.
func (e *extractor) withChunks(body *html.Node) []*html.Node {
	cls := attr(body, "class")
	if cls == "" {
		return []*html.Node{body}
	}
	// The common ancestor may be at most a few levels up.
	top := body
	for i := 0; i < 6 && top.Parent != nil && top.Parent.DataAtom != atom.Body; i++ {
		top = top.Parent
	}
	var out []*html.Node
	walk(top, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if n == body {
			out = append(out, n)
			return false
		}
		if offPost(n) {
			return false
		}
		if n.DataAtom == body.DataAtom && attr(n, "class") == cls && !isAncestor(n, body) {
			if textLen(n) >= 100 && linkDensity(n) < 0.3 && countPosts(n) < 2 {
				out = append(out, n)
			}
			return false
		}
		return true
	})
	if len(out) == 0 {
		return []*html.Node{body}
	}
	return out
}

// standfirst returns the paragraphs printed between the headline and the
// body container when there are several: the start of a body that the
// container search cut short. A lone paragraph there is a dek and is left
// out.
func (e *extractor) standfirst(body *html.Node) []*html.Node {
	if e.titleNode == nil || isAncestor(body, e.titleNode) || isAncestor(e.titleNode, body) {
		return nil
	}
	var out []*html.Node
	texts := 0
	for n := nextNode(e.titleNode, true); n != nil && n != body; n = nextNode(n, false) {
		if isAncestor(n, body) {
			// Entering the body's ancestors: keep walking inside them.
			continue
		}
		if n.Type == html.TextNode {
			texts += utf8.RuneCountInString(strings.TrimSpace(n.Data))
			if texts > 1500 {
				return nil // too far: not a lead
			}
			continue
		}
		if n.Type != html.ElementNode {
			continue
		}
		if offPost(n) || isMediaCaption(n) {
			// Skip the subtree.
			n = lastDescendant(n)
			continue
		}
		if (n.DataAtom == atom.P || n.DataAtom == atom.Div && !hasBlockChild(n) || n.DataAtom == atom.Ul && classNear(n, leadWords)) && !boilerWords.bounded(classID(n)) && (!classNear(n, dekWords) || e.isDescription(n) && !wordSet(mediaWords).in(classID(n))) {
			if l := utf8.RuneCountInString(innerText(n)); l >= 80 && linkDensity(n) < 0.3 {
				out = append(out, n)
				n = lastDescendant(n)
			}
		}
	}
	if len(out) == 1 && !classNear(out[0], leadWords) && !e.isDescription(out[0]) {
		// A single paragraph under the headline is a summary of the post
		// (a dek), unless it is marked as the text's lead (intro,
		// teaser, Vorspann).
		return nil
	}
	return out
}

// isDescription reports whether n's text is the page's meta description
// (the summary the site itself gives for the post).
func (e *extractor) isDescription(n *html.Node) bool {
	d := titleKey(e.metaFirst("description", "og:description", "twitter:description"))
	t := titleKey(innerText(n))
	if len(d) < 40 || len(t) < 40 {
		return false
	}
	return strings.HasPrefix(t, d[:min(len(d), 80)]) || strings.HasPrefix(d, t[:min(len(t), 80)])
}

// subtitleWords mark a subtitle or summary printed with the headline.
var subtitleWords = []string{"dek", "summary", "standfirst", "subhead", "sub-head", "subtitle", "excerpt", "blurb", "heading-des", "tagline", "strapline"}

// mediaWords mark captions and widgets near the headline.
var mediaWords = []string{"image", "photo", "caption", "messenger"}

// dekWords mark a subtitle or summary printed with the headline; leadWords
// mark the lead paragraph that opens the text itself.
var (
	dekWords  = slices.Concat(subtitleWords, mediaWords)
	leadWords = []string{"intro", "teaser", "lead", "abstract", "sommario", "chapo", "chapeau", "entradilla", "bajada", "vorspann", "description"}
)

// classNear reports whether n, its parent or an enclosing header carries a
// class with one of words; a <header> ancestor counts as "dek".
func classNear(n *html.Node, words []string) bool {
	for i, p := 0, n; p != nil && i < 2; i, p = i+1, p.Parent {
		cid := classID(p)
		for _, w := range words {
			if strings.Contains(cid, w) {
				return true
			}
		}
	}
	if len(words) > 0 && words[0] == "dek" {
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Header {
				return true
			}
		}
	}
	return false
}

// lastDescendant returns the last node in n's subtree (n when it has no
// children), so that nextNode continues after the subtree.
func lastDescendant(n *html.Node) *html.Node {
	for n.LastChild != nil {
		n = n.LastChild
	}
	return n
}

// countLinks counts the a elements under n.
func countLinks(n *html.Node) int {
	c := 0
	walk(n, func(x *html.Node) bool {
		if x.DataAtom == atom.A && x.Type == html.ElementNode {
			c++
		}
		return true
	})
	return c
}
