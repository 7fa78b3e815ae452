package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/ingest"
)

// openPost opens the archive for reading and finds the post a URL given on
// the command line names. The caller closes the Store.
func openPost(path, raw string) (*archive.Store, *archive.PostInfo, error) {
	store, err := openRead(path)
	if err != nil {
		return nil, nil, err
	}
	key, err := lookup(store, raw)
	if err == nil {
		var info *archive.PostInfo
		if info, err = store.Info(key); err == nil {
			return store, info, nil
		}
	}
	store.Close()
	return nil, nil, err
}

// lookup finds the archived post for a URL given on the command line.
func lookup(store *archive.Store, raw string) (string, error) {
	for _, u := range []string{raw, ingest.Key(raw, "")} {
		key, ok, err := store.Resolve(u)
		if err != nil {
			return "", err
		}
		if ok {
			return key, nil
		}
	}
	return "", fmt.Errorf("%s is not in the archive", raw)
}

func runList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "list", "[--site HOST]")
	db := dbFlag(e, fs)
	site := fs.String("site", "", "only posts of this host")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()
	bw := bufio.NewWriter(e.stdout)
	err = store.Each(ctx, func(info *archive.PostInfo) error {
		if *site != "" && !annals.SameSite(info.Site, *site) {
			return nil
		}
		pub := info.Published.String()
		if len(pub) > 10 {
			pub = pub[:10]
		}
		if pub == "" {
			pub = "----------"
		}
		gone := ""
		if info.GoneAt != nil {
			gone = " [gone]"
		}
		_, err := fmt.Fprintf(bw, "%s\tv%d\t%3d comments\t%s%s\t%s\n", pub, info.Versions, info.Comments, oneLine(info.Title, 80), gone, info.Key)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

func runShow(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "show", "URL [--version N] [--json]")
	db := dbFlag(e, fs)
	n := fs.Int("version", 0, "version number (default the latest)")
	asJSON := fs.Bool("json", false, "print the export record as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one URL")
	}
	if *n < 0 {
		return usagef("--version must be positive")
	}
	store, info, err := openPost(db(), pos[0])
	if err != nil {
		return err
	}
	defer store.Close()
	key := info.Key
	var v *annals.Version
	if *n == 0 {
		v, err = store.Latest(key)
	} else {
		v, err = store.Version(key, *n)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, record(info, v), true)
	}
	return writePost(e.stdout, info, v)
}

func writePost(w io.Writer, info *archive.PostInfo, v *annals.Version) error {
	p := &v.Post
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%s\n\n", p.Title, strings.Repeat("=", min(len([]rune(p.Title)), 78)))
	tw := tabwriter.NewWriter(bw, 0, 4, 1, ' ', 0)
	fmt.Fprintf(tw, "URL\t%s\n", info.Key)
	if len(p.Authors) > 0 {
		fmt.Fprintf(tw, "Authors\t%s\n", strings.Join(p.Authors, ", "))
	}
	if !p.Published.IsZero() {
		fmt.Fprintf(tw, "Published\t%s\n", p.Published)
	}
	if !p.Updated.IsZero() {
		fmt.Fprintf(tw, "Updated\t%s\n", p.Updated)
	}
	if len(p.Tags) > 0 {
		fmt.Fprintf(tw, "Tags\t%s\n", strings.Join(p.Tags, ", "))
	}
	fmt.Fprintf(tw, "Version\t%d of %d, fetched %s (HTTP %d)\n", v.Number, info.Versions, v.FetchedAt.UTC().Format(time.RFC3339), v.Status)
	if v.Via != "" {
		fmt.Fprintf(tw, "Found by\t%s\n", v.Via)
	}
	if info.GoneAt != nil {
		fmt.Fprintf(tw, "Gone\tsince %s\n", info.GoneAt.UTC().Format(time.RFC3339))
	}
	tw.Flush()
	fmt.Fprintf(bw, "\n%s\n", p.Text)
	if len(p.Comments) > 0 || p.CommentCount != nil {
		fmt.Fprintf(bw, "\n--- %d comments", len(p.Comments))
		if p.CommentCount != nil && *p.CommentCount != len(p.Comments) {
			fmt.Fprintf(bw, " (page declares %d)", *p.CommentCount)
		}
		if v.CommentsVia != "" {
			fmt.Fprintf(bw, ", completed from the %s", v.CommentsVia)
		}
		if !v.CommentsComplete {
			fmt.Fprint(bw, ", incomplete")
			if v.CommentsDeclared != nil {
				fmt.Fprintf(bw, " (%d declared)", *v.CommentsDeclared)
			}
		}
		fmt.Fprintln(bw, " ---")
		depth := map[string]int{}
		for _, c := range p.Comments {
			d := 0
			if c.ParentID != "" {
				d = depth[c.ParentID] + 1
			}
			depth[c.ID] = d
			ind := strings.Repeat("    ", d)
			head := c.Author
			if head == "" {
				head = "(anonymous)"
			}
			if !c.Published.IsZero() {
				head += ", " + c.Published.String()
			}
			if c.Type != "" {
				head += " [" + c.Type + "]"
			}
			if c.Deleted {
				head += " [deleted]"
			}
			fmt.Fprintf(bw, "\n%s%s:\n", ind, head)
			for _, line := range strings.Split(c.Text, "\n") {
				fmt.Fprintf(bw, "%s  %s\n", ind, line)
			}
		}
	}
	return bw.Flush()
}

func runHistory(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "history", "URL [--fetches]")
	db := dbFlag(e, fs)
	fetches := fs.Bool("fetches", false, "also every fetch and check of the page: status, the page it brought, the version it made")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one URL")
	}
	store, info, err := openPost(db(), pos[0])
	if err != nil {
		return err
	}
	defer store.Close()
	key := info.Key
	vs, err := store.Versions(key)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "VERSION\tFETCHED\tSTATUS\tCOMMENTS\tCHANGED\n")
	for i := range vs {
		v := &vs[i]
		what := "first version"
		if i > 0 {
			what = compare(&vs[i-1], v).summary()
			switch {
			case v.Cause == annals.CauseExtractor:
				// The same page, read anew: the site did not change it.
				what += " (not the site: the same page read by " + v.Extractor + ")"
			case v.Extractor != "" && v.Extractor != vs[i-1].Extractor:
				what += " (read by " + v.Extractor + ")"
			}
		}
		comments := strconv.Itoa(len(v.Post.Comments))
		if !v.CommentsComplete {
			comments += "+"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", v.Number, v.FetchedAt.UTC().Format(time.RFC3339), v.Status, comments, what)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "last checked %s (HTTP %d)", info.LastChecked.UTC().Format(time.RFC3339), info.LastStatus)
	if info.GoneAt != nil {
		fmt.Fprintf(e.stdout, "; gone since %s", info.GoneAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintln(e.stdout)
	if *fetches {
		return printFetches(e, store, key)
	}
	return nil
}

// printFetches prints a post's fetch log: every fetch and check, the page
// each brought (by the start of its SHA-256: the same page, the same
// hash) and the version each made.
func printFetches(e *env, store *archive.Store, key string) error {
	recs, err := store.Fetches(key)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "FETCHED\tSTATUS\tPAGE\tBYTES\tVERSION\tVIA\n")
	for _, r := range recs {
		page, size, made := "-", "-", "-"
		if r.Blob != "" {
			page, size = "sha256:"+r.Blob[:12], strconv.Itoa(r.Size)
		}
		if r.Version != 0 {
			made = strconv.Itoa(r.Version)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", r.At.UTC().Format(time.RFC3339), r.Status, page, size, made, r.Via)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d fetches\n", len(recs))
	return nil
}

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats", "")
	db := dbFlag(e, fs)
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := store.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{
			"sites": st.Sites, "posts": st.Posts, "versions": st.Versions, "comments": st.Comments,
			"gone": st.Gone, "raw_bytes": st.RawBytes, "raw_pages": st.Blobs, "fetches": st.Fetches,
			"fetched_bytes": st.FetchedBytes, "file_bytes": st.FileBytes, "schema": st.Schema,
		}, true)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "archive\t%s\n", store.Path())
	fmt.Fprintf(tw, "sites\t%d\n", st.Sites)
	fmt.Fprintf(tw, "posts\t%d\n", st.Posts)
	fmt.Fprintf(tw, "versions\t%d\n", st.Versions)
	fmt.Fprintf(tw, "comments\t%d\n", st.Comments)
	fmt.Fprintf(tw, "gone\t%d\n", st.Gone)
	fmt.Fprintf(tw, "fetches\t%d (%s of pages)\n", st.Fetches, humanBytes(st.FetchedBytes))
	fmt.Fprintf(tw, "raw pages\t%d distinct, %s stored%s\n", st.Blobs, humanBytes(st.RawBytes), ratio(st.RawBytes, st.FetchedBytes))
	fmt.Fprintf(tw, "file size\t%s\n", humanBytes(st.FileBytes))
	return tw.Flush()
}

// ratio is " (N% of what was fetched)", or "" when nothing was.
func ratio(stored, fetched int64) string {
	if fetched <= 0 {
		return ""
	}
	return fmt.Sprintf(" (%.1f%% of what was fetched)", 100*float64(stored)/float64(fetched))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
