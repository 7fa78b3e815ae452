package sitegen

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	aboutPath   = "/p/about.html"
	description = "Walks, weather and small discoveries, written down before they are forgotten."
	stamp       = "2006-01-02T15:04:05Z07:00"
)

var esc = html.EscapeString

// page describes the frame around a page's main column.
type page struct {
	base      string // scheme://host
	canonical string // absolute URL
	title     string // <title> and og:title
	view      string // body class: item-view, index-view, archive-view, static-view, error-view
	current   int    // the item page's post, or -1
	focus     int    // the post whose year and month the archive gadget opens
}

// writePage writes a whole HTML page; main writes the Blog1 widget's
// content.
func (s *Site) writePage(b *bytes.Buffer, pg page, main func()) {
	t := esc(s.title)
	b.WriteString("<!DOCTYPE html>\n<html class='v2' dir='ltr' lang='en-GB' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>\n<head>\n")
	b.WriteString("<meta content='width=1100' name='viewport'/>\n")
	b.WriteString("<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>\n")
	b.WriteString("<meta content='blogger' name='generator'/>\n")
	b.WriteString("<link href='" + pg.base + "/favicon.ico' rel='icon' type='image/x-icon'/>\n")
	b.WriteString("<link href='" + esc(pg.canonical) + "' rel='canonical'/>\n")
	b.WriteString(`<link rel="alternate" type="application/atom+xml" title="` + t + ` - Atom" href="` + pg.base + `/feeds/posts/default" />` + "\n")
	b.WriteString(`<link rel="service.post" type="application/atom+xml" title="` + t + ` - Atom" href="https://www.blogger.com/feeds/` + s.blogID + `/posts/default" />` + "\n")
	b.WriteString("<meta content='" + esc(pg.canonical) + "' property='og:url'/>\n")
	b.WriteString("<meta content='" + esc(pg.title) + "' property='og:title'/>\n")
	b.WriteString("<meta content='" + t + "' property='og:site_name'/>\n")
	b.WriteString("<meta content='" + esc(description) + "' property='og:description'/>\n")
	b.WriteString("<title>" + esc(pg.title) + "</title>\n")
	b.WriteString("<style id='page-skin-1' type='text/css'><!--\nbody{font:normal normal 12px Arial,Tahoma,Helvetica,FreeSans,sans-serif;color:#222;background:#fff}\n.content-outer{max-width:1100px;margin:0 auto}\n.post-body{font-size:110%;line-height:1.4}\n.comments .comment-thread.inline-thread{background-color:#f7f7f7;margin-left:24px}\n.hidden{display:none}\n--></style>\n")
	b.WriteString("</head>\n")
	b.WriteString("<body class='loading variant-simplysimple " + pg.view + "'>\n")
	b.WriteString("<div class='navbar section' id='navbar' name='Navbar'><div class='widget Navbar' data-version='1' id='Navbar1'></div></div>\n")
	b.WriteString("<div class='body-fauxcolumns'><div class='fauxcolumn-outer body-fauxcolumn-outer'></div></div>\n")
	b.WriteString("<div class='content'>\n<div class='content-fauxcolumns'></div>\n<div class='content-outer'>\n<div class='content-cap-top cap-top'></div>\n<div class='content-inner'>\n")
	b.WriteString("<header>\n<div class='header-outer'>\n<div class='header-inner'>\n<div class='section' id='header' name='Header'><div class='widget Header' data-version='1' id='Header1'>\n<div id='header-inner'>\n<div class='titlewrapper'>\n<h1 class='title'>\n<a href='" + pg.base + "/'>" + t + "</a>\n</h1>\n</div>\n")
	b.WriteString("<div class='descriptionwrapper'>\n<p class='description'><span>" + esc(description) + "</span></p>\n</div>\n</div>\n</div></div>\n</div>\n</div>\n</header>\n")
	b.WriteString("<div class='main-outer'>\n<div class='main-inner columns-2'>\n<div class='columns fauxcolumns'>\n<div class='columns-inner'>\n")
	b.WriteString("<div class='column-center-outer'>\n<div class='column-center-inner'>\n")
	b.WriteString("<div class='main section' id='main' name='Main'><div class='widget Blog' data-version='1' id='Blog1'>\n")
	main()
	b.WriteString("</div></div>\n</div>\n</div>\n")
	b.WriteString("<div class='column-right-outer'>\n<div class='column-right-inner'>\n<aside>\n<div class='sidebar section' id='sidebar-right-1'>")
	s.writeSidebar(b, pg)
	b.WriteString("</div>\n</aside>\n</div>\n</div>\n")
	b.WriteString("</div>\n<div style='clear: both'></div>\n</div>\n</div>\n</div>\n")
	b.WriteString("<footer>\n<div class='footer-outer'>\n<div class='foot section' id='footer-3' name='Footer'><div class='widget Attribution' data-version='1' id='Attribution1'>\n<div class='widget-content' style='text-align: center;'>\nSimple theme. Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.\n</div>\n</div></div>\n</div>\n</footer>\n")
	b.WriteString("</div>\n</div>\n</div>\n")
	b.WriteString("<script type='text/javascript'>\n    window.setTimeout(function() {\n        document.body.className = document.body.className.replace('loading', '');\n      }, 10);\n  </script>\n")
	b.WriteString("</body>\n</html>\n")
}

// writeSidebar writes the gadgets: Pages, Popular Posts, Blog Archive,
// Labels and Contributors.
func (s *Site) writeSidebar(b *bytes.Buffer, pg page) {
	base := pg.base
	b.WriteString("<div class='widget PageList' data-version='1' id='PageList1'>\n<h2>Pages</h2>\n<div class='widget-content'>\n<ul>\n")
	b.WriteString("<li><a href='" + base + "/'>Home</a></li>\n")
	b.WriteString("<li><a href='" + base + aboutPath + "'>About</a></li>\n")
	b.WriteString("</ul>\n<div class='clear'></div>\n</div>\n</div>")

	b.WriteString("<div class='widget PopularPosts' data-version='1' id='PopularPosts1'>\n<h2>Popular Posts</h2>\n<div class='widget-content popular-posts'>\n<ul>\n")
	for _, j := range s.popular(pg.current) {
		u := base + s.PostPath(j)
		b.WriteString("<li>\n<div class='item-content'>\n<div class='item-title'><a href='" + u + "'>" + esc(s.PostTitle(j)) + "</a></div>\n")
		b.WriteString("<div class='item-snippet'>" + esc(s.snippet(j)) + "</div>\n</div>\n<div style='clear: both;'></div>\n</li>\n")
	}
	b.WriteString("</ul>\n<div class='clear'></div>\n</div>\n</div>")

	s.writeArchiveGadget(b, base, pg.focus)

	b.WriteString("<div class='widget Label' data-version='1' id='Label1'>\n<h2>Labels</h2>\n<div class='widget-content list-label-widget-content'>\n<ul>\n")
	for _, l := range labels {
		b.WriteString("<li>\n<a dir='ltr' href='" + base + "/search/label/" + l + "'>" + l + "</a>\n</li>\n")
	}
	b.WriteString("</ul>\n<div class='clear'></div>\n</div>\n</div>")

	b.WriteString("<div class='widget Profile' data-version='1' id='Profile1'>\n<h2>Contributors</h2>\n<div class='widget-content'>\n<ul>\n")
	for a := 0; a < s.authors; a++ {
		b.WriteString("<li><a class='profile-name-link g-profile' href='" + s.profileURL(1000+uint64(a)) + "' rel='author'>" + authorNames[a] + "</a></li>\n")
	}
	b.WriteString("</ul>\n<div class='clear'></div>\n</div>\n</div>")
}

// monthStart returns the first instant of t's month.
func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// writeArchiveGadget writes the Blog Archive gadget: years newest first,
// the focus post's year opened into months and its month into titles.
// Its size grows with the years and months, not the posts.
func (s *Site) writeArchiveGadget(b *bytes.Buffer, base string, focus int) {
	b.WriteString("<div class='widget BlogArchive' data-version='1' id='BlogArchive1'>\n<h2>Blog Archive</h2>\n<div class='widget-content'>\n<div id='ArchiveList'>\n<div id='BlogArchive1_ArchiveList'>\n")
	first, last := s.published(0), s.published(s.n()-1)
	ft := s.published(focus)
	count := func(from, to time.Time) int { return s.before(to) - s.before(from) }
	b.WriteString("<ul class='hierarchy'>\n")
	for y := last.Year(); y >= first.Year(); y-- {
		ys := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
		open := y == ft.Year()
		state := "collapsed"
		if open {
			state = "expanded"
		}
		b.WriteString("<li class='archivedate " + state + "'>\n<span class='zippy'>►&nbsp;</span>\n")
		b.WriteString("<a class='post-count-link' href='" + base + "/" + strconv.Itoa(y) + "/'>" + strconv.Itoa(y) + "</a>\n")
		b.WriteString("<span class='post-count' dir='ltr'>(" + strconv.Itoa(count(ys, ys.AddDate(1, 0, 0))) + ")</span>\n")
		if open {
			b.WriteString("<ul class='hierarchy'>\n")
			for m := time.December; m >= time.January; m-- {
				ms := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
				n := count(ms, ms.AddDate(0, 1, 0))
				if n == 0 {
					continue
				}
				mopen := m == ft.Month()
				state := "collapsed"
				if mopen {
					state = "expanded"
				}
				b.WriteString("<li class='archivedate " + state + "'>\n<span class='zippy'>►&nbsp;</span>\n")
				b.WriteString("<a class='post-count-link' href='" + base + "/" + strconv.Itoa(y) + "/" + pad(int(m), 2) + "/'>" + m.String() + "</a>\n")
				b.WriteString("<span class='post-count' dir='ltr'>(" + strconv.Itoa(n) + ")</span>\n")
				if mopen {
					b.WriteString("<ul class='posts'>\n")
					for j := s.before(ms.AddDate(0, 1, 0)) - 1; j >= s.before(ms); j-- {
						b.WriteString("<li><a href='" + base + s.PostPath(j) + "'>" + esc(s.PostTitle(j)) + "</a></li>\n")
					}
					b.WriteString("</ul>\n")
				}
				b.WriteString("</li>\n")
			}
			b.WriteString("</ul>\n")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n</div>\n</div>\n<div class='clear'></div>\n</div>\n</div>")
}

// writeFooter writes a post's footer: author, time, comment link, share
// buttons, labels.
func (s *Site) writeFooter(b *bytes.Buffer, base string, p post, item bool) {
	u := base + s.PostPath(p.i)
	id := s.postID(p.i)
	a := s.authorOf(p.i)
	pub := p.published()
	b.WriteString("<div class='post-footer'>\n<div class='post-footer-line post-footer-line-1'>\n")
	b.WriteString("<span class='post-author vcard'>\nPosted by\n<span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'>\n")
	b.WriteString("<meta content='" + s.profileURL(1000+uint64(a)) + "' itemprop='url'/>\n")
	b.WriteString("<a class='g-profile' href='" + s.profileURL(1000+uint64(a)) + "' rel='author' title='author profile'>\n<span itemprop='name'>" + authorNames[a] + "</span>\n</a>\n</span>\n</span>\n")
	b.WriteString("<span class='post-timestamp'>\nat\n<meta content='" + u + "' itemprop='url'/>\n")
	b.WriteString("<a class='timestamp-link' href='" + u + "' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='" + pub.Format(stamp) + "'>" + pub.Format("15:04") + "</abbr></a>\n</span>\n")
	b.WriteString("<span class='post-comment-link'>\n")
	if !item {
		b.WriteString("<a class='comment-link' href='" + u + "#comment-form' onclick=''>\n" + commentsHeading(p.numComments(), false) + "\n</a>\n")
	}
	b.WriteString("</span>\n<span class='post-icons'>\n</span>\n")
	b.WriteString("<div class='post-share-buttons goog-inline-block'>\n")
	for _, sb := range [][3]string{
		{"email", "Email This", "email"}, {"blog", "BlogThis!", "blog"}, {"twitter", "Share to X", "twitter"},
		{"facebook", "Share to Facebook", "facebook"}, {"pinterest", "Share to Pinterest", "pinterest"},
	} {
		b.WriteString("<a class='goog-inline-block share-button sb-" + sb[0] + "' href='" + s.actions + "/share-post.g?blogID=" + s.blogID + "&amp;postID=" + id + "&amp;target=" + sb[2] + "' target='_blank' title='" + sb[1] + "'><span class='share-button-link-text'>" + sb[1] + "</span></a>")
	}
	b.WriteString("\n</div>\n</div>\n")
	b.WriteString("<div class='post-footer-line post-footer-line-2'>\n<span class='post-labels'>\nLabels:\n")
	for k, l := range s.labelsOf(p.i) {
		if k > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("<a href='" + base + "/search/label/" + l + "' rel='tag'>" + l + "</a>")
	}
	b.WriteString("\n</span>\n</div>\n<div class='post-footer-line post-footer-line-3'>\n<span class='post-location'>\n</span>\n</div>\n</div>\n")
}

// commentsHeading returns "3 comments:", "1 comment:" or "No comments:"
// (without the colon when colon is false).
func commentsHeading(n int, colon bool) string {
	var h string
	switch n {
	case 0:
		h = "No comments"
	case 1:
		h = "1 comment"
	default:
		h = strconv.Itoa(n) + " comments"
	}
	if colon {
		h += ":"
	}
	return h
}

// writePostStart opens a post: date header, hentry container, title.
func (s *Site) writePostStart(b *bytes.Buffer, base string, i int, item bool) {
	pub := s.published(i)
	id := s.postID(i)
	b.WriteString("<div class=\"date-outer\">\n<h2 class='date-header'><span>" + pub.Format("Monday, 2 January 2006") + "</span></h2>\n<div class=\"date-posts\">\n")
	b.WriteString("<div class='post-outer'>\n<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>\n")
	b.WriteString("<meta content='" + s.blogID + "' itemprop='blogId'/>\n<meta content='" + id + "' itemprop='postId'/>\n<a name='" + id + "'></a>\n")
	b.WriteString("<h3 class='post-title entry-title' itemprop='name'>\n")
	if item {
		b.WriteString(esc(s.PostTitle(i)))
	} else {
		b.WriteString("<a href='" + base + s.PostPath(i) + "'>" + esc(s.PostTitle(i)) + "</a>")
	}
	b.WriteString("\n</h3>\n<div class='post-header'>\n<div class='post-header-line-1'></div>\n</div>\n")
}

// writeIndexPost writes one post of an index page: title link and snippet.
func (s *Site) writeIndexPost(b *bytes.Buffer, base string, i int) {
	p := s.post(i)
	u := base + s.PostPath(i)
	s.writePostStart(b, base, i, false)
	b.WriteString("<div class='post-body entry-content' id='post-body-" + s.postID(i) + "' itemprop='description articleBody'>\n")
	b.WriteString("<p>" + esc(s.snippet(i)) + "</p>\n")
	b.WriteString("<div class='jump-link'>\n<a href='" + u + "#more' title='" + esc(s.PostTitle(i)) + "'>Read more »</a>\n</div>\n")
	b.WriteString("<div style='clear: both;'></div>\n</div>\n")
	s.writeFooter(b, base, p, false)
	b.WriteString("</div>\n</div>\n</div></div>\n")
}

// writeListing writes the posts of an index page, a status message and the
// pager; older is the "Older Posts" URL or "".
func (s *Site) writeListing(b *bytes.Buffer, base, status string, posts []int, older string) {
	if status != "" {
		b.WriteString("<div class='status-msg-wrap'>\n<div class='status-msg-body'>\n" + status + "\n</div>\n<div class='status-msg-border'>\n<div class='status-msg-bg'>\n<div class='status-msg-hidden'>" + status + "</div>\n</div>\n</div>\n</div>\n<div style='clear: both;'></div>\n")
	}
	b.WriteString("<div class='blog-posts hfeed'>\n")
	for _, i := range posts {
		s.writeIndexPost(b, base, i)
	}
	b.WriteString("</div>\n")
	b.WriteString("<div class='blog-pager' id='blog-pager'>\n")
	if older != "" {
		b.WriteString("<span id='blog-pager-older-link'>\n<a class='blog-pager-older-link' href='" + esc(older) + "' id='Blog1_blog-pager-older-link' title='Older Posts'>Older Posts</a>\n</span>\n")
	}
	b.WriteString("<a class='home-link' href='" + base + "/'>Home</a>\n</div>\n<div class='clear'></div>\n")
	b.WriteString("<div class='blog-feeds'>\n<div class='feed-links'>\nSubscribe to:\n<a class='feed-link' href='" + base + "/feeds/posts/default' target='_blank' type='application/atom+xml'>Posts (Atom)</a>\n</div>\n</div>\n")
}

// olderURL returns the "Older Posts" link after post last, on the search
// path given ("/search" or "/search/label/X").
func olderURL(base, searchPath string, t time.Time) string {
	return base + searchPath + "?updated-max=" + t.UTC().Format(stamp) + "&max-results=" + strconv.Itoa(pageSize)
}

func (s *Site) serveHome(w http.ResponseWriter, r *http.Request, base string) {
	etag, lm := s.listingValidators(r)
	respond(w, r, http.StatusOK, typeHTML, etag, lm, func(b *bytes.Buffer) {
		n := min(pageSize, s.n())
		posts := make([]int, n)
		for k := range posts {
			posts[k] = s.n() - 1 - k
		}
		older := ""
		if s.n() > n {
			older = olderURL(base, "/search", s.published(posts[n-1]))
		}
		pg := page{base: base, canonical: base + "/", title: s.title, view: "index-view", current: -1, focus: s.n() - 1}
		s.writePage(b, pg, func() { s.writeListing(b, base, "", posts, older) })
	})
}

// parseArchivePath reads /YYYY/ and /YYYY/MM/ archive paths that hold posts.
func (s *Site) parseArchivePath(path string) (from, to time.Time, ok bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if !strings.HasSuffix(path, "/") || len(parts) > 2 || len(parts[0]) != 4 {
		return from, to, false
	}
	y, err := strconv.Atoi(parts[0])
	if err != nil || y < 1000 {
		return from, to, false
	}
	from = time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
	to = from.AddDate(1, 0, 0)
	if len(parts) == 2 {
		m, err := strconv.Atoi(parts[1])
		if err != nil || len(parts[1]) != 2 || m < 1 || m > 12 {
			return from, to, false
		}
		from = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(0, 1, 0)
	}
	return from, to, s.before(to) > s.before(from)
}

func (s *Site) serveArchive(w http.ResponseWriter, r *http.Request, base string, from, to time.Time) {
	etag, lm := s.listingValidators(r)
	respond(w, r, http.StatusOK, typeHTML, etag, lm, func(b *bytes.Buffer) {
		lo, hi := s.before(from), s.before(to)
		limit := pageSize
		label := strconv.Itoa(from.Year())
		canonical := base + "/" + label + "/"
		if to.Sub(from) < 40*24*time.Hour { // a month: list all of it (at most 21)
			limit = hi - lo
			label = from.Format("January 2006")
			canonical = base + from.Format("/2006/01/")
		}
		var posts []int
		for i := hi - 1; i >= lo && len(posts) < limit; i-- {
			posts = append(posts, i)
		}
		older := ""
		if last := posts[len(posts)-1]; last > 0 {
			older = olderURL(base, "/search", s.published(last))
		}
		pg := page{base: base, canonical: canonical, title: s.title + ": " + label, view: "archive-view", current: -1, focus: hi - 1}
		s.writePage(b, pg, func() { s.writeListing(b, base, "", posts, older) })
	})
}

// serveSearch serves /search and /search/label/X: never fetched by a
// crawler that obeys robots.txt, but there for people and for the others.
func (s *Site) serveSearch(w http.ResponseWriter, r *http.Request, base string) {
	path := r.URL.Path
	label := ""
	if rest, ok := strings.CutPrefix(path, "/search/label/"); ok && rest != "" && !strings.Contains(rest, "/") {
		label = rest
	} else if path != "/search" {
		s.serveNotFound(w, r, base)
		return
	}
	q := r.URL.Query()
	limit := pageSize
	if v, err := strconv.Atoi(q.Get("max-results")); err == nil && v > 0 {
		limit = min(v, 100)
	}
	start := s.n() - 1
	if v := q.Get("updated-max"); v != "" {
		t, err := time.Parse(time.RFC3339, strings.ReplaceAll(v, " ", "+"))
		if err != nil {
			t, err = time.Parse("2006-01-02T15:04:05.000Z07:00", strings.ReplaceAll(v, " ", "+"))
		}
		if err == nil {
			start = s.before(t) - 1
		}
	}
	etag, lm := s.listingValidators(r)
	respond(w, r, http.StatusOK, typeHTML, etag, lm, func(b *bytes.Buffer) {
		var posts []int
		more := false
		for i := start; i >= 0; i-- {
			if label != "" && !s.hasLabel(i, label) {
				continue
			}
			if len(posts) == limit {
				more = true
				break
			}
			posts = append(posts, i)
		}
		searchPath, status, title := "/search", "", s.title
		if label != "" {
			searchPath = "/search/label/" + url.PathEscape(label)
			title += ": " + label
			status = "Showing posts with the label <b>" + esc(label) + "</b>. <a href='" + base + "/'>Show all posts</a>"
			if len(posts) == 0 {
				status = "No posts with the label <b>" + esc(label) + "</b>. <a href='" + base + "/'>Show all posts</a>"
			}
		} else if qq := q.Get("q"); qq != "" {
			status = "Showing posts matching the search for <b>" + esc(qq) + "</b>"
		}
		older := ""
		if more {
			older = olderURL(base, searchPath, s.published(posts[len(posts)-1]))
		}
		canonical := base + searchPath
		pg := page{base: base, canonical: canonical, title: title, view: "index-view search-view", current: -1, focus: s.n() - 1}
		s.writePage(b, pg, func() { s.writeListing(b, base, status, posts, older) })
	})
}

func (s *Site) serveAbout(w http.ResponseWriter, r *http.Request, base string) {
	etag, lm := s.listingValidators(r)
	respond(w, r, http.StatusOK, typeHTML, etag, lm, func(b *bytes.Buffer) {
		pg := page{base: base, canonical: base + aboutPath, title: s.title + ": About", view: "static-view", current: -1, focus: s.n() - 1}
		s.writePage(b, pg, func() {
			b.WriteString("<div class='blog-posts hfeed'>\n<div class='post-outer-static'>\n<div class='static-page'>\n<h3 class='post-title'>About</h3>\n<div class='static-page-body'>\n")
			b.WriteString("<p>" + esc(s.title) + " is written by ")
			for a := 0; a < s.authors; a++ {
				switch {
				case a == s.authors-1:
					b.WriteString(" and ")
				case a > 0:
					b.WriteString(", ")
				}
				b.WriteString(authorNames[a])
			}
			b.WriteString(", who walk a great deal and write some of it down.</p>\n")
			b.WriteString("<p>Comments are welcome; we read every one.</p>\n</div>\n</div>\n</div>\n</div>\n")
			b.WriteString("<div class='blog-pager' id='blog-pager'>\n<a class='home-link' href='" + base + "/'>Home</a>\n</div>\n")
		})
	})
}

func (s *Site) serveNotFound(w http.ResponseWriter, r *http.Request, base string) {
	respond(w, r, http.StatusNotFound, typeHTML, "", time.Time{}, func(b *bytes.Buffer) {
		pg := page{base: base, canonical: base + r.URL.Path, title: s.title, view: "error-view", current: -1, focus: s.n() - 1}
		s.writePage(b, pg, func() {
			b.WriteString("<div class='status-msg-wrap'>\n<div class='status-msg-body'>\nSorry, the page you were looking for in this blog does not exist.\n</div>\n</div>\n")
			b.WriteString("<div class='blog-pager' id='blog-pager'>\n<a class='home-link' href='" + base + "/'>Home</a>\n</div>\n")
		})
	})
}

func (s *Site) servePost(w http.ResponseWriter, r *http.Request, base string, i int) {
	p := s.post(i)
	respond(w, r, http.StatusOK, typeHTML, p.etag(), p.lastModified(), func(b *bytes.Buffer) {
		u := base + s.PostPath(i)
		pg := page{base: base, canonical: u, title: s.title + ": " + s.PostTitle(i), view: "item-view", current: i, focus: i}
		s.writePage(b, pg, func() {
			b.WriteString("<div class='blog-posts hfeed'>\n")
			s.writePostStart(b, base, i, true)
			s.writeBody(b, p)
			s.writeFooter(b, base, p, true)
			b.WriteString("</div>\n")
			s.writeComments(b, u, p)
			b.WriteString("</div>\n</div></div>\n</div>\n")
			b.WriteString("<div class='blog-pager' id='blog-pager'>\n")
			if i+1 < s.n() {
				b.WriteString("<span id='blog-pager-newer-link'>\n<a class='blog-pager-newer-link' href='" + base + s.PostPath(i+1) + "' id='Blog1_blog-pager-newer-link' title='Newer Post'>Newer Post</a>\n</span>\n")
			}
			if i > 0 {
				b.WriteString("<span id='blog-pager-older-link'>\n<a class='blog-pager-older-link' href='" + base + s.PostPath(i-1) + "' id='Blog1_blog-pager-older-link' title='Older Post'>Older Post</a>\n</span>\n")
			}
			b.WriteString("<a class='home-link' href='" + base + "/'>Home</a>\n</div>\n<div class='clear'></div>\n")
		})
	})
}

// writeBody writes the post body.
func (s *Site) writeBody(b *bytes.Buffer, p post) {
	b.WriteString("<div class='post-body entry-content' id='post-body-" + s.postID(p.i) + "' itemprop='description articleBody'>\n")
	p.writeParagraphs(b)
	b.WriteString("<div style='clear: both;'></div>\n</div>\n")
}

func (p post) writeParagraphs(b *bytes.Buffer) {
	n := p.s.numParagraphs(p.i)
	for k := 0; k < n; k++ {
		b.WriteString("<p>" + esc(p.paragraph(k)) + "</p>\n")
		if k == 0 {
			b.WriteString("<a name='more'></a>\n")
		}
	}
}

// writeComments writes the threaded comment section.
func (s *Site) writeComments(b *bytes.Buffer, u string, p post) {
	total := p.numComments()
	n := total
	if s.shown > 0 {
		n = min(n, s.shown)
	}
	id := s.postID(p.i)
	b.WriteString("<div class='comments' id='comments'>\n<a name='comments'></a>\n<h4>" + commentsHeading(total, true) + "</h4>\n")
	b.WriteString("<div class='comments-content'>\n<div id='comment-holder'>\n")
	b.WriteString(`<div class="comment-thread toplevel-thread"><ol id="top-ra">`)
	for j := 0; j < n; j++ {
		if isReply(j) {
			continue
		}
		c := p.comment(j)
		b.WriteString(`<li class="comment" id="c` + c.id + `">`)
		s.writeCommentBlock(b, u, p, c, true)
		b.WriteString(`<div class="comment-replies"><div id="c` + c.id + `-rt" class="comment-thread inline-thread`)
		hasReply := j+1 < n && isReply(j+1)
		if !hasReply {
			b.WriteString(" hidden")
		}
		b.WriteString(`"><span class="thread-toggle thread-expanded"><span class="thread-arrow"></span><span class="thread-count"><a target="_self">Replies</a></span></span>`)
		b.WriteString(`<ol id="c` + c.id + `-ra" class="thread-chrome thread-expanded"><div>`)
		if hasReply {
			rc := p.comment(j + 1)
			b.WriteString(`<li class="comment" id="c` + rc.id + `">`)
			s.writeCommentBlock(b, u, p, rc, false)
			b.WriteString(`<div class="comment-replybox-single" id="c` + rc.id + `-ce"></div></li>`)
		}
		b.WriteString(`</div><div id="c` + c.id + `-continue" class="continue"><a class="comment-reply" target="_self" data-comment-id="` + c.id + `">Reply</a></div></ol></div></div>`)
		b.WriteString(`<div class="comment-replybox-single" id="c` + c.id + `-ce"></div></li>`)
	}
	b.WriteString(`</ol><div id="top-continue" class="continue"><a class="comment-reply" target="_self">Add comment</a></div><div class="comment-replybox-thread" id="top-ce"></div>`)
	loadmore := "loadmore hidden"
	if n < total {
		loadmore = "loadmore"
	}
	b.WriteString(`<div class="` + loadmore + `" data-post-id="` + id + `"><a target="_self">Load more...</a></div></div>` + "\n")
	b.WriteString("</div>\n</div>\n")
	b.WriteString("<p class='comment-footer'>\n<div class='comment-form'>\n<a name='comment-form'></a>\n<h4 id='comment-post-message'>Post a Comment</h4>\n<p>\n</p>\n")
	b.WriteString("<a href='" + s.actions + "/comment/frame/" + s.blogID + "?po=" + id + "&amp;hl=en-GB&amp;saa=85391&amp;skin=simple' id='comment-editor-src'></a>\n")
	b.WriteString("<iframe allowtransparency='true' class='blogger-iframe-colorize blogger-comment-from-post' frameborder='0' height='410px' id='comment-editor' name='comment-editor' src='' width='100%'></iframe>\n")
	b.WriteString("</div>\n</p>\n</div>\n")
}

// writeCommentBlock writes one comment's avatar, header, text and actions.
func (s *Site) writeCommentBlock(b *bytes.Buffer, u string, p post, c comment, top bool) {
	t := p.eventTime(c.event)
	b.WriteString(`<div class="avatar-image-container"><img src="//resources.blogblog.com/img/blank.gif" alt=""/></div><div class="comment-block"><div class="comment-header">`)
	cls := "user"
	if c.isAuthor {
		cls = "user blog-author"
	}
	b.WriteString(`<cite class="` + cls + `">`)
	if c.profile != "" {
		b.WriteString(`<a href="` + c.profile + `" rel="nofollow">` + esc(c.author) + `</a>`)
	} else {
		b.WriteString(esc(c.author))
	}
	b.WriteString(`</cite><span class="icon ` + cls + `"></span>`)
	b.WriteString(`<span class="datetime secondary-text"><a rel="nofollow" href="` + u + `?showComment=` + strconv.FormatInt(t.UnixMilli(), 10) + `#c` + c.id + `">` + t.Format("2 January 2006 at 15:04") + `</a></span>`)
	b.WriteString(`</div><p class="comment-content">` + esc(c.text) + `</p><span class="comment-actions secondary-text">`)
	if top {
		b.WriteString(`<a class="comment-reply" target="_self" data-comment-id="` + c.id + `">Reply</a>`)
	}
	if s.actions == "" {
		// The blog admin's delete link, which Blogger hides with CSS.
		b.WriteString(`<span class="item-control blog-admin"><a href="/delete-comment.g?blogID=` + s.blogID + `&amp;postID=` + c.id + `">Delete</a></span>`)
	}
	b.WriteString(`</span></div>`)
}
