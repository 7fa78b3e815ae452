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
		return undoDoubleEncoding(page), "utf-8"
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

// doubleEncodedMarks are the UTF-8 bytes of what UTF-8 text looks like
// after it was read as Windows-1252 or Latin-1 and written out as UTF-8
// again: "â€" (from ’ “ ” – —), "Ã" and "â" before a Latin-1 sign or
// control (from é ü ñ, and ’ read as Latin-1).
var doubleEncodedMarks = [...]string{"\xc3\xa2\xe2\x82\xac", "\xc3\x83\xc2", "\xc3\xa2\xc2", "\xc3\x83\xc6"}

// doubleEncoded reports whether page holds one of doubleEncodedMarks, in
// one pass over its 0xC3 bytes (none in most English pages).
func doubleEncoded(page []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], 0xc3)
		if j < 0 {
			return false
		}
		i += j
		if i+1 < len(page) && (page[i+1] == 0xa2 || page[i+1] == 0x83) {
			for _, m := range doubleEncodedMarks {
				if bytes.HasPrefix(page[i:], []byte(m)) {
					return true
				}
			}
		}
		i++
	}
}

// cp1252High maps the characters Windows-1252 has at 0x80-0x9F back to
// their bytes.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}

// undoDoubleEncoding repairs text that was encoded as UTF-8 twice ("weâ€™ll"
// for "we’ll", "cafÃ©" for "café"), as pages re-saved by a tool that read
// their UTF-8 as Windows-1252 are. Each run of characters that Windows-1252
// or Latin-1 can write as one byte is turned back into those bytes, and
// replaced by what they spell when they are valid UTF-8 and spell fewer
// characters. Text in a single-byte language stays: its accented letters
// do not form UTF-8 sequences ("née" is not one). Pages without the marks
// are returned as they are, at the cost of a few byte searches.
func undoDoubleEncoding(page []byte) []byte {
	if !doubleEncoded(page) {
		return page
	}
	out := make([]byte, 0, len(page))
	var run []byte // the current run as single bytes
	runStart := 0  // its start in page
	flush := func(end int) {
		if len(run) > 0 && utf8.Valid(run) && utf8.RuneCount(run) < utf8.RuneCount(page[runStart:end]) {
			out = append(out, run...)
		} else {
			out = append(out, page[runStart:end]...)
		}
		run = run[:0]
	}
	for i := 0; i < len(page); {
		r, size := utf8.DecodeRune(page[i:])
		b, ok := byte(0), false
		switch {
		case r >= 0x80 && r <= 0xff:
			b, ok = byte(r), true
		case r > 0xff:
			b, ok = cp1252High[r]
		}
		if ok {
			if len(run) == 0 {
				runStart = i
			}
			run = append(run, b)
		} else {
			if len(run) > 0 {
				flush(i)
			}
			out = append(out, page[i:i+size]...)
		}
		i += size
	}
	if len(run) > 0 {
		flush(len(page))
	}
	return out
}
