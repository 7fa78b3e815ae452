package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

// openRead opens the archive for a read command. A missing file is an error
// (reading must not create an empty archive).
func openRead(path string) (*archive.Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no archive at %s (crawl first, or pass --db)", path)
		}
		return nil, trimPathError(err)
	}
	return archive.Open(path, &archive.Options{ReadOnly: true})
}

// lookup finds the archived post for a URL given on the command line.
func lookup(store *archive.Store, raw string) (string, error) {
	for _, u := range []string{raw, postKey(raw, "")} {
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
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()
	bw := bufio.NewWriter(e.stdout)
	err = store.Each(ctx, func(info *archive.PostInfo) error {
		if *site != "" && !sameSite(info.Site, *site) {
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
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()
	key, err := lookup(store, pos[0])
	if err != nil {
		return err
	}
	info, err := store.Info(key)
	if err != nil {
		return err
	}
	var v *archive.Version
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

func writePost(w io.Writer, info *archive.PostInfo, v *archive.Version) error {
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
	fs := newFlags(e, "history", "URL")
	db := dbFlag(e, fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one URL")
	}
	store, err := openRead(db())
	if err != nil {
		return err
	}
	defer store.Close()
	key, err := lookup(store, pos[0])
	if err != nil {
		return err
	}
	info, err := store.Info(key)
	if err != nil {
		return err
	}
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
			what = strings.Join(changes(&vs[i-1].Post, &v.Post), ", ")
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", v.Number, v.FetchedAt.UTC().Format(time.RFC3339), v.Status, len(v.Post.Comments), what)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "last checked %s", info.LastChecked.UTC().Format(time.RFC3339))
	if info.GoneAt != nil {
		fmt.Fprintf(e.stdout, "; gone since %s", info.GoneAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// changes names what differs between two versions of a post.
func changes(a, b *annals.Post) []string {
	var out []string
	if a.Title != b.Title {
		out = append(out, "title")
	}
	if strings.Join(a.Authors, "\x00") != strings.Join(b.Authors, "\x00") {
		out = append(out, "authors")
	}
	if a.Published != b.Published || a.Updated != b.Updated {
		out = append(out, "dates")
	}
	if strings.Join(a.Tags, "\x00") != strings.Join(b.Tags, "\x00") {
		out = append(out, "tags")
	}
	if strings.Join(strings.Fields(a.Text), " ") != strings.Join(strings.Fields(b.Text), " ") {
		out = append(out, "body")
	}
	added, removed, edited := commentDiff(a.Comments, b.Comments)
	for _, c := range []struct {
		n    int
		verb string
	}{{added, "added"}, {removed, "removed"}, {edited, "edited"}} {
		if c.n > 0 {
			out = append(out, fmt.Sprintf("%d comments %s", c.n, c.verb))
		}
	}
	if len(out) == 0 {
		out = append(out, "other fields")
	}
	return out
}

func commentDiff(a, b []annals.Comment) (added, removed, edited int) {
	key := func(c annals.Comment) string {
		if c.ID != "" {
			return c.ID
		}
		return c.Author + "\x00" + c.Published.String()
	}
	old := map[string]annals.Comment{}
	for _, c := range a {
		old[key(c)] = c
	}
	seen := map[string]bool{}
	for _, c := range b {
		k := key(c)
		seen[k] = true
		o, ok := old[k]
		switch {
		case !ok:
			added++
		case o.Text != c.Text || o.Deleted != c.Deleted:
			edited++
		}
	}
	for k := range old {
		if !seen[k] {
			removed++
		}
	}
	return added, removed, edited
}

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats", "")
	db := dbFlag(e, fs)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
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
			"gone": st.Gone, "raw_bytes": st.RawBytes, "file_bytes": st.FileBytes, "schema": st.Schema,
		}, true)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "archive\t%s\n", store.Path())
	fmt.Fprintf(tw, "sites\t%d\n", st.Sites)
	fmt.Fprintf(tw, "posts\t%d\n", st.Posts)
	fmt.Fprintf(tw, "versions\t%d\n", st.Versions)
	fmt.Fprintf(tw, "comments\t%d\n", st.Comments)
	fmt.Fprintf(tw, "gone\t%d\n", st.Gone)
	fmt.Fprintf(tw, "raw pages\t%s (compressed)\n", humanBytes(st.RawBytes))
	fmt.Fprintf(tw, "file size\t%s\n", humanBytes(st.FileBytes))
	return tw.Flush()
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
