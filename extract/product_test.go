package extract

import (
	"strings"
	"testing"
)

// productHead declares one schema.org product, as shops' product pages do.
const productHead = `<head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Kurasawa sencha","offers":{"@type":"Offer","price":"14.00","priceCurrency":"GBP"}}</script></head>`

func TestProductPages(t *testing.T) {
	desc := `<p>Kurasawa is a small village on the east bank of the Oi river, where the tea grows on steep terraces above the morning mist.</p>`
	tests := []struct {
		name, page, url string
		kind            Kind
		want, not       []string
	}{
		{
			name: "a footer that outweighs the product goes",
			url:  "https://tea.example/products/kurasawa", kind: KindProduct,
			page: `<html>` + productHead + `<body><div id="root"><h1>Kurasawa sencha</h1>` + desc + `</div>
<footer><div class="reviews"><h3>What our customers say</h3>` + strings.Repeat(`<p>Lovely shop, fast delivery and the tea was wrapped beautifully, I will certainly order again next month.</p>`, 6) + `</div>
<dl><dt><h5>Browse by category</h5></dt><dd><span><a href="/green">Green tea</a>, <a href="/black">Black tea</a>, <a href="/oolong">Oolong</a></span></dd></dl></footer></body></html>`,
			want: []string{"Kurasawa is a small village"},
			not:  []string{"What our customers say", "Lovely shop", "Browse by category"},
		},
		{
			name: "a shell whose only text is its footer comes out empty",
			url:  "https://shop.example/item/1005009520970384.html", kind: KindProduct,
			page: `<html><head><meta property="og:type" content="product"></head><body><div id="root"></div><footer><div class="site-footer">
<div class="seo-keyword"><dl><dt><h5>Browse by Category</h5></dt><dd><span><a href="/popular.html">All Popular</a>, <a href="/wholesale.html">Product</a>, <a href="/promotion.html">Promotion</a>, <a href="/price.html">Low Price</a></span></dd></dl></div>
</div></footer></body></html>`,
			not: []string{"Browse by Category", "All Popular"},
		},
		{
			name: "blocks repeated for desktop, tablet and phone come out once",
			url:  "https://wallets.example/products/aluminium", kind: KindProduct,
			page: `<html>` + productHead + `<body><main><h1>Aluminium wallet</h1>` + desc +
				strings.Repeat(`<div class="dimension-info"><p><span>MATERIAL</span> <span>6061-T6 aluminium</span></p><p><span>WEIGHT</span> <span>2 oz</span></p></div>`, 3) + `</main></body></html>`,
			want: []string{"Kurasawa is a small village", "6061-T6 aluminium"},
		},
		{
			name: "what the style sheet hides by class goes, what it shows from a desktop's width stays",
			url:  "https://buckles.example/shop/texan-buckle", kind: KindProduct,
			page: `<html>` + productHead + `<body><main><h1>Texan buckle</h1>` + desc + `
<div class="hidden"><h2>Added to your cart! Complete the set?</h2><p>Check out these matching designs:</p></div>
<dl class="productView-info hide"><dt>cat_thumb_Bone:</dt><dd>https://cdn.example/5001_BONE_THUMB.jpg</dd></dl>
<div class="d-none">Only a few left</div><div class="lg:hidden"><p>Hand engraved in Oaxaca, phone layout</p></div>
<div class="hidden md:block"><p>Hand engraved sterling silver, desktop layout</p></div>
<div class="d-none d-lg-flex"><p>Fits belts up to 1.5 inches wide.</p></div>
<p><span class="ux-textspans">Seller's other items<span class="clipped">Seller's other items, for screen readers</span></span></p></main></body></html>`,
			want: []string{"Kurasawa is a small village", "desktop layout", "Fits belts up to 1.5 inches wide."},
			not:  []string{"Added to your cart", "matching designs", "cat_thumb_Bone", "Only a few left", "phone layout", "for screen readers"},
		},
		{
			name: "sections of other products go by their headings",
			url:  "https://tea.example/products/kurasawa-sencha", kind: KindProduct,
			page: `<html>` + productHead + `<body><main><h1>Kurasawa sencha</h1>` + desc + `
<section class="block"><div class="block-head"><h2>You may also like</h2></div><div class="block-body"><p><a href="/p/kyusu">Tokoname kyusu, red clay</a></p><p><a href="/p/caddy">Washi tea caddy, indigo</a></p></div></section>
<div class="more"><p>Brew 4 g in 200 ml of water at 70°C for one minute.</p><h3>Customers also bought:</h3><ul><li>Gyokuro Yame</li><li>Hojicha</li></ul><h3>Origin</h3><p>Kurasawa, Shizuoka, Japan</p></div></main></body></html>`,
			want: []string{"Kurasawa is a small village", "Brew 4 g in 200 ml", "Origin", "Kurasawa, Shizuoka, Japan"},
			not:  []string{"You may also like", "Tokoname kyusu", "Customers also bought", "Gyokuro Yame"},
		},
		{
			name: "a description the page keeps in a closed drawer comes from the structured data",
			url:  "https://gym.example/products/arrival-t-shirt", kind: KindProduct,
			page: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Arrival T-Shirt",
"description":"<p><strong>REDEFINING YOUR POTENTIAL</strong></p><p>The Arrival T-Shirt is your admission to a new, purposeful approach to training, with sweat-wicking technology and a lightweight material.</p>",
"offers":{"@type":"Offer","price":"22","priceCurrency":"USD"}}</script></head><body><main><h1>Arrival T-Shirt</h1><p>Slim fit</p><p>$22</p>
<div role="dialog"><aside><h5>Description</h5><p>REDEFINING YOUR POTENTIAL</p></aside></div>
<button>Add to cart</button></main></body></html>`,
			want: []string{"The Arrival T-Shirt is your admission to a new, purposeful approach to training"},
		},
		{
			name: "a WooCommerce product marked single and og:type article is a product",
			url:  "https://birds.example/smart-bird-feeder-pro/", kind: KindProduct,
			page: `<html><head><meta property="og:type" content="article">` + productHead[len("<head>"):] + `<body class="wp-singular product-template-default single single-product postid-174795">
<main><h1>Smart Bird Feeder Pro</h1>` + desc + strings.Repeat(`<p>The camera's capability to record at high frame rates is perfect for slow-motion playback of split-second movements and behaviors of the birds at your feeder.</p>`, 8) + `</main></body></html>`,
			want: []string{"Kurasawa is a small village", "slow-motion playback"},
		},
		{
			name: "a description behind an accordion's button is the product's",
			url:  "https://gym.example/products/arrival-t-shirt-black", kind: KindProduct,
			page: `<html>` + productHead + `<body><main><h1>Arrival T-Shirt</h1><p>Slim fit</p><p>$22</p>
<fieldset class="size-selector"><label>xs</label><label>s</label><label>m</label><label>l</label><label>xl</label></fieldset>
<section class="usp"><p>Standard Delivery (4-7 Working Days)</p><p>Free Standard Delivery for orders over $75</p><p>Express Delivery (3 Working Days)</p><p>Express Delivery Available</p></section>
<section class="accordion-container"><div class="accordion" aria-label="Description"><button class="accordion-info"><h5>Description</h5></button>
<div class="sheet" role="dialog" aria-modal="false"><aside class="sheet-aside"><h5>Description</h5><p>REDEFINING YOUR POTENTIAL</p>
<p>The Arrival T-Shirt is your admission to a new, purposeful approach to training, with sweat-wicking technology and a lightweight material that enables maximum movement.</p>
<ul><li>Slim fit</li><li>Lightweight material</li><li>Crew neck</li><li>100% Polyester</li></ul></aside></div></div></section>
<button>Add to cart</button></main></body></html>`,
			want: []string{"The Arrival T-Shirt is your admission to a new, purposeful approach to training", "Lightweight material"},
			not:  []string{"Express Delivery Available"},
		},
		{
			name: "a box named overview is the top of the page, not the description",
			url:  "https://repair.example/products/magnetic-project-mat", kind: KindProduct,
			page: `<html>` + productHead + `<body><main><section id="product-overview" class="max-w-7xl mx-auto"><h1>Magnetic Project Mat</h1><span>$19.95</span><span>4.9 (2,695 reviews)</span>
<p>Purchase with purpose! Repair makes a global impact, reduces e-waste, and saves you money on every device you fix yourself.</p><button>Add to cart</button>
<div class="accordion"><h3>Description</h3><p>Keep track of every screw with a dry-erase mat that holds them where you put them.</p></div></section>
<section class="kit"><h2>Kit contents</h2>` + strings.Repeat(`<p>A magnetized surface holds screws in place, and the dry-erase coating lets you sketch the layout of the device as you take it apart, step by step.</p>`, 2) + `</section></main></body></html>`,
			want: []string{"Keep track of every screw", "A magnetized surface holds screws in place"},
		},
		{
			name: "a box of other details (financing, shipping) is not the description",
			url:  "https://auction.example/itm/365999454668", kind: KindProduct,
			page: `<html>` + productHead + `<body><main><h1>2024 Silver Proof Set</h1><div class="x-financing-details"><p>No Interest if paid in full in 6 months on $149+ with PayPal Credit. Interest will be charged from the purchase date if the balance is not paid in full within 6 months.</p></div>
<div class="x-shipping-details"><p>May not ship to Bulgaria. Read item description or contact seller for shipping options. See details for shipping, delivery and returns.</p></div>
<section class="x-about"><h2>The set</h2><p>The 2024 proof set holds ten coins struck at the San Francisco mint in silver, in their original government packaging with the certificate of authenticity.</p></section></main></body></html>`,
			want: []string{"The 2024 proof set holds ten coins"},
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
				if c := strings.Count(res.Post.Text, w); c > 1 {
					t.Errorf("text holds %q %d times:\n%s", w, c, res.Post.Text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(res.Post.Text, w) {
					t.Errorf("text holds %q:\n%s", w, res.Post.Text)
				}
			}
		})
	}
}

// TestReadSignals_CartInInlineBox: a buy button inside a box of inline
// elements (read as a paragraph) still counts.
func TestReadSignals_CartInInlineBox(t *testing.T) {
	page := `<html><body><div id="buybox"><div class="a-button-stack"><span class="a-button"><span class="a-button-inner"><input id="add-to-cart-button" name="submit.add-to-cart" type="submit" value="Add to cart"></span></span></div></div></body></html>`
	e := &extractor{doc: parse([]byte(page)), explain: Provenance{}}
	e.collectHead()
	e.ld = parseJSONLD(e.doc)
	if s := e.readSignals(); !s.cart {
		t.Error("cart = false, want true")
	}
}

// TestReadSignals_CartForm: a form that puts the product in the cart counts
// as a buy button, whatever its button says.
func TestReadSignals_CartForm(t *testing.T) {
	for _, form := range []string{
		`<form method="post" id="addToCart" action="/gp/product/handle-buy-box/ref=dp_start"><input type="hidden" name="asin" value="B0D1XD1ZV3"></form>`,
		`<form action="/cart/add" method="post"><button type="submit" name="add">Get it</button></form>`,
	} {
		e := &extractor{doc: parse([]byte(`<html><body><div id="dp">` + form + `</div></body></html>`)), explain: Provenance{}}
		e.collectHead()
		e.ld = parseJSONLD(e.doc)
		if s := e.readSignals(); !s.cart {
			t.Errorf("cart = false, want true: %s", form)
		}
	}
	e := &extractor{doc: parse([]byte(`<html><body><form action="/search"><input name="q"><button>Search</button></form></body></html>`)), explain: Provenance{}}
	e.collectHead()
	e.ld = parseJSONLD(e.doc)
	if s := e.readSignals(); s.cart {
		t.Error("a search form counts as a buy button")
	}
}

func TestDedupeLines(t *testing.T) {
	in := "Material\n6061-T6 aluminium\n\nWeight\n2 oz\n\nMaterial\n6061-T6  Aluminium\n\nMade in Korea"
	want := "Material\n6061-T6 aluminium\n\nWeight\n2 oz\n\nMade in Korea"
	if got := dedupeLines(in); got != want {
		t.Errorf("dedupeLines = %q, want %q", got, want)
	}
}

// TestPruneHidden_DeferredPage: a page that a script shows once it has
// loaded (a hidden wrapper around the product) stays, though the hidden
// mega menus hold more text than it; the menus go.
func TestPruneHidden_DeferredPage(t *testing.T) {
	menu := `<div class="mega-menu" style="display: none">` + strings.Repeat(`<a href="/c">Vitamins and supplements</a> `, 40) + `</div>`
	page := `<html><body><header>` + menu + menu + `</header><p>Click to view our Accessibility Statement</p>
<div class="product-wrapper defer-block" style="display: none"><h1>Almond thins</h1><h2>Product overview</h2>
<p>Our family created these delicious crunchy almond crisps for special occasions and get-togethers, a lighter version of a family recipe.</p>
<p>Baked with simple ingredients found in most kitchens, these crisps contain no cholesterol, no dairy and no preservatives.</p></div></body></html>`
	doc := parse([]byte(page))
	e := &extractor{doc: doc, explain: Provenance{}}
	body := bodyElement(doc)
	e.pruneHidden(body)
	text := innerText(body)
	if !strings.Contains(text, "Our family created these delicious crunchy almond crisps") {
		t.Errorf("the deferred product went:\n%s", text)
	}
	if strings.Contains(text, "Vitamins and supplements") {
		t.Errorf("a hidden menu stayed:\n%s", text)
	}
}
