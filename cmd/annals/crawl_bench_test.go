package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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
	for _, n := range benchSizes(b, "ANNALS_BENCH_CRAWL", []int{1_000, 10_000}) {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			// Blogger's action endpoints on the site's own host, as mirrors
			// and proxies serve them: a polite crawl requests none.
			site := sitegen.New(sitegen.Options{Posts: n, ActionsOnHost: true})
			srv := httptest.NewServer(site)
			defer srv.Close()
			var rss int64
			var secs, crawlCPU, serverCPU float64
			stages := map[string]float64{}
			for b.Loop() {
				db := filepath.Join(b.TempDir(), "bench.db")
				prof := filepath.Join(b.TempDir(), "cpu.prof")
				self0 := selfCPU()
				start := time.Now()
				cmd := exec.Command(binary, "crawl", "--db", db, "--delay", "0", "--parallel", "8", "--quiet", srv.URL+"/")
				cmd.Env = append(os.Environ(), "ANNALS_CPUPROFILE="+prof)
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
				for stage, s := range cpuByStage(b, prof) {
					stages[stage] += s
				}
				posts, versions := archiveStats(b, db)
				if posts != n || versions != n {
					b.Fatalf("archived %d posts in %d versions, want %d", posts, versions, n)
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
			// Where the crawl's CPU goes, by stage (from its CPU profile).
			for stage, s := range stages {
				b.ReportMetric(s/float64(b.N)/float64(n)*1000, stage+"-ms/post")
			}
		})
	}
}

// crawlStages name the stages of a crawl by the function whose cumulative
// CPU time is the stage's: fetching (colly and net/http), the crawler's
// own parse of a page for its links, extraction (of which parsing the
// HTML), storing a version (of which compressing the raw page), and the
// garbage collector's background work.
var crawlStages = []struct{ name, fn string }{
	{"fetch", "github.com/annals-dev/annals/crawler.(*run).fetch"},
	{"links", "github.com/annals-dev/annals/crawler.parseHTML"},
	{"extract", "github.com/annals-dev/annals/extract.Analyze"},
	{"html-parse", "github.com/annals-dev/annals/extract.parsePage"},
	{"store", "github.com/annals-dev/annals/archive.(*Store).Put"},
	{"compress", "github.com/annals-dev/annals/archive.(*Store).encode"},
	{"gc", "runtime.gcBgMarkWorker"},
}

// cpuByStage reads a CPU profile with go tool pprof and returns the
// seconds spent in each of crawlStages.
func cpuByStage(b *testing.B, prof string) map[string]float64 {
	b.Helper()
	out, err := exec.Command("go", "tool", "pprof", "-top", "-cum", "-nodecount=100000", binary, prof).Output()
	if err != nil {
		b.Fatalf("go tool pprof: %v", err)
	}
	got := map[string]float64{}
	for _, st := range crawlStages {
		got[st.name] = 0 // a stage the profile never saw took no time
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		// flat flat% sum% cum cum% name
		if len(f) < 6 {
			continue
		}
		for _, st := range crawlStages {
			if strings.Join(f[5:], " ") == st.fn {
				got[st.name] = pprofSeconds(f[3])
			}
		}
	}
	return got
}

// pprofSeconds reads a pprof duration: "1.23s", "450ms", "0".
func pprofSeconds(s string) float64 {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0
	}
	return d.Seconds()
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
