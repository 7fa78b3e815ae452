package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals/internal/sitegen"
)

// slowSite serves a sitegen blog that takes delay over every request.
func slowSite(t *testing.T, opts sitegen.Options, delay time.Duration) (*sitegen.Site, *httptest.Server) {
	t.Helper()
	site := sitegen.New(opts)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return site, srv
}

// proc is the real binary running in the background.
type proc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan error
	err    error
	ended  bool
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startAnnals starts the real binary in the background; it is killed at
// the end of the test if still running.
func startAnnals(t *testing.T, dir string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary, args...), stderr: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Dir = dir
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if !p.ended {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// running reports whether the process is still running.
func (p *proc) running() bool {
	if p.ended {
		return false
	}
	select {
	case p.err = <-p.done:
		p.ended = true
		return false
	default:
		return true
	}
}

// wait waits for the process to end and returns its exit code.
func (p *proc) wait() int {
	if !p.ended {
		p.err = <-p.done
		p.ended = true
	}
	if p.err == nil {
		return 0
	}
	if ee, ok := p.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func statsPosts(t *testing.T, dir, db string) int {
	t.Helper()
	r := annalsCmd(t, dir, "", "stats", "--db", db, "--json")
	if r.code == 1 && strings.Contains(r.stderr, "no archive") {
		return 0 // not created yet
	}
	if r.code != 0 {
		t.Fatalf("stats during the crawl: exit %d: %s", r.code, r.stderr)
	}
	var st struct{ Posts, Versions int }
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("stats: %v\n%s", err, r.stdout)
	}
	return st.Posts
}

// TestLocking_ReadersDuringCrawl runs the read commands, a second crawl and
// an update against an archive a slow crawl is writing.
func TestLocking_ReadersDuringCrawl(t *testing.T) {
	_, srv := slowSite(t, sitegen.Options{Posts: 60}, 100*time.Millisecond)
	dir := t.TempDir()
	db := filepath.Join(dir, "annals.db")
	crawl := startAnnals(t, dir, "crawl", "--db", db, "--delay", "0", "--parallel", "1", srv.URL+"/")
	crawlErr := crawl.stderr
	running := crawl.running

	deadline := time.Now().Add(time.Minute)
	for statsPosts(t, dir, db) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no post archived after a minute; crawl says %s", crawlErr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A second writer fails at once (after a bounded wait), naming the first.
	second := annalsCmd(t, dir, "", "crawl", "--db", db, "--delay", "0", srv.URL+"/")
	upd := annalsCmd(t, dir, "", "update", "--db", db)
	if running() {
		for _, r := range []result{second, upd} {
			if r.code != 1 || !strings.Contains(r.stderr, "is being written by annals crawl") ||
				!strings.Contains(r.stderr, "pid ") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("second writer: exit %d, stderr %q; want 1 and one line naming the crawl", r.code, r.stderr)
			}
		}
	} else {
		t.Log("the crawl ended before the second writer could be tried")
	}

	var some string
	for rounds := 0; running() && rounds < 5; rounds++ {
		l := annalsCmd(t, dir, "", "list", "--db", db)
		if l.code != 0 {
			t.Fatalf("list during the crawl: exit %d: %s", l.code, l.stderr)
		}
		fields := strings.Fields(strings.Split(l.stdout, "\n")[0])
		some = fields[len(fields)-1]
		for _, args := range [][]string{
			{"show", "--db", db, some},
			{"history", "--db", db, some},
			{"export", "--db", db, "--format", "jsonl"},
		} {
			r := annalsCmd(t, dir, "", args...)
			if r.code != 0 {
				t.Fatalf("%s during the crawl: exit %d: %s", args[0], r.code, r.stderr)
			}
			if args[0] == "export" {
				for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
					if !json.Valid([]byte(line)) {
						t.Fatalf("export during the crawl wrote a broken line: %.200s", line)
					}
				}
			}
		}
	}
	if code := crawl.wait(); code != 0 {
		t.Fatalf("crawl: exit %d\n%s", code, crawlErr)
	}
	if !strings.Contains(crawlErr.String(), "60 new") {
		t.Errorf("crawl summary: %s", crawlErr)
	}
	if n := statsPosts(t, dir, db); n != 60 {
		t.Errorf("%d posts archived, want 60", n)
	}
}
