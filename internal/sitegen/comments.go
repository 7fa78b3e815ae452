package sitegen

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// commentFeedMax caps max-results of a comment feed, so that long threads
// come in several pages (Blogger's own "Load more" asks for 50).
const commentFeedMax = 50

// postByID returns the post whose Blogger id is id.
func (s *Site) postByID(id string) (int, bool) {
	v, err := strconv.ParseUint(id, 10, 64)
	if err != nil || v < s.postBase || (v-s.postBase)%postIDStride != 0 {
		return 0, false
	}
	i := (v - s.postBase) / postIDStride
	if i >= uint64(s.n()) {
		return 0, false
	}
	return int(i), true
}

// serveCommentFeed serves /feeds/POSTID/comments/default: the post's
// comments as Blogger's Atom comment feed, oldest first, paged with
// start-index and max-results (at most commentFeedMax). A reply carries a
// rel=related link to its parent's entry, as on Blogger.
func (s *Site) serveCommentFeed(w http.ResponseWriter, r *http.Request, base string) {
	rest := strings.TrimPrefix(r.URL.Path, "/feeds/")
	id, _, _ := strings.Cut(rest, "/")
	i, ok := s.postByID(id)
	if !ok {
		s.serveNotFound(w, r, base)
		return
	}
	p := s.post(i)
	q := r.URL.Query()
	start, limit := 1, feedDefault
	if v, err := strconv.Atoi(q.Get("start-index")); err == nil && v > 0 {
		start = v
	}
	if v, err := strconv.Atoi(q.Get("max-results")); err == nil && v > 0 {
		limit = min(v, commentFeedMax)
	}
	etag := quoteTag(mix(s.idHash, uint64(i), 0xc0, uint64(start), uint64(limit), uint64(p.numComments()), uint64(p.st.rev)))
	respond(w, r, http.StatusOK, typeAtom, etag, p.lastModified(), func(b *bytes.Buffer) {
		postURL := base + s.PostPath(i)
		feedURL := base + "/feeds/" + id + "/comments/default"
		n := p.numComments()
		b.WriteString("<?xml version='1.0' encoding='UTF-8'?>")
		b.WriteString("<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0'>")
		b.WriteString("<id>tag:blogger.com,1999:blog-" + s.blogID + ".post" + id + "..comments</id>")
		b.WriteString("<updated>" + p.lastModified().Format(feedStamp) + "</updated>")
		b.WriteString("<title type='text'>Comments on " + esc(s.title) + ": " + esc(s.PostTitle(i)) + "</title>")
		b.WriteString("<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='" + feedURL + "'/>")
		b.WriteString("<link rel='alternate' type='text/html' href='" + postURL + "'/>")
		if start-1+limit < n {
			b.WriteString("<link rel='next' type='application/atom+xml' href='" + esc(feedURL+"?start-index="+strconv.Itoa(start+limit)+"&max-results="+strconv.Itoa(limit)) + "'/>")
		}
		b.WriteString("<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>")
		b.WriteString("<openSearch:totalResults>" + strconv.Itoa(n) + "</openSearch:totalResults>")
		b.WriteString("<openSearch:startIndex>" + strconv.Itoa(start) + "</openSearch:startIndex>")
		b.WriteString("<openSearch:itemsPerPage>" + strconv.Itoa(limit) + "</openSearch:itemsPerPage>")
		for j := start - 1; j < start-1+limit && j < n; j++ {
			c := p.comment(j)
			t := p.eventTime(c.event)
			b.WriteString("<entry><id>tag:blogger.com,1999:blog-" + s.blogID + ".post-" + c.id + "</id>")
			b.WriteString("<published>" + t.Format(feedStamp) + "</published><updated>" + t.Format(feedStamp) + "</updated>")
			b.WriteString("<title type='text'>" + esc(firstWords(c.text, 8)) + "</title>")
			b.WriteString("<content type='html'>" + esc(esc(c.text)) + "</content>")
			b.WriteString("<link rel='self' type='application/atom+xml' href='" + feedURL + "/" + c.id + "'/>")
			b.WriteString("<link rel='alternate' type='text/html' href='" + postURL + "?showComment=" + strconv.FormatInt(t.UnixMilli(), 10) + "#c" + c.id + "' title=''/>")
			if c.parent >= 0 {
				b.WriteString("<link rel='related' type='application/atom+xml' href='" + feedURL + "/" + p.comment(c.parent).id + "'/>")
			}
			b.WriteString("<author><name>" + esc(c.author) + "</name>")
			if c.profile != "" {
				b.WriteString("<uri>" + c.profile + "</uri>")
			}
			b.WriteString("<email>noreply@blogger.com</email></author>")
			b.WriteString("<thr:in-reply-to href='" + postURL + "' ref='tag:blogger.com,1999:blog-" + s.blogID + ".post-" + id + "' source='" + base + "/feeds/posts/default/" + id + "' type='text/html'/>")
			b.WriteString("<gd:extendedProperty name='blogger.itemClass' value='pid-" + strconv.Itoa(j) + "'/>")
			b.WriteString("<gd:extendedProperty name='blogger.displayTime' value='" + t.Format("2 January 2006 at 15:04") + "'/></entry>")
		}
		b.WriteString("</feed>")
	})
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}
