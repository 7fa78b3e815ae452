package crawler

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
)

// Batching of Frontier writes: buffered pushes and dones are written when
// this many are waiting, when a worker has nothing to do, and at least
// every flushEvery.
const (
	flushBatch = 512
	flushEvery = 200 * time.Millisecond
	popBatch   = 16 // entries popped at a time, at least (4 per worker)
)

// maxQueryVariants bounds the query-string variants of one path followed
// from links: past it, a path is taken for a trap (calendars, faceted
// search, session-laden URLs).
const maxQueryVariants = 200

// run is the state of one Crawler.Run.
type run struct {
	opts    *Options
	log     *slog.Logger
	ctx     context.Context
	handler Handler
	col     *colly.Collector
	tr      *http.Transport
	dialer  *net.Dialer
	front   Frontier
	start   time.Time

	zones     sync.Map            // WordPress API root → *onceValue[*time.Location]
	users     sync.Map            // WordPress API root and user id → *onceValue[string]
	privateOK map[netip.Addr]bool // non-public addresses the seeds resolve to
	proxies   map[string]bool     // proxy host:port from the environment

	requests atomic.Int64 // HTTP requests, counted by safeTransport
	// byKind counts the fetches of each kind, retries included (redirect
	// hops are in requests only).
	byKind [kindPart + 1]atomic.Int64
	pages  atomic.Int64 // page requests started, for MaxPages

	mu       sync.Mutex
	cond     *sync.Cond
	seeds    map[string]bool
	sites    map[string]*site // by siteKey
	hosts    map[string]*host // by URL.Host
	active   int              // items being processed
	pending  []item           // pushes not yet written to the Frontier
	pendSet  map[string]bool  // URLs in pending
	doneBuf  []string         // Done calls not yet written
	flushing bool             // a flush is writing
	finished bool             // nothing left: workers exit
	stopped  bool             // ctx done, MaxPages reached or Frontier failed
	failure  error            // the Frontier's error
	recent   []string         // URLs pushed lately, a direct-mapped cache
	seed     maphash.Seed     // for recent
	variants map[string]int   // query variants per path, for links
	finals   map[string]bool  // final URLs of redirects handed over in this run
	down     []string         // hosts given up
	sinces   sync.Map         // Update.Since by host
	sum      Summary
	workers  sync.WaitGroup
	kick     chan struct{}
}

// recentSize is the number of slots of the recently-pushed cache: enough
// for a site's navigation links, a few megabytes at most.
const recentSize = 1 << 15

func newRun(ctx context.Context, c *Crawler, seeds []string, h Handler) (*run, error) {
	if h == nil {
		h = func(context.Context, *Page) error { return nil }
	}
	r := &run{
		opts:     &c.opts,
		log:      c.log,
		ctx:      ctx,
		handler:  h,
		front:    c.opts.Frontier,
		seeds:    map[string]bool{},
		sites:    map[string]*site{},
		hosts:    map[string]*host{},
		pendSet:  map[string]bool{},
		recent:   make([]string, recentSize),
		seed:     maphash.MakeSeed(),
		variants: map[string]int{},
		finals:   map[string]bool{},
		kick:     make(chan struct{}, 1),
		dialer:   &net.Dialer{Timeout: c.opts.Timeout, KeepAlive: 30 * time.Second},
		proxies:  proxyAddrs(),
	}
	r.cond = sync.NewCond(&r.mu)
	if r.front == nil {
		r.front = newMemFrontier()
	}
	var items []item
	var hostnames []string
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
		r.addSite(u.Host)
		hostnames = append(hostnames, u.Hostname())
		items = append(items, item{url: n, kind: kindPage, via: ViaSeed, comments: -1})
	}
	if !r.opts.AllowPrivate {
		r.privateOK = privateSeeds(ctx, hostnames)
	}
	r.col = r.newCollector()
	r.pending = items
	for _, it := range items {
		r.pendSet[it.url] = true
	}
	return r, nil
}

// crawl runs the workers until the frontier is exhausted or the run stops.
func (r *run) crawl() (*Summary, error) {
	r.start = time.Now()
	defer r.tr.CloseIdleConnections()
	stopWatch := context.AfterFunc(r.ctx, func() { r.stop(nil) })
	defer stopWatch()

	// What an earlier run left: every non-empty queue gets its workers.
	queues, err := r.front.Queues()
	if err != nil {
		return &Summary{}, fmt.Errorf("crawler: frontier: %w", err)
	}
	r.mu.Lock()
	for name, n := range queues {
		hostName, isRoute := strings.CutSuffix(name, routeSuffix)
		h := r.hostLocked(hostName)
		if isRoute {
			s := r.siteLocked(hostName)
			s.routes += n
			s.resumed, s.started = true, true
		}
		h.queued += n
		r.startWorkers(h)
	}
	r.mu.Unlock()

	flushDone := make(chan struct{})
	go r.flusher(flushDone)
	progStop, progDone := make(chan struct{}), make(chan struct{})
	go r.progress(progStop, progDone)
	r.flush() // the seeds

	r.mu.Lock()
	for !r.finished && !(r.stopped && r.active == 0) {
		r.cond.Wait()
	}
	r.stopped = true
	r.cond.Broadcast()
	r.mu.Unlock()
	r.workers.Wait()
	close(flushDone)
	close(progStop)
	<-progDone
	r.flush()

	r.mu.Lock()
	sum := r.sum
	sum.Errs = slices.Clone(r.sum.Errs)
	sum.HostsDown = slices.Clone(r.down)
	sum.Synced = r.syncedLocked()
	failure := r.failure
	finished := r.finished
	for _, h := range r.hosts {
		sum.Left += len(h.buf) // in progress in the Frontier: back in the queue next time
	}
	r.mu.Unlock()
	sum.Requests = int(r.requests.Load())
	for k := range r.byKind {
		if n := r.byKind[k].Load(); n > 0 {
			if sum.RequestsBy == nil {
				sum.RequestsBy = map[string]int{}
			}
			sum.RequestsBy[kind(k).String()] += int(n)
		}
	}
	if queues, err := r.front.Queues(); err == nil {
		for _, n := range queues {
			sum.Left += n
		}
	} else if failure == nil {
		failure = err
	}
	sum.Complete = finished && failure == nil && r.ctx.Err() == nil && sum.Left == 0 && len(sum.HostsDown) == 0
	r.log.Info("crawl done", logFetched, sum.Fetched, logErrors, sum.Errors, logSkipped, sum.Skipped,
		"requests", sum.Requests, "left", sum.Left, "elapsed", time.Since(r.start).Round(time.Millisecond))
	if failure != nil {
		return &sum, fmt.Errorf("crawler: frontier: %w", failure)
	}
	if err := r.ctx.Err(); err != nil {
		return &sum, err
	}
	return &sum, nil
}

// stop ends the run after the items in progress; err, when not nil, is a
// Frontier failure that Run returns.
func (r *run) stop(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil && r.failure == nil {
		r.failure = err
		r.log.Error("frontier failed", logErr, err)
	}
	r.stopped = true
	r.cond.Broadcast()
}

// startWorkers starts h's workers once. r.mu is held.
func (r *run) startWorkers(h *host) {
	if h.started || r.finished {
		return
	}
	h.started = true
	for range r.opts.Parallel {
		r.workers.Add(1)
		go r.worker(h)
	}
}

// worker processes h's queue until the run is over.
func (r *run) worker(h *host) {
	defer r.workers.Done()
	for {
		it, ok := r.next(h)
		if !ok {
			return
		}
		done := r.process(h, it)
		if it.kind.route() {
			// Before the item stops counting as active, so that the
			// next tier it may start keeps the run going.
			r.routeFinished(it)
		}
		r.mu.Lock()
		r.active--
		if done {
			r.doneBuf = append(r.doneBuf, it.url)
			if len(r.doneBuf) >= flushBatch {
				r.kickFlush()
			}
		}
		r.cond.Broadcast()
		r.mu.Unlock()
	}
}

// next returns h's next item. The host's buffer is refilled from the
// Frontier in the background when it runs low, so workers rarely wait for
// a pop. ok is false when the run is over for h.
func (r *run) next(h *host) (it item, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if r.finished || r.stopped {
			return item{}, false
		}
		if h.isDown() {
			// What is left for h stays in the Frontier for another run.
			if r.idleLocked() {
				r.finished = true
				r.cond.Broadcast()
			}
			return item{}, false
		}
		if len(h.buf) <= r.opts.Parallel && h.queued > 0 && !h.popping {
			h.popping = true
			r.workers.Add(1)
			go r.refill(h)
		}
		if len(h.buf) > 0 {
			it = h.buf[0]
			h.buf = h.buf[1:]
			r.active++
			return it, true
		}
		if r.idleLocked() {
			r.finished = true
			r.cond.Broadcast()
			return item{}, false
		}
		if len(r.pending) > 0 || len(r.doneBuf) > 0 {
			r.kickFlush()
		}
		r.cond.Wait()
	}
}

// refill pops a batch of h's queue into its buffer: route items (feeds,
// sitemaps, APIs) first, then pages. h.popping is set.
func (r *run) refill(h *host) {
	defer r.workers.Done()
	want := max(popBatch, 4*r.opts.Parallel)
	r.mu.Lock()
	before := h.queued
	r.mu.Unlock()
	routes, err := r.front.Pop(h.name+routeSuffix, want)
	var pages []Entry
	if err == nil && len(routes) < want {
		pages, err = r.front.Pop(h.name, want-len(routes))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.cond.Broadcast()
	h.popping = false
	if err != nil {
		r.mu.Unlock()
		r.stop(err)
		r.mu.Lock()
		return
	}
	got := append(routes, pages...)
	// Pushes counted while popping may or may not have been popped:
	// count them as still queued (an extra pop finds out).
	added := h.queued - before
	if len(got) < want {
		h.queued = added
	} else {
		h.queued = max(before-len(got), 1) + added
	}
	for _, e := range got {
		x, err := decodeItem(e)
		if err != nil {
			r.log.Warn("dropping unreadable frontier entry", logURL, e.URL, logErr, err)
			r.doneBuf = append(r.doneBuf, e.URL)
			continue
		}
		h.buf = append(h.buf, x)
	}
}

// idleLocked reports whether nothing is left: no item in progress, nothing
// buffered, queued or waiting to be pushed, on any host still up.
func (r *run) idleLocked() bool {
	if r.active > 0 || len(r.pending) > 0 || r.flushing {
		return false
	}
	for _, h := range r.hosts {
		if h.isDown() {
			continue
		}
		if len(h.buf) > 0 || h.queued > 0 || h.popping {
			return false
		}
	}
	return true
}

func (r *run) kickFlush() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// flusher writes buffered pushes and dones until done is closed.
func (r *run) flusher(done chan struct{}) {
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-r.kick:
		case <-t.C:
		}
		r.flush()
	}
}

// flush writes the buffered pushes, then the buffered dones, to the
// Frontier. Pushes go first: a page is done only once the URLs it led to
// are safely queued, so a crash in between fetches the page again rather
// than losing what it linked to.
func (r *run) flush() {
	r.mu.Lock()
	for r.flushing {
		r.cond.Wait()
	}
	if len(r.pending) == 0 && len(r.doneBuf) == 0 {
		r.mu.Unlock()
		return
	}
	pend, dones := r.pending, r.doneBuf
	r.pending, r.doneBuf = nil, nil
	clear(r.pendSet)
	r.flushing = true
	r.mu.Unlock()

	entries := make([]Entry, len(pend))
	for i := range pend {
		entries[i] = r.entry(&pend[i])
	}
	var added []bool
	var err error
	if len(entries) > 0 {
		added, err = r.front.Push(entries)
	}
	if err == nil && len(dones) > 0 {
		err = r.front.Done(dones)
	}

	r.mu.Lock()
	r.flushing = false
	if err == nil {
		r.countPushedLocked(entries, added)
	}
	r.cond.Broadcast()
	r.mu.Unlock()
	if err != nil {
		r.stop(err)
	}
}

// routeSuffix names a host's queue of discovery-route items (feeds,
// sitemaps, API pages), kept apart from its pages so that a resumed run
// knows how much route work each site has left.
const routeSuffix = "#routes"

// entry turns an item into a Frontier entry.
func (r *run) entry(it *item) Entry {
	u, _ := url.Parse(it.url)
	q := u.Host
	if it.kind.route() {
		q += routeSuffix
	}
	return Entry{URL: it.url, Queue: q, Priority: it.priority(), Data: it.encode()}
}

// countPushedLocked records entries the Frontier queued. r.mu is held.
func (r *run) countPushedLocked(entries []Entry, added []bool) {
	for i, e := range entries {
		if i >= len(added) || !added[i] {
			continue
		}
		name, _ := strings.CutSuffix(e.Queue, routeSuffix)
		h := r.hostLocked(name)
		h.queued++
		r.startWorkers(h)
	}
}

// pushNow writes route items to the Frontier at once, outside the batch,
// and returns how many it queued; routes are counted per site.
func (r *run) pushNow(items []item) int {
	if len(items) == 0 {
		return 0
	}
	entries := make([]Entry, len(items))
	for i := range items {
		entries[i] = r.entry(&items[i])
	}
	added, err := r.front.Push(entries)
	if err != nil {
		r.stop(err)
		return 0
	}
	n := 0
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, ok := range added {
		if !ok {
			continue
		}
		n++
		r.remember(items[i].url)
		if items[i].tier != tierNone {
			u, _ := url.Parse(items[i].url)
			s := r.siteLocked(u.Host)
			if items[i].tier == s.tier || s.resumed {
				s.routes++
			}
		}
	}
	r.countPushedLocked(entries, added)
	r.cond.Broadcast()
	return n
}

// enqueue buffers it for the Frontier unless it was pushed lately.
func (r *run) enqueue(it item) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pendSet[it.url] || r.recentLocked(it.url) || r.finals[it.url] {
		return false
	}
	r.remember(it.url)
	r.pendSet[it.url] = true
	r.pending = append(r.pending, it)
	if len(r.pending) >= flushBatch {
		r.kickFlush()
	}
	return true
}

// recentLocked and remember use a direct-mapped cache of pushed URLs so
// that the links every page repeats (navigation, sidebars) do not reach
// the Frontier each time. A miss is harmless: the Frontier deduplicates.
func (r *run) recentLocked(u string) bool {
	return r.recent[maphash.String(r.seed, u)%recentSize] == u
}

func (r *run) remember(u string) {
	r.recent[maphash.String(r.seed, u)%recentSize] = u
}

// process fetches one item and acts on the answer. It returns false when
// the item must stay in the Frontier for a later run: the run was stopped
// or the host given up before the work was done.
func (r *run) process(h *host, it item) (done bool) {
	defer func() {
		if p := recover(); p != nil {
			r.fail(it.url, fmt.Errorf("panic: %v", p))
			done = true
		}
	}()
	if r.ctx.Err() != nil {
		return false
	}
	u, err := url.Parse(it.url)
	if err != nil {
		return true // queued URLs are normalized; cannot happen
	}
	if err := r.loadRobots(h, u.Scheme); err != nil {
		return false
	}
	if !h.allowed(u, r.opts.UserAgent) {
		switch {
		case h.refused != nil && it.kind == kindPage:
			r.fail(it.url, h.refused)
		case it.via == ViaSeed:
			r.fail(it.url, ErrDisallowed)
		case it.kind == kindPage:
			r.skip(it, "disallowed by robots.txt")
		default:
			r.log.Debug("skipped", logURL, it.url, logKind, it.kind.String(), logReason, "disallowed by robots.txt")
			r.routeResult(it, false, 0, -1)
		}
		return true
	}
	var hdr http.Header
	if it.kind == kindPage {
		if !r.wanted(it) {
			return true
		}
		if !r.reservePage() {
			return false
		}
		if r.opts.Validators != nil {
			etag, lastModified := r.opts.Validators(it.url)
			if etag != "" || lastModified != "" {
				hdr = http.Header{}
			}
			if etag != "" {
				hdr.Set("If-None-Match", etag)
			}
			if lastModified != "" {
				hdr.Set("If-Modified-Since", lastModified)
			}
		}
	}
	resp, err := r.fetch(r.ctx, h, it.url, it.kind, hdr)
	if err != nil {
		switch {
		case r.ctx.Err() != nil:
			return false
		case errors.Is(err, ErrHostDown):
			return false
		case it.kind == kindPage && it.via == ViaLink && errors.Is(err, ErrPrivateAddress):
			// A link that leads off to an address the crawl may not
			// reach (a share service's redirect, an intranet link) was
			// never one of the site's posts: not a failed page.
			r.skip(it, "refused address", logErr, err)
		case it.kind == kindPage:
			r.fail(it.url, err)
		default:
			r.discoveryFailed(it, err)
			r.routeResult(it, false, 0, -1)
		}
		return true
	}
	switch it.kind {
	case kindPage:
		// A page the Handler was through with is done, even if the run
		// is stopping; one it gave up on for the stop is not.
		return r.page(h, it, resp)
	case kindBloggerFeed:
		r.bloggerFeedPage(it, resp)
	case kindWPPosts:
		r.wpPostsPage(it, resp)
	case kindWPFeed:
		r.wpFeedPage(it, resp)
	default:
		r.discovery(it, resp)
	}
	return true
}

// wanted re-checks a page popped from the Frontier against the options,
// which may have changed since an earlier run queued it.
func (r *run) wanted(it item) bool {
	if it.via == ViaSeed {
		return true
	}
	if r.opts.Depth >= 0 && it.depth > r.opts.Depth {
		return false
	}
	return r.filtered(it.url)
}

// filtered applies Include and Exclude.
func (r *run) filtered(s string) bool {
	for _, re := range r.opts.Exclude {
		if re.MatchString(s) {
			return false
		}
	}
	if len(r.opts.Include) == 0 {
		return true
	}
	for _, re := range r.opts.Include {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// claimFinal reports whether the final URL of a redirected page is new
// to the crawl, and marks it seen in this run. A redirect onto a URL the
// crawl has already seen is not handed over: that URL is (or was) on its
// own.
func (r *run) claimFinal(it item, resp *response) bool {
	final := resp.url.String()
	if final == it.url {
		return true
	}
	seen, err := r.front.Seen([]string{final})
	r.mu.Lock()
	dup := r.finals[final] || (err == nil && seen[0]) || r.pendSet[final] || r.recentLocked(final)
	r.finals[final] = true
	r.remember(final)
	r.mu.Unlock()
	if dup {
		r.skip(it, "already handled", "final_url", final)
	}
	return !dup
}

// page acts on the response to a page request. It returns false when the
// Handler stopped for the end of the run before it was through.
func (r *run) page(h *host, it item, resp *response) bool {
	if resp.status < 300 || resp.status == http.StatusNotModified {
		if !r.claimFinal(it, resp) {
			return true
		}
	}
	switch s := resp.status; {
	case s == http.StatusNotModified:
		return r.deliver(it, resp, true, nil)
	case (s == http.StatusNotFound || s == http.StatusGone) && r.opts.ReportGone:
		return r.deliverGone(it, resp)
	case s >= 400:
		r.fail(it.url, &StatusError{Status: s})
	case s >= 300:
		// checkRedirect refused to follow: out of the sites or forbidden.
		r.skip(it, "redirect not followed", "location", resp.header.Get("Location"))
	case s >= 200:
		if st := resp.header.Get(hdrSniffed); st != "" {
			// The type the server declared says more than the sniffed
			// one ("video/mp4" beats "application/octet-stream"), unless
			// it claimed a text page.
			if d := resp.header.Get("Content-Type"); d != "" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(d)), "text/") {
				st = d
			}
			r.notHTML(it, st, "sniffed")
			return true
		}
		mt := mediaType(resp)
		if isHTML(mt) {
			return r.html(h, it, resp)
		}
		if it.via == ViaSeed && (isXML(mt) || mt == "text/plain") {
			// A feed or sitemap given as a seed: crawl what it lists.
			if x, err := parseXML(resp.body, resp.url); err == nil {
				r.addXMLLinks(x, tierNone, true)
				return true
			}
		}
		r.notHTML(it, mt, "content_type")
	default:
		r.skip(it, "unexpected status", logStatus, s)
	}
	return true
}

// html discovers links, routes and comment hints in a fetched HTML page,
// then hands it to the Handler; see deliver for the result.
func (r *run) html(h *host, it item, resp *response) bool {
	var info *htmlLinks
	settled := r.settled(resp.url.Host)
	if settled {
		// The site's platform listed every post and its discovery is over:
		// its links are not followed, and the comment hints are read only
		// if the Handler asks for them.
		info = &htmlLinks{}
	} else {
		var err error
		if info, err = parseHTML(resp.body, resp.url); err != nil {
			r.log.Debug("no links", logURL, resp.url.String(), logErr, err)
			info = &htmlLinks{}
		}
	}
	for _, api := range parseLinkHeader(resp.header.Values("Link"), "https://api.w.org/") {
		if u, err := resp.url.Parse(api); err == nil {
			info.apiRoot = u.String()
			info.platform = platformWordPress
		}
	}
	for _, alt := range parseLinkHeader(resp.header.Values("Link"), "alternate") {
		if i := strings.LastIndex(alt, "/wp/v2/posts/"); i >= 0 && isDigits(alt[i+len("/wp/v2/posts/"):]) {
			info.wpPostID = alt[i+len("/wp/v2/posts/"):]
		}
	}
	if r.opts.Depth != 0 || r.opts.Update != nil {
		r.noteSite(resp.url, info)
	}
	if r.opts.Update == nil && (r.opts.Depth < 0 || it.depth < r.opts.Depth) {
		// Most links of a page (navigation, sidebars) were pushed before,
		// in the form they are written: skip those without normalizing.
		fresh := make([]string, 0, len(info.links))
		r.mu.Lock()
		for _, l := range info.links {
			if !r.recentLocked(l) && !r.pendSet[l] {
				fresh = append(fresh, l)
			}
		}
		r.mu.Unlock()
		if !r.deferLinks(resp.url, fresh, it.depth+1) {
			for _, l := range fresh {
				r.addPage(l, it.depth+1, ViaLink, time.Time{}, -1)
			}
		}
	}
	hints := &commentHints{host: h}
	if settled {
		hints.body = resp.body // not parsed: see commentHints.load
		hints.platform, hints.apiRoot = r.sitePlatform(resp.url.Host)
	}
	hints.fill(info)
	return r.deliver(it, resp, false, hints)
}

// deliver hands a page to the Handler. It returns false when the Handler
// returned the run's cancellation: the page was not dealt with.
func (r *run) deliver(it item, resp *response, notModified bool, hints *commentHints) (ok bool) {
	final := resp.url.String()
	if final != it.url {
		// Marked done with the item, once the Handler is through with it.
		defer func() {
			if ok {
				r.mu.Lock()
				r.doneBuf = append(r.doneBuf, final)
				r.mu.Unlock()
			}
		}()
	}
	p := &Page{
		URL:            final,
		RequestURL:     it.url,
		Status:         resp.status,
		Header:         resp.header,
		Body:           resp.body,
		FetchedAt:      resp.at,
		Depth:          it.depth,
		Via:            it.via,
		Modified:       it.modified,
		ListedComments: it.comments,
		NotModified:    notModified,
		run:            r,
		hints:          hints,
		parts:          it.parts,
		author:         it.author,
	}
	if hints != nil {
		hints.permalink = resp.url
	}
	if notModified {
		p.Body = nil
	}
	r.log.Debug("page", logURL, final, logStatus, resp.status, logVia, it.via, logDepth, it.depth)
	r.mu.Lock()
	r.sum.Fetched++
	r.mu.Unlock()
	if err := r.handler(r.ctx, p); err != nil {
		if r.ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			return false
		}
		r.fail(final, fmt.Errorf("handle: %w", err))
	}
	return true
}

// addPage queues a candidate page URL found at the given depth, unless it
// is too deep, out of the sites, a trap or non-page, filtered out by
// Include/Exclude, disallowed by a robots.txt already read, or pushed
// lately.
func (r *run) addPage(raw string, depth int, via string, modified time.Time, comments int) {
	r.addListedPage(raw, depth, via, listing{modified: modified, comments: comments})
}

// listing is what a route says of a page it lists.
type listing struct {
	modified time.Time // when it last changed; zero when unknown
	comments int       // its comment count, or -1
	parts    int       // the pages its post is split into, or 0
	author   string    // its post's author, or ""
}

// addListedPage is addPage with all that the route says of the page.
func (r *run) addListedPage(raw string, depth int, via string, l listing) {
	modified, comments := l.modified, l.comments
	if r.opts.Depth >= 0 && depth > r.opts.Depth && r.opts.Update == nil {
		return
	}
	u, err := normalize(raw)
	if err != nil {
		return
	}
	s := u.String()
	if len(s) > MaxURLLength || !r.inScope(u.Host) || skipReason(u) != "" || !r.filtered(s) {
		return
	}
	if via != ViaLink && via != ViaSeed {
		r.noteModified(u.Host, modified)
		if r.unchanged(u.Host, s, modified) {
			return
		}
	}
	if h := r.lookupHost(u.Host); h != nil && h.robotsLoaded() && !h.allowed(u, r.opts.UserAgent) {
		return
	}
	if via == ViaLink && u.RawQuery != "" && !r.variant(u) {
		return
	}
	if r.enqueue(item{url: s, kind: kindPage, depth: depth, via: via, modified: modified, comments: comments, parts: l.parts, author: l.author}) {
		if r.log.Enabled(r.ctx, slog.LevelDebug) { // --verbose: why each URL was queued
			r.log.Debug("queued", logURL, s, logVia, via, logDepth, depth)
		}
	}
}

// variant counts a new query-string variant of u's path and reports
// whether it is within maxQueryVariants.
func (r *run) variant(u *url.URL) bool {
	key := u.Host + u.EscapedPath()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.recentLocked(u.String()) || r.pendSet[u.String()] {
		return true
	}
	n := r.variants[key]
	if n >= maxQueryVariants {
		return false
	}
	if len(r.variants) < 1<<16 {
		r.variants[key] = n + 1
	}
	return true
}

// reservePage counts one page request against MaxPages. It returns false
// when the limit is already reached, and stops the run when this request
// reaches it.
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
		r.mu.Lock()
		r.stopped = true
		r.cond.Broadcast()
		r.mu.Unlock()
	}
	return true
}

func (r *run) inScope(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sites[siteKey(host)] != nil
}

// addSite brings host's site into scope.
func (r *run) addSite(host string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.siteLocked(host)
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

// notHTML acts on a page that is not HTML (a PDF, an image): a seed that
// is one fails the crawl, since the user asked for a page annals cannot
// read; a link to one is skipped.
func (r *run) notHTML(it item, mediaType, how string) {
	if it.via == ViaSeed {
		mt, _, _ := strings.Cut(mediaType, ";")
		r.fail(it.url, &NotHTMLError{MediaType: strings.TrimSpace(mt)})
		return
	}
	r.skip(it, "not HTML", how, mediaType)
}

func (r *run) skip(it item, reason string, args ...any) {
	r.log.Debug("skipped", append([]any{logURL, it.url, logReason, reason}, args...)...)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Skipped++
	if r.sum.SkippedBy == nil {
		r.sum.SkippedBy = map[string]int{}
	}
	r.sum.SkippedBy[reason]++
}

// hostDown records that h was given up.
func (r *run) hostDown(h *host) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if slices.Contains(r.down, h.name) {
		return
	}
	r.down = append(r.down, h.name)
	sort.Strings(r.down)
	r.log.Warn("host kept failing, giving it up for this run", logURL, h.name)
	r.cond.Broadcast()
}

// hostLocked returns the state of a host, creating it. r.mu is held.
func (r *run) hostLocked(name string) *host {
	h := r.hosts[name]
	if h == nil {
		h = &host{name: name, delay: r.opts.Delay}
		r.hosts[name] = h
	}
	return h
}

// lookupHost returns the state of a host already known to the run, or nil.
func (r *run) lookupHost(name string) *host {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hosts[name]
}

// host returns the state of u's host with its robots.txt loaded. It fails
// only when ctx is done.
func (r *run) host(u *url.URL) (*host, error) {
	r.mu.Lock()
	h := r.hostLocked(u.Host)
	r.mu.Unlock()
	if err := r.loadRobots(h, u.Scheme); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *host) robotsLoaded() bool {
	if !h.mu.TryLock() {
		return false
	}
	defer h.mu.Unlock()
	return h.loaded
}

// loadRobots fetches h's robots.txt on first use, through the gate and with
// retries. A robots.txt that answers 4xx allows everything; one that keeps
// failing (5xx, 429, network errors) disallows everything for the run.
func (r *run) loadRobots(h *host, scheme string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.loaded {
		return nil
	}
	if !r.opts.IgnoreRobots {
		robotsURL := (&url.URL{Scheme: scheme, Host: h.name, Path: "/robots.txt"}).String()
		resp, err := r.fetch(r.ctx, h, robotsURL, kindRobots, nil)
		switch {
		case err != nil && r.ctx.Err() != nil:
			return r.ctx.Err()
		case err != nil:
			r.log.Warn("robots.txt unreachable, disallowing all", logURL, robotsURL, logErr, err)
			h.robots, _ = parseRobots(http.StatusServiceUnavailable, nil)
			// Pages then fail with the reason (a host that is down, a
			// refused private address), not as "disallowed by robots.txt".
			if errors.Is(err, ErrPrivateAddress) {
				h.refused = err
			} else {
				h.refused = fmt.Errorf("robots.txt unreachable, not crawling the host: %w", err)
			}
		default:
			status := resp.status
			if status == http.StatusTooManyRequests {
				status = http.StatusServiceUnavailable
			}
			data, err := parseRobots(status, resp.body)
			if err != nil {
				r.log.Warn("robots.txt unreadable, allowing all", logURL, robotsURL, logStatus, resp.status, logErr, err)
				break
			}
			if status >= 500 {
				r.log.Warn("robots.txt failed, disallowing all", logURL, robotsURL, logStatus, resp.status)
			}
			h.robots = data
			if d := data.FindGroup(r.opts.UserAgent).CrawlDelay; d > 0 {
				h.setDelay(d)
				r.log.Debug("crawl-delay", logURL, h.name, logDelay, d)
			}
			for _, s := range data.Sitemaps {
				if su, err := resp.url.Parse(strings.TrimSpace(s)); err == nil {
					h.sitemaps = append(h.sitemaps, su.String())
				}
			}
		}
	}
	h.loaded = true
	return nil
}

// progress reports to Options.Progress until stop is closed, then once
// more, and closes done.
func (r *run) progress(stop, done chan struct{}) {
	defer func() {
		if r.opts.Progress != nil {
			r.opts.Progress(r.snapshot())
		}
		close(done)
	}()
	if r.opts.Progress == nil {
		<-stop
		return
	}
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			r.opts.Progress(r.snapshot())
		}
	}
}

// snapshot returns the run's progress so far.
func (r *run) snapshot() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := Progress{
		Fetched:  r.sum.Fetched,
		Errors:   r.sum.Errors,
		Requests: int(r.requests.Load()),
		Queued:   len(r.pending),
		Elapsed:  time.Since(r.start),
	}
	for _, h := range r.hosts {
		p.Queued += h.queued + len(h.buf)
	}
	return p
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
