package extract

import "testing"

func TestContainsFoldASCII(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`<meta charset="utf-8">`, true},
		{`<META CHARSET="utf-8">`, true},
		{`<meta charSet="utf-8"/>`, true},
		{`<meta http-equiv="Content-Type" content="text/html; Charset=windows-1251">`, true},
		{`<meta name="viewport" content="width=device-width">`, false},
		{`chars`, false},
	}
	for _, tt := range tests {
		if got := containsFoldASCII([]byte(tt.in), "charset"); got != tt.want {
			t.Errorf("containsFoldASCII(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestUndoDoubleEncoding(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"weâ€™ll see the cafÃ© at â€œnoonâ€\u009d", "we’ll see the café at “noon”"},
		{"it weâ\u0080\u0099ll work", "it we’ll work"}, // read as Latin-1
		{"plain café, née, Straße, “quotes” and – dashes", "plain café, née, Straße, “quotes” and – dashes"},
		{"naÃ¯ve but née stays", "naïve but née stays"},
		{"no marks at all: Ã alone", "no marks at all: Ã alone"},
	} {
		if got := string(undoDoubleEncoding([]byte(tt.in))); got != tt.want {
			t.Errorf("undoDoubleEncoding(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
