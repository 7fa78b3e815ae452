package extract

import (
	"reflect"
	"strings"
	"testing"
)

// Markup of real WordPress themes, written after their templates
// (twentytwentyone's entry footer, twentyten's widget sidebar, the
// password form every theme prints for a protected post).

const wpHead = `<!DOCTYPE html><html lang="en-US"><head><meta name="generator" content="WordPress 6.1.9"><title>%s – Marginalia</title></head>`

func wpPage(title, body string) string {
	return strings.Replace(wpHead, "%s", title, 1) + `<body class="post-template-default single single-post">` + body + `</body></html>`
}

// TestWordPressThemes checks fields that real themes put where rules once
// missed them.
func TestWordPressThemes(t *testing.T) {
	para := `<p>Foxing is the rust-brown spotting of old paper. Nobody agrees on its cause, and each theory explains some spots and not others.</p><p>Fungus, iron in the paper, damp: each has its defenders among conservators, and each its counter-examples.</p>`
	sidebar := `<div id="primary" class="widget-area" role="complementary"><ul class="xoxo">
<li id="recent-comments-2" class="widget-container widget_recent_comments"><h3 class="widget-title">Recent Comments</h3><ul id="recentcomments">
<li class="recentcomments"><span class="comment-author-link">Reading Group</span> on <a href="/2024/09/notes/comment-page-1/#comment-16">Notes</a></li>
<li class="recentcomments"><span class="comment-author-link">Marta Nowak</span> on <a href="/2024/08/ticket/comment-page-1/#comment-14">A ticket</a></li>
</ul></li></ul></div>`
	for _, tt := range []struct {
		name, page string
		check      func(t *testing.T, r *Result)
	}{
		{
			// twentytwentyone prints the date only in the article's own
			// footer; a page footer's dates are not the post's.
			name: "DateInArticleFooter",
			page: wpPage("On foxing", `<main id="main"><article class="post type-post"><header class="entry-header"><h1 class="entry-title">On foxing</h1></header>
<div class="entry-content">`+para+`</div>
<footer class="entry-footer"><div class="posted-by"><span class="posted-on">Published <time class="entry-date published updated" datetime="2024-10-15T12:00:00+02:00">October 15, 2024</time></span><span class="byline">By <a href="/author/zoe/" rel="author">Zoë Ångström</a></span></div></footer>
</article></main><footer id="colophon" class="site-footer"><time class="entry-date published" datetime="2020-01-01T00:00:00+00:00">January 1, 2020</time></footer>`),
			check: func(t *testing.T, r *Result) {
				if got := r.Post.Published.String(); got != "2024-10-15T12:00:00+02:00" {
					t.Errorf("published %q, want the article footer's 2024-10-15T12:00:00+02:00", got)
				}
			},
		},
		{
			// A Recent Comments widget lists other posts' comments.
			name: "RecentCommentsWidget",
			page: wpPage("On foxing", `<div id="container"><div id="content" role="main"><div class="post hentry"><h1 class="entry-title">On foxing</h1>
<div class="entry-content">`+para+`</div></div></div></div>`+sidebar),
			check: func(t *testing.T, r *Result) {
				if len(r.Post.Comments) != 0 {
					t.Errorf("comments %+v, want none: the widget's are other posts'", r.Post.Comments)
				}
			},
		},
		{
			// A password-protected post: the form is not its text, the
			// "Protected:" label not its title.
			name: "PasswordProtected",
			page: wpPage("Protected: Notes for the reading group", `<main><article class="post post-password-required"><header><h1 class="entry-title">Protected: Notes for the reading group</h1></header>
<div class="entry-content"><form action="http://example.com/wp-login.php?action=postpass" class="post-password-form" method="post"><p>This content is password protected. To view it please enter your password below:</p><p><label>Password: <input name="post_password" type="password"></label> <input type="submit" value="Enter"></p></form></div>
<footer class="entry-footer"><span class="posted-on">Published <time class="entry-date published" datetime="2024-09-01T10:00:00+02:00">September 1, 2024</time></span></footer></article></main>`+sidebar),
			check: func(t *testing.T, r *Result) {
				if !r.Protected || r.Post.Text != "" || r.Post.Title != "Notes for the reading group" || r.Kind != KindPost {
					t.Errorf("protected %v, kind %s, title %q, text %q; want a protected post titled without its label and no text",
						r.Protected, r.Kind, r.Post.Title, r.Post.Text)
				}
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Analyze(strings.NewReader(tt.page), "http://example.com/2024/10/on-foxing/", nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

// TestCanonicalCommentPage: WordPress names a post's first comment page
// canonical when its comments are threaded; the post is the post.
func TestCanonicalCommentPage(t *testing.T) {
	for link, want := range map[string]string{
		"http://example.com/2024/06/trip/comment-page-1/#comments": "http://example.com/2024/06/trip/",
		"http://example.com/?p=6&cpage=2":                          "http://example.com/?p=6",
		"http://example.com/2024/06/comment-page-story/":           "http://example.com/2024/06/comment-page-story/",
	} {
		page := wpPage("Trip", `<link rel="canonical" href="`+link+`"><article><h1>Trip</h1><div class="entry-content"><p>Along the old road, station by station, with the tea at Mariko.</p></div></article>`)
		r, err := Analyze(strings.NewReader(page), "http://example.com/2024/06/trip/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Post.CanonicalURL != want {
			t.Errorf("canonical %q: got %q, want %q", link, r.Post.CanonicalURL, want)
		}
	}
}

// TestReadParts: a post split with <!--nextpage--> links its parts in
// wp_link_pages(); a listing's pagination is not a post's parts.
func TestReadParts(t *testing.T) {
	base := "http://example.com/2024/05/guide/"
	body := func(pager string) string {
		return wpPage("Guide", `<article><h1 class="entry-title">Guide</h1><div class="entry-content"><p>Collation means counting the leaves and gatherings of a book to see that nothing is missing.</p>`+pager+`</div></article>`)
	}
	for _, tt := range []struct {
		name, url, page string
		want            Parts
	}{
		{"First", base, body(`<nav class="page-links" aria-label="Page"><span class="post-page-numbers current" aria-current="page">Page 1</span><a href="` + base + `2/" class="post-page-numbers">Page 2</a><a href="` + base + `3/" class="post-page-numbers">Page 3</a></nav>`),
			Parts{Current: 1, Later: []string{base + "2/", base + "3/"}}},
		{"Second", base + "2/", body(`<div class="page-link">Pages: <a href="` + base + `" class="post-page-numbers">1</a> <span class="post-page-numbers current">2</span> <a href="` + base + `3/" class="post-page-numbers">3</a></div>`),
			Parts{Current: 2, First: base}},
		{"PlainPermalinks", "http://example.com/?p=7", body(`<p class="post-nav-links">Pages: <span class="current">1</span> <a href="http://example.com/?p=7&amp;page=2">2</a></p>`),
			Parts{Current: 1, Later: []string{"http://example.com/?p=7&page=2"}}},
		{"OtherPosts", base, body(`<div class="page-links"><a href="http://example.com/2024/05/other/2/">2</a></div>`), Parts{}},
		{"ListingPagination", "http://example.com/blog/", body(`<ul class="pagination"><li class="page-item active"><span class="page-link">1</span></li><li class="page-item"><a class="page-link" href="/blog/?page=2">2</a></li></ul>`), Parts{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Analyze(strings.NewReader(tt.page), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Parts, tt.want) {
				t.Errorf("parts %+v, want %+v", r.Parts, tt.want)
			}
			if strings.Contains(r.Post.Text, "Pages:") || strings.Contains(r.Post.Text, "Page 2") {
				t.Errorf("the pager is in the text: %q", r.Post.Text)
			}
		})
	}
}

// TestRelParts: without a pager, rel=next and rel=prev name the parts
// when they are this post's part addresses; adjacent posts (which old
// WordPress named rel=next) and a listing's pages are not parts.
func TestRelParts(t *testing.T) {
	base := "http://news.example/2024/05/long-read/"
	page := func(head string) string {
		return `<!DOCTYPE html><html><head><title>Long read</title>` + head + `</head><body><article><h1>Long read</h1><p>An article of several pages, each with a few paragraphs of its own text.</p></article></body></html>`
	}
	for _, tt := range []struct {
		name, url, head string
		want            Parts
	}{
		{"First", base, `<link rel="next" href="` + base + `2/">`, Parts{Current: 1, Next: base + "2/"}},
		{"Middle", base + "2/", `<link rel="prev" href="` + base + `"><link rel="next" href="` + base + `3/">`, Parts{Current: 2, First: base, Next: base + "3/"}},
		{"Last", base + "3/", `<link rel="prev" href="` + base + `2/">`, Parts{Current: 3, First: base}},
		{"Query", "http://news.example/story?id=9", `<link rel="next" href="http://news.example/story?id=9&amp;page=2">`, Parts{Current: 1, Next: "http://news.example/story?id=9&page=2"}},
		{"AdjacentPost", base, `<link rel="next" href="http://news.example/2024/05/other-story/">`, Parts{}},
		{"ListingPage", "http://news.example/page/2/", `<link rel="prev" href="http://news.example/">`, Parts{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Analyze(strings.NewReader(page(tt.head)), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Parts, tt.want) {
				t.Errorf("parts %+v, want %+v", r.Parts, tt.want)
			}
		})
	}
}
