package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals/crawler"
)

// TestCrawler_UpdateSitemap updates a site with no platform interface:
// its sitemap's lastmod says which known posts changed since, and lists a
// post the archive lacks.
func TestCrawler_UpdateSitemap(t *testing.T) {
	since := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	lastmod := map[int]time.Time{1: since.Add(-24 * time.Hour), 2: since.Add(24 * time.Hour), 3: since.Add(-24 * time.Hour), 4: since.Add(-48 * time.Hour)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case p == "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := 1; i <= 4; i++ {
				fmt.Fprintf(w, "<url><loc>http://%s/notes/%d.html</loc><lastmod>%s</lastmod></url>", r.Host, i, lastmod[i].Format("2006-01-02"))
			}
			fmt.Fprint(w, "</urlset>")
		case p == "/":
			fmt.Fprint(w, `<html><body><h1>Notes</h1><a href="/notes/3.html">three</a><a href="/about.html">about</a></body></html>`)
		case strings.HasPrefix(p, "/notes/"):
			fmt.Fprintf(w, `<html><body><article><h1>Note %s</h1><p>Text.</p></article><a href="/about.html">about</a></body></html>`, p)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	post := func(i int) string { return fmt.Sprintf("%s/notes/%d.html", srv.URL, i) }
	known := map[string]bool{post(1): true, post(2): true, post(3): true}
	var c collector
	opts := fast()
	opts.Update = &crawler.Update{
		Since: func(string) time.Time { return since },
		Known: func(u string) bool { return known[u] },
	}
	sum, err := crawler.New(opts).Run(context.Background(), []string{srv.URL + "/", post(1)}, c.handle)
	if err != nil || sum.Errors != 0 {
		t.Fatalf("update: %v, %+v", err, sum)
	}
	got := c.paths(srv.URL)
	sort.Strings(got)
	if want := "/ /notes/1.html /notes/2.html /notes/4.html"; strings.Join(got, " ") != want {
		t.Errorf("handled %v, want %s (not the unchanged known post, not links)", got, want)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	if n, ok := sum.Synced[host]; !ok || !n.Equal(since.Add(24*time.Hour)) {
		t.Errorf("Synced = %v, want %s at the newest lastmod", sum.Synced, host)
	}
}
