package extract

import (
	"golang.org/x/net/html"
)

// platformTitleSelector finds the post title element: Blogger's
// h3.post-title.entry-title, WordPress's h1.entry-title and
// h1.wp-block-post-title, and microdata headlines. A page with several (a
// listing) has no single platform title. These are the classes and
// properties Blogger, WordPress (classic and block themes) and
// hAtom/schema.org microdata put on a post's parts; see PLATFORMS.md.
// platformTitle matches it without a CSS engine; a test keeps the two in
// step.
const platformTitleSelector = "h1.entry-title, h2.entry-title, h3.entry-title, " +
	"h1.post-title, h2.post-title, h3.post-title, " +
	"h1.wp-block-post-title, h2.wp-block-post-title, h3.wp-block-post-title, " +
	"h1[itemprop=headline], h2[itemprop=headline], h3[itemprop=headline]"

// platformTitle reports whether n matches platformTitleSelector: an h1, h2
// or h3 with one of the classes entry-title, post-title and
// wp-block-post-title, or the property headline. Like a CSS engine it
// compares tag names as parsed and looks at every class and itemprop
// attribute the element has.
func platformTitle(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Data != "h1" && n.Data != "h2" && n.Data != "h3" {
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			if hasToken(a.Val, "entry-title") || hasToken(a.Val, "post-title") || hasToken(a.Val, "wp-block-post-title") {
				return true
			}
		case "itemprop":
			if a.Val == "headline" {
				return true
			}
		}
	}
	return false
}
