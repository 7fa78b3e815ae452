package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
)

// ViaCommentPages is the Comments.Via of comments read from a post's
// comment pages (WordPress comment-page-N/, ?cpage=N).
const ViaCommentPages = "comment-pages"

// Limits of one FetchComments call.
const (
	maxCommentRequests = 500 // feed, API or comment pages
	commentPageSize    = 200 // Blogger comment feed max-results
)

// Comment is one comment as a platform's comment feed or API gives it.
type Comment struct {
	// ID is the platform's comment id (digits on Blogger and WordPress,
	// as in the page's c123 and comment-123 anchors).
	ID string
	// ParentID is the id of the comment it replies to, "" at top level.
	ParentID  string
	Author    string
	AuthorURL string
	// Published is when it was written; zero when unknown.
	Published time.Time
	// Text is the comment as plain text, paragraphs separated by a blank
	// line.
	Text string
	// Type is "pingback" or "trackback" for those, "" for a comment.
	Type string
	// Deleted marks a comment the platform keeps as removed.
	Deleted bool
}

// Comments is what [Page.FetchComments] found.
type Comments struct {
	// Via is the route: ViaBloggerFeed (the post's comment feed),
	// ViaWordPressAPI (/wp/v2/comments), ViaWordPressFeed (the post's
	// Atom comment feed, which holds only the newest comments) or
	// ViaCommentPages.
	Via string
	// Total is the number of comments the platform says the post has, or
	// -1 when it does not say.
	Total int
	// Complete is set when every page of the route was read.
	Complete bool
	// Entries are the comments from a feed or API.
	Entries []Comment
	// Pages are the comment pages fetched (ViaCommentPages): HTML pages
	// for the caller to extract comments from, as it does posts.
	Pages []*Page
}

// commentHints is what a post's page says about where its comments are.
// When the page was not parsed (its links were not needed), body holds it
// until load reads the hints from it, on demand.
type commentHints struct {
	host          *host
	permalink     *url.URL
	platform      string
	apiRoot       string
	oembed        string
	bloggerPostID string
	wpPostID      string
	loadMore      bool
	commentPages  []string
	commentFeeds  []string

	once sync.Once
	body []byte
}

// fill takes the hints of a parsed page, keeping those already known (from
// the response's Link header) that the page does not give.
func (h *commentHints) fill(info *htmlLinks) {
	if info.platform != "" {
		h.platform = info.platform
	}
	if info.apiRoot != "" {
		h.apiRoot = info.apiRoot
	}
	if info.oembed != "" {
		h.oembed = info.oembed
	}
	if info.bloggerPostID != "" {
		h.bloggerPostID = info.bloggerPostID
	}
	if info.wpPostID != "" {
		h.wpPostID = info.wpPostID
	}
	h.loadMore = h.loadMore || info.loadMore
	h.commentPages = append(h.commentPages, info.commentPages...)
	h.commentFeeds = append(h.commentFeeds, info.commentFeeds...)
}

// load parses the page for its hints if that was put off.
func (h *commentHints) load() {
	h.once.Do(func() {
		if h.body == nil || h.permalink == nil {
			return
		}
		if info, err := parseHTML(h.body, h.permalink); err == nil {
			h.fill(info)
		}
		h.body = nil
	})
}

// CommentsHidden reports whether the page's HTML says that some of its
// comments are not in it: Blogger's "Load more" control is shown, or the
// page links to WordPress comment pages.
func (p *Page) CommentsHidden() bool {
	h := p.hints
	if h == nil {
		return false
	}
	if h.body != nil && !mayHideComments(h.body) {
		return false // not worth parsing the page to learn it
	}
	h.load()
	return h.loadMore || h.ownCommentPages()
}

// ownCommentPages reports whether the page links to comment pages of its
// own post. A Recent Comments widget links every page of a blog to other
// posts' comment pages, which say nothing of this post's comments, and to
// this post's as comment-page-1/#comment-16: a link to one comment, never
// the pagination of a comment list (which points at #comments), so links
// to one comment are not counted.
func (h *commentHints) ownCommentPages() bool {
	if h.permalink == nil {
		return false
	}
	for _, raw := range h.commentPages {
		if _, frag, _ := strings.Cut(raw, "#"); oneCommentRE.MatchString(frag) {
			continue
		}
		if u, err := normalize(raw); err == nil && commentPageOf(h.permalink, u.String()) {
			return true
		}
	}
	return false
}

// oneCommentRE matches the fragment of a link to one comment: comment-16,
// li-comment-16, c16.
var oneCommentRE = regexp.MustCompile(`^(?:li-)?comment-?\d+$|^c\d+$`)

// commentPageOf reports whether the normalized URL s is one of the
// comment pages of the post at permalink: the post's address followed by
// /comment-page-N/ or a cpage query parameter. /2024/post-two/comment-page-2/
// is not a page of /2024/post/.
func commentPageOf(permalink *url.URL, s string) bool {
	if !isCommentPage(s) {
		return false
	}
	base := strings.TrimSuffix(permalink.Scheme+"://"+permalink.Host+permalink.EscapedPath(), "/")
	if permalink.RawQuery != "" {
		return strings.HasPrefix(s, base+"/?"+permalink.RawQuery+"&") || strings.HasPrefix(s, base+"?"+permalink.RawQuery+"&")
	}
	rest, ok := strings.CutPrefix(s, base)
	return ok && (strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "?"))
}

// mayHideComments reports, from the raw page, whether it may show a
// Blogger "Load more" or link to comment pages: false means it does not.
func mayHideComments(body []byte) bool {
	if bytes.Contains(body, []byte("comment-page-")) || bytes.Contains(body, []byte("cpage=")) {
		return true
	}
	for rest := body; ; {
		i := bytes.Index(rest, []byte("loadmore"))
		if i < 0 {
			return false
		}
		// The class attribute around it: from the quote before to the
		// quote after.
		start := bytes.LastIndexAny(rest[:i], `"'`)
		end := bytes.IndexAny(rest[i:], `"'`)
		if start < 0 || end < 0 || !bytes.Contains(rest[start:i+end], []byte("hidden")) {
			return true
		}
		rest = rest[i+len("loadmore"):]
	}
}

// FetchComments fetches the post's comments from the route its platform
// offers: Blogger's comment feed of the post, WordPress's REST API (else
// the post's comment pages, else its Atom comment feed), or for other
// sites the comment pages the page links to. Every request passes the
// crawl's politeness rules (robots.txt, per-host delay, retries) and
// counts in the Summary's requests, not its pages. Call it from the
// Handler, which must merge what it gets with the comments of the page.
//
// It returns ErrNoCommentRoute when the page offers no route, and the
// route's error when its first request fails; a failure later in a paged
// route returns what was read with Complete unset.
func (p *Page) FetchComments(ctx context.Context) (*Comments, error) {
	if p.run == nil || p.hints == nil || p.hints.permalink == nil {
		return nil, ErrNoCommentRoute
	}
	r, h := p.run, p.hints
	h.load()
	base := h.permalink.Scheme + "://" + h.permalink.Host
	var errs []error
	try := func(cs *Comments, err error) (*Comments, bool) {
		if err == nil {
			return cs, true
		}
		errs = append(errs, err)
		return nil, false
	}
	switch {
	case h.platform == platformBlogger && h.bloggerPostID != "":
		if cs, ok := try(r.bloggerComments(ctx, base, h.bloggerPostID)); ok {
			return cs, nil
		}
	case h.platform == platformWordPress:
		if h.apiRoot != "" && h.wpPostID != "" {
			if cs, ok := try(r.wpAPIComments(ctx, h.apiRoot, h.wpPostID)); ok {
				return cs, nil
			}
		}
		if len(h.commentPages) > 0 {
			if cs, ok := try(r.commentPages(ctx, h.permalink, h.commentPages)); ok {
				return cs, nil
			}
		}
		feed := strings.TrimSuffix(h.permalink.String(), "/") + "/feed/atom/"
		if cs, ok := try(r.atomComments(ctx, feed, ViaWordPressFeed)); ok {
			return cs, nil
		}
	case len(h.commentPages) > 0:
		if cs, ok := try(r.commentPages(ctx, h.permalink, h.commentPages)); ok {
			return cs, nil
		}
	}
	if len(errs) == 0 {
		return nil, ErrNoCommentRoute
	}
	return nil, errors.Join(errs...)
}

// FetchCommentFeed fetches the post's own comment feed, which holds what
// some pages and APIs leave out: the dates and excerpts of pingbacks and
// trackbacks (a classic theme lists them by name only, and WordPress's REST
// API does not give them to anonymous readers), and every comment's time
// with its zone. Only WordPress posts have one (PERMALINK/feed/atom/,
// the newest comments); elsewhere it returns ErrNoCommentRoute.
func (p *Page) FetchCommentFeed(ctx context.Context) (*Comments, error) {
	if p.run == nil || p.hints == nil || p.hints.permalink == nil {
		return nil, ErrNoCommentRoute
	}
	p.hints.load()
	if p.hints.platform != platformWordPress {
		return nil, ErrNoCommentRoute
	}
	feed := strings.TrimSuffix(p.hints.permalink.String(), "/") + "/feed/atom/"
	if p.hints.permalink.RawQuery != "" {
		feed = p.hints.permalink.String() + "&feed=atom" // ?p=7: plain permalinks
	}
	cs, err := p.run.atomComments(ctx, feed, ViaWordPressFeed)
	if cs != nil {
		cs.Complete = false // the newest comments only
	}
	return cs, err
}

// commentGet fetches one comment request through its host's gate. It
// refuses URLs out of the crawl's sites or disallowed by robots.txt.
func (r *run) commentGet(ctx context.Context, raw string) (*response, error) {
	return r.gatedGet(ctx, raw, kindComments)
}

// gatedGet fetches one URL that is not queued (a comment page, a part of a
// post) through its host's gate, as kind k. It refuses URLs out of the
// crawl's sites or disallowed by robots.txt, and answers that are not 2xx.
func (r *run) gatedGet(ctx context.Context, raw string, k kind) (*response, error) {
	u, err := normalize(raw)
	if err != nil {
		return nil, err
	}
	if !r.inScope(u.Host) {
		return nil, fmt.Errorf("%s: out of the crawl's sites", u)
	}
	h, err := r.host(u)
	if err != nil {
		return nil, err
	}
	if !h.allowed(u, r.opts.UserAgent) {
		return nil, fmt.Errorf("%s: %w", u, ErrDisallowed)
	}
	resp, err := r.fetch(ctx, h, u.String(), k, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	if resp.status < 200 || resp.status >= 300 {
		return resp, fmt.Errorf("%s: %w", u, &StatusError{Status: resp.status})
	}
	return resp, nil
}

// bloggerComments reads the post's comment feed, /feeds/POSTID/comments/
// default, page after page until openSearch:totalResults.
func (r *run) bloggerComments(ctx context.Context, base, postID string) (*Comments, error) {
	cs := &Comments{Via: ViaBloggerFeed, Total: -1}
	for start, n := 1, 0; n < maxCommentRequests; n++ {
		feed := fmt.Sprintf("%s/feeds/%s/comments/default?alt=atom&max-results=%d&start-index=%d", base, postID, commentPageSize, start)
		entries, total, err := r.commentFeedPage(ctx, feed)
		if err != nil {
			if n == 0 {
				return nil, err
			}
			return cs, nil
		}
		cs.Entries = append(cs.Entries, entries...)
		if total >= 0 {
			cs.Total = total
		}
		start += len(entries)
		if len(entries) == 0 || (total >= 0 && start > total) || (total < 0 && len(entries) < commentPageSize) {
			cs.Complete = true
			return cs, nil
		}
	}
	return cs, nil
}

// atomComments reads one Atom comment feed (WordPress's PERMALINK/feed/atom/).
func (r *run) atomComments(ctx context.Context, feed, via string) (*Comments, error) {
	entries, total, err := r.commentFeedPage(ctx, feed)
	if err != nil {
		return nil, err
	}
	return &Comments{Via: via, Total: total, Entries: entries, Complete: true}, nil
}

// atomCommentFeed decodes Blogger and WordPress Atom comment feeds.
type atomCommentFeed struct {
	Total   string `xml:"totalResults"`
	Entries []struct {
		ID        string    `xml:"id"`
		Published string    `xml:"published"`
		Updated   string    `xml:"updated"`
		Content   string    `xml:"content"`
		Summary   string    `xml:"summary"`
		Links     []xmlLink `xml:"link"`
		Author    struct {
			Name string `xml:"name"`
			URI  string `xml:"uri"`
		} `xml:"author"`
		InReplyTo []struct {
			Ref  string `xml:"ref,attr"`
			Href string `xml:"href,attr"`
		} `xml:"in-reply-to"`
		Props []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"extendedProperty"`
	} `xml:"entry"`
}

// commentFeedPage fetches and reads one page of an Atom comment feed.
func (r *run) commentFeedPage(ctx context.Context, feed string) ([]Comment, int, error) {
	resp, err := r.commentGet(ctx, feed)
	if err != nil {
		return nil, -1, err
	}
	var doc atomCommentFeed
	if err := newXMLDecoder(bytes.NewReader(resp.body)).Decode(&doc); err != nil {
		return nil, -1, fmt.Errorf("%s: parse comment feed: %w", feed, err)
	}
	out := make([]Comment, 0, len(doc.Entries))
	for _, e := range doc.Entries {
		c := Comment{
			ID:        commentID(e.ID),
			Author:    strings.TrimSpace(e.Author.Name),
			AuthorURL: strings.TrimSpace(e.Author.URI),
			Published: parseW3CTime(e.Published),
		}
		if c.Published.IsZero() {
			c.Published = parseW3CTime(e.Updated)
		}
		body := e.Content
		if strings.TrimSpace(body) == "" {
			body = e.Summary
		}
		c.Text = htmlText(body)
		for _, l := range e.Links {
			// Blogger: the parent is the related link .../comments/default/PARENTID.
			if strings.EqualFold(l.Rel, "related") {
				if i := strings.LastIndex(l.Href, "/comments/default/"); i >= 0 {
					c.ParentID = commentID(l.Href[i+len("/comments/default/"):])
				}
			}
			if c.ID == "" && strings.EqualFold(l.Rel, "alternate") {
				c.ID = commentID(l.Href)
			}
		}
		// WordPress: in-reply-to names the parent comment (…#comment-N) or
		// the post.
		for _, irt := range e.InReplyTo {
			for _, v := range []string{irt.Ref, irt.Href} {
				if i := strings.LastIndex(v, "#comment-"); i >= 0 && c.ParentID == "" {
					c.ParentID = commentID(v[i:])
				}
			}
		}
		for _, p := range e.Props {
			if p.Name == "blogger.contentRemoved" && strings.EqualFold(p.Value, "true") {
				c.Deleted = true
			}
		}
		if c.ParentID == c.ID {
			c.ParentID = ""
		}
		out = append(out, c)
	}
	return out, atoiOr(doc.Total, -1), nil
}

// commentID extracts the numeric id from a Blogger entry id
// (tag:blogger.com,1999:blog-1.post-123), a WordPress anchor (#comment-123)
// or a URL path ending in the id.
func commentID(s string) string {
	s = strings.TrimSpace(s)
	for _, mark := range []string{".post-", "#comment-", "#c"} {
		if i := strings.LastIndex(s, mark); i >= 0 && isDigits(s[i+len(mark):]) {
			return s[i+len(mark):]
		}
	}
	if i := strings.LastIndexAny(s, "/-"); i >= 0 && isDigits(s[i+1:]) {
		return s[i+1:]
	}
	if isDigits(s) {
		return s
	}
	return s
}

// wpAPIComments reads /wp/v2/comments?post=ID page after page.
func (r *run) wpAPIComments(ctx context.Context, root, postID string) (*Comments, error) {
	cs := &Comments{Via: ViaWordPressAPI, Total: -1}
	for page, pages := 1, 1; page <= pages && page <= maxCommentRequests; page++ {
		u := wpCommentsURL(root, postID, page)
		resp, err := r.commentGet(ctx, u)
		if err != nil {
			if page == 1 {
				return nil, err
			}
			return cs, nil
		}
		var list []struct {
			ID         int64  `json:"id"`
			Parent     int64  `json:"parent"`
			AuthorName string `json:"author_name"`
			AuthorURL  string `json:"author_url"`
			DateGMT    string `json:"date_gmt"`
			Type       string `json:"type"`
			Content    struct {
				Rendered string `json:"rendered"`
			} `json:"content"`
		}
		if err := json.Unmarshal(resp.body, &list); err != nil {
			if page == 1 {
				return nil, fmt.Errorf("%s: %w", u, err)
			}
			return cs, nil
		}
		if page == 1 {
			pages = atoiOr(resp.header.Get("X-WP-TotalPages"), 1)
			cs.Total = atoiOr(resp.header.Get("X-WP-Total"), -1)
		}
		for _, c := range list {
			out := Comment{
				ID:        strconv.FormatInt(c.ID, 10),
				Author:    strings.TrimSpace(c.AuthorName),
				AuthorURL: strings.TrimSpace(c.AuthorURL),
				Text:      htmlText(c.Content.Rendered),
			}
			if c.Parent != 0 {
				out.ParentID = strconv.FormatInt(c.Parent, 10)
			}
			if t, err := time.Parse("2006-01-02T15:04:05", c.DateGMT); err == nil {
				out.Published = t
			}
			if c.Type == "pingback" || c.Type == "trackback" {
				out.Type = c.Type
			}
			cs.Entries = append(cs.Entries, out)
		}
		if len(list) == 0 {
			break
		}
	}
	cs.Complete = true
	return cs, nil
}

// wpCommentsURL returns page n of a post's comments in the WordPress API.
func wpCommentsURL(root, postID string, n int) string {
	return wpAPIURL(root, "comments", "post", postID, "per_page", "100", "page", strconv.Itoa(n), "orderby", "id", "order", "asc")
}

// commentPages fetches a post's comment pages, following the pagination
// each one links to.
func (r *run) commentPages(ctx context.Context, permalink *url.URL, start []string) (*Comments, error) {
	cs := &Comments{Via: ViaCommentPages, Total: -1, Complete: true}
	seen := map[string]bool{permalink.String(): true}
	queue := []string{}
	add := func(raw string) {
		u, err := normalize(raw)
		if err != nil {
			return
		}
		s := u.String()
		if seen[s] || !commentPageOf(permalink, s) {
			return
		}
		seen[s] = true
		queue = append(queue, s)
	}
	for _, s := range start {
		add(s)
	}
	for n := 0; len(queue) > 0 && n < maxCommentRequests; n++ {
		u := queue[0]
		queue = queue[1:]
		resp, err := r.commentGet(ctx, u)
		if err != nil {
			if n == 0 && len(queue) == 0 {
				return nil, err
			}
			cs.Complete = false
			continue
		}
		if !isHTML(mediaType(resp)) {
			cs.Complete = false
			continue
		}
		if info, err := parseHTML(resp.body, resp.url); err == nil {
			for _, l := range info.commentPages {
				add(l)
			}
		}
		cs.Pages = append(cs.Pages, &Page{
			URL: resp.url.String(), RequestURL: u, Status: resp.status, Header: resp.header,
			Body: resp.body, FetchedAt: resp.at, Via: ViaCommentPages, ListedComments: -1,
		})
	}
	if len(queue) > 0 {
		cs.Complete = false
	}
	return cs, nil
}

// htmlText renders an HTML fragment (a comment's content) as plain text:
// paragraphs and line breaks kept, other whitespace collapsed.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	space := false
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return strings.TrimSpace(b.String())
			}
			return tidyText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			for _, f := range strings.FieldsFunc(string(z.Text()), func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(f)
				space = true
			}
			if t := z.Raw(); len(t) > 0 && strings.ContainsAny(string(t[len(t)-1:]), " \t\n\r") {
				space = true
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "br":
				b.WriteByte('\n')
				space = false
			case "p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre":
				b.WriteString("\n\n")
				space = false
			}
		}
	}
}

// tidyText trims each line and keeps at most one blank line between
// paragraphs.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	var out []string
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
