package crawler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/annals-dev/annals/crawler"
)

// TestCrawler_UpdateWordPress updates an archive that has posts 1 to 25 of
// a WordPress site of 27: the REST route is asked what was modified since
// (modified_after), or, without REST, the feed is read back only to the
// first page that lists nothing new.
func TestCrawler_UpdateWordPress(t *testing.T) {
	since := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC) // the site's modified_gmt
	for _, noREST := range []bool{false, true} {
		s := newWPSite(t, 27)
		s.noREST = noREST
		known := map[string]bool{}
		seeds := []string{s.URL + "/"}
		for i := 1; i <= 25; i++ {
			known[s.URL+s.postPath(i)] = true
			seeds = append(seeds, s.URL+s.postPath(i))
		}
		var c collector
		opts := fast()
		opts.Update = &crawler.Update{
			Since: func(string) time.Time { return since },
			Known: func(u string) bool { return known[u] },
		}
		sum, err := crawler.New(opts).Run(context.Background(), seeds, c.handle)
		if err != nil {
			t.Fatal(err)
		}
		var fresh []string
		for u, p := range c.pages {
			if !known[u] && isWPPost(u) {
				fresh = append(fresh, strings.TrimPrefix(u, s.URL)+" via "+p.Via)
			}
		}
		wantVia := "wordpress-api"
		if noREST {
			wantVia = "wordpress-feed"
		}
		if len(fresh) != 2 || !strings.Contains(fresh[0], wantVia) {
			t.Errorf("noREST=%v: new posts %v, want 2 via %s", noREST, fresh, wantVia)
		}
		if n := len(c.paths(s.URL)); n != 28 {
			t.Errorf("noREST=%v: %d pages handled, want 28 (home, 25 seeds, 2 new)", noREST, n)
		}
		switch {
		case !noREST && s.requested("/wp-json/wp/v2/posts?") == 0:
			t.Errorf("REST not asked")
		case !noREST:
			s.mu.Lock()
			for _, r := range s.reqs {
				if strings.HasPrefix(r, "/wp-json/wp/v2/posts?") && !strings.Contains(r, "modified_after=2024-06-01T10") {
					t.Errorf("REST request without modified_after: %s", r)
				}
			}
			s.mu.Unlock()
		case s.requested("/feed/") != 2:
			t.Errorf("feed pages read: %d, want 2 (the second lists nothing new)", s.requested("/feed/"))
		}
		if _, ok := sum.Synced[strings.TrimPrefix(s.URL, "http://")]; !ok {
			t.Errorf("noREST=%v: site not synced: %v", noREST, sum.Synced)
		}
	}
}
