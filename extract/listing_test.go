package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestSelectListing(t *testing.T) {
	// A category keeps its copy and its items, however long the copy.
	var grid, copyText strings.Builder
	for _, name := range []string{"Ash", "Birch", "Cedar", "Douglas fir", "Elm", "Fir", "Gum"} {
		grid.WriteString(`<li class="card"><h3><a href="/p/` + name + `">` + name + ` chopping board</a></h3><span class="price">$30.00</span></li>`)
	}
	for i := 0; i < 6; i++ {
		copyText.WriteString(`<p>A wooden board is kinder to a knife's edge than glass or stone, and end-grain boards close up behind the blade so they hide their cuts for years.</p>`)
	}
	copyPage := `<html><body><main><h1>Chopping boards</h1><ul class="grid">` + grid.String() + `</ul><div class="seo">` + copyText.String() + `</div></main></body></html>`

	tests := []struct {
		name, page, url string
		kind            Kind
		want, not       []string
		once            []string // texts that must appear exactly once
	}{
		{
			name: "blog archive", page: readFixture(t, "listing-blog-archive.html"),
			url: "https://crumbnotebook.example/category/sourdough/", kind: KindListing,
			want: []string{"Sourdough", "keeping a starter alive", "A starter that survives the holidays",
				"Two weeks in the fridge", "Notes on a rye starter", "Rye ferments faster"},
			not: []string{"Sort by", "Most discussed", "Older posts", "Page 1 of 3", "Recent posts", "Powered by WordPress", "Yeasted breads"},
		},
		{
			name: "shop collection", page: readFixture(t, "listing-shop-collection.html"),
			url: "https://fernhillcamp.example/collections/enamel-mugs", kind: KindListing,
			want: []string{"Enamel mugs", "fired twice in a family workshop", "Speckled camp mug",
				"rolled steel rim", "Set of four mugs", "$14.00"},
			not: []string{"Colour", "Blue (4)", "9 products", "Sort by", "Add to cart", "(31)", "Sale", "Next", "Free shipping", "Subscribe"},
		},
		{
			name: "category copy and a product grid", page: copyPage,
			url: "https://boards.example/collections/chopping-boards", kind: KindListing,
			want: []string{"Chopping boards", "kinder to a knife's edge", "Ash chopping board", "Gum chopping board"},
		},
		{
			name: "calls to action, counting badges and screen-reader prices on a grid's items go",
			url:  "https://sake.example/collections/junmai", kind: KindListing,
			page: `<html><body><main><h1>Junmai sake</h1><div class="grid">` + strings.Repeat(`<div class="product-card"><a href="/p/x"><img src="x.jpg"><p>Hakutsuru Daiginjo 720ml bottle</p></a>
<div class="card-price"><span aria-hidden="true">$37.00</span><span class="price__sr-text">Price $ 37.00</span></div><span>4 colors</span>
<div class="overlay"><h4>View Details</h4></div><a class="btn btn-primary" href="/p/x">Go to the bottle</a></div>`, 6) + `</div></main></body></html>`,
			want: []string{"Hakutsuru Daiginjo 720ml bottle", "$37.00"},
			not:  []string{"Price $ 37.00", "4 colors", "View Details", "Go to the bottle"},
		},
		{
			name: "items that are linked titles", url: "https://notes.example/archive/", kind: KindListing,
			page: `<html><body class="archive"><main><h1>Archive</h1><ul class="posts">
<li class="entry"><h2><a href="/a">The winter the pipes froze solid</a></h2></li>
<li class="entry"><h2><a href="/b">Re-glazing an old sash window</a></h2></li>
<li class="entry"><h2><a href="/c">A compost bin from four pallets</a></h2></li>
<li class="entry"><h2><a href="/d">Why the radiator knocks at night</a></h2></li>
</ul><div class="pagination"><a href="/archive/page/2">Next page</a></div></main></body></html>`,
			want: []string{"The winter the pipes froze solid", "A compost bin from four pallets"},
			not:  []string{"Next page"},
		},
		{
			name: "an item's hover overlay and its second price are shown once", url: "https://kettles.example/collections/stovetop", kind: KindListing,
			page: `<html><body><main><h1>Stovetop kettles</h1><ul class="grid">
<li class="card"><a href="/p/a"><h3>Whistling kettle in copper</h3></a><span class="price-regular">$48.00</span><span class="price-sale">$48.00</span><div class="hover"><p>Whistling kettle in copper</p></div></li>
<li class="card"><a href="/p/b"><h3>Enamel kettle, two litres</h3></a><span class="price-regular">$36.00</span><span class="price-sale">$36.00</span><div class="hover"><p>Enamel kettle, two litres</p></div></li>
<li class="card"><a href="/p/c"><h3>Steel camping kettle</h3></a><span class="price-regular">$22.00</span><span class="price-sale">$22.00</span><div class="hover"><p>Steel camping kettle</p></div></li>
<li class="card"><a href="/p/d"><h3>Gooseneck pour-over kettle</h3></a><span class="price-regular">$55.00</span><span class="price-sale">$55.00</span><div class="hover"><p>Gooseneck pour-over kettle</p></div></li>
</ul></main></body></html>`,
			once: []string{"Whistling kettle in copper", "$48.00", "Gooseneck pour-over kettle", "$55.00"},
		},
		{
			name: "a product grid inside a web component", url: "https://teapots.example/brands/hearth", kind: KindListing,
			page: `<html><body><main><h1>Hearth teapots</h1><p>Hearth has cast its teapots in the same foundry since the war, and the glaze still comes from one family's recipe, which makes every pot a little different from the one before.</p><div class="grid-container"><infinite-list><ul class="grid">` +
				strings.Repeat(`<li class="card"><a href="/p/t"><h3>Cast iron teapot</h3></a><p>Enamelled inside, holds a litre.</p><span class="price">$64.00</span></li>`, 6) +
				`</ul></infinite-list></div></main></body></html>`,
			want: []string{"Hearth teapots", "Cast iron teapot", "$64.00"},
		},
		{
			name: "links out of a listing and rating badges go", url: "https://lamps.example/collections/headlamps", kind: KindListing,
			page: `<html><body><main><h1>Headlamps</h1><div class="strip"><h2>Rechargeable</h2><a class="link" href="/c/rechargeable">View all ›</a></div><ul class="grid">` +
				strings.Repeat(`<li class="card"><span class="flag">Top Rated</span><a href="/p/h"><h3>Trail headlamp 400</h3></a><span class="price">$45.00</span><a href="/p/h#options">More options</a></li>`, 6) +
				`</ul><div><button type="button">Show more</button></div></main></body></html>`,
			want: []string{"Headlamps", "Trail headlamp 400", "$45.00"},
			not:  []string{"View all", "Top Rated", "More options", "Show more"},
		},
		{
			name: "menus beside the grid go, a link list inside an item stays", url: "https://rugs.example/collections/wool", kind: KindListing,
			page: `<html><body><main><h1>Wool rugs</h1><ul class="shop-by"><li><a href="/c/round">Round rugs</a></li><li><a href="/c/runner">Runners</a></li><li><a href="/c/kids">Kids' rugs</a></li><li><a href="/c/outdoor">Outdoor rugs</a></li></ul><ul class="products">` +
				strings.Repeat(`<li class="product"><a href="/p/w"><h3>Hand-knotted wool rug</h3></a><p>Undyed sheep's wool, knotted by hand.</p><span class="price">$240.00</span></li>`, 5) +
				`<li class="product"><a href="/p/s"><h3>Striped flatweave rug</h3></a><div class="shades">` +
				strings.Repeat(`<a href="/p/s?c=1">Moss</a><a href="/p/s?c=2">Slate</a><a href="/p/s?c=3">Clay</a><a href="/p/s?c=4">Sand</a>`, 4) +
				`</div><span class="price">$180.00</span></li></ul><div class="tags"><a href="/t/jute">jute</a> <a href="/t/sisal">sisal</a> <a href="/t/cotton">cotton</a> <a href="/t/linen">linen</a></div></main></body></html>`,
			want: []string{"Wool rugs", "Hand-knotted wool rug", "Striped flatweave rug", "Moss", "$180.00"},
			not:  []string{"Round rugs", "Kids' rugs", "sisal"},
		},
		{
			name: "result counts and the sort and filter labels go", url: "https://boots.example/c/hiking-boots", kind: KindListing,
			page: `<html><body><main><h1>Hiking boots</h1><div class="bar"><span>Showing 1-24 of 310 results</span><div><span>Sort by: Best Match</span></div><span>Filters (2)</span><p>(310 products)</p></div><ul class="grid">` +
				strings.Repeat(`<li class="card"><a href="/p/b"><h3>Leather hiking boot</h3></a><p>Full-grain leather, 24 items in stock.</p><span class="price">$189.00</span></li>`, 6) +
				`</ul></main></body></html>`,
			want: []string{"Hiking boots", "Leather hiking boot", "24 items in stock", "$189.00"},
			not:  []string{"Showing 1-24", "Best Match", "Filters", "310 products"},
		},
		{
			name: "a shop's category page known by its body class, its grid drawn by script", url: "https://shoes.example/browse/mens/sneakers", kind: KindListing,
			page: `<html><body class="default-device product-listing-page"><main><h1>Men's sneakers</h1><div class="results">` + strings.Repeat(`<div class="placeholder"></div>`, 6) + `</div><div class="seo"><h2>Shop sneakers for men</h2><p>Our leather sneakers dress up a pair of chinos and still take a long walk across town in their stride, with cushioned soles and hand-stitched uppers that soften with every wear.</p></div></main></body></html>`,
			want: []string{"Men's sneakers", "Shop sneakers for men", "hand-stitched uppers"},
		},
		{
			name: "a Magento category page known by its body class", url: "https://shoes.example/mens/sneakers.html", kind: KindListing,
			page: `<html><body class="page-products catalog-category-view"><main><h1>Men's sneakers</h1><div class="results">` + strings.Repeat(`<div class="placeholder"></div>`, 6) + `</div><div class="seo"><p>Our leather sneakers dress up a pair of chinos and still take a long walk across town in their stride, with cushioned soles and hand-stitched uppers that soften with every wear.</p></div></main></body></html>`,
			want: []string{"Men's sneakers", "hand-stitched uppers"},
		},
		{
			name: "an item's label goes however much screen-reader text it holds", url: "https://chairs.example/collections/oak", kind: KindListing,
			page: `<html><body><main><h1>Oak chairs</h1><ul class="grid">` +
				strings.Repeat(`<li class="card"><a href="/p/c"><h3>Windsor chair in oiled oak</h3></a><span class="price">$320.00</span><a href="/p/c#v">More options<span class="sr-only"> for the Windsor chair</span></a><span>Quick view<span class="visually-hidden">: Windsor chair</span></span></li>`, 6) +
				`</ul><a class="more" href="/collections/oak?all">View all<span class="sr-only"> oak chairs</span></a></main></body></html>`,
			want: []string{"Windsor chair in oiled oak", "$320.00"},
			not:  []string{"More options", "Quick view", "View all"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Analyze(strings.NewReader(tt.page), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != tt.kind {
				t.Errorf("kind = %v, want %v (%v)", res.Kind, tt.kind, res.Explain["kind"])
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Post.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, res.Post.Text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(res.Post.Text, w) {
					t.Errorf("text holds %q:\n%s", w, res.Post.Text)
				}
			}
			for _, w := range tt.once {
				if c := strings.Count(res.Post.Text, w); c != 1 {
					t.Errorf("text holds %q %d times:\n%s", w, c, res.Post.Text)
				}
			}
		})
	}
}

func TestHasPrice(t *testing.T) {
	tests := []struct {
		name, item string
		byText     bool
		want       bool
	}{
		{"price class", `<div><a href="/p">Mug</a><span class="product-price">18</span></div>`, false, true},
		{"itemprop", `<div><a href="/p">Mug</a><meta itemprop="price" content="18"></div>`, false, true},
		{"price label by text", `<div><a href="/p">Mug</a><b>€ 18,00</b></div>`, true, true},
		{"price label without markup", `<div><a href="/p">Mug</a><b>$18.00</b></div>`, false, false},
		{"fee in a sentence", `<div><a href="/s">College</a><p>Tuition runs to about $12,000 a year for residents.</p></div>`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parse([]byte("<html><body>" + tt.item + "</body></html>"))
			n := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Div })
			if got := hasPrice(n, tt.byText); got != tt.want {
				t.Errorf("hasPrice = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestToolLabel(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Showing 1-24 of 310 results", true},
		{"1 – 12 of 27 Products", true},
		{"loaded 143 results", true},
		{"(143 products)", true},
		{"Products (52)", true},
		{"400 Products", true},
		{"Sort by", true},
		{"Sort: Best Match", true},
		{"View:", true},
		{"Filters (0)", true},
		{"Filter by", true},
		{"Leather hiking boot", false},
		{"Only 3 items left", false},
		{"Sorted drawers for every room", false},
		{"Showing off our new range", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			doc := parse([]byte("<html><body><span>" + tt.text + "</span></body></html>"))
			n := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Span })
			if got := toolLabel(n); got != tt.want {
				t.Errorf("toolLabel(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
