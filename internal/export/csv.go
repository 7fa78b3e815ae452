package export

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
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

// csvEncoder writes one row per post version.
type csvEncoder struct {
	out    csvWriter
	fields []recordField
	header bool
	cells  []string
}

func newCSV(w io.Writer, fields []string) *csvEncoder {
	e := &csvEncoder{out: csvWriter{w: w}}
	for _, name := range fields {
		for _, f := range recordFields {
			if f.name == name {
				e.fields = append(e.fields, f)
			}
		}
	}
	return e
}

func (e *csvEncoder) writeHeader() error {
	if e.header {
		return nil
	}
	e.header = true
	e.cells = e.cells[:0]
	for _, f := range e.fields {
		e.cells = append(e.cells, f.name)
	}
	return e.out.row(e.cells)
}

func (e *csvEncoder) Write(it *Item) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	e.cells = e.cells[:0]
	for _, f := range e.fields {
		e.cells = append(e.cells, f.csv(it.Record))
	}
	return e.out.row(e.cells)
}

// Close writes the header row when no item was written, so an empty export
// still names its columns.
func (e *csvEncoder) Close() error { return e.writeHeader() }

// commentsEncoder writes one row per comment of each post version.
type commentsEncoder struct {
	out    csvWriter
	fields []commentField
	header bool
	cells  []string
}

func newCommentsCSV(w io.Writer, fields []string) *commentsEncoder {
	e := &commentsEncoder{out: csvWriter{w: w}}
	for _, name := range fields {
		for _, f := range commentFields {
			if f.name == name {
				e.fields = append(e.fields, f)
			}
		}
	}
	return e
}

func (e *commentsEncoder) writeHeader() error {
	if e.header {
		return nil
	}
	e.header = true
	e.cells = e.cells[:0]
	for _, f := range e.fields {
		e.cells = append(e.cells, f.name)
	}
	return e.out.row(e.cells)
}

func (e *commentsEncoder) Write(it *Item) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	for i := range it.Record.Comments {
		row := &commentRow{rec: it.Record, position: i + 1, c: &it.Record.Comments[i]}
		e.cells = e.cells[:0]
		for _, f := range e.fields {
			e.cells = append(e.cells, f.csv(row))
		}
		if err := e.out.row(e.cells); err != nil {
			return err
		}
	}
	return nil
}

func (e *commentsEncoder) Close() error { return e.writeHeader() }
