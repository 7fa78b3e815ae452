package extract

import (
	"bytes"
	"io"
	"mime"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// maxCharsetScan is how far into the page a <meta charset> declaration is
// looked for. The HTML standard says 1024 bytes; real pages often declare it
// later, after long comments or scripts, and browsers cope.
const maxCharsetScan = 8192

// decode returns page as UTF-8. The encoding comes from a byte-order mark,
// then the Content-Type header's charset, then a <meta> declaration, unless
// the bytes hold multi-byte text that is valid UTF-8. A page that declares
// nothing is read as UTF-8 when its bytes are valid UTF-8, and
// as windows-1252 otherwise (what browsers do).
func decode(page []byte, contentType string) ([]byte, string) {
	enc, name := declaredEncoding(page, contentType)
	if enc != nil && enc != unicode.UTF8 && name != "utf-8" && !ascii(page) && utf8.Valid(page) {
		// Multi-byte text that is valid UTF-8 is UTF-8 whatever the page
		// declares: legacy text almost never forms valid sequences, and
		// pages re-saved as UTF-8 keep their old declaration.
		enc, name = unicode.UTF8, "utf-8"
	}
	if enc == nil {
		if utf8.Valid(page) {
			return page, "utf-8"
		}
		enc, name = charset.Lookup("windows-1252")
	}
	if enc == unicode.UTF8 || name == "utf-8" {
		page = bytes.TrimPrefix(page, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(page) {
			page = bytes.ToValidUTF8(page, []byte("\uFFFD"))
		}
		return page, "utf-8"
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(page)))
	if err != nil {
		return bytes.ToValidUTF8(page, []byte("\uFFFD")), "utf-8"
	}
	return out, name
}

// ascii reports whether b holds only 7-bit bytes.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func declaredEncoding(page []byte, contentType string) (encoding.Encoding, string) {
	for _, bom := range [...]struct {
		prefix string
		name   string
	}{{"\xef\xbb\xbf", "utf-8"}, {"\xfe\xff", "utf-16be"}, {"\xff\xfe", "utf-16le"}} {
		if bytes.HasPrefix(page, []byte(bom.prefix)) {
			return charset.Lookup(bom.name)
		}
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := charset.Lookup(params["charset"]); e != nil {
			return e, name
		}
	}
	head := page
	if len(head) > maxCharsetScan {
		head = head[:maxCharsetScan]
	}
	// The standard prescan handles <meta charset> and http-equiv in the
	// first 1024 bytes; give it the longer head so late declarations count.
	// It falls back to a guess when nothing is declared, so only trust it
	// when the head mentions a charset at all.
	if !containsFoldASCII(head, "charset") {
		return nil, ""
	}
	if e, name := prescanMeta(head); e != nil {
		return e, name
	}
	return nil, ""
}

// prescanMeta finds charset= inside a <meta ...> tag of head.
func prescanMeta(head []byte) (encoding.Encoding, string) {
	lower := bytes.ToLower(head)
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("<meta"))
		if i < 0 {
			return nil, ""
		}
		start := off + i
		end := bytes.IndexByte(lower[start:], '>')
		if end < 0 {
			return nil, ""
		}
		tag := lower[start : start+end]
		off = start + end
		j := bytes.Index(tag, []byte("charset"))
		if j < 0 {
			continue
		}
		rest := bytes.TrimLeft(tag[j+len("charset"):], " \t\r\n")
		if len(rest) == 0 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n\"'")
		k := bytes.IndexAny(rest, "\"'; \t\r\n/")
		if k >= 0 {
			rest = rest[:k]
		}
		if e, name := charset.Lookup(string(rest)); e != nil {
			// A page that claims UTF-16 in a meta tag cannot be UTF-16
			// (the tag was readable as ASCII): browsers use UTF-8.
			if name == "utf-16be" || name == "utf-16le" {
				return unicode.UTF8, "utf-8"
			}
			return e, name
		}
	}
}

// containsFoldASCII reports whether b holds word, a lower-case ASCII word,
// in any case, without copying b.
func containsFoldASCII(b []byte, word string) bool {
	// The usual spellings first, with the fast substring search.
	if bytes.Contains(b, []byte(word)) || bytes.Contains(b, bytes.ToUpper([]byte(word))) {
		return true
	}
	for i := 0; i+len(word) <= len(b); i++ {
		j := 0
		for ; j < len(word); j++ {
			c := b[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
