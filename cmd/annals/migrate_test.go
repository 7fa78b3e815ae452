package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestMigrate upgrades the schema-1 archive that annals wrote before
// schema 2 (archive/testdata/schema1) with the real binary: read commands
// refuse it with a way out, migrate upgrades it once, and the export is
// the one the old annals wrote, record for record.
func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "old.db")
	data, err := os.ReadFile("../../archive/testdata/schema1/annals.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := annalsCmd(t, dir, "", "list", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "annals migrate --db "+db) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("list of a schema-1 archive: exit %d, stderr %q; want 1 and one line naming annals migrate", r.code, r.stderr)
	}
	r = annalsCmd(t, dir, "", "migrate", "--db", db)
	if r.code != 0 || !strings.Contains(r.stderr, "upgraded") || !strings.Contains(r.stderr, "schema 2") {
		t.Fatalf("migrate: exit %d, stderr %q", r.code, r.stderr)
	}
	r = annalsCmd(t, dir, "", "migrate", "--db", db)
	if r.code != 0 || strings.Contains(r.stderr, "upgrading") {
		t.Errorf("second migrate: exit %d, stderr %q; want nothing to do", r.code, r.stderr)
	}
	// The upgrade leaves the old file's room; --compact gives it back.
	before, _ := os.Stat(db)
	r = annalsCmd(t, dir, "", "migrate", "--db", db, "--compact")
	after, _ := os.Stat(db)
	if r.code != 0 || !strings.Contains(r.stderr, "compacted") || after.Size() >= before.Size() {
		t.Errorf("migrate --compact: exit %d, stderr %q, %d bytes then %d; want a smaller file", r.code, r.stderr, before.Size(), after.Size())
	}
	r = annalsCmd(t, dir, "", "export", "--db", db, "--all-versions")
	if r.code != 0 {
		t.Fatalf("export: exit %d, %s", r.code, r.stderr)
	}
	got := records(t, strings.NewReader(r.stdout))
	f, err := os.Open("../../archive/testdata/schema1/export.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := records(t, f)
	if len(got) != len(want) {
		t.Fatalf("%d records after migration, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("record %d after migration:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
	// Each fetch that made a version is in the post's fetch log, with the
	// page it brought, as schema-1 code read it.
	raw, err := os.ReadFile("../../archive/testdata/schema1/raw.txt")
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Fields(strings.SplitN(string(raw), "\n", 2)[0]) // key, version, sha256, size
	r = annalsCmd(t, dir, "", "history", "--db", db, "--fetches", first[0])
	if r.code != 0 || !strings.Contains(r.stdout, "sha256:"+first[2][:12]+"  "+first[3]+"  1 ") || !strings.Contains(r.stdout, " fetches\n") {
		t.Errorf("history --fetches of %s: exit %d\n%s%s\nwant version 1's fetch with its page %s", first[0], r.code, r.stdout, r.stderr, first[2][:12])
	}
	r = annalsCmd(t, dir, "", "stats", "--db", db, "--json")
	var st map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st["schema"] != 2.0 || st["raw_pages"] != 8.0 {
		t.Errorf("stats after migration: %s (%v); want schema 2 and 8 distinct raw pages", r.stdout, err)
	}
}

// records reads JSON Lines as generic maps.
func records(t *testing.T, r interface{ Read([]byte) (int, error) }) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
