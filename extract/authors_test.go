package extract

import (
	"strings"
	"testing"
)

func TestCutDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dec 17, 2025Julian K. Arni", "Julian K. Arni"},
		{"Julian K. Arni 17 March 2024", "Julian K. Arni"},
		{"Jane Doe | 27.01.2022", "Jane Doe"},
		{"Jane DoeDec 17, 2025", "Jane Doe"},
		{"17. Dezember 2025 um 8:14 Uhr Maria von Berg", "Maria von Berg"},
		{"Dec 17, 2025 at 8:14 am about Jane", "Dec 17, 2025 at 8:14 am about Jane"}, // no capitalised name after the date
		{"c1ph4", "c1ph4"},
		{"Agent 47 Smith", "Agent 47 Smith"},
	}
	for _, tt := range tests {
		if got := cutDate(tt.in); got != tt.want {
			t.Errorf("cutDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDatedName(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"2025-12-17·Trond Teigen", []string{"Trond Teigen"}},
		{"Jane Doe | 3 March 2024", []string{"Jane Doe"}},
		{"March 3, 2024 • Jane Doe and John Roe • 5 min read", []string{"Jane Doe", "John Roe"}},
		{"News | Politics", nil},                   // no date
		{"3 March 2024 | Share this story", nil},   // no name
		{"Jane Doe | Senior Editor | Berlin", nil}, // no date
		{"12/03/2024 · Tags: Garden, Roses", nil},  // tags, not names
	}
	for _, tt := range tests {
		if got := datedName(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("datedName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanNames(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Author Jane Doe", "Jane Doe"},
		{"Jane MacDoe Writer", "Jane MacDoe"},
		{"Jane Ann Doe Senior Staff Writer", ""}, // too long either way
		{"Jane (Roe) Doe", "Jane (Roe) Doe"},
		{"Jane Doe (Pressesprecherin)", "Jane Doe"},
		{"page.head.extra.author", ""},
		{"Cerebral Inc.", "Cerebral Inc."},
		{"John Roe Jr.", "John Roe Jr."},
		{"Jane Doe.", "Jane Doe"},
		{"Jane Doe, ", "Jane Doe"},
		{"{{ post.author }}", ""},
		{"andrew.keaveney", "andrew.keaveney"}, // a login name, not a template key
		{"sara.r.peter", "sara.r.peter"},
		{"Valentin Lobstein [email protected]", "Valentin Lobstein"},
	}
	for _, tt := range tests {
		if got := strings.Join(cleanNames([]string{tt.in}), "|"); got != tt.want {
			t.Errorf("cleanNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitNames(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Jane Doe & John Roe", "Jane Doe|John Roe"},
		{"Jane Doe, John Roe & Max Moe", "Jane Doe|John Roe|Max Moe"},
		{"Thomson Reuters Tax & Accounting", "Thomson Reuters Tax & Accounting"},
		{"Simon & Schuster", "Simon & Schuster"},
		{"Jane Doe and John Roe", "Jane Doe|John Roe"},
	}
	for _, tt := range tests {
		if got := strings.Join(splitNames(tt.in), "|"); got != tt.want {
			t.Errorf("splitNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoginName(t *testing.T) {
	for n, want := range map[string]bool{"andrew.keaveney": true, "KatieS": true, "jdoe_42": true, "jdoe": true,
		"McAllister": false, "AP": false, "Jane Doe": false, "Stefan": false} {
		if got := loginName(n); got != want {
			t.Errorf("loginName(%q) = %v, want %v", n, got, want)
		}
	}
}
