package annals_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/annals-dev/annals"
)

func at(min int) annals.Date {
	return annals.At(time.Date(2024, 5, 1, 10, min, 0, 0, time.UTC))
}

func ids(cs []annals.Comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
		if c.ParentID != "" {
			out[i] += "<" + c.ParentID
		}
	}
	return out
}

func TestMergeComments(t *testing.T) {
	day := annals.Day(2024, 5, 1)
	tests := []struct {
		name       string
		page, more []annals.Comment
		want       []string
	}{
		{
			name: "LoadMore",
			// The page shows the first threads; the feed has them all, with
			// exact times, and one more thread and a late reply.
			page: []annals.Comment{
				{ID: "101", Author: "Ann", Text: "First", Published: day},
				{ID: "102", ParentID: "101", Author: "Bo", Text: "Reply", Published: day},
				{ID: "103", Author: "Cy", Text: "Second"},
			},
			more: []annals.Comment{
				{ID: "105", Author: "Ed", Text: "Late reply", ParentID: "101", Published: at(50)},
				{ID: "101", Author: "Ann", Text: "First", Published: at(1), AuthorURL: "https://ann.example"},
				{ID: "102", ParentID: "101", Author: "Bo", Text: "Reply", Published: at(2)},
				{ID: "103", Author: "Cy", Text: "Second", Published: at(3)},
				{ID: "104", Author: "Di", Text: "Third", Published: at(4), Deleted: true},
			},
			want: []string{"101", "102<101", "105<101", "103", "104"},
		},
		{
			name: "PositionalIDs",
			// Legacy markup without ids: matched by author and text, the
			// platform's id adopted and replies re-pointed.
			page: []annals.Comment{
				{ID: "c1", Author: "Ann", Text: "Lovely  walk!"},
				{ID: "c2", ParentID: "c1", Author: "Bo", Text: "Agreed."},
			},
			more: []annals.Comment{
				{ID: "7", Author: "Ann", Text: "Lovely walk!", Published: at(1)},
				{ID: "8", Author: "Cy", Text: "Me too", Published: at(2)},
			},
			want: []string{"7", "c2<7", "8"},
		},
		{
			name: "SameTextTwiceOnPage",
			page: []annals.Comment{{ID: "c1", Author: "Anonymous", Text: "+1"}, {ID: "c2", Author: "Anonymous", Text: "+1"}},
			more: []annals.Comment{{ID: "9", Author: "Anonymous", Text: "+1"}},
			want: []string{"c1", "c2", "9"},
		},
		{
			name: "OrphanAndUndated",
			page: []annals.Comment{{ID: "2", Text: "b"}, {ID: "1", Text: "a"}},
			more: []annals.Comment{{ID: "3", ParentID: "99", Text: "orphan", Published: at(0)}},
			want: []string{"2", "1", "3<99"},
		},
		{
			name: "PingsByName",
			// An older theme lists pings by the linking site's name only:
			// no id, no text, no date. The feed's pings are matched on the
			// name, a name the page shows twice is not.
			page: []annals.Comment{
				{ID: "c1", Author: "Ephemera blog", Type: "pingback"},
				{ID: "c2", Author: "Twice", Type: "pingback"},
				{ID: "c3", Author: "Twice", Type: "pingback"},
			},
			more: []annals.Comment{
				{ID: "12", Author: "Ephemera blog", Text: "[…] a fine ticket […]", Published: at(1)},
				{ID: "13", Author: "Twice", Text: "once", Published: at(2)},
			},
			want: []string{"12", "c2", "c3", "13"},
		},
		{
			name: "Empty",
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := annals.MergeComments(tt.page, tt.more)
			if g := ids(got); !reflect.DeepEqual(g, tt.want) {
				t.Fatalf("ids=%q, want %q", g, tt.want)
			}
			again := annals.MergeComments(got, tt.more)
			if !reflect.DeepEqual(again, got) {
				t.Errorf("merging again changed the list:\n%+v\n%+v", again, got)
			}
		})
	}
	t.Run("Fields", func(t *testing.T) {
		got := annals.MergeComments(tests[0].page, tests[0].more)
		if c := got[0]; c.Published != at(1) || c.AuthorURL != "https://ann.example" || c.Text != "First" {
			t.Errorf("merged comment=%+v, want the feed's time and link", c)
		}
		if !got[4].Deleted {
			t.Errorf("deleted flag lost: %+v", got[4])
		}
	})
}
