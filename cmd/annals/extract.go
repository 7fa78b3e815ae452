package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/annals-dev/annals/extract"
)

func runExtract(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", "[--url URL] [--explain] FILE|-")
	pageURL := fs.String("url", "", "the page's original address, for links and site rules")
	explain := fs.Bool("explain", false, "print, per field, which source won and which candidates lost")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one FILE (or - for stdin), got %d arguments", len(pos))
	}
	if *pageURL != "" {
		if u, err := url.Parse(*pageURL); err != nil || !u.IsAbs() {
			return usagef("--url %q is not an absolute URL", *pageURL)
		}
	}
	var r io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("%w", trimPathError(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a directory", pos[0])
		}
		r = f
	}
	// A page saved gzip'd (page.html.gz) is read through.
	br, closeZ, err := gunzipped(bufio.NewReaderSize(r, 512), 512)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	defer closeZ()
	if what := notHTML(br); what != "" {
		name := pos[0]
		if name == "-" {
			name = "standard input"
		}
		return fmt.Errorf("%s is %s, not an HTML page", name, what)
	}
	res, err := extract.Analyze(br, *pageURL, nil)
	if err != nil {
		return err
	}
	if *explain {
		return writeExplain(e.stdout, res)
	}
	return writeJSON(e.stdout, res.Post, true)
}

func writeExplain(w io.Writer, res *extract.Result) error {
	fmt.Fprintf(w, "kind       %s\n", res.Kind)
	if k := res.Explain["kind"]; len(k) > 0 {
		fmt.Fprintf(w, "signals    %s: %s\n", k[0].Value, k[0].Source)
	}
	if res.Platform != "" {
		fmt.Fprintf(w, "platform   %s\n", res.Platform)
	}
	for _, field := range []string{"title", "authors", "published", "updated", "language", "tags", "canonical_url", "body", "comments", "comment_count"} {
		cands := res.Explain[field]
		if len(cands) == 0 {
			fmt.Fprintf(w, "%-14s (none)\n", field)
			continue
		}
		for i, c := range cands {
			mark := "won "
			if i > 0 {
				mark = "lost"
			}
			v := c.Value
			if len(v) > 90 {
				v = v[:87] + "..."
			}
			label := ""
			if i == 0 {
				label = field
			}
			fmt.Fprintf(w, "%-14s %s %-12s %s\n", label, mark, c.Source, strings.ReplaceAll(v, "\n", " "))
		}
	}
	return nil
}

// notHTML names the type of content that r starts with when it is not a
// page annals can read (an image, a PDF, an archive, other binary data),
// by the sniffing rules browsers use; it returns "" for HTML, XML and
// other text, and for empty input.
func notHTML(r *bufio.Reader) string {
	head, _ := r.Peek(512)
	if len(head) == 0 {
		return ""
	}
	mt, _, _ := strings.Cut(http.DetectContentType(head), ";")
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "xml"), mt == "application/json":
		return ""
	case mt == "application/octet-stream":
		return "binary data"
	}
	return mt
}

// writeJSON writes v as one JSON document without HTML escaping.
func writeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

// trimPathError turns "open x: no such file or directory" into a plain
// one-line message.
func trimPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}
