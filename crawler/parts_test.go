package crawler

import (
	"reflect"
	"testing"
	"time"
)

func TestWordPressPartURLs(t *testing.T) {
	for _, tt := range []struct {
		permalink string
		n         int
		want      []string
	}{
		{"https://example.com/2024/05/guide/", 3, []string{"https://example.com/2024/05/guide/2/", "https://example.com/2024/05/guide/3/"}},
		{"https://example.com/2024/05/guide", 2, []string{"https://example.com/2024/05/guide/2/"}},
		{"https://example.com/?p=7", 2, []string{"https://example.com/?p=7&page=2"}},
		{"https://example.com/2024/05/guide/", 1, nil},
	} {
		if got := WordPressPartURLs(tt.permalink, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("WordPressPartURLs(%s, %d) = %q, want %q", tt.permalink, tt.n, got, tt.want)
		}
	}
}

// TestItemEncoding: a queued page keeps what its route said of it across
// runs, the number of its parts included; entries written before parts
// were recorded still read.
func TestItemEncoding(t *testing.T) {
	it := item{url: "https://example.com/p/", kind: kindPage, depth: 1, via: ViaWordPressAPI,
		modified: time.Unix(1700000000, 0).UTC(), comments: 4, parts: 3}
	got, err := decodeItem(Entry{URL: it.url, Data: it.encode()})
	if err != nil || !reflect.DeepEqual(got, it) {
		t.Fatalf("decode(encode(%+v)) = %+v, %v", it, got, err)
	}
	it.parts = 0
	got, err = decodeItem(Entry{URL: it.url, Data: it.encode()})
	if err != nil || got.parts != 0 {
		t.Fatalf("an item without parts decodes as %+v, %v", got, err)
	}
}
