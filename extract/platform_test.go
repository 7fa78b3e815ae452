package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// TestPlatformTitle checks that platformTitle matches the elements the CSS
// selector platformTitleSelector matches, on the fixture pages and on
// markup made to tell the two apart.
func TestPlatformTitle(t *testing.T) {
	sel := cascadia.MustCompile(platformTitleSelector)
	pages := []string{
		`<h1 class="entry-title">a</h1><h2 class="x post-title">b</h2><h3 class="wp-block-post-title y">c</h3>`,
		`<h4 class="entry-title">no</h4><h1 class="Entry-Title">no</h1><h1 class="entry-titles">no</h1><div class="entry-title">no</div>`,
		`<h2 itemprop="headline">a</h2><h3 itemprop="Headline">no</h3><h1 itemprop="headline name">no</h1>`,
		`<h1 class="a	entry-title
b">a</h1><h1 class="" class="post-title">dup</h1><svg><h1 class="entry-title">out</h1></svg>`,
		`<h3 class="post-title entry-title"><h3 class="entry-title">nested</h3></h3>`,
	}
	files, _ := filepath.Glob("../testdata/pages/*.html")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(b))
	}
	for i, p := range pages {
		doc, err := html.Parse(strings.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		prepare(doc)
		want := sel.MatchAll(doc)
		var got []*html.Node
		walk(doc, func(n *html.Node) bool {
			if platformTitle(n) {
				got = append(got, n)
			}
			return true
		})
		if len(got) != len(want) {
			t.Fatalf("page %d: platformTitle found %d elements, the selector %d", i, len(got), len(want))
		}
		for j := range got {
			if got[j] != want[j] {
				t.Errorf("page %d: element %d differs: %s, the selector %s", i, j, describe(got[j]), describe(want[j]))
			}
		}
	}
}
