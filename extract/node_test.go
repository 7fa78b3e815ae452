package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// TestCountInnerText checks that countInnerText counts what innerText
// writes, for every element of the fixture pages.
func TestCountInnerText(t *testing.T) {
	files, _ := filepath.Glob("../testdata/pages/*.html")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := parse(b)
		walk(doc, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return true
			}
			text := innerText(n)
			want := lineCounter{
				runes:  utf8.RuneCountInString(text),
				commas: strings.Count(text, ",") + strings.Count(text, "，") + strings.Count(text, "、"),
			}
			got := countInnerText(n)
			if got.runes != want.runes || got.commas != want.commas {
				t.Fatalf("%s: %s: counted %d runes, %d commas; innerText has %d, %d", filepath.Base(f), describe(n), got.runes, got.commas, want.runes, want.commas)
			}
			return true
		})
	}
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
