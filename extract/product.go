package extract

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/annals-dev/annals"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A product page's content is its description and its specifications;
// the rest (price, cart, delivery, ratings, other products) is the shop's.

// productWords mark the description and specification blocks of a product
// page by class or id, at token boundaries. "overview" and a bare
// "details" are not among them: a box so named is the top of the page
// (title, price, buy box) or the shop's details of financing, shipping or
// the seller; a heading "Product overview" or "Details" opens the
// description all the same.
var productWords = wordSet{
	"description", "product-description", "productdescription", "product-details", "productdetails",
	"product-detail", "item-details", "specifications", "specification", "specs", "spec",
	"tech-specs", "features", "product-features", "attributes", "product-attributes",
	"additional-information", "ingredients", "highlights",
	"long-description", "full-description", "product-info-description", "product__description",
	"product-single__description", "product-desc", "desc", "beschreibung", "produktbeschreibung",
}

// productHeadings are headings that open a description or specification
// section, lower-cased and matched as the whole heading.
var productHeadings = map[string]bool{
	"description": true, "product description": true, "product details": true, "details": true,
	"specifications": true, "specs": true, "tech specs": true, "technical specifications": true,
	"features": true, "key features": true, "item details": true, "overview": true,
	"product overview": true, "ingredients": true, "highlights": true, "about this item": true,
	"beschreibung": true, "produktbeschreibung": true, "technische daten": true, "details zum artikel": true,
	"produktdetails": true, "merkmale": true, "description du produit": true, "caractéristiques": true,
	"descripción": true, "características": true, "descrizione": true, "caratteristiche": true,
	"beschrijving": true, "specificaties": true, "productinformatie": true,
}

// minProductText is the least text the description blocks must hold to be
// taken; with less, the page's main region is taken.
const minProductText = 150

// minProductShare is the least share of the main region's text the
// description blocks must hold: less is a stray box that happens to carry
// one of the words.
const minProductShare = 0.3

// selectProduct takes a product page's description and specification
// blocks as the body. It reports false, leaving the body unset, when it
// finds too little.
func (e *extractor) selectProduct(region int) bool {
	body := bodyElement(e.doc)
	if body == nil {
		return false
	}
	st := e.measured(body)
	half := st.textOf(body) / 2
	e.pruneHidden(body)
	var blocks []*html.Node
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		// A chrome word on a wrapper of most of the page ("with_header",
		// "menu_overlap") does not make the page frame.
		if n.DataAtom == atom.Button {
			// An accordion's trigger names its panel ("Specifications").
			h := strings.ToLower(strings.Trim(clean(innerText(n)), " :"))
			if productHeadings[h] {
				if sec := headedSection(n); sec != nil && textLen(sec) >= 30 {
					blocks = append(blocks, sec)
				}
			}
			return false
		}
		if skipAtom(n.DataAtom) || (isChrome(n, false) || isCommentRoot(n)) && st.textOf(n) < half {
			return false
		}
		if n.DataAtom == atom.Body {
			return true
		}
		if cid := classID(n); cid != "" && productWords.bounded(cid) && !strings.Contains(cid, "short") {
			if textLen(n) >= 30 && linkDensity(n) < 0.5 {
				blocks = append(blocks, n)
				return false
			}
		}
		if isElem(n, atom.H2, atom.H3, atom.H4, atom.Button, atom.Summary, atom.Dt) {
			h := strings.ToLower(strings.Trim(clean(innerText(n)), " :"))
			if productHeadings[h] {
				if sec := headedSection(n); sec != nil && textLen(sec) >= 30 {
					blocks = append(blocks, sec)
				}
				return false
			}
		}
		return true
	})
	blocks = outermost(blocks)
	total := 0
	for _, b := range blocks {
		total += utf8.RuneCountInString(innerText(b))
	}
	if total < minProductText || float64(total) < minProductShare*float64(region) {
		return false
	}
	// Reviews, forms and other products inside the blocks are the shop's.
	var drop []*html.Node
	for _, b := range blocks {
		walk(b, func(n *html.Node) bool {
			if n.Type != html.ElementNode || n == b {
				return true
			}
			if n.DataAtom == atom.Form || productBoilerWords.bounded(classID(n)) {
				drop = append(drop, n)
				return false
			}
			return true
		})
	}
	for _, n := range drop {
		detach(n)
	}
	e.body = blocks
	e.explain["body"] = []Candidate{{describe(blocks[0]), "product"}}
	return true
}

// productBoilerWords mark the shop's boxes inside a product's description
// blocks: reviews, ratings, other products, forms.
var productBoilerWords = wordSet{
	"review", "reviews", "rating", "ratings", "cross-selling", "crossselling", "also-bought",
	"similar", "similar-products", "related", "related-products", "upsell", "up-sell", "recommendations",
	"recently-viewed", "recommended", "captcha", "tab-menu--cross-selling", "bundle", "bundles",
	// Notices a script shows after a click: "added to your cart".
	"alert", "toast", "notification", "flash-message",
}

// headedSection returns the block a heading opens: its parent when the
// parent holds little besides the section, else the heading's next
// sibling element.
func headedSection(h *html.Node) *html.Node {
	p := h.Parent
	if p != nil && p.DataAtom != atom.Body && textLen(p) < 5000 {
		// The parent is the section when the heading is its first child.
		if first := firstElementChild(p); first == h || first != nil && isAncestor(first, h) {
			return p
		}
	}
	return nextElement(h)
}

// firstElementChild returns n's first child element, or nil.
func firstElementChild(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// outermost keeps the nodes that are not inside another of them, in
// document order (nodes are given in document order).
func outermost(nodes []*html.Node) []*html.Node {
	var out []*html.Node
	for _, n := range nodes {
		inside := false
		for _, o := range out {
			if isAncestor(o, n) {
				inside = true
				break
			}
		}
		if inside {
			continue
		}
		// A later node may contain earlier ones (a heading's section).
		kept := out[:0]
		for _, o := range out {
			if !isAncestor(n, o) {
				kept = append(kept, o)
			}
		}
		out = append(kept, n)
	}
	return out
}

// otherProductsSlack is the most text, beyond its items', a box around a
// grid of other products may hold and go with them: its heading ("Often
// viewed together") and a "See more" link.
const otherProductsSlack = 100

// otherProductsShare is the largest share of the region's text a grid of
// other products may hold: a larger grid is the page's content (a category
// page that reads as a product).
const otherProductsShare = 0.5

// dropOtherProducts removes from the main region of a page that declares
// a schema.org product the shop's
// other products: a run of at least minGridItems sibling items of which
// most show a price. On a product page such a grid is a carousel of
// similar, recommended or recently viewed products, not the product. The
// smallest box around the grid that holds little else goes with it.
func dropOtherProducts(root *html.Node) {
	st := measure(root)
	most := int(otherProductsShare * float64(st.textOf(root)))
	var drop []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		items, t := itemGroup(n, st)
		if len(items) < minGridItems || t > most || 2*pricedItems(items) <= len(items) {
			return true
		}
		box := n
		for box.Parent != nil && box.Parent != root && st.textOf(box.Parent) <= t+otherProductsSlack {
			box = box.Parent
		}
		if box == n && st.textOf(n) > t+otherProductsSlack {
			drop = append(drop, items...)
		} else {
			drop = append(drop, box)
		}
		return false
	})
	for _, n := range drop {
		detach(n)
	}
}

// cleanProduct removes from a product page's body what cleanRegion leaves
// of the shop's furniture: the page's footer, however much text it holds
// (on a product page the footer's reviews, newsletter and link columns can
// outweigh the product), and what the shop's style sheet hides by class
// (hiddenByClass): messages for later ("Added to your cart!", "Back in
// stock"), the phone layout's copy of a block, custom fields kept for
// scripts.
func (e *extractor) cleanProduct() {
	for _, root := range e.body {
		var drop []*html.Node
		walk(root, func(n *html.Node) bool {
			if n.Type != html.ElementNode || n == root {
				return true
			}
			if skipAtom(n.DataAtom) {
				return false
			}
			if n.DataAtom == atom.Footer && !insideAtom(n, root, atom.Article) || attr(n, "role") == "contentinfo" || hiddenByClass(n) {
				drop = append(drop, n)
				return false
			}
			return true
		})
		for _, n := range drop {
			detach(n)
		}
		dropShopSections(root)
	}
}

// shopHeadingRE matches the headings of a product page's sections that are
// the shop's, not the product's: other products ("You may also like",
// "Customers also bought", "Similar items", "Complete the look") and what
// other people say of the shop.
var shopHeadingRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:` +
		`.*\byou (?:may|might|will|could) (?:also )?(?:like|love|enjoy)\b.*` +
		`|.*\balso (?:bought|viewed|purchased|liked|loved|like|love)\b.*` +
		`|(?:frequently|often|commonly) bought together.*` +
		`|.*\b(?:customers|people|guests|others|shoppers|users) (?:who )?(?:also )?(?:bought|viewed|purchased|liked|searched)\b.*` +
		`|(?:similar|related|recommended|featured|suggested|sponsored|popular|matching) (?:items?|products?|books|accessories|articles|styles)\b.*` +
		`|recommended for you|recently viewed.*|complete the (?:look|set)\b.*|(?:shop|get) the look|explore related.*` +
		`|best ?sellers|more from .*|seller(?:'s|’s)? (?:feedback|other items)|as seen on .*|.* in the wild` +
		`|produits (?:complémentaires|similaires)|vous (?:aimerez|aimeriez) aussi.*|das könnte (?:dir|ihnen) auch gefallen.*|ähnliche (?:produkte|artikel)` +
		`)[\s:.…!]*$`)
})

// dropShopSections removes the sections that a heading matching
// shopHeadingRE opens: the smallest box the heading leads (up to half of
// root's text), else the heading and its siblings up to the next heading.
func dropShopSections(root *html.Node) {
	total := textLen(root)
	var drop []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if !isElem(n, atom.H2, atom.H3, atom.H4, atom.H5) {
			return true
		}
		h := strings.TrimSpace(clean(innerText(n)))
		if h == "" || len(h) > 80 || !shopHeadingRE().MatchString(h) {
			return false
		}
		box := n
		for box.Parent != nil && box.Parent != root && firstElementChild(box.Parent) == box && 2*textLen(box.Parent) < total {
			box = box.Parent
		}
		if box != n {
			drop = append(drop, box)
			return false
		}
		drop = append(drop, n)
		for s := nextElement(n); s != nil && !isElem(s, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5); s = nextElement(s) {
			drop = append(drop, s)
		}
		return false
	})
	for _, n := range drop {
		detach(n)
	}
}

// insideAtom reports whether n lies inside an element a below root.
func insideAtom(n, root *html.Node, a atom.Atom) bool {
	for p := n.Parent; p != nil && p != root; p = p.Parent {
		if p.DataAtom == a {
			return true
		}
	}
	return false
}

// dedupeLines drops a line that repeats an earlier line of s (after
// folding case and spaces), and the paragraphs left empty. A shop prints
// the same block several times for desktop, tablet and phone, and clones
// the slides of its carousels; a product's description says a thing once.
func dedupeLines(s string) string {
	paras := strings.Split(s, "\n\n")
	seen := map[string]bool{}
	out := paras[:0]
	for _, p := range paras {
		lines := strings.Split(p, "\n")
		kept := lines[:0]
		for _, l := range lines {
			k := strings.ToLower(strings.Join(strings.Fields(l), " "))
			if k != "" && seen[k] {
				continue
			}
			seen[k] = true
			kept = append(kept, l)
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, "\n"))
		}
	}
	return strings.Join(out, "\n\n")
}

// hiddenClasses are the class tokens of common style sheets (Bootstrap,
// Tailwind, Foundation) that hide an element, at every width or at a
// desktop's.
var hiddenClasses = map[string]bool{
	"hide": true, "hidden": true, "is-hidden": true, "d-none": true, "invisible": true,
	"md:hidden": true, "lg:hidden": true, "d-md-none": true, "d-lg-none": true,
	"hidden-md": true, "hidden-lg": true, "hidden-desktop": true, "visible-xs": true, "visible-sm": true,
	"clipped": true, // eBay's text for screen readers only
}

// shownClassRE matches the class tokens that show an element again from a
// tablet's or a desktop's width ("hidden md:block", "d-none d-lg-flex").
var shownClassRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:(?:md|lg|xl):(?:block|flex|grid|inline|inline-block|inline-flex|table|contents)|d-(?:md|lg|xl)-(?:block|flex|grid|inline|inline-block|inline-flex|table)|visible-(?:md|lg))$`)
})

// hiddenByClass reports whether n's classes hide it on a desktop's screen.
func hiddenByClass(n *html.Node) bool {
	c := attr(n, "class")
	if c == "" {
		return false
	}
	hidden := false
	for _, t := range strings.Fields(c) {
		if shownClassRE().MatchString(t) {
			return false
		}
		hidden = hidden || hiddenClasses[t]
	}
	return hidden
}

// minLDDescription is the least text a product's structured description
// must hold to be added to a text that lacks it: shorter ones are a line
// of marketing, not the description.
const minLDDescription = 100

// ldDescriptionShown is the share of the structured description's words
// the text must hold for the description to count as shown on the page.
const ldDescriptionShown = 0.5

// addProductDescription puts the product's description as its structured
// data (schema.org Product) gives it before the text when the page does
// not show it: shops keep it in a drawer that a script opens, or only in
// the page's data.
func (e *extractor) addProductDescription(p *annals.Post) {
	desc := e.ldProductDescription()
	if utf8.RuneCountInString(desc) < minLDDescription || wordShare(desc, p.Text) >= ldDescriptionShown {
		return
	}
	if p.Text == "" {
		p.Text = desc
	} else {
		p.Text = desc + "\n\n" + p.Text
	}
	p.HTML = "<p>" + strings.ReplaceAll(html.EscapeString(desc), "\n\n", "</p><p>") + "</p>" + p.HTML
	e.explain["body"] = append(e.explain["body"], Candidate{"schema.org Product description", "json-ld"})
}

// ldProductDescription returns the longest description of the page's
// schema.org products, as plain text.
func (e *extractor) ldProductDescription() string {
	best := ""
	for _, n := range e.ld.nodes {
		if !ldIsType(n, productTypes) {
			continue
		}
		d := ldString(n["description"])
		if strings.Contains(d, "<") {
			d = renderText(bodyElement(parse([]byte("<html><body>"+d+"</body></html>"))), nil)
		} else {
			d = clean(d)
		}
		if d = strings.TrimSpace(d); len(d) > len(best) {
			best = d
		}
	}
	return best
}

// wordShare returns the share of the words of s (lower-cased) that text
// holds.
func wordShare(s, text string) float64 {
	isSep := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	have := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), isSep) {
		have[w] = true
	}
	words := strings.FieldsFunc(strings.ToLower(s), isSep)
	if len(words) == 0 {
		return 1
	}
	n := 0
	for _, w := range words {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(len(words))
}
