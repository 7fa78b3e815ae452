package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/ingest"
	"github.com/nlnwa/gowarc/v3"
	"github.com/santhosh-tekuri/jsonschema/v6"
	bolt "go.etcd.io/bbolt"
)

// Keys of the fixture archive's posts, in key order.
const (
	keyFirst   = "https://a.example/2024/01/first.html"     // two versions, comments
	keyLate    = "https://a.example/2024/06/late.html"      // published 5 June 23:30 at -05:00; gone
	keyUndated = "https://b.example/undated.html"           // no publication date
	keyThird   = "https://www.b.example/2024/03/third.html" // site www.b.example
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// fixtureArchive writes an archive of four posts (five versions) covering
// every export key, and returns its path.
func fixtureArchive(tb testing.TB) string {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "fixture.db")
	s, err := archive.Open(db, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	put := func(key string, p *annals.Post, at time.Time, etag string) {
		tb.Helper()
		p.URL = key
		raw := fmt.Sprintf("<!doctype html><html><head><title>%s</title></head><body><p>%s</p></body></html>\n", p.Title, p.Text)
		_, _, err := s.Put(key, &archive.Fetch{URL: key, FetchedAt: at, Status: 200, ETag: etag,
			LastModified: at.Format(time.RFC1123), Raw: []byte(raw), Post: p})
		if err != nil {
			tb.Fatal(err)
		}
	}
	two := 2
	first := func(text string) *annals.Post {
		return &annals.Post{CanonicalURL: keyFirst, Site: "a.example", Title: "First, with \"quotes\"",
			Authors: []string{"Smith, Jane", "Ed Ng"}, Published: annals.Day(2024, 1, 10), Language: "en",
			Tags: []string{"one", "two"}, Text: text, HTML: "<p>" + text + "</p>", CommentCount: &two,
			Comments: []annals.Comment{
				{ID: "c1", Author: "Reader", AuthorURL: "https://reader.example/", Published: annals.At(day(2024, 1, 11)), Text: "Nice,\nreally."},
				{ID: "c2", ParentID: "c1", Text: "gone", Deleted: true},
				{ID: "c3", Author: "Other blog", Text: "linked", Type: "pingback"},
			}}
	}
	put(keyFirst, first("One."), day(2024, 2, 1).Add(10*time.Hour), `"f1"`)
	edited := first("One, edited.\n\nWith \"quotes\", commas; and more.")
	edited.Updated = annals.At(day(2024, 2, 20).Add(9 * time.Hour))
	put(keyFirst, edited, day(2024, 3, 1).Add(12*time.Hour), `"f2"`)

	late := time.Date(2024, 6, 5, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	put(keyLate, &annals.Post{Site: "a.example", Title: "Late", Published: annals.At(late), Text: "Late post."},
		day(2024, 6, 6).Add(8*time.Hour), "")
	if err := s.MarkGone(keyLate, day(2024, 7, 1), 404); err != nil {
		tb.Fatal(err)
	}
	put(keyUndated, &annals.Post{Site: "b.example", Title: "Undated", Text: "No date."}, day(2024, 4, 1), "")
	put(keyThird, &annals.Post{Site: "www.b.example", Title: "Third", Published: annals.Day(2024, 3, 15),
		Text: "Third post."}, day(2024, 3, 16), "")
	return db
}

// exported runs export with args and returns "key#version" of each record.
func exported(t *testing.T, db string, args ...string) []string {
	t.Helper()
	var got []string
	for _, rec := range exportJSONL(t, ".", db, args...) {
		got = append(got, fmt.Sprintf("%s#%d", rec.Key, rec.Version))
	}
	return got
}

func TestExport_Filters(t *testing.T) {
	db := fixtureArchive(t)
	const (
		first1 = keyFirst + "#1"
		first2 = keyFirst + "#2"
		late   = keyLate + "#1"
		undat  = keyUndated + "#1"
		third  = keyThird + "#1"
	)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"Latest", nil, []string{first2, late, undat, third}},
		{"AllVersions", []string{"--all-versions"}, []string{first1, first2, late, undat, third}},
		{"Site", []string{"--site", "a.example"}, []string{first2, late}},
		{"SiteWithOrWithoutWWW", []string{"--site", "b.example"}, []string{undat, third}},
		{"SitesRepeated", []string{"--site", "www.a.example", "--site", "b.example"}, []string{first2, late, undat, third}},
		{"SitesCommas", []string{"--site", "a.example,nowhere.example"}, []string{first2, late}},
		{"Since", []string{"--since", "2024-03-01"}, []string{late, third}},
		{"UntilThePostsOwnDay", []string{"--until", "2024-06-05"}, []string{first2, late, third}},
		{"SinceThePostsOwnDay", []string{"--since", "2024-06-06"}, nil},
		{"SinceInstant", []string{"--since", "2024-06-06T04:00:00Z"}, []string{late}},
		{"UntilInstant", []string{"--until", "2024-06-06T04:00:00Z"}, []string{first2, third}},
		{"ChangedSinceDay", []string{"--changed-since", "2024-03-10"}, []string{late, undat, third}},
		{"ChangedSinceAllVersions", []string{"--changed-since", "2024-02-15", "--all-versions"}, []string{first2, late, undat, third}},
		{"ChangedSinceIsStrictlyAfter", []string{"--changed-since", "2024-03-01T12:00:00Z", "--all-versions"}, []string{late, undat, third}},
		{"ChangedSinceJustBefore", []string{"--changed-since", "2024-03-01T11:59:59Z", "--all-versions"}, []string{first2, late, undat, third}},
		{"Gone", []string{"--gone"}, []string{late}},
		{"NoGone", []string{"--no-gone"}, []string{first2, undat, third}},
		{"Combined", []string{"--site", "a.example", "--all-versions", "--since", "2024-01-01", "--until", "2024-12-31", "--no-gone"}, []string{first1, first2}},
		{"CombinedNightly", []string{"--site", "a.example", "--changed-since", "2024-02-15", "--all-versions", "--gone"}, []string{late}},
		{"NothingMatches", []string{"--site", "c.example"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exported(t, db, tt.args...); !slices.Equal(got, tt.want) {
				t.Errorf("export %v:\n got %v\nwant %v", tt.args, got, tt.want)
			}
		})
	}
}

// TestExport_Formats checks that every format writes the same versions for
// the same filters, and reads back with a reader of its own.
func TestExport_Formats(t *testing.T) {
	db := fixtureArchive(t)
	dir := t.TempDir()
	filters := []string{"--all-versions", "--site", "a.example", "--changed-since", "2024-01-01"}
	run := func(format string, extra ...string) string {
		t.Helper()
		out := filepath.Join(dir, "out."+format)
		args := append([]string{"export", "--db", db, "--format", format, "-o", out}, filters...)
		r := annalsCmd(t, dir, "", append(args, extra...)...)
		if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "3 post versions written to") {
			t.Fatalf("export --format %s: exit %d, stdout %q, stderr %q", format, r.code, r.stdout, r.stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	jsonl := exportJSONL(t, dir, db, filters...)
	if len(jsonl) != 3 {
		t.Fatalf("jsonl: %d records, want 3", len(jsonl))
	}
	want := map[string]annals.Record{}
	var wantKeys []string
	for _, r := range jsonl {
		k := fmt.Sprintf("%s#%d", r.Key, r.Version)
		want[k] = r
		wantKeys = append(wantKeys, k)
	}

	t.Run("json", func(t *testing.T) {
		var recs []annals.Record
		if err := json.Unmarshal([]byte(run("json")), &recs); err != nil {
			t.Fatal(err)
		}
		if !reflectEqualJSON(t, recs, jsonl) {
			t.Errorf("json array differs from jsonl")
		}
	})

	t.Run("csv", func(t *testing.T) {
		out := run("csv")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		if len(rows) != 4 {
			t.Fatalf("%d rows, want a header and 3", len(rows))
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		var keys []string
		for _, row := range rows[1:] {
			k := row[col["key"]] + "#" + row[col["version"]]
			keys = append(keys, k)
			rec := want[k]
			if row[col["text"]] != rec.Text || row[col["title"]] != rec.Title ||
				row[col["comments"]] != fmt.Sprint(len(rec.Comments)) ||
				row[col["authors"]] != strings.Join(rec.Authors, "; ") ||
				row[col["published"]] != rec.Published.String() ||
				row[col["content_hash"]] != rec.ContentHash {
				t.Errorf("row %s = %q\ndoes not match %+v", k, row, rec)
			}
			if gone := row[col["gone_at"]]; (gone != "") != (rec.GoneAt != nil) {
				t.Errorf("row %s: gone_at %q", k, gone)
			}
		}
		if !slices.Equal(keys, wantKeys) {
			t.Errorf("rows %v, want %v", keys, wantKeys)
		}
		if _, ok := col["html"]; ok {
			t.Errorf("html is a default csv column")
		}
		if !strings.Contains(out, "\r\n") || !strings.Contains(out, "edited.\n\nWith") {
			t.Errorf("want CRLF between records and the text's own line breaks inside fields")
		}
	})

	t.Run("csv-comments", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(run("csv-comments"))).ReadAll()
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		// The two versions of the first post have three comments each.
		if len(rows) != 7 {
			t.Fatalf("%d rows, want a header and 6:\n%q", len(rows), rows)
		}
		for _, row := range rows[1:] {
			k := row[0] + "#" + row[2]
			rec, ok := want[k]
			if !ok || row[1] != rec.URL {
				t.Errorf("comment row %q belongs to no exported version", row)
				continue
			}
			var pos int
			fmt.Sscan(row[4], &pos)
			c := rec.Comments[pos-1]
			if row[5] != c.ID || row[6] != c.ParentID || row[12] != c.Text || row[11] != fmt.Sprint(c.Deleted) || row[10] != c.Type {
				t.Errorf("comment row %q, want %+v", row, c)
			}
		}
	})

	t.Run("warc", func(t *testing.T) {
		out := run("warc")
		s, err := archive.Open(db, &archive.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		r, err := gowarc.NewWarcFileReaderFromStream(strings.NewReader(out), 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var types, keys []string
		for rec, err := range r.Records() {
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if len(rec.Validation) > 0 {
				t.Errorf("validation: %v", rec.Validation)
			}
			wr := rec.WarcRecord
			types = append(types, wr.Type().String())
			switch wr.Type() {
			case gowarc.Response:
				blk := wr.Block().(gowarc.HttpResponseBlock)
				payload, _ := io.ReadAll(must(blk.PayloadBytes()))
				target := wr.WarcHeader().Get(gowarc.WarcTargetURI)
				date, _ := wr.WarcHeader().GetTime(gowarc.WarcDate)
				var raw []byte
				for _, rec := range want {
					if rec.URL == target && rec.FetchedAt.Equal(date) {
						if raw, err = s.Raw(rec.Key, rec.Version); err != nil {
							t.Fatal(err)
						}
					}
				}
				if raw == nil || !bytes.Equal(payload, raw) || blk.HttpStatusCode() != 200 {
					t.Errorf("response for %s at %v: payload %q, archived %q", target, date, payload, raw)
				}
			case gowarc.Metadata:
				var got annals.Record
				b, _ := io.ReadAll(must(wr.Block().RawBytes()))
				if err := json.Unmarshal(b, &got); err != nil {
					t.Fatal(err)
				}
				k := fmt.Sprintf("%s#%d", got.Key, got.Version)
				keys = append(keys, k)
				if !reflectEqualJSON(t, got, want[k]) {
					t.Errorf("metadata record %s differs from the jsonl record", k)
				}
			}
			rec.Close()
		}
		wantTypes := []string{"warcinfo"}
		for range wantKeys {
			wantTypes = append(wantTypes, "request", "response", "metadata")
		}
		if !slices.Equal(types, wantTypes) || !slices.Equal(keys, wantKeys) {
			t.Errorf("records %v for %v, want %v for %v", types, keys, wantTypes, wantKeys)
		}
	})

	t.Run("fields", func(t *testing.T) {
		out := run("jsonl", "--fields", "version, key,title")
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if !regexp.MustCompile(`^\{"version":\d+,"key":"[^"]+","title":".*"\}$`).MatchString(line) {
				t.Errorf("line %s", line)
			}
		}
		out = run("csv", "--fields", "key,version,html")
		if !strings.HasPrefix(out, "key,version,html\r\n"+keyFirst+",1,<p>One.</p>\r\n") {
			t.Errorf("csv --fields:\n%s", out)
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// reflectEqualJSON compares two values by their JSON.
func reflectEqualJSON(t *testing.T, a, b any) bool {
	t.Helper()
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return bytes.Equal(x, y)
}

// TestExport_Schema validates real export output, from the fixture archive
// and from a crawl, against the published JSON Schema, and checks the
// README documents every key it names.
func TestExport_Schema(t *testing.T) {
	schemaPath := filepath.Join("..", "..", "schema", "export-record.schema.json")
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("export-record.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("export-record.schema.json")
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	validate := func(t *testing.T, what string, line []byte) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s does not match the schema: %v\n%s", what, err, line)
		}
	}

	site := newBlogSite(t)
	work := t.TempDir()
	crawled := filepath.Join(work, "crawl.db")
	if r := annalsCmd(t, work, "", "crawl", "--db", crawled, "--delay", "0", site.URL+"/"); r.code != 0 {
		t.Fatalf("crawl: exit %d: %s", r.code, r.stderr)
	}
	n := 0
	for _, db := range []string{fixtureArchive(t), crawled} {
		// The fixture archive was written before versions recorded their
		// extractor; a crawl records this build's.
		wantExtractor := ingest.Extractor()
		if db != crawled {
			wantExtractor = annals.UnknownExtractor
		}
		r := annalsCmd(t, work, "", "export", "--db", db, "--all-versions")
		sc := bufio.NewScanner(strings.NewReader(r.stdout))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			n++
			validate(t, fmt.Sprintf("jsonl record %d", n), sc.Bytes())
			var rec annals.Record
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.Extractor != wantExtractor {
				t.Errorf("jsonl record %d: extractor %q (%v), want %q", n, rec.Extractor, err, wantExtractor)
			}
		}
		r = annalsCmd(t, work, "", "export", "--db", db, "--format", "json")
		var arr []json.RawMessage
		if err := json.Unmarshal([]byte(r.stdout), &arr); err != nil {
			t.Fatal(err)
		}
		for i, rec := range arr {
			validate(t, fmt.Sprintf("json element %d", i), rec)
		}
		show := annalsCmd(t, work, "", "show", "--db", db, "--json", keyFirst)
		if show.code == 0 {
			validate(t, "show --json", []byte(show.stdout))
		}
	}
	if n < 10 {
		t.Errorf("validated only %d records", n)
	}

	// Not every record passes: the schema is strict about keys and types.
	validateFails := func(line string) {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if sch.Validate(v) == nil {
			t.Errorf("schema accepts %s", line)
		}
	}
	ok := `"key":"k","url":"u","comments":[],"version":1,"fetched_at":"2024-12-04T10:00:00Z","content_hash":"sha256:` + strings.Repeat("0", 64) + `","comments_complete":true`
	validate(t, "minimal record", []byte("{"+ok+"}"))
	validateFails(`{` + ok + `,"surprise":1}`)
	validateFails(`{` + ok + `,"published":"4 Dec 2024"}`)
	validateFails(`{"url":"u"}`)

	// The README documents every key.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var props struct {
		Properties map[string]any `json:"properties"`
		Defs       struct {
			Comment struct {
				Properties map[string]any `json:"properties"`
			} `json:"comment"`
		} `json:"$defs"`
	}
	b, _ := os.ReadFile(schemaPath)
	if err := json.Unmarshal(b, &props); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range props.Properties {
		keys = append(keys, k)
	}
	for k := range props.Defs.Comment.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !bytes.Contains(readme, []byte("`"+k+"`")) {
			t.Errorf("README does not document the export key %q", k)
		}
	}
}

func TestExport_Atomic(t *testing.T) {
	db := fixtureArchive(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "posts.jsonl")

	r := annalsCmd(t, dir, "", "export", "--db", db, "-o", out)
	if r.code != 0 {
		t.Fatalf("export -o: exit %d: %s", r.code, r.stderr)
	}
	good, _ := os.ReadFile(out)
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 || strings.Count(string(good), "\n") != 4 {
		t.Fatalf("export -o wrote %v, %v:\n%s", fi, err, good)
	}

	// Make the archive fail half way: large posts first, then one whose
	// version cannot be decoded.
	s, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("A long paragraph of text. ", 20000)
	for i := range 3 {
		key := fmt.Sprintf("https://a.example/0%d-big.html", i)
		if _, _, err := s.Put(key, &archive.Fetch{URL: key, FetchedAt: day(2024, 5, 1), Status: 200,
			Post: &annals.Post{URL: key, Title: "Big", Text: big}}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	bdb, err := bolt.Open(db, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		// The post's summary (see archive/layout.go).
		return tx.Bucket([]byte("posts")).Put([]byte(keyUndated), []byte("{not json"))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}

	for _, format := range []string{"jsonl", "json", "csv", "warc"} {
		r := annalsCmd(t, dir, "", "export", "--db", db, "--format", format, "-o", out)
		if r.code != 1 || !strings.Contains(r.stderr, keyUndated) {
			t.Errorf("%s: exit %d, stderr %q; want 1 naming the broken post", format, r.code, r.stderr)
		}
		if b, _ := os.ReadFile(out); !bytes.Equal(b, good) {
			t.Errorf("%s: a failed export replaced %s", format, out)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("%s: a failed export left files behind: %v", format, entries)
		}
	}
	r = annalsCmd(t, dir, "", "export", "--db", db, "--format", "jsonl", "-o", filepath.Join(dir, "new.jsonl"))
	if _, err := os.Stat(filepath.Join(dir, "new.jsonl")); r.code != 1 || err == nil {
		t.Errorf("a failed export created its output file (exit %d)", r.code)
	}
}

func TestImport(t *testing.T) {
	src := fixtureArchive(t)
	dir := t.TempDir()
	all := filepath.Join(dir, "all.jsonl")
	if r := annalsCmd(t, dir, "", "export", "--db", src, "--all-versions", "-o", all); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	want, _ := os.ReadFile(all)
	dst := filepath.Join(dir, "moved.db")
	exportAll := func(db string) string {
		r := annalsCmd(t, dir, "", "export", "--db", db, "--all-versions")
		if r.code != 0 {
			t.Fatalf("export: %s", r.stderr)
		}
		return r.stdout
	}
	stats := func(db string) string { return annalsCmd(t, dir, "", "stats", "--db", db, "--json").stdout }

	r := annalsCmd(t, dir, "", "import", "--db", dst, all)
	if r.code != 0 || !strings.Contains(r.stderr, "5 records: 5 versions added, 0 already present, 0 skipped") {
		t.Fatalf("first import: exit %d: %s", r.code, r.stderr)
	}
	if got := exportAll(dst); got != string(want) {
		t.Errorf("the imported archive exports differently:\n%s\nwant\n%s", got, want)
	}
	before := stats(dst)

	t.Run("Twice", func(t *testing.T) {
		r := annalsCmd(t, dir, "", "import", "--db", dst, all)
		if r.code != 0 || !strings.Contains(r.stderr, "5 records: 0 versions added, 5 already present, 0 skipped") {
			t.Errorf("second import: exit %d: %s", r.code, r.stderr)
		}
		if got := exportAll(dst); got != string(want) {
			t.Errorf("a second import changed the export")
		}
		if after := stats(dst); after != before {
			t.Errorf("a second import changed the stats:\n%s\nwant\n%s", after, before)
		}
	})

	t.Run("IntoItsSource", func(t *testing.T) {
		r := annalsCmd(t, dir, "", "import", "--db", src, all)
		if r.code != 0 || !strings.Contains(r.stderr, "0 versions added, 5 already present") {
			t.Errorf("import into its own archive: exit %d: %s", r.code, r.stderr)
		}
	})

	t.Run("JSONArrayGzipStdin", func(t *testing.T) {
		arr := filepath.Join(dir, "latest.json")
		if r := annalsCmd(t, dir, "", "export", "--db", src, "--format", "json", "-o", arr); r.code != 0 {
			t.Fatal(r.stderr)
		}
		b, _ := os.ReadFile(arr)
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(b)
		zw.Close()
		db := filepath.Join(dir, "latest.db")
		r := annalsCmd(t, dir, gz.String(), "import", "--db", db, "-")
		if r.code != 0 || !strings.Contains(r.stderr, "4 records: 4 versions added") {
			t.Fatalf("import of a gzip JSON array from stdin: exit %d: %s", r.code, r.stderr)
		}
		// The latest version alone is version 1 in the new archive.
		if got := exported(t, db); !slices.Equal(got, []string{keyFirst + "#1", keyLate + "#1", keyUndated + "#1", keyThird + "#1"}) {
			t.Errorf("imported %v", got)
		}
		// Then the full history: the first post's older version is
		// skipped (versions are never inserted), the rest is there.
		r = annalsCmd(t, dir, "", "import", "--db", db, all)
		if r.code != 0 || !strings.Contains(r.stderr, "0 versions added, 4 already present, 1 skipped") {
			t.Errorf("import of the history after the latest: exit %d: %s", r.code, r.stderr)
		}
	})

	t.Run("ExtractOutput", func(t *testing.T) {
		// Posts without the archive's fields (annals extract's output)
		// import: content_hash computed, fetched_at the import's.
		page, err := filepath.Abs(filepath.Join("..", "..", "testdata", "pages", "blogger-seed.html"))
		if err != nil {
			t.Fatal(err)
		}
		u := "https://example.blogspot.com/2024/12/russia-increases-ties.html"
		x := annalsCmd(t, dir, "", "extract", "--url", u, page)
		if x.code != 0 {
			t.Fatal(x.stderr)
		}
		db := filepath.Join(t.TempDir(), "x.db")
		if r := annalsCmd(t, dir, x.stdout, "import", "--db", db, "-"); r.code != 0 || !strings.Contains(r.stderr, "1 versions added") {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if r := annalsCmd(t, dir, x.stdout, "import", "--db", db, "-"); r.code != 0 || !strings.Contains(r.stderr, "0 versions added, 1 already present") {
			t.Errorf("second import: exit %d: %s", r.code, r.stderr)
		}
		r := annalsCmd(t, dir, "", "export", "--db", db)
		var rec annals.Record
		if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
			t.Fatalf("%v: %s", err, r.stdout)
		}
		if rec.URL != u || rec.ContentHash == "" || rec.ContentHash != rec.Post.ContentHash() || rec.FetchedAt.IsZero() || !strings.Contains(rec.Text, "On November 19, Israel announced") {
			t.Errorf("imported record: url %q, content_hash %q, fetched_at %v", rec.URL, rec.ContentHash, rec.FetchedAt)
		}
		if r := annalsCmd(t, dir, `{"title":"No address"}`, "import", "--db", db, "-"); r.code != 1 || !strings.Contains(r.stderr, "record 1: no url") {
			t.Errorf("record without url: exit %d: %s", r.code, r.stderr)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		cut := filepath.Join(dir, "cut.jsonl")
		if r := annalsCmd(t, dir, "", "export", "--db", src, "--fields", "key,url,title,fetched_at,content_hash", "-o", cut); r.code != 0 {
			t.Fatal(r.stderr)
		}
		edited := filepath.Join(dir, "edited.jsonl")
		os.WriteFile(edited, bytes.Replace(want, []byte(`"title":"Third"`), []byte(`"title":"Edited"`), 1), 0o644)
		garbage := filepath.Join(dir, "garbage.jsonl")
		os.WriteFile(garbage, []byte(strings.SplitAfter(string(want), "\n")[0]+"{nope\n"), 0o644)
		tests := []struct {
			name string
			args []string
			code int
			msg  string
		}{
			{"NoFile", []string{"import"}, 2, "FILE"},
			{"MissingFile", []string{"import", filepath.Join(dir, "none.jsonl")}, 1, "no such file"},
			{"CutWithFields", []string{"import", cut}, 1, "record 1: content_hash does not match"},
			{"Edited", []string{"import", edited}, 1, "record 5: content_hash does not match"},
			{"Garbage", []string{"import", garbage}, 1, "record 2: invalid character"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "x.db")
				r := annalsCmd(t, dir, "", append(tt.args, "--db", db)...)
				if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
					t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.msg)
				}
			})
		}
	})
}

func TestExport_Errors(t *testing.T) {
	db := fixtureArchive(t)
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"GoneAndNoGone", []string{"--gone", "--no-gone"}, "exclude each other"},
		{"UnknownField", []string{"--fields", "title,bogus"}, `no field "bogus"`},
		{"FieldForCSVComments", []string{"--format", "csv-comments", "--fields", "title"}, `no field "title"`},
		{"WARCFields", []string{"--format", "warc", "--fields", "title"}, "warc takes none"},
		{"BadChangedSince", []string{"--changed-since", "last week"}, "YYYY-MM-DD"},
		{"Argument", []string{"posts.jsonl"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := annalsCmd(t, ".", "", append([]string{"export", "--db", db}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.msg) || r.stdout != "" ||
				strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and one line with %q", r.code, r.stdout, r.stderr, tt.msg)
			}
		})
	}
}
