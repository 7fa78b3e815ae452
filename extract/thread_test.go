package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// testExtractor parses page and reads its head as Analyze would, up to
// the point where the thread readers run.
func testExtractor(t *testing.T, page string) *extractor {
	t.Helper()
	doc, facts := parsePage([]byte(page))
	e := &extractor{doc: doc, facts: facts, opts: &Options{}, explain: Provenance{}}
	e.collectHead()
	e.ld = parseJSONLD(e.doc)
	e.lang = e.language()
	e.dates = dateParser{lang: e.lang}
	return e
}

// threadOf runs forum detection on page as Analyze would.
func threadOf(t *testing.T, page string) *thread {
	t.Helper()
	return testExtractor(t, page).forumThread()
}

func TestForumThread_Detect(t *testing.T) {
	blogWithComments := `<html><head><meta name="generator" content="WordPress 6.5"></head><body>
<article class="post type-post"><h1 class="entry-title">Spring bulbs</h1><div class="entry-content"><p>Planted two hundred crocus bulbs under the lawn this weekend, in drifts.</p></div></article>
<div id="comments" class="comments-area"><ol class="comment-list">
<li id="comment-11" class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Ruth</b> <time datetime="2024-03-02T10:00:00Z">March 2</time></footer><div class="comment-content"><p>Lovely, which variety?</p></div></article></li>
<li id="comment-12" class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Tom</b></footer><div class="comment-content"><p>Squirrels will find them.</p></div></article></li>
</ol></div></body></html>`
	blogWithCommentMicrodata := `<html><body><article itemscope itemtype="https://schema.org/BlogPosting"><h1 itemprop="headline">Spring bulbs</h1><div itemprop="articleBody"><p>Planted two hundred crocus bulbs under the lawn this weekend, in drifts.</p></div>
<div itemprop="comment" itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Ruth</span><div itemprop="text">Lovely, which variety?</div></div>
<div itemprop="comment" itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Tom</span><div itemprop="text">Squirrels will find them.</div></div>
</article></body></html>`
	tests := []struct {
		name, page, software string
		replies              int
	}{
		{"blog comment section", blogWithComments, "", 0},
		{"blog comments in microdata", blogWithCommentMicrodata, "", 0},
		{"plain article", `<html><body><article><h1>T</h1><p>Some text of an article that is long enough to be one.</p></article></body></html>`, "", 0},
		{"discourse generator without posts", `<html><head><meta name="generator" content="Discourse 3.4.0"></head><body><section id="main"></section></body></html>`, "", 0},
		{"discourse", readFixture(t, "forum-discourse.html"), "discourse", 2},
		{"xenforo", readFixture(t, "forum-xenforo.html"), "xenforo", 2},
		{"phpbb", readFixture(t, "forum-phpbb.html"), "phpbb", 2},
		{"vbulletin", readFixture(t, "forum-vbulletin.html"), "vbulletin", 2},
		{"invision", readFixture(t, "forum-invision.html"), "invision", 2},
		{"stackexchange", readFixture(t, "forum-stackexchange.html"), "stackexchange", 4},
		{"schema.org thread", readFixture(t, "forum-generic.html"), "generic", 2},
		{"mybb", readFixture(t, "forum-mybb.html"), "mybb", 2},
		{"khoros", readFixture(t, "forum-khoros.html"), "khoros", 2},
		{"hacker news", readFixture(t, "forum-hackernews.html"), "hackernews", 3},
		// Posts found around their messages when the post markup is
		// not the package's usual one.
		{"vbulletin 3", readFixture(t, "forum-vbulletin3.html"), "vbulletin", 2},
		{"bbpress", readFixture(t, "forum-bbpress.html"), "bbpress", 2},
		{"discuz", readFixture(t, "forum-discuz.html"), "discuz", 2},
		{"old reddit", readFixture(t, "forum-oldreddit.html"), "oldreddit", 2},
		{"wpforo", `<html><body><div id="wpforo"><div id="wpforo-wrap">
<div class="wpforo-post wpfcl-1" id="post-31" data-postid="31"><div class="wpforo-post-author"><div class="author-name"><a>ann</a></div></div><div class="wpforo-post-content"><p>Which hinge for a lid?</p></div><div class="wpforo-post-signature">ann's signature</div></div>
<div class="wpforo-post wpfcl-1" id="post-32" data-postid="32"><div class="wpforo-post-author"><div class="author-name"><a>bo</a></div></div><div class="wpforo-post-content"><p>A piano hinge.</p></div></div>
</div></div></body></html>`, "wpforo", 1},
		{"invision 3", `<html><body><div class="topic hfeed">
<div class="post_block hentry" id="post_id_501"><div class="post_wrap"><h3><span class="author vcard"><a class="url fn">ann</a></span></h3><div class="post_body"><p class="posted_info">Posted <abbr class="published" title="2012-03-01T10:00:00+00:00">01 March 2012</abbr></p><div class="post entry-content">Which hinge for a lid?</div></div></div></div>
<div class="post_block hentry" id="post_id_502"><div class="post_wrap"><h3><span class="author vcard"><a class="url fn">bo</a></span></h3><div class="post_body"><div class="post entry-content">A piano hinge.</div><div class="signature">bo's signature</div></div></div></div>
</div></body></html>`, "invision3", 1},
		{"proboards", `<html><body><table class="list"><tbody>
<tr class="item post first" id="post-71"><td class="left-panel"><a class="user-link">ann</a></td><td class="content"><div class="message">Which hinge for a lid?</div><abbr class="time" data-timestamp="1700000000000">Nov 14, 2023</abbr><div class="signature">ann's signature</div></td></tr>
<tr class="item post" id="post-72"><td class="left-panel"><a class="user-link">bo</a></td><td class="content"><div class="message">A piano hinge.</div></td></tr>
</tbody></table></body></html>`, "proboards", 1},
		{"quora, a related question's answer left out", `<html><body><div class="q-box">
<div class="q-box"><div class="q-box spacing_log_answer_header"><a href="/profile/Ann-Lee"><img alt=""></a><a href="/profile/Ann-Lee">Ann Lee</a></div><div class="q-box spacing_log_answer_content puppeteer_test_answer_content"><p>Oak, because it lasts.</p></div></div>
<div class="q-box"><div class="q-box spacing_log_answer_header"><a href="/profile/Bo-Ng">Bo Ng</a></div><div class="q-box spacing_log_answer_content puppeteer_test_answer_content"><p>Ash bends better.</p></div></div>
<div class="q-box"><span class="q-text puppeteer_test_question_title">Related: Which wood for a bow?</span><div class="q-box spacing_log_answer_header"><a href="/profile/Cy-Po">Cy Po</a></div><div class="q-box spacing_log_answer_content puppeteer_test_answer_content"><p>Yew.</p></div></div>
</div></body></html>`, "quora", 1},
		{"jive", `<html><body><div id="jive-thread-messages-container">
<div class="j-thread-post"><a class="jive-username-link">ann</a><div class="jive-rendered-content"><p>Which hinge for a lid?</p></div></div>
<div class="j-thread-post"><a class="jive-username-link">bo</a><div class="jive-rendered-content"><p>A piano hinge.</p></div></div>
</div></body></html>`, "jive", 1},
		{"kunena", `<html><body><div id="kunena">
<div class="kmessage"><div class="kmsg-header">ann</div><div class="kmsgbody"><div class="kmsgtext">Which hinge for a lid?</div></div><div class="kmsgsignature">ann's signature</div></div>
<div class="kmessage"><div class="kmsg-header">bo</div><div class="kmsgbody"><div class="kmsgtext">A piano hinge.</div></div></div>
</div></body></html>`, "kunena", 1},
		{"drupal advanced forum", `<html><body><div id="forum-comments">
<div id="forum-topic-9" class="forum-post"><div class="forum-posted-on">March 2, 2015 - 9:10am</div><div class="author-pane"><span class="username">ann</span></div><div class="forum-post-content"><p>Which hinge for a lid?</p></div><div class="author-signature">ann's signature</div></div>
<div id="forum-reply-10" class="forum-post"><div class="author-pane"><span class="username">bo</span></div><div class="forum-post-content"><p>A piano hinge.</p></div></div>
</div></body></html>`, "advancedforum", 1},
		{"themed xenforo with the opening post printed twice", `<html id="XF"><body><div itemscope itemtype="https://schema.org/DiscussionForumPosting">
<div class="thread-opener"><article class="message-body"><div class="bbWrapper">Which glue for oak?</div></article></div>
<div class="card" id="post-1"><span class="card-user">ann</span><article class="message-body"><div class="bbWrapper">Which glue for oak?</div></article></div>
<div class="card" id="post-2"><span class="card-user">bo</span><article class="message-body"><div class="bbWrapper">Titebond III.</div></article></div>
</div></body></html>`, "xenforo", 1},
		{"xenforo 1", `<html id="XenForo"><body><ol class="messageList">
<li id="post-10" class="message" data-author="ann"><div class="messageContent"><article><blockquote class="messageText">First post text.</blockquote></article></div><div class="messageDetails"><span class="DateTime" title="May 27, 2025 at 12:08 PM">May 27, 2025</span></div></li>
<li id="post-11" class="message" data-author="bo"><div class="messageContent"><article><blockquote class="messageText">A reply.</blockquote></article></div></li>
</ol></body></html>`, "xenforo", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := threadOf(t, tt.page)
			switch {
			case tt.software == "" && th != nil:
				t.Fatalf("detected a %s thread on a page that is none", th.software)
			case tt.software == "":
				return
			case th == nil:
				t.Fatalf("no thread detected, want %s", tt.software)
			}
			if th.software != tt.software {
				t.Errorf("software=%q, want %q", th.software, tt.software)
			}
			if len(th.replies) != tt.replies {
				t.Errorf("%d replies, want %d", len(th.replies), tt.replies)
			}
			if len(th.first) == 0 || textLen(th.first[0]) == 0 {
				t.Errorf("no first post")
			}
		})
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(b))
}

// TestForumThread_ReplyText checks that quotations of earlier posts,
// signatures and post chrome stay out of a reply's text, and that the
// quoted post becomes the reply's parent.
func TestForumThread_ReplyText(t *testing.T) {
	wrap := func(post string) string {
		return `<html id="XF"><body>` +
			`<article class="message message--post js-post" data-author="op" data-content="post-1"><article class="message-body"><div class="bbWrapper">The opening post.</div></article></article>` +
			post + `</body></html>`
	}
	tests := []struct {
		name, page, want, parent string
	}{
		{
			name: "xenforo quote and signature",
			page: wrap(`<article class="message message--post js-post" data-author="kim" data-content="post-2"><article class="message-body"><div class="bbWrapper">` +
				`<blockquote class="bbCodeBlock bbCodeBlock--quote" data-source="post: 1"><div class="bbCodeBlock-title">op said:</div><div class="bbCodeBlock-content">The opening post.</div></blockquote>My answer.</div></article>` +
				`<aside class="message-signature"><div class="bbWrapper">Kim's signature</div></aside>` +
				`<footer class="message-footer"><div class="message-actionBar actionBar"><a>Like</a> <a>Reply</a> <a>Report</a></div></footer></article>`),
			want: "My answer.", parent: "1",
		},
		{
			name: "edit note and reply bar inside the message",
			page: wrap(`<article class="message message--post js-post" data-author="kim" data-content="post-3"><article class="message-body"><div class="bbWrapper">Only this.<div class="message-lastEdit">Last edited: today</div><div class="reply"><a>Reply</a></div></div></article></article>`),
			want: "Only this.",
		},
		{
			name: "xenforo link preview card",
			page: wrap(`<article class="message message--post js-post" data-author="kim" data-content="post-4"><article class="message-body"><div class="bbWrapper">See the maker's page.` +
				`<div class="bbCodeBlock bbCodeBlock--unfurl js-unfurl"><h3 class="contentRow-header"><a href="https://tools.example/plane">No. 4 smoothing plane</a></h3><div class="contentRow-snippet">Our classic bench plane.</div><div class="contentRow-minor">tools.example</div></div></div></article></article>`),
			want: "See the maker's page.",
		},
		{
			name: "phpbb code box label",
			page: `<html><body id="phpbb"><div class="post bg2" id="p1"><div class="postbody"><div class="content">The opening post.</div></div></div>` +
				`<div class="post bg1" id="p2"><div class="postbody"><div class="content">Try this:<div class="codebox"><p>Code: <a href="#">Select all</a></p><pre><code>sudo apt update</code></pre></div></div></div></div></body></html>`,
			want: "Try this:\n\nsudo apt update",
		},
		{
			name: "labelled quotation in unmarked markup",
			page: `<html><body><div itemscope itemtype="https://schema.org/DiscussionForumPosting">` +
				`<div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="post1"><span itemprop="author">op</span><div itemprop="text">The opening post.</div></div>` +
				`<div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="post2"><span itemprop="author">kim</span><div itemprop="text"><div><div>Original post by op</div><div>The opening post.</div></div><p>My answer.</p></div></div>` +
				`</div></body></html>`,
			want: "My answer.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := threadOf(t, tt.page)
			if th == nil || len(th.replies) != 1 {
				t.Fatalf("thread=%+v, want one reply", th)
			}
			r := th.replies[0]
			if r.Text != tt.want {
				t.Errorf("Text=%q, want %q", r.Text, tt.want)
			}
			if r.ParentID != tt.parent {
				t.Errorf("ParentID=%q, want %q", r.ParentID, tt.parent)
			}
		})
	}
}

func TestMonthFirstDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10-21-2024 08:12 PM", "2024-10-21T20:12:00Z"},
		{"01-02-2024, 10:15 AM", "2024-01-02T10:15:00Z"},
		{"11-04-2024", "2024-11-04"},
		{"21-10-2024 12:05 AM", "2024-10-21T00:05:00Z"}, // day first: the forum says so
		{"02-30-2024", ""},
		{"Yesterday, 07:30 PM", ""},
	}
	for _, tt := range tests {
		d, ok := monthFirstDate(tt.in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("monthFirstDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnpaddedDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Posted on 2023-11-5 14:07", "2023-11-05T14:07:00Z"},
		{"2024-3-1", "2024-03-01"},
		{"2024-02-30 10:00", ""},
		{"yesterday 10:00", ""},
	}
	for _, tt := range tests {
		got := ""
		if d := unpaddedDate(tt.in); !d.IsZero() {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("unpaddedDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestForumHints: every element a forum profile's marker matches, on every
// page of the testdata, holds the profile's hint in its classID, so that
// asking the marker only of elements with the hint loses nothing.
func TestForumHints(t *testing.T) {
	matched := map[string]int{}
	eachFixtureElement(t, func(file string, n *html.Node) {
		for i := range forumProfiles {
			p := &forumProfiles[i]
			if p.marker == nil || !p.marker(n, attr(n, "class")) {
				continue
			}
			matched[p.name]++
			if p.hint != strings.ToLower(p.hint) || !strings.Contains(classID(n), p.hint) {
				t.Errorf("%s: a %s marker whose classID %q lacks the hint %q", file, p.name, classID(n), p.hint)
			}
		}
	})
	if len(matched) < 10 {
		t.Errorf("markers of only %d profiles matched on the testdata pages", len(matched))
	}
}
