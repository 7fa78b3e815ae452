package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/internal/export"
)

const exportArgs = "[--format json|jsonl|csv|csv-comments|warc] [--site HOST]... [--since DATE] [--until DATE] " +
	"[--changed-since TIME [--include-reextracted]] [--all-versions] [--gone|--no-gone] [--fields KEY,...] [-o FILE]"

// dateFlag is a --since, --until or --changed-since value: YYYY-MM-DD (a
// whole day) or an RFC 3339 instant.
type dateFlag struct{ d annals.Date }

func (f *dateFlag) String() string { return f.d.String() }
func (f *dateFlag) Set(s string) error {
	d, err := annals.ParseDate(s)
	if err != nil || d.IsZero() {
		return fmt.Errorf("want YYYY-MM-DD or RFC 3339, got %q", s)
	}
	f.d = d
	return nil
}

// sitesFlag is a repeatable --site; a value may also list hosts separated
// by commas.
type sitesFlag []string

func (f *sitesFlag) String() string { return strings.Join(*f, ",") }
func (f *sitesFlag) Set(s string) error {
	for h := range strings.SplitSeq(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			*f = append(*f, h)
		}
	}
	return nil
}

// exportFilter is what export keeps: every filter given must match.
type exportFilter struct {
	sites        []string // any of these hosts (www. or not)
	since, until dateFlag // published
	changedSince dateFlag // version created after
	reread       bool     // --changed-since counts versions caused by a new extractor
	gone, noGone bool     // only gone posts, only posts not gone
	all          bool     // every version, not only the latest
}

// post reports whether a post's versions are worth decoding.
func (f *exportFilter) post(info *archive.PostInfo) bool {
	if f.gone && info.GoneAt == nil || f.noGone && info.GoneAt != nil {
		return false
	}
	if len(f.sites) > 0 {
		ok := false
		for _, s := range f.sites {
			ok = ok || annals.SameSite(info.Site, s)
		}
		if !ok {
			return false
		}
	}
	// Without --all-versions the latest version is the one exported, and
	// the summary carries its publication date.
	return f.all || f.published(info.Published)
}

// version reports whether version v of the post info sums up is exported.
// --changed-since counts the site's changes only: a version that reads the
// same page with a new extractor is not one, unless --include-reextracted
// says so. Without --all-versions a post counts as changed when the site
// last changed it after that time, and its latest version is exported.
func (f *exportFilter) version(info *archive.PostInfo, v *annals.Version) bool {
	if c := f.changedSince.d; !c.IsZero() {
		changed := v.FetchedAt
		switch {
		case f.reread:
		case f.all && v.Cause == annals.CauseExtractor:
			return false
		case !f.all && !info.SiteChanged.IsZero():
			changed = info.SiteChanged
		}
		if c.DayOnly() && changed.Before(c.Time()) || !c.DayOnly() && !changed.After(c.Time()) {
			return false
		}
	}
	return f.published(v.Post.Published)
}

// published reports whether a publication date is within --since and
// --until. A post without a date is outside any such range. A day given on
// the command line is compared with the day the post was published in the
// post's own time zone (a post of 2024-12-04T23:30:00-05:00 is of 4
// December); an instant with instants (a day-only date as midnight UTC).
func (f *exportFilter) published(p annals.Date) bool {
	since, until := f.since.d, f.until.d
	if since.IsZero() && until.IsZero() {
		return true
	}
	if p.IsZero() {
		return false
	}
	day := p.Time().Format("2006-01-02")
	switch {
	case since.IsZero():
	case since.DayOnly() && day < since.String():
		return false
	case !since.DayOnly() && p.Time().Before(since.Time()):
		return false
	}
	switch {
	case until.IsZero():
	case until.DayOnly() && day > until.String():
		return false
	case !until.DayOnly() && p.Time().After(until.Time()):
		return false
	}
	return true
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", exportArgs)
	db := dbFlag(e, fs)
	format := fs.String("format", "jsonl", "output format: "+strings.Join(export.Formats, ", "))
	var f exportFilter
	fs.Var((*sitesFlag)(&f.sites), "site", "only posts of this host (repeatable)")
	fs.Var(&f.since, "since", "only posts published on or after this date")
	fs.Var(&f.until, "until", "only posts published on or before this date")
	fs.Var(&f.changedSince, "changed-since", "only versions created after this time (a date: on or after that day, UTC)")
	fs.BoolVar(&f.all, "all-versions", false, "every version, not only the latest")
	fs.BoolVar(&f.reread, "include-reextracted", false, "with --changed-since, count versions that only read the same page with a new extractor as changes too")
	fs.BoolVar(&f.gone, "gone", false, "only posts that are gone (404/410)")
	fs.BoolVar(&f.noGone, "no-gone", false, "only posts that are not gone")
	fields := fs.String("fields", "", "comma-separated keys (json, jsonl) or columns (csv, csv-comments) to write, in this order")
	out := fs.String("o", "", "write to FILE (atomically: a temporary file renamed when complete) instead of stdout")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if f.gone && f.noGone {
		return usagef("--gone and --no-gone exclude each other")
	}
	opts := &export.Options{Software: "annals/" + version, Filename: filepath.Base(*out)}
	if *out == "" || *out == "-" {
		*out, opts.Filename = "", ""
	}
	if *fields != "" {
		opts.Fields = strings.Split(*fields, ",")
		for i := range opts.Fields {
			opts.Fields[i] = strings.TrimSpace(opts.Fields[i])
		}
	}
	// Check the format and fields before touching the archive.
	if _, err := export.New(io.Discard, *format, opts); err != nil {
		return usagef("%s", strings.TrimPrefix(err.Error(), "export: "))
	}
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()

	n := 0
	err = writeAtomic(e.stdout, *out, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		enc, err := export.New(bw, *format, opts)
		if err != nil {
			return err
		}
		warc := *format == "warc"
		err = store.Scan(ctx, &archive.ScanOptions{All: f.all, Post: f.post},
			func(info *archive.PostInfo, v *annals.Version, raw *archive.RawPage) error {
				if !f.version(info, v) {
					return nil
				}
				it := &export.Item{Record: record(info, v), FetchURL: v.URL, ETag: v.ETag, LastModified: v.LastModified}
				if warc {
					it.Raw = raw.Bytes
				}
				n++
				return enc.Write(it)
			})
		if err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err == nil && *out != "" {
		fmt.Fprintf(e.stderr, "annals: export: %d post versions written to %s\n", n, *out)
	}
	return err
}

// writeAtomic runs write on stdout, or, when path is not empty, on a
// temporary file beside path that is synced and renamed to path only when
// write succeeds: an interrupted or failed export leaves no partial file
// under the name asked for, and an existing file there is kept until then.
func writeAtomic(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		if err := write(stdout); err != nil {
			return writeErr(err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return trimPathError(err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	defer tmp.Close()
	if err := write(tmp); err != nil {
		return writeErr(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return trimPathError(err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return trimPathError(err)
	}
	return nil
}

// writeErr gives an output error its context; archive and interruption
// errors pass through.
func writeErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("write: %v", pe.Err)
	}
	return err
}

// record is the export form of one version.
func record(info *archive.PostInfo, v *annals.Version) *annals.Record {
	r := &annals.Record{
		Key:              info.Key,
		Post:             v.Post,
		Version:          v.Number,
		FetchedAt:        v.FetchedAt.UTC(),
		Status:           v.Status,
		ContentHash:      v.ContentHash,
		CommentsComplete: v.CommentsComplete,
		Parts:            v.Parts,
		Extractor:        v.Extractor,
		Cause:            v.Cause,
		GoneAt:           info.GoneAt,
	}
	if r.Extractor == "" {
		r.Extractor = annals.UnknownExtractor
	}
	if r.GoneAt != nil {
		t := r.GoneAt.UTC()
		r.GoneAt = &t
	}
	if r.Comments == nil {
		r.Comments = []annals.Comment{}
	}
	return r
}
