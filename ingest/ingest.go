// Package ingest turns what the crawler fetched into archived versions:
// extract the page, join the parts of a multi-page post, complete its
// comments and author through the platform, and store the version,
// counting every outcome in a Report. It is the one package besides
// cmd/annals that brings crawler, extract and archive together.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/crawler"
	"github.com/annals-dev/annals/extract"
)

// New returns an Ingester that archives into store and counts in r; log
// receives --verbose detail (nil discards it).
func New(store *archive.Store, r *Report, log *slog.Logger) *Ingester {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Ingester{store: store, report: r, log: log, done: map[string]bool{}}
}

// Ingester is the crawler's page handler: extract, complete the comments,
// archive.
type Ingester struct {
	store  *archive.Store
	report *Report
	log    *slog.Logger
	mu     sync.Mutex
	done   map[string]bool // post keys archived in this run under another URL
}

// Archivable reports whether a crawl archives pages of kind k: posts,
// forum threads and Q&A pages are archived (with their versions and
// comments); listings, products, documentation, landing pages and other
// pages are followed for their links but not archived.
func Archivable(k extract.Kind) bool {
	switch k {
	case extract.KindPost, extract.KindThread, extract.KindQA:
		return true
	}
	return false
}

// listedAsPost reports whether a page came from a list of the site's
// posts: its platform's feed or API, or a feed it announces. (A sitemap
// lists every kind of page.)
func listedAsPost(via string) bool {
	switch via {
	case crawler.ViaBloggerFeed, crawler.ViaWordPressAPI, crawler.ViaWordPressFeed, crawler.ViaFeed:
		return true
	}
	return false
}

// Extractor names what reads posts from pages in this build: the
// extraction rules (extract.Version) and the annals build
// (crawler.Version). Every version records it, so that a change in the
// reading can be told from a change of the site.
func Extractor() string {
	rules := extract.Version
	if testRule != "" {
		rules += "+test-" + testRule
	}
	return "rules " + rules + "; annals " + crawler.Version
}

// Handle ingests one page the crawler delivered: it is the crawler's
// Handler.
func (a *Ingester) Handle(ctx context.Context, p *crawler.Page) error {
	a.report.Fetched.Add(1)
	if p.NotModified {
		key, ok, err := a.store.Resolve(p.RequestURL)
		if err != nil || !ok {
			return err
		}
		if !a.claim(key, p.RequestURL) {
			return nil
		}
		a.report.Unchanged.Add(1)
		a.report.Route(p.Via)
		return a.store.Touch(key, p.FetchedAt, p.Status)
	}
	res, err := analyzePage(p, nil)
	if err != nil {
		return fmt.Errorf("extract %s: %w", p.URL, err)
	}
	var loc *time.Location
	if res.ZonelessTimes && res.Platform == "wordpress" {
		// Times printed without a zone (a classic theme's comment times)
		// are the site's local time.
		if loc, err = p.SiteLocation(ctx); err == nil {
			if again, err := analyzePage(p, loc); err == nil {
				res = again
			}
		} else {
			a.log.Debug("site time zone unknown", "url", p.URL, "err", err)
		}
	}
	if res.Parts.Current > 1 {
		// A later page of a multi-page post: joined to its first page.
		a.report.NotArchived("part of a post")
		return nil
	}
	if !Archivable(res.Kind) {
		if !listedAsPost(p.Via) {
			a.report.NotArchived(res.Kind.String())
			return nil
		}
		// The platform's feed or API lists it as a post: it is one,
		// whatever its markup made the extractor read.
		res.Post.Kind = extract.KindPost.String()
	}
	switch {
	case res.Protected:
		a.log.Debug("archived a password-protected post without its text", "url", p.URL)
		a.report.Protected.Add(1)
	case res.Post.Text == "":
		a.log.Warn("archived a post whose text extraction found none", "url", p.URL, "kind", res.Kind.String())
		a.report.Textless.Add(1)
	}
	key := Key(p.URL, res.Post.CanonicalURL)
	if !a.claim(key, p.URL) {
		return nil
	}
	// The post as this page alone reads, before parts, comments and an
	// author from elsewhere are added: what cause compares.
	page := *res.Post
	page.Comments = slices.Clone(page.Comments)
	authorsVia := ""
	if len(res.Post.Authors) == 0 && res.Post.Kind == extract.KindPost.String() {
		// The theme names no author (twentytwentyone on a one-author
		// blog): the platform does.
		name, via, err := p.PlatformAuthor(ctx)
		switch {
		case err == nil:
			res.Post.Authors, authorsVia = []string{name}, via
		case !errors.Is(err, crawler.ErrNoAuthor):
			a.log.Debug("author not found through the platform", "url", p.URL, "err", err)
		}
	}
	var aliases []string
	if p.RequestURL != "" && p.RequestURL != p.URL {
		aliases = append(aliases, p.RequestURL)
	}
	f := &archive.Fetch{
		URL:          p.URL,
		Aliases:      aliases,
		FetchedAt:    p.FetchedAt,
		Status:       p.Status,
		ETag:         p.Header.Get("ETag"),
		LastModified: p.Header.Get("Last-Modified"),
		Raw:          p.Body,
		Post:         res.Post,
		Via:          p.Via,
		AuthorsVia:   authorsVia,
		Extractor:    Extractor(),
	}
	if err := a.joinParts(ctx, p, res, key, f, loc); err != nil {
		// A post without its later pages would be a false change: it is
		// left for the next run.
		return err
	}
	if !res.Protected {
		// A protected post's comments are withheld with its body.
		a.completeComments(ctx, p, f, loc)
	}
	f.Cause = a.cause(key, f, &page, p.Header.Get("Content-Type"), loc)
	out, _, err := a.store.Put(key, f)
	if err != nil {
		return err
	}
	switch out {
	case archive.New:
		a.report.New.Add(1)
	case archive.Changed:
		if f.Cause == annals.CauseExtractor {
			a.report.Reread.Add(1)
			break
		}
		a.report.Changed.Add(1)
	default:
		a.report.Unchanged.Add(1)
	}
	a.report.Route(p.Via)
	a.log.Debug("archived", "url", p.URL, "key", key, "outcome", out.String(), "via", p.Via)
	return nil
}

// analyzePage extracts a fetched page; loc is its site's time zone, or
// nil when unknown.
func analyzePage(p *crawler.Page, loc *time.Location) (*extract.Result, error) {
	return analyze(p.Body, p.URL, p.Header.Get("Content-Type"), p.FetchedAt, loc)
}

// analyze extracts page, fetched from pageURL at fetched with the given
// Content-Type; loc is the site's time zone, or nil when unknown.
func analyze(page []byte, pageURL, contentType string, fetched time.Time, loc *time.Location) (*extract.Result, error) {
	res, err := extract.Analyze(bytes.NewReader(page), pageURL, &extract.Options{
		ContentType: contentType,
		Now:         fetched,
		Location:    loc,
	})
	if err == nil && testRule == "title-upper" {
		res.Post.Title = strings.ToUpper(res.Post.Title)
	}
	return res, err
}

// testRule, from ANNALS_TEST_EXTRACT_RULE, changes one extraction rule in
// this build, so that tests can archive with one extractor and then
// another: "title-upper" upper-cases titles. Extractor names it.
var testRule = os.Getenv("ANNALS_TEST_EXTRACT_RULE")

// cause says why f, about to be stored under key, differs from the post's
// latest version: the site changed it (annals.CauseSite), or the same page
// reads differently with this build's extractor (annals.CauseExtractor).
// It reads the latest version's stored page again and compares it with
// page, this fetch's page as read before anything from elsewhere was
// added. It returns "" when the post has no version yet or the content is
// the same. A change it cannot check is the site's: none is hidden.
func (a *Ingester) cause(key string, f *archive.Fetch, page *annals.Post, contentType string, loc *time.Location) string {
	v, err := a.store.Latest(key)
	if err != nil || archive.SameContent(v, f.Post) {
		return ""
	}
	if v.Extractor == f.Extractor {
		return annals.CauseSite // read alike: the page changed
	}
	raw, err := a.store.Raw(key, v.Number)
	if err != nil || len(raw) == 0 {
		return annals.CauseSite
	}
	old, err := analyze(raw, v.URL, contentType, v.FetchedAt, loc)
	if err != nil {
		return annals.CauseSite
	}
	if !Archivable(old.Kind) {
		old.Post.Kind = page.Kind // archived as a post, as its platform lists it
	}
	if !archive.SamePost(old.Post, page) {
		return annals.CauseSite
	}
	// The page reads today as the archived one does: the difference is in
	// the reading, unless comments from elsewhere (a comment feed or API)
	// changed.
	if (f.CommentsVia != "" || v.CommentsVia != "") && !archive.SameComments(v, f.Post) {
		return annals.CauseSite
	}
	return annals.CauseExtractor
}

// joinParts fetches the later pages of a post split over several (its
// pager's links, or the parts its platform's listing counts, or as many
// as its last version joined) and joins their text to the first page's.
// The parts' addresses become aliases of the post. It fails when a part
// cannot be fetched.
func (a *Ingester) joinParts(ctx context.Context, p *crawler.Page, res *extract.Result, key string, f *archive.Fetch, loc *time.Location) error {
	later := res.Parts.Later
	if n := p.ListedParts(); len(later) == 0 && n > 1 {
		later = crawler.WordPressPartURLs(p.URL, n)
	}
	if len(later) == 0 && res.Platform == "wordpress" && p.ListedParts() == 0 {
		// Found by another route than the listing (an update): a block
		// theme does not link the parts, the archive knows them.
		if v, err := a.store.Latest(key); err == nil && v.Parts > 1 {
			later = crawler.WordPressPartURLs(p.URL, v.Parts)
		}
	}
	post := f.Post
	joined := 0
	add := func(pg *crawler.Page) *extract.Result {
		r, err := analyzePage(pg, loc)
		if err != nil {
			return nil
		}
		joined++
		if r.Post.Text != "" {
			post.Text += "\n\n" + r.Post.Text
			post.HTML += r.Post.HTML
		}
		f.Aliases = append(f.Aliases, pg.URL)
		return r
	}
	if len(later) > 0 {
		pages, err := p.FetchParts(ctx, later)
		if err != nil {
			return fmt.Errorf("fetch part %d of %s: %w", len(pages)+2, p.URL, err)
		}
		for _, pg := range pages {
			add(pg)
		}
	} else if next := res.Parts.Next; next != "" && res.Parts.Current == 1 {
		// Only rel=next names the parts: follow them one by one.
		seen := map[string]bool{p.URL: true}
		for next != "" && !seen[next] && joined < maxParts {
			seen[next] = true
			got, err := p.FetchParts(ctx, []string{next})
			if err != nil {
				return fmt.Errorf("fetch part %d of %s: %w", joined+2, p.URL, err)
			}
			r := add(got[0])
			next = ""
			if r != nil && r.Parts.Current == joined+1 {
				next = r.Parts.Next
			}
		}
	}
	if joined > 0 {
		f.Parts = 1 + joined
	}
	return nil
}

// maxParts bounds the parts of one post followed through rel=next.
const maxParts = 50

// completeComments fetches the rest of a post's comments when its page
// holds only some of them (a "load more", comment pages, a declared or
// listed count above the captured one) and merges them into f.Post. What
// cannot be fetched is recorded: the version says its comments are
// incomplete. Comments the page shows without their date or text (a
// classic theme's pingbacks) are then filled from the post's comment feed.
func (a *Ingester) completeComments(ctx context.Context, p *crawler.Page, f *archive.Fetch, loc *time.Location) {
	post := f.Post
	captured := len(post.Comments)
	declared := -1
	if post.CommentCount != nil {
		declared = *post.CommentCount
	}
	hidden := p.CommentsHidden()
	if hidden || declared > captured || p.ListedComments > captured {
		a.fetchComments(ctx, p, f, hidden, loc)
	}
	if !commentGaps(post.Comments) {
		return
	}
	cs, err := p.FetchCommentFeed(ctx)
	if err != nil {
		if !errors.Is(err, crawler.ErrNoCommentRoute) {
			a.log.Warn("comment feed not read", "url", p.URL, "err", err)
		}
		return
	}
	post.Comments = mergeExact(post.Comments, entryComments(cs.Entries))
	if f.CommentsVia == "" {
		f.CommentsVia = cs.Via
		a.report.Commented.Add(1)
	}
}

// fetchComments fetches the comments the page does not hold through the
// route its platform offers.
func (a *Ingester) fetchComments(ctx context.Context, p *crawler.Page, f *archive.Fetch, hidden bool, loc *time.Location) {
	post := f.Post
	captured := len(post.Comments)
	if p.ListedComments >= 0 {
		n := p.ListedComments
		f.CommentsDeclared = &n
	}
	cs, err := p.FetchComments(ctx)
	if err != nil {
		if !errors.Is(err, crawler.ErrNoCommentRoute) {
			a.log.Warn("comments not completed", "url", p.URL, "err", err)
		}
		f.CommentsMissing = hidden
		return
	}
	more := entryComments(cs.Entries)
	for _, pg := range cs.Pages {
		r, err := analyzePage(pg, loc)
		if err == nil {
			more = append(more, r.Post.Comments...)
		}
	}
	post.Comments = mergeExact(post.Comments, more)
	f.CommentsVia = cs.Via
	if total := max(cs.Total, p.ListedComments); total >= 0 {
		f.CommentsDeclared = &total
	}
	f.CommentsMissing = !cs.Complete
	a.report.Commented.Add(1)
	a.log.Debug("comments completed", "url", p.URL, "via", cs.Via, "page", captured, "now", len(post.Comments))
}

// entryComments converts a feed's or API's comments.
func entryComments(entries []crawler.Comment) []annals.Comment {
	out := make([]annals.Comment, 0, len(entries))
	for _, c := range entries {
		ac := annals.Comment{ID: c.ID, ParentID: c.ParentID, Author: c.Author, AuthorURL: c.AuthorURL,
			Text: c.Text, Type: c.Type, Deleted: c.Deleted}
		if !c.Published.IsZero() {
			ac.Published = annals.At(c.Published)
		}
		out = append(out, ac)
	}
	return out
}

// commentGaps reports whether a comment lacks its date or its text.
func commentGaps(cs []annals.Comment) bool {
	for _, c := range cs {
		if !c.Deleted && (c.Published.IsZero() || c.Text == "") {
			return true
		}
	}
	return false
}

// mergeExact merges more into the page's comments; where both hold a
// comment with the same platform id, more's exact time wins: a feed or an
// API gives the instant, a page often only its local wall-clock time.
func mergeExact(page, more []annals.Comment) []annals.Comment {
	exact := map[string]annals.Date{}
	for _, c := range more {
		if c.ID != "" && !c.Published.IsZero() && !c.Published.DayOnly() {
			exact[c.ID] = c.Published
		}
	}
	out := annals.MergeComments(page, more)
	for i := range out {
		if d, ok := exact[out[i].ID]; ok {
			out[i].Published = d
		}
	}
	return out
}

// claim reports whether key is archived for the first time in this run.
// Only posts archived under a key other than their URL are remembered: the
// crawler hands each URL over once.
func (a *Ingester) claim(key, pageURL string) bool {
	if key == pageURL {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done[key] {
		return false
	}
	a.done[key] = true
	return true
}

// Key is the URL a post is archived under: its canonical URL when that
// is on the same site as the page, else the page URL, normalized.
func Key(pageURL, canonical string) string {
	key := pageURL
	if canonical != "" {
		cu, err1 := url.Parse(canonical)
		pu, err2 := url.Parse(pageURL)
		if err1 == nil && err2 == nil && annals.SameSite(cu.Hostname(), pu.Hostname()) {
			key = canonical
		}
	}
	if n, err := crawler.NormalizeURL(key); err == nil {
		return n
	}
	return key
}
