package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/extract"
)

// regexpsFlag is a repeatable --include/--exclude flag.
type regexpsFlag []*regexp.Regexp

func (r *regexpsFlag) String() string { return "" }
func (r *regexpsFlag) Set(s string) error {
	re, err := regexp.Compile(s)
	if err != nil {
		return fmt.Errorf("bad regular expression %q: %v", s, err)
	}
	*r = append(*r, re)
	return nil
}

// crawlFlags are the flags of crawl (and, later, of schedules).
type crawlFlags struct {
	opts    crawler.Options
	retries int
	verbose bool
	quiet   bool
}

func (f *crawlFlags) register(fs *flag.FlagSet) {
	f.registerFetch(fs, "allow links and redirects to loopback, private and link-local addresses")
	fs.IntVar(&f.opts.Depth, "depth", -1, "link depth from the seeds (0 = only the seeds; pages from feeds, sitemaps and APIs count as depth 1; -1 = unlimited)")
	fs.IntVar(&f.opts.MaxPages, "max-pages", 0, "stop after fetching this many pages; run again to continue (0 = no limit)")
	fs.Var((*regexpsFlag)(&f.opts.Include), "include", "only follow URLs matching this regular expression (repeatable)")
	fs.Var((*regexpsFlag)(&f.opts.Exclude), "exclude", "never follow URLs matching this regular expression (repeatable)")
}

// registerFetch adds the flags of every command that fetches: politeness,
// limits, logging.
func (f *crawlFlags) registerFetch(fs *flag.FlagSet, allowPrivate string) {
	fs.DurationVar(&f.opts.Delay, "delay", time.Second, "minimum gap between requests to one host, plus up to 10% jitter (robots.txt Crawl-delay wins when larger)")
	fs.IntVar(&f.opts.Parallel, "parallel", 2, "concurrent requests per host")
	fs.StringVar(&f.opts.UserAgent, "user-agent", "", "User-Agent header (default names annals and its version)")
	fs.DurationVar(&f.opts.Timeout, "timeout", 30*time.Second, "timeout for one request")
	fs.IntVar(&f.retries, "retries", crawler.DefaultRetries, "retries of a request that timed out or got a 5xx or 429, with exponential backoff")
	fs.BoolVar(&f.opts.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt (only for sites you own or have permission for)")
	fs.BoolVar(&f.opts.AllowPrivate, "allow-private", false, allowPrivate)
	fs.BoolVar(&f.verbose, "verbose", false, "log every request to stderr")
	fs.BoolVar(&f.quiet, "quiet", false, "print nothing on success")
}

func (f *crawlFlags) validate() error {
	switch {
	case f.opts.Delay < 0:
		return usagef("--delay must not be negative")
	case f.opts.Parallel < 1:
		return usagef("--parallel must be at least 1")
	case f.opts.MaxPages < 0:
		return usagef("--max-pages must not be negative")
	case f.opts.Timeout <= 0:
		return usagef("--timeout must be positive")
	case f.retries < 0:
		return usagef("--retries must not be negative")
	}
	f.opts.Retries = f.retries
	if f.retries == 0 {
		f.opts.Retries = -1
	}
	return nil
}

// tally counts what a crawl did; safe for concurrent use.
type tally struct {
	fetched, newPosts, changed, unchanged, errors, commented, textless, protected atomic.Int64
	queued                                                                        atomic.Int64
	mu                                                                            sync.Mutex
	routes                                                                        map[string]int // posts by discovery route
	notKept                                                                       map[string]int // pages fetched and not archived, by reason
	requests                                                                      int            // HTTP requests of the run
	requestsBy                                                                    map[string]int // requests by what they fetched
	resumed                                                                       time.Time      // start of the crawl this run continues
}

// notArchived counts one page fetched and not archived, for reason.
func (t *tally) notArchived(reason string) { t.add(&t.notKept, reason, 1) }

// add adds n to (*m)[k], making the map when it has none, under t.mu.
func (t *tally) add(m *map[string]int, k string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[k] += n
}

func (t *tally) line() string {
	return fmt.Sprintf("%d pages fetched, posts: %d new, %d changed, %d unchanged, %d errors",
		t.fetched.Load(), t.newPosts.Load(), t.changed.Load(), t.unchanged.Load(), t.errors.Load())
}

// route counts one post found by via.
func (t *tally) route(via string) { t.add(&t.routes, via, 1) }

// details says how posts were found and whose comments were completed.
func (t *tally) details() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var parts []string
	for via, n := range t.routes {
		parts = append(parts, fmt.Sprintf("%s %d", via, n))
	}
	sort.Strings(parts)
	s := ""
	if !t.resumed.IsZero() {
		s = "continued the crawl started " + t.resumed.Local().Format("2006-01-02 15:04")
	}
	if len(parts) > 0 {
		if s != "" {
			s += "; "
		}
		s += "found by " + strings.Join(parts, ", ")
	}
	if n := t.commented.Load(); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("comments completed for %d posts", n)
	}
	if n := t.textless.Load(); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%d posts archived without text (their feed lists them; --verbose names them)", n)
	}
	if n := t.protected.Load(); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%d password-protected posts archived without their text", n)
	}
	if len(t.notKept) > 0 {
		if s != "" {
			s += "; "
		}
		s += "not archived: " + countsText(t.notKept)
	}
	if archived := t.newPosts.Load() + t.changed.Load() + t.unchanged.Load(); t.requests > 0 && archived > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%d requests, %.2f per archived post", t.requests, float64(t.requests)/float64(archived))
		if len(t.requestsBy) > 0 {
			s += " (" + countsText(t.requestsBy) + ")"
		}
	}
	return s
}

// skipped adds the pages the crawler did not hand over, by reason, to
// those not archived.
func (t *tally) skipped(by map[string]int) {
	for k, n := range by {
		t.add(&t.notKept, k, n)
	}
}

// requested records the run's requests, in all and by what they fetched.
func (t *tally) requested(n int, by map[string]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requests, t.requestsBy = n, by
}

// countsText renders counts by reason, the largest first: "listing 40,
// other 3, not HTML 1".
func countsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func runCrawl(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "crawl", "[flags] URL...")
	db := dbFlag(e, fs)
	var cf crawlFlags
	cf.register(fs)
	seeds, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkSeeds(seeds); err != nil {
		return err
	}
	if err := cf.validate(); err != nil {
		return err
	}
	return doCrawl(ctx, e, db(), &cf, seeds)
}

// crawlID names the frontier of a crawl in the archive: the same seeds,
// in any order, continue the same crawl.
func crawlID(seeds []string) string {
	norm := make([]string, 0, len(seeds))
	for _, s := range seeds {
		if n, err := crawler.NormalizeURL(s); err == nil {
			s = n
		}
		norm = append(norm, s)
	}
	sort.Strings(norm)
	norm = slices.Compact(norm)
	sum := sha256.Sum256([]byte(strings.Join(norm, "\n")))
	return "seeds:" + hex.EncodeToString(sum[:16])
}

// doCrawl crawls seeds into the archive at dbPath and reports on stderr.
// The crawl's frontier lives in the archive: an interrupted crawl (Ctrl-C,
// kill -9, a reboot) continues when run again with the same seeds, and a
// crawl that finishes drops it, so the next one starts from the seeds.
func doCrawl(ctx context.Context, e *env, dbPath string, cf *crawlFlags, seeds []string) error {
	w, err := openWriter(dbPath, holderName("crawl", seeds))
	if err != nil {
		return err
	}
	defer w.Close()
	return crawlInto(ctx, e, w.Store, cf, seeds)
}

// crawlInto is doCrawl into an open archive, which the caller holds the
// writer lock of (the daemon runs several crawls at once in one process).
func crawlInto(ctx context.Context, e *env, store *archive.Store, cf *crawlFlags, seeds []string) error {
	id := crawlID(seeds)
	front, err := store.Frontier(id)
	if err != nil {
		return err
	}
	resumed := false
	if q, n, err := front.Len(); err == nil && q+n > 0 {
		resumed = true
	}

	t := &tally{}
	logger := slog.New(slog.DiscardHandler)
	if cf.verbose {
		logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	opts := cf.opts
	opts.Logger = logger
	opts.Frontier = frontierAdapter{front}
	opts.Validators = func(u string) (string, string) {
		key, ok, err := store.Resolve(u)
		if err != nil || !ok {
			return "", ""
		}
		info, err := store.Info(key)
		if err != nil {
			return "", ""
		}
		return info.ETag, info.LastModified
	}
	prog := startProgress(e.stderr, t, cf.verbose || cf.quiet)
	opts.Progress = func(p crawler.Progress) {
		t.errors.Store(int64(p.Errors))
		t.queued.Store(int64(p.Queued))
	}
	if resumed {
		t.resumed = front.Started()
		if cf.verbose || isTerminal(e.stderr) {
			fmt.Fprintf(e.stderr, "annals: crawl: continuing the crawl of %s started %s\n",
				strings.Join(seeds, " "), front.Started().Local().Format("2006-01-02 15:04"))
		}
	}
	a := &archiver{store: store, tally: t, done: map[string]bool{}, log: logger}
	stopRelease := releaseMemory(store, time.Second)
	sum, err := crawler.New(&opts).Run(ctx, seeds, a.handle)
	stopRelease()
	prog.stop()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if sum != nil {
		t.errors.Store(int64(sum.Errors))
		t.skipped(sum.SkippedBy)
		t.requested(sum.Requests, sum.RequestsBy)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "annals: crawl: interrupted after %s; %d URLs left; the archive is closed and intact; run the same command again to continue\n", t.line(), sum.Left)
		return &quietError{exitFailed}
	}
	if sum.Complete {
		if err := store.DropFrontier(id); err != nil {
			return err
		}
		// The sites whose posts were all listed: an update asks them what
		// changed since.
		if err := store.SetSynced(syncTimes(sum.Synced, front.Started())); err != nil {
			return err
		}
	}
	failed := int(t.errors.Load())
	if failed > 0 {
		for i, pe := range sum.Errs {
			if i == 10 {
				fmt.Fprintf(e.stderr, "  ... and %d more\n", len(sum.Errs)-10)
				break
			}
			fmt.Fprintf(e.stderr, "  %s: %v\n", pe.URL, pe.Err)
		}
	}
	line := t.line()
	if d := t.details(); d != "" && !cf.quiet {
		line += " (" + d + ")"
	}
	switch {
	case len(sum.HostsDown) > 0:
		return &partialError{fmt.Sprintf("%s; gave up on %s after repeated failures, %d URLs left; run the same command again to continue",
			line, strings.Join(sum.HostsDown, ", "), sum.Left)}
	case t.fetched.Load() == 0 && failed > 0 && !slices.ContainsFunc(sum.Errs, answered):
		return fmt.Errorf("no page could be fetched: %s", t.line())
	case failed > 0:
		return &partialError{line}
	}
	if !sum.Complete && sum.Left > 0 {
		if !cf.quiet {
			fmt.Fprintf(e.stderr, "annals: crawl: %s; stopped at --max-pages with %d URLs left; run the same command again to continue\n", line, sum.Left)
		}
		return nil
	}
	if !cf.quiet {
		fmt.Fprintf(e.stderr, "annals: crawl: %s\n", line)
	}
	return nil
}

// answered reports whether a failed page was fetched, but was not one
// annals can read (a seed that is a PDF): the crawl ran, it did not fail
// to reach the site.
func answered(pe crawler.PageError) bool {
	var nh *crawler.NotHTMLError
	return errors.As(pe.Err, &nh)
}

// releaseMemory has the archive give back the pages of its memory map
// every interval, so that a crawl's resident set stays flat however large
// the archive grows. The returned func stops it.
func releaseMemory(store *archive.Store, every time.Duration) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = store.ReleaseMemory()
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// quietError carries an exit code for an error already reported.
type quietError struct{ code int }

func (e *quietError) Error() string { return "" }

// archiver is the crawler's page handler: extract, complete the comments,
// archive.
type archiver struct {
	store *archive.Store
	tally *tally
	log   *slog.Logger
	mu    sync.Mutex
	done  map[string]bool // post keys archived in this run under another URL
}

// archivable reports whether a crawl archives pages of kind k: posts,
// forum threads and Q&A pages are archived (with their versions and
// comments); listings, products, documentation, landing pages and other
// pages are followed for their links but not archived.
func archivable(k extract.Kind) bool {
	switch k {
	case extract.KindPost, extract.KindThread, extract.KindQA:
		return true
	}
	return false
}

// listedAsPost reports whether a page came from a list of the site's
// posts: its platform's feed or API, or a feed it announces. (A sitemap
// lists every kind of page.)
func listedAsPost(via string) bool {
	switch via {
	case crawler.ViaBloggerFeed, crawler.ViaWordPressAPI, crawler.ViaWordPressFeed, crawler.ViaFeed:
		return true
	}
	return false
}

func (a *archiver) handle(ctx context.Context, p *crawler.Page) error {
	a.tally.fetched.Add(1)
	if p.NotModified {
		key, ok, err := a.store.Resolve(p.RequestURL)
		if err != nil || !ok {
			return err
		}
		if !a.claim(key, p.RequestURL) {
			return nil
		}
		a.tally.unchanged.Add(1)
		a.tally.route(p.Via)
		return a.store.Touch(key, p.FetchedAt, p.Status)
	}
	res, err := analyzePage(p, nil)
	if err != nil {
		return fmt.Errorf("extract %s: %w", p.URL, err)
	}
	var loc *time.Location
	if res.ZonelessTimes && res.Platform == "wordpress" {
		// Times printed without a zone (a classic theme's comment times)
		// are the site's local time.
		if loc, err = p.SiteLocation(ctx); err == nil {
			if again, err := analyzePage(p, loc); err == nil {
				res = again
			}
		} else {
			a.log.Debug("site time zone unknown", "url", p.URL, "err", err)
		}
	}
	if res.Parts.Current > 1 {
		// A later page of a multi-page post: joined to its first page.
		a.tally.notArchived("part of a post")
		return nil
	}
	if !archivable(res.Kind) {
		if !listedAsPost(p.Via) {
			a.tally.notArchived(res.Kind.String())
			return nil
		}
		// The platform's feed or API lists it as a post: it is one,
		// whatever its markup made the extractor read.
		res.Post.Kind = extract.KindPost.String()
	}
	switch {
	case res.Protected:
		a.log.Debug("archived a password-protected post without its text", "url", p.URL)
		a.tally.protected.Add(1)
	case res.Post.Text == "":
		a.log.Warn("archived a post whose text extraction found none", "url", p.URL, "kind", res.Kind.String())
		a.tally.textless.Add(1)
	}
	key := postKey(p.URL, res.Post.CanonicalURL)
	if !a.claim(key, p.URL) {
		return nil
	}
	authorsVia := ""
	if len(res.Post.Authors) == 0 && res.Post.Kind == extract.KindPost.String() {
		// The theme names no author (twentytwentyone on a one-author
		// blog): the platform does.
		name, via, err := p.PlatformAuthor(ctx)
		switch {
		case err == nil:
			res.Post.Authors, authorsVia = []string{name}, via
		case !errors.Is(err, crawler.ErrNoAuthor):
			a.log.Debug("author not found through the platform", "url", p.URL, "err", err)
		}
	}
	var aliases []string
	if p.RequestURL != "" && p.RequestURL != p.URL {
		aliases = append(aliases, p.RequestURL)
	}
	f := &archive.Fetch{
		URL:          p.URL,
		Aliases:      aliases,
		FetchedAt:    p.FetchedAt,
		Status:       p.Status,
		ETag:         p.Header.Get("ETag"),
		LastModified: p.Header.Get("Last-Modified"),
		Raw:          p.Body,
		Post:         res.Post,
		Via:          p.Via,
		AuthorsVia:   authorsVia,
	}
	if err := a.joinParts(ctx, p, res, key, f, loc); err != nil {
		// A post without its later pages would be a false change: it is
		// left for the next run.
		return err
	}
	if !res.Protected {
		// A protected post's comments are withheld with its body.
		a.completeComments(ctx, p, f, loc)
	}
	out, _, err := a.store.Put(key, f)
	if err != nil {
		return err
	}
	switch out {
	case archive.New:
		a.tally.newPosts.Add(1)
	case archive.Changed:
		a.tally.changed.Add(1)
	default:
		a.tally.unchanged.Add(1)
	}
	a.tally.route(p.Via)
	a.log.Debug("archived", "url", p.URL, "key", key, "outcome", out.String(), "via", p.Via)
	return nil
}

// analyzePage extracts a fetched page; loc is its site's time zone, or
// nil when unknown.
func analyzePage(p *crawler.Page, loc *time.Location) (*extract.Result, error) {
	return extract.Analyze(bytes.NewReader(p.Body), p.URL, &extract.Options{
		ContentType: p.Header.Get("Content-Type"),
		Now:         p.FetchedAt,
		Location:    loc,
	})
}

// joinParts fetches the later pages of a post split over several (its
// pager's links, or the parts its platform's listing counts, or as many
// as its last version joined) and joins their text to the first page's.
// The parts' addresses become aliases of the post. It fails when a part
// cannot be fetched.
func (a *archiver) joinParts(ctx context.Context, p *crawler.Page, res *extract.Result, key string, f *archive.Fetch, loc *time.Location) error {
	later := res.Parts.Later
	if n := p.ListedParts(); len(later) == 0 && n > 1 {
		later = crawler.WordPressPartURLs(p.URL, n)
	}
	if len(later) == 0 && res.Platform == "wordpress" && p.ListedParts() == 0 {
		// Found by another route than the listing (an update): a block
		// theme does not link the parts, the archive knows them.
		if v, err := a.store.Latest(key); err == nil && v.Parts > 1 {
			later = crawler.WordPressPartURLs(p.URL, v.Parts)
		}
	}
	if len(later) == 0 {
		return nil
	}
	pages, err := p.FetchParts(ctx, later)
	if err != nil {
		return fmt.Errorf("fetch part %d of %s: %w", len(pages)+2, p.URL, err)
	}
	post := f.Post
	for _, pg := range pages {
		r, err := analyzePage(pg, loc)
		if err != nil || r.Post.Text == "" {
			continue
		}
		post.Text += "\n\n" + r.Post.Text
		post.HTML += r.Post.HTML
		f.Aliases = append(f.Aliases, pg.URL)
	}
	f.Parts = 1 + len(pages)
	return nil
}

// completeComments fetches the rest of a post's comments when its page
// holds only some of them (a "load more", comment pages, a declared or
// listed count above the captured one) and merges them into f.Post. What
// cannot be fetched is recorded: the version says its comments are
// incomplete. Comments the page shows without their date or text (a
// classic theme's pingbacks) are then filled from the post's comment feed.
func (a *archiver) completeComments(ctx context.Context, p *crawler.Page, f *archive.Fetch, loc *time.Location) {
	post := f.Post
	captured := len(post.Comments)
	declared := -1
	if post.CommentCount != nil {
		declared = *post.CommentCount
	}
	hidden := p.CommentsHidden()
	if hidden || declared > captured || p.ListedComments > captured {
		a.fetchComments(ctx, p, f, hidden, loc)
	}
	if !commentGaps(post.Comments) {
		return
	}
	cs, err := p.FetchCommentFeed(ctx)
	if err != nil {
		if !errors.Is(err, crawler.ErrNoCommentRoute) {
			a.log.Warn("comment feed not read", "url", p.URL, "err", err)
		}
		return
	}
	post.Comments = mergeExact(post.Comments, entryComments(cs.Entries))
	if f.CommentsVia == "" {
		f.CommentsVia = cs.Via
		a.tally.commented.Add(1)
	}
}

// fetchComments fetches the comments the page does not hold through the
// route its platform offers.
func (a *archiver) fetchComments(ctx context.Context, p *crawler.Page, f *archive.Fetch, hidden bool, loc *time.Location) {
	post := f.Post
	captured := len(post.Comments)
	if p.ListedComments >= 0 {
		n := p.ListedComments
		f.CommentsDeclared = &n
	}
	cs, err := p.FetchComments(ctx)
	if err != nil {
		if !errors.Is(err, crawler.ErrNoCommentRoute) {
			a.log.Warn("comments not completed", "url", p.URL, "err", err)
		}
		f.CommentsMissing = hidden
		return
	}
	more := entryComments(cs.Entries)
	for _, pg := range cs.Pages {
		r, err := analyzePage(pg, loc)
		if err == nil {
			more = append(more, r.Post.Comments...)
		}
	}
	post.Comments = mergeExact(post.Comments, more)
	f.CommentsVia = cs.Via
	if total := max(cs.Total, p.ListedComments); total >= 0 {
		f.CommentsDeclared = &total
	}
	f.CommentsMissing = !cs.Complete
	a.tally.commented.Add(1)
	a.log.Debug("comments completed", "url", p.URL, "via", cs.Via, "page", captured, "now", len(post.Comments))
}

// entryComments converts a feed's or API's comments.
func entryComments(entries []crawler.Comment) []annals.Comment {
	out := make([]annals.Comment, 0, len(entries))
	for _, c := range entries {
		ac := annals.Comment{ID: c.ID, ParentID: c.ParentID, Author: c.Author, AuthorURL: c.AuthorURL,
			Text: c.Text, Type: c.Type, Deleted: c.Deleted}
		if !c.Published.IsZero() {
			ac.Published = annals.At(c.Published)
		}
		out = append(out, ac)
	}
	return out
}

// commentGaps reports whether a comment lacks its date or its text.
func commentGaps(cs []annals.Comment) bool {
	for _, c := range cs {
		if !c.Deleted && (c.Published.IsZero() || c.Text == "") {
			return true
		}
	}
	return false
}

// mergeExact merges more into the page's comments; where both hold a
// comment with the same platform id, more's exact time wins: a feed or an
// API gives the instant, a page often only its local wall-clock time.
func mergeExact(page, more []annals.Comment) []annals.Comment {
	exact := map[string]annals.Date{}
	for _, c := range more {
		if c.ID != "" && !c.Published.IsZero() && !c.Published.DayOnly() {
			exact[c.ID] = c.Published
		}
	}
	out := annals.MergeComments(page, more)
	for i := range out {
		if d, ok := exact[out[i].ID]; ok {
			out[i].Published = d
		}
	}
	return out
}

// claim reports whether key is archived for the first time in this run.
// Only posts archived under a key other than their URL are remembered: the
// crawler hands each URL over once.
func (a *archiver) claim(key, pageURL string) bool {
	if key == pageURL {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done[key] {
		return false
	}
	a.done[key] = true
	return true
}

// postKey is the URL a post is archived under: its canonical URL when that
// is on the same site as the page, else the page URL, normalized.
func postKey(pageURL, canonical string) string {
	key := pageURL
	if canonical != "" {
		cu, err1 := url.Parse(canonical)
		pu, err2 := url.Parse(pageURL)
		if err1 == nil && err2 == nil && sameSite(cu.Hostname(), pu.Hostname()) {
			key = canonical
		}
	}
	if n, err := crawler.NormalizeURL(key); err == nil {
		return n
	}
	return key
}

func sameSite(a, b string) bool {
	a, b = strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b
}

// progress prints a live status line to a terminal: pages fetched, posts
// new, changed and unchanged, errors, the queue and the rate.
type progress struct {
	stopc chan struct{}
	wg    sync.WaitGroup
	w     io.Writer
}

func startProgress(w io.Writer, t *tally, quiet bool) *progress {
	p := &progress{stopc: make(chan struct{}), w: w}
	if quiet || !isTerminal(w) {
		return p
	}
	start := time.Now()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stopc:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
				rate := float64(t.fetched.Load()) / time.Since(start).Seconds()
				fmt.Fprintf(w, "\r\033[K%s, %d queued, %.1f pages/s", t.line(), t.queued.Load(), rate)
			}
		}
	}()
	return p
}

func (p *progress) stop() {
	close(p.stopc)
	p.wg.Wait()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
