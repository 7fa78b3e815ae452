package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

// TestHistoryAndDiff archives four versions of a post (an edit, new
// comments, a comment edited and one removed) and reads them back with the
// real binary.
func TestHistoryAndDiff(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	s, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	const key = "https://blog.example.org/2024/05/harbour.html"
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	base := annals.Post{
		URL: key, Title: "Harbour lights", Authors: []string{"Ann Lee"}, Published: annals.Day(2024, 5, 1),
		Text: "The harbour was quiet.\n\nBoats came in at dusk.\n\nWe walked home late.",
		Comments: []annals.Comment{
			{ID: "101", Author: "Tom", Text: "Lovely evening."},
			{ID: "102", Author: "Kim", Text: "Which harbour?"},
		},
	}
	extractor := "rules A"
	put := func(p annals.Post, h time.Duration) {
		t.Helper()
		if _, _, err := s.Put(key, &archive.Fetch{URL: key, FetchedAt: at.Add(h * time.Hour), Status: 200, Post: &p, Extractor: extractor}); err != nil {
			t.Fatal(err)
		}
	}
	put(base, 0)
	edited := base
	edited.Title = "Harbour lights at dusk"
	edited.Updated = annals.At(at.Add(2 * time.Hour))
	edited.Text = "The harbour was very quiet.\n\nBoats came in at dusk.\n\nWe walked home late.\n\nA postscript."
	put(edited, 3)
	commented := edited
	commented.Comments = append(append([]annals.Comment{}, edited.Comments...),
		annals.Comment{ID: "103", Author: "Lu", Text: "Beautiful."}, annals.Comment{ID: "104", Author: "Tom", Text: "Agreed."})
	put(commented, 6)
	moderated := commented
	moderated.Comments = []annals.Comment{
		{ID: "101", Author: "Tom", Text: "Lovely evening, thanks."},
		{ID: "103", Author: "Lu", Text: "Beautiful."},
		{ID: "104", Author: "Tom", Text: "Agreed."},
	}
	extractor = "rules B" // the last version read by another extractor
	put(moderated, 9)
	s.Close()

	h := annalsCmd(t, dir, "", "history", "--db", db, key)
	if h.code != 0 {
		t.Fatalf("history: exit %d: %s", h.code, h.stderr)
	}
	lines := strings.Split(strings.TrimSpace(h.stdout), "\n")
	if len(lines) != 6 {
		t.Fatalf("history has %d lines, want a header, 4 versions and the check line:\n%s", len(lines), h.stdout)
	}
	for i, want := range []string{
		"first version",
		"edited: title, updated, body",
		"new comments: 2",
		"comments: 1 removed, 1 edited",
	} {
		if !strings.Contains(lines[i+1], want) {
			t.Errorf("history line %d = %q, want %q", i+1, lines[i+1], want)
		}
	}
	if strings.Contains(lines[3], "edited: ") {
		t.Errorf("new comments reported as an edit of the post: %q", lines[3])
	}
	for i := 1; i <= 4; i++ {
		if got, want := strings.Contains(lines[i], "(read by rules B)"), i == 4; got != want {
			t.Errorf("history line %d = %q: says the new extractor: %v, want %v", i, lines[i], got, want)
		}
	}

	d := annalsCmd(t, dir, "", "diff", "--db", db, key, "1", "2")
	if d.code != 0 {
		t.Fatalf("diff 1 2: exit %d: %s", d.code, d.stderr)
	}
	for _, want := range []string{
		"--- version 1", "+++ version 2",
		`title:     "Harbour lights" -> "Harbour lights at dusk"`,
		"updated:   (none) -> 2024-05-01T11:00:00Z",
		"body: paragraphs 1 changed, 1 added",
		"~ The harbour was {+very +}quiet.",
		"  Boats came in at dusk.",
		"+ A postscript.",
	} {
		if !strings.Contains(d.stdout, want) {
			t.Errorf("diff 1 2 lacks %q:\n%s", want, d.stdout)
		}
	}
	if strings.Contains(d.stdout, "comments:") {
		t.Errorf("diff 1 2 reports comments:\n%s", d.stdout)
	}

	d = annalsCmd(t, dir, "", "diff", "--db", db, key) // the last two
	for _, want := range []string{
		"--- version 3", "+++ version 4",
		"comments: 4 -> 3 (1 edited, 1 removed)",
		"~ [101] Tom: Lovely evening{+, thanks+}.",
		"- [102] Kim: Which harbour?",
	} {
		if !strings.Contains(d.stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, d.stdout)
		}
	}
	if strings.Contains(d.stdout, "body:") || strings.Contains(d.stdout, "title:") {
		t.Errorf("diff 3 4 reports a post edit:\n%s", d.stdout)
	}

	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"diff", "--db", db, key, "1"}, 2, "two version numbers"},
		{[]string{"diff", "--db", db, key, "1", "x"}, 2, "not a positive number"},
		{[]string{"diff", "--db", db, key, "1", "9"}, 1, "no version 9"},
		{[]string{"diff", "--db", db, "https://blog.example.org/none"}, 1, "not in the archive"},
	} {
		r := annalsCmd(t, dir, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args[3:], r.code, r.stderr, tt.code, tt.msg)
		}
	}
}
