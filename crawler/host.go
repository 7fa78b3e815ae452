package crawler

import (
	"bufio"
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// host is the per-host state of a run: its robots.txt and its request gate.
// Every request to the host, robots.txt included, passes the gate.
type host struct {
	name string // host[:port], as in URL.Host

	mu     sync.Mutex // held while robots.txt is fetched
	loaded bool
	robots *robotstxt.RobotsData // nil: allow everything

	gateMu sync.Mutex
	delay  time.Duration // max(Options.Delay, Crawl-delay)
	next   time.Time     // earliest start of the next request
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

// wait blocks until a request to the host may start: at least delay after
// the previous request started and after it ended. It returns ctx's error if
// ctx ends first.
func (h *host) wait(ctx context.Context) error {
	for {
		h.gateMu.Lock()
		now := time.Now()
		if !now.Before(h.next) {
			h.next = now.Add(h.delay)
			h.gateMu.Unlock()
			return nil
		}
		d := h.next.Sub(now)
		h.gateMu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// done records that a request to the host ended, so the next one waits a
// full delay from now.
func (h *host) done() {
	h.gateMu.Lock()
	defer h.gateMu.Unlock()
	if t := time.Now().Add(h.delay); t.After(h.next) {
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
