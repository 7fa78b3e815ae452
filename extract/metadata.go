package extract

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/annals-dev/annals"
)

// collectHead indexes <meta> and <link> values by lower-case key.
func (e *extractor) collectHead() {
	e.meta = map[string][]string{}
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template:
			return false
		case atom.Meta:
			content, ok := "", false
			for _, a := range n.Attr {
				if a.Key == "content" || a.Key == "value" && !ok {
					// Some pages (and some page savers) write value= for content=.
					content, ok = a.Val, true
				}
			}
			if !ok {
				return false
			}
			for _, k := range []string{"name", "property", "itemprop", "http-equiv"} {
				if v := strings.ToLower(strings.TrimSpace(attr(n, k))); v != "" {
					for key := range strings.FieldsSeq(v) {
						e.meta[key] = append(e.meta[key], unescapeEntities(strings.TrimSpace(content)))
					}
				}
			}
		case atom.Link:
			for rel := range strings.FieldsSeq(strings.ToLower(attr(n, "rel"))) {
				if href := attr(n, "href"); href != "" {
					e.meta["link:"+rel] = append(e.meta["link:"+rel], href)
				}
			}
		}
		return true
	})
}

// metaFirst returns the first non-empty <meta> value among keys.
func (e *extractor) metaFirst(keys ...string) string {
	for _, k := range keys {
		for _, v := range e.meta[k] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// detectPlatform recognises Blogger and WordPress from generator tags and
// markup; it returns "" for anything else.
func (e *extractor) detectPlatform() string {
	gen := strings.ToLower(strings.Join(e.meta["generator"], " "))
	switch {
	case strings.Contains(gen, "blogger"):
		return "blogger"
	case strings.Contains(gen, "wordpress"):
		return "wordpress"
	}
	if len(e.meta["blogid"]) > 0 || strings.Contains(siteOf(e.pageURL), ".blogspot.") {
		return "blogger"
	}
	if len(e.meta["link:https://api.w.org/"]) > 0 {
		return "wordpress"
	}
	if body := bodyElement(e.doc); body != nil {
		c := " " + attr(body, "class") + " "
		if strings.Contains(c, " wp-") || strings.Contains(c, " single-post ") || strings.Contains(c, " postid-") {
			return "wordpress"
		}
	}
	return ""
}

// language returns the page's language as a BCP 47 tag.
func (e *extractor) language() string {
	cands := []Candidate{
		{ldString(e.article["inLanguage"]), "json-ld"},
	}
	if h := findFirst(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.Html }); h != nil {
		cands = append(cands, Candidate{attr(h, "lang"), "html-lang"}, Candidate{attr(h, "xml:lang"), "html-lang"})
	}
	cands = append(cands,
		Candidate{e.metaFirst("content-language", "language", "dc.language"), "meta"},
		Candidate{strings.ReplaceAll(e.metaFirst("og:locale"), "_", "-"), "opengraph"},
	)
	for i := range cands {
		cands[i].Value = normLang(cands[i].Value)
	}
	return e.choose("language", cands)
}

// normLang turns "en_GB", "EN-gb" and "en-GB,fr" into "en-GB".
func normLang(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i]
	}
	if s == "" || len(s) > 20 {
		return ""
	}
	parts := strings.Split(s, "-")
	parts[0] = strings.ToLower(parts[0])
	if len(parts[0]) < 2 || len(parts[0]) > 3 {
		return ""
	}
	for i := 1; i < len(parts); i++ {
		if len(parts[i]) == 2 {
			parts[i] = strings.ToUpper(parts[i])
		}
	}
	return strings.Join(parts, "-")
}

// tags returns the post's tags: rel=tag links (not categories), a tag box,
// article:tag or JSON-LD keywords.
func (e *extractor) tags() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if offPost(n) || strings.Contains(classID(n), "cloud") {
			return false
		}
		if classIn(n, "cat-links", "taxonomy-category", "post-categories", "entry-categories") {
			return false
		}
		if n.DataAtom == atom.A {
			rel := " " + attr(n, "rel") + " "
			// Tags only: WordPress marks categories rel="category tag".
			if strings.Contains(rel, " tag ") && !strings.Contains(rel, " category ") {
				if t := innerText(n); t != "" && len(t) < 80 {
					out = append(out, t)
				}
			}
			return false
		}
		return true
	})
	if len(out) == 0 {
		// A post's tag box without rel=tag: <div class="article__tags">
		// <span>Tags:</span><a>…</a><a>…</a></div>.
		box := findFirst(e.doc, func(n *html.Node) bool {
			cid := classID(n)
			return (strings.Contains(cid, "tags") || strings.Contains(cid, "keywords")) && !strings.Contains(cid, "cloud") &&
				!strings.Contains(cid, "meta") && !underOffPost(n) && countLinks(n) > 0 && linkDensity(n) > 0.5
		})
		if box != nil {
			for _, a := range findAll(box, func(x *html.Node) bool { return x.DataAtom == atom.A }) {
				if t := innerText(a); t != "" && len(t) < 80 && !strings.HasPrefix(attr(a, "href"), "#") {
					out = append(out, t)
				}
			}
		}
	}
	if len(out) == 0 {
		for _, v := range e.meta["article:tag"] {
			out = append(out, v)
		}
	}
	if len(out) == 0 && e.article != nil {
		switch k := e.article["keywords"].(type) {
		case string:
			out = splitKeywords(k)
		case []any:
			for _, x := range k {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	var cleaned []string
	for _, t := range out {
		if t = clean(t); t != "" {
			cleaned = append(cleaned, t)
		}
	}
	cleaned = dedupe(cleaned)
	if len(cleaned) > 0 {
		e.explain["tags"] = []Candidate{{strings.Join(cleaned, "; "), "markup"}}
	}
	return cleaned
}

func splitKeywords(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// canonical returns the page's canonical URL.
func (e *extractor) canonical() string {
	cands := []Candidate{
		{e.metaFirst("link:canonical"), "link-canonical"},
		{e.metaFirst("og:url"), "opengraph"},
	}
	if e.article != nil {
		cands = append(cands, Candidate{ldString(e.article["url"]), "json-ld"})
	}
	for i := range cands {
		u := e.resolveURL(cands[i].Value)
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			u = ""
		} else {
			u = postOfCommentPage(pu)
		}
		cands[i].Value = u
	}
	return e.choose("canonical_url", cands)
}

// postOfCommentPage returns the address of the post whose comment page u
// is (WordPress names POST/comment-page-1/#comments canonical on a post
// with threaded comments), else u; without a fragment either way.
func postOfCommentPage(u *url.URL) string {
	v := *u
	v.Fragment = ""
	if m := commentPagePathRE().FindStringIndex(v.Path); m != nil {
		v.Path = v.Path[:m[0]] + "/"
		v.RawPath = ""
	}
	if q := v.Query(); q.Has("cpage") {
		q.Del("cpage")
		v.RawQuery = q.Encode()
	}
	return v.String()
}

var commentPagePathRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`/comment-page-\d+/?$`)
})

var listingPathRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)/(search|tag|tags|category|categories|label|labels|author|page|archive|archives|topics?)(/|\?|$)|[?&](page|paged|updated-max|s)=`)
})

// kind classifies the page from structured data, platform markup and URL shape.
func (e *extractor) kind(p *annals.Post) Kind {
	score := 0
	if e.article != nil {
		score += 3
	}
	if strings.EqualFold(e.metaFirst("og:type"), "article") {
		score += 2
	}
	if e.metaFirst("article:published_time") != "" {
		score++
	}
	posts := 0
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if (n.DataAtom == atom.Div || n.DataAtom == atom.Article) && (hasClass(n, "post") && hasClass(n, "hentry") || hasClass(n, "post-outer") || hasClass(n, "type-post") && n.DataAtom == atom.Article) {
			posts++
			return false
		}
		return true
	})
	switch {
	case posts == 1:
		score += 2
	case posts > 1:
		score -= 4
	}
	if body := bodyElement(e.doc); body != nil {
		c := " " + attr(body, "class") + " "
		switch {
		case strings.Contains(c, " single ") || strings.Contains(c, " single-post ") || strings.Contains(c, " item-view "):
			score += 3
		case strings.Contains(c, " home ") || strings.Contains(c, " archive ") || strings.Contains(c, " blog ") || strings.Contains(c, " search ") || strings.Contains(c, " index-view "):
			score -= 3
		}
	}
	u, _ := url.Parse(e.pageURL)
	if u != nil && u.Host != "" { // without an address, its shape says nothing
		path := u.EscapedPath()
		if u.RawQuery != "" {
			path += "?" + u.RawQuery
		}
		switch {
		case listingPathRE().MatchString(path):
			score -= 3
		case urlDateRE().MatchString(path) && strings.Count(strings.Trim(u.Path, "/"), "/") >= 2 && !strings.HasSuffix(u.Path, "/"+pathLast(u.Path)+"/") && pathLast(u.Path) != "":
			score += 2
		case path == "" || path == "/":
			score -= 3
		}
	}
	if !p.Published.IsZero() {
		score++
	}
	if utf8.RuneCountInString(p.Text) > 500 {
		score++
	}
	switch {
	case score <= -2:
		return KindListing
	case p.Title == "" || p.Text == "":
		return KindOther
	case score >= 2:
		return KindPost
	}
	return KindOther
}

func pathLast(p string) string {
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// offPost reports whether n is a part of the page that is not the post and
// must not give its metadata: scripts, comments, navigation, sidebars,
// widgets, related-post lists.
func offPost(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if f, ok := nodeFlags(n); ok {
		return f&flagOffPost != 0
	}
	return computeOffPost(n, classID(n), isCommentRoot(n), insideArticle(n))
}

// wrapsPage reports whether the aside n holds the page's main content (a
// main element, or most of the page's text): an unclosed aside in tag
// soup, not a sidebar. A sidebar of teaser articles holds neither.
func wrapsPage(n *html.Node) bool {
	return findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.Main }) != nil || mostOfPage(n)
}

// mostOfPage reports whether n holds more than half of the text of the
// page's body.
func mostOfPage(n *html.Node) bool {
	body := n.Parent
	for body != nil && body.DataAtom != atom.Body {
		body = body.Parent
	}
	return body != nil && textLen(n)*2 >= textLen(body)
}

// computeOffPost decides whether n holds something other than the post:
// scripts, navigation, comments, sidebars, related posts, widgets.
func computeOffPost(n *html.Node, cid string, commentRoot, inArticle bool) bool {
	if skipAtom(n.DataAtom) || n.DataAtom == atom.Nav || commentRoot {
		return true
	}
	if n.DataAtom == atom.Aside && !inArticle && !wrapsPage(n) {
		return true // a sidebar; an aside within the article is its meta box
	}
	if cid == "" {
		return false
	}
	for cid != "" {
		var c string
		if i := strings.IndexByte(cid, ' '); i >= 0 {
			c, cid = cid[:i], cid[i+1:]
		} else {
			c, cid = cid, ""
		}
		switch c {
		case "sidebar", "side-bar", "sidebar-wrapper", "widget-area":
			// A "sidebar" that holds the headline or most of the page's
			// text is the post's column ("layout with a sidebar").
			if findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.H1 }) != nil {
				return false
			}
			return !mostOfPage(n)
		case "skiptranslate":
			return true // the Google Translate widget
		case "related", "related-posts", "relatedposts",
			"jp-relatedposts", "popular-posts", "popularposts", "recent-posts", "footer-widgets", "site-footer",
			"yarpp-related", "crp_related", "more-stories", "recommended", "trending":
			return true
		case "widget":
			// Blogger wraps the post itself in div.widget.Blog.
			return !hasClass(n, "Blog") && !strings.HasPrefix(attr(n, "id"), "Blog")
		}
		if strings.Contains(c, "related") && !strings.Contains(c, "unrelated") {
			return true // "view-mode-related-teaser", "relatedArticles"
		}
		if strings.Contains(c, "comment") && (strings.Contains(c, "latest") || strings.Contains(c, "recent")) {
			return true // a widget of other posts' comments: "wp-block-latest-comments", "jcomments-latest"
		}
	}
	return false
}

// insideArticle reports whether n sits within an article element.
func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}
