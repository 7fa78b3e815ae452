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
