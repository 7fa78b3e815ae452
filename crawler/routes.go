package crawler

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// site is the discovery state of one site (see siteKey) in a run.
//
// Each site is enumerated by the cheapest complete route it offers, tier
// after tier: its platform's interface (Blogger's paged posts feed;
// WordPress's REST API, else its feed paged with ?paged=N), then its
// sitemaps, then its feeds. A platform route that reaches the total the
// platform announces ends discovery; otherwise the next tier starts once
// every item of the current one is processed. Links are followed
// last: while the routes run, the links of the site's pages are held back;
// they are queued once the routes are through, or dropped when the
// platform's route listed every post.
type site struct {
	key      string
	scheme   string // of the first page seen
	host     string
	platform string
	apiRoot  string   // WordPress REST root
	feeds    []string // feeds announced by its pages
	started  bool     // its routes were started (in this run or, resumed, an earlier one)
	resumed  bool     // its route items were left by an earlier run
	tier     int
	routes   int       // route items of the current tier queued or in progress
	failed   bool      // a route item of the current tier failed
	found    int       // pages the current tier listed
	total    int       // pages the platform says it has, or -1
	wpFeed   bool      // the WordPress feed route was tried
	sitemaps int       // pages the sitemap tier listed
	synced   bool      // its complete list (of posts, or of changes) was read
	newest   time.Time // the newest modification time its routes gave

	// While its routes run, the links of the site's pages wait here:
	// if the platform's route lists every post, they are not needed (the
	// posts among them are listed too), else they are queued after the
	// sitemaps and feeds.
	deferring  bool
	deferred   []link
	enumerated bool // the platform listed every post: links are not followed
}

// link is a link waiting for its site's platform route to finish.
type link struct {
	url   string
	depth int
}

// maxDeferred bounds the links a site keeps waiting; past it they are
// queued at once.
const maxDeferred = 50_000

// maxSiteFeeds bounds the announced feeds a site remembers.
const maxSiteFeeds = 8

// siteLocked returns the state of host's site, creating it (which brings
// it into scope). r.mu is held.
func (r *run) siteLocked(host string) *site {
	k := siteKey(host)
	s := r.sites[k]
	if s == nil {
		s = &site{key: k, total: -1}
		r.sites[k] = s
	}
	return s
}

// noteSite records what an HTML page of a site says about its platform
// and feeds, and starts the site's discovery routes on its first page.
func (r *run) noteSite(page *url.URL, info *htmlLinks) {
	r.mu.Lock()
	s := r.sites[siteKey(page.Host)]
	if s == nil {
		r.mu.Unlock()
		return
	}
	if s.scheme == "" {
		s.scheme, s.host = page.Scheme, page.Host
	}
	for _, f := range info.feeds {
		if len(s.feeds) < maxSiteFeeds && !slices.Contains(s.feeds, f) {
			s.feeds = append(s.feeds, f)
		}
	}
	if s.platform == "" {
		s.platform = info.platform
	}
	if s.apiRoot == "" && info.apiRoot != "" {
		// An API on another site is not this crawl's to use.
		if u, err := url.Parse(info.apiRoot); err == nil && r.sites[siteKey(u.Host)] != nil {
			s.apiRoot = info.apiRoot
		}
	}
	if s.started {
		r.mu.Unlock()
		return
	}
	s.started = true
	s.tier = tierPlatform
	base := s.scheme + "://" + s.host
	var first item
	switch {
	case s.platform == platformBlogger:
		first = item{url: r.withSince(bloggerFeedURL(base, 1), s.host, bloggerChanges), kind: kindBloggerFeed, tier: tierPlatform, page: 1}
	case s.platform == platformWordPress && s.apiRoot != "":
		first = item{url: r.withSince(wpPostsURL(s.apiRoot, 1), s.host, wpChanges), kind: kindWPPosts, tier: tierPlatform, page: 1}
	case s.platform == platformWordPress:
		s.wpFeed = true
		first = item{url: wpFeedURL(base, 1), kind: kindWPFeed, tier: tierPlatform, page: 1}
	}
	s.deferring = true
	r.mu.Unlock()
	if first.url == "" || r.pushNow([]item{first}) == 0 {
		// No platform route, or one an earlier run already went through.
		r.enterTier(s, tierSitemap)
	}
}

// settled reports whether the discovery of host's site is over and its
// platform listed every post: its pages' links are not needed.
func (r *run) settled(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sites[siteKey(host)]
	return s != nil && s.enumerated && s.tier == tierDone
}

// sitePlatform returns what the crawl knows of host's site's platform and
// WordPress API root.
func (r *run) sitePlatform(host string) (platform, apiRoot string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.sites[siteKey(host)]; s != nil {
		return s.platform, s.apiRoot
	}
	return "", ""
}

// deferLinks holds links found on a page of site s while its platform
// route runs, and reports whether it did.
func (r *run) deferLinks(page *url.URL, links []string, depth int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sites[siteKey(page.Host)]
	if s != nil && s.enumerated {
		return true // not needed: dropped
	}
	if s == nil || !s.deferring || len(s.deferred)+len(links) > maxDeferred {
		return false
	}
	for _, l := range links {
		s.deferred = append(s.deferred, link{l, depth})
	}
	return true
}

// releaseLinks stops deferring s's links and queues those held.
func (r *run) releaseLinks(s *site) {
	r.mu.Lock()
	held := s.deferred
	s.deferred, s.deferring = nil, false
	r.mu.Unlock()
	for _, l := range held {
		r.addPage(l.url, l.depth, ViaLink, time.Time{}, -1)
	}
}

// dropLinks stops deferring s's links and forgets those held, and those
// of its pages to come: the platform listed every post.
func (r *run) dropLinks(s *site) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(s.deferred)
	s.deferred, s.deferring, s.enumerated = nil, false, true
	return n
}

// routeSiteLocked returns the site of a route item (nil for items outside
// the discovery tiers), raising a resumed site's tier to the item's. r.mu
// must be held.
func (r *run) routeSiteLocked(it item) *site {
	if it.tier == tierNone {
		return nil
	}
	u, err := url.Parse(it.url)
	if err != nil {
		return nil
	}
	s := r.siteLocked(u.Host)
	if s.resumed && it.tier > s.tier {
		s.tier = it.tier
	}
	return s
}

// routeResult records the outcome of one route item: whether it worked,
// how many pages it listed, and the platform's total when it gave one.
func (r *run) routeResult(it item, ok bool, found, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.routeSiteLocked(it)
	if s == nil || it.tier != s.tier {
		return
	}
	if !ok && !it.guessed {
		s.failed = true
	}
	s.found += found
	if total >= 0 {
		s.total = total
	}
}

// routeFinished counts one route item of its site's tier as done and, when
// it was the last one, moves the site on: to the WordPress feed when the
// WordPress API failed, to the next tier when the platform route was
// missing, failing or short of its total, or when the sitemaps are read.
func (r *run) routeFinished(it item) {
	r.mu.Lock()
	s := r.routeSiteLocked(it)
	if s == nil {
		r.mu.Unlock()
		return
	}
	if it.tier != s.tier && !s.resumed {
		r.mu.Unlock()
		return
	}
	s.routes--
	if s.routes > 0 {
		r.mu.Unlock()
		return
	}
	s.routes = 0
	tier, failed, found, total, resumed := s.tier, s.failed, s.found, s.total, s.resumed
	wpRetry := tier == tierPlatform && failed && s.platform == platformWordPress && !s.wpFeed && s.host != ""
	if wpRetry {
		s.wpFeed, s.failed = true, false
	}
	base := s.scheme + "://" + s.host
	r.mu.Unlock()

	switch tier {
	case tierPlatform:
		if wpRetry {
			r.log.Info("WordPress API unavailable, paging the feed", logURL, base)
			if r.pushNow([]item{{url: wpFeedURL(base, 1), kind: kindWPFeed, tier: tierPlatform, page: 1}}) > 0 {
				return
			}
		}
		if !failed && !resumed && (total < 0 || found >= total) {
			r.mu.Lock()
			s.synced = true
			r.mu.Unlock()
			n := r.dropLinks(s)
			r.log.Info("site enumerated by its platform", logURL, s.key, logCount, found, "links_not_followed", n)
			r.setTier(s, tierDone)
			return
		}
		r.log.Info("platform route incomplete, reading sitemaps", logURL, s.key, "found", found, "total", total)
		r.enterTier(s, tierSitemap)
	case tierSitemap:
		r.mu.Lock()
		s.sitemaps = found
		s.synced = s.synced || (!failed && found > 0)
		r.mu.Unlock()
		r.enterTier(s, tierFeed)
	default:
		r.releaseLinks(s)
		r.setTier(s, tierDone)
	}
}

func (r *run) setTier(s *site, t int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s.tier, s.failed, s.found, s.total, s.resumed = t, false, 0, -1, false
}

// enterTier starts tier t of a site: its sitemaps (robots.txt Sitemap
// lines, else the usual locations) or its feeds (announced, else the
// platform's). A tier with nothing new to read moves on at once.
func (r *run) enterTier(s *site, t int) {
	for ; t < tierDone; t++ {
		r.setTier(s, t)
		r.mu.Lock()
		base := ""
		if s.host != "" {
			base = s.scheme + "://" + s.host
		}
		var urls []string
		var guessed []string
		switch t {
		case tierSitemap:
			for name, h := range r.hosts {
				if siteKey(name) == s.key {
					h.mu.Lock()
					urls = append(urls, h.sitemaps...)
					h.mu.Unlock()
				}
			}
			if len(urls) == 0 && base != "" {
				guessed = append(guessed, base+"/sitemap.xml")
				if s.platform == platformWordPress {
					guessed = append(guessed, base+"/wp-sitemap.xml", base+"/sitemap_index.xml")
				}
			}
		case tierFeed:
			urls = append(urls, s.feeds...)
			switch {
			case base == "":
			case s.platform == platformBlogger:
				guessed = append(guessed, base+"/feeds/posts/default")
			case s.platform == platformWordPress:
				guessed = append(guessed, base+"/feed/")
			}
		}
		r.mu.Unlock()
		k := kindSitemap
		if t == tierFeed {
			k = kindFeed
		}
		var items []item
		for i, raw := range append(urls, guessed...) {
			u, err := normalize(raw)
			if err != nil || !r.inScope(u.Host) {
				continue
			}
			items = append(items, item{url: u.String(), kind: k, tier: t, page: 1, guessed: i >= len(urls)})
		}
		if r.pushNow(items) > 0 {
			return
		}
		if t == tierSitemap {
			r.mu.Lock()
			s.sitemaps = 0
			r.mu.Unlock()
		}
	}
	r.releaseLinks(s)
	r.setTier(s, tierDone)
}

// bloggerFeedURL returns page start-index=start of a Blogger blog's posts
// feed. The summary feed is enough: only links, dates and comment counts
// are read; redirect=false skips a FeedBurner redirect.
func bloggerFeedURL(base string, start int) string {
	u, err := NormalizeURL(base + "/feeds/posts/summary?max-results=150&redirect=false&start-index=" + strconv.Itoa(start))
	if err != nil {
		return ""
	}
	return u
}

// bloggerFeedPage reads one page of a Blogger posts feed. The first page
// gives the total (openSearch:totalResults) and the page size Blogger
// grants: every other page is queued at once, so they are fetched in
// parallel. A page that comes back shorter than the others queues the
// page after it, so nothing falls between pages.
func (r *run) bloggerFeedPage(it item, resp *response) {
	x, ok := r.routeXML(it, resp)
	if !ok {
		return
	}
	for _, p := range x.pages {
		r.addListedPage(p.url, 1, ViaBloggerFeed, listing{modified: p.modified, comments: p.comments, author: p.author})
	}
	got, start := len(x.pages), it.page
	r.routeResult(it, true, r.countInScope(x.pages), x.total)
	if got == 0 || (x.total >= 0 && start-1+got >= x.total) {
		return
	}
	base := resp.url.Scheme + "://" + resp.url.Host
	var next []item
	add := func(s int) {
		next = append(next, item{url: r.withSince(bloggerFeedURL(base, s), resp.url.Host, bloggerChanges), kind: kindBloggerFeed, tier: it.tier, page: s})
	}
	if start == 1 && x.total >= 0 {
		for s := 1 + got; s <= x.total; s += got {
			add(s)
		}
	}
	add(start + got)
	r.pushNow(next)
}

// wpPostsURL returns page n of the WordPress REST posts listing under the
// API root (pretty "/wp-json/" or plain "?rest_route=/").
func wpPostsURL(root string, n int) string {
	u := wpAPIURL(root, "posts", "per_page", "100", "page", strconv.Itoa(n), "_fields", "id,link,modified_gmt,author,content")
	if u == "" {
		return ""
	}
	s, err := NormalizeURL(u)
	if err != nil {
		return ""
	}
	return s
}

// wpAPIURL returns the URL of a WordPress REST endpoint ("posts",
// "comments") under the API root, pretty ("/wp-json/") or plain
// ("?rest_route=/"), with the query parameters given as name, value pairs.
// It returns "" when root is not a URL.
func wpAPIURL(root, endpoint string, params ...string) string {
	u, err := url.Parse(root)
	if err != nil {
		return ""
	}
	q := u.Query()
	if rr := q.Get("rest_route"); rr != "" || strings.Contains(u.RawQuery, "rest_route") {
		q.Set("rest_route", strings.TrimSuffix(rr, "/")+"/wp/v2/"+endpoint)
	} else {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/wp/v2/" + endpoint
		u.RawPath = ""
	}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// wpPostsPage reads one page of the WordPress REST posts listing; the
// first page queues the others (X-WP-TotalPages).
func (r *run) wpPostsPage(it item, resp *response) {
	if resp.status == http.StatusBadRequest && it.page > 1 {
		r.routeResult(it, true, 0, -1) // past the last page
		return
	}
	if resp.status < 200 || resp.status >= 300 {
		r.discoveryFailed(it, &StatusError{Status: resp.status})
		r.routeResult(it, false, 0, -1)
		return
	}
	var posts []struct {
		Link        string `json:"link"`
		ModifiedGMT string `json:"modified_gmt"`
		Author      int    `json:"author"`
		// The content is read for one thing: <!--nextpage--> splits a
		// post into parts, which block themes do not link.
		Content struct {
			Rendered string `json:"rendered"`
		} `json:"content"`
	}
	if err := json.Unmarshal(resp.body, &posts); err != nil {
		r.discoveryFailed(it, err)
		r.routeResult(it, false, 0, -1)
		return
	}
	inScope := 0
	for _, p := range posts {
		mod, _ := time.Parse("2006-01-02T15:04:05", p.ModifiedGMT)
		r.addListedPage(p.Link, 1, ViaWordPressAPI, listing{modified: mod, comments: -1,
			parts: 1 + strings.Count(p.Content.Rendered, "<!--nextpage-->"), author: wpUserRef(p.Author)})
		if u, err := normalize(p.Link); err == nil && r.inScope(u.Host) {
			inScope++
		}
	}
	total := atoiOr(resp.header.Get("X-WP-Total"), -1)
	r.routeResult(it, true, inScope, total)
	pages := atoiOr(resp.header.Get("X-WP-TotalPages"), 0)
	if it.page != 1 || pages < 2 {
		return
	}
	u, err := url.Parse(it.url)
	if err != nil {
		return
	}
	var next []item
	for n := 2; n <= pages; n++ {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		v := *u
		v.RawQuery = q.Encode()
		if s, err := NormalizeURL(v.String()); err == nil {
			next = append(next, item{url: s, kind: kindWPPosts, tier: it.tier, page: n})
		}
	}
	r.pushNow(next)
}

// wpFeedURL returns page n of a WordPress site's main feed.
func wpFeedURL(base string, n int) string {
	raw := base + "/feed/"
	if n > 1 {
		raw += "?paged=" + strconv.Itoa(n)
	}
	s, err := NormalizeURL(raw)
	if err != nil {
		return ""
	}
	return s
}

// wpFeedPage reads one page of a WordPress feed paged with ?paged=N and
// queues the next, until a page is missing or empty. An install that
// ignores paged serves the first page again: then the route is incomplete.
func (r *run) wpFeedPage(it item, resp *response) {
	if it.page > 1 && (resp.status == http.StatusNotFound || resp.status == http.StatusGone) {
		r.routeResult(it, true, 0, -1)
		return
	}
	x, ok := r.routeXML(it, resp)
	if !ok {
		return
	}
	if it.page > 1 && len(x.pages) > 0 && x.pages[0].url == it.first {
		r.log.Debug("feed ignores ?paged", logURL, it.url)
		r.routeResult(it, false, 0, -1)
		return
	}
	for _, p := range x.pages {
		r.addListedPage(p.url, 1, ViaWordPressFeed, listing{modified: p.modified, comments: p.comments, author: p.author})
	}
	if r.countInScope(x.pages) < len(x.pages) {
		r.routeResult(it, false, 0, -1) // lists posts elsewhere: not this site's complete list
		return
	}
	r.routeResult(it, true, len(x.pages), -1)
	if len(x.pages) == 0 {
		return
	}
	if !r.anyWanted(x.pages) {
		return // an update: older pages list only posts it has
	}
	base := resp.url.Scheme + "://" + resp.url.Host
	r.pushNow([]item{{url: wpFeedURL(base, it.page+1), kind: kindWPFeed, tier: it.tier, page: it.page + 1, first: x.pages[0].url}})
}

// countInScope returns how many of pages are within the crawl's sites.
func (r *run) countInScope(pages []xmlPage) int {
	n := 0
	for _, p := range pages {
		if u, err := normalize(p.url); err == nil && r.inScope(u.Host) {
			n++
		}
	}
	return n
}

// routeXML checks and parses the response to a feed or sitemap route item,
// recording a failure.
func (r *run) routeXML(it item, resp *response) (*xmlLinks, bool) {
	if resp.status < 200 || resp.status >= 300 {
		r.discoveryFailed(it, &StatusError{Status: resp.status})
		r.routeResult(it, false, 0, -1)
		return nil, false
	}
	x, err := parseXML(resp.body, resp.url)
	if err == nil && x.kind != docFeed && it.kind != kindSitemap && it.kind != kindFeed {
		err = errNotAFeed
	}
	if err != nil {
		r.discoveryFailed(it, err)
		r.routeResult(it, false, 0, -1)
		return nil, false
	}
	return x, true
}

// errNotAFeed is the failure of a feed route answered with a sitemap.
var errNotAFeed = errors.New("not a feed")

// discovery acts on the response to a feed or sitemap request.
func (r *run) discovery(it item, resp *response) {
	x, ok := r.routeXML(it, resp)
	if !ok {
		return
	}
	r.log.Debug("read "+x.kind, logURL, it.url, logCount, len(x.pages)+len(x.sitemaps))
	r.routeResult(it, true, len(x.pages), -1)
	follow := true
	if it.tier == tierFeed {
		// Feeds after sitemaps that listed pages: only the newest
		// page of each, for posts too recent for the sitemap.
		r.mu.Lock()
		follow = r.siteLocked(resp.url.Host).sitemaps == 0
		r.mu.Unlock()
	}
	if x.kind == docFeed && !r.anyWanted(x.pages) {
		follow = false // an update: older pages list only posts it has
	}
	r.addXMLLinks(x, it.tier, follow)
}

// addXMLLinks queues what a feed or sitemap lists: its pages, and as route
// items of the given tier its child sitemaps and, when follow is set, the
// next pages of a paged feed.
func (r *run) addXMLLinks(x *xmlLinks, tier int, follow bool) {
	via := ViaFeed
	if x.kind == docSitemap {
		via = ViaSitemap
	}
	for _, p := range x.pages {
		r.addListedPage(p.url, 1, via, listing{modified: p.modified, comments: p.comments, author: p.author})
	}
	var next []item
	add := func(raw string, k kind) {
		u, err := normalize(raw)
		if err != nil || !r.inScope(u.Host) {
			return
		}
		next = append(next, item{url: u.String(), kind: k, tier: tier})
	}
	for _, s := range x.sitemaps {
		add(s, kindSitemap)
	}
	if follow {
		for _, f := range x.feeds {
			add(f, kindFeed)
		}
	}
	r.pushNow(next)
}

// discoveryFailed logs a failed route item: quietly for guessed locations,
// which often do not exist. Routes are not pages and do not count as
// errors.
func (r *run) discoveryFailed(it item, err error) {
	level := slog.LevelWarn
	if it.guessed {
		level = slog.LevelDebug
	}
	r.log.Log(r.ctx, level, it.kind.String()+" failed", logURL, it.url, logErr, err)
}
