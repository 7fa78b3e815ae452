package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html/charset"
)

// Platforms recognised from <meta name="generator">.
const (
	platformBlogger   = "blogger"
	platformWordPress = "wordpress"
)

// htmlLinks is what a fetched HTML page tells the crawler.
type htmlLinks struct {
	links    []string // absolute <a href> and <area href> targets, in page order
	feeds    []string // absolute RSS/Atom feed URLs from <link rel=alternate>
	platform string   // platformBlogger, platformWordPress or ""
}

// parseHTML reads the links, feeds and platform of an HTML page. base is the
// page's final URL; a <base href> in the page overrides it.
func parseHTML(body []byte, base *url.URL) (*htmlLinks, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
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

	out := &htmlLinks{}
	doc.Find("a[href], area[href]").Each(func(_ int, s *goquery.Selection) {
		if u, ok := resolve(s.AttrOr("href", "")); ok {
			out.links = append(out.links, u)
		}
	})

	var atom, rss []string
	doc.Find("link[href][type]").Each(func(_ int, s *goquery.Selection) {
		if !hasToken(s.AttrOr("rel", ""), "alternate") {
			return
		}
		typ := strings.ToLower(strings.TrimSpace(s.AttrOr("type", "")))
		if typ != "application/atom+xml" && typ != "application/rss+xml" {
			return
		}
		// Comment feeds (Blogger /feeds/ID/comments/default, WordPress
		// PERMALINK/feed/ titled "... Comments Feed") list comments, not posts.
		if strings.Contains(strings.ToLower(s.AttrOr("title", "")), "comment") {
			return
		}
		u, ok := resolve(s.AttrOr("href", ""))
		if !ok || strings.Contains(strings.ToLower(u), "/comments") {
			return
		}
		if typ == "application/atom+xml" {
			atom = append(atom, u)
		} else {
			rss = append(rss, u)
		}
	})
	// Blogger and others announce the same feed as Atom and RSS; one is enough.
	if len(atom) > 0 {
		out.feeds = atom
	} else {
		out.feeds = rss
	}

	doc.Find("meta[name][content]").Each(func(_ int, s *goquery.Selection) {
		if !strings.EqualFold(s.AttrOr("name", ""), "generator") {
			return
		}
		g := strings.ToLower(s.AttrOr("content", ""))
		switch {
		case strings.Contains(g, "blogger"):
			out.platform = platformBlogger
		case strings.Contains(g, "wordpress"):
			out.platform = platformWordPress
		}
	})
	return out, nil
}

// hasToken reports whether the space-separated list list contains tok,
// ignoring case (rel attributes).
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// Kinds of XML documents parseXML recognises.
const (
	docSitemap = "sitemap"
	docFeed    = "feed"
)

// xmlLinks is what a sitemap or feed lists. URLs are absolute.
type xmlLinks struct {
	kind     string   // docSitemap or docFeed
	pages    []string // urlset <loc>, RSS <item><link>, Atom <entry><link rel=alternate>
	sitemaps []string // sitemap index <sitemap><loc>
	feeds    []string // next pages of a paged feed (<link rel="next">)
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
}

type xmlLoc struct {
	Loc string `xml:"loc"`
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
}

type atomEntry struct {
	Links []xmlLink `xml:"link"`
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

// parseXML reads a sitemap, sitemap index or feed fetched from base. A
// gzipped body (sitemap.xml.gz served without Content-Encoding) is
// ungzipped. Relative URLs are resolved against base, which the sitemap
// protocol does not require but costs nothing.
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
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charset.NewReaderLabel
	// Lenient about HTML entities (&nbsp;) and stray ampersands, as feeds
	// in the wild need. (Not xml.HTMLAutoClose: it would close RSS <link>.)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse xml: %w", err)
	}

	resolve := func(list *[]string, raw string) {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return
		}
		if u, err := base.Parse(raw); err == nil {
			*list = append(*list, u.String())
		}
	}
	out := &xmlLinks{}
	switch strings.ToLower(doc.XMLName.Local) {
	case "urlset", "sitemapindex":
		out.kind = docSitemap
		for _, l := range doc.URLs {
			resolve(&out.pages, l.Loc)
		}
		for _, l := range doc.Sitemaps {
			resolve(&out.sitemaps, l.Loc)
		}
	case "rss", "rdf":
		out.kind = docFeed
		items := doc.Items
		if doc.Channel != nil {
			items = append(items, doc.Channel.Items...)
			for _, l := range doc.Channel.Links {
				if strings.EqualFold(l.Rel, "next") {
					resolve(&out.feeds, l.Href)
				}
			}
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
			resolve(&out.pages, link)
		}
	case "feed":
		out.kind = docFeed
		for _, l := range doc.Links {
			if strings.EqualFold(l.Rel, "next") {
				resolve(&out.feeds, l.Href)
			}
		}
		for _, e := range doc.Entries {
			for _, l := range e.Links {
				rel := strings.ToLower(strings.TrimSpace(l.Rel))
				typ := strings.ToLower(l.Type)
				if (rel == "" || rel == "alternate") && (typ == "" || strings.Contains(typ, "html")) {
					resolve(&out.pages, l.Href)
					break
				}
			}
		}
	default:
		return nil, fmt.Errorf("parse xml: unknown document <%s>", doc.XMLName.Local)
	}
	return out, nil
}
