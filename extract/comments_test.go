package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestParseItem_TextClass checks that a comment's text is read from its
// text element, leaving out the votes and byline around it.
func TestParseItem_TextClass(t *testing.T) {
	tests := []struct{ name, item, want string }{
		{"comment-text", `<div class="comment" id="c_1"><div class="voters"><a>12</a></div><div class="byline"><a>kim</a> 1 year ago</div><div class="comment-text"><p>Measure twice.</p></div></div>`, "Measure twice."},
		{"comment_text", `<div class="comment" id="c_2"><div class="voters"><a>7</a></div><div class="byline"><a>bo</a> 2 years ago</div><div class="comment_text"><p>Cut once.</p></div></div>`, "Cut once."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + tt.item + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			n := findFirst(doc, func(x *html.Node) bool { return hasClass(x, "comment") })
			e := &extractor{doc: doc, opts: &Options{}, explain: Provenance{}}
			if got := e.parseItem(n).Text; got != tt.want {
				t.Errorf("Text=%q, want %q", got, tt.want)
			}
		})
	}
}
