package export

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/annals-dev/annals"
)

// csvWriter writes RFC 4180 CSV: records end with CRLF, and a field holding
// a comma, a double quote, a line break or a leading space is quoted, with
// quotes doubled. Line breaks inside a field are written as they are:
// encoding/csv's Writer with UseCRLF would turn the "\n" of a post's text
// into "\r\n", so a reader other than Go's would get different text back.
type csvWriter struct {
	w   io.Writer
	buf []byte
}

func (c *csvWriter) row(cells []string) error {
	c.buf = c.buf[:0]
	for i, s := range cells {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		if !needsQuotes(s) {
			c.buf = append(c.buf, s...)
			continue
		}
		c.buf = append(c.buf, '"')
		for {
			j := strings.IndexByte(s, '"')
			if j < 0 {
				break
			}
			c.buf = append(c.buf, s[:j+1]...)
			c.buf = append(c.buf, '"')
			s = s[j+1:]
		}
		c.buf = append(c.buf, s...)
		c.buf = append(c.buf, '"')
	}
	c.buf = append(c.buf, '\r', '\n')
	_, err := c.w.Write(c.buf)
	return err
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if strings.ContainsAny(s, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// csvTable is a CSV writer for one kind of row (T): the chosen columns,
// the header written once, before the first row or at Close.
type csvTable[T any] struct {
	out    csvWriter
	names  []string
	cells  []func(T) string
	header bool
	row    []string
}

// newCSVTable keeps, in the order asked for, the columns of all whose names
// are in names.
func newCSVTable[F, T any](w io.Writer, names []string, all []F, name func(F) string, cell func(F) func(T) string) *csvTable[T] {
	t := &csvTable[T]{out: csvWriter{w: w}}
	for _, n := range names {
		for _, f := range all {
			if name(f) == n {
				t.names = append(t.names, n)
				t.cells = append(t.cells, cell(f))
			}
		}
	}
	return t
}

func (t *csvTable[T]) writeHeader() error {
	if t.header {
		return nil
	}
	t.header = true
	return t.out.row(t.names)
}

func (t *csvTable[T]) write(v T) error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	t.row = t.row[:0]
	for _, cell := range t.cells {
		t.row = append(t.row, cell(v))
	}
	return t.out.row(t.row)
}

// Close writes the header row when no row was written, so an empty export
// still names its columns.
func (t *csvTable[T]) Close() error { return t.writeHeader() }

// csvEncoder writes one row per post version.
type csvEncoder struct{ *csvTable[*annals.Record] }

func newCSV(w io.Writer, fields []string) *csvEncoder {
	return &csvEncoder{newCSVTable(w, fields, recordFields,
		func(f recordField) string { return f.name },
		func(f recordField) func(*annals.Record) string { return f.csv })}
}

func (e *csvEncoder) Write(it *Item) error { return e.write(it.Record) }

// commentsEncoder writes one row per comment of each post version.
type commentsEncoder struct{ *csvTable[*commentRow] }

func newCommentsCSV(w io.Writer, fields []string) *commentsEncoder {
	return &commentsEncoder{newCSVTable(w, fields, commentFields,
		func(f commentField) string { return f.name },
		func(f commentField) func(*commentRow) string { return f.csv })}
}

func (e *commentsEncoder) Write(it *Item) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	for i := range it.Record.Comments {
		if err := e.write(&commentRow{rec: it.Record, position: i + 1, c: &it.Record.Comments[i]}); err != nil {
			return err
		}
	}
	return nil
}
