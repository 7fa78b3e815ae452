package extract

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/annals-dev/annals"
)

// published chooses the publication date: structured data, platform
// markup, the URL, the date printed near the headline, meta tags.
func (e *extractor) published() annals.Date {
	var cands []Candidate
	add := func(v, src string) { cands = append(cands, Candidate{v, src}) }
	if e.article != nil {
		add(ldString(e.article["datePublished"]), "json-ld")
		add(ldString(e.article["dateCreated"]), "json-ld")
	}
	add(e.metaFirst("article:published_time", "og:published_time", "published_time", "datepublished", "og:article:published_time", "article.published"), "opengraph")
	add(e.platformDate("published"), e.platformOr("markup"))
	if !e.threadPublished.IsZero() && all(cands, func(c Candidate) bool { return c.Value == "" }) {
		// A thread's first post, dated by its forum package's markup,
		// when no structured data dates the page.
		add(e.threadPublished.String(), "thread")
	}
	add(urlDate(e.pageURL), "url")
	modified := e.structuredModified()
	v, labeled := e.visibleDate()
	if labeled {
		// "Published: 25.01.2022" printed for readers beats a structured
		// date that disagrees.
		cands = append([]Candidate{{v, "heuristic-labeled"}}, cands...)
	} else {
		add(v, "heuristic")
	}
	if !e.originalDate.IsZero() {
		// "This article was originally published on 26 Sep 2019 but has
		// been updated": the post's own word on when it first appeared,
		// which the byline's date (the revision's) and the structured
		// data (often the revision's too) do not give; nor does a
		// "Posted on" line, the date of this copy.
		cands = append([]Candidate{{e.originalDate.String(), "heuristic-labeled (originally published)"}}, cands...)
	}
	add(e.metaFirst("date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "dc.date.created", "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "publication-date", "date.published", "originalpublicationdate", "article_date_original", "og:pubdate", "prism.publicationdate", "created", "datecreated"), "meta")
	if wp := e.ld.webPage(); wp != nil {
		add(ldString(wp["datePublished"]), "json-ld-webpage")
	}
	add(e.namedPublishedMeta(), "meta (named)")
	if all(cands, func(c Candidate) bool { return c.Value == "" }) {
		// The last resorts, read only when nothing else dates the page:
		// the JSON data island, then the only date printed, even though
		// it says "Updated:" (an information page dated once), then the
		// structured modification date (a page dated once, whose CMS
		// gives pages no publication date).
		add(e.scriptDate(), "script-json")
		if !e.visibleUpdated.IsZero() {
			add(e.visibleUpdated.String(), "heuristic-labeled (updated)")
		}
		for _, c := range modified {
			add(c.Value, c.Source+" (modified)")
		}
	}
	return e.chooseDate("published", cands)
}

// publishedMetaWords are the words a meta tag's name holds when it gives
// the publication date in a vocabulary of a site's own
// ("w-published-date", "article-publish-time").
var publishedMetaWords = []string{"publish", "pubdate", "pub_date", "pub-date"}

// notPublishedMetaWords in a meta tag's name say it gives another date.
var notPublishedMetaWords = []string{"modif", "updat", "expir", "edit"}

// namedPublishedMeta returns the value of the first meta tag, by name in
// sorted order, whose name says publication date or time and whose value
// is a machine-readable date.
func (e *extractor) namedPublishedMeta() string {
	keys := slices.Sorted(maps.Keys(e.meta))
	for _, k := range keys {
		if !strings.Contains(k, "date") && !strings.Contains(k, "time") ||
			!slices.ContainsFunc(publishedMetaWords, func(w string) bool { return strings.Contains(k, w) }) ||
			slices.ContainsFunc(notPublishedMetaWords, func(w string) bool { return strings.Contains(k, w) }) {
			continue
		}
		for _, v := range e.meta[k] {
			if _, ok := e.dates.parseMachine(v); ok && hasDigit(v) && strings.ContainsAny(v, "-/") {
				return v
			}
		}
	}
	return ""
}

// structuredModified returns the modification dates that structured data
// and meta tags give.
func (e *extractor) structuredModified() []Candidate {
	var out []Candidate
	if e.article != nil {
		if v := ldString(e.article["dateModified"]); v != "" {
			out = append(out, Candidate{v, "json-ld"})
		}
	}
	if v := e.metaFirst("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"); v != "" {
		out = append(out, Candidate{v, "opengraph"})
	}
	return out
}

// updated chooses the date of the last modification.
func (e *extractor) updated() annals.Date {
	cands := append(e.structuredModified(), Candidate{e.platformDate("updated"), e.platformOr("markup")})
	if !e.visibleUpdated.IsZero() {
		// "Updated: 5 March 2024, 13:15" printed for readers (read by
		// visibleDate, which published() runs first).
		cands = append(cands, Candidate{e.visibleUpdated.String(), "heuristic-labeled"})
	}
	return e.chooseDate("updated", cands)
}

// chooseDate returns the first candidate that parses, with two corrections
// from the date printed for readers (see below), and records all
// candidates for --explain.
func (e *extractor) chooseDate(field string, cands []Candidate) annals.Date {
	var kept []Candidate
	var best, visible annals.Date
	for _, c := range cands {
		if c.Value == "" {
			continue
		}
		d, ok := e.dates.parseMachine(c.Value)
		if !ok {
			continue
		}
		kept = append(kept, Candidate{d.String(), c.Source})
		if c.Source == "heuristic" && visible.IsZero() {
			visible = d
		}
		if best.IsZero() {
			best = d
		} else if best.DayOnly() && !d.DayOnly() && sameDay(best, d) {
			// A later source gives the time of the same day: keep it.
			best = d
		}
	}
	// The date readers see, when another source confirms it, wins over a
	// structured date that disagrees (a CMS creation date, a stale
	// template value).
	if field == "published" && !visible.IsZero() && !best.IsZero() && !sameDay(best, visible) {
		var confirm annals.Date
		for _, c := range kept {
			if c.Source == "heuristic" || c.Source == kept[0].Source {
				continue
			}
			if d, ok := e.dates.parseMachine(c.Value); ok && sameDay(d, visible) {
				confirm = d
				break
			}
		}
		if !confirm.IsZero() {
			best = confirm
			if confirm.DayOnly() && !visible.DayOnly() {
				best = visible
			}
			kept = append([]Candidate{{best.String(), "heuristic (confirmed)"}}, kept...)
		}
	}
	// An instant given in UTC that falls a day away from the day the page
	// shows readers was published late or early in a zone we do not know:
	// the page's own day is the publication day.
	if !best.DayOnly() && !visible.IsZero() && !sameDay(best, visible) {
		if _, off := best.Time().Zone(); off == 0 {
			// Local days run from UTC-12 to UTC+14. (A visible time has
			// no zone: only its day counts.)
			t := visible.Time()
			day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			if diff := best.Time().Sub(day); diff >= -14*time.Hour && diff < 36*time.Hour {
				best = annals.Day(t.Year(), t.Month(), t.Day())
				kept = append([]Candidate{{best.String(), "heuristic (local day of " + kept[0].Source + ")"}}, kept...)
			}
		}
	}
	if len(kept) > 0 {
		e.explain[field] = kept
	}
	return best
}

// sameDay reports whether a and b fall on the same calendar day as written.
func sameDay(a, b annals.Date) bool {
	return a.Time().Format("2006-01-02") == b.Time().Format("2006-01-02")
}

var scriptDateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"(?:datePublished|publishedDate|publishDate|published_at|publishedAt|publicationDate|firstPublishedDate|firstPublished)"\s*:\s*"([^"]{8,40})"`)
})

// all reports whether f holds for every element of s.
func all[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if !f(v) {
			return false
		}
	}
	return true
}

// scriptDate reads a publication date from the page's JSON data islands
// (<script type="application/json">, as single-page apps embed their
// state): the first value under a key that says published.
func (e *extractor) scriptDate() string {
	var out string
	walk(e.doc, func(n *html.Node) bool {
		if out != "" {
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom != atom.Script {
			return true
		}
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/json") && n.FirstChild != nil {
			if m := scriptDateRE().FindStringSubmatch(n.FirstChild.Data); m != nil {
				if _, ok := e.dates.parseMachine(m[1]); ok {
					out = m[1]
				}
			}
		}
		return false
	})
	return out
}

// platformDate reads dates from post markup: time/abbr elements with
// published/updated classes or itemprops, outside comments.
func (e *extractor) platformDate(which string) string {
	var out string
	walk(e.doc, func(n *html.Node) bool {
		if out != "" || n.Type != html.ElementNode {
			return n.Type == html.DocumentNode || n.Type == html.ElementNode && out == ""
		}
		if offPost(n) || n.DataAtom == atom.Footer && !insideArticle(n) {
			return false
		}
		ip, cls := attr(n, "itemprop"), attr(n, "class")
		var match bool
		if which == "published" {
			match = ip == "datePublished" || ip != "dateModified" && (classHas(cls, "published") || classHas(cls, "dt-published") || classHas(cls, "entry-date") || classHas(cls, "post-date") && n.DataAtom == atom.Time)
		} else {
			match = ip == "dateModified" || (classHas(cls, "updated") && !classHas(cls, "published")) || classHas(cls, "dt-updated")
		}
		if !match {
			return true
		}
		for _, k := range []string{"datetime", "content", "title"} {
			if v := attr(n, k); v != "" {
				if _, ok := e.dates.parseMachine(v); ok {
					out = v
					return false
				}
			}
		}
		if t := innerText(n); t != "" {
			if d, ok := e.dates.parseHuman(t); ok {
				out = d.String()
			}
		}
		return false
	})
	return out
}

// visibleDate looks for a date printed for readers: a Blogger date header,
// else the date-like text closest after the headline (or just before it),
// else, on pages without a headline, the first date in an element whose
// class says date. Dates in comments, sidebars, footers, navigation and
// scripts are never considered.
func (e *extractor) visibleDate() (date string, labeled bool) {
	if h := findFirst(e.doc, func(n *html.Node) bool { return hasClass(n, "date-header") && !offPost(n) }); h != nil {
		if d, ok := e.dates.parseHuman(innerText(h)); ok {
			return d.String(), false
		}
	}
	type found struct {
		pos     int
		date    annals.Date
		marked  bool // inside an element whose class or tag says date/time
		labeled bool // after a label saying "published"
		signed  bool // after a byline: "Written by" <a>Jane Doe</a>
	}
	// prevText is the text before the current one, prev2 the one before it.
	prevText, prev2 := "", ""
	var dates []found
	blockLen := map[*html.Node]int{}
	titlePos, pos := -1, 0
	// add keeps a date found at pos after label; a date labelled as the
	// last update is kept apart for updated().
	add := func(d annals.Date, marked bool, label string) bool {
		if updatedLabel(label) {
			if e.visibleUpdated.IsZero() {
				e.visibleUpdated = d
			}
			return false
		}
		dates = append(dates, found{pos: pos, date: d, marked: marked, labeled: publishedLabel(label)})
		return true
	}
	// Without a headline element, the first text that is part of the title
	// stands for it.
	titleKeyText := ""
	if e.titleNode == nil {
		titleKeyText = titleKey(e.titleText)
	}
	// visit walks n's children; upd is set inside an element whose class
	// or microdata says the last update (see updatedMarkup).
	var visit func(n *html.Node, marked, upd bool)
	visit = func(n *html.Node, marked, upd bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.ElementNode:
				if c.DataAtom == atom.Svg {
					// An icon's title labels what follows it.
					if t := findFirst(c, func(x *html.Node) bool { return x.Data == "title" }); t != nil {
						prev2, prevText = prevText, innerText(t)
					}
					continue
				}
				if offPost(c) || c.DataAtom == atom.Footer || profileClass(c) || teaserLink(c) && !isAncestor(c, e.titleNode) || unseen(c) {
					continue
				}
				if c == e.titleNode {
					// A date inside the headline counts as at the headline.
					titlePos = pos
					pos++
					visit(c, true, upd)
					continue
				}
				m := marked || c.DataAtom == atom.Time || dateClass(c)
				u := upd || updatedMarkup(c)
				if c.DataAtom == atom.Time {
					if d, ok := e.dates.parseMachine(attr(c, "datetime")); ok {
						label := prevText
						if own := dateLabel(innerText(c)); strings.IndexFunc(own, unicode.IsLetter) >= 0 {
							label = own // <time …><span>Last Updated: </span>Aug 5</time>
						}
						if u && !publishedLabel(label) {
							label = updatedLabels[0]
						}
						add(d, true, label)
						pos++
						continue
					}
				}
				visit(c, m, u)
			case html.TextNode:
				if strings.TrimSpace(c.Data) == "" {
					continue
				}
				pos++
				if titlePos < 0 && titleKeyText != "" && utf8.RuneCountInString(c.Data) >= 10 {
					if k := titleKey(c.Data); utf8.RuneCountInString(k) >= 8 && strings.Contains(titleKeyText, k) {
						titlePos = pos
					}
				}
				if !e.dates.relativeOK() && !hasDigit(c.Data) {
					prev2, prevText = prevText, c.Data
					continue
				}
				t := clean(c.Data)
				if e.originalDate.IsZero() && len(t) < 2000 {
					e.originalDate = originalDate(t, e.dates)
				}
				if utf8.RuneCountInString(t) > 80 || !hasDigit(t) && !e.dates.relativeOK() {
					prev2, prevText = prevText, t
					continue
				}
				// A dateline stands in a short block of its own; a date
				// inside a paragraph of prose is content.
				if !marked {
					blk := blockAncestor(c.Parent)
					l, ok := blockLen[blk]
					if !ok {
						l = textLen(blk)
						blockLen[blk] = l
					}
					if l > 200 {
						// ...unless it opens the paragraph: "Press release
						// of 25 January 2022 | Berlin – ...".
						if i := strings.Index(innerText(blk), t); i < 0 || i > 60 {
							continue
						}
					}
				}
				if d, ok := e.dates.parseHuman(t); ok {
					label := dateLabel(t)
					if strings.IndexFunc(label, unicode.IsLetter) < 0 {
						// "Updated:" <span>(2020-02-14)</span>, "Last
						// updated on" <a>March 12, 2026</a>.
						label = prevText
						if dateFiller[strings.ToLower(strings.TrimSpace(label))] {
							// "Last Updated" <span>on</span> <span>Feb 27, 2026</span>.
							label = prev2 + " " + label
						}
					}
					if upd && !publishedLabel(label) {
						label = updatedLabels[0]
					}
					if add(d, marked, label) && bylineLabel(prev2) && namesText(prevText) {
						dates[len(dates)-1].signed = true
					}
				}
				prev2, prevText = prevText, t
			}
		}
	}
	root := bodyElement(e.doc)
	if root == nil {
		return "", false
	}
	visit(root, false, false)
	pick := func(f found) (string, bool) { return f.date.String(), f.labeled }
	if len(dates) == 0 {
		return "", false
	}
	if titlePos >= 0 {
		for _, f := range dates {
			if f.pos >= titlePos && f.pos-titlePos <= 60 {
				e.headlineDate = true
				return pick(f)
			}
		}
		for i := len(dates) - 1; i >= 0; i-- {
			if f := dates[i]; f.pos < titlePos && titlePos-f.pos <= 25 {
				e.headlineDate = true
				return pick(f)
			}
		}
	}
	for _, f := range dates {
		if f.marked {
			return pick(f)
		}
	}
	// A signature away from the headline, as a post's closing credit:
	// "Written by Jane Doe" and the day.
	for _, f := range dates {
		if f.signed {
			return pick(f)
		}
	}
	return "", false
}

// bylineLabel reports whether t, the text before an author's name, is a
// byline's label: "By", "Written by", "Author:", "Von", "Par", "Por".
func bylineLabel(t string) bool {
	l := strings.TrimRight(strings.ToLower(strings.TrimSpace(t)), ":：|-–— ")
	for _, w := range []string{"by", "author", "authors", "von", "par", "por", "door", "autor", "auteur"} {
		if l == w || strings.HasSuffix(l, " "+w) {
			return true
		}
	}
	return false
}

// namesText reports whether t could be a byline's names: short, with
// letters and no digits.
func namesText(t string) bool {
	t = strings.TrimSpace(t)
	return t != "" && utf8.RuneCountInString(t) <= 60 && !hasDigit(t) && strings.IndexFunc(t, unicode.IsLetter) >= 0
}

var originallyRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:originally\s+(?:published|posted)|initialement\s+(?:publiée?|parue?)|publiée?\s+initialement|ursprünglich\s+(?:veröffentlicht|erschienen)|originalmente\s+publicad[oa]|publicad[oa]\s+originalmente|originariamente\s+pubblicat[oa]|pubblicat[oa]\s+originariamente|oorspronkelijk\s+gepubliceerd)`)
})

// originalDate reads the day from a sentence in which the post says when
// it first appeared: "This article was originally published on 26 Sep 2019
// but has been updated", "initialement publié le 3 mars 2021". The day
// must follow the words within 40 characters; "originally published in
// April 2017" gives no day, and "originally published on The
// Conversation" none at all.
func originalDate(t string, p dateParser) annals.Date {
	if !hasDigit(t) || !strings.Contains(t, "ubli") && !strings.Contains(t, "ubbli") && !strings.Contains(t, "ffentlicht") && !strings.Contains(t, "rschienen") && !strings.Contains(t, "osted") && !strings.Contains(t, "parue") {
		return annals.Date{}
	}
	loc := originallyRE().FindStringIndex(t)
	if loc == nil {
		return annals.Date{}
	}
	after := []rune(t[loc[1]:])
	if len(after) > 40 {
		after = after[:40]
	}
	d, _ := p.parseHuman(string(after))
	return d
}

// unseen reports whether n is never shown to readers: the hidden
// attribute, an inline display:none or visibility:hidden, or a page
// builder's classes that hide it at every screen size (Elementor's
// elementor-hidden-desktop, -tablet and -mobile together). A date inside
// is not printed for readers.
func unseen(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		return true
	}
	if st := attr(n, "style"); st != "" {
		st = strings.ReplaceAll(strings.ToLower(st), " ", "")
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			return true
		}
	}
	c := attr(n, "class")
	return strings.Contains(c, "hidden-desktop") && strings.Contains(c, "hidden-tablet") && strings.Contains(c, "hidden-mobile")
}

// teaserLink reports whether n is a link that holds a heading: a card
// that leads to another post, whose date is that post's.
func teaserLink(n *html.Node) bool {
	return n.DataAtom == atom.A && findFirst(n, func(x *html.Node) bool {
		return isElem(x, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6)
	}) != nil
}

// dateLabel returns the text before the date in t, which may be a label
// ("Updated: 5 March"); month names and weekdays are part of the date
// ("March 12, 2026", "Tue, 5 March"), not of a label, and give "", also
// after a label ("Updated on May 27, 2025" gives "Updated on").
func dateLabel(t string) string {
	label := t
	if i := strings.IndexFunc(t, unicode.IsDigit); i >= 0 {
		label = t[:i]
	}
	if dateWords(label) {
		return ""
	}
	if f := strings.Fields(label); len(f) > 1 && dateWords(f[len(f)-1]) {
		for len(f) > 0 && dateWords(f[len(f)-1]) {
			f = f[:len(f)-1]
		}
		return strings.Join(f, " ")
	}
	return label
}

// updatedMarkup reports whether n's class or microdata marks the date
// within as the last update's: <span class="updated-on">,
// <time itemprop="dateModified">, <div class="last-modified">. A class
// that also says published (WordPress's "entry-date published updated")
// does not, nor does the bare hAtom class "updated", which many themes
// put on the publication date. A label printed with the date ("Published
// Nov. 8") wins over the markup.
func updatedMarkup(n *html.Node) bool {
	if attr(n, "itemprop") == "dateModified" {
		return true
	}
	cid := classID(n)
	if cid == "" || strings.Contains(cid, "publish") || strings.Contains(cid, "posted") || !containsAny(cid, updatedClassWords) {
		return false
	}
	for c := range strings.FieldsSeq(cid) {
		for _, w := range updatedClassWords {
			if c != "updated" && strings.Contains(c, w) {
				return true
			}
		}
	}
	return false
}

// updatedClassWords in a class or id say that the date within is the
// last update's.
var updatedClassWords = []string{"updated", "modified", "last-update", "lastupdate"}

// publishedLabel reports whether label, the text before a date, names
// the publication: "Published:", "Erscheinungsdatum", "Publié le".
func publishedLabel(label string) bool {
	return labelEndsWith(label, ":：|-–— ", publishedLabels)
}

var publishedLabels = []string{"published", "published on", "publication date", "date published", "posted on", "posted",
	"veröffentlicht", "veröffentlicht am", "erscheinungsdatum", "publiziert", "publiziert am", "erschienen am",
	"publié le", "publié", "date de publication", "publicado", "publicado el", "publicado em", "fecha de publicación",
	"pubblicato", "pubblicato il", "data di pubblicazione", "gepubliceerd", "gepubliceerd op", "опубликовано", "дата публикации"}

// updatedLabel reports whether label, the text before a date, says the
// date is the last update's: "Updated:", "Frissítve:", "最終更新：".
func updatedLabel(label string) bool {
	return labelEndsWith(label, ":：|-–—( ", updatedLabels)
}

var updatedLabels = []string{"updated", "last updated", "updated on", "last modified", "modified", "aktualisiert", "aktualisiert am",
	"zuletzt aktualisiert", "geändert am", "frissítve", "mis à jour", "mis à jour le", "actualizado", "actualizado el",
	"atualizado", "atualizado em", "aggiornato", "aggiornato il", "bijgewerkt", "bijgewerkt op", "обновлено",
	"zaktualizowano", "aktualizováno", "aktualizace", "päivitetty", "güncellendi", "güncelleme", "güncellenme",
	"最終更新", "更新", "更新日", "업데이트", "수정", "עודכן", "تحديث", "آخر تحديث", "оновлено"}

// labelEndsWith reports whether label, lower-cased and without the
// trailing characters in cutset, ends with one of words.
func labelEndsWith(label, cutset string, words []string) bool {
	l := strings.TrimRight(strings.ToLower(strings.TrimSpace(label)), cutset)
	if l == "" {
		return false
	}
	for _, w := range words {
		if strings.HasSuffix(l, w) {
			return true
		}
	}
	return false
}

// profileClass reports whether n's class or id names a member profile
// box, whose dates say when someone joined, not when the post was written.
func profileClass(n *html.Node) bool {
	cid := classID(n)
	if cid == "" || !strings.Contains(cid, "profile") && !strings.Contains(cid, "joined") && !strings.Contains(cid, "info") &&
		!strings.Contains(cid, "member-since") && !strings.Contains(cid, "regdate") {
		return false
	}
	for c := range strings.FieldsSeq(cid) {
		if strings.HasSuffix(c, "profile") && !strings.HasPrefix(c, "has-") || strings.HasPrefix(c, "profile-") {
			return true
		}
		for _, w := range []string{"joined", "userinfo", "user-info", "member-since", "regdate"} {
			if strings.Contains(c, w) {
				return true
			}
		}
	}
	return false
}

// dateClass reports whether n's class or id names a date.
func dateClass(n *html.Node) bool {
	cid := classID(n)
	if cid == "" {
		return false
	}
	for _, w := range []string{"date", "time", "datum", "fecha", "data", "posted", "published", "byline", "meta", "stand", "info"} {
		if strings.Contains(cid, w) {
			return true
		}
	}
	return false
}

var urlDateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:/|$|[-_.])`)
})

var urlDayFirstRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[/_~-](0?[1-9]|[12]\d|3[01])[-_.](0?[1-9]|1[0-2])[-_.]((?:19|20)\d{2})(?:/|$|[-_.])`)
})

var urlCompactRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[/_~-])(\d{8})(?:/|$|[-_.])`)
})

// urlDate reads a publication day from a URL path: /2024/12/04/,
// /2024-12-04-slug, /04-12-2024, /20241204-slug or /04122024-slug. A year
// and month alone give nothing.
func urlDate(u string) string {
	if i := strings.LastIndex(u, "://"); i > 0 {
		// An archived URL (web.archive.org/web/<timestamp>/http://...):
		// only the original URL counts.
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if m := urlDateRE().FindStringSubmatch(u); m != nil && m[3] != "" {
		return m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])
	}
	if m := urlDayFirstRE().FindStringSubmatch(u); m != nil {
		return m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1])
	}
	if m := urlCompactRE().FindStringSubmatch(u); m != nil {
		d := m[1]
		for _, layout := range []string{"20060102", "02012006"} {
			if t, err := time.Parse(layout, d); err == nil && t.Year() >= 1995 && t.Year() <= 2100 {
				return t.Format("2006-01-02")
			}
		}
	}
	return ""
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
