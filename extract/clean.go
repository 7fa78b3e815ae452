package extract

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
	headline := ""
	if e.titleNode != nil {
		headline = innerText(e.titleNode)
	}
	repeats := repeatsTitle
	if e.docsPage {
		repeats = repeatsDocsTitle
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
			if codeElement(n) {
				return false // kept whole
			}
			if e.docsPage && (tabStrip(n) || breadcrumbTrail(n)) {
				drop = append(drop, n)
				return false
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
			if authorProfile(n) && textLen(n) < total/2 {
				drop = append(drop, n)
				return false
			}
			if e.dekAfterTitle(n) {
				drop = append(drop, n)
				return false
			}
			if n == e.titleNode || isElem(n, atom.H2, atom.H3) && headline != "" && repeats(innerText(n), headline) {
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
				// A documentation page's lists of links are indexes of the
				// section's pages or the steps' resources, and stay, with
				// the paragraphs in their items; inside a generator's
				// container (its furniture gone), so do the sections that
				// hold them ("Further topics" and its index).
				l := textLen(n)
				if e.outboundList(n) {
					return false
				}
				if l >= 1000 && l < total/2 && !e.docsPage && directoryList(n) {
					drop = append(drop, n)
					return false
				}
				if l > 0 && l < 1000 && linkDensity(n) > 0.6 && l < total/2 && !inlineCardsOnly(n) && !underReferencesHeading(n) && !slideHeading(n, slides) && !(e.docsPage && (isElem(n, atom.Ul, atom.Ol) || inListItem(n) || e.docsBody && holdsList(n))) {
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
	e.dropAuthorBios(total)
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
		if n.Type == html.ElementNode && (skipAtom(n.DataAtom) || n.DataAtom == atom.Figure) {
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
		t := dropBoilerLines(renderText(b, skip), !e.docsPage)
		if t == "" {
			continue
		}
		if text.Len() > 0 {
			text.WriteString("\n\n")
		}
		text.WriteString(t)
		htm.WriteString(e.sanitize(b))
	}
	return dedupeParagraphs(text.String(), e.tabbedParagraphs()), htm.String()
}

// showQuestions turns the buttons under root whose label asks a question
// into blocks of text, before cleaning drops buttons: an accordion's
// questions, which the reader sees above the answers they open, are the
// page's text ("How long does the work take?"), not its controls.
func showQuestions(root *html.Node) {
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom == atom.Button && question(screenText(n)) {
			n.DataAtom, n.Data = atom.Div, "div"
			return false
		}
		return !skipAtom(n.DataAtom)
	})
}

// dedupeParagraphs drops a paragraph that repeats an earlier one word for
// word (pull quotes, duplicated mobile/desktop blocks), unless it is one
// of keep.
func dedupeParagraphs(s string, keep map[string]bool) string {
	paras := strings.Split(s, "\n\n")
	if len(paras) < 2 {
		return s
	}
	seen := map[string]bool{}
	out := paras[:0]
	for _, p := range paras {
		k := strings.TrimSpace(p)
		if utf8.RuneCountInString(k) > 40 && seen[k] && !keep[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return strings.Join(out, "\n\n")
}

// holdsList reports whether n holds a list.
func holdsList(n *html.Node) bool {
	return findFirst(n, func(x *html.Node) bool { return isElem(x, atom.Ul, atom.Ol) }) != nil
}

// tabbedParagraphs returns the paragraphs of the body's tab panels on a
// documentation page, which keeps its hidden panels: the panels for each
// language or system repeat the same steps, and each copy is the page's
// text.
func (e *extractor) tabbedParagraphs() map[string]bool {
	if !e.docsPage {
		return nil
	}
	var keep map[string]bool
	for _, b := range e.body {
		for _, panel := range findAll(b, tabPanel) {
			for p := range strings.SplitSeq(renderText(panel, nil), "\n\n") {
				if keep == nil {
					keep = map[string]bool{}
				}
				keep[strings.TrimSpace(p)] = true
			}
		}
	}
	return keep
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

// isMediaCaption marks figures, captions, credits and galleries: kept in
// the sanitized HTML with their images, left out of the text, which is the
// prose of the post.
//
// Three kinds are prose after all: the numbered slides of a listicle (a
// figure with its own heading and a caption of paragraphs), figures that
// hold text rather than media (a table, a pull quote, code: textFigure),
// with their captions, and a gallery container that holds the post's
// paragraphs.
func isMediaCaption(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Figure:
		return !listicleSlide(n) && !textFigure(n)
	case atom.Figcaption:
		return n.Parent == nil || !listicleSlide(n.Parent) && !textFigure(n.Parent)
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
			return f == nil || !listicleSlide(f) && !textFigure(f)
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
	next := nextElement(h)
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

// repeatsDocsTitle is repeatsTitle for a documentation page, whose title
// is often one subject word ("Fields") that its section headings hold
// among others ("Strict fields", "Inspecting model fields"): a heading
// repeats the title only whole, or with a part set apart by a separator
// ("Fields | Guide").
func repeatsDocsTitle(h, t string) bool {
	tk := titleKey(t)
	if tk == "" {
		return false
	}
	if titleKey(h) == tk {
		return true
	}
	for _, sep := range titleSeps {
		for i := strings.Index(h, sep); i >= 0; {
			if titleKey(h[:i]) == tk || titleKey(h[i+len(sep):]) == tk {
				return true
			}
			next := strings.Index(h[i+len(sep):], sep)
			if next < 0 {
				break
			}
			i += len(sep) + next
		}
	}
	return false
}

// dekAfterTitle reports whether n is a subtitle printed right after the
// headline inside the body container (<h2 class="story__subhead">), which
// stays out of the text as deks do elsewhere, unless it is marked as the
// lead (or is a paragraph that is the page's own description).
func (e *extractor) dekAfterTitle(n *html.Node) bool {
	if e.titleNode == nil || !isElem(n, atom.H2, atom.H3, atom.H4, atom.P, atom.Div) {
		return false
	}
	if prevElement(n) != e.titleNode || !wordSet(subtitleWords).in(classID(n)) {
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

// textFigure reports whether a figure holds text rather than media: a
// table (WordPress's table block), a quotation (its pull quote), or code
// (highlighted code blocks), and no image, video or embed. Its text,
// caption included, is the post's.
func textFigure(fig *html.Node) bool {
	if strings.Contains(classID(fig), "embed") {
		return false // a tweet or a post from elsewhere, shown as a card
	}
	text, media := false, false
	walk(fig, func(x *html.Node) bool {
		if x.Type != html.ElementNode || x == fig {
			return true
		}
		switch x.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe, atom.Object, atom.Embed, atom.Svg, atom.Canvas:
			media = true
		case atom.Table, atom.Blockquote, atom.Pre:
			text = true
		}
		return !media
	})
	return text && !media
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
	"alle angaben ohne gewähr": true, "angaben ohne gewähr": true,
}

// boilerLine reports whether a line is one of boilerLines, give or take
// punctuation around it.
func boilerLine(l string) bool {
	return boilerLines[strings.ToLower(strings.Trim(strings.TrimSpace(l), " :.…»›>()"))]
}

// allLines reports whether f holds for every line of paragraph p.
func allLines(p string, f func(string) bool) bool {
	for _, l := range strings.Split(p, "\n") {
		if !f(l) {
			return false
		}
	}
	return true
}

// dropBoilerLines removes paragraphs that are only an ad label or a
// widget's chrome ("Advertisement", "Continue reading"), and calls to
// action when ctas is set. A documentation page's steps read as calls to
// action ("Sign up for a trial, then create a key") and are its text.
func dropBoilerLines(s string, ctas bool) string {
	if s == "" {
		return s
	}
	paras := strings.Split(s, "\n\n")
	out := paras[:0]
	for i, p := range paras {
		if len(p) < 80 && allLines(p, boilerLine) {
			continue // "Advertisement", "(No ratings yet)\nLoading..."
		}
		if ctas && callToAction(p) || i == len(paras)-1 && contactLine(p) {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "\n\n")
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
			if skipAtom(n.DataAtom) || isMediaCaption(n) {
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
	if e.docsBody && slices.ContainsFunc(tail, inListItem) {
		return // a documentation page's closing list of links ("See also", "Next steps") is content
	}
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

// outboundList reports whether n is a list of links out of the site, each
// a line of its own words: the changes, papers or sources a post lists
// ("Fix volatile loads and stores" on a code host). A site's own menus,
// its related posts and its directories link within the site, and share
// and follow buttons are a word each; those lists still go.
func (e *extractor) outboundList(n *html.Node) bool {
	// Through wrappers that hold only the list (asciidoc's div.ulist).
	for n != nil && !isElem(n, atom.Ul, atom.Ol) && isElem(n, atom.Div, atom.Section) {
		c := firstElementChild(n)
		if c == nil || nextElement(c) != nil {
			return false
		}
		n = c
	}
	if n == nil || !isElem(n, atom.Ul, atom.Ol) || e.base == nil {
		return false
	}
	own := siteKey(e.base.Hostname())
	items, out, words := 0, 0, 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if !isElem(li, atom.Li) {
			continue
		}
		items++
		a := findFirst(li, func(x *html.Node) bool { return x.DataAtom == atom.A })
		if a == nil {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(attr(a, "href")))
		if err != nil || u.Host == "" || siteKey(u.Hostname()) == own {
			continue
		}
		out++
		words += len(strings.Fields(innerText(a)))
	}
	return items >= 3 && 10*out >= 8*items && words >= 4*out
}

// directoryList reports whether n is a long list of short links, a name
// or two each: a site's directory of places, tags or products printed in
// a post ("Albany movers", "Buffalo movers", …). Shorter link-dense
// blocks go by link density alone.
func directoryList(n *html.Node) bool {
	if !isElem(n, atom.Ul, atom.Ol) || linkDensity(n) < 0.8 {
		return false
	}
	items, words := 0, 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if isElem(li, atom.Li) {
			items++
			words += len(strings.Fields(innerText(li)))
		}
	}
	return items >= 10 && words <= 4*items
}

// siteKey is the last two labels of a host name: the site that
// blog.example.com and www.example.com both belong to.
func siteKey(host string) string {
	host = strings.ToLower(host)
	i := strings.LastIndexByte(host, '.')
	if i <= 0 {
		return host
	}
	if j := strings.LastIndexByte(host[:i], '.'); j >= 0 {
		return host[j+1:]
	}
	return host
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
	for tok := range strings.FieldsSeq(cid) {
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
	"debes iniciar sesión", "devi essere connesso",
	// Invitations to the site's channels and other pages.
	"canal de telegram", "telegram channel", "telegram-kanal", "join our", "únete a", "rejoignez-nous",
	"weitere infos unter www", "weitere informationen unter www",
	"more information at www", "más información en www", "plus d'infos sur www"}

// callToAction reports whether a short paragraph is a call to action.
func callToAction(p string) bool {
	if len(p) > 400 {
		return false
	}
	l := strings.ToLower(p)
	if strings.HasPrefix(l, "follow ") && (strings.Contains(l, "twitter") || strings.Contains(l, "facebook") || strings.Contains(l, "instagram")) {
		return true // "Follow The Gleaner on Twitter and Instagram …"
	}
	if hasAnyPrefix(l, "(credit:", "credit:", "(photo:", "photo credit", "image credit", "featured image", "header image",
		"beitragsbild", "titelbild", "bildquelle", "vergrößern ", "agrandir ", "ampliar ") {
		return len(p) < 150 // a credit or zoom label left by an image
	}
	if strings.HasPrefix(l, "©") && len(p) < 60 {
		return true // "© Jon Prosser": a photo credit, not a copyright notice
	}
	if len(p) < 120 && (strings.Contains(l, "category:") || strings.Contains(l, "category :") || strings.Contains(l, "categories:") ||
		strings.Contains(l, "kategorie:") || strings.HasPrefix(l, "filed under") || strings.HasPrefix(l, "posted in ")) {
		return true // a post's metadata line
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

// authorProfile reports whether n is a box about the post's author: a
// schema.org Person given as the author that says more than a name (a
// photo, a job title, a biography), as author-box plugins print after or
// inside the body. A byline naming the author is short and stays.
func authorProfile(n *html.Node) bool {
	if attr(n, "itemprop") != "author" || !strings.HasSuffix(strings.ToLower(attr(n, "itemtype")), "schema.org/person") {
		return false
	}
	return textLen(n) >= 120
}

// bioKeyLen is how much of a biography's start identifies it in the body.
const bioKeyLen = 60

// dropAuthorBios removes the author boxes whose biography the page's
// JSON-LD gives as a Person's description: the block that prints it, with
// the name, photo and job title around it, when that box is a small part
// of the body (a profile page, whose body is the biography, keeps it).
func (e *extractor) dropAuthorBios(total int) {
	bios := e.ld.personBios()
	if len(bios) == 0 {
		return
	}
	var keys []string
	for _, b := range bios {
		k := foldText(b)
		if len([]rune(k)) < 40 {
			continue // a job title, not a biography
		}
		if r := []rune(k); len(r) > bioKeyLen {
			k = string(r[:bioKeyLen])
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return
	}
	var drop []*html.Node
	for _, blk := range leafBlocks(e.body) {
		t := foldText(innerText(blk))
		if !slices.ContainsFunc(keys, func(k string) bool { return strings.Contains(t, k) }) {
			continue
		}
		l := textLen(blk)
		if l*2 >= total {
			continue
		}
		// Widen to the box: ancestors that add little beyond the
		// biography (a name, a job title, links to profiles).
		box := blk
		for p := blk.Parent; p != nil && !slices.Contains(e.body, p); p = p.Parent {
			pl := textLen(p)
			if pl > l+250 || pl*2 >= total {
				break
			}
			box = p
		}
		drop = append(drop, box)
	}
	for _, n := range drop {
		detach(n)
	}
}

// foldText lower-cases s, folds typographic quotes and dashes and
// collapses white space, so that the same sentence from JSON-LD and from
// the page compares equal.
func foldText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2018', '\u2019':
			return '\''
		case '\u201c', '\u201d':
			return '"'
		case '\u2013', '\u2014':
			return '-'
		case '\u00a0':
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// inListItem reports whether n is or lies inside a list item.
func inListItem(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.Li {
			return true
		}
	}
	return false
}
