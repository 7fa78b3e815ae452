package bench

import (
	"sync"
	"testing"
)

var (
	loadOnce  sync.Once
	loaded    []Page
	loadErr   error
	loadedDir string
)

// benchPages loads and decompresses the benchmark pages once per test
// binary, before any timed loop; it skips the benchmark when the eval
// directory is absent.
func benchPages(b *testing.B) []Page {
	b.Helper()
	loadOnce.Do(func() {
		loadedDir = FindEvalDir()
		if loadedDir == "" {
			return
		}
		loaded, loadErr = LoadPages(loadedDir)
	})
	if loadedDir == "" {
		b.Skip("benchmark pages not found (../shared/eval/articles from the repository root, or $" + EnvEvalDir + ")")
	}
	if loadErr != nil {
		b.Fatal(loadErr)
	}
	return loaded
}

// report adds ms/page (wall time per page, averaged over b.N passes over all
// pages).
func report(b *testing.B, pages []Page) {
	b.StopTimer()
	n := float64(b.N) * float64(len(pages))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/n, "ms/page")
}

func setBytes(b *testing.B, pages []Page) {
	var total int64
	for i := range pages {
		total += int64(len(pages[i].HTML))
	}
	b.SetBytes(total)
}

// BenchmarkHTMLParse is the floor: a bare golang.org/x/net/html.Parse of each
// page. Each iteration processes every page once.
func BenchmarkHTMLParse(b *testing.B) {
	pages := benchPages(b)
	setBytes(b, pages)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := RunHTMLParse(pages); err != nil {
			b.Fatal(err)
		}
	}
	report(b, pages)
}

// BenchmarkAnnals runs extract.FromReader on each page with its original URL.
// Target: no more than 3x BenchmarkHTMLParse and faster than
// BenchmarkReadability, measured in the same run.
func BenchmarkAnnals(b *testing.B) { benchExtractor(b, RunAnnals) }

// BenchmarkReadability runs readeck go-readability v2's FromReader on each
// page with the same URL (no rendering: the strictest baseline).
func BenchmarkReadability(b *testing.B) { benchExtractor(b, RunReadability) }

// BenchmarkReadabilityText is BenchmarkReadability plus rendering the article
// as plain text, the closer match to annals' output. Informational only.
func BenchmarkReadabilityText(b *testing.B) { benchExtractor(b, RunReadabilityText) }

// benchExtractor runs an extractor over every page once per iteration and
// reports ms/page and the pages it failed on.
func benchExtractor(b *testing.B, run func([]Page) (failed int)) {
	pages := benchPages(b)
	setBytes(b, pages)
	b.ReportAllocs()
	failed := 0
	b.ResetTimer()
	for b.Loop() {
		failed = run(pages)
	}
	report(b, pages)
	b.ReportMetric(float64(failed), "failed/op")
}
