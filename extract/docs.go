package extract

import (
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A documentation page is written by a generator (Sphinx, MkDocs,
// Docusaurus, VitePress, Starlight, devsite and the like) that puts the
// page's text in one container of its own and the site's table of
// contents, version picker, "On this page" box and prev/next links around
// it. The docs layer takes that container; code samples in hidden tabs
// (one per language) stay, line-number gutters and the page's furniture
// inside the container go.

// docsContainer names a generator's body container: an element with the
// class token class (or id id, or attribute attr=val), of tag tag when set.
type docsContainer struct {
	tag      atom.Atom
	class    string // lower case, as classID gives it
	id       string // lower case
	attr     string
	val      string
	children string // class token of children the container must have (asciidoc sections)
	// generic marks containers that articles use too (schema.org
	// articleBody, a role=main landmark): they hold a documentation page's
	// body but do not make a page documentation.
	generic bool
}

// docsContainers are documentation generators' body containers, most
// specific first.
var docsContainers = []docsContainer{
	{class: "theme-doc-markdown"},                             // Docusaurus
	{class: "md-content__inner"},                              // MkDocs Material
	{class: "vp-doc"},                                         // VitePress
	{class: "sl-markdown-content"},                            // Starlight
	{class: "main-page-content"},                              // MDN
	{tag: atom.Main, id: "content", class: "layout__content"}, // MDN since 2025
	{class: "devsite-article-body"},                           // Google devsite
	{class: "mdx-content"},                                    // Mintlify
	{id: "content-area"},                                      // Mintlify
	{class: "nextra-content"},                                 // Nextra
	{class: "td-content"},                                     // Docsy (Hugo)
	{class: "bd-article"},                                     // PyData Sphinx theme
	{class: "body", attr: "role", val: "main"},                // Sphinx basic themes
	{attr: "itemprop", val: "articleBody", generic: true},     // Read the Docs theme, schema.org markup
	{class: "rst-content"},                                    // Read the Docs theme without itemprop
	{id: "docs-content"},                                      // Django-style docs sites
	{class: "markdown-body"},                                  // GitHub, GitBook-style renderers
	{id: "mdbook-content"},                                    // mdBook
	{tag: atom.Div, attr: "role", val: "main", generic: true}, // Sphinx and javadoc landmarks
	{tag: atom.Div, class: "document"},                        // Sphinx
	{tag: atom.Div, id: "content", children: "sect1"},         // Asciidoctor
	{tag: atom.Div, id: "main", children: "sect1"},            // Asciidoctor in a site frame
	{tag: atom.Div, class: "book", children: "section"},       // DocBook
}

// minDocsText is the least text a generator's container must hold to be
// taken as the page's body.
const minDocsText = 200

// minDocsShare is the least share of the main region's text a generator's
// container must hold; less is a box that happens to carry the class.
const minDocsShare = 0.3

// docsBoilerWords mark the furniture that generators put inside the body
// container, by class or id at token boundaries: edit links, breadcrumbs,
// prev/next links, tables of contents, version badges, feedback boxes,
// copy buttons and line-number gutters.
var docsBoilerWords = wordSet{
	"theme-edit-this-page", "edit-this-page", "edit-page", "editpage", "md-content__button",
	"md-source-file", "pagination-nav", "prev-next", "prevnext", "page-nav", "docs-prevnext",
	"theme-doc-breadcrumbs", "breadcrumbs", "breadcrumb", "theme-doc-toc-mobile", "table-of-contents",
	"on-this-page", "theme-doc-version-badge", "theme-doc-version-banner", "version-switcher",
	"feedback", "page-feedback", "was-this-helpful", "copybtn", "copy-button", "clipboard",
	"linenos", "lineno", "linenodiv", "line-numbers-rows", "rouge-gutter", "headerlink",
	"theme-doc-footer", "footer", "devsite-article-meta", "devsite-page-rating",
	// MediaWiki: skip links, the "From Wiki" line, the category box
	"mw-jump-link", "jump-to-nav", "sitesub", "catlinks", "printfooter",
}

// docsBoilerTokens are short names of the same furniture, matched only as
// a whole class token or id: as parts of longer names they mean other
// things ("toc-backref" is a section heading's link).
var docsBoilerTokens = []string{"toc", "gutter", "pager", "edit"}

// docsBoiler reports whether n is the generator's furniture by its class
// or id.
func docsBoiler(n *html.Node) bool {
	cid := classID(n)
	if cid == "" {
		return false
	}
	if docsBoilerWords.bounded(cid) {
		return true
	}
	for _, t := range docsBoilerTokens {
		if hasToken(cid, t) {
			return true
		}
	}
	return false
}

// tabPanelWords mark the panels of a tab box by class, at token
// boundaries: one panel is shown, the others (other languages, other
// systems) are hidden, and all of them are the page's text. DocFX's
// pivot zones ("zone has-pivot") are such panels chosen by a page-wide
// picker.
var tabPanelWords = wordSet{"tab-pane", "tabpanel", "tab-panel", "tabs__item", "tabbed-block", "tab-content", "has-pivot"}

// tabPanel reports whether n is one panel of a tab box.
func tabPanel(n *html.Node) bool {
	if attr(n, "role") == "tabpanel" {
		return true
	}
	cid := classID(n)
	return cid != "" && tabPanelWords.bounded(cid)
}

// tabStrip reports whether n is the row of labels of a tab box: a
// tablist, a box whose element children (two or more) are all tabs, or
// MkDocs Material's tabbed-labels. The labels name the panels ("Python",
// "Windows"); they are controls, not the page's text.
func tabStrip(n *html.Node) bool {
	if attr(n, "role") == "tablist" || hasToken(attr(n, "class"), "tabbed-labels") {
		return true
	}
	tabs := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if attr(c, "role") != "tab" {
			return false
		}
		tabs++
	}
	return tabs >= 2
}

// breadcrumbTrail reports whether n is a breadcrumb trail by its class,
// id or label, however the word is joined to others ("SiteBreadcrumb",
// "BreadcrumbNav-list").
func breadcrumbTrail(n *html.Node) bool {
	return strings.Contains(classID(n), "breadcrumb") || strings.Contains(strings.ToLower(attr(n, "aria-label")), "breadcrumb")
}

// matches reports whether n is the container c names.
func (c docsContainer) matches(n *html.Node) bool {
	if c.tag != 0 && n.DataAtom != c.tag {
		return false
	}
	if !c.mayMatch(classID(n)) {
		return false
	}
	if c.class != "" && !hasToken(attr(n, "class"), c.class) {
		return false
	}
	if c.id != "" && attr(n, "id") != c.id {
		return false
	}
	if c.attr != "" && attr(n, c.attr) != c.val {
		return false
	}
	if c.children != "" {
		kids := 0
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && hasToken(attr(k, "class"), c.children) {
				kids++
			}
		}
		if kids < 2 {
			return false
		}
	}
	return true
}

// docsContainerOf returns the first generator container in docsContainers
// order found on the page under root, with the rank of its entry, or nil.
// Containers inside the frame are not considered.
func docsContainerOf(root *html.Node) (*html.Node, int) {
	var best *html.Node
	bestRank := len(docsContainers)
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) || n.DataAtom == atom.Nav || n.DataAtom == atom.Aside {
			return false
		}
		for i, c := range docsContainers[:bestRank] {
			if c.matches(n) {
				best, bestRank = n, i
				break
			}
		}
		return true
	})
	return best, bestRank
}

// mayMatch is matches' cheap first test on an element's lower-cased class
// and id (classID): the container's class and id (lower case in the
// table) must occur in it.
func (c docsContainer) mayMatch(cid string) bool {
	return (c.class == "" || strings.Contains(cid, c.class)) && (c.id == "" || strings.Contains(cid, c.id))
}

// docsMarkup reports whether root holds the body container of a
// documentation generator (not one that articles use too). Every such
// container names a class or an id, which is then one of the tokens of the
// element's classID: each token is looked up among the containers, and
// elements without a class or id are passed over at once.
func docsMarkup(root *html.Node) bool {
	byToken := docsContainersByToken()
	return findFirst(root, func(n *html.Node) bool {
		for rest := classID(n); rest != ""; {
			var tok string
			tok, rest = cutToken(rest)
			for _, i := range byToken[tok] {
				if docsContainers[i].matches(n) {
					return true
				}
			}
		}
		return false
	}) != nil
}

// docsContainersByToken maps the class (else the id) of each container
// that is not generic to its indices in docsContainers.
var docsContainersByToken = sync.OnceValue(func() map[string][]int {
	m := map[string][]int{}
	for i, c := range docsContainers {
		if c.generic {
			continue
		}
		key := c.class
		if key == "" {
			key = c.id
		}
		if key == "" {
			panic("extract: a docs container that is not generic needs a class or an id")
		}
		m[key] = append(m[key], i)
	}
	return m
})

// selectDocs takes a documentation page's generator container as the
// body. It reports false, leaving the body to the article layer, when
// there is none or it holds too little of the page (region characters in
// the main region). Either way, hidden tab panels are kept from now on.
func (e *extractor) selectDocs(region int) bool {
	e.docsPage = true
	body := bodyElement(e.doc)
	if body == nil {
		return false
	}
	e.pruneHidden(body)
	c, _ := docsContainerOf(body)
	if c == nil {
		return false
	}
	if l := textLen(c); l < minDocsText || float64(l) < minDocsShare*float64(region) {
		return false
	}
	e.cleanDocs(c)
	e.body = []*html.Node{c}
	e.docsBody = true
	e.explain["body"] = []Candidate{{describe(c), "documentation"}}
	return true
}

// cleanDocs removes the generator's furniture from the container c:
// elements marked by docsBoilerWords, and "Edit this page" links.
func (e *extractor) cleanDocs(c *html.Node) {
	total := textLen(c)
	var drop []*html.Node
	walk(c, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n == c {
			return true
		}
		if docsBoiler(n) && textLen(n) < total/2 {
			drop = append(drop, n)
			return false
		}
		if n.DataAtom == atom.A && editLink(innerText(n)) {
			drop = append(drop, n)
			return false
		}
		return true
	})
	for _, n := range drop {
		detach(n)
	}
	unwrapHeadingLinks(c)
}

// unwrapHeadingLinks replaces the links inside c's headings (anchors to
// the section itself) with their text, so that a heading does not read as
// a link to be dropped with the menus.
func unwrapHeadingLinks(c *html.Node) {
	var links []*html.Node
	walk(c, func(n *html.Node) bool {
		if isElem(n, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) {
			links = append(links, findAll(n, func(x *html.Node) bool { return x.DataAtom == atom.A })...)
			return false
		}
		return true
	})
	for _, a := range links {
		for a.FirstChild != nil {
			k := a.FirstChild
			a.RemoveChild(k)
			a.Parent.InsertBefore(k, a)
		}
		a.Parent.RemoveChild(a)
	}
}

// editLinks are the labels of a documentation page's link to its source,
// lower-cased.
var editLinks = map[string]bool{
	"edit this page": true, "edit on github": true, "edit page": true, "edit this page on github": true,
	"view page source": true, "show source": true, "improve this page": true, "edit on gitlab": true,
	"suggest an edit": true, "view source": true,
}

// editLink reports whether a link's text is an "Edit this page" label.
func editLink(t string) bool {
	return editLinks[strings.ToLower(strings.TrimSpace(t))]
}
