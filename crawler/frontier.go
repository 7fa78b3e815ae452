package crawler

import (
	"encoding/binary"
	"errors"
	"slices"
	"sync"
	"time"
)

// Frontier keeps a crawl's queue of URLs to fetch and the set of URLs it
// has seen, so that a crawl can outlive its process. The crawler calls it
// in batches from several goroutines; implementations must be safe for
// concurrent use. archive.Store provides one that lives in the archive
// file; with none, Run keeps an in-memory one.
//
// An entry goes through three states: queued (Push), in progress (Pop) and
// done (Done). A URL is seen from its first Push on, and stays seen after
// Done. A Frontier that persists must, when it is opened again after a
// crash, put the entries left in progress back in their queues, so that
// the pages being fetched when the process died are fetched again.
type Frontier interface {
	// Push queues each entry whose URL the Frontier has not seen, in the
	// queue and at the priority it names, and marks its URL seen. It
	// reports, for each entry, whether it was queued.
	Push(entries []Entry) ([]bool, error)
	// Pop takes up to n entries out of queue, lowest Priority first and
	// in Push order within a priority, and marks them in progress. It
	// returns fewer, or none, when the queue holds fewer.
	Pop(queue string, n int) ([]Entry, error)
	// Done records that in-progress URLs were processed: they leave the
	// Frontier and stay seen. A URL not in progress is marked seen.
	Done(urls []string) error
	// Seen reports, for each URL, whether the Frontier has seen it.
	Seen(urls []string) ([]bool, error)
	// Queues returns the number of queued entries of every non-empty
	// queue.
	Queues() (map[string]int, error)
}

// Entry is one URL in a [Frontier].
type Entry struct {
	// URL is the normalized URL: the unit of deduplication.
	URL string
	// Queue is the queue the entry waits in; the crawler uses one per
	// host ("host:port").
	Queue string
	// Priority orders a queue: lower first. It is between 0 and 255.
	Priority int
	// Data is the crawler's own record of the entry; the Frontier stores
	// it as given.
	Data []byte
}

// memFrontier is the in-memory Frontier used when Options.Frontier is nil.
type memFrontier struct {
	mu     sync.Mutex
	seen   map[string]bool
	queues map[string]*memQueue
	active map[string]bool
}

type memQueue struct {
	byPrio [256][]Entry
	n      int
}

func newMemFrontier() *memFrontier {
	return &memFrontier{seen: map[string]bool{}, queues: map[string]*memQueue{}, active: map[string]bool{}}
}

func (f *memFrontier) Push(entries []Entry) ([]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, len(entries))
	for i, e := range entries {
		if f.seen[e.URL] {
			continue
		}
		f.seen[e.URL] = true
		q := f.queues[e.Queue]
		if q == nil {
			q = &memQueue{}
			f.queues[e.Queue] = q
		}
		p := min(max(e.Priority, 0), 255)
		q.byPrio[p] = append(q.byPrio[p], e)
		q.n++
		out[i] = true
	}
	return out, nil
}

func (f *memFrontier) Pop(queue string, n int) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.queues[queue]
	var out []Entry
	for p := 0; q != nil && p < 256 && len(out) < n; p++ {
		k := min(n-len(out), len(q.byPrio[p]))
		out = append(out, q.byPrio[p][:k]...)
		q.byPrio[p] = slices.Delete(q.byPrio[p], 0, k)
		q.n -= k
	}
	for _, e := range out {
		f.active[e.URL] = true
	}
	return out, nil
}

func (f *memFrontier) Done(urls []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range urls {
		delete(f.active, u)
		f.seen[u] = true
	}
	return nil
}

func (f *memFrontier) Seen(urls []string) ([]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, len(urls))
	for i, u := range urls {
		out[i] = f.seen[u]
	}
	return out, nil
}

func (f *memFrontier) Queues() (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for name, q := range f.queues {
		if q.n > 0 {
			out[name] = q.n
		}
	}
	return out, nil
}

// kind is what a queued URL is fetched as.
type kind uint8

const (
	kindPage        kind = iota
	kindFeed             // an RSS or Atom feed, followed through its rel=next pages
	kindSitemap          // a sitemap or sitemap index
	kindBloggerFeed      // one page of Blogger's /feeds/posts/summary
	kindWPPosts          // one page of WordPress's REST /wp/v2/posts
	kindWPFeed           // one page of a WordPress feed paged with ?paged=N
	kindRobots           // robots.txt: never queued
	kindComments         // a comment feed, API page or comment page: never queued
	kindPart             // a later page of a multi-page post: never queued
)

func (k kind) String() string {
	switch k {
	case kindFeed:
		return "feed"
	case kindSitemap:
		return "sitemap"
	case kindBloggerFeed:
		return "blogger-feed"
	case kindWPPosts:
		return "wordpress-api"
	case kindWPFeed:
		return "wordpress-feed"
	case kindRobots:
		return "robots"
	case kindComments:
		return "comments"
	case kindPart:
		return "part"
	}
	return "page"
}

// route reports whether a kind is a discovery route: it lists pages.
func (k kind) route() bool {
	return k != kindPage && k != kindRobots && k != kindComments && k != kindPart
}

// item is one queued URL.
type item struct {
	url      string // normalized
	kind     kind
	depth    int       // pages only: link depth from the seed
	via      string    // pages only: one of the Via constants
	guessed  bool      // a well-known location nobody announced: failures are quiet
	tier     int       // routes: the discovery tier it belongs to
	page     int       // routes: which page of a paged route (1 = first)
	first    string    // WordPress feed pages: the first item of the previous page
	modified time.Time // pages: the route's lastmod/updated
	comments int       // pages: the route's comment count, or -1
	parts    int       // pages: the pages the route says the post is split into, or 0
	author   string    // pages: the post's author as the route names it, or ""
}

// Discovery tiers, tried in order for each site: the platform's own
// interface, then sitemaps, then feeds. Links are always followed.
const (
	tierNone = iota
	tierPlatform
	tierSitemap
	tierFeed
	tierDone
)

// priority orders a host's queue: seeds, then platform interfaces, sitemaps
// and feeds, then the pages they list, then pages found by links.
func (it *item) priority() int {
	switch {
	case it.kind == kindPage && it.via == ViaSeed:
		return 0
	case it.kind == kindBloggerFeed || it.kind == kindWPPosts || it.kind == kindWPFeed:
		return 1
	case it.kind == kindSitemap:
		return 2
	case it.kind == kindFeed:
		return 3
	case it.via == ViaLink:
		return 5
	}
	return 4
}

// vias numbers the Via values in encoded items.
var vias = []string{"", ViaSeed, ViaLink, ViaFeed, ViaSitemap, ViaBloggerFeed, ViaWordPressAPI, ViaWordPressFeed}

const itemFormat = 1

// encode returns the item's Entry.Data.
func (it *item) encode() []byte {
	b := make([]byte, 0, 16+len(it.first))
	b = append(b, itemFormat, byte(it.kind), byte(slices.Index(vias, it.via)), byte(it.tier))
	var flags byte
	if it.guessed {
		flags |= 1
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(it.depth))
	b = binary.AppendUvarint(b, uint64(it.page))
	b = binary.AppendVarint(b, int64(it.comments))
	var mod int64
	if !it.modified.IsZero() {
		mod = it.modified.Unix()
	}
	b = binary.AppendVarint(b, mod)
	b = binary.AppendUvarint(b, uint64(len(it.first)))
	b = append(b, it.first...)
	// Added later, and optional: the parts, then the author.
	if it.parts > 0 || it.author != "" {
		b = binary.AppendUvarint(b, uint64(it.parts))
	}
	if it.author != "" {
		b = binary.AppendUvarint(b, uint64(len(it.author)))
		b = append(b, it.author...)
	}
	return b
}

var errBadItem = errors.New("crawler: unreadable frontier entry")

// decodeItem reads an Entry back into an item.
func decodeItem(e Entry) (item, error) {
	it := item{url: e.URL, comments: -1}
	b := e.Data
	if len(b) < 5 || b[0] != itemFormat {
		return it, errBadItem
	}
	it.kind = kind(b[1])
	if int(b[2]) < len(vias) {
		it.via = vias[b[2]]
	}
	it.tier = int(b[3])
	it.guessed = b[4]&1 != 0
	b = b[5:]
	var vals [4]int64
	for i := range vals {
		var n int
		if i < 2 {
			var u uint64
			u, n = binary.Uvarint(b)
			vals[i] = int64(u)
		} else {
			vals[i], n = binary.Varint(b)
		}
		if n <= 0 {
			return it, errBadItem
		}
		b = b[n:]
	}
	it.depth, it.page, it.comments = int(vals[0]), int(vals[1]), int(vals[2])
	if vals[3] != 0 {
		it.modified = time.Unix(vals[3], 0).UTC()
	}
	l, n := binary.Uvarint(b)
	if n <= 0 || uint64(len(b)-n) < l {
		return it, errBadItem
	}
	it.first = string(b[n : n+int(l)])
	if rest := b[n+int(l):]; len(rest) > 0 {
		parts, n := binary.Uvarint(rest)
		if n <= 0 {
			return it, errBadItem
		}
		it.parts = int(parts)
		if rest = rest[n:]; len(rest) > 0 {
			l, n := binary.Uvarint(rest)
			if n <= 0 || uint64(len(rest)-n) < l {
				return it, errBadItem
			}
			it.author = string(rest[n : n+int(l)])
		}
	}
	return it, nil
}
