package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/annals-dev/annals/internal/sitegen"
)

// BenchmarkArchiveSize crawls a synthetic Blogger blog with the real
// binary and reports the archive's size against the HTML the crawl
// fetched (every text/html response body, post pages and listings), then
// crawls the unchanged blog again, its pages answering 200 in full and
// without validators (no ETag, no Last-Modified, conditional requests
// ignored), as many servers do, and reports how much that second crawl
// added to the file: every fetch is kept, but the same bytes are stored
// once. Run it with
//
//	go test ./cmd/annals -run '^$' -bench 'ArchiveSize$' -benchtime 1x -timeout 30m
//
// ANNALS_BENCH_SIZE=1000,10000 picks the blog sizes.
func BenchmarkArchiveSize(b *testing.B) {
	for _, n := range benchSizes(b, "ANNALS_BENCH_SIZE", []int{1_000, 10_000}) {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			site := &noValidators{h: sitegen.New(sitegen.Options{Posts: n})}
			srv := httptest.NewServer(site)
			defer srv.Close()
			var html, first, second, fetches, data1, data2 int64
			for b.Loop() {
				db := filepath.Join(b.TempDir(), "bench.db")
				crawl := func() {
					cmd := exec.Command(binary, "crawl", "--db", db, "--delay", "0", "--parallel", "8", "--quiet", srv.URL+"/")
					cmd.Stderr = os.Stderr
					if err := cmd.Run(); err != nil {
						b.Fatalf("crawl: %v", err)
					}
				}
				site.html.Store(0)
				crawl()
				html = site.html.Load()
				first = fileSize(b, db)
				data1 = storeStats(b, db).FileBytes
				crawl()
				second = fileSize(b, db)
				st := storeStats(b, db)
				data2 = st.FileBytes
				if st.Posts != n || st.Versions != n {
					b.Fatalf("%d posts in %d versions after two crawls, want %d in %d", st.Posts, st.Versions, n, n)
				}
				fetches = int64(st.Fetches)
			}
			b.ReportMetric(float64(html)/(1<<20), "html-MiB")
			b.ReportMetric(float64(first)/(1<<20), "archive-MiB")
			b.ReportMetric(100*float64(first)/float64(html), "archive-%-of-html")
			b.ReportMetric(100*float64(second-first)/float64(first), "recrawl-growth-%")
			// The pages in use, below the room bbolt grows the file by.
			b.ReportMetric(100*float64(data2-data1)/float64(data1), "recrawl-data-growth-%")
			b.ReportMetric(float64(fetches)/float64(n), "fetches/post")
		})
	}
}

// noValidators serves h without validators: no ETag or Last-Modified in
// responses, none honoured in requests. It counts the bytes of the HTML
// bodies it serves.
type noValidators struct {
	h    http.Handler
	html atomic.Int64
}

func (s *noValidators) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Header.Del("If-None-Match")
	r.Header.Del("If-Modified-Since")
	s.h.ServeHTTP(&stripWriter{ResponseWriter: w, s: s}, r)
}

// stripWriter drops the validators from a response and counts its body
// when it is HTML.
type stripWriter struct {
	http.ResponseWriter
	s           *noValidators
	html, wrote bool
}

func (w *stripWriter) WriteHeader(code int) {
	w.wrote = true
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	w.html = strings.HasPrefix(w.Header().Get("Content-Type"), "text/html")
	w.ResponseWriter.WriteHeader(code)
}

func (w *stripWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK) // a body written without WriteHeader
	}
	if w.html {
		w.s.html.Add(int64(len(p)))
	}
	return w.ResponseWriter.Write(p)
}

// fileSize is the size of the file at path, as the file system has it.
func fileSize(b *testing.B, path string) int64 {
	b.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}
