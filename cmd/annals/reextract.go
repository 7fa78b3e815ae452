package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/ingest"
)

// reextract reads and extracts on reextractReaders goroutines per core,
// and writes on reextractWriters: a write waits for its commit (bbolt
// commits the writes waiting together), and the readers go on meanwhile,
// few enough to keep their pages in the caches.
const (
	reextractReaders = 2
	reextractWriters = 16
)

const reextractArgs = "[--site HOST] [--since DATE] [--dry-run] [--quiet]"

// reextractTally counts what reextract did, for its progress line and
// summary. It is safe for concurrent use.
type reextractTally struct {
	posts, changed, unchanged atomic.Int64
	mu                        sync.Mutex
	skipped                   map[string]int // by reason
	fields                    map[string]int // changed versions by field
}

// count adds one to (*m)[k].
func (t *reextractTally) count(m *map[string]int, k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	(*m)[k]++
}

// forEach calls fn for each key on n goroutines, stopping at the first
// error or when ctx is done (then with ctx's error).
func forEach(ctx context.Context, keys []string, n int, fn func(string) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan string)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for key := range next {
				if err := fn(key); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
feed:
	for _, key := range keys {
		select {
		case next <- key:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// line is the summary: "N posts: N changed by the new extractor, N
// unchanged; fields changed: title N, …; skipped: …".
func (t *reextractTally) line() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := fmt.Sprintf("%d posts: %d changed by the new extractor, %d unchanged", t.posts.Load(), t.changed.Load(), t.unchanged.Load())
	if len(t.fields) > 0 {
		var parts []string
		for _, f := range changeFields {
			if n := t.fields[f]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", f, n))
			}
		}
		s += "; fields changed: " + strings.Join(parts, ", ")
	}
	if len(t.skipped) > 0 {
		var parts []string
		for why, n := range t.skipped {
			parts = append(parts, fmt.Sprintf("%s %d", why, n))
		}
		slices.Sort(parts)
		s += "; not read again: " + strings.Join(parts, ", ")
	}
	return s
}

// changeFields are the fields reextract counts changes of, in its
// summary's order.
var changeFields = []string{"title", "authors", "published", "updated", "tags", "text", "comments", "other"}

// changedFields names the fields in which b differs from version v's post.
func changedFields(v *annals.Version, b *annals.Post) []string {
	a := &v.Post
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("title", a.Title != b.Title)
	add("authors", !slices.Equal(a.Authors, b.Authors))
	add("published", a.Published != b.Published)
	add("updated", a.Updated != b.Updated)
	add("tags", !slices.Equal(a.Tags, b.Tags))
	add("text", a.Text != b.Text)
	add("comments", !archive.SameComments(v, b))
	if len(out) == 0 {
		out = append(out, "other") // language, kind, canonical URL…
	}
	return out
}

// runReextract reads the stored page of every archived post's latest
// version again with this build's extractor, and adds a version (cause
// "extractor") where it reads differently. Posts this build already read
// are passed over, so a run stopped part way continues where it was.
func runReextract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reextract", reextractArgs)
	db := dbFlag(e, fs)
	var sites []string
	fs.Var((*sitesFlag)(&sites), "site", "only posts of this host (repeatable)")
	var since dateFlag
	fs.Var(&since, "since", "only posts whose latest version was fetched on or after this date")
	dry := fs.Bool("dry-run", false, "count what would change, write nothing")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if _, err := openReadCheck(db()); err != nil {
		return err // no archive to read again: none is made
	}
	w, err := openWriter(e, db(), holderName("reextract", args))
	if err != nil {
		return err
	}
	defer w.Close()
	store := w.Store

	// The keys first: the archive is written between reads, and a read
	// transaction held across the writes would keep the file from growing.
	var keys []string
	err = store.Each(ctx, func(info *archive.PostInfo) error {
		for _, s := range sites {
			if annals.SameSite(info.Site, s) {
				keys = append(keys, info.Key)
				return nil
			}
		}
		if len(sites) == 0 {
			keys = append(keys, info.Key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	t := &reextractTally{skipped: map[string]int{}, fields: map[string]int{}}
	prog := startTicker(e.stderr, *quiet, func(secs float64) string {
		n := t.posts.Load()
		return fmt.Sprintf("reextract: %d of %d posts, %d changed, %.1f posts/s", n, len(keys), t.changed.Load(), float64(n)/max(secs, 1e-3))
	})
	current := ingest.Extractor()
	// Changed posts go to the writers; a failed write stops the readers.
	type pendingWrite struct {
		key string
		f   *archive.Fetch
	}
	writes := make(chan pendingWrite, 64)
	wctx, stopWrites := context.WithCancelCause(ctx)
	defer stopWrites(nil)
	one := func(key string) error {
		// The version and its page in one read: most posts are read
		// again, and the few passed over cost a decompression.
		v, raw, err := store.Page(key, 0)
		if errors.Is(err, archive.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if !since.d.IsZero() && v.FetchedAt.Before(since.d.Time()) {
			return nil
		}
		t.posts.Add(1)
		if v.Extractor == current {
			t.unchanged.Add(1) // read by this build already: by an earlier run
			return nil
		}
		f, why := ingest.Reread(v, raw)
		if why != "" {
			t.count(&t.skipped, why)
			return nil
		}
		if archive.SameContent(v, f.Post) {
			t.unchanged.Add(1)
			return nil
		}
		t.changed.Add(1)
		for _, name := range changedFields(v, f.Post) {
			t.count(&t.fields, name)
		}
		if *dry {
			return nil
		}
		select {
		case writes <- pendingWrite{key, f}:
			return nil
		case <-wctx.Done():
			return context.Cause(wctx)
		}
	}
	// Each post's version and raw page are read from all over the file,
	// and each read maps its neighbours too: hand the pages back often.
	stopRelease := releaseMemory(store, 100*time.Millisecond)
	var wg sync.WaitGroup
	for range reextractWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range writes {
				if wctx.Err() != nil {
					continue // a write failed: drain, write no more
				}
				if _, _, err := store.Put(w.key, w.f); err != nil {
					stopWrites(err)
				}
			}
		}()
	}
	err = forEach(wctx, keys, reextractReaders*runtime.GOMAXPROCS(0), one)
	close(writes)
	wg.Wait()
	if cause := context.Cause(wctx); cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause // a failed write stopped the readers
	}
	stopRelease()
	if err != nil {
		prog.stop()
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(e.stderr, "annals: reextract: interrupted after %s; the archive is closed and intact; run it again to continue\n", t.line())
			return &quietError{exitFailed}
		}
		return err
	}
	prog.stop()
	if !*quiet {
		verb := ""
		if *dry {
			verb = " (dry run: nothing written)"
		}
		fmt.Fprintf(e.stderr, "annals: reextract: %s%s\n", t.line(), verb)
	}
	return nil
}
