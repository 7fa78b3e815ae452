package export

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/nlnwa/gowarc/v3"
)

var t0 = time.Date(2024, 12, 4, 10, 0, 0, 0, time.UTC)

// fullRecord has every key set, and text that needs CSV quoting.
func fullRecord() *annals.Record {
	n := 2
	gone := t0.Add(48 * time.Hour)
	return &annals.Record{
		Key: "https://example.org/2024/12/post.html",
		Post: annals.Post{
			URL:          "https://example.org/2024/12/post.html?m=1",
			CanonicalURL: "https://example.org/2024/12/post.html",
			Kind:         "post",
			Site:         "example.org",
			Title:        `Quotes "and", commas`,
			Authors:      []string{"Smith, Jane", "Ed Ng"},
			Published:    annals.Day(2024, 12, 4),
			Updated:      annals.At(t0.Add(time.Hour)),
			Language:     "en",
			Tags:         []string{"Russia", "Iran"},
			Text:         "First paragraph, with a comma.\n\nSecond \"quoted\" one.\r\nThird line.",
			HTML:         "<p>First paragraph &amp; more</p>",
			CommentCount: &n,
			Comments: []annals.Comment{
				{ID: "c1", Author: "Reader", AuthorURL: "https://r.example/", Published: annals.At(t0.Add(2 * time.Hour)), Text: "Nice,\nreally."},
				{ID: "c2", ParentID: "c1", Author: "Author", Text: " leading space", Type: "pingback", Deleted: true},
			},
		},
		Version:          3,
		FetchedAt:        t0.Add(3*time.Hour + 500*time.Millisecond),
		Status:           200,
		ContentHash:      "sha256:abc",
		CommentsComplete: true,
		Parts:            2,
		Extractor:        "rules 2026-12-07.test; annals dev",
		Cause:            annals.CauseSite,
		GoneAt:           &gone,
	}
}

func minimalRecord() *annals.Record {
	return &annals.Record{Post: annals.Post{URL: "https://example.org/p"}, Version: 1, FetchedAt: t0, ContentHash: "sha256:def"}
}

func encode(tb testing.TB, format string, o *Options, items ...*Item) string {
	tb.Helper()
	var buf bytes.Buffer
	enc, err := New(&buf, format, o)
	if err != nil {
		tb.Fatalf("New(%s): %v", format, err)
	}
	for _, it := range items {
		if err := enc.Write(it); err != nil {
			tb.Fatalf("Write: %v", err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
	return buf.String()
}

// orderedKeys returns the keys of a JSON object in order.
func orderedKeys(tb testing.TB, line string) []string {
	tb.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	if _, err := dec.Token(); err != nil {
		tb.Fatal(err)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			tb.Fatal(err)
		}
		keys = append(keys, k.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			tb.Fatal(err)
		}
	}
	return keys
}

// TestFields checks that picking every field gives the whole record, key
// for key and in the same order, for a full and a minimal record.
func TestFields(t *testing.T) {
	all := FieldNames("jsonl")
	for _, rec := range []*annals.Record{fullRecord(), minimalRecord()} {
		whole := encode(t, "jsonl", nil, &Item{Record: rec})
		picked := encode(t, "jsonl", &Options{Fields: all}, &Item{Record: rec})
		var a, b map[string]any
		if err := json.Unmarshal([]byte(whole), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(picked), &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("all fields picked:\n%s\nwhole record:\n%s", picked, whole)
		}
		if got, want := orderedKeys(t, picked), orderedKeys(t, whole); !slices.Equal(got, want) {
			t.Errorf("key order %v, want %v", got, want)
		}
	}
	if got := orderedKeys(t, encode(t, "jsonl", nil, &Item{Record: fullRecord()})); !slices.Equal(got, all) {
		t.Errorf("a full record has keys %v, FieldNames %v", got, all)
	}

	t.Run("Subset", func(t *testing.T) {
		got := encode(t, "jsonl", &Options{Fields: []string{"title", "url", "gone_at", "canonical_url"}}, &Item{Record: minimalRecord()})
		if want := `{"url":"https://example.org/p"}` + "\n"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestJSON(t *testing.T) {
	t.Run("Array", func(t *testing.T) {
		out := encode(t, "json", nil, &Item{Record: fullRecord()}, &Item{Record: minimalRecord()})
		var recs []annals.Record
		if err := json.Unmarshal([]byte(out), &recs); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, out)
		}
		if len(recs) != 2 || recs[0].Key != fullRecord().Key || recs[1].Comments == nil {
			t.Errorf("got %+v", recs)
		}
		if !strings.Contains(out, "<p>First paragraph &amp; more</p>") {
			t.Errorf("HTML escaped in JSON output")
		}
	})
	t.Run("EmptyArray", func(t *testing.T) {
		if got := encode(t, "json", nil); got != "[]\n" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("Lines", func(t *testing.T) {
		out := encode(t, "jsonl", nil, &Item{Record: fullRecord()}, &Item{Record: minimalRecord()})
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d lines:\n%s", len(lines), out)
		}
		var r annals.Record
		if err := json.Unmarshal([]byte(lines[0]), &r); err != nil || !reflect.DeepEqual(&r, fullRecord()) {
			t.Errorf("line 1 does not read back: %v\n%+v", err, r)
		}
	})
}

func TestCSV(t *testing.T) {
	rec := fullRecord()
	out := encode(t, "csv", nil, &Item{Record: rec}, &Item{Record: minimalRecord()})
	if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\r\n") < 3 {
		t.Errorf("records do not end with CRLF:\n%q", out)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read it back: %v\n%s", err, out)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2", len(rows))
	}
	if want := DefaultFields("csv"); !slices.Equal(rows[0], want) || slices.Contains(want, "html") {
		t.Errorf("header %v, want %v without html", rows[0], want)
	}
	got := map[string]string{}
	for i, name := range rows[0] {
		got[name] = rows[1][i]
	}
	want := map[string]string{
		"key": rec.Key, "title": rec.Title, "authors": "Smith, Jane; Ed Ng", "tags": "Russia; Iran",
		"published": "2024-12-04", "updated": "2024-12-04T11:00:00Z",
		// encoding/csv reads a CRLF inside a quoted field as LF.
		"text":          strings.ReplaceAll(rec.Text, "\r\n", "\n"),
		"comment_count": "2", "comments": "2", "version": "3", "fetched_at": "2024-12-04T13:00:00.5Z",
		"status": "200", "comments_complete": "true", "gone_at": "2024-12-06T10:00:00Z",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if strings.Contains(out, "Second \"quoted\" one.\r\n\r\n") || !strings.Contains(out, "comma.\n\nSecond") {
		t.Errorf("line breaks inside a field were rewritten")
	}

	t.Run("Fields", func(t *testing.T) {
		out := encode(t, "csv", &Options{Fields: []string{"version", "html"}}, &Item{Record: rec})
		if want := "version,html\r\n3,<p>First paragraph &amp; more</p>\r\n"; out != want {
			t.Errorf("got %q, want %q", out, want)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if out := encode(t, "csv", &Options{Fields: []string{"key", "url"}}); out != "key,url\r\n" {
			t.Errorf("got %q", out)
		}
	})
}

func TestCommentsCSV(t *testing.T) {
	rec := fullRecord()
	out := encode(t, "csv-comments", nil, &Item{Record: rec}, &Item{Record: minimalRecord()})
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read it back: %v\n%s", err, out)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], FieldNames("csv-comments")) {
		t.Fatalf("rows: %q", rows)
	}
	want := []string{rec.Key, rec.URL, "3", "2024-12-04T13:00:00.5Z", "2", "c2", "c1", "Author", "", "", "pingback", "true", " leading space"}
	if !slices.Equal(rows[2], want) {
		t.Errorf("row 2 = %q\nwant    %q", rows[2], want)
	}
	if rows[1][12] != "Nice,\nreally." {
		t.Errorf("comment text %q", rows[1][12])
	}
}

func TestWARC(t *testing.T) {
	page := []byte("<!doctype html><html><head><title>Post</title></head><body><p>Body</p></body></html>\n")
	withPage := &Item{Record: fullRecord(), FetchURL: "https://example.org/2024/12/post.html?m=1",
		ETag: `"v3"`, LastModified: "Wed, 04 Dec 2024 10:00:00 GMT",
		Raw: func() ([]byte, error) { return page, nil }}
	imported := &Item{Record: minimalRecord(), Raw: func() ([]byte, error) { return nil, nil }}
	out := encode(t, "warc", &Options{Software: "annals/test", Filename: "x.warc.gz"}, withPage, imported)

	r, err := gowarc.NewWarcFileReaderFromStream(strings.NewReader(out), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var types []string
	var offsets []int64
	ids := map[string]string{}
	links := map[string]string{} // type -> the id it points to
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("reading back: %v", err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("record %d: validation: %v", len(types), rec.Validation)
		}
		wr := rec.WarcRecord
		h := wr.WarcHeader()
		types = append(types, wr.Type().String())
		offsets = append(offsets, rec.Offset)
		ids[wr.Type().String()+h.Get(gowarc.WarcTargetURI)] = h.GetId(gowarc.WarcRecordID)
		if id := h.GetId(gowarc.WarcConcurrentTo) + h.GetId(gowarc.WarcRefersTo); id != "" {
			links[wr.Type().String()] = id
		}
		if wr.Version() != gowarc.V1_1 {
			t.Errorf("version %v", wr.Version())
		}
		switch wr.Type() {
		case gowarc.Warcinfo:
			b, _ := io.ReadAll(must(wr.Block().RawBytes()))
			if !strings.Contains(string(b), "software: annals/test") || h.Get(gowarc.WarcFilename) != "x.warc.gz" {
				t.Errorf("warcinfo: %s", b)
			}
		case gowarc.Response:
			blk := wr.Block().(gowarc.HttpResponseBlock)
			payload, _ := io.ReadAll(must(blk.PayloadBytes()))
			if !bytes.Equal(payload, page) || blk.HttpStatusCode() != 200 ||
				blk.HttpHeader().Get("ETag") != `"v3"` || h.Get(gowarc.WarcTargetURI) != withPage.FetchURL ||
				!strings.HasPrefix(h.Get(gowarc.WarcPayloadDigest), "sha1:") {
				t.Errorf("response: %s %v %q", h, blk.HttpHeader(), payload)
			}
			if d, _ := h.GetTime(gowarc.WarcDate); !d.Equal(withPage.Record.FetchedAt) {
				t.Errorf("response WARC-Date %v, want the fetch time", d)
			}
		case gowarc.Request:
			blk := wr.Block().(gowarc.HttpRequestBlock)
			head := string(blk.ProtocolHeaderBytes())
			if blk.HttpRequestLine() != "/2024/12/post.html?m=1" || !strings.HasPrefix(head, "GET /2024/12/post.html?m=1 HTTP/1.1\r\nHost: example.org\r\n") ||
				h.Get(gowarc.WarcConcurrentTo) == "" {
				t.Errorf("request: %q %s", head, h)
			}
		case gowarc.Metadata:
			b, _ := io.ReadAll(must(wr.Block().RawBytes()))
			var got annals.Record
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("metadata is not a record: %v\n%s", err, b)
			}
			if got.URL == withPage.Record.URL {
				if !reflect.DeepEqual(&got, withPage.Record) {
					t.Errorf("metadata record differs:\n%+v", got)
				}
				if h.Get(gowarc.WarcRefersTo) == "" {
					t.Errorf("metadata does not refer to its response")
				}
			}
		}
		rec.Close()
	}
	if want := []string{"warcinfo", "request", "response", "metadata", "metadata"}; !slices.Equal(types, want) {
		t.Errorf("record types %v, want %v", types, want)
	}
	// Each record starts a gzip member: a reader can seek to its offset.
	for i, off := range offsets {
		zr, err := gzip.NewReader(strings.NewReader(out[off:]))
		if err != nil {
			t.Errorf("record %d at %d is not a gzip member: %v", i, off, err)
			continue
		}
		zr.Multistream(false)
		b, err := io.ReadAll(zr)
		if err != nil || !bytes.HasPrefix(b, []byte("WARC/1.1\r\n")) || !bytes.HasSuffix(b, []byte("\r\n\r\n")) {
			t.Errorf("record %d: member holds %d bytes, %v", i, len(b), err)
		}
	}
	resp, meta := ids["response"+withPage.FetchURL], ids["metadata"+withPage.FetchURL]
	if resp == "" || meta == "" || resp == meta || links["request"] != resp || links["metadata"] != resp {
		t.Errorf("record ids: %v, links %v", ids, links)
	}

	t.Run("Empty", func(t *testing.T) {
		out := encode(t, "warc", nil)
		r, err := gowarc.NewWarcFileReaderFromStream(strings.NewReader(out), 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		rec, err := r.Next()
		if err != nil || rec.WarcRecord.Type() != gowarc.Warcinfo {
			t.Fatalf("empty export: %v, %v", rec, err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("more than the warcinfo record: %v", err)
		}
	})
}

// TestWARC_BadURL checks that a target URI the WARC library cannot parse
// fails the export with the URL named, rather than being written blank.
func TestWARC_BadURL(t *testing.T) {
	rec := minimalRecord()
	rec.URL = "https://exa mple.org/ä b"
	enc, err := New(io.Discard, "warc", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = enc.Write(&Item{Record: rec, Raw: func() ([]byte, error) { return []byte("<p>x</p>"), nil }})
	if err == nil || !strings.Contains(err.Error(), rec.URL) {
		t.Errorf("err=%v, want an error naming %s", err, rec.URL)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestNew_Errors(t *testing.T) {
	tests := []struct {
		format string
		fields []string
		want   error
	}{
		{"xml", nil, ErrFormat},
		{"jsonl", []string{"title", "bogus"}, ErrFields},
		{"csv", []string{"title", "title"}, ErrFields},
		{"csv", []string{}, ErrFields},
		{"csv-comments", []string{"title"}, ErrFields},
		{"warc", []string{"title"}, ErrFields},
	}
	for _, tt := range tests {
		_, err := New(io.Discard, tt.format, &Options{Fields: tt.fields})
		if !errors.Is(err, tt.want) {
			t.Errorf("New(%s, %v): err=%v, want %v", tt.format, tt.fields, err, tt.want)
		}
	}
}

func TestWriteError(t *testing.T) {
	for _, format := range Formats {
		enc, err := New(failWriter{}, format, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = enc.Write(&Item{Record: fullRecord(), Raw: func() ([]byte, error) { return []byte("<html>"), nil }})
		if err == nil {
			err = enc.Close()
		}
		if err == nil {
			t.Errorf("%s: no error from a failing writer", format)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
