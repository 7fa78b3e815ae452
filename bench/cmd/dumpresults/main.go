// Command dumpresults writes, for every page of the given eval sets, the
// whole extract.Result as one JSON line. Two dumps, before and after a
// change meant to speed extraction up without changing it, must be
// byte-identical:
//
//	go run ./cmd/dumpresults ../../shared/eval/wcxb ../../shared/eval/articles > /tmp/before.jsonl
//	# change extract/, then
//	go run ./cmd/dumpresults ../../shared/eval/wcxb ../../shared/eval/articles | cmp - /tmp/before.jsonl
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/annals-dev/annals/bench"
	"github.com/annals-dev/annals/extract"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: dumpresults EVALDIR...")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	for _, dir := range os.Args[1:] {
		pages, err := bench.LoadPages(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dumpresults:", err)
			os.Exit(1)
		}
		for _, p := range pages {
			line := struct {
				URL    string          `json:"url"`
				Result *extract.Result `json:"result,omitempty"`
				Err    string          `json:"err,omitempty"`
			}{URL: p.URL}
			res, err := extract.Analyze(bytes.NewReader(p.HTML), p.URL, nil)
			if err != nil {
				line.Err = err.Error()
			} else {
				line.Result = res
			}
			b, err := json.Marshal(line)
			if err != nil {
				fmt.Fprintln(os.Stderr, "dumpresults:", p.URL, err)
				os.Exit(1)
			}
			w.Write(b)
			w.WriteString("\n")
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "dumpresults:", err)
		os.Exit(1)
	}
}
