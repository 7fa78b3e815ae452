package annals

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// Post is one blog or analysis post as extracted from its page. The JSON keys
// are the outside contract (CONTRACT.md): keys with no value are omitted, and
// comments is [] when the post has none.
type Post struct {
	URL          string `json:"url"`
	CanonicalURL string `json:"canonical_url,omitempty"`
	// Kind says what the page is: "post" for articles and blog posts, else
	// "thread", "qa", "listing", "product", "documentation", "landing" or
	// "other" (see the README).
	Kind      string   `json:"kind,omitempty"`
	Site      string   `json:"site,omitempty"`
	Title     string   `json:"title,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	Published Date     `json:"published,omitzero"`
	Updated   Date     `json:"updated,omitzero"`
	Language  string   `json:"language,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	// Text is the body as plain text, paragraphs separated by a blank line.
	Text string `json:"text"`
	// HTML is the same body as sanitized HTML.
	HTML string `json:"html,omitempty"`
	// CommentCount is the number of comments the page declares, when it
	// declares one; nil when it does not.
	CommentCount *int      `json:"comment_count,omitempty"`
	Comments     []Comment `json:"comments"`
}

// Comment is one entry of a post's comment section, in page order.
type Comment struct {
	ID        string `json:"id,omitempty"`
	ParentID  string `json:"parent_id,omitempty"`
	Author    string `json:"author,omitempty"`
	AuthorURL string `json:"author_url,omitempty"`
	Published Date   `json:"published,omitzero"`
	Text      string `json:"text"`
	// Type is "pingback" or "trackback" for those, empty for a comment.
	Type string `json:"type,omitempty"`
	// Deleted marks a tombstone: the comment was removed.
	Deleted bool `json:"deleted,omitempty"`
}

// Key returns the URL a post is archived under: its canonical URL when the
// page names one, else its URL.
func (p *Post) Key() string {
	if p.CanonicalURL != "" {
		return p.CanonicalURL
	}
	return p.URL
}

// ContentHash returns "sha256:" and the hex digest of the post's normalized
// content: title, authors, dates, language, tags, text and comments. It does
// not depend on the URL it was fetched from nor on the sanitized HTML, so a
// re-fetched page whose markup changed but whose content did not hashes the
// same.
func (p *Post) ContentHash() string {
	// The post's fields, then its comments: the same JSON as ever, so
	// hashes stored in archives stay comparable.
	return hashJSON(struct {
		postFields
		Count    *int      `json:"n"`
		Comments []Comment `json:"c"`
	}{p.fields(), p.CommentCount, p.Comments})
}

// postFields are the parts of a post that its hashes cover, comments aside.
type postFields struct {
	Title     string   `json:"t"`
	Authors   []string `json:"a"`
	Published string   `json:"p"`
	Updated   string   `json:"u"`
	Language  string   `json:"l"`
	Tags      []string `json:"g"`
	Text      string   `json:"x"`
}

func (p *Post) fields() postFields {
	return postFields{p.Title, p.Authors, p.Published.String(), p.Updated.String(), p.Language, p.Tags, normalizeSpace(p.Text)}
}

// CommentsHash returns "sha256:" and the hex digest of the comment section
// alone, so history can tell "new comments" from "edited post".
func (p *Post) CommentsHash() string {
	return hashJSON(struct {
		Count    *int      `json:"n"`
		Comments []Comment `json:"c"`
	}{p.CommentCount, p.Comments})
}

func hashJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only plain strings, ints and Dates are marshalled: cannot fail.
		panic("annals: hash: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Causes of a version after the first: the site changed the post (or its
// comments), or the same page reads differently with a new extractor.
const (
	CauseSite      = "site"
	CauseExtractor = "extractor"
)

// UnknownExtractor is a Record's Extractor for a version archived before
// annals recorded what read it.
const UnknownExtractor = "unknown"

// Record is one archived version of a post, as export writes it: the Post's
// keys plus the version's own.
type Record struct {
	// Key is the URL the post is archived under (its normalized canonical
	// URL): the same for every version of a post, so it groups them.
	Key string `json:"key,omitempty"`
	Post
	Version          int       `json:"version"`
	FetchedAt        time.Time `json:"fetched_at"`
	Status           int       `json:"status,omitempty"`
	ContentHash      string    `json:"content_hash"`
	CommentsComplete bool      `json:"comments_complete"`
	// Parts is the number of pages joined into the post's text, for a
	// post split over several pages; omitted for one page.
	Parts int `json:"parts,omitempty"`
	// Extractor names what read the post from its page (the extraction
	// rules and the annals build), "unknown" for a version archived before
	// annals recorded it.
	Extractor string `json:"extractor,omitempty"`
	// Cause says why a version after the first was made: CauseSite or
	// CauseExtractor; "" for a first version and for versions archived
	// before annals told them apart.
	Cause  string     `json:"cause,omitempty"`
	GoneAt *time.Time `json:"gone_at,omitempty"`
}

// CommentsComplete reports whether every comment the page declares was
// captured: true when the page declares no count.
func (p *Post) CommentsComplete() bool {
	return p.CommentCount == nil || len(p.Comments) >= *p.CommentCount
}

// PostHash returns "sha256:" and the hex digest of the post without its
// comments: title, authors, dates, language, tags and text. Two versions
// with the same PostHash but different [Post.CommentsHash] differ only in
// their comments.
func (p *Post) PostHash() string {
	return hashJSON(p.fields())
}

// SameSite reports whether hosts a and b are one site: the same host, in
// any case, with or without "www.".
func SameSite(a, b string) bool {
	a, b = strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b
}
