package extract

import "testing"

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
