package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/annals-dev/annals"
)

// listSep joins authors and tags in a CSV cell. Names often contain commas
// ("Smith, Jane") and rarely semicolons.
const listSep = "; "

// recordField is one key of the export record: its JSON value (ok is false
// when the record omits the key) and its CSV cell.
type recordField struct {
	name string
	json func(r *annals.Record) (v any, ok bool)
	csv  func(r *annals.Record) string
}

// recordFields are the export record's keys in the order the record
// (annals.Record) marshals them. TestFields checks they stay in step.
var recordFields = []recordField{
	{"key", str(func(r *annals.Record) string { return r.Key }, true), func(r *annals.Record) string { return r.Key }},
	{"url", str(func(r *annals.Record) string { return r.URL }, false), func(r *annals.Record) string { return r.URL }},
	{"canonical_url", str(func(r *annals.Record) string { return r.CanonicalURL }, true), func(r *annals.Record) string { return r.CanonicalURL }},
	{"kind", str(func(r *annals.Record) string { return r.Kind }, true), func(r *annals.Record) string { return r.Kind }},
	{"site", str(func(r *annals.Record) string { return r.Site }, true), func(r *annals.Record) string { return r.Site }},
	{"title", str(func(r *annals.Record) string { return r.Title }, true), func(r *annals.Record) string { return r.Title }},
	{"authors", list(func(r *annals.Record) []string { return r.Authors }), func(r *annals.Record) string { return strings.Join(r.Authors, listSep) }},
	{"published", date(func(r *annals.Record) annals.Date { return r.Published }), func(r *annals.Record) string { return r.Published.String() }},
	{"updated", date(func(r *annals.Record) annals.Date { return r.Updated }), func(r *annals.Record) string { return r.Updated.String() }},
	{"language", str(func(r *annals.Record) string { return r.Language }, true), func(r *annals.Record) string { return r.Language }},
	{"tags", list(func(r *annals.Record) []string { return r.Tags }), func(r *annals.Record) string { return strings.Join(r.Tags, listSep) }},
	{"text", str(func(r *annals.Record) string { return r.Text }, false), func(r *annals.Record) string { return r.Text }},
	{"html", str(func(r *annals.Record) string { return r.HTML }, true), func(r *annals.Record) string { return r.HTML }},
	{"comment_count",
		func(r *annals.Record) (any, bool) { return r.CommentCount, r.CommentCount != nil },
		func(r *annals.Record) string {
			if r.CommentCount == nil {
				return ""
			}
			return strconv.Itoa(*r.CommentCount)
		}},
	{"comments",
		func(r *annals.Record) (any, bool) {
			if r.Comments == nil {
				return []annals.Comment{}, true
			}
			return r.Comments, true
		},
		// In CSV, the number of comments captured; csv-comments has them.
		func(r *annals.Record) string { return strconv.Itoa(len(r.Comments)) }},
	{"version", func(r *annals.Record) (any, bool) { return r.Version, true }, func(r *annals.Record) string { return strconv.Itoa(r.Version) }},
	{"fetched_at", func(r *annals.Record) (any, bool) { return r.FetchedAt, true }, func(r *annals.Record) string { return timeCell(r.FetchedAt) }},
	optionalInt("status", func(r *annals.Record) int { return r.Status }),
	{"content_hash", str(func(r *annals.Record) string { return r.ContentHash }, false), func(r *annals.Record) string { return r.ContentHash }},
	{"comments_complete", func(r *annals.Record) (any, bool) { return r.CommentsComplete, true }, func(r *annals.Record) string { return strconv.FormatBool(r.CommentsComplete) }},
	optionalInt("parts", func(r *annals.Record) int { return r.Parts }),
	{"extractor", str(func(r *annals.Record) string { return r.Extractor }, true), func(r *annals.Record) string { return r.Extractor }},
	{"cause", str(func(r *annals.Record) string { return r.Cause }, true), func(r *annals.Record) string { return r.Cause }},
	{"gone_at",
		func(r *annals.Record) (any, bool) { return r.GoneAt, r.GoneAt != nil },
		func(r *annals.Record) string {
			if r.GoneAt == nil {
				return ""
			}
			return timeCell(*r.GoneAt)
		}},
}

// optionalInt is a field holding a number, omitted (an empty cell) when 0.
func optionalInt(name string, get func(*annals.Record) int) recordField {
	return recordField{name,
		func(r *annals.Record) (any, bool) { return get(r), get(r) != 0 },
		func(r *annals.Record) string {
			if n := get(r); n != 0 {
				return strconv.Itoa(n)
			}
			return ""
		}}
}

func str(get func(*annals.Record) string, omitEmpty bool) func(*annals.Record) (any, bool) {
	return func(r *annals.Record) (any, bool) {
		s := get(r)
		return s, s != "" || !omitEmpty
	}
}

func list(get func(*annals.Record) []string) func(*annals.Record) (any, bool) {
	return func(r *annals.Record) (any, bool) {
		l := get(r)
		return l, len(l) > 0
	}
}

func date(get func(*annals.Record) annals.Date) func(*annals.Record) (any, bool) {
	return func(r *annals.Record) (any, bool) {
		d := get(r)
		return d, !d.IsZero()
	}
}

// timeCell formats a time as JSON does: RFC 3339 with the fraction the time
// has.
func timeCell(t time.Time) string { return t.Format(time.RFC3339Nano) }

// commentRow is one row of csv-comments: a comment and the version it
// belongs to.
type commentRow struct {
	rec      *annals.Record
	position int // 1-based, in page order
	c        *annals.Comment
}

type commentField struct {
	name string
	csv  func(*commentRow) string
}

// commentFields are the columns of csv-comments.
var commentFields = []commentField{
	{"key", func(r *commentRow) string { return r.rec.Key }},
	{"url", func(r *commentRow) string { return r.rec.URL }},
	{"version", func(r *commentRow) string { return strconv.Itoa(r.rec.Version) }},
	{"fetched_at", func(r *commentRow) string { return timeCell(r.rec.FetchedAt) }},
	{"position", func(r *commentRow) string { return strconv.Itoa(r.position) }},
	{"id", func(r *commentRow) string { return r.c.ID }},
	{"parent_id", func(r *commentRow) string { return r.c.ParentID }},
	{"author", func(r *commentRow) string { return r.c.Author }},
	{"author_url", func(r *commentRow) string { return r.c.AuthorURL }},
	{"published", func(r *commentRow) string { return r.c.Published.String() }},
	{"type", func(r *commentRow) string { return r.c.Type }},
	{"deleted", func(r *commentRow) string { return strconv.FormatBool(r.c.Deleted) }},
	{"text", func(r *commentRow) string { return r.c.Text }},
}
