package extract

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/annals-dev/annals"
)

// isCommentRoot reports whether n is (the root of) a comment section or a
// comment form: never part of the body, and never a source of post
// metadata.
func isCommentRoot(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if f, ok := nodeFlags(n); ok {
		return f&flagCommentRoot != 0
	}
	return computeCommentRoot(n, classID(n))
}

// computeCommentRoot reports whether n is a comment section's root.
func computeCommentRoot(n *html.Node, cid string) bool {
	if !strings.Contains(cid, "comment") && !strings.Contains(cid, "respond") && !strings.Contains(cid, "disqus") &&
		!strings.Contains(cid, "reply") && !strings.Contains(cid, "wpd") && !strings.Contains(cid, "reacti") &&
		!strings.Contains(cid, "komment") && !strings.Contains(cid, "comentar") && !strings.Contains(cid, "commentai") &&
		!strings.Contains(cid, "talkback") {
		return false
	}
	switch lower(attr(n, "id")) {
	case "comments", "comment", "respond", "disqus_thread", "comments-block", "comment-form", "commentform",
		"comment-holder", "comments-section", "comment-section", "reply-title", "comments-area", "discourse-comments",
		"reacties", "reactions", "kommentare", "commentaires", "comentarios", "commenti", "comentarios-section", "talkbacks":
		return true
	}
	for c := range strings.FieldsSeq(lower(attr(n, "class"))) {
		switch c {
		case "comments", "comments-area", "comment-list", "commentlist", "comment-respond", "comments-content",
			"wp-block-comments", "comments-section", "comment-section", "comment-form", "comments-wrapper",
			"comment-thread", "comments-block", "disqus", "comments-container", "post-comments", "article-comments",
			"commentlist-wrap", "comment-respond-wrap", "wpd-comments", "wpdiscuz", "wpd-thread-list", "talkbacks":
			return true
		}
	}
	return false
}

// commentItem reports whether n is one comment (which may contain replies).
func commentItem(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Li, atom.Div, atom.Article, atom.Section:
	default:
		return false
	}
	for c := range strings.FieldsSeq(attr(n, "class")) {
		switch strings.ToLower(c) {
		case "comment", "pingback", "trackback", "wp-block-comment", "p-comment", "u-comment", "h-cite",
			"comment-item", "single-comment", "wpd-comment", "js-comment":
			return true
		}
	}
	id := attr(n, "id")
	return n.DataAtom == atom.Li && commentIDRE().MatchString(id)
}

var commentIDRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:c|comment-|li-comment-|comment_|wpd-comm-)(\d+)(?:_\d+)?$`)
})

// comments finds the comment section, extracts its comments in page order
// and removes it from the document so the body search never sees it.
func (e *extractor) comments() ([]annals.Comment, *int) {
	roots := findAll(e.doc, isCommentRoot)
	var out []annals.Comment
	src := ""
	declared := e.declaredCount(roots)
	for _, r := range roots {
		if cs := e.blockCommentsLegacy(r); len(cs) > 0 {
			out, src = append(out, cs...), e.platformOr("markup")
			continue
		}
		if cs := e.itemComments(r); len(cs) > 0 {
			out, src = append(out, cs...), e.platformOr("markup")
		}
	}
	citesAreComments := false
	if len(out) == 0 {
		// Comments outside a recognised section: microformats, or items
		// anywhere in the page.
		if cs := e.itemComments(e.doc); len(cs) > 0 {
			out, src = cs, "markup"
			citesAreComments = true
		}
	}
	if len(out) == 0 {
		if cs := e.ldComments(); len(cs) > 0 {
			out, src = cs, "json-ld"
		}
	}
	if len(out) == 0 {
		// Markup of its own ("c-comment-card", "MtnComment"): repeated
		// siblings whose class says comment.
		if cs, items := e.genericComments(); len(cs) > 0 {
			out, src = cs, "heuristic"
			// The first item stays in the page until the body is chosen:
			// on a forum thread the first post is the article.
			for _, n := range items[1:] {
				detach(n)
			}
			e.firstGeneric = items[0]
		}
	}
	for _, r := range roots {
		detach(r)
	}
	// Comment items that sat outside a root are taken out too.
	for _, n := range findAll(e.doc, func(n *html.Node) bool {
		// An h-cite is a comment only where the page's comments are
		// marked so; elsewhere it is a quotation.
		return commentItem(n) && (citesAreComments || !hasClass(n, "h-cite"))
	}) {
		detach(n)
	}
	if out == nil {
		out = []annals.Comment{}
	}
	if len(out) > 0 {
		e.explain["comments"] = []Candidate{{strconv.Itoa(len(out)) + " comments", src}}
	}
	return out, declared
}

// itemComments extracts comment items under root; a comment's parent is
// the nearest enclosing comment item.
func (e *extractor) itemComments(root *html.Node) []annals.Comment {
	var out []annals.Comment
	var items []*html.Node
	ids := map[*html.Node]string{}
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		if commentItem(n) {
			items = append(items, n)
		}
		return true
	})
	for i, n := range items {
		c := e.parseItem(n)
		if c.ID == "" {
			c.ID = "c" + strconv.Itoa(i+1)
		}
		ids[n] = c.ID
		for p := n.Parent; p != nil && p != root.Parent; p = p.Parent {
			if id, ok := ids[p]; ok {
				c.ParentID = id
				break
			}
		}
		if c.Text == "" && !c.Deleted && c.Type == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// ownFirst returns the first element of comment n's own content that
// matches: nested replies and scripts are not searched.
func ownFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	return firstWithin(n, func(x *html.Node) bool {
		return commentItem(x) || x.Type == html.ElementNode && skipAtom(x.DataAtom) && x.DataAtom != atom.Time
	}, match)
}

// firstWithin returns the first element below n that matches, not
// descending into elements for which stop is true (nested comments).
func firstWithin(n *html.Node, stop, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(n, func(x *html.Node) bool {
		if found != nil || x != n && stop(x) {
			return false
		}
		if x.Type == html.ElementNode && x != n && match(x) {
			found = x
			return false
		}
		return true
	})
	return found
}

// classIn reports whether n's class list holds one of classes.
func classIn(n *html.Node, classes ...string) bool {
	cls := attr(n, "class") // looked up once, not once per class as hasClass would
	if cls == "" {
		return false
	}
	for _, c := range classes {
		if strings.Contains(cls, c) && hasToken(cls, c) {
			return true
		}
	}
	return false
}

var deletedPhrases = []string{
	"this comment has been removed", "comment has been deleted", "this comment was deleted",
	"dieser kommentar wurde", "ce commentaire a été supprimé", "este comentario ha sido eliminado",
	"este comentário foi removido", "комментарий удален",
}

// parseItem reads one platform comment: id, type, author, date, text.
func (e *extractor) parseItem(n *html.Node) annals.Comment {
	var c annals.Comment
	if m := commentIDRE().FindStringSubmatch(attr(n, "id")); m != nil {
		c.ID = m[1]
	} else if id := attr(n, "id"); id != "" {
		c.ID = id
	} else if id := attr(n, "data-comment-id"); id != "" {
		c.ID = id
	}
	switch {
	case hasClass(n, "pingback"):
		c.Type = "pingback"
	case hasClass(n, "trackback"):
		c.Type = "trackback"
	}
	if a := ownFirst(n, func(x *html.Node) bool {
		return x.DataAtom == atom.Cite && hasClass(x, "user") || classIn(x, "fn", "p-author", "comment-author-name", "wp-block-comment-author-name", "comment-author", "author-name", "comment__author", "username", "user-name", "wpd-comment-author") || attr(x, "itemprop") == "author" || bemPart(x, "author", "author-name", "name", "user")
	}); a != nil {
		if fn := findFirst(a, func(x *html.Node) bool {
			return x != a && (hasClass(x, "fn") || attr(x, "itemprop") == "name" || hasClass(x, "p-name"))
		}); fn != nil {
			a = fn
		}
		c.Author = cleanCommentAuthor(innerText(a))
		if link := findFirst(a, func(x *html.Node) bool { return x.DataAtom == atom.A }); link != nil {
			if h := e.resolveURL(attr(link, "href")); strings.HasPrefix(h, "http") {
				c.AuthorURL = h
			}
		}
	}
	if c.Author == "" && c.Type != "" {
		if a := ownFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.A && attr(x, "href") != "" && !isCommentChrome(x) }); a != nil {
			c.Author = innerText(a)
		}
	}
	c.Published = e.commentDate(n)
	if r := ownFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.A && hasClass(x, "u-in-reply-to") }); r != nil {
		// microformats: the comment answers the one its fragment names.
		if h := attr(r, "href"); strings.Contains(h, "#") {
			frag := h[strings.LastIndex(h, "#")+1:]
			if m := commentIDRE().FindStringSubmatch(frag); m != nil {
				c.ParentID = m[1]
			} else if frag != "" {
				c.ParentID = frag
			}
		}
	}
	body := ownFirst(n, func(x *html.Node) bool {
		return classIn(x, "comment-content", "comment-text", "comment_content", "comment_text", "wp-block-comment-content", "e-content", "p-content", "comment-body-text", "comment__content", "comment-entry", "wpd-comment-text") || attr(x, "itemprop") == "text" || attr(x, "itemprop") == "commentText" || bemPart(x, "body", "text", "content", "message")
	})
	if body == nil {
		body = ownFirst(n, func(x *html.Node) bool { return classIn(x, "comment-body", "comment_body") })
	}
	if body != nil {
		c.Text = renderText(body, isCommentChrome)
	} else {
		// The item's own text minus author, date and reply links.
		c.Text = renderText(n, func(x *html.Node) bool {
			return (x != n && commentItem(x)) || isCommentChrome(x) || classIn(x, "comment-author", "comment-meta", "comment-metadata", "comment-header", "comment-footer", "vcard", "fn", "datetime", "comment-date")
		})
	}
	c.Text = strings.TrimSpace(c.Text)
	if c.Type != "" {
		// A ping's text is its label and the linking post's title: "Pingback:
		// Blog » Post". Only an excerpt beyond that is text.
		if i := strings.IndexAny(c.Text, ":："); i > 0 && i < 20 {
			if l := strings.ToLower(c.Text[:i]); strings.Contains(l, "pingback") || strings.Contains(l, "trackback") || strings.Contains(l, "rétrolien") {
				c.Text = strings.TrimSpace(c.Text[i+len(string([]rune(c.Text[i:])[0])):])
			}
		}
		if titleKey(c.Text) == titleKey(c.Author) {
			c.Text = ""
		}
	}
	l := strings.ToLower(c.Text)
	for _, p := range deletedPhrases {
		if strings.HasPrefix(l, p) {
			c.Deleted = true
		}
	}
	if hasClass(n, "deleted") || hasClass(n, "comment-deleted") {
		c.Deleted = true
	}
	if c.Deleted {
		c.Text = "" // a tombstone: the platform's "removed" notice is not the comment
	}
	return c
}

// bemPart reports whether x's class names a BEM element of a comment
// block that is one of parts: "comment__time", "talkback__author",
// "c-comment__body--short".
func bemPart(x *html.Node, parts ...string) bool {
	cid := classID(x)
	if !strings.Contains(cid, "__") {
		return false
	}
	for c := range strings.FieldsSeq(cid) {
		i := strings.LastIndex(c, "__")
		if i < 0 {
			continue
		}
		block, el := c[:i], c[i+2:]
		if j := strings.Index(el, "--"); j >= 0 {
			el = el[:j]
		}
		if !strings.Contains(block, "comment") && !strings.Contains(block, "talkback") && !strings.Contains(block, "reply") && !strings.Contains(block, "komment") {
			continue
		}
		for _, p := range parts {
			if el == p {
				return true
			}
		}
	}
	return false
}

// isCommentChrome marks reply links and buttons inside a comment.
func isCommentChrome(x *html.Node) bool {
	if x.Type != html.ElementNode {
		return false
	}
	if x.DataAtom == atom.Form || x.DataAtom == atom.Button {
		return true
	}
	return classIn(x, "reply", "comment-reply-link", "comment-actions", "comment-reply", "comment-edit-link", "comment-awaiting-moderation", "comment-replybox-single", "comment-replies", "thread-toggle", "continue", "loadmore", "likebtn", "comment-like")
}

func cleanCommentAuthor(s string) string {
	s = clean(s)
	s = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(s, "..."), "…"), ": ")
	for _, suf := range []string{" says", " said", " schreibt", " sagt", " hat gesagt", " dice", " dijo", " disse", " a dit", " ha detto", " zegt", " сказал", " сказала", " napisał", " escribió"} {
		if strings.HasSuffix(strings.ToLower(s), suf) {
			s = s[:len(s)-len(suf)]
			break
		}
	}
	return strings.TrimSpace(s)
}

// commentDate reads a comment's time: Blogger's showComment epoch,
// time[datetime], microdata, then a date printed in the comment's header.
func (e *extractor) commentDate(n *html.Node) annals.Date {
	// Blogger links each comment as ?showComment=<epoch ms>: the exact time.
	if a := ownFirst(n, func(x *html.Node) bool {
		return x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "showComment=")
	}); a != nil {
		h := attr(a, "href")
		v := h[strings.Index(h, "showComment=")+len("showComment="):]
		if i := strings.IndexAny(v, "&#"); i >= 0 {
			v = v[:i]
		}
		if ms, err := strconv.ParseInt(v, 10, 64); err == nil && len(v) == 13 {
			if d, ok := validInstant(time.UnixMilli(ms).UTC()); ok {
				return d
			}
		}
	}
	if t := ownFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.Time && attr(x, "datetime") != "" }); t != nil {
		if d, ok := e.dates.parseMachine(attr(t, "datetime")); ok {
			return d
		}
	}
	if t := ownFirst(n, func(x *html.Node) bool {
		return attr(x, "itemprop") == "dateCreated" || attr(x, "itemprop") == "datePublished" || hasClass(x, "dt-published")
	}); t != nil {
		for _, k := range []string{"datetime", "content", "title"} {
			if d, ok := e.dates.parseMachine(attr(t, k)); ok {
				return d
			}
		}
	}
	if t := ownFirst(n, func(x *html.Node) bool {
		return classIn(x, "datetime", "comment-date", "comment-time", "comment-timestamp", "wp-block-comment-date", "comment-metadata", "comment-meta", "date", "timestamp", "published", "wpd-comment-date") || bemPart(x, "date", "time", "timestamp", "published")
	}); t != nil {
		if d, ok := e.dates.parseHuman(innerText(t)); ok {
			return d
		}
		if d, ok := e.dates.parseMachine(attr(t, "title")); ok {
			return d
		}
	}
	return annals.Date{}
}

// blockCommentsLegacy reads Blogger's legacy dl#comments-block: dt author,
// dd body, dd footer with the timestamp.
func (e *extractor) blockCommentsLegacy(root *html.Node) []annals.Comment {
	dl := findFirst(root, func(n *html.Node) bool {
		return n.DataAtom == atom.Dl && (attr(n, "id") == "comments-block" || hasClass(n, "comments-block"))
	})
	if dl == nil {
		return nil
	}
	var out []annals.Comment
	var cur *annals.Comment
	for c := dl.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch {
		case c.DataAtom == atom.Dt:
			if cur != nil {
				out = append(out, *cur)
			}
			cur = &annals.Comment{}
			if m := commentIDRE().FindStringSubmatch(attr(c, "id")); m != nil {
				cur.ID = m[1]
			} else if a := findFirst(c, func(x *html.Node) bool { return x.DataAtom == atom.A && attr(x, "name") != "" }); a != nil {
				cur.ID = strings.TrimPrefix(attr(a, "name"), "c")
			}
			cur.Author = cleanCommentAuthor(innerText(c))
		case cur != nil && c.DataAtom == atom.Dd && hasClass(c, "comment-footer"):
			if d, ok := e.dates.parseHuman(innerText(c)); ok {
				cur.Published = d
			}
		case cur != nil && c.DataAtom == atom.Dd:
			if id := attr(c, "id"); cur.ID == "" && strings.Contains(id, "cmt-") {
				cur.ID = id[strings.LastIndex(id, "-")+1:]
			}
			cur.Text = strings.TrimSpace(renderText(c, isCommentChrome))
			l := strings.ToLower(cur.Text)
			for _, p := range deletedPhrases {
				if strings.HasPrefix(l, p) {
					cur.Deleted, cur.Text = true, ""
				}
			}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	for i := range out {
		if out[i].ID == "" {
			out[i].ID = "c" + strconv.Itoa(i+1)
		}
	}
	return out
}

// ldComments reads JSON-LD Comment nodes (an article's comment array).
func (e *extractor) ldComments() []annals.Comment {
	if e.article == nil {
		return nil
	}
	var out []annals.Comment
	var visit func(v any, parent string, depth int)
	visit = func(v any, parent string, depth int) {
		if depth > 20 {
			return
		}
		switch x := e.ld.resolve(v).(type) {
		case []any:
			for _, c := range x {
				visit(c, parent, depth)
			}
		case map[string]any:
			c := annals.Comment{ParentID: parent}
			c.ID = ldString(x["@id"])
			if c.ID == "" {
				c.ID = ldString(x["url"])
			}
			if i := strings.LastIndex(c.ID, "#comment-"); i >= 0 {
				c.ID = c.ID[i+len("#comment-"):]
			}
			if names := e.ld.names(x["author"]); len(names) > 0 {
				c.Author = names[0]
			}
			for _, k := range []string{"dateCreated", "datePublished"} {
				if d, ok := e.dates.parseMachine(ldString(x[k])); ok {
					c.Published = d
					break
				}
			}
			c.Text = clean(htmlToText(ldString(x["text"])))
			if c.ID == "" {
				c.ID = "c" + strconv.Itoa(len(out)+1)
			}
			if c.Text != "" {
				out = append(out, c)
			}
			if r, ok := x["comment"]; ok {
				visit(r, c.ID, depth+1)
			}
		}
	}
	visit(e.article["comment"], "", 0)
	return out
}

// htmlToText renders an HTML fragment (as found in JSON-LD text) as text.
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"})
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(renderText(n, nil))
		b.WriteString("\n\n")
	}
	return b.String()
}

// declaredCount finds the number of comments the page declares: a
// data-num-comments attribute, JSON-LD commentCount, or a heading such as
// "No comments:", "12 comments" or "5 thoughts on …".
func (e *extractor) declaredCount(roots []*html.Node) *int {
	var cands []Candidate
	// On the section itself or an element in it (wpDiscuz's
	// div.wpd-thread-info[data-comments-count]).
	countAttr := func(x *html.Node) string {
		for _, k := range []string{"data-num-comments", "data-comments-count", "data-comment-count"} {
			if v := attr(x, k); v != "" {
				return v
			}
		}
		return ""
	}
	for _, r := range roots {
		if x := findFirst(r, func(x *html.Node) bool { return countAttr(x) != "" }); x != nil {
			cands = append(cands, Candidate{countAttr(x), "markup"})
		}
	}
	if e.article != nil {
		cands = append(cands, Candidate{ldString(e.article["commentCount"]), "json-ld"})
	}
	for _, r := range roots {
		for _, h := range findAll(r, func(n *html.Node) bool {
			return isElem(n, atom.H2, atom.H3, atom.H4, atom.H5) || classIn(n, "comments-title", "comment-count", "comments-count")
		}) {
			if n, ok := countFromText(innerText(h)); ok {
				cands = append(cands, Candidate{strconv.Itoa(n), "heading"})
				break
			}
		}
	}
	// Blogger's post footer link: "No comments:" / "3 comments:".
	if l := findFirst(e.doc, func(n *html.Node) bool {
		return classIn(n, "comment-link", "post-comment-link", "comments-link")
	}); l != nil {
		if n, ok := countFromText(innerText(l)); ok {
			cands = append(cands, Candidate{strconv.Itoa(n), "markup"})
		}
	}
	v := e.choose("comment_count", cands)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return nil
	}
	return &n
}

var countWords = []string{"réflexion", "avis", "gedanke", "pensamiento", "comment", "thought", "response", "repl", "kommentar", "commentaire", "comentario", "comentário", "commento", "commenti", "reactie", "reaktion", "antwort", "комментар", "отзыв", "ответ", "reaction", "respuesta", "resposta", "risposta",
	"تعليق", "תגוב", "talkback", "yorum", "yanıt", "svar", "kommentti", "hozzászólás", "komentarz", "odpowied", "komentář", "коментар", "відгук", "comentari", "コメント", "댓글", "评论", "評論"}

var numberWords = map[string]int{"no": 0, "zero": 0, "keine": 0, "aucun": 0, "sin": 0, "sem": 0, "nessun": 0, "geen": 0, "нет": 0,
	"one": 1, "a": 1, "ein": 1, "eine": 1, "un": 1, "une": 1, "uno": 1, "um": 1, "een": 1, "two": 2, "three": 3}

// leadingDigits returns the ASCII digits s starts with.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// countFromText parses "12 comments", "No comments:", "One thought on", "Kommentare (3)".
func countFromText(s string) (int, bool) {
	l := strings.ToLower(clean(s))
	if len(l) > 200 {
		return 0, false
	}
	hasWord := false
	for _, w := range countWords {
		if strings.Contains(l, w) {
			hasWord = true
			break
		}
	}
	if !hasWord {
		return 0, false
	}
	for _, w := range []string{"leave", "laisser", "hinterlass", "schreib", "deja ", "deixe", "lascia", "post a", "add a", "write a", "submit"} {
		if strings.Contains(l, w) {
			return 0, false // "Leave a comment", "Laisser un commentaire": a form, not a count
		}
	}
	fields := strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, f := range fields {
		if n, err := strconv.Atoi(f); err == nil {
			return n, true
		}
		if d := leadingDigits(f); d != "" && d != f {
			// A counter word written onto the number: "3件", "3개".
			if n, err := strconv.Atoi(d); err == nil {
				return n, true
			}
		}
		if n, ok := numberWords[f]; ok && i == 0 && i+1 < len(fields) {
			next := fields[i+1]
			for _, w := range countWords {
				if strings.HasPrefix(next, w) {
					return n, true
				}
			}
		}
	}
	return 0, false
}

// genericCommentClass reports whether class token c names one comment
// (not a list, form, count or a part of a comment).
func genericCommentClass(c string) bool {
	c = strings.ToLower(c)
	if !strings.Contains(c, "comment") && !strings.Contains(c, "kommentar") && !strings.Contains(c, "reply") && !strings.Contains(c, "review") && !strings.Contains(c, "talkback") {
		return false
	}
	if strings.Contains(c, "__") {
		return false // a BEM element ("talkback__head") is a part of one
	}
	for _, w := range []string{"list", "section", "area", "form", "respond", "count", "title", "meta", "author", "content",
		"text", "body", "date", "time", "info", "link", "button", "header", "footer", "avatar", "wrap", "container",
		"holder", "block", "thread", "profile", "name", "action", "rating", "star", "nav", "pagination", "more", "number", "icon", "field", "submit", "input"} {
		if strings.Contains(c, w) {
			return false
		}
	}
	return true
}

// singleCommentClass reports whether a class attribute names one comment
// unambiguously ("c-comment-card", "comment-item"), so that even a lone
// element is a comment.
func singleCommentClass(class string) bool {
	for c := range strings.FieldsSeq(strings.ToLower(class)) {
		for _, w := range []string{"comment-card", "comment_card", "commentcard", "comment-item", "comment_item", "commentitem", "comment-entry", "single-comment", "comment-box"} {
			if strings.Contains(c, w) && !strings.Contains(c, "__") {
				return true
			}
		}
	}
	return false
}

// genericComments finds comments in markup annals has no rule for: two or
// more elements of the same tag and class, the class naming a single
// comment (or one element whose class names it unambiguously). It returns the comments and their elements.
func (e *extractor) genericComments() ([]annals.Comment, []*html.Node) {
	type key struct {
		class string
		tag   atom.Atom
	}
	groups := map[key][]*html.Node{}
	var order []key
	walk(e.doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) || n.DataAtom == atom.Nav {
			return false
		}
		if offPost(n) && !isCommentRoot(n) {
			// Sidebars and widgets: a Recent Comments list holds other
			// posts' comments, never this one's.
			return false
		}
		switch n.DataAtom {
		case atom.Div, atom.Li, atom.Article, atom.Section, atom.Blockquote:
		case atom.P:
			// <blockquote><small>Name</small><p class="comment">Text</p>,
			// a review list's text paragraph.
			if !hasClass(n, "comment") && !hasClass(n, "review") {
				return true
			}
		default:
			return true
		}
		for c := range strings.FieldsSeq(attr(n, "class")) {
			if genericCommentClass(c) {
				k := key{attr(n, "class"), n.DataAtom}
				if _, ok := groups[k]; !ok {
					order = append(order, k)
				}
				groups[k] = append(groups[k], n)
				break
			}
		}
		return true
	})
	var items []*html.Node
	for _, k := range order {
		g := groups[k]
		if len(g) >= 2 || singleCommentClass(k.class) {
			items = append(items, g...)
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	isItem := map[*html.Node]bool{}
	for _, n := range items {
		isItem[n] = true
	}
	var out []annals.Comment
	var kept []*html.Node
	ids := map[*html.Node]string{}
	// Document order: walk again.
	walk(e.doc, func(n *html.Node) bool {
		if !isItem[n] {
			return true
		}
		c := e.parseGenericItem(n, isItem)
		if c.Text == "" {
			return true
		}
		if c.ID == "" {
			c.ID = "c" + strconv.Itoa(len(out)+1)
		}
		ids[n] = c.ID
		for p := n.Parent; p != nil; p = p.Parent {
			if id, ok := ids[p]; ok {
				c.ParentID = id
				break
			}
		}
		out = append(out, c)
		kept = append(kept, n)
		return true
	})
	return out, kept
}

// parseGenericItem reads author, date and text from a comment element
// found by genericComments, leaving nested comments to themselves.
func (e *extractor) parseGenericItem(n *html.Node, isItem map[*html.Node]bool) annals.Comment {
	var c annals.Comment
	if id := attr(n, "id"); id != "" {
		c.ID = id
		if m := commentIDRE().FindStringSubmatch(id); m != nil {
			c.ID = m[1]
		}
	}
	inner := func(match func(*html.Node) bool) *html.Node {
		return firstWithin(n, func(x *html.Node) bool { return isItem[x] }, match)
	}
	classHas := func(x *html.Node, words ...string) bool {
		cid := classID(x)
		for _, w := range words {
			if strings.Contains(cid, w) {
				return true
			}
		}
		return false
	}
	if a := inner(func(x *html.Node) bool {
		return classHas(x, "author", "name", "user", "account") && textLen(x) > 0 && textLen(x) < 80
	}); a != nil {
		c.Author = cleanCommentAuthor(innerText(a))
	}
	if t := inner(func(x *html.Node) bool { return x.DataAtom == atom.Time }); t != nil {
		if d, ok := e.dates.parseMachine(attr(t, "datetime")); ok {
			c.Published = d
		} else if d, ok := e.dates.parseHuman(innerText(t)); ok {
			c.Published = d
		}
	}
	if c.Published.IsZero() {
		if t := inner(func(x *html.Node) bool { return classHas(x, "date", "time") && textLen(x) < 60 }); t != nil {
			if d, ok := e.dates.parseHuman(innerText(t)); ok {
				c.Published = d
			}
		}
	}
	body := inner(func(x *html.Node) bool { return classHas(x, "text", "content", "body", "message") && textLen(x) > 0 })
	if body != nil {
		c.Text = strings.TrimSpace(renderText(body, isCommentChrome))
	} else {
		c.Text = strings.TrimSpace(renderText(n, func(x *html.Node) bool {
			return x != n && isItem[x] || isCommentChrome(x) || classHas(x, "author", "name", "user", "date", "time", "meta", "info", "avatar")
		}))
	}
	return c
}

// settleFirstGeneric decides about the first generically found comment once
// the body is chosen: when the body lies inside it (a forum's first post),
// it is the article, not a comment; otherwise it leaves the page.
func (e *extractor) settleFirstGeneric(p *annals.Post) {
	n := e.firstGeneric
	if n == nil {
		return
	}
	for _, b := range e.body {
		if isAncestor(n, b) || isAncestor(b, n) {
			if len(p.Comments) > 0 {
				// The thread starter wrote the article.
				e.starter = p.Comments[0].Author
				id := p.Comments[0].ID
				p.Comments = p.Comments[1:]
				for i := range p.Comments {
					if p.Comments[i].ParentID == id {
						p.Comments[i].ParentID = ""
					}
				}
			}
			return
		}
	}
	detach(n)
}
