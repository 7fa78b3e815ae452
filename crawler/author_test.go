package crawler_test

import (
	"context"
	"sync"
	"testing"

	"github.com/annals-dev/annals/crawler"
)

// TestPlatformAuthor: a post whose page names no author gets it from the
// platform, by the cheapest route the crawl already took: the feed's
// dc:creator, the REST listing's author id (one users request per
// author), else the page's oEmbed endpoint.
func TestPlatformAuthor(t *testing.T) {
	for _, tt := range []struct {
		name           string
		noREST, noFeed bool
		via            string
		users, oembeds int
	}{
		{"RESTListing", false, false, crawler.AuthorViaAPI, 1, 0},
		{"Feed", true, false, crawler.AuthorViaFeed, 0, 0},
		{"OEmbed", true, true, crawler.AuthorViaOEmbed, 0, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wp := newWPSite(t, 4)
			wp.noByline, wp.noREST, wp.noFeed = true, tt.noREST, tt.noFeed
			var mu sync.Mutex
			got := map[string]string{}
			mustRunWith(t, fast(), []string{wp.URL + "/"}, func(ctx context.Context, p *crawler.Page) error {
				if !isWPPost(p.URL) {
					return nil
				}
				name, via, err := p.PlatformAuthor(ctx)
				if err != nil {
					t.Errorf("%s: %v", p.URL, err)
				}
				mu.Lock()
				got[p.URL] = name + " via " + via
				mu.Unlock()
				return nil
			})
			if len(got) != 4 {
				t.Fatalf("%d posts, want 4", len(got))
			}
			for u, g := range got {
				if g != "Ann Writer via "+tt.via {
					t.Errorf("%s: %q, want Ann Writer via %s", u, g, tt.via)
				}
			}
			if n := wp.requested("/wp-json/wp/v2/users/"); n != tt.users {
				t.Errorf("%d users requests, want %d", n, tt.users)
			}
			if n := wp.requested("/wp-json/oembed/"); n != tt.oembeds {
				t.Errorf("%d oEmbed requests, want %d", n, tt.oembeds)
			}
		})
	}
}
