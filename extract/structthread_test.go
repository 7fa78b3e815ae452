package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// structOf runs the structure-based thread reader on page as run would
// for a page of the given kind.
func structOf(t *testing.T, page string, kind Kind) (*extractor, *thread) {
	t.Helper()
	e := testExtractor(t, page)
	return e, e.threadByStructure(kind, "/t/a-thread/123")
}

func TestThreadByStructure(t *testing.T) {
	// Posts as table rows whose classes alternate, each with a user
	// panel, a permalink and a signature.
	tableThread := `<html><body><h1>Squeaky hinge</h1><table>
<tr class="alt1" id="post11"><td class="userpanel"><a href="/member.php?u=1">ann</a></td><td><div class="postbody">The back door hinge squeaks however much oil I put on it.</div><div class="signature">Ann from the valley</div></td></tr>
<tr class="alt2" id="post12"><td class="userpanel"><a href="/member.php?u=2">bob</a></td><td><div class="postbody">Take the pin out and clean the rust off with fine wire wool.</div></td></tr>
<tr class="alt1" id="post13"><td class="userpanel"><a href="/member.php?u=3">cy</a></td><td><div class="postbody">Graphite powder lasts far longer than oil on an outside door.</div></td></tr>
</table></body></html>`
	// The opening post printed apart, above a list of replies whose
	// message boxes share its class.
	listThread := `<html><body><div class="topic"><h1>Tomato leaves curling</h1><div class="post-text">My tomato leaves curl upwards since the heat wave started last week.</div></div>
<ul class="replies">
<li class="reply" id="r-501"><a class="author" href="/users/dee">dee</a> <time datetime="2024-07-01">July 1</time><div class="post-text">That is heat stress, water them in the evening and they will recover.</div></li>
<li class="reply" id="r-502"><a class="author" href="/users/eli">eli</a> <time datetime="2024-07-02">July 2</time><div class="post-text"><blockquote>tomato leaves curl</blockquote>Mine did the same; shade cloth at noon fixed it for good.</div></li>
<li class="reply" id="r-503"><a class="author" href="/users/fay">fay</a> <time datetime="2024-07-03">July 3</time><div class="post-text">Check the undersides for mites too, they curl leaves in the same way.</div></li>
</ul></body></html>`
	// A blog post's comments: read as replies, the body is left to
	// the post's body search.
	blogComments := `<html><body><article class="post"><h1>Winter pruning</h1><div class="entry-content"><p>Prune apple trees in winter while they are dormant, cutting out crossing branches first.</p></div></article>
<ol class="comment-list">
<li class="comment" id="comment-71"><img class="avatar" src="/a.png"><a class="comment-author" href="/author/gil">gil</a> <time datetime="2024-01-05">Jan 5</time><div class="comment-content">Does the same go for pear trees, or do they need a summer cut?</div></li>
<li class="comment" id="comment-72"><img class="avatar" src="/b.png"><a class="comment-author" href="/author/hal">hal</a> <time datetime="2024-01-06">Jan 6</time><div class="comment-content">Pears are pruned in winter as well, but more lightly than apples are.</div></li>
<li class="comment" id="comment-73"><img class="avatar" src="/c.png"><a class="comment-author" href="/author/ivy">ivy</a> <time datetime="2024-01-07">Jan 7</time><div class="comment-content">Plums are the exception: cut them in summer to avoid silver leaf.</div></li>
</ol></body></html>`
	// A list of article teasers: author, date and an article element
	// each, but no permalink to a post nor an avatar.
	teasers := `<html><body><div class="posts">
<article class="teaser"><h2><a href="/a">First story</a></h2><a class="author" href="/author/jo">Jo</a> <time datetime="2024-01-01">Jan 1</time><p>A summary of the first story, long enough to count as text.</p></article>
<article class="teaser"><h2><a href="/b">Second story</a></h2><a class="author" href="/author/jo">Jo</a> <time datetime="2024-01-02">Jan 2</time><p>A summary of the second story, long enough to count as text.</p></article>
<article class="teaser"><h2><a href="/c">Third story</a></h2><a class="author" href="/author/jo">Jo</a> <time datetime="2024-01-03">Jan 3</time><p>A summary of the third story, long enough to count as text.</p></article>
</div></body></html>`
	tests := []struct {
		name    string
		page    string
		kind    Kind
		first   string // text of the body the reader chose; "" when it left it
		replies []string
		authors []string
	}{
		{"table rows", tableThread, KindThread, "The back door hinge squeaks however much oil I put on it.",
			[]string{"Take the pin out and clean the rust off with fine wire wool.", "Graphite powder lasts far longer than oil on an outside door."},
			[]string{"bob", "cy"}},
		{"opening post apart", listThread, KindThread, "My tomato leaves curl upwards since the heat wave started last week.",
			[]string{"That is heat stress, water them in the evening and they will recover.", "Mine did the same; shade cloth at noon fixed it for good.", "Check the undersides for mites too, they curl leaves in the same way."},
			[]string{"dee", "eli", "fay"}},
		{"blog comments on a post", blogComments, KindPost, "",
			[]string{"Does the same go for pear trees, or do they need a summer cut?", "Pears are pruned in winter as well, but more lightly than apples are.", "Plums are the exception: cut them in summer to avoid silver leaf."},
			[]string{"gil", "hal", "ivy"}},
		{"teasers on a post", teasers, KindPost, "", nil, nil},
		{"listing", tableThread, KindListing, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, th := structOf(t, tt.page, tt.kind)
			if th == nil {
				if tt.replies != nil {
					t.Fatal("no thread read")
				}
				return
			}
			if tt.replies == nil {
				t.Fatalf("read a thread of %d replies, want none", len(th.replies))
			}
			first := ""
			if len(th.first) > 0 {
				first = strings.TrimSpace(renderText(th.first[0], nil))
			}
			if first != tt.first {
				t.Errorf("first = %q, want %q", first, tt.first)
			}
			var texts, authors []string
			for _, c := range th.replies {
				texts = append(texts, c.Text)
				authors = append(authors, c.Author)
			}
			if strings.Join(texts, "|") != strings.Join(tt.replies, "|") {
				t.Errorf("replies = %q, want %q", texts, tt.replies)
			}
			if strings.Join(authors, "|") != strings.Join(tt.authors, "|") {
				t.Errorf("authors = %q, want %q", authors, tt.authors)
			}
		})
	}
}

func TestPostShape(t *testing.T) {
	tests := []struct{ html, want string }{
		{`<tr class="row1 post">`, "tr.row"},
		{`<tr class="row2">`, "tr.row"},
		{`<div class="odd post-item">`, "div.post-item"},
		{`<li>`, "li"},
	}
	for _, tt := range tests {
		doc, _ := html.Parse(strings.NewReader("<table>" + tt.html + "</table>" + tt.html))
		n := findFirst(doc, func(x *html.Node) bool { return x.Type == html.ElementNode && hasAttr(x, "class") || x.Data == "li" })
		if got := postShape(n); got != tt.want {
			t.Errorf("postShape(%s) = %q, want %q", tt.html, got, tt.want)
		}
	}
}

// TestFromReader_StructureOverComments checks that on a page taken as a
// post, posts read by their structure replace the comment layer's
// comments when they are more: one comment in comment markup sits beside
// the thread's replies. Only an address that says thread is searched.
func TestFromReader_StructureOverComments(t *testing.T) {
	page := `<html><head><meta property="og:type" content="article"><meta property="article:published_time" content="2024-03-01T10:00:00Z"></head><body><div class="thread">
<div class="entry" id="msg-9001"><a class="poster" href="/people/kit">kit</a> <img class="avatar" src="/k.png"><time datetime="2024-03-01">1 March</time><div class="text">Our allotment shed roof leaks along the ridge every time it rains from the west.</div></div>
<div class="entry" id="msg-9002"><a class="poster" href="/people/lou">lou</a> <img class="avatar" src="/l.png"><time datetime="2024-03-02">2 March</time><div class="text">Strip the felt back to the ridge board and lay a new capping strip over both sides.</div></div>
<div class="entry" id="msg-9003"><a class="poster" href="/people/max">max</a> <img class="avatar" src="/m.png"><time datetime="2024-03-03">3 March</time><div class="text">Use clout nails every four inches and seal the laps with bitumen adhesive, not mastic.</div></div>
<div class="entry" id="msg-9004"><a class="poster" href="/people/kit">kit</a> <img class="avatar" src="/k.png"><time datetime="2024-03-05">5 March</time><div class="text">Done over the weekend and it stayed dry through two days of heavy rain since then.</div></div>
</div>
<ol class="comment-list"><li class="comment" id="comment-5"><div class="comment-content">Nice.</div></li></ol>
</body></html>`
	p, err := FromReader(strings.NewReader(page), "https://garden.example.org/t/shed-roof/41", nil)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, c := range p.Comments {
		texts = append(texts, c.Text)
	}
	if len(texts) < 3 || !strings.Contains(strings.Join(texts, " "), "clout nails") {
		t.Errorf("comments = %q, want the thread's replies", texts)
	}
}
