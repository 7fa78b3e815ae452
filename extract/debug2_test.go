package extract

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/net/html"
)

func TestDebugTree(t *testing.T) {
	f := os.Getenv("DBG_FILE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	page, _ := decode(b, "")
	doc, _ := html.ParseWithOptions(bytesReader(page), html.ParseOptionEnableScripting(false))
	var show func(n *html.Node, d int)
	show = func(n *html.Node, d int) {
		if d > 6 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				fmt.Printf("%*s<%s class=%q id=%q> %d\n", d*2, "", c.Data, attr(c, "class"), attr(c, "id"), textLen(c))
				if textLen(c) > 500 {
					show(c, d+1)
				}
			}
		}
	}
	show(doc, 0)
}
