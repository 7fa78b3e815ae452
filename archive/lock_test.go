package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLockWriter(t *testing.T) {
	path := tempPath(t)
	l, err := LockWriter(path, "annals crawl https://example.org/", 0)
	if err != nil {
		t.Fatal(err)
	}
	if h := Holder(path); !strings.Contains(h, "annals crawl https://example.org/") || !strings.Contains(h, fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("Holder=%q", h)
	}

	t.Run("ErrBusy", func(t *testing.T) {
		start := time.Now()
		_, err := LockWriter(path, "annals update", 150*time.Millisecond)
		if !errors.Is(err, ErrBusy) {
			t.Fatalf("err=%v, want ErrBusy", err)
		}
		if d := time.Since(start); d < 150*time.Millisecond {
			t.Errorf("gave up after %v, want the timeout", d)
		}
		msg := err.Error()
		if !strings.Contains(msg, "annals crawl https://example.org/") || !strings.Contains(msg, "pid ") || strings.Contains(msg, "\n") {
			t.Errorf("error %q does not name the holder on one line", msg)
		}
	})

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if h := Holder(path); h != "" {
		t.Errorf("Holder after Close=%q", h)
	}
	l2, err := LockWriter(path, "annals update", 0)
	if err != nil {
		t.Fatalf("LockWriter after Close: %v", err)
	}
	l2.Close()
}

// TestStore_Shared runs readers against a Shared writer that writes all the
// time: each reader gets the file (Open's timeout is generous, and it is
// what a read command uses), sees a consistent snapshot for as long as it
// holds it, and the writer loses nothing.
func TestStore_Shared(t *testing.T) {
	path := tempPath(t)
	w, err := Open(path, &Options{Shared: true, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var written atomic.Int64
	var werrMu sync.Mutex
	var werr error
	var wg sync.WaitGroup
	// Three writers, so that their Puts share commits (DB.Batch) too.
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				p := newPost(fmt.Sprintf("https://example.org/p/%d/%d", g, i), "Post", "Text.")
				if _, _, err := w.Put(p.URL, newFetch(p, t0, "<p>x</p>")); err != nil {
					werrMu.Lock()
					werr = err
					werrMu.Unlock()
					return
				}
				written.Add(1)
			}
		}()
	}

	for range 5 {
		for written.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		r, err := Open(path, &Options{ReadOnly: true, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatalf("reader: %v", err)
		}
		a, err := r.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond) // the writer waits meanwhile
		b, err := r.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.Posts != b.Posts || a.Posts == 0 {
			t.Errorf("reader saw %d then %d posts while holding the file", a.Posts, b.Posts)
		}
		r.Close()
	}
	cancel()
	wg.Wait()
	if werr != nil {
		t.Fatalf("writer: %v", werr)
	}
	st, err := w.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if int64(st.Posts) != written.Load() {
		t.Errorf("archive has %d posts, the writer wrote %d", st.Posts, written.Load())
	}
}

// TestStore_SharedIdle checks that a Shared Store lets go of the file when
// idle and takes it back on its next transaction.
func TestStore_SharedIdle(t *testing.T) {
	path := tempPath(t)
	w, err := Open(path, &Options{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	p := newPost("https://example.org/a", "A", "Text.")
	mustPut(t, w, p, t0)
	time.Sleep(IdleRelease + 4*probeEvery)
	// Not waiting at all: the file is free.
	r, err := Open(path, &Options{ReadOnly: true, Timeout: -1})
	if err != nil {
		t.Fatalf("the idle writer still holds the file: %v", err)
	}
	r.Close()
	if o := mustPut(t, w, newPost("https://example.org/b", "B", "Text."), t0); o != New {
		t.Errorf("Put after release: %v", o)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Info(p.URL); err == nil {
		t.Error("Info after Close succeeded")
	}
}
