package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"time"
)

// Version is the annals version named in [DefaultUserAgent]. cmd/annals sets
// it at start-up.
var Version = "dev"

// DefaultUserAgent returns the User-Agent sent when Options.UserAgent is
// empty: "annals/<Version> (+https://github.com/annals-dev/annals)". Its
// product token "annals" is what robots.txt groups are matched against.
func DefaultUserAgent() string {
	return "annals/" + Version + " (+https://github.com/annals-dev/annals)"
}

// Defaults used when the corresponding Options field is zero.
const (
	DefaultParallel = 2
	DefaultTimeout  = 30 * time.Second
)

// MaxRedirects is the longest redirect chain followed for one request.
const MaxRedirects = 10

// MaxPageErrors caps Summary.Errs; Summary.Errors keeps counting past it.
const MaxPageErrors = 100

// Values of Page.Via: how the crawler found a page.
const (
	ViaSeed    = "seed"    // one of the URLs given to Run
	ViaLink    = "link"    // an <a href> on a fetched page
	ViaFeed    = "feed"    // an RSS item or Atom entry
	ViaSitemap = "sitemap" // a sitemap <loc>
)

var (
	// ErrNoSeeds is returned by Run when it is given no seed URL.
	ErrNoSeeds = errors.New("crawler: no seed URLs")

	// ErrDisallowed is the cause in a PageError for a seed URL that
	// robots.txt forbids. Other disallowed URLs are skipped silently.
	ErrDisallowed = errors.New("crawler: disallowed by robots.txt")

	// ErrTooManyRedirects is the cause in a PageError for a page that
	// redirected more than MaxRedirects times.
	ErrTooManyRedirects = errors.New("crawler: too many redirects")
)

// Options configures a [Crawler]. The zero value is usable but fetches only
// the seeds (Depth 0): set Depth to -1 to crawl whole sites. It obeys
// robots.txt and sends DefaultParallel requests at a time per host with no
// delay beyond Crawl-delay.
type Options struct {
	// Delay is the minimum gap between two requests to one host (measured
	// from the previous request's start and from its end). robots.txt's
	// Crawl-delay wins when larger. 0 means none beyond Crawl-delay.
	Delay time.Duration

	// Parallel is the number of requests in flight per host; 0 means
	// DefaultParallel.
	Parallel int

	// Depth is the link depth from the seeds: 0 fetches only the seeds (and
	// no feeds or sitemaps), 1 also the pages they link to, and so on; < 0
	// means unlimited. URLs found in feeds and sitemaps count as depth 1.
	Depth int

	// MaxPages stops the crawl after this many page requests; 0 means no
	// limit. robots.txt, feed and sitemap requests do not count.
	MaxPages int

	// Include, when not empty, keeps only candidate page URLs matching at
	// least one expression; Exclude drops those matching any. Both apply
	// to normalized URLs found in links, feeds and sitemaps, not to seeds,
	// robots.txt, feeds or sitemaps themselves.
	Include, Exclude []*regexp.Regexp

	// UserAgent is sent with every request; "" means DefaultUserAgent().
	UserAgent string

	// Timeout bounds each request, body included; 0 means DefaultTimeout.
	Timeout time.Duration

	// IgnoreRobots skips robots.txt: no rules, no Crawl-delay, no
	// robots.txt Sitemap lines (/sitemap.xml is still tried).
	IgnoreRobots bool

	// Logger receives progress (Debug), skipped and failed fetches (Info,
	// Warn); nil discards.
	Logger *slog.Logger

	// Validators, when set, returns the ETag and Last-Modified stored for a
	// page URL (normalized, as requested); the crawler sends them as
	// If-None-Match and If-Modified-Since and reports a 304 answer as a
	// Page with NotModified set. Empty strings send nothing. A 304 has no
	// body, so the links of that page are not followed: return nothing for
	// pages whose links the crawl needs.
	Validators func(url string) (etag, lastModified string)
}

// Page is one fetched page, handed to a [Handler].
type Page struct {
	// URL is the final URL after redirects, normalized.
	URL string
	// RequestURL is the URL requested, normalized.
	RequestURL string
	// Status is the HTTP status: 2xx, or 304 when NotModified.
	Status int
	// Header is the response header.
	Header http.Header
	// Body is the response body as received (not transcoded; the charset is
	// in Header or the page itself). It is empty when NotModified.
	Body []byte
	// FetchedAt is when the response arrived.
	FetchedAt time.Time
	// Depth is the link depth from the seed (seeds are 0; pages from feeds
	// and sitemaps 1).
	Depth int
	// Via says how the page was found: ViaSeed, ViaLink, ViaFeed or
	// ViaSitemap.
	Via string
	// NotModified is set when the server answered 304 to a conditional
	// request made with Options.Validators.
	NotModified bool
}

// Handler is called for every fetched HTML page and every 304 answer,
// possibly from several goroutines at once; ctx is the one given to Run. It
// decides what to do with the page (cmd/annals extracts and archives it). A
// returned error is logged and counted in the Summary; it never ends the
// crawl.
type Handler func(ctx context.Context, p *Page) error

// Summary reports what a crawl did.
type Summary struct {
	// Fetched counts pages handed to the Handler (304s included), whatever
	// the Handler returned.
	Fetched int
	// Errors counts pages that failed: network errors, HTTP 4xx and 5xx,
	// too many redirects, robots-forbidden seeds and Handler errors.
	Errors int
	// Skipped counts pages not handed to the Handler for a reason that is
	// not an error: forbidden by robots.txt, not HTML, a redirect out of
	// the sites or onto a page already handled.
	Skipped int
	// Errs holds the first MaxPageErrors page errors.
	Errs []PageError
}

// PageError is one failed page.
type PageError struct {
	// URL is the page's normalized URL: as requested for fetch failures,
	// the final URL for Handler errors.
	URL string
	// Err is the cause: a network error, a *StatusError, ErrDisallowed,
	// ErrTooManyRedirects, or the Handler's error wrapped as "handle: ...".
	Err error
}

// Error returns "URL: cause".
func (e *PageError) Error() string { return e.URL + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *PageError) Unwrap() error { return e.Err }

// StatusError is the cause in a PageError for a page answered with an HTTP
// error status (4xx or 5xx). cmd/annals uses it to tell gone posts (404,
// 410) from temporary failures.
type StatusError struct {
	// Status is the HTTP status code.
	Status int
}

// Error returns "status 404 Not Found" and the like.
func (e *StatusError) Error() string {
	return fmt.Sprintf("status %d %s", e.Status, http.StatusText(e.Status))
}

// Crawler crawls sites with fixed [Options]. It keeps no state between runs
// and one Crawler may run several crawls, one after the other or at once.
type Crawler struct {
	opts Options
	log  *slog.Logger
}

// New returns a Crawler using a copy of opts; nil means the zero Options.
func New(opts *Options) *Crawler {
	c := &Crawler{}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.Parallel <= 0 {
		c.opts.Parallel = DefaultParallel
	}
	if c.opts.Timeout <= 0 {
		c.opts.Timeout = DefaultTimeout
	}
	if c.opts.UserAgent == "" {
		c.opts.UserAgent = DefaultUserAgent()
	}
	c.log = c.opts.Logger
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

// Run crawls from seeds, calling h for every fetched HTML page, and returns
// when nothing is left to fetch, MaxPages is reached or ctx is done. Seeds
// must be absolute http or https URLs; their sites (host with or without
// "www.", plus hosts a seed redirects to) bound the crawl.
//
// Page failures never end a crawl: they are logged and reported in the
// Summary. Run returns an error only when the crawl cannot run (no seed, a
// malformed seed) or ctx ends it; then the Summary says what was done
// before, and the error is ctx.Err().
func (c *Crawler) Run(ctx context.Context, seeds []string, h Handler) (*Summary, error) {
	if len(seeds) == 0 {
		return &Summary{}, ErrNoSeeds
	}
	r, err := newRun(ctx, c, seeds, h)
	if err != nil {
		return &Summary{}, err
	}
	return r.crawl()
}
