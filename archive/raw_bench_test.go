package archive

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/annals-dev/annals/internal/sitegen"
)

// BenchmarkRawRead reads raw pages back: Store.Raw of 300 pages of a
// synthetic Blogger blog, as a crawl stored them (zstd, against the site's
// dictionary), against what schema 1 did for the same pages in the same
// run (gunzip of the page as gzip stored it). It reports the time per page
// of each and their ratio, which must stay at or below 1. Run it with
//
//	go test ./archive -run '^$' -bench RawRead
func BenchmarkRawRead(b *testing.B) {
	const n = 300
	site := sitegen.New(sitegen.Options{Posts: n})
	s := mustOpen(b, tempPath(b))
	var keys []string
	var gz [][]byte
	for i := range n {
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", "http://blog.example"+site.PostPath(i), nil))
		page := rec.Body.Bytes()
		key := "http://blog.example" + site.PostPath(i)
		f := newFetch(newPost(key, "t", "x"), t0, "")
		f.Raw = page
		if _, _, err := s.Put(key, f); err != nil {
			b.Fatal(err)
		}
		keys = append(keys, key)
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(page)
		zw.Close()
		gz = append(gz, buf.Bytes())
	}
	var raw, old time.Duration
	var pages int
	for b.Loop() {
		start := time.Now()
		for _, k := range keys {
			if _, err := s.Raw(k, 0); err != nil {
				b.Fatal(err)
			}
		}
		raw += time.Since(start)
		start = time.Now()
		for _, z := range gz {
			zr, err := gzip.NewReader(bytes.NewReader(z))
			if err == nil {
				_, err = io.ReadAll(zr)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		old += time.Since(start)
		pages += n
	}
	b.ReportMetric(float64(raw.Microseconds())/float64(pages), "raw-µs/page")
	b.ReportMetric(float64(old.Microseconds())/float64(pages), "gunzip-µs/page")
	b.ReportMetric(raw.Seconds()/old.Seconds(), "raw/gunzip")
}
