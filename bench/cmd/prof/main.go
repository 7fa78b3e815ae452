// Command prof writes a CPU profile of extract.FromReader over the
// benchmark pages, for finding where annals spends its time.
//
//	go run ./cmd/prof -eval ../../shared/eval/wcxb -passes 3 -o cpu.prof
//	go tool pprof -top cpu.prof
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/annals-dev/annals/bench"
	"github.com/annals-dev/annals/extract"
)

func main() {
	evalDir := flag.String("eval", "", "eval/articles or eval/wcxb directory (default: eval/articles, found from the working directory)")
	passes := flag.Int("passes", 3, "passes over all pages")
	out := flag.String("o", "cpu.prof", "profile file")
	flag.Parse()
	dir := *evalDir
	if dir == "" {
		dir = bench.FindEvalDir()
	}
	pages, err := bench.LoadPages(dir)
	if err != nil || len(pages) == 0 {
		fmt.Fprintln(os.Stderr, "prof: no pages:", err)
		os.Exit(1)
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prof:", err)
		os.Exit(1)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "prof:", err)
		os.Exit(1)
	}
	for range *passes {
		for _, p := range pages {
			extract.FromReader(bytes.NewReader(p.HTML), p.URL, nil)
		}
	}
	pprof.StopCPUProfile()
	fmt.Printf("prof: %d pages x %d passes profiled into %s\n", len(pages), *passes, *out)
}
