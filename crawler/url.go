package crawler

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// MaxURLLength is the longest URL the crawler follows; longer candidate URLs
// are almost always traps (session ids, endlessly nested query strings).
const MaxURLLength = 2048

// NormalizeURL returns the canonical form of an absolute http or https URL,
// the form the crawler deduplicates on and cmd/annals keys the archive by:
// scheme and host lower-cased, default port and fragment dropped, tracking
// parameters removed (utm_*, fbclid, gclid, mc_cid, mc_eid, ref, _ga and a
// few more), session ids removed (PHPSESSID, jsessionid, sid=<hex> and the
// like, ";jsessionid=" path parameters too), Blogger's m=0/m=1 mobile switch
// and showComment permalink removed, ?replytocom= removed, the remaining
// query parameters sorted by name, and an empty path written as "/". The
// path is otherwise kept as is.
//
// It returns an error for a URL that does not parse, is relative, has no host
// or uses a scheme other than http or https.
func NormalizeURL(raw string) (string, error) {
	u, err := normalize(raw)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// normalize parses raw and normalizes it in place; see NormalizeURL.
func normalize(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("normalize url: %w", err)
	}
	if err := normalizeURL(u); err != nil {
		return nil, fmt.Errorf("normalize url %q: %w", raw, err)
	}
	return u, nil
}

// normalizeURL normalizes an already parsed URL in place.
func normalizeURL(u *url.URL) error {
	u.Scheme = strings.ToLower(u.Scheme)
	switch u.Scheme {
	case "http", "https":
	case "":
		return fmt.Errorf("not an absolute URL")
	default:
		return fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("no host")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return fmt.Errorf("no host")
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" || strings.Contains(host, ":") {
		if port == "" {
			u.Host = "[" + host + "]"
		} else {
			u.Host = net.JoinHostPort(host, port)
		}
	} else {
		u.Host = host
	}
	u.Fragment, u.RawFragment = "", ""
	if strings.Contains(strings.ToLower(u.Path), ";jsessionid=") {
		p := u.EscapedPath()
		if i := strings.Index(strings.ToLower(p), ";jsessionid="); i >= 0 {
			rest := p[i+1:]
			end := strings.IndexByte(rest, '/')
			if end < 0 {
				p = p[:i]
			} else {
				p = p[:i] + rest[end:]
			}
			if np, err := url.PathUnescape(p); err == nil {
				u.Path, u.RawPath = np, p
				if u.EscapedPath() == np {
					u.RawPath = ""
				}
			}
		}
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	return nil
}

// trackingParams are query parameters that identify a visitor or a campaign,
// not content. Keys are compared lower-cased.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "ref": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
	// WordPress "reply to this comment" links: the same post.
	"replytocom": true,
	// Blogger comment permalinks: the same post.
	"showcomment": true,
	// Session ids.
	"phpsessid": true, "jsessionid": true, "aspsessionid": true, "sessionid": true,
	"session_id": true, "sessid": true, "oscsid": true, "zenid": true, "cfid": true,
	"cftoken": true,
}

// sessionValue matches the long hexadecimal (or base-36) values of a "sid"
// or "s" session parameter; short values are kept (they may be content).
var sessionValue = regexp.MustCompile(`^[0-9A-Za-z]{24,}$`)

// cleanQuery drops tracking parameters from a raw query and sorts the rest by
// name, keeping each pair's original encoding.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ key, raw string }
	var pairs []pair
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		// Blogger's mobile switch; WordPress's ?m=YYYYMM archives are kept
		// here and rejected as calendar traps when found as links.
		if lk == "m" && (v == "0" || v == "1") {
			continue
		}
		if (lk == "sid" || lk == "s") && sessionValue.MatchString(v) && strings.ContainsAny(v, "0123456789") {
			continue
		}
		pairs = append(pairs, pair{k, p})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].key < pairs[j].key })
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p.raw
	}
	return strings.Join(out, "&")
}

// siteKey is the scope key of a host: lower-cased, without a leading "www.".
// The port is kept, so two servers on one machine are two sites.
func siteKey(host string) string {
	return strings.TrimPrefix(strings.ToLower(host), "www.")
}

// skipExt lists extensions of files that are not pages.
var skipExt = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true,
	".ico": true, ".bmp": true, ".tif": true, ".tiff": true, ".avif": true, ".heic": true,
	".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true,
	".rar": true, ".7z": true, ".tar": true, ".css": true, ".js": true, ".mjs": true,
	".json": true, ".xml": true, ".rss": true, ".atom": true, ".txt": true,
	".mp3": true, ".m4a": true, ".wav": true, ".ogg": true, ".flac": true,
	".mp4": true, ".m4v": true, ".webm": true, ".mov": true, ".avi": true, ".mkv": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".epub": true, ".exe": true, ".dmg": true, ".apk": true,
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true,
}

// calendarValue matches WordPress ?m=YYYYMM[DD] archive values.
var calendarValue = regexp.MustCompile(`^\d{6,8}$`)

// calendarKeys are query parameters of calendar widgets, whose "next
// month" links never end.
var calendarKeys = map[string]bool{
	"month": true, "year": true, "day": true, "date": true, "week": true, "cal": true,
	"calendar": true, "ical": true, "ics": true, "eventdate": true, "tribe-bar-date": true,
	"tribe_eventcategory": true, "outlook-ical": true, "yr": true, "mo": true,
}

// maxQueryParams is the most query parameters a followed link may have.
const maxQueryParams = 8

// skipReason says why a normalized candidate link is not a page worth
// fetching, or "" when it is: a file by its extension, a feed (feeds are
// found through <link rel=alternate>), an admin or comment-action URL, a
// comment page (fetched with its post's comments, not as a page), or a
// crawler trap (calendars, share and action links, endless query strings,
// paths that repeat themselves).
func skipReason(u *url.URL) string {
	p := strings.ToLower(u.Path)
	if skipExt[path.Ext(p)] {
		return "not a page"
	}
	last := path.Base(strings.TrimSuffix(p, "/"))
	if strings.Contains(p, "/feeds/") || last == "feed" || last == "rss" || last == "atom" {
		return "feed"
	}
	if strings.Contains(p, "/wp-admin/") || strings.Contains(p, "/wp-json/") ||
		last == "wp-login.php" || last == "xmlrpc.php" || last == "trackback" {
		return "not a page"
	}
	if actionEndpoint(p, last) {
		return "action endpoint"
	}
	if strings.Contains(p, "/calendar/") || strings.HasSuffix(p, "/calendar") {
		return "calendar"
	}
	if strings.Contains(p, "/comment-page-") && commentPageRE.MatchString(p) {
		return "comment page"
	}
	if repeatsSegments(p) {
		return "repeating path"
	}
	if u.RawQuery == "" {
		return ""
	}
	kvs := strings.Split(u.RawQuery, "&")
	if len(kvs) > maxQueryParams {
		return "too many query parameters"
	}
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		switch k = strings.ToLower(k); {
		case k == "share" || k == "action" || k == "replytocom" || k == "like_comment" || k == "print" ||
			k == "add-to-cart" || k == "add_to_cart" || k == "redirect_to" || k == "unapproved" || k == "moderation-hash":
			return "share or action link"
		case k == "cpage":
			return "comment page"
		case k == "m" && calendarValue.MatchString(v):
			return "calendar"
		case calendarKeys[k]:
			return "calendar"
		}
	}
	return ""
}

// accountPages are the last path segments of sign-in, sign-up and shop
// pages, which are forms, never posts.
var accountPages = map[string]bool{
	"login": true, "logout": true, "signin": true, "sign-in": true, "signout": true, "sign-out": true,
	"register": true, "signup": true, "sign-up": true, "cart": true, "checkout": true, "basket": true,
	"wp-comments-post.php": true, "wp-signup.php": true, "wp-activate.php": true, "wp-trackback.php": true,
}

// actionEndpoint reports whether the lower-cased path p (last is its last
// segment) is an endpoint that acts rather than shows a page: Blogger's
// servlets (share-post.g, delete-comment.g, post-edit.g, email-post.g,
// navbar.g), its comment form frames and post previews, WordPress's comment
// and sign-up scripts, and sign-in, sign-up and cart pages anywhere. Blogs
// that serve Blogger's endpoints on their own host link to them from
// every post.
func actionEndpoint(p, last string) bool {
	return strings.HasSuffix(last, ".g") || accountPages[last] ||
		strings.Contains(p, "/comment/frame/") || strings.Contains(p, "/comment/fullpage/") ||
		strings.HasPrefix(p, "/b/post-preview") || strings.HasPrefix(p, "/comment-iframe")
}

// repeatsSegments reports whether a path holds one segment three times or
// more (/a/b/a/b/a/b/): relative links resolved against the wrong base.
func repeatsSegments(p string) bool {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if len(segs) < 3 {
		return false
	}
	count := map[string]int{}
	for _, s := range segs {
		if s == "" {
			continue
		}
		count[s]++
		if count[s] >= 3 {
			return true
		}
	}
	return false
}
