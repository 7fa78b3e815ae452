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
		{"https://example.com/events/?month=2024-05", true},
		{"https://example.com/events/?tribe-bar-date=2024-05-01", true},
		{"https://example.com/2024/01/post/comment-page-2/", true},
		{"https://example.com/2024/01/post/?cpage=2", true},
		{"https://example.com/a/b/a/b/a/b/", true},
		{"https://example.com/2001/01/01/new-year/", false},
		{"https://example.com/list?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", true},
		{"https://example.com/list?a=1&b=2", false},
		// Blogger's endpoints, on blogspot.com or on a blog's own host.
		{"https://example.com/share-post.g?blogID=1&postID=2&target=twitter", true},
		{"https://example.com/delete-comment.g?blogID=1&postID=3", true},
		{"https://example.com/post-edit.g?blogID=1&postID=2&from=pencil", true},
		{"https://example.com/email-post.g?blogID=1&postID=2", true},
		{"https://example.com/navbar.g?targetBlogID=1", true},
		{"https://example.com/comment/frame/1?po=2&hl=en", true},
		{"https://example.com/b/post-preview?token=x&postId=2", true},
		// WordPress's and everyone's forms.
		{"https://example.com/wp-comments-post.php", true},
		{"https://example.com/wp-signup.php", true},
		{"https://example.com/login/", true},
		{"https://example.com/account/logout", true},
		{"https://example.com/register", true},
		{"https://example.com/cart/", true},
		{"https://example.com/checkout", true},
		{"https://example.com/shop/?add-to-cart=12", true},
		{"https://example.com/2024/01/post/?unapproved=5&moderation-hash=abc", true},
		// Posts whose slugs only look like them.
		{"https://example.com/2024/01/how-to-register-a-boat/", false},
		{"https://example.com/2024/01/login-screens-compared.html", false},
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

func TestParseHTML_CommentHints(t *testing.T) {
	t.Run("BloggerLoadMore", func(t *testing.T) {
		page := `<html><head><meta content='blogger' name='generator'/></head><body>
<div class='post'><meta content='1002003' itemprop='postId'/></div>
<div class="comments"><div class="loadmore" data-post-id="1002003"><a>Load more...</a></div></div></body></html>`
		hl, err := parseHTML([]byte(page), mustParse(t, "https://x.blogspot.com/2024/01/p.html"))
		if err != nil {
			t.Fatal(err)
		}
		if hl.platform != platformBlogger || hl.bloggerPostID != "1002003" || !hl.loadMore {
			t.Errorf("platform=%q postID=%q loadMore=%v", hl.platform, hl.bloggerPostID, hl.loadMore)
		}
		hidden, _ := parseHTML([]byte(`<div class="loadmore hidden" data-post-id="5"></div>`), mustParse(t, "https://x.blogspot.com/"))
		if hidden.loadMore || hidden.bloggerPostID != "5" || hidden.platform != platformBlogger {
			t.Errorf("hidden loadmore: loadMore=%v postID=%q platform=%q", hidden.loadMore, hidden.bloggerPostID, hidden.platform)
		}
	})
	t.Run("WordPress", func(t *testing.T) {
		page := `<html><head><link rel="https://api.w.org/" href="/wp-json/"><link rel='shortlink' href='https://example.com/?p=42'></head>
<body class="post-template-default single postid-42"><article id="post-42">
<nav class="comment-navigation"><a href="/2024/01/p/comment-page-1/#comments">Older</a> <a href="?cpage=3#comments">Newer</a></nav></article></body></html>`
		hl, err := parseHTML([]byte(page), mustParse(t, "https://example.com/2024/01/p/"))
		if err != nil {
			t.Fatal(err)
		}
		if hl.platform != platformWordPress || hl.apiRoot != "https://example.com/wp-json/" || hl.wpPostID != "42" {
			t.Errorf("platform=%q apiRoot=%q postID=%q", hl.platform, hl.apiRoot, hl.wpPostID)
		}
		want := []string{"https://example.com/2024/01/p/comment-page-1/#comments", "https://example.com/2024/01/p/?cpage=3#comments"}
		if !slices.Equal(hl.commentPages, want) {
			t.Errorf("commentPages=%q, want %q", hl.commentPages, want)
		}
	})
	t.Run("LinkHeader", func(t *testing.T) {
		h := []string{`<https://example.com/wp-json/>; rel="https://api.w.org/", <https://example.com/wp-json/wp/v2/posts/42>; rel="alternate"; type="application/json"`}
		if got := parseLinkHeader(h, "https://api.w.org/"); !slices.Equal(got, []string{"https://example.com/wp-json/"}) {
			t.Errorf("api=%q", got)
		}
		if got := parseLinkHeader(h, "alternate"); !slices.Equal(got, []string{"https://example.com/wp-json/wp/v2/posts/42"}) {
			t.Errorf("alternate=%q", got)
		}
	})
}

func TestCommentText(t *testing.T) {
	for in, want := range map[string]string{
		"plain  text\n here":                         "plain text here",
		"<p>One.</p>\n<p>Two &amp; <b>three</b></p>": "One.\n\nTwo & three",
		"Line<br>break<script>x()</script>":          "Line\nbreak",
		"tag:blogger.com,1999:blog-1.post-778899":    "",
		"<p>a</p><p></p><p>b</p>":                    "a\n\nb",
	} {
		if in == "tag:blogger.com,1999:blog-1.post-778899" {
			if got := commentID(in); got != "778899" {
				t.Errorf("commentID(%q)=%q", in, got)
			}
			continue
		}
		if got := htmlText(in); got != want {
			t.Errorf("htmlText(%q)=%q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://example.com/2024/01/p/#comment-12":                        "12",
		"https://x.blogspot.com/p.html?showComment=1700000000000#c5551212": "5551212",
		"https://www.blogger.com/feeds/1/2/comments/default/31337":         "31337",
	} {
		if got := commentID(in); got != want {
			t.Errorf("commentID(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestMayHideComments(t *testing.T) {
	for page, want := range map[string]bool{
		`<div class="loadmore hidden" data-post-id="1">`:            false,
		`<div class='hidden loadmore'><a>Load more</a></div>`:       false,
		`<div class="loadmore" data-post-id="1">`:                   true,
		`<div class="loadmore hidden"></div><div class="loadmore">`: true,
		`<a href="/p/comment-page-2/#comments">Older</a>`:           true,
		`<a href="?cpage=2">Older</a>`:                              true,
		`<p>No comments yet.</p>`:                                   false,
	} {
		if got := mayHideComments([]byte(page)); got != want {
			t.Errorf("mayHideComments(%s)=%v, want %v", page, got, want)
		}
	}
}

func TestCommentPageOf(t *testing.T) {
	post := mustParse(t, "https://example.com/2024/01/post/")
	byID := mustParse(t, "https://example.com/?p=12")
	for _, tt := range []struct {
		permalink *url.URL
		u         string
		want      bool
	}{
		{post, "https://example.com/2024/01/post/comment-page-2/", true},
		{post, "https://example.com/2024/01/post/?cpage=3", true},
		{post, "https://example.com/2024/01/post-two/comment-page-2/", false}, // another post's, from a widget
		{post, "https://example.com/2024/01/other/comment-page-2/", false},
		{post, "https://example.com/2024/01/post/", false}, // the post itself
		{byID, "https://example.com/?p=12&cpage=2", true},
		{byID, "https://example.com/?p=123&cpage=2", false},
	} {
		if got := commentPageOf(tt.permalink, tt.u); got != tt.want {
			t.Errorf("commentPageOf(%s, %s) = %v, want %v", tt.permalink, tt.u, got, tt.want)
		}
	}
}

// TestCommentsHidden_OtherPostsPages: a page whose only comment-page links
// are other posts' (a Recent Comments widget in the footer) does not hide
// comments; a link to a page of its own does.
func TestCommentsHidden_OtherPostsPages(t *testing.T) {
	post := mustParse(t, "https://example.com/2024/01/post/")
	widget := []string{"https://example.com/2024/01/post-two/comment-page-2/#comment-7", "https://example.com/2023/12/older/comment-page-4/#comment-3"}
	p := &Page{hints: &commentHints{permalink: post, commentPages: widget}}
	if p.CommentsHidden() {
		t.Errorf("comments hidden by other posts' comment pages %q", widget)
	}
	// The widget also links to this post's newest comment, on the page.
	own := append(widget, "https://example.com/2024/01/post/comment-page-1/#comment-16")
	p = &Page{hints: &commentHints{permalink: post, commentPages: own}}
	if p.CommentsHidden() {
		t.Errorf("comments hidden by a link to one of the post's comments %q", own)
	}
	p = &Page{hints: &commentHints{permalink: post, commentPages: append(widget, "https://example.com/2024/01/post/comment-page-2/#comments")}}
	if !p.CommentsHidden() {
		t.Errorf("comments not hidden though the post links to its own comment page 2")
	}
}
