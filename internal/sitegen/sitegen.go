// Package sitegen serves a synthetic Blogger-style blog for demos, tests and
// benchmarks.
//
// The blog is deterministic: the same [Options] always give the same posts,
// titles, dates, comments and markup. Every page is generated on the fly
// from the post index, so a site of 10,000 posts costs no more memory than
// one of 12; only posts changed with [Site.Edit] or [Site.AddComment] keep a
// little state.
//
// The markup follows Blogger's classic ("Simple") layout with threaded
// comments: the same classes, ids, microdata and feed/sitemap endpoints a
// crawler meets on a real blogspot.com blog, including the robots.txt that
// disallows /search (label pages and the "Older Posts" pager). Posts and
// comments carry 19-digit Blogger-style ids derived from Seed, so feed entry
// ids read tag:blogger.com,1999:blog-BLOGID.post-POSTID as on Blogger.
//
// Endpoints: / (the 10 newest posts), /YYYY/MM/post-N.html, /YYYY/ and
// /YYYY/MM/ archives, /p/about.html, /search and /search/label/X,
// /feeds/posts/default and /feeds/posts/summary (Atom, start-index and
// max-results), /feeds/POSTID/comments/default (the comment feed of a
// post, paged the same way), /sitemap.xml
// (an index of ?page=N sitemaps of 1000 posts) and /robots.txt. Post pages
// carry ETag and Last-Modified; the other pages carry validators that change
// with any Edit or AddComment. Conditional GETs get 304.
//
// Dates are synthetic too: post i is published at 2021-01-04T09:00:00Z plus
// i×37 hours, so large sites reach well into the future. Comment j of a post
// is written about (j+1)×97 minutes after it, and each Edit or AddComment is
// one more such step, so Last-Modified grows with every change.
package sitegen

import (
	"bytes"
	"hash/fnv"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	defaultPosts    = 12
	defaultComments = 3
	defaultTitle    = "Field Notes"
	defaultSeed     = 1
	// maxPosts keeps every date a four-digit year.
	maxPosts = 1_000_000

	postStepSeconds    = 37 * 3600 // between two posts
	commentStepSeconds = 97 * 60   // between two events (comments, edits) of one post
	jitterSeconds      = 40 * 60   // < commentStepSeconds, so events stay ordered

	pageSize = 10 // posts on the home, archive and search pages
)

// baseUnix is when post 0 is published: Monday, 4 January 2021, 09:00 UTC.
var baseUnix = time.Date(2021, time.January, 4, 9, 0, 0, 0, time.UTC).Unix()

// Options configure a [Site]. The zero value gives the defaults.
type Options struct {
	// Posts is the number of posts (default 12, at most 1,000,000).
	Posts int
	// CommentsPerPost is the number of comments on each post before any
	// AddComment (default 3 when 0; a negative value means none). Every third
	// comment is a reply to the top-level comment just before it.
	CommentsPerPost int
	// Seed varies the generated words and ids (default 1 when 0).
	Seed int64
	// Title is the blog title (default "Field Notes").
	Title string
	// CommentsShown, when positive, is how many of a post's comments its
	// page shows, as Blogger does for long threads: the others are only in
	// the post's comment feed, and the page's "Load more" control is shown.
	// 0 shows them all.
	CommentsShown int
	// ActionsOnHost serves Blogger's action endpoints on the blog's own
	// host, as mirrors and proxies of Blogger blogs do: the share buttons
	// (share-post.g, which redirects to a share service on another host),
	// each comment's delete link (delete-comment.g) and the comment form's
	// frame (/comment/frame/) are links to this site, and answer. A polite
	// crawler requests none of them.
	ActionsOnHost bool
}

// Site is a synthetic Blogger blog. It is an [http.Handler] and is safe for
// concurrent use. Create one with [New].
type Site struct {
	posts    int
	comments int
	shown    int
	actions  string // where action links point: Blogger, or "" for this host
	seed     uint64
	title    string
	idHash   uint64 // hash of the options that shape every page

	blogID   string
	postBase uint64 // post i's id is postBase + i*postIDStride
	titleMul uint64 // title number of post i is (titleMul*i + titleAdd) mod titleSpace
	titleAdd uint64
	authors  int // how many of authorNames write here (2 or 3)

	requests atomic.Int64
	actioned atomic.Int64 // requests to action endpoints (ActionsOnHost)
	count    atomic.Int64 // posts published: Posts, plus Publish

	mu      sync.RWMutex
	state   map[int]*postState // only posts changed by Edit or AddComment
	removed map[int]bool       // posts taken down by Remove
	version uint64             // bumped on every change
	lastMod time.Time          // Last-Modified of the listing pages
}

// postState is what Edit and AddComment changed on one post. It is never
// modified once stored: changes store a fresh copy, so readers may keep it
// without the lock.
type postState struct {
	rev       int
	editEvent int   // event number of the latest edit
	added     []int // event number of each added comment
}

const postIDStride = 7919

// New returns the site described by opts.
func New(opts Options) *Site {
	s := &Site{
		posts:    opts.Posts,
		comments: opts.CommentsPerPost,
		shown:    max(opts.CommentsShown, 0),
		actions:  "https://www.blogger.com",
		seed:     uint64(opts.Seed),
		title:    opts.Title,
		state:    map[int]*postState{},
		removed:  map[int]bool{},
	}
	if s.posts <= 0 {
		s.posts = defaultPosts
	}
	s.posts = min(s.posts, maxPosts)
	switch {
	case s.comments == 0:
		s.comments = defaultComments
	case s.comments < 0:
		s.comments = 0
	}
	if opts.Seed == 0 {
		s.seed = defaultSeed
	}
	if s.title == "" {
		s.title = defaultTitle
	}
	if opts.ActionsOnHost {
		s.actions = ""
	}
	h := fnv.New64a()
	h.Write([]byte(s.title))
	if opts.ActionsOnHost {
		h.Write([]byte("actions on host"))
	}
	s.idHash = mix(s.seed, h.Sum64(), uint64(s.comments), uint64(s.posts))

	s.blogID = strconv.FormatUint(1e18+mix(s.seed, tagBlogID)%8e18, 10)
	s.postBase = 1e18 + mix(s.seed, tagPostID)%1e9*1e9
	// Any multiplier coprime with titleSpace (2^7·3^2·5^3) permutes the titles.
	muls := []uint64{7919, 104729, 1299709, 15485863, 179424673}
	s.titleMul = muls[mix(s.seed, tagTitle, 1)%uint64(len(muls))]
	s.titleAdd = mix(s.seed, tagTitle, 2) % titleSpace
	s.authors = 2 + int(mix(s.seed, tagBlogID, 1)%2)
	s.count.Store(int64(s.posts))
	s.lastMod = s.post(s.posts - 1).lastModified()
	return s
}

// n returns the number of posts published so far.
func (s *Site) n() int { return int(s.count.Load()) }

// Publish publishes k more posts, newer than the others, as a blogger
// writing new posts would: they appear on the home page, in the feeds and
// the sitemaps. The total stays at most 1,000,000.
func (s *Site) Publish(k int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := min(s.n()+max(k, 0), maxPosts)
	s.count.Store(int64(n))
	s.version++
	st := s.state[n-1] // s.mu is held: not s.post
	if st == nil {
		st = noState
	}
	if lm := (post{s: s, i: n - 1, st: st}).lastModified(); lm.After(s.lastMod) {
		s.lastMod = lm
	}
}

// Remove takes post i down: its page answers 404 Not Found, as Blogger's
// do for deleted posts, and change lists (the feed ordered by update) no
// longer list it. Restore brings it back as it was. An i out of range is
// ignored.
func (s *Site) Remove(i int) { s.setRemoved(i, true) }

// Restore undoes Remove.
func (s *Site) Restore(i int) { s.setRemoved(i, false) }

func (s *Site) setRemoved(i int, gone bool) {
	if i < 0 || i >= s.n() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if gone {
		s.removed[i] = true
	} else {
		delete(s.removed, i)
	}
	s.version++
	s.lastMod = s.lastMod.Add(time.Second)
}

// isRemoved reports whether post i was taken down.
func (s *Site) isRemoved(i int) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.removed[i]
}

// PostPath returns the path of post i, such as "/2021/01/post-3.html"; i
// must be in [0, Posts).
func (s *Site) PostPath(i int) string {
	t := s.published(i)
	return "/" + pad(t.Year(), 4) + "/" + pad(int(t.Month()), 2) + "/post-" + strconv.Itoa(i) + ".html"
}

// PostTitle returns the title of post i; i must be in [0, Posts). Titles
// are distinct within a site.
func (s *Site) PostTitle(i int) string { return s.titleParts(i).String() }

// Edit bumps post i's revision: one paragraph of its body is rewritten, its
// updated time moves on, and its ETag and Last-Modified change. An i out
// of range is ignored.
func (s *Site) Edit(i int) {
	s.change(i, func(st *postState, event int) {
		st.rev++
		st.editEvent = event
	})
}

// AddComment adds one comment to post i; like the first ones, every third
// comment is a reply. An i out of range is ignored.
func (s *Site) AddComment(i int) {
	s.change(i, func(st *postState, event int) {
		st.added = append(st.added, event)
	})
}

// Requests returns the number of requests served so far.
func (s *Site) Requests() int64 { return s.requests.Load() }

// change applies f to a copy of post i's state, giving it the number of the
// new event.
func (s *Site) change(i int, f func(st *postState, event int)) {
	if i < 0 || i >= s.n() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := postState{editEvent: -1}
	if old := s.state[i]; old != nil {
		st = *old
		st.added = append([]int(nil), old.added...)
	}
	event := s.comments + st.rev + len(st.added)
	f(&st, event)
	s.state[i] = &st
	s.version++
	lm := post{s: s, i: i, st: &st}.lastModified()
	s.lastMod = s.lastMod.Add(time.Second)
	if lm.After(s.lastMod) {
		s.lastMod = lm
	}
}

// snapshot returns the listing pages' version and Last-Modified.
func (s *Site) snapshot() (uint64, time.Time) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.version, s.lastMod
}

var noState = &postState{editEvent: -1}

// post returns post i as it is now; i must be in range.
func (s *Site) post(i int) post {
	s.mu.RLock()
	st := s.state[i]
	s.mu.RUnlock()
	if st == nil {
		st = noState
	}
	return post{s: s, i: i, st: st}
}

// post is one post at one moment.
type post struct {
	s  *Site
	i  int
	st *postState
}

func (p post) numComments() int { return p.s.comments + len(p.st.added) }

// commentEvent returns the event number of comment j.
func (p post) commentEvent(j int) int {
	if j < p.s.comments {
		return j
	}
	return p.st.added[j-p.s.comments]
}

func (p post) published() time.Time { return p.s.published(p.i) }

// eventTime returns when event e (a comment or an edit) of the post happened.
func (p post) eventTime(e int) time.Time {
	j := int64(mix(p.s.seed, tagJitter, uint64(p.i), uint64(e)) % jitterSeconds)
	return time.Unix(p.s.publishedUnix(p.i)+int64(e+1)*commentStepSeconds+j, 0).UTC()
}

// updated returns when the post was last edited (shortly after publishing
// when it never was).
func (p post) updated() time.Time {
	if p.st.editEvent < 0 {
		m := int64(3 + mix(p.s.seed, tagMinutes, uint64(p.i))%15)
		return time.Unix(p.s.publishedUnix(p.i)+m*60, 0).UTC()
	}
	return p.eventTime(p.st.editEvent)
}

// lastModified returns the time of the post's latest change, comments
// included.
func (p post) lastModified() time.Time {
	last := p.st.editEvent
	if n := p.numComments(); n > 0 {
		last = max(last, p.commentEvent(n-1))
	}
	if last < 0 {
		return p.updated()
	}
	return p.eventTime(last)
}

// etag returns the post page's entity tag.
func (p post) etag() string {
	n := p.numComments()
	last := -1
	if n > 0 {
		last = p.commentEvent(n - 1)
	}
	return quoteTag(mix(p.s.idHash, uint64(p.i), uint64(p.st.rev), uint64(n), uint64(p.st.editEvent+1), uint64(last+1)))
}

func quoteTag(h uint64) string {
	return `"` + strconv.FormatUint(h, 16) + `"`
}

func (s *Site) publishedUnix(i int) int64 { return baseUnix + int64(i)*postStepSeconds }

func (s *Site) published(i int) time.Time { return time.Unix(s.publishedUnix(i), 0).UTC() }

// before returns how many posts were published before t.
func (s *Site) before(t time.Time) int {
	d := t.Unix() - baseUnix
	if d <= 0 {
		return 0
	}
	return int(min((d+postStepSeconds-1)/postStepSeconds, int64(s.n())))
}

// postID returns post i's Blogger id.
func (s *Site) postID(i int) string {
	return strconv.FormatUint(s.postBase+uint64(i)*postIDStride, 10)
}

// titleParts returns the pieces of post i's title.
func (s *Site) titleParts(i int) titleParts {
	u := uint64(i)
	x := (s.titleMul*(u%titleSpace) + s.titleAdd) % titleSpace
	var t titleParts
	t.noun = titleNouns[x%uint64(len(titleNouns))]
	x /= uint64(len(titleNouns))
	t.place = places[x%uint64(len(places))]
	x /= uint64(len(places))
	t.adj = titleAdjectives[x%uint64(len(titleAdjectives))]
	x /= uint64(len(titleAdjectives))
	t.tmpl = titleTemplates[x%uint64(len(titleTemplates))]
	if u >= titleSpace {
		t.part = int(u/titleSpace) + 1
	}
	return t
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// parsePostPath returns the post a path names.
func (s *Site) parsePostPath(path string) (int, bool) {
	// /YYYY/MM/post-N.html
	if len(path) < len("/2021/01/post-0.html") || !strings.HasSuffix(path, ".html") {
		return 0, false
	}
	k := strings.LastIndex(path, "/post-")
	if k < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(path[k+len("/post-") : len(path)-len(".html")])
	if err != nil || i < 0 || i >= s.n() || s.PostPath(i) != path {
		return 0, false
	}
	return i, true
}

// ServeHTTP serves the blog: see the package documentation for the layout.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	path := r.URL.Path
	switch {
	case path == "/robots.txt":
		s.serveRobots(w, r, base)
	case path == "/sitemap.xml":
		s.serveSitemap(w, r, base)
	case path == "/feeds/posts/default" || path == "/feeds/posts/default/":
		s.serveFeed(w, r, base, false)
	case path == "/feeds/posts/summary" || path == "/feeds/posts/summary/":
		s.serveFeed(w, r, base, true)
	case strings.HasPrefix(path, "/feeds/") && strings.HasSuffix(strings.TrimSuffix(path, "/"), "/comments/default"):
		s.serveCommentFeed(w, r, base)
	case path == "/" || path == "/index.html":
		s.serveHome(w, r, base)
	case path == "/search" || strings.HasPrefix(path, "/search/"):
		s.serveSearch(w, r, base)
	case path == aboutPath:
		s.serveAbout(w, r, base)
	case s.actions == "" && (strings.HasSuffix(path, ".g") || strings.HasPrefix(path, "/comment/frame/")):
		s.serveAction(w, r)
	default:
		if i, ok := s.parsePostPath(path); ok && !s.isRemoved(i) {
			s.servePost(w, r, base, i)
			return
		}
		if from, to, ok := s.parseArchivePath(path); ok {
			s.serveArchive(w, r, base, from, to)
			return
		}
		s.serveNotFound(w, r, base)
	}
}

// notModified reports whether the request's validators match: If-None-Match
// when present (it takes precedence), else If-Modified-Since.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if vals := r.Header.Values("If-None-Match"); len(vals) > 0 {
		if etag == "" {
			return false
		}
		want := strings.TrimPrefix(etag, "W/")
		for _, v := range vals {
			for _, t := range strings.Split(v, ",") {
				t = strings.TrimSpace(t)
				if t == "*" || strings.TrimPrefix(t, "W/") == want {
					return true
				}
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !lastMod.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !lastMod.Truncate(time.Second).After(t)
	}
	return false
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const (
	typeHTML = "text/html; charset=UTF-8"
	typeAtom = "application/atom+xml; charset=UTF-8"
	typeXML  = "application/xml; charset=UTF-8"
	typeText = "text/plain; charset=UTF-8"
)

// respond answers r with status (200 or 404), validators and the body
// that write produces; a matching conditional request gets 304 without the
// body being generated.
func respond(w http.ResponseWriter, r *http.Request, status int, ctype, etag string, lastMod time.Time, write func(b *bytes.Buffer)) {
	h := w.Header()
	if etag != "" {
		h.Set("ETag", etag)
	}
	if !lastMod.IsZero() {
		h.Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
	}
	if status == http.StatusOK {
		h.Set("Cache-Control", "private, max-age=0")
		if notModified(r, etag, lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer func() {
		if b.Cap() <= 1<<20 {
			bufPool.Put(b)
		}
	}()
	write(b)
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}

// listingValidators returns the ETag and Last-Modified of a page that
// depends on the whole site (home, feeds, sitemaps, archives, search).
func (s *Site) listingValidators(r *http.Request) (string, time.Time) {
	v, lm := s.snapshot()
	h := fnv.New64a()
	h.Write([]byte(r.Host))
	h.Write([]byte{0})
	h.Write([]byte(r.URL.RequestURI()))
	return quoteTag(mix(s.idHash, v, h.Sum64())), lm
}

// serveAction answers an action endpoint served on the blog's own host
// (Options.ActionsOnHost): share-post.g redirects to a share service on
// another host; delete-comment.g and the comment frame are forms.
func (s *Site) serveAction(w http.ResponseWriter, r *http.Request) {
	s.actioned.Add(1)
	if strings.HasSuffix(r.URL.Path, "/share-post.g") {
		http.Redirect(w, r, "https://share.example.net/share?u="+url.QueryEscape(r.URL.RawQuery), http.StatusFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	io.WriteString(w, `<!DOCTYPE html><html><head><title>Blogger</title></head><body><form method="post" action="`+html.EscapeString(r.URL.Path)+`"><textarea name="commentBody"></textarea><input type="submit" value="Publish"></form></body></html>`)
}

// ActionRequests returns how many requests the site answered at its action
// endpoints (Options.ActionsOnHost): a polite crawler makes none.
func (s *Site) ActionRequests() int64 { return s.actioned.Load() }
