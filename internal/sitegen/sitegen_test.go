package sitegen

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, rawURL string, hdr map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

func serve(t *testing.T, opts Options) (*Site, *httptest.Server) {
	t.Helper()
	s := New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func TestRobots(t *testing.T) {
	_, srv := serve(t, Options{})
	r := get(t, srv.URL+"/robots.txt", nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, type %q", r.status, r.header.Get("Content-Type"))
	}
	want := "User-agent: *\nDisallow: /search\nAllow: /\n\nSitemap: " + srv.URL + "/sitemap.xml\n"
	if !strings.Contains(r.body, want) {
		t.Errorf("robots.txt =\n%s\nwant it to contain\n%s", r.body, want)
	}
}

type sitemapDoc struct {
	XMLName  xml.Name
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	for _, n := range []int{12, 1000, 2500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s, srv := serve(t, Options{Posts: n})
			r := get(t, srv.URL+"/sitemap.xml", nil)
			var idx sitemapDoc
			if err := xml.Unmarshal([]byte(r.body), &idx); err != nil || idx.XMLName.Local != "sitemapindex" {
				t.Fatalf("index: %v, root %q", err, idx.XMLName.Local)
			}
			if want := (n + 999) / 1000; len(idx.Sitemaps) != want {
				t.Fatalf("%d sitemaps, want %d", len(idx.Sitemaps), want)
			}
			seen := map[string]bool{}
			for k, sm := range idx.Sitemaps {
				if want := fmt.Sprintf("%s/sitemap.xml?page=%d", srv.URL, k+1); sm.Loc != want {
					t.Errorf("sitemap %d at %q, want %q", k, sm.Loc, want)
				}
				var page sitemapDoc
				if err := xml.Unmarshal([]byte(get(t, sm.Loc, nil).body), &page); err != nil {
					t.Fatal(err)
				}
				if len(page.URLs) > 1000 {
					t.Errorf("page %d has %d URLs", k+1, len(page.URLs))
				}
				for _, u := range page.URLs {
					if seen[u.Loc] {
						t.Errorf("%s listed twice", u.Loc)
					}
					seen[u.Loc] = true
					if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
						t.Errorf("lastmod %q: %v", u.LastMod, err)
					}
				}
			}
			if len(seen) != n {
				t.Fatalf("sitemaps list %d URLs, want %d", len(seen), n)
			}
			for i := 0; i < n; i++ {
				if !seen[srv.URL+s.PostPath(i)] {
					t.Fatalf("post %d missing from the sitemaps", i)
				}
			}
			if r := get(t, srv.URL+fmt.Sprintf("/sitemap.xml?page=%d", len(idx.Sitemaps)+1), nil); r.status != 404 {
				t.Errorf("page past the end: status %d", r.status)
			}
		})
	}
}

type atomFeed struct {
	Total int `xml:"totalResults"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Content   struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func fetchFeed(t *testing.T, u string) atomFeed {
	t.Helper()
	r := get(t, u, nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: status %d, type %q", u, r.status, r.header.Get("Content-Type"))
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(r.body), &f); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return f
}

func (f atomFeed) next() string {
	for _, l := range f.Links {
		if l.Rel == "next" {
			return l.Href
		}
	}
	return ""
}

func TestFeedPaging(t *testing.T) {
	s, srv := serve(t, Options{Posts: 57})
	var got []string
	pages := 0
	for u := srv.URL + "/feeds/posts/default?start-index=1&max-results=10"; u != ""; pages++ {
		if pages > 10 {
			t.Fatal("feed never ends")
		}
		f := fetchFeed(t, u)
		if f.Total != 57 {
			t.Errorf("totalResults %d", f.Total)
		}
		for _, e := range f.Entries {
			if !strings.HasPrefix(e.ID, "tag:blogger.com,1999:blog-") || !strings.Contains(e.ID, ".post-") {
				t.Errorf("entry id %q", e.ID)
			}
			if e.Content.Type != "html" || !strings.Contains(e.Content.Body, "<p>") {
				t.Errorf("entry %q: content type %q", e.Title, e.Content.Type)
			}
			if _, err := time.Parse(time.RFC3339, e.Published); err != nil {
				t.Errorf("published %q", e.Published)
			}
			if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
				t.Errorf("updated %q", e.Updated)
			}
			alt := ""
			for _, l := range e.Links {
				if l.Rel == "alternate" && l.Type == "text/html" {
					alt = l.Href
				}
			}
			got = append(got, alt)
		}
		u = f.next()
	}
	if pages != 6 || len(got) != 57 {
		t.Fatalf("%d pages, %d entries; want 6 and 57", pages, len(got))
	}
	for k, u := range got {
		if want := srv.URL + s.PostPath(56-k); u != want {
			t.Fatalf("entry %d is %q, want %q (newest first)", k, u, want)
		}
	}

	_, big := serve(t, Options{Posts: 150})
	if n := len(fetchFeed(t, big.URL+"/feeds/posts/default").Entries); n != 25 {
		t.Errorf("default page has %d entries, want 25", n)
	}
	f := fetchFeed(t, big.URL+"/feeds/posts/default?max-results=500")
	if len(f.Entries) != 100 {
		t.Errorf("max-results=500 gave %d entries, want the cap of 100", len(f.Entries))
	}
	if f.next() == "" {
		t.Error("no rel=next on a partial page")
	}
	if f := fetchFeed(t, big.URL+"/feeds/posts/default?start-index=141&max-results=10"); len(f.Entries) != 10 || f.next() != "" {
		t.Errorf("last page: %d entries, next %q", len(f.Entries), f.next())
	}
	if f := fetchFeed(t, big.URL+"/feeds/posts/default?start-index=151"); len(f.Entries) != 0 {
		t.Errorf("past the end: %d entries", len(f.Entries))
	}
}

func TestPostPages(t *testing.T) {
	s, srv := serve(t, Options{Posts: 40})
	titles := map[string]int{}
	for i := 0; i < 40; i++ {
		title := s.PostTitle(i)
		if j, dup := titles[title]; dup {
			t.Errorf("posts %d and %d share the title %q", j, i, title)
		}
		titles[title] = i
		r := get(t, srv.URL+s.PostPath(i), nil)
		if r.status != 200 {
			t.Fatalf("post %d: status %d", i, r.status)
		}
		if ct := r.header.Get("Content-Type"); ct != "text/html; charset=UTF-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if r.header.Get("ETag") == "" || r.header.Get("Last-Modified") == "" {
			t.Errorf("post %d: no validators", i)
		}
		for _, want := range []string{
			"<title>Field Notes: " + html.EscapeString(title) + "</title>",
			"<h3 class='post-title entry-title' itemprop='name'>\n" + html.EscapeString(title) + "\n</h3>",
			"<link href='" + srv.URL + s.PostPath(i) + "' rel='canonical'/>",
			"property='og:title'", "property='og:url'", "<meta content='blogger' name='generator'/>",
			"itemtype='http://schema.org/BlogPosting'", "itemprop='postId'", "class='post-body entry-content' id='post-body-",
			"<span class='post-author vcard'>\nPosted by", "<abbr class='published' itemprop='datePublished' title='",
			"<span class='post-labels'>", "rel='tag'", "<h4>3 comments:</h4>", `<ol id="top-ra">`,
			"Post a Comment", "class='widget PopularPosts'", "class='widget BlogArchive'", "class='widget PageList'", "class='widget Label'",
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("post %d lacks %q", i, want)
			}
		}
		if n := len(paragraphs(r.body)); n < 4 || n > 7 {
			t.Errorf("post %d has %d paragraphs", i, n)
		}
	}

	// Post 0: the date header, the exact time, the thread of three comments.
	body := get(t, srv.URL+s.PostPath(0), nil).body
	for _, want := range []string{
		"<h2 class='date-header'><span>Monday, 4 January 2021</span></h2>",
		"title='2021-01-04T09:00:00Z'",
		"class='blog-pager-newer-link' href='" + srv.URL + s.PostPath(1) + "'",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("post 0 lacks %q", want)
		}
	}
	if strings.Contains(body, "blog-pager-older-link") {
		t.Error("the oldest post links an older one")
	}
	top := regexp.MustCompile(`<ol id="top-ra"><li class="comment" id="c(\d+)">`).FindStringSubmatch(body)
	if top == nil {
		t.Fatal("no top-level comment")
	}
	stampRE := regexp.MustCompile(`<span class="datetime secondary-text"><a rel="nofollow" href="` + regexp.QuoteMeta(srv.URL+s.PostPath(0)) + `\?showComment=(\d{13})#c(\d+)">(\d{1,2} \w+ \d{4} at \d\d:\d\d)</a></span>`)
	if m := stampRE.FindAllStringSubmatch(body, -1); len(m) != 3 || m[0][2] != top[1] {
		t.Errorf("comment time links: %q", m)
	}
	replies := regexp.MustCompile(`<div id="c(\d+)-rt" class="comment-thread inline-thread"><span class="thread-toggle thread-expanded">.*?<ol id="c(\d+)-ra" class="thread-chrome thread-expanded"><div><li class="comment" id="c\d+">`).FindAllStringSubmatch(body, -1)
	if len(replies) != 1 || replies[0][1] != replies[0][2] {
		t.Errorf("want one reply thread, got %q", replies)
	}
	if n := strings.Count(body, `<li class="comment"`); n != 3 {
		t.Errorf("%d comments in the page, want 3", n)
	}
}

func TestHomeAndLinks(t *testing.T) {
	s, srv := serve(t, Options{Posts: 30})
	home := get(t, srv.URL+"/", nil)
	if home.status != 200 {
		t.Fatalf("home: %d", home.status)
	}
	if n := strings.Count(home.body, "<div class='post hentry"); n != 10 {
		t.Errorf("home lists %d posts, want 10", n)
	}
	for k := 0; k < 10; k++ {
		want := "<h3 class='post-title entry-title' itemprop='name'>\n<a href='" + srv.URL + s.PostPath(29-k) + "'>"
		if !strings.Contains(home.body, want) {
			t.Errorf("home lacks post %d", 29-k)
		}
	}
	for _, want := range []string{
		"<meta content='blogger' name='generator'/>",
		`<link rel="alternate" type="application/atom+xml" title="Field Notes - Atom" href="` + srv.URL + `/feeds/posts/default" />`,
		"<a class='blog-pager-older-link' href='" + srv.URL + "/search?updated-max=" + s.published(20).Format(time.RFC3339) + "&amp;max-results=10'",
		"id='PageList1'", "id='BlogArchive1'", "id='Label1'", "/search/label/walking'",
	} {
		if !strings.Contains(home.body, want) {
			t.Errorf("home lacks %q", want)
		}
	}

	// The older-posts pager works, though robots.txt keeps crawlers out.
	older := regexp.MustCompile(`class='blog-pager-older-link' href='([^']+)'`).FindStringSubmatch(home.body)
	r := get(t, html.UnescapeString(older[1]), nil)
	titleLink := func(i int) string { return "itemprop='name'>\n<a href='" + srv.URL + s.PostPath(i) + "'>" }
	if r.status != 200 || !strings.Contains(r.body, titleLink(19)) || !strings.Contains(r.body, titleLink(10)) ||
		strings.Contains(r.body, titleLink(20)) || strings.Contains(r.body, titleLink(9)) {
		t.Errorf("older posts page: %d", r.status)
	}
	if r := get(t, srv.URL+"/search/label/birds", nil); r.status != 200 {
		t.Errorf("label page: %d", r.status)
	}

	// Every link a polite crawler may follow from these pages resolves.
	hrefRE := regexp.MustCompile(`href=['"]([^'"]+)['"]`)
	checked := map[string]bool{}
	for _, p := range []string{"/", s.PostPath(0), s.PostPath(15), "/2021/", "/2021/01/", aboutPath} {
		page := get(t, srv.URL+p, nil)
		if page.status != 200 {
			t.Fatalf("%s: %d", p, page.status)
		}
		for _, m := range hrefRE.FindAllStringSubmatch(page.body, -1) {
			u, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Errorf("%s: bad link %q", p, m[1])
				continue
			}
			u.Fragment = ""
			if u.Host != strings.TrimPrefix(srv.URL, "http://") || strings.HasPrefix(u.Path, "/search") || u.Path == "/favicon.ico" || checked[u.String()] {
				continue
			}
			checked[u.String()] = true
			if r := get(t, u.String(), nil); r.status != 200 {
				t.Errorf("%s links %s: status %d", p, u, r.status)
			}
		}
	}
	if len(checked) < 20 {
		t.Errorf("only %d links checked", len(checked))
	}
}

// paragraphs returns the post body's paragraphs.
func paragraphs(body string) []string {
	start := strings.Index(body, "id='post-body-")
	end := strings.Index(body[start:], "<div style='clear: both;'></div>")
	return regexp.MustCompile(`<p>(.*?)</p>`).FindAllString(body[start:start+end], -1)
}

func TestConditionalGetAndEdit(t *testing.T) {
	s, srv := serve(t, Options{Posts: 20})
	u := srv.URL + s.PostPath(7)
	first := get(t, u, nil)
	etag, lm := first.header.Get("ETag"), first.header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) {
		t.Fatalf("ETag %q", etag)
	}
	if r := get(t, u, map[string]string{"If-None-Match": etag}); r.status != 304 || r.body != "" {
		t.Errorf("If-None-Match: status %d", r.status)
	}
	if r := get(t, u, map[string]string{"If-Modified-Since": lm}); r.status != 304 {
		t.Errorf("If-Modified-Since: status %d", r.status)
	}
	if r := get(t, u, map[string]string{"If-None-Match": `"other", ` + etag}); r.status != 304 {
		t.Errorf("If-None-Match list: status %d", r.status)
	}
	// If-None-Match wins over If-Modified-Since.
	if r := get(t, u, map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}); r.status != 200 {
		t.Errorf("stale ETag with fresh date: status %d", r.status)
	}
	// Other posts do not change.
	other := get(t, srv.URL+s.PostPath(8), nil)

	s.Edit(7)
	r := get(t, u, map[string]string{"If-None-Match": etag})
	if r.status != 200 {
		t.Fatalf("after Edit, If-None-Match: status %d", r.status)
	}
	if r.header.Get("ETag") == etag {
		t.Error("ETag unchanged by Edit")
	}
	t0, _ := http.ParseTime(lm)
	t1, _ := http.ParseTime(r.header.Get("Last-Modified"))
	if !t1.After(t0) {
		t.Errorf("Last-Modified %v not after %v", t1, t0)
	}
	if r := get(t, u, map[string]string{"If-Modified-Since": lm}); r.status != 200 {
		t.Errorf("after Edit, If-Modified-Since: status %d", r.status)
	}
	before, after := paragraphs(first.body), paragraphs(r.body)
	if len(before) != len(after) {
		t.Fatalf("%d paragraphs became %d", len(before), len(after))
	}
	changed := 0
	for k := range before {
		if before[k] != after[k] {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("Edit changed %d paragraphs, want 1", changed)
	}
	if strings.Count(r.body, `<li class="comment"`) != 3 {
		t.Error("Edit changed the comments")
	}
	if got := get(t, srv.URL+s.PostPath(8), map[string]string{"If-None-Match": other.header.Get("ETag")}); got.status != 304 {
		t.Errorf("Edit of post 7 changed post 8: %d", got.status)
	}
	s.Edit(7)
	if r2 := get(t, u, nil); r2.header.Get("ETag") == r.header.Get("ETag") || r2.body == r.body {
		t.Error("second Edit changed nothing")
	}

	// Listing pages have validators too, and change with the site.
	home := get(t, srv.URL+"/", nil)
	if r := get(t, srv.URL+"/", map[string]string{"If-None-Match": home.header.Get("ETag")}); r.status != 304 {
		t.Errorf("home If-None-Match: %d", r.status)
	}
	s.AddComment(3)
	if r := get(t, srv.URL+"/", map[string]string{"If-None-Match": home.header.Get("ETag")}); r.status != 200 {
		t.Errorf("home after AddComment: %d", r.status)
	}
}

func TestAddComment(t *testing.T) {
	s, srv := serve(t, Options{Posts: 5, CommentsPerPost: -1})
	u := srv.URL + s.PostPath(2)
	count := func() int { return strings.Count(get(t, u, nil).body, `<li class="comment"`) }
	if b := get(t, u, nil).body; !strings.Contains(b, "<h4>No comments:</h4>") || count() != 0 {
		t.Fatal("want no comments")
	}
	s.AddComment(2)
	if b := get(t, u, nil).body; !strings.Contains(b, "<h4>1 comment:</h4>") || count() != 1 {
		t.Error("want 1 comment")
	}
	s.AddComment(2)
	s.AddComment(2)
	b := get(t, u, nil).body
	if !strings.Contains(b, "<h4>3 comments:</h4>") || count() != 3 || !strings.Contains(b, `class="comment-thread inline-thread"><span`) {
		t.Error("want 3 comments, the third a reply")
	}
	if strings.Contains(get(t, srv.URL+s.PostPath(1), nil).body, `<li class="comment"`) {
		t.Error("AddComment touched another post")
	}
	s.AddComment(-1)
	s.AddComment(5)
	s.Edit(99)

	s2, srv2 := serve(t, Options{Posts: 3})
	s2.AddComment(0)
	if b := get(t, srv2.URL+s2.PostPath(0), nil).body; !strings.Contains(b, "<h4>4 comments:</h4>") {
		t.Error("default 3 comments + 1 should be 4")
	}
}

func TestNotFound(t *testing.T) {
	s, srv := serve(t, Options{Posts: 30})
	for _, p := range []string{
		"/nope", "/2021/01/post-30.html", "/2021/02/post-0.html", "/2021/01/post-00.html", "/2021/01/post--1.html",
		"/1999/", "/2021/13/", "/sitemap.xml?page=2", "/sitemap.xml?page=x", "/feeds/", "/p/nothing.html", "/search/bogus",
	} {
		r := get(t, srv.URL+p, nil)
		if r.status != 404 || r.header.Get("Content-Type") != "text/html; charset=UTF-8" {
			t.Errorf("%s: status %d, type %q", p, r.status, r.header.Get("Content-Type"))
		}
	}
	if r := get(t, srv.URL+s.PostPath(3)+"?showComment=1#c1", nil); r.status != 200 {
		t.Errorf("showComment link: %d", r.status)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestDeterministic(t *testing.T) {
	a, b, c := New(Options{Posts: 50}), New(Options{Posts: 50}), New(Options{Posts: 50, Seed: 2})
	render := func(s *Site, path string) string {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://blog.example"+path, nil))
		return w.Body.String()
	}
	for _, p := range []string{"/", a.PostPath(17), "/feeds/posts/default"} {
		if render(a, p) != render(b, p) {
			t.Errorf("%s differs between equal sites", p)
		}
		if render(a, p) == render(c, p) {
			t.Errorf("%s equal across seeds", p)
		}
	}
	if a.PostTitle(3) == c.PostTitle(3) && a.PostTitle(4) == c.PostTitle(4) {
		t.Error("seed does not change titles")
	}
	if got := render(New(Options{Title: "Salt & Cedar"}), "/"); !strings.Contains(got, "<title>Salt &amp; Cedar</title>") {
		t.Error("Title option not used")
	}
}

// TestLargeSite checks that a post page of a 10,000-post site costs about
// what one of a 12-post site does: nothing per request grows with the posts
// (the archive gadget grows with the years only).
func TestLargeSite(t *testing.T) {
	small, big := New(Options{}), New(Options{Posts: 10000})
	if p := big.PostPath(9999); !strings.HasPrefix(p, "/2063/") {
		t.Errorf("post 9999 at %s", p)
	}
	req := func(s *Site, i int) *http.Request {
		return httptest.NewRequest(http.MethodGet, "http://blog.example"+s.PostPath(i), nil)
	}
	serveOnce := func(s *Site, r *http.Request) {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
	}
	rs, rb := req(small, 11), req(big, 9999)
	as := testing.AllocsPerRun(20, func() { serveOnce(small, rs) })
	ab := testing.AllocsPerRun(20, func() { serveOnce(big, rb) })
	if ab > 2*as {
		t.Errorf("post 9999 of 10,000 needs %.0f allocations, post 11 of 12 %.0f", ab, as)
	}
	start := time.Now()
	for k := 0; k < 50; k++ {
		serveOnce(big, rb)
	}
	if d := time.Since(start) / 50; d > 20*time.Millisecond {
		t.Errorf("post 9999 of 10,000 takes %v", d)
	}
	if n := big.Requests(); n < 70 {
		t.Errorf("Requests() = %d", n)
	}
}

func TestConcurrent(t *testing.T) {
	s, srv := serve(t, Options{Posts: 25})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				i := (g*7 + k) % 25
				switch k % 4 {
				case 0:
					s.Edit(i)
				case 1:
					s.AddComment(i)
				}
				resp, err := http.Get(srv.URL + s.PostPath(i))
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("status %d", resp.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	if n := s.Requests(); n != 160 {
		t.Errorf("Requests() = %d, want 160", n)
	}
}

func BenchmarkPost(b *testing.B) {
	s := New(Options{Posts: 10000})
	r := httptest.NewRequest(http.MethodGet, "http://blog.example"+s.PostPath(9999), nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
	}
}

func TestTinySites(t *testing.T) {
	for _, n := range []int{1, 2, 4} {
		s, srv := serve(t, Options{Posts: n, CommentsPerPost: 7})
		for _, p := range []string{"/", s.PostPath(0), s.PostPath(n - 1), "/2021/", "/2021/01/", "/feeds/posts/default", "/sitemap.xml?page=1", "/search", aboutPath} {
			if r := get(t, srv.URL+p, nil); r.status != 200 {
				t.Errorf("%d posts, %s: status %d", n, p, r.status)
			}
		}
		if b := get(t, srv.URL+s.PostPath(0), nil).body; !strings.Contains(b, "<h4>7 comments:</h4>") || strings.Count(b, `<li class="comment"`) != 7 {
			t.Errorf("%d posts: want 7 comments", n)
		}
	}
}
