package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/ingest"
)

const updateUsage = "[--older-than DUR] [--site HOST] [flags]"

// updateFlags are the flags of update.
type updateFlags struct {
	crawlFlags
	olderThan time.Duration
	sites     []string
}

// register adds every update flag to fs.
func (f *updateFlags) register(fs *flag.FlagSet) {
	f.registerFetch(fs, "allow redirects to loopback, private and link-local addresses")
	f.registerOwn(fs)
}

// registerOwn adds the flags update has and crawl has not.
func (f *updateFlags) registerOwn(fs *flag.FlagSet) {
	fs.Var(durationValue{&f.olderThan}, "older-than", "only re-fetch posts last checked longer ago than this, e.g. 12h or 7d (posts the site lists as changed are re-fetched anyway)")
	fs.Func("site", "only posts of this host, with or without www. (repeatable, or a,b)", func(s string) error {
		for h := range strings.SplitSeq(s, ",") {
			if h = strings.TrimSpace(h); h != "" {
				f.sites = append(f.sites, h)
			}
		}
		return nil
	})
}

func (f *updateFlags) validate() error {
	if f.olderThan < 0 {
		return usagef("--older-than must not be negative")
	}
	f.opts.Depth = -1
	return f.crawlFlags.validate()
}

func runUpdate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "update", updateUsage)
	db := dbFlag(e, fs)
	var uf updateFlags
	uf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("update takes no URL (%q); to add a site, crawl it", pos[0])
	}
	if err := uf.validate(); err != nil {
		return err
	}
	if _, err := openReadCheck(db()); err != nil {
		return err
	}
	w, err := openWriter(e, db(), holderName("update", args))
	if err != nil {
		return err
	}
	defer w.Close()
	return updateInto(ctx, e, w.Store, &uf)
}

// openReadCheck fails as a read command does on a missing archive: update
// has nothing to update there.
func openReadCheck(path string) (bool, error) {
	s, err := openRead(path)
	if err != nil {
		if errors.Is(err, archive.ErrLocked) || errors.Is(err, archive.ErrUpgrade) {
			return true, nil // a writer has it (openWriter says who), or it upgrades it
		}
		return false, err
	}
	s.Close()
	return true, nil
}

// updateTally counts what an update did.
type updateTally struct {
	checked, unchanged, gone, back, failed atomic.Int64
}

// selected is what update knows of a post it re-fetches.
type selected struct {
	key          string
	etag, lastMo string
	gone         bool
}

// updateInto re-fetches the archived posts of the archive open in store
// (its writer lock held by the caller) with conditional requests, asks
// each site what changed since it was last synced, archives changed and
// new posts, and marks gone posts.
func updateInto(ctx context.Context, e *env, store *archive.Store, uf *updateFlags) error {
	started := time.Now()
	cutoff := started.Add(-uf.olderThan)
	siteMatch := func(u *url.URL) bool {
		if len(uf.sites) == 0 {
			return true
		}
		for _, s := range uf.sites {
			if annals.SameSite(u.Hostname(), s) || annals.SameSite(u.Host, s) {
				return true
			}
		}
		return false
	}

	// The posts to re-fetch, and the sites to ask what changed.
	byURL := map[string]*selected{}
	var seeds []string
	homes := map[string]string{} // host -> home page
	err := store.Each(ctx, func(info *archive.PostInfo) error {
		u, err := url.Parse(info.Key)
		if err != nil || u.Host == "" || !siteMatch(u) {
			return nil
		}
		host := strings.ToLower(u.Host)
		if _, ok := homes[host]; !ok {
			homes[host] = u.Scheme + "://" + u.Host + "/"
		}
		if uf.olderThan > 0 && info.LastChecked.After(cutoff) {
			return nil
		}
		byURL[info.Key] = &selected{key: info.Key, etag: info.ETag, lastMo: info.LastModified, gone: info.GoneAt != nil}
		seeds = append(seeds, info.Key)
		return nil
	})
	if err != nil {
		return err
	}
	if len(homes) == 0 {
		what := "the archive has no posts"
		if len(uf.sites) > 0 {
			what = "the archive has no posts of " + strings.Join(uf.sites, ", ")
		}
		return fmt.Errorf("nothing to update: %s", what)
	}
	synced, err := store.Sites()
	if err != nil {
		return err
	}
	hosts := make([]string, 0, len(homes))
	for h := range homes {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	isHome := map[string]bool{}
	for _, h := range hosts {
		if _, ok := byURL[homes[h]]; !ok {
			seeds = append(seeds, homes[h]) // the home page tells the platform, and starts the change list
			if n, err := crawler.NormalizeURL(homes[h]); err == nil {
				isHome[n] = true
			}
		}
	}

	t := &ingest.Report{}
	ut := &updateTally{}
	logger := slog.New(slog.DiscardHandler)
	if uf.verbose {
		logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	resolve := func(u string) (*selected, string) {
		if s := byURL[u]; s != nil {
			return s, s.key
		}
		key, ok, err := store.Resolve(u)
		if err != nil || !ok {
			return nil, ""
		}
		return byURL[key], key
	}
	checks := newCheckWriter(store)
	defer checks.stop()

	opts := uf.opts
	opts.Logger = logger
	opts.ReportGone = true
	opts.Update = &crawler.Update{
		Since: func(host string) time.Time { return synced[strings.ToLower(host)].Synced },
		Known: func(u string) bool { _, key := resolve(u); return key != "" },
	}
	opts.Validators = func(u string) (string, string) {
		if s, key := resolve(u); s != nil {
			return s.etag, s.lastMo
		} else if key != "" {
			if info, err := store.Info(key); err == nil {
				return info.ETag, info.LastModified
			}
		}
		return "", ""
	}
	prog := startProgress(e.stderr, t, uf.verbose || uf.quiet)
	opts.Progress = func(p crawler.Progress) {
		t.Errors.Store(int64(p.Errors))
		t.Queued.Store(int64(p.Queued))
	}
	a := ingest.New(store, t, logger)
	handle := func(ctx context.Context, p *crawler.Page) error {
		sel, key := resolve(p.RequestURL)
		if key != "" {
			ut.checked.Add(1)
		}
		switch {
		case p.Gone:
			t.Fetched.Add(1)
			if key == "" {
				if isHome[p.RequestURL] {
					return nil // only asked to learn the platform
				}
				return &crawler.StatusError{Status: p.Status}
			}
			if sel == nil || !sel.gone {
				ut.gone.Add(1)
			}
			return checks.add(archive.Check{Key: key, At: p.FetchedAt, Status: p.Status, Gone: true})
		case p.NotModified:
			t.Fetched.Add(1)
			if key == "" {
				return nil
			}
			ut.unchanged.Add(1)
			if sel != nil && sel.gone {
				ut.back.Add(1)
			}
			return checks.add(archive.Check{Key: key, At: p.FetchedAt, Status: p.Status})
		}
		if sel != nil && sel.gone {
			ut.back.Add(1)
		}
		return a.Handle(ctx, p)
	}
	stopRelease := releaseMemory(store, time.Second)
	sum, err := crawler.New(&opts).Run(ctx, seeds, handle)
	stopRelease()
	prog.stop()
	if ferr := checks.stop(); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	line := fmt.Sprintf("%d posts checked: %d unchanged, %d changed%s, %d gone", ut.checked.Load(),
		ut.unchanged.Load()+t.Unchanged.Load(), t.Changed.Load(), t.RereadPart(), ut.gone.Load())
	if n := ut.back.Load(); n > 0 {
		line += fmt.Sprintf(", %d back online", n)
	}
	line += fmt.Sprintf("; %d new posts; %d errors", t.New.Load(), sum.Errors)
	if err != nil {
		fmt.Fprintf(e.stderr, "annals: update: interrupted after %s; the archive is closed and intact; run it again (with --older-than) to continue\n", line)
		return &quietError{exitFailed}
	}
	if err := store.SetSynced(syncTimes(sum.Synced, started)); err != nil {
		return err
	}
	if sum.Errors > 0 {
		for i, pe := range sum.Errs {
			if i == 10 {
				fmt.Fprintf(e.stderr, "  ... and %d more\n", len(sum.Errs)-10)
				break
			}
			fmt.Fprintf(e.stderr, "  %s: %v\n", pe.URL, pe.Err)
		}
		if sum.Fetched == 0 {
			return fmt.Errorf("no page could be fetched: %s", line)
		}
		return &partialError{line}
	}
	if !uf.quiet {
		fmt.Fprintf(e.stderr, "annals: update: %s\n", line)
	}
	return nil
}

// syncTimes turns Summary.Synced into the times to record: the newest
// change a site listed, in its own clock, or when the run started when it
// listed no times.
func syncTimes(synced map[string]time.Time, started time.Time) map[string]time.Time {
	out := map[string]time.Time{}
	for h, t := range synced {
		if t.IsZero() {
			t = started
		}
		out[strings.ToLower(h)] = t.UTC()
	}
	return out
}

// checkWriter records revalidations that add no version in batches: at
// most a second or 100 checks go unwritten (a crash loses only the record
// that those posts were checked).
type checkWriter struct {
	store   *archive.Store
	mu      sync.Mutex
	pending []archive.Check
	err     error
	kick    chan struct{}
	quit    chan struct{}
	done    chan struct{}
	once    sync.Once
}

const (
	checkBatch = 100
	checkEvery = time.Second
)

func newCheckWriter(store *archive.Store) *checkWriter {
	w := &checkWriter{store: store, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(checkEvery)
		defer t.Stop()
		for {
			select {
			case <-w.quit:
				w.flush()
				return
			case <-w.kick:
			case <-t.C:
			}
			w.flush()
		}
	}()
	return w
}

// add queues a check; it returns the error of an earlier failed write.
func (w *checkWriter) add(c archive.Check) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	w.pending = append(w.pending, c)
	if len(w.pending) >= checkBatch {
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
	return nil
}

func (w *checkWriter) flush() {
	w.mu.Lock()
	batch := w.pending
	w.pending = nil
	w.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	if _, err := w.store.Checked(batch); err != nil {
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
}

// stop writes what is pending and returns the first write error.
func (w *checkWriter) stop() error {
	w.once.Do(func() { close(w.quit) })
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// durationValue is a Go duration flag that also takes days: "7d", "1d12h".
type durationValue struct{ d *time.Duration }

func (v durationValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v durationValue) Set(s string) error {
	d, err := parseDuration(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

// parseDuration parses a Go duration ("90m", "6h") with an optional
// leading count of days ("7d", "1d12h").
func parseDuration(s string) (time.Duration, error) {
	days := time.Duration(0)
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad duration %q", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q (want e.g. 90m, 6h or 7d)", s)
	}
	return days + d, nil
}
