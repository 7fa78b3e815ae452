package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocs_Fixtures checks what the documentation fixtures' text must and
// must not hold: the text with its headings, notes, tables and code (with
// its line breaks, once), without the generator's furniture.
func TestDocs_Fixtures(t *testing.T) {
	for _, tc := range []struct {
		file    string
		url     string
		want    []string
		notWant []string
	}{
		{
			file: "docs-sphinx.html",
			url:  "https://kettle.example.org/en/2.4/guide/queues.html",
			want: []string{
				"A queue holds the jobs that workers have not picked up yet.",
				"Queue names are case sensitive",
				"Declaring a queue",
				"Purging a queue",
				"from kettle import Queue\n\nQUEUES = [\n    Queue(\"reports\", priority=5),\n]",
				"$ kettle queue purge reports\nPurged 118 jobs from reports.",
				"Higher numbers are served first.",
			},
			notWant: []string{"Table of Contents", "Previous topic", "Next topic", "Show Source", "Copyright", "General Index", "1\n2\n3", "¶"},
		},
		{
			file: "docs-docusaurus.html",
			url:  "https://larkspur.example.dev/docs/delivery/retries",
			want: []string{
				"When an endpoint does not answer with a 2xx status",
				"The default policy",
				"Return 200 as soon as the payload is stored",
				"await larkspur.setRetryPolicy({\n  attempts: 5,\n  maxWait: \"2h\",\n});",
				"err := client.SetRetryPolicy(ctx, larkspur.Policy{Attempts: 5})",
				"attempts already waiting keep their old schedule",
			},
			notWant: []string{"Edit this page", "Last updated", "Previous", "Signing payloads", "On this page", "Breadcrumbs", "Home", "Copy", "Introduction", "v2.x"},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join("..", "testdata", "pages", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Analyze(strings.NewReader(string(page)), tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != KindDocs {
				t.Errorf("kind = %v, want documentation", res.Kind)
			}
			text := res.Post.Text
			for _, w := range tc.want {
				if strings.Count(text, w) != 1 {
					t.Errorf("text holds %q %d times, want once:\n%s", w, strings.Count(text, w), text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("text holds %q:\n%s", w, text)
				}
			}
			if strings.HasSuffix(res.Post.Title, "¶") {
				t.Errorf("title %q ends with the heading link", res.Post.Title)
			}
		})
	}
}

// TestDocsContainer checks which generator containers are found.
func TestDocsContainer(t *testing.T) {
	for _, tc := range []struct {
		name, page, want string
	}{
		{"mkdocs", `<div class="md-content"><article class="md-content__inner md-typeset"><h1>Setup</h1><p>x</p></article></div>`, "article.md-content__inner.md-typeset"},
		{"vitepress", `<div class="VPDoc"><div class="vp-doc _guide_start"><p>x</p></div></div>`, "div.vp-doc._guide_start"},
		{"mdn", `<main id="content" class="layout__content"><h1>WebSocket</h1><p>x</p></main>`, "main#content.layout__content"},
		{"a layout class alone is not mdn", `<main class="layout__content"><p>x</p></main>`, ""},
		{"sphinx", `<div class="document"><div class="body" role="main"><p>x</p></div></div>`, "div.body"},
		{"asciidoctor", `<div id="content"><div class="sect1"><p>a</p></div><div class="sect1"><p>b</p></div></div>`, "div#content"},
		{"one section is not asciidoctor", `<div id="content"><div class="sect1"><p>a</p></div></div>`, ""},
		{"nav is not the body", `<nav><div class="markdown-body"><a href="/">x</a></div></nav>`, ""},
		{"blog", `<article class="post"><div class="entry-content"><p>x</p></div></article>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := parse([]byte("<html><body>" + tc.page + "</body></html>"))
			c, _ := docsContainerOf(doc)
			got := ""
			if c != nil {
				got = describe(c)
			}
			if got != tc.want {
				t.Errorf("container = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestTabPanelsKept checks that hidden tab panels stay on documentation
// pages and go on others.
func TestTabPanelsKept(t *testing.T) {
	page := `<html><head><meta name="generator" content="Docusaurus v3"></head><body><main><article><div class="theme-doc-markdown markdown"><h1>Install</h1>
<p>Install the client library with the package manager of your language; each one is a single command that fetches the library and its dependencies.</p>
<div role="tabpanel"><pre>npm install larkspur</pre></div><div role="tabpanel" hidden><pre>go get example.dev/larkspur</pre></div>
<p>Then create a client with your key, as shown in the next section of this guide, and send your first delivery from a test endpoint.</p></div></article></main></body></html>`
	res, _ := Analyze(strings.NewReader(page), "https://larkspur.example.dev/docs/install", nil)
	if !strings.Contains(res.Post.Text, "go get example.dev/larkspur") {
		t.Errorf("hidden tab panel lost on a documentation page:\n%s", res.Post.Text)
	}
	blog := strings.Replace(strings.Replace(page, "Docusaurus v3", "WordPress 6.5", 1), "theme-doc-markdown markdown", "entry-content", 1)
	res, _ = Analyze(strings.NewReader(blog), "https://blog.example.com/2024/05/install", nil)
	if strings.Contains(res.Post.Text, "go get") {
		t.Errorf("hidden tab panel kept on a post:\n%s", res.Post.Text)
	}
}

// TestDocsLinkLists checks that lists of links inside a documentation
// generator's container (an index of the section's pages, "See also") stay
// on a documentation page, closing the page or not, and go on a blog post.
func TestDocsLinkLists(t *testing.T) {
	page := `<html><head><meta name="generator" content="Docusaurus v3"></head><body><main><article><div class="theme-doc-markdown markdown"><h1>Storage engines</h1>
<p>Every table is stored by one of the engines below; pick the one that fits how the table is read and written, since an engine cannot be changed later.</p>
<ul><li><a href="/docs/engines/heap">Heap engine</a></li><li><a href="/docs/engines/column">Column engine</a></li><li><a href="/docs/engines/log">Log engine</a></li></ul>
<p>Each engine keeps its own files under the data directory, and the server checks them when it starts, before it accepts any connection.</p>
<h2>See also</h2>
<ul><li><a href="/docs/backup">Backups</a></li><li><a href="/docs/tuning">Tuning</a></li><li><a href="/docs/limits">Limits</a></li></ul>
</div></article></main></body></html>`
	res, _ := Analyze(strings.NewReader(page), "https://quarry.example.dev/docs/engines", nil)
	for _, w := range []string{"Column engine", "See also", "Tuning"} {
		if !strings.Contains(res.Post.Text, w) {
			t.Errorf("documentation text lost %q:\n%s", w, res.Post.Text)
		}
	}
	blog := strings.Replace(strings.Replace(page, "Docusaurus v3", "WordPress 6.5", 1), "theme-doc-markdown markdown", "entry-content", 1)
	res, _ = Analyze(strings.NewReader(blog), "https://blog.example.com/2024/05/engines", nil)
	if strings.Contains(res.Post.Text, "Tuning") {
		t.Errorf("closing link list kept on a post:\n%s", res.Post.Text)
	}
}

// TestDocs_Rules checks what a documentation page's text keeps and drops,
// with or without a generator's container.
func TestDocs_Rules(t *testing.T) {
	prose := func(s string) string {
		return "<p>" + s + " Each step takes a minute or two, and the guide shows what the terminal prints when it worked.</p>"
	}
	code := `<pre>kettle init</pre><pre>kettle run</pre><pre>kettle stop</pre>`
	for _, tc := range []struct {
		name, url, page string
		want, notWant   []string
		twice           []string // paragraphs the text must hold twice
	}{
		{
			name: "a step repeated in each language's tab panel stays in each",
			url:  "https://larkspur.example.dev/docs/quickstart",
			page: `<html><head><meta name="generator" content="Docusaurus v3"></head><body><main><article><div class="theme-doc-markdown markdown"><h1>Quickstart</h1>` + prose("Install the client first.") +
				`<div role="tabpanel"><pre>npm install larkspur</pre><p>Replace the key with the one shown on your account's settings page.</p></div>
<div role="tabpanel" hidden><pre>go get example.dev/larkspur</pre><p>Replace the key with the one shown on your account's settings page.</p></div>` + prose("Then send a test delivery.") + `</div></article></main></body></html>`,
			want:  []string{"go get example.dev/larkspur"},
			twice: []string{"Replace the key with the one shown on your account's settings page."},
		},
		{
			name: "a paragraph repeated in each pivot zone stays in each",
			url:  "https://learn.example.com/en-us/docs/functions-run-local",
			page: `<html><body><main><div class="content"><h1>Run functions locally</h1>` + prose("Install the tools first.") +
				`<div class="zone has-pivot"><pre>func init --worker-runtime dotnet</pre><p>For more information, including links to example code, see the bindings reference.</p></div>
<div class="zone has-pivot"><pre>func init --worker-runtime node</pre><p>For more information, including links to example code, see the bindings reference.</p></div>` + prose("Then start the host.") + code + `</div></main></body></html>`,
			twice: []string{"For more information, including links to example code, see the bindings reference."},
		},
		{
			name: "a heading that repeats the title with the guide's name goes; section headings holding the title's word stay",
			url:  "https://kettle.example.org/docs/concepts/queues",
			page: `<html><head><title>Queues</title></head><body><main><div class="doc-content"><h1>Queues</h1><h2>Queues | Kettle Guide</h2>` + prose("A queue holds the jobs no worker has taken yet.") +
				`<h2>Priority queues</h2>` + prose("Jobs with a higher priority are taken first.") + `<h2>Inspecting dead-letter queues</h2>` + prose("Jobs that fail too often wait there.") + code + `</div></main></body></html>`,
			want:    []string{"Priority queues", "Inspecting dead-letter queues", "Jobs with a higher priority"},
			notWant: []string{"Kettle Guide"},
		},
		{
			name: "a step that reads as a call to action stays",
			url:  "https://larkspur.example.dev/docs/quickstart",
			page: `<html><head><meta name="generator" content="Docusaurus v3"></head><body><main><article><div class="theme-doc-markdown markdown"><h1>Quickstart</h1>` + prose("Deliveries need an account.") +
				`<p>Sign up for a trial account, then create a key under Settings.</p>` + prose("Then send a test delivery.") + `</div></article></main></body></html>`,
			want: []string{"Sign up for a trial account"},
		},
		{
			name: "a closing section that is an index of pages stays; a wiki's skip links and category box go",
			url:  "https://kettle.example.org/en/2.4/guide/queues.html",
			page: `<html><body><div class="document"><div class="body" role="main"><div id="siteSub">From Kettle Wiki</div><a class="mw-jump-link" href="#nav">Jump to navigation</a><h1>Queues</h1>` + prose("A queue holds the jobs no worker has taken yet.") + prose("Jobs with a higher priority are taken first.") +
				`<section id="further"><h2>Further topics</h2><p>Queues can do more:</p><div class="toctree-wrapper compound"><ul><li><a href="routing.html">Routing</a><ul><li><a href="routing.html#keys">Routing keys</a></li><li><a href="routing.html#exchanges">Exchanges</a></li></ul></li><li><a href="limits.html">Rate limits</a></li></ul></div></section>
<div id="catlinks" class="catlinks"><a href="/Special:Categories">Categories</a>: <a href="/Category:Queues">Queues</a></div></div></div></body></html>`,
			want:    []string{"Further topics", "Queues can do more:", "Routing keys", "Rate limits"},
			notWant: []string{"From Kettle Wiki", "Jump to navigation", "Categories"},
		},
		{
			name: "the labels of tab boxes go",
			url:  "https://larkspur.example.dev/docs/install",
			page: `<html><body><main><div class="doc-content"><h1>Install</h1>` + prose("Pick your system below.") +
				`<div class="tabGroup"><ul role="tablist"><li role="presentation"><a href="#p1" role="tab">Windows</a></li><li role="presentation"><a href="#p2" role="tab">macOS</a></li></ul>
<section id="p1" role="tabpanel"><p>Run the installer and accept the default folder when it asks for one.</p></section></div>
<div><span role="tab">Python</span><span role="tab">Node.js</span></div><div role="tabpanel"><p>Create a virtual environment before you install the package.</p></div>` + prose("Check the version.") + code + `</div></main></body></html>`,
			want:    []string{"Run the installer", "Create a virtual environment"},
			notWant: []string{"Windows", "macOS", "Node.js"},
		},
		{
			name: "a list of links in the steps stays; the breadcrumb trail goes",
			url:  "https://larkspur.example.dev/docs/quickstart",
			page: `<html><body><main><div class="doc-content"><ol class="SiteBreadcrumb"><li><a href="/docs/">Documentation</a></li><li><a href="/docs/start/">Getting started</a></li></ol><h1>Quickstart</h1>` + prose("Complete the prerequisites first.") +
				`<ul><li><p><a href="https://lang.example/download">Install the language runtime</a></p></li><li><p><a href="https://tunnel.example/">Install and set up the tunnel</a></p></li></ul>` + prose("Then create the project.") + code + `</div></main></body></html>`,
			want:    []string{"Install the language runtime", "Install and set up the tunnel"},
			notWant: []string{"Documentation", "Getting started"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Analyze(strings.NewReader(tc.page), tc.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != KindDocs {
				t.Errorf("kind = %v, want documentation", res.Kind)
			}
			text := res.Post.Text
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("text holds %q:\n%s", w, text)
				}
			}
			for _, w := range tc.twice {
				if n := strings.Count(text, w); n != 2 {
					t.Errorf("text holds %q %d times, want twice:\n%s", w, n, text)
				}
			}
		})
	}
}
