package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/annals-dev/annals"
	"github.com/annals-dev/annals/archive"
	"github.com/annals-dev/annals/extract"
	"github.com/annals-dev/annals/internal/sitegen"
)

// BenchmarkReextract archives a synthetic Blogger blog with the real
// binary, then times the real binary's reextract of it by a build whose
// extractor reads every title differently (ANNALS_TEST_EXTRACT_RULE), so
// that every post gets a version: the worst case for writing. It reports
// posts re-read per second, the same against bare extraction of the same
// pages in the benchmark process on as many goroutines (extract.Analyze of
// the stored raw pages, a sample of up to 1,000 of them, measured in the
// same run), and reextract's peak resident set. Run it with
//
//	go test ./cmd/annals -run '^$' -bench 'Reextract$' -benchtime 3x -timeout 30m
//
// (of-bare is the median of the runs' ratios.)
//
// ANNALS_BENCH_REEXTRACT=1000,10000 picks the sizes.
func BenchmarkReextract(b *testing.B) {
	for _, n := range benchSizes(b, "ANNALS_BENCH_REEXTRACT", []int{1_000, 10_000}) {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			srv := httptest.NewServer(sitegen.New(sitegen.Options{Posts: n}))
			defer srv.Close()
			archived := filepath.Join(b.TempDir(), "archived.db")
			crawl := exec.Command(binary, "crawl", "--db", archived, "--delay", "0", "--parallel", "8", "--quiet", srv.URL+"/")
			if out, err := crawl.CombinedOutput(); err != nil {
				b.Fatalf("crawl: %v\n%s", err, out)
			}
			srv.Close()
			// Bare extraction is measured just before and just after each
			// run, and the run is compared with their mean: the machine's
			// speed drifts, by a quarter at times, over a minute.
			var secs, bareSum float64
			var ratios []float64
			var rss int64
			for b.Loop() {
				b.StopTimer()
				db := filepath.Join(b.TempDir(), "bench.db")
				copyFile(b, archived, db)
				before := bareExtraction(b, archived, 1000)
				b.StartTimer()
				start := time.Now()
				cmd := exec.Command(binary, "reextract", "--db", db, "--quiet")
				cmd.Env = append(os.Environ(), "ANNALS_TEST_EXTRACT_RULE=title-upper")
				cmd.Stderr = os.Stderr
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				peak := watchPeakRSS(cmd.Process.Pid)
				if err := cmd.Wait(); err != nil {
					b.Fatalf("reextract: %v", err)
				}
				took := time.Since(start).Seconds()
				secs += took
				rss = max(rss, peak())
				b.StopTimer()
				after := bareExtraction(b, archived, 1000)
				bare := (before + after) / 2
				bareSum += bare
				ratios = append(ratios, float64(n)/took/bare)
				posts, versions := archiveStats(b, db)
				if posts != n || versions != 2*n {
					b.Fatalf("%d posts in %d versions after reextract, want %d in %d", posts, versions, n, 2*n)
				}
				b.StartTimer()
			}
			slices.Sort(ratios)
			b.ReportMetric(float64(n)*float64(b.N)/secs, "posts/s")
			b.ReportMetric(bareSum/float64(b.N), "bare-extract-posts/s")
			b.ReportMetric(ratios[len(ratios)/2], "of-bare")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
		})
	}
}

// bareExtraction returns how many of the archive's stored pages per second
// extract.Analyze reads on 4×GOMAXPROCS goroutines (reextract's workers),
// over up to sample pages held in memory.
func bareExtraction(b *testing.B, db string, sample int) float64 {
	b.Helper()
	s, err := archive.Open(db, &archive.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	type page struct {
		url string
		raw []byte
	}
	var pages []page
	err = s.Scan(context.Background(), nil, func(_ *archive.PostInfo, v *annals.Version, raw *archive.RawPage) error {
		if len(pages) >= sample {
			return nil
		}
		data, err := raw.Bytes()
		if err != nil {
			return err
		}
		pages = append(pages, page{v.URL, bytes.Clone(data)})
		return nil
	})
	s.Close()
	if err != nil || len(pages) == 0 {
		b.Fatalf("raw pages: %d, %v", len(pages), err)
	}
	work := make(chan page)
	var wg sync.WaitGroup
	start := time.Now()
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if _, err := extract.Analyze(bytes.NewReader(p.raw), p.url, &extract.Options{}); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for _, p := range pages {
		work <- p
	}
	close(work)
	wg.Wait()
	return float64(len(pages)) / time.Since(start).Seconds()
}

// copyFile copies the file at src to dst.
func copyFile(b *testing.B, src, dst string) {
	b.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		b.Fatal(err)
	}
}
