package crawler_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/internal/sitegen"
)

// A web that misbehaves: servers that fail, throttle, stall, bomb and trap.
func TestCrawler_Misbehaving(t *testing.T) {
	t.Run("ServerErrorThenOK", func(t *testing.T) {
		var calls atomic.Int32
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/flaky": func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) <= 2 {
					http.Error(w, "busy", http.StatusInternalServerError)
					return
				}
				fmt.Fprint(w, `<!DOCTYPE html><title>ok</title><p>third time lucky</p>`)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 0, RetryWait: 10 * time.Millisecond}, []string{s.URL + "/flaky"}, &c)
		if sum.Errors != 0 || c.pages[s.URL+"/flaky"] == nil || calls.Load() != 3 {
			t.Errorf("Errors=%v pages=%q calls=%d, want the page after two retries", sum.Errs, c.paths(s.URL), calls.Load())
		}
	})

	t.Run("TooManyRequests", func(t *testing.T) {
		// A 429 with Retry-After: 1 pauses the whole host for a second.
		var once sync.Once
		var throttledAt time.Time
		s := newTestSite(t, map[string]http.HandlerFunc{
			pathWinter: func(w http.ResponseWriter, r *http.Request) {
				throttled := false
				once.Do(func() { throttled = true })
				if throttled {
					w.Header().Set("Retry-After", "1")
					http.Error(w, "slow down", http.StatusTooManyRequests)
					throttledAt = time.Now()
					return
				}
				http.ServeFile(w, r, "../testdata/sites/blog"+pathWinter)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 0, Parallel: 1}, []string{s.URL + pathWinter, s.URL + pathGarden, s.URL + pathSourdough}, &c)
		if sum.Errors != 0 || len(c.paths(s.URL)) != 3 {
			t.Fatalf("Errors=%v pages=%q", sum.Errs, c.paths(s.URL))
		}
		// Every request after the 429 waited out the second.
		later := 0
		for _, r := range s.requests() {
			if r.at.After(throttledAt) {
				later++
				if d := r.at.Sub(throttledAt); d < 990*time.Millisecond {
					t.Errorf("%s requested %v after the 429, want at least 1s", r.path, d)
				}
			}
		}
		if later == 0 {
			t.Errorf("no request after the 429: the page was not tried again")
		}
	})

	t.Run("SlowButInTime", func(t *testing.T) {
		s := newTestSite(t, nil)
		s.slow = 150 * time.Millisecond
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 0, Timeout: 3 * time.Second}, []string{s.URL + pathWinter}, &c)
		if sum.Errors != 0 || c.pages[s.URL+pathWinter] == nil {
			t.Errorf("a slow page within the timeout failed: %v", sum.Errs)
		}
	})

	t.Run("CompressionBomb", func(t *testing.T) {
		// A gigabyte of HTML, a few megabytes gzipped, as a page
		// (Content-Encoding) and as a sitemap (.xml.gz): both cut off at
		// the body limit, not inflated.
		// Gzip members concatenate: one member of a megabyte, repeated.
		var zb bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zb, gzip.BestCompression)
		zw.Write(bytes.Repeat([]byte("<p>boom</p>\n"), 1<<20/12))
		zw.Close()
		bomb := bytes.Repeat(zb.Bytes(), 1<<10)
		var s *testSite
		s = newTestSite(t, map[string]http.HandlerFunc{
			"/bomb": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(bomb)
			},
			"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, "User-agent: *\nDisallow: /search\n\nSitemap: %s/sitemap-bomb.xml.gz\n", s.URL)
			},
			"/sitemap-bomb.xml.gz": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-gzip")
				w.Write(bomb)
			},
		})
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 1, MaxBodySize: 4 << 20, RetryWait: time.Millisecond},
			[]string{s.URL + "/bomb", s.URL + "/"}, &c)
		runtime.ReadMemStats(&after)
		if sum.Errors != 1 || !errors.Is(sum.Errs[0].Err, crawler.ErrTooLarge) || sum.Errs[0].URL != s.URL+"/bomb" {
			t.Errorf("Errs=%v, want ErrTooLarge for /bomb", sum.Errs)
		}
		if s.count("/sitemap-bomb.xml.gz") != 1 {
			t.Errorf("the sitemap bomb was not requested once")
		}
		if got := c.paths(s.URL); len(got) < 4 {
			t.Errorf("pages=%q: the crawl did not go on", got)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
			t.Errorf("the crawl allocated %d MB: the bomb was inflated", alloc>>20)
		}
	})

	t.Run("LinkToRefusedAddress", func(t *testing.T) {
		// A link on the site that redirects to an address the crawl may
		// not reach is skipped, not a failed page; a seed that does is.
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/notes": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte(`<html><body><h1>Notes</h1><p>Shared <a href="/go/out?to=chat">on the chat</a>.</p></body></html>`))
			},
			"/go/out": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://10.1.2.3/share", http.StatusFound)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 1}, []string{s.URL + "/notes"}, &c)
		if sum.Errors != 0 || sum.Skipped != 1 || s.count("/go/out") != 1 {
			t.Errorf("link: Errors=%d (%v) Skipped=%d, /go/out requested %d times; want 0 errors, 1 skipped", sum.Errors, sum.Errs, sum.Skipped, s.count("/go/out"))
		}
		sum = mustRun(t, &crawler.Options{Depth: 0}, []string{s.URL + "/go/out"}, &c)
		if sum.Errors != 1 || len(sum.Errs) != 1 || !errors.Is(sum.Errs[0].Err, crawler.ErrPrivateAddress) {
			t.Errorf("seed: Errors=%d (%v), want the refusal", sum.Errors, sum.Errs)
		}
	})
	t.Run("NotHTML", func(t *testing.T) {
		// A PDF and a PNG sent as text/html are recognized by their first
		// bytes and not handed over (nor downloaded further).
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/report": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write(append([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), make([]byte, 64<<10)...))
			},
			"/picture": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(append([]byte("\x89PNG\x0d\x0a\x1a\x0a"), make([]byte, 64<<10)...))
			},
			"/video": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "video/mp4")
				w.Write(make([]byte, 1<<20))
			},
		})
		// As seeds they are errors that say what they were; linked from a
		// page they are skipped.
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 0}, []string{s.URL + "/report", s.URL + "/picture", s.URL + "/video", s.URL + pathGarden}, &c)
		if got := c.paths(s.URL); !slices.Equal(got, []string{pathGarden}) || sum.Skipped != 0 || sum.Errors != 3 {
			t.Errorf("pages=%q Skipped=%d Errors=%d, want only the HTML page and 3 errors", got, sum.Skipped, sum.Errors)
		}
		var msgs []string
		for _, pe := range sum.Errs {
			var nh *crawler.NotHTMLError
			if !errors.As(pe.Err, &nh) {
				t.Errorf("%s: %v, want a NotHTMLError", pe.URL, pe.Err)
				continue
			}
			msgs = append(msgs, pe.Err.Error())
		}
		slices.Sort(msgs)
		if want := []string{"application/pdf, not an HTML page", "image/png, not an HTML page", "video/mp4, not an HTML page"}; !slices.Equal(msgs, want) {
			t.Errorf("errors %q, want %q", msgs, want)
		}

		s2 := newTestSite(t, map[string]http.HandlerFunc{
			"/papers": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte(`<html><body><h1>Papers</h1><p><a href="/report">The annual report</a> and <a href="/video">a film</a>.</p></body></html>`))
			},
			"/report": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/pdf")
				w.Write([]byte("%PDF-1.7\n"))
			},
			"/video": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "video/mp4")
				w.Write(make([]byte, 1<<10))
			},
		})
		var c2 collector
		sum = mustRun(t, &crawler.Options{Depth: 1}, []string{s2.URL + "/papers"}, &c2)
		if sum.Errors != 0 || sum.Skipped < 2 {
			t.Errorf("linked: Skipped=%d Errors=%d (%v), want the PDF and the video skipped", sum.Skipped, sum.Errors, sum.Errs)
		}
	})

	t.Run("CalendarTrap", func(t *testing.T) {
		// A calendar whose months link on forever, by query and by path,
		// session ids in links, endless query strings and a relative link
		// that nests itself: the crawl still ends, after few requests.
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/": func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<!DOCTYPE html><title>home</title>
<a href="/events?month=2024-05">calendar</a> <a href="/calendar/2024/05/">calendar</a>
<a href="/?PHPSESSID=a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6">home</a>
<a href="/list?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9">filter</a>
<a href="/2024/01/winter-walks.html?replytocom=5#respond">reply</a>
<a href="deep/">deep</a>`)
			},
			"/events": func(w http.ResponseWriter, r *http.Request) {
				m := r.URL.Query().Get("month")
				fmt.Fprintf(w, `<!DOCTYPE html><title>%s</title><a href="/events?month=%s-next">next</a>`, m, m)
			},
			"/list": func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, `<!DOCTYPE html><title>list</title><a href="/list?%s&z=1">more</a>`, r.URL.RawQuery)
			},
		})
		mux := s.Config.Handler
		s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/calendar/") || strings.HasPrefix(r.URL.Path, "/deep/") {
				s.mu.Lock()
				s.reqs = append(s.reqs, request{path: r.URL.Path, at: time.Now()})
				s.mu.Unlock()
				fmt.Fprintf(w, `<!DOCTYPE html><title>trap</title><a href="next/">next</a> <a href="deep/">deeper</a>`)
				return
			}
			mux.ServeHTTP(w, r)
		})
		done := make(chan *crawler.Summary)
		go func() {
			var c collector
			done <- mustRun(t, &crawler.Options{Depth: -1, IgnoreRobots: true}, []string{s.URL + "/"}, &c)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("the crawl fell into a trap: %d requests", len(s.requests()))
		}
		if n := len(s.requests()); n > 20 {
			t.Errorf("%d requests on a site of one page and traps", n)
		}
		for _, r := range s.requests() {
			if strings.Contains(r.path, "calendar") || r.path == "/events" || strings.Count(r.path, "deep/") > 2 || r.query != "" {
				t.Errorf("trap followed: %s?%s", r.path, r.query)
			}
		}
	})

	t.Run("HostKeepsFailing", func(t *testing.T) {
		// The home page works, then every page answers 500: the host is
		// paused, then given up for the run; the rest stays queued.
		var n atomic.Int32
		var s *httptest.Server
		s = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			switch r.URL.Path {
			case "/robots.txt":
				http.NotFound(w, r)
			case "/":
				fmt.Fprint(w, `<!DOCTYPE html><title>x</title>`)
				for i := range 40 {
					fmt.Fprintf(w, `<a href="/p%d">%d</a>`, i, i)
				}
			default:
				http.Error(w, "down", http.StatusInternalServerError)
			}
		}))
		defer s.Close()
		var c collector
		front := newTestFrontier()
		sum := mustRun(t, &crawler.Options{Depth: 1, Parallel: 2, RetryWait: time.Millisecond, Frontier: front}, []string{s.URL + "/"}, &c)
		host := strings.TrimPrefix(s.URL, "http://")
		if !slices.Equal(sum.HostsDown, []string{host}) || sum.Complete || sum.Left == 0 {
			t.Errorf("HostsDown=%q Complete=%v Left=%d, want the host given up with URLs left", sum.HostsDown, sum.Complete, sum.Left)
		}
		// Not hammered: three pauses of five failures, not 40 pages × 4 tries.
		if got := n.Load(); got > 30 {
			t.Errorf("%d requests to a failing host", got)
		}
	})
}

// testFrontier is a Frontier that outlives a Run, as the archive's does:
// crash puts the entries in progress back in their queues.
type testFrontier struct {
	mu     sync.Mutex
	seen   map[string]bool
	queue  map[string][]crawler.Entry
	active map[string]crawler.Entry
	delay  time.Duration // a random sleep up to delay in every call
}

func newTestFrontier() *testFrontier {
	return &testFrontier{seen: map[string]bool{}, queue: map[string][]crawler.Entry{}, active: map[string]crawler.Entry{}}
}

func (f *testFrontier) nap() {
	if f.delay > 0 {
		time.Sleep(rand.N(f.delay))
	}
}

func (f *testFrontier) Push(es []crawler.Entry) ([]bool, error) {
	f.nap()
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, len(es))
	for i, e := range es {
		if f.seen[e.URL] {
			continue
		}
		f.seen[e.URL], out[i] = true, true
		q := append(f.queue[e.Queue], e)
		slices.SortStableFunc(q, func(a, b crawler.Entry) int { return a.Priority - b.Priority })
		f.queue[e.Queue] = q
	}
	return out, nil
}

func (f *testFrontier) Pop(queue string, n int) ([]crawler.Entry, error) {
	f.nap()
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.queue[queue]
	n = min(n, len(q))
	out := slices.Clone(q[:n])
	f.queue[queue] = q[n:]
	for _, e := range out {
		f.active[e.URL] = e
	}
	return out, nil
}

func (f *testFrontier) Done(urls []string) error {
	f.nap()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range urls {
		delete(f.active, u)
		f.seen[u] = true
	}
	return nil
}

func (f *testFrontier) Seen(urls []string) ([]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, len(urls))
	for i, u := range urls {
		out[i] = f.seen[u]
	}
	return out, nil
}

func (f *testFrontier) Queues() (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, q := range f.queue {
		if len(q) > 0 {
			out[k] = len(q)
		}
	}
	return out, nil
}

// crash puts what was in progress back at the head of its queue.
func (f *testFrontier) crash() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.active {
		q := append([]crawler.Entry{e}, f.queue[e.Queue]...)
		slices.SortStableFunc(q, func(a, b crawler.Entry) int { return a.Priority - b.Priority })
		f.queue[e.Queue] = q
	}
	clear(f.active)
}

// countingHandler counts how often each post is handed over.
type countingHandler struct {
	mu    sync.Mutex
	n     map[string]int
	after func(total int) // called after each post
	total int
}

func (h *countingHandler) handle(ctx context.Context, p *crawler.Page) error {
	if !isBlogPost(p.URL) {
		return nil
	}
	h.mu.Lock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[p.URL]++
	h.total++
	total := h.total
	h.mu.Unlock()
	if h.after != nil {
		h.after(total)
	}
	return nil
}

func TestCrawler_Resume(t *testing.T) {
	// A run stopped after 60 of 200 posts, as by a crash, and a second
	// run with the same frontier: every post once, give or take the few
	// in progress at the stop.
	const posts = 200
	b := newBlogSite(t, sitegen.Options{Posts: posts}, nil)
	front := newTestFrontier()
	opts := &crawler.Options{Depth: -1, Parallel: 4, Frontier: front}
	ctx, cancel := context.WithCancel(context.Background())
	h := &countingHandler{after: func(total int) {
		if total == 60 {
			cancel()
		}
	}}
	sum, err := crawler.New(opts).Run(ctx, []string{b.URL + "/"}, h.handle)
	if !errors.Is(err, context.Canceled) || sum.Complete || sum.Left == 0 {
		t.Fatalf("first run: err=%v Complete=%v Left=%d", err, sum.Complete, sum.Left)
	}
	first := maps.Clone(h.n)
	front.crash()

	sum, err = crawler.New(opts).Run(context.Background(), []string{b.URL + "/"}, h.handle)
	if err != nil || !sum.Complete || sum.Left != 0 {
		t.Fatalf("second run: err=%v Complete=%v Left=%d", err, sum.Complete, sum.Left)
	}
	if len(h.n) != posts {
		t.Fatalf("%d posts handed over, want %d", len(h.n), posts)
	}
	again := 0
	for u, n := range h.n {
		if n > 1 {
			again++
			if first[u] == 0 {
				t.Errorf("%s handed over twice in the second run", u)
			}
		}
	}
	if again > opts.Parallel {
		t.Errorf("%d posts handed over again after the stop, want at most the %d in progress", again, opts.Parallel)
	}
	// The second run did not start over: the seed and the feed's first
	// page were requested once.
	if n := len(b.requests("/feeds/posts/summary")); n > posts/100+1 {
		t.Errorf("%d feed requests over both runs", n)
	}
}

// TestCrawler_Schedule crawls with a Frontier that answers slowly and in
// random order, a few times over: nothing is lost, nothing done twice, and
// the run ends.
func TestCrawler_Schedule(t *testing.T) {
	b := newBlogSite(t, sitegen.Options{Posts: 300, CommentsPerPost: -1}, nil)
	for i := range 3 {
		front := newTestFrontier()
		front.delay = 2 * time.Millisecond
		h := &countingHandler{}
		sum := mustRunWith(t, &crawler.Options{Depth: -1, Parallel: 3 + i, Frontier: front}, []string{b.URL + "/"}, h.handle)
		if len(h.n) != 300 || h.total != 300 || !sum.Complete {
			t.Fatalf("run %d: %d posts, %d handed over, Complete=%v", i, len(h.n), h.total, sum.Complete)
		}
	}
}

func mustRunWith(tb testing.TB, opts *crawler.Options, seeds []string, h crawler.Handler) *crawler.Summary {
	tb.Helper()
	sum, err := crawler.New(opts).Run(context.Background(), seeds, h)
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	return sum
}
