package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

var t0 = time.Date(2024, 12, 4, 10, 0, 0, 0, time.UTC)

// mustOpen opens the archive at path read-write and closes it at the end of
// the test.
func mustOpen(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path, nil)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// tempPath returns the path of a not yet existing archive file.
func tempPath(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "annals.db")
}

func newPost(url, title, text string, comments ...string) *annals.Post {
	p := &annals.Post{URL: url, Site: "example.org", Title: title, Text: text,
		Published: annals.Day(2024, 12, 4), Comments: []annals.Comment{}}
	for i, c := range comments {
		p.Comments = append(p.Comments, annals.Comment{ID: "c" + strconv.Itoa(i+1), Text: c})
	}
	return p
}

func newFetch(p *annals.Post, at time.Time, raw string) *Fetch {
	return &Fetch{URL: p.URL, FetchedAt: at, Status: 200, Raw: []byte(raw), Post: p}
}

// gzipOf compresses s.
func gzipOf(tb testing.TB, s string) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// mustPut stores p under its URL and returns the outcome.
func mustPut(tb testing.TB, s *Store, p *annals.Post, at time.Time) Outcome {
	tb.Helper()
	o, _, err := s.Put(p.URL, newFetch(p, at, "<html>"+p.Text+"</html>"))
	if err != nil {
		tb.Fatalf("Put(%s): %v", p.URL, err)
	}
	return o
}

func TestStore_Put(t *testing.T) {
	t.Run("NewVersionOnlyWhenContentChanged", func(t *testing.T) {
		s := mustOpen(t, tempPath(t))
		const key = "https://example.org/2024/12/post.html"
		base := newPost(key, "Title", "First paragraph.\n\nSecond.")
		withComment := newPost(key, "Title", "First paragraph.\n\nSecond.", "Nice post")
		edited := newPost(key, "Title", "First paragraph, edited.\n\nSecond.", "Nice post")
		otherMarkup := *edited
		otherMarkup.HTML = "<p>First paragraph, edited.</p><p>Second.</p>"
		otherMarkup.URL = "https://example.org/2024/12/post.html?m=1"
		moreSpace := *edited
		moreSpace.Text = "First   paragraph,\nedited.\n\n\nSecond. "
		nilComments := *base
		nilComments.Comments = nil

		steps := []struct {
			name        string
			post        *annals.Post
			raw         string
			want        Outcome
			wantVersion int
		}{
			{"First", base, "<html>1</html>", New, 1},
			{"SameRaw", base, "<html>1</html>", Unchanged, 1},
			{"DifferentRawSamePost", base, "<html>sidebar 2</html>", Unchanged, 1},
			{"CommentAdded", withComment, "<html>3</html>", Changed, 2},
			{"TextEdited", edited, "<html>4</html>", Changed, 3},
			{"OnlyHTMLAndURLDiffer", &otherMarkup, "<html>5</html>", Unchanged, 3},
			{"OnlyWhitespaceDiffers", &moreSpace, "<html>6</html>", Unchanged, 3},
			{"BackToFirst", base, "<html>7</html>", Changed, 4},
			{"NilCommentsSameAsEmpty", &nilComments, "<html>8</html>", Unchanged, 4},
		}
		for i, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				at := t0.Add(time.Duration(i) * time.Hour)
				got, v, err := s.Put(key, newFetch(st.post, at, st.raw))
				if err != nil {
					t.Fatalf("Put: %v", err)
				}
				if got != st.want {
					t.Errorf("outcome=%v, want %v", got, st.want)
				}
				if v.Number != st.wantVersion {
					t.Errorf("version=%d, want %d", v.Number, st.wantVersion)
				}
				info, err := s.Info(key)
				if err != nil {
					t.Fatalf("Info: %v", err)
				}
				if info.Versions != st.wantVersion || !info.LastChecked.Equal(at) || !info.FirstSeen.Equal(t0) {
					t.Errorf("info: versions=%d last_checked=%v first_seen=%v, want %d %v %v",
						info.Versions, info.LastChecked, info.FirstSeen, st.wantVersion, at, t0)
				}
				if got, want := info.Comments, len(st.post.Comments); st.want != Unchanged && got != want {
					t.Errorf("info.Comments=%d, want %d", got, want)
				}
			})
		}
	})

	t.Run("Info", func(t *testing.T) {
		s := mustOpen(t, tempPath(t))
		const key = "https://Example.ORG/p"
		p := newPost(key, "Hello", "Text.", "one", "two")
		f := newFetch(p, t0, "x")
		f.ETag, f.LastModified = `"v1"`, "Wed, 04 Dec 2024 10:00:00 GMT"
		if o, _, err := s.Put(key, f); err != nil || o != New {
			t.Fatalf("Put=%v, %v", o, err)
		}
		// Unchanged without validators keeps the old ones.
		f2 := newFetch(p, t0.Add(time.Hour), "y")
		if o, _, err := s.Put(key, f2); err != nil || o != Unchanged {
			t.Fatalf("Put=%v, %v", o, err)
		}
		info, err := s.Info(key)
		if err != nil {
			t.Fatal(err)
		}
		want := PostInfo{Key: key, Site: "example.org", Versions: 1, FirstSeen: t0,
			LastChecked: t0.Add(time.Hour), LastStatus: 200, ETag: `"v1"`,
			LastModified: "Wed, 04 Dec 2024 10:00:00 GMT", Title: "Hello",
			Published: annals.Day(2024, 12, 4), Comments: 2, SiteChanged: t0}
		if fmt.Sprint(*info) != fmt.Sprint(want) {
			t.Errorf("Info=%+v\nwant %+v", *info, want)
		}
	})

	t.Run("ErrEmptyKey", func(t *testing.T) {
		s := mustOpen(t, tempPath(t))
		if _, _, err := s.Put("", newFetch(newPost("u", "t", "x"), t0, "")); err == nil {
			t.Fatal("Put with empty key: no error")
		}
	})

	t.Run("ErrNoPost", func(t *testing.T) {
		s := mustOpen(t, tempPath(t))
		if _, _, err := s.Put("https://example.org/p", &Fetch{URL: "https://example.org/p"}); err == nil {
			t.Fatal("Put without post: no error")
		}
	})

	t.Run("ZeroFetchedAtUsesClock", func(t *testing.T) {
		s, err := Open(tempPath(t), &Options{Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, v, err := s.Put("https://example.org/p", &Fetch{Post: newPost("https://example.org/p", "t", "x")})
		if err != nil {
			t.Fatal(err)
		}
		if !v.FetchedAt.Equal(t0) {
			t.Errorf("FetchedAt=%v, want %v", v.FetchedAt, t0)
		}
	})

	t.Run("ErrReadOnly", func(t *testing.T) {
		path := tempPath(t)
		w := mustOpen(t, path)
		mustPut(t, w, newPost("https://example.org/p", "t", "x"), t0)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, &Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, _, err = s.Put("https://example.org/p", newFetch(newPost("https://example.org/p", "t", "y"), t0, ""))
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Fatalf("Put on read-only store: err=%v", err)
		}
		if _, err := s.Latest("https://example.org/p"); err != nil {
			t.Fatalf("Latest on read-only store: %v", err)
		}
	})
}

func TestStore_Persistence(t *testing.T) {
	path := tempPath(t)
	const key = "https://example.org/p"
	s := mustOpen(t, path)
	mustPut(t, s, newPost(key, "One", "First."), t0)
	mustPut(t, s, newPost(key, "One", "First.", "a comment"), t0.Add(time.Hour))
	before, err := s.Versions(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = mustOpen(t, path)
	after, err := s.Versions(key)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 2 || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("after reopen: %+v\nwant %+v", after, before)
	}
	if got, want := after[1].Post.ContentHash(), after[1].ContentHash; got != want {
		t.Errorf("decoded post hashes %s, stored %s", got, want)
	}
	if raw, err := s.Raw(key, 1); err != nil || string(raw) != "<html>First.</html>" {
		t.Errorf("Raw=%q, %v", raw, err)
	}
	if o := mustPut(t, s, newPost(key, "One", "First.", "a comment"), t0.Add(2*time.Hour)); o != Unchanged {
		t.Errorf("same post after reopen: %v, want unchanged", o)
	}
	if o := mustPut(t, s, newPost(key, "Two", "First.", "a comment"), t0.Add(3*time.Hour)); o != Changed {
		t.Errorf("new title after reopen: %v, want changed", o)
	}
	if info, err := s.Info(key); err != nil || info.Versions != 3 || info.Title != "Two" {
		t.Errorf("Info=%+v, %v", info, err)
	}
}

func TestStore_Raw(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	const key = "https://example.org/p"
	page := []byte("<html><body>" + strings.Repeat("<div class=\"sidebar\">Archive links</div>\n", 5000) + "</body></html>")

	t.Run("RoundTripCompressed", func(t *testing.T) {
		f := newFetch(newPost(key, "t", "x"), t0, "")
		f.Raw = page
		_, v, err := s.Put(key, f)
		if err != nil {
			t.Fatal(err)
		}
		if v.RawSize != len(page) {
			t.Errorf("RawSize=%d, want %d", v.RawSize, len(page))
		}
		got, err := s.Raw(key, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, page) {
			t.Errorf("Raw returned %d bytes, want the %d stored", len(got), len(page))
		}
		st, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.RawBytes <= 0 || st.RawBytes > int64(len(page)/20) {
			t.Errorf("stored %d bytes for a %d-byte repetitive page", st.RawBytes, len(page))
		}
	})

	t.Run("Latest", func(t *testing.T) {
		f := newFetch(newPost(key, "t", "y"), t0.Add(time.Hour), "v2")
		if _, _, err := s.Put(key, f); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Raw(key, 0); err != nil || string(got) != "v2" {
			t.Errorf("Raw(latest)=%q, %v", got, err)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		f := newFetch(newPost(key, "t", "z"), t0.Add(2*time.Hour), "")
		if _, _, err := s.Put(key, f); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Raw(key, 3); err != nil || len(got) != 0 {
			t.Errorf("Raw of a version without raw bytes=%q, %v", got, err)
		}
	})

	t.Run("Dedup", func(t *testing.T) {
		// The same bytes, fetched for several posts or several times, are
		// stored once; a site's pages after its first few are compressed
		// against them, and all read back as they were.
		blobs := func() (n int, size int) {
			s.view(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketBlobs).ForEach(func(_, v []byte) error {
					n, size = n+1, size+len(v)
					return nil
				})
			})
			return n, size
		}
		n0, _ := blobs()
		same := append([]byte("<!-- fetched for three posts -->"), page...)
		for i := range 3 {
			k := key + "/same/" + strconv.Itoa(i)
			f := newFetch(newPost(k, "t", "s"), t0, "")
			f.Raw = same
			if _, _, err := s.Put(k, f); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := blobs(); n != n0+1 {
			t.Errorf("3 posts of the same page made %d blobs, want 1", n-n0)
		}
		var pages [][]byte
		for i := range 2 * dictSamples {
			p := bytes.Replace(page, []byte("<html>"), []byte(fmt.Sprintf("<html><p>page %d of the site</p>", i)), 1)
			pages = append(pages, p)
			k := "https://dict.example/" + strconv.Itoa(i)
			f := newFetch(newPost(k, "t", "s"), t0, "")
			f.Raw = p
			if _, _, err := s.Put(k, f); err != nil {
				t.Fatal(err)
			}
		}
		if id := siteDictOf(s, dictSite, "dict.example"); id == 0 {
			t.Errorf("no page dictionary after %d pages of a site", len(pages))
		}
		for i, p := range pages {
			got, err := s.Raw("https://dict.example/"+strconv.Itoa(i), 0)
			if err != nil || !bytes.Equal(got, p) {
				t.Errorf("page %d: Raw returned %d bytes (%v), want %d", i, len(got), err, len(p))
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		for _, n := range []int{-1, 4} {
			if _, err := s.Raw(key, n); !errors.Is(err, ErrNotFound) {
				t.Errorf("Raw(key, %d): err=%v, want ErrNotFound", n, err)
			}
		}
		if _, err := s.Raw("https://example.org/nope", 1); !errors.Is(err, ErrNotFound) {
			t.Errorf("Raw(unknown): err=%v, want ErrNotFound", err)
		}
	})
}

func TestStore_Versions(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	const key = "https://example.org/p"
	for i, text := range []string{"one", "two", "three"} {
		mustPut(t, s, newPost(key, "t", text), t0.Add(time.Duration(i)*time.Hour))
	}

	t.Run("OldestFirst", func(t *testing.T) {
		vs, err := s.Versions(key)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			got = append(got, fmt.Sprintf("%d:%s", v.Number, v.Post.Text))
		}
		if want := "1:one 2:two 3:three"; strings.Join(got, " ") != want {
			t.Errorf("Versions=%v, want %s", got, want)
		}
	})

	t.Run("Version", func(t *testing.T) {
		v, err := s.Version(key, 2)
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != 2 || v.Post.Text != "two" || !v.FetchedAt.Equal(t0.Add(time.Hour)) ||
			v.Status != 200 || v.URL != key || v.ContentHash != v.Post.ContentHash() ||
			v.CommentsHash != v.Post.CommentsHash() || !v.CommentsComplete {
			t.Errorf("Version(2)=%+v", v)
		}
	})

	t.Run("Latest", func(t *testing.T) {
		if v, err := s.Latest(key); err != nil || v.Number != 3 || v.Post.Text != "three" {
			t.Errorf("Latest=%+v, %v", v, err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		for _, n := range []int{-1, 4, 1 << 40} {
			_, err := s.Version(key, n)
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("Version(%d): err=%v, want ErrNotFound", n, err)
			}
		}
		const unknown = "https://example.org/unknown"
		_, err := s.Latest(unknown)
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), unknown) {
			t.Errorf("Latest(unknown): err=%v, want ErrNotFound naming the key", err)
		}
		if got, want := err.Error(), "archive: "+unknown+": post not found"; got != want {
			t.Errorf("error text %q, want %q", got, want)
		}
		if _, err := s.Versions(unknown); !errors.Is(err, ErrNotFound) {
			t.Errorf("Versions(unknown): err=%v, want ErrNotFound", err)
		}
		if _, err := s.Info(unknown); !errors.Is(err, ErrNotFound) {
			t.Errorf("Info(unknown): err=%v, want ErrNotFound", err)
		}
	})
}

func TestStore_Resolve(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	const key = "https://example.org/2024/12/post.html"
	p := newPost("https://example.org/2024/12/post.html?m=1", "t", "x")
	p.CanonicalURL = "https://example.org/2024/12/post.html#canonical"
	f := newFetch(p, t0, "")
	f.URL = "https://www.example.org/2024/12/post.html"
	if _, _, err := s.Put(key, f); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url    string
		want   string
		wantOK bool
	}{
		{key, key, true},
		{f.URL, key, true},
		{p.URL, key, true},
		{p.CanonicalURL, key, true},
		{"https://example.org/other", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok, err := s.Resolve(tt.url)
		if err != nil || got != tt.want || ok != tt.wantOK {
			t.Errorf("Resolve(%q)=%q, %v, %v; want %q, %v", tt.url, got, ok, err, tt.want, tt.wantOK)
		}
	}
}

func TestStore_MarkGone(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	const key = "https://example.org/p"
	p := newPost(key, "t", "x")
	mustPut(t, s, p, t0)

	gone := t0.Add(time.Hour)
	if err := s.MarkGone(key, gone, 404); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkGone(key, gone.Add(time.Hour), 410); err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(key)
	if err != nil {
		t.Fatal(err)
	}
	if info.GoneAt == nil || !info.GoneAt.Equal(gone) || info.LastStatus != 410 || info.Versions != 1 {
		t.Errorf("after MarkGone: %+v, want gone at %v, status 410, 1 version", info, gone)
	}
	if _, err := s.Latest(key); err != nil {
		t.Errorf("Latest of a gone post: %v", err)
	}

	t.Run("PutClearsGoneAt", func(t *testing.T) {
		if o := mustPut(t, s, p, t0.Add(3*time.Hour)); o != Unchanged {
			t.Errorf("Put=%v, want unchanged", o)
		}
		info, err := s.Info(key)
		if err != nil {
			t.Fatal(err)
		}
		if info.GoneAt != nil || info.LastStatus != 200 {
			t.Errorf("after Put: gone_at=%v status=%d, want nil, 200", info.GoneAt, info.LastStatus)
		}
	})

	t.Run("TouchClearsGoneAt", func(t *testing.T) {
		if err := s.MarkGone(key, t0.Add(4*time.Hour), 404); err != nil {
			t.Fatal(err)
		}
		at := t0.Add(5 * time.Hour)
		if err := s.Touch(key, at, 304); err != nil {
			t.Fatal(err)
		}
		info, err := s.Info(key)
		if err != nil {
			t.Fatal(err)
		}
		if info.GoneAt != nil || info.LastStatus != 304 || !info.LastChecked.Equal(at) || info.Versions != 1 {
			t.Errorf("after Touch: %+v", info)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		if err := s.MarkGone("https://example.org/none", t0, 404); !errors.Is(err, ErrNotFound) {
			t.Errorf("MarkGone(unknown): err=%v, want ErrNotFound", err)
		}
		if err := s.Touch("https://example.org/none", t0, 304); !errors.Is(err, ErrNotFound) {
			t.Errorf("Touch(unknown): err=%v, want ErrNotFound", err)
		}
	})
}

// fill stores three posts, out of key order: b has 2 versions, a 1, c 3.
func fill(tb testing.TB, s *Store) {
	tb.Helper()
	for i, p := range []*annals.Post{
		newPost("https://b.example/p", "b", "b1"),
		newPost("https://a.example/p", "a", "a1", "x"),
		newPost("https://b.example/p", "b", "b2"),
		newPost("https://c.example/p", "c", "c1"),
		newPost("https://c.example/p", "c", "c2", "x", "y"),
		newPost("https://c.example/p", "c", "c3", "x", "y", "z"),
	} {
		mustPut(tb, s, p, t0.Add(time.Duration(i)*time.Minute))
	}
}

func TestStore_Each(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	fill(t, s)

	t.Run("KeyOrder", func(t *testing.T) {
		var got []string
		err := s.Each(context.Background(), func(info *PostInfo) error {
			got = append(got, fmt.Sprintf("%s:%d", info.Site, info.Versions))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := "a.example:1 b.example:2 c.example:3"; strings.Join(got, " ") != want {
			t.Errorf("Each visited %v, want %s", got, want)
		}
	})

	t.Run("StopsOnError", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := s.Each(context.Background(), func(*PostInfo) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("Each=%v after %d calls, want stop after 1", err, n)
		}
	})

	t.Run("ContextCanceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := s.Each(ctx, func(*PostInfo) error { n++; cancel(); return nil })
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Errorf("Each=%v after %d calls, want context.Canceled after 1", err, n)
		}
	})

	t.Run("CallbackPanicIsNotCorruption", func(t *testing.T) {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the callback's panic", r)
			}
		}()
		_ = s.Each(context.Background(), func(*PostInfo) error { panic("boom") })
		t.Error("Each returned after a panic in fn")
	})
}

func TestStore_EachVersion(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	fill(t, s)

	tests := []struct {
		name string
		all  bool
		want string
	}{
		{"All", true, "a1 b1 b2 c1 c2 c3"},
		{"LatestOnly", false, "a1 b2 c3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := s.EachVersion(context.Background(), tt.all, func(info *PostInfo, v *annals.Version) error {
				if info.Title != v.Post.Title {
					t.Errorf("info %s with version of %s", info.Title, v.Post.Title)
				}
				got = append(got, v.Post.Text)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("EachVersion visited %v, want %s", got, tt.want)
			}
		})
	}

	t.Run("ContextCanceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := s.EachVersion(ctx, true, func(*PostInfo, *annals.Version) error { n++; cancel(); return nil })
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Errorf("EachVersion=%v after %d calls, want context.Canceled after 1", err, n)
		}
	})
}

func TestStore_Stats(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	fill(t, s)
	mustPut(t, s, newPost("https://a.example/q", "q", "q1"), t0.Add(time.Hour))
	if err := s.MarkGone("https://b.example/p", t0.Add(time.Hour), 410); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Sites != 3 || st.Posts != 4 || st.Versions != 7 || st.Comments != 4 || st.Gone != 1 || st.Schema != SchemaVersion {
		t.Errorf("Stats=%+v, want 3 sites, 4 posts, 7 versions, 4 comments, 1 gone, schema %d", *st, SchemaVersion)
	}
	if st.RawBytes <= 0 || st.FileBytes < st.RawBytes {
		t.Errorf("Stats: raw %d bytes, file %d bytes", st.RawBytes, st.FileBytes)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Stats(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Stats(canceled)=%v, want context.Canceled", err)
	}
}

func TestOpen(t *testing.T) {
	t.Run("New", func(t *testing.T) {
		path := tempPath(t)
		s, err := Open(path, &Options{Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		if s.Path() != path {
			t.Errorf("Path=%q, want %q", s.Path(), path)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		err = db.View(func(tx *bolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			if got := string(meta.Get(metaSchema)); got != strconv.Itoa(SchemaVersion) {
				t.Errorf("schema=%q, want %d", got, SchemaVersion)
			}
			if got, want := string(meta.Get(metaCreated)), t0.Format(time.RFC3339Nano); got != want {
				t.Errorf("created=%q, want %q", got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ReadOnly", func(t *testing.T) {
		path := tempPath(t)
		w := mustOpen(t, path)
		mustPut(t, w, newPost("https://example.org/p", "t", "x"), t0)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		// Read-only Stores share the lock.
		for range 2 {
			r, err := Open(path, &Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = r.Close() })
			if _, err := r.Info("https://example.org/p"); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("ReadOnlyMissing", func(t *testing.T) {
		path := tempPath(t)
		_, err := Open(path, &Options{ReadOnly: true})
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
			t.Errorf("err=%v, want fs.ErrNotExist naming the path", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("read-only Open created the file: %v", err)
		}
	})

	t.Run("ErrLocked", func(t *testing.T) {
		path := tempPath(t)
		mustOpen(t, path).Close()
		lockInOtherProcess(t, path)
		for _, ro := range []bool{false, true} {
			start := time.Now()
			s, err := Open(path, &Options{Timeout: 200 * time.Millisecond, ReadOnly: ro})
			if err == nil {
				s.Close()
				t.Fatalf("Open(ReadOnly=%v) of a locked file succeeded", ro)
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("Open took %v, want about 200ms", elapsed)
			}
			if !errors.Is(err, ErrLocked) {
				t.Errorf("err=%v, want ErrLocked", err)
			}
			if got, want := err.Error(), "archive: open "+path+": file is locked by another process"; got != want {
				t.Errorf("error text %q, want %q", got, want)
			}
		}
	})

	t.Run("ErrNotArchive", func(t *testing.T) {
		rnd := rand.New(rand.NewChaCha8([32]byte{1}))
		random := make([]byte, 64<<10)
		for i := range random {
			random[i] = byte(rnd.Uint32())
		}
		// A page whose meta carries the bbolt magic but a wrong checksum.
		fakeMagic := make([]byte, 8192)
		copy(fakeMagic[16:], []byte{0xED, 0xDA, 0x0C, 0xED, 2, 0, 0, 0, 0, 0x10, 0, 0})

		tests := []struct {
			name  string
			write func(t *testing.T, path string)
		}{
			{"RandomBytes", writeFile(random)},
			{"TextFile", writeFile([]byte(strings.Repeat("This is not a database.\n", 500)))},
			{"TenBytes", writeFile([]byte("0123456789"))},
			{"FakeMagic", writeFile(fakeMagic)},
			{"OtherBoltFile", func(t *testing.T, path string) {
				db, err := bolt.Open(path, 0o644, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				err = db.Update(func(tx *bolt.Tx) error {
					b, err := tx.CreateBucket([]byte("settings"))
					if err != nil {
						return err
					}
					return b.Put([]byte("theme"), []byte("dark"))
				})
				if err != nil {
					t.Fatal(err)
				}
			}},
			{"Truncated", func(t *testing.T, path string) {
				s := mustOpen(t, path)
				for i := range 20 {
					mustPut(t, s, newPost("https://example.org/"+strconv.Itoa(i), "t", strings.Repeat("text ", 5000)), t0)
				}
				var used int64 // the file's pages in use, below the room bbolt grew it by
				s.view(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
				s.Close()
				if err := os.Truncate(path, used/2); err != nil {
					t.Fatal(err)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				path := tempPath(t)
				tt.write(t, path)
				for _, ro := range []bool{false, true} {
					s, err := Open(path, &Options{ReadOnly: ro})
					if err == nil {
						s.Close()
						t.Fatalf("Open(ReadOnly=%v) succeeded", ro)
					}
					if !errors.Is(err, ErrNotArchive) || !strings.Contains(err.Error(), path) {
						t.Errorf("Open(ReadOnly=%v): err=%v, want ErrNotArchive naming the path", ro, err)
					}
				}
			})
		}
	})

	t.Run("CorruptPages", func(t *testing.T) {
		// Garbage after valid meta pages: Open and reads may fail, but must
		// not panic nor leave the file locked. (Writing to such a file is
		// bbolt's business: it may crash.)
		path := tempPath(t)
		s := mustOpen(t, path)
		fill(t, s)
		s.Close()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for seed := range 20 {
			rnd := rand.New(rand.NewChaCha8([32]byte{byte(seed)}))
			bad := bytes.Clone(data)
			for i := 2 * pageSize; i < len(bad); i++ { // after the two meta pages
				if rnd.IntN(50) == 0 {
					bad[i] = byte(rnd.Uint32())
				}
			}
			writeFile(bad)(t, path)
			s, err = Open(path, &Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
			if err != nil {
				if !errors.Is(err, ErrNotArchive) {
					t.Fatalf("seed %d: err=%v, want ErrNotArchive", seed, err)
				}
				continue
			}
			_ = s.EachVersion(context.Background(), true, func(*PostInfo, *annals.Version) error { return nil })
			_, _ = s.Stats(context.Background())
			if err := s.Close(); err != nil {
				t.Fatalf("seed %d: Close: %v", seed, err)
			}
		}
	})

	t.Run("EmptyFile", func(t *testing.T) {
		path := tempPath(t)
		writeFile(nil)(t, path)
		if _, err := Open(path, &Options{ReadOnly: true}); !errors.Is(err, ErrNotArchive) {
			t.Errorf("read-only: err=%v, want ErrNotArchive", err)
		}
		s := mustOpen(t, path) // read-write lays out the new archive
		mustPut(t, s, newPost("https://example.org/p", "t", "x"), t0)
	})

	t.Run("ErrSchema", func(t *testing.T) {
		path := tempPath(t)
		mustOpen(t, path).Close()
		db, err := bolt.Open(path, 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(metaSchema, []byte(strconv.Itoa(SchemaVersion+1)))
		})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		_, err = Open(path, nil)
		if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), path) {
			t.Errorf("err=%v, want ErrSchema naming the path", err)
		}
	})
}

func writeFile(data []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const helperEnv = "ANNALS_ARCHIVE_HELPER_DB"

// lockInOtherProcess runs TestHelperProcess, which opens path and holds the
// lock until the test ends.
func lockInOtherProcess(t *testing.T, path string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "locked" {
				ready <- true
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("helper process exited without locking the archive")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("helper process did not lock the archive")
	}
}

// TestHelperProcess is not a test: lockInOtherProcess runs it in a child
// process to hold an archive's lock.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process for TestOpen/ErrLocked")
	}
	s, err := Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

func TestStore_Extractor(t *testing.T) {
	// A version records the extractor that read its post; a fetch with the
	// same content adds no version and leaves the record as it was.
	s := mustOpen(t, tempPath(t))
	const key = "https://example.org/x"
	put := func(text, extractor string, at time.Time) Outcome {
		t.Helper()
		f := newFetch(newPost(key, "t", text), at, "<html>"+text+"</html>")
		f.Extractor = extractor
		o, _, err := s.Put(key, f)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	put("one", "rules A", t0)
	if o := put("one", "rules B", t0.Add(time.Hour)); o != Unchanged {
		t.Fatalf("same content: %v, want unchanged", o)
	}
	put("two", "rules B", t0.Add(2*time.Hour))
	vs, err := s.Versions(key)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Extractor != "rules A" || vs[1].Extractor != "rules B" || vs[0].Cause != "" {
		t.Fatalf("versions' extractors: %+v", vs)
	}

	// A version the extractor caused leaves the time of the site's last
	// change where it was.
	f := newFetch(newPost(key, "t", "three"), t0.Add(3*time.Hour), "<html>three</html>")
	f.Extractor, f.Cause = "rules C", annals.CauseExtractor
	if o, v, err := s.Put(key, f); err != nil || o != Changed || v.Cause != annals.CauseExtractor {
		t.Fatalf("Put=%v %+v, %v", o, v, err)
	}
	if info, err := s.Info(key); err != nil || !info.SiteChanged.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("SiteChanged after a new reading: %+v, %v", info, err)
	}

	// Import keeps what a record says.
	p := newPost("https://example.org/y", "t", "y")
	if _, err := s.Import([]Imported{{Post: p, FetchedAt: t0, Extractor: "rules C"}}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Latest(p.Key())
	if err != nil || v.Extractor != "rules C" {
		t.Fatalf("imported version: %+v, %v", v, err)
	}
}

// siteDictOf returns the id of site's dictionary of kind in s, 0 for none.
func siteDictOf(s *Store, kind byte, site string) (id uint32) {
	s.view(func(tx *bolt.Tx) error {
		id = siteDict(tx, kind, site)
		return nil
	})
	return id
}
