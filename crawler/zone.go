package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"time"
)

// onceValue is a value fetched at most once per crawl (a site's time
// zone, an author's name), kept in a sync.Map by key.
type onceValue[T any] struct {
	once sync.Once
	v    T
	err  error
}

// fetchOnce returns m's value for key, fetching it with fill the first
// time it is asked for; later and concurrent callers wait for that fetch.
func fetchOnce[T any](m *sync.Map, key string, fill func() (T, error)) (T, error) {
	v, _ := m.LoadOrStore(key, &onceValue[T]{})
	o := v.(*onceValue[T])
	o.once.Do(func() { o.v, o.err = fill() })
	return o.v, o.err
}

// SiteLocation returns the time zone of the page's site, for times its
// pages print without one: a WordPress site's timezone_string (or its
// gmt_offset) from the REST API's index, asked for once per site and
// crawl. It returns an error when the site offers no such answer.
func (p *Page) SiteLocation(ctx context.Context) (*time.Location, error) {
	if p.run == nil || p.hints == nil {
		return nil, ErrNotFromRun
	}
	p.hints.load()
	root := p.hints.apiRoot
	if p.hints.platform != platformWordPress || root == "" {
		return nil, fmt.Errorf("%s: no WordPress API to ask for the site's time zone", p.URL)
	}
	return fetchOnce(&p.run.zones, root, func() (*time.Location, error) { return p.run.wpZone(ctx, root) })
}

// wpZone reads the time zone from the index of the WordPress REST API at
// root.
func (r *run) wpZone(ctx context.Context, root string) (*time.Location, error) {
	u := wpIndexURL(root)
	if u == "" {
		return nil, fmt.Errorf("%s: not a URL", root)
	}
	resp, err := r.gatedGet(ctx, u, kindWPPosts)
	if err != nil {
		return nil, err
	}
	var idx struct {
		Zone   string  `json:"timezone_string"`
		Offset float64 `json:"gmt_offset"`
	}
	if err := json.Unmarshal(resp.body, &idx); err != nil {
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	if idx.Zone != "" {
		if loc, err := time.LoadLocation(idx.Zone); err == nil {
			return loc, nil
		}
	}
	secs := int(math.Round(idx.Offset * 3600))
	return time.FixedZone(fmt.Sprintf("UTC%+.4g", idx.Offset), secs), nil
}

// wpIndexURL returns the URL of the REST API's index under root, pretty
// ("/wp-json/") or plain ("?rest_route=/"), asking only for the site's
// time zone.
func wpIndexURL(root string) string {
	u, err := url.Parse(root)
	if err != nil {
		return ""
	}
	q := u.Query()
	if strings.Contains(u.RawQuery, "rest_route") {
		q.Set("rest_route", "/")
	}
	q.Set("_fields", "timezone_string,gmt_offset")
	u.RawQuery = q.Encode()
	return u.String()
}
