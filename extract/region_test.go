package extract

import (
	"strings"
	"testing"
)

// TestPruneHidden_Answers checks which hidden blocks after a question
// stay: an accordion's collapsed answer does, with or without markup tying
// it to its question; what follows a heading that asks nothing, and a box
// of links after a question, do not.
func TestPruneHidden_Answers(t *testing.T) {
	answer := `Most plans refund up to ninety per cent of the vet's bill, after a yearly deductible that you choose when you sign up.`
	tests := []struct {
		name, page string
		kept       bool
	}{
		{
			name: "an answer hidden by style after its question",
			page: `<div class="faq"><div class="q"><div>What does the plan cover?</div></div><div style="visibility:hidden;height:0"><p>` + answer + `</p></div></div>`,
			kept: true,
		},
		{
			name: "an answer hidden by attribute after a question in a button",
			page: `<dl><dt><button type="button">How much does it cost？</button></dt><dd hidden><p>` + answer + `</p></dd></dl>`,
			kept: true,
		},
		{
			name: "hidden text after a heading that asks nothing",
			page: `<div><h3>Our plans</h3><div style="display:none"><p>` + answer + `</p></div></div>`,
		},
		{
			name: "a hidden box of links after a question",
			page: `<div><span>Looking for something else?</span><ul style="display:none"><li><a href="/a">Dog insurance plans</a></li><li><a href="/b">Cat insurance plans</a></li><li><a href="/c">` + answer + `</a></li></ul></div>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><body><main><h1>Pet insurance</h1><p>Compare the plans of the main insurers in a minute, for free, and pick the one that suits your pet.</p><p>We are not an insurer: we show the plans side by side and let you choose.</p>` + tt.page + `</main></body></html>`
			doc := parse([]byte(page))
			e := &extractor{doc: doc, explain: Provenance{}}
			body := bodyElement(doc)
			e.pruneHidden(body)
			if got := strings.Contains(innerText(body), "ninety per cent"); got != tt.kept {
				t.Errorf("answer kept = %v, want %v:\n%s", got, tt.kept, innerText(body))
			}
		})
	}
}

// TestFromReader_Questions: the questions of a service page's accordion,
// printed in its buttons, are the page's text; the page's other buttons
// are not, nor are the questions of a dated and signed post.
func TestFromReader_Questions(t *testing.T) {
	para := `<p>We design and build web applications that work offline, load fast on slow networks and install like native apps on every phone.</p>`
	tests := []struct {
		name, page    string
		want, notWant []string
	}{
		{
			name: "a service page's accordion",
			page: `<main><h1>Web app development</h1>` + para + para + `<h2>FAQ</h2><div class="faq"><div><button type="button"><h5>How long does a project take?</h5></button><div><p>Most projects take eight to twelve weeks from the first call to launch.</p></div></div>
				<div><button type="button">Do you maintain the app after launch?</button><div><p>Yes, we offer monthly maintenance plans.</p></div></div></div><button type="button">Book a call</button></main>`,
			want:    []string{"How long does a project take?", "Do you maintain the app after launch?", "eight to twelve weeks"},
			notWant: []string{"Book a call"},
		},
		{
			name: "a dated, signed post's accordion stays a box apart",
			page: `<article><h1>Moving house with a cat</h1><p class="byline">By <a rel="author" href="/ann">Ann Lee</a>, <time datetime="2024-05-03">3 May 2024</time></p><p>Moving a cat is easiest when its own things go last into the van and first out of it.</p>` + para + para + para +
				`<div class="accordion"><button class="toggle">Can a cat travel by train?</button><div><p>Yes, in a closed carrier that it can turn around in.</p></div></div><button class="share">Share this post</button></article>`,
			want:    []string{"Moving a cat is easiest"},
			notWant: []string{"Can a cat travel by train?", "Share this post"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := FromReader(strings.NewReader(`<html><body>`+tt.page+`</body></html>`), "https://studio.example/services/web-apps", nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, p.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(p.Text, w) {
					t.Errorf("text holds %q:\n%s", w, p.Text)
				}
			}
		})
	}
}

// TestFromReader_LandingRepeats: a landing page's call to action, printed
// in every section, comes out once; its sections' own lines stay.
func TestFromReader_LandingRepeats(t *testing.T) {
	section := func(h, p string) string {
		return `<section><h2>` + h + `</h2><p>` + p + `</p><a class="cta" href="/signup">Start for free</a></section>`
	}
	page := `<html><body><header><nav><a href="/">Home</a><a href="/pricing">Pricing</a></nav></header><main>` +
		section("Track every visit", "See where your visitors come from and what they read, without cookies and without slowing your site down.") +
		section("Own your data", "Your statistics stay on servers in Europe, and you can export or delete them whenever you like.") +
		section("Share your dashboard", "Send a public link to your team or your clients, or embed the dashboard in your own pages.") +
		`</main><footer>© Tally</footer></body></html>`
	p, err := FromReader(strings.NewReader(page), "https://tally.example/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(p.Text, "Start for free"); got != 1 {
		t.Errorf("the call to action comes out %d times, want once:\n%s", got, p.Text)
	}
	for _, w := range []string{"Track every visit", "Own your data", "embed the dashboard"} {
		if !strings.Contains(p.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, p.Text)
		}
	}
}

// TestFromReader_HeroSliver checks that a page neither dated nor signed
// whose chosen body sits with the headline but holds a sliver of the
// page's text (the section under a landing page's hero) is read as its
// main region, while a dated page keeps the body by its headline.
func TestFromReader_HeroSliver(t *testing.T) {
	features := func(prefix string) string {
		var b strings.Builder
		for _, f := range []string{"Sealed snapshots.", "Fast restores.", "Runs offline.", "Tape friendly.", "Audit logs.", "Flat pricing.",
			"One-line upgrades.", "Retention rules.", "Mail reports.", "Any system.", "Mailbox copies.", "Database dumps."} {
			b.WriteString(`<div><h3>` + prefix + `</h3><p>` + f + `</p></div>`)
		}
		return b.String()
	}
	page := func(dateline string) string {
		return `<!DOCTYPE html><html><head><title>On-site backups | Keepsafe</title></head><body>
<header><nav><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/login">Log in</a></nav></header>
<div class="top"><div class="hero"><h1>Backups that never leave your building</h1>` + dateline + `<p>Your files, your servers, your keys.</p><a class="button" href="/demo">Book a demo</a></div>
<section><div class="container-small"><h2>When the cloud is not an option</h2>
<p>Keepsafe runs on your own servers, behind your own firewall, so that your files, your keys and your audit trail stay under your control, every night, with no cloud account to open and nothing to sign but our licence.</p></div></section></div>
<div class="rest"><section><h2>What you get</h2><div class="grid">` + features("Included") + `</div></section>
<section><h2>Also in the box</h2><div class="grid">` + features("Extra") + `</div></section></div>
<footer>© Keepsafe Ltd</footer></body></html>`
	}
	cases := []struct {
		name, dateline string
		region         bool // the text holds the feature grids
	}{
		{"Unsigned", "", true},
		{"Dated", `<p class="date"><time datetime="2024-03-01">1 March 2024</time></p>`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := FromReader(strings.NewReader(page(tc.dateline)), "https://keepsafe.example/on-premise-backups", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Text, "keys and your audit trail") {
				t.Errorf("text lacks the section under the hero:\n%s", p.Text)
			}
			if got := strings.Contains(p.Text, "Database dumps."); got != tc.region {
				t.Errorf("text holds the feature grid: %v, want %v:\n%s", got, tc.region, p.Text)
			}
		})
	}
}

// TestFromReader_Sectioned checks that a page read weakly as a post whose
// running text is a part of its sections (lists of checks and places) is
// read as its main region, even when the container chosen as the post
// holds nearly half of it; a page dated by its headline, or dated and
// signed, keeps its post.
func TestFromReader_Sectioned(t *testing.T) {
	page := func(byline string) string {
		return `<!DOCTYPE html><html><head><title>Boiler servicing | Warmhouse</title></head><body>
<header><nav><a href="/">Home</a> <a href="/boilers">Boilers</a> <a href="/contact">Contact</a></nav></header>
<div class="hero"><h1>Boiler servicing in Leeds</h1>` + byline + `<a class="button" href="/book">Book a service</a></div>
<div class="intro"><div class="copy">
<p>A yearly service keeps your boiler safe and efficient, and most manufacturers ask for one to keep the warranty valid, so we send a reminder each year.</p>
<p>Our engineers are Gas Safe registered, carry the common spare parts in their vans and fix most faults on the first visit, without a second call-out fee.</p>
</div></div>
<div class="checks"><h2>What the service covers</h2><ul><li>Flue and ventilation</li><li>Gas pressure and flow</li>
<li>Seals, valves and pipework</li><li>Burner and heat exchanger</li><li>Controls and thermostat</li></ul></div>
<div class="areas"><h2>Where we work</h2><ul><li>Headingley</li><li>Chapel Allerton</li><li>Roundhay</li><li>Horsforth</li><li>Kirkstall</li></ul></div>
<footer>© Warmhouse Heating</footer></body></html>`
	}
	cases := []struct {
		name, byline string
		region       bool // the text holds the lists
	}{
		{"Unsigned", "", true},
		{"DatedAndSigned", `<p class="byline">By <a rel="author" href="/team/sam-hill">Sam Hill</a>, <time datetime="2024-03-01">1 March 2024</time></p>`, false},
		{"DatedByHeadline", `<p class="dateline">1 March 2024</p>`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := FromReader(strings.NewReader(page(tc.byline)), "https://warmhouse.example/boiler-servicing", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Text, "Gas Safe registered") {
				t.Errorf("text lacks the copy:\n%s", p.Text)
			}
			for _, w := range []string{"Burner and heat exchanger", "Roundhay"} {
				if got := strings.Contains(p.Text, w); got != tc.region {
					t.Errorf("text holds %q: %v, want %v:\n%s", w, got, tc.region, p.Text)
				}
			}
		})
	}
}
