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
