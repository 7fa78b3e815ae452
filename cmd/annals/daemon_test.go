package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/annals-dev/annals/internal/sitegen"
)

func TestSchedule_CLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"add", "a", "https://example.org/"}, 2, "--every DUR or --cron EXPR"},
		{[]string{"add", "a", "--every", "1h", "--cron", "@daily", "https://example.org/"}, 2, "either"},
		{[]string{"add", "a", "--cron", "61 * * * *", "https://example.org/"}, 2, "cron"},
		{[]string{"add", "a", "--every", "10s", "https://example.org/"}, 2, "at least 1m"},
		{[]string{"add", "a", "--every", "1x", "https://example.org/"}, 2, "bad duration"},
		{[]string{"add", "a", "--every", "1h"}, 2, "seed"},
		{[]string{"add", "a", "--every", "1h", "--delay", "-1s", "https://example.org/"}, 2, "delay"},
		{[]string{"add", "a", "--every", "1h", "--update", "https://example.org/"}, 2, "no URL"},
		{[]string{"add", "a", "--every", "1h", "--older-than", "1h", "https://example.org/"}, 2, "older-than"},
		{[]string{"frob"}, 2, "unknown subcommand"},
		{[]string{"rm", "none"}, 1, "no archive"},
		{[]string{"list"}, 1, "no archive"},
	} {
		r := annalsCmd(t, dir, "", append([]string{"schedule", "--db", db}, tt.args...)...)
		if tt.args[0] == "add" || tt.args[0] == "rm" {
			r = annalsCmd(t, dir, "", append(append([]string{"schedule", tt.args[0]}, tt.args[1:]...), "--db", db)...)
		}
		if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("schedule %v: exit %d, stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.msg)
		}
	}

	if r := annalsCmd(t, dir, "", "daemon", "--once", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "no archive") {
		t.Errorf("daemon on a missing archive: exit %d: %s", r.code, r.stderr)
	}

	add := func(args ...string) {
		t.Helper()
		r := annalsCmd(t, dir, "", append([]string{"schedule", "add"}, append(args, "--db", db)...)...)
		if r.code != 0 {
			t.Fatalf("schedule add %v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	add("blog", "--every", "6h", "--delay", "2s", "--exclude", "/tag/", "--exclude", "/p/", "https://blog.example.org/")
	add("nightly", "--cron", "CRON_TZ=UTC 30 3 * * *", "--update", "--older-than", "1d")
	if r := annalsCmd(t, dir, "", "schedule", "add", "blog", "--every", "1h", "https://x.example/", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("adding a name twice: exit %d, %q", r.code, r.stderr)
	}
	l := annalsCmd(t, dir, "", "schedule", "list", "--db", db)
	if l.code != 0 {
		t.Fatalf("list: exit %d: %s", l.code, l.stderr)
	}
	lines := strings.Split(strings.TrimSpace(l.stdout), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "every 6h") || !strings.Contains(lines[1], "due now") ||
		!strings.Contains(lines[1], "crawl --delay 2s --exclude /tag/ --exclude /p/ https://blog.example.org/") ||
		!strings.Contains(lines[2], "cron CRON_TZ=UTC 30 3 * * *") || !strings.Contains(lines[2], "update --older-than 1d") ||
		!strings.Contains(lines[2], "never") {
		t.Errorf("schedule list:\n%s", l.stdout)
	}
	if r := annalsCmd(t, dir, "", "schedule", "rm", "blog", "--db", db); r.code != 0 {
		t.Errorf("rm: exit %d: %s", r.code, r.stderr)
	}
	if r := annalsCmd(t, dir, "", "schedule", "rm", "blog", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "no schedule") {
		t.Errorf("rm twice: exit %d: %s", r.code, r.stderr)
	}
}

// countingSite serves a slow sitegen blog and counts the requests of each
// path.
type countingSite struct {
	*sitegen.Site
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int
}

func newCountingSite(t *testing.T, opts sitegen.Options, delay time.Duration) *countingSite {
	t.Helper()
	s := &countingSite{Site: sitegen.New(opts), counts: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[r.URL.Path]++
		s.mu.Unlock()
		time.Sleep(delay)
		s.Site.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Server.Close)
	return s
}

// postRequests returns the requests of post pages, and the most of any
// one post.
func (s *countingSite) postRequests(posts int) (total, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range posts {
		n := s.counts[s.PostPath(i)]
		total += n
		most = max(most, n)
	}
	return total, most
}

func archiveCounts(t *testing.T, dir, db string) (posts, versions int) {
	t.Helper()
	r := annalsCmd(t, dir, "", "stats", "--db", db, "--json")
	if r.code != 0 {
		t.Fatalf("stats: exit %d: %s", r.code, r.stderr)
	}
	var st struct{ Posts, Versions int }
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	return st.Posts, st.Versions
}

// TestDaemon_SIGTERM runs the daemon as a real process, stops it with
// SIGTERM in the middle of a scheduled crawl, and restarts it: the crawl
// continues where it stopped, and every post is archived once.
func TestDaemon_SIGTERM(t *testing.T) {
	const posts = 40
	site := newCountingSite(t, sitegen.Options{Posts: posts}, 60*time.Millisecond)
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	if r := annalsCmd(t, dir, "", "schedule", "add", "blog", "--every", "1h", "--delay", "0", "--parallel", "1", site.URL+"/", "--db", db); r.code != 0 {
		t.Fatalf("schedule add: exit %d: %s", r.code, r.stderr)
	}

	d := startAnnals(t, dir, "daemon", "--db", db, "--jitter", "0")
	deadline := time.Now().Add(time.Minute)
	for {
		if n, _ := archiveCounts(t, dir, db); n >= 5 {
			break
		}
		if time.Now().After(deadline) || !d.running() {
			t.Fatalf("the daemon archived nothing in a minute:\n%s", d.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := d.wait(); code != 0 {
		t.Fatalf("daemon after SIGTERM: exit %d:\n%s", code, d.stderr)
	}
	log := d.stderr.String()
	if !strings.Contains(log, "run interrupted") || !strings.Contains(log, "daemon stopped") {
		t.Errorf("daemon log after SIGTERM:\n%s", log)
	}
	n1, v1 := archiveCounts(t, dir, db)
	if n1 >= posts || n1 != v1 {
		t.Fatalf("after SIGTERM: %d posts in %d versions, want fewer than %d, one version each", n1, v1, posts)
	}
	l := annalsCmd(t, dir, "", "schedule", "list", "--db", db)
	if !strings.Contains(l.stdout, "interrupted") || !strings.Contains(l.stdout, "due now") {
		t.Errorf("schedule list after SIGTERM:\n%s", l.stdout)
	}

	// Restarted (here by cron), the due run continues the crawl.
	r := annalsCmd(t, dir, "", "daemon", "--once", "--db", db, "--jitter", "0")
	if r.code != 0 || !strings.Contains(r.stderr, "1 schedules run") {
		t.Fatalf("daemon --once: exit %d:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "continuing the crawl") && !strings.Contains(r.stderr, "run finished") {
		t.Errorf("daemon --once log:\n%s", r.stderr)
	}
	n2, v2 := archiveCounts(t, dir, db)
	if n2 != posts || v2 != posts {
		t.Errorf("after the restart: %d posts in %d versions, want %d and %d", n2, v2, posts, posts)
	}
	total, most := site.postRequests(posts)
	if most > 2 || total > posts+1 {
		t.Errorf("post pages requested %d times (one post %d times) for %d posts: work was repeated", total, most, posts)
	}
	l = annalsCmd(t, dir, "", "schedule", "list", "--db", db)
	if strings.Contains(l.stdout, "interrupted") || strings.Contains(l.stdout, "due now") || !strings.Contains(l.stdout, "pages fetched") {
		t.Errorf("schedule list after the run:\n%s", l.stdout)
	}

	// Nothing is due now: --once runs nothing.
	r = annalsCmd(t, dir, "", "daemon", "--once", "--db", db, "--jitter", "0")
	if r.code != 0 || !strings.Contains(r.stderr, "0 schedules run") {
		t.Errorf("second daemon --once: exit %d:\n%s", r.code, r.stderr)
	}

	// An update schedule of the same site.
	host := strings.TrimPrefix(site.URL, "http://")
	if r := annalsCmd(t, dir, "", "schedule", "add", "refresh", "--every", "1d", "--update", "--delay", "0", "--site", host, "--db", db); r.code != 0 {
		t.Fatalf("schedule add --update: exit %d: %s", r.code, r.stderr)
	}
	site.Publish(1)
	r = annalsCmd(t, dir, "", "daemon", "--once", "--quiet", "--db", db, "--jitter", "0")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("daemon --once --quiet with an update due: exit %d:\n%s", r.code, r.stderr)
	}
	l = annalsCmd(t, dir, "", "schedule", "list", "--db", db)
	if !strings.Contains(l.stdout, "40 posts checked: 40 unchanged, 0 changed, 0 gone; 1 new posts; 0 errors") {
		t.Errorf("schedule list after the update run:\n%s", l.stdout)
	}
	if n, _ := archiveCounts(t, dir, db); n != posts+1 {
		t.Errorf("%d posts after the scheduled update, want %d", n, posts+1)
	}
}
