package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/internal/sitegen"
)

// TestUpdate crawls a blog, changes it (an edit, a new comment, new posts,
// a deleted post) and updates the archive with the real binary.
func TestUpdate(t *testing.T) {
	const posts = 30
	site := newCountingSite(t, sitegen.Options{Posts: posts}, 0)
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	update := func(args ...string) result {
		t.Helper()
		return annalsCmd(t, dir, "", append([]string{"update", "--db", db, "--delay", "0"}, args...)...)
	}
	if r := update(); r.code != 1 || !strings.Contains(r.stderr, "no archive") {
		t.Errorf("update of a missing archive: exit %d: %s", r.code, r.stderr)
	}
	if r := annalsCmd(t, dir, "", "crawl", "--db", db, "--delay", "0", site.URL+"/"); r.code != 0 {
		t.Fatalf("crawl: exit %d: %s", r.code, r.stderr)
	}
	before, _ := site.postRequests(posts)

	// Nothing changed: one conditional request per post, every one a 304.
	r := update()
	if r.code != 0 || !strings.Contains(r.stderr, "30 posts checked: 30 unchanged, 0 changed, 0 gone; 0 new posts; 0 errors") {
		t.Fatalf("update of an unchanged site: exit %d: %s", r.code, r.stderr)
	}
	total, most := site.postRequests(posts)
	if total-before != posts || most != 2 {
		t.Errorf("unchanged update made %d post requests (at most %d for one post), want %d (one each)", total-before, most, posts)
	}

	site.Edit(3)
	site.AddComment(5)
	site.Publish(2)
	site.Remove(7)
	r = update()
	if r.code != 0 || !strings.Contains(r.stderr, "30 posts checked: 27 unchanged, 2 changed, 1 gone; 2 new posts; 0 errors") {
		t.Fatalf("update after changes: exit %d: %s", r.code, r.stderr)
	}
	post := func(i int) string { return site.URL + site.PostPath(i) }
	if h := annalsCmd(t, dir, "", "history", "--db", db, post(3)); !strings.Contains(h.stdout, "edited: ") || !strings.Contains(h.stdout, "body") {
		t.Errorf("history of the edited post:\n%s", h.stdout)
	}
	if h := annalsCmd(t, dir, "", "history", "--db", db, post(5)); !strings.Contains(h.stdout, "new comments: 1") || strings.Contains(h.stdout, "edited: ") {
		t.Errorf("history of the commented post:\n%s", h.stdout)
	}
	l := annalsCmd(t, dir, "", "list", "--db", db)
	if strings.Count(l.stdout, "\n") != posts+2 || strings.Count(l.stdout, "[gone]") != 1 {
		t.Errorf("list after the update:\n%s", l.stdout)
	}
	if recs := exportJSONL(t, dir, db, "--gone"); len(recs) != 1 || !strings.HasSuffix(recs[0].Key, site.PostPath(7)) || recs[0].GoneAt == nil {
		t.Errorf("export --gone: %+v", recs)
	}

	// Checked a moment ago: --older-than skips every post, but the site's
	// change list still brings in a new one.
	site.Publish(1)
	r = update("--older-than", "1h")
	if r.code != 0 || !strings.Contains(r.stderr, "0 posts checked") || !strings.Contains(r.stderr, "1 new posts") {
		t.Errorf("update --older-than 1h: exit %d: %s", r.code, r.stderr)
	}

	// The deleted post comes back.
	site.Restore(7)
	r = update("--quiet")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("update --quiet: exit %d, stderr %q", r.code, r.stderr)
	}
	if l := annalsCmd(t, dir, "", "list", "--db", db); strings.Contains(l.stdout, "[gone]") {
		t.Errorf("a post that came back is still gone:\n%s", l.stdout)
	}
	st := annalsCmd(t, dir, "", "stats", "--db", db, "--json")
	if !strings.Contains(st.stdout, `"posts": 33`) || !strings.Contains(st.stdout, `"versions": 35`) {
		t.Errorf("stats after the updates:\n%s", st.stdout)
	}

	// --site limits the update to a site's posts.
	r = update("--site", "other.example")
	if r.code != 1 || !strings.Contains(r.stderr, "no posts of other.example") {
		t.Errorf("update --site other.example: exit %d: %s", r.code, r.stderr)
	}
}

// TestUpdate_Errors checks the exit code of an update in which some posts
// cannot be fetched.
func TestUpdate_Errors(t *testing.T) {
	site := newBlogSite(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	if r := annalsCmd(t, dir, "", "crawl", "--db", db, "--delay", "0", site.URL+"/"); r.code != 0 {
		t.Fatalf("crawl: exit %d: %s", r.code, r.stderr)
	}
	site.mu.Lock()
	site.fail["/2024/02/sourdough-notes.html"] = http.StatusInternalServerError
	site.fail["/"] = http.StatusNotFound // the home page is not a post: not an error
	site.mu.Unlock()
	r := annalsCmd(t, dir, "", "update", "--db", db, "--delay", "0", "--retries", "0", "--quiet")
	if r.code != 3 || !strings.Contains(r.stderr, "sourdough-notes.html") || !strings.Contains(r.stderr, "1 errors") {
		t.Errorf("update with a broken page: exit %d:\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "annals: update: ") {
		t.Errorf("the summary is not the last line:\n%s", r.stderr)
	}
}

// TestCrawl_NewExtractor crawls a blog, then crawls it again with a build
// whose extractor reads one thing differently (ANNALS_TEST_EXTRACT_RULE)
// from a server that answers every request in full: each post's new
// reading is a version caused by the extractor, the one post edited on the
// site meanwhile a version caused by the site, and a third crawl adds
// nothing.
func TestCrawl_NewExtractor(t *testing.T) {
	const posts = 6
	site := sitegen.New(sitegen.Options{Posts: posts})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No 304s: every page is read again.
		r.Header.Del("If-None-Match")
		r.Header.Del("If-Modified-Since")
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	crawl := func() result {
		t.Helper()
		r := annalsCmd(t, dir, "", "crawl", "--db", db, "--delay", "0", srv.URL+"/")
		if r.code != 0 {
			t.Fatalf("crawl: exit %d: %s", r.code, r.stderr)
		}
		return r
	}
	crawl()
	// A whole second between the crawls, for --changed-since.
	mid := time.Now().Truncate(time.Second).Add(time.Second)
	time.Sleep(time.Until(mid) + 50*time.Millisecond)
	site.Edit(2)
	t.Setenv("ANNALS_TEST_EXTRACT_RULE", "title-upper")
	if r := crawl(); !strings.Contains(r.stderr, "1 changed, 0 unchanged, 5 re-read by a new extractor") {
		t.Errorf("second crawl's summary: %s", r.stderr)
	}
	recs := exportJSONL(t, dir, db, "--all-versions")
	if len(recs) != 2*posts {
		t.Fatalf("%d versions, want %d", len(recs), 2*posts)
	}
	for _, rec := range recs {
		edited := strings.HasSuffix(rec.URL, site.PostPath(2))
		switch {
		case rec.Version == 1 && (rec.Cause != "" || strings.Contains(rec.Extractor, "title-upper")):
			t.Errorf("%s v1: cause %q, extractor %q", rec.URL, rec.Cause, rec.Extractor)
		case rec.Version == 2 && !strings.Contains(rec.Extractor, "+test-title-upper"):
			t.Errorf("%s v2: extractor %q", rec.URL, rec.Extractor)
		case rec.Version == 2 && edited && rec.Cause != annals.CauseSite:
			t.Errorf("the edited post's v2: cause %q, want %q", rec.Cause, annals.CauseSite)
		case rec.Version == 2 && !edited && rec.Cause != annals.CauseExtractor:
			t.Errorf("%s v2: cause %q, want %q", rec.URL, rec.Cause, annals.CauseExtractor)
		}
	}
	if h := annalsCmd(t, dir, "", "history", "--db", db, srv.URL+site.PostPath(4)); !strings.Contains(h.stdout, "edited: title (not the site: the same page read by rules ") {
		t.Errorf("history of a re-read post:\n%s", h.stdout)
	}
	if r := crawl(); !strings.Contains(r.stderr, "0 changed, 6 unchanged, 0 errors") {
		t.Errorf("third crawl's summary: %s", r.stderr)
	}

	// --changed-since means the site's changes; --include-reextracted
	// adds the new readings.
	since := mid.UTC().Format(time.RFC3339)
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"--changed-since", since}, 1},
		{[]string{"--changed-since", since, "--all-versions"}, 1},
		{[]string{"--changed-since", since, "--include-reextracted"}, posts},
		{[]string{"--changed-since", since, "--all-versions", "--include-reextracted"}, posts},
	} {
		recs := exportJSONL(t, dir, db, tt.args...)
		if len(recs) != tt.want {
			t.Errorf("export %v: %d records, want %d", tt.args, len(recs), tt.want)
		}
		if tt.want == 1 && len(recs) == 1 && !strings.HasSuffix(recs[0].URL, site.PostPath(2)) {
			t.Errorf("export %v: %s, want the edited post", tt.args, recs[0].URL)
		}
	}
}

// TestReextract archives a blog, then reads every stored page again with a
// build whose extractor reads titles differently: --dry-run counts and
// writes nothing, the run adds a version (cause "extractor") to each post
// and leaves when the posts were last checked alone, and a second run adds
// nothing.
func TestReextract(t *testing.T) {
	const posts = 5
	site := newCountingSite(t, sitegen.Options{Posts: posts}, 0)
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	if r := annalsCmd(t, dir, "", "crawl", "--db", db, "--delay", "0", site.URL+"/"); r.code != 0 {
		t.Fatalf("crawl: exit %d: %s", r.code, r.stderr)
	}
	lastChecked := func() string {
		h := strings.TrimSpace(annalsCmd(t, dir, "", "history", "--db", db, site.URL+site.PostPath(0)).stdout)
		return h[strings.LastIndex(h, "\n")+1:]
	}
	// Checked again a second later (304s): reextract must not move that
	// back to when the stored pages were fetched.
	time.Sleep(1100 * time.Millisecond)
	if r := annalsCmd(t, dir, "", "update", "--db", db, "--delay", "0"); r.code != 0 {
		t.Fatalf("update: exit %d: %s", r.code, r.stderr)
	}
	checked := lastChecked()
	reextract := func(args ...string) string {
		t.Helper()
		r := annalsCmd(t, dir, "", append([]string{"reextract", "--db", db}, args...)...)
		if r.code != 0 {
			t.Fatalf("reextract %v: exit %d: %s", args, r.code, r.stderr)
		}
		return r.stderr
	}
	if got := reextract(); !strings.Contains(got, "5 posts: 0 changed by the new extractor, 5 unchanged") {
		t.Errorf("reextract by the build that crawled: %s", got)
	}
	missing := filepath.Join(dir, "none.db")
	if r := annalsCmd(t, dir, "", "reextract", "--db", missing); r.code != 1 || !strings.Contains(r.stderr, "no archive") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("reextract of a missing archive: exit %d: %q", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("reextract made an archive at %s", missing)
	}

	t.Setenv("ANNALS_TEST_EXTRACT_RULE", "title-upper")
	want := "5 posts: 5 changed by the new extractor, 0 unchanged; fields changed: title 5"
	if got := reextract("--dry-run"); !strings.Contains(got, want) || !strings.Contains(got, "dry run") {
		t.Errorf("reextract --dry-run: %s", got)
	}
	if recs := exportJSONL(t, dir, db, "--all-versions"); len(recs) != posts {
		t.Fatalf("after a dry run: %d versions, want %d", len(recs), posts)
	}
	if got := reextract(); !strings.Contains(got, want) {
		t.Errorf("reextract: %s", got)
	}
	recs := exportJSONL(t, dir, db, "--all-versions")
	if len(recs) != 2*posts {
		t.Fatalf("after reextract: %d versions, want %d", len(recs), 2*posts)
	}
	for _, rec := range recs {
		if rec.Version == 2 && (rec.Cause != annals.CauseExtractor || rec.Title != strings.ToUpper(rec.Title) || !strings.Contains(rec.Extractor, "title-upper")) {
			t.Errorf("%s v2: cause %q, title %q, extractor %q", rec.URL, rec.Cause, rec.Title, rec.Extractor)
		}
	}
	if got := lastChecked(); got != checked || !strings.HasPrefix(got, "last checked ") {
		t.Errorf("after reextract %q, before %q", got, checked)
	}
	if got := reextract(); !strings.Contains(got, "5 posts: 0 changed by the new extractor, 5 unchanged") {
		t.Errorf("second reextract: %s", got)
	}
}
