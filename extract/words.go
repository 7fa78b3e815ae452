package extract

import (
	"strings"
	"unicode/utf8"
)

// wordSet is a list of lower-case words to look for in class and id values.
type wordSet []string

// in reports whether s contains one of the words.
func (ws wordSet) in(s string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// bounded reports whether s contains one of the words between token
// boundaries: the ends of s, white space, '_' or '-'.
func (ws wordSet) bounded(s string) bool {
	for _, w := range ws {
		for off := 0; off < len(s); {
			i := strings.Index(s[off:], w)
			if i < 0 {
				break
			}
			i += off
			end := i + len(w)
			if (i == 0 || isTokenSep(s[i-1])) && (end == len(s) || isTokenSep(s[end])) {
				return true
			}
			off = i + 1
		}
	}
	return false
}

func isTokenSep(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '_' || c == '-'
}

// hasToken reports whether the space-separated list s holds tok, without
// allocating.
func hasToken(s, tok string) bool {
	for len(s) > 0 {
		i := strings.IndexAny(s, " \t\n\r\f")
		var t string
		if i < 0 {
			t, s = s, ""
		} else {
			t, s = s[:i], s[i+1:]
		}
		if t == tok {
			return true
		}
	}
	return false
}

// cutToken returns the first token of the space-separated list s (empty
// when s starts with a separator) and what follows its separator.
func cutToken(s string) (tok, rest string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// isASCII reports whether s holds only 7-bit bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lower lower-cases s, without allocating when it is already lower case
// ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}
