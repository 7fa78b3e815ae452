package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// authorSource is one source's list of author names.
type authorSource struct {
	names []string
	src   string
}

// authorSources collects author candidates from structured data and markup.
func (e *extractor) authorSources() (sources []authorSource) {
	type source = authorSource
	if e.article != nil {
		people, orgs := e.ld.authorNames(e.article["author"])
		sources = append(sources, source{people, "json-ld"})
		sources = append(sources, source{e.ld.names(e.article["creator"]), "json-ld"})
		defer func() {
			// An organisation as author is a last resort: it is usually
			// the publisher.
			sources = append(sources, source{orgs, "json-ld-organization"})
		}()
	} else if wp := e.ld.webPage(); wp != nil {
		// Without an article node, the page's WebPage node names the
		// people who wrote it (newsletter platforms mark posts so).
		people, _ := e.ld.authorNames(wp["author"])
		sources = append(sources, source{people, "json-ld-webpage"})
	}
	sources = append(sources, source{e.platformAuthors(), e.platformOr("markup")})
	sources = append(sources, source{e.personMicrodata(), "microdata"})
	sources = append(sources, source{e.metaAuthors(), "meta"})
	rel, archive := e.relAuthors()
	sources = append(sources, source{rel, "rel-author"})
	sources = append(sources, source{e.textByline(), "heuristic"})
	labeled, iconed := e.labeledAuthor()
	sources = append(sources, source{labeled, "label"})
	sources = append(sources, source{iconed, "person-icon"})
	sources = append(sources, source{e.authorImage(), "author-image"})
	sources = append(sources, source{archive, "author-archive"})
	sources = append(sources, source{e.copyrightHolder(), "copyright"})
	return
}

// authors chooses the authors: a byline at the top of the body first (on
// reposts it names the real author, where platform markup names the
// account), then the sources in order, then an agency sign-off closing
// the body's text, then, on a post, the site's name.
func (e *extractor) authors(sources []authorSource, text string, post bool) []string {
	if len(e.byline) > 0 && !outvoted(e.byline, sources) {
		sources = append([]authorSource{{e.byline, "byline"}}, sources...)
	}
	var cands []Candidate
	var chosen, publisher []string
	hints := e.siteHints()
	for _, s := range sources {
		if s.src == "copyright" && publisher != nil {
			continue // a byline names the site: a footer's holder is its owner's company
		}
		all := cleanNames(s.names)
		names := e.notSiteNames(all, hints)
		if len(names) == 0 {
			if publisher == nil && len(all) > 0 {
				publisher = all
				cands = append(cands, Candidate{strings.Join(all, "; "), s.src + " (site name)"})
			}
			continue
		}
		cands = append(cands, Candidate{strings.Join(names, "; "), s.src})
		if chosen == nil {
			chosen = names
		}
	}
	if chosen == nil || len(chosen) == 1 && len(strings.Fields(chosen[0])) == 1 {
		// The name a licence credits: the last resort, or the written-out
		// form of a user name or initials (below).
		if names := cleanNames(e.licenseAttribution()); len(names) > 0 {
			src := authorSource{names, "cc-attribution"}
			sources = append(sources, src)
			if chosen == nil {
				chosen = names
			}
			cands = append(cands, Candidate{strings.Join(names, "; "), src.src})
		}
	}
	if chosen == nil {
		if so := signOff(text); so != "" {
			chosen = []string{so}
			cands = append(cands, Candidate{so, "sign-off"})
		}
	}
	if chosen == nil {
		// Only the site or publisher signs the post ("Redaktion",
		// "Greenpeace"): that is its author.
		chosen = publisher
	}
	if chosen == nil && post {
		// No source names anyone: the site itself is the author of a
		// post, as its Open Graph name gives it ("We The Wild", or a
		// personal blog's "Jane Doe"); a forum's name is not the author
		// of its threads, nor a shop's of its products.
		if site := cleanNames([]string{clean(e.metaFirst("og:site_name"))}); len(site) == 1 && siteAuthorName(site[0]) {
			chosen = site
			cands = append(cands, Candidate{site[0], "site-name"})
		}
	}
	// A user name ("arianschlichenmayer") or initials ("DT") give way to
	// the same name written out by another source ("Arian
	// Schlichenmayer", "Donald Townsend").
	if len(chosen) == 1 && len(strings.Fields(chosen[0])) == 1 {
		for _, src := range sources {
			for _, n := range src.names {
				if n = clean(n); len(strings.Fields(n)) > 1 && (titleKey(n) == titleKey(chosen[0]) || initials(n) == chosen[0]) {
					chosen = []string{n}
				}
			}
		}
	}
	// A login name ("andrew.keaveney", "KatieS") that structured data
	// took from the CMS account gives way to a person's name a visible
	// byline prints.
	if len(chosen) == 1 && loginName(chosen[0]) {
		for _, src := range sources {
			if !visibleSource(src.src) {
				continue
			}
			if names := e.notSiteNames(cleanNames(src.names), hints); len(names) > 0 && all(names, nameLike) {
				chosen = names
				break
			}
		}
	}
	// Structured data often names only the first of a post's authors: a
	// byline that names that author first and others after names them
	// all ("Dr Jane Doe, John Roe" over "Jane Doe").
	if len(chosen) == 1 {
		for _, src := range sources {
			if !visibleSource(src.src) {
				continue
			}
			if names := cleanNames(src.names); len(names) > 1 && all(names, nameLike) && plainName(names[0]) == plainName(chosen[0]) {
				chosen = names
				break
			}
		}
	}
	// The winner goes first in the explanation.
	for i, c := range cands {
		if c.Value == strings.Join(chosen, "; ") {
			cands = append([]Candidate{c}, append(cands[:i:i], cands[i+1:]...)...)
			break
		}
	}
	if len(cands) > 0 {
		e.explain["authors"] = cands
	}
	return chosen
}

// outvoted reports whether two or more sources agree on a first author
// that the byline at the top of the body does not name, and none names
// the byline's: then the byline is a film's or a guest's name set apart
// at the top, not the post's author.
func outvoted(byline []string, sources []authorSource) bool {
	votes := map[string]int{}
	for _, s := range sources {
		names := cleanNames(s.names)
		if len(names) == 0 {
			continue
		}
		for _, n := range names {
			for _, b := range byline {
				if strings.EqualFold(n, b) {
					return false
				}
			}
		}
		if votes[strings.ToLower(names[0])]++; votes[strings.ToLower(names[0])] >= 2 && nameLike(names[0]) {
			return true
		}
	}
	return false
}

func (e *extractor) metaAuthors() []string {
	var out []string
	// Twitter cards: twitter:label1 "Written by", twitter:data1 the name.
	for i := 1; i <= 4; i++ {
		label := strings.ToLower(e.metaFirst(fmt.Sprintf("twitter:label%d", i)))
		if strings.Contains(label, "written by") || strings.Contains(label, "verfasst") || strings.Contains(label, "autor") || strings.Contains(label, "author") || strings.Contains(label, "geschrieben") || strings.Contains(label, "écrit par") || strings.Contains(label, "escrito por") {
			if v := e.metaFirst(fmt.Sprintf("twitter:data%d", i)); v != "" {
				return splitNames(v)
			}
		}
	}
	for _, k := range []string{"author", "article:author", "dc.creator", "citation_author", "parsely-author", "sailthru.author", "byl"} {
		for _, v := range e.meta[k] {
			if strings.HasPrefix(v, "http") {
				continue
			}
			out = append(out, splitNames(v)...)
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

// relAuthors returns the names of rel=author links in the post. It also
// returns the name an author's archive link or button gives ("All
// articles by Jane Doe", "View all posts by Jane Doe"), when the post's
// links name one author only.
func (e *extractor) relAuthors() (rel, archive []string) {
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom == atom.A || n.DataAtom == atom.Button {
			// Read before offPost, which skips buttons (they hold no text
			// of the post).
			t := attr(n, "aria-label")
			if t == "" {
				t = innerText(n)
			}
			if m := archiveLinkRE().FindStringSubmatch(clean(t)); m != nil {
				archive = append(archive, m[1])
			}
		}
		if offPost(n) {
			return false
		}
		if n.DataAtom == atom.A && strings.Contains(" "+attr(n, "rel")+" ", " author ") {
			rel = append(rel, innerText(n))
		}
		return true
	})
	if archive = dedupe(archive); len(archive) != 1 {
		archive = nil
	}
	return rel, archive
}

// archiveLinkRE matches the text of a link to an author's archive: "All
// articles by Jane Doe", "View all posts by Jane Doe", "More stories from
// Jane Doe".
var archiveLinkRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:(?:view|see|read|show|browse) )?(?:all |more )(?:posts|articles|stories|entries|blogs) (?:by|from) (.{3,60})$`)
})

// authorGroupSpan is how many characters of text may stand between two
// pieces of author markup that still name the authors of the same post. A
// byline lists its authors together; a thread repeats the markup once per
// reply, after each reply's text, and only the first post's counts.
var authorGroupSpan = 150

// authorGroupSentence is the length of a text that, standing alone between
// two pieces of author markup, is a post's prose: it ends the group too.
var authorGroupSentence = 80

// platformAuthors reads author markup: hCard / itemprop inside the post,
// Blogger's post-author and WordPress's byline. A <noscript> copy of the
// post (forums render one for crawlers) counts as the post. Only the first
// group of author markup is read (see authorGroupSpan).
func (e *extractor) platformAuthors() []string {
	var out []string
	pos, first := 0, -1
	walk(e.doc, func(n *html.Node) bool {
		if n.Type == html.TextNode {
			l := len(strings.TrimSpace(n.Data))
			if first >= 0 && l >= authorGroupSentence {
				l = authorGroupSpan + 1
			}
			pos += l
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom == atom.Noscript {
			return true
		}
		if offPost(n) || first >= 0 && pos-first > authorGroupSpan {
			return false
		}
		if n.DataAtom == atom.Article && e.teaserArticle(n) {
			return false // another post's teaser: a related story
		}
		switch {
		case isElem(n, atom.Figure, atom.Figcaption, atom.Picture):
			return false // photo credits
		case authorClass(n) && !isElem(n, atom.Body, atom.Article, atom.Main) && textLen(n) < 160 ||
			attr(n, "itemprop") == "author" || strings.Contains(attr(n, "rel"), "author") && n.DataAtom == atom.A ||
			bylineInAuthorBox(n):
			if name := markupName(n); name != "" {
				out = append(out, splitNames(name)...)
				if first < 0 {
					first = pos
				}
			}
			return false
		case posterClass(n):
			if name := posterName(n); name != "" {
				out = append(out, splitNames(name)...)
				if first < 0 {
					first = pos
				}
			}
			return false
		}
		return true
	})
	return dedupe(out)
}

// teaserArticle reports whether the <article> n is another post's: it
// holds neither the headline nor the body, and the body does not hold it.
func (e *extractor) teaserArticle(n *html.Node) bool {
	if e.titleNode == nil && len(e.body) == 0 {
		return false
	}
	for _, x := range append([]*html.Node{e.titleNode}, e.body...) {
		if x != nil && (isAncestor(n, x) || isAncestor(x, n)) {
			return false
		}
	}
	return true
}

// posterClasses are the classes forum software gives the box or link that
// names a post's poster: phpBB's postprofile and username, vBulletin's
// bigusername, FluxBB's postleft, Lemmy's person-listing.
var posterClasses = []string{"postprofile", "username", "bigusername", "postleft", "postauthor", "person-listing"}

// posterClass reports whether n names a forum post's poster.
func posterClass(n *html.Node) bool {
	cls := attr(n, "class")
	for _, c := range posterClasses {
		if classHas(cls, c) {
			return true
		}
	}
	return false
}

// posterName returns the poster a forum's profile box names: its first
// line ("b.scherer" before "Posts: 2", "Joined: …"), or the title of a
// link without text.
func posterName(n *html.Node) string {
	for _, line := range strings.Split(renderText(n, nil), "\n") {
		if line = clean(line); line != "" {
			if utf8.RuneCountInString(line) > 40 || strings.Contains(line, ":") {
				return ""
			}
			return line
		}
	}
	if n.DataAtom == atom.A {
		return clean(attr(n, "title")) // an avatar link
	}
	return ""
}

// bylineInAuthorBox reports whether n is a "By Jane Doe" heading or line
// in a box about the author, whose class authorClass leaves out
// (WordPress's <h2 class="author-title">By Jane Doe</h2>).
func bylineInAuthorBox(n *html.Node) bool {
	cid := classID(n)
	return strings.Contains(cid, "author") && !strings.Contains(cid, "comment") && textLen(n) < 80 && hasByPrefix(innerText(n))
}

// markupName returns the name in one piece of author markup: its hCard or
// microdata name (also from a <meta content>) or else its text, without a
// "By" label and without what follows the name.
func markupName(n *html.Node) string {
	name := ""
	if fn := findFirst(n, func(x *html.Node) bool {
		return hasClass(x, "fn") || hasClass(x, "p-name") || attr(x, "itemprop") == "name" || hasClass(x, "author-name") ||
			hasClass(x, "url") || hasClass(x, "u-author") || hasClass(x, "username")
	}); fn != nil && fn != n {
		if name = innerText(fn); name == "" && fn.DataAtom == atom.Meta {
			name = attr(fn, "content")
		}
	} else {
		// Author markup around several blocks (a name, then "Last updated
		// on …") names the author in its first line.
		text := renderText(n, nil)
		if first, _, more := strings.Cut(strings.TrimSpace(text), "\n"); more {
			if name := cutByline(stripByPrefix(first)); name != "" {
				return name
			}
		}
		name = innerText(n)
	}
	return cutByline(stripByPrefix(name))
}

// notSiteNames drops names that are the site's or publisher's own: the
// site name, a domain, "No Author".
func (e *extractor) notSiteNames(names []string, hints string) []string {
	out := names[:0:0]
	for _, n := range names {
		l := strings.ToLower(n)
		if strings.Contains(n, "www.") {
			continue
		}
		switch l {
		case "redaktion", "redacción", "rédaction", "redazione", "redactie", "staff", "editor", "editors", "team", "editorial team", "newsroom":
			continue // a desk, not a person: kept only as a last resort
		}
		if i := strings.LastIndex(n, "."); i > 0 && i >= len(n)-4 && !strings.Contains(n, " ") {
			continue // a domain: "jungefreiheit.de"
		}
		if strings.HasSuffix(l, ".de") || strings.HasSuffix(l, ".com") || strings.HasSuffix(l, ".at") || strings.HasSuffix(l, ".fr") {
			continue
		}
		site := orgName(n)
		for _, h := range strings.Split(hints, "\x00") {
			if h == "" {
				continue
			}
			nk, hk := titleKey(n), titleKey(h)
			if nk == hk || len(hk) >= 4 && strings.HasPrefix(nk, hk) || len(nk) >= 4 && strings.HasPrefix(hk, nk) {
				site = true
			}
			// "Deutsche Welle" on dw.com.
			if a := acronym(n); len(a) >= 2 && a == hk {
				site = true
			}
		}
		if !site {
			out = append(out, n)
		}
	}
	return out
}

// siteAuthorName reports whether a site name can stand as an author: a
// name of a few words, not a slogan or a title with a separator ("Jane
// Doe – Notes on Gardening").
func siteAuthorName(n string) bool {
	return len(strings.Fields(n)) <= 4 && !strings.ContainsAny(n, "|–—:·•!?") && !strings.Contains(n, " - ")
}

// orgName reports whether a name is an organisation's: it ends in a legal
// form or names an association, foundation or newsroom.
func orgName(n string) bool {
	l := strings.ToLower(n)
	for _, suf := range []string{" e.v", " e.v.", " gmbh", " ag", " inc", " inc.", " ltd", " llc", " s.a.", " sa", " srl", " bv", " plc"} {
		if strings.HasSuffix(l, suf) {
			return true
		}
	}
	for _, w := range []string{"stiftung", "verband", "verein", "foundation", "association", "newsroom", "redaktion", "productions"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// acronym returns the lower-case initials of a name of two or more words.
func acronym(n string) string {
	words := strings.Fields(n)
	if len(words) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// notAuthorClassWords in a class that names an author or byline make it
// something else: a bio, an avatar, a box about the author, a "More by"
// list, a sign-in link ("authorize"), a forum member's rank, role,
// post count or join date beside the name.
var notAuthorClassWords = []string{"bio", "avatar", "image", "img", "pic", "photo", "desc", "about", "box", "comment", "info__",
	"scroll", "social", "follow", "more", "title", "prep", "label", "authoriz",
	"rank", "role", "stat", "count", "badge", "kudos", "joined", "location"}

// authorClass reports whether n's class names an author or byline
// ("post-author", "article-author-name", "content__author", "byline"),
// leaving out author bios, avatars and boxes about the author.
func authorClass(n *html.Node) bool {
	for c := range strings.FieldsSeq(strings.ToLower(attr(n, "class"))) {
		if c == "credit" && n.DataAtom == atom.P {
			return true // a wire service's credit line: <p class="credit">AP</p>
		}
		if !strings.Contains(c, "author") && !strings.Contains(c, "byline") && !strings.Contains(c, "autor") && !strings.Contains(c, "writer") {
			continue
		}
		if authorNameClass(c) {
			return true // the name in an author box: "author-box__name"
		}
		bad := false
		for _, w := range notAuthorClassWords {
			if strings.Contains(c, w) {
				bad = true
			}
		}
		if !bad {
			return true
		}
	}
	return false
}

// authorNameClass reports whether class c names the element that holds an
// author's name ("author-name", "elementor-author-box__name",
// "about-author__name"), also inside a box about the author.
func authorNameClass(c string) bool {
	if !strings.Contains(c, "author") || strings.Contains(c, "comment") {
		return false
	}
	c = strings.TrimRight(c, "-_")
	return strings.HasSuffix(c, "author-name") || strings.HasSuffix(c, "authorname") || strings.HasSuffix(c, "__name") || strings.HasSuffix(c, "_name") && !strings.HasSuffix(c, "user_name")
}

// bylineSeps part the names of a byline from what follows them.
var bylineSeps = []string{" | ", " • ", " · ", " – ", " — ", " - ", " / ", "\n"}

// bylineAlways are words after which a byline names no more authors:
// "Jane Doe on behalf of the Vision group".
var bylineAlways = []string{" on behalf of ", " im auftrag ", " au nom de "}

// bylineCuts are words after which a byline names no more authors when a
// date, a category or a place follows: "Jane Doe in Valve on 1 June 2019",
// "Jane Doe for Reuters"; not "Maria in der Beek".
var bylineCuts = []string{" in ", " on ", " am ", " le ", " el ", " il ", " op ", " at ", " for ", " published", " updated",
	" veröffentlicht", " aktualisiert"}

// cutByline cuts what follows the names in a byline: "Jane Doe | 27.01.2022",
// "Jane Doe in Valve on 1 June 2019", "Jane Doe, 3 min read".
func cutByline(s string) string {
	s = cutDate(s)
	for _, sep := range bylineSeps {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	for _, w := range bylineAlways {
		if i := strings.Index(strings.ToLower(s), w); i > 0 {
			s = s[:i]
		}
	}
	for _, w := range bylineCuts {
		if i := strings.Index(strings.ToLower(s), w); i > 0 {
			rest := s[i+len(w):]
			// Only where a date, category or time follows, not "Maria in
			// der Beek": cut when the rest holds a digit or is short.
			if hasDigit(rest) || len(strings.Fields(rest)) <= 2 {
				s = s[:i]
			}
		}
	}
	return strings.TrimSpace(s)
}

// dateFiller are the short words a printed date may hold besides its
// numbers and month names: "Dec 17, 2025 at 8:14 am", "17. Dezember 2025
// um 8 Uhr", "le 17 décembre".
var dateFiller = map[string]bool{"at": true, "on": true, "am": true, "pm": true, "um": true, "uhr": true, "of": true,
	"the": true, "de": true, "del": true, "el": true, "le": true, "il": true, "h": true, "mon": true, "tue": true, "wed": true,
	"thu": true, "fri": true, "sat": true, "sun": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true}

// onlyDate reports whether s is a date and nothing else: numbers, month
// names and dateFiller words that parse as a day.
func onlyDate(s string) bool {
	if !hasDigit(s) || !dateWords(s) {
		return false
	}
	_, ok := dateParser{}.parseHuman(s)
	return ok
}

// dateWords reports whether s holds only words a date may hold: "Sun",
// "Posted on Mon" does not.
func dateWords(s string) bool {
	for _, t := range tokenize(s) {
		if _, ok := months[strings.TrimSuffix(t.s, ".")]; !t.isNum && !ok && !dateFiller[t.s] {
			return false
		}
	}
	return true
}

// isoStamp matches an ISO 8601 date or time stamp that markup prints
// beside a name: "2022-11-23T08:10+02:00".
var isoStamp = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s*\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*`)
})

// cutDate removes a date glued to a name, before or after it: "Dec 17,
// 2025Julian K. Arni" and "Jane Doe 17 March 2024" give the name.
func cutDate(s string) string {
	if !hasDigit(s) {
		return s
	}
	if m := isoStamp().FindStringIndex(s); m != nil && (m[0] == 0 || m[1] == len(s)) {
		s = strings.TrimSpace(s[:m[0]] + s[m[1]:]) // "Jane Doe 2022-11-23T08:10+02:00"
	}
	if onlyDate(s) {
		return ""
	}
	const seps = " ,|·•-–—/"
	var prev rune
	for i, r := range s {
		// A date may start where a word or number starts, also when glued
		// to the name ("ArniDec 17").
		start := i > 0 && (!unicode.IsLetter(prev) && !unicode.IsDigit(prev) && (unicode.IsLetter(r) || unicode.IsDigit(r)) ||
			unicode.IsLower(prev) && unicode.IsUpper(r) || unicode.IsLetter(prev) && unicode.IsDigit(r))
		prev = r
		if start && onlyDate(s[i:]) {
			if name := strings.TrimRight(s[:i], seps); strings.IndexFunc(name, unicode.IsLetter) >= 0 && !dateWords(name) {
				return name
			}
		}
	}
	// A date before the name ends with its last number.
	for i := len(s) - 1; i > 0; i-- {
		if s[i-1] >= '0' && s[i-1] <= '9' && (s[i] < '0' || s[i] > '9') && onlyDate(s[:i]) {
			name := strings.TrimLeft(s[i:], seps)
			for f := strings.Fields(name); len(f) > 1 && dateFiller[strings.ToLower(f[0])]; f = f[1:] {
				name = strings.TrimSpace(name[len(f[0]):]) // "… 8:14 Uhr Maria Berg"
			}
			if name != "" && unicode.IsUpper([]rune(name)[0]) {
				return name
			}
		}
	}
	return s
}

// authorLabels open a line that names the author anywhere in a page.
var authorLabels = []string{"autor:", "autorin:", "autoren:", "auteur :", "auteur:", "author:", "authors:", "text:", "texte :",
	"texte:", "texto:", "testo:", "redaktion:", "written by:", "verfasst von:", "geschrieben von:", "escrito por:", "автор:",
	"written by ", "article by ", "posted by ", "words by ", "story by ", "geschrieben von ", "verfasst von ", "escrito por ",
	"écrit par ", "scritto da ", "napisane przez ", "contributor:", "contributors:", "contributed by ", "authored by "}

// ownAuthorLabels are labels that stand alone in an element of their own,
// the name following in the next one: <h4>Autor</h4><p>Jane Doe</p>,
// <span>by </span><a>Jane Doe</a>, <h6>Author(s)</h6><ul>….
var ownAuthorLabels = []string{"author", "authors", "author(s)", "autor", "autorin", "autoren", "auteur", "auteurs", "autore",
	"autori", "auteur(s)", "written by", "article by", "words by", "story by", "posted by", "by", "von", "par", "por", "door",
	"av", "af", "di", "verfasst von", "geschrieben von", "escrito por", "écrit par", "publié par", "scritto da", "автор",
	"contributor", "contributors", "contributed by", "authored by"}

// labelNameMax is the most runes a line that names the author after a
// label may hold.
var labelNameMax = 140

// labelHead is how many bytes of a text node labeledAuthor looks at for
// a label, which must start within its first 25 characters.
const labelHead = 160

// labeledAuthor finds a short line such as "Autor: Jane Doe" or "Written
// by Jane Doe", or a label in an element of its own followed by the name,
// anywhere outside comments, navigation and sidebars.
//
// It also returns the name that follows a person icon, which meta lines
// put before the author's name: <i class="fa fa-user"></i> Jane Doe.
func (e *extractor) labeledAuthor() (out, iconed []string) {
	walk(e.doc, func(n *html.Node) bool {
		if out != nil {
			return false
		}
		if n.Type == html.ElementNode && iconed == nil && personIcon(n) {
			iconed = iconName(n) // before offPost, which skips an <svg>
			return false
		}
		if n.Type == html.ElementNode && offPost(n) {
			return false
		}
		if n.Type != html.TextNode || strings.TrimSpace(n.Data) == "" {
			return true
		}
		if names := ownLabelNames(n); names != nil {
			out = names
			return false
		}
		head := n.Data
		if len(head) > labelHead {
			head = head[:labelHead] // a label starts the text: its head is enough to find one
		}
		t := strings.ToLower(clean(head)) + " " // "Written by" <a>…
		for _, l := range authorLabels {
			// The label must start within 25 bytes: its first occurrence
			// is looked for there only.
			if i := strings.Index(t[:min(len(t), 25+len(l))], l); i < 0 || i > 0 && t[i-1] != ' ' {
				continue
			}
			// The line of the block (lines end at <br> and blocks) that
			// holds the label.
			for _, line := range strings.FieldsFunc(renderText(blockAncestor(n.Parent), nil), func(r rune) bool { return r == '\n' }) {
				line = clean(line)
				i := strings.Index(strings.ToLower(line), l)
				if i < 0 || i > 25 || utf8.RuneCountInString(line) > labelNameMax {
					continue
				}
				if name := cutByline(strings.TrimSpace(line[i+len(l):])); name != "" {
					out = leadingNames(splitNames(name))
				}
				break
			}
			break
		}
		return true
	})
	return out, iconed
}

// personIconClasses are the class names icon fonts give a person's
// silhouette (Font Awesome, Bootstrap Icons, Glyphicons, Themify, Line
// Awesome and theme fonts).
var personIconClasses = map[string]bool{"fa-user": true, "fa-user-o": true, "fa-user-circle": true, "fa-user-circle-o": true,
	"fa-user-alt": true, "fa-user-pen": true, "fa-user-edit": true, "bi-person": true, "bi-person-fill": true,
	"bi-person-circle": true, "glyphicon-user": true, "icon-user": true, "icon-person": true, "icon-author": true,
	"ti-user": true, "la-user": true}

// personIcon reports whether n is an empty icon of a person: an icon
// font's glyph or an SVG sprite whose symbol is a user or person.
func personIcon(n *html.Node) bool {
	switch n.DataAtom {
	case atom.I, atom.Span, atom.Em:
		if n.FirstChild != nil && textLen(n) > 0 {
			return false
		}
		for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
			if personIconClasses[c] {
				return true
			}
		}
	case atom.Svg:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "use" {
				href := attr(c, "href")
				if href == "" {
					href = attr(c, "xlink:href")
				}
				if i := strings.LastIndexByte(href, '#'); i >= 0 {
					switch strings.ToLower(href[i+1:]) {
					case "user", "circle-user", "user-circle", "person", "icon-user", "icon-person", "author":
						return true
					}
				}
			}
		}
	}
	return false
}

// iconName returns the name that follows a person icon in the line that
// holds it: "Jane Doe" of "<i class=fa-user></i> Jane Doe - Editor", a
// person's name of two words or more. A sign-in link's icon ("Log in",
// "My account") gives none.
func iconName(icon *html.Node) []string {
	line := clean(innerText(icon.Parent))
	if line == "" || utf8.RuneCountInString(line) > 60 {
		return nil
	}
	name := cutByline(stripByPrefix(line))
	switch strings.ToLower(name) {
	case "log in", "sign in", "my account", "sign up":
		return nil
	}
	if !nameLike(name) || strings.Contains(strings.ToLower(name), "login") {
		return nil
	}
	return []string{name}
}

// leadingNames keeps the names a label introduces: the first, and those
// after it that look like names, up to the first that does not ("Jane
// Doe, Head of Marketing").
func leadingNames(names []string) []string {
	for i, n := range names {
		if i > 0 && !nameLike(n) {
			return names[:i]
		}
	}
	return names
}

// ownLabelNames returns the names after a label that is the whole text of
// its element (see ownAuthorLabels): the lines of the next element, each
// a person's name.
func ownLabelNames(n *html.Node) []string {
	if len(n.Data) > 200 || n.Parent == nil {
		return nil // far too long for a label, however much white space
	}
	t := strings.Trim(clean(n.Data), " :：-–—|")
	if t == "" || utf8.RuneCountInString(t) > 20 {
		return nil
	}
	t = strings.ToLower(t) // only now: lower-casing keeps the runes and the trimmed marks
	exact, found := false, false
	for _, l := range ownAuthorLabels {
		exact = exact || t == l
	}
	for _, l := range []string{" written by", " authored by", " contributed by"} {
		found = found || strings.HasSuffix(t, l) && strings.Count(t, " ") <= 4 // "Article written by:"
	}
	if !exact && !found {
		return nil
	}
	alone := clean(innerText(n.Parent)) == clean(n.Data)
	var next *html.Node
	if alone {
		next = nextTextElement(n.Parent)
	} else if s := n.NextSibling; exact && s != nil && s.Type == html.ElementNode && !isBlock(s) && !skipAtom(s.DataAtom) &&
		strings.HasPrefix(strings.ToLower(innerText(blockAncestor(n.Parent))), strings.ToLower(clean(n.Data))) {
		// "By <a>Jane Doe</a> · Senior Analyst" opening a line, not "a
		// library written by <a>Jane Doe</a>" in a sentence.
		next = s
	}
	if next == nil {
		return nil
	}
	var names []string
	for _, line := range strings.Split(renderText(next, nil), "\n") {
		if line = clean(line); line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > labelNameMax {
			break
		}
		for _, name := range splitNames(cutByline(line)) {
			if !nameLike(name) {
				return names
			}
			names = append(names, name)
		}
	}
	return names
}

// nextTextElement returns the first sibling after n, or after one of its
// two nearest ancestors, that holds text.
func nextTextElement(n *html.Node) *html.Node {
	for x, up := n, 0; x != nil && up < 3; x, up = x.Parent, up+1 {
		for s := x.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode && !skipAtom(s.DataAtom) && textLen(s) > 0 || s.Type == html.TextNode && strings.TrimSpace(s.Data) != "" {
				return s
			}
		}
	}
	return nil
}

// authorImage reads the name from an author's portrait: an img whose
// class names the author and whose alt text is a name.
func (e *extractor) authorImage() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if out != nil || n.Type == html.ElementNode && offPost(n) {
			return false
		}
		if n.DataAtom == atom.Img && strings.Contains(strings.ToLower(attr(n, "class")), "author") {
			if alt := clean(attr(n, "alt")); nameLike(alt) {
				out = []string{alt}
			} else if name := portraitCaption(n); name != "" {
				out = []string{name}
			}
		}
		return true
	})
	return out
}

// portraitCaption returns the name an author's portrait stands beside in
// a box about the author: the first heading or short line of the box that
// is a person's name ("<img class=author__photo alt=…><h3>Jane Doe</h3>").
func portraitCaption(img *html.Node) string {
	box := img
	for up := 0; up < 4 && box.Parent != nil; up++ {
		box = box.Parent
		if textLen(box) > 600 {
			return "" // the box is the article or a column of it
		}
		nm := findFirst(box, func(x *html.Node) bool {
			if !isElem(x, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Strong, atom.B) {
				return false
			}
			t := clean(innerText(x))
			return utf8.RuneCountInString(t) <= 40 && nameLike(t)
		})
		if nm != nil {
			return clean(innerText(nm))
		}
	}
	return ""
}

// personMicrodata reads a schema.org Person marked up in the post
// ("Von <span itemscope itemtype=…/Person><meta itemprop=name …>"), as
// sign-offs at the end of an article often are.
func (e *extractor) personMicrodata() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if !hasAttr(n, "itemscope") || !strings.HasSuffix(strings.ToLower(attr(n, "itemtype")), "schema.org/person") || attr(n, "itemprop") != "" {
			return true
		}
		for p := n; p != nil; p = p.Parent {
			if p.Type == html.ElementNode && (offPost(p) || profileClass(p)) {
				return false
			}
		}
		if nm := findFirst(n, func(x *html.Node) bool { return attr(x, "itemprop") == "name" }); nm != nil {
			name := attr(nm, "content")
			if name == "" {
				name = innerText(nm)
			}
			out = append(out, clean(name))
		}
		return false
	})
	return dedupe(out)
}

// licenseAttribution reads the name a Creative Commons licence credits
// (<a rel="cc:attributionURL">Jane Doe</a>, property="cc:attributionName"):
// on a personal blog, its author.
func (e *extractor) licenseAttribution() []string {
	n := findFirst(e.doc, func(n *html.Node) bool {
		return strings.Contains(attr(n, "rel"), "cc:attributionURL") || attr(n, "property") == "cc:attributionName"
	})
	if n == nil {
		return nil
	}
	if name := clean(innerText(n)); nameLike(name) {
		return []string{name}
	}
	return nil
}

// copyrightLead matches what opens a copyright line before the holder's
// name: the sign or word and the years, "© 2019", "Copyright (c) 2012- ".
var copyrightLead = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?i:(?:©|\(c\)|copyright)[\s\d,.\-–—]*)+`)
})

// copyrightHolder reads "© 2019 Jane Doe" or "Copyright (c) 2012- Jane Doe"
// from the page footer: on a personal blog the owner is the author. It is
// the last resort and takes only a person's name.
func (e *extractor) copyrightHolder() []string {
	var out []string
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.TextNode {
			return n.Type != html.ElementNode || !skipAtom(n.DataAtom)
		}
		if !strings.Contains(n.Data, "©") && !strings.Contains(n.Data, "(c)") && !strings.Contains(n.Data, "(C)") && !strings.Contains(n.Data, "opyright") {
			return true
		}
		t := clean(n.Data)
		l := strings.ToLower(t)
		i := strings.Index(l, "©")
		if j := strings.Index(l, "(c)"); i < 0 && j >= 0 {
			i = j
		}
		if j := strings.Index(l, "copyright"); i < 0 && j >= 0 {
			i = j
		}
		if i < 0 || len(t) > 120 {
			return true
		}
		rest := copyrightLead().ReplaceAllString(t[i:], "")
		for _, sep := range []string{"•", "|", ".", ",", " - ", " – ", "All rights", "all rights", "Alle Rechte"} {
			if k := strings.Index(rest, sep); k > 0 {
				rest = rest[:k]
			}
		}
		if rest = strings.TrimSpace(rest); nameLike(rest) {
			out = []string{rest}
		}
		return true
	})
	return out
}

// textByline finds "By A and B" lines near the title.
func (e *extractor) textByline() []string {
	if e.titleNode == nil {
		return nil
	}
	// Look at the next few text blocks after the title.
	seen := 0
	var out []string
	for n := nextNode(e.titleNode, true); n != nil && seen < 12; n = nextNode(n, false) {
		if n.Type == html.ElementNode && (skipAtom(n.DataAtom)) {
			continue
		}
		if n.Type != html.TextNode || strings.TrimSpace(n.Data) == "" {
			continue
		}
		seen++
		line := clean(n.Data)
		if p := n.Parent; p != nil && p.Type == html.ElementNode {
			// The block's text is built only when it is short: the block
			// may be the whole article.
			if b := blockAncestor(p); countInnerText(b).runes < 120 {
				line = clean(listText(b))
			}
		}
		if names, ok := parseBylineLine(line, false); ok {
			out = names
			break
		}
		if names := datedName(line); names != nil {
			out = names
			break
		}
	}
	return out
}

// listText is n's text on one line, as innerText, with the items of a
// list parted by commas: a byline that lists its authors in <li>s
// ("Written by: <ul><li>Jane Doe</li><li>John Roe</li></ul>") names
// each of them.
func listText(n *html.Node) string {
	return lineText(n, ",")
}

// datedNameSeps part a date from names in a dated byline.
const datedNameSeps = "|·•–—"

// datedName returns the names in a line that pairs a date and names with a
// separator: "2025-12-17 · Trond Teigen", "Jane Doe | 3 March 2024".
func datedName(line string) []string {
	// Inline elements often stand glued: "2025-12-17·Trond Teigen".
	parts := strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(datedNameSeps, r) })
	if len(parts) < 2 || len(parts) > 4 || !slices.ContainsFunc(parts, func(p string) bool { return onlyDate(strings.TrimSpace(p)) }) {
		return nil
	}
	for _, p := range parts {
		if p = strings.TrimSpace(p); onlyDate(p) {
			continue
		}
		if names := splitNames(cutByline(stripByPrefix(p))); len(names) > 0 && all(names, nameLike) {
			return names
		}
	}
	return nil
}

func blockAncestor(n *html.Node) *html.Node {
	for x := n; x != nil; x = x.Parent {
		if isBlock(x) {
			return x
		}
	}
	return n
}

// nextNode returns the node after n in document order; skipChildren starts
// after n's subtree.
func nextNode(n *html.Node, skipChildren bool) *html.Node {
	if !skipChildren && n.FirstChild != nil {
		return n.FirstChild
	}
	for x := n; x != nil; x = x.Parent {
		if x.NextSibling != nil {
			return x.NextSibling
		}
	}
	return nil
}

var byPrefixes = []string{"投稿者", "作者：", "作者:", "著者：", "文：", "文/", "記者",
	"by:", "by ", "von:", "von ", "par ", "por ", "di ", "door ", "av ", "af ",
	"autor:", "autorin:", "autore:", "autrice:", "auteur :", "auteur:", "author:", "autor ", "автор:", "автор ",
	"text:", "texte :", "texte:", "texto:", "testo:", "tekst:", "redaktion:", "redacción:", "rédaction :",
	"written by:", "written by ", "posted by ", "publié par ", "geschrieben von ", "ein beitrag von ", "ein artikel von ",
	"escrito por ", "publicado por ", "reporting by ", "story by ", "words by ", "words: ",
	"מאת: ", "מאת ", "بقلم: ", "بقلم ", "كتب: ", "كتبت: ", "yazar: ", "yazan: ", "kirjoittaja: ", "szerző: ", "szöveg: ", "napsal: ", "napsala: ", "tekst i zdjęcia: "}

// viewAllRE matches the link to an author's archive that names the author
// with a possessive: "View all of Jane Doe's posts", "See all Jane Doe’s
// articles".
var viewAllRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:view|see|read|show) (?:all|more) (?:of )?(.+?)['’]s? (?:posts|articles|stories)\.?$`)
})

func stripByPrefix(s string) string {
	s = clean(s)
	l := strings.ToLower(s)
	for _, p := range byPrefixes {
		if strings.HasPrefix(l, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	// A CJK label before a full-width colon: "文・写真：中村 真由美".
	if i := strings.Index(s, "："); i > 0 && utf8.RuneCountInString(s[:i]) <= 6 {
		return strings.TrimSpace(s[i+len("："):])
	}
	// "View all of Jane Doe's posts."
	if m := viewAllRE().FindStringSubmatch(s); m != nil {
		return m[1]
	}
	// "Alle Beiträge von Jane Doe", "Eine Kolumne von Jane Doe",
	// "View all posts by Jane Doe": keep what follows the last " by ".
	for _, w := range []string{" by ", " von ", " par ", " por ", " di ", " door "} {
		if i := strings.LastIndex(l, w); i > 0 && utf8.RuneCountInString(l[:i]) < 40 {
			return strings.TrimSpace(s[i+len(w):])
		}
	}
	return s
}

func hasByPrefix(s string) bool {
	l := strings.ToLower(clean(s))
	for _, p := range byPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// splitNames splits "A, B and C" into names.
func splitNames(s string) []string {
	s = clean(s)
	// "&" joins two people ("Jane Doe & John Roe") or is part of one name
	// ("Tax & Accounting", "Simon & Schuster"): it separates names only
	// when the words on each side are names of two words or more.
	if parts := strings.Split(s, " & "); len(parts) > 1 {
		for _, p := range parts {
			if last := p[strings.LastIndex(p, ",")+1:]; len(strings.Fields(last)) < 2 {
				s = strings.ReplaceAll(s, " & ", "\x01")
				break
			}
		}
	}
	for _, sep := range []string{" and ", " und ", " et ", " y ", " e ", " en ", " & ", " и ", ";", ","} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	var out []string
	for _, p := range strings.Split(s, "\x00") {
		if p = strings.TrimSpace(strings.ReplaceAll(p, "\x01", " & ")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cleanNames drops roles, dates and junk from author names and removes
// duplicates, keeping order.
func cleanNames(names []string) []string {
	var out []string
	for _, n := range names {
		n = stripByPrefix(n)
		// Drop a trailing role or date: "Jane Doe, Staff Writer" is split
		// already; "Jane Doe | March 3" and "Jane Doe - Reporter" are not.
		for _, sep := range []string{" | ", " – ", " — ", " - ", "\n"} {
			if i := strings.Index(n, sep); i > 0 {
				n = strings.TrimSpace(n[:i])
			}
		}
		if i := strings.IndexAny(n, "(（"); i > 0 && !midNameParens(n) {
			n = n[:i] // "Jane Doe (Pressesprecherin)"
		}
		// A job title before the name: "Rechtsanwalt Jane Doe".
		for _, t := range jobTitles {
			if len(n) > len(t)+1 && strings.EqualFold(n[:len(t)+1], t+" ") {
				n = strings.TrimSpace(n[len(t)+1:])
				break
			}
		}
		// A job title after the name, glued to it by markup: "Jane Doe
		// Writer".
		for _, t := range roleSuffixes {
			if name := strings.TrimSuffix(n, " "+t); name != n {
				if w := len(strings.Fields(name)); w >= 2 && w <= 3 {
					n = name
				}
				break
			}
		}
		n = trimNameMarks(n)
		switch strings.ToLower(n) {
		case "by", "von", "par", "por", "di", "door", "ein artikel von", "eine kolumne von":
			continue
		}
		if l := strings.ToLower(n); strings.HasSuffix(l, " von") || strings.HasSuffix(l, " by") {
			continue
		}
		// Cloudflare prints "[email protected]" where it hides an address.
		n = strings.TrimSpace(strings.ReplaceAll(n, "[email protected]", ""))
		if n == "" || utf8.RuneCountInString(n) > 60 || strings.HasPrefix(n, "http") || strings.Contains(n, "@") && strings.Contains(n, ".") {
			continue
		}
		if templateKey(n) {
			continue // a template's placeholder left unfilled: "page.head.extra.author", "{{ author }}"
		}
		if hasDigit(n) && !handle(n) || len(strings.Fields(n)) > 5 || strings.Contains(n, "'s ") || strings.Contains(n, "’s ") {
			continue
		}
		if lowerWords(n) >= 2 {
			continue // a phrase, not a name: "Jane Doe coltiva pomodori"
		}
		l := strings.ToLower(n)
		switch l {
		case "admin", "administrator", "unknown", "anonymous", "guest", "author", "no author", "unknown author", "autor", "auteur":
			continue
		}
		if strings.Contains(l, "[at]") || strings.Contains(l, "(at)") {
			continue
		}
		out = append(out, n)
	}
	return dedupe(out)
}

// nameMarks are the marks trimmed from the ends of a name.
const nameMarks = " .,:;|·•-–—@"

// nameAbbrevs end names with a period: legal forms and generational
// suffixes, lower-cased.
var nameAbbrevs = map[string]bool{"inc": true, "ltd": true, "co": true, "corp": true, "jr": true, "sr": true, "bros": true, "st": true}

// trimNameMarks trims punctuation from the ends of a name, but keeps the
// period of an abbreviation that ends it: "Cerebral Inc.", "John Roe
// Jr.", "Jane D.".
func trimNameMarks(n string) string {
	n = strings.TrimLeft(n, nameMarks)
	t := strings.TrimRight(n, nameMarks)
	if rest, ok := strings.CutPrefix(n[len(t):], "."); ok && strings.Trim(rest, nameMarks) == "" {
		last := t[strings.LastIndexAny(t, " .")+1:]
		if strings.Contains(t, " ") && (utf8.RuneCountInString(last) == 1 || nameAbbrevs[strings.ToLower(last)]) {
			return t + "."
		}
	}
	return t
}

// templateKey reports whether n is a template's placeholder rather than
// a name: it holds template delimiters, or it is a dotted key whose last
// part names the author field ("page.head.extra.author"; a login name such
// as "sara.r.peter" is not one).
func templateKey(n string) bool {
	if strings.Contains(n, "{{") || strings.Contains(n, "}}") || strings.Contains(n, "${") || strings.Count(n, "%") >= 2 {
		return true
	}
	i := strings.LastIndexByte(n, '.')
	if i < 0 || strings.Contains(n, " ") {
		return false
	}
	switch strings.ToLower(n[i+1:]) {
	case "author", "authors", "name", "byline", "creator", "writer":
		return true
	}
	return false
}

// signOff returns the initials or agency a news text closes with, in
// parentheses after the last sentence of one of its last paragraphs:
// "… hieß es. (FR mit dpa)", "(AFP)".
func signOff(text string) string {
	paras := strings.Split(text, "\n\n")
	for i := len(paras) - 1; i >= 0 && i >= len(paras)-3; i-- {
		if so := paraSignOff(strings.TrimSpace(paras[i])); so != "" {
			return so
		}
	}
	return ""
}

// paraSignOff returns the sign-off closing paragraph t, if any.
func paraSignOff(t string) string {
	if !strings.HasSuffix(t, ")") {
		return ""
	}
	i := strings.LastIndexByte(t, '(')
	if i < 2 {
		return ""
	}
	inner := strings.TrimSpace(t[i+1 : len(t)-1])
	before := strings.TrimSpace(t[:i])
	if inner == "" || utf8.RuneCountInString(inner) > 30 || len(strings.Fields(inner)) > 4 || hasDigit(inner) || strings.ContainsAny(inner, ".,;:!?\"„“") {
		return ""
	}
	if !strings.ContainsAny(lastRune(before), ".!?\"”«»") {
		return "" // not after a closing sentence
	}
	return inner
}

// plainName is a name without its honorific, lower case: "jane doe" for
// "Dr. Jane Doe".
func plainName(n string) string {
	f := strings.Fields(strings.ToLower(n))
	if len(f) > 1 && honorifics[f[0]] {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// loginName reports whether n is an account's user name rather than a
// name as a byline prints it: one word with a dot, underscore or digit
// ("andrew.keaveney", "jdoe_42"), all lower case ("jdoe"), or ending in
// a capital ("KatieS").
func loginName(n string) bool {
	if strings.ContainsAny(n, " \t") || utf8.RuneCountInString(n) < 3 {
		return false
	}
	if strings.ContainsAny(n, "._") || hasDigit(n) {
		return true
	}
	if last, _ := utf8.DecodeLastRuneInString(n); unicode.IsUpper(last) && n != strings.ToUpper(n) {
		return true // "KatieS", but not "McAllister" or "AP"
	}
	return n == strings.ToLower(n) && strings.IndexFunc(n, unicode.IsLetter) >= 0 && !unicode.Is(unicode.Han, []rune(n)[0])
}

// visibleSource reports whether an author source reads what the page
// shows its readers (a byline, author markup, a label) rather than
// metadata in its head.
func visibleSource(src string) bool {
	switch src {
	case "json-ld", "json-ld-organization", "json-ld-webpage", "meta", "copyright", "cc-attribution", "sign-off", "thread-starter":
		return false
	}
	return true
}

// initials returns the capitals of a name's words: "DT" for "Donald
// Townsend".
func initials(name string) string {
	var b strings.Builder
	for w := range strings.FieldsSeq(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// handle reports whether n is a user name with digits ("c1ph4", "r23"):
// one word of three or more characters that starts with a letter.
func handle(n string) bool {
	for i, c := range n {
		switch {
		case unicode.IsLetter(c):
		case i == 0:
			return false
		case !unicode.IsDigit(c) && c != '_' && c != '-' && c != '.':
			return false
		}
	}
	return utf8.RuneCountInString(n) >= 3
}

func hasDigit(s string) bool {
	for _, c := range s {
		if unicode.IsDigit(c) {
			return true
		}
	}
	return false
}

func dedupe(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		k := strings.ToLower(s)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// midNameParens reports whether a parenthesis stands inside a name, a
// maiden name or nickname between its words: "Paramita (Guha) Ghosh".
func midNameParens(n string) bool {
	open := strings.IndexByte(n, '(')
	end := strings.IndexByte(n, ')')
	if open < 0 || end < open {
		return false
	}
	inner, after := n[open+1:end], strings.TrimSpace(n[end+1:])
	return len(strings.Fields(inner)) == 1 && allTitleCase(inner) && after != "" && allTitleCase(after) && len(strings.Fields(after)) <= 2
}

// roleSuffixes are job titles that markup glues after a name: "Jane Doe
// Writer" from <span>Jane Doe</span><span>Writer</span>.
// Titles that name a beat ("Local Democracy Reporter", "Travel Editor")
// are left alone: without the title they read as a name.
var roleSuffixes = []string{"Staff Writer", "Senior Writer", "Contributing Writer", "Writer", "Author", "Contributor"}

// jobTitles are professions written before a name in bylines; honorifics
// such as "Dr." stay part of the name.
var jobTitles = []string{"Rechtsanwalt", "Rechtsanwältin", "RA", "RAin", "Redakteur", "Redakteurin", "Journalist",
	"Journalistin", "Reporter", "Correspondent", "Korrespondent", "Korrespondentin", "Fotograf", "Autor", "Autorin",
	"Staff Writer", "Senior Writer", "Contributor", "Columnist", "Kolumnist", "Editor", "Author", "Guest Author", "Writer"}

// nameStop are words that never appear in a person's name but often in a
// short first line of a post (subheadings, labels).
var nameStop = map[string]bool{
	"summary": true, "news": true, "update": true, "updated": true, "note": true, "introduction": true,
	"abstract": true, "overview": true, "analysis": true, "report": true, "photo": true, "image": true,
	"video": true, "credit": true, "credits": true, "source": true, "read": true, "more": true, "home": true,
	"share": true, "comments": true, "contents": true, "table": true, "key": true, "points": true,
	"editor": true, "editorial": true, "opinion": true, "commentary": true, "background": true,
	"the": true, "a": true, "of": true, "in": true, "on": true, "for": true, "to": true, "with": true,
	"breaking": true, "live": true, "episode": true, "part": true, "chapter": true, "advertisement": true,
	"sponsored": true, "listen": true, "watch": true, "subscribe": true, "posted": true, "published": true,
	"is": true, "are": true, "was": true, "this": true, "that": true, "it": true, "we": true, "i": true,
	"inc": true, "llc": true, "ltd": true, "gmbh": true, "ag": true, "media": true, "group": true, "verlag": true,
	"press": true, "co": true, "corporation": true, "company": true, "rights": true, "reserved": true, "all": true,
}

var honorifics = map[string]bool{"dr.": true, "dr": true, "prof.": true, "prof": true, "mr.": true, "ms.": true,
	"mrs.": true, "sir": true, "dame": true, "rev.": true, "gen.": true, "col.": true, "amb.": true}

var nameParticles = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "del": true,
	"da": true, "di": true, "la": true, "le": true, "bin": true, "al": true, "ibn": true, "y": true, "dos": true, "das": true, "du": true}

// parseBylineLine decides whether a short line is an author byline: "By A
// and B", or, when bare is true, a line that is only a person's name such
// as "Dr. Emil Avdaliani".
func parseBylineLine(line string, bare bool) ([]string, bool) {
	line = clean(line)
	if line == "" || utf8.RuneCountInString(line) > 100 {
		return nil, false
	}
	hadBy := hasByPrefix(line)
	if !hadBy {
		// "Ein Artikel von Jane Doe | 27.01.2022", "January 17, 2017 at
		// 6:08 PM ET by Jane Doe".
		l := strings.ToLower(line)
		for _, w := range []string{" by ", " von ", " par ", " por ", " door "} {
			if i := strings.Index(l, w); i > 0 && i < 50 {
				line, hadBy = strings.TrimSpace(line[i+len(w):]), true
				break
			}
		}
		line = cutByline(line)
	}
	if !hadBy && !bare {
		return nil, false
	}
	if !hadBy && strings.Count(line, " ") >= 3 && !strings.ContainsAny(line, ".") && len(strings.Fields(line)) >= 4 && allTitleCase(line) {
		// "Whatsapp Facebook Pint Baixar": a row of buttons, not a name.
		if len(splitNames(line)) == 1 {
			return nil, false
		}
	}
	rest := cutByline(stripByPrefix(line))
	names := splitNames(rest)
	if len(names) == 0 || len(names) > 5 {
		return nil, false
	}
	for _, n := range names {
		if !nameLike(n) {
			return nil, false
		}
	}
	return names, true
}

// lowerWords counts the words of s that start in lower case, name
// particles (van, de, von...) aside.
func lowerWords(s string) int {
	n := 0
	for w := range strings.FieldsSeq(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !nameParticles[strings.ToLower(w)] {
			n++
		}
	}
	return n
}

func allTitleCase(s string) bool {
	for w := range strings.FieldsSeq(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// nameLike reports whether s looks like a person's name: two to five
// capitalised words, an optional honorific, no digits or stop words.
func nameLike(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 || hasDigit(s) {
		return false
	}
	caps := 0
	for i, w := range words {
		lw := strings.ToLower(w)
		if i == 0 && honorifics[lw] {
			continue
		}
		if nameStop[strings.Trim(lw, ".,")] {
			return false
		}
		if nameParticles[lw] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (unicode.IsLower(r) || !unicode.IsLetter(r)) {
			return false // scripts without case (Hebrew, Arabic) pass
		}
		if strings.ContainsAny(w, "!?:;()[]\"“”«»") {
			return false
		}
		caps++
	}
	return caps >= 2
}
