package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// maxParts bounds the parts of one multi-page post that are fetched.
const maxParts = 50

// ErrNotFromRun is returned by the Page methods that fetch more (comments,
// parts) for a Page that a crawl did not deliver.
var ErrNotFromRun = errors.New("crawler: page not delivered by a crawl")

// ListedParts returns the number of pages the route that found the page
// says its post is split into (WordPress's REST listing holds each post's
// content, in which <!--nextpage--> separates the parts), or 0 when the
// route does not say.
func (p *Page) ListedParts() int { return p.parts }

// FetchParts fetches the later parts of a multi-page post, in the order
// given, through the crawl's politeness rules (robots.txt, per-host delay,
// retries). They count in the Summary's requests as "part", and are marked
// seen so that a link to them is not fetched again as a page. It returns
// the parts read before the first one that failed, with that error.
func (p *Page) FetchParts(ctx context.Context, urls []string) ([]*Page, error) {
	if p.run == nil {
		return nil, ErrNotFromRun
	}
	r := p.run
	var out []*Page
	for i, raw := range urls {
		if i == maxParts {
			return out, fmt.Errorf("%s: more than %d parts", p.URL, maxParts)
		}
		u, err := normalize(raw)
		if err != nil {
			return out, err
		}
		resp, err := r.gatedGet(ctx, u.String(), kindPart)
		if err != nil {
			return out, err
		}
		if !isHTML(mediaType(resp)) {
			return out, fmt.Errorf("%s: %s, not an HTML page", u, mediaType(resp))
		}
		r.mu.Lock()
		r.remember(u.String())
		r.doneBuf = append(r.doneBuf, u.String())
		if final := resp.url.String(); final != u.String() {
			r.doneBuf = append(r.doneBuf, final)
		}
		r.mu.Unlock()
		out = append(out, &Page{
			URL: resp.url.String(), RequestURL: u.String(), Status: resp.status, Header: resp.header,
			Body: resp.body, FetchedAt: resp.at, Via: p.Via, ListedComments: -1,
		})
	}
	return out, nil
}

// WordPressPartURLs returns the addresses of parts 2 to n of the
// WordPress post at permalink: /slug/2/ for pretty permalinks, &page=2
// for plain ones (?p=7). WordPress serves them whether or not the theme
// links them (block themes do not).
func WordPressPartURLs(permalink string, n int) []string {
	u, err := url.Parse(permalink)
	if err != nil || n < 2 {
		return nil
	}
	out := make([]string, 0, n-1)
	for i := 2; i <= n; i++ {
		v := *u
		if u.RawQuery != "" {
			q := v.Query()
			q.Set("page", strconv.Itoa(i))
			v.RawQuery = q.Encode()
		} else {
			v.Path = strings.TrimSuffix(u.Path, "/") + "/" + strconv.Itoa(i) + "/"
			v.RawPath = ""
		}
		v.Fragment = ""
		out = append(out, v.String())
	}
	return out
}
