package ingest

import (
	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
)

// Reasons Reread gives for a version whose page it cannot read again alone.
const (
	NoStoredPage = "no stored page"
	MultiPage    = "multi-page post"
)

// Reread reads the stored page of version v again with this build's
// extractor and returns the post a fetch of that same page would store now,
// as the fetch to store (cause annals.CauseExtractor, the post's check
// state untouched). What the fetch that made v brought from elsewhere is
// kept as v has it: comments from a feed or API, an author the platform
// named, and times the page printed without a zone (read in the site's zone,
// which is not stored). It returns a reason instead when the page cannot be
// read again alone: none was stored, or the post was joined from several
// pages, of which only the first is stored.
func Reread(v *annals.Version, raw []byte) (*archive.Fetch, string) {
	if len(raw) == 0 {
		return nil, NoStoredPage
	}
	if v.Parts > 1 {
		return nil, MultiPage
	}
	res, err := analyze(raw, v.URL, "", v.FetchedAt, nil)
	if err != nil {
		return nil, NoStoredPage
	}
	post := res.Post
	if !Archivable(res.Kind) {
		post.Kind = v.Post.Kind // archived as a post, as its platform listed it
	}
	if v.CommentsVia != "" || res.ZonelessTimes {
		post.Comments, post.CommentCount = v.Post.Comments, v.Post.CommentCount
	}
	if res.ZonelessTimes {
		post.Published, post.Updated = v.Post.Published, v.Post.Updated
	}
	if v.AuthorsVia != "" && len(post.Authors) == 0 {
		post.Authors = v.Post.Authors
	}
	return &archive.Fetch{
		URL:              v.URL,
		FetchedAt:        v.FetchedAt,
		Status:           v.Status,
		ETag:             v.ETag,
		LastModified:     v.LastModified,
		Raw:              raw,
		RawHash:          v.RawHash,
		Post:             post,
		Via:              v.Via,
		CommentsVia:      v.CommentsVia,
		CommentsDeclared: v.CommentsDeclared,
		CommentsMissing:  !v.CommentsComplete,
		AuthorsVia:       v.AuthorsVia,
		Extractor:        Extractor(),
		Cause:            annals.CauseExtractor,
		Reread:           true,
	}, ""
}
