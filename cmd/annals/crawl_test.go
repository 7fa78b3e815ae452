package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/internal/sitegen"
)

// genSite serves a sitegen blog, slowing post pages down by slow and
// counting post-page answers by status.
type genSite struct {
	*httptest.Server
	site *sitegen.Site
	slow time.Duration

	mu       sync.Mutex
	posts200 int // post pages answered 200
	postReqs int // post page requests, any answer
}

func newGenSite(t *testing.T, opts sitegen.Options, slow time.Duration) *genSite {
	t.Helper()
	g := &genSite{site: sitegen.New(opts), slow: slow}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		isPost := strings.Contains(r.URL.Path, "/post-")
		if isPost {
			time.Sleep(g.slow)
		}
		rec := &statusWriter{ResponseWriter: w}
		g.site.ServeHTTP(rec, r)
		if isPost {
			g.mu.Lock()
			g.postReqs++
			if rec.status == http.StatusOK {
				g.posts200++
			}
			g.mu.Unlock()
		}
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *genSite) counts() (requests, ok int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.postReqs, g.posts200
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// startCrawl starts the binary on a crawl and returns it with its stderr.
func startCrawl(t *testing.T, dir string, args ...string) (*exec.Cmd, *crawlStderr) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"crawl"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ANNALS_DB=")
	var stderr crawlStderr
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

type crawlStderr struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *crawlStderr) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *crawlStderr) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls cond every 10 ms for up to a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// archiveStats opens the archive (proving it intact) and returns its
// post and version counts.
func archiveStats(t testing.TB, db string) (posts, versions int) {
	t.Helper()
	st := storeStats(t, db)
	return st.Posts, st.Versions
}

// storeStats opens the archive at db read-only for its Stats.
func storeStats(t testing.TB, db string) *archive.Stats {
	t.Helper()
	s, err := archive.Open(db, &archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("archive after the crawl: %v", err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestCrawl_KillResume(t *testing.T) {
	const n = 300
	g := newGenSite(t, sitegen.Options{Posts: n}, 10*time.Millisecond)
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")
	args := []string{"--db", db, "--delay", "0", "--parallel", "2", g.URL + "/"}

	cmd, _ := startCrawl(t, work, args...)
	waitFor(t, "a third of the posts", func() bool { _, ok := g.counts(); return ok >= n/3 })
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	posts1, versions1 := archiveStats(t, db)
	if posts1 == 0 || posts1 >= n || versions1 != posts1 {
		t.Fatalf("after kill -9: %d posts, %d versions", posts1, versions1)
	}
	reqs1, ok1 := g.counts()

	r := annalsCmd(t, work, "", append([]string{"crawl"}, args...)...)
	if r.code != 0 || !strings.Contains(r.stderr, "continued the crawl started") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("second run: exit %d:\n%s", r.code, r.stderr)
	}
	posts, versions := archiveStats(t, db)
	if posts != n || versions != n {
		t.Errorf("after resuming: %d posts in %d versions, want %d in %d: nothing lost, nothing twice", posts, versions, n, n)
	}
	reqs, ok := g.counts()
	t.Logf("killed after %d posts archived (%d post requests); resumed with %d post requests, %d whole pages in all",
		posts1, reqs1, reqs-reqs1, ok)
	// Pages fetched whole (200) again: only those in flight at the kill.
	if ok > n+4 {
		t.Errorf("%d post pages sent whole for %d posts (%d before the kill)", ok, n, ok1)
	}
	// Continued, not started over: the second run asked for the posts
	// missing, plus those done since the last write of the frontier
	// (they answer 304).
	if again := reqs - reqs1; again > n-posts1+60 {
		t.Errorf("the second run requested %d post pages; %d were missing", again, n-posts1)
	}
	if !strings.Contains(r.stderr, "found by blogger-feed") {
		t.Errorf("summary: %s", r.stderr)
	}

	// The crawl is over: the next one starts from the seeds again, and
	// finds nothing new.
	r = annalsCmd(t, work, "", append([]string{"crawl"}, args...)...)
	if r.code != 0 || strings.Contains(r.stderr, "continued") || !strings.Contains(r.stderr, "0 new, 0 changed, 300 unchanged") {
		t.Errorf("third run: exit %d: %s", r.code, r.stderr)
	}
}

func TestCrawl_Interrupt(t *testing.T) {
	const n = 200
	g := newGenSite(t, sitegen.Options{Posts: n}, 10*time.Millisecond)
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")
	args := []string{"--db", db, "--delay", "0", "--parallel", "2", g.URL + "/"}

	cmd, stderr := startCrawl(t, work, args...)
	waitFor(t, "some posts", func() bool { _, ok := g.counts(); return ok >= 40 })
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("Ctrl-C: %v, want exit 1", err)
	}
	msg := stderr.String()
	if !strings.Contains(msg, "interrupted after") || !strings.Contains(msg, "URLs left") ||
		!strings.Contains(msg, "run the same command again to continue") || strings.Count(strings.TrimSpace(msg), "\n") != 0 {
		t.Errorf("Ctrl-C message: %q", msg)
	}
	posts1, _ := archiveStats(t, db)
	_, ok1 := g.counts()

	r := annalsCmd(t, work, "", append([]string{"crawl"}, args...)...)
	if r.code != 0 {
		t.Fatalf("second run: exit %d: %s", r.code, r.stderr)
	}
	if posts, versions := archiveStats(t, db); posts != n || versions != n {
		t.Errorf("%d posts in %d versions, want %d", posts, versions, n)
	}
	// A clean stop writes the frontier: nothing fetched whole twice but
	// the pages cut off in flight by Ctrl-C.
	if _, ok := g.counts(); ok < n || ok > n+2 {
		t.Errorf("%d post pages sent whole (%d before Ctrl-C, %d posts archived then), want %d and the two in flight at most", ok, ok1, posts1, n)
	}
}

func TestCrawl_Comments(t *testing.T) {
	// Pages show 5 of 40 comments with Blogger's "Load more": the rest
	// come from each post's comment feed, merged into one thread.
	g := newGenSite(t, sitegen.Options{Posts: 4, CommentsPerPost: 40, CommentsShown: 5}, 0)
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")
	r := annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", g.URL+"/")
	if r.code != 0 || !strings.Contains(r.stderr, "comments completed for 4 posts") {
		t.Fatalf("crawl: exit %d: %s", r.code, r.stderr)
	}
	recs := exportJSONL(t, work, db)
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	for _, rec := range recs {
		if len(rec.Comments) != 40 || !rec.CommentsComplete || rec.CommentCount == nil || *rec.CommentCount != 40 {
			t.Errorf("%s: %d comments, complete=%v", rec.URL, len(rec.Comments), rec.CommentsComplete)
			continue
		}
		ids := map[string]bool{}
		for i, c := range rec.Comments {
			if ids[c.ID] || c.Text == "" || c.Published.IsZero() {
				t.Errorf("%s: comment %d %+v repeated or incomplete", rec.URL, i, c)
			}
			if c.ParentID != "" && !ids[c.ParentID] {
				t.Errorf("%s: reply %s listed before its parent", rec.URL, c.ID)
			}
			ids[c.ID] = true
		}
	}
	show := annalsCmd(t, work, "", "show", "--db", db, recs[0].URL)
	if show.code != 0 || !strings.Contains(show.stdout, "Found by  blogger-feed") ||
		!strings.Contains(show.stdout, "--- 40 comments, completed from the blogger-feed ---") {
		t.Errorf("show does not say how the post and its comments were found:\n%.1000s", show.stdout)
	}
	s, err := archive.Open(db, &archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Latest(recs[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	if v.Via != "blogger-feed" || v.CommentsVia != "blogger-feed" || v.CommentsCaptured != 40 ||
		v.CommentsDeclared == nil || *v.CommentsDeclared != 40 || !v.CommentsComplete {
		t.Errorf("version: via=%q comments via=%q captured=%d declared=%v complete=%v",
			v.Via, v.CommentsVia, v.CommentsCaptured, v.CommentsDeclared, v.CommentsComplete)
	}
}

func TestCrawl_Output(t *testing.T) {
	g := newGenSite(t, sitegen.Options{Posts: 30}, 0)
	work := t.TempDir()

	t.Run("Pipe", func(t *testing.T) {
		r := annalsCmd(t, work, "", "crawl", "--db", filepath.Join(work, "pipe.db"), "--delay", "0", g.URL+"/")
		if r.code != 0 || strings.Count(r.stderr, "\n") != 1 || strings.Contains(r.stderr, "\r") || r.stdout != "" {
			t.Errorf("piped crawl: exit %d, stdout %q, stderr %q; want the summary line only", r.code, r.stdout, r.stderr)
		}
		// The requests it took, per archived post and by what they fetched.
		if !regexp.MustCompile(`\d+ requests, 1\.\d\d per archived post \((page|blogger-feed) \d+, `).MatchString(r.stderr) {
			t.Errorf("the summary does not give the requests per archived post by kind: %q", r.stderr)
		}
	})
	t.Run("Verbose", func(t *testing.T) {
		r := annalsCmd(t, work, "", "crawl", "--db", filepath.Join(work, "verbose.db"), "--delay", "0", "--verbose", g.URL+"/")
		if r.code != 0 || r.stdout != "" {
			t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
		}
		for _, want := range []string{"msg=request url=" + g.URL + "/robots.txt kind=robots status=200", "kind=blogger-feed status=200", "kind=page status=200", "msg=archived", "msg=queued url=" + g.URL + "/20", "via=blogger-feed depth=1"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("verbose log lacks %q", want)
			}
		}
		if n := strings.Count(r.stderr, "msg=request "); n < 31 {
			t.Errorf("%d requests logged for 30 posts", n)
		}
	})
	t.Run("Terminal", func(t *testing.T) {
		script, err := exec.LookPath("script")
		if err != nil {
			t.Skip("no script(1) to give the crawl a terminal")
		}
		slow := newGenSite(t, sitegen.Options{Posts: 40}, 25*time.Millisecond)
		line := binary + " crawl --db " + filepath.Join(work, "tty.db") + " --delay 0 --parallel 1 " + slow.URL + "/"
		out, err := exec.Command(script, "-qec", line, "/dev/null").CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		s := string(out)
		if !strings.Contains(s, "\r\033[K") || !strings.Contains(s, "queued") || !strings.Contains(s, "pages/s") || !strings.Contains(s, "posts: ") {
			t.Errorf("no live progress line on a terminal:\n%q", s)
		}
	})
}

// TestCrawl_NotHTMLSeed: a seed that is not an HTML page (a PDF, an image
// served as text/html) ends the crawl with exit 3 and a line saying what it
// was; the archive holds nothing from it.
func TestCrawl_NotHTMLSeed(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/paper.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
		case "/photo":
			w.Header().Set("Content-Type", "text/html") // a misconfigured server
			w.Write(png)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	work := t.TempDir()
	for _, tt := range []struct{ path, want string }{
		{"/paper.pdf", "application/pdf, not an HTML page"},
		{"/photo", "image/png, not an HTML page"},
	} {
		db := filepath.Join(work, strings.Trim(tt.path, "/")+".db")
		r := annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", srv.URL+tt.path)
		if r.code != 3 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("crawl %s: exit %d, want 3 and %q in stderr:\n%s", tt.path, r.code, tt.want, r.stderr)
		}
		if posts, _ := archiveStats(t, db); posts != 0 {
			t.Errorf("crawl %s archived %d posts", tt.path, posts)
		}
	}
}

// TestCrawl_ListedPostsKept: a page the site's feed lists as a post is
// archived whatever its markup makes the extractor read; pages fetched
// and not archived are counted in the summary by reason.
func TestCrawl_ListedPostsKept(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host // not srv.URL: the handler runs before srv is assigned, for the race detector
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><title>Allotment diary</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><h1>Allotment diary</h1><ul>`)
			for i := range 12 {
				fmt.Fprintf(w, `<li><h2><a href="/tag/t%d">Tag %d</a></h2></li>`, i, i)
			}
			fmt.Fprint(w, `</ul></body></html>`)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Allotment diary</title><link>%[1]s/</link><item><title>Seed list</title><link>%[1]s/seed-list</link><pubDate>Tue, 03 Dec 2024 08:00:00 GMT</pubDate></item></channel></rss>`, base)
		case "/seed-list":
			// A post that is only a list of links: read as a listing.
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><title>Seed list</title></head><body><h1>Seed list</h1><ul>`)
			for i := range 12 {
				fmt.Fprintf(w, `<li><h3><a href="/shop/s%d">Seed %d</a></h3></li>`, i, i)
			}
			fmt.Fprint(w, `</ul></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")
	r := annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", "--depth", "1", srv.URL+"/")
	if posts, _ := archiveStats(t, db); posts != 1 {
		t.Errorf("%d posts archived, want the listed one: %s", posts, r.stderr)
	}
	if !strings.Contains(r.stderr, "not archived: ") {
		t.Errorf("the summary does not count pages not archived: %s", r.stderr)
	}
}

func TestCrawl_MaxPagesContinues(t *testing.T) {
	g := newGenSite(t, sitegen.Options{Posts: 30}, 0)
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")
	crawl := func(extra ...string) result {
		return annalsCmd(t, work, "", append([]string{"crawl", "--db", db, "--delay", "0", "--parallel", "1"}, append(extra, g.URL+"/")...)...)
	}
	r := crawl("--max-pages", "12")
	if r.code != 0 || !strings.Contains(r.stderr, "stopped at --max-pages") || !strings.Contains(r.stderr, "run the same command again to continue") {
		t.Fatalf("first run: exit %d: %s", r.code, r.stderr)
	}
	p1, _ := archiveStats(t, db)
	r = crawl("--max-pages", "12")
	p2, _ := archiveStats(t, db)
	if r.code != 0 || p2 <= p1 || !strings.Contains(r.stderr, "continued the crawl") {
		t.Fatalf("second run: exit %d, %d then %d posts: %s", r.code, p1, p2, r.stderr)
	}
	r = crawl()
	if posts, versions := archiveStats(t, db); r.code != 0 || posts != 30 || versions != 30 {
		t.Fatalf("last run: exit %d, %d posts in %d versions: %s", r.code, posts, versions, r.stderr)
	}
}

// TestCrawl_ActionsOnHost: a Blogger blog served with Blogger's action
// endpoints on its own host (share-post.g redirecting to another host,
// delete-comment.g, the comment form's frame) is crawled without a request
// to any of them, without errors, at about one request per post.
func TestCrawl_ActionsOnHost(t *testing.T) {
	const n = 40
	g := newGenSite(t, sitegen.Options{Posts: n, ActionsOnHost: true}, 0)
	work := t.TempDir()
	r := annalsCmd(t, work, "", "crawl", "--db", filepath.Join(work, "a.db"), "--delay", "0", g.URL+"/")
	if r.code != 0 || !strings.Contains(r.stderr, " 0 errors") || !strings.Contains(r.stderr, fmt.Sprintf("%d new", n)) {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if a := g.site.ActionRequests(); a != 0 {
		t.Errorf("%d requests to action endpoints", a)
	}
	if req := g.site.Requests(); float64(req) > 1.1*n {
		t.Errorf("%d requests for %d posts: %s", req, n, r.stderr)
	}
}

// TestCrawl_MultiPagePost: an article split over three pages that only
// rel=next and rel=prev link (and a site that also links its parts from
// the home page) is archived once, whole, with parts 3; its later pages
// are never archived as posts of their own.
func TestCrawl_MultiPagePost(t *testing.T) {
	parts := []string{
		"The first part tells how the survey began, with a grant and a borrowed boat in a wet spring.",
		"The second part follows the crew along the coast, counting nests on every headland they could reach.",
		"The third part gives the counts, and what they say about the colony since the last survey.",
	}
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		base := "http://" + r.Host + "/2024/05/survey/"
		page := func(n int) {
			head := ""
			if n > 1 {
				prev := base
				if n > 2 {
					prev = fmt.Sprintf("%s%d/", base, n-1)
				}
				head += `<link rel="prev" href="` + prev + `">`
			}
			if n < len(parts) {
				head += fmt.Sprintf(`<link rel="next" href="%s%d/">`, base, n+1)
			}
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>The survey</title>%s<meta property="og:type" content="article"><meta property="article:published_time" content="2024-05-02T10:00:00Z"></head><body><article><h1>The survey</h1><p class="byline">By Ann Writer</p><p>%s</p><p>Page %d of %d.</p></article></body></html>`, head, parts[n-1], n, len(parts))
		}
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>News</title></head><body><ul><li><a href="%s">The survey</a></li><li><a href="%s2/">The survey, page 2</a></li></ul></body></html>`, base, base)
		case "/2024/05/survey/":
			page(1)
		case "/2024/05/survey/2/":
			page(2)
		case "/2024/05/survey/3/":
			page(3)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	work := t.TempDir()
	db := filepath.Join(work, "a.db")
	r := annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", "--allow-private", srv.URL+"/")
	if r.code != 0 || !strings.Contains(r.stderr, " 0 errors") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	recs := exportJSONL(t, work, db)
	if len(recs) != 1 {
		for _, rec := range recs {
			t.Logf("archived %s", rec.URL)
		}
		t.Fatalf("%d posts archived, want the one article", len(recs))
	}
	rec := recs[0]
	if rec.Parts != 3 || !strings.HasSuffix(rec.URL, "/2024/05/survey/") {
		t.Errorf("archived %s with parts %d, want the first page with parts 3", rec.URL, rec.Parts)
	}
	for _, p := range parts {
		if !strings.Contains(rec.Text, p) {
			t.Errorf("text lacks %q:\n%s", p, rec.Text)
		}
	}
	if i, j := strings.Index(rec.Text, parts[1]), strings.Index(rec.Text, parts[2]); i < 0 || j < i {
		t.Errorf("parts out of order:\n%s", rec.Text)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range []string{"/2024/05/survey/", "/2024/05/survey/3/"} {
		if hits[p] != 1 {
			t.Errorf("%s requested %d times, want once", p, hits[p])
		}
	}
	// Part 2 is also linked from the home page: when that link was queued
	// before the article was read, it is fetched as a page (and not
	// archived) as well as for the article.
	if n := hits["/2024/05/survey/2/"]; n < 1 || n > 2 {
		t.Errorf("part 2 requested %d times", n)
	}
	if !strings.Contains(r.stderr, "part of a post") && hits["/2024/05/survey/2/"] == 2 {
		t.Errorf("part 2 fetched as a page but not counted as part of a post: %s", r.stderr)
	}
}
