package extract

import (
	"sync"

	"github.com/andybalholm/cascadia"
)

// Platform markup, as CSS selectors (matched with goquery). These are the
// classes and properties Blogger, WordPress (classic and block themes) and
// hAtom/schema.org microdata put on a post's parts; see PLATFORMS.md.
const (
	// platformTitleSelector finds the post title element: Blogger's
	// h3.post-title.entry-title, WordPress's h1.entry-title and
	// h1.wp-block-post-title, and microdata headlines. A page with several
	// (a listing) has no single platform title.
	platformTitleSelector = "h1.entry-title, h2.entry-title, h3.entry-title, " +
		"h1.post-title, h2.post-title, h3.post-title, " +
		"h1.wp-block-post-title, h2.wp-block-post-title, h3.wp-block-post-title, " +
		"h1[itemprop=headline], h2[itemprop=headline], h3[itemprop=headline]"
)

// platformTitleMatcher is platformTitleSelector compiled once, on first use
// (not at start-up).
var platformTitleMatcher = sync.OnceValue(func() cascadia.Selector {
	return cascadia.MustCompile(platformTitleSelector)
})
