package crawler

import "sync"

// kind is what a queued URL is fetched as.
type kind int

const (
	kindPage kind = iota
	kindFeed
	kindSitemap
	kindRobots
)

func (k kind) String() string {
	switch k {
	case kindFeed:
		return "feed"
	case kindSitemap:
		return "sitemap"
	case kindRobots:
		return "robots"
	}
	return "page"
}

// item is one queued URL.
type item struct {
	url     string // normalized
	kind    kind
	depth   int    // pages only: link depth from the seed
	via     string // pages only: ViaSeed, ViaLink, ViaFeed or ViaSitemap
	guessed bool   // a well-known location nobody announced: failures are quiet
}

// frontier is the run's FIFO queue. pop blocks until an item is available or
// the crawl is over: nothing queued and nothing in progress, or closed.
type frontier struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []item
	head   int
	active int
	closed bool
}

func newFrontier() *frontier {
	f := &frontier{}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// push queues it unless the frontier is closed.
func (f *frontier) push(it item) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.items = append(f.items, it)
	f.cond.Signal()
}

// pop returns the next item and marks it in progress; the caller must call
// done when it is processed. ok is false when the crawl is over.
func (f *frontier) pop() (it item, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.closed && f.head == len(f.items) && f.active > 0 {
		f.cond.Wait()
	}
	if f.closed || f.head == len(f.items) {
		f.cond.Broadcast()
		return item{}, false
	}
	it = f.items[f.head]
	f.items[f.head] = item{}
	f.head++
	if f.head == len(f.items) {
		f.items, f.head = f.items[:0], 0
	}
	f.active++
	return it, true
}

// done marks one popped item processed.
func (f *frontier) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.active--
	if f.active == 0 && f.head == len(f.items) {
		f.cond.Broadcast()
	}
}

// close drops what is queued and ends the crawl once the items in progress
// are done. Later pushes are ignored.
func (f *frontier) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.items, f.head = nil, 0
	f.cond.Broadcast()
}
