package extract

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/annals-dev/annals"
)

// thread is a forum thread or a Q&A page read post by post: the first post
// is the article, the others are its replies.
type thread struct {
	// software names the forum package whose markup was recognised
	// ("discourse", "xenforo", …, "generic").
	software string
	// first holds the first post's message nodes: they become the body.
	first []*html.Node
	// replies are the later posts (and per-post comments on Q&A pages),
	// in page order.
	replies []annals.Comment
	// starter is the author of the first post.
	starter string
	// published is the first post's time.
	published annals.Date
	// posts are the replies' elements the structure-based reader found,
	// to be detached when the thread is taken.
	posts []*html.Node
}

// forumProfile says where one forum package puts a thread's posts.
type forumProfile struct {
	name string
	// page reports whether the page carries the package's markup.
	page func(e *extractor) bool
	// marker matches an element only the package's pages hold, given its
	// class attribute; page asks forumMarked whether the page has one
	// (found in one walk for all).
	marker func(n *html.Node, cls string) bool
	// hint is a lower-case string that the class-and-id (classID) of every
	// element marker matches holds, so that marker is asked only of those;
	// empty when marker may match by other attributes.
	hint string
	// post matches a post's container. When nil, a post is the largest
	// ancestor of a message that holds no other message.
	post func(n *html.Node) bool
	// body matches the message inside a post.
	body func(n *html.Node) bool
	// author returns the post's author; nil reads the usual markup.
	author func(post, body *html.Node) string
	// date returns the post's time; nil reads the usual markup.
	date func(e *extractor, post, body *html.Node) annals.Date
	// id returns the post's id; nil reads the usual attributes.
	id func(post *html.Node) string
	// quote matches a quotation of another post inside a message, and
	// quoted returns the id of the post it quotes, when the markup says.
	quote  func(n *html.Node) bool
	quoted func(q *html.Node) string
	// parent returns the id of the post this one answers, when the markup
	// names it outside any quotation.
	parent func(post *html.Node) string
	// chrome matches what inside a message is not its text: signatures,
	// edit notes, buttons, reply-to banners.
	chrome func(n *html.Node) bool
	// comments returns the comments attached to one post (Q&A sites).
	comments func(e *extractor, post *html.Node, postID string) []annals.Comment
	// foreign reports whether a post belongs to another thread the page
	// shows (a related question's answer); such posts are left out.
	foreign func(post *html.Node) bool
	// minPosts is the number of posts below which the page is not taken
	// as a thread of this package (0 means 1).
	minPosts int
}

// forumGenerators maps a word of <meta name=generator> to the forum
// package it names.
var forumGenerators = map[string]string{
	"discourse": "discourse", "xenforo": "xenforo", "phpbb": "phpbb", "vbulletin": "vbulletin",
	"invision": "invision", "nodebb": "nodebb", "flarum": "flarum", "vanilla": "vanilla",
	"smf": "smf", "simple machines": "smf", "mybb": "mybb", "lemmy": "lemmy",
}

// threadChromeClasses are class words of the parts of a post that are
// not its text: signatures, like and reply bars, edit notes, user cards.
var threadChromeClasses = []string{
	"signature", "message-signature", "postsignature", "post-signature", "sig-content",
	"message-lastedit", "lastedit", "editedby", "edit-notice", "post-edited",
	"likesbar", "reactionsbar", "message-reactionsummary", "reactions-bar", "post-likes",
	"message-footer", "message-actionbar", "actionbar", "post-controls", "post-menu-area", "post-actions",
	"bbcodeblock-expandlink", "bbcodeblock-expandcontent-overlay", "ipsquote_citation",
	"share-buttons", "vote-count", "post-footer",
	// XenForo's preview card of a linked page (title, snippet, host).
	"bbcodeblock--unfurl",
}

// quoteRefRE reads a post id out of quote attributes and links:
// "post: 123", "p=123#p123", "#post123", "/post-123".
var quoteRefRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:post[:=_ -]*|post\?id=|[?&]p=|#p|#post|/post-|comment-?)(\d+)`)
})

// postIDRE reads a numeric id out of a post container's id attribute.
var postIDRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:js-)?(?:post|p|post_message|postcontainer|elcomment|comment|message|msg|answer|question|reply|entry|edit|td_post)?[-_]?(\d+)$`)
})

// forumMarked reports whether the page holds the marker element of the
// forum profile named name.
func (e *extractor) forumMarked(name string) bool { return e.facts.forumMarked[name] }

// forumProfiles are the forum packages, tried in order; the generic
// schema.org profile comes last.
var forumProfiles = []forumProfile{
	{
		name: "discourse",
		hint: "crawler-post",
		page: func(e *extractor) bool {
			return e.generator("discourse") || e.forumMarked("discourse")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "crawler-post") },
		post:   func(n *html.Node) bool { return hasClass(n, "topic-body") || hasClass(n, "crawler-post") },
		body: func(n *html.Node) bool {
			return hasClass(n, "post") && attr(n, "itemprop") == "text" || hasClass(n, "cooked")
		},
		author: func(post, body *html.Node) string {
			return itemName(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "creator") || attr(x, "itemprop") == "author" }))
		},
		quote:  func(n *html.Node) bool { return n.DataAtom == atom.Aside && hasClass(n, "quote") },
		quoted: func(q *html.Node) string { return attr(q, "data-post") },
		chrome: func(n *html.Node) bool {
			// Image boxes print "name 1024×768 52 KB" under each image.
			return hasClass(n, "meta") && findFirst(n, func(x *html.Node) bool { return hasClass(x, "filename") || hasClass(x, "informations") }) != nil ||
				hasClass(n, "crawler-linkback-list") || hasClass(n, "post-likes")
		},
	},
	{
		name: "xenforo",
		hint: "js-post",
		page: func(e *extractor) bool {
			id := attr(htmlElement(e.doc), "id")
			return e.generator("xenforo") || id == "XF" || id == "XenForo" ||
				e.forumMarked("xenforo")
		},
		marker: func(n *html.Node, cls string) bool {
			return n.DataAtom == atom.Article && classHas(cls, "message") && classHas(cls, "js-post")
		},
		post: func(n *html.Node) bool {
			// XenForo 2: article.message--post; XenForo 1: li.message[data-author].
			return (n.DataAtom == atom.Article || n.DataAtom == atom.Div) && hasClass(n, "message") && (hasClass(n, "message--post") || hasClass(n, "js-post")) ||
				hasAttr(n, "data-author") && (hasClass(n, "message") || hasClass(n, "js-post"))
		},
		body: func(n *html.Node) bool {
			return hasClass(n, "bbWrapper") && !insideClass(n, "message-signature") || hasClass(n, "messageText")
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			// XenForo 1 prints abbr.DateTime[data-time] (epoch seconds) or
			// span.DateTime[title].
			if t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "DateTime") }); t != nil {
				if v, err := strconv.ParseInt(attr(t, "data-time"), 10, 64); err == nil {
					if d, ok := validInstant(time.Unix(v, 0).UTC()); ok {
						return d
					}
				}
				if d, ok := e.dates.parseHuman(attr(t, "title")); ok {
					return d
				}
				if d, ok := e.dates.parseHuman(innerText(t)); ok {
					return d
				}
			}
			return annals.Date{}
		},
		author: func(post, body *html.Node) string {
			if a := attr(post, "data-author"); a != "" {
				return a
			}
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "message-name") || hasClass(x, "username") }))
		},
		id: func(post *html.Node) string {
			if m := quoteRefRE().FindStringSubmatch(attr(post, "data-content")); m != nil {
				return m[1]
			}
			return ""
		},
		quote: func(n *html.Node) bool { return hasClass(n, "bbCodeBlock--quote") || hasClass(n, "bbCodeQuote") },
		quoted: func(q *html.Node) string {
			if m := quoteRefRE().FindStringSubmatch(attr(q, "data-source")); m != nil {
				return m[1]
			}
			if a := findFirst(q, func(x *html.Node) bool {
				return hasClass(x, "AttributionLink") || hasClass(x, "bbCodeBlock-sourceJump")
			}); a != nil {
				for _, k := range []string{"data-content-selector", "href"} {
					if m := quoteRefRE().FindStringSubmatch(attr(a, k)); m != nil {
						return m[1]
					}
				}
			}
			return ""
		},
	},
	{
		name: "invision",
		page: func(e *extractor) bool {
			return e.forumMarked("invision")
		},
		marker: func(n *html.Node, cls string) bool {
			return attr(n, "data-role") == "commentContent" || classHas(cls, "ipsComment")
		},
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Article && (hasClass(n, "ipsComment") || strings.HasPrefix(attr(n, "id"), "elComment_"))
		},
		body: func(n *html.Node) bool { return attr(n, "data-role") == "commentContent" },
		author: func(post, body *html.Node) string {
			return itemName(firstOutside(post, body, func(x *html.Node) bool {
				return hasClass(x, "cAuthorPane_author") || hasClass(x, "ipsEntry__username") || hasClass(x, "ipsUsername") ||
					attr(x, "itemprop") == "author" || attr(x, "data-role") == "author"
			}))
		},
		id: func(post *html.Node) string {
			if id := attr(post, "data-commentid"); id != "" {
				return id
			}
			return strings.TrimPrefix(attr(post, "id"), "elComment_")
		},
		quote:  func(n *html.Node) bool { return hasClass(n, "ipsQuote") },
		quoted: func(q *html.Node) string { return attr(q, "data-ipsquote-contentcommentid") },
		chrome: func(n *html.Node) bool {
			// data-excludequote marks what a quotation leaves out: the
			// "Edited by" note.
			return attr(n, "data-role") == "memberSignature" || hasAttr(n, "data-excludequote")
		},
	},
	{
		name: "stackexchange",
		hint: "question",
		page: func(e *extractor) bool {
			return e.forumMarked("stackexchange")
		},
		marker: func(n *html.Node, cls string) bool { return attr(n, "id") == "question" && classHas(cls, "question") },
		post: func(n *html.Node) bool {
			return attr(n, "id") == "question" && hasClass(n, "question") ||
				hasClass(n, "answer") && (hasAttr(n, "data-answerid") || strings.HasPrefix(attr(n, "id"), "answer-"))
		},
		body: func(n *html.Node) bool {
			return hasClass(n, "js-post-body") || hasClass(n, "post-text") || hasClass(n, "s-prose") && attr(n, "itemprop") == "text"
		},
		author: func(post, body *html.Node) string {
			d := findFirst(ownerSignature(post, body), func(x *html.Node) bool { return hasClass(x, "user-details") })
			if d == nil {
				return ""
			}
			if a := findFirst(d, func(x *html.Node) bool { return x.DataAtom == atom.A }); a != nil {
				return innerText(a)
			}
			return itemName(d)
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			if t := findFirst(ownerSignature(post, body), func(x *html.Node) bool { return hasClass(x, "relativetime") }); t != nil {
				if d, ok := e.dates.parseMachine(attr(t, "title")); ok {
					return d
				}
			}
			return annals.Date{}
		},
		id: func(post *html.Node) string {
			if id := attr(post, "data-answerid"); id != "" {
				return id
			}
			if id := attr(post, "data-questionid"); id != "" {
				return id
			}
			return strings.TrimPrefix(attr(post, "id"), "answer-")
		},
		comments: func(e *extractor, post *html.Node, postID string) []annals.Comment {
			var out []annals.Comment
			for _, li := range findAll(post, func(x *html.Node) bool { return hasClass(x, "comment") && hasClass(x, "js-comment") }) {
				c := annals.Comment{ID: attr(li, "data-comment-id"), ParentID: postID}
				if c.ID == "" {
					c.ID = strings.TrimPrefix(attr(li, "id"), "comment-")
				}
				if t := findFirst(li, func(x *html.Node) bool { return hasClass(x, "comment-copy") }); t != nil {
					c.Text = strings.TrimSpace(renderText(t, nil))
				}
				if a := findFirst(li, func(x *html.Node) bool { return hasClass(x, "comment-user") }); a != nil {
					c.Author = innerText(a)
				}
				if d := findFirst(li, func(x *html.Node) bool { return hasClass(x, "relativetime-clean") }); d != nil {
					if v, ok := e.dates.parseMachine(strings.TrimSpace(strings.Split(attr(d, "title"), ",")[0])); ok {
						c.Published = v
					}
				}
				if c.Text != "" {
					out = append(out, c)
				}
			}
			return out
		},
	},
	{
		name: "nodebb",
		page: func(e *extractor) bool {
			return e.generator("nodebb") || e.forumMarked("nodebb")
		},
		marker: func(n *html.Node, cls string) bool { return attr(n, "component") == "post/content" },
		post:   func(n *html.Node) bool { return attr(n, "component") == "post" },
		body:   func(n *html.Node) bool { return attr(n, "component") == "post/content" },
		author: func(post, body *html.Node) string {
			if u := attr(post, "data-username"); u != "" {
				return u
			}
			return itemName(firstOutside(post, body, func(x *html.Node) bool { return attr(x, "itemprop") == "author" }))
		},
		id: func(post *html.Node) string {
			if id := attr(post, "data-pid"); id != "" {
				return id
			}
			return attr(post, "data-index")
		},
		parent: func(post *html.Node) string {
			if p := findFirst(post, func(x *html.Node) bool { return attr(x, "component") == "post/parent" }); p != nil {
				return attr(p, "data-parent-pid")
			}
			return ""
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
	},
	{
		name: "flarum",
		hint: "flarum-content",
		page: func(e *extractor) bool {
			return e.generator("flarum") || e.forumMarked("flarum")
		},
		marker: func(n *html.Node, cls string) bool { return attr(n, "id") == "flarum-content" },
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Article && findFirst(n, func(x *html.Node) bool { return hasClass(x, "Post-body") }) != nil
		},
		body: func(n *html.Node) bool { return hasClass(n, "Post-body") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "PostUser-name") }))
		},
		parent: func(post *html.Node) string {
			if m := findFirst(post, func(x *html.Node) bool { return hasClass(x, "PostMention") }); m != nil {
				return attr(m, "data-id")
			}
			return ""
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
	},
	{
		name: "vbulletin",
		hint: "post_message_",
		page: func(e *extractor) bool {
			return e.generator("vbulletin") || e.forumMarked("vbulletin")
		},
		marker: func(n *html.Node, cls string) bool { return strings.HasPrefix(attr(n, "id"), "post_message_") },
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Li && (hasClass(n, "postcontainer") || hasClass(n, "postbitlegacy") || hasClass(n, "postbit")) ||
				hasClass(n, "b-post") && hasAttr(n, "data-node-id")
		},
		body: func(n *html.Node) bool {
			return strings.HasPrefix(attr(n, "id"), "post_message_") || hasClass(n, "js-post__content-text")
		},
		author: func(post, body *html.Node) string {
			// vBulletin 3 names the poster in a.bigusername.
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "bigusername") }))
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			// vBulletin 3 prints the time in the post's first header
			// cell: <td class="thead">2nd April 2025, 13:59</td>.
			if t := firstOutside(post, body, func(x *html.Node) bool { return x.DataAtom == atom.Td && hasClass(x, "thead") }); t != nil {
				if d, ok := e.dates.parseHuman(innerText(t)); ok {
					return d
				}
			}
			return annals.Date{}
		},
		id: func(post *html.Node) string {
			if id := attr(post, "data-node-id"); id != "" {
				return id
			}
			return ""
		},
		quote: func(n *html.Node) bool {
			return hasClass(n, "bbcode_container") || hasClass(n, "bbcode_quote") || n.DataAtom == atom.Div && strings.HasPrefix(strings.TrimSpace(ownText(n)), "Quote:")
		},
		quoted: func(q *html.Node) string {
			if a := findFirst(q, func(x *html.Node) bool { return x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "p=") }); a != nil {
				if m := quoteRefRE().FindStringSubmatch(attr(a, "href")); m != nil {
					return m[1]
				}
			}
			return ""
		},
	},
	{
		name: "phpbb",
		hint: "postbody",
		page: func(e *extractor) bool {
			return e.generator("phpbb") || attr(bodyElement(e.doc), "id") == "phpbb" ||
				e.forumMarked("phpbb")
		},
		marker: func(n *html.Node, cls string) bool {
			return classHas(cls, "postbody") && findFirst(n, func(x *html.Node) bool { return hasClass(x, "content") }) != nil
		},
		post: func(n *html.Node) bool {
			return hasClass(n, "post") && (hasClass(n, "bg1") || hasClass(n, "bg2") || postIDRE().MatchString(attr(n, "id")))
		},
		body: func(n *html.Node) bool { return hasClass(n, "content") && !insideClass(n, "signature") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool {
				return hasClass(x, "username") || hasClass(x, "username-coloured") || x.DataAtom == atom.A && insideClass(x, "postprofile") && strings.Contains(attr(x, "href"), "memberlist")
			}))
		},
		// A code box's label: <div class="codebox"><p>Code: <a>Select
		// all</a></p><pre>….
		chrome: func(n *html.Node) bool {
			return n.DataAtom == atom.P && n.Parent != nil && hasClass(n.Parent, "codebox")
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
		quoted: func(q *html.Node) string {
			if m := quoteRefRE().FindStringSubmatch(attr(q, "cite")); m != nil {
				return m[1]
			}
			if c := findFirst(q, func(x *html.Node) bool { return x.DataAtom == atom.Cite }); c != nil {
				if a := findFirst(c, func(x *html.Node) bool { return x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "p=") }); a != nil {
					if m := quoteRefRE().FindStringSubmatch(attr(a, "href")); m != nil {
						return m[1]
					}
				}
			}
			return ""
		},
	},
	{
		name: "fluxbb",
		hint: "blockpost",
		page: func(e *extractor) bool {
			return e.forumMarked("fluxbb")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "blockpost") },
		post:   func(n *html.Node) bool { return hasClass(n, "blockpost") },
		body:   func(n *html.Node) bool { return hasClass(n, "postmsg") },
		author: func(post, body *html.Node) string {
			if l := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "postleft") }); l != nil {
				if dt := findFirst(l, func(x *html.Node) bool { return x.DataAtom == atom.Dt }); dt != nil {
					return innerText(dt)
				}
			}
			return ""
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			if h := firstOutside(post, body, func(x *html.Node) bool { return x.DataAtom == atom.H2 }); h != nil {
				if a := findFirst(h, func(x *html.Node) bool { return x.DataAtom == atom.A }); a != nil {
					if d, ok := e.dates.parseHuman(innerText(a)); ok {
						return d
					}
				}
			}
			return annals.Date{}
		},
		quote:  func(n *html.Node) bool { return hasClass(n, "quotebox") },
		chrome: func(n *html.Node) bool { return hasClass(n, "postedit") },
	},
	{
		name: "smf",
		hint: "forumposts",
		page: func(e *extractor) bool {
			return e.generator("smf") || e.forumMarked("smf")
		},
		marker: func(n *html.Node, cls string) bool { return attr(n, "id") == "forumposts" },
		post:   func(n *html.Node) bool { return hasClass(n, "post_wrapper") },
		body:   func(n *html.Node) bool { return hasClass(n, "inner") && strings.HasPrefix(attr(n, "id"), "msg_") },
		author: func(post, body *html.Node) string {
			if p := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "poster") }); p != nil {
				if a := findFirst(p, func(x *html.Node) bool { return x.DataAtom == atom.A }); a != nil {
					return innerText(a)
				}
			}
			return ""
		},
		quote: func(n *html.Node) bool {
			return hasClass(n, "bbc_standard_quote") || hasClass(n, "quoteheader") || hasClass(n, "quotefooter") || n.DataAtom == atom.Blockquote
		},
	},
	{
		name: "vanilla",
		hint: "usercontent",
		page: func(e *extractor) bool {
			return e.generator("vanilla") || e.forumMarked("vanilla")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "Message") && classHas(cls, "userContent") },
		post: func(n *html.Node) bool {
			return hasClass(n, "ItemDiscussion") || hasClass(n, "ItemComment") || hasClass(n, "Item") && hasClass(n, "Comment")
		},
		body: func(n *html.Node) bool { return hasClass(n, "Message") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "Username") }))
		},
		quote: func(n *html.Node) bool {
			return hasClass(n, "Quote") || hasClass(n, "UserQuote") || n.DataAtom == atom.Blockquote && hasClass(n, "blockquote")
		},
	},
	{
		name: "mybb",
		hint: "post_body",
		page: func(e *extractor) bool {
			return e.generator("mybb") || e.forumMarked("mybb")
		},
		marker: func(n *html.Node, cls string) bool {
			return classHas(cls, "post_body") && strings.HasPrefix(attr(n, "id"), "pid_")
		},
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Div && hasClass(n, "post") && strings.HasPrefix(attr(n, "id"), "post_")
		},
		body: func(n *html.Node) bool { return hasClass(n, "post_body") },
		author: func(post, body *html.Node) string {
			if a := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "author_information") }); a != nil {
				if n := findFirst(a, func(x *html.Node) bool { return hasClass(x, "largetext") || x.DataAtom == atom.Strong }); n != nil {
					return innerText(n)
				}
			}
			return ""
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "post_date") })
			if t == nil {
				return annals.Date{}
			}
			// "01-02-2024, 10:15 AM" (MyBB's default is month first), or
			// a relative day whose date is its title:
			// <span title="01-02-2024">Yesterday</span>, 07:30 PM.
			text := ownText(t)
			if sp := findFirst(t, func(x *html.Node) bool { return x != t && attr(x, "title") != "" && !hasClass(x, "post_edit") }); sp != nil {
				text = attr(sp, "title") + " " + strings.TrimLeft(text, ", ")
			}
			if d, ok := monthFirstDate(text); ok {
				return d
			}
			if d, ok := e.dates.parseHuman(text); ok {
				return d
			}
			return annals.Date{}
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
		quoted: func(q *html.Node) string {
			if a := findFirst(q, func(x *html.Node) bool { return x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "pid=") }); a != nil {
				if m := pidRE().FindStringSubmatch(attr(a, "href")); m != nil {
					return m[1]
				}
			}
			return ""
		},
		chrome: func(n *html.Node) bool { return hasClass(n, "post_edit") || hasClass(n, "signature") },
	},
	{
		// Khoros (formerly Lithium): the brand communities at
		// community.example.com/t5/….
		name: "khoros",
		hint: "lia-message-body-content",
		page: func(e *extractor) bool {
			return e.forumMarked("khoros")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "lia-message-body-content") },
		post: func(n *html.Node) bool {
			return hasClass(n, "MessageView") || hasClass(n, "lia-message-view-wrapper") && findFirst(n, func(x *html.Node) bool { return x != n && hasClass(x, "MessageView") }) == nil
		},
		body: func(n *html.Node) bool { return hasClass(n, "lia-message-body-content") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool {
				return hasClass(x, "lia-user-name-link") || hasClass(x, "UserName")
			}))
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "DateTime") })
			if t == nil {
				return annals.Date{}
			}
			// Khoros prints "‎10-21-2024 08:12 PM", month first, or a
			// friendly "a month ago" with that in its title.
			text := innerText(t)
			if f := findFirst(t, func(x *html.Node) bool { return hasClass(x, "local-friendly-date") && attr(x, "title") != "" }); f != nil {
				text = attr(f, "title")
			}
			text = strings.Join(strings.Fields(strings.ReplaceAll(text, "\u200e", "")), " ")
			if d, ok := monthFirstDate(text); ok {
				return d
			}
			if d, ok := e.dates.parseHuman(text); ok {
				return d
			}
			return annals.Date{}
		},
		id: func(post *html.Node) string {
			for p := post; p != nil && p.Type == html.ElementNode; p = p.Parent {
				if v := attr(p, "data-lia-message-uid"); v != "" {
					return v
				}
			}
			if a := findFirst(post, func(x *html.Node) bool { return x.DataAtom == atom.A && khorosAnchorRE().MatchString(attr(x, "name")) }); a != nil {
				return attr(a, "name")[1:]
			}
			return ""
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
		chrome: func(n *html.Node) bool {
			return hasClass(n, "lia-message-signature") || hasClass(n, "lia-message-edit-info")
		},
	},
	{
		// Hacker News and its clones: the story in table.fatitem, each
		// comment a tr.athing.comtr indented by td.ind[indent].
		name: "hackernews",
		hint: "fatitem",
		page: func(e *extractor) bool {
			return e.forumMarked("hackernews")
		},
		marker: func(n *html.Node, cls string) bool { return n.DataAtom == atom.Table && classHas(cls, "fatitem") },
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Table && hasClass(n, "fatitem") || n.DataAtom == atom.Tr && hasClass(n, "comtr")
		},
		body: func(n *html.Node) bool {
			if hasClass(n, "toptext") || hasClass(n, "commtext") {
				return true
			}
			// A link without text of its own: the story is its title.
			if !hasClass(n, "titleline") {
				return false
			}
			for p := n.Parent; p != nil; p = p.Parent {
				if hasClass(p, "fatitem") {
					return findFirst(p, func(x *html.Node) bool { return hasClass(x, "toptext") }) == nil
				}
			}
			return false
		},
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "hnuser") }))
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			// <span class="age" title="2024-05-01T12:00:00 1714564800">
			if t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "age") }); t != nil {
				if f := strings.Fields(attr(t, "title")); len(f) > 0 {
					if d, ok := e.dates.parseMachine(f[0]); ok {
						return d
					}
				}
			}
			return annals.Date{}
		},
		id: func(post *html.Node) string {
			if post.DataAtom == atom.Table {
				if s := findFirst(post, func(x *html.Node) bool { return hasClass(x, "athing") }); s != nil {
					return attr(s, "id")
				}
			}
			return attr(post, "id")
		},
		parent: hnParent,
		chrome: func(n *html.Node) bool { return hasClass(n, "reply") },
	},
	{
		name: "reddit",
		page: func(e *extractor) bool {
			return e.forumMarked("reddit")
		},
		marker: func(n *html.Node, cls string) bool { return n.Data == "shreddit-post" },
		post:   func(n *html.Node) bool { return n.Data == "shreddit-post" || n.Data == "shreddit-comment" },
		body: func(n *html.Node) bool {
			return attr(n, "slot") == "text-body" || attr(n, "slot") == "comment" || strings.HasSuffix(attr(n, "id"), "-post-rtjson-content")
		},
		author: func(post, body *html.Node) string { return attr(post, "author") },
		id: func(post *html.Node) string {
			if id := attr(post, "thingid"); id != "" {
				return id
			}
			return attr(post, "id")
		},
		parent: func(post *html.Node) string { return attr(post, "parentid") },
	},
	{
		name: "lemmy",
		hint: "lemmy-site",
		page: func(e *extractor) bool {
			return e.generator("lemmy") || e.forumMarked("lemmy")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "lemmy-site") },
		post: func(n *html.Node) bool {
			return attr(n, "id") == "postContent" || n.DataAtom == atom.Article && hasClass(n, "comment-node")
		},
		body: func(n *html.Node) bool { return hasClass(n, "md-div") },
		author: func(post, body *html.Node) string {
			if a := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "person-listing") }); a != nil {
				return attr(a, "title")
			}
			return ""
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
	},
	{
		// bbPress, the WordPress forum plugin: each post's header (with
		// its time) is a sibling of the post, the message sits in
		// .bbp-topic-content or .bbp-reply-content.
		name: "bbpress",
		hint: "bbp-",
		page: func(e *extractor) bool {
			return e.forumMarked("bbpress")
		},
		marker: func(n *html.Node, cls string) bool {
			return classHas(cls, "bbp-reply-content") || classHas(cls, "bbp-topic-content")
		},
		body: func(n *html.Node) bool {
			// The list's header and footer rows label their columns
			// with the same classes.
			return (hasClass(n, "bbp-reply-content") || hasClass(n, "bbp-topic-content")) &&
				!insideClass(n, "bbp-header") && !insideClass(n, "bbp-footer")
		},
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "bbp-author-name") }))
		},
		id: func(post *html.Node) string {
			if h := prevElement(post); h != nil && (hasClass(h, "bbp-reply-header") || hasClass(h, "bbp-topic-header")) {
				return strings.TrimPrefix(attr(h, "id"), "post-")
			}
			return ""
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			h := prevElement(post)
			if h == nil || !hasClass(h, "bbp-reply-header") && !hasClass(h, "bbp-topic-header") {
				return annals.Date{}
			}
			if t := findFirst(h, func(x *html.Node) bool {
				return hasClass(x, "bbp-reply-post-date") || hasClass(x, "bbp-topic-post-date")
			}); t != nil {
				if d, ok := e.dates.parseHuman(innerText(t)); ok {
					return d
				}
			}
			return annals.Date{}
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
		chrome: func(n *html.Node) bool {
			return hasClass(n, "bbp-reply-revision-log") || hasClass(n, "bbp-topic-revision-log") || hasClass(n, "bbp-signature")
		},
	},
	{
		// wpForo, the other WordPress forum plugin.
		name: "wpforo",
		hint: "wpforo-post-content",
		page: func(e *extractor) bool {
			return e.forumMarked("wpforo")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "wpforo-post-content") },
		post: func(n *html.Node) bool {
			return hasClass(n, "wpforo-post") && findFirst(n, func(x *html.Node) bool { return hasClass(x, "wpforo-post-content") }) != nil
		},
		body: func(n *html.Node) bool { return hasClass(n, "wpforo-post-content") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool {
				return hasClass(x, "author-name") || hasClass(x, "wpf-author-name")
			}))
		},
		id:    func(post *html.Node) string { return attr(post, "data-postid") },
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
		chrome: func(n *html.Node) bool {
			return hasClass(n, "wpforo-post-signature") || hasClass(n, "wpforo-post-content-bottom")
		},
	},
	{
		// Discuz! X: each post a table#pidN, its message td.t_f#postmessage_N.
		name: "discuz",
		hint: "postmessage_",
		page: func(e *extractor) bool {
			return e.generator("discuz") || e.forumMarked("discuz")
		},
		marker: func(n *html.Node, cls string) bool { return strings.HasPrefix(attr(n, "id"), "postmessage_") },
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Table && strings.HasPrefix(attr(n, "id"), "pid")
		},
		body: func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), "postmessage_") },
		author: func(post, body *html.Node) string {
			if a := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "authi") }); a != nil {
				return innerText(findFirst(a, func(x *html.Node) bool { return x.DataAtom == atom.A }))
			}
			return ""
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			// <em id="authorposton123">发表于 2024-3-1 10:20</em>, or the
			// time in a span's title on recent posts.
			t := firstOutside(post, body, func(x *html.Node) bool { return strings.HasPrefix(attr(x, "id"), "authorposton") })
			if t == nil {
				return annals.Date{}
			}
			if sp := findFirst(t, func(x *html.Node) bool { return x != t && attr(x, "title") != "" }); sp != nil {
				if d, ok := e.dates.parseMachine(attr(sp, "title")); ok {
					return d
				}
			}
			return unpaddedDate(innerText(t))
		},
		id: func(post *html.Node) string { return strings.TrimPrefix(attr(post, "id"), "pid") },
		quote: func(n *html.Node) bool {
			return hasClass(n, "quote") || n.DataAtom == atom.Blockquote
		},
		// The edit note ("本帖最后由 … 编辑") sits inside the message.
		chrome: func(n *html.Node) bool { return hasClass(n, "pstatus") },
	},
	{
		// Invision Power Board 3: div.post_block, its message
		// div.post.entry-content.
		name: "invision3",
		hint: "post_block",
		page: func(e *extractor) bool {
			return e.forumMarked("invision3")
		},
		marker: func(n *html.Node, cls string) bool {
			return classHas(cls, "post_block") && findFirst(n, invision3Message) != nil
		},
		post: func(n *html.Node) bool { return hasClass(n, "post_block") },
		body: invision3Message,
		date: func(e *extractor, post, body *html.Node) annals.Date {
			if t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "published") }); t != nil {
				if d, ok := e.dates.parseMachine(attr(t, "title")); ok {
					return d
				}
			}
			return annals.Date{}
		},
		id: func(post *html.Node) string { return strings.TrimPrefix(attr(post, "id"), "post_id_") },
		quote: func(n *html.Node) bool {
			return n.DataAtom == atom.Blockquote || hasClass(n, "citation")
		},
	},
	{
		// ProBoards: tr.post#post-N, its message div.message.
		name: "proboards",
		hint: "post",
		page: func(e *extractor) bool {
			return e.forumMarked("proboards")
		},
		marker: func(n *html.Node, cls string) bool {
			return n.DataAtom == atom.Tr && classHas(cls, "post") && strings.HasPrefix(attr(n, "id"), "post-")
		},
		post: func(n *html.Node) bool {
			return n.DataAtom == atom.Tr && hasClass(n, "post") && strings.HasPrefix(attr(n, "id"), "post-")
		},
		body: func(n *html.Node) bool { return hasClass(n, "message") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "user-link") }))
		},
		date: func(e *extractor, post, body *html.Node) annals.Date {
			// <abbr class="time" data-timestamp="1700000000000">: epoch
			// milliseconds.
			if t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "time") && attr(x, "data-timestamp") != "" }); t != nil {
				if v, err := strconv.ParseInt(attr(t, "data-timestamp"), 10, 64); err == nil {
					if d, ok := validInstant(time.UnixMilli(v).UTC()); ok {
						return d
					}
				}
			}
			return annals.Date{}
		},
		quote:  func(n *html.Node) bool { return hasClass(n, "quote") || n.DataAtom == atom.Blockquote },
		chrome: func(n *html.Node) bool { return hasClass(n, "signature") || hasClass(n, "edited_by") },
	},
	{
		// Old Reddit (old.reddit.com) and its clones: div.thing, the
		// text in .usertext-body .md; comments nest in div.child.
		name: "oldreddit",
		hint: "thing",
		page: func(e *extractor) bool {
			return e.forumMarked("oldreddit")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "thing") && hasAttr(n, "data-fullname") },
		post: func(n *html.Node) bool {
			return hasClass(n, "thing") && (attr(n, "data-type") == "link" || attr(n, "data-type") == "comment")
		},
		body:   func(n *html.Node) bool { return hasClass(n, "md") && insideClass(n, "usertext-body") },
		author: func(post, body *html.Node) string { return attr(post, "data-author") },
		id:     func(post *html.Node) string { return attr(post, "data-fullname") },
		parent: func(post *html.Node) string {
			for p := post.Parent; p != nil; p = p.Parent {
				if hasClass(p, "thing") && attr(p, "data-type") == "comment" {
					return attr(p, "data-fullname")
				}
			}
			return ""
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
	},
	{
		// Jive (Jive SBS, Jive-n): each message rendered in
		// .jive-rendered-content.
		name: "jive",
		hint: "jive-rendered-content",
		page: func(e *extractor) bool {
			return e.forumMarked("jive")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "jive-rendered-content") },
		body:   func(n *html.Node) bool { return hasClass(n, "jive-rendered-content") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool {
				return hasClass(x, "jive-username-link") || hasClass(x, "j-post-author")
			}))
		},
		quote: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
	},
	{
		// Kunena, the Joomla forum: the message in .kmsgtext (Blue
		// Eagle) or .kmsg (Crypsis).
		name: "kunena",
		hint: "kmsg",
		page: func(e *extractor) bool {
			return e.forumMarked("kunena")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "kmsgtext") || classHas(cls, "kmsg") },
		body: func(n *html.Node) bool {
			return hasClass(n, "kmsgtext") || hasClass(n, "kmsg") && !insideClass(n, "kmsgtext")
		},
		quote:  func(n *html.Node) bool { return n.DataAtom == atom.Blockquote || hasClass(n, "kmsgtext-quote") },
		chrome: func(n *html.Node) bool { return hasClass(n, "kmsgsignature") || hasClass(n, "kmessage-editmarkup") },
	},
	{
		// Drupal's Advanced Forum: div.forum-post, its message
		// .forum-post-content.
		name: "advancedforum",
		hint: "forum-post-content",
		page: func(e *extractor) bool {
			return e.forumMarked("advancedforum")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "forum-post-content") },
		post:   func(n *html.Node) bool { return hasClass(n, "forum-post") },
		body:   func(n *html.Node) bool { return hasClass(n, "forum-post-content") },
		date: func(e *extractor, post, body *html.Node) annals.Date {
			if t := firstOutside(post, body, func(x *html.Node) bool { return hasClass(x, "forum-posted-on") }); t != nil {
				if d, ok := e.dates.parseHuman(innerText(t)); ok {
					return d
				}
			}
			return annals.Date{}
		},
		quote:  func(n *html.Node) bool { return n.DataAtom == atom.Blockquote || hasClass(n, "bb-quote") },
		chrome: func(n *html.Node) bool { return hasClass(n, "author-signature") || hasClass(n, "post-edited") },
	},
	{
		// Quora: each answer's text is .spacing_log_answer_content; the
		// question is the page's title, so the first answer is the body.
		// An answer to another question, shown as related, carries
		// that question's title in its card.
		name: "quora",
		hint: "puppeteer_test_answer_content",
		page: func(e *extractor) bool {
			return e.forumMarked("quora")
		},
		marker: func(n *html.Node, cls string) bool { return classHas(cls, "puppeteer_test_answer_content") },
		body:   func(n *html.Node) bool { return hasClass(n, "spacing_log_answer_content") },
		author: func(post, body *html.Node) string {
			return innerText(firstOutside(post, body, func(x *html.Node) bool {
				// The first profile link holds the avatar, the next the name.
				return x.DataAtom == atom.A && strings.Contains(attr(x, "href"), "/profile/") && textLen(x) > 0
			}))
		},
		foreign: func(post *html.Node) bool {
			return findFirst(post, func(x *html.Node) bool { return hasClass(x, "puppeteer_test_question_title") }) != nil
		},
	},
	{
		name: "generic",
		page: func(e *extractor) bool { return e.forumSchema() },
		post: func(n *html.Node) bool {
			t := lower(attr(n, "itemtype"))
			return hasAttr(n, "itemscope") && (strings.HasSuffix(t, "/discussionforumposting") || strings.HasSuffix(t, "/comment") || strings.HasSuffix(t, "/answer") || strings.HasSuffix(t, "/question"))
		},
		body: func(n *html.Node) bool {
			p := attr(n, "itemprop")
			return p == "text" || p == "articleBody" || p == "commentText"
		},
		author: func(post, body *html.Node) string {
			return itemName(firstOutside(post, body, func(x *html.Node) bool { return attr(x, "itemprop") == "author" || attr(x, "itemprop") == "creator" }))
		},
		quote: func(n *html.Node) bool {
			return n.DataAtom == atom.Blockquote && (hasAttr(n, "cite") || findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.Cite }) != nil)
		},
		minPosts: 2,
	},
}

// ownerSignature returns the user card of a Q&A post's author: the one
// marked owner or holding itemprop=author, else the last one (an earlier
// card is an editor's).
func ownerSignature(post, body *html.Node) *html.Node {
	sigs := findAll(post, func(x *html.Node) bool {
		return hasClass(x, "post-signature") && !insideClass(x, "comments") && !isAncestor(body, x)
	})
	for _, s := range sigs {
		if hasClass(s, "owner") || findFirst(s, func(x *html.Node) bool { return attr(x, "itemprop") == "author" }) != nil {
			return s
		}
	}
	if len(sigs) > 0 {
		return sigs[len(sigs)-1]
	}
	return nil
}

// generator reports whether <meta name=generator> names the forum package
// word.
func (e *extractor) generator(word string) bool {
	for _, g := range e.meta["generator"] {
		if strings.Contains(strings.ToLower(g), word) {
			return true
		}
	}
	return false
}

// forumSchema reports whether the page declares itself a forum thread or
// Q&A page in schema.org terms (JSON-LD, microdata or og:type).
func (e *extractor) forumSchema() bool {
	for _, n := range e.ld.nodes {
		for _, t := range ldTypes(n) {
			switch strings.ToLower(t) {
			case "discussionforumposting", "qapage":
				return true
			}
		}
	}
	return findFirst(e.doc, func(n *html.Node) bool {
		t := lower(attr(n, "itemtype"))
		return strings.HasSuffix(t, "/discussionforumposting") || strings.HasSuffix(t, "/qapage")
	}) != nil
}

// forumThread recognises a forum thread or Q&A page by its software's
// markup and reads it post by post; it returns nil for any other page.
// It reads the page before the comment layer runs: a thread's posts often
// sit in a section that looks like comments.
func (e *extractor) forumThread() *thread {
	for i := range forumProfiles {
		f := &forumProfiles[i]
		if !f.page(e) {
			continue
		}
		if t := e.readThread(f); t != nil {
			return t
		}
	}
	return nil
}

// threadPost is one post found on the page.
type threadPost struct {
	node, body *html.Node
}

// findPosts returns the posts of the page in f's markup, each with its
// message; posts without a message are left out. When f's post markup
// matches no post (an older or themed version of the package), the posts
// are read from the messages instead (postsAroundMessages).
func findPosts(doc *html.Node, f *forumProfile) []threadPost {
	var out []threadPost
	if f.post != nil {
		out = postsMatching(doc, f)
	}
	if len(out) == 0 {
		out = postsAroundMessages(doc, f)
	}
	if f.foreign != nil {
		kept := out[:0]
		for _, p := range out {
			if !f.foreign(p.node) {
				kept = append(kept, p)
			}
		}
		out = kept
	}
	return out
}

// postsMatching returns the elements f.post matches, each with its
// message.
func postsMatching(doc *html.Node, f *forumProfile) []threadPost {
	var out []threadPost
	var posts []*html.Node
	walkContent(doc, func(n *html.Node) {
		if f.post(n) {
			posts = append(posts, n)
		}
	})
	isPost := map[*html.Node]bool{}
	for _, p := range posts {
		isPost[p] = true
	}
	for _, p := range posts {
		body := firstWithin(p, func(x *html.Node) bool { return isPost[x] || f.quote != nil && f.quote(x) }, func(x *html.Node) bool { return f.body(x) })
		if body == nil {
			continue
		}
		out = append(out, threadPost{p, body})
	}
	return out
}

// minMessagePosts is the number of messages postsAroundMessages needs: a
// lone message has no neighbour to bound its post.
const minMessagePosts = 2

// postsAroundMessages finds the messages f.body matches (outside one
// another and outside quotations) and makes each one's post the largest
// ancestor that holds no other message.
func postsAroundMessages(doc *html.Node, f *forumProfile) []threadPost {
	var bodies []*html.Node
	walkContent(doc, func(n *html.Node) {
		if !f.body(n) || f.quote != nil && f.quote(n) {
			return
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if f.quote != nil && f.quote(p) || f.body(p) {
				return
			}
		}
		bodies = append(bodies, n)
	})
	if len(bodies) < minMessagePosts {
		return nil
	}
	held := map[*html.Node]int{} // ancestor -> messages below it
	for _, b := range bodies {
		for p := b.Parent; p != nil; p = p.Parent {
			held[p]++
		}
	}
	out := make([]threadPost, 0, len(bodies))
	for _, b := range bodies {
		p := b
		for p.Parent != nil && held[p.Parent] == 1 {
			p = p.Parent
		}
		out = append(out, threadPost{p, b})
	}
	return out
}

// walkContent calls fn on every element of the page's content: scripts,
// styles, templates and the head are skipped.
func walkContent(doc *html.Node, fn func(*html.Node)) {
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Head:
			return false
		}
		fn(n)
		return true
	})
}

// readThread reads the page's posts in f's markup; nil when there are too
// few.
func (e *extractor) readThread(f *forumProfile) *thread {
	posts := findPosts(e.doc, f)
	if len(posts) == 0 || len(posts) < f.minPosts {
		return nil
	}
	t := &thread{software: f.name}
	skip := func(x *html.Node) bool {
		return f.quote != nil && f.quote(x) || f.chrome != nil && f.chrome(x) || threadChrome(x)
	}
	var detachLater []*html.Node
	firstText := ""
	for i, p := range posts {
		c := annals.Comment{ID: e.postID(f, p.node)}
		c.Author = cleanCommentAuthor(e.postAuthor(f, p))
		c.Published = e.postDate(f, p)
		if f.parent != nil {
			c.ParentID = f.parent(p.node)
		}
		if c.ParentID == "" && f.quoted != nil && f.quote != nil {
			if q := findFirst(p.body, f.quote); q != nil {
				c.ParentID = f.quoted(q)
			}
		}
		if c.ParentID == c.ID {
			c.ParentID = ""
		}
		if i == 0 {
			t.starter, t.published = c.Author, c.Published
			firstText = replyText(p.body, skip)
			// The first post is the article: what is not its text leaves
			// the tree; quotations stay (on the thread's first page
			// they quote the world, not a post).
			drop := findAll(p.body, func(x *html.Node) bool { return x != p.body && (f.chrome != nil && f.chrome(x) || threadChrome(x)) })
			for _, d := range drop {
				detach(d)
			}
			e.pruneHidden(p.body)
			t.first = []*html.Node{p.body}
		} else {
			lead := (*html.Node)(nil)
			if f.quote == nil || findFirst(p.body, f.quote) == nil {
				lead = leadingQuote(p.body)
			}
			c.Text = replyText(p.body, func(x *html.Node) bool { return x == lead || skip(x) })
			// A copy of the opening post (a theme that prints it once
			// for schema.org and once as post #1) is no reply.
			if c.Text != "" && c.Text != firstText {
				t.replies = append(t.replies, c)
			}
		}
		if f.comments != nil {
			t.replies = append(t.replies, f.comments(e, p.node, c.ID)...)
		}
		if i > 0 && !isAncestor(p.node, posts[0].body) {
			detachLater = append(detachLater, p.node)
		}
	}
	if textLen(posts[0].body) == 0 && len(t.replies) == 0 {
		return nil
	}
	for _, n := range detachLater {
		detach(n)
	}
	e.explain["comments"] = []Candidate{{strconv.Itoa(len(t.replies)) + " replies", f.name}}
	return t
}

// replyText renders a reply's message as text, leaving out what skip
// matches and hidden elements.
func replyText(body *html.Node, skip func(*html.Node) bool) string {
	return strings.TrimSpace(dropBoilerLines(renderText(body, func(x *html.Node) bool {
		return x != body && (skip(x) || hiddenElement(x))
	}), true))
}

// postID returns a post's id from f's markup or the usual attributes.
func (e *extractor) postID(f *forumProfile, post *html.Node) string {
	if f.id != nil {
		if id := f.id(post); id != "" {
			return id
		}
	}
	for _, k := range []string{"data-post-id", "data-postid", "data-pid", "data-comment-id", "data-id"} {
		if v := attr(post, k); v != "" {
			return v
		}
	}
	if m := postIDRE().FindStringSubmatch(lower(attr(post, "id"))); m != nil {
		return m[1]
	}
	// An inner element may carry the number: div#post123 inside the
	// item.
	if in := findFirst(post, func(x *html.Node) bool {
		return x != post && strings.HasPrefix(lower(attr(x, "id")), "post") && postIDRE().MatchString(lower(attr(x, "id")))
	}); in != nil {
		return postIDRE().FindStringSubmatch(lower(attr(in, "id")))[1]
	}
	return attr(post, "id")
}

// quoteLabels start the quotation of an earlier post in forum markup that
// does not mark quotations: "Original post by …", "Quote:", "Name said:".
var quoteLabels = []string{"original post", "quote:", "quote from", "quoting ", "zitat:", "citation :", "cita:"}

// quoteLabelSuffixes end the first line of such a quotation.
var quoteLabelSuffixes = []string{" said:", " wrote:", " schrieb:", " a écrit :", " escribió:"}

// leadingQuote returns the element that holds a quotation opening body,
// recognised by its label, or nil. The quotation must leave some of the
// message's text after it.
func leadingQuote(body *html.Node) *html.Node {
	total := textLen(body)
	var found *html.Node
	walk(body, func(x *html.Node) bool {
		if found != nil {
			return false
		}
		if x.Type == html.TextNode && strings.TrimSpace(x.Data) != "" {
			// The first text decides: no label, no quotation.
			found = body
			return false
		}
		if x.Type != html.ElementNode || x == body {
			return true
		}
		l := textLen(x)
		if l == 0 || l >= total {
			return true
		}
		first := strings.ToLower(strings.SplitN(renderText(x, nil), "\n", 2)[0])
		for _, q := range quoteLabels {
			if strings.HasPrefix(first, q) {
				found = x
				return false
			}
		}
		for _, q := range quoteLabelSuffixes {
			if strings.HasSuffix(first, q) && len(first) < 80 {
				found = x
				return false
			}
		}
		return true
	})
	if found == body {
		return nil
	}
	return found
}

// postAuthor returns a post's author from f's markup, else from the usual
// markup outside the message.
func (e *extractor) postAuthor(f *forumProfile, p threadPost) string {
	if f.author != nil {
		if a := f.author(p.node, p.body); a != "" {
			return a
		}
	}
	if a := itemName(firstOutside(p.node, p.body, func(x *html.Node) bool { return attr(x, "itemprop") == "author" })); a != "" {
		return a
	}
	return innerText(firstOutside(p.node, p.body, func(x *html.Node) bool {
		return classIn(x, "username", "user-name", "author", "poster", "postauthor", "post-author", "author-name")
	}))
}

// postDate returns a post's time: the first machine-readable date outside
// its message, else a printed date in its header.
func (e *extractor) postDate(f *forumProfile, p threadPost) annals.Date {
	if f.date != nil {
		if d := f.date(e, p.node, p.body); !d.IsZero() {
			return d
		}
	}
	outside := func(match func(*html.Node) bool) *html.Node {
		return firstOutside(p.node, p.body, match)
	}
	if t := outside(func(x *html.Node) bool {
		return attr(x, "itemprop") == "datePublished" || attr(x, "itemprop") == "dateCreated"
	}); t != nil {
		for _, k := range []string{"datetime", "content", "title"} {
			if d, ok := e.dates.parseMachine(attr(t, k)); ok {
				return d
			}
		}
		if d, ok := e.dates.parseMachine(innerText(t)); ok {
			return d
		}
	}
	if t := outside(func(x *html.Node) bool {
		return x.DataAtom == atom.Time && attr(x, "datetime") != "" && !insideClass(x, "message-lastEdit")
	}); t != nil {
		if d, ok := e.dates.parseMachine(attr(t, "datetime")); ok {
			return d
		}
	}
	for _, k := range []string{"created-timestamp", "data-timestamp", "data-time"} {
		if v := attr(p.node, k); v != "" {
			if d, ok := e.dates.parseMachine(v); ok {
				return d
			}
		}
	}
	if t := outside(func(x *html.Node) bool {
		return classIn(x, "relativetime", "post-date", "postdate", "date", "post-time", "timestamp", "author", "posted", "smalltext", "date-time") && x.DataAtom != atom.A
	}); t != nil {
		if d, ok := e.dates.parseMachine(attr(t, "title")); ok {
			return d
		}
		if d, ok := e.dates.parseHuman(afterMarker(innerText(t))); ok {
			return d
		}
	}
	return annals.Date{}
}

// afterMarker drops what comes before a "»" or "«" separator in a post
// header ("by name » Sun Dec 17, 2023 11:23 am").
func afterMarker(s string) string {
	if i := strings.LastIndexAny(s, "»«"); i >= 0 {
		return strings.TrimSpace(s[i+len("»"):])
	}
	return s
}

// firstOutside returns the first element under post, outside body, that
// matches.
func firstOutside(post, body *html.Node, match func(*html.Node) bool) *html.Node {
	return firstWithin(post, func(x *html.Node) bool { return x == body }, match)
}

// itemName returns the name inside an author element: its itemprop=name
// (text or content), else its text.
func itemName(n *html.Node) string {
	if n == nil {
		return ""
	}
	if nm := findFirst(n, func(x *html.Node) bool { return x != n && attr(x, "itemprop") == "name" }); nm != nil {
		if v := attr(nm, "content"); v != "" {
			return v
		}
		return innerText(nm)
	}
	return innerText(n)
}

// threadChrome reports whether x, inside a post's message, is not text.
func threadChrome(x *html.Node) bool {
	if x.Type != html.ElementNode {
		return false
	}
	if isCommentChrome(x) {
		return true
	}
	for c := range strings.FieldsSeq(lower(attr(x, "class"))) {
		for _, w := range threadChromeClasses {
			if c == w {
				return true
			}
		}
	}
	return false
}

// insideClass reports whether an ancestor of n (n excluded) has class c.
func insideClass(n *html.Node, c string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if hasClass(p, c) {
			return true
		}
	}
	return false
}

// ownText returns the text of n's own text children, not its elements'.
func ownText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// pidRE reads a MyBB post id out of a link: "showthread.php?pid=123#pid123".
var pidRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`pid=(\d+)`) })

// khorosAnchorRE matches the anchor Khoros puts before each message:
// <a name="M1234">.
var khorosAnchorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^M\d+$`) })

// hnParent returns the comment a Hacker News comment answers: the nearest
// earlier row indented less. Top-level comments answer the story and
// have none.
func hnParent(post *html.Node) string {
	depth := hnIndent(post)
	if depth <= 0 {
		return ""
	}
	for p := post.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode && hasClass(p, "comtr") && hnIndent(p) < depth {
			return attr(p, "id")
		}
	}
	return ""
}

// hnIndent returns a comment row's depth, from td.ind[indent] (or the
// width of its spacer image, on older pages).
func hnIndent(row *html.Node) int {
	ind := findFirst(row, func(x *html.Node) bool { return hasClass(x, "ind") })
	if ind == nil {
		return 0
	}
	if v, err := strconv.Atoi(attr(ind, "indent")); err == nil {
		return v
	}
	if img := findFirst(ind, func(x *html.Node) bool { return x.DataAtom == atom.Img }); img != nil {
		if w, err := strconv.Atoi(attr(img, "width")); err == nil {
			return w / 40
		}
	}
	return 0
}

// monthFirstDate reads a numeric date month first, as forum packages
// print them by default whatever the page's language ("10-21-2024 08:12
// PM"); a day above 12 in the first place still reads day first.
func monthFirstDate(s string) (annals.Date, bool) {
	return dateParser{lang: "en-us"}.parseHuman(strings.TrimSpace(s))
}

// invision3Message matches the message of an Invision Power Board 3
// post: div.post.entry-content.
func invision3Message(n *html.Node) bool { return hasClass(n, "post") && hasClass(n, "entry-content") }

// unpaddedDateRE finds a year-first date whose month and day may lack
// their leading zero, with an optional time: "2024-3-1 10:20".
var unpaddedDateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?`)
})

// unpaddedDate reads the first date of s written as unpaddedDateRE
// says.
func unpaddedDate(s string) annals.Date {
	m := unpaddedDateRE().FindStringSubmatch(s)
	if m == nil {
		return annals.Date{}
	}
	n := make([]int, 6)
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	t := time.Date(n[1], time.Month(n[2]), n[3], n[4], n[5], 0, 0, time.UTC)
	if t.Month() != time.Month(n[2]) || t.Day() != n[3] {
		return annals.Date{}
	}
	if m[4] == "" {
		d, _ := validDay(t)
		return d
	}
	d, _ := validInstant(t)
	return d
}

// classHas reports whether the class attribute cls holds the class c.
func classHas(cls, c string) bool {
	return strings.Contains(cls, c) && hasToken(cls, c)
}
