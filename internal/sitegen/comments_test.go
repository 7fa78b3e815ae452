package sitegen

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

type commentFeed struct {
	Total   int `xml:"totalResults"`
	Entries []struct {
		ID      string `xml:"id"`
		Content string `xml:"content"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestCommentFeed(t *testing.T) {
	s, srv := serve(t, Options{Posts: 3, CommentsPerPost: 120, CommentsShown: 10})
	i := 1
	id := s.postID(i)
	var ids []string
	parents := 0
	for start := 1; ; {
		r := get(t, srv.URL+"/feeds/"+id+"/comments/default?max-results=500&start-index="+strconv.Itoa(start), nil)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("status %d, type %q", r.status, r.header.Get("Content-Type"))
		}
		var f commentFeed
		if err := xml.Unmarshal([]byte(r.body), &f); err != nil {
			t.Fatal(err)
		}
		if f.Total != 120 {
			t.Fatalf("totalResults=%d, want 120", f.Total)
		}
		if len(f.Entries) > commentFeedMax {
			t.Fatalf("%d entries in one page, cap is %d", len(f.Entries), commentFeedMax)
		}
		if len(f.Entries) == 0 {
			break
		}
		for _, e := range f.Entries {
			ids = append(ids, e.ID[strings.LastIndex(e.ID, ".post-")+len(".post-"):])
			for _, l := range e.Links {
				if l.Rel == "related" && strings.Contains(l.Href, "/comments/default/") {
					parents++
				}
			}
			if e.Content == "" {
				t.Errorf("entry %s has no content", e.ID)
			}
		}
		start += len(f.Entries)
	}
	if len(ids) != 120 {
		t.Fatalf("%d comments over all pages, want 120", len(ids))
	}
	if parents != 40 {
		t.Errorf("%d replies with a parent link, want 40 (every third)", parents)
	}
	// The page shows the first ten, with "Load more" shown, and declares
	// all of them.
	page := get(t, srv.URL+s.PostPath(i), nil).body
	if got := strings.Count(page, `<li class="comment" id="c`); got != 10 {
		t.Errorf("page shows %d comments, want 10", got)
	}
	if !strings.Contains(page, `<div class="loadmore" data-post-id="`+id+`">`) || !strings.Contains(page, "120 comments:") {
		t.Errorf("page has no visible Load more or no declared count")
	}
	for _, c := range ids[:10] {
		if !strings.Contains(page, `id="c`+c+`"`) {
			t.Errorf("comment %s of the feed is not on the page", c)
		}
	}
	if r := get(t, srv.URL+"/feeds/123/comments/default", nil); r.status != 404 {
		t.Errorf("unknown post: status %d, want 404", r.status)
	}
}

func TestSummaryFeed(t *testing.T) {
	s, srv := serve(t, Options{Posts: 30})
	r := get(t, srv.URL+"/feeds/posts/summary?max-results=10&start-index=11", nil)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	if strings.Contains(r.body, "<content") || strings.Count(r.body, "<summary") != 10 {
		t.Errorf("summary feed carries bodies or not 10 summaries:\n%.500s", r.body)
	}
	if !strings.Contains(r.body, s.PostPath(19)) || !strings.Contains(r.body, "<openSearch:totalResults>30<") {
		t.Errorf("page 2 does not list post 19 or the total")
	}
}
