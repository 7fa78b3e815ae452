package extract_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/extract"
)

var update = flag.Bool("update", false, "rewrite the golden .json files in testdata/pages")

const pagesDir = "../testdata/pages"

// pageURLs reads testdata/pages/urls.tsv: the address each fixture page was
// "saved" from.
func pageURLs(tb testing.TB) map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join(pagesDir, "urls.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	urls := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, u, ok := strings.Cut(sc.Text(), "\t"); ok {
			urls[name] = u
		}
	}
	return urls
}

// fixedNow is the reference time for relative dates in the fixtures.
var fixedNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestFromReader_Golden(t *testing.T) {
	urls := pageURLs(t)
	files, err := filepath.Glob(filepath.Join(pagesDir, "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture pages: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".html"), func(t *testing.T) {
			page, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := extract.FromReader(bytes.NewReader(page), urls[name], &extract.Options{Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".html") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction of %s differs from %s (run go test ./extract -update and review the diff):\n%s", name, filepath.Base(golden), firstDiff(string(want), string(got)))
			}
		})
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func itoa(i int) string { return fmt.Sprint(i) }

// TestFromReader_Seed checks the page annals was built for against the
// visible text of the real page, independently of the golden file.
func TestFromReader_Seed(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(pagesDir, "blogger-seed.html"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := extract.FromReader(bytes.NewReader(page), "https://example.blogspot.com/2024/12/russia-increases-ties.html", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Title, "Russia Increases Ties With Iran’s Axis Of Resistance – Analysis"; got != want {
		t.Errorf("Title=%q, want %q", got, want)
	}
	if got, want := p.Published.String(), "2024-12-04"; got != want {
		t.Errorf("Published=%q, want %q", got, want)
	}
	if got, want := strings.Join(p.Authors, "|"), "Dr. Emil Avdaliani"; got != want {
		t.Errorf("Authors=%q, want %q", got, want)
	}
	if !strings.HasPrefix(p.Text, "On November 19, Israel announced") || !strings.HasSuffix(p.Text, "(TASS, July 2).") {
		t.Errorf("Text does not run from the first to the last seed paragraph:\n%.200s\n...\n%s", p.Text, tail(p.Text, 200))
	}
	for _, bad := range []string{"Pages", "No comments", "Post a Comment", "Posted by", "Email This", "Dr. Emil Avdaliani"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("Text contains %q", bad)
		}
	}
	if got := strings.Count(p.Text, "\n\n"); got != 3 {
		t.Errorf("Text has %d paragraph breaks, want 3", got)
	}
	if p.Comments == nil || len(p.Comments) != 0 {
		t.Errorf("Comments=%v, want []", p.Comments)
	}
	if p.CommentCount == nil || *p.CommentCount != 0 {
		t.Errorf("CommentCount=%v, want 0", p.CommentCount)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

func TestAnalyze_Kind(t *testing.T) {
	listing := `<html><head><meta name="generator" content="blogger"><title>My blog</title></head><body>` +
		strings.Repeat(`<div class="post hentry"><h3 class="post-title entry-title"><a href="/2024/01/a.html">A post</a></h3><div class="post-body entry-content">Some words about a thing, with commas, and more words to make a paragraph of some length.</div></div>`, 5) +
		`</body></html>`
	res, err := extract.Analyze(strings.NewReader(listing), "https://x.blogspot.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != extract.KindListing {
		t.Errorf("Kind=%v for a blog home page, want listing", res.Kind)
	}
	page, _ := os.ReadFile(filepath.Join(pagesDir, "blogger-seed.html"))
	res, _ = extract.Analyze(bytes.NewReader(page), "https://example.blogspot.com/2024/12/russia-increases-ties.html", nil)
	if res.Kind != extract.KindPost {
		t.Errorf("Kind=%v for a post page, want post", res.Kind)
	}
	// A saved page read without its address is still a post.
	res, _ = extract.Analyze(bytes.NewReader(page), "", nil)
	if res.Kind != extract.KindPost {
		t.Errorf("Kind=%v for a post page without its URL, want post", res.Kind)
	}
}

func TestAnalyze_Explain(t *testing.T) {
	page, _ := os.ReadFile(filepath.Join(pagesDir, "wordpress-graph.html"))
	res, err := extract.Analyze(bytes.NewReader(page), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for field, src := range map[string]string{"authors": "json-ld", "published": "json-ld", "title": "json-ld"} {
		c := res.Explain[field]
		if len(c) == 0 || c[0].Source != src {
			t.Errorf("Explain[%s]=%v, want first source %s", field, c, src)
		}
	}
}

func TestFromReader_Charset(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"undeclared utf-8", "<html><body><article><h1>T</h1><p>Привет, мир — это тест. Ещё один абзац текста, достаточно длинный.</p></article></body></html>", "Привет, мир"},
		{"declared windows-1251", "<html><head><meta charset=\"windows-1251\"></head><body><article><p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0 and more words here to be a paragraph.</p></article></body></html>", "Привет, мир"},
		{"re-saved as utf-8 under a legacy declaration", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><article><p>サクサク軽い打ち心地を実現し、キー入力がはかどる薄型キーボードを発売します。</p></article></body></html>", "サクサク軽い打ち心地"},
		{"late http-equiv", "<html><head>" + strings.Repeat("<!-- padding -->", 100) + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><article><p>Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e, and more text for the paragraph.</p></article></body></html>", "Café au lait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := extract.FromReader(strings.NewReader(tt.page), "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Text, tt.want) {
				t.Errorf("Text=%q, want it to contain %q", p.Text, tt.want)
			}
		})
	}
}

func TestFromReader_Sanitize(t *testing.T) {
	page := `<html><body><article><h1>T</h1><div class="entry-content">
<p onclick="evil()">First paragraph with enough words to count as the body of this post, yes.</p>
<script>alert(1)</script><style>p{}</style>
<p><a href="javascript:alert(1)">bad link</a> and <a href="/ok" onmouseover="x()">good link</a> in a sentence that is long enough.</p>
<img src="x.png" onerror="steal()"><iframe src="https://evil.example/"></iframe>
</div></article></body></html>`
	p, err := extract.FromReader(strings.NewReader(page), "https://blog.example/post", nil)
	if err != nil {
		t.Fatal(err)
	}
	low := strings.ToLower(p.HTML)
	for _, bad := range []string{"<script", "<style", "onclick", "onmouseover", "onerror", "javascript:", "<iframe", "alert(1)"} {
		if strings.Contains(low, bad) {
			t.Errorf("HTML contains %q: %s", bad, p.HTML)
		}
	}
	if !strings.Contains(p.HTML, `href="https://blog.example/ok"`) {
		t.Errorf("HTML lost the resolved good link: %s", p.HTML)
	}
}

func TestFromReader_Bounded(t *testing.T) {
	t.Run("deep nesting", func(t *testing.T) {
		page := strings.Repeat("<div>", 10000) + "<p>deep text, deep text, deep text, deep text.</p>" + strings.Repeat("</div>", 10000)
		if _, err := extract.FromReader(strings.NewReader(page), "", nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("large page", func(t *testing.T) {
		if testing.Short() {
			t.Skip("large page in -short mode")
		}
		var b strings.Builder
		b.WriteString("<html><body><article>")
		for i := 0; b.Len() < 20<<20; i++ {
			fmt.Fprintf(&b, "<p>Paragraph %d: lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n", i)
		}
		b.WriteString("</article></body></html>")
		start := time.Now()
		p, err := extract.FromReader(strings.NewReader(b.String()), "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Text) < 10<<20 {
			t.Errorf("Text of %d bytes from a 20 MB page", len(p.Text))
		}
		t.Logf("20 MB page in %v", time.Since(start))
	})
}

func FuzzFromReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(pagesDir, "*.html"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<p>x</p>"))
	f.Add([]byte("<html><head><meta charset=utf-16><script type=application/ld+json>{\"@graph\":[{\"@id\":\"a\",\"author\":{\"@id\":\"a\"}}]}</script>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		p, err := extract.FromReader(bytes.NewReader(page), "https://example.com/2024/01/02/post.html", &extract.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Fatalf("invalid UTF-8 in output")
		}
		for _, s := range append([]string{p.Title, p.Text, p.HTML}, p.Authors...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		if strings.Contains(strings.ToLower(p.HTML), "<script") {
			t.Fatalf("script in sanitized HTML")
		}
		var back annals.Post
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("output does not round-trip: %v", err)
		}
	})
}
