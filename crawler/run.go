package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
)

// slog keys.
const (
	logURL     = "url"
	logErr     = "err"
	logStatus  = "status"
	logKind    = "kind"
	logVia     = "via"
	logDepth   = "depth"
	logReason  = "reason"
	logCount   = "count"
	logDelay   = "delay"
	logFetched = "fetched"
	logErrors  = "errors"
	logSkipped = "skipped"
)

// maxBodySize bounds a response body as read from the wire.
const maxBodySize = 64 << 20

// maxWorkers bounds the goroutines fetching at once, across all hosts.
const maxWorkers = 64

// colly.Context keys: the kind of a request, and the response that
// OnResponse (or OnResponseHeaders, when it cuts a download short) leaves
// for run.get.
const (
	ctxKind     = "annals.kind"
	ctxResponse = "annals.response"
)

// hdrContentType keeps a response's original Content-Type while colly sees a
// charset-free one; see rawBodyTransport.
const hdrContentType = "X-Annals-Original-Content-Type"

// Accept headers by kind of request.
var accept = map[kind]string{
	kindPage:    "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
	kindFeed:    "application/atom+xml,application/rss+xml;q=0.9,application/xml;q=0.8,*/*;q=0.5",
	kindSitemap: "application/xml,text/xml;q=0.9,*/*;q=0.5",
	kindRobots:  "text/plain,*/*;q=0.5",
}

// run is the state of one Crawler.Run.
type run struct {
	opts    *Options
	log     *slog.Logger
	ctx     context.Context
	handler Handler
	col     *colly.Collector
	tr      *http.Transport
	q       *frontier
	workers int
	pages   atomic.Int64 // page requests started, for MaxPages

	mu      sync.Mutex
	seen    map[string]bool // normalized URLs queued or fetched
	handled map[string]bool // final URLs handed to the Handler
	sites   map[string]bool // siteKey of every host in scope
	seeds   map[string]bool
	sum     Summary

	hostsMu sync.Mutex
	hosts   map[string]*host
}

func newRun(ctx context.Context, c *Crawler, seeds []string, h Handler) (*run, error) {
	if h == nil {
		h = func(context.Context, *Page) error { return nil }
	}
	r := &run{
		opts:    &c.opts,
		log:     c.log,
		ctx:     ctx,
		handler: h,
		q:       newFrontier(),
		seen:    map[string]bool{},
		handled: map[string]bool{},
		sites:   map[string]bool{},
		seeds:   map[string]bool{},
		hosts:   map[string]*host{},
	}
	var items []item
	for _, s := range seeds {
		u, err := normalize(s)
		if err != nil {
			return nil, fmt.Errorf("crawler: seed: %w", err)
		}
		n := u.String()
		if r.seeds[n] {
			continue
		}
		r.seeds[n] = true
		r.sites[siteKey(u.Host)] = true
		items = append(items, item{url: n, kind: kindPage, via: ViaSeed})
	}
	r.workers = min(max(1, r.opts.Parallel*len(r.sites)), maxWorkers)
	r.col = r.newCollector()
	for _, it := range items {
		r.enqueue(it)
	}
	return r, nil
}

// newCollector sets up the one colly collector of the run. colly is used
// synchronously: the run's workers provide the concurrency, so every request
// (robots.txt, feeds, sitemaps, pages) completes inside run.get and passes
// the same per-host LimitRule and delay gate.
func (r *run) newCollector() *colly.Collector {
	col := colly.NewCollector()
	// NewCollector applies COLLY_* environment variables after its options,
	// and Init defaults IgnoreRobotsTxt to true: set every field that matters
	// here, after NewCollector.
	col.UserAgent = r.opts.UserAgent
	col.IgnoreRobotsTxt = true // robots.txt is fetched by run.host, through the limits
	col.Async = false
	col.MaxDepth = 0 // depth is counted by the run
	col.MaxRequests = 0
	col.AllowedDomains, col.DisallowedDomains = nil, nil
	col.URLFilters, col.DisallowedURLFilters = nil, nil
	col.AllowURLRevisit = true // deduplication is on normalized URLs, by the run
	// Every status reaches OnResponse; without this colly reports 4xx, 5xx
	// and 304 through OnError ("Not Modified").
	col.ParseHTTPErrorResponse = true
	col.DetectCharset = false
	col.CacheDir = ""
	col.CheckHead = false
	col.TraceHTTP = false
	col.MaxBodySize = maxBodySize
	col.Context = r.ctx

	r.tr = http.DefaultTransport.(*http.Transport).Clone()
	r.tr.MaxIdleConnsPerHost = max(r.opts.Parallel, 2)
	col.WithTransport(&rawBodyTransport{base: r.tr})
	col.SetRequestTimeout(r.opts.Timeout)
	col.SetRedirectHandler(r.checkRedirect)

	col.OnRequest(func(req *colly.Request) {
		if r.ctx.Err() != nil {
			req.Abort()
		}
	})
	// OnRequestHeaders runs inside colly's backend once the LimitRule
	// admitted the request, right before it is sent: the place for the
	// per-host delay.
	col.OnRequestHeaders(func(req *colly.Request) {
		if h := r.lookupHost(req.URL.Host); h != nil {
			if err := h.wait(r.ctx); err != nil {
				req.Abort()
			}
		}
	})
	// Pages that are neither HTML nor XML (a feed or sitemap given as a
	// seed) are not downloaded: the headers say enough to skip them.
	col.OnResponseHeaders(func(resp *colly.Response) {
		if k, _ := resp.Ctx.GetAny(ctxKind).(kind); k != kindPage || resp.StatusCode < 200 || resp.StatusCode >= 300 {
			return
		}
		ct := resp.Headers.Get("Content-Type")
		if ct == "" {
			return
		}
		if mt, _, _ := strings.Cut(strings.ToLower(ct), ";"); isHTML(mt) || isXML(mt) {
			return
		}
		resp.Ctx.Put(ctxResponse, resp)
		resp.Request.Abort()
	})
	col.OnResponse(func(resp *colly.Response) {
		resp.Ctx.Put(ctxResponse, resp)
	})
	return col
}

// crawl runs the workers until the frontier is exhausted or closed.
func (r *run) crawl() (*Summary, error) {
	stop := context.AfterFunc(r.ctx, r.q.close)
	defer stop()
	defer r.tr.CloseIdleConnections()

	start := time.Now()
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() {
			for {
				it, ok := r.q.pop()
				if !ok {
					return
				}
				r.process(it)
				r.q.done()
			}
		})
	}
	wg.Wait()

	r.mu.Lock()
	sum := r.sum
	sum.Errs = append([]PageError(nil), r.sum.Errs...)
	r.mu.Unlock()
	r.log.Info("crawl done", logFetched, sum.Fetched, logErrors, sum.Errors,
		logSkipped, sum.Skipped, "elapsed", time.Since(start).Round(time.Millisecond))
	if err := r.ctx.Err(); err != nil {
		return &sum, err
	}
	return &sum, nil
}

// process fetches one queued URL and acts on the answer.
func (r *run) process(it item) {
	if r.ctx.Err() != nil {
		return
	}
	u, err := url.Parse(it.url)
	if err != nil {
		return // queued URLs are normalized; cannot happen
	}
	h, err := r.host(u)
	if err != nil {
		return // ctx is done
	}
	if !h.allowed(u, r.opts.UserAgent) {
		switch {
		case it.via == ViaSeed:
			r.fail(it.url, ErrDisallowed)
		case it.kind == kindPage:
			r.skip(it, "disallowed by robots.txt")
		default:
			r.log.Debug("skipped", logURL, it.url, logKind, it.kind.String(), logReason, "disallowed by robots.txt")
		}
		return
	}
	if it.kind == kindPage && !r.reservePage() {
		return
	}
	resp, err := r.get(it.url, it.kind, h)
	if err != nil {
		if r.ctx.Err() != nil {
			return
		}
		if it.kind == kindPage {
			r.fail(it.url, err)
		} else {
			r.discoveryFailed(it, err)
		}
		return
	}
	if it.kind == kindPage {
		r.page(it, resp)
	} else {
		r.discovery(it, resp)
	}
}

// response is a fetched response.
type response struct {
	url    *url.URL // final, normalized
	status int
	header http.Header
	body   []byte
	at     time.Time
}

// get fetches rawURL through the collector.
func (r *run) get(rawURL string, k kind, h *host) (*response, error) {
	hdr := http.Header{}
	hdr.Set("User-Agent", r.opts.UserAgent)
	hdr.Set("Accept", accept[k])
	if k == kindPage && r.opts.Validators != nil {
		etag, lastModified := r.opts.Validators(rawURL)
		if etag != "" {
			hdr.Set("If-None-Match", etag)
		}
		if lastModified != "" {
			hdr.Set("If-Modified-Since", lastModified)
		}
	}
	cctx := colly.NewContext()
	cctx.Put(ctxKind, k)
	err := r.col.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	h.done()
	if errors.Is(err, colly.ErrAbortedAfterHeaders) && cctx.GetAny(ctxResponse) != nil {
		err = nil // cut short by OnResponseHeaders: headers only
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is reported alongside
		}
		return nil, err
	}
	cr, _ := cctx.GetAny(ctxResponse).(*colly.Response)
	if cr == nil {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		return nil, errors.New("request aborted")
	}
	final := *cr.Request.URL
	if err := normalizeURL(&final); err != nil {
		final = *cr.Request.URL
	}
	header := http.Header{}
	if cr.Headers != nil {
		header = cr.Headers.Clone()
	}
	if ct := header.Get(hdrContentType); ct != "" {
		header.Set("Content-Type", ct)
		header.Del(hdrContentType)
	}
	return &response{url: &final, status: cr.StatusCode, header: header, body: cr.Body, at: time.Now()}, nil
}

// page acts on the response to a page request.
func (r *run) page(it item, resp *response) {
	switch s := resp.status; {
	case s == http.StatusNotModified:
		r.deliver(it, resp, true)
	case s >= 400:
		r.fail(it.url, &StatusError{Status: s})
	case s >= 300:
		// checkRedirect refused to follow: out of the sites or forbidden.
		r.skip(it, "redirect not followed", "location", resp.header.Get("Location"))
	case s >= 200:
		mt := mediaType(resp)
		if isHTML(mt) {
			r.html(it, resp)
			return
		}
		if it.via == ViaSeed && isXML(mt) {
			// A feed or sitemap given as a seed: crawl what it lists.
			if x, err := parseXML(resp.body, resp.url); err == nil {
				r.addXMLLinks(x)
				return
			}
		}
		r.skip(it, "not HTML", "content_type", mt)
	default:
		r.skip(it, "unexpected status", logStatus, s)
	}
}

// html discovers links and feeds in a fetched HTML page, then hands it to
// the Handler.
func (r *run) html(it item, resp *response) {
	wantLinks := r.opts.Depth < 0 || it.depth < r.opts.Depth
	wantFeeds := r.opts.Depth != 0
	if wantLinks || wantFeeds {
		hl, err := parseHTML(resp.body, resp.url)
		if err != nil {
			r.log.Debug("no links", logURL, resp.url.String(), logErr, err)
		} else {
			if wantLinks {
				for _, l := range hl.links {
					r.addPage(l, it.depth+1, ViaLink)
				}
			}
			if wantFeeds {
				for _, f := range hl.feeds {
					r.addDiscovery(f, kindFeed, false)
				}
				site := resp.url.Scheme + "://" + resp.url.Host
				switch hl.platform {
				case platformBlogger:
					r.addDiscovery(site+"/feeds/posts/default", kindFeed, true)
				case platformWordPress:
					r.addDiscovery(site+"/feed/", kindFeed, true)
				}
			}
		}
	}
	r.deliver(it, resp, false)
}

// deliver hands a page to the Handler, once per final URL.
func (r *run) deliver(it item, resp *response, notModified bool) {
	final := resp.url.String()
	r.mu.Lock()
	r.seen[final] = true
	dup := r.handled[final]
	r.handled[final] = true
	r.mu.Unlock()
	if dup {
		r.skip(it, "already handled", "final_url", final)
		return
	}
	p := &Page{
		URL:         final,
		RequestURL:  it.url,
		Status:      resp.status,
		Header:      resp.header,
		Body:        resp.body,
		FetchedAt:   resp.at,
		Depth:       it.depth,
		Via:         it.via,
		NotModified: notModified,
	}
	if notModified {
		p.Body = nil
	}
	r.log.Debug("fetched", logURL, final, logStatus, resp.status, logVia, it.via, logDepth, it.depth)
	r.mu.Lock()
	r.sum.Fetched++
	r.mu.Unlock()
	if err := r.handler(r.ctx, p); err != nil {
		if r.ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			return
		}
		r.fail(final, fmt.Errorf("handle: %w", err))
	}
}

// discovery acts on the response to a feed or sitemap request.
func (r *run) discovery(it item, resp *response) {
	if resp.status < 200 || resp.status >= 300 {
		r.discoveryFailed(it, &StatusError{Status: resp.status})
		return
	}
	x, err := parseXML(resp.body, resp.url)
	if err != nil {
		r.discoveryFailed(it, err)
		return
	}
	r.log.Debug("read "+x.kind, logURL, it.url, logCount, len(x.pages)+len(x.sitemaps))
	r.addXMLLinks(x)
}

// addXMLLinks queues what a feed or sitemap lists.
func (r *run) addXMLLinks(x *xmlLinks) {
	via := ViaFeed
	if x.kind == docSitemap {
		via = ViaSitemap
	}
	for _, p := range x.pages {
		r.addPage(p, 1, via)
	}
	for _, s := range x.sitemaps {
		r.addDiscovery(s, kindSitemap, false)
	}
	for _, f := range x.feeds {
		r.addDiscovery(f, kindFeed, false)
	}
}

// discoveryFailed logs a failed feed or sitemap: quietly for guessed
// locations, which often do not exist. Feeds and sitemaps are not pages and
// do not count as errors.
func (r *run) discoveryFailed(it item, err error) {
	level := slog.LevelWarn
	if it.guessed {
		level = slog.LevelDebug
	}
	r.log.Log(r.ctx, level, it.kind.String()+" failed", logURL, it.url, logErr, err)
}

// addPage queues a candidate page URL found at the given depth, unless it
// is too deep, out of the sites, a trap or non-page, filtered out by
// Include/Exclude, or already seen.
func (r *run) addPage(raw string, depth int, via string) {
	if r.opts.Depth >= 0 && depth > r.opts.Depth {
		return
	}
	u, err := normalize(raw)
	if err != nil {
		return
	}
	s := u.String()
	if len(s) > MaxURLLength || !r.inScope(u.Host) || skipReason(u) != "" {
		return
	}
	for _, re := range r.opts.Exclude {
		if re.MatchString(s) {
			return
		}
	}
	if len(r.opts.Include) > 0 {
		ok := false
		for _, re := range r.opts.Include {
			if re.MatchString(s) {
				ok = true
				break
			}
		}
		if !ok {
			return
		}
	}
	r.enqueue(item{url: s, kind: kindPage, depth: depth, via: via})
}

// addDiscovery queues a feed or sitemap URL within the sites.
func (r *run) addDiscovery(raw string, k kind, guessed bool) {
	if r.opts.Depth == 0 {
		return
	}
	u, err := normalize(raw)
	if err != nil || !r.inScope(u.Host) {
		return
	}
	r.enqueue(item{url: u.String(), kind: k, guessed: guessed})
}

// enqueue queues it unless its URL was seen before.
func (r *run) enqueue(it item) {
	r.mu.Lock()
	if r.seen[it.url] {
		r.mu.Unlock()
		return
	}
	r.seen[it.url] = true
	r.mu.Unlock()
	r.q.push(it)
}

// reservePage counts one page request against MaxPages. It returns false
// when the limit is already reached, and closes the frontier when this
// request reaches it.
func (r *run) reservePage() bool {
	if r.opts.MaxPages <= 0 {
		return true
	}
	n := r.pages.Add(1)
	if n > int64(r.opts.MaxPages) {
		return false
	}
	if n == int64(r.opts.MaxPages) {
		r.log.Info("page limit reached", logCount, n)
		r.q.close()
	}
	return true
}

func (r *run) inScope(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sites[siteKey(host)]
}

func (r *run) fail(u string, err error) {
	r.log.Warn("page failed", logURL, u, logErr, err)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Errors++
	if len(r.sum.Errs) < MaxPageErrors {
		r.sum.Errs = append(r.sum.Errs, PageError{URL: u, Err: err})
	}
}

func (r *run) skip(it item, reason string, args ...any) {
	r.log.Debug("skipped", append([]any{logURL, it.url, logReason, reason}, args...)...)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Skipped++
}

// lookupHost returns the state of a host already known to the run, or nil.
func (r *run) lookupHost(name string) *host {
	r.hostsMu.Lock()
	defer r.hostsMu.Unlock()
	return r.hosts[name]
}

// host returns the state of u's host, fetching its robots.txt on first use
// and then queuing its sitemaps. It fails only when ctx is done.
func (r *run) host(u *url.URL) (*host, error) {
	r.hostsMu.Lock()
	h := r.hosts[u.Host]
	if h == nil {
		h = &host{name: u.Host, delay: r.opts.Delay}
		r.hosts[u.Host] = h
		// One rule per host: a rule's parallelism is shared by every
		// domain it matches.
		err := r.col.Limit(&colly.LimitRule{
			DomainRegexp: "^" + regexp.QuoteMeta(u.Host) + "$",
			Parallelism:  r.opts.Parallel,
		})
		if err != nil {
			r.log.Warn("no limit rule", logURL, u.Host, logErr, err)
		}
	}
	r.hostsMu.Unlock()

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.loaded {
		return h, nil
	}
	var sitemaps []string
	if !r.opts.IgnoreRobots {
		robotsURL := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
		resp, err := r.get(robotsURL.String(), kindRobots, h)
		switch {
		case err != nil && r.ctx.Err() != nil:
			return nil, r.ctx.Err()
		case err != nil:
			r.log.Warn("robots.txt unreachable, allowing all", logURL, robotsURL.String(), logErr, err)
		default:
			data, err := parseRobots(resp.status, resp.body)
			if err != nil {
				r.log.Warn("robots.txt unreadable, allowing all", logURL, robotsURL.String(), logStatus, resp.status, logErr, err)
				break
			}
			if resp.status >= 500 {
				r.log.Warn("robots.txt failed, disallowing all", logURL, robotsURL.String(), logStatus, resp.status)
			}
			h.robots = data
			if d := data.FindGroup(r.opts.UserAgent).CrawlDelay; d > 0 {
				h.setDelay(d)
				r.log.Debug("crawl-delay", logURL, u.Host, logDelay, d)
			}
			for _, s := range data.Sitemaps {
				if su, err := robotsURL.Parse(strings.TrimSpace(s)); err == nil {
					sitemaps = append(sitemaps, su.String())
				}
			}
		}
	}
	h.loaded = true
	if r.inScope(u.Host) {
		for _, s := range sitemaps {
			r.addDiscovery(s, kindSitemap, false)
		}
		r.addDiscovery(u.Scheme+"://"+u.Host+"/sitemap.xml", kindSitemap, true)
	}
	return h, nil
}

// checkRedirect is colly's redirect handler: at most MaxRedirects hops,
// within the sites (a seed may lead to a new site, which joins the scope)
// and allowed by robots.txt. Refused redirects end with the 3xx response.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= MaxRedirects {
		return ErrTooManyRedirects
	}
	if via[0].URL.Path == "/robots.txt" {
		return nil
	}
	target := *req.URL
	if err := normalizeURL(&target); err != nil {
		return http.ErrUseLastResponse
	}
	if !r.inScope(target.Host) {
		first := *via[0].URL
		if normalizeURL(&first) != nil || !r.seeds[first.String()] {
			return http.ErrUseLastResponse
		}
		r.mu.Lock()
		r.sites[siteKey(target.Host)] = true
		r.mu.Unlock()
		r.log.Info("seed redirected to another site", logURL, first.String(), "site", target.Host)
	}
	h, err := r.host(&target)
	if err != nil {
		return err
	}
	if !h.allowed(&target, r.opts.UserAgent) {
		return http.ErrUseLastResponse
	}
	return nil
}

// mediaType returns the lower-case media type of a response, sniffed when
// the server sent none.
func mediaType(resp *response) string {
	ct := resp.header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(resp.body)
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// isHTML reports whether a media type is an HTML page.
func isHTML(mt string) bool {
	mt = strings.TrimSpace(mt)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// isXML reports whether a media type may hold a feed or a sitemap.
func isXML(mt string) bool {
	return strings.Contains(mt, "xml") || strings.Contains(mt, "gzip")
}

// rawBodyTransport keeps colly from transcoding bodies: colly converts a
// body to UTF-8 when Content-Type names another charset, which would leave
// the page's own <meta charset> lying. The original header is restored in
// run.get, so the Handler gets the body and header as sent.
type rawBodyTransport struct {
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *rawBodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(req)
	if err != nil {
		return res, err
	}
	ct := res.Header.Get("Content-Type")
	lct := strings.ToLower(ct)
	if strings.Contains(lct, "charset") && !strings.Contains(lct, "utf-8") && !strings.Contains(lct, "utf8") {
		mt, _, _ := strings.Cut(ct, ";")
		res.Header.Set(hdrContentType, ct)
		res.Header.Set("Content-Type", strings.TrimSpace(mt))
	}
	return res, nil
}
