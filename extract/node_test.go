package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// eachFixtureElement calls fn for every element of every page in
// testdata/pages, with the page's file name.
func eachFixtureElement(t *testing.T, fn func(file string, n *html.Node)) {
	t.Helper()
	files, err := filepath.Glob("../testdata/pages/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture pages: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		walk(parse(b), func(n *html.Node) bool {
			if n.Type == html.ElementNode {
				fn(filepath.Base(f), n)
			}
			return true
		})
	}
}

// TestCountInnerText checks that countInnerText counts what innerText
// writes, for every element of the fixture pages.
func TestCountInnerText(t *testing.T) {
	eachFixtureElement(t, func(file string, n *html.Node) {
		text := innerText(n)
		want := lineCounter{
			runes:  utf8.RuneCountInString(text),
			commas: strings.Count(text, ",") + strings.Count(text, "，") + strings.Count(text, "、"),
		}
		got := countInnerText(n)
		if got.runes != want.runes || got.commas != want.commas {
			t.Fatalf("%s: %s: counted %d runes, %d commas; innerText has %d, %d", file, describe(n), got.runes, got.commas, want.runes, want.commas)
		}
	})
}

// TestContentClassesASCII checks what selectorCandidate's length test
// counts on.
func TestContentClassesASCII(t *testing.T) {
	for _, c := range contentClasses {
		if !isASCII(c) {
			t.Errorf("content class %q is not ASCII", c)
		}
	}
}

// TestRenderTextLabels checks that two labels run together at an
// element's edge are set apart, and that words split by markup are not.
func TestRenderTextLabels(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"brand and name", `<a href="/p/1"><span class="brand">Fernhill</span><span class="name">Camp Mug</span></a>`, "Fernhill Camp Mug"},
		{"brand in capitals", `<a href="/p/2"><span>HOKA</span><span>Kaha 3 GTX</span></a>`, "HOKA Kaha 3 GTX"},
		{"price and label", `<div><span class="price">$139.95</span><span class="msrp">MSRP: $170</span></div>`, "$139.95 MSRP: $170"},
		{"acronym split by markup", `<p><span>NA</span><span>SA</span> and <span>US</span><span>B-C</span></p>`, "NASA and USB-C"},
		{"row of tag links", `<div class="tags"><a href="/t/a">Strategy</a><a href="/t/b">Puzzle</a><a href="/t/c">Co-op</a></div>`, "Strategy Puzzle Co-op"},
		{"bold start of a word", `<p><b>W</b>ord and <strong>Java</strong>Script</p>`, "Word and JavaScript"},
		{"trademark", `<p>Acme<sup>TM</sup> kettles</p>`, "AcmeTM kettles"},
		{"split lower-case word", `<p><span class="hl">wood</span><span>work</span></p>`, "woodwork"},
		{"code", `<pre><span class="k">func</span><span class="n">Main</span></pre>`, "funcMain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parse([]byte("<html><body>" + tt.page + "</body></html>"))
			if got := strings.TrimSpace(renderText(bodyElement(doc), nil)); got != tt.want {
				t.Errorf("renderText = %q, want %q", got, tt.want)
			}
		})
	}
}
