package extract

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Parts says where a post split over several pages (WordPress's
// <!--nextpage-->, a news site's article pages) has its other pages, as
// the page shows them: WordPress's wp_link_pages() (a.post-page-numbers in
// nav.page-links, div.page-link, p.post-nav-links), else <link rel=next>
// and rel=prev in the head when they name this post's part addresses.
type Parts struct {
	// Current is the number of the part this page is (1 for the first).
	Current int
	// First is the URL of part 1, set on the later parts.
	First string
	// Later are the URLs of parts 2 to n in order, set on part 1 when a
	// pager lists them all.
	Later []string
	// Next is the URL of the part after this one when only rel=next
	// names it; the parts are then followed one by one.
	Next string
}

// pagerClasses name the container wp_link_pages() prints, by the theme or
// by WordPress's default.
var pagerClasses = []string{"page-links", "page-link", "post-nav-links", "wp-link-pages", "pagelink"}

// readParts finds the post's pager, removes it from the tree (its "Pages:
// 1 2 3" is not the post's text) and returns the parts it links. A pager
// counts only when its links are the part addresses of one post, BASE/N/
// or BASE?page=N, and their numbers run from 1 with this page's missing.
func (e *extractor) readParts() Parts {
	// wp_link_pages() is WordPress's: other pages are not searched for it
	// (the search would cost every page a walk).
	if e.platform != "wordpress" || !bytes.Contains(e.page, []byte("post-page-numbers")) && !pagerMarkup(e.page) {
		return e.relParts()
	}
	pager := findFirst(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom == atom.A {
			return false
		}
		cls := attr(n, "class")
		for _, c := range pagerClasses {
			if classHas(cls, c) {
				return true
			}
		}
		return false
	})
	var links []*html.Node
	if pager != nil {
		links = findAll(pager, func(n *html.Node) bool { return n.DataAtom == atom.A })
	} else {
		links = findAll(e.doc, func(n *html.Node) bool { return n.DataAtom == atom.A && hasClass(n, "post-page-numbers") })
	}
	byNum := map[int]string{}
	base := ""
	for _, a := range links {
		n, ok := partNumber(innerText(a))
		if !ok {
			continue // "Next page", "Previous page"
		}
		u := e.resolveURL(attr(a, "href"))
		b, ok := partBase(u, n)
		if !ok || base != "" && b != base {
			return Parts{}
		}
		base = b
		byNum[n] = u
	}
	if len(byNum) == 0 {
		return e.relParts()
	}
	// This page is the one number the pager does not link.
	cur := 0
	for i := 1; i <= len(byNum)+1; i++ {
		if _, ok := byNum[i]; !ok {
			cur = i
			break
		}
	}
	if cur == 0 {
		return Parts{}
	}
	if e.pageURL != "" {
		// The pager must be this post's: this page is part cur of base.
		if b, ok := partBase(e.resolveURL(e.pageURL), cur); !ok || !sameAddress(b, base) {
			return Parts{}
		}
	}
	for i := range len(byNum) + 1 {
		if _, ok := byNum[i+1]; !ok && i+1 != cur {
			return Parts{} // a gap: not a run of parts
		}
	}
	if pager != nil {
		detach(pager)
	} else {
		for _, a := range links {
			if p := a.Parent; p != nil && p.DataAtom != atom.Body {
				detach(p)
				break
			}
		}
	}
	out := Parts{Current: cur}
	if cur > 1 {
		out.First = byNum[1]
		if out.First == "" {
			out.First = base
		}
		return out
	}
	for i := 2; i <= len(byNum)+1; i++ {
		out.Later = append(out.Later, byNum[i])
	}
	return out
}

// pagerMarkup reports, from the raw page, whether it may hold a pager of
// parts in one of pagerClasses.
func pagerMarkup(page []byte) bool {
	for _, c := range pagerClasses {
		if bytes.Contains(page, []byte(c)) {
			return true
		}
	}
	return false
}

// partNumber reads a pager link's number: "2", "Page 2", "Seite 2".
func partNumber(s string) (int, bool) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(f[len(f)-1])
	return n, err == nil && n > 0
}

// partBase returns the post's address that part n's URL u extends:
// BASE/n/ (pretty permalinks; part 1 is BASE/) or BASE?p=7&page=n.
func partBase(u string, n int) (string, bool) {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return "", false
	}
	pu.Fragment = ""
	q := pu.Query()
	if pg := q.Get("page"); pg != "" {
		if pg != strconv.Itoa(n) {
			return "", false
		}
		q.Del("page")
		pu.RawQuery = q.Encode()
		return pu.String(), true
	}
	if n == 1 {
		if pu.RawQuery != "" {
			return pu.String(), true
		}
		return strings.TrimSuffix(pu.String(), "/") + "/", true
	}
	path := strings.TrimSuffix(pu.Path, "/")
	suffix := "/" + strconv.Itoa(n)
	if !strings.HasSuffix(path, suffix) {
		return "", false
	}
	pu.Path = path[:len(path)-len(suffix)] + "/"
	pu.RawPath = ""
	return pu.String(), true
}

// sameAddress compares two URLs as addresses: scheme and host case, a
// trailing slash and the order of query parameters aside.
func sameAddress(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimSuffix(ua.Path, "/") == strings.TrimSuffix(ub.Path, "/") &&
		ua.Query().Encode() == ub.Query().Encode()
}

// relParts reads the parts from <link rel=next> and rel=prev in the head,
// when they are this post's part addresses (BASE/N/, BASE?page=N): a
// WordPress blog or theme that prints no pager, a news site's article
// pages. WordPress once named the adjacent posts rel=next and rel=prev;
// those are other posts' addresses and are not taken.
func (e *extractor) relParts() Parts {
	if e.pageURL == "" {
		return Parts{}
	}
	self := e.resolveURL(e.pageURL)
	if next := e.resolveURL(e.metaFirst("link:next")); next != "" {
		if n, base, ok := partOf(next); ok && n >= 2 {
			if b, ok := partBase(self, n-1); ok && sameAddress(b, base) {
				p := Parts{Current: n - 1, Next: next}
				if n > 2 {
					p.First = base
				}
				return p
			}
		}
	}
	if prev := e.resolveURL(e.metaFirst("link:prev")); prev != "" {
		n, base, ok := partOf(prev)
		if !ok {
			n, base = 1, prev // part 1 is the post's own address
		}
		if b, ok := partBase(self, n+1); ok && sameAddress(b, base) {
			return Parts{Current: n + 1, First: base}
		}
	}
	return Parts{}
}

// partOf reads the part number of a part address: BASE/N/ or BASE?page=N.
func partOf(u string) (n int, base string, ok bool) {
	pu, err := url.Parse(u)
	if err != nil {
		return 0, "", false
	}
	if pg := pu.Query().Get("page"); pg != "" {
		n, err = strconv.Atoi(pg)
	} else {
		seg := strings.TrimSuffix(pu.Path, "/")
		n, err = strconv.Atoi(seg[strings.LastIndex(seg, "/")+1:])
	}
	if err != nil || n < 1 {
		return 0, "", false
	}
	base, ok = partBase(u, n)
	return n, base, ok
}
