package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Platforms recognised from <meta name="generator">, the host name or the
// WordPress API link.
const (
	platformBlogger   = "blogger"
	platformWordPress = "wordpress"
)

// htmlLinks is what a fetched HTML page tells the crawler.
type htmlLinks struct {
	links    []string // absolute <a href> and <area href> targets, in page order
	feeds    []string // absolute RSS/Atom post feed URLs from <link rel=alternate>
	platform string   // platformBlogger, platformWordPress or ""
	apiRoot  string   // WordPress REST root (<link rel="https://api.w.org/">)
	oembed   string   // the page's oEmbed endpoint (<link rel=alternate type=application/json+oembed>)

	// What the page says about its comments.
	bloggerPostID string   // <meta itemprop=postId>, Blogger's loadmore data-post-id
	wpPostID      string   // body.postid-N, rel=shortlink ?p=N, article#post-N
	loadMore      bool     // Blogger's "Load more" comments control is shown
	commentPages  []string // WordPress comment pages: comment-page-N, ?cpage=N
	commentFeeds  []string // <link rel=alternate> comment feeds
}

// commentPageRE matches WordPress comment page URLs.
var commentPageRE = regexp.MustCompile(`/comment-page-\d+/?$|[?&]cpage=\d+`)

var postIDRE = regexp.MustCompile(`^post-(\d+)$`)

// isCommentPage reports whether an absolute URL is a WordPress comment page.
func isCommentPage(u string) bool {
	if !strings.Contains(u, "comment-page-") && !strings.Contains(u, "cpage=") {
		return false
	}
	u, _, _ = strings.Cut(u, "#")
	return commentPageRE.MatchString(u)
}

// parseHTML reads the links, feeds, platform and comment hints of an HTML
// page with a tokenizer (no DOM: this runs on every page). base is the
// page's final URL; a <base href> in the page overrides it.
func parseHTML(body []byte, base *url.URL) (*htmlLinks, error) {
	out := &htmlLinks{}
	var hrefs []string
	var atom, rss []string
	var bodyPostID, shortPostID, articlePostID string
	z := html.NewTokenizer(bytes.NewReader(body))
	baseSet := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); err != io.EOF {
				return nil, fmt.Errorf("parse html: %w", err)
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch string(name) {
		case "a", "area":
			if href, ok := attrOf(z, "href"); ok {
				hrefs = append(hrefs, href)
			}
		case "base":
			if href, ok := attrOf(z, "href"); ok && !baseSet {
				if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
					base, baseSet = b, true
				}
			}
		case "link":
			var rel, typ, href, title string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "rel":
					rel = string(v)
				case "type":
					typ = string(v)
				case "href":
					href = string(v)
				case "title":
					title = string(v)
				}
			}
			switch {
			case hasToken(rel, "alternate"):
				typ = strings.ToLower(strings.TrimSpace(typ))
				if typ == "application/json+oembed" && out.oembed == "" {
					out.oembed = href
					continue
				}
				if typ != "application/atom+xml" && typ != "application/rss+xml" {
					continue
				}
				// Comment feeds (Blogger /feeds/ID/comments/default, WordPress
				// PERMALINK/feed/ titled "... Comments Feed") list comments.
				if strings.Contains(strings.ToLower(title), "comment") || strings.Contains(strings.ToLower(href), "/comments") {
					out.commentFeeds = append(out.commentFeeds, href)
					continue
				}
				if typ == "application/atom+xml" {
					atom = append(atom, href)
				} else {
					rss = append(rss, href)
				}
			case hasToken(rel, "https://api.w.org/"):
				out.apiRoot = href
			case hasToken(rel, "shortlink"):
				if u, err := url.Parse(href); err == nil {
					shortPostID = u.Query().Get("p")
				}
			}
		case "meta":
			var name, content, itemprop string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "name":
					name = string(v)
				case "content":
					content = string(v)
				case "itemprop":
					itemprop = string(v)
				}
			}
			switch {
			case strings.EqualFold(name, "generator"):
				g := strings.ToLower(content)
				switch {
				case strings.Contains(g, "blogger"):
					out.platform = platformBlogger
				case strings.Contains(g, "wordpress"):
					out.platform = platformWordPress
				}
			case itemprop == "postId" && out.bloggerPostID == "":
				out.bloggerPostID = strings.TrimSpace(content)
			}
		case "div", "article", "body":
			var id, classes, dataPostID string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "id":
					if bytes.HasPrefix(v, []byte("post-")) {
						id = string(v)
					}
				case "class":
					if bytes.Contains(v, []byte("loadmore")) || bytes.Contains(v, []byte("postid-")) {
						classes = string(v)
					}
				case "data-post-id":
					dataPostID = string(v)
				}
			}
			if string(name) == "body" {
				for _, c := range strings.Fields(classes) {
					if id, ok := strings.CutPrefix(c, "postid-"); ok {
						bodyPostID = id
					}
				}
				continue
			}
			if m := postIDRE.FindStringSubmatch(id); m != nil && articlePostID == "" {
				articlePostID = m[1]
			}
			if hasToken(classes, "loadmore") {
				if dataPostID != "" && out.bloggerPostID == "" {
					out.bloggerPostID = dataPostID
				}
				if !hasToken(classes, "hidden") {
					out.loadMore = true
				}
			}
		}
	}

	resolve := func(href string) (string, bool) {
		href = strings.TrimSpace(href)
		if href == "" || strings.HasPrefix(href, "#") {
			return "", false
		}
		u, err := base.Parse(href)
		if err != nil {
			return "", false
		}
		return u.String(), true
	}
	for _, h := range hrefs {
		u, ok := resolve(h)
		if !ok {
			continue
		}
		out.links = append(out.links, u)
		if isCommentPage(u) {
			out.commentPages = append(out.commentPages, u)
		}
	}
	// Blogger and others announce the same feed as Atom and RSS; one is enough.
	feeds := rss
	if len(atom) > 0 {
		feeds = atom
	}
	for _, f := range feeds {
		if u, ok := resolve(f); ok {
			out.feeds = append(out.feeds, u)
		}
	}
	for i, f := range out.commentFeeds {
		out.commentFeeds[i], _ = resolve(f)
	}
	if out.apiRoot != "" {
		out.apiRoot, _ = resolve(out.apiRoot)
		if out.platform == "" {
			out.platform = platformWordPress
		}
	}
	for _, id := range []string{bodyPostID, shortPostID, articlePostID} {
		if isDigits(id) {
			out.wpPostID = id
			break
		}
	}
	if !isDigits(out.bloggerPostID) {
		out.bloggerPostID = ""
	}
	if out.platform == "" && strings.HasSuffix(base.Hostname(), ".blogspot.com") {
		out.platform = platformBlogger
	}
	return out, nil
}

// attrOf returns the value of the attribute named key of the current tag.
func attrOf(z *html.Tokenizer, key string) (string, bool) {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v), true
		}
		if !more {
			return "", false
		}
	}
}

func isDigits(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hasToken reports whether the space-separated list list contains tok,
// ignoring case (rel and class attributes).
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// parseLinkHeader returns the targets of an HTTP Link header with the given
// rel, in order.
func parseLinkHeader(values []string, rel string) []string {
	var out []string
	for _, v := range values {
		for _, part := range splitLinks(v) {
			target, params, ok := strings.Cut(part, ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range strings.Split(params, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(k), "rel") && hasToken(strings.Trim(strings.TrimSpace(val), `"`), rel) {
					out = append(out, target[1:len(target)-1])
				}
			}
		}
	}
	return out
}

// splitLinks splits a Link header value at the commas between links (not
// those inside <...>).
func splitLinks(v string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}

// Kinds of XML documents parseXML recognises.
const (
	docSitemap = "sitemap"
	docFeed    = "feed"
)

// xmlLinks is what a sitemap or feed lists. URLs are absolute.
type xmlLinks struct {
	kind     string    // docSitemap or docFeed
	pages    []xmlPage // urlset <loc>, RSS <item><link>, Atom <entry><link rel=alternate>
	sitemaps []string  // sitemap index <sitemap><loc>
	feeds    []string  // next pages of a paged feed (rel="next", rel="prev-archive")
	total    int       // OpenSearch totalResults (Blogger), or -1
	start    int       // OpenSearch startIndex, or 0
}

// xmlPage is one page a sitemap or feed lists.
type xmlPage struct {
	url      string
	modified time.Time // sitemap lastmod, Atom updated
	comments int       // Atom thr:total, RSS slash:comments; -1 when absent
	author   string    // RSS dc:creator or author, Atom author name; "" when absent
}

// pageURLs returns the URLs of x.pages.
func (x *xmlLinks) pageURLs() []string {
	out := make([]string, len(x.pages))
	for i, p := range x.pages {
		out[i] = p.url
	}
	return out
}

// xmlDoc decodes sitemaps (urlset, sitemapindex), RSS 2.0, RSS 1.0 (RDF) and
// Atom in one pass; element names match in any namespace.
type xmlDoc struct {
	XMLName  xml.Name
	URLs     []xmlLoc    `xml:"url"`
	Sitemaps []xmlLoc    `xml:"sitemap"`
	Channel  *rssChannel `xml:"channel"`
	Items    []rssItem   `xml:"item"`
	Entries  []atomEntry `xml:"entry"`
	Links    []xmlLink   `xml:"link"`
	Total    string      `xml:"totalResults"`
	Start    string      `xml:"startIndex"`
}

type xmlLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

type rssChannel struct {
	Items []rssItem `xml:"item"`
	Links []xmlLink `xml:"link"`
}

type rssItem struct {
	Links []xmlLink `xml:"link"`
	GUID  struct {
		IsPermaLink string `xml:"isPermaLink,attr"`
		Value       string `xml:",chardata"`
	} `xml:"guid"`
	Comments string `xml:"http://purl.org/rss/1.0/modules/slash/ comments"`
	Creator  string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Author   string `xml:"author"`
}

type atomEntry struct {
	Links   []xmlLink `xml:"link"`
	Updated string    `xml:"updated"`
	Total   string    `xml:"http://purl.org/syndication/thread/1.0 total"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

// xmlLink is an Atom <link rel href type/> or an RSS <link>text</link>.
type xmlLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// maxXMLSize bounds an ungzipped sitemap or feed (the sitemap protocol's own
// limit is 50 MB).
const maxXMLSize = 64 << 20

// newXMLDecoder returns a decoder lenient about HTML entities (&nbsp;) and
// stray ampersands, as feeds in the wild need, that reads any charset.
func newXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	// Not xml.HTMLAutoClose: it would close RSS <link>.
	d.Strict = false
	d.Entity = xml.HTMLEntity
	return d
}

// parseXML reads a sitemap, sitemap index or feed fetched from base. A
// gzipped body that reached it still compressed is ungzipped (bounded).
// Relative URLs are resolved against base, which the sitemap protocol does
// not require but costs nothing.
func parseXML(body []byte, base *url.URL) (*xmlLinks, error) {
	if bytes.HasPrefix(body, gzipMagic) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxXMLSize))
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
	}
	var doc xmlDoc
	if err := newXMLDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse xml: %w", err)
	}

	resolve := func(raw string) (string, bool) {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return "", false
		}
		u, err := base.Parse(raw)
		if err != nil {
			return "", false
		}
		return u.String(), true
	}
	addPage := func(out *xmlLinks, raw string, mod time.Time, comments int, author string) {
		if u, ok := resolve(raw); ok {
			out.pages = append(out.pages, xmlPage{url: u, modified: mod, comments: comments, author: feedAuthor(author)})
		}
	}
	addNext := func(out *xmlLinks, links []xmlLink) {
		for _, l := range links {
			if hasToken(l.Rel, "next") || hasToken(l.Rel, "prev-archive") {
				if u, ok := resolve(l.Href); ok {
					out.feeds = append(out.feeds, u)
				}
			}
		}
	}
	out := &xmlLinks{total: -1}
	switch strings.ToLower(doc.XMLName.Local) {
	case "urlset", "sitemapindex":
		out.kind = docSitemap
		for _, l := range doc.URLs {
			addPage(out, l.Loc, parseW3CTime(l.LastMod), -1, "")
		}
		for _, l := range doc.Sitemaps {
			if u, ok := resolve(l.Loc); ok {
				out.sitemaps = append(out.sitemaps, u)
			}
		}
	case "rss", "rdf":
		out.kind = docFeed
		items := doc.Items
		if doc.Channel != nil {
			items = append(items, doc.Channel.Items...)
			addNext(out, doc.Channel.Links)
		}
		for _, it := range items {
			link := ""
			for _, l := range it.Links { // RSS <link>URL</link>
				if l.Href == "" && strings.TrimSpace(l.Text) != "" {
					link = l.Text
					break
				}
			}
			for _, l := range it.Links { // <atom:link rel="alternate" href>
				if link == "" && l.Href != "" && (l.Rel == "" || strings.EqualFold(l.Rel, "alternate")) {
					link = l.Href
				}
			}
			if link == "" && !strings.EqualFold(it.GUID.IsPermaLink, "false") &&
				strings.HasPrefix(strings.TrimSpace(it.GUID.Value), "http") {
				link = it.GUID.Value
			}
			author := it.Creator
			if author == "" {
				author = it.Author
			}
			addPage(out, link, time.Time{}, atoiOr(it.Comments, -1), author)
		}
	case "feed":
		out.kind = docFeed
		addNext(out, doc.Links)
		out.total = atoiOr(doc.Total, -1)
		out.start = atoiOr(doc.Start, 0)
		for _, e := range doc.Entries {
			for _, l := range e.Links {
				rel := strings.ToLower(strings.TrimSpace(l.Rel))
				typ := strings.ToLower(l.Type)
				if (rel == "" || rel == "alternate") && (typ == "" || strings.Contains(typ, "html")) {
					addPage(out, l.Href, parseW3CTime(e.Updated), atoiOr(e.Total, -1), e.Author.Name)
					break
				}
			}
		}
	default:
		return nil, fmt.Errorf("parse xml: unknown document <%s>", doc.XMLName.Local)
	}
	return out, nil
}

// atoiOr parses a decimal count, or returns def.
func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return def
	}
	return n
}

// parseW3CTime parses the W3C datetime forms sitemaps and Atom use, from
// YYYY-MM-DD to a full RFC 3339 time; zero when it cannot.
func parseW3CTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// feedAuthor cleans a feed's author of a post: RSS <author> is an address
// with the name in parentheses ("jo@example.com (Jo Doe)"); Blogger names
// an author who hides the profile "Unknown". It returns "" for no name.
func feedAuthor(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, "("); i >= 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
		s = strings.TrimSpace(s[i+1 : len(s)-1])
	}
	if strings.Contains(s, "@") || strings.EqualFold(s, "unknown") || strings.EqualFold(s, "anonymous") {
		return ""
	}
	return s
}
