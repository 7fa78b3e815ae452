package archive

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"
)

// TestCompact rewrites an archive that has room in it (summaries rewritten
// by many checks) and checks that the file shrinks and reads the same.
func TestCompact(t *testing.T) {
	path := tempPath(t)
	s := mustOpen(t, path)
	page := bytes.Repeat([]byte("<p>a page of some length, with a sidebar</p>\n"), 200)
	for i := range 60 {
		key := fmt.Sprintf("https://c.example/%d", i)
		f := newFetch(newPost(key, "t", "x"), t0, "")
		f.Raw = append(fmt.Appendf(nil, "<h1>%d</h1>", i), page...)
		if _, _, err := s.Put(key, f); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 30 {
		var checks []Check
		for i := range 60 {
			checks = append(checks, Check{Key: fmt.Sprintf("https://c.example/%d", i), At: t0.Add(time.Duration(round+1) * time.Hour), Status: 304})
		}
		if _, err := s.Checked(checks); err != nil {
			t.Fatal(err)
		}
	}
	want, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantRaw, _ := s.Raw("https://c.example/7", 0)
	wantFetches, _ := s.Fetches("https://c.example/7")
	s.Close()

	before, after, err := Compact(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("compacted from %d to %d bytes, want smaller", before, after)
	}
	for _, left := range []string{".compact", ".compact.wait"} {
		if _, err := os.Stat(path + left); !os.IsNotExist(err) {
			t.Errorf("%s is left beside the archive: %v", left, err)
		}
	}
	s = mustOpen(t, path)
	got, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.Posts != want.Posts || got.Versions != want.Versions || got.Fetches != want.Fetches || got.RawBytes != want.RawBytes {
		t.Errorf("after compaction %+v, want %+v", got, want)
	}
	if raw, err := s.Raw("https://c.example/7", 0); err != nil || !bytes.Equal(raw, wantRaw) {
		t.Errorf("raw page after compaction: %d bytes (%v), want %d", len(raw), err, len(wantRaw))
	}
	if f, err := s.Fetches("https://c.example/7"); err != nil || len(f) != len(wantFetches) || len(f) != 31 {
		t.Errorf("fetch log after compaction: %d records (%v), want %d", len(f), err, len(wantFetches))
	}
}
