package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	verbose bool
	quiet   bool
}

func (f *crawlFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.opts.Delay, "delay", time.Second, "minimum gap between requests to one host (robots.txt Crawl-delay wins when larger)")
	fs.IntVar(&f.opts.Parallel, "parallel", 2, "concurrent requests per host")
	fs.IntVar(&f.opts.Depth, "depth", -1, "link depth from the seeds (0 = only the seeds; feeds and sitemaps count as depth 1; -1 = unlimited)")
	fs.IntVar(&f.opts.MaxPages, "max-pages", 0, "stop after fetching this many pages (0 = no limit)")
	fs.Var((*regexpsFlag)(&f.opts.Include), "include", "only follow URLs matching this regular expression (repeatable)")
	fs.Var((*regexpsFlag)(&f.opts.Exclude), "exclude", "never follow URLs matching this regular expression (repeatable)")
	fs.StringVar(&f.opts.UserAgent, "user-agent", "", "User-Agent header (default names annals and its version)")
	fs.DurationVar(&f.opts.Timeout, "timeout", 30*time.Second, "timeout for one request")
	fs.BoolVar(&f.opts.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt (only for sites you own or have permission for)")
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
	}
	return nil
}

// tally counts what a crawl did; safe for concurrent use.
type tally struct {
	fetched, newPosts, changed, unchanged, listings, errors atomic.Int64
}

func (t *tally) line() string {
	return fmt.Sprintf("%d pages fetched, posts: %d new, %d changed, %d unchanged, %d errors",
		t.fetched.Load(), t.newPosts.Load(), t.changed.Load(), t.unchanged.Load(), t.errors.Load())
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
	if len(seeds) == 0 {
		return usagef("want at least one seed URL")
	}
	for _, s := range seeds {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("seed %q is not an http(s) URL", s)
		}
	}
	if err := cf.validate(); err != nil {
		return err
	}
	return doCrawl(ctx, e, db(), &cf, seeds)
}

// doCrawl crawls seeds into the archive at dbPath and reports on stderr.
func doCrawl(ctx context.Context, e *env, dbPath string, cf *crawlFlags, seeds []string) error {
	store, err := archive.Open(dbPath, nil)
	if err != nil {
		return err
	}
	defer store.Close()

	var t tally
	logger := slog.New(slog.DiscardHandler)
	if cf.verbose {
		logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	cf.opts.Logger = logger
	cf.opts.Validators = func(u string) (string, string) {
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
	a := &archiver{store: store, tally: &t, done: map[string]bool{}, log: logger}
	prog := startProgress(e.stderr, &t, cf.verbose || cf.quiet)
	sum, err := crawler.New(&cf.opts).Run(ctx, seeds, a.handle)
	prog.stop()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if sum != nil {
		t.errors.Store(int64(sum.Errors))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "annals: crawl: interrupted after %s; the archive is closed and intact; run the same command again to continue\n", t.line())
		return &quietError{exitFailed}
	}
	failed := int(t.errors.Load())
	if failed > 0 && sum != nil {
		for i, pe := range sum.Errs {
			if i == 10 {
				fmt.Fprintf(e.stderr, "  ... and %d more\n", len(sum.Errs)-10)
				break
			}
			fmt.Fprintf(e.stderr, "  %s: %v\n", pe.URL, pe.Err)
		}
	}
	switch {
	case t.fetched.Load() == 0 && failed > 0:
		return fmt.Errorf("no page could be fetched: %s", t.line())
	case failed > 0:
		return &partialError{t.line()}
	}
	if !cf.quiet {
		fmt.Fprintf(e.stderr, "annals: crawl: %s\n", t.line())
	}
	return nil
}

// quietError carries an exit code for an error already reported.
type quietError struct{ code int }

func (e *quietError) Error() string { return "" }

// archiver is the crawler's page handler: extract, then archive.
type archiver struct {
	store *archive.Store
	tally *tally
	log   *slog.Logger
	mu    sync.Mutex
	done  map[string]bool // post keys archived in this run
}

func (a *archiver) handle(_ context.Context, p *crawler.Page) error {
	a.tally.fetched.Add(1)
	if p.NotModified {
		key, ok, err := a.store.Resolve(p.RequestURL)
		if err != nil || !ok {
			return err
		}
		if !a.claim(key) {
			return nil
		}
		a.tally.unchanged.Add(1)
		return a.store.Touch(key, p.FetchedAt, p.Status)
	}
	res, err := extract.Analyze(bytes.NewReader(p.Body), p.URL, &extract.Options{
		ContentType: p.Header.Get("Content-Type"),
		Now:         p.FetchedAt,
	})
	if err != nil {
		return fmt.Errorf("extract %s: %w", p.URL, err)
	}
	if res.Kind != extract.KindPost {
		a.tally.listings.Add(1)
		return nil
	}
	key := postKey(p.URL, res.Post.CanonicalURL)
	if !a.claim(key) {
		return nil
	}
	var aliases []string
	if p.RequestURL != "" && p.RequestURL != p.URL {
		aliases = append(aliases, p.RequestURL)
	}
	out, _, err := a.store.Put(key, &archive.Fetch{
		URL:          p.URL,
		Aliases:      aliases,
		FetchedAt:    p.FetchedAt,
		Status:       p.Status,
		ETag:         p.Header.Get("ETag"),
		LastModified: p.Header.Get("Last-Modified"),
		Raw:          p.Body,
		Post:         res.Post,
	})
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
	a.log.Debug("archived", "url", p.URL, "key", key, "outcome", out.String())
	return nil
}

// claim reports whether key is archived for the first time in this run.
func (a *archiver) claim(key string) bool {
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

// progress prints a live status line to a terminal.
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
				fmt.Fprintf(w, "\r\033[K%s (%.1f pages/s)", t.line(), rate)
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
