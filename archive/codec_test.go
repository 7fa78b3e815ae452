package archive

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestCodec_ManySites stores pages of more sites than the coders cached
// for their dictionaries, then reads them all back at once from several
// goroutines: coders come and go under concurrent use, and every page
// comes back byte for byte.
func TestCodec_ManySites(t *testing.T) {
	s := mustOpen(t, tempPath(t))
	const sites, perSite = cachedDecoders + 4, dictSamples + 3
	template := bytes.Repeat([]byte("<div class=sidebar>archive, labels, about me, followers</div>\n"), 40)
	pages := map[string][]byte{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for site := range sites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perSite {
				key := fmt.Sprintf("https://s%d.example/%d", site, i)
				page := append(fmt.Appendf(nil, "<html><h1>post %d of site %d</h1>", i, site), template...)
				f := newFetch(newPost(key, "t", "x"), t0, "")
				f.Raw = page
				if _, _, err := s.Put(key, f); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				pages[key] = page
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for site := range sites {
		if siteDictOf(s, dictSite, fmt.Sprintf("s%d.example", site)) == 0 {
			t.Errorf("site %d has no dictionary after %d pages", site, perSite)
		}
	}
	keys := make(chan string)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for key := range keys {
				got, err := s.Raw(key, 0)
				if err != nil || !bytes.Equal(got, pages[key]) {
					t.Errorf("%s: %d bytes back (%v), want %d", key, len(got), err, len(pages[key]))
				}
			}
		}()
	}
	for range 2 {
		for key := range pages {
			keys <- key
		}
	}
	close(keys)
	wg.Wait()
}
