package crawler_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// wpSite is a small WordPress-like site: REST API (/wp-json/wp/v2/posts
// and /comments with X-WP-Total and X-WP-TotalPages), a main feed paged
// with ?paged=N, core sitemaps, posts with paged comments
// (comment-page-N/), a home page with a /page/N/ pager. Switches turn
// routes off to test the fallbacks.
type wpSite struct {
	*httptest.Server
	posts    int
	comments map[int]int // post -> comments (default none)

	noREST        bool // the REST API answers 401, as security plugins do
	feedNoPaging  bool // the feed ignores ?paged
	noFeed        bool
	noSitemap     bool
	commentsShown int  // comments per comment page (0: all on the post)
	noByline      bool // post pages name no author (twentytwentyone on a one-author blog)

	mu   sync.Mutex
	reqs []string // request URIs
}

const wpPerFeed = 10

func newWPSite(tb testing.TB, posts int) *wpSite {
	tb.Helper()
	s := &wpSite{posts: posts, comments: map[int]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

func (s *wpSite) requested(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// postPath returns post i's permalink path (i from 1, newest is posts).
func (s *wpSite) postPath(i int) string { return fmt.Sprintf("/2024/%02d/post-%d/", 1+i%12, i) }

var wpPostRE = regexp.MustCompile(`^/2024/\d\d/post-(\d+)/(?:comment-page-(\d+)/)?$`)

func (s *wpSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, r.URL.RequestURI())
	s.mu.Unlock()
	base := "http://" + r.Host
	q := r.URL.Query()
	page := max(1, atoi(q.Get("page")))
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprintf(w, "User-agent: *\nDisallow: /wp-admin/\n")
		if !s.noSitemap {
			fmt.Fprintf(w, "\nSitemap: %s/wp-sitemap.xml\n", base)
		}
	case p == "/" || strings.HasPrefix(p, "/page/"):
		n := 1
		if rest, ok := strings.CutPrefix(p, "/page/"); ok {
			n = atoi(strings.Trim(rest, "/"))
		}
		s.home(w, base, n)
	case p == "/wp-json/wp/v2/posts":
		if s.noREST {
			http.Error(w, `{"code":"rest_cannot_access"}`, http.StatusUnauthorized)
			return
		}
		per := min(100, max(1, atoi(q.Get("per_page"))))
		pages := (s.posts + per - 1) / per
		if page > pages {
			http.Error(w, `{"code":"rest_post_invalid_page_number"}`, http.StatusBadRequest)
			return
		}
		var out []map[string]any
		for i := s.posts - (page-1)*per; i > max(0, s.posts-page*per); i-- {
			out = append(out, map[string]any{"id": 100 + i, "link": base + s.postPath(i), "modified_gmt": "2024-06-01T10:00:00", "author": 2})
		}
		s.json(w, out, s.posts, pages)
	case p == "/wp-json/wp/v2/users/2":
		if s.noREST {
			http.Error(w, `{"code":"rest_cannot_access"}`, http.StatusUnauthorized)
			return
		}
		s.json(w, map[string]any{"id": 2, "name": "Ann Writer"}, 1, 1)
	case p == "/wp-json/oembed/1.0/embed":
		s.json(w, map[string]any{"version": "1.0", "author_name": "Ann Writer", "title": "Post"}, 1, 1)
	case p == "/wp-json/wp/v2/comments":
		if s.noREST {
			http.Error(w, `{"code":"rest_cannot_access"}`, http.StatusUnauthorized)
			return
		}
		post := atoi(q.Get("post")) - 100
		n := s.comments[post]
		per := min(100, max(1, atoi(q.Get("per_page"))))
		pages := max(1, (n+per-1)/per)
		var out []map[string]any
		for c := (page-1)*per + 1; c <= min(n, page*per); c++ {
			out = append(out, map[string]any{"id": 1000*post + c, "post": 100 + post, "parent": s.parent(post, c),
				"author_name": fmt.Sprintf("Reader %d", c), "date_gmt": fmt.Sprintf("2024-06-01T10:%02d:00", c%60),
				"content": map[string]string{"rendered": fmt.Sprintf("<p>Comment number %d.</p>\n", c)}, "type": "comment"})
		}
		s.json(w, out, n, pages)
	case p == "/feed/":
		if s.noFeed {
			http.NotFound(w, r)
			return
		}
		n := max(1, atoi(q.Get("paged")))
		if s.feedNoPaging {
			n = 1
		}
		hi := s.posts - (n-1)*wpPerFeed
		if hi <= 0 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>WP</title><link>%s/</link>`, base)
		for i := hi; i > max(0, hi-wpPerFeed); i-- {
			fmt.Fprintf(w, `<item><title>Post %d</title><link>%s%s</link><guid isPermaLink="false">%s/?p=%d</guid><slash:comments>%d</slash:comments><dc:creator><![CDATA[Ann Writer]]></dc:creator></item>`, i, base, s.postPath(i), base, 100+i, s.comments[i])
		}
		fmt.Fprint(w, `</channel></rss>`)
	case p == "/wp-sitemap.xml":
		if s.noSitemap {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>`, base)
	case p == "/wp-sitemap-posts-post-1.xml" && !s.noSitemap:
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := s.posts; i >= 1; i-- {
			fmt.Fprintf(w, `<url><loc>%s%s</loc><lastmod>2024-06-01T10:00:00+00:00</lastmod></url>`, base, s.postPath(i))
		}
		fmt.Fprint(w, `</urlset>`)
	default:
		m := wpPostRE.FindStringSubmatch(p)
		if m == nil {
			http.NotFound(w, r)
			return
		}
		i := atoi(m[1])
		if i < 1 || i > s.posts || s.postPath(i) != strings.TrimSuffix(p, "comment-page-"+m[2]+"/") {
			http.NotFound(w, r)
			return
		}
		s.post(w, base, i, atoi(m[2]))
	}
}

// parent gives every third comment the one before as its parent.
func (s *wpSite) parent(post, c int) int {
	if c%3 == 0 {
		return 1000*post + c - 1
	}
	return 0
}

func (s *wpSite) json(w http.ResponseWriter, v any, total, pages int) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("X-WP-Total", strconv.Itoa(total))
	w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	json.NewEncoder(w).Encode(v)
}

func (s *wpSite) head(w http.ResponseWriter, base, title string, extra ...string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.Header().Set("Link", `<`+base+`/wp-json/>; rel="https://api.w.org/"`)
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>%s</title>
<meta name="generator" content="WordPress 6.5.2">
<link rel="alternate" type="application/rss+xml" title="WP &raquo; Feed" href="%s/feed/">
<link rel="https://api.w.org/" href="%s/wp-json/">
%s</head>`, title, base, base, strings.Join(extra, ""))
}

func (s *wpSite) home(w http.ResponseWriter, base string, n int) {
	hi := s.posts - (n-1)*wpPerFeed
	if n < 1 || hi <= 0 {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	s.head(w, base, "WP")
	fmt.Fprint(w, `<body class="home blog"><main>`)
	for i := hi; i > max(0, hi-wpPerFeed); i-- {
		fmt.Fprintf(w, `<article id="post-%d" class="post"><h2 class="entry-title"><a href="%s%s">Post %d</a></h2><p>Summary of post %d.</p></article>`, 100+i, base, s.postPath(i), i, i)
	}
	if hi-wpPerFeed > 0 {
		fmt.Fprintf(w, `<nav class="navigation pagination"><a class="next page-numbers" href="%s/page/%d/">Older posts</a></nav>`, base, n+1)
	}
	fmt.Fprint(w, `</main></body></html>`)
}

// post writes post i; cpage > 0 is one of its comment pages. With
// commentsShown set, comments are paged oldest first and the post shows
// the last (newest) page, as WordPress does by default.
func (s *wpSite) post(w http.ResponseWriter, base string, i, cpage int) {
	n := s.comments[i]
	per := s.commentsShown
	pages := 1
	if per > 0 && n > per {
		pages = (n + per - 1) / per
	} else {
		per = max(n, 1)
	}
	if cpage == 0 {
		cpage = pages
	}
	if cpage > pages {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Add("Link", `<`+base+fmt.Sprintf("/wp-json/wp/v2/posts/%d", 100+i)+`>; rel="alternate"; type="application/json"`)
	s.head(w, base, fmt.Sprintf("Post %d – WP", i), fmt.Sprintf(`<link rel="alternate" type="application/json+oembed" href="%s/wp-json/oembed/1.0/embed?url=%s%s">`, base, base, s.postPath(i)))
	fmt.Fprintf(w, `<body class="post-template-default single single-post postid-%d">`, 100+i)
	fmt.Fprintf(w, `<article id="post-%d" class="post type-post hentry"><h1 class="entry-title">Post %d</h1>`, 100+i, i)
	if s.noByline {
		fmt.Fprint(w, `<div class="entry-meta"><time class="entry-date published" datetime="2024-05-01T10:00:00+00:00">1 May 2024</time></div>`)
	} else {
		fmt.Fprintf(w, `<div class="entry-meta"><time class="entry-date published" datetime="2024-05-01T10:00:00+00:00">1 May 2024</time> <span class="byline"><span class="author vcard"><a class="url fn n" href="%s/author/ann/">Ann Writer</a></span></span></div>`, base)
	}
	fmt.Fprintf(w, `<div class="entry-content"><p>This is the body of post %d. It says a few things about walking and weather, enough to count as a post.</p><p>A second paragraph follows the first, as it should.</p></div></article>`, i)
	if n > 0 {
		fmt.Fprintf(w, `<div id="comments" class="comments-area"><h2 class="comments-title">%d thoughts on &ldquo;Post %d&rdquo;</h2><ol class="comment-list">`, n, i)
		for c := (cpage-1)*per + 1; c <= min(n, cpage*per); c++ {
			fmt.Fprintf(w, `<li id="comment-%d" class="comment depth-1"><article id="div-comment-%d" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Reader %d</b></div><div class="comment-metadata"><a href="%s%s#comment-%d"><time datetime="2024-06-01T10:%02d:00+00:00">1 June 2024</time></a></div></footer><div class="comment-content"><p>Comment number %d.</p></div></article></li>`,
				1000*i+c, 1000*i+c, c, base, s.postPath(i), 1000*i+c, c%60, c)
		}
		fmt.Fprint(w, `</ol>`)
		if pages > 1 {
			fmt.Fprint(w, `<nav class="navigation comment-navigation">`)
			if cpage > 1 {
				fmt.Fprintf(w, `<a href="%s%scomment-page-%d/#comments">Older comments</a>`, base, s.postPath(i), cpage-1)
			}
			if cpage < pages {
				fmt.Fprintf(w, `<a href="%s%scomment-page-%d/#comments">Newer comments</a>`, base, s.postPath(i), cpage+1)
			}
			fmt.Fprint(w, `</nav>`)
		}
		fmt.Fprint(w, `</div>`)
	}
	fmt.Fprint(w, `</body></html>`)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
