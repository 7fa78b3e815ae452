package crawler_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals/crawler"
)

// The fixture blog; see testdata/sites/blog/README.md.
const (
	pathWinter    = "/2024/01/winter-walks.html"
	pathSourdough = "/2024/02/sourdough-notes.html"
	pathGarden    = "/2024/03/garden-plans.html"
	pathHarbour   = "/2024/04/harbour-lights.html" // sitemap only
	pathRadio     = "/2024/05/old-radio.html"      // feed only
)

var allPages = []string{"/", pathWinter, pathSourdough, pathGarden, pathHarbour, pathRadio}

// request is one request seen by a testSite.
type request struct {
	path   string
	query  string
	at     time.Time
	header http.Header
}

// testSite serves testdata/sites/blog plus per-test handlers and records
// every request.
type testSite struct {
	*httptest.Server
	mu          sync.Mutex
	reqs        []request
	routes      map[string]http.HandlerFunc
	slow        time.Duration // added to every response
	inflight    int
	maxInflight int
}

// newTestSite starts a fixture server; routes override files by exact path.
func newTestSite(tb testing.TB, routes map[string]http.HandlerFunc) *testSite {
	tb.Helper()
	s := &testSite{routes: routes}
	files := http.FileServer(http.Dir("../testdata/sites/blog"))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, request{path: r.URL.Path, query: r.URL.RawQuery, at: time.Now(), header: r.Header.Clone()})
		s.inflight++
		s.maxInflight = max(s.maxInflight, s.inflight)
		slow := s.slow
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inflight--
			s.mu.Unlock()
		}()
		time.Sleep(slow)
		if h := s.routes[r.URL.Path]; h != nil {
			h(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	tb.Cleanup(s.Close)
	return s
}

// requests returns a copy of the requests seen so far.
func (s *testSite) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// count returns how many requests were made for path (any query).
func (s *testSite) count(path string) int {
	n := 0
	for _, r := range s.requests() {
		if r.path == path {
			n++
		}
	}
	return n
}

// pageRequests returns the paths of requests for pages: not robots.txt,
// feeds or sitemaps.
func (s *testSite) pageRequests() []string {
	var out []string
	for _, r := range s.requests() {
		if r.path == "/robots.txt" || strings.HasPrefix(r.path, "/feeds/") || strings.Contains(r.path, "sitemap") {
			continue
		}
		out = append(out, r.path)
	}
	return out
}

// collector is a Handler that records the pages it is given.
type collector struct {
	mu    sync.Mutex
	pages map[string]*crawler.Page
	err   func(p *crawler.Page) error
}

func (c *collector) handle(_ context.Context, p *crawler.Page) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil {
		c.pages = map[string]*crawler.Page{}
	}
	if _, dup := c.pages[p.URL]; dup {
		return fmt.Errorf("page %s handled twice", p.URL)
	}
	c.pages[p.URL] = p
	if c.err != nil {
		return c.err(p)
	}
	return nil
}

// paths returns the sorted paths of the handled pages under base.
func (c *collector) paths(base string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for u := range c.pages {
		if path, ok := strings.CutPrefix(u, base); ok {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// mustRun crawls and fails the test on a Run error.
func mustRun(tb testing.TB, opts *crawler.Options, seeds []string, c *collector) *crawler.Summary {
	tb.Helper()
	sum, err := crawler.New(opts).Run(context.Background(), seeds, c.handle)
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	return sum
}

func TestCrawler_Run(t *testing.T) {
	t.Run("Discovery", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: -1}, []string{s.URL + "/"}, &c)

		if got, want := c.paths(s.URL), sorted(allPages); !slices.Equal(got, want) {
			t.Fatalf("pages=%q, want %q", got, want)
		}
		if got, want := sum.Fetched, len(allPages); got != want {
			t.Errorf("Fetched=%d, want %d", got, want)
		}
		if sum.Errors != 0 {
			t.Errorf("Errors=%d (%v), want 0", sum.Errors, sum.Errs)
		}
		for path, want := range map[string]struct {
			via   string
			depth int
		}{
			"/":         {crawler.ViaSeed, 0},
			pathHarbour: {crawler.ViaSitemap, 1},
			pathRadio:   {crawler.ViaFeed, 1},
		} {
			p := c.pages[s.URL+path]
			if p.Via != want.via || p.Depth != want.depth {
				t.Errorf("%s: Via=%q Depth=%d, want %q %d", path, p.Via, p.Depth, want.via, want.depth)
			}
		}
		p := c.pages[s.URL+pathSourdough]
		if got, want := p.Status, http.StatusOK; got != want {
			t.Errorf("Status=%d, want %d", got, want)
		}
		if !bytes.Contains(p.Body, []byte("Notes on a Sourdough Starter")) {
			t.Errorf("Body does not hold the post")
		}
		if got := p.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
			t.Errorf("Content-Type=%q", got)
		}
		if p.FetchedAt.IsZero() {
			t.Errorf("FetchedAt is zero")
		}

		// Each page once, despite ?utm_source=x, #comments and #comment-form.
		for _, path := range allPages {
			if got := s.count(path); got != 1 {
				t.Errorf("%s requested %d times, want 1", path, got)
			}
		}
		for _, path := range []string{"/robots.txt", "/sitemap.xml", "/feeds/posts/default"} {
			if got := s.count(path); got != 1 {
				t.Errorf("%s requested %d times, want 1", path, got)
			}
		}
		for _, r := range s.requests() {
			switch {
			case strings.HasPrefix(r.path, "/search"):
				t.Errorf("robots.txt-disallowed %s?%s requested", r.path, r.query)
			case strings.Contains(r.path, "/comments/"):
				t.Errorf("comment feed %s requested", r.path)
			case strings.HasPrefix(r.path, "/images/"):
				t.Errorf("image %s requested", r.path)
			case r.query != "" && !strings.HasPrefix(r.path, "/feeds/posts/"):
				t.Errorf("%s?%s requested with a query", r.path, r.query)
			}
			if got, want := r.header.Get("User-Agent"), crawler.DefaultUserAgent(); got != want {
				t.Errorf("User-Agent=%q, want %q", got, want)
			}
		}
	})

	t.Run("Depth0", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		mustRun(t, &crawler.Options{Depth: 0}, []string{s.URL}, &c)
		if got, want := c.paths(s.URL), []string{"/"}; !slices.Equal(got, want) {
			t.Fatalf("pages=%q, want %q", got, want)
		}
		var got []string
		for _, r := range s.requests() {
			got = append(got, r.path)
		}
		if want := []string{"/robots.txt", "/"}; !slices.Equal(got, want) {
			t.Fatalf("requests=%q, want %q", got, want)
		}
	})

	t.Run("Depth1", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		mustRun(t, &crawler.Options{Depth: 1}, []string{s.URL}, &c)
		// Everything is within one link, feed or sitemap of the home page.
		if got, want := c.paths(s.URL), sorted(allPages); !slices.Equal(got, want) {
			t.Fatalf("pages=%q, want %q", got, want)
		}
	})

	t.Run("MaxPages", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: -1, MaxPages: 2}, []string{s.URL}, &c)
		if got := len(c.paths(s.URL)); got != 2 {
			t.Errorf("%d pages handled, want 2", got)
		}
		if got := s.pageRequests(); len(got) != 2 {
			t.Errorf("page requests=%q, want 2", got)
		}
		if sum.Fetched != 2 {
			t.Errorf("Fetched=%d, want 2", sum.Fetched)
		}
	})

	t.Run("IncludeExclude", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		mustRun(t, &crawler.Options{
			Depth:   -1,
			Include: []*regexp.Regexp{regexp.MustCompile(`/2024/0[1-3]/`)},
			Exclude: []*regexp.Regexp{regexp.MustCompile(`sourdough`)},
		}, []string{s.URL}, &c)
		// The seed is not filtered.
		if got, want := c.paths(s.URL), sorted([]string{"/", pathWinter, pathGarden}); !slices.Equal(got, want) {
			t.Fatalf("pages=%q, want %q", got, want)
		}
		if got, want := sorted(s.pageRequests()), sorted([]string{"/", pathWinter, pathGarden}); !slices.Equal(got, want) {
			t.Fatalf("page requests=%q, want %q", got, want)
		}
	})

	t.Run("ServerError", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/broken": func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "boom", http.StatusInternalServerError)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: -1, RetryWait: time.Millisecond}, []string{s.URL + "/broken", s.URL}, &c)
		if got, want := sum.Errors, 1; got != want {
			t.Fatalf("Errors=%d, want %d (%v)", got, want, sum.Errs)
		}
		pe := sum.Errs[0]
		if got, want := pe.URL, s.URL+"/broken"; got != want {
			t.Errorf("PageError.URL=%q, want %q", got, want)
		}
		var se *crawler.StatusError
		if !errors.As(pe.Err, &se) || se.Status != http.StatusInternalServerError {
			t.Errorf("PageError.Err=%v, want a StatusError 500", pe.Err)
		}
		if got, want := c.paths(s.URL), sorted(allPages); !slices.Equal(got, want) {
			t.Errorf("pages=%q, want %q", got, want)
		}
	})

	t.Run("HandlerPanic", func(t *testing.T) {
		// One bad page never stops the crawl, even one that crashes the
		// handler.
		s := newTestSite(t, nil)
		c := collector{err: func(p *crawler.Page) error {
			if strings.HasSuffix(p.URL, pathGarden) {
				panic("extractor bug")
			}
			return nil
		}}
		sum := mustRun(t, &crawler.Options{Depth: -1}, []string{s.URL}, &c)
		if sum.Errors != 1 || !strings.Contains(sum.Errs[0].Err.Error(), "extractor bug") {
			t.Fatalf("Errs=%v, want the panic as the garden page's error", sum.Errs)
		}
		if got := len(c.paths(s.URL)); got != len(allPages) {
			t.Errorf("%d pages handled, want %d", got, len(allPages))
		}
	})

	t.Run("HandlerError", func(t *testing.T) {
		s := newTestSite(t, nil)
		c := collector{err: func(p *crawler.Page) error {
			if strings.HasSuffix(p.URL, pathWinter) {
				return errors.New("no title")
			}
			return nil
		}}
		sum := mustRun(t, &crawler.Options{Depth: -1}, []string{s.URL}, &c)
		if sum.Errors != 1 || len(sum.Errs) != 1 || !strings.Contains(sum.Errs[0].Err.Error(), "no title") {
			t.Fatalf("Errors=%d Errs=%v, want the handler's error", sum.Errors, sum.Errs)
		}
		if got := len(c.paths(s.URL)); got != len(allPages) {
			t.Errorf("%d pages handled, want %d", got, len(allPages))
		}
	})

	t.Run("Redirect", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/old/winter": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, pathWinter+"?utm_source=old", http.StatusMovedPermanently)
			},
			"/chain": func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(r.URL.Query().Get("n"))
				http.Redirect(w, r, fmt.Sprintf("/chain?n=%d", n+1), http.StatusFound)
			},
			"/loop": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/loop2", http.StatusFound)
			},
			"/loop2": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/loop", http.StatusFound)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 0}, []string{s.URL + "/old/winter", s.URL + "/chain", s.URL + "/loop"}, &c)
		p := c.pages[s.URL+pathWinter]
		if p == nil {
			t.Fatalf("pages=%q, want %s", c.paths(s.URL), pathWinter)
		}
		if got, want := p.RequestURL, s.URL+"/old/winter"; got != want {
			t.Errorf("RequestURL=%q, want %q", got, want)
		}
		errs := map[string]error{}
		for _, pe := range sum.Errs {
			errs[strings.TrimPrefix(pe.URL, s.URL)] = pe.Err
		}
		if sum.Errors != 2 || !errors.Is(errs["/chain"], crawler.ErrTooManyRedirects) || !errors.Is(errs["/loop"], crawler.ErrRedirectLoop) {
			t.Errorf("Errs=%v, want ErrTooManyRedirects for /chain and ErrRedirectLoop for /loop", sum.Errs)
		}
		// The loop is cut short: /loop, /loop2, /loop, /loop2, /loop.
		if n := s.count("/loop") + s.count("/loop2"); n > 5 {
			t.Errorf("%d requests in the redirect loop", n)
		}
	})

	t.Run("NotModified", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			pathWinter: func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("If-None-Match") == `"v1"` {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				http.ServeFile(w, r, "../testdata/sites/blog"+pathWinter)
			},
		})
		var asked []string
		var mu sync.Mutex
		opts := &crawler.Options{
			Depth: 0,
			Validators: func(u string) (string, string) {
				mu.Lock()
				asked = append(asked, u)
				mu.Unlock()
				if strings.HasSuffix(u, pathWinter) {
					return `"v1"`, "Mon, 15 Jan 2024 10:00:00 GMT"
				}
				return "", ""
			},
		}
		var c collector
		sum := mustRun(t, opts, []string{s.URL + pathWinter, s.URL + pathGarden}, &c)
		p := c.pages[s.URL+pathWinter]
		if p == nil || !p.NotModified || p.Status != http.StatusNotModified || len(p.Body) != 0 {
			t.Fatalf("page=%+v, want NotModified 304 with no body", p)
		}
		if p := c.pages[s.URL+pathGarden]; p == nil || p.NotModified {
			t.Errorf("garden page=%+v, want a plain 200", p)
		}
		if sum.Fetched != 2 || sum.Errors != 0 {
			t.Errorf("Fetched=%d Errors=%d, want 2 0", sum.Fetched, sum.Errors)
		}
		var inm, ims string
		for _, r := range s.requests() {
			if r.path == pathWinter {
				inm, ims = r.header.Get("If-None-Match"), r.header.Get("If-Modified-Since")
			}
			if r.path == pathGarden && r.header.Get("If-None-Match") != "" {
				t.Errorf("If-None-Match sent without a stored ETag")
			}
		}
		if inm != `"v1"` || ims != "Mon, 15 Jan 2024 10:00:00 GMT" {
			t.Errorf("server saw If-None-Match=%q If-Modified-Since=%q", inm, ims)
		}
		if !slices.Contains(asked, s.URL+pathWinter) {
			t.Errorf("Validators asked for %q, want the normalized page URL", asked)
		}
	})

	t.Run("SitemapIndexGzip", func(t *testing.T) {
		var s *testSite
		s = newTestSite(t, map[string]http.HandlerFunc{
			"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/sitemap-posts.xml.gz</loc></sitemap>
<sitemap><loc>https://elsewhere.invalid/sitemap.xml</loc></sitemap>
</sitemapindex>`, s.URL)
			},
			"/sitemap-posts.xml.gz": func(w http.ResponseWriter, r *http.Request) {
				var buf bytes.Buffer
				zw := gzip.NewWriter(&buf)
				fmt.Fprintf(zw, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s%s</loc></url></urlset>`, s.URL, pathHarbour)
				zw.Close()
				w.Header().Set("Content-Type", "application/gzip")
				w.Write(buf.Bytes())
			},
		})
		var c collector
		mustRun(t, &crawler.Options{Depth: 1}, []string{s.URL}, &c)
		if p := c.pages[s.URL+pathHarbour]; p == nil || p.Via != crawler.ViaSitemap {
			t.Fatalf("pages=%q, want %s via sitemap", c.paths(s.URL), pathHarbour)
		}
	})

	t.Run("RobotsServerError", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: -1, RetryWait: time.Millisecond}, []string{s.URL}, &c)
		if sum.Errors != 1 || !errors.Is(sum.Errs[0].Err, crawler.ErrDisallowed) {
			t.Fatalf("Errs=%v, want ErrDisallowed for the seed", sum.Errs)
		}
		// Tried again before giving up: a 503 may be brief.
		if got, want := s.count("/robots.txt"), 1+crawler.DefaultRetries; got != want {
			t.Errorf("robots.txt requested %d times, want %d", got, want)
		}
		if got := s.pageRequests(); len(got) != 0 {
			t.Errorf("page requests=%q, want none", got)
		}
	})

	t.Run("IgnoreRobots", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		mustRun(t, &crawler.Options{Depth: 1, IgnoreRobots: true, Include: []*regexp.Regexp{regexp.MustCompile(`/label/`)}}, []string{s.URL}, &c)
		if s.count("/robots.txt") != 0 {
			t.Errorf("robots.txt requested")
		}
		if p := c.pages[s.URL+"/search/label/x"]; p == nil || p.Via != crawler.ViaLink || p.Depth != 1 {
			t.Errorf("pages=%q, want /search/label/x via a link at depth 1", c.paths(s.URL))
		}
	})

	t.Run("Parallel", func(t *testing.T) {
		for _, parallel := range []int{1, 3} {
			s := newTestSite(t, nil)
			s.slow = 20 * time.Millisecond
			var c collector
			mustRun(t, &crawler.Options{Depth: -1, Parallel: parallel}, []string{s.URL}, &c)
			s.mu.Lock()
			got := s.maxInflight
			s.mu.Unlock()
			if got > parallel || (parallel > 1 && got < 2) {
				t.Errorf("Parallel=%d: %d requests in flight at most", parallel, got)
			}
		}
	})

	t.Run("Timeout", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/slow": func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
		})
		var c collector
		start := time.Now()
		sum := mustRun(t, &crawler.Options{Depth: 0, Timeout: 100 * time.Millisecond, RetryWait: 10 * time.Millisecond}, []string{s.URL + "/slow", s.URL}, &c)
		if got := time.Since(start); got > 2*time.Second {
			t.Errorf("Run took %v", got)
		}
		if sum.Errors != 1 || sum.Errs[0].URL != s.URL+"/slow" || sum.Fetched != 1 {
			t.Errorf("Fetched=%d Errs=%v, want /slow timed out and / fetched", sum.Fetched, sum.Errs)
		}
	})

	t.Run("RedirectScope", func(t *testing.T) {
		other := newTestSite(t, nil)
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/moved": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/", http.StatusMovedPermanently)
			},
			"/hub": func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<!DOCTYPE html><title>hub</title><a href="/go-away">away</a> <a href="/search/x">search</a>`)
			},
			"/go-away": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://elsewhere.invalid/", http.StatusFound)
			},
			"/to-search": func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/search/label/x", http.StatusFound)
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 1}, []string{s.URL + "/moved", s.URL + "/hub", s.URL + "/to-search"}, &c)
		// The seed's new site joins the scope: its posts are crawled too.
		if got, want := c.paths(other.URL), sorted(allPages); !slices.Equal(got, want) {
			t.Errorf("pages on the redirect target=%q, want %q", got, want)
		}
		if p := c.pages[other.URL+"/"]; p == nil || p.RequestURL != s.URL+"/moved" {
			t.Errorf("redirected seed page=%+v", p)
		}
		// A link redirecting off-site or into robots.txt's Disallow is
		// skipped, not followed.
		if sum.Errors != 0 || sum.Skipped < 2 {
			t.Errorf("Errors=%d Skipped=%d Errs=%v", sum.Errors, sum.Skipped, sum.Errs)
		}
		if s.count("/search/label/x") != 0 || s.count("/search/x") != 0 {
			t.Errorf("disallowed redirect target requested")
		}
	})

	t.Run("FeedSeed", func(t *testing.T) {
		s := newTestSite(t, nil)
		var c collector
		mustRun(t, &crawler.Options{Depth: 1}, []string{s.URL + "/feeds/posts/default"}, &c)
		// The feed's entries, plus the sitemap-only post.
		want := sorted([]string{pathWinter, pathSourdough, pathGarden, pathHarbour, pathRadio})
		if got := c.paths(s.URL); !slices.Equal(got, want) {
			t.Fatalf("pages=%q, want %q", got, want)
		}
	})

	t.Run("RawBody", func(t *testing.T) {
		latin1 := []byte("<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body>na\xefve</body></html>")
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/latin1": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
				w.Write(latin1)
			},
			"/download": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Write(make([]byte, 1<<20))
			},
		})
		var c collector
		sum := mustRun(t, &crawler.Options{Depth: 0}, []string{s.URL + "/latin1", s.URL + "/download"}, &c)
		// A seed that is not HTML is an error of the crawl: the user asked
		// for a page annals cannot read.
		if sum.Fetched != 1 || sum.Skipped != 0 || sum.Errors != 1 {
			t.Errorf("Fetched=%d Skipped=%d Errors=%d, want 1 0 1 (the seed /download is not HTML)", sum.Fetched, sum.Skipped, sum.Errors)
		}
		p := c.pages[s.URL+"/latin1"]
		if p == nil {
			t.Fatalf("pages=%q", c.paths(s.URL))
		}
		if !bytes.Equal(p.Body, latin1) {
			t.Errorf("Body=%q, want the bytes as sent", p.Body)
		}
		if got, want := p.Header.Get("Content-Type"), "text/html; charset=ISO-8859-1"; got != want {
			t.Errorf("Content-Type=%q, want %q", got, want)
		}
	})

	t.Run("Delay", func(t *testing.T) {
		s := newTestSite(t, nil)
		const delay = 150 * time.Millisecond
		var c collector
		mustRun(t, &crawler.Options{Depth: 0, Delay: delay, Parallel: 2},
			[]string{s.URL, s.URL + pathWinter, s.URL + pathGarden}, &c)
		assertMinGap(t, s.requests(), 4, delay)
	})

	t.Run("CrawlDelay", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.15\nDisallow: /search\n")
			},
		})
		var c collector
		mustRun(t, &crawler.Options{Depth: 0, Delay: 10 * time.Millisecond, Parallel: 2},
			[]string{s.URL, s.URL + pathWinter, s.URL + pathGarden}, &c)
		assertMinGap(t, s.requests(), 4, 150*time.Millisecond)
	})

	t.Run("Cancel", func(t *testing.T) {
		s := newTestSite(t, map[string]http.HandlerFunc{
			"/slow": func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(10 * time.Second):
				}
			},
		})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		var c collector
		start := time.Now()
		sum, err := crawler.New(&crawler.Options{Depth: -1}).Run(ctx, []string{s.URL + "/slow", s.URL}, c.handle)
		if got := time.Since(start); got > 2*time.Second {
			t.Errorf("Run returned after %v", got)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err=%v, want context.Canceled", err)
		}
		if sum == nil {
			t.Fatal("nil Summary")
		}
		if sum.Errors != 0 {
			t.Errorf("Errors=%d (%v): a cancelled request is no page error", sum.Errors, sum.Errs)
		}
	})

	t.Run("BadSeed", func(t *testing.T) {
		c := crawler.New(nil)
		if _, err := c.Run(context.Background(), nil, nil); !errors.Is(err, crawler.ErrNoSeeds) {
			t.Errorf("no seeds: err=%v, want ErrNoSeeds", err)
		}
		for _, seed := range []string{"example.com/blog", "ftp://example.com/", "http://"} {
			if _, err := c.Run(context.Background(), []string{seed}, nil); err == nil {
				t.Errorf("seed %q: no error", seed)
			}
		}
	})
}

// assertMinGap checks that at least n requests were made and that no two
// arrived less than gap apart.
func assertMinGap(tb testing.TB, reqs []request, n int, gap time.Duration) {
	tb.Helper()
	if len(reqs) < n {
		tb.Fatalf("%d requests, want at least %d", len(reqs), n)
	}
	slices.SortFunc(reqs, func(a, b request) int { return a.at.Compare(b.at) })
	for i := 1; i < len(reqs); i++ {
		if d := reqs[i].at.Sub(reqs[i-1].at); d < gap {
			tb.Errorf("%s then %s %v apart, want at least %v", reqs[i-1].path, reqs[i].path, d, gap)
		}
	}
}

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Lowercase", "HTTP://Example.COM", "http://example.com/"},
		{"DefaultPortHTTPS", "https://example.com:443/a", "https://example.com/a"},
		{"DefaultPortHTTP", "http://example.com:80/a", "http://example.com/a"},
		{"OtherPort", "http://Example.com:8080/a", "http://example.com:8080/a"},
		{"Fragment", "https://example.com/p.html#comments", "https://example.com/p.html"},
		{"EmptyQuery", "https://example.com?", "https://example.com/"},
		{"UTM", "https://example.com/p?utm_source=x&utm_Medium=y", "https://example.com/p"},
		{"Tracking", "https://example.com/p?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5&_ga=6", "https://example.com/p"},
		{"Sort", "https://example.com/p?b=2&a=1&c=3", "https://example.com/p?a=1&b=2&c=3"},
		{"SortStable", "https://example.com/p?b=2&a=1&b=1", "https://example.com/p?a=1&b=2&b=1"},
		{"KeepEncoding", "https://example.com/p?q=a%2Fb&x=1+2", "https://example.com/p?q=a%2Fb&x=1+2"},
		{"BloggerMobile", "https://x.blogspot.com/2024/01/p.html?m=1", "https://x.blogspot.com/2024/01/p.html"},
		{"BloggerMobile0", "https://x.blogspot.com/?m=0", "https://x.blogspot.com/"},
		{"BloggerShowComment", "https://x.blogspot.com/p.html?showComment=1705341840000#c5001", "https://x.blogspot.com/p.html"},
		{"WordPressCalendarKept", "https://example.com/?m=202401", "https://example.com/?m=202401"},
		{"ReplyToCom", "https://example.com/p/?replytocom=12#respond", "https://example.com/p/"},
		{"PathCase", "https://example.com/Path/To/Post.HTML", "https://example.com/Path/To/Post.HTML"},
		{"PathEscapes", "https://example.com/a%2Fb/caf%C3%A9", "https://example.com/a%2Fb/caf%C3%A9"},
		{"TrailingDot", "https://example.com./", "https://example.com/"},
		{"Space", "  https://example.com/x  ", "https://example.com/x"},
		{"IPv6", "http://[::1]:80/", "http://[::1]/"},
		{"SessionID", "https://example.com/p?PHPSESSID=abc123&x=1&sessionid=9", "https://example.com/p?x=1"},
		{"JSessionIDPath", "https://example.com/a/p.jsp;jsessionid=0AB12CD34?x=1", "https://example.com/a/p.jsp?x=1"},
		{"SIDHex", "https://example.com/p?sid=3f2a9c1b7d6e5f4a3b2c1d0e9f8a7b6c", "https://example.com/p"},
		{"SIDShortKept", "https://example.com/p?sid=7", "https://example.com/p?sid=7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := crawler.NormalizeURL(tt.in)
			if err != nil {
				t.Fatalf("NormalizeURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("NormalizeURL(%q)=%q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, in := range []string{"", "/relative/path", "example.com/x", "ftp://example.com/", "mailto:a@example.com", "http://", "http://%zz/"} {
		t.Run("Err/"+in, func(t *testing.T) {
			if got, err := crawler.NormalizeURL(in); err == nil {
				t.Fatalf("NormalizeURL(%q)=%q, want an error", in, got)
			}
		})
	}
}
