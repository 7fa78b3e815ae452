package crawler

import (
	"bufio"
	"bytes"
	"context"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Host health: after failLimit failed requests in a row a host is paused;
// after maxPauses pauses with no success between them it is given up.
const (
	failLimit      = 5
	maxPauses      = 3
	pauseRetryWait = 30 // a pause lasts this many RetryWaits, doubling
)

// host is the per-host state of a run: its robots.txt, its request gate
// and its health. Every request to the host passes the gate: pages, feeds,
// sitemaps, APIs, comment pages, robots.txt, retries and redirect hops.
type host struct {
	name string // host[:port], as in URL.Host

	mu       sync.Mutex // held while robots.txt is fetched
	loaded   bool
	robots   *robotstxt.RobotsData // nil: allow everything
	sitemaps []string              // robots.txt Sitemap lines
	refused  error                 // ErrPrivateAddress: the host is not to be reached

	gateMu sync.Mutex
	delay  time.Duration // max(Options.Delay, Crawl-delay)
	next   time.Time     // earliest start of the next request

	// Scheduling, guarded by run.mu.
	buf     []item // popped from the Frontier, not yet started
	queued  int    // entries in the Frontier's queue, about
	popping bool   // a worker is popping a batch
	started bool   // workers running

	// Health, guarded by gateMu.
	fails  int // failed requests in a row
	pauses int // pauses since the last success
	down   bool
}

// allowed reports whether robots.txt lets agent fetch u.
func (h *host) allowed(u *url.URL, agent string) bool {
	if h.robots == nil {
		return true
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return h.robots.TestAgent(p, agent)
}

// wait blocks until a request to the host may start: at least delay (plus
// jitter) after the previous request started and after it ended, and not
// before a pause ends. It returns ctx's error if ctx ends first.
func (h *host) wait(ctx context.Context) error {
	for {
		h.gateMu.Lock()
		now := time.Now()
		if !now.Before(h.next) {
			h.next = now.Add(h.gap())
			h.gateMu.Unlock()
			return nil
		}
		d := h.next.Sub(now)
		h.gateMu.Unlock()
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// gap returns the delay plus up to a tenth of it at random. gateMu is held.
func (h *host) gap() time.Duration {
	if h.delay <= 0 {
		return 0
	}
	return h.delay + rand.N(h.delay/10+1)
}

// done records that a request to the host ended, so the next one waits a
// full delay from now.
func (h *host) done() {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	if t := time.Now().Add(h.gap()); t.After(h.next) {
		h.next = t
	}
}

// setDelay raises the gap between requests to d when d is larger.
func (h *host) setDelay(d time.Duration) {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	if d > h.delay {
		h.next = h.next.Add(d - h.delay)
		h.delay = d
	}
}

// pauseFor holds every request to the host for d from now.
func (h *host) pauseFor(d time.Duration) {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	if t := time.Now().Add(d); t.After(h.next) {
		h.next = t
	}
}

// succeeded records an answer that was not a failure.
func (h *host) succeeded() {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	h.fails, h.pauses = 0, 0
}

// failed records a failed request (network error, timeout, 5xx, 429). It
// pauses the host after failLimit failures in a row, and reports true when
// the host is now given up.
func (h *host) failed(retryWait time.Duration) (pause time.Duration, down bool) {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	h.fails++
	if h.fails < failLimit || h.down {
		return 0, h.down
	}
	h.fails = 0
	h.pauses++
	if h.pauses > maxPauses {
		h.down = true
		return 0, true
	}
	pause = pauseRetryWait * retryWait << (h.pauses - 1)
	if t := time.Now().Add(pause); t.After(h.next) {
		h.next = t
	}
	return pause, false
}

// isDown reports whether the host was given up.
func (h *host) isDown() bool {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	return h.down
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// parseRobots turns a robots.txt response into rules. Like Google, it treats
// 4xx as "allow all" and 5xx as "disallow all". robotstxt rejects a whole
// file for one bad line; then the lines it chokes on (rules before any
// User-agent, unparsable Crawl-delay) are dropped and the rest is parsed
// again.
func parseRobots(status int, body []byte) (*robotstxt.RobotsData, error) {
	if status < 200 || status >= 300 {
		return robotstxt.FromStatusAndBytes(status, body)
	}
	data, err := robotstxt.FromBytes(body)
	if err == nil {
		return data, nil
	}
	var clean bytes.Buffer
	seenAgent := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		field, value, _ := strings.Cut(line, ":")
		if i := strings.IndexByte(value, '#'); i >= 0 {
			value = value[:i]
		}
		switch strings.ToLower(strings.TrimSpace(field)) {
		case "user-agent", "useragent":
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
		case "crawl-delay", "crawldelay":
			if !seenAgent {
				continue
			}
			if f, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err != nil || f < 0 {
				continue
			}
		}
		clean.WriteString(line)
		clean.WriteByte('\n')
	}
	if data, err2 := robotstxt.FromBytes(clean.Bytes()); err2 == nil {
		return data, nil
	}
	return nil, err
}
