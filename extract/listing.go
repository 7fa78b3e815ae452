package extract

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A listing's content is its intro (the heading and the text under it, a
// category's description) and its items: their titles and short
// descriptions. The listing's tools (filters, facets, sort bars,
// pagination) and the shop's furniture on each item (ratings, badges,
// colour swatches, wish-list and cart buttons) are not.

// listingToolWords mark a listing's tools by class or id, at token
// boundaries: filter and facet panels, sort bars, pagination.
var listingToolWords = wordSet{
	"filter", "filters", "facet", "facets", "faceted", "refinement", "refinements", "refine",
	"sort", "sorting", "sortby", "sort-by", "pagination", "pager", "paging", "breadcrumb", "breadcrumbs",
	"toolbar", "limiter", "select-menu",
	"sr-only", "visually-hidden", "screen-reader-text", "skip-link",
}

// itemNoiseWords mark the shop's furniture inside a listing's items, by
// class or id at token boundaries.
var itemNoiseWords = wordSet{
	"rating", "ratings", "stars", "star-rating", "review-count", "reviews-count", "badge", "badges",
	"swatch", "swatches", "wishlist", "wish-list", "compare", "quick-view", "quickview", "quick-add",
	"add-to-cart", "addtocart", "add-to-bag", "btn", "button", "cta",
}

// itemFurnitureLabels are the whole texts of the shop's furniture on a
// listing's items, lower-cased: calls to action and badges.
var itemFurnitureLabels = map[string]bool{
	"view details": true, "view product": true, "shop now": true, "buy now": true, "quick view": true,
	"quick shop": true, "quick add": true, "learn more": true, "select options": true, "choose options": true,
	"add to cart": true, "add to bag": true, "add to basket": true, "compare": true, "add to compare": true,
	"new": true, "sale": true, "on sale": true, "sold out": true, "back in stock": true, "in stock": true,
	"out of stock": true, "best seller": true, "bestseller": true, "new arrival": true, "limited edition": true,
	"top rated": true, "award winner": true, "more options": true, "more colors": true, "more colours": true,
}

// listingNavLabels are the whole texts of the links and buttons that page
// through or out of a listing, anywhere in its region, lower-cased: "View
// all", "Show more", "Read full article".
var listingNavLabels = map[string]bool{
	"view all": true, "see all": true, "shop all": true, "show all": true, "show more": true, "load more": true,
	"view more": true, "see more": true, "learn more": true, "shop now": true, "read full article": true,
	"more like this": true, "skip to product list": true, "skip to results": true, "back to top": true,
}

// listingNavText reports whether n is a link or button whose whole text
// is one of listingNavLabels, give or take an arrow after it.
func listingNavText(n *html.Node) bool {
	if n.DataAtom != atom.A && n.DataAtom != atom.Button && attr(n, "role") != "button" {
		return false
	}
	t := labelText(n)
	if len(t) > 3*maxFurnitureText {
		return false
	}
	return listingNavLabels[strings.ToLower(strings.TrimRight(clean(t), " >›»→"))]
}

// toolLabelRE matches the whole text, lower-cased, of a listing tool's
// label or read-out: the count of results ("Showing 1-24 of 310 results",
// "(143 products)", "Products (52)"), the sort and view choosers' labels
// ("Sort by: Best Match", "View:"), the filter panel's button ("Filters
// (2)").
var toolLabelRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\(?(showing |displaying |loaded |viewing )?(\d[\d,.]* ?(-|–|to) ?)?\d[\d,.]*\+? (of \d[\d,.]*\+? )?(results?|products?|items?|styles?|titles?|articles?|matches|listings?)( found)?\)?$|^(results|products|items) \(\d[\d,.]*\)$|^sort( by)?:?( .*)?$|^(view|show|per page|items per page):?$|^(filters?|filter by|refine by|refine)( \(\d+\))?:?$`)
})

// toolLabel reports whether n's whole text is a listing tool's label or
// read-out (toolLabelRE).
func toolLabel(n *html.Node) bool {
	t, ok := shortLabel(n, 2*maxFurnitureText)
	return ok && toolLabelRE().MatchString(t)
}

// shortLabel returns n's label text (labelText), lower-cased, when n
// carries a label of its own of at most max bytes. A wrapper whose one
// child carries the text has none: the child is asked itself.
func shortLabel(n *html.Node, max int) (string, bool) {
	if wrapperOnly(n) {
		return "", false
	}
	t := labelText(n)
	if len(t) > max {
		return "", false
	}
	return strings.ToLower(t), true
}

// wrapperOnly reports whether n is only a wrapper: one element child and
// no text of its own.
func wrapperOnly(n *html.Node) bool {
	elems := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			if elems++; elems > 1 {
				return false
			}
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return false
			}
		}
	}
	return elems == 1
}

// labelText returns the text of a label n as sighted readers see it, on
// one line: without the text for screen readers inside it (invisibleWords),
// as in "More options<span class=sr-only>for the Oak chair</span>".
func labelText(n *html.Node) string {
	return clean(renderText(n, func(x *html.Node) bool {
		return invisibleWords.bounded(classID(x))
	}))
}

// itemBadgeRE matches the counting and discount badges on a listing's
// items: "3 colors", "+2 more", "Save 20%", "-15%", "Up to 40% off".
var itemBadgeRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\+?\d+ (more )?(colou?rs?|sizes|styles|options|more)$`)
})

// maxFurnitureText is the longest text, in bytes, read as an item's
// furniture label.
const maxFurnitureText = 30

// itemFurnitureText reports whether the whole text of n is one of the
// shop's labels on a listing's item (itemFurnitureLabels, itemBadgeRE).
func itemFurnitureText(n *html.Node) bool {
	t, ok := shortLabel(n, maxFurnitureText)
	return ok && (itemFurnitureLabels[t] || itemBadgeRE().MatchString(t))
}

// priceWords mark an item's price by class or id, at token boundaries.
var priceWords = wordSet{"price", "prices", "price-container", "product-price", "sale-price", "regular-price"}

// priceRE matches a price in an item's text.
var priceRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[$€£¥₹]\s?\d|\d\s?(€|eur|usd|kr|zł)\b`)
})

// minGridItems is the least number of items a run of sibling items must
// have to be taken as a grid of the listing's items.
const minGridItems = 3

// toolShare is the largest share of the region's text a listing tool may
// hold: a larger block holds the listing itself.
const toolShare = 0.4

// selectListing takes a listing's main region, without its tools and the
// shop's furniture on its items, as the body. It reports false, leaving
// the body unset, when the page has no main region.
func (e *extractor) selectListing(region int) bool {
	e.selectRegion()
	if len(e.body) == 0 {
		return false
	}
	root := e.body[0]
	st := measure(root)
	grids := itemGrids(root, st)
	total := textLen(root)
	var items []*html.Node // the grids' items and their siblings of the same shape
	for _, g := range grids {
		items = append(items, sameShape(g)...)
	}
	var drop []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n == root {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if (isTool(n, total) || listingNavText(n) || outsideTool(n, st, total, grids, items)) && !holdsItem(n, grids) {
			drop = append(drop, n)
			return false
		}
		return true
	})
	for _, g := range grids {
		for _, it := range g {
			walk(it, func(n *html.Node) bool {
				if n.Type != html.ElementNode || n == it {
					return true
				}
				if (itemNoiseWords.bounded(classID(n)) || itemFurnitureText(n)) && textLen(n) < textLen(it)/2 {
					drop = append(drop, n)
					return false
				}
				return true
			})
		}
	}
	for _, n := range drop {
		detach(n)
	}
	for _, g := range grids {
		for _, it := range g {
			dropRepeats(it)
		}
	}
	e.explain["body"] = []Candidate{{describe(root), "listing"}}
	return true
}

// dropRepeats removes from a listing's item n the texts it already
// showed: an overlay that shows the item's title again on hover, a sale
// price printed over the same regular price. The page shows one of them.
func dropRepeats(n *html.Node) {
	seen := map[string]bool{}
	var drop []*html.Node
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.ElementNode:
			return !skipAtom(x.DataAtom)
		case html.TextNode:
			t := clean(x.Data)
			if utf8.RuneCountInString(t) < 2 {
				return true
			}
			if seen[t] {
				drop = append(drop, x)
			}
			seen[t] = true
		}
		return true
	})
	for _, x := range drop {
		detach(x)
	}
}

// isTool reports whether n is one of a listing's tools: a filter or facet
// panel, a sort bar, pagination, a form (holding less than toolShare of
// the region's total text).
func isTool(n *html.Node, total int) bool {
	if n.DataAtom == atom.Form || listingToolWords.bounded(classID(n)) || listingToolWords.bounded(lower(attr(n, "aria-label"))) {
		return float64(textLen(n)) < toolShare*float64(total)
	}
	return false
}

// itemGrids returns the runs of sibling items (itemGroup) of at least
// minGridItems items below root, outermost first, as st measured them.
func itemGrids(root *html.Node, st stats) [][]*html.Node {
	var grids [][]*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if items, _ := itemGroup(n, st); len(items) >= minGridItems {
			grids = append(grids, items)
			return false
		}
		return true
	})
	return grids
}

// holdsItem reports whether n is or holds one of the grids' items.
func holdsItem(n *html.Node, grids [][]*html.Node) bool {
	for _, g := range grids {
		for _, it := range g {
			if n == it || isAncestor(n, it) {
				return true
			}
		}
	}
	return false
}

// maxPriceText is the longest text, in bytes, that is read as a price
// label: a price inside a sentence ("tuition of $12,000 a year") is not
// the price of a product.
const maxPriceText = 30

// pricedItems counts the items that show a price (hasPrice, by text too).
func pricedItems(items []*html.Node) int {
	c := 0
	for _, it := range items {
		if hasPrice(it, true) {
			c++
		}
	}
	return c
}

// hasPrice reports whether the item n shows a price: an element marked as
// one, or (byText) a short text that is one.
func hasPrice(n *html.Node, byText bool) bool {
	found := false
	walk(n, func(x *html.Node) bool {
		if found {
			return false
		}
		switch x.Type {
		case html.ElementNode:
			if priceWords.bounded(classID(x)) || attr(x, "itemprop") == "price" {
				found = true
			}
			return !skipAtom(x.DataAtom)
		case html.TextNode:
			if t := strings.TrimSpace(x.Data); byText && t != "" && len(t) <= maxPriceText && priceRE().MatchString(strings.ToLower(t)) {
				found = true
			}
		}
		return true
	})
	return found
}

// outsideTool reports whether n, outside the listing's items (in no
// element of items), is one of its tools known by content: a tool's label
// or read-out (toolLabel) or, when the listing has grids, a menu (a list
// of short links: categories, tags, brands) holding less than half the
// region's total text. The listing's items are its grids; the site's
// links beside them are not.
func outsideTool(n *html.Node, st stats, total int, grids [][]*html.Node, items []*html.Node) bool {
	// A tool's label has text and is not a link (links are
	// listingNavText's).
	l := st.textOf(n)
	label := l > 0 && l <= 2*maxFurnitureText && n.DataAtom != atom.A && toolLabel(n)
	if !label && (len(grids) == 0 || !st.menu(n) || st.textOf(n) >= total/2) {
		return false
	}
	for _, it := range items {
		if isAncestor(it, n) {
			return false
		}
	}
	return true
}

// sameShape returns the items with their siblings of the same tag and
// first class (any list item, in a list), in document order: an item
// that itemGroup passed over (one with many colour links, one without
// text) still has the shape of the grid's.
func sameShape(items []*html.Node) []*html.Node {
	first := items[0]
	if firstClass(first) == "" && first.DataAtom != atom.Li {
		return items
	}
	var all []*html.Node
	for c := first.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == first.DataAtom && firstClass(c) == firstClass(first) {
			all = append(all, c)
		}
	}
	return all
}
