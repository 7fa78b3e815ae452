package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/internal/sitegen"
)

// BenchmarkCrawl runs the real binary's crawl of a synthetic Blogger blog
// served on loopback by the benchmark process (both share the machine),
// with --delay 0 --parallel 8, and reports posts archived per second and
// the crawl process's peak resident set (VmHWM). Run it with
//
//	go test ./cmd/annals -run '^$' -bench 'Crawl$' -benchtime 1x -timeout 30m
//
// ANNALS_BENCH_CRAWL=1000,10000 picks the blog sizes (posts with three
// comments each). The peak RSS should be about the same at every size:
// the frontier and the seen set live in the archive, not in memory. The
// machine is shared with the server, and maybe with others: CPU time per
// post, of the crawl and of the server, says what the rate is limited by.
func BenchmarkCrawl(b *testing.B) {
	sizes := []int{1_000, 10_000}
	if v := os.Getenv("ANNALS_BENCH_CRAWL"); v != "" {
		sizes = nil
		for f := range strings.SplitSeq(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				b.Fatalf("ANNALS_BENCH_CRAWL: bad size %q", f)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			// Blogger's action endpoints on the site's own host, as mirrors
			// and proxies serve them: a polite crawl requests none.
			site := sitegen.New(sitegen.Options{Posts: n, ActionsOnHost: true})
			srv := httptest.NewServer(site)
			defer srv.Close()
			var rss int64
			var secs, crawlCPU, serverCPU float64
			for b.Loop() {
				db := filepath.Join(b.TempDir(), "bench.db")
				self0 := selfCPU()
				start := time.Now()
				cmd := exec.Command(binary, "crawl", "--db", db, "--delay", "0", "--parallel", "8", "--quiet", srv.URL+"/")
				cmd.Stderr = os.Stderr
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				peak := watchPeakRSS(cmd.Process.Pid)
				if err := cmd.Wait(); err != nil {
					b.Fatalf("crawl: %v", err)
				}
				secs += time.Since(start).Seconds()
				serverCPU += selfCPU() - self0
				crawlCPU += (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
				rss = max(rss, peak())
				b.StopTimer()
				s, err := archive.Open(db, &archive.Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				st, err := s.Stats(b.Context())
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				if st.Posts != n || st.Versions != n {
					b.Fatalf("archived %d posts in %d versions, want %d", st.Posts, st.Versions, n)
				}
				b.StartTimer()
			}
			secs /= float64(b.N)
			b.ReportMetric(float64(n)/secs, "posts/s")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
			b.ReportMetric(float64(site.Requests())/float64(b.N)/float64(n), "requests/post")
			if a := site.ActionRequests(); a > 0 {
				b.Errorf("%d requests to action endpoints", a)
			}
			// CPU per post, of the crawl and of the server: what the posts/s
			// would be with the machine's cores to themselves.
			b.ReportMetric(crawlCPU/float64(b.N)/float64(n)*1000, "crawl-CPU-ms/post")
			b.ReportMetric(serverCPU/float64(b.N)/float64(n)*1000, "server-CPU-ms/post")
		})
	}
}

// BenchmarkPoliteness crawls a small blog with --delay 1s and reports the
// smallest gap between the starts of two requests to the host, as the
// server saw them (robots.txt, feeds, sitemaps and pages alike). It must
// be at least a second. Run it with
//
//	go test ./cmd/annals -run '^$' -bench Politeness -benchtime 1x
func BenchmarkPoliteness(b *testing.B) {
	site := sitegen.New(sitegen.Options{Posts: 6})
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()
	for b.Loop() {
		mu.Lock()
		times = nil
		mu.Unlock()
		db := filepath.Join(b.TempDir(), "bench.db")
		cmd := exec.Command(binary, "crawl", "--db", db, "--delay", "1s", "--parallel", "4", "--quiet", srv.URL+"/")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("crawl: %v", err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	gap := time.Duration(1<<63 - 1)
	for i := 1; i < len(times); i++ {
		gap = min(gap, times[i].Sub(times[i-1]))
	}
	b.ReportMetric(gap.Seconds(), "min-gap-s")
	b.ReportMetric(float64(len(times)), "requests")
	if gap < time.Second {
		b.Errorf("two requests %v apart with --delay 1s", gap)
	}
}
