package ingest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Report counts what a crawl or an update did with the pages it fetched:
// posts new, changed and unchanged, pages not archived by reason, routes,
// requests. It is safe for concurrent use; the CLI prints it (Line,
// Details) and the daemon keeps it.
type Report struct {
	// Counters: pages handed over, posts new, changed (by the site) and
	// unchanged, posts whose page reads differently only with this
	// build's extractor, failed pages, posts whose comments were
	// completed, posts archived without text, password-protected posts,
	// URLs queued.
	Fetched, New, Changed, Unchanged, Reread, Errors, Commented, Textless, Protected, Queued atomic.Int64
	mu                                                                                       sync.Mutex
	routes                                                                                   map[string]int // posts by discovery route
	notKept                                                                                  map[string]int // pages fetched and not archived, by reason
	requests                                                                                 int            // HTTP requests of the run
	requestsBy                                                                               map[string]int // requests by what they fetched
	Resumed                                                                                  time.Time      // start of the crawl this run continues
}

// NotArchived counts one page fetched and not archived, for reason.
func (t *Report) NotArchived(reason string) { t.add(&t.notKept, reason, 1) }

// add adds n to (*m)[k], making the map when it has none, under t.mu.
func (t *Report) add(m *map[string]int, k string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[k] += n
}

// Line is the one-line count of pages and posts.
func (t *Report) Line() string {
	return fmt.Sprintf("%d pages fetched, posts: %d new, %d changed, %d unchanged%s, %d errors",
		t.Fetched.Load(), t.New.Load(), t.Changed.Load(), t.Unchanged.Load(), t.RereadPart(), t.Errors.Load())
}

// RereadPart is ", N re-read by a new extractor" for a summary line when
// some posts changed only in annals' reading of them, else "".
func (t *Report) RereadPart() string {
	if n := t.Reread.Load(); n > 0 {
		return fmt.Sprintf(", %d re-read by a new extractor", n)
	}
	return ""
}

// Route counts one post found by via.
func (t *Report) Route(via string) { t.add(&t.routes, via, 1) }

// Details says how posts were found and whose comments were completed.
func (t *Report) Details() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var parts []string
	for via, n := range t.routes {
		parts = append(parts, fmt.Sprintf("%s %d", via, n))
	}
	sort.Strings(parts)
	s := ""
	if !t.Resumed.IsZero() {
		s = "continued the crawl started " + t.Resumed.Local().Format("2006-01-02 15:04")
	}
	if len(parts) > 0 {
		if s != "" {
			s += "; "
		}
		s += "found by " + strings.Join(parts, ", ")
	}
	if n := t.Commented.Load(); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("comments completed for %d posts", n)
	}
	if n := t.Textless.Load(); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%d posts archived without text (their feed lists them; --verbose names them)", n)
	}
	if n := t.Protected.Load(); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%d password-protected posts archived without their text", n)
	}
	if len(t.notKept) > 0 {
		if s != "" {
			s += "; "
		}
		s += "not archived: " + countsText(t.notKept)
	}
	if archived := t.New.Load() + t.Changed.Load() + t.Unchanged.Load() + t.Reread.Load(); t.requests > 0 && archived > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%d requests, %.2f per archived post", t.requests, float64(t.requests)/float64(archived))
		if len(t.requestsBy) > 0 {
			s += " (" + countsText(t.requestsBy) + ")"
		}
	}
	return s
}

// Skipped adds the pages the crawler did not hand over, by reason, to
// those not archived.
func (t *Report) Skipped(by map[string]int) {
	for k, n := range by {
		t.add(&t.notKept, k, n)
	}
}

// Requested records the run's requests, in all and by what they fetched.
func (t *Report) Requested(n int, by map[string]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requests, t.requestsBy = n, by
}

// countsText renders counts by reason, the largest first: "listing 40,
// other 3, not HTML 1".
func countsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
