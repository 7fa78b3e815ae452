package export

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/annals-dev/annals"
)

// jsonEncoder writes one array (json) or one record a line (jsonl).
type jsonEncoder struct {
	w      io.Writer
	array  bool
	fields []recordField // nil: the whole record
	n      int
	buf    bytes.Buffer
	enc    *json.Encoder
}

func newJSON(w io.Writer, array bool, fields []string) *jsonEncoder {
	e := &jsonEncoder{w: w, array: array}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	for _, name := range fields {
		for _, f := range recordFields {
			if f.name == name {
				e.fields = append(e.fields, f)
			}
		}
	}
	return e
}

func (e *jsonEncoder) Write(it *Item) error {
	e.buf.Reset()
	switch {
	case e.array && e.n == 0:
		e.buf.WriteString("[\n")
	case e.array:
		e.buf.WriteString(",\n")
	}
	e.n++
	if err := e.record(it); err != nil {
		return err
	}
	if e.array {
		e.buf.Truncate(e.buf.Len() - 1) // the Encoder's newline
	}
	_, err := e.w.Write(e.buf.Bytes())
	return err
}

// record appends the record as one line of JSON, newline included.
func (e *jsonEncoder) record(it *Item) error {
	r := it.Record
	if e.fields == nil {
		if r.Comments == nil {
			c := *r
			c.Comments = []annals.Comment{}
			r = &c
		}
		return e.enc.Encode(r)
	}
	e.buf.WriteByte('{')
	first := true
	for _, f := range e.fields {
		v, ok := f.json(r)
		if !ok {
			continue
		}
		if !first {
			e.buf.WriteByte(',')
		}
		first = false
		e.buf.WriteByte('"')
		e.buf.WriteString(f.name)
		e.buf.WriteString(`":`)
		if err := e.enc.Encode(v); err != nil {
			return err
		}
		e.buf.Truncate(e.buf.Len() - 1)
	}
	e.buf.WriteString("}\n")
	return nil
}

func (e *jsonEncoder) Close() error {
	if !e.array {
		return nil
	}
	end := "\n]\n"
	if e.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(e.w, end)
	return err
}
