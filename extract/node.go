package extract

import (
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// hasClass reports whether n's class list contains c.
func hasClass(n *html.Node, c string) bool {
	cls := attr(n, "class")
	return strings.Contains(cls, c) && hasToken(cls, c)
}

// prepare stores, in an attribute of a namespace of our own, what the
// pattern checks ask of every element many times: its lower-cased class,
// test id and id (Val), and whether it is a comment root or off the post
// (Key). Sanitized HTML never writes namespaced attributes.
const cidNamespace = "annals"

// Flags kept in the prepared attribute's key.
const (
	flagCommentRoot = 1 << iota
	flagOffPost
)

var flagKeys = [...]string{"0", "1", "2", "3"}

// pageFacts are what prepare notes about the page as a whole on its way
// through every element, so that no check needs a walk of its own.
type pageFacts struct {
	// forumMarked holds the names of the forum profiles whose marker an
	// element outside head, scripts, styles and icons matches.
	forumMarked map[string]bool
	// passwordForm is whether the page holds WordPress's form for a
	// password-protected post.
	passwordForm bool
}

// prepare computes, once per element, its class-and-id string and whether
// it is a comment root or off the post, and stores them on the element.
// It returns what it noted about the page.
func prepare(doc *html.Node) pageFacts {
	var facts pageFacts
	articles := 0 // article elements around n
	unmarked := 0 // elements around n whose content holds no forum marker
	n := doc
	for {
		if n.Type == html.ElementNode {
			cid := computeClassID(n)
			flags := 0
			if computeCommentRoot(n, cid) {
				flags |= flagCommentRoot
			}
			if computeOffPost(n, cid, flags&flagCommentRoot != 0, articles > 0) {
				flags |= flagOffPost
			}
			n.Attr = append(n.Attr, html.Attribute{Namespace: cidNamespace, Key: flagKeys[flags], Val: cid})
			if unmarked == 0 && !markerless(n) {
				// Every marker is a class, an id, one of two attributes
				// or a custom element's name.
				if n.DataAtom == 0 || cid != "" || attr(n, "data-role") != "" || attr(n, "component") != "" {
					facts.markForum(n, cid)
				}
			}
			if n.DataAtom == atom.Form && (hasClass(n, "post-password-form") || strings.Contains(attr(n, "action"), "action=postpass")) {
				facts.passwordForm = true
			}
		}
		if n.FirstChild != nil {
			if n.Type == html.ElementNode {
				if n.DataAtom == atom.Article {
					articles++
				}
				if markerless(n) {
					unmarked++
				}
			}
			n = n.FirstChild
			continue
		}
		for n != doc && n.NextSibling == nil {
			n = n.Parent
			if n.Type == html.ElementNode {
				if n.DataAtom == atom.Article {
					articles--
				}
				if markerless(n) {
					unmarked--
				}
			}
		}
		if n == doc {
			return facts
		}
		n = n.NextSibling
	}
}

// markerless reports whether n is an element that neither is nor holds a
// forum's marker: the head, scripts, styles, icons' shapes.
func markerless(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Svg, atom.Script, atom.Style, atom.Head:
		return true
	}
	return false
}

// forumHints are the forum profiles' hints that hold no other hint: a
// classID that holds none of them holds no hint at all.
var forumHints = sync.OnceValue(func() []string {
	var out []string
	for i := range forumProfiles {
		h := forumProfiles[i].hint
		if h == "" || slices.Contains(out, h) {
			continue
		}
		shortest := true
		for j := range forumProfiles {
			if o := forumProfiles[j].hint; o != "" && o != h && strings.Contains(h, o) {
				shortest = false
				break
			}
		}
		if shortest {
			out = append(out, h)
		}
	}
	return out
})

// markForum records the forum profiles whose marker n, whose classID is
// cid, matches.
func (f *pageFacts) markForum(n *html.Node, cid string) {
	hinted := false // cid holds one of the hints
	for _, h := range forumHints() {
		if strings.Contains(cid, h) {
			hinted = true
			break
		}
	}
	cls := attr(n, "class")
	for i := range forumProfiles {
		p := &forumProfiles[i]
		if p.marker == nil || p.hint != "" && (!hinted || !strings.Contains(cid, p.hint)) {
			continue
		}
		if !f.forumMarked[p.name] && p.marker(n, cls) {
			if f.forumMarked == nil {
				f.forumMarked = map[string]bool{}
			}
			f.forumMarked[p.name] = true
		}
	}
}

// prepared returns the attribute prepare stored on n.
func prepared(n *html.Node) (html.Attribute, bool) {
	for i := len(n.Attr) - 1; i >= 0; i-- {
		if a := n.Attr[i]; a.Namespace == cidNamespace {
			return a, true
		}
	}
	return html.Attribute{}, false
}

// nodeFlags returns the flags prepare computed for n.
func nodeFlags(n *html.Node) (int, bool) {
	a, ok := prepared(n)
	if !ok {
		return 0, false
	}
	return int(a.Key[0] - '0'), true
}

// classID returns n's class, test id and id attributes, lower-cased, for
// pattern checks.
func classID(n *html.Node) string {
	if a, ok := prepared(n); ok {
		return a.Val
	}
	return computeClassID(n)
}

func computeClassID(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	// Component names in test ids ("share-page") say what a block is where
	// the classes are generated ("css-dgczb1").
	if t := attr(n, "data-testid"); t != "" {
		c += " " + t
	}
	if c == "" && id == "" {
		return ""
	}
	return lower(c + " " + id)
}

// maxChildren is how many element children the checks of a node's
// children look at: a list of thousands is judged by its head.
const maxChildren = 400

// elementChildren yields n's first maxChildren element children.
func elementChildren(n *html.Node) iter.Seq[*html.Node] {
	return func(yield func(*html.Node) bool) {
		kids := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if kids++; kids > maxChildren || !yield(c) {
				return
			}
		}
	}
}

func isElem(n *html.Node, a ...atom.Atom) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, x := range a {
		if n.DataAtom == x {
			return true
		}
	}
	return len(a) == 0
}

// walk calls fn for root and its descendants in document order; when fn
// returns false the node's children are skipped. It follows the tree's own
// links, without recursion or a stack, so a pathologically deep page costs
// nothing extra. fn must not move or detach nodes: callers collect what to
// detach and do it afterwards.
func walk(root *html.Node, fn func(*html.Node) bool) {
	if root == nil {
		return
	}
	n := root
	for {
		if fn(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// findAll returns the elements under n (n included) for which match is true,
// in document order, not descending into matches.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(x *html.Node) bool {
		if x.Type == html.ElementNode && match(x) {
			out = append(out, x)
			return false
		}
		return true
	})
	return out
}

// findFirst returns the first element under n (n included) matching.
func findFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(n, func(x *html.Node) bool {
		if found != nil {
			return false
		}
		if x.Type == html.ElementNode && match(x) {
			found = x
			return false
		}
		return true
	})
	return found
}

// isAncestor reports whether a is n or one of n's ancestors.
func isAncestor(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// htmlElement returns the document's <html> element.
func htmlElement(doc *html.Node) *html.Node {
	return findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Html })
}

// bodyElement returns the document's <body> element.
func bodyElement(doc *html.Node) *html.Node {
	return findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
}

// prevElement returns the element before n among its siblings, or nil.
func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
	}
	return nil
}

// nextElement returns the element after n among its siblings, or nil.
func nextElement(n *html.Node) *html.Node {
	for x := n.NextSibling; x != nil; x = x.NextSibling {
		if x.Type == html.ElementNode {
			return x
		}
	}
	return nil
}

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// blockAtom reports whether elements of tag a start a new paragraph in
// rendered text. A switch on the tag is several times faster than a map
// lookup, and these two are asked of nearly every node in every walk.
func blockAtom(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote,
		atom.Dd, atom.Details, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer,
		atom.Form, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Header, atom.Hr, atom.Li,
		atom.Main, atom.Nav, atom.Ol, atom.P, atom.Pre,
		atom.Section, atom.Table, atom.Tr, atom.Ul, atom.Summary,
		atom.Caption, atom.Tbody, atom.Thead, atom.Tfoot, atom.Center:
		return true
	}
	return false
}

func isBlock(n *html.Node) bool {
	return n.Type == html.ElementNode && blockAtom(n.DataAtom)
}

// skipAtom reports whether elements of tag a never contribute text.
func skipAtom(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template,
		atom.Svg, atom.Math, atom.Iframe, atom.Object, atom.Embed,
		atom.Button, atom.Input, atom.Select, atom.Textarea,
		atom.Option, atom.Head, atom.Title, atom.Meta, atom.Link,
		atom.Canvas, atom.Video, atom.Audio, atom.Map, atom.Dialog:
		return true
	}
	return false
}

// textRenderer turns a subtree into paragraphs of normalized text.
type textRenderer struct {
	b      strings.Builder
	space  bool // a space is pending
	breaks int  // newlines pending (1 = line break, 2 = paragraph)
	skip   func(*html.Node) bool
	pre    int             // depth of <pre> elements around the text
	ws     strings.Builder // white space pending inside <pre>, kept as written
	// edge is set when an element (other than inline formatting) opened
	// or closed since the last text: two runs of text that meet there
	// may be two labels the page's styles set apart (gluedAtEdge).
	edge bool
}

func (r *textRenderer) text(s string) {
	if r.pre > 0 {
		r.preText(s)
		return
	}
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isSpace(c):
			r.space = true
			i += size
		case isInvisible(c):
			i += size
		default:
			if r.b.Len() > 0 {
				switch {
				case r.breaks >= 2:
					r.b.WriteString("\n\n")
				case r.breaks == 1:
					r.b.WriteByte('\n')
				case r.space || r.edge && gluedAtEdge(r.b.String(), s[i:]):
					r.b.WriteByte(' ')
				}
			}
			r.breaks, r.space, r.edge = 0, false, false
			i += writeVisible(&r.b, s[i:])
		}
	}
}

// writeVisible writes to b the run of visible characters that starts s
// (at least one) and returns its length in s. An invalid byte is written
// as U+FFFD, as ranging over s reads it.
func writeVisible(b *strings.Builder, s string) int {
	n := visibleRun(s)
	if n == 0 {
		b.WriteRune(utf8.RuneError) // s starts with an invalid byte
		return 1
	}
	b.WriteString(s[:n])
	return n
}

// visibleRun returns the length of the run of visible characters (neither
// space nor invisible, and valid UTF-8) that starts s.
func visibleRun(s string) int {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if c <= ' ' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 || isSpace(c) || isInvisible(c) {
			return i
		}
		i += size
	}
	return i
}

// preText writes the text of a <pre> element: its lines and indentation
// are kept, trailing blanks dropped, and runs of blank lines shortened to
// one, which separates paragraphs as elsewhere.
func (r *textRenderer) preText(s string) {
	for _, c := range s {
		switch {
		case c == '\r':
		case c == '\n':
			r.ws.WriteByte('\n')
		case c == '\t':
			r.ws.WriteByte('\t')
		case isSpace(c):
			r.ws.WriteByte(' ')
		case isInvisible(c):
		default:
			ws := r.ws.String()
			r.ws.Reset()
			nl := strings.Count(ws, "\n")
			indent := ws[strings.LastIndexByte(ws, '\n')+1:]
			if r.b.Len() > 0 {
				switch {
				case r.breaks >= 2 || nl >= 2:
					r.b.WriteString("\n\n")
				case r.breaks == 1 || nl == 1:
					r.b.WriteByte('\n')
				case r.space && indent == "":
					r.b.WriteByte(' ')
				}
			}
			r.b.WriteString(indent)
			r.breaks, r.space = 0, false
			r.b.WriteRune(c)
		}
	}
}

func (r *textRenderer) brk(n int) {
	if n > r.breaks {
		r.breaks = n
	}
}

func (r *textRenderer) render(n *html.Node) {
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x := f.n
		if f.exit {
			if x.Type == html.ElementNode && !formatAtom(x.DataAtom) {
				r.edge = true
			}
			if x.DataAtom == atom.Pre && x.Type == html.ElementNode {
				r.pre--
				r.ws.Reset()
			}
			if isBlock(x) {
				r.brk(2)
			} else if x.DataAtom == atom.Td || x.DataAtom == atom.Th {
				r.space = true
			}
			continue
		}
		switch x.Type {
		case html.TextNode:
			r.text(x.Data)
			continue
		case html.ElementNode:
			if skipAtom(x.DataAtom) || (r.skip != nil && r.skip(x)) {
				continue
			}
			switch {
			case x.DataAtom == atom.Br && r.pre > 0:
				r.ws.WriteByte('\n')
				continue
			case x.DataAtom == atom.Br:
				// Two line breaks in a row end a paragraph (old editors
				// write paragraphs as text between <br><br>).
				r.brk(min(r.breaks+1, 2))
				continue
			case x.DataAtom == atom.Img:
				continue
			case isBlock(x):
				r.brk(2)
			}
			if x.DataAtom == atom.Pre {
				r.pre++
			}
			if !formatAtom(x.DataAtom) {
				r.edge = true
			}
		case html.DocumentNode:
		default:
			continue
		}
		stack = append(stack, frame{n: x, exit: true})
		for c := x.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
}

// gluedAtEdge reports whether text written so far (w) and the run next,
// meeting at an element's edge without white space, are two labels run
// together that the page's styles set apart: a lower-case letter or a
// digit, then an upper-case one, as a brand and a product name ("Merrell"
// "Moab 3"), a row of tag links ("Shooter" "Multiplayer") or a price and
// its label ("$139.95" "MSRP"); or a word in capitals, then a capitalised
// word ("HOKA" "Kaha"). Inside a word, case does not change that way.
func gluedAtEdge(w, next string) bool {
	last, lsize := utf8.DecodeLastRuneInString(w)
	first, size := utf8.DecodeRuneInString(next)
	if !unicode.IsUpper(first) {
		return false
	}
	if unicode.IsLower(last) || unicode.IsDigit(last) {
		return true
	}
	second, _ := utf8.DecodeRuneInString(next[size:])
	before, _ := utf8.DecodeLastRuneInString(w[:len(w)-lsize])
	return unicode.IsUpper(last) && unicode.IsUpper(before) && unicode.IsLower(second)
}

// formatAtom reports whether a is an inline formatting element, which may
// mark part of a word (<b>W</b>ord, foo<sup>TM</sup>).
func formatAtom(a atom.Atom) bool {
	switch a {
	case atom.B, atom.I, atom.Em, atom.Strong, atom.U, atom.S, atom.Mark, atom.Small, atom.Sup, atom.Sub,
		atom.Abbr, atom.Code, atom.Kbd, atom.Var, atom.Q, atom.Cite, atom.Dfn, atom.Font, atom.Tt, atom.Wbr:
		return true
	}
	return false
}

// renderText returns n's text with blocks as paragraphs separated by a blank
// line, whitespace collapsed and invisible characters removed.
func renderText(n *html.Node, skip func(*html.Node) bool) string {
	r := textRenderer{skip: skip}
	r.render(n)
	return r.b.String()
}

// codeElement reports whether n is code (pre or code), which cleaning
// keeps whole: a syntax highlighter's classes ("hljs-comment", "token
// comment") are not the page's boxes.
func codeElement(n *html.Node) bool {
	return n.DataAtom == atom.Pre || n.DataAtom == atom.Code
}

// innerText returns n's text on one line, whitespace collapsed.
func innerText(n *html.Node) string {
	return lineText(n, "")
}

// lineText writes n's text on one line, whitespace collapsed, with
// itemSep (when not empty) between the items of a list.
func lineText(n *html.Node, itemSep string) string {
	var w lineWriter
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			w.write(x.Data)
		case html.ElementNode:
			if skipAtom(x.DataAtom) && x != n {
				return false
			}
			if itemSep != "" && x.DataAtom == atom.Li && w.b.Len() > 0 && prevElement(x) != nil {
				w.write(itemSep)
			}
			if isBlock(x) || x.DataAtom == atom.Br || x.DataAtom == atom.Td {
				w.space = true
			}
		}
		return true
	})
	return w.b.String()
}

// countInnerText returns the counts (see lineCounter) of innerText(n),
// without building the text.
func countInnerText(n *html.Node) lineCounter {
	var c lineCounter
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			c.write(x.Data)
		case html.ElementNode:
			if skipAtom(x.DataAtom) && x != n {
				return false
			}
			if isBlock(x) || x.DataAtom == atom.Br || x.DataAtom == atom.Td {
				c.space = true
			}
		}
		return true
	})
	return c
}

// countText returns the counts (see lineCounter) of clean(s), without
// building it.
func countText(s string) lineCounter {
	var c lineCounter
	c.write(s)
	return c
}

// lineCounter counts what a lineWriter would write: its length in runes
// and the commas in it (",", "，" and "、"), the measures of a paragraph
// that scoring needs.
type lineCounter struct {
	runes, commas int
	space         bool // a space is pending
}

func (c *lineCounter) write(s string) {
	for _, r := range s {
		switch {
		case isSpace(r):
			c.space = true
		case isInvisible(r):
		default:
			if c.space && c.runes > 0 {
				c.runes++
			}
			c.space = false
			c.runes++
			switch r {
			case ',', '，', '、':
				c.commas++
			}
		}
	}
}

// lineWriter builds one line of text: runs of white space become one
// space (none at the start), invisible characters are dropped.
type lineWriter struct {
	b     strings.Builder
	space bool // a space is pending
}

func (w *lineWriter) write(s string) {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isSpace(c):
			w.space = true
			i += size
		case isInvisible(c):
			i += size
		default:
			if w.space && w.b.Len() > 0 {
				w.b.WriteByte(' ')
			}
			w.space = false
			i += writeVisible(&w.b, s[i:])
		}
	}
}

func isSpace(c rune) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2000', '\u2001', '\u2002', '\u2003',
		'\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f',
		'\u205f', '\u3000', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// isInvisible reports characters dropped from text: soft hyphens, zero-width
// spaces and byte-order marks, and control characters.
func isInvisible(c rune) bool {
	switch c {
	case '\u00ad', '\u200b', '\ufeff', '\u2060', '\ufffe':
		return true
	}
	return c < 0x20 || (c >= 0x7f && c < 0xa0)
}

// clean collapses whitespace in a short single-line string.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var w lineWriter
	w.write(s)
	return w.b.String()
}

// isClean reports whether clean would return s unchanged: runs of visible
// characters separated by single spaces, with none at either end.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		n := visibleRun(s[i:])
		if n == 0 {
			return false
		}
		i += n
		if i < len(s) {
			if s[i] != ' ' || i+1 == len(s) {
				return false
			}
			i++
		}
	}
	return true
}
