package annals

import "time"

// Version is one archived snapshot of a post. Versions are numbered from 1
// and never change once stored.
type Version struct {
	Number       int       `json:"number"`
	FetchedAt    time.Time `json:"fetched_at"`
	URL          string    `json:"url"` // the URL it was fetched from
	Status       int       `json:"status"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	ContentHash  string    `json:"content_hash"`  // Post.ContentHash()
	CommentsHash string    `json:"comments_hash"` // Post.CommentsHash()
	// PostHash is Post.PostHash(): the post without its comments, so that
	// an edit of the post and a change of its comments are told apart
	// (filled in on reading versions stored before it was recorded).
	PostHash         string `json:"post_hash,omitempty"`
	CommentsComplete bool   `json:"comments_complete"`
	RawSize          int    `json:"raw_size"` // uncompressed bytes; see archive.Store.Raw
	// RawHash is the hex SHA-256 of the raw page, by which the archive
	// stores it once however many versions and posts brought it; "" when
	// none was stored (an imported version).
	RawHash string `json:"raw_hash,omitempty"`
	Post    Post   `json:"post"`
	// Via is the discovery route that found the page (a crawler.Via
	// value such as "blogger-feed", "sitemap" or "link"); "" before it was
	// recorded.
	Via string `json:"via,omitempty"`
	// CommentsVia names where comments beyond the page's own came from
	// (a platform comment feed or API, comment pages); "" when all come
	// from the page.
	CommentsVia string `json:"comments_via,omitempty"`
	// CommentsDeclared is the largest comment count declared for the post,
	// by its page or its platform; nil when none is. CommentsCaptured is
	// len(Post.Comments). CommentsComplete compares them.
	CommentsDeclared *int `json:"comments_declared,omitempty"`
	CommentsCaptured int  `json:"comments_captured"`
	// Parts is the number of pages joined into Post, for a post split
	// over several pages; 0 for one page.
	Parts int `json:"parts,omitempty"`
	// AuthorsVia names where the authors came from when the page named
	// none ("feed", "wordpress-api", "oembed"); "" when from the page.
	AuthorsVia string `json:"authors_via,omitempty"`
	// Extractor names what read Post from the page: the extraction rules
	// and the annals build (see ingest.Extractor); "" when unknown (a
	// version stored before it was recorded, or imported without it).
	Extractor string `json:"extractor,omitempty"`
	// Cause says why this version was made, when it is not the first:
	// [CauseSite] or [CauseExtractor] (the same page read by a
	// new extractor); "" when not known.
	Cause string `json:"cause,omitempty"`
}
