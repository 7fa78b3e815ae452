package crawler_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/internal/sitegen"
)

// TestCrawler_Update revalidates a crawled blog after two new posts and a
// deleted one: the seeds get one conditional request each, the change
// list brings the new posts, links are not followed.
func TestCrawler_Update(t *testing.T) {
	const n = 20
	b := newBlogSite(t, sitegen.Options{Posts: n}, nil)
	var c collector
	opts := fast()
	sum, err := crawler.New(opts).Run(context.Background(), []string{b.URL + "/"}, c.handle)
	if err != nil || !sum.Complete {
		t.Fatalf("crawl: %v, %+v", err, sum)
	}
	host := strings.TrimPrefix(b.URL, "http://")
	newest, ok := sum.Synced[host]
	if !ok || newest.IsZero() {
		t.Fatalf("Synced = %v, want the newest update of %s", sum.Synced, host)
	}
	var mu sync.Mutex
	etags := map[string]string{}
	for u, p := range c.pages {
		etags[u] = p.Header.Get("ETag")
	}

	b.site.Publish(2)
	b.site.Remove(4)
	b.mu.Lock()
	b.reqs = nil
	b.mu.Unlock()
	seeds := []string{b.URL + "/"}
	for i := range n {
		seeds = append(seeds, b.URL+b.site.PostPath(i))
	}
	var u collector
	opts = fast()
	opts.ReportGone = true
	opts.Validators = func(url string) (string, string) {
		mu.Lock()
		defer mu.Unlock()
		return etags[url], ""
	}
	opts.Update = &crawler.Update{
		Since: func(h string) time.Time {
			if h != host {
				t.Errorf("Since(%q)", h)
			}
			return newest
		},
		Known: func(url string) bool { _, ok := etags[url]; return ok },
	}
	sum, err = crawler.New(opts).Run(context.Background(), seeds, u.handle)
	if err != nil || sum.Errors != 0 {
		t.Fatalf("update: %v, %+v", err, sum)
	}
	var notModified, gone, fresh []string
	for url, p := range u.pages {
		path := strings.TrimPrefix(url, b.URL)
		switch {
		case p.Gone:
			gone = append(gone, path)
		case p.NotModified:
			notModified = append(notModified, path)
		case isBlogPost(url):
			fresh = append(fresh, path+" via "+p.Via)
		}
	}
	if len(notModified) != n-1 || len(gone) != 1 || gone[0] != b.site.PostPath(4) {
		t.Errorf("%d not modified, gone %v; want %d and %s", len(notModified), gone, n-1, b.site.PostPath(4))
	}
	if len(fresh) != 2 || !strings.Contains(strings.Join(fresh, " "), b.site.PostPath(21)+" via blogger-feed") {
		t.Errorf("new posts handled: %v", fresh)
	}
	for _, r := range b.requests("/") {
		if strings.HasPrefix(r, "/20") && !strings.Contains(r, "/post-") {
			t.Errorf("a link was followed: %s", r)
		}
	}
	feed := b.requests("/feeds/posts/summary")
	if len(feed) != 1 || !strings.Contains(feed[0], "orderby=updated") || !strings.Contains(feed[0], "updated-min=") {
		t.Errorf("change list requests: %v", feed)
	}
	if got := sum.Synced[host]; !got.After(newest) {
		t.Errorf("Synced after the update = %v, want later than %v", got, newest)
	}
}
