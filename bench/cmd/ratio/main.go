// Command ratio measures, in one process, bare html.Parse, annals'
// extract.FromReader and readeck go-readability v2 over the benchmark pages,
// interleaving the three loops round by round so a noisy machine affects
// them alike. It prints the median ms/page of each and the two ratios the
// speed target is stated in (annals/html.Parse <= 3, annals/readability < 1).
//
// With -startup (the default) it also times the built `annals extract` on a
// small page and lists the most expensive package initialisers reported by
// GODEBUG=inittrace=1.
//
// Run from bench/:
//
//	go run ./cmd/ratio [-rounds 7] [-passes 1] [-speed=true] [-startup=true] [-runs 20] [-bin PATH]
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/annals-dev/annals/bench"
)

func main() {
	rounds := flag.Int("rounds", 7, "interleaved rounds; medians are taken over these")
	passes := flag.Int("passes", 1, "passes over all pages per tool per round")
	evalDir := flag.String("eval", "", "eval/articles or eval/wcxb directory (default: eval/articles, found from the working directory, or $"+bench.EnvEvalDir+")")
	speedOn := flag.Bool("speed", true, "measure ms/page over the benchmark pages")
	startup := flag.Bool("startup", true, "also time `annals extract` start-up and list init costs")
	bin := flag.String("bin", "", "annals binary for the start-up check (default: build ../cmd/annals, or the stand-in bench/cmd/extractjson when that fails)")
	page := flag.String("page", "", "small page for the start-up check (default: testdata/pages/blogger-seed.html)")
	runs := flag.Int("runs", 20, "start-up runs")
	flag.Parse()

	root, err := repoRoot()
	if err != nil {
		fatal(err)
	}
	fmt.Printf("go %s %s/%s, GOMAXPROCS %d, %d CPUs\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())

	if *speedOn {
		dir := *evalDir
		if dir == "" {
			dir = bench.FindEvalDir()
		}
		if dir == "" {
			if d := filepath.Join(root, "..", "shared", "eval", "articles"); isDir(filepath.Join(d, "html")) {
				dir = d
			}
		}
		if dir == "" {
			fmt.Println("speed: benchmark pages not found (../shared/eval/articles); skipped")
		} else {
			speed(dir, *rounds, *passes)
		}
	}
	if *startup {
		p := *page
		if p == "" {
			p = filepath.Join(root, "testdata", "pages", "blogger-seed.html")
		}
		startupCheck(root, *bin, p, *runs)
	}
}

func speed(dir string, rounds, passes int) {
	pages, err := bench.LoadPages(dir)
	if err != nil {
		fatal(err)
	}
	var size int
	for _, p := range pages {
		size += len(p.HTML)
	}
	fmt.Printf("pages: %d from %s (%.1f MB decompressed, in memory)\n", len(pages), dir, float64(size)/1e6)

	type tool struct {
		name string
		run  func() int
		ms   []float64 // wall ms/page per round
		cpu  []float64 // process CPU ms/page per round
	}
	tools := []*tool{
		{name: "html.Parse", run: func() int {
			if err := bench.RunHTMLParse(pages); err != nil {
				fatal(err)
			}
			return 0
		}},
		{name: "annals", run: func() int { return bench.RunAnnals(pages) }},
		{name: "readability", run: func() int { return bench.RunReadability(pages) }},
		{name: "readability+text", run: func() int { return bench.RunReadabilityText(pages) }},
	}
	// Warm-up pass (caches, lazily built tables, heap growth), untimed.
	for _, t := range tools {
		if f := t.run(); f > 0 {
			fmt.Printf("note: %s returned an error on %d of %d pages\n", t.name, f, len(pages))
		}
	}
	for r := 0; r < rounds; r++ {
		// Rotate the order each round so no tool always runs right after
		// the same neighbour (GC debt, cache state).
		for i := range tools {
			t := tools[(i+r)%len(tools)]
			runtime.GC()
			c0, start := cpuTime(), time.Now()
			for p := 0; p < passes; p++ {
				t.run()
			}
			el, cel := time.Since(start), cpuTime()-c0
			n := float64(passes * len(pages))
			t.ms = append(t.ms, float64(el.Nanoseconds())/1e6/n)
			t.cpu = append(t.cpu, float64(cel.Nanoseconds())/1e6/n)
		}
	}
	med := map[string]float64{}
	medCPU := map[string]float64{}
	fmt.Printf("\nms/page over %d rounds x %d pass; wall time, and process CPU time (user+sys, all threads incl. GC)\n", rounds, passes)
	fmt.Printf("%-17s %10s %10s %10s   %10s %10s\n", "", "wall med", "wall min", "wall max", "cpu med", "cpu min")
	for _, t := range tools {
		s := append([]float64(nil), t.ms...)
		sort.Float64s(s)
		c := append([]float64(nil), t.cpu...)
		sort.Float64s(c)
		med[t.name] = median(s)
		medCPU[t.name] = median(c)
		fmt.Printf("%-17s %10.3f %10.3f %10.3f   %10.3f %10.3f\n", t.name, med[t.name], s[0], s[len(s)-1], medCPU[t.name], c[0])
	}
	// Per-round ratios, then their median: robust to load that shifts
	// between rounds.
	var rp, rr []float64
	for i := range tools[0].ms {
		rp = append(rp, tools[1].ms[i]/tools[0].ms[i])
		rr = append(rr, tools[1].ms[i]/tools[2].ms[i])
	}
	sort.Float64s(rp)
	sort.Float64s(rr)
	fmt.Println()
	fmt.Printf("annals / html.Parse  = %.2f (median of per-round ratios %.2f, range %.2f-%.2f)   target <= 3.00: %s\n",
		med["annals"]/med["html.Parse"], median(rp), rp[0], rp[len(rp)-1], verdict(median(rp) <= 3))
	fmt.Printf("annals / readability = %.2f (median of per-round ratios %.2f, range %.2f-%.2f)   target <  1.00: %s\n",
		med["annals"]/med["readability"], median(rr), rr[0], rr[len(rr)-1], verdict(median(rr) < 1))
	fmt.Printf("annals / readability+text = %.2f (informational)\n", med["annals"]/med["readability+text"])
	if medCPU["html.Parse"] > 0 {
		fmt.Printf("CPU-time ratios (less sensitive to other load): annals/html.Parse = %.2f, annals/readability = %.2f\n",
			medCPU["annals"]/medCPU["html.Parse"], medCPU["annals"]/medCPU["readability"])
	}
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// startupCheck builds (unless given) the annals binary, runs
// `annals extract --url URL page` runs times and prints the median wall time,
// then runs it once with GODEBUG=inittrace=1 and lists the costliest inits.
func startupCheck(root, bin, page string, runs int) {
	fmt.Println()
	what := bin
	if bin == "" {
		tmp, err := os.MkdirTemp("", "annals-bench")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(tmp)
		bin = filepath.Join(tmp, "annals")
		what = "cmd/annals"
		build := exec.Command("go", "build", "-o", bin, "./cmd/annals")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Printf("start-up: cmd/annals does not build (%s); timing the stand-in bench/cmd/extractjson (links only extract)\n",
				firstLine(string(out)))
			what = "bench/cmd/extractjson"
			build = exec.Command("go", "build", "-o", bin, "./cmd/extractjson")
			build.Dir = filepath.Join(root, "bench")
			if out, err := build.CombinedOutput(); err != nil {
				fatal(fmt.Errorf("building extractjson: %v\n%s", err, out))
			}
		}
	}
	args := []string{"extract", "--url", "https://example.blogspot.com/2024/12/russia-increases-ties.html", page}
	// One untimed run warms the page cache for the binary and the page.
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		fatal(fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, out))
	}
	var ms []float64
	for i := 0; i < runs; i++ {
		cmd := exec.Command(bin, args...)
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fatal(err)
		}
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
	}
	sort.Float64s(ms)
	st, _ := os.Stat(page)
	var sz int64
	if st != nil {
		sz = st.Size()
	}
	fmt.Printf("start-up: %s extract on %s (%d bytes), %d runs: median %.1f ms wall (min %.1f, max %.1f)   target well under 50 ms: %s\n",
		what, filepath.Base(page), sz, runs, median(ms), ms[0], ms[len(ms)-1], verdict(median(ms) < 25))

	// Package initialisation costs.
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		fatal(err)
	}
	type initCost struct {
		pkg          string
		ms           float64
		bytes, alloc int64
	}
	var inits []initCost
	var total float64
	var totalBytes int64
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @0.012 ms, 0.003 ms clock, 16 bytes, 1 allocs
		f := strings.Fields(sc.Text())
		//   0    1    2      3    4     5  6       7  8       9  10
		if len(f) < 11 || f[0] != "init" {
			continue
		}
		c, _ := strconv.ParseFloat(f[4], 64)
		b, _ := strconv.ParseInt(f[7], 10, 64)
		a, _ := strconv.ParseInt(f[9], 10, 64)
		inits = append(inits, initCost{f[1], c, b, a})
		total += c
		totalBytes += b
	}
	sort.Slice(inits, func(i, j int) bool { return inits[i].ms > inits[j].ms })
	fmt.Printf("init (GODEBUG=inittrace=1): %d packages, %.3f ms clock in total, %d bytes allocated; costliest:\n", len(inits), total, totalBytes)
	for i := 0; i < len(inits) && i < 10; i++ {
		c := inits[i]
		fmt.Printf("  %-50s %7.3f ms %9d bytes %6d allocs\n", c.pkg, c.ms, c.bytes, c.alloc)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "#") {
			return strings.TrimSpace(l)
		}
	}
	return s
}

// repoRoot walks up from the working directory to the directory whose go.mod
// declares the main annals module.
func repoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), "module github.com/annals-dev/annals\n") {
			return d, nil
		}
		p := filepath.Dir(d)
		if p == d {
			return "", errors.New("run from inside the annals repository (bench/ or its root)")
		}
		d = p
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "ratio:", err)
	os.Exit(1)
}
