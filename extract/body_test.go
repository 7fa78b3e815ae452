package extract_test

import (
	"strings"
	"testing"

	"github.com/annals-dev/annals/extract"
)

// TestFromReader_BodyRules checks what the body keeps and drops on small
// pages, each a pattern seen on real sites.
func TestFromReader_BodyRules(t *testing.T) {
	prose := func(s string) string {
		return "<p>" + s + " " + strings.Repeat("The committee heard evidence from residents, engineers and the council's own planners. ", 3) + "</p>"
	}
	tests := []struct {
		name, url, page string
		want, notWant   []string
	}{
		{
			name: "an article's references list stays",
			url:  "https://blog.example/2019/10/meta-programming.html",
			page: `<html><body><div class="post-body entry-content"><h1>Meta-Programming</h1>` + prose("Advice came to Emacs long ago.") + prose("The rest of the story was written up.") +
				`<h2>4 References</h2><div class="outline-text"><ol><li><a href="https://a.example/">Meta Programming In Python, a blog article from the archive</a></li><li><a href="https://b.example/">Emacspeak: The Complete Audio Desktop, a chapter</a> in the book entitled <i>Beautiful Code</i>, OReilly.</li></ol></div></div></body></html>`,
			want: []string{"Beautiful Code, OReilly."},
		},
		{
			name: "a related-posts list still goes",
			url:  "https://blog.example/2019/10/meta-programming.html",
			page: `<html><body><div class="post-body entry-content"><h1>Meta-Programming</h1>` + prose("Advice came to Emacs long ago.") + prose("The rest of the story was written up.") +
				`<h2>Related posts</h2><ul><li><a href="/a">Another post about Lisp macros</a></li><li><a href="/b">Yet another post about the audio desktop</a></li></ul></div></body></html>`,
			want: []string{"Advice came to Emacs"}, notWant: []string{"Another post about Lisp"},
		},
		{
			name: "a list of changes linked out of the site stays; the site's own directory and follow links go",
			url:  "https://blog.codegen.example/progress-report-12",
			page: `<html><body><article class="post"><h1>Progress report 12</h1>` + prose("A few patches were sent for review this month.") + prose("Most of them fix the code generator.") +
				`<div class="ulist"><ul><li><p><a href="https://forge.example.org/gcc/pulls/97">libgccjit: Make is_same_type_as() support floating point types</a></p></li><li><p><a href="https://forge.example.org/gcc/pulls/98">libgccjit: Allow casts between integers and pointers</a></p></li><li><p><a href="https://forge.example.org/gcc/pulls/102">libgccjit: Fix get_size for long double</a></p></li></ul></div>` +
				prose("The next report will follow in two months.") +
				`<ul><li><a href="/movers/albany">Albany movers</a></li><li><a href="/movers/buffalo">Buffalo movers</a></li><li><a href="/movers/utica">Utica movers</a></li></ul>` +
				`<ul><li><a href="https://social.example/codegen">Mastodon</a></li><li><a href="https://video.example/codegen">Videos</a></li><li><a href="https://chat.example/codegen">Chat</a></li></ul></article></body></html>`,
			want: []string{"Allow casts between integers and pointers", "Fix get_size for long double", "The next report"}, notWant: []string{"Albany movers", "Mastodon"},
		},
		{
			name: "a long directory of short links inside a post goes",
			url:  "https://www.moving.example/movers/ny/",
			page: `<html><body><article class="post"><h1>Best movers in New York</h1>` + prose("Moving in New York takes planning.") + prose("Book a mover two months ahead.") + prose("Compare at least three quotes.") + prose("Check the licence number.") + prose("Ask about storage.") + prose("Pack the kitchen last.") + strings.Repeat(prose("Label every box."), 8) +
				`<h2>Movers by town</h2><ul class="columns">` + strings.Repeat(`<li><a href="/movers/ny/town">Ballston Spa movers</a></li><li><a href="/movers/ny/other-town">Cayuga Heights movers</a></li>`, 30) + `</ul>` + prose("Good luck with the move.") + `</article></body></html>`,
			want: []string{"Compare at least three quotes", "Good luck with the move"}, notWant: []string{"Cayuga Heights movers"},
		},
		{
			name: "listicle slides are prose, a photo caption is not",
			url:  "https://www.mag.example/smart-living/costumes",
			page: `<html><body><article class="post"><h1>Cheap Halloween Costumes</h1>` + prose("Last-minute costume ideas right here.") +
				`<figure class="flat-slide"><div class="slide-header"><h2 class="title"><a class="title-link" href="/gallery/84">84. Alex From A Clockwork Orange</a></h2></div><img src="a.jpg"><figcaption class="flat-slide-caption"><p><strong>What you need:</strong> With a bowler hat, a set of false lashes, and an all-white outfit, you are done.</p></figcaption></figure>` +
				`<figure><img src="b.jpg"><figcaption>The high street on a rainy morning, photographed from the bridge.</figcaption></figure>` + prose("More ideas follow.") + `</article></body></html>`,
			want: []string{"84. Alex From A Clockwork Orange", "With a bowler hat, a set of false lashes"}, notWant: []string{"rainy morning"},
		},
		{
			name: "a gallery container that holds the post's paragraphs",
			url:  "https://www.mag.example/home/decorating-mistakes",
			page: `<html><body><article class="post-page gallery"><h1>Decorating Mistakes</h1><div class="post-content"><div class="gallery-body">` + prose("No generation is perfect, and when it comes to millennials, design is one area ripe for improvement.") +
				`<div class="source">Image Source: Nicole</div></div></div><div class="slides">` + prose("Taking the easy way out is the first mistake.") + prose("Ignoring the ceiling is the second.") + `</div></article></body></html>`,
			want: []string{"No generation is perfect"},
		},
		{
			name: "a header block holding the lead keeps the lead and drops its furniture",
			url:  "https://www.fraktion.example/beendigung-lage",
			page: `<html lang="de"><body><main><div class="content-wrapper-small"><div class="activity-header"><div class="node-tag"><span>Artikel</span></div><div class="metadata"><span>Corona</span></div></div>
				<h1>Beendigung der epidemischen Lage</h1><time datetime="2021-10-27">27.10.2021</time><div class="description-wrapper">` + prose("Die Fraktionen beenden zum 25. November die epidemische Lage.") + `</div></div>
				<div class="field-items">` + prose("Das Ende der Lage ist überfällig.") + prose("Das Konzeptpapier sieht Übergangsregeln vor.") + prose("Die Länder behalten ihre Befugnisse.") + prose("Der Bundestag stimmt im November ab.") + `</div></main></body></html>`,
			want: []string{"Die Fraktionen beenden", "Das Konzeptpapier"}, notWant: []string{"Artikel", "Corona", "27.10.2021"},
		},
		{
			name: "a lead printed apart, equal to the page's description, in an article with a featured image",
			url:  "https://www.solar.example/2022/12/01/kraftwerk/",
			page: `<html lang="de"><head><meta name="description" content="Shanghai Electric baut in Dubai das größte solarthermische Kraftwerk der Welt. Nun hat die Anlage den Betrieb aufgenommen."></head><body><article class="postSingle hentry has-post-image">
				<header><h1 class="entry-title">Größtes solarthermisches Kraftwerk der Welt</h1><span class="metaDate">01.12.2022</span></header><figure><img src="a.jpg"><figcaption>Die Anlage hat 200 MW.</figcaption></figure>
				<div class="postContent entry-content excerpt">Shanghai Electric baut in Dubai das größte solarthermische Kraftwerk der Welt. Nun hat die Anlage den Betrieb aufgenommen. Nach Fertigstellung sollen fast 1 Gigawatt installiert sein.</div>
				<div class="share"><a href="#">teilen</a></div><div class="postContent entry-content">` + prose("Ende November hat die Anlage erstmals Strom eingespeist.") + prose("Die PV-Module leisten zusammen 250 Megawatt.") + `</div></article></body></html>`,
			want: []string{"Shanghai Electric baut in Dubai", "Ende November hat die Anlage"},
		},
		{
			name: "a teaser of bullet points opens the text",
			url:  "https://www.kirche.example/artikel/impfpflicht/",
			page: `<html lang="de"><body><article><h1>Caritas-Chef ist gegen Impfpflicht in der Pflege</h1><div class="teaser-text" itemprop="description"><p></p><ul><li>Die Impfpflicht für die Pflege sei ein falscher Ansatz zur Bekämpfung der Pandemie.</li><li>Das sagt der Diözesancaritasdirektor in Münster.</li></ul></div>
				<div class="news-text">` + prose("Die Caritas sieht in der Diskussion einen falschen Ansatz.") + prose("In den Altenheimen gebe es ohnehin eine hohe Impfquote.") + `</div></article></body></html>`,
			want: []string{"Die Impfpflicht für die Pflege sei", "Die Caritas sieht"},
		},
		{
			name: "an h1 inside the text heads a section; the headline stays out",
			url:  "https://duo.example/uber-uns/",
			page: `<html lang="de"><body><header class="site-header"><h1 class="site-title"><a href="/">Duo | Kabarett</a></h1></header><main><article class="page hentry"><header class="page-header"><h1 class="page-title">Über uns</h1></header>
				<div class="page-content"><h1>Künstlerischer Lebenslauf</h1>` + prose("Soviel mal vorweg: wir sind zu zweit.") + prose("Seit zehn Jahren stehen wir auf der Bühne.") + `</div></article></main></body></html>`,
			want: []string{"Künstlerischer Lebenslauf", "Soviel mal vorweg"}, notWant: []string{"Über uns", "Kabarett"},
		},
		{
			name: "furniture after the text: author bio, follow line, credit line, rating widget, comment prompt",
			url:  "https://news.example/2020/01/10/coal/",
			page: `<html><body><article><h1>Coal keeps falling</h1>` + prose("Coal has been in a slow-motion death spiral.") + `<p>(Credit: Clayton Aldern / Grist)</p>` + prose("Surging natural gas was the biggest reason.") + prose("Emissions remain stubbornly flat.") +
				`<p>Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica.</p><div class="rating">(Noch keine Bewertungen)</div>
				<h3>Über den Autor</h3><p>Jossi Loibl (Jahrgang 1962) schreibt seit mehr als 25 Jahren über die Themen Wein und Gastronomie.</p>
				<p>Kommentieren</p><p>Sie müssen sich einloggen, um sich an einer Diskussion beteiligen zu können.</p></article></body></html>`,
			want:    []string{"Coal has been", "Surging natural gas", "Emissions remain"},
			notWant: []string{"Credit:", "Follow The Gleaner", "Bewertungen", "Über den Autor", "Jahrgang 1962", "Kommentieren", "einloggen"},
		},
		{
			name: "credit, disclaimer, channel and metadata lines go; a copyright notice that is text stays",
			url:  "https://news.example/2022/04/21/supplies/",
			page: `<html><body><article><h1>Supplies donated</h1>` + prose("The clinic received supplies on Thursday.") + `<p>Vergrößern Eine kleine runde Aussparung im Display.</p><p>© Jon Prosser</p><p>(Alle Angaben ohne Gewähr)</p>` +
				prose("The donation came from a local group.") + `<p>¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.</p><p>Beitragsbild via Unsplash.</p>` + prose("More deliveries are planned.") +
				`<p>© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.</p><p>News date : 04/21/2022 Category : Press Releases</p></article></body></html>`,
			want:    []string{"The donation came", "More deliveries", "© 2019 Associated Press. All Rights Reserved."},
			notWant: []string{"Vergrößern", "Jon Prosser", "ohne Gewähr", "Telegram", "Unsplash", "Category :"},
		},
		{
			name: "a collapsed accordion panel is the guide's text; a hidden menu, dialog and stray box are not",
			url:  "https://www.solar.example/guides/installation",
			page: `<html><body><header><button aria-controls="main-menu">Menu</button><div id="main-menu" class="mega-menu" hidden><a href="/a">Solar panels explained for homeowners</a></div></header>
				<main><article><h1>Your Installation Guide</h1>` + prose("First make sure your house is a good fit for solar.") +
				`<div class="accordion"><a role="button" aria-controls="step-1">1. Understand your electric bill</a><div id="step-1" style="display: none" role="region">` + prose("Gather twelve months of electric bills before you ask for quotes.") + `</div>
				<button aria-controls="signup">Get updates</button><div id="signup" class="newsletter-modal" role="dialog" style="display:none"><p>Sign up for the monthly energy newsletter today and never miss a deal.</p></div>
				<div style="display:none"><p>An experimental teaser that nothing on the page ever shows to a reader.</p></div></div>` +
				prose("Then compare quotes from several installers.") + `</article></main></body></html>`,
			want: []string{"First make sure", "Gather twelve months of electric bills", "Then compare quotes"}, notWant: []string{"energy newsletter", "experimental teaser", "Solar panels explained"},
		},
		{
			name: "a product description under a page wrapper whose class holds a frame word",
			url:  "https://store.example/app/730/counter-strike-2/",
			page: `<html><head><script type="application/ld+json">{"@type":"Product","name":"Counter-Strike 2"}</script></head><body><div class="page_frame with_header"><div class="store_menu"><a href="/a">Store</a> <a href="/b">Community</a></div>
				<div role="main"><div class="purchase_area"><p>Add to Cart</p><p>13,29€</p></div><div class="game_description_column"><div id="game_area_description" class="game_area_description"><h2>About This Game</h2>` + prose("For over two decades, Counter-Strike has offered an elite competitive experience.") + `</div></div>
				<div class="user_reviews"><p>Very Positive (8,000,000 reviews)</p></div></div></div></body></html>`,
			want: []string{"For over two decades"}, notWant: []string{"Add to Cart", "Very Positive"},
		},
		{
			name: "a post written as sibling sections of one shape keeps every section",
			url:  "https://blog.example/progress-report-39",
			page: `<html><body><main><article><h1>Progress report 39</h1><div class="content"><div id="preamble">` + prose("What is new since last time.") + `</div>` +
				`<div class="sect1"><h2>Overview</h2><div class="sectionbody">` + prose("The overview of the month's work on the code generator.") + `</div></div>` +
				`<div class="sect1"><h2>Contributions</h2><div class="sectionbody">` + prose("Many people sent patches this month, thank you all.") + prose("The biggest was the new register allocator.") + prose("Others fixed the test suite on the big-endian targets.") + prose("A few fixed the documentation.") + `</div></div>` +
				`<div class="sect1"><h2>Next</h2><div class="sectionbody">` + prose("Next month we will work on debug information.") + `</div></div>` +
				`</div></article></main><aside class="widget"><p>Recent posts: progress report 38, 37 and 36, all from the archive.</p></aside></body></html>`,
			want: []string{"What is new since last time", "The overview of the month's work", "register allocator", "debug information"}, notWant: []string{"Recent posts"},
		},
		{
			name: "code keeps its highlighted comments",
			url:  "https://blog.example/posts/2021/intro-to-git",
			page: `<html><body><article class="post"><h1>A brief intro to git</h1>` + prose("Git tracks the changes you make to files.") +
				`<pre><code class="language-bash hljs"><span class="hljs-comment"># this will stage all of your modified files</span>
git add .
<span class="token comment">// and this one shows the log</span>
git <span class="hljs-built_in">log</span></code></pre>` + prose("That is all you need to start.") + `</article></body></html>`,
			want: []string{"# this will stage all of your modified files\ngit add .", "// and this one shows the log"},
		},
		{
			name: "a product page's reviews go when it has no description block",
			url:  "https://shop.example/products/trail-shirt",
			page: `<html><head><script type="application/ld+json">{"@type":"Product","name":"Trail Shirt"}</script></head><body><main><div class="pdp-info"><h1>Trail Shirt</h1><p>$22</p>` + prose("A light shirt for long runs on hot days.") + `</div>
				<div id="reviews"><section class="pdp-reviews"><h4>Rating snapshot</h4><p>Anonymous, verified buyer: the neck was far too small for me and the fabric felt cheap.</p></section></div></main></body></html>`,
			want: []string{"A light shirt for long runs"}, notWant: []string{"Rating snapshot", "the neck was far too small"},
		},
		{
			name: "a product page's notice shown after a click goes",
			url:  "https://shop.example/products/rose-wine",
			page: `<html><head><script type="application/ld+json">{"@type":"Product","name":"Stone Cellars Rosé"}</script></head><body><main><div class="pdp-info"><h1>Stone Cellars Rosé</h1><p>€7.90</p><button>Add to cart</button>` + prose("A light, off-dry rosé with strawberry and melon on the nose.") + `</div>
				<div class="wishlist-alert"><div class="alert is--success"><div class="alert--content">The item was added to your wish list.</div></div></div></main></body></html>`,
			want: []string{"A light, off-dry rosé"}, notWant: []string{"added to your wish list"},
		},
		{
			name: "a product page's carousel of other products goes and does not make it a listing",
			url:  "https://shop.example/jacket-black-q11.html",
			page: `<html><head><script type="application/ld+json">{"@type":"Product","name":"Faux Leather Jacket"}</script></head><body><main><div class="pdp-info"><h1>Faux Leather Jacket</h1><p>£49.99</p><button>Add to bag</button>` + prose("A boxy jacket in faux leather with a zip front and two pockets.") + `</div>
				<section><h2>Often viewed together</h2><ul class="carousel">` + strings.Repeat(`<li class="card"><a href="/other-product.html"><img src="c.jpg">Baggy jeans in washed black denim</a><p>£29.99</p></li>`, 6) + `</ul></section></main></body></html>`,
			want: []string{"A boxy jacket in faux leather"}, notWant: []string{"Baggy jeans", "Often viewed together"},
		},
		{
			name: "a page with neither date nor author, whose sections no one container holds, is read as its main region, without what a class hides",
			url:  "https://plumbing.example/services/",
			page: `<html><head><title>Services</title></head><body><header><nav><a href="/">Home</a> <a href="/services/">Services</a></nav></header><div id="page">
<article class="page-content"><h1>Our services</h1><p>We fix leaks, boilers and drains across the county. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. </p><p>Every job comes with a written quote. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. </p><p>We have worked in the county since 1998. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. </p></div>
<div class="col"><h3>Boiler repair</h3><span>Same-day visits for most makes, with parts carried in the van so the heat is back on before evening. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Drain clearing</h3><span>High-pressure jetting and camera surveys for blocked or slow drains, kitchens and outside gullies. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Leak detection</h3><span>Thermal imaging finds hidden leaks under floors without lifting more boards than needed. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Bathroom fitting</h3><span>Full refits from strip-out to tiling, with one fitter on the job from the first day to the last. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Emergency call-outs</h3><span>A plumber on call every night of the year, at a fixed call-out price agreed on the phone. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div></div>
</div><div class="promo-bar hide"><p>Spring offer: ten percent off every boiler service booked this month, quote SPRING at checkout.</p></div><footer><p>Plumbing Example Ltd, 4 Mill Lane</p></footer></body></html>`,
			want: []string{"We fix leaks", "Same-day visits", "Thermal imaging", "A plumber on call"}, notWant: []string{"Spring offer"},
		},
		{
			name: "the same page under a mega-menu header that holds most of its text: the menu stays out of the region",
			url:  "https://plumbing.example/services/",
			page: `<html><head><title>Services</title></head><body><header class="site-header"><div class="mega"><div class="col"><a href="/area/0">Plumber in district number 0</a></div><div class="col"><a href="/area/1">Plumber in district number 1</a></div><div class="col"><a href="/area/2">Plumber in district number 2</a></div><div class="col"><a href="/area/3">Plumber in district number 3</a></div><div class="col"><a href="/area/4">Plumber in district number 4</a></div><div class="col"><a href="/area/5">Plumber in district number 5</a></div><div class="col"><a href="/area/6">Plumber in district number 6</a></div><div class="col"><a href="/area/7">Plumber in district number 7</a></div><div class="col"><a href="/area/8">Plumber in district number 8</a></div><div class="col"><a href="/area/9">Plumber in district number 9</a></div><div class="col"><a href="/area/10">Plumber in district number 10</a></div><div class="col"><a href="/area/11">Plumber in district number 11</a></div><div class="col"><a href="/area/12">Plumber in district number 12</a></div><div class="col"><a href="/area/13">Plumber in district number 13</a></div><div class="col"><a href="/area/14">Plumber in district number 14</a></div><div class="col"><a href="/area/15">Plumber in district number 15</a></div><div class="col"><a href="/area/16">Plumber in district number 16</a></div><div class="col"><a href="/area/17">Plumber in district number 17</a></div><div class="col"><a href="/area/18">Plumber in district number 18</a></div><div class="col"><a href="/area/19">Plumber in district number 19</a></div><div class="col"><a href="/area/20">Plumber in district number 20</a></div><div class="col"><a href="/area/21">Plumber in district number 21</a></div><div class="col"><a href="/area/22">Plumber in district number 22</a></div><div class="col"><a href="/area/23">Plumber in district number 23</a></div><div class="col"><a href="/area/24">Plumber in district number 24</a></div><div class="col"><a href="/area/25">Plumber in district number 25</a></div><div class="col"><a href="/area/26">Plumber in district number 26</a></div><div class="col"><a href="/area/27">Plumber in district number 27</a></div><div class="col"><a href="/area/28">Plumber in district number 28</a></div><div class="col"><a href="/area/29">Plumber in district number 29</a></div><div class="col"><a href="/area/30">Plumber in district number 30</a></div><div class="col"><a href="/area/31">Plumber in district number 31</a></div><div class="col"><a href="/area/32">Plumber in district number 32</a></div><div class="col"><a href="/area/33">Plumber in district number 33</a></div><div class="col"><a href="/area/34">Plumber in district number 34</a></div><div class="col"><a href="/area/35">Plumber in district number 35</a></div><div class="col"><a href="/area/36">Plumber in district number 36</a></div><div class="col"><a href="/area/37">Plumber in district number 37</a></div><div class="col"><a href="/area/38">Plumber in district number 38</a></div><div class="col"><a href="/area/39">Plumber in district number 39</a></div><div class="col"><a href="/area/40">Plumber in district number 40</a></div><div class="col"><a href="/area/41">Plumber in district number 41</a></div><div class="col"><a href="/area/42">Plumber in district number 42</a></div><div class="col"><a href="/area/43">Plumber in district number 43</a></div><div class="col"><a href="/area/44">Plumber in district number 44</a></div><div class="col"><a href="/area/45">Plumber in district number 45</a></div><div class="col"><a href="/area/46">Plumber in district number 46</a></div><div class="col"><a href="/area/47">Plumber in district number 47</a></div><div class="col"><a href="/area/48">Plumber in district number 48</a></div><div class="col"><a href="/area/49">Plumber in district number 49</a></div><div class="col"><a href="/area/50">Plumber in district number 50</a></div><div class="col"><a href="/area/51">Plumber in district number 51</a></div><div class="col"><a href="/area/52">Plumber in district number 52</a></div><div class="col"><a href="/area/53">Plumber in district number 53</a></div><div class="col"><a href="/area/54">Plumber in district number 54</a></div><div class="col"><a href="/area/55">Plumber in district number 55</a></div><div class="col"><a href="/area/56">Plumber in district number 56</a></div><div class="col"><a href="/area/57">Plumber in district number 57</a></div><div class="col"><a href="/area/58">Plumber in district number 58</a></div><div class="col"><a href="/area/59">Plumber in district number 59</a></div><div class="col"><a href="/area/60">Plumber in district number 60</a></div><div class="col"><a href="/area/61">Plumber in district number 61</a></div><div class="col"><a href="/area/62">Plumber in district number 62</a></div><div class="col"><a href="/area/63">Plumber in district number 63</a></div><div class="col"><a href="/area/64">Plumber in district number 64</a></div><div class="col"><a href="/area/65">Plumber in district number 65</a></div><div class="col"><a href="/area/66">Plumber in district number 66</a></div><div class="col"><a href="/area/67">Plumber in district number 67</a></div><div class="col"><a href="/area/68">Plumber in district number 68</a></div><div class="col"><a href="/area/69">Plumber in district number 69</a></div><div class="col"><a href="/area/70">Plumber in district number 70</a></div><div class="col"><a href="/area/71">Plumber in district number 71</a></div><div class="col"><a href="/area/72">Plumber in district number 72</a></div><div class="col"><a href="/area/73">Plumber in district number 73</a></div><div class="col"><a href="/area/74">Plumber in district number 74</a></div><div class="col"><a href="/area/75">Plumber in district number 75</a></div><div class="col"><a href="/area/76">Plumber in district number 76</a></div><div class="col"><a href="/area/77">Plumber in district number 77</a></div><div class="col"><a href="/area/78">Plumber in district number 78</a></div><div class="col"><a href="/area/79">Plumber in district number 79</a></div><div class="col"><a href="/area/80">Plumber in district number 80</a></div><div class="col"><a href="/area/81">Plumber in district number 81</a></div><div class="col"><a href="/area/82">Plumber in district number 82</a></div><div class="col"><a href="/area/83">Plumber in district number 83</a></div><div class="col"><a href="/area/84">Plumber in district number 84</a></div><div class="col"><a href="/area/85">Plumber in district number 85</a></div><div class="col"><a href="/area/86">Plumber in district number 86</a></div><div class="col"><a href="/area/87">Plumber in district number 87</a></div><div class="col"><a href="/area/88">Plumber in district number 88</a></div><div class="col"><a href="/area/89">Plumber in district number 89</a></div><div class="col"><a href="/area/90">Plumber in district number 90</a></div><div class="col"><a href="/area/91">Plumber in district number 91</a></div><div class="col"><a href="/area/92">Plumber in district number 92</a></div><div class="col"><a href="/area/93">Plumber in district number 93</a></div><div class="col"><a href="/area/94">Plumber in district number 94</a></div><div class="col"><a href="/area/95">Plumber in district number 95</a></div><div class="col"><a href="/area/96">Plumber in district number 96</a></div><div class="col"><a href="/area/97">Plumber in district number 97</a></div><div class="col"><a href="/area/98">Plumber in district number 98</a></div><div class="col"><a href="/area/99">Plumber in district number 99</a></div><div class="col"><a href="/area/100">Plumber in district number 100</a></div><div class="col"><a href="/area/101">Plumber in district number 101</a></div><div class="col"><a href="/area/102">Plumber in district number 102</a></div><div class="col"><a href="/area/103">Plumber in district number 103</a></div><div class="col"><a href="/area/104">Plumber in district number 104</a></div><div class="col"><a href="/area/105">Plumber in district number 105</a></div><div class="col"><a href="/area/106">Plumber in district number 106</a></div><div class="col"><a href="/area/107">Plumber in district number 107</a></div><div class="col"><a href="/area/108">Plumber in district number 108</a></div><div class="col"><a href="/area/109">Plumber in district number 109</a></div><div class="col"><a href="/area/110">Plumber in district number 110</a></div><div class="col"><a href="/area/111">Plumber in district number 111</a></div><div class="col"><a href="/area/112">Plumber in district number 112</a></div><div class="col"><a href="/area/113">Plumber in district number 113</a></div><div class="col"><a href="/area/114">Plumber in district number 114</a></div><div class="col"><a href="/area/115">Plumber in district number 115</a></div><div class="col"><a href="/area/116">Plumber in district number 116</a></div><div class="col"><a href="/area/117">Plumber in district number 117</a></div><div class="col"><a href="/area/118">Plumber in district number 118</a></div><div class="col"><a href="/area/119">Plumber in district number 119</a></div></div></header><div id="page">
<article class="page-content"><h1>Our services</h1><p>We fix leaks, boilers and drains across the county. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. </p><p>Every job comes with a written quote. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. </p><p>We have worked in the county since 1998. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. The committee heard evidence from residents, engineers and the council's own planners. </p></div>
<div class="col"><h3>Boiler repair</h3><span>Same-day visits for most makes, with parts carried in the van so the heat is back on before evening. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Drain clearing</h3><span>High-pressure jetting and camera surveys for blocked or slow drains, kitchens and outside gullies. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Leak detection</h3><span>Thermal imaging finds hidden leaks under floors without lifting more boards than needed. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Bathroom fitting</h3><span>Full refits from strip-out to tiling, with one fitter on the job from the first day to the last. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div><div class="col"><h3>Emergency call-outs</h3><span>A plumber on call every night of the year, at a fixed call-out price agreed on the phone. Call the office for a written quote; prices include parts, labour and a twelve-month guarantee on the work.</span></div></div>
</div><div class="promo-bar hide"><p>Spring offer: ten percent off every boiler service booked this month, quote SPRING at checkout.</p></div><footer><p>Plumbing Example Ltd, 4 Mill Lane</p></footer></body></html>`,
			want: []string{"We fix leaks", "Thermal imaging"}, notWant: []string{"Plumber in district number 7", "Spring offer"},
		},
		{
			name: "an author box whose biography the JSON-LD gives as the author's description goes, with the name and job title",
			url:  "https://blog.example/travel-insurance/",
			page: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"BlogPosting","headline":"Travel insurance for retreats","author":{"@id":"#jo"}},{"@type":"Person","@id":"#jo","name":"Jo Marsh","description":"Jo has led walking holidays in the Alps since 2009 and writes about travelling light and safely."}]}</script></head>
				<body><article class="post"><h1>Travel insurance for retreats</h1>` + prose("Cover for a cancelled trip matters most.") + prose("Read the small print on pre-existing conditions.") +
				`<div class="writer"><div class="writer-photo"><img src="jo.jpg"></div><div class="writer-text"><h4>Jo Marsh</h4><p>Guide and editor</p><p>Jo has led walking holidays in the Alps since 2009 and writes about travelling light&nbsp;and safely.</p></div></div></article></body></html>`,
			want: []string{"Cover for a cancelled trip"}, notWant: []string{"walking holidays in the Alps", "Guide and editor"},
		},
		{
			name: "a profile page whose body is the person's description keeps it",
			url:  "https://blog.example/about/",
			page: `<html><head><script type="application/ld+json">{"@type":"ProfilePage","mainEntity":{"@type":"Person","name":"Jo Marsh","description":"Jo has led walking holidays in the Alps since 2009 and writes about travelling light and safely."}}</script></head>
				<body><main><h1>About Jo</h1><p>Jo has led walking holidays in the Alps since 2009 and writes about travelling light and safely.</p></main></body></html>`,
			want: []string{"walking holidays in the Alps"},
		},
		{
			name: "a schema.org Person box given as the author, with a biography, goes; a byline does not",
			url:  "https://blog.example/yoga-retreats/",
			page: `<html><body><article class="post"><h1>Yoga retreats on a budget</h1><p class="by">By <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Autumn Reyes</span></span></p>` + prose("Book early and share a room.") + prose("Pack light and bring your own mat.") +
				`<section class="vcard" itemprop="author" itemscope itemtype="http://schema.org/Person"><h4 itemprop="name">Autumn Reyes</h4><p>Owner and retreat leader</p><p>Autumn founded her studio in 2014 to share her love of adventure, yoga and travel with fellow yogis around the world.</p></section></article></body></html>`,
			want: []string{"Book early and share a room"}, notWant: []string{"founded her studio", "Owner and retreat leader"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := extract.FromReader(strings.NewReader(tt.page), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.Text, w) {
					t.Errorf("Text lacks %q:\n%s", w, p.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(p.Text, w) {
					t.Errorf("Text has %q:\n%s", w, p.Text)
				}
			}
		})
	}
}
