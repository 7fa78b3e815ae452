package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

func TestStore_Scan(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	for i, key := range []string{"https://a.example/1", "https://b.example/2", "https://a.example/3"} {
		for j := range i + 1 {
			p := newPost(key, "t", fmt.Sprintf("text %d", j))
			f := newFetch(p, t0.Add(time.Duration(j)*time.Hour), fmt.Sprintf("<html>%s v%d</html>", key, j+1))
			if _, _, err := s.Put(key, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	collect := func(o *ScanOptions) []string {
		t.Helper()
		var got []string
		err := s.Scan(context.Background(), o, func(info *PostInfo, v *annals.Version, raw *RawPage) error {
			b, err := raw.Bytes()
			if err != nil {
				return err
			}
			got = append(got, fmt.Sprintf("%s v%d %s", info.Key, v.Number, b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	t.Run("Latest", func(t *testing.T) {
		got := strings.Join(collect(nil), "\n")
		want := "https://a.example/1 v1 <html>https://a.example/1 v1</html>\n" +
			"https://a.example/3 v3 <html>https://a.example/3 v3</html>\n" +
			"https://b.example/2 v2 <html>https://b.example/2 v2</html>"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("AllVersions", func(t *testing.T) {
		if got := collect(&ScanOptions{All: true}); len(got) != 6 || !strings.HasPrefix(got[2], "https://a.example/3 v2 ") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("PostFilter", func(t *testing.T) {
		got := collect(&ScanOptions{All: true, Post: func(info *PostInfo) bool { return info.Site == "b.example" }})
		if len(got) != 2 || !strings.HasPrefix(got[0], "https://b.example/2 v1") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("StopsOnError", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := s.Scan(context.Background(), &ScanOptions{All: true}, func(*PostInfo, *annals.Version, *RawPage) error {
			n++
			return stop
		})
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("err=%v after %d calls", err, n)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := s.Scan(ctx, nil, func(*PostInfo, *annals.Version, *RawPage) error { return nil })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err=%v, want context.Canceled", err)
		}
	})
}

// TestStore_ScanMemory checks that a walk through an archive much larger
// than the release threshold keeps the mapped file out of the resident set.
func TestStore_ScanMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	// 50 posts of one 1 MB version each, written in one transaction.
	path := tempPath(t)
	s := mustOpen(t, path)
	mustPut(t, s, newPost("https://example.org/0", "t", "x"), t0)
	text := make([]byte, 1<<20)
	for i := range text {
		text[i] = 'a' + byte((i*7919+i/13)%26)
	}
	v := &annals.Version{Number: 1, FetchedAt: t0, Status: 200, Post: *newPost("https://example.org/", "t", string(text))}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		info, err := s.getInfo(tx, "https://example.org/0")
		if err != nil {
			return err
		}
		for i := range 50 {
			info.Key = "https://example.org/" + strconv.Itoa(i)
			id, err := putRecord(tx, data)
			if err == nil {
				info.records = []uint64{id}
				_, err = s.putInfo(tx, info, false)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := rssFile(t)
	maxFile := before
	err = s.Scan(context.Background(), nil, func(*PostInfo, *annals.Version, *RawPage) error {
		maxFile = max(maxFile, rssFile(t))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if grown := maxFile - before; grown > 32<<10 {
		t.Errorf("mapped file pages in the resident set grew by %d kB scanning a 50 MB archive", grown)
	}
}

// rssFile returns RssFile from /proc/self/status, in kB.
func rssFile(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}
