// Package bench compares the speed of annals' extractor with a bare
// html.Parse (the floor no extractor beats) and with readeck's
// go-readability v2, over the article-extraction benchmark pages.
//
// It lives in its own module so the comparison's dependencies stay out of
// the main go.mod. See README.md for how to run it and the figures measured.
package bench

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/annals-dev/annals/extract"
	"golang.org/x/net/html"
)

// EnvEvalDir names an environment variable that overrides where the
// benchmark pages are looked for.
const EnvEvalDir = "ANNALS_EVAL_DIR"

// Page is one benchmark page, decompressed in memory.
type Page struct {
	ID   string   // file name without .html.gz
	URL  string   // original page URL from ground-truth.json
	PURL *url.URL // URL parsed once, for go-readability
	HTML []byte   // decompressed page bytes
}

// FindEvalDir returns the eval/articles directory: $ANNALS_EVAL_DIR when set,
// otherwise the first of ../shared/eval/articles relative to the repository
// root (seen from the working directory or up to three levels above it).
// It returns "" when none exists.
func FindEvalDir() string {
	if d := os.Getenv(EnvEvalDir); d != "" {
		if isDir(filepath.Join(d, "html")) {
			return d
		}
		return ""
	}
	for _, d := range []string{
		"../shared/eval/articles",          // from the repository root
		"../../shared/eval/articles",       // from bench/
		"../../../shared/eval/articles",    // from bench/cmd
		"../../../../shared/eval/articles", // from bench/cmd/ratio
	} {
		if isDir(filepath.Join(d, "html")) {
			return d
		}
	}
	return ""
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// LoadPages reads ground-truth.json and every html/*.html.gz under dir and
// returns the pages decompressed, sorted by ID. Pages without a ground-truth
// URL get an empty URL.
//
// A wcxb directory (cases.json and pages/*.html.gz, as in
// ../shared/eval/wcxb) is read too: its 1,358 pages of seven kinds take
// every path of the extractor, the main-region fallback included.
func LoadPages(dir string) ([]Page, error) {
	if _, err := os.Stat(filepath.Join(dir, "cases.json")); err == nil {
		return loadWCXB(dir)
	}
	gt := map[string]struct {
		URL string `json:"url"`
	}{}
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("ground-truth.json: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	pages := make([]Page, 0, len(files))
	for _, f := range files {
		raw, err := readGzip(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".html.gz")
		p := Page{ID: id, URL: gt[id].URL, HTML: raw}
		if p.URL != "" {
			if u, err := url.Parse(p.URL); err == nil {
				p.PURL = u
			}
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no html/*.html.gz pages under %s", dir)
	}
	return pages, nil
}

// loadWCXB reads a wcxb directory: cases.json (id, url, file) and the
// gzipped pages it names.
func loadWCXB(dir string) ([]Page, error) {
	var set struct {
		Cases []struct {
			ID   string `json:"id"`
			URL  string `json:"url"`
			File string `json:"file"`
		} `json:"cases"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("cases.json: %w", err)
	}
	pages := make([]Page, 0, len(set.Cases))
	for _, c := range set.Cases {
		raw, err := readGzip(filepath.Join(dir, c.File))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.File, err)
		}
		p := Page{ID: c.ID, URL: c.URL, HTML: raw}
		if u, err := url.Parse(c.URL); err == nil && c.URL != "" {
			p.PURL = u
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no pages in %s/cases.json", dir)
	}
	return pages, nil
}

func readGzip(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// sink keeps results reachable so no work can be optimised away.
var sink any

// RunHTMLParse parses every page once with a bare html.Parse.
func RunHTMLParse(pages []Page) error {
	for i := range pages {
		doc, err := html.Parse(bytes.NewReader(pages[i].HTML))
		if err != nil {
			return fmt.Errorf("%s: %w", pages[i].ID, err)
		}
		sink = doc
	}
	return nil
}

// RunAnnals extracts every page once with extract.FromReader, as
// `annals extract --url URL` does (default options). It returns the number of
// pages the extractor rejected with an error; those still count as
// processed, the time spent on them is part of the measurement.
func RunAnnals(pages []Page) (failed int) {
	for i := range pages {
		post, err := extract.FromReader(bytes.NewReader(pages[i].HTML), pages[i].URL, nil)
		if err != nil {
			failed++
			continue
		}
		sink = post
	}
	return failed
}

// RunReadability runs go-readability v2's FromReader on every page once, with
// the same URL. Only the parse and content selection are timed, not
// rendering the article to text, so this is the strictest baseline.
func RunReadability(pages []Page) (failed int) {
	for i := range pages {
		art, err := readability.FromReader(bytes.NewReader(pages[i].HTML), pages[i].PURL)
		if err != nil {
			failed++
			continue
		}
		sink = art.Node
	}
	return failed
}

// RunReadabilityText is RunReadability plus rendering the article as plain
// text, closer to what annals produces (text and sanitized HTML).
func RunReadabilityText(pages []Page) (failed int) {
	var buf bytes.Buffer
	for i := range pages {
		art, err := readability.FromReader(bytes.NewReader(pages[i].HTML), pages[i].PURL)
		if err != nil {
			failed++
			continue
		}
		buf.Reset()
		if art.Node != nil {
			if err := art.RenderText(&buf); err != nil {
				failed++
			}
		}
		sink = buf.Len()
	}
	return failed
}
