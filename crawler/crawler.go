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
	DefaultParallel    = 2
	DefaultTimeout     = 30 * time.Second
	DefaultRetries     = 3
	DefaultRetryWait   = time.Second
	DefaultMaxBodySize = 32 << 20
)

// MaxRedirects is the longest redirect chain followed for one request.
const MaxRedirects = 10

// MaxRetryAfter is the longest Retry-After the crawler waits for. A server
// asking for a longer pause gets its host paused for this long, and the
// request counts as failed.
const MaxRetryAfter = 10 * time.Minute

// MaxPageErrors caps Summary.Errs; Summary.Errors keeps counting past it.
const MaxPageErrors = 100

// Values of Page.Via: the discovery route that found a page. A page found
// by several routes keeps the first.
const (
	ViaSeed          = "seed"           // one of the URLs given to Run
	ViaBloggerFeed   = "blogger-feed"   // Blogger's posts feed, paged with start-index to the end
	ViaWordPressAPI  = "wordpress-api"  // WordPress REST /wp/v2/posts, paged to X-WP-TotalPages
	ViaWordPressFeed = "wordpress-feed" // a WordPress feed paged with ?paged=N
	ViaSitemap       = "sitemap"        // a sitemap <loc> (indexes followed, .xml.gz read)
	ViaFeed          = "feed"           // an RSS item or Atom entry of a feed announced by the site
	ViaLink          = "link"           // an <a href> on a fetched page (pagers included)
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

	// ErrRedirectLoop is the cause in a PageError for a page whose
	// redirects come back to a URL already visited in the chain.
	ErrRedirectLoop = errors.New("crawler: redirect loop")

	// ErrTooLarge is the cause in a PageError for a response whose body,
	// once decompressed, exceeds Options.MaxBodySize. The body is not read
	// past the limit.
	ErrTooLarge = errors.New("crawler: response body too large")

	// ErrPrivateAddress is the cause in a PageError for a request that
	// would connect to a loopback, private, link-local or otherwise
	// non-public address the crawl was not given leave to reach (see
	// Options.AllowPrivate).
	ErrPrivateAddress = errors.New("crawler: refusing to connect to a non-public address")

	// ErrHostDown is the cause in a PageError for a request not made
	// because its host kept failing and was given up for the run. The URL
	// stays in the Frontier for the next run.
	ErrHostDown = errors.New("crawler: host kept failing")

	// ErrNoCommentRoute is returned by Page.FetchComments when the page
	// offers no way to fetch more comments: no platform feed, API or
	// comment pages.
	ErrNoCommentRoute = errors.New("crawler: no route to the comments")
)

// Options configures a [Crawler]. The zero value is usable but fetches only
// the seeds (Depth 0): set Depth to -1 to crawl whole sites. It obeys
// robots.txt and sends DefaultParallel requests at a time per host with no
// delay beyond Crawl-delay.
type Options struct {
	// Delay is the minimum gap between two requests to one host (measured
	// from the previous request's start and from its end), robots.txt and
	// retries included. A random jitter of up to a tenth of the delay is
	// added. robots.txt's Crawl-delay wins when larger. 0 means none beyond
	// Crawl-delay.
	Delay time.Duration

	// Parallel is the number of requests in flight per host; 0 means
	// DefaultParallel.
	Parallel int

	// Depth is the link depth from the seeds: 0 fetches only the seeds (and
	// no feeds, sitemaps or APIs), 1 also the pages they link to, and so
	// on; < 0 means unlimited. Pages found by a discovery route (feeds,
	// sitemaps, platform APIs) count as depth 1.
	Depth int

	// MaxPages stops the run after this many page requests; 0 means no
	// limit. robots.txt, feed, sitemap, API and comment requests do not
	// count. What is left stays in the Frontier.
	MaxPages int

	// Include, when not empty, keeps only candidate page URLs matching at
	// least one expression; Exclude drops those matching any. Both apply
	// to normalized URLs found in links, feeds, sitemaps and APIs, not to
	// seeds, nor to the feeds, sitemaps and APIs themselves.
	Include, Exclude []*regexp.Regexp

	// UserAgent is sent with every request; "" means DefaultUserAgent().
	UserAgent string

	// Timeout bounds each request, body included; 0 means DefaultTimeout.
	Timeout time.Duration

	// Retries is how many times a request that timed out, failed to
	// connect or got a 5xx or 429 answer is tried again, with exponential
	// backoff from RetryWait (or the server's Retry-After). 0 means
	// DefaultRetries, a negative value no retry.
	Retries int

	// RetryWait is the first backoff; each retry doubles it (plus jitter),
	// up to a minute. A host that fails five times in a row is paused for
	// thirty RetryWaits (doubling each time) and, after three pauses with
	// no success between them, given up for the run. 0 means
	// DefaultRetryWait.
	RetryWait time.Duration

	// MaxBodySize bounds a response body after decompression; a longer
	// body fails with ErrTooLarge without being read further. 0 means
	// DefaultMaxBodySize.
	MaxBodySize int64

	// IgnoreRobots skips robots.txt: no rules, no Crawl-delay, no
	// robots.txt Sitemap lines (/sitemap.xml is still tried).
	IgnoreRobots bool

	// AllowPrivate lets the crawl connect to loopback, private, link-local
	// and other non-public addresses. Without it such addresses are
	// refused (ErrPrivateAddress), except those a seed's own host
	// resolves to: crawling http://127.0.0.1:8080/ is asking for it.
	AllowPrivate bool

	// Logger receives every request (Debug), skipped and failed fetches
	// (Info, Warn); nil discards.
	Logger *slog.Logger

	// Validators, when set, returns the ETag and Last-Modified stored for a
	// page URL (normalized, as requested); the crawler sends them as
	// If-None-Match and If-Modified-Since and reports a 304 answer as a
	// Page with NotModified set. Empty strings send nothing. A 304 has no
	// body, so the links of that page are not followed: return nothing for
	// pages whose links the crawl needs.
	Validators func(url string) (etag, lastModified string)

	// Frontier keeps the queue and the seen set. Give one that persists
	// (cmd/annals keeps it in the archive) to make runs resumable: a run
	// continues with what a killed or interrupted run left. nil means an
	// in-memory frontier for this run only.
	Frontier Frontier

	// Progress, when set, is called about four times a second while Run
	// runs, and once at its end, from a single goroutine.
	Progress func(Progress)

	// Update, when set, makes Run an update of pages the caller already
	// has rather than a crawl: see [Update].
	Update *Update

	// ReportGone hands 404 and 410 answers to page requests to the
	// Handler, as a Page with Gone set and no body, instead of counting
	// them as failures. The Handler may return an error to count one.
	ReportGone bool
}

// Update configures an update run ([Options.Update]). The seeds are the
// pages to revalidate (with Options.Validators) plus, for each site, a
// page that tells its platform (its home page). Links on fetched pages are
// not followed and Options.Depth is ignored. Instead each site is asked
// for its changes since Since: Blogger's posts feed ordered by update with
// updated-min, WordPress's REST posts with modified_after (else its feed,
// read back to the first page that lists nothing unknown), or its sitemaps
// and feeds. A page the change list gives is fetched unless Known reports
// it and the list says it was not modified after Since: so new pages are
// found, and changed ones re-fetched even when they are not seeds.
type Update struct {
	// Since returns when the site of host ("host:port" as in a URL) was
	// last read in full: the newest modification time its change list gave
	// then (see Summary.Synced). Zero asks for the whole list.
	Since func(host string) time.Time
	// Known reports whether the caller has the page at a normalized URL.
	Known func(url string) bool
}

// Progress is a snapshot of a running crawl, for a live status line.
type Progress struct {
	Fetched  int           // pages handed to the Handler
	Errors   int           // failed pages
	Requests int           // HTTP requests made, retries and redirects included
	Queued   int           // URLs waiting in the frontier, about
	Elapsed  time.Duration // since Run started
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
	// Body is the response body as received, decompressed (not transcoded;
	// the charset is in Header or the page itself). It is empty when
	// NotModified.
	Body []byte
	// FetchedAt is when the response arrived.
	FetchedAt time.Time
	// Depth is the link depth from the seed (seeds are 0; pages from
	// discovery routes 1).
	Depth int
	// Via is the discovery route that found the page: one of the Via
	// constants.
	Via string
	// Modified is when the route that found the page says it last changed
	// (sitemap lastmod, feed updated, API modified); zero when unknown.
	Modified time.Time
	// ListedComments is the comment count the route that found the page
	// gave for it (Blogger's thr:total, WordPress's slash:comments), or -1.
	ListedComments int
	// NotModified is set when the server answered 304 to a conditional
	// request made with Options.Validators.
	NotModified bool
	// Gone is set, with Options.ReportGone, when the server answered 404
	// Not Found or 410 Gone; Status says which, and Body is empty.
	Gone bool

	run    *run
	hints  *commentHints
	parts  int    // the route's count of the post's pages; see ListedParts
	author string // the route's author of the post; see ListedAuthor
}

// Handler is called for every fetched HTML page and every 304 answer,
// possibly from several goroutines at once; ctx is the one given to Run. It
// decides what to do with the page (cmd/annals extracts and archives it),
// and may call [Page.FetchComments] before it returns. A returned error is
// logged and counted in the Summary; it never ends the crawl. The crawler
// records the page as done only after the Handler returns, so a crawl killed
// while a Handler runs fetches that page again when resumed.
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
	// SkippedBy counts the skipped pages by reason ("not HTML", "refused
	// address", "disallowed by robots.txt").
	SkippedBy map[string]int
	// RequestsBy counts requests by what they fetched ("page", "feed",
	// "sitemap", "blogger-feed", "wordpress-api", "wordpress-feed",
	// "robots", "comments"), retries included and redirect hops not.
	RequestsBy map[string]int
	// Requests counts HTTP requests, retries and redirects included.
	Requests int
	// Errs holds the first MaxPageErrors page errors.
	Errs []PageError
	// Complete is set when nothing is left to fetch: the Frontier is empty.
	// It is false after an interruption, a MaxPages stop or when a host was
	// given up; running again with the same Frontier continues.
	Complete bool
	// Left is the number of URLs left in the Frontier when Run returned.
	Left int
	// HostsDown lists the hosts given up during the run because they kept
	// failing.
	HostsDown []string
	// Synced has, for each site ("host:port" of its first page) whose
	// complete list of posts (or, in an Update, of changes) was read, the
	// newest modification time that list gave, in the site's own clock;
	// zero when it gave none. An Update's Since is meant to return it.
	Synced map[string]time.Time
}

// PageError is one failed page.
type PageError struct {
	// URL is the page's normalized URL: as requested for fetch failures,
	// the final URL for Handler errors.
	URL string
	// Err is the cause: a network error, a *StatusError, ErrDisallowed,
	// ErrTooManyRedirects, ErrRedirectLoop, ErrTooLarge,
	// ErrPrivateAddress, or the Handler's error wrapped as "handle: ...".
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

// NotHTMLError is the error of a seed whose response is not an HTML page.
type NotHTMLError struct {
	// MediaType is the type the server declared or the body was sniffed as.
	MediaType string
}

// Error returns "application/pdf, not an HTML page" and the like.
func (e *NotHTMLError) Error() string {
	if e.MediaType == "" || e.MediaType == "application/octet-stream" {
		return "binary data, not an HTML page"
	}
	return e.MediaType + ", not an HTML page"
}

// Crawler crawls sites with fixed [Options]. It keeps no state between runs
// of its own (a persistent Frontier does) and one Crawler may run several
// crawls, one after the other or at once, each with its own Frontier.
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
	switch {
	case c.opts.Retries == 0:
		c.opts.Retries = DefaultRetries
	case c.opts.Retries < 0:
		c.opts.Retries = 0
	}
	if c.opts.RetryWait <= 0 {
		c.opts.RetryWait = DefaultRetryWait
	}
	if c.opts.MaxBodySize <= 0 {
		c.opts.MaxBodySize = DefaultMaxBodySize
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
// "www.", plus hosts a seed redirects to) bound the crawl. Seeds the
// Frontier has already seen are not fetched again: a run with a Frontier
// left by an unfinished run continues it.
//
// Page failures never end a crawl: they are logged and reported in the
// Summary. Run returns an error only when the crawl cannot run (no seed, a
// malformed seed, a failing Frontier) or ctx ends it; then the Summary says
// what was done before, and the error is ctx.Err().
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
