package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/ingest"
)

const reextractArgs = "[--site HOST] [--since DATE] [--dry-run] [--quiet]"

// reextractTally counts what reextract did, for its progress line and
// summary.
type reextractTally struct {
	posts, changed, unchanged atomic.Int64
	skipped                   map[string]int // by reason
	fields                    map[string]int // changed versions by field
}

// line is the summary: "N posts: N changed by the new extractor, N
// unchanged; fields changed: title N, …; skipped: …".
func (t *reextractTally) line() string {
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

// changedFields names the fields in which b differs from a.
func changedFields(a, b *annals.Post) []string {
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
	sameComments := archive.SamePost(&annals.Post{Comments: a.Comments, CommentCount: a.CommentCount}, &annals.Post{Comments: b.Comments, CommentCount: b.CommentCount})
	add("comments", !sameComments)
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
	w, err := openWriter(db(), holderName("reextract", args))
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
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			prog.stop()
			fmt.Fprintf(e.stderr, "annals: reextract: interrupted after %s; the archive is closed and intact; run it again to continue\n", t.line())
			return &quietError{exitFailed}
		}
		v, err := store.Latest(key)
		if errors.Is(err, archive.ErrNotFound) {
			continue
		}
		if err != nil {
			prog.stop()
			return err
		}
		if !since.d.IsZero() && v.FetchedAt.Before(since.d.Time()) {
			continue
		}
		t.posts.Add(1)
		if v.Extractor == current {
			t.unchanged.Add(1) // read by this build already: by an earlier run
			continue
		}
		raw, err := store.Raw(key, v.Number)
		if err != nil {
			prog.stop()
			return err
		}
		f, why := ingest.Reread(v, raw)
		if why != "" {
			t.skipped[why]++
			continue
		}
		if archive.SameContent(v, f.Post) {
			t.unchanged.Add(1)
			continue
		}
		t.changed.Add(1)
		for _, name := range changedFields(&v.Post, f.Post) {
			t.fields[name]++
		}
		if *dry {
			continue
		}
		if _, _, err := store.Put(key, f); err != nil {
			prog.stop()
			return err
		}
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
