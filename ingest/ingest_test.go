package ingest_test

import (
	"testing"

	"github.com/annals-dev/annals/extract"
	"github.com/annals-dev/annals/ingest"
)

func TestArchivable(t *testing.T) {
	for _, tt := range []struct {
		kind extract.Kind
		want bool
	}{
		{extract.KindPost, true},
		{extract.KindThread, true},
		{extract.KindQA, true},
		{extract.KindListing, false},
		{extract.KindProduct, false},
		{extract.KindDocs, false},
		{extract.KindLanding, false},
		{extract.KindOther, false},
	} {
		if got := ingest.Archivable(tt.kind); got != tt.want {
			t.Errorf("Archivable(%v) = %v, want %v", tt.kind, got, tt.want)
		}
	}
}
