package extract

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The structure-based thread reader reads a forum thread whose software
// no profile knows. A thread's posts are siblings of one shape (tag and
// class), each holding a message of running text and the marks of a post:
// its author, its time, a permalink or numbered id, an avatar, schema.org
// post markup. The largest such group holds the thread.

// Signal words of the structure-based thread reader, in class and id
// values.
var (
	// postAuthorWords mark a post's author name or user card.
	postAuthorWords = wordSet{"author", "username", "user-name", "user_name", "poster", "postprofile", "userinfo", "user-info", "nickname", "member-name", "membername"}
	// postDateWords mark a post's time.
	postDateWords = wordSet{"date", "time", "posted", "timestamp"}
	// postMessageWords mark the message inside a post.
	postMessageWords = wordSet{"message", "content", "body", "text", "entry", "postbody", "post-body", "msg"}
	// postQuoteWords mark a quotation of another post.
	postQuoteWords = wordSet{"quote", "quotebox", "quotecontent", "quotecontainer", "bbcodequote", "quotemain"}
	// postChromeWords mark what inside a post is not its message: the
	// user card, the header and footer lines, action bars, signatures.
	postChromeWords = wordSet{"author", "user", "avatar", "profile", "poster", "signature", "sig", "meta", "header", "footer", "info", "date", "time", "action", "toolbar", "controls", "buttons", "vote", "reaction", "like", "share", "permalink", "byline", "rank", "badge", "stats", "quote", "attribution"}
)

// postLinkRE matches the link to a user's profile or to one post: the
// marks of a post among its siblings.
var postLinkRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)/(users?|members?|profiles?|u|people|author)/[^/?#]|member\.php|profile\.php|viewprofile|[?&](u|user|userid|uid)=\d|#(p|post|comment|msg|message|reply|entry|answer|c)[-_]?\d`)
})

// postLinkHints are the strings one of which a link postLinkRE matches
// holds, lower-cased: most links are told apart without the pattern.
var postLinkHints = []string{"#", "user", "member", "profile", "/u/", "people", "author", "u=", "uid="}

// postLink returns what of href postLinkRE matches, or "".
func postLink(href string) string {
	h := lower(href)
	for _, s := range postLinkHints {
		if strings.Contains(h, s) {
			return postLinkRE().FindString(href)
		}
	}
	return ""
}

// numberedIDRE matches an id that numbers a post: "post_123", "p4567",
// "comment-89", "msg12".
var numberedIDRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z_-]*\d{2,}$`)
})

// minStructPosts is the least number of posts a group needs to be read
// as a thread.
const minStructPosts = 3

// minPostText is the least text (outside links) a post's element holds.
const minPostText = 25

// maxPostText is the most text a post's element holds: a larger box
// holds a page's columns or sections, not one post.
const maxPostText = 20000

// postGroup is a group of sibling posts under one parent.
type postGroup struct {
	items []*html.Node
	text  int
	shape string
}

// structThread reads the page as a thread from the structure of its
// posts; nil when no group of sibling elements looks like posts. When
// answers is set (a Q&A page), the posts are the answers: the question
// is the body, found as a post's is.
func (e *extractor) structThread(answers bool, marks int) *thread {
	body := bodyElement(e.doc)
	if body == nil {
		return nil
	}
	st := e.measured(body)
	var best postGroup
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if skipAtom(n.DataAtom) {
			return false
		}
		switch n.DataAtom {
		case atom.Nav, atom.Aside, atom.Footer:
			return false
		}
		if st.textOf(n) < minStructPosts*minPostText || chromeRoles[attr(n, "role")] || frameWords.bounded(classID(n)) {
			return false
		}
		if g := postSiblings(n, st, marks); g.text > best.text {
			best = g
		}
		return true
	})
	if len(best.items) == 0 {
		return nil
	}
	return e.readStructThread(nestedPosts(best), st, answers)
}

// nestedPosts returns the group's posts with the replies nested among
// them (a threaded discussion indents replies in boxes of their own):
// every element of the group's shape under its parent, in page order.
func nestedPosts(g postGroup) []*html.Node {
	if strings.HasPrefix(g.shape, "*") {
		return g.items // grouped by tag alone: nested posts are not told apart
	}
	var out []*html.Node
	walk(g.items[0].Parent, func(x *html.Node) bool {
		if x.Type != html.ElementNode || skipAtom(x.DataAtom) {
			return x.Type != html.ElementNode
		}
		if postShape(x) == g.shape {
			out = append(out, x)
		}
		return true
	})
	return out
}

// openingMessage returns the first post's message when the thread prints
// it before its replies in markup of its own (a question above its
// answers, a discussion above its comments): the largest element before
// the first reply of the replies' message tag that shares a class with
// it. Nil when there is none.
func openingMessage(body, first, like *html.Node, st stats) *html.Node {
	if like == nil {
		return nil
	}
	classes := strings.Fields(lower(attr(like, "class")))
	var best *html.Node
	bestText := 0
	done := false
	walk(body, func(x *html.Node) bool {
		if done || x == first {
			done = true
			return false
		}
		if x.Type != html.ElementNode {
			return true
		}
		if skipAtom(x.DataAtom) || chromeRoles[attr(x, "role")] {
			return false
		}
		switch x.DataAtom {
		case atom.Nav, atom.Aside, atom.Footer:
			return false
		}
		t := st.textOf(x)
		if t < minPostText {
			return false
		}
		if x.DataAtom == like.DataAtom && t > bestText && shareClass(x, classes) {
			best, bestText = x, t
		}
		return true
	})
	return best
}

// shareClass reports whether n has one of classes.
func shareClass(n *html.Node, classes []string) bool {
	for c := range strings.FieldsSeq(lower(attr(n, "class"))) {
		for _, k := range classes {
			if c == k {
				return true
			}
		}
	}
	return false
}

// postShape returns the shape that groups n with its sibling posts: its
// tag and first class, digits left out ("row1" and "row2" alternate) and
// alternation words skipped.
func postShape(n *html.Node) string {
	for c := range strings.FieldsSeq(lower(attr(n, "class"))) {
		c = strings.TrimRight(c, "0123456789")
		switch c {
		case "", "odd", "even", "alt", "first", "last":
			continue
		}
		return n.Data + "." + c
	}
	return n.Data
}

// postSiblings returns the largest group of n's children of one shape
// that look like posts, with their text; empty when fewer than
// minStructPosts do, or when a third of the group's items do not. Each
// post shows marks or more of the kinds postSignals counts.
func postSiblings(n *html.Node, st stats, marks int) postGroup {
	var cands []*html.Node
	for c := range elementChildren(n) {
		switch c.DataAtom {
		case atom.P, atom.Span, atom.A, atom.Br, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Pre, atom.Blockquote, atom.Img:
			continue // running text, not posts
		}
		cs := st[c]
		if cs == nil || cs.text-cs.linked < minPostText || cs.text > maxPostText || 2*cs.linked > cs.text || hiddenElement(c) {
			continue
		}
		cands = append(cands, c)
	}
	if len(cands) < minStructPosts {
		return postGroup{}
	}
	// Posts are grouped by shape, and by tag alone: the first post or
	// the moderators' may carry a class of their own.
	keys := make([][2]string, len(cands))
	tried := map[string]int{}
	var order []string
	for i, c := range cands {
		keys[i] = [2]string{postShape(c), "*" + c.Data}
		for _, k := range keys[i] {
			if tried[k] == 0 {
				order = append(order, k)
			}
			tried[k]++
		}
	}
	marked := make([]int, len(cands)) // 0 unknown, 1 a post, -1 not
	var best postGroup
	for _, k := range order {
		if tried[k] < minStructPosts {
			continue
		}
		g := postGroup{shape: k}
		for i, c := range cands {
			if keys[i][0] != k && keys[i][1] != k {
				continue
			}
			if marked[i] == 0 {
				marked[i] = -1
				if postSignals(c, st, marks, marks > 2) >= marks {
					marked[i] = 1
				}
			}
			if marked[i] == 1 {
				g.items = append(g.items, c)
				g.text += st[c].text - st[c].linked
			}
		}
		// A group of one shape wins over the same posts grouped by tag.
		better := g.text > best.text || g.text == best.text && k[0] != '*' && best.shape != "" && best.shape[0] == '*'
		if len(g.items) >= minStructPosts && 3*len(g.items) >= 2*tried[k] && better && (k[0] != '*' || mostlyOneShape(g.items)) {
			best = g
		}
	}
	return best
}

// mostlyOneShape reports whether half the items or more share one shape:
// a group of one tag is posts of which a few carry a class of their own,
// not boxes of different kinds.
func mostlyOneShape(items []*html.Node) bool {
	count := map[string]int{}
	for _, it := range items {
		k := postShape(it)
		if count[k]++; 2*count[k] >= len(items) {
			return true
		}
	}
	return false
}

// postSignals counts the kinds of post marks n holds, up to need: an
// author, a time, a permalink or numbered id, an avatar, schema.org post
// markup. An article element (or role) counts as post markup unless
// strict: a page's list of articles shows them too. The marks are looked
// for among n's first postSignalElements elements (a post's header and
// footer).
func postSignals(n *html.Node, st stats, need int, strict bool) int {
	var author, date, link, avatar, schema bool
	count := func() int {
		k := 0
		for _, b := range [...]bool{author, date, link, avatar, schema} {
			if b {
				k++
			}
		}
		return k
	}
	if numberedIDRE().MatchString(lower(attr(n, "id"))) || hasAttr(n, "data-post-id") || hasAttr(n, "data-postid") || hasAttr(n, "data-comment-id") {
		link = true
	}
	if !strict && (attr(n, "role") == "article" || n.DataAtom == atom.Article) {
		schema = true
	}
	seen := 0
	walk(n, func(x *html.Node) bool {
		if x.Type != html.ElementNode || seen > postSignalElements {
			return false
		}
		if skipAtom(x.DataAtom) && x.DataAtom != atom.Svg {
			return false
		}
		seen++
		switch x.DataAtom {
		case atom.Time:
			date = true
		case atom.A:
			if m := postLink(attr(x, "href")); m != "" {
				if strings.Contains(m, "#") {
					link = true
				} else {
					author = true
				}
			}
			if numberedIDRE().MatchString(attr(x, "name")) {
				link = true
			}
		case atom.Img:
			if strings.Contains(lower(attr(x, "class")+" "+attr(x, "alt")+" "+attr(x, "src")), "avatar") {
				avatar = true
			}
		}
		switch attr(x, "itemprop") {
		case "author", "creator":
			author = true
		case "datePublished", "dateCreated":
			date = true
		}
		if t := lower(attr(x, "itemtype")); strings.HasSuffix(t, "/comment") || strings.HasSuffix(t, "/answer") || strings.HasSuffix(t, "/discussionforumposting") {
			schema = true
		}
		if cid := classID(x); cid != "" {
			switch {
			case !author && postAuthorWords.in(cid):
				author = true
			case !date && postDateWords.bounded(cid) && st.textOf(x) < 80:
				date = true
			case !avatar && strings.Contains(cid, "avatar"):
				avatar = true
			}
		}
		if count() >= need {
			seen = postSignalElements + 1 // enough: stop looking
		}
		return true
	})
	return count()
}

// postSignalElements is the number of a post's elements postSignals
// looks through.
const postSignalElements = 300

// postMessage returns the message inside post: its smallest element
// whose class or id names a message and that still holds two fifths of
// the post's text or more (the message's outer boxes hold the user card too); nil
// when none does.
func postMessage(post *html.Node, st stats, isPost map[*html.Node]bool) *html.Node {
	total := st.textOf(post)
	var best *html.Node
	bestText := 0
	walk(post, func(x *html.Node) bool {
		if x.Type != html.ElementNode || x == post {
			return true
		}
		if skipAtom(x.DataAtom) || isPost[x] {
			return false
		}
		cid := classID(x)
		if cid == "" {
			return true
		}
		if postChromeWords.bounded(cid) && !postMessageWords.bounded(cid) {
			return false
		}
		if t := st.textOf(x); postMessageWords.bounded(cid) && (best == nil || t < bestText) && 5*t >= 2*total {
			best, bestText = x, t
		}
		return true
	})
	return best
}

// postChrome reports whether x, inside a post read without a message
// element, is not its text: the user card, header and footer lines,
// action bars, signatures, buttons and forms.
func postChrome(x *html.Node) bool {
	switch x.DataAtom {
	case atom.Form, atom.Button, atom.Header, atom.Footer, atom.Nav, atom.Img:
		return true
	}
	cid := classID(x)
	return cid != "" && postChromeWords.bounded(cid)
}

// postQuote reports whether x, inside a reply, quotes another post.
func postQuote(x *html.Node) bool {
	return x.DataAtom == atom.Blockquote || postQuoteWords.bounded(classID(x))
}

// readStructThread reads the posts items (siblings, in page order) as a
// thread: the first is the body, the others its replies, unless the
// thread prints its first post before them in markup of its own
// (openingMessage); all the items are then replies.
func (e *extractor) readStructThread(items []*html.Node, st stats, answers bool) *thread {
	t := &thread{software: "structure"}
	isPost := make(map[*html.Node]bool, len(items))
	for _, p := range items {
		isPost[p] = true
	}
	msgs := make([]*html.Node, len(items))
	var like *html.Node
	for i, p := range items {
		msgs[i] = postMessage(p, st, isPost)
		if like == nil && i > 0 && msgs[i] != nil {
			like = msgs[i]
		}
	}
	opening := openingMessage(bodyElement(e.doc), items[0], like, st)
	if answers {
		opening = nil
	}
	if opening != nil {
		t.first = []*html.Node{opening}
		e.pruneHidden(opening)
	}
	for i, p := range items {
		msg := msgs[i]
		skip := func(x *html.Node) bool { return isPost[x] || threadChrome(x) || isCommentChrome(x) }
		if msg == nil {
			msg = p
			skip = func(x *html.Node) bool { return isPost[x] || threadChrome(x) || isCommentChrome(x) || postChrome(x) }
		}
		c := e.parseGenericItem(p, isPost)
		if a := postAuthorName(p, isPost); a != "" {
			c.Author = a
		}
		c.Author = cleanCommentAuthor(c.Author)
		if c.Published.IsZero() {
			c.Published = e.commentDate(p)
		}
		if m := numberedIDRE().FindString(lower(attr(p, "id"))); m != "" {
			c.ID = strings.TrimLeft(m, "abcdefghijklmnopqrstuvwxyz_-")
		}
		if i == 0 && opening == nil && !answers {
			t.starter, t.published = c.Author, c.Published
			for _, d := range findAll(msg, func(x *html.Node) bool { return x != msg && skip(x) }) {
				detach(d)
			}
			e.pruneHidden(msg)
			t.first = []*html.Node{msg}
			continue
		}
		lead := leadingQuote(msg)
		c.Text = replyText(msg, func(x *html.Node) bool { return x == lead || postQuote(x) || skip(x) })
		if c.Text != "" {
			t.replies = append(t.replies, c)
		}
	}
	for i, p := range items {
		if i > 0 || len(t.first) == 0 || t.first[0] != msgs[0] && t.first[0] != p {
			t.posts = append(t.posts, p)
		}
	}
	e.explain["comments"] = []Candidate{{strconv.Itoa(len(t.replies)) + " replies", "structure"}}
	return t
}

// threadByStructure reads a page no forum profile read as a thread by
// the structure of its posts (structThread), when its kind allows: on a
// thread the first post is the body; on a Q&A page, and on a page taken
// as a post, the posts are replies and the body is found as a post's is.
// A post's page may hold a comment section, so its posts must show more
// marks of a post. The posts read as replies are not detached: the caller
// detaches t.posts once it takes the thread.
func (e *extractor) threadByStructure(kind Kind, path string) *thread {
	switch kind {
	case KindThread:
		return e.structThread(false, 2)
	case KindQA:
		return e.structThread(true, 2)
	case KindPost:
		// Only a post whose address says thread (/t/…, /topic/…,
		// viewtopic.php) is searched: most posts are articles, and the
		// search costs a tenth of their extraction.
		if threadPathRE().MatchString(path) {
			return e.structThread(true, 3)
		}
	}
	return nil
}

// postAuthorName returns the name of a post's author: the text of its
// itemprop=author (or its name), else of its first link to a user's
// profile; "" when neither is found.
func postAuthorName(post *html.Node, isPost map[*html.Node]bool) string {
	stop := func(x *html.Node) bool { return x != post && isPost[x] }
	if a := firstWithin(post, stop, func(x *html.Node) bool { return attr(x, "itemprop") == "author" || attr(x, "itemprop") == "creator" }); a != nil {
		if n := itemName(a); n != "" && len(n) < 60 {
			return n
		}
	}
	if a := firstWithin(post, stop, func(x *html.Node) bool {
		if x.DataAtom != atom.A {
			return false
		}
		m := postLink(attr(x, "href"))
		return m != "" && !strings.Contains(m, "#") && textLen(x) > 1 && textLen(x) < 40
	}); a != nil {
		return innerText(a)
	}
	return ""
}
