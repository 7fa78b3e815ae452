package sitegen

import (
	"bytes"
	"net/http"
	"sort"
	"strconv"
	"time"
)

const (
	sitemapPageSize = 1000
	feedDefault     = 25
	feedMax         = 100
	feedStamp       = "2006-01-02T15:04:05.000Z07:00"
)

// serveRobots serves Blogger's default robots.txt.
func (s *Site) serveRobots(w http.ResponseWriter, r *http.Request, base string) {
	respond(w, r, http.StatusOK, typeText, "", time.Time{}, func(b *bytes.Buffer) {
		b.WriteString("User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\nAllow: /\n\nSitemap: " + base + "/sitemap.xml\n")
	})
}

// serveSitemap serves the sitemap index, or with ?page=N one page of up to
// 1000 post URLs, newest first.
func (s *Site) serveSitemap(w http.ResponseWriter, r *http.Request, base string) {
	pages := (s.n() + sitemapPageSize - 1) / sitemapPageSize
	pv := r.URL.Query().Get("page")
	n := 0
	if pv != "" {
		var err error
		n, err = strconv.Atoi(pv)
		if err != nil || n < 1 || n > pages {
			s.serveNotFound(w, r, base)
			return
		}
	}
	etag, lm := s.listingValidators(r)
	respond(w, r, http.StatusOK, typeXML, etag, lm, func(b *bytes.Buffer) {
		b.WriteString("<?xml version='1.0' encoding='UTF-8'?>")
		if n == 0 {
			b.WriteString("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
			for k := 1; k <= pages; k++ {
				b.WriteString("<sitemap><loc>" + base + "/sitemap.xml?page=" + strconv.Itoa(k) + "</loc></sitemap>")
			}
			b.WriteString("</sitemapindex>")
			return
		}
		b.WriteString("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
		hi := s.n() - (n-1)*sitemapPageSize
		lo := max(hi-sitemapPageSize, 0)
		for i := hi - 1; i >= lo; i-- {
			b.WriteString("<url><loc>" + base + s.PostPath(i) + "</loc><lastmod>" + s.post(i).updated().Format(stamp) + "</lastmod></url>")
		}
		b.WriteString("</urlset>")
	})
}

// serveFeed serves /feeds/posts/default (summary false) and
// /feeds/posts/summary: an Atom feed of posts, newest first, paged with
// start-index and max-results.
func (s *Site) serveFeed(w http.ResponseWriter, r *http.Request, base string, summary bool) {
	q := r.URL.Query()
	start, limit := 1, feedDefault
	if v, err := strconv.Atoi(q.Get("start-index")); err == nil && v > 0 {
		start = v
	}
	if v, err := strconv.Atoi(q.Get("max-results")); err == nil && v > 0 {
		limit = min(v, feedMax)
	}
	// orderby=updated with updated-min lists the posts updated since, most
	// recently updated first (Blogger ignores updated-min otherwise).
	n := s.n()
	index := func(k int) int { return n - 1 - k }
	if since, err := time.Parse(time.RFC3339, q.Get("updated-min")); err == nil && q.Get("orderby") == "updated" {
		var list []int
		var when []time.Time
		for i := range n {
			if u := s.post(i).updated(); !u.Before(since) && !s.isRemoved(i) {
				list = append(list, i)
				when = append(when, u)
			}
		}
		order := make([]int, len(list))
		for k := range order {
			order[k] = k
		}
		sort.SliceStable(order, func(a, b int) bool { return when[order[a]].After(when[order[b]]) })
		sorted := make([]int, len(list))
		for k, o := range order {
			sorted[k] = list[o]
		}
		n = len(sorted)
		index = func(k int) int { return sorted[k] }
	}
	etag, lm := s.listingValidators(r)
	respond(w, r, http.StatusOK, typeAtom, etag, lm, func(b *bytes.Buffer) {
		feedURL := base + "/feeds/posts/default"
		if summary {
			feedURL = base + "/feeds/posts/summary"
		}
		b.WriteString("<?xml version='1.0' encoding='UTF-8'?>")
		b.WriteString("<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:blogger='http://schemas.google.com/blogger/2008' xmlns:georss='http://www.georss.org/georss' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>")
		b.WriteString("<id>tag:blogger.com,1999:blog-" + s.blogID + "</id>")
		b.WriteString("<updated>" + lm.UTC().Format(feedStamp) + "</updated>")
		for _, l := range labels {
			b.WriteString("<category term='" + l + "'/>")
		}
		b.WriteString("<title type='text'>" + esc(s.title) + "</title>")
		b.WriteString("<subtitle type='html'>" + esc(description) + "</subtitle>")
		b.WriteString("<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='" + feedURL + "'/>")
		b.WriteString("<link rel='self' type='application/atom+xml' href='" + esc(feedURL+"?start-index="+strconv.Itoa(start)+"&max-results="+strconv.Itoa(limit)) + "'/>")
		b.WriteString("<link rel='alternate' type='text/html' href='" + base + "/'/>")
		if start-1+limit < n {
			b.WriteString("<link rel='next' type='application/atom+xml' href='" + esc(feedURL+"?start-index="+strconv.Itoa(start+limit)+"&max-results="+strconv.Itoa(limit)) + "'/>")
		}
		if start > 1 {
			prev := max(start-limit, 1)
			b.WriteString("<link rel='previous' type='application/atom+xml' href='" + esc(feedURL+"?start-index="+strconv.Itoa(prev)+"&max-results="+strconv.Itoa(limit)) + "'/>")
		}
		b.WriteString("<author><name>" + authorNames[0] + "</name><uri>" + s.profileURL(1000) + "</uri><email>noreply@blogger.com</email></author>")
		b.WriteString("<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>")
		b.WriteString("<openSearch:totalResults>" + strconv.Itoa(n) + "</openSearch:totalResults>")
		b.WriteString("<openSearch:startIndex>" + strconv.Itoa(start) + "</openSearch:startIndex>")
		b.WriteString("<openSearch:itemsPerPage>" + strconv.Itoa(limit) + "</openSearch:itemsPerPage>")
		for k := start - 1; k < start-1+limit && k < n; k++ {
			s.writeEntry(b, base, s.post(index(k)), summary)
		}
		b.WriteString("</feed>")
	})
}

// writeEntry writes one post as an Atom entry, with its body or, for
// summary feeds, its opening.
func (s *Site) writeEntry(b *bytes.Buffer, base string, p post, summary bool) {
	u := base + s.PostPath(p.i)
	a := s.authorOf(p.i)
	b.WriteString("<entry><id>tag:blogger.com,1999:blog-" + s.blogID + ".post-" + s.postID(p.i) + "</id>")
	b.WriteString("<published>" + p.published().Format(feedStamp) + "</published>")
	b.WriteString("<updated>" + p.updated().Format(feedStamp) + "</updated>")
	for _, l := range s.labelsOf(p.i) {
		b.WriteString("<category scheme='http://www.blogger.com/atom/ns#' term='" + l + "'/>")
	}
	b.WriteString("<title type='text'>" + esc(s.PostTitle(p.i)) + "</title>")
	if summary {
		b.WriteString("<summary type='text'>" + esc(s.snippet(p.i)) + "</summary>")
	} else {
		var body bytes.Buffer
		p.writeParagraphs(&body)
		b.WriteString("<content type='html'>" + esc(body.String()) + "</content>")
	}
	b.WriteString("<link rel='alternate' type='text/html' href='" + u + "' title='" + esc(s.PostTitle(p.i)) + "'/>")
	b.WriteString("<author><name>" + authorNames[a] + "</name><uri>" + s.profileURL(1000+uint64(a)) + "</uri><email>noreply@blogger.com</email></author>")
	b.WriteString("<link rel='replies' type='application/atom+xml' href='" + base + "/feeds/" + s.postID(p.i) + "/comments/default' title='Post Comments'/>")
	b.WriteString("<thr:total>" + strconv.Itoa(p.numComments()) + "</thr:total></entry>")
}
