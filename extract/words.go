package extract

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// wordSet is a list of lower-case words to look for in class and id values.
type wordSet []string

// in reports whether s contains one of the words.
func (ws wordSet) in(s string) bool {
	if s == "" || len(ws) == 0 {
		return false
	}
	byFirst := ws.index()
	for i := 0; i < len(s); i++ {
		for _, w := range byFirst[s[i]] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// bounded reports whether s contains one of the words between token
// boundaries: the ends of s, white space, '_' or '-'.
func (ws wordSet) bounded(s string) bool {
	if s == "" || len(ws) == 0 {
		return false
	}
	byFirst := ws.index()
	for i := 0; i < len(s); i++ {
		if i > 0 && !isTokenSep(s[i-1]) {
			continue
		}
		for _, w := range byFirst[s[i]] {
			if end := i + len(w); strings.HasPrefix(s[i:], w) && (end == len(s) || isTokenSep(s[end])) {
				return true
			}
		}
	}
	return false
}

// wordIndex holds a wordSet's words by their first byte, so that a match
// is looked for only where a word could start. Word sets are package
// variables: their indexes are built once, on first use, keyed by the
// set's backing array.
type wordIndex [256][]string

var wordIndexes sync.Map // *string (a set's first word) -> *wordIndex

func (ws wordSet) index() *wordIndex {
	key := &ws[0]
	if v, ok := wordIndexes.Load(key); ok {
		return v.(*wordIndex)
	}
	idx := new(wordIndex)
	for _, w := range ws {
		if w != "" {
			idx[w[0]] = append(idx[w[0]], w)
		}
	}
	v, _ := wordIndexes.LoadOrStore(key, idx)
	return v.(*wordIndex)
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

// containsAny reports whether s holds any of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
