package main

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/extract"
	"github.com/annals-dev/annals/internal/export"
	"github.com/annals-dev/annals/internal/sitegen"
)

// benchSizes returns the sizes the environment variable env lists
// ("1000,10000"), or def when it is unset.
func benchSizes(b *testing.B, env string, def []int) []int {
	b.Helper()
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	var sizes []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("%s: bad size %q", env, f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// BenchmarkExport generates archives of 10,000 and 100,000 posts and runs
// the real binary's export of each in every format, reporting posts/s and
// the export process's peak resident set (VmHWM). Run it with
//
//	go test ./cmd/annals -run '^$' -bench Export -benchtime 1x -timeout 60m
//
// ANNALS_BENCH_POSTS=10000,100000 picks the sizes, and ANNALS_BENCH_DIR
// keeps the generated archives there between runs (they are regenerated in
// a temporary directory otherwise).
func BenchmarkExport(b *testing.B) {
	for _, n := range benchSizes(b, "ANNALS_BENCH_POSTS", []int{10_000, 100_000}) {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			db := benchArchive(b, n)
			fi, _ := os.Stat(db)
			b.Logf("archive of %d posts: %.0f MB", n, float64(fi.Size())/(1<<20))
			for _, format := range export.Formats {
				b.Run("format="+format, func(b *testing.B) {
					var rss int64
					var out countWriter
					start := time.Now()
					for b.Loop() {
						out = 0
						cmd := exec.Command(binary, "export", "--db", db, "--format", format)
						cmd.Stdout = &out
						cmd.Stderr = os.Stderr
						if err := cmd.Start(); err != nil {
							b.Fatal(err)
						}
						peak := watchPeakRSS(cmd.Process.Pid)
						if err := cmd.Wait(); err != nil {
							b.Fatalf("export --format %s: %v", format, err)
						}
						rss = max(rss, peak())
					}
					secs := time.Since(start).Seconds() / float64(b.N)
					b.ReportMetric(float64(n)/secs, "posts/s")
					b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
					b.ReportMetric(float64(out)/(1<<20), "output-MB")
				})
			}
		})
	}
}

// watchPeakRSS polls the peak resident set (VmHWM, in kB) of process pid
// every 2 ms until it exits; the returned func waits for the poller to
// stop and returns the last value read. (The child's ru_maxrss will not
// do: the exec'ed child is charged the peak of the test process it was
// cloned from.)
func watchPeakRSS(pid int) func() int64 {
	var peak int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			b, err := os.ReadFile(path)
			if err != nil {
				return
			}
			st := string(b)
			i := strings.Index(st, "VmHWM:")
			if i < 0 {
				return // a zombie: the process has exited
			}
			f := strings.Fields(st[i+len("VmHWM:"):])
			if len(f) > 0 {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					peak = max(peak, kb)
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	return func() int64 { <-done; return peak }
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// benchArchive returns an archive of n posts: pages of the synthetic blog
// (about 19 kB of HTML, three comments each), extracted once per template
// and stored with archive.Put under n distinct URLs.
func benchArchive(b *testing.B, n int) string {
	b.Helper()
	dir := os.Getenv("ANNALS_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	db := filepath.Join(dir, fmt.Sprintf("bench-%d.db", n))
	if _, err := os.Stat(db); err == nil {
		return db
	}
	const templates = 50
	site := sitegen.New(sitegen.Options{Posts: templates})
	type page struct {
		raw  []byte
		post *annals.Post
	}
	var pages []page
	for i := range templates {
		rec := httptest.NewRecorder()
		u := "http://blog.example" + site.PostPath(i)
		site.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		raw := rec.Body.Bytes()
		p, err := extract.FromReader(strings.NewReader(string(raw)), u, nil)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page{raw, p})
	}
	tmp := db + ".tmp"
	os.Remove(tmp)
	s, err := archive.Open(tmp, nil)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	fetched := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		pg := pages[i%templates]
		p := *pg.post
		p.URL = fmt.Sprintf("http://blog.example/%d/%02d/post-%d.html", 2000+i/12000, 1+i%12, i)
		p.CanonicalURL = p.URL
		p.Title = fmt.Sprintf("%s (%d)", p.Title, i)
		p.Published = annals.At(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour))
		_, _, err := s.Put(p.URL, &archive.Fetch{URL: p.URL, FetchedAt: fetched.Add(time.Duration(i) * time.Second),
			Status: 200, ETag: strconv.Quote(strconv.Itoa(i)), Raw: pg.raw, Post: &p})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, db); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d posts in %v", n, time.Since(start).Round(time.Second))
	return db
}
