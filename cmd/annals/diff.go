package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/annals-dev/annals"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// postChange is what differs between two versions of a post.
type postChange struct {
	fields                 []string // "title", "authors", "published", ...: the post was edited
	added, removed, edited []commentPair
	commentCount           bool // the declared count changed
	bodyAdded, bodyRemoved int  // paragraphs
	bodyChanged            int
	oldPost, newPost       *annals.Post
	oldVersion, newVersion int
	oldFetched, newFetched time.Time
}

// commentPair is a comment in the old version, the new one, or both.
type commentPair struct{ old, new *annals.Comment }

// compare finds what changed from version a to version b.
func compare(a, b *annals.Version) *postChange {
	pa, pb := &a.Post, &b.Post
	c := &postChange{oldPost: pa, newPost: pb, oldVersion: a.Number, newVersion: b.Number,
		oldFetched: a.FetchedAt, newFetched: b.FetchedAt}
	if a.PostHash != b.PostHash {
		add := func(name string, differ bool) {
			if differ {
				c.fields = append(c.fields, name)
			}
		}
		add("title", pa.Title != pb.Title)
		add("authors", !slices.Equal(pa.Authors, pb.Authors))
		add("published", pa.Published != pb.Published)
		add("updated", pa.Updated != pb.Updated)
		add("language", pa.Language != pb.Language)
		add("tags", !slices.Equal(pa.Tags, pb.Tags))
		if normSpace(pa.Text) != normSpace(pb.Text) {
			c.fields = append(c.fields, "body")
			for _, h := range bodyHunks(pa.Text, pb.Text) {
				for _, l := range h {
					switch l.op {
					case '+':
						c.bodyAdded++
					case '-':
						c.bodyRemoved++
					case '~':
						c.bodyChanged++
					}
				}
			}
		}
	}
	if a.CommentsHash != b.CommentsHash || pa.CommentsHash() != pb.CommentsHash() {
		c.added, c.removed, c.edited = commentChanges(pa.Comments, pb.Comments)
		c.commentCount = !equalCount(pa.CommentCount, pb.CommentCount)
	}
	return c
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func equalCount(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// countVerb is a count of comments and what happened to them.
type countVerb struct {
	n    int
	verb string
}

// countParts writes the non-zero counts as "2 added", "1 edited".
func countParts(counts ...countVerb) []string {
	var out []string
	for _, c := range counts {
		if c.n > 0 {
			out = append(out, fmt.Sprintf("%d %s", c.n, c.verb))
		}
	}
	return out
}

// summary is history's one-line account: "edited: title, body; comments:
// 2 added, 1 edited".
func (c *postChange) summary() string {
	var parts []string
	if len(c.fields) > 0 {
		parts = append(parts, "edited: "+strings.Join(c.fields, ", "))
	}
	cs := countParts(countVerb{len(c.added), "added"}, countVerb{len(c.removed), "removed"}, countVerb{len(c.edited), "edited"})
	if len(cs) > 0 {
		word := "comments"
		if len(c.added) > 0 && len(c.removed) == 0 && len(c.edited) == 0 {
			word = "new comments"
			cs = []string{strconv.Itoa(len(c.added))}
		}
		parts = append(parts, word+": "+strings.Join(cs, ", "))
	} else if c.commentCount {
		parts = append(parts, "declared comment count")
	}
	if len(parts) == 0 {
		return "other fields"
	}
	return strings.Join(parts, "; ")
}

// commentKey identifies a comment across versions: its id, else its
// author, time and text.
func commentKey(c *annals.Comment) string {
	if c.ID != "" {
		return "id:" + c.ID
	}
	return c.Author + "\x00" + c.Published.String() + "\x00" + normSpace(c.Text)
}

// commentChanges pairs the comments of two versions, in the new version's
// order (then the removed ones in the old order).
func commentChanges(a, b []annals.Comment) (added, removed, edited []commentPair) {
	old := map[string]*annals.Comment{}
	for i := range a {
		old[commentKey(&a[i])] = &a[i]
	}
	seen := map[string]bool{}
	for i := range b {
		k := commentKey(&b[i])
		seen[k] = true
		o, ok := old[k]
		switch {
		case !ok:
			added = append(added, commentPair{nil, &b[i]})
		case normSpace(o.Text) != normSpace(b[i].Text) || o.Deleted != b[i].Deleted || o.Author != b[i].Author ||
			o.ParentID != b[i].ParentID || o.Type != b[i].Type:
			edited = append(edited, commentPair{o, &b[i]})
		}
	}
	for i := range a {
		if !seen[commentKey(&a[i])] {
			removed = append(removed, commentPair{&a[i], nil})
		}
	}
	return added, removed, edited
}

// bodyLine is one line of a body diff: ' ' context, '-' removed, '+'
// added, '~' changed (text holds the word diff), '…' skipped context.
type bodyLine struct {
	op   rune
	text string
}

// paragraphs splits text into its non-empty lines.
func paragraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// bodyHunks diffs two bodies paragraph by paragraph with diff-match-patch
// (a paragraph is one "line" of its line mode), pairs removed and added
// paragraphs that are edits of each other into word diffs, and keeps one
// paragraph of context around each change.
func bodyHunks(a, b string) [][]bodyLine {
	dmp := diffmatchpatch.New()
	pa, pb := paragraphs(a), paragraphs(b)
	ca, cb, lines := dmp.DiffLinesToChars(strings.Join(pa, "\n")+"\n", strings.Join(pb, "\n")+"\n")
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)

	var all []bodyLine
	split := func(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
	for i := 0; i < len(diffs); i++ {
		d := diffs[i]
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for _, l := range split(d.Text) {
				all = append(all, bodyLine{' ', l})
			}
		case diffmatchpatch.DiffDelete:
			del := split(d.Text)
			var ins []string
			if i+1 < len(diffs) && diffs[i+1].Type == diffmatchpatch.DiffInsert {
				ins = split(diffs[i+1].Text)
				i++
			}
			n := min(len(del), len(ins))
			for k := range n {
				if wd, ok := wordDiff(dmp, del[k], ins[k]); ok {
					all = append(all, bodyLine{'~', wd})
				} else {
					all = append(all, bodyLine{'-', del[k]}, bodyLine{'+', ins[k]})
				}
			}
			for _, l := range del[n:] {
				all = append(all, bodyLine{'-', l})
			}
			for _, l := range ins[n:] {
				all = append(all, bodyLine{'+', l})
			}
		case diffmatchpatch.DiffInsert:
			for _, l := range split(d.Text) {
				all = append(all, bodyLine{'+', l})
			}
		}
	}

	// Hunks: changes with one line of context around them.
	keep := make([]bool, len(all))
	for i, l := range all {
		if l.op != ' ' {
			for j := max(i-1, 0); j <= min(i+1, len(all)-1); j++ {
				keep[j] = true
			}
		}
	}
	var hunks [][]bodyLine
	var cur []bodyLine
	for i, l := range all {
		if keep[i] {
			cur = append(cur, l)
			continue
		}
		if cur != nil {
			hunks = append(hunks, cur)
			cur = nil
		}
	}
	if cur != nil {
		hunks = append(hunks, cur)
	}
	return hunks
}

// wordDiff marks the words of b that differ from a, as git --word-diff
// does: [-removed-]{+added+}. ok is false when the two share too little
// to be read as one paragraph edited.
func wordDiff(dmp *diffmatchpatch.DiffMatchPatch, a, b string) (string, bool) {
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(a, b, false))
	same := 0
	var sb strings.Builder
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			same += len(d.Text)
			sb.WriteString(d.Text)
		case diffmatchpatch.DiffDelete:
			sb.WriteString("[-" + d.Text + "-]")
		case diffmatchpatch.DiffInsert:
			sb.WriteString("{+" + d.Text + "+}")
		}
	}
	return sb.String(), same*2 >= max(len(a), len(b))
}

// shorten cuts a context line to n runes.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// writeDiff prints c readably.
func writeDiff(w io.Writer, key string, c *postChange) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n--- version %d, fetched %s\n+++ version %d, fetched %s\n", key,
		c.oldVersion, c.oldFetched.UTC().Format(time.RFC3339), c.newVersion, c.newFetched.UTC().Format(time.RFC3339))
	pa, pb := c.oldPost, c.newPost
	if len(c.fields) == 0 && len(c.added)+len(c.removed)+len(c.edited) == 0 && !c.commentCount {
		fmt.Fprintln(bw, "\nno change in the post or its comments")
		return bw.Flush()
	}
	meta := func(name, a, b string) {
		if a == b {
			return
		}
		show := func(s string) string {
			switch {
			case s == "":
				return "(none)"
			case name == "published" || name == "updated" || name == "language":
				return s
			}
			return strconv.Quote(s)
		}
		fmt.Fprintf(bw, "%-10s %s -> %s\n", name+":", show(a), show(b))
	}
	list := func(name string, a, b []string) {
		if slices.Equal(a, b) {
			return
		}
		var parts []string
		for _, x := range a {
			if !slices.Contains(b, x) {
				parts = append(parts, "-"+strconv.Quote(x))
			}
		}
		for _, x := range b {
			if !slices.Contains(a, x) {
				parts = append(parts, "+"+strconv.Quote(x))
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "reordered: "+strings.Join(b, ", "))
		}
		fmt.Fprintf(bw, "%-10s %s\n", name+":", strings.Join(parts, " "))
	}
	fmt.Fprintln(bw)
	meta("title", pa.Title, pb.Title)
	list("authors", pa.Authors, pb.Authors)
	meta("published", pa.Published.String(), pb.Published.String())
	meta("updated", pa.Updated.String(), pb.Updated.String())
	meta("language", pa.Language, pb.Language)
	list("tags", pa.Tags, pb.Tags)

	if slices.Contains(c.fields, "body") {
		var counts []string
		for _, x := range []struct {
			n    int
			what string
		}{{c.bodyChanged, "changed"}, {c.bodyAdded, "added"}, {c.bodyRemoved, "removed"}} {
			if x.n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", x.n, x.what))
			}
		}
		fmt.Fprintf(bw, "\nbody: paragraphs %s\n", strings.Join(counts, ", "))
		for i, h := range bodyHunks(pa.Text, pb.Text) {
			if i > 0 {
				fmt.Fprintln(bw, "  …")
			}
			for _, l := range h {
				text := l.text
				if l.op == ' ' {
					text = shorten(text, 100)
				}
				fmt.Fprintf(bw, "%c %s\n", l.op, text)
			}
		}
	}

	if n := len(c.added) + len(c.removed) + len(c.edited); n > 0 || c.commentCount {
		fmt.Fprintf(bw, "\ncomments: %d -> %d", len(pa.Comments), len(pb.Comments))
		parts := countParts(countVerb{len(c.added), "added"}, countVerb{len(c.edited), "edited"}, countVerb{len(c.removed), "removed"})
		if len(parts) > 0 {
			fmt.Fprintf(bw, " (%s)", strings.Join(parts, ", "))
		}
		if c.commentCount {
			fmt.Fprintf(bw, "; the page declares %s -> %s", countString(pa.CommentCount), countString(pb.CommentCount))
		}
		fmt.Fprintln(bw)
		head := func(cm *annals.Comment) string {
			s := cm.Author
			if s == "" {
				s = "(anonymous)"
			}
			if cm.ID != "" {
				s = "[" + cm.ID + "] " + s
			}
			if !cm.Published.IsZero() {
				s += ", " + cm.Published.String()
			}
			if cm.Deleted {
				s += " [deleted]"
			}
			return s
		}
		for _, p := range c.added {
			fmt.Fprintf(bw, "+ %s: %s\n", head(p.new), normSpace(p.new.Text))
		}
		dmp := diffmatchpatch.New()
		for _, p := range c.edited {
			wd, _ := wordDiff(dmp, normSpace(p.old.Text), normSpace(p.new.Text))
			fmt.Fprintf(bw, "~ %s: %s\n", head(p.new), wd)
		}
		for _, p := range c.removed {
			fmt.Fprintf(bw, "- %s: %s\n", head(p.old), normSpace(p.old.Text))
		}
	}
	return bw.Flush()
}

func countString(n *int) string {
	if n == nil {
		return "none"
	}
	return strconv.Itoa(*n)
}

func runDiff(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "diff", "URL [A B]")
	db := dbFlag(e, fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 && len(pos) != 3 {
		return usagef("want a URL, and optionally two version numbers")
	}
	var a, b int
	if len(pos) == 3 {
		for i, s := range pos[1:] {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return usagef("version %q is not a positive number", s)
			}
			if i == 0 {
				a = n
			} else {
				b = n
			}
		}
	}
	store, info, err := openPost(db(), pos[0])
	if err != nil {
		return err
	}
	defer store.Close()
	key := info.Key
	if a == 0 {
		if info.Versions < 2 {
			return fmt.Errorf("%s has only one version", key)
		}
		a, b = info.Versions-1, info.Versions
	}
	va, err := store.Version(key, a)
	if err != nil {
		return err
	}
	vb, err := store.Version(key, b)
	if err != nil {
		return err
	}
	return writeDiff(e.stdout, key, compare(va, vb))
}
