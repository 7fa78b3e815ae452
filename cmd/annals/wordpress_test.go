package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
)

// The WordPress integration test crawls a real WordPress (Debian's
// package, MariaDB, PHP-FPM and nginx on loopback) that
// scripts/wordpress/run starts, and checks every field of every post
// against what WordPress itself holds. .ci/run starts the site and sets
// ANNALS_WORDPRESS to its directory; by hand:
//
//	sudo scripts/wordpress/run start /tmp/wp
//	ANNALS_WORDPRESS=/tmp/wp go test ./cmd/annals -run WordPress -v
//	sudo scripts/wordpress/run stop /tmp/wp

// wpTruth is what scripts/wordpress/run dump prints.
type wpTruth struct {
	Posts []struct {
		ID         int         `json:"id"`
		Link       string      `json:"link"`
		RawTitle   string      `json:"raw_title"`
		Date       string      `json:"date"`
		LocalDate  string      `json:"local_date"`
		Author     string      `json:"author"`
		AuthorBio  string      `json:"author_bio"`
		Protected  bool        `json:"protected"`
		Parts      int         `json:"parts"`
		Text       string      `json:"text"`
		Tags       []string    `json:"tags"`
		Categories []string    `json:"categories"`
		Comments   []wpComment `json:"comments"`
	} `json:"posts"`
	Hidden []struct {
		ID     int    `json:"id"`
		Slug   string `json:"slug"`
		Title  string `json:"title"`
		Status string `json:"status"`
	} `json:"hidden"`
}

type wpComment struct {
	ID        string `json:"id"`
	Parent    string `json:"parent"`
	Author    string `json:"author"`
	Date      string `json:"date"`
	LocalDate string `json:"local_date"`
	Text      string `json:"text"`
	Type      string `json:"type"`
}

type wpSite struct {
	Theme string `json:"theme"`
	URL   string `json:"url"`
}

// wordpress returns the running test site's directory and themes, or
// skips when none was started.
func wordpress(t *testing.T) (dir string, sites []wpSite, accessLog string) {
	t.Helper()
	dir = os.Getenv("ANNALS_WORDPRESS")
	if dir == "" {
		t.Skip("no WordPress: start one with scripts/wordpress/run start DIR and set ANNALS_WORDPRESS=DIR (.ci/run does)")
	}
	b, err := os.ReadFile(filepath.Join(dir, "site.json"))
	if err != nil {
		t.Fatalf("ANNALS_WORDPRESS=%s holds no running site: %v", dir, err)
	}
	var site struct {
		Sites     []wpSite `json:"sites"`
		AccessLog string   `json:"access_log"`
	}
	if err := json.Unmarshal(b, &site); err != nil {
		t.Fatalf("%s/site.json: %v", dir, err)
	}
	if len(site.Sites) < 3 {
		t.Fatalf("%s/site.json lists %d themes, want at least 3", dir, len(site.Sites))
	}
	return dir, site.Sites, site.AccessLog
}

// wpScript runs scripts/wordpress/run CMD DIR and returns its output.
func wpScript(t *testing.T, cmd, dir string) []byte {
	t.Helper()
	c := exec.Command(filepath.Join("..", "..", "scripts", "wordpress", "run"), cmd, dir)
	out, err := c.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("scripts/wordpress/run %s: %v\n%s", cmd, err, msg)
	}
	return out
}

func wpDump(t *testing.T, dir string) wpTruth {
	t.Helper()
	var tr wpTruth
	if err := json.Unmarshal(wpScript(t, "dump", dir), &tr); err != nil {
		t.Fatalf("dump: %v", err)
	}
	if len(tr.Posts) < 5 || len(tr.Hidden) < 3 {
		t.Fatalf("dump holds %d posts and %d hidden ones: the site was not filled", len(tr.Posts), len(tr.Hidden))
	}
	return tr
}

// pathOf is the path of a URL: the dump's links name the site by the
// command line's host, the crawl by each theme's port.
func pathOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("bad URL %q: %v", raw, err)
	}
	return u.Path
}

// words compares texts the way a reader does: the same words in the same
// order, whatever the white space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// sameDate reports whether d is the instant WordPress holds (as UTC in
// gmt), or, when the page gave only a day, the site's local day.
func sameDate(d annals.Date, gmt, local string) bool {
	if d.IsZero() {
		return false
	}
	if d.DayOnly() {
		return strings.HasPrefix(local, d.String())
	}
	want, err := time.Parse(time.RFC3339, gmt)
	return err == nil && d.Time().Equal(want)
}

// actionRE matches the requests annals must never make: log-in, comment
// posting, reply and share links, trackback and XML-RPC endpoints, admin.
var actionRE = regexp.MustCompile(`wp-login\.php|wp-comments-post\.php|replytocom=|[?&]share=|/trackback/|xmlrpc\.php|/wp-admin/|[?&]like_comment=`)

// accessLines returns the requests nginx logged for port since the log
// held offset bytes.
func accessLines(t *testing.T, log, port string, offset int64) []string {
	t.Helper()
	f, err := os.Open(log)
	if err != nil {
		t.Fatalf("access log: %v", err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, 0); err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "PORT STATUS METHOD URI"
		f := strings.Fields(sc.Text())
		if len(f) == 4 && f[0] == port {
			out = append(out, f[1]+" "+f[3])
		}
	}
	return out
}

func logSize(t *testing.T, log string) int64 {
	t.Helper()
	fi, err := os.Stat(log)
	if err != nil {
		t.Fatalf("access log: %v", err)
	}
	return fi.Size()
}

// checkPosts compares the archive's latest versions with WordPress.
func checkPosts(t *testing.T, tr wpTruth, recs []annals.Record) {
	t.Helper()
	byPath := map[string][]annals.Record{}
	for _, r := range recs {
		p := pathOf(t, r.URL)
		byPath[p] = append(byPath[p], r)
	}
	want := map[string]bool{}
	for _, p := range tr.Posts {
		path := pathOf(t, p.Link)
		want[path] = true
		rs := byPath[path]
		if len(rs) != 1 {
			t.Errorf("%s: archived %d times, want once", path, len(rs))
			continue
		}
		r := rs[0]
		if r.Title != p.RawTitle {
			t.Errorf("%s: title %q, want %q", path, r.Title, p.RawTitle)
		}
		if !slices.Equal(r.Authors, []string{p.Author}) {
			t.Errorf("%s: authors %q, want [%q]", path, r.Authors, p.Author)
		}
		if !sameDate(r.Published, p.Date, p.LocalDate) {
			t.Errorf("%s: published %q, want %s (local %s)", path, r.Published.String(), p.Date, p.LocalDate)
		}
		if got := words(r.Text); p.Protected {
			if strings.Contains(got, "reading group only") {
				t.Errorf("%s: a password-protected post's body leaked: %q", path, got)
			}
		} else if got != words(p.Text) {
			t.Errorf("%s: text (%d parts)\n got: %q\nwant: %q", path, p.Parts, got, words(p.Text))
		}
		for _, tag := range p.Tags {
			if !slices.Contains(r.Tags, tag) {
				t.Errorf("%s: tags %q lack %q", path, r.Tags, tag)
			}
		}
		comments := p.Comments
		if p.Protected {
			comments = nil // WordPress shows a protected post's comments to no one without the password
		}
		checkComments(t, path, comments, r)
	}
	for path, rs := range byPath {
		if !want[path] {
			t.Errorf("%s: archived (%q, kind %s) but WordPress has no such public post", path, rs[0].Title, rs[0].Kind)
		}
	}
	for _, h := range tr.Hidden {
		for _, r := range recs {
			if strings.Contains(r.URL, h.Slug) || strings.Contains(r.Title, h.Title) {
				t.Errorf("%s post %q archived as %s", h.Status, h.Title, r.URL)
			}
		}
	}
}

// checkComments compares one post's comments with WordPress's approved
// ones: each once, with its author, date, text, parent and type; held and
// spam comments never.
func checkComments(t *testing.T, path string, want []wpComment, r annals.Record) {
	t.Helper()
	got := map[string]annals.Comment{}
	for _, c := range r.Comments {
		id := strings.TrimLeft(c.ID, "abcdefghijklmnopqrstuvwxyz-_")
		if _, dup := got[id]; dup {
			t.Errorf("%s: comment %s archived twice", path, c.ID)
		}
		got[id] = c
	}
	for _, w := range want {
		c, ok := got[w.ID]
		if !ok {
			t.Errorf("%s: comment %s by %s (%s) missing", path, w.ID, w.Author, w.Type)
			continue
		}
		delete(got, w.ID)
		where := fmt.Sprintf("%s: comment %s by %s", path, w.ID, w.Author)
		if c.Author != w.Author {
			t.Errorf("%s: author %q", where, c.Author)
		}
		if words(c.Text) != words(w.Text) {
			t.Errorf("%s: text %q, want %q", where, c.Text, w.Text)
		}
		if strings.TrimLeft(c.ParentID, "abcdefghijklmnopqrstuvwxyz-_") != w.Parent {
			t.Errorf("%s: parent %q, want %q", where, c.ParentID, w.Parent)
		}
		wantType := w.Type
		if wantType == "comment" {
			wantType = ""
		}
		if c.Type != wantType && !(wantType == "trackback" && c.Type == "pingback") {
			// Older themes list every ping as "Pingback:" (twentyten's
			// comments.php), and no feed says which kind a ping was.
			t.Errorf("%s: type %q, want %q", where, c.Type, wantType)
		}
		if !sameDate(c.Published, w.Date, w.LocalDate) {
			t.Errorf("%s: published %q, want %s (local %s)", where, c.Published.String(), w.Date, w.LocalDate)
		}
	}
	for id, c := range got {
		t.Errorf("%s: comment %s by %q (%q) is not one of the post's approved comments", path, id, c.Author, c.Text)
	}
	if !r.CommentsComplete {
		t.Errorf("%s: comments_complete false with %d of %d comments", path, len(r.Comments), len(want))
	}
}

// checkRequests looks at what the crawl asked nginx for: never an action
// endpoint or a hidden post, and no more than the posts need.
func checkRequests(t *testing.T, tr wpTruth, lines []string) {
	t.Helper()
	for _, l := range lines {
		if actionRE.MatchString(l) {
			t.Errorf("requested an action endpoint: %s", l)
		}
		for _, h := range tr.Hidden {
			if strings.Contains(l, h.Slug) || strings.Contains(l, fmt.Sprintf("p=%d", h.ID)) {
				t.Errorf("requested %s post %q: %s", h.Status, h.Title, l)
			}
		}
		if strings.HasPrefix(l, "4") || strings.HasPrefix(l, "5") {
			t.Errorf("request failed: %s", l)
		}
	}
	// One page per post and per further part, a page for each further
	// page of comments a post has, the comment feed of a post with pings
	// (older themes list them without date or text), and robots.txt, the
	// seed, the site's post listing and its time zone.
	need := 4
	for _, p := range tr.Posts {
		need += p.Parts
		if n := len(p.Comments); n > 3 {
			need += (n - 1) / 3 // comments_per_page is 3
		}
		if slices.ContainsFunc(p.Comments, func(c wpComment) bool { return c.Type != "comment" }) {
			need++
		}
	}
	if len(lines) > need {
		t.Errorf("%d requests for %d posts, where %d would do:\n%s", len(lines), len(tr.Posts), need, strings.Join(lines, "\n"))
	}
	t.Logf("%d requests for %d posts (%d would do)", len(lines), len(tr.Posts), need)
}

func TestWordPress(t *testing.T) {
	dir, sites, accessLog := wordpress(t)
	tr := wpDump(t, dir)
	work := t.TempDir()
	db := func(s wpSite) string { return filepath.Join(work, s.Theme+".db") }
	port := func(s wpSite) string {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		return u.Port()
	}

	t.Run("crawl", func(t *testing.T) {
		for _, s := range sites {
			t.Run(s.Theme, func(t *testing.T) {
				t.Parallel()
				start := logSize(t, accessLog)
				r := annalsCmd(t, work, "", "crawl", "--db", db(s), "--allow-private", "--delay", "0", s.URL)
				if r.code != 0 {
					t.Fatalf("crawl exit %d:\n%s", r.code, r.stderr)
				}
				if !strings.Contains(r.stderr, " 0 errors") {
					t.Errorf("crawl summary counts errors:\n%s", r.stderr)
				}
				t.Log(strings.TrimSpace(r.stderr))
				checkPosts(t, tr, exportJSONL(t, work, db(s)))
				checkRequests(t, tr, accessLines(t, accessLog, port(s), start))
			})
		}
	})
	if t.Failed() {
		return
	}

	// Edit through WordPress, then update: exactly the edited posts get a
	// new version, whatever else changed in their pages (the Recent
	// Comments widget on every page of the classic themes).
	wpScript(t, "edit", dir)
	edited := map[string]string{
		"on-foxing":                     "body",
		"reading-marginalia":            "title",
		"travel-diaries-of-the-tokaido": "new reply",
		"a-binders-ticket":              "edited comment",
	}
	after := wpDump(t, dir)
	t.Run("update", func(t *testing.T) {
		for _, s := range sites {
			t.Run(s.Theme, func(t *testing.T) {
				t.Parallel()
				start := logSize(t, accessLog)
				r := annalsCmd(t, work, "", "update", "--db", db(s), "--allow-private", "--delay", "0")
				if r.code != 0 {
					t.Fatalf("update exit %d:\n%s", r.code, r.stderr)
				}
				t.Log(strings.TrimSpace(r.stderr))
				checkPosts(t, after, exportJSONL(t, work, db(s)))
				versions := map[string]int{}
				for _, rec := range exportJSONL(t, work, db(s), "--all-versions") {
					versions[strings.Trim(pathOf(t, rec.URL), "/")]++
					if rec.Version == 2 && rec.Cause != annals.CauseSite {
						t.Errorf("%s v2: cause %q, want %q: the site was edited", rec.URL, rec.Cause, annals.CauseSite)
					}
				}
				for path, n := range versions {
					slug := path[strings.LastIndex(path, "/")+1:]
					if what, ok := edited[slug]; ok && n != 2 {
						t.Errorf("%s (%s edited): %d versions, want 2", path, what, n)
					} else if !ok && n != 1 {
						t.Errorf("%s (not edited): %d versions, want 1", path, n)
					}
				}
				for _, l := range accessLines(t, accessLog, port(s), start) {
					if actionRE.MatchString(l) || strings.HasPrefix(l, "4") || strings.HasPrefix(l, "5") {
						t.Errorf("update requested %s", l)
					}
				}
			})
		}
	})
}
