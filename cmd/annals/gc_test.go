package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	tests := []struct {
		cmd, gogc string
		want      int
	}{
		{"crawl", "", crawlGCPercent},
		{"update", "", crawlGCPercent},
		{"daemon", "", crawlGCPercent},
		{"crawl", "50", 100}, // the user's GOGC is left alone
		{"export", "", 100},
		{"extract", "", 100},
	}
	for _, tt := range tests {
		debug.SetGCPercent(100)
		tuneGC(tt.cmd, func(k string) string {
			if k == "GOGC" {
				return tt.gogc
			}
			return ""
		})
		if got := debug.SetGCPercent(100); got != tt.want {
			t.Errorf("%s with GOGC=%q: GC percent %d, want %d", tt.cmd, tt.gogc, got, tt.want)
		}
	}
}
