package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/internal/sitegen"
)

// blogSite serves a sitegen blog and records the requests; block, when
// set, answers 404 for paths it returns true for.
type blogSite struct {
	*httptest.Server
	site  *sitegen.Site
	block func(path string) bool
	mu    sync.Mutex
	reqs  []string // request URIs
}

func newBlogSite(tb testing.TB, opts sitegen.Options, block func(string) bool) *blogSite {
	tb.Helper()
	b := &blogSite{site: sitegen.New(opts), block: block}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		b.reqs = append(b.reqs, r.URL.RequestURI())
		b.mu.Unlock()
		if b.block != nil && b.block(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		b.site.ServeHTTP(w, r)
	}))
	tb.Cleanup(b.Close)
	return b
}

func (b *blogSite) requests(prefix string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, r := range b.reqs {
		if strings.HasPrefix(r, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// vias returns how many handled pages each route found, for pages whose
// path matches isPost.
func (c *collector) vias(isPost func(string) bool) map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for u, p := range c.pages {
		if isPost(u) {
			out[p.Via]++
		}
	}
	return out
}

func isBlogPost(u string) bool { return strings.Contains(u, "/post-") && strings.HasSuffix(u, ".html") }
func isWPPost(u string) bool   { return wpPostRE.MatchString(u[strings.Index(u[8:], "/")+8:]) }
func fast() *crawler.Options {
	return &crawler.Options{Depth: -1, Parallel: 4, RetryWait: time.Millisecond}
}
func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestCrawler_Routes(t *testing.T) {
	t.Run("BloggerFeed", func(t *testing.T) {
		// 250 posts: the summary feed in pages of 100 (Blogger's cap),
		// every post by that route, no sitemap, no listing page.
		b := newBlogSite(t, sitegen.Options{Posts: 250}, nil)
		var c collector
		sum := mustRun(t, fast(), []string{b.URL + "/"}, &c)
		if got := c.vias(isBlogPost); got[crawler.ViaBloggerFeed] != 250 || len(got) != 1 {
			t.Errorf("posts by route: %v, want all 250 by %s", got, crawler.ViaBloggerFeed)
		}
		feeds := b.requests("/feeds/posts/summary")
		if len(feeds) != 3 {
			t.Errorf("feed pages requested: %q, want start-index 1, 101, 201", feeds)
		}
		if s := b.requests("/sitemap"); len(s) != 0 {
			t.Errorf("sitemaps requested although the feed listed every post: %q", s)
		}
		for _, r := range b.requests("/") {
			if strings.HasPrefix(r, "/20") && !strings.HasSuffix(r, ".html") || strings.HasPrefix(r, "/search") || strings.HasPrefix(r, "/p/") {
				t.Errorf("listing page %s requested: the feed is complete", r)
			}
		}
		if !sum.Complete || sum.Errors != 0 || sum.Left != 0 {
			t.Errorf("Complete=%v Errors=%d Left=%d", sum.Complete, sum.Errors, sum.Left)
		}
		for u, p := range c.pages {
			if isBlogPost(u) && (p.ListedComments != 3 || p.Modified.IsZero() || p.Depth != 1) {
				t.Errorf("%s: ListedComments=%d Modified=%v Depth=%d, want the feed's count, date and depth 1", u, p.ListedComments, p.Modified, p.Depth)
				break
			}
		}
	})

	t.Run("BloggerFeedMissing", func(t *testing.T) {
		// No posts feed: the sitemap index is next, then links.
		b := newBlogSite(t, sitegen.Options{Posts: 40}, func(p string) bool { return strings.HasPrefix(p, "/feeds/") })
		var c collector
		mustRun(t, fast(), []string{b.URL + "/"}, &c)
		got := c.vias(isBlogPost)
		if total(got) != 40 || got[crawler.ViaSitemap] < 30 {
			t.Errorf("posts by route: %v, want 40, most by sitemap", got)
		}
	})

	t.Run("WordPressAPI", func(t *testing.T) {
		wp := newWPSite(t, 230)
		var c collector
		sum := mustRun(t, fast(), []string{wp.URL + "/"}, &c)
		if got := c.vias(isWPPost); got[crawler.ViaWordPressAPI] != 230 || len(got) != 1 {
			t.Errorf("posts by route: %v, want all 230 by %s", got, crawler.ViaWordPressAPI)
		}
		if n := wp.requested("/wp-json/wp/v2/posts"); n != 3 {
			t.Errorf("%d API pages requested, want 3 (X-WP-TotalPages)", n)
		}
		if n := wp.requested("/page/") + wp.requested("/feed/") + wp.requested("/wp-sitemap"); n != 0 {
			t.Errorf("%d pager, feed or sitemap requests although the API listed every post", n)
		}
		if !sum.Complete {
			t.Errorf("not complete: %+v", sum)
		}
	})

	t.Run("WordPressFeed", func(t *testing.T) {
		// REST blocked: the feed paged with ?paged=N until a 404.
		wp := newWPSite(t, 45)
		wp.noREST = true
		var c collector
		mustRun(t, fast(), []string{wp.URL + "/"}, &c)
		if got := c.vias(isWPPost); got[crawler.ViaWordPressFeed] != 45 {
			t.Errorf("posts by route: %v, want all 45 by %s", got, crawler.ViaWordPressFeed)
		}
		if n := wp.requested("/feed/"); n != 6 {
			t.Errorf("%d feed pages requested, want 5 and the 404 after", n)
		}
		if n := wp.requested("/wp-sitemap"); n != 0 {
			t.Errorf("sitemap requested after a complete feed")
		}
	})

	t.Run("WordPressFeedIgnoresPaged", func(t *testing.T) {
		// The feed serves page 1 whatever ?paged says: that route is
		// incomplete, so the sitemap comes next.
		wp := newWPSite(t, 45)
		wp.noREST, wp.feedNoPaging = true, true
		var c collector
		mustRun(t, fast(), []string{wp.URL + "/"}, &c)
		got := c.vias(isWPPost)
		if total(got) != 45 || got[crawler.ViaSitemap] < 25 {
			t.Errorf("posts by route: %v, want 45, the older ones by sitemap", got)
		}
		if n := wp.requested("/feed/"); n > 3 {
			t.Errorf("%d feed requests for a feed that ignores paging", n)
		}
	})

	t.Run("HTMLPager", func(t *testing.T) {
		// Nothing but pages: the /page/N/ pager finds every post.
		wp := newWPSite(t, 35)
		wp.noREST, wp.noFeed, wp.noSitemap = true, true, true
		var c collector
		mustRun(t, fast(), []string{wp.URL + "/"}, &c)
		if got := c.vias(isWPPost); got[crawler.ViaLink] != 35 {
			t.Errorf("posts by route: %v, want all 35 by link", got)
		}
	})

	t.Run("FeedPaging", func(t *testing.T) {
		// A site with no platform and no sitemap, and an Atom feed of
		// three pages linked with rel=next (RFC 5005 prev-archive too).
		var s *httptest.Server
		s = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/":
				fmt.Fprint(w, `<!DOCTYPE html><title>x</title><link rel="alternate" type="application/atom+xml" href="/atom.xml"><p>home</p>`)
			case "/atom.xml":
				page := max(1, atoi(r.URL.Query().Get("page")))
				w.Header().Set("Content-Type", "application/atom+xml")
				fmt.Fprint(w, `<feed xmlns="http://www.w3.org/2005/Atom">`)
				switch page {
				case 1:
					fmt.Fprint(w, `<link rel="next" href="/atom.xml?page=2"/>`)
				case 2:
					fmt.Fprint(w, `<link rel="prev-archive" href="/atom.xml?page=3"/>`)
				}
				for i := 1; i <= 4; i++ {
					fmt.Fprintf(w, `<entry><link rel="alternate" type="text/html" href="%s/a/%d-%d.html"/></entry>`, s.URL, page, i)
				}
				fmt.Fprint(w, `</feed>`)
			default:
				if strings.HasPrefix(r.URL.Path, "/a/") {
					fmt.Fprintf(w, `<!DOCTYPE html><title>%s</title><p>post</p>`, r.URL.Path)
					return
				}
				http.NotFound(w, r)
			}
		}))
		defer s.Close()
		var c collector
		mustRun(t, fast(), []string{s.URL + "/"}, &c)
		if got := c.vias(func(u string) bool { return strings.Contains(u, "/a/") }); got[crawler.ViaFeed] != 12 {
			t.Errorf("posts by route: %v, want 12 by feed", got)
		}
	})
}

func TestCrawler_Comments(t *testing.T) {
	// fetcher is a Handler that fetches the comments of the posts whose
	// page hides some, as cmd/annals does.
	type result struct {
		hidden bool
		cs     *crawler.Comments
		err    error
	}
	run := func(t *testing.T, opts *crawler.Options, seeds []string, want func(string) bool) map[string]result {
		t.Helper()
		var mu sync.Mutex
		out := map[string]result{}
		_, err := crawler.New(opts).Run(context.Background(), seeds, func(ctx context.Context, p *crawler.Page) error {
			if !want(p.URL) {
				return nil
			}
			res := result{hidden: p.CommentsHidden()}
			res.cs, res.err = p.FetchComments(ctx)
			mu.Lock()
			out[p.URL] = res
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}

	t.Run("BloggerLoadMore", func(t *testing.T) {
		b := newBlogSite(t, sitegen.Options{Posts: 3, CommentsPerPost: 120, CommentsShown: 20}, nil)
		got := run(t, fast(), []string{b.URL + "/"}, isBlogPost)
		if len(got) != 3 {
			t.Fatalf("%d posts, want 3", len(got))
		}
		for u, r := range got {
			if r.err != nil || !r.hidden {
				t.Fatalf("%s: hidden=%v err=%v", u, r.hidden, r.err)
			}
			cs := r.cs
			if cs.Via != crawler.ViaBloggerFeed || cs.Total != 120 || !cs.Complete || len(cs.Entries) != 120 {
				t.Fatalf("%s: Via=%q Total=%d Complete=%v entries=%d", u, cs.Via, cs.Total, cs.Complete, len(cs.Entries))
			}
			replies, ids := 0, map[string]bool{}
			for _, c := range cs.Entries {
				if c.ID == "" || c.Text == "" || c.Author == "" || c.Published.IsZero() || ids[c.ID] {
					t.Fatalf("bad or repeated entry %+v", c)
				}
				ids[c.ID] = true
				if c.ParentID != "" {
					if !ids[c.ParentID] {
						t.Errorf("reply %s before its parent %s", c.ID, c.ParentID)
					}
					replies++
				}
			}
			if replies != 40 {
				t.Errorf("%d replies, want 40", replies)
			}
		}
		// 120 comments in pages of at most 50: three requests per post.
		if n := len(b.requests("/feeds/")) - len(b.requests("/feeds/posts/")); n != 9 {
			t.Errorf("%d comment feed requests, want 9", n)
		}
	})

	t.Run("WordPressAPI", func(t *testing.T) {
		wp := newWPSite(t, 3)
		wp.comments[2] = 150
		wp.commentsShown = 50
		got := run(t, fast(), []string{wp.URL + "/"}, isWPPost)
		r := got[wp.URL+wp.postPath(2)]
		if r.err != nil || !r.hidden || r.cs.Via != crawler.ViaWordPressAPI || r.cs.Total != 150 || len(r.cs.Entries) != 150 || !r.cs.Complete {
			t.Fatalf("post 2: %+v err=%v", r.cs, r.err)
		}
		c := r.cs.Entries[2]
		if c.ID != "2003" || c.ParentID != "2002" || c.Text != "Comment number 3." || c.Author != "Reader 3" || c.Published.IsZero() {
			t.Errorf("third comment=%+v", c)
		}
		if n := wp.requested("/wp-json/wp/v2/comments"); n != 2+2 {
			t.Errorf("%d comment API requests, want 2 for post 2 and one for each other post", n)
		}
	})

	t.Run("WordPressCommentPages", func(t *testing.T) {
		wp := newWPSite(t, 2)
		wp.noREST = true
		wp.comments[1] = 23
		wp.commentsShown = 10
		got := run(t, fast(), []string{wp.URL + "/"}, isWPPost)
		r := got[wp.URL+wp.postPath(1)]
		// The post shows the newest of three pages; its comment pages 1
		// and 2 link to page 3 too, which repeats the post's comments (the
		// merge removes them).
		if r.err != nil || r.cs.Via != crawler.ViaCommentPages || len(r.cs.Pages) != 3 || !r.cs.Complete {
			t.Fatalf("post 1: %+v err=%v", r.cs, r.err)
		}
		for _, p := range r.cs.Pages {
			if !strings.Contains(p.URL, "/comment-page-") || !strings.Contains(string(p.Body), "comment-list") {
				t.Errorf("comment page %s", p.URL)
			}
		}
		// Comment pages are fetched for their post, never as pages.
		if n := wp.requested(wp.postPath(1) + "comment-page-"); n != 3 {
			t.Errorf("comment pages requested %d times, want 3", n)
		}
	})

	t.Run("NoRoute", func(t *testing.T) {
		s := newTestSite(t, nil)
		got := run(t, &crawler.Options{Depth: 0}, []string{s.URL + pathWinter}, func(string) bool { return true })
		if r := got[s.URL+pathWinter]; !errors.Is(r.err, crawler.ErrNoCommentRoute) && r.err == nil {
			t.Errorf("err=%v, want an error for a post whose feed is missing", r.err)
		}
	})
}
