package extract

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// contentClasses name the body container in platform and common CMS
// markup, in order of trust.
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
	}
)

// selectBody chooses the node(s) holding the post body. It removes hidden
// elements but leaves the rest of the tree for the metadata layers;
// cleanBody then strips boilerplate out of the chosen nodes.
func (e *extractor) selectBody() {
	root := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
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
func (e *extractor) pruneHidden(root *html.Node) {
	var drop []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" && n.DataAtom != atom.Span {
			drop = append(drop, n)
			return false
		}
		if st := strings.ToLower(attr(n, "style")); st != "" {
			st = strings.ReplaceAll(st, " ", "")
			if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
				drop = append(drop, n)
				return false
			}
		}
		return true
	})
	for _, n := range drop {
		detach(n)
	}
}

func (e *extractor) selectorCandidate(root *html.Node) *html.Node {
	var best *html.Node
	bestRank, bestLen := len(contentClasses)+2, 0
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtoms[n.DataAtom] {
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
			for _, c := range strings.Fields(attr(n, "class")) {
				for i, cc := range contentClasses {
					if strings.EqualFold(c, cc) {
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
			return !skipAtoms[x.DataAtom]
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
			return !skipAtoms[x.DataAtom]
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
	rootLen := textLen(root)
	init := func(n *html.Node) *scored {
		if s, ok := scores[n]; ok {
			return s
		}
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
		if skipAtoms[n.DataAtom] || n.DataAtom == atom.Nav || n.DataAtom == atom.Aside || n.DataAtom == atom.Footer {
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
		credit := func(t string, p *html.Node) {
			if utf8.RuneCountInString(t) < 25 {
				return
			}
			s := 1.0 + float64(strings.Count(t, ",")+strings.Count(t, "，")+strings.Count(t, "、")) + math.Min(float64(utf8.RuneCountInString(t))/100, 3)
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
					credit(clean(run.String()), n)
					run.Reset()
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					switch {
					case c.Type == html.TextNode:
						run.WriteString(c.Data)
					case c.Type == html.ElementNode && (isBlock(c) || skipAtoms[c.DataAtom]):
						flush()
					case c.Type == html.ElementNode && c.DataAtom != atom.Br && c.DataAtom != atom.A:
						run.WriteString(" " + innerText(c) + " ")
					}
				}
				flush()
			}
			return true
		}
		credit(innerText(n), n.Parent)
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
	for n, s := range scores {
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

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlock(c) || c.DataAtom == atom.Img && false) {
			return true
		}
	}
	return false
}

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

// cleanBody removes boilerplate inside the chosen body: share bars, related
// posts, ads, the title heading and link lists.
func (e *extractor) cleanBody() {
	if len(e.body) == 0 {
		return
	}
	total := 0
	for _, b := range e.body {
		total += textLen(b)
	}
	var drop, slides []*html.Node
	for _, b := range e.body {
		walk(b, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return n.Type == html.DocumentNode
			}
			if n == b {
				return true
			}
			if n.DataAtom == atom.Figure && listicleSlide(n) {
				slides = append(slides, n)
			}
			switch n.DataAtom {
			case atom.Nav, atom.Aside, atom.Form, atom.Footer:
				// Never what holds most of the body (a form around a
				// product text, an aside that is the post).
				if textLen(n) < total/2 {
					drop = append(drop, n)
					return false
				}
			case atom.Button, atom.Select, atom.Textarea, atom.Input, atom.Iframe, atom.Noscript, atom.Script, atom.Style:
				drop = append(drop, n)
				return false
			case atom.H1:
				// The headline, or a site name; an h1 within the text that
				// is neither heads a section.
				if !e.sectionH1(n, b) {
					drop = append(drop, n)
					return false
				}
			case atom.Header:
				if findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.H1 || x == e.titleNode }) != nil || textLen(n) < 200 {
					drop = append(drop, n)
					return false
				}
			}
			if e.titleNode != nil && n != e.titleNode && isAncestor(n, e.titleNode) && textLen(n) < total/4 {
				// A header block around the headline: kicker, dek, byline.
				if !holdsProse(n) {
					drop = append(drop, n)
					return false
				}
				// ...that also holds the lead: only the furniture goes.
				drop = append(drop, headerFurniture(n, e.titleNode)...)
			}
			if e.dekAfterTitle(n) {
				drop = append(drop, n)
				return false
			}
			if n == e.titleNode || isElem(n, atom.H2, atom.H3) && e.titleNode != nil && repeatsTitle(innerText(n), innerText(e.titleNode)) {
				drop = append(drop, n)
				return false
			}
			if cid := classID(n); cid != "" && boilerClass(cid) {
				// Never drop what holds most of the body.
				if l := textLen(n); l < total/2 || l < 200 {
					drop = append(drop, n)
					return false
				}
			}
			switch n.DataAtom {
			case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.P, atom.Table:
				if n.DataAtom == atom.P {
					// Hover cards inside a sentence (a person's name with a
					// pop-up list of their articles) go; the sentence stays.
					for _, c := range findAll(n, func(x *html.Node) bool {
						return x != n && hoverCard(x)
					}) {
						drop = append(drop, c)
					}
				}
				l := textLen(n)
				if l > 0 && l < 1000 && linkDensity(n) > 0.6 && l < total/2 && !inlineCardsOnly(n) && !underReferencesHeading(n) && !slideHeading(n, slides) {
					drop = append(drop, n)
					return false
				}
			}
			return true
		})
	}
	for _, n := range drop {
		detach(n)
	}
	e.takeBodyByline()
	e.trimTail()
	e.trimAuthorBio()
}

// aboutAuthor labels the author's biography printed after a post.
var aboutAuthor = map[string]bool{
	"about the author": true, "about the authors": true, "über den autor": true, "über die autorin": true,
	"über die autoren": true, "zum autor": true, "zur autorin": true, "à propos de l'auteur": true,
	"à propos de l’auteur": true, "sobre el autor": true, "sobre la autora": true, "sobre o autor": true,
	"sull'autore": true, "over de auteur": true, "об авторе": true,
}

// trimAuthorBio removes an "About the author" section that closes the
// body: the label and what follows it, when that is the last part of the
// text.
func (e *extractor) trimAuthorBio() {
	blocks := leafBlocks(e.body)
	total := 0
	lens := make([]int, len(blocks))
	for i, b := range blocks {
		lens[i] = textLen(b)
		total += lens[i]
	}
	after := total
	for i, b := range blocks {
		after -= lens[i]
		if lens[i] > 40 || i == 0 {
			continue
		}
		label := strings.ToLower(strings.TrimRight(strings.TrimSpace(innerText(b)), ": "))
		if aboutAuthor[label] && after*3 < total {
			for _, n := range blocks[i:] {
				detach(n)
			}
			return
		}
	}
}

// takeBodyByline removes an author line at the top of the body ("By Jane
// Doe", or a bare name such as "Dr. Emil Avdaliani" above a repost) and
// keeps the names as authors.
func (e *extractor) takeBodyByline() {
	first, nodes := firstLine(e.body[0])
	if first == "" {
		return
	}
	// A bare name ("Dr. Emil Avdaliani") counts only when set apart:
	// emphasised, or marked as a byline.
	bare := emphasised(nodes)
	names, ok := parseBylineLine(first, bare)
	if !ok {
		return
	}
	e.byline = names
	for _, n := range nodes {
		detach(n)
	}
}

// firstLine returns the text of the first line of body and the nodes that
// make it up: the first block with text, or the inline run before the first
// <br> when text sits directly in a container.
func firstLine(body *html.Node) (string, []*html.Node) {
	var firstText *html.Node
	walk(body, func(n *html.Node) bool {
		if firstText != nil {
			return false
		}
		if n.Type == html.ElementNode && (skipAtoms[n.DataAtom] || n.DataAtom == atom.Figure) {
			return false
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			firstText = n
			return false
		}
		return true
	})
	if firstText == nil {
		return "", nil
	}
	// The nearest block ancestor inside body.
	blk := firstText.Parent
	for blk != nil && blk != body && !isBlock(blk) {
		blk = blk.Parent
	}
	if blk != nil && blk != body {
		if isElem(blk, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Td, atom.Blockquote) {
			return "", nil
		}
		// The block must hold only this one line.
		t := innerText(blk)
		if strings.Contains(renderText(blk, nil), "\n") {
			return "", nil
		}
		return t, []*html.Node{blk}
	}
	// Inline run directly in the body: from its top-level ancestor up to the first <br>.
	top := firstText
	for top.Parent != body {
		top = top.Parent
	}
	var nodes []*html.Node
	var b strings.Builder
	for n := top; n != nil; n = n.NextSibling {
		if n.DataAtom == atom.Br || isBlock(n) {
			if n.DataAtom == atom.Br {
				nodes = append(nodes, n)
			}
			break
		}
		nodes = append(nodes, n)
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		} else {
			b.WriteString(" " + innerText(n) + " ")
		}
	}
	return clean(b.String()), nodes
}

// renderBody returns the body as text and as sanitized HTML.
func (e *extractor) renderBody() (string, string) {
	var text, htm strings.Builder
	for _, b := range e.body {
		// A gallery class on the body container itself ("photogallery",
		// "post-page gallery") does not make the whole body a caption.
		half := textLen(b) / 2
		skip := func(n *html.Node) bool {
			return n != b && isMediaCaption(n) && (n.DataAtom == atom.Figcaption || n.DataAtom == atom.Figure || textLen(n) < half)
		}
		t := dropBoilerLines(renderText(b, skip))
		if t == "" {
			continue
		}
		if text.Len() > 0 {
			text.WriteString("\n\n")
		}
		text.WriteString(t)
		htm.WriteString(e.sanitize(b))
	}
	return dedupeParagraphs(text.String()), htm.String()
}

// dedupeParagraphs drops a paragraph that repeats an earlier one word for
// word (pull quotes, duplicated mobile/desktop blocks).
func dedupeParagraphs(s string) string {
	paras := strings.Split(s, "\n\n")
	if len(paras) < 2 {
		return s
	}
	seen := map[string]bool{}
	out := paras[:0]
	for _, p := range paras {
		k := strings.TrimSpace(p)
		if utf8.RuneCountInString(k) > 40 && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return strings.Join(out, "\n\n")
}

// countPosts counts the separate posts (article elements, h-entries) inside n.
func countPosts(n *html.Node) int {
	c := 0
	walk(n, func(x *html.Node) bool {
		if x == n || x.Type != html.ElementNode {
			return true
		}
		if x.DataAtom == atom.Article || hasClass(x, "hentry") || hasClass(x, "h-entry") || hasClass(x, "type-post") {
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

// emphasised reports whether the text of nodes is all bold, strong, em or
// inside an element whose class says author or byline.
func emphasised(nodes []*html.Node) bool {
	ok := true
	any := false
	for _, n := range nodes {
		walk(n, func(x *html.Node) bool {
			if x.Type != html.TextNode || strings.TrimSpace(x.Data) == "" {
				return true
			}
			any = true
			marked := false
			for p := x.Parent; p != nil && !marked; p = p.Parent {
				switch p.DataAtom {
				case atom.B, atom.Strong, atom.Em, atom.I:
					marked = true
				}
				if c := classID(p); strings.Contains(c, "author") || strings.Contains(c, "byline") {
					marked = true
				}
				if p == n.Parent {
					break
				}
			}
			if !marked {
				ok = false
			}
			return true
		})
	}
	return ok && any
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

// isMediaCaption marks figures, captions, credits and galleries: kept in
// the sanitized HTML with their images, left out of the text, which is the
// prose of the post.
//
// Two kinds are prose after all: the numbered slides of a listicle (a
// figure with its own heading and a caption of paragraphs) and a gallery
// container that holds the post's paragraphs.
func isMediaCaption(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Figure:
		return !listicleSlide(n)
	case atom.Figcaption:
		return n.Parent == nil || !listicleSlide(n.Parent)
	}
	cid := classID(n)
	if cid == "" {
		return false
	}
	for _, w := range []string{"caption", "credit", "wp-caption"} {
		if strings.Contains(cid, w) {
			f := n.Parent
			for f != nil && f.DataAtom != atom.Figure {
				f = f.Parent
			}
			return f == nil || !listicleSlide(f)
		}
	}
	for _, w := range []string{"gallery", "slideshow", "carousel", "lightbox"} {
		if strings.Contains(cid, w) {
			return !holdsProse(n)
		}
	}
	return false
}

// sectionH1 reports whether an h1 inside body b heads a section of the
// text: it is not the title, and prose comes before it or right after it.
func (e *extractor) sectionH1(h, b *html.Node) bool {
	if h == e.titleNode || e.titleText != "" && sameTitle(innerText(h), e.titleText) || linkDensity(h) > 0.5 {
		return false
	}
	next := h.NextSibling
	for next != nil && next.Type != html.ElementNode {
		next = next.NextSibling
	}
	return next != nil && next.DataAtom == atom.P && utf8.RuneCountInString(innerText(next)) >= 100
}

// repeatsTitle reports whether heading h repeats the title t, whole or
// with more around it ("Title | Site"); a heading that is only a part of
// the title ("Three small changes" under "Tarhana … and three small
// changes") is a section of the text.
func repeatsTitle(h, t string) bool {
	hk, tk := titleKey(h), titleKey(t)
	return hk != "" && tk != "" && strings.Contains(hk, tk)
}

// dekAfterTitle reports whether n is a subtitle printed right after the
// headline inside the body container (<h2 class="story__subhead">), which
// stays out of the text as deks do elsewhere, unless it is marked as the
// lead (or is a paragraph that is the page's own description).
func (e *extractor) dekAfterTitle(n *html.Node) bool {
	if e.titleNode == nil || !isElem(n, atom.H2, atom.H3, atom.H4, atom.P, atom.Div) {
		return false
	}
	prev := n.PrevSibling
	for prev != nil && prev.Type != html.ElementNode {
		prev = prev.PrevSibling
	}
	if prev != e.titleNode || !wordSet(dekWords[:11]).in(classID(n)) {
		return false
	}
	if classNear(n, leadWords) || utf8.RuneCountInString(innerText(n)) >= 400 {
		return false
	}
	// A subtitle set as a heading is a dek even when the page's
	// description repeats it; a paragraph that is the description is kept.
	return isElem(n, atom.H2, atom.H3, atom.H4) || !e.isDescription(n)
}

// headerFurniture returns the children of a header block that are not
// prose: those before the headline's branch (kicker, section label), that
// branch itself unless it holds prose, and the short lines after it
// (date, byline) up to the first paragraph.
func headerFurniture(block, title *html.Node) []*html.Node {
	var out []*html.Node
	seen := false
	for c := block.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch {
		case !seen:
			seen = isAncestor(c, title)
			if !holdsProse(c) {
				out = append(out, c)
			}
		case textLen(c) == 0:
		case holdsProse(c) || textLen(c) >= 80:
			return out
		default:
			out = append(out, c)
		}
	}
	return out
}

// slideHeading reports whether n is the (linked) heading of one of the
// listicle slides.
func slideHeading(n *html.Node, slides []*html.Node) bool {
	if len(slides) == 0 || findFirst(n, func(x *html.Node) bool { return isElem(x, atom.H2, atom.H3, atom.H4) }) == nil {
		return false
	}
	s := slides[len(slides)-1] // walks run in document order: the latest slide
	return isAncestor(s, n)
}

// listicleSlide reports whether a figure is one item of a listicle: it has
// its own heading and a caption written in paragraphs.
func listicleSlide(fig *html.Node) bool {
	if findFirst(fig, func(x *html.Node) bool { return isElem(x, atom.H2, atom.H3, atom.H4) }) == nil {
		return false
	}
	cap := findFirst(fig, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption })
	return cap != nil && findFirst(cap, func(x *html.Node) bool { return x.DataAtom == atom.P }) != nil && textLen(cap) >= 60
}

// holdsProse reports whether n holds a paragraph of prose outside figures
// (listicle slides count as prose).
func holdsProse(n *html.Node) bool {
	found := false
	walk(n, func(x *html.Node) bool {
		if found || x.Type != html.ElementNode {
			return false
		}
		if x.DataAtom == atom.Figure && !listicleSlide(x) {
			return false
		}
		if x.DataAtom == atom.P && utf8.RuneCountInString(innerText(x)) >= 150 {
			found = true
		}
		return !found
	})
	return found
}

// boilerLines are whole paragraphs that are page furniture, not prose.
var boilerLines = map[string]bool{
	"advertisement": true, "advert": true, "anzeige": true, "publicidad": true, "publicité": true,
	"реклама": true, "pubblicità": true, "advertentie": true, "publicidade": true, "sponsored": true,
	"this slideshow requires javascript.": true, "continue reading": true, "continue reading below": true,
	"story continues below advertisement": true, "article continues below": true, "read more": true,
	"weiterlesen": true, "lire la suite": true, "leer más": true, "close": true, "caption": true,
	"loading": true, "wird geladen": true, "chargement": true, "cargando": true,
	"kommentieren": true, "kommentar schreiben": true, "leave a comment": true, "leave a reply": true,
	"write a comment": true, "laisser un commentaire": true, "deja un comentario": true,
	"no ratings yet": true, "noch keine bewertungen": true, "pas encore de note": true,
}

// dropBoilerLines removes paragraphs that are only an ad label or a
// widget's chrome ("Advertisement", "Continue reading").
func dropBoilerLines(s string) string {
	if s == "" {
		return s
	}
	paras := strings.Split(s, "\n\n")
	out := paras[:0]
	for i, p := range paras {
		if len(p) < 40 && boilerLines[strings.ToLower(strings.Trim(strings.TrimSpace(p), " :.…»›>()"))] {
			continue
		}
		if callToAction(p) || i == len(paras)-1 && contactLine(p) {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "\n\n")
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

// mediaWords mark captions and widgets near the headline.
var mediaWords = []string{"image", "photo", "caption", "messenger"}

// dekWords mark a subtitle or summary printed with the headline; leadWords
// mark the lead paragraph that opens the text itself.
var (
	dekWords  = []string{"dek", "summary", "standfirst", "subhead", "sub-head", "subtitle", "excerpt", "blurb", "heading-des", "tagline", "strapline", "image", "photo", "caption", "messenger"}
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

// leafBlocks returns the innermost block elements of the body that hold
// text, in document order.
func leafBlocks(roots []*html.Node) []*html.Node {
	var out []*html.Node
	for _, r := range roots {
		walk(r, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return n.Type == html.DocumentNode
			}
			if skipAtoms[n.DataAtom] || isMediaCaption(n) {
				return false
			}
			if n != r && isBlock(n) && !hasBlockChild(n) {
				if textLen(n) > 0 {
					out = append(out, n)
				}
				return false
			}
			return true
		})
	}
	return out
}

// trimTail removes the run of page furniture that often closes a body
// container: a "Related" or "More on this" heading with its link list,
// share prompts, short labels. It stops at the last block that reads as
// prose, and only cuts a run that holds a heading or links.
func (e *extractor) trimTail() {
	blocks := leafBlocks(e.body)
	if len(blocks) < 3 {
		return
	}
	prose := func(n *html.Node) bool {
		t := innerText(n)
		l := utf8.RuneCountInString(t)
		if linkDensity(n) > 0.5 {
			return false
		}
		return l >= 100 || l >= 40 && strings.ContainsAny(lastRune(t), ".!?…»\"”)。！？」") || l >= 15 && strings.ContainsAny(lastRune(t), "。！？」")
	}
	last := -1
	for i := len(blocks) - 1; i >= 0; i-- {
		if prose(blocks[i]) {
			last = i
			break
		}
	}
	if last < 0 || last == len(blocks)-1 {
		return
	}
	tail := blocks[last+1:]
	// Furniture is mostly links: "Related", "More on", tag and share rows.
	// A closing list of plain short items is content.
	items, linked, headings := 0, 0, 0
	for _, n := range tail {
		if isElem(n, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) {
			if referencesHeading(innerText(n)) {
				return // the article's own references are content
			}
			headings++
			if linkDensity(n) > 0.5 {
				linked++ // a teaser's linked title
			}
			continue
		}
		items++
		if linkDensity(n) > 0.5 {
			linked++
		}
	}
	short := true
	for _, n := range tail {
		if utf8.RuneCountInString(innerText(n)) >= 40 {
			short = false
		}
	}
	if !(linked*2 >= items && linked > 0 || headings > 0 && linked > 0 || headings > 0 && items == 0 || short && len(tail) >= 2) {
		return
	}
	for _, n := range tail {
		detach(n)
	}
}

// referencesHeading reports whether a heading opens an article's list of
// sources: "References", "4 Sources", "Quellen", "Bibliographie".
func referencesHeading(t string) bool {
	t = strings.ToLower(strings.TrimSpace(strings.TrimLeft(t, "0123456789. ")))
	t = strings.TrimRight(t, ": ")
	switch t {
	case "references", "sources", "bibliography", "notes", "footnotes", "further reading", "works cited",
		"quellen", "quellenangaben", "literatur", "einzelnachweise", "anmerkungen",
		"références", "sources et références", "bibliographie", "notes et références",
		"referencias", "fuentes", "bibliografía", "notas", "referências", "fontes",
		"riferimenti", "fonti", "bibliografia", "note", "bronnen", "referenties", "источники", "литература", "примечания":
		return true
	}
	return false
}

// underReferencesHeading reports whether n is the first thing after a
// references heading (or inside the first thing after it).
func underReferencesHeading(n *html.Node) bool {
	for p, depth := n, 0; p != nil && depth < 3; p, depth = p.Parent, depth+1 {
		prev := p.PrevSibling
		for prev != nil && (prev.Type != html.ElementNode || prev.DataAtom == atom.Br) {
			if prev.Type == html.TextNode && strings.TrimSpace(prev.Data) != "" {
				return false
			}
			prev = prev.PrevSibling
		}
		if prev != nil {
			return isElem(prev, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) && referencesHeading(innerText(prev))
		}
	}
	return false
}

func lastRune(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// boilerClass reports whether the class or id tokens in cid name page
// furniture. When another token of the same element names content
// ("elementor-widget elementor-widget-text-editor"), the element is content.
func boilerClass(cid string) bool {
	boiler := false
	for _, tok := range strings.Fields(cid) {
		for _, w := range []string{"text-editor", "content", "article-body", "entry-body", "post-body", "rich-text", "richtext", "prose", "text-block"} {
			if strings.Contains(tok, w) {
				return false
			}
		}
		if !boiler && (boilerWords.bounded(tok) && !builderToken(tok) || tok == "hidden" || tok == "is-hidden" || tok == "d-none") {
			boiler = true
		}
	}
	return boiler
}

// builderToken reports a page builder's layout class (Elementor, Divi,
// WPBakery, Beaver Builder, SiteOrigin), which calls every block a widget.
func builderToken(tok string) bool {
	for _, p := range []string{"elementor", "et_pb", "vc_", "wpb_", "fl-", "so-widget", "siteorigin", "panel-widget"} {
		if strings.HasPrefix(tok, p) {
			return true
		}
	}
	return false
}

// ctaPhrases open or make up the calls to action sites put in a post:
// newsletter sign-ups, share prompts, follow-us lines.
var ctaPhrases = []string{"sign up for", "subscribe to our", "subscribe to the", "sign up to", "share it with",
	"like this story", "follow us on", "join our newsletter", "get the latest", "delivered to your inbox",
	"click here to subscribe", "abonnieren sie", "folgen sie uns", "melden sie sich", "inscrivez-vous",
	"suivez-nous", "suscríbete", "síguenos", "iscriviti", "seguici",
	// Prompts of a comment form: "You must be logged in to post a comment."
	"must be logged in to", "müssen sich einloggen", "müssen angemeldet sein", "devez être connecté",
	"debes iniciar sesión", "devi essere connesso"}

// callToAction reports whether a short paragraph is a call to action.
func callToAction(p string) bool {
	if len(p) > 400 {
		return false
	}
	l := strings.ToLower(p)
	if strings.HasPrefix(l, "follow ") && (strings.Contains(l, "twitter") || strings.Contains(l, "facebook") || strings.Contains(l, "instagram")) {
		return true // "Follow The Gleaner on Twitter and Instagram …"
	}
	if strings.HasPrefix(l, "(credit:") || strings.HasPrefix(l, "credit:") || strings.HasPrefix(l, "(photo:") || strings.HasPrefix(l, "photo credit") || strings.HasPrefix(l, "image credit") {
		return len(p) < 150 // a credit line left by an image
	}
	if len(p) > 260 {
		return false
	}
	for _, c := range ctaPhrases {
		if strings.Contains(l, c) {
			return true
		}
	}
	return false
}

// contactLine reports whether a short paragraph, the last of the text,
// ends in an e-mail address after some words: "Found a mistake? Write to
// us: desk@example.com".
func contactLine(p string) bool {
	p = strings.TrimRight(strings.TrimSpace(p), ".")
	if utf8.RuneCountInString(p) > 160 || strings.Contains(p, "\n") {
		return false
	}
	i := strings.LastIndexAny(p, " \u00a0:")
	last := p[i+1:]
	at := strings.IndexByte(last, '@')
	return i >= 10 && at > 0 && strings.Contains(last[at:], ".")
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

// inlineCardsOnly reports whether a paragraph's links sit mostly in hover
// cards (link-dense spans), so that without them it is prose.
func inlineCardsOnly(p *html.Node) bool {
	if p.DataAtom != atom.P {
		return false
	}
	cards := findAll(p, func(x *html.Node) bool {
		return x != p && hoverCard(x)
	})
	if len(cards) == 0 {
		return false
	}
	rest := textLen(p)
	for _, c := range cards {
		rest -= textLen(c)
	}
	return rest >= 80
}

// hoverCard reports an inline pop-up: a span of three or more links with
// hardly any text of its own.
func hoverCard(x *html.Node) bool {
	if x.DataAtom != atom.Span || countLinks(x) < 3 {
		return false
	}
	l := textLen(x)
	return float64(l)*(1-linkDensity(x)) < 40
}
