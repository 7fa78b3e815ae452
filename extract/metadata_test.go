package extract_test

import (
	"strings"
	"testing"

	"github.com/annals-dev/annals/extract"
)

// para is filler prose long enough to count as a post body.
var para = "<p>" + strings.Repeat("The council met again on Tuesday to discuss the budget and the new library. ", 6) + "</p>"

// TestFromReader_Metadata checks title and date rules on small pages, each
// a pattern seen on real sites.
func TestFromReader_Metadata(t *testing.T) {
	tests := []struct {
		name, url, page  string
		title, published string
	}{
		{
			name:  "site name between title parts",
			url:   "https://www.ldt.de/blog/fall-in-love/",
			page:  `<html><head><title>Fall in love with black – LDT – Blog</title></head><body><div class="content">` + para + `</div></body></html>`,
			title: "Fall in love with black",
		},
		{
			name: "layout class sidebar on the post column",
			url:  "https://shop.example/blog/black/",
			page: `<html><head><title>Fall in love with black</title></head><body><div class="mainwrap single sidebar"><div class="post-meta"><a class="post-meta-time" href="/2017/08/08/">08/08/2017</a><a>by Stephan</a></div>
				<h2 class="title">Fall in love with black</h2>` + para + para + `</div><div class="widget"><h4>Recent</h4><div class="widget-date">01/02/2019</div></div></body></html>`,
			title: "Fall in love with black", published: "2017-08-08",
		},
		{
			name: "forum member's join date is not the post date",
			url:  "https://forum.example/viewtopic.php?t=167",
			page: `<html lang="de"><body><h2 class="topic-title">Was ist Freie Software</h2><p>Download MyOOS 2.4.10</p><div class="post has-profile"><dl class="postprofile"><dd class="profile-joined"><strong>Registriert:</strong> 18.09.2008, 05:56</dd></dl>
				<div class="postbody"><p class="author"><span>von <strong><a href="/u/5">r23</a></strong> » </span>21.01.2009, 05:42</p><div class="content">` + para + `</div></div></div></body></html>`,
			published: "2009-01-21T05:42:00Z",
		},
		{
			name: "labeled visible date beats a structured one",
			url:  "https://club.example/de/umwelt/schneesport/",
			page: `<html lang="de"><head><meta property="article:published_time" content="2022-01-15"><title>Schneesport mit Rücksicht</title></head><body><h1>Schneesport mit Rücksicht auf Wildtiere</h1>
				<ul><li><svg><title>Erscheinungsdatum</title><use href="#cal"></use></svg><span><time datetime="2022-01-25">25.01.2022</time></span></li></ul>` + para + `</body></html>`,
			published: "2022-01-25",
		},
		{
			name: "structured date kept against an unlabeled visible one",
			url:  "https://club.example/de/umwelt/schneesport/",
			page: `<html lang="de"><head><meta property="article:published_time" content="2022-01-15"><title>Schneesport mit Rücksicht</title></head><body><h1>Schneesport mit Rücksicht auf Wildtiere</h1>
				<ul><li><span><time datetime="2022-01-25">25.01.2022</time></span></li></ul>` + para + `</body></html>`,
			published: "2022-01-15",
		},
		{
			name:      "JSON data island",
			url:       "https://reviews.example/reviews/581cf",
			page:      `<html><head><title>Review of a shop</title></head><body><script type="application/json" data-state="dates">{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":"2016-11-04T20:39:47Z"}</script><h1>Great service from this shop</h1>` + para + `</body></html>`,
			published: "2016-11-04T20:37:27Z",
		},
		{
			name: "translation widget heading and a date before an unmarked headline",
			url:  "https://maker.example/news/201903/keyboard/index.html",
			page: `<html lang="ja"><head><title>[News] サクサク軽い打ち心地を実現し、キー入力がはかどる！薄型キーボードを発売</title></head><body><table><tr><td><p class="section-last">2019.03.05</p></td></tr></table>
				<p><b>サクサク軽い打ち心地を実現し、キー入力がはかどる！</b></p><p>仕様：19.5×15.8×6.5mm</p><div>` + para + `</div>
				<div id="goog-gt-tt" class="skiptranslate"><h1 class="title">Original text</h1></div></body></html>`,
			title: "[News] サクサク軽い打ち心地を実現し、キー入力がはかどる！薄型キーボードを発売", published: "2019-03-05",
		},
		{
			name:  "a kicker set apart inside the headline",
			url:   "https://www.stiftung.example/news/detail/grosse-aufgaben/",
			page:  `<html lang="de"><body><article><h1 itemprop="headline"> <small>Tunesien</small><br> Große Aufgaben für die neue Regierung </h1>` + para + `</article></body></html>`,
			title: "Große Aufgaben für die neue Regierung",
		},
		{
			name:      "Arabic month name",
			url:       "https://news.example/news/3126898/",
			page:      `<html lang="ar" dir="rtl"><head><title>سر رحيل نعيمة عاكف في سن مبكر</title></head><body><h1>سر رحيل نعيمة عاكف في سن مبكر</h1><div class="news-date">الأربعاء، 07 أكتوبر 2020 - 12:09 م</div>` + para + `</body></html>`,
			published: "2020-10-07T12:09:00Z",
		},
		{
			name:      "a month name is part of the date, not a label: Last updated on <a>March 12, 2026</a>",
			url:       "https://travel.example/japan-itinerary/",
			page:      `<html><head><meta property="article:published_time" content="2024-08-13T06:14:39+00:00"></head><body><h1 class="entry-title">Japan itinerary</h1><div class="entry-date"> Last updated on <a href="/japan-itinerary/">March 12, 2026</a> </div>` + para + `</body></html>`,
			published: "2024-08-13T06:14:39Z",
		},
		{
			name:      "the label inside the time element and its dateModified itemprop",
			url:       "https://fitness.example/blog/build-a-routine/",
			page:      `<html><head><meta property="article:published_time" content="2024-03-17T05:58:00+00:00"></head><body><h1>Build a routine</h1><time class="post_date entry-date updated" datetime="2025-08-05T13:21:57-04:00" itemprop="dateModified"><span>Last Updated: </span>August 5, 2025</time>` + para + `</body></html>`,
			published: "2024-03-17T05:58:00Z",
		},
		{
			name:      "a container whose class says updated",
			url:       "https://travel.example/japan-first-time/",
			page:      `<html><head><meta property="article:published_time" content="2020-03-10T15:30:00+00:00"></head><body><h1 class="entry-title">Japan for the first time</h1><span class="updated-on"><time class="entry-date published updated" datetime="2025-02-12T13:28:34+05:30">12th February 2025</time></span>` + para + `</body></html>`,
			published: "2020-03-10T15:30:00Z",
		},
		{
			name:      "a teaser card's date belongs to the other post",
			url:       "https://schools.example/degrees/certificate/",
			page:      `<html><body><h1>Online certificate programs</h1><div><span>By </span><b>Alison Plaut</b></div><div><a href="/other/"><h3>Business certificates</h3><span class="post-info">July 17, 2025</span></a></div>` + para + `<p class="date">March 3, 2025</p></body></html>`,
			published: "2025-03-03",
		},
		{
			name:      "the hAtom class updated on the only date shown is the publication's",
			url:       "https://astro.example/community/pleiades-m45/",
			page:      `<html><body><article class="hentry"><h1 class="entry-title">Pleiades, M45</h1><p class="entry-meta"><span class="entry-meta-date updated"><a href="/2019/09/">September 17, 2019</a></span></p>` + para + `</article></body></html>`,
			published: "2019-09-17",
		},
		{
			name:      "a Published label beats an updated class",
			url:       "https://news.example/2023/11/08/news/debate/",
			page:      `<html><head><meta property="article:published_time" content="2023-11-09T03:28:35+00:00"></head><body><h1>Debate</h1><div class="date meta"><div class="date--updated__item"><span>Published </span><span>Nov. 8, 2023, 10:28 p.m. ET</span></div></div>` + para + `</body></html>`,
			published: "2023-11-08T22:28:00Z",
		},
		{
			name:      "a meta tag named in a site's own vocabulary",
			url:       "https://legal.example/insights/articles/cost-benefit/",
			page:      `<html><head><meta name="w-page-type" content="Article"><meta name="w-last-edited-date" content="2025-06-01T08:00:00Z"><meta name="w-published-date" content="2025-05-27T06:03:43.274Z"><title>Cost-benefit analysis</title></head><body><h1>Cost-benefit analysis</h1>` + para + `</body></html>`,
			published: "2025-05-27T06:03:43Z",
		},
		{
			name:      "the post says when it was originally published",
			url:       "https://homes.example/advice/tiny-homes/",
			page:      `<html><head><title>Tiny homes</title></head><body><h1>The pros and cons of a tiny home</h1><div class="byline"><span>Chris Carroll</span> <time>30 Sep 2022, 11:07am</time></div>` + para + `<p><em>This article was originally published on 26 September 2019 but has been updated with the latest listings.</em></p></body></html>`,
			published: "2019-09-26",
		},
		{
			name:      "originally published in a month, without a day: the structured date stays",
			url:       "https://mag.example/bien-etre/intestin/",
			page:      `<html lang="fr"><head><meta property="article:published_time" content="2017-04-12T18:33:59+02:00"><meta property="article:modified_time" content="2020-02-19T15:24:33+01:00"><title>Intestin</title></head><body><h1>Les clés pour aller bien</h1><p>Le <span class="date">19 février 2020</span></p>` + para + `<p>* Cet article, initialement publié en avril 2017, a fait l'objet d'une mise à jour.</p></body></html>`,
			published: "2017-04-12T18:33:59+02:00",
		},
		{
			name:      "a date hidden from readers at every screen size is not printed for them",
			url:       "https://cloud.example/blog/gaming-strategies/",
			page:      `<html><head><title>Gaming strategies</title></head><body><h1>Gaming strategies</h1><ul class="post-info elementor-hidden-desktop elementor-hidden-tablet elementor-hidden-mobile"><li><time>December 16, 2025</time></li></ul><div hidden><span class="date">December 1, 2025</span></div><p class="date">November 13, 2024</p>` + para + `</body></html>`,
			published: "2024-11-13",
		},
		{
			name:      "a signature closing the post: Written by and the day",
			url:       "https://studio.example/blog/how-apps-are-made/",
			page:      `<html><head><title>How apps are made</title></head><body><h1>How apps are made</h1>` + strings.Repeat("<p>Each step of the work is planned.</p>", 70) + `<div><p>Written by <a href="/author/jane/">Jane Doe and John Roe</a></p><p>April 8, 2024</p></div></body></html>`,
			published: "2024-04-08",
		},
		{
			name:      "a date far from the headline without a byline is not the post's",
			url:       "https://studio.example/blog/how-apps-are-tested/",
			page:      `<html><head><title>How apps are tested</title></head><body><h1>How apps are tested</h1>` + strings.Repeat("<p>Each step of the work is planned.</p>", 70) + `<div><p>Next event in <a href="/events/">Berlin</a></p><p>April 8, 2024</p></div></body></html>`,
			published: "none",
		},
		{
			name:      "a label before a month name: Published Nov. 8",
			url:       "https://news.example/news/debate-night/",
			page:      `<html><head><meta property="article:published_time" content="2023-11-09T03:28:35+00:00"></head><body><h1>Debate</h1><div class="date meta"><span>Published Nov. 8, 2023, 10:28 p.m. ET</span></div>` + para + `</body></html>`,
			published: "2023-11-08T22:28:00Z",
		},
		{
			name:      "a label split around a connective: Last Updated <span>on</span> Feb 27",
			url:       "https://security.example/cameras/best/",
			page:      `<html><head><meta property="article:published_time" content="2019-07-09T10:00:00+00:00"><meta name="date" content="2026-02-27"><title>Best cameras</title></head><body><h1>Best cameras</h1><div class="byline"><span>Last Updated</span> <span>on</span> <span>Feb 27, 2026</span></div>` + para + `</body></html>`,
			published: "2019-07-09T10:00:00Z",
		},
		{
			name:      "originally published beats a Posted on line",
			url:       "https://journals.example/post/index-types/",
			page:      `<html><head><title>Index types</title></head><body><h1>Index types</h1><p class="meta">Posted on April 13, 2023</p>` + para + `<p><strong>Update note:</strong> This blog post was originally published on the 21st of June 2017 and updated on the 18th of July 2025.</p></body></html>`,
			published: "2017-06-21",
		},
		{
			name:      "the structured modification date as the last resort",
			url:       "https://agency.example/portfolio-work/",
			page:      `<html><head><meta property="article:modified_time" content="2023-06-12T10:39:42+00:00"><title>Portfolio</title></head><body><h1>Our work</h1>` + para + `</body></html>`,
			published: "2023-06-12T10:39:42Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := extract.FromReader(strings.NewReader(tt.page), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.title != "" && p.Title != tt.title {
				t.Errorf("Title = %q, want %q", p.Title, tt.title)
			}
			if got := p.Published.String(); tt.published == "none" && got != "" || tt.published != "" && tt.published != "none" && got != tt.published {
				t.Errorf("Published = %q, want %q", got, tt.published)
			}
		})
	}
}

// TestFromReader_Authors checks author rules on small pages, each a
// pattern seen on real sites.
func TestFromReader_Authors(t *testing.T) {
	tests := []struct {
		name, url, page string
		want            []string
	}{
		{
			name: "a newsletter post whose only structured data is a WebPage naming its author",
			url:  "https://news.example/p/signal-18",
			page: `<html><head><meta property="og:site_name" content="The Signal"><script type="application/ld+json">{"@type":"WebPage","headline":"Signal 18","author":{"@type":"Person","name":"Çelik Nimani"},"publisher":{"@type":"Organization","name":"The Signal"}}</script></head><body><article><h1>Signal 18: the world without work</h1>` + para + para + `</article></body></html>`,
			want: []string{"Çelik Nimani"},
		},
		{
			name: "the author named only by the button to their archive",
			url:  "https://www.hr.example/resources/blog/shared-services",
			page: `<html><head><meta property="og:site_name" content="HR Systems"></head><body><article><h1>HR shared services explained</h1>` + para + para + `<div class="bio"><p>Elliot Raba</p><p>Enterprise sales executive with twenty years in the field.</p><button aria-label="All articles by Elliot Raba"><span>All articles by Elliot Raba</span></button></div></article><footer><p>© 2025 HR Systems</p></footer></body></html>`,
			want: []string{"Elliot Raba"},
		},
		{
			name: "archive links naming two authors name neither",
			url:  "https://www.hr.example/resources/blog/shared-services",
			page: `<html><body><article><h1>HR shared services explained</h1><p class="byline">By <a rel="author" href="/a/jane">Jane Doe</a></p>` + para + `<p><a href="/a/jane">More articles by Jane Doe</a> <a href="/a/john">More articles by John Roe</a></p></article></body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "an unclosed aside around the whole page is not a sidebar",
			url:  "https://www.cloud.example/blog/startup-lessons",
			page: `<html><head><meta name="author" content="page.head.extra.author"></head><body><aside class="announcement-banner"><p>Join us at the summit!</p><main><article class="blog-post"><h1>Startup Lessons from 25 Years</h1><div class="blog-meta"><span class="blog-meta-author">Tim Enwall</span></div>` + para + para + `</article></main></body></html>`,
			want: []string{"Tim Enwall"},
		},
		{
			name: "author markup around a name and an update line names the author by its first line; a latest-comments widget names no one",
			url:  "https://www.dpc.example/blog/ai-metadata-workflows",
			page: `<html><body><div class="sub_nav"><strong>Latest Comments</strong><ul class="jcomments-latest"><li><h3><a href="/blog/other">Archiving Facebook</a></h3><span class="author">George Oates</span><div class="comment">Hi Andy, thanks for this.</div></li></ul></div>
				<main><h1>AI-powered metadata workflows</h1><div class="news-author"><h3><a href="/u/craig">Craig McCarthy</a></h3><p class="date">Last updated on 17 December 2025</p></div>` + para + para + `</main></body></html>`,
			want: []string{"Craig McCarthy"},
		},
		{
			name: "user name with digits in a rel=author link",
			url:  "https://blog.example/makrophotos/",
			page: `<html><body><h1>Makrophotos von Insekten</h1><div class="meta">22. Januar 2020 // Autor: <a href="/author/c1ph4/" rel="author">c1ph4</a> // 1 Minute</div>` + para + `</body></html>`,
			want: []string{"c1ph4"},
		},
		{
			name: "forum post author's user name",
			url:  "https://forum.example/viewtopic.php?t=167",
			page: `<html lang="de"><body><h2 class="topic-title">Was ist Freie Software</h2><div class="post"><div class="postbody"><p class="author"><span>von <strong><a href="/u/5" class="username">r23</a></strong> » </span>21.01.2009, 05:42</p><div class="content">` + para + `</div></div></div></body></html>`,
			want: []string{"r23"},
		},
		{
			name: "initials written out by the licence attribution",
			url:  "https://tagebuch.example/2019/10/31/nach-langer-zeit/",
			page: `<html><body><article><h1>Nach viel zu langer Zeit</h1><span class="byline">von <a rel="author" href="/author/dt/">DT</a></span>` + para + `</article><footer><span>Ein Tagebuch</span> von <a rel="cc:attributionURL" href="/">Donald Townsend</a> steht unter einer Creative-Commons-Lizenz.</footer></body></html>`,
			want: []string{"Donald Townsend"},
		},
		{
			name: "wire service credit line, not the photo credit",
			url:  "https://news.example/news/2020/02/18/masks/",
			page: `<html><body><article><header><h1>Losing face: 6,000 surgical masks stolen</h1><p class="credit">JIJI</p></header><figure><img src="a.jpg"><figcaption><span class="author">Photo: Jane Roe</span></figcaption></figure>` + para + `</article></body></html>`,
			want: []string{"JIJI"},
		},
		{
			name: "schema.org Person signing off the article beats the publisher",
			url:  "https://www.ln.example/Lokales/auktion",
			page: `<html lang="de"><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"So lief die Auktion","author":{"@type":"Organization","name":"LN"}}</script></head><body><article><h1>So lief die Auktion</h1>` + para + para + para + para + `<p><em>Von <span itemscope itemtype="http://schema.org/Person"><meta itemprop="name" content="Cosima Künzel">Cosima Künzel</span></em></p></article></body></html>`,
			want: []string{"Cosima Künzel"},
		},
		{
			name: "agency sign-off closing the text, over a desk name",
			url:  "https://www.fr.example/politik/kim-zurueck-13777777.html",
			page: `<html lang="de"><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Der Diktator ist zurück","author":{"@type":"Person","name":"Redaktion"}}</script></head><body><article><h1>Der Diktator ist zurück</h1>` + para + `<p>Die Zyste könne sich jederzeit neu bilden, hieß es. (FR mit dpa)</p><p>*fr.example ist Teil eines Netzwerks</p></article></body></html>`,
			want: []string{"FR mit dpa"},
		},
		{
			name: "a page reference in parentheses is no sign-off",
			url:  "https://www.fr.example/politik/kim-zurueck-13777777.html",
			page: `<html lang="de"><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Der Diktator ist zurück","author":{"@type":"Person","name":"Redaktion"}}</script></head><body><article><h1>Der Diktator ist zurück</h1>` + para + `<p>Mehr dazu im Heft. (Seite 3)</p></article></body></html>`,
			want: []string{"Redaktion"},
		},
		{
			name: "a thread's microdata names each reply's poster: the first post's counts",
			url:  "https://qa.example/questions/4429/focus-the-file-list",
			page: `<html><body><h1>Focus the file list</h1><div class="question"><div class="post-text">` + para + `</div><div class="user-details" itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="/users/6/pup">Pup</a><meta itemprop="name" content="Pup"></div></div>
				<div class="answer"><div class="post-text">` + para + `</div><div class="user-details" itemprop="author" itemscope itemtype="http://schema.org/Person"><meta itemprop="name" content="iglvzx"></div></div></body></html>`,
			want: []string{"Pup"},
		},
		{
			name: "forum's crawler copy inside noscript",
			url:  "https://community.example/t/update-broken/9318",
			page: `<html><body><div id="app"></div><noscript><div id="main-outlet"><h1>Update broken</h1><div class="topic-body crawler-post"><span class="creator" itemprop="author" itemscope itemtype="http://schema.org/Person"><a itemprop="url" href="/u/DaleJack"><span itemprop="name">DaleJack</span></a></span><div class="post" itemprop="text">` + para + `</div></div></div></noscript></body></html>`,
			want: []string{"DaleJack"},
		},
		{
			name: "a date glued to the name is cut off",
			url:  "https://builds.example/blog/attested-builds",
			page: `<html><body><main><h1>Attested builds</h1><div class="dateAndAuthorContainer"><span>Dec 17, 2025</span><span>Julian K. Arni</span></div>` + para + `<div class="blogListing"><div class="dateAndAuthorContainer">Nov 25, 2025<span>Alex David</span></div></div></main></body></html>`,
			want: []string{"Julian K. Arni"},
		},
		{
			name: "phpBB profile box of the first post, not the date line or the replies",
			url:  "https://forums.example/viewtopic.php?t=361697",
			page: `<html><body><h2 class="topic-title">Turning off all LEDs</h2><div class="post has-profile"><dl class="postprofile"><dt><a href="/u/4" class="username">b.scherer</a></dt><dd class="profile-joined"><strong>Joined:</strong> Sun Dec 17, 2023 11:18 am</dd></dl>
				<div class="postbody"><p class="author"><a href="#p1">Sun Dec 17, 2023 11:23 am</a></p><div class="content">` + para + `</div></div></div>
				<div class="post has-profile"><dl class="postprofile"><dt><a href="/u/5" class="username">fanoush</a></dt></dl><div class="postbody"><div class="content">Try the config.</div></div></div></body></html>`,
			want: []string{"b.scherer"},
		},
		{
			name: "FluxBB poster column; a short first post still ends the group",
			url:  "https://bbs.example/viewtopic.php?id=309936",
			page: `<html><body><h1>ISO size</h1><div class="blockpost"><div class="postleft"><dl><dt><strong>chunix64</strong></dt><dd class="usertitle"><strong>Member</strong></dd><dd><span>Registered: 2025-11-01</span></dd></dl></div>
				<div class="postright"><div class="postmsg"><p>Why did the ISO size grow so fast from 2024 to 2025, from about 800 MB to 1.4 GB, almost half of its growth?</p></div></div></div>
				<div class="blockpost"><div class="postleft"><dl><dt><strong>nl6720</strong></dt></dl></div><div class="postright"><div class="postmsg">` + para + `</div></div></div></body></html>`,
			want: []string{"chunix64"},
		},
		{
			name: "a sign-in link's authorize class names no author",
			url:  "https://forum.example/forum/consulting/is-it-worth-it",
			page: `<html><body><header><div class="user-links"><a class="authorize__link" href="/login">Sign In</a></div></header><h1>Is consulting worth it?</h1><div class="post"><a class="username" href="/user/1078747">AtlanG</a>` + para + `</div></body></html>`,
			want: []string{"AtlanG"},
		},
		{
			name: "a label in its own element, the name in the next",
			url:  "https://learn.example/insights/benefits-of-ai",
			page: `<html><body><h1>Benefits of AI</h1>` + para + `<div class="meta"><div class="item"><h3>Published</h3><p>August 30, 2024</p></div><div class="item"><h3>Author</h3><p> Lisa D. Ellis</p></div></div></body></html>`,
			want: []string{"Lisa D. Ellis"},
		},
		{
			name: "a label in its own element followed by a paragraph of prose names no one",
			url:  "https://learn.example/insights/benefits-of-ai",
			page: `<html><body><h1>Benefits of AI</h1>` + para + `<div class="meta"><h3>Author</h3><p>Our Editorial Staff writes about learning.</p></div></body></html>`,
		},
		{
			name: "Written by and a link, without a colon",
			url:  "https://studio.example/blog/how-apps-are-made",
			page: `<html><body><h1>How apps are made</h1><div><p>Written by<!-- --> <a href="/blog/author/mk">Moses Kim and Kate Shokurova</a></p><p>April 8, 2024</p></div>` + para + `</body></html>`,
			want: []string{"Moses Kim", "Kate Shokurova"},
		},
		{
			name: "written by in an author box, the job title after the comma left out",
			url:  "https://blog.example/post/index-types",
			page: `<html><body><h1>Index types</h1>` + para + `<div id="post-author-wrapper"><div class="author-bio">This post was written by Danielle Padula, Head of Marketing and Community Development</div></div></body></html>`,
			want: []string{"Danielle Padula"},
		},
		{
			name: "the name in an author box after the article",
			url:  "https://consulting.example/what-is-consulting/pros-and-cons",
			page: `<html><body><article><h1>Pros and cons of consulting</h1>` + para + `<div class="elementor-author-box"><div class="elementor-author-box__text"><h4 class="elementor-author-box__name"> Liz Kenny </h4><div class="elementor-author-box__bio"><p>Former McKinsey Consultant</p></div></div></div></article></body></html>`,
			want: []string{"Liz Kenny"},
		},
		{
			name: "WordPress author bio: By heading and the View all of X's posts link",
			url:  "https://blog.example/2024/05/02/garden/",
			page: `<html><body><article><h1 class="entry-title">The garden in May</h1><div class="entry-content">` + para + `</div><footer class="entry-footer"><div class="author-bio show-avatars"><div class="author-bio-content"><h2 class="author-title">By Jane van Doe</h2><p class="author-description">Jane grows tomatoes.</p><a class="author-link" href="/author/jane/" rel="author">View all of Jane van Doe's posts.</a></div></div></footer></article></body></html>`,
			want: []string{"Jane van Doe"},
		},
		{
			name: "date · name line under the headline, inline elements glued",
			url:  "https://preservation.example/blog/2025-12-17-the-pilot",
			page: `<html><body><main><h1>Mission accomplished!</h1><div class="meta"><span>2025-12-17</span><span>·</span><a title="Trond Teigen"><img src="/a.png" alt="Trond Teigen"><div>Trond Teigen</div></a></div>` + para + `</main></body></html>`,
			want: []string{"Trond Teigen"},
		},
		{
			name: "on behalf of a group",
			url:  "https://blog.lang.example/2025/12/19/what-people-love/",
			page: `<html><body><header><h2>What do people love?</h2></header><div class="publish-date-author">Dec. 19, 2025 &middot; Niko Matsakis on behalf of <a href="/teams/vision">Vision Doc group</a></div>` + para + `</body></html>`,
			want: []string{"Niko Matsakis"},
		},
		{
			name: "author markup in related posts' articles is theirs",
			url:  "https://news.example/debatte/2019/rueckblick-31/",
			page: `<html><body><div class="post"><h1>Rückblick 31</h1>` + para + `<p class="signature">Text: Boris T. Kaiser</p></div><div class="grid"><article class="post hentry"><h3>Another story</h3><span class="post__meta--author">JF</span></article><article class="post hentry"><h3>A third story</h3><span class="post__meta--author">Anna Berg</span></article></div></body></html>`,
			want: []string{"Boris T. Kaiser"},
		},
		{
			name: "the copyright holder's name keeps its first letter",
			url:  "https://cdoe.example/post/dot-files",
			page: `<html><body><article><h1>Dot files</h1>` + para + `</article><footer>&copy; 2025 Carla Doe. <a href="/src">Source</a></footer></body></html>`,
			want: []string{"Carla Doe"},
		},
		{
			name: "a login name in structured data gives way to the byline's name",
			url:  "https://travel.example/rental-cars/",
			page: `<html><head><meta name="author" content="janed"><script type="application/ld+json">{"@type":"BlogPosting","headline":"Rental cars","author":{"@type":"Person","name":"jane.doe"}}</script></head><body><article><h1>Rental cars</h1><span class="byline">By <span class="author vcard"><a class="url fn n" href="/author/janed/">Jane Doe</a></span></span>` + para + `</article></body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "a byline that lists its authors in list items names each",
			url:  "https://solar.example/guide/",
			page: `<html><body><h1>Solar panel guide</h1><div><span>Written by: <ul class="comma-list"><li><a href="/a/jd">Jane Doe</a></li><li><a href="/a/jr">John Roe</a></li></ul></span></div>` + para + `</body></html>`,
			want: []string{"Jane Doe", "John Roe"},
		},
		{
			name: "a time stamp beside the name in author markup",
			url:  "https://energy.example/news/hotspots",
			page: `<html><body><h1>Five hotspots</h1><div class="Author_wrapper__x1"><div class="Author_content__x2"><p class="Author_author__x3">Jane van Doe</p><p><span>2022-11-23T08:10+02:00</span></p></div></div>` + para + `</body></html>`,
			want: []string{"Jane van Doe"},
		},
		{
			name: "a heading that ends in written by, before the author's card",
			url:  "https://clinic.example/blog/medications/",
			page: `<html><body><article><h1>Medications</h1>` + para + `<section><h2>Article written by:</h2><div><img src="a.jpg" alt=""><div><h3>Jane Doe, MD, FACP</h3></div></div></section></article><footer>&copy; 2025 Clinic Association</footer></body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "By and a linked name opening a line",
			url:  "https://gear.example/best-toothbrush",
			page: `<html><body><h1>The best toothbrush</h1><figure><img src="t.jpg"><figcaption>Credit: Ann Roe</figcaption></figure><div class="meta">By <a href="/author/jane-doe">Jane Doe</a> &sdot; Senior Analyst &sdot; <span>Updated March 5, 2025</span></div>` + para + `</body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "written by and a linked name in a sentence names no author",
			url:  "https://code.example/blog/regex",
			page: `<html><body><h1>Case folding</h1>` + para + para + `<p>For parsing the many odd date formats of the archive we used a small <a href="https://code.example/re">regex library</a> written by <a href="https://code.example/jr">John Roe</a> in C.</p>` + para + `</body></html>`,
			want: nil,
		},
		{
			name: "contributors label",
			url:  "https://plants.example/learn/low-light",
			page: `<html><body><h1>Low-light houseplants</h1><div class="tags"><div><strong>Contributors:</strong> Jane Doe</div></div>` + para + `<footer>&copy; 2025 Plant Growers</footer></body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "a name after a person icon in the meta line",
			url:  "https://audio.example/blog/pixel-ui",
			page: `<html><body><h2 class="entry-title">Pixel-perfect UI</h2><div class="entry-meta"><ul><li><i class="bi bi-person"></i> Jane Kovács</li><li><i class="bi bi-clock"></i> 02-12-2025</li></ul></div>` + para + `</body></html>`,
			want: []string{"Jane Kovács"},
		},
		{
			name: "the site's name when nothing names an author",
			url:  "https://jane.blog.example/home-server/",
			page: `<html><head><meta property="og:site_name" content="Jane Doe"></head><body><h1>A home server</h1>` + para + `</body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "a name set apart at the top of the body yields to sources that agree on another",
			url:  "https://film.example/dispatch/",
			page: `<html><head><meta name="author" content="Jane Doe"></head><body><article><h1>Dispatch</h1><div class="entry-content"><p><strong>Night Garden</strong></p>` + para + para + `</div><span class="author vcard"><a class="url fn n" href="/author/jd/">Jane Doe</a></span></article></body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "the name beside an author's portrait in a box about the author",
			url:  "https://podcast.example/blog/equipment",
			page: `<html><body><article><h1>Podcast equipment</h1>` + para + `<div class="callout"><div class="author__image-container"><img class="author__photo" src="p.jpg" alt="jane Doe"></div><div class="callout__content"><h3>Jane Doe</h3><p>Jane Doe is the head of marketing.</p></div></div></article></body></html>`,
			want: []string{"Jane Doe"},
		},
		{
			name: "structured data names the first of the byline's authors",
			url:  "https://hr.example/blog/trends/",
			page: `<html><head><script type="application/ld+json">{"@type":"Article","headline":"HR trends","author":{"@type":"Person","name":"Jane Doe"}}</script></head><body><article><h1>HR trends</h1><div class="byline">By <span class="author">Dr Jane Doe, Dr John Roe, Ann Poe</span></div>` + para + `</article></body></html>`,
			want: []string{"Dr Jane Doe", "Dr John Roe", "Ann Poe"},
		},
		{
			name: "a byline naming the site beats the footer's copyright holder",
			url:  "https://pipes.example/blog/materials",
			page: `<html><head><meta property="og:site_name" content="Pipes EMEA"></head><body><article><h1>Plumbing materials</h1><span class="author">Pipes EMEA</span>` + para + `</article><footer>&copy; 2025 Parent Materials Holding</footer></body></html>`,
			want: []string{"Pipes EMEA"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := extract.FromReader(strings.NewReader(tt.page), tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(p.Authors, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Authors = %q, want %q", p.Authors, tt.want)
			}
		})
	}
}
