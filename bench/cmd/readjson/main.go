// Command readjson runs readeck go-readability v2 on one saved page and
// prints its text as a post's JSON ({"title", "text"}), so that the
// scorers in ../shared/eval can measure it beside annals in the same run:
//
//	score-wcxb --cmd 'readjson --url {url} {file}'
//
// It is a baseline for comparisons (for example, whether a gap between two
// halves of a benchmark is in the pages or in annals), not part of annals.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"

	readability "codeberg.org/readeck/go-readability/v2"
)

func main() {
	pageURL := flag.String("url", "", "the page's original address")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: readjson [--url URL] FILE")
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "readjson:", err)
		os.Exit(1)
	}
	defer f.Close()
	u, err := url.Parse(*pageURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, "readjson: --url:", err)
		os.Exit(2)
	}
	out := map[string]string{}
	if a, err := readability.FromReader(f, u); err == nil && a.Node != nil {
		var b bytes.Buffer
		if err := a.RenderText(&b); err == nil {
			out["text"] = b.String()
		}
		out["title"] = a.Title()
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "readjson:", err)
		os.Exit(1)
	}
}
