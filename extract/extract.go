package extract

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/annals-dev/annals"
)

// Version names the extractor's rules. It changes whenever the same page
// can come out differently (a new rule, a changed threshold), so that an
// archive can tell a version made by a changed site from one made by a
// changed extractor.
const Version = "2026-12-07.structure-threads"

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
	// Location is the site's time zone, for times a page prints without
	// one ("March 10, 2017 at 12:20 AM" in a WordPress theme). Nil reads
	// them as UTC, and Result.ZonelessTimes says it did.
	Location *time.Location
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
	// KindThread is a forum thread: its first post is the text, the
	// replies are comments.
	KindThread
	// KindQA is a question with its answers (Stack Exchange and the like).
	KindQA
	// KindProduct is a shop's page for one product.
	KindProduct
	// KindDocs is a page of documentation.
	KindDocs
	// KindLanding is a site's home, service or landing page: the page's
	// own copy, sections side by side.
	KindLanding
)

func (k Kind) String() string {
	switch k {
	case KindPost:
		return "post"
	case KindListing:
		return "listing"
	case KindThread:
		return "thread"
	case KindQA:
		return "qa"
	case KindProduct:
		return "product"
	case KindDocs:
		return "documentation"
	case KindLanding:
		return "landing"
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
	// Parts says where the other pages of a post split over several are,
	// as the page's pager links them; the zero Parts when it has none.
	Parts Parts
	// ZonelessTimes is set when a time the page printed without a zone
	// was read as UTC, for want of Options.Location.
	ZonelessTimes bool
	// Protected is set when the post's body is behind a password: the
	// page shows a password form in its place (WordPress), so the post's
	// text and comments cannot be had and are not asked for.
	Protected bool
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
	doc, facts := parsePage(page)
	base, _ := url.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	e := &extractor{
		doc:     doc,
		facts:   facts,
		page:    page,
		base:    base,
		pageURL: pageURL,
		opts:    opts,
		explain: Provenance{},
	}
	return e.run()
}

// parsePage parses a decoded page and prepares its elements for the
// pattern checks. A page that cannot be parsed yields an empty document.
func parsePage(page []byte) (*html.Node, pageFacts) {
	doc, err := html.ParseWithOptions(bytes.NewReader(page), html.ParseOptionEnableScripting(false))
	if err != nil {
		return &html.Node{Type: html.DocumentNode}, pageFacts{}
	}
	return doc, prepare(doc)
}

// parse is parsePage for a fragment: the document alone.
func parse(page []byte) *html.Node {
	doc, _ := parsePage(page)
	return doc
}

// extractor holds the state of one extraction.
type extractor struct {
	doc     *html.Node
	facts   pageFacts // noted while the page was prepared
	page    []byte    // the decoded page, for a fresh parse
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
	visibleUpdated  annals.Date
	headlineDate    bool        // visibleDate found a date printed by the headline
	firstGeneric    *html.Node  // first comment found by genericComments, still in the tree
	stats           stats       // the body's element stats, measured before the tree changes
	starter         string      // author of a forum thread's first post, when that post is the body
	threadPublished annals.Date // time of a forum thread's first post, when that post is the body
	docsPage        bool        // the page is documentation: hidden tab panels are text, link lists its indexes
	docsBody        bool        // the body is a documentation generator's container
	body            []*html.Node
	byline          []string

	// originalDate is the day the post says it was originally published.
	originalDate annals.Date
	// protected is set when the page shows a password form in place of
	// the post's body.
	protected bool
	parts     Parts // the post's pager of parts, read out of the tree
	zoneless  bool  // a time without a zone was read as UTC
}

// run extracts every field in the order the layers need: comments out
// first, then title, body, dates and authors, then the body is cleaned.
func (e *extractor) run() *Result {
	p := &annals.Post{URL: e.pageURL, Comments: []annals.Comment{}}
	e.collectHead()
	e.ld = parseJSONLD(e.doc)
	e.article = e.ld.article(e.pageURL)
	e.platform = e.detectPlatform()
	if e.facts.passwordForm {
		e.protected = dropPasswordForms(e.doc)
	}
	e.parts = e.readParts()
	e.lang = e.language()
	e.dates = dateParser{lang: e.lang, now: e.opts.Now, loc: e.opts.Location, zoneless: &e.zoneless}
	p.Language = e.lang
	// A thread is read before the comment layer runs: its posts often
	// sit in markup that looks like a comment section.
	t := e.forumThread()
	sig := e.readSignals()
	if t != nil {
		sig.thread = t.software
	}
	kind, postScore, why := e.classify(sig)
	var byStructure *thread // a post's replies read by their structure
	if t == nil {
		// No profile knows the forum's software: the posts are read
		// from their structure.
		switch r := e.threadByStructure(kind, sig.path); {
		case r == nil:
		case kind == KindPost:
			byStructure = r
		default:
			t = r
			for _, n := range r.posts {
				detach(n)
			}
		}
	}
	regional := t == nil && kind.regional()
	nearHeadline := false
	region := 0 // the main region's text, which only pages that are not threads weigh against
	if t == nil {
		region = e.regionLen(false)
	}
	e.explain["kind"] = []Candidate{{kind.String(), strings.Join(why, "; ")}}
	if t == nil {
		p.Comments, p.CommentCount = e.comments()
		if byStructure != nil && len(byStructure.replies) > len(p.Comments) {
			// The posts' structure shows more replies than the
			// comment markup: a thread taken as a post.
			p.Comments = byStructure.replies
			for _, n := range byStructure.posts {
				detach(n)
			}
		}
	}
	p.Title = e.title()
	if e.protected {
		p.Title = unprotectedTitle(p.Title)
	}
	switch {
	case t != nil:
		e.body, p.Comments, e.starter, e.threadPublished = t.first, t.replies, t.starter, t.published
		if len(t.first) > 0 {
			e.explain["body"] = []Candidate{{describe(t.first[0]), "thread (" + t.software + ")"}}
		} else {
			// The posts read are all replies (a Q&A page's answers): the
			// question is found as a post's body is.
			e.selectBody()
		}
	case regional && kind == KindProduct && e.selectProduct(region):
	case regional && kind == KindListing && e.selectListing(region):
	case regional:
		e.selectRegion()
		if kind == KindProduct && sig.products > 0 && len(e.body) > 0 {
			dropOtherProducts(e.body[0])
		}
	case kind == KindDocs && e.selectDocs(region):
	default:
		e.selectBody()
		e.settleFirstGeneric(p)
		nearHeadline = e.bodyNearHeadline(region)
	}
	if t != nil || !regional {
		if h := e.headingBeforeBody(); h != nil {
			p.Title = h.title
		}
	}
	// Documentation generators end headings with a link to the section,
	// printed as a pilcrow or section sign.
	p.Title = strings.TrimSpace(strings.TrimRight(p.Title, headingMarks))
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
	unsigned := postScore <= unsignedPost && p.Published.IsZero() && !signed(authors)
	if regional || unsigned {
		// An accordion's questions are a page's text, though cleaning
		// drops buttons; a post's questions and answers are a box apart
		// (frequently asked questions about its subject).
		for _, b := range e.body {
			showQuestions(b)
		}
	}
	if regional {
		var boxes wordSet
		if kind == KindProduct {
			boxes = productBoilerWords
		}
		e.cleanRegion(kind == KindListing, boxes)
		if kind == KindProduct {
			e.cleanProduct()
		}
	} else {
		e.cleanBody()
	}
	p.Text, p.HTML = e.renderBody()
	if e.protected {
		// The post's body is withheld; whatever else the page holds is
		// not it.
		p.Text, p.HTML = "", ""
	}
	if regional && kind == KindLanding {
		// A landing page repeats its calls to action ("Start for free")
		// in every section; they are said once.
		p.Text = dedupeLines(p.Text)
	}
	if regional && kind == KindProduct {
		p.Text = dedupeLines(p.Text)
		e.addProductDescription(p)
	}
	// A body the blog platform marks as its one post, or one that sits
	// with the headline, is the post however short; unless nothing dates
	// or signs the page and the body is a sliver of it (a landing page's
	// hero: the strapline under the headline).
	sliver := unsigned && float64(len(p.Text)) < unsignedNearShare*float64(region)
	if !regional && t == nil && !e.protected && (p.Text == "" || sig.platformPosts != 1 && (!nearHeadline || sliver)) {
		share := fallbackShare
		switch {
		case postScore >= strongPost:
			share = strongPostShare
		case postScore <= weakPost:
			share = weakPostShare
		}
		if unsigned {
			// Neither dated nor signed, and read weakly as a post: an
			// information or service page, whose sections one container
			// rarely holds.
			share = unsignedPostShare
		}
		if e.sectioned(p, postScore, sig, region, authors) {
			share = max(share, sectionedShare)
		}
		if float64(len(p.Text)) < share*float64(region) {
			e.fallback(p, share)
		}
	}
	described := false
	if p.Text == "" && !e.protected && (len(e.ld.nodes) > 0 || e.metaFirst("article:published_time") != "" || sig.cards >= minDescribedItems) {
		// Only a page that declares content of its own (structured data,
		// a publication time, a run of items) is described; an empty
		// application shell stays empty.
		p.Text = e.selfDescription()
		described = p.Text != ""
	}
	// The site's name may sign a post, never a thread (a forum's name is
	// not its members'), nor a page whose text is only its description.
	siteSigns := t == nil && kind == KindPost && !described && !threadPathRE().MatchString(sig.path)
	p.Authors = e.authors(append(authors, authorSource{[]string{e.starter}, "thread-starter"}), p.Text, siteSigns)
	p.Site = siteOf(p.CanonicalURL, e.pageURL)
	if p.URL == "" {
		p.URL = p.CanonicalURL
	}
	final := e.kind(p)
	if kind != KindPost {
		final = kind
	}
	if e.protected && t == nil {
		final = KindPost // a post whose body is withheld is a post still
	}
	p.Kind = final.String()
	return &Result{Post: p, Kind: final, Platform: e.platform, Explain: e.explain, Protected: e.protected, Parts: e.parts, ZonelessTimes: e.zoneless}
}

// headingMarks are the signs documentation generators print after a
// heading as a link to its section.
const headingMarks = "¶§ "

// regional reports whether pages of kind k are extracted as a main region
// rather than as one container of running text.
func (k Kind) regional() bool {
	switch k {
	case KindListing, KindProduct, KindLanding, KindThread, KindQA:
		return true
	}
	return false
}

// A post's text that holds less than fallbackShare of the main region's
// text is taken as a failed selection (one box of a landing page, a
// caption) and the region is taken instead. The share is smaller for a
// page that reads strongly as a post (a post score of strongPost or more:
// structured data and platform markup say so) and larger for a page that
// reads weakly as one (weakPost or less).
const (
	fallbackShare   = 0.2
	strongPostShare = 0.1
	weakPostShare   = 0.3
	strongPost      = 5
	weakPost        = 1
	// A page with no date and no author that reads as a post no more
	// strongly than unsignedPost is read as its main region when the
	// post's container holds less than unsignedPostShare of it.
	unsignedPost      = 2
	unsignedPostShare = 0.5
	// Such a page's body that sits with the headline is read as the main
	// region only when it holds less than unsignedNearShare of it.
	unsignedNearShare = 0.3
	// A page that reads as a post no more strongly than sectionedPost and
	// whose paragraphs of running text hold less than sectionedProse of
	// its main region's text is read as its main region when the post's
	// container holds less than sectionedShare of it.
	sectionedPost  = 3
	sectionedProse = 0.8
	sectionedShare = 0.7
)

// sectioned reports whether a page read as a post is rather made of
// sections (lists, cards, calls to action), whose text one container
// rarely holds: it reads weakly as a post (a post score of sectionedPost
// or less), it holds no long running text and its paragraphs of running
// text hold less than sectionedProse of its main region (of region
// characters), it prints no date by its headline and is not both dated
// and signed, and its URL is not a forum thread's.
func (e *extractor) sectioned(p *annals.Post, postScore int, sig *signals, region int, authors []authorSource) bool {
	if postScore > sectionedPost || sig.longProse() || float64(sig.prose) >= sectionedProse*float64(region) {
		return false
	}
	if e.headlineDate || !p.Published.IsZero() && signed(authors) {
		return false
	}
	return !threadPathRE().MatchString(sig.path)
}

// minDescribedItems is the run of items that makes a page with no text
// of its own a listing worth describing.
const minDescribedItems = 4

// selfDescription returns, for a page whose body shows no text (rendered
// by script, or cut from the saved copy), what the page says of itself:
// the structured data's article body, else the longest of its
// descriptions. It is the last resort of the text layer.
func (e *extractor) selfDescription() string {
	best, src := "", ""
	if e.article != nil {
		if b := clean(ldString(e.article["articleBody"])); b != "" {
			e.explain["body"] = append([]Candidate{{"articleBody", "json-ld"}}, e.explain["body"]...)
			return b
		}
	}
	cands := []string{e.metaFirst("og:description"), e.metaFirst("description"), e.metaFirst("twitter:description")}
	for _, n := range e.ld.nodes {
		cands = append(cands, ldString(n["description"]))
	}
	for _, c := range cands {
		if c = clean(c); len(c) > len(best) {
			best, src = c, "description"
		}
	}
	if best != "" {
		e.explain["body"] = append([]Candidate{{"the page's description", src}}, e.explain["body"]...)
	}
	return best
}

// bodyNearHeadline reports whether the chosen body sits with the page's
// headline: the smallest block holding both holds less than half the main
// region's text (of which there are region characters). Such a body is
// the article, however short; a box far from the headline may be one
// section of a page that is not an article.
func (e *extractor) bodyNearHeadline(region int) bool {
	if e.titleNode == nil || len(e.body) == 0 {
		return false
	}
	if isAncestor(e.body[0], e.titleNode) {
		return false // a header block or a hero around the headline, not a body after it
	}
	for a := e.body[0]; a != nil; a = a.Parent {
		if isAncestor(a, e.titleNode) {
			return a.DataAtom != atom.Body && 2*textLen(a) < region
		}
	}
	return false
}

// fallback replaces a post text that came out empty or nearly so with the
// text of the page's main region, read from a fresh parse of the page
// (selection and cleaning have cut up the tree), each line once (a
// region repeats its calls to action). It keeps the post's text when that
// holds share of the region's text or more.
func (e *extractor) fallback(p *annals.Post, share float64) {
	doc, facts := parsePage(e.page)
	f := &extractor{doc: doc, facts: facts, base: e.base, pageURL: e.pageURL, opts: e.opts, explain: Provenance{}}
	f.selectRegion()
	dropHiddenByClass(f.body)
	dropMenuFrames(f.body)
	for _, b := range f.body {
		showQuestions(b)
	}
	f.cleanRegion(true, nil)
	text, htm := f.renderBody()
	if float64(len(p.Text)) >= share*float64(len(text)) {
		return
	}
	p.Text, p.HTML = dedupeLines(text), htm
	e.explain["body"] = append(f.explain["body"], e.explain["body"]...)
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

// signed reports whether an author source names a person for the page (a
// copyright holder or an organisation does not sign it).
func signed(sources []authorSource) bool {
	for _, x := range sources {
		if len(x.names) > 0 && x.src != "copyright" && x.src != "json-ld-organization" {
			return true
		}
	}
	return false
}

// dropHiddenByClass removes from the region what a common style sheet's
// class hides on a desktop's screen (a promotion bar's other slides, the
// phone layout's menu), unless it holds most of the region.
func dropHiddenByClass(body []*html.Node) {
	for _, b := range body {
		total := textLen(b)
		for _, n := range findAll(b, func(x *html.Node) bool { return x != b && hiddenByClass(x) }) {
			if textLen(n)*2 < total {
				detach(n)
			}
		}
	}
}

// dropMenuFrames removes from a region that is the whole page the header
// and navigation landmarks that are mostly links: a mega-menu holds more
// text than many posts, so the frame rule's "never most of the region"
// guard keeps it otherwise.
func dropMenuFrames(body []*html.Node) {
	for _, b := range body {
		if b.DataAtom != atom.Body {
			continue
		}
		for _, n := range findAll(b, func(x *html.Node) bool { return isElem(x, atom.Header, atom.Nav) }) {
			if linkDensity(n) > menuFrameDensity {
				detach(n)
			}
		}
	}
}

// menuFrameDensity is the share of a header's text in links above which
// it is a menu, however long.
const menuFrameDensity = 0.6

// dropPasswordForms removes the password forms WordPress shows in place of
// a protected post's body (form.post-password-form, posting to
// wp-login.php?action=postpass) and reports whether there were any.
func dropPasswordForms(doc *html.Node) bool {
	forms := findAll(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Form && (hasClass(n, "post-password-form") || strings.Contains(attr(n, "action"), "action=postpass"))
	})
	for _, f := range forms {
		detach(f)
	}
	return len(forms) > 0
}

// unprotectedTitle strips the one-word label WordPress puts before a
// protected post's title ("Protected: ", "Geschützt: ").
func unprotectedTitle(t string) string {
	label, rest, ok := strings.Cut(t, ": ")
	if !ok || rest == "" || strings.ContainsAny(label, " \t") || utf8.RuneCountInString(label) > 20 {
		return t
	}
	return rest
}
