package archive

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
)

// exported returns the records an --all-versions export of s would carry.
func exported(tb testing.TB, s *Store) []Imported {
	tb.Helper()
	var recs []Imported
	err := s.EachVersion(context.Background(), true, func(info *PostInfo, v *annals.Version) error {
		p := v.Post
		recs = append(recs, Imported{Key: info.Key, Post: &p, FetchedAt: v.FetchedAt,
			Status: v.Status, ContentHash: v.ContentHash, GoneAt: info.GoneAt})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

func mustImport(tb testing.TB, s *Store, recs ...Imported) string {
	tb.Helper()
	out, err := s.Import(recs)
	if err != nil {
		tb.Fatalf("Import: %v", err)
	}
	var words []string
	for _, o := range out {
		words = append(words, o.String())
	}
	return strings.Join(words, " ")
}

func summary(tb testing.TB, s *Store) string {
	tb.Helper()
	var lines []string
	err := s.EachVersion(context.Background(), true, func(info *PostInfo, v *annals.Version) error {
		gone := ""
		if info.GoneAt != nil {
			gone = " gone"
		}
		lines = append(lines, fmt.Sprintf("%s v%d/%d %s %s%s", info.Key, v.Number, info.Versions,
			v.FetchedAt.Format("15:04"), v.Post.Text, gone))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func TestStore_Import(t *testing.T) {
	const a, b = "https://example.org/a", "https://example.org/b"
	src := mustOpen(t, tempPath(t))
	mustPut(t, src, newPost(a, "A", "one"), t0)
	mustPut(t, src, newPost(a, "A", "two", "a comment"), t0.Add(time.Hour))
	mustPut(t, src, newPost(a, "A", "one"), t0.Add(2*time.Hour)) // back to the first text
	mustPut(t, src, newPost(b, "B", "bee"), t0)
	if err := src.MarkGone(b, t0.Add(3*time.Hour), 404); err != nil {
		t.Fatal(err)
	}
	recs := exported(t, src)

	t.Run("IntoEmptyTwice", func(t *testing.T) {
		dst := mustOpen(t, tempPath(t))
		if got, want := mustImport(t, dst, recs...), "added added added added"; got != want {
			t.Errorf("first import: %s, want %s", got, want)
		}
		if got, want := summary(t, dst), summary(t, src); got != want {
			t.Errorf("imported archive:\n%s\nwant\n%s", got, want)
		}
		before, _ := dst.Stats(context.Background())
		if got, want := mustImport(t, dst, recs...), "present present present present"; got != want {
			t.Errorf("second import: %s, want %s", got, want)
		}
		after, _ := dst.Stats(context.Background())
		if *before != *after {
			t.Errorf("second import changed the archive: %+v -> %+v", before, after)
		}
		info, err := dst.Info(b)
		if err != nil || info.GoneAt == nil || !info.GoneAt.Equal(t0.Add(3*time.Hour)) {
			t.Errorf("gone mark not imported: %+v, %v", info, err)
		}
		v, err := dst.Latest(a)
		if err != nil || v.ContentHash != recs[2].ContentHash || v.RawSize != 0 || v.CommentsHash == "" {
			t.Errorf("imported version: %+v, %v", v, err)
		}
		if key, ok, _ := dst.Resolve(a + "?m=1"); ok {
			t.Errorf("unexpected alias to %s", key)
		}
	})

	t.Run("Merge", func(t *testing.T) {
		dst := mustOpen(t, tempPath(t))
		mustPut(t, dst, newPost(a, "A", "two", "a comment"), t0.Add(90*time.Minute))
		f := newFetch(newPost(a, "A", "two", "a comment"), t0.Add(90*time.Minute), "x")
		f.ETag = `"e"`
		if _, _, err := dst.Put(a, f); err != nil {
			t.Fatal(err)
		}
		later := newPost(a, "A", "three")
		got := mustImport(t, dst, append(recs,
			Imported{Key: a, Post: later, FetchedAt: t0.Add(4 * time.Hour), Status: 200})...)
		// one and two are older than dst's version; the third (one again,
		// at 12:00) is newer and different; b is new; "three" is newer.
		if want := "skipped skipped added added added"; got != want {
			t.Errorf("merge: %s, want %s", got, want)
		}
		want := "https://example.org/a v1/3 11:30 two\n" +
			"https://example.org/a v2/3 12:00 one\n" +
			"https://example.org/a v3/3 14:00 three\n" +
			"https://example.org/b v1/1 10:00 bee gone"
		if got := summary(t, dst); got != want {
			t.Errorf("merged archive:\n%s\nwant\n%s", got, want)
		}
		info, _ := dst.Info(a)
		if info.ETag != "" || !info.LastChecked.Equal(t0.Add(4*time.Hour)) || info.Title != "A" {
			t.Errorf("info after merge: %+v", info)
		}
	})

	t.Run("SameContentLater", func(t *testing.T) {
		dst := mustOpen(t, tempPath(t))
		mustImport(t, dst, recs[0])
		again := recs[0]
		again.FetchedAt = t0.Add(5 * time.Hour)
		if got := mustImport(t, dst, again); got != "present" {
			t.Errorf("same content later: %s, want present", got)
		}
		info, _ := dst.Info(a)
		if info.Versions != 1 || !info.LastChecked.Equal(again.FetchedAt) {
			t.Errorf("info: %+v", info)
		}
	})

	t.Run("ResolvesAliases", func(t *testing.T) {
		dst := mustOpen(t, tempPath(t))
		const key = "https://example.org/2024/post.html"
		p := newPost("https://example.org/2024/post.html?m=1", "t", "x")
		f := newFetch(p, t0, "")
		if _, _, err := dst.Put(key, f); err != nil {
			t.Fatal(err)
		}
		q := newPost("https://example.org/2024/post.html?m=1", "t", "y")
		if got := mustImport(t, dst, Imported{Post: q, FetchedAt: t0.Add(time.Hour)}); got != "added" {
			t.Errorf("import by alias: %s", got)
		}
		if info, err := dst.Info(key); err != nil || info.Versions != 2 {
			t.Errorf("Info=%+v, %v; want the post's second version", info, err)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		dst := mustOpen(t, tempPath(t))
		cut := *recs[0].Post
		cut.Text = ""
		tests := []struct {
			name string
			rec  Imported
			want error
		}{
			{"ContentHash", Imported{Key: a, Post: &cut, FetchedAt: t0, ContentHash: recs[0].ContentHash}, ErrContentHash},
			{"NoPost", Imported{Key: a, FetchedAt: t0}, nil},
			{"NoTime", Imported{Key: a, Post: recs[0].Post}, nil},
			{"NoKey", Imported{Post: &annals.Post{}, FetchedAt: t0}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := dst.Import([]Imported{recs[1], tt.rec})
				var ie *ImportError
				if !errors.As(err, &ie) || ie.Index != 1 {
					t.Fatalf("err=%v, want an ImportError for record 1", err)
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("err=%v, want %v", err, tt.want)
				}
				if st, _ := dst.Stats(context.Background()); st.Posts != 0 {
					t.Errorf("a refused batch wrote %d posts", st.Posts)
				}
			})
		}
	})
}
