// Command extractjson is a stand-in for `annals extract` used to time
// start-up when cmd/annals does not build: it runs extract.Analyze on one
// file (or - for stdin) and prints the post as indented JSON, as
// `annals extract` does, but links only the extract package.
//
//	extractjson [extract] [--url URL] FILE|-
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/annals-dev/annals/extract"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "extract" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("extract", flag.ExitOnError)
	pageURL := fs.String("url", "", "the page's original address")
	fs.Parse(args)
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: extractjson [extract] [--url URL] FILE|-")
		os.Exit(2)
	}
	var r io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		r = f
	}
	res, err := extract.Analyze(r, *pageURL, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res.Post); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
