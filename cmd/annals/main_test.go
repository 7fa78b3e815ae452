package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

// binary is the annals executable built once for the CLI tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "annals-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "annals")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build annals:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// annalsCmd runs the real binary with args and stdin, in dir.
func annalsCmd(tb testing.TB, dir, stdin string, args ...string) result {
	tb.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ANNALS_DB=")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		tb.Fatalf("run annals %v: %v", args, err)
	}
	r := result{code, out.String(), errb.String()}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		tb.Fatalf("annals %v panicked:\n%s", args, r.stderr)
	}
	return r
}

func TestCLI_Extract(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "pages", "blogger-seed.html")
	r := annalsCmd(t, ".", "", "extract", "--url", "https://example.blogspot.com/2024/12/russia-increases-ties.html", page)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var p annals.Post
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("stdout is not one Post: %v\n%s", err, r.stdout)
	}
	if p.Title == "" || p.Published.String() != "2024-12-04" || len(p.Authors) != 1 || p.Authors[0] != "Dr. Emil Avdaliani" {
		t.Errorf("got title %q, published %q, authors %q", p.Title, p.Published, p.Authors)
	}
	if !strings.Contains(r.stdout, `"comments": []`) {
		t.Errorf("comments is not [] in:\n%s", r.stdout)
	}

	t.Run("stdin", func(t *testing.T) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		r := annalsCmd(t, ".", string(b), "extract", "-")
		if r.code != 0 || !strings.Contains(r.stdout, "On November 19, Israel announced") {
			t.Errorf("exit %d, stdout %.200q", r.code, r.stdout)
		}
	})
	t.Run("gzip'd page", func(t *testing.T) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(b)
		zw.Close()
		gz := filepath.Join(t.TempDir(), "page.html.gz")
		if err := os.WriteFile(gz, z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		r := annalsCmd(t, ".", "", "extract", gz)
		if r.code != 0 || !strings.Contains(r.stdout, "On November 19, Israel announced") {
			t.Errorf("exit %d, stderr %q, stdout %.200q", r.code, r.stderr, r.stdout)
		}
	})
	t.Run("explain", func(t *testing.T) {
		r := annalsCmd(t, ".", "", "extract", "--explain", page)
		if r.code != 0 || !strings.Contains(r.stdout, "byline") || !strings.Contains(r.stdout, "lost") {
			t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
		}
	})
}

func TestCLI_Errors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, head := range map[string][]byte{
		"photo.png": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"),
		"paper.pdf": []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
		"site.zip":  []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"),
		"blob.bin":  {0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x10},
	} {
		if err := os.WriteFile(filepath.Join(dir, name), head, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, 2, "usage"},
		{"extract an image", []string{"extract", "photo.png"}, 1, "photo.png is image/png, not an HTML page"},
		{"extract a PDF", []string{"extract", "paper.pdf"}, 1, "application/pdf, not an HTML page"},
		{"extract an archive", []string{"extract", "site.zip"}, 1, "application/zip, not an HTML page"},
		{"extract binary data", []string{"extract", "blob.bin"}, 1, "binary data, not an HTML page"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"extract", "--bogus", "x.html"}, 2, "bogus"},
		{"extract without file", []string{"extract"}, 2, "FILE"},
		{"extract missing file", []string{"extract", "missing.html"}, 1, "no such file"},
		{"extract bad url", []string{"extract", "--url", "not a url", "x.html"}, 2, "not an absolute URL"},
		{"crawl without seeds", []string{"crawl"}, 2, "seed"},
		{"crawl bad seed", []string{"crawl", "ftp://example.com/"}, 2, "not an http"},
		{"crawl bad delay", []string{"crawl", "--delay", "-1s", "http://127.0.0.1:1/"}, 2, "delay"},
		{"crawl bad regexp", []string{"crawl", "--include", "(", "http://127.0.0.1:1/"}, 2, "regular expression"},
		{"list missing archive", []string{"list", "--db", filepath.Join(dir, "none.db")}, 1, "no archive"},
		{"list garbage archive", []string{"list", "--db", garbage}, 1, "not an annals archive"},
		{"show without url", []string{"show"}, 2, "URL"},
		{"export bad format", []string{"export", "--format", "xml"}, 2, "format"},
		{"export bad date", []string{"export", "--since", "yesterday"}, 2, "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := annalsCmd(t, dir, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("stderr %q does not mention %q", r.stderr, tt.msg)
			}
			if tt.code != 0 && tt.name != "no command" && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line:\n%s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty on error: %q", r.stdout)
			}
		})
	}
	// The garbage file is untouched.
	b, _ := os.ReadFile(garbage)
	if !bytes.HasPrefix(b, []byte("not a database")) {
		t.Errorf("garbage archive was modified")
	}
}

func TestCLI_LockedArchive(t *testing.T) {
	db := filepath.Join(t.TempDir(), "annals.db")
	s, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	r := annalsCmd(t, ".", "", "stats", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "locked") {
		t.Errorf("exit %d, stderr %q; want 1 and a locked-file error", r.code, r.stderr)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v to report a locked archive", d)
	}
}

// blogSite serves a copy of testdata/sites/blog and records every request
// path; the copy can be edited to change a post.
type blogSite struct {
	*httptest.Server
	dir  string
	mu   sync.Mutex
	reqs []string
	fail map[string]int // path -> status to answer instead
}

func newBlogSite(t *testing.T) *blogSite {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "sites", "blog")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &blogSite{dir: dir, fail: map[string]int{}}
	files := http.FileServer(http.Dir(dir))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.URL.RequestURI())
		code := s.fail[r.URL.Path]
		s.mu.Unlock()
		if code != 0 {
			http.Error(w, "broken", code)
			return
		}
		if r.URL.Path == "/feeds/posts/default" {
			w.Header().Set("Content-Type", "application/atom+xml")
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *blogSite) requested(prefix string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.reqs {
		if strings.HasPrefix(r, prefix) {
			return true
		}
	}
	return false
}

func exportJSONL(t *testing.T, dir, db string, extra ...string) []annals.Record {
	t.Helper()
	r := annalsCmd(t, dir, "", append([]string{"export", "--db", db, "--format", "jsonl"}, extra...)...)
	if r.code != 0 {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	var recs []annals.Record
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var rec annals.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("export line is not JSON: %v\n%s", err, sc.Text())
		}
		recs = append(recs, rec)
	}
	return recs
}

func TestCrawl_EndToEnd(t *testing.T) {
	site := newBlogSite(t)
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")
	crawl := func() result {
		return annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", site.URL+"/")
	}

	r := crawl()
	if r.code != 0 {
		t.Fatalf("first crawl: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "5 new, 0 changed, 0 unchanged, 0 errors") {
		t.Errorf("first crawl summary: %q", r.stderr)
	}
	if site.requested("/search") {
		t.Errorf("a URL disallowed by robots.txt was requested")
	}
	recs := exportJSONL(t, work, db)
	if len(recs) != 5 {
		t.Fatalf("export has %d records, want 5 posts", len(recs))
	}
	urls := map[string]bool{}
	for _, rec := range recs {
		if urls[rec.CanonicalURL] {
			t.Errorf("post %s exported twice", rec.CanonicalURL)
		}
		urls[rec.CanonicalURL] = true
		if rec.Version != 1 || rec.Title == "" || rec.Text == "" || !strings.HasPrefix(rec.ContentHash, "sha256:") || rec.Comments == nil {
			t.Errorf("incomplete record: %+v", rec)
		}
		if strings.Contains(rec.URL, "utm_") {
			t.Errorf("tracking parameters kept in %s", rec.URL)
		}
	}
	for _, path := range []string{"/2024/04/harbour-lights.html", "/2024/05/old-radio.html"} {
		if !urls[site.URL+path] {
			t.Errorf("%s (reachable only by sitemap or feed) not archived; have %v", path, urls)
		}
	}
	var walks annals.Record
	for _, rec := range recs {
		if strings.HasSuffix(rec.URL, "winter-walks.html") {
			walks = rec
		}
	}
	if len(walks.Comments) != 1 || walks.Comments[0].Author != "Tom Reed" {
		t.Errorf("winter-walks comments = %+v", walks.Comments)
	}

	r = crawl()
	if r.code != 0 || !strings.Contains(r.stderr, "0 new, 0 changed, 5 unchanged") {
		t.Errorf("second crawl: exit %d: %s", r.code, r.stderr)
	}
	if n := len(exportJSONL(t, work, db, "--all-versions")); n != 5 {
		t.Errorf("after an unchanged crawl there are %d versions, want 5", n)
	}

	// Change one post.
	post := filepath.Join(site.dir, "2024", "03", "garden-plans.html")
	b, err := os.ReadFile(post)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("<p>"), []byte("<p>Update: the seed order arrived late. "), 1)
	if err := os.WriteFile(post, b, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	os.Chtimes(post, later, later)
	r = crawl()
	if r.code != 0 || !strings.Contains(r.stderr, "0 new, 1 changed, 4 unchanged") {
		t.Errorf("crawl after an edit: exit %d: %s", r.code, r.stderr)
	}
	if n := len(exportJSONL(t, work, db, "--all-versions")); n != 6 {
		t.Errorf("after one edit there are %d versions, want 6", n)
	}
	h := annalsCmd(t, work, "", "history", "--db", db, site.URL+"/2024/03/garden-plans.html")
	if h.code != 0 || !strings.Contains(h.stdout, "body") || !strings.Contains(h.stdout, "first version") {
		t.Errorf("history: exit %d:\n%s%s", h.code, h.stdout, h.stderr)
	}
	s := annalsCmd(t, work, "", "show", site.URL+"/2024/03/garden-plans.html?utm_source=x", "--db", db, "--version", "1", "--json")
	var rec annals.Record
	if err := json.Unmarshal([]byte(s.stdout), &rec); err != nil || rec.Version != 1 || strings.Contains(rec.Text, "seed order arrived late") {
		t.Errorf("show --version 1: %v, %+v", err, rec)
	}
	l := annalsCmd(t, work, "", "list", "--db", db)
	if l.code != 0 || strings.Count(l.stdout, "\n") != 5 || !strings.Contains(l.stdout, "Spring Garden Plans") {
		t.Errorf("list: exit %d:\n%s", l.code, l.stdout)
	}
	j := annalsCmd(t, work, "", "export", "--db", db, "--format", "json", "-o", filepath.Join(work, "out.json"))
	var arr []annals.Record
	out, _ := os.ReadFile(filepath.Join(work, "out.json"))
	if j.code != 0 || json.Unmarshal(out, &arr) != nil || len(arr) != 5 {
		t.Errorf("export --format json -o: exit %d, %d records, stderr %s", j.code, len(arr), j.stderr)
	}
	st := annalsCmd(t, work, "", "stats", "--db", db, "--json")
	if !strings.Contains(st.stdout, `"versions": 6`) || !strings.Contains(st.stdout, `"posts": 5`) {
		t.Errorf("stats:\n%s", st.stdout)
	}
}

func TestCrawl_ExitCodes(t *testing.T) {
	site := newBlogSite(t)
	work := t.TempDir()
	db := filepath.Join(work, "annals.db")

	site.mu.Lock()
	site.fail["/2024/02/sourdough-notes.html"] = http.StatusInternalServerError
	site.mu.Unlock()
	r := annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", "--retries", "0", site.URL+"/")
	if r.code != 3 {
		t.Errorf("crawl with one broken page: exit %d, want 3; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "sourdough-notes.html") || !strings.Contains(r.stderr, "4 new") {
		t.Errorf("summary does not name the failed page or the archived ones:\n%s", r.stderr)
	}

	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	defer dead.Close()
	r = annalsCmd(t, work, "", "crawl", "--db", db, "--delay", "0", "--retries", "0", dead.URL+"/")
	if r.code != 1 {
		t.Errorf("crawl where every seed fails: exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
}

func TestCLI_Demo(t *testing.T) {
	work := t.TempDir()
	r := annalsCmd(t, work, "", "demo", "--posts", "5")
	if r.code != 0 || !strings.Contains(r.stderr, "5 new") {
		t.Fatalf("demo: exit %d:\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(work, "annals.db")); err != nil {
		t.Fatalf("demo did not write the default archive: %v", err)
	}
	recs := exportJSONL(t, work, filepath.Join(work, "annals.db"))
	if len(recs) != 5 {
		t.Fatalf("demo archived %d posts, want 5", len(recs))
	}
	for _, rec := range recs {
		if len(rec.Comments) != 3 || rec.Published.IsZero() || len(rec.Authors) == 0 {
			t.Errorf("demo post %s: %d comments, published %q, authors %v", rec.URL, len(rec.Comments), rec.Published, rec.Authors)
		}
	}
}
