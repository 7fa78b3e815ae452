package extract

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// signals are what classify reads of a page before any of its text is
// chosen: structured data, platform and forum markup, repeated item
// structures and the shape of the URL.
type signals struct {
	ldTypes  map[string]bool // schema.org types in JSON-LD and microdata, lower-cased
	products int             // schema.org Product and ProductGroup items in JSON-LD and microdata
	ogType   string
	bodyTags map[string]bool // the tokens of body's class
	path     string          // the URL's path and query, lower-cased
	host     string          // the URL's host name, lower-cased

	posts            int // separate posts (article elements, h-entries) on the page
	bodyText         int // the length of body's text
	platformPosts    int // posts in blog platform markup (Blogger's post-outer, WordPress's hentry)
	platformPostText int // the length of their text
	cards            int // the items in the longest run of sibling items of one shape, each a link with text
	cardText         int // the length of their text
	pricedCards      int // the items of that run that show a price (a shop's product grid)
	text             int // the length of the page's text outside its frame
	headLinks        int // headings whose text is a link (item titles of a listing)
	prose            int // characters in paragraphs of running text
	proseParas       int // paragraphs of running text
	codeBlocks       int // pre elements
	price            bool
	cart             bool
	docsMarkup       bool
	thread           string // the forum software whose markup holds the page, if any
}

// longProse reports whether the page holds long running text: 2500
// characters or more in five paragraphs or more.
func (s *signals) longProse() bool {
	return s.prose >= 2500 && s.proseParas >= 5
}

// Signal words and patterns for classify, named in one place.
var (
	// listingBodyClasses are body classes of archive, index and search
	// pages, and of shops' category pages (Magento's catalog-category-view).
	listingBodyClasses = []string{"home", "blog", "archive", "category", "tag", "search", "search-results",
		"index-view", "post-type-archive", "tax-product_cat", "woocommerce-shop", "collection", "term",
		"catalog-category-view", "product-listing-page"}
	// postBodyClasses are body classes of a single post's page.
	postBodyClasses = []string{"single", "single-post", "item-view", "post-template-default", "postid"}
	// productBodyClasses are body classes of a product page.
	productBodyClasses = []string{"single-product", "product-template-default", "template-product", "product-page", "catalog-product-view"}
	// docsGenerators name documentation generators in <meta name=generator>.
	docsGenerators = []string{"sphinx", "docusaurus", "mkdocs", "gitbook", "vitepress", "docfx", "read the docs", "doxygen", "javadoc", "antora", "hugo-book", "jekyll-docs", "mintlify", "nextra", "starlight"}
	// docsClasses mark a documentation page's content or navigation.
	docsClasses = wordSet{"main-page-content", "sl-markdown-content", "vp-doc", "td-content", "devsite-article-body", "documentwrapper", "mdbook-content", "rst-content", "md-content", "theme-doc-markdown", "docs-content", "doc-content", "documentation", "docmain", "docs-main", "markdown-body", "sphinxsidebar", "bd-content", "docs-sidebar", "doc-sidebar", "toctree", "api-reference", "docs-page", "devsite-article"}
	// cartWords are the labels of a shop's buy button.
	cartWords = []string{"add to cart", "add to bag", "add to basket", "buy now", "in den warenkorb", "ajouter au panier", "añadir al carrito", "aggiungi al carrello", "in winkelwagen", "kaufen", "add-to-cart", "addtocart"}
)

// productTypes are the schema.org types of one product. A page that
// declares exactly one, and no collection, is that product's page: a grid
// of priced items on it is the shop's other products ("similar items",
// "customers also viewed"), not a category.
var productTypes = map[string]bool{"product": true, "productgroup": true}

// productGridItems is the least number of priced items in a run of
// sibling items that makes the run a shop's product grid: the page is a
// category of products, whatever product markup its items carry.
const productGridItems = 6

// frameWords mark the frame's widgets and sidebars, whose repeated items
// (recent posts, archives, link lists) say nothing of the page.
var frameWords = wordSet{"sidebar", "widget", "footer", "header", "menu", "nav", "navbar", "navigation", "related", "recent", "popular", "breadcrumb", "breadcrumbs", "archive-list", "blogroll"}

// proseParaMin is the length (bytes of text) from which a paragraph
// counts as running text.
const proseParaMin = 120

// Patterns of URL paths, lower-cased.
var (
	docsPathRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`/(docs?|documentation|manual|reference|api|handbook|guides?|tutorials?|wiki|kb|knowledge-?base|help|learn|sdk|man)(/|\.|$)|readthedocs|/latest/|/stable/|/v\d+(\.\d+)*/`)
	})
	productPathRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`/(products?|p|dp|item|items|shop|store|buy)/[^/]+|/[^/]*-p-\d+|\.html?$.*[?&](variant|sku)=|/[a-z0-9-]+-\d{5,}\.html?$`)
	})
	collectionPathRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`/(collections?|categories|category|c|catalog|catalogue|shop|store|department|brands?|tags?|topics?|archives?|search|blog|news|articles|posts|stories|recipes|events|jobs|reviews|products|deals|sale|listings?|directory|all)/?($|\?)|/(collections?|categories|category|tags?|page)/[^/]+/?$|[?&](page|paged|p|q|s|query)=`)
	})
	threadPathRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`/(threads?|t|topic|topics|thread|discussion|discussions|d|questions|comments|post|showthread\.php|viewtopic\.php|forum/[^/]+/[^/]+)(/|\?|$)|showtopic|viewthread`)
	})
)

// docsHostLabels are the first labels of documentation sites' host names
// (docs.example.com, developer.example.com).
var docsHostLabels = map[string]bool{
	"docs": true, "doc": true, "developer": true, "developers": true, "devdocs": true, "wiki": true,
	"learn": true, "manual": true, "reference": true,
}

// docsHost reports whether host names a documentation site: its first
// label is one of docsHostLabels, or it is served by a docs host.
func docsHost(host string) bool {
	first, _, _ := strings.Cut(host, ".")
	return docsHostLabels[first] || strings.Contains(host, "readthedocs")
}

// readSignals gathers the page's signals.
func (e *extractor) readSignals() *signals {
	s := &signals{ldTypes: map[string]bool{}, bodyTags: map[string]bool{}}
	for _, n := range e.ld.nodes {
		for _, t := range ldTypes(n) {
			s.ldTypes[strings.ToLower(lastSegment(t))] = true
			if productTypes[t] {
				s.products++
			}
		}
	}
	s.ogType = strings.ToLower(e.metaFirst("og:type"))
	if u, err := url.Parse(e.pageURL); err == nil {
		s.path = strings.ToLower(u.EscapedPath())
		s.host = strings.ToLower(u.Hostname())
		if u.RawQuery != "" {
			s.path += "?" + strings.ToLower(u.RawQuery)
		}
	}
	for _, g := range docsGenerators {
		if e.generator(g) {
			s.docsMarkup = true
		}
	}
	if e.metaFirst("product:price:amount", "og:price:amount", "product:price") != "" {
		s.price = true
	}
	body := bodyElement(e.doc)
	if body == nil {
		return s
	}
	for c := range strings.FieldsSeq(strings.ToLower(attr(body, "class"))) {
		s.bodyTags[c] = true
	}
	st := e.measured(body)
	s.bodyText = st[body].text
	if !s.docsMarkup && docsMarkup(body) {
		s.docsMarkup = true
	}
	var lastPost *html.Node
	walk(body, func(n *html.Node) bool {
		if n.Type == html.TextNode {
			s.text += len(strings.TrimSpace(n.Data))
		}
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) && n.DataAtom != atom.Button && n.DataAtom != atom.Input {
			return false
		}
		if t := attr(n, "itemtype"); t != "" {
			lt := strings.ToLower(lastSegment(strings.TrimRight(t, "/ ")))
			s.ldTypes[lt] = true
			if productTypes[lt] {
				s.products++
			}
		}
		switch ip := attr(n, "itemprop"); ip {
		case "price", "priceCurrency", "lowPrice":
			s.price = true
		}
		a := n.DataAtom
		if a == atom.Div && !hasBlockChild(n) && !wrapsBlocks(n) {
			a = atom.P // a div without blocks inside is a paragraph too
		}
		switch a {
		case atom.Article:
			s.posts++
		case atom.Pre:
			s.codeBlocks++
			return false
		case atom.P:
			if ps := st[n]; ps != nil {
				s.text += ps.text
				if ps.text >= proseParaMin && float64(ps.linked) < 0.2*float64(ps.text) {
					s.prose += ps.text
					s.proseParas++
				}
			}
			// A buy button may sit in a box of inline elements read
			// here as a paragraph (Amazon's span.a-button).
			if !s.cart && a != n.DataAtom {
				s.cart = findFirst(n, func(x *html.Node) bool {
					return (x.DataAtom == atom.Button || x.DataAtom == atom.Input) && cartButton(x)
				}) != nil
			}
			return false
		case atom.H2, atom.H3, atom.H4:
			if a := findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.A }); a != nil && len(innerText(a)) > 10 {
				s.headLinks++
			}
			s.text += st.textOf(n)
			return false
		case atom.Button, atom.Input:
			s.cart = s.cart || cartButton(n)
			return false
		case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Main, atom.Tbody:
			if items, t := itemGroup(n, st); len(items) >= 3 && t > s.cardText {
				s.cards, s.cardText, s.pricedCards = len(items), t, pricedItems(items)
			}
		case atom.Form:
			s.cart = s.cart || cartForm(n)
		case atom.Nav, atom.Aside, atom.Footer:
			return false
		}
		if chromeRoles[attr(n, "role")] || n != body && frameWords.bounded(classID(n)) && st.textOf(n) < s.bodyText/2 {
			return false
		}
		if (n.DataAtom == atom.Div || n.DataAtom == atom.Article) && (hasClass(n, "post") && hasClass(n, "hentry") || hasClass(n, "post-outer") || hasClass(n, "type-post") && n.DataAtom == atom.Article) && !isAncestor(lastPost, n) {
			s.platformPosts++
			s.platformPostText += textLen(n)
			lastPost = n
		}
		if !s.docsMarkup {
			if cid := classID(n); cid != "" && docsClasses.in(cid) {
				s.docsMarkup = true
			}
		}
		return true
	})
	return s
}

// wrapsBlocks reports whether one of n's children is a custom element (a
// web component such as <infinite-scroll> or <product-list>) that holds
// blocks: n is then no paragraph, however its own children look.
func wrapsBlocks(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == 0 && strings.Contains(c.Data, "-") &&
			findFirst(c, isBlock) != nil {
			return true
		}
	}
	return false
}

// cartButton reports whether the button or input n is a shop's buy
// button: its label, value, name, class or id says so (cartWords).
func cartButton(n *html.Node) bool {
	v := strings.ToLower(innerText(n) + " " + attr(n, "value") + " " + attr(n, "name") + " " + classID(n))
	for _, w := range cartWords {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

// cartFormWords mark a shop's form that puts the product in the cart, by
// its action, id or class: Shopify's /cart/add, Amazon's buy box,
// Magento's product_addtocart_form.
var cartFormWords = []string{"cart/add", "add-to-cart", "addtocart", "add_to_cart", "buy-box", "buybox"}

// cartForm reports whether the form n puts the product in the cart.
func cartForm(n *html.Node) bool {
	v := strings.ToLower(attr(n, "action") + " " + classID(n))
	for _, w := range cartFormWords {
		if strings.Contains(v, w) {
			return true
		}
	}
	return false
}

// itemGroup returns n's element children that look like the items of a
// listing: the largest group of one tag and class, each holding a link and
// a heading, an image or some text of its own beyond the link's (as st
// measured them), in document order, with the length of their text.
func itemGroup(n *html.Node, st stats) ([]*html.Node, int) {
	type shape struct {
		a   atom.Atom
		cls string
	}
	type group struct {
		items []*html.Node
		text  int
	}
	var groups map[shape]*group
	var best *group
	for c := range elementChildren(n) {
		switch c.DataAtom {
		case atom.P, atom.Blockquote, atom.Pre, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Span, atom.A, atom.Br:
			continue // running text, not items
		}
		cs := st[c]
		if cs == nil || cs.text < 20 || cs.text > 3000 || cs.links == 0 || cs.links > 12 || cs.text-cs.linked < 25 && cs.rich == 0 {
			continue
		}
		if groups == nil {
			groups = map[shape]*group{}
		}
		k := shape{c.DataAtom, firstClass(c)}
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
		}
		g.items = append(g.items, c)
		g.text += cs.text
		if best == nil || len(g.items) > len(best.items) {
			best = g
		}
	}
	if best == nil {
		return nil, 0
	}
	return best.items, best.text
}

// firstClass returns n's first class token.
func firstClass(n *html.Node) string {
	f := strings.Fields(attr(n, "class"))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func (s *signals) hasType(types ...string) bool {
	for _, t := range types {
		if s.ldTypes[t] {
			return true
		}
	}
	return false
}

func (s *signals) bodyClass(classes []string) bool {
	for _, c := range classes {
		if s.bodyTags[c] {
			return true
		}
	}
	return false
}

// classify decides what the page is from its signals. It reads nothing of
// the body the later layers choose.
//
// It also returns how strongly the page reads as a post (the post score).
func (e *extractor) classify(s *signals) (Kind, int, []string) {
	var why []string
	score := map[Kind]int{}
	add := func(k Kind, n int, reason string) {
		score[k] += n
		why = append(why, fmt.Sprintf("%s %+d %s", k, n, reason))
	}
	switch {
	case s.thread == "stackexchange":
		add(KindQA, 8, "Q&A markup")
	case s.thread != "":
		add(KindThread, 8, "forum markup ("+s.thread+")")
	}
	switch {
	case s.hasType("qapage"):
		add(KindQA, 6, "schema.org QAPage")
	case s.hasType("discussionforumposting"):
		add(KindThread, 5, "schema.org DiscussionForumPosting")
	}
	if e.article != nil && !s.hasType("discussionforumposting") {
		add(KindPost, 3, "json-ld article")
	}
	if s.hasType("techarticle", "apireference") {
		add(KindDocs, 2, "schema.org TechArticle")
	}
	if s.hasType("product", "productgroup", "offer", "aggregateoffer") {
		add(KindProduct, 3, "schema.org Product")
	}
	if s.hasType("collectionpage", "itemlist", "searchresultspage", "offercatalog") {
		add(KindListing, 2, "schema.org collection")
	}
	switch s.ogType {
	case "article", "blog", "blogposting", "news":
		add(KindPost, 2, "og:type article")
	case "product", "product.item", "og:product", "product.group":
		add(KindProduct, 3, "og:type product")
	}
	if e.metaFirst("article:published_time") != "" {
		add(KindPost, 1, "article:published_time")
	}
	if s.price {
		add(KindProduct, 2, "price markup")
	}
	if s.cart {
		add(KindProduct, 2, "buy button")
	}
	if s.bodyClass(productBodyClasses) {
		add(KindProduct, 3, "product body class")
	}
	switch {
	case s.bodyClass(productBodyClasses):
		// WordPress marks a product's page "single" too.
	case s.bodyClass(postBodyClasses):
		add(KindPost, 3, "single-post body class")
	case s.bodyClass(listingBodyClasses):
		add(KindListing, 3, "archive body class")
	}
	if s.docsMarkup {
		add(KindDocs, 3, "documentation markup")
	}
	if s.codeBlocks >= 3 {
		add(KindDocs, 1, "code blocks")
	}
	// Repeated items holding much of the page's text, unless the page
	// declares one product and the items show prices: they are then the
	// shop's other products.
	otherProducts := s.products == 1 && 2*s.pricedCards > s.cards && !s.hasType("collectionpage", "itemlist", "searchresultspage", "offercatalog")
	switch {
	case otherProducts:
	case s.cards >= 4 && s.cardText*3 >= s.text && s.cardText > s.prose:
		add(KindListing, 3, "repeated items")
	case s.cards >= 6 && s.cardText*6 >= s.text:
		add(KindListing, 1, "repeated items")
	}
	if s.pricedCards >= productGridItems && 2*s.pricedCards > s.cards && !otherProducts {
		add(KindListing, 3, "product grid")
	}
	if s.headLinks >= 6 {
		add(KindListing, 2, "linked headings")
	}
	switch {
	case s.platformPosts == 1:
		add(KindPost, 2, "one blog post")
	case s.platformPosts > 1 && 2*s.platformPostText >= s.bodyText:
		add(KindListing, 4, "several blog posts")
	}
	if s.posts >= 3 {
		add(KindListing, 2, "several articles")
	} else if s.posts == 1 {
		add(KindPost, 1, "one article")
	}
	// Running text.
	switch {
	case s.longProse():
		add(KindPost, 2, "running text")
	case s.prose >= 1000:
		add(KindPost, 1, "running text")
	case s.prose < 300:
		add(KindLanding, 1, "little running text")
	}
	// The URL.
	p := s.path
	front := false // the page is the site's root
	switch {
	case p == "" && e.pageURL == "":
	case p == "" || p == "/" || strings.HasPrefix(p, "/?") || p == "/index.html" || p == "/index.php":
		add(KindLanding, 2, "site root")
		front = true
	case urlDateRE().MatchString(p):
		add(KindPost, 2, "dated URL")
	case threadPathRE().MatchString(p):
		add(KindThread, 1, "thread URL")
	}
	if docsPathRE().MatchString(p) || docsHost(s.host) {
		add(KindDocs, 2, "docs URL")
	}
	if productPathRE().MatchString(p) {
		add(KindProduct, 1, "product URL")
	}
	if collectionPathRE().MatchString(p) || listingPathRE().MatchString(p) {
		add(KindListing, 1, "listing URL")
	}
	if segs := strings.Count(strings.Trim(p, "/"), "/") + 1; strings.Trim(p, "/") != "" && segs <= 1 && !strings.ContainsAny(p, "-_?.") {
		add(KindLanding, 1, "short URL")
	}
	// Without a clear sign of another kind, the page is taken as a post:
	// the post layers fall back to the main region when they find no text.
	best, bestScore := KindPost, 1
	for _, k := range []Kind{KindPost, KindThread, KindQA, KindListing, KindProduct, KindDocs, KindLanding} {
		if score[k] > bestScore {
			best, bestScore = k, score[k]
		}
	}
	if best == KindPost && front && score[KindLanding] >= score[KindPost] {
		// A site's front page that reads as much as a landing page as a
		// post is its landing page: the sections of a company's home page
		// carry running text too.
		best = KindLanding
	}
	return best, score[KindPost], why
}
