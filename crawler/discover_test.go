package crawler

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

func mustParse(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func TestParseHTML(t *testing.T) {
	t.Run("WordPress", func(t *testing.T) {
		page := `<!DOCTYPE html><html><head>
<meta name="Generator" content="WordPress 6.5.2">
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="https://example.com/feed/">
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed" href="https://example.com/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="Site &raquo; A Post Comments Feed" href="https://example.com/2024/01/a-post/feed/">
<link rel="https://api.w.org/" href="https://example.com/wp-json/">
</head><body><a href="../b-post/">b</a> <a href="#top">top</a> <a href=" /c ">c</a><area href="/d"></body></html>`
		hl, err := parseHTML([]byte(page), mustParse(t, "https://example.com/2024/01/a-post/"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hl.platform, platformWordPress; got != want {
			t.Errorf("platform=%q, want %q", got, want)
		}
		if got, want := hl.feeds, []string{"https://example.com/feed/"}; !slices.Equal(got, want) {
			t.Errorf("feeds=%q, want %q", got, want)
		}
		want := []string{"https://example.com/2024/01/b-post/", "https://example.com/c", "https://example.com/d"}
		if got := hl.links; !slices.Equal(got, want) {
			t.Errorf("links=%q, want %q", got, want)
		}
	})

	t.Run("BaseHref", func(t *testing.T) {
		page := `<html><head><base href="https://cdn.example.com/blog/"></head><body><a href="post.html">p</a></body></html>`
		hl, err := parseHTML([]byte(page), mustParse(t, "https://example.com/"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hl.links, []string{"https://cdn.example.com/blog/post.html"}; !slices.Equal(got, want) {
			t.Errorf("links=%q, want %q", got, want)
		}
	})
}

func TestParseXML(t *testing.T) {
	base := mustParse(t, "https://example.com/feed/")
	tests := []struct {
		name, doc string
		kind      string
		pages     []string
		sitemaps  []string
		feeds     []string
	}{
		{
			name: "RSS2",
			doc: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<atom:link href="https://example.com/feed/" rel="self" type="application/rss+xml" />
<item><title>A &amp; B&nbsp;</title><link>https://example.com/a/</link><guid isPermaLink="false">https://example.com/?p=1</guid></item>
<item><title>guid only</title><guid>https://example.com/b/</guid></item>
<item><title>guid not a link</title><guid isPermaLink="false">https://example.com/?p=3</guid></item>
</channel></rss>`,
			kind:  docFeed,
			pages: []string{"https://example.com/a/", "https://example.com/b/"},
		},
		{
			name: "Atom",
			doc: `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="next" href="/feeds/posts/default?start-index=26&amp;max-results=25"/>
<entry><link rel="replies" type="text/html" href="/p.html#comment-form"/><link rel="alternate" type="text/html" href="/p.html"/></entry>
<entry><link href="https://example.com/q.html"/></entry></feed>`,
			kind:  docFeed,
			pages: []string{"https://example.com/p.html", "https://example.com/q.html"},
			feeds: []string{"https://example.com/feeds/posts/default?start-index=26&max-results=25"},
		},
		{
			name:  "RSS1",
			doc:   `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><link>https://example.com/r</link></item></rdf:RDF>`,
			kind:  docFeed,
			pages: []string{"https://example.com/r"},
		},
		{
			name:     "SitemapIndex",
			doc:      `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc> https://example.com/sitemap.xml?page=1 </loc></sitemap></sitemapindex>`,
			kind:     docSitemap,
			sitemaps: []string{"https://example.com/sitemap.xml?page=1"},
		},
		{
			name:  "Latin1",
			doc:   "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://example.com/caf\xe9</loc></url></urlset>",
			kind:  docSitemap,
			pages: []string{"https://example.com/caf%C3%A9"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := parseXML([]byte(tt.doc), base)
			if err != nil {
				t.Fatal(err)
			}
			if x.kind != tt.kind {
				t.Errorf("kind=%q, want %q", x.kind, tt.kind)
			}
			if got := x.pageURLs(); !slices.Equal(got, tt.pages) {
				t.Errorf("pages=%q, want %q", got, tt.pages)
			}
			if !slices.Equal(x.sitemaps, tt.sitemaps) {
				t.Errorf("sitemaps=%q, want %q", x.sitemaps, tt.sitemaps)
			}
			if !slices.Equal(x.feeds, tt.feeds) {
				t.Errorf("feeds=%q, want %q", x.feeds, tt.feeds)
			}
		})
	}
	t.Run("ErrNotAFeed", func(t *testing.T) {
		if _, err := parseXML([]byte(`<html><body>hi</body></html>`), base); err == nil {
			t.Fatal("no error for HTML")
		}
	})
}

func TestSkipReason(t *testing.T) {
	tests := []struct {
		url  string
		skip bool
	}{
		{"https://example.com/2024/01/post.html", false},
		{"https://example.com/2024/01/post/", false},
		{"https://example.com/?p=12", false},
		{"https://example.com/page/2/", false},
		{"https://example.com/img/photo.JPG", true},
		{"https://example.com/files/report.pdf", true},
		{"https://example.com/feed/", true},
		{"https://example.com/2024/01/post/feed/", true},
		{"https://example.com/feeds/posts/default", true},
		{"https://example.com/wp-admin/post.php", true},
		{"https://example.com/wp-login.php", true},
		{"https://example.com/calendar/2024/01", true},
		{"https://example.com/?m=202401", true},
		{"https://example.com/post/?share=twitter", true},
		{"https://example.com/post/?action=edit", true},
	}
	for _, tt := range tests {
		if got := skipReason(mustParse(t, tt.url)) != ""; got != tt.skip {
			t.Errorf("skipReason(%s) skips=%v, want %v", tt.url, got, tt.skip)
		}
	}
}

func TestParseRobots(t *testing.T) {
	t.Run("Blogger", func(t *testing.T) {
		r, err := parseRobots(200, []byte("User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\nAllow: /\n\nSitemap: https://x.blogspot.com/sitemap.xml\n"))
		if err != nil {
			t.Fatal(err)
		}
		h := &host{robots: r}
		ua := DefaultUserAgent()
		for path, want := range map[string]bool{
			"/":                        true,
			"/2024/01/p.html":          true,
			"/search/label/x":          false,
			"/search?updated-max=2024": false,
		} {
			if got := h.allowed(mustParse(t, "https://x.blogspot.com"+path), ua); got != want {
				t.Errorf("allowed(%s)=%v, want %v", path, got, want)
			}
		}
		if got := r.Sitemaps; !slices.Equal(got, []string{"https://x.blogspot.com/sitemap.xml"}) {
			t.Errorf("Sitemaps=%q", got)
		}
	})
	t.Run("BadLines", func(t *testing.T) {
		// robotstxt rejects the whole file for a stray rule or a bad
		// Crawl-delay; the rest must still apply.
		r, err := parseRobots(200, []byte("Disallow: /x\nUser-agent: annals\nCrawl-delay: soon\nDisallow: /private\n\nUser-agent: *\nCrawl-delay: 2\n"))
		if err != nil {
			t.Fatal(err)
		}
		h := &host{robots: r}
		if h.allowed(mustParse(t, "https://example.com/private/a"), DefaultUserAgent()) {
			t.Errorf("/private allowed for annals")
		}
		if !h.allowed(mustParse(t, "https://example.com/private/a"), "other-bot/1.0") {
			t.Errorf("/private disallowed for other bots")
		}
		if got := r.FindGroup("other-bot").CrawlDelay; got != 2*time.Second {
			t.Errorf("CrawlDelay=%v, want 2s", got)
		}
	})
	t.Run("Status", func(t *testing.T) {
		for status, want := range map[int]bool{404: true, 410: true, 503: false, 500: false} {
			r, err := parseRobots(status, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := (&host{robots: r}).allowed(mustParse(t, "https://example.com/a"), "annals"); got != want {
				t.Errorf("status %d: allowed=%v, want %v", status, got, want)
			}
		}
	})
}
