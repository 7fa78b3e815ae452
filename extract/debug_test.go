package extract

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/net/html"
)

func TestDebugBody(t *testing.T) {
	f := os.Getenv("DBG_FILE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	e := &extractor{opts: &Options{}, explain: Provenance{}}
	page, _ := decode(b, "")
	doc, _ := html.ParseWithOptions(bytesReader(page), html.ParseOptionEnableScripting(false))
	e.doc = doc
	e.collectHead()
	e.ld = parseJSONLD(doc)
	e.comments()
	e.title()
	root := findFirst(e.doc, func(n *html.Node) bool { return n.Data == "body" })
	e.pruneHidden(root)
	sel := e.selectorCandidate(root)
	read, sibs := e.readabilityCandidate(root)
	desc := func(n *html.Node) string {
		if n == nil {
			return "nil"
		}
		return fmt.Sprintf("<%s class=%q id=%q> len=%d", n.Data, attr(n, "class"), attr(n, "id"), textLen(n))
	}
	fmt.Println("sel:", desc(sel))
	fmt.Println("read:", desc(read), len(sibs))
	for _, s := range sibs {
		fmt.Println("  sib:", desc(s))
	}
}
