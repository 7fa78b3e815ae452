package archive_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

func entry(url, queue string, prio int) archive.FrontierEntry {
	return archive.FrontierEntry{URL: url, Queue: queue, Priority: prio, Data: []byte("data:" + url)}
}

func urls(es []archive.FrontierEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.URL
	}
	return out
}

func mustPush(tb testing.TB, f *archive.Frontier, es ...archive.FrontierEntry) []bool {
	tb.Helper()
	added, err := f.Push(es)
	if err != nil {
		tb.Fatalf("Push: %v", err)
	}
	return added
}

func mustPop(tb testing.TB, f *archive.Frontier, queue string, n int) []archive.FrontierEntry {
	tb.Helper()
	got, err := f.Pop(queue, n)
	if err != nil {
		tb.Fatalf("Pop: %v", err)
	}
	return got
}

func TestFrontier(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := archive.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Frontier("crawl-1")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("PushDeduplicates", func(t *testing.T) {
		added := mustPush(t, f, entry("http://a/1", "a", 4), entry("http://a/2", "a", 4), entry("http://a/1", "a", 4),
			entry("http://a/feed", "a", 1), entry("http://b/1", "b", 0), entry("", "a", 0), entry("http://a/x", "", 0))
		if want := []bool{true, true, false, true, true, false, false}; !slices.Equal(added, want) {
			t.Fatalf("added=%v, want %v", added, want)
		}
		if again := mustPush(t, f, entry("http://a/2", "a", 0)); again[0] {
			t.Errorf("a seen URL was queued again")
		}
		q, err := f.Queues()
		if err != nil || q["a"] != 3 || q["b"] != 1 || len(q) != 2 {
			t.Errorf("Queues()=%v, %v; want a:3 b:1", q, err)
		}
	})

	t.Run("PopOrder", func(t *testing.T) {
		// Lowest priority first, then push order; one queue only.
		got := mustPop(t, f, "a", 2)
		if want := []string{"http://a/feed", "http://a/1"}; !slices.Equal(urls(got), want) {
			t.Fatalf("popped %q, want %q", urls(got), want)
		}
		if got[0].Priority != 1 || string(got[0].Data) != "data:http://a/feed" || got[0].Queue != "a" {
			t.Errorf("entry=%+v", got[0])
		}
		seen, err := f.Seen([]string{"http://a/1", "http://a/3"})
		if err != nil || !slices.Equal(seen, []bool{true, false}) {
			t.Errorf("Seen=%v, %v", seen, err)
		}
		if err := f.Done([]string{"http://a/feed", "http://a/final-after-redirect"}); err != nil {
			t.Fatal(err)
		}
		if seen, _ := f.Seen([]string{"http://a/final-after-redirect"}); !seen[0] {
			t.Errorf("Done did not mark an unqueued URL seen")
		}
		queued, inProgress, err := f.Len()
		if err != nil || queued != 2 || inProgress != 1 {
			t.Errorf("Len()=%d, %d, %v; want 2 queued (a/2, b/1), 1 in progress (a/1)", queued, inProgress, err)
		}
	})

	t.Run("ReopenRequeues", func(t *testing.T) {
		// As after kill -9: a/1 was in progress. Reopening puts it back
		// at its place, before a/2.
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err = archive.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		f, err = s.Frontier("crawl-1")
		if err != nil {
			t.Fatal(err)
		}
		got := mustPop(t, f, "a", 10)
		if want := []string{"http://a/1", "http://a/2"}; !slices.Equal(urls(got), want) {
			t.Fatalf("popped %q after reopening, want %q", urls(got), want)
		}
		if got := mustPop(t, f, "a", 10); len(got) != 0 {
			t.Errorf("popped %q from an empty queue", urls(got))
		}
		if seen, _ := f.Seen([]string{"http://a/feed"}); !seen[0] {
			t.Errorf("the seen set did not survive reopening")
		}
	})

	t.Run("Separate", func(t *testing.T) {
		g, err := s.Frontier("crawl-2")
		if err != nil {
			t.Fatal(err)
		}
		if added := mustPush(t, g, entry("http://a/1", "a", 0)); !added[0] {
			t.Errorf("another crawl's seen set leaked")
		}
		if !g.Started().After(f.Started().Add(-1)) || f.Started().IsZero() {
			t.Errorf("Started()=%v, %v", f.Started(), g.Started())
		}
	})

	t.Run("Drop", func(t *testing.T) {
		if err := s.DropFrontier("crawl-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Push([]archive.FrontierEntry{entry("http://a/9", "a", 0)}); err == nil {
			t.Errorf("Push on a dropped frontier: no error")
		}
		f, err = s.Frontier("crawl-1")
		if err != nil {
			t.Fatal(err)
		}
		if added := mustPush(t, f, entry("http://a/1", "a", 0)); !added[0] {
			t.Errorf("a dropped frontier still remembers its URLs")
		}
		if err := s.DropFrontier("never-was"); err != nil {
			t.Errorf("DropFrontier of an unknown crawl: %v", err)
		}
	})
	s.Close()

	t.Run("ReadOnly", func(t *testing.T) {
		ro, err := archive.Open(path, &archive.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		if _, err := ro.Frontier("crawl-1"); err == nil {
			t.Errorf("Frontier on a read-only store: no error")
		}
	})
}

// TestFrontier_Concurrent pushes and pops from many goroutines at once, as
// the crawler's workers do through bbolt's batched commits: every entry
// comes out exactly once.
func TestFrontier_Concurrent(t *testing.T) {
	s := mustOpenStore(t)
	f, err := s.Frontier("c")
	if err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 8, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				// Every URL twice, from two writers.
				u := fmt.Sprintf("http://h/%d", (w/2)*perWriter+i)
				if _, err := f.Push([]archive.FrontierEntry{entry(u, "h", i%3)}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	var mu sync.Mutex
	var got []string
	popped := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				es, err := f.Pop("h", 7)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got = append(got, urls(es)...)
				n := len(got)
				mu.Unlock()
				if err := f.Done(urls(es)); err != nil {
					t.Error(err)
				}
				if n >= writers/2*perWriter {
					select {
					case <-popped:
					default:
						close(popped)
					}
					return
				}
				select {
				case <-popped:
					return
				default:
				}
			}
		})
	}
	wg.Wait()
	sort.Strings(got)
	if len(got) != writers/2*perWriter || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Fatalf("popped %d entries (%d distinct), want %d once each", len(got), len(slices.Compact(got)), writers/2*perWriter)
	}
}

func mustOpenStore(tb testing.TB) *archive.Store {
	tb.Helper()
	s, err := archive.Open(filepath.Join(tb.TempDir(), "a.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestStore_PutRoute(t *testing.T) {
	s := mustOpenStore(t)
	three := 3
	post := &annals.Post{URL: "http://h/p", Title: "T", CommentCount: &three,
		Comments: []annals.Comment{{ID: "1", Text: "a"}, {ID: "2", Text: "b"}}}
	tests := []struct {
		name     string
		fetch    archive.Fetch
		declared int
		complete bool
	}{
		{"PageDeclaresMore", archive.Fetch{Via: "sitemap"}, 3, false},
		{"PlatformDeclaresMore", archive.Fetch{Via: "blogger-feed", CommentsVia: "blogger-feed", CommentsDeclared: ptr(5)}, 5, false},
		{"PlatformDeclaresLess", archive.Fetch{CommentsDeclared: ptr(1)}, 3, false},
		{"Missing", archive.Fetch{CommentsMissing: true}, 3, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.fetch
			p := *post
			p.Title = fmt.Sprint("T", i) // a new version each time
			f.URL, f.Post, f.Status = "http://h/p", &p, 200
			_, v, err := s.Put("http://h/p", &f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Latest("http://h/p")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []*annals.Version{v, got} {
				if v.Via != f.Via || v.CommentsVia != f.CommentsVia || v.CommentsCaptured != 2 ||
					v.CommentsDeclared == nil || *v.CommentsDeclared != tt.declared || v.CommentsComplete != tt.complete {
					t.Errorf("version via=%q comments_via=%q captured=%d declared=%v complete=%v",
						v.Via, v.CommentsVia, v.CommentsCaptured, v.CommentsDeclared, v.CommentsComplete)
				}
			}
		})
	}
	t.Run("Complete", func(t *testing.T) {
		p := *post
		p.Comments = append(slices.Clone(p.Comments), annals.Comment{ID: "3", Text: "c"})
		_, v, err := s.Put("http://h/p", &archive.Fetch{URL: "http://h/p", Post: &p, CommentsDeclared: ptr(3)})
		if err != nil || !v.CommentsComplete || v.CommentsCaptured != 3 {
			t.Errorf("err=%v complete=%v captured=%d", err, v.CommentsComplete, v.CommentsCaptured)
		}
	})
}

func ptr(n int) *int { return &n }

// TestFrontier_File checks that crawl state lives beside the archive, not
// in it: a crawl's frontier survives its Store in PATH.crawl, and the file
// goes once the last crawl in it is dropped; the archive does not grow.
func TestFrontier_File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := archive.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := fileSizeOf(t, path)
	f, err := s.Frontier("crawl-1")
	if err != nil {
		t.Fatal(err)
	}
	var many []archive.FrontierEntry
	for i := range 5000 {
		many = append(many, entry(fmt.Sprintf("http://a.example/2024/01/a-post-with-a-long-name-%d.html", i), "a", 4))
	}
	mustPush(t, f, many...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := fileSizeOf(t, path); after != before {
		t.Errorf("the archive grew from %d to %d bytes with a frontier", before, after)
	}
	if _, err := os.Stat(path + ".crawl"); err != nil {
		t.Fatalf("no crawl file after a crawl left unfinished: %v", err)
	}

	s, err = archive.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err = s.Frontier("crawl-1")
	if err != nil {
		t.Fatal(err)
	}
	if q, _, err := f.Len(); err != nil || q != 5000 {
		t.Errorf("reopened frontier holds %d entries (%v), want 5000", q, err)
	}
	if err := s.DropFrontier("crawl-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".crawl"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("crawl file left after its last crawl was dropped: %v", err)
	}
}

func fileSizeOf(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
