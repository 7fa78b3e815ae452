package archive

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/annals-dev/annals"
	bolt "go.etcd.io/bbolt"
)

// schema1 copies the schema-1 archive of testdata/schema1 (written by
// annals itself before schema 2; see its README) to a temporary file.
func schema1(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/schema1/annals.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "annals.db")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// schema1Posts reads what schema-1 code read from the file: each post's
// summary and versions.
func schema1Posts(t *testing.T) []struct {
	Info     PostInfo         `json:"info"`
	Versions []annals.Version `json:"versions"`
} {
	t.Helper()
	f, err := os.Open("testdata/schema1/posts.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []struct {
		Info     PostInfo         `json:"info"`
		Versions []annals.Version `json:"versions"`
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, struct {
			Info     PostInfo         `json:"info"`
			Versions []annals.Version `json:"versions"`
		}{})
		if err := json.Unmarshal(sc.Bytes(), &out[len(out)-1]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// schema1Raw reads testdata/schema1/raw.txt: key and version -> SHA-256
// and size of the raw page schema-1 code read.
func schema1Raw(t *testing.T) map[string][2]string {
	t.Helper()
	data, err := os.ReadFile("testdata/schema1/raw.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		out[f[0]+" "+f[1]] = [2]string{f[2], f[3]}
	}
	return out
}

func TestMigrate(t *testing.T) {
	t.Run("ReadOnly", func(t *testing.T) {
		// A reader does not write: it says how to upgrade.
		path := schema1(t)
		_, err := Open(path, &Options{ReadOnly: true})
		if !errors.Is(err, ErrUpgrade) || !strings.Contains(err.Error(), "annals migrate") {
			t.Fatalf("Open read-only: %v, want ErrUpgrade naming annals migrate", err)
		}
	})

	t.Run("Upgrade", func(t *testing.T) {
		path := schema1(t)
		var calls [][2]int
		s, err := Open(path, &Options{OnMigrate: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if len(calls) < 2 || calls[0] != [2]int{0, 7} || calls[len(calls)-1] != [2]int{7, 7} {
			t.Errorf("progress calls %v, want from 0 to 7 of 7", calls)
		}
		checkMigrated(t, s)
	})

	t.Run("Interrupted", func(t *testing.T) {
		// One post per transaction, stopped after two: the file is
		// half moved, still says schema 1, and the next Open finishes.
		defer func(n int) { migrateBytes = n }(migrateBytes)
		migrateBytes = 1
		path := schema1(t)
		if _, err := Open(path, &Options{migrateBatches: 2}); !errors.Is(err, errMigrationStopped) {
			t.Fatalf("first Open: %v, want it stopped", err)
		}
		db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		db.View(func(tx *bolt.Tx) error {
			if got := string(tx.Bucket(bucketMeta).Get(metaSchema)); got != "1" {
				t.Errorf("schema %q after an interrupted migration, want 1", got)
			}
			nested := 0
			tx.Bucket(bucketVersions).ForEach(func(_, v []byte) error {
				if v == nil {
					nested++
				}
				return nil
			})
			if nested != 5 {
				t.Errorf("%d posts left to move, want 5", nested)
			}
			return nil
		})
		db.Close()
		if _, err := Open(path, &Options{ReadOnly: true}); !errors.Is(err, ErrUpgrade) {
			t.Errorf("read-only Open of a half-moved file: %v, want ErrUpgrade", err)
		}
		s := mustOpen(t, path)
		checkMigrated(t, s)
	})
}

// checkMigrated checks that s, upgraded from testdata/schema1, reads as
// schema-1 code read it, and keeps each raw page once with a fetch log.
func checkMigrated(t *testing.T, s *Store) {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Schema != SchemaVersion {
		t.Errorf("schema %d after migration, want %d", st.Schema, SchemaVersion)
	}
	raws := schema1Raw(t)
	distinct := map[string]bool{}
	for _, r := range raws {
		if r[1] != "0" {
			distinct[r[0]] = true
		}
	}
	if st.Blobs != len(distinct) {
		t.Errorf("%d blobs, want the %d distinct raw pages", st.Blobs, len(distinct))
	}
	for _, want := range schema1Posts(t) {
		key := want.Info.Key
		info, err := s.Info(key)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*info, want.Info) {
			t.Errorf("%s: Info\n got %+v\nwant %+v", key, *info, want.Info)
		}
		got, err := s.Versions(key)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want.Versions) {
			t.Fatalf("%s: %d versions, want %d", key, len(got), len(want.Versions))
		}
		fetches, err := s.Fetches(key)
		if err != nil {
			t.Fatal(err)
		}
		made := map[int]FetchRecord{}
		for _, f := range fetches {
			if f.Version != 0 {
				made[f.Version] = f
			}
		}
		for i, v := range got {
			raw := raws[key+" "+strconv.Itoa(v.Number)]
			hash := v.RawHash
			v.RawHash = ""
			if !reflect.DeepEqual(v, want.Versions[i]) {
				t.Errorf("%s: version %d\n got %+v\nwant %+v", key, v.Number, v, want.Versions[i])
			}
			page, err := s.Raw(key, v.Number)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(page)
			if hex.EncodeToString(sum[:]) != raw[0] || strconv.Itoa(len(page)) != raw[1] {
				t.Errorf("%s: version %d: raw page of %d bytes, sha256 %x; want %s bytes, %s", key, v.Number, len(page), sum, raw[1], raw[0])
			}
			if (len(page) > 0) != (hash != "") || hash != "" && hash != raw[0] {
				t.Errorf("%s: version %d: raw_hash %q, want %s", key, v.Number, hash, raw[0])
			}
			// Every version a fetch made has its fetch; one that only
			// read a stored page again has none.
			f, ok := made[v.Number]
			if ok == (v.Cause == annals.CauseExtractor) {
				t.Errorf("%s: version %d (cause %q): fetch recorded %v", key, v.Number, v.Cause, ok)
			}
			if ok && (!f.At.Equal(v.FetchedAt.Truncate(1000)) || f.Status != v.Status || f.Blob != hash || f.ETag != v.ETag) {
				t.Errorf("%s: version %d: fetch %+v does not match it", key, v.Number, f)
			}
		}
		// The last check, when not a version's fetch, ends the log.
		if len(fetches) > 0 && want.Info.LastStatus != 0 {
			last := fetches[len(fetches)-1]
			if last.Status != want.Info.LastStatus || !last.At.Equal(want.Info.LastChecked.Truncate(1000)) {
				t.Errorf("%s: last fetch %+v, want the last check (%d at %v)", key, last, want.Info.LastStatus, want.Info.LastChecked)
			}
		}
	}
	// Nothing of schema 1 is left.
	err = s.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketRaw, bucketVersions} {
			if tx.Bucket(name) != nil {
				t.Errorf("schema 1's %s bucket is left", name)
			}
		}
		if tx.Bucket(bucketMeta).Get(metaMigrating) != nil {
			t.Error("the migrating mark is left")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A Put after the upgrade carries on the post's history.
	key := schema1Posts(t)[1].Info.Key
	before, _ := s.Latest(key)
	p := before.Post
	p.Text += " An edit after the upgrade."
	o, v, err := s.Put(key, &Fetch{URL: key, Status: 200, Raw: []byte("<html>edited</html>"), Post: &p, Cause: annals.CauseSite})
	if err != nil || o != Changed || v.Number != before.Number+1 {
		t.Errorf("Put after the upgrade: %v, version %v, %v; want a new version", o, v, err)
	}
}
