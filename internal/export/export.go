package export

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/annals-dev/annals"
)

// Formats are the format names [New] accepts, in the order help lists them.
var Formats = []string{"json", "jsonl", "csv", "csv-comments", "warc"}

// ErrFormat is returned by [New] for a format not in [Formats].
var ErrFormat = errors.New("export: unknown format")

// ErrFields is returned by [New] for a field its format does not have, a
// field given twice, or fields given to a format that takes none (warc).
var ErrFields = errors.New("export: bad fields")

// Item is one archived version of a post to export.
type Item struct {
	// Record is the version as the JSON export writes it. It must not be nil.
	Record *annals.Record
	// FetchURL is the URL the version was fetched from, after redirects;
	// empty means Record.URL. (warc)
	FetchURL string
	// ETag and LastModified are the validators the response carried. (warc)
	ETag, LastModified string
	// Raw returns the raw page as fetched; nil or an empty page means there
	// is none (an imported version). Only warc calls it.
	Raw func() ([]byte, error)
}

// Options configure [New]. The zero value is usable.
type Options struct {
	// Fields are the keys (json, jsonl) or columns (csv, csv-comments) to
	// write, in this order; nil means the format's default ([DefaultFields]).
	Fields []string
	// Software names the program in the WARC warcinfo record, e.g.
	// "annals/1.2.0"; empty means "annals".
	Software string
	// Filename is the WARC file's name for warcinfo; empty omits it.
	Filename string
	// Now is the clock for the warcinfo record's date; nil means time.Now.
	Now func() time.Time
}

// Encoder writes items in one format. Write items one at a time, then call
// Close once to finish the output (the JSON array's closing bracket);
// Close does not close the underlying writer. After an error the output is
// incomplete and the Encoder must not be used again.
type Encoder interface {
	Write(*Item) error
	Close() error
}

// New returns an Encoder writing format to w. It returns an error wrapping
// [ErrFormat] for an unknown format and [ErrFields] for fields the format
// does not have.
func New(w io.Writer, format string, o *Options) (Encoder, error) {
	var opts Options
	if o != nil {
		opts = *o
	}
	if !slices.Contains(Formats, format) {
		return nil, fmt.Errorf("%w %q (want %s)", ErrFormat, format, strings.Join(Formats, ", "))
	}
	if format == "warc" {
		if opts.Fields != nil {
			return nil, fmt.Errorf("%w: warc takes none (its metadata records carry whole export records)", ErrFields)
		}
		return newWARC(w, &opts), nil
	}
	fields := opts.Fields
	if fields == nil {
		fields = DefaultFields(format)
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: none given", ErrFields)
	}
	have := FieldNames(format)
	seen := map[string]bool{}
	for _, f := range fields {
		if !slices.Contains(have, f) {
			return nil, fmt.Errorf("%w: %s has no field %q (it has %s)", ErrFields, format, f, strings.Join(have, ","))
		}
		if seen[f] {
			return nil, fmt.Errorf("%w: %q given twice", ErrFields, f)
		}
		seen[f] = true
	}
	switch format {
	case "json", "jsonl":
		return newJSON(w, format == "json", opts.Fields), nil
	case "csv":
		return newCSV(w, fields), nil
	default: // csv-comments
		return newCommentsCSV(w, fields), nil
	}
}

// FieldNames returns every field format has, in their default order: the
// keys of the export record for json and jsonl (and, as columns, for csv),
// the comment columns for csv-comments, none for warc.
func FieldNames(format string) []string {
	var names []string
	switch format {
	case "json", "jsonl", "csv":
		for _, f := range recordFields {
			names = append(names, f.name)
		}
	case "csv-comments":
		for _, f := range commentFields {
			names = append(names, f.name)
		}
	}
	return names
}

// DefaultFields returns the fields format writes when none are asked for:
// all of them, except html for csv (it doubles the size of every row; ask
// for it with Fields).
func DefaultFields(format string) []string {
	names := FieldNames(format)
	if format == "csv" {
		names = slices.DeleteFunc(names, func(n string) bool { return n == "html" })
	}
	return names
}
