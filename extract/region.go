package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages that are not one article (landing and service pages, listings,
// products) have no single container of running text: their content is
// the page's main region, sections side by side, with the site's frame
// around it. The region layer takes the main region and leaves the frame.

// chromeRoles are ARIA roles of a page's frame.
var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
	"tablist": true, "toolbar": true,
}

// chromeWords mark frame blocks by class or id, at token boundaries.
var chromeWords = wordSet{
	"cookie", "cookies", "consent", "gdpr", "breadcrumb", "breadcrumbs", "skip-link", "skip-to-content",
	"sr-only", "visually-hidden", "screen-reader-text", "modal", "popup", "navbar", "site-header",
	"site-footer", "masthead", "offcanvas", "off-canvas", "mega-menu", "megamenu", "menu", "nav",
	"navigation", "topbar", "top-bar", "footer", "header", "sidebar", "social", "share", "sharing",
}

// mainShare is the least share of the page's text a <main> element must
// hold to be taken as the page's main region.
const mainShare = 0.25

// selectRegion takes the page's main region as the body: its <main>
// element when it holds a fair share of the text, else <body>. The frame
// inside it is listed in e.frame for cleanRegion.
func (e *extractor) selectRegion() {
	if body := bodyElement(e.doc); body != nil {
		e.pruneHidden(body)
	}
	root := regionRoot(e.doc)
	if root == nil {
		return
	}
	e.body = []*html.Node{root}
	e.explain["body"] = []Candidate{{describe(root), "region"}}
}

// regionRoot returns the page's main region: its <main> element when it
// holds a fair share of the text, else <body>.
func regionRoot(doc *html.Node) *html.Node {
	body := bodyElement(doc)
	if body == nil {
		return nil
	}
	if m := findFirst(body, func(n *html.Node) bool {
		return n.DataAtom == atom.Main || attr(n, "role") == "main"
	}); m != nil && (float64(textLen(m)) >= mainShare*float64(textLen(body)) || m.DataAtom == atom.Main && textLen(m) >= minMainText && linksOutside(body, m)) {
		return m
	}
	return body
}

// minMainText is the least text a <main> element (the element, not the
// role, which forums give to a column of their own) must hold to be taken as
// the main region when the text around it is links only.
const minMainText = 200

// outsideLinkShare is the share of the text outside the main element that
// must be link text for the rest of the page to be taken as menus.
const outsideLinkShare = 0.8

// linksOutside reports whether the text of body outside m is nearly all
// link text: menus and tables of contents, however long.
func linksOutside(body, m *html.Node) bool {
	total, linked := 0, 0
	walk(body, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			l := len(strings.TrimSpace(x.Data))
			total += l
			if underLink(x, body) {
				linked += l
			}
		case html.ElementNode:
			return x != m && !skipAtom(x.DataAtom)
		}
		return true
	})
	return total > 0 && float64(linked) >= outsideLinkShare*float64(total)
}

// regionLen measures the text selectRegion and cleanRegion would keep,
// without changing the tree: visible text outside the frame. It must run
// before the tree is changed (the stats are kept for the extraction).
func (e *extractor) regionLen(keepLinks bool) int {
	root := regionRoot(e.doc)
	if root == nil {
		return 0
	}
	inMain := root.DataAtom != atom.Body
	st := e.measured(root)
	total := st.textOf(root)
	l := 0
	walk(root, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			l += len(strings.TrimSpace(n.Data))
		case html.ElementNode:
			if n == root {
				return true
			}
			if skipAtom(n.DataAtom) || hiddenElement(n) {
				return false
			}
			if codeElement(n) {
				l += textLen(n) // code is kept whole
				return false
			}
			if (isChrome(n, inMain) || isCommentRoot(n) || !keepLinks && st.menu(n)) && st.textOf(n) < total/2 {
				return false
			}
		}
		return true
	})
	return l
}

// isChrome reports whether n is part of the page's frame: navigation,
// asides, the page's own header and footer, landmarks of the frame, cookie
// banners and menus. Inside the main region, headers and footers belong to
// sections and stay.
func isChrome(n *html.Node, inMain bool) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside:
		return true
	case atom.Footer, atom.Header:
		return !inMain
	}
	if chromeRoles[attr(n, "role")] {
		return true
	}
	if cid := classID(n); cid != "" && (!inMain && chromeWords.bounded(cid) || invisibleWords.bounded(cid)) {
		return true
	}
	return false
}

// invisibleWords mark text for screen readers only ("Regular price",
// "Collection:"), which sighted readers never see, inside the main region
// or out of it.
var invisibleWords = wordSet{"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only", "assistive-text", "a11y-hidden", "u-hidden-visually", "sr-text", "screenreader", "screenreader-only"}

// cleanRegion removes the frame and the comment section from the region
// chosen by selectRegion.
//
// Lists of short links are menus and go too, except on listings
// (keepLinks), whose items may be no more than their linked titles. Blocks
// marked by one of the boxes words go as well (a product page's reviews and
// other products, productBoilerWords).
func (e *extractor) cleanRegion(keepLinks bool, boxes wordSet) {
	for _, root := range e.body {
		inMain := root.DataAtom != atom.Body
		st := measure(root)
		total := st[root].text
		var drop []*html.Node
		walk(root, func(n *html.Node) bool {
			if n.Type != html.ElementNode || n == root {
				return true
			}
			switch {
			case codeElement(n):
				return false // code is kept whole
			case skipAtom(n.DataAtom):
			case (isChrome(n, inMain) || isCommentRoot(n)) && st.textOf(n) < total/2:
			case !keepLinks && st.menu(n) && st.textOf(n) < total/2:
			case boxes != nil && boxes.bounded(classID(n)) && st.textOf(n) < total/2:
			default:
				return true
			}
			drop = append(drop, n)
			return false
		})
		for _, n := range drop {
			detach(n)
		}
	}
}

// Menus without landmark markup: a block of at least menuLinks links,
// nearly all of its text in them (menuDensity), each link short (a mean
// below menuLinkChars characters). A listing's items carry longer titles
// or text of their own.
const (
	menuLinks     = 3
	menuDensity   = 0.8
	menuLinkChars = 28
)

// nodeStats are the sizes of an element's visible text.
type nodeStats struct {
	text   int // characters of text, as textLen counts them
	linked int // of which inside links
	links  int // a elements
	rich   int // images and headings (h2 to h5)
}

// stats holds nodeStats for every element of a subtree.
type stats map[*html.Node]*nodeStats

// measure computes the stats of every element under root in one pass,
// children before parents, so that the checks made of every element cost
// nothing more.
func measure(root *html.Node) stats {
	var order []*html.Node
	elements := 1 // the map holds elements (and root) only, not text
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && skipAtom(n.DataAtom) && n != root {
			return false
		}
		if n.Type == html.ElementNode {
			elements++
		}
		order = append(order, n)
		return true
	})
	st := make(stats, elements)
	pool := make([]nodeStats, len(order)) // one allocation for all the stats
	next := func() *nodeStats {
		s := &pool[0]
		pool = pool[1:]
		return s
	}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		var s *nodeStats
		switch n.Type {
		case html.TextNode:
			s = next()
			s.text = len(strings.TrimSpace(n.Data))
		case html.ElementNode, html.DocumentNode:
			s = st[n]
			if s == nil {
				s = next()
				st[n] = s
			}
			switch n.DataAtom {
			case atom.A:
				s.links++
				s.linked = s.text
			case atom.Img, atom.Picture, atom.H2, atom.H3, atom.H4, atom.H5:
				s.rich++
			}
		default:
			continue
		}
		if n == root || n.Parent == nil {
			continue
		}
		p := st[n.Parent]
		if p == nil {
			p = next()
			st[n.Parent] = p
		}
		p.text += s.text
		p.linked += s.linked
		p.links += s.links
		p.rich += s.rich
	}
	if st[root] == nil {
		st[root] = &nodeStats{}
	}
	return st
}

// measured returns the stats of root's subtree, measured once per
// extraction while the tree is unchanged: the stats of the whole body serve
// any element in it.
func (e *extractor) measured(root *html.Node) stats {
	if e.stats == nil || e.stats[root] == nil {
		body := bodyElement(e.doc)
		if body == nil || !isAncestor(body, root) {
			return measure(root)
		}
		e.stats = measure(body)
	}
	return e.stats
}

// textOf returns the length of n's text; an element the stats do not
// hold (one that never shows text, or one moved into the tree since) is
// measured on the spot.
func (st stats) textOf(n *html.Node) int {
	if s := st[n]; s != nil {
		return s.text
	}
	return textLen(n)
}

// menu reports whether n is a list or box of short links: a menu.
func (st stats) menu(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Table, atom.Dl, atom.P, atom.Td, atom.Tr:
	default:
		return false
	}
	s := st[n]
	return s != nil && s.links >= menuLinks && s.text > 0 && float64(s.linked) >= menuDensity*float64(s.text) && s.linked < menuLinkChars*s.links
}

// underLink reports whether x lies inside a link below root.
func underLink(x, root *html.Node) bool {
	for p := x.Parent; p != nil && p != root; p = p.Parent {
		if p.DataAtom == atom.A {
			return true
		}
	}
	return false
}
