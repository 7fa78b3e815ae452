package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/ingest"
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
	w, err := openWriter(e, dbPath, holderName("crawl", seeds))
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

	t := &ingest.Report{}
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
		t.Errors.Store(int64(p.Errors))
		t.Queued.Store(int64(p.Queued))
	}
	if resumed {
		t.Resumed = front.Started()
		if cf.verbose || isTerminal(e.stderr) {
			fmt.Fprintf(e.stderr, "annals: crawl: continuing the crawl of %s started %s\n",
				strings.Join(seeds, " "), front.Started().Local().Format("2006-01-02 15:04"))
		}
	}
	a := ingest.New(store, t, logger)
	stopRelease := releaseMemory(store, time.Second)
	sum, err := crawler.New(&opts).Run(ctx, seeds, a.Handle)
	stopRelease()
	prog.stop()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if sum != nil {
		t.Errors.Store(int64(sum.Errors))
		t.Skipped(sum.SkippedBy)
		t.Requested(sum.Requests, sum.RequestsBy)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "annals: crawl: interrupted after %s; %d URLs left; the archive is closed and intact; run the same command again to continue\n", t.Line(), sum.Left)
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
	failed := int(t.Errors.Load())
	if failed > 0 {
		for i, pe := range sum.Errs {
			if i == 10 {
				fmt.Fprintf(e.stderr, "  ... and %d more\n", len(sum.Errs)-10)
				break
			}
			fmt.Fprintf(e.stderr, "  %s: %v\n", pe.URL, pe.Err)
		}
	}
	line := t.Line()
	if d := t.Details(); d != "" && !cf.quiet {
		line += " (" + d + ")"
	}
	switch {
	case len(sum.HostsDown) > 0:
		return &partialError{fmt.Sprintf("%s; gave up on %s after repeated failures, %d URLs left; run the same command again to continue",
			line, strings.Join(sum.HostsDown, ", "), sum.Left)}
	case t.Fetched.Load() == 0 && failed > 0 && !slices.ContainsFunc(sum.Errs, answered):
		return fmt.Errorf("no page could be fetched: %s", t.Line())
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

// startProgress shows a crawl's counts on w while it runs (see startTicker).
func startProgress(w io.Writer, t *ingest.Report, quiet bool) *ticker {
	return startTicker(w, quiet, func(secs float64) string {
		rate := float64(t.Fetched.Load()) / max(secs, 1e-3)
		return fmt.Sprintf("%s, %d queued, %.1f pages/s", t.Line(), t.Queued.Load(), rate)
	})
}

// ticker prints a progress line on a terminal until stopped.
type ticker struct {
	stopc chan struct{}
	done  chan struct{}
}

// startTicker prints line(seconds since start) to w four times a second
// while w is a terminal and quiet is false.
func startTicker(w io.Writer, quiet bool, line func(secs float64) string) *ticker {
	t := &ticker{stopc: make(chan struct{}), done: make(chan struct{})}
	if quiet || !isTerminal(w) {
		close(t.done)
		return t
	}
	start := time.Now()
	go func() {
		defer close(t.done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-t.stopc:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
				fmt.Fprintf(w, "\r\033[K%s", line(time.Since(start).Seconds()))
			}
		}
	}()
	return t
}

func (t *ticker) stop() {
	select {
	case <-t.stopc:
	default:
		close(t.stopc)
	}
	<-t.done
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
