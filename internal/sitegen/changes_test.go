package sitegen

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestChanges(t *testing.T) {
	s, srv := serve(t, Options{Posts: 30})
	since := s.post(20).updated() // posts 20 to 29 were updated since
	changes := func() []string {
		t.Helper()
		f := fetchFeed(t, srv.URL+"/feeds/posts/summary?orderby=updated&updated-min="+url.QueryEscape(since.Format(time.RFC3339))+"&max-results=50")
		var out []string
		for _, e := range f.Entries {
			for _, l := range e.Links {
				if l.Rel == "alternate" {
					out = append(out, strings.TrimPrefix(l.Href, srv.URL))
				}
			}
		}
		if f.Total != len(out) {
			t.Errorf("totalResults %d, %d entries", f.Total, len(out))
		}
		return out
	}
	if got := changes(); len(got) != 10 || got[0] != s.PostPath(29) || got[9] != s.PostPath(20) {
		t.Fatalf("changes = %v, want posts 29 down to 20", got)
	}

	s.Publish(2)
	got := changes()
	if len(got) != 12 || got[0] != s.PostPath(31) || got[1] != s.PostPath(30) {
		t.Errorf("changes after publishing two = %v", got)
	}
	if r := get(t, srv.URL+s.PostPath(31), nil); r.status != 200 || !strings.Contains(r.body, s.PostTitle(31)) {
		t.Errorf("published post: status %d", r.status)
	}
	if r := get(t, srv.URL+"/", nil); !strings.Contains(r.body, s.PostPath(31)) {
		t.Errorf("home page does not link the new post")
	}

	s.Remove(25)
	if r := get(t, srv.URL+s.PostPath(25), nil); r.status != 404 {
		t.Errorf("removed post: status %d, want 404", r.status)
	}
	if got := changes(); len(got) != 11 {
		t.Errorf("changes list a removed post: %v", got)
	}
	s.Restore(25)
	if r := get(t, srv.URL+s.PostPath(25), nil); r.status != 200 {
		t.Errorf("restored post: status %d", r.status)
	}
}
