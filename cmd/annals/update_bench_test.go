package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/annals-dev/annals/internal/sitegen"
)

// BenchmarkUpdate compares, in one run, three ways of bringing an archive
// of a synthetic Blogger blog up to date when nothing changed, all with
// the real binary, --delay 0 --parallel 8, against a loopback server
// that answers conditional requests with 304:
//
//   - update: annals update, one conditional request per post;
//   - recrawl: annals crawl of the same site into the same archive (it
//     also revalidates archived posts with conditional requests, but
//     walks the site's feed and keeps a frontier);
//   - fullcrawl: annals crawl into a new archive, every page fetched and
//     extracted, as a crawl without the earlier archive would.
//
// It reports seconds for each, the speed-ups update/recrawl and
// update/fullcrawl, and update's requests per post (it must make at most
// one request per post page, and fails otherwise). Run it with
//
//	go test ./cmd/annals -run '^$' -bench Update -benchtime 1x -timeout 30m
//
// ANNALS_BENCH_UPDATE=N picks the blog size (default 10000 posts).
func BenchmarkUpdate(b *testing.B) {
	n := 10_000
	if v := os.Getenv("ANNALS_BENCH_UPDATE"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("ANNALS_BENCH_UPDATE: bad size %q", v)
		}
	}
	site := sitegen.New(sitegen.Options{Posts: n})
	var mu sync.Mutex
	posts := map[string]int{} // requests of each post page
	var all atomic.Int64
	counting := atomic.Bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if counting.Load() {
			all.Add(1)
			mu.Lock()
			posts[r.URL.Path]++
			mu.Unlock()
		}
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := b.TempDir()
	db := filepath.Join(dir, "annals.db")
	run := func(args ...string) time.Duration {
		b.Helper()
		start := time.Now()
		cmd := exec.Command(binary, args...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("annals %v: %v", args, err)
		}
		return time.Since(start)
	}
	flags := []string{"--delay", "0", "--parallel", "8", "--quiet"}
	run(append(append([]string{"crawl", "--db", db}, flags...), srv.URL+"/")...) // the archive to update

	var upd, recrawl, full time.Duration
	var perPost float64
	for b.Loop() {
		full += run(append(append([]string{"crawl", "--db", filepath.Join(b.TempDir(), "fresh.db")}, flags...), srv.URL+"/")...)
		recrawl += run(append(append([]string{"crawl", "--db", db}, flags...), srv.URL+"/")...)

		mu.Lock()
		clear(posts)
		mu.Unlock()
		all.Store(0)
		counting.Store(true)
		upd += run(append([]string{"update", "--db", db}, flags...)...)
		counting.Store(false)
		mu.Lock()
		for i := range n {
			if c := posts[site.PostPath(i)]; c != 1 {
				b.Fatalf("update requested %s %d times, want once", site.PostPath(i), c)
			}
		}
		mu.Unlock()
		perPost = float64(all.Load()) / float64(n)
	}
	if recrawl < 5*upd {
		b.Errorf("update took %v, more than a fifth of the re-crawl's %v", upd, recrawl)
	}
	k := float64(b.N)
	b.ReportMetric(upd.Seconds()/k, "update-s")
	b.ReportMetric(recrawl.Seconds()/k, "recrawl-s")
	b.ReportMetric(full.Seconds()/k, "fullcrawl-s")
	b.ReportMetric(recrawl.Seconds()/upd.Seconds(), "x-vs-recrawl")
	b.ReportMetric(full.Seconds()/upd.Seconds(), "x-vs-fullcrawl")
	b.ReportMetric(perPost, "update-requests/post")
	fmt.Fprintf(os.Stderr, "BenchmarkUpdate: %d posts: update %.2fs, recrawl %.2fs (%.1fx), full crawl %.2fs (%.1fx), %.4f requests/post\n",
		n, upd.Seconds()/k, recrawl.Seconds()/k, recrawl.Seconds()/upd.Seconds(), full.Seconds()/k, full.Seconds()/upd.Seconds(), perPost)
}
