package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// colly.Context keys: the kind of a request, and the response that
// OnResponse (or OnResponseHeaders, when it cuts a download short) leaves
// for run.get.
const (
	ctxKind     = "annals.kind"
	ctxResponse = "annals.response"
)

// Headers the transport adds to a response for run.get: the original
// Content-Type while colly sees a charset-free one (see safeTransport), and
// the sniffed type of a binary body that was not downloaded.
const (
	hdrContentType = "X-Annals-Original-Content-Type"
	hdrSniffed     = "X-Annals-Sniffed-Type"
)

// Accept headers by kind of request.
var accept = map[kind]string{
	kindPage:        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
	kindFeed:        "application/atom+xml,application/rss+xml;q=0.9,application/xml;q=0.8,*/*;q=0.5",
	kindBloggerFeed: "application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
	kindWPFeed:      "application/rss+xml,application/atom+xml;q=0.9,application/xml;q=0.8,*/*;q=0.5",
	kindSitemap:     "application/xml,text/xml;q=0.9,*/*;q=0.5",
	kindWPPosts:     "application/json,*/*;q=0.5",
	kindRobots:      "text/plain,*/*;q=0.5",
	kindComments:    "application/json,application/atom+xml;q=0.9,text/html;q=0.8,*/*;q=0.5",
}

// newCollector sets up the one colly collector of the run. colly is used
// synchronously: the run's workers provide the concurrency, so every request
// (robots.txt, feeds, sitemaps, APIs, comments, pages) completes inside
// run.get, after passing its host's gate.
func (r *run) newCollector() *colly.Collector {
	col := colly.NewCollector()
	// NewCollector applies COLLY_* environment variables after its options,
	// and Init defaults IgnoreRobotsTxt to true: set every field that matters
	// here, after NewCollector.
	col.UserAgent = r.opts.UserAgent
	col.IgnoreRobotsTxt = true // robots.txt is fetched by run.host, through the gate
	col.Async = false
	col.MaxDepth = 0 // depth is counted by the run
	col.MaxRequests = 0
	col.AllowedDomains, col.DisallowedDomains = nil, nil
	col.URLFilters, col.DisallowedURLFilters = nil, nil
	col.AllowURLRevisit = true // deduplication is the Frontier's
	// Every status reaches OnResponse; without this colly reports 4xx, 5xx
	// and 304 through OnError ("Not Modified").
	col.ParseHTTPErrorResponse = true
	col.DetectCharset = false
	col.CacheDir = ""
	col.CheckHead = false
	col.TraceHTTP = false
	// The body limit is safeTransport's, applied after decompression:
	// colly's applies before its own gunzip.
	col.MaxBodySize = 0
	col.Context = r.ctx

	r.tr = http.DefaultTransport.(*http.Transport).Clone()
	r.tr.MaxIdleConnsPerHost = max(r.opts.Parallel, 2)
	r.tr.DialContext = r.dial
	r.tr.ResponseHeaderTimeout = r.opts.Timeout
	col.WithTransport(&safeTransport{base: r.tr, run: r})
	col.SetRequestTimeout(r.opts.Timeout)
	col.SetRedirectHandler(r.checkRedirect)

	col.OnRequest(func(req *colly.Request) {
		if r.ctx.Err() != nil {
			req.Abort()
		}
	})
	// Pages that are neither HTML nor XML (a PDF, an image, a feed or
	// sitemap given as a seed) are not downloaded: the headers say enough.
	col.OnResponseHeaders(func(resp *colly.Response) {
		if k, _ := resp.Ctx.GetAny(ctxKind).(kind); k != kindPage || resp.StatusCode < 200 || resp.StatusCode >= 300 {
			return
		}
		ct := resp.Headers.Get("Content-Type")
		if ct == "" {
			return
		}
		if mt, _, _ := strings.Cut(strings.ToLower(ct), ";"); isHTML(mt) || isXML(mt) || strings.HasPrefix(mt, "text/plain") {
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

// response is a fetched response.
type response struct {
	url    *url.URL // final, normalized
	status int
	header http.Header
	body   []byte
	at     time.Time
}

// fetch requests rawURL through h's gate, retrying timeouts, network
// errors, 5xx and 429 with backoff, and honouring Retry-After. The error
// is ErrHostDown when the host was given up, before or during the retries.
// hdr holds extra request headers (validators); it may be nil.
func (r *run) fetch(ctx context.Context, h *host, rawURL string, k kind, hdr http.Header) (*response, error) {
	for attempt := 0; ; attempt++ {
		if h.isDown() {
			return nil, ErrHostDown
		}
		if err := h.wait(ctx); err != nil {
			return nil, err
		}
		start := time.Now()
		r.byKind[k].Add(1)
		resp, err := r.get(rawURL, k, hdr)
		h.done()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == nil {
			r.log.Debug("request", logURL, rawURL, logKind, k.String(), logStatus, resp.status,
				"bytes", len(resp.body), "ms", time.Since(start).Milliseconds())
		} else {
			r.log.Debug("request", logURL, rawURL, logKind, k.String(), logErr, err,
				"ms", time.Since(start).Milliseconds())
		}
		retry, after := retryable(resp, err)
		if !retry {
			h.succeeded()
			return resp, err
		}
		pause, down := h.failed(r.opts.RetryWait)
		if pause > 0 {
			r.log.Warn("host keeps failing, pausing it", logURL, h.name, "pause", pause)
		}
		if down {
			r.hostDown(h)
			if err == nil {
				err = &StatusError{Status: resp.status}
			}
			return nil, err
		}
		if attempt >= r.opts.Retries {
			return resp, err
		}
		wait := r.opts.RetryWait << attempt
		wait = min(wait, time.Minute)
		wait += rand.N(wait/2 + 1)
		if after > 0 {
			if after > MaxRetryAfter {
				h.pauseFor(MaxRetryAfter)
				return resp, err
			}
			// The server asked the whole host to wait.
			h.pauseFor(after)
			wait = 0
		}
		why := "error"
		if err == nil {
			why = strconv.Itoa(resp.status)
		}
		r.log.Info("retrying", logURL, rawURL, logReason, why, "attempt", attempt+1, "wait", (wait + after).Round(time.Millisecond))
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryable reports whether a request is worth trying again, and for how
// long the server asked to wait (Retry-After on a 429 or 503).
func retryable(resp *response, err error) (bool, time.Duration) {
	if err != nil {
		switch {
		case errors.Is(err, context.Canceled),
			errors.Is(err, ErrTooLarge),
			errors.Is(err, ErrPrivateAddress),
			errors.Is(err, ErrTooManyRedirects),
			errors.Is(err, ErrRedirectLoop),
			errors.Is(err, errBadScheme):
			return false, 0
		}
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			return false, 0
		}
		return true, 0
	}
	switch s := resp.status; {
	case s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable:
		return true, retryAfter(resp.header.Get("Retry-After"), resp.at)
	case s == http.StatusNotImplemented || s == http.StatusHTTPVersionNotSupported:
		return false, 0
	case s >= 500:
		return true, 0
	}
	return false, 0
}

// retryAfter parses a Retry-After value: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 1<<30)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// get makes one request through the collector (redirects included).
func (r *run) get(rawURL string, k kind, extra http.Header) (*response, error) {
	hdr := http.Header{}
	hdr.Set("User-Agent", r.opts.UserAgent)
	hdr.Set("Accept", accept[k])
	for key, vals := range extra {
		hdr[key] = vals
	}
	cctx := colly.NewContext()
	cctx.Put(ctxKind, k)
	err := r.col.Request(http.MethodGet, rawURL, nil, cctx, hdr)
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
	resp := &response{url: &final, status: cr.StatusCode, header: header, body: cr.Body, at: time.Now()}
	return resp, nil
}

var errBadScheme = errors.New("crawler: redirect to a scheme other than http or https")

// checkRedirect is colly's redirect handler: at most MaxRedirects hops, no
// loops, http and https only, within the sites (a seed may lead to a new
// site, which joins the scope) and allowed by robots.txt. Each hop passes
// its host's gate. Refused redirects end with the 3xx response.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= MaxRedirects {
		return ErrTooManyRedirects
	}
	if s := strings.ToLower(req.URL.Scheme); s != "http" && s != "https" {
		return errBadScheme
	}
	target := *req.URL
	if err := normalizeURL(&target); err != nil {
		return http.ErrUseLastResponse
	}
	n := 0
	for _, v := range via {
		u := *v.URL
		if normalizeURL(&u) == nil && u.String() == target.String() {
			n++
		}
	}
	// One return to a URL is a cookie dance; two are a loop.
	if n >= 2 {
		return ErrRedirectLoop
	}
	if ip, err := netip.ParseAddr(strings.Trim(target.Hostname(), "[]")); err == nil && !r.mayConnect(ip) {
		return ErrPrivateAddress
	}
	if via[0].URL.Path == "/robots.txt" {
		return nil
	}
	if !r.inScope(target.Host) {
		first := *via[0].URL
		if normalizeURL(&first) != nil || !r.seeds[first.String()] {
			return http.ErrUseLastResponse
		}
		r.addSite(target.Host)
		r.log.Info("seed redirected to another site", logURL, first.String(), "site", target.Host)
	}
	h, err := r.host(&target)
	if err != nil {
		return err
	}
	if h.refused != nil {
		return h.refused
	}
	if !h.allowed(&target, r.opts.UserAgent) {
		return http.ErrUseLastResponse
	}
	if prev := r.lookupHost(via[len(via)-1].URL.Host); prev != nil {
		prev.done()
	}
	return h.wait(req.Context())
}

// nonPublic reports whether ip is loopback, private, link-local,
// unspecified, multicast or otherwise not on the public Internet. Tests
// swap it to make a loopback server look public.
var nonPublic = func(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || !ip.IsValid() {
		return true
	}
	for _, p := range reservedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// reservedPrefixes are the non-public ranges netip has no predicate for.
var reservedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// mayConnect reports whether the run may open a connection to ip.
func (r *run) mayConnect(ip netip.Addr) bool {
	ip = ip.Unmap()
	return r.opts.AllowPrivate || r.privateOK[ip] || !nonPublic(ip)
}

// dial is the transport's DialContext: it resolves the host itself and
// connects only to addresses the run may reach, so neither a redirect nor
// a DNS answer can point the crawler at the machine's own network.
func (r *run) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	hostname, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if r.proxies[addr] {
		return r.dialer.DialContext(ctx, network, addr)
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(hostname); err == nil {
		ips = []netip.Addr{ip}
	} else {
		ips, err = net.DefaultResolver.LookupNetIP(ctx, "ip", hostname)
		if err != nil {
			return nil, err
		}
	}
	var last error
	for _, ip := range ips {
		if !r.mayConnect(ip) {
			last = fmt.Errorf("%w: %s is %s", ErrPrivateAddress, hostname, ip)
			continue
		}
		c, err := r.dialer.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return c, nil
		}
		last = err
	}
	if last == nil {
		last = fmt.Errorf("no address for %s", hostname)
	}
	return nil, last
}

// privateSeeds returns the non-public addresses the seeds' hosts resolve
// to: crawling them is what the user asked for.
func privateSeeds(ctx context.Context, hosts []string) map[netip.Addr]bool {
	out := map[netip.Addr]bool{}
	for _, h := range hosts {
		if ip, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
			if nonPublic(ip) {
				out[ip.Unmap()] = true
			}
			continue
		}
		lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		ips, err := net.DefaultResolver.LookupNetIP(lctx, "ip", h)
		cancel()
		if err != nil {
			continue
		}
		for _, ip := range ips {
			if nonPublic(ip) {
				out[ip.Unmap()] = true
			}
		}
	}
	return out
}

// proxyAddrs returns the host:port of the proxies named in the
// environment: the dialer lets those through, as the user set them.
func proxyAddrs() map[string]bool {
	out := map[string]bool{}
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"} {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		if !strings.Contains(v, "://") {
			v = "http://" + v
		}
		u, err := url.Parse(v)
		if err != nil || u.Host == "" {
			continue
		}
		port := u.Port()
		if port == "" {
			port = "80"
			if u.Scheme == "https" {
				port = "443"
			}
		}
		out[net.JoinHostPort(u.Hostname(), port)] = true
	}
	return out
}

// safeTransport sits between colly and net/http. It counts requests, and
// hands colly bodies that are decompressed, bounded and sniffed:
//
//   - gzip is undone here, also for bodies that are gzip files rather than
//     gzip-encoded (sitemap.xml.gz), and the size limit applies to the
//     decompressed bytes, so a compression bomb is cut off at
//     Options.MaxBodySize instead of being inflated;
//   - a 2xx body whose first bytes are an image, a PDF, an archive or other
//     binary data is not downloaded: colly gets an empty body and the
//     sniffed type in hdrSniffed;
//   - colly would transcode a body to UTF-8 when Content-Type names
//     another charset, leaving the page's own <meta charset> lying: such a
//     Content-Type is hidden from colly and restored in run.get.
type safeTransport struct {
	base http.RoundTripper
	run  *run
}

// RoundTrip implements http.RoundTripper.
func (t *safeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.run.requests.Add(1)
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

	body := res.Body
	br := bufio.NewReaderSize(body, 4096)
	head, _ := br.Peek(512)
	var rd io.Reader = br
	var zr *gzip.Reader
	if !res.Uncompressed && (bytes.HasPrefix(head, gzipMagic) ||
		strings.Contains(strings.ToLower(res.Header.Get("Content-Encoding")), "gzip")) {
		if zr, err = gzip.NewReader(br); err == nil {
			rd = zr
			res.Header.Del("Content-Encoding")
			res.Header.Del("Content-Length")
			res.ContentLength = -1
			zb := bufio.NewReaderSize(zr, 4096)
			head, _ = zb.Peek(512)
			rd = zb
		} else {
			zr = nil
		}
	}
	res.Uncompressed = true // colly must not gunzip again
	if res.StatusCode >= 200 && res.StatusCode < 300 && len(head) > 0 {
		if st := http.DetectContentType(head); !strings.HasPrefix(st, "text/") {
			res.Header.Set(hdrSniffed, st)
			body.Close()
			res.Body = io.NopCloser(bytes.NewReader(nil))
			return res, nil
		}
	}
	res.Body = &boundedBody{r: rd, limit: t.run.opts.MaxBodySize, left: t.run.opts.MaxBodySize, body: body, zr: zr}
	return res, nil
}

// boundedBody reads at most left bytes and fails with ErrTooLarge past them.
type boundedBody struct {
	r     io.Reader
	limit int64
	left  int64
	body  io.Closer
	zr    *gzip.Reader
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, b.limit)
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, b.limit)
	}
	return n, err
}

func (b *boundedBody) Close() error {
	if b.zr != nil {
		b.zr.Close()
	}
	return b.body.Close()
}

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
