package extract

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/annals-dev/annals"
)

// MaxPageSize is the largest page Analyze reads; longer input is cut there.
const MaxPageSize = 32 << 20

// Options tune one extraction. The zero value is ready to use.
type Options struct {
	// ContentType is the page's Content-Type header, when known; its charset
	// parameter wins over a <meta> declaration.
	ContentType string
	// Now is the reference time for relative dates such as "3 days ago",
	// normally the fetch time. Zero leaves relative dates unparsed.
	Now time.Time
}

// Kind says what sort of page was extracted.
type Kind int

const (
	// KindPost is a single post or article: worth archiving.
	KindPost Kind = iota
	// KindListing is a home, archive, label, search or category page that
	// lists several posts: worth following, not archiving.
	KindListing
	// KindOther is any other page (an about page, a form, an empty page).
	KindOther
)

func (k Kind) String() string {
	switch k {
	case KindPost:
		return "post"
	case KindListing:
		return "listing"
	}
	return "other"
}

// Candidate is one value a source offered for a field.
type Candidate struct {
	Value  string `json:"value"`
	Source string `json:"source"`
}

// Provenance lists, per field, the candidates in order of precedence; the
// first one is the value that won.
type Provenance map[string][]Candidate

// Result is the outcome of [Analyze].
type Result struct {
	Post *annals.Post
	Kind Kind
	// Platform is "blogger", "wordpress" or "" when none was recognised.
	Platform string
	// Explain says which source each field came from.
	Explain Provenance
}

// FromReader reads one HTML page from r and extracts its post. pageURL is
// the page's address, used to resolve links and as the post's URL; it may be
// empty. It returns an error only when r cannot be read.
func FromReader(r io.Reader, pageURL string, opts *Options) (*annals.Post, error) {
	res, err := Analyze(r, pageURL, opts)
	if err != nil {
		return nil, err
	}
	return res.Post, nil
}

// Analyze is like [FromReader] but also classifies the page and explains
// where each field came from.
func Analyze(r io.Reader, pageURL string, opts *Options) (*Result, error) {
	if opts == nil {
		opts = &Options{}
	}
	page, err := readPage(r)
	if err != nil {
		return nil, fmt.Errorf("extract: read page: %w", err)
	}
	return analyze(page, pageURL, opts), nil
}

// readPage reads up to MaxPageSize bytes of r, in one allocation when r
// knows its length (bytes.Reader, strings.Reader, bytes.Buffer).
func readPage(r io.Reader) ([]byte, error) {
	lr := io.LimitReader(r, MaxPageSize)
	if l, ok := r.(interface{ Len() int }); ok {
		buf := bytes.NewBuffer(make([]byte, 0, min(l.Len(), MaxPageSize)+bytes.MinRead))
		_, err := buf.ReadFrom(lr)
		return buf.Bytes(), err
	}
	return io.ReadAll(lr)
}

// analyze decodes and parses page and runs the extractor on it.
func analyze(page []byte, pageURL string, opts *Options) *Result {
	page, _ = decode(page, opts.ContentType)
	doc, err := html.ParseWithOptions(bytes.NewReader(page), html.ParseOptionEnableScripting(false))
	if err != nil {
		doc = &html.Node{Type: html.DocumentNode}
	}
	prepare(doc)
	base, _ := url.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	e := &extractor{
		doc:     doc,
		base:    base,
		pageURL: pageURL,
		opts:    opts,
		explain: Provenance{},
	}
	return e.run()
}

// extractor holds the state of one extraction.
type extractor struct {
	doc     *html.Node
	base    *url.URL
	pageURL string
	opts    *Options
	explain Provenance

	ld       *jsonLD
	article  ldNode
	meta     map[string][]string // <meta> content by lower-case name/property/itemprop
	lang     string
	platform string
	dates    dateParser

	titleNode *html.Node // the heading that carries the post title
	titleText string     // the post title
	// visibleUpdated is a date printed after an "Updated:" label.
	visibleUpdated annals.Date
	firstGeneric   *html.Node // first comment found by genericComments, still in the tree
	starter        string     // author of a forum thread's first post, when that post is the body
	threadSoftware string     // the forum package of a thread page (forumThread), "" for other pages
	body           []*html.Node
	byline         []string
}

// run extracts every field in the order the layers need: comments out
// first, then title, body, dates and authors, then the body is cleaned.
func (e *extractor) run() *Result {
	p := &annals.Post{URL: e.pageURL, Comments: []annals.Comment{}}
	e.collectHead()
	e.ld = parseJSONLD(e.doc)
	e.article = e.ld.article(e.pageURL)
	e.platform = e.detectPlatform()
	e.lang = e.language()
	e.dates = dateParser{lang: e.lang, now: e.opts.Now}
	p.Language = e.lang

	// A thread is read before the comment layer runs: its posts often
	// sit in markup that looks like a comment section.
	t := e.forumThread()
	if t == nil {
		p.Comments, p.CommentCount = e.comments()
	}
	p.Title = e.title()
	if t != nil {
		e.body, p.Comments, e.starter, e.threadSoftware = t.first, t.replies, t.starter, t.software
	} else {
		e.selectBody()
		e.settleFirstGeneric(p)
	}
	if h := e.headingBeforeBody(); h != nil {
		p.Title = h.title
	}
	// Metadata is read before the body is cleaned: cleaning removes
	// bylines, footers and tag lists from the tree.
	p.Published, p.Updated = e.published(), e.updated()
	if p.Published.IsZero() && t != nil {
		p.Published = t.published
	}
	if !p.Updated.IsZero() && !p.Published.IsZero() && !p.Published.Before(p.Updated) {
		p.Updated = annals.Date{}
	}
	p.Tags = e.tags()
	p.CanonicalURL = e.canonical()
	authors := e.authorSources()
	e.cleanBody()
	p.Text, p.HTML = e.renderBody()
	p.Authors = e.authors(append(authors, authorSource{[]string{e.starter}, "thread-starter"}), p.Text)
	p.Site = siteOf(p.CanonicalURL, e.pageURL)
	if p.URL == "" {
		p.URL = p.CanonicalURL
	}
	return &Result{Post: p, Kind: e.kind(p), Platform: e.platform, Explain: e.explain}
}

// choose records the candidates for field and returns the first non-empty.
func (e *extractor) choose(field string, cands []Candidate) string {
	var kept []Candidate
	for _, c := range cands {
		if c.Value = strings.TrimSpace(c.Value); c.Value != "" {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	e.explain[field] = kept
	return kept[0].Value
}

func siteOf(urls ...string) string {
	for _, s := range urls {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strings.ToLower(u.Hostname())
		}
	}
	return ""
}

// resolveURL makes ref absolute against the page URL.
func (e *extractor) resolveURL(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if e.base != nil {
		u = e.base.ResolveReference(u)
	}
	return u.String()
}
