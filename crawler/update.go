package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// deliverGone hands a 404 or 410 answer to the Handler (Options.ReportGone).
// It returns false when the Handler gave up for the end of the run.
func (r *run) deliverGone(it item, resp *response) bool {
	p := &Page{
		URL:            resp.url.String(),
		RequestURL:     it.url,
		Status:         resp.status,
		Header:         resp.header,
		FetchedAt:      resp.at,
		Depth:          it.depth,
		Via:            it.via,
		Modified:       it.modified,
		ListedComments: it.comments,
		Gone:           true,
		run:            r,
	}
	r.log.Debug("gone", logURL, it.url, logStatus, resp.status)
	r.mu.Lock()
	r.sum.Fetched++
	r.mu.Unlock()
	if err := r.handler(r.ctx, p); err != nil {
		if r.ctx.Err() != nil {
			return false
		}
		r.fail(it.url, fmt.Errorf("handle: %w", err))
	}
	return true
}

// since returns when the site of host was last read in full, in an update.
func (r *run) since(host string) time.Time {
	if r.opts.Update == nil || r.opts.Update.Since == nil {
		return time.Time{}
	}
	// Not r.mu: route URLs are built with it held.
	if t, ok := r.sinces.Load(host); ok {
		return t.(time.Time)
	}
	t := r.opts.Update.Since(host)
	r.sinces.Store(host, t)
	return t
}

// unchanged reports whether, in an update, a page a change list gives
// needs no request: the caller has it and the list says it was not
// modified since the site was last read (the caller revalidates the pages
// it wants checked as seeds).
func (r *run) unchanged(host, u string, modified time.Time) bool {
	up := r.opts.Update
	if up == nil || up.Known == nil || !up.Known(u) {
		return false
	}
	return modified.IsZero() || !modified.After(r.since(host))
}

// anyWanted reports whether an update wants any of the pages a feed page
// lists: when none, the pages after it (older posts) are not read.
func (r *run) anyWanted(pages []xmlPage) bool {
	if r.opts.Update == nil {
		return true
	}
	for _, p := range pages {
		u, err := normalize(p.url)
		if err != nil || !r.inScope(u.Host) {
			continue
		}
		if !r.unchanged(u.Host, u.String(), p.modified) {
			return true
		}
	}
	return false
}

// noteModified records the newest modification time the routes of host's
// site gave.
func (r *run) noteModified(host string, t time.Time) {
	if t.IsZero() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.sites[siteKey(host)]; s != nil && t.After(s.newest) {
		s.newest = t
	}
}

// withSince adds an update's since parameters to a route URL.
func (r *run) withSince(raw, host string, params func(since string) map[string]string) string {
	since := r.since(host)
	if since.IsZero() || raw == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k, v := range params(since.UTC().Format(time.RFC3339)) {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	s, err := NormalizeURL(u.String())
	if err != nil {
		return raw
	}
	return s
}

// bloggerChanges lists the posts updated since, newest first (Blogger
// ignores updated-min without orderby=updated).
func bloggerChanges(since string) map[string]string {
	return map[string]string{"orderby": "updated", "updated-min": since}
}

// wpChanges lists the posts modified since (WordPress 5.7 and later).
func wpChanges(since string) map[string]string {
	return map[string]string{"modified_after": since, "orderby": "modified"}
}

// synced returns Summary.Synced. r.mu is held.
func (r *run) syncedLocked() map[string]time.Time {
	out := map[string]time.Time{}
	for _, s := range r.sites {
		if s.synced && s.host != "" {
			out[strings.ToLower(s.host)] = s.newest
		}
	}
	return out
}
