package annals

import (
	"sort"
	"strings"
	"unicode"
)

// MergeComments merges the comments found on a post's page with comments of
// the same post fetched elsewhere (a platform's comment feed or API, the
// post's other comment pages) into one threaded list.
//
// A comment present on both sides is kept once: matched by ID, or, for a
// page comment without a platform ID, by author and text. The page's copy
// wins, and takes from the other what it lacks: an exact time where the
// page shows only a day or nothing, the author's link, the parent, the
// deleted flag, the type. Comments only in more are added.
//
// The result lists each top-level comment followed by its replies, depth
// first. Siblings are in order of publication when every one of them has a
// time, else in the order they were found (the page's first). A reply
// whose parent is missing is listed as top-level. The same inputs always
// give the same list, and merging a merged list again changes nothing, so
// the result hashes the same from one crawl to the next.
func MergeComments(page, more []Comment) []Comment {
	all := make([]Comment, 0, len(page)+len(more))
	byID := map[string]int{}
	byText := map[string]int{} // page comments not matched yet
	// Page comments with neither a platform id nor text (a classic theme's
	// "Pingback: Site" line), by author: matched when only one has it.
	byAuthor := map[string]int{}
	alias := map[string]string{}
	for _, c := range page {
		if i, ok := byID[c.ID]; ok && platformID(c.ID) {
			all[i] = mergeComment(all[i], c)
			continue
		}
		all = append(all, c)
		if c.ID != "" {
			if _, dup := byID[c.ID]; !dup {
				byID[c.ID] = len(all) - 1
			}
		}
		if k := textKey(c); k != "" {
			if _, dup := byText[k]; dup {
				byText[k] = -1 // ambiguous: match by id only
			} else {
				byText[k] = len(all) - 1
			}
		} else if k := authorKey(c); k != "" && !platformID(c.ID) {
			if _, dup := byAuthor[k]; dup {
				byAuthor[k] = -1
			} else {
				byAuthor[k] = len(all) - 1
			}
		}
	}
	for _, c := range more {
		if i, ok := byID[c.ID]; ok && c.ID != "" {
			all[i] = mergeComment(all[i], c)
			continue
		}
		k := textKey(c)
		i, ok := byText[k]
		if !ok || k == "" {
			if ak := authorKey(c); ak != "" {
				if i, ok = byAuthor[ak]; ok {
					delete(byAuthor, ak)
				}
			}
		}
		if ok && i >= 0 && !platformID(all[i].ID) {
			delete(byText, k)
			old := all[i].ID
			all[i] = mergeComment(all[i], c)
			if all[i].ID != old && old != "" {
				alias[old] = all[i].ID
			}
			if c.ID != "" {
				byID[c.ID] = i
			}
			continue
		}
		all = append(all, c)
		if c.ID != "" {
			byID[c.ID] = len(all) - 1
		}
	}
	if len(all) == 0 {
		return []Comment{}
	}
	for i := range all {
		if to, ok := alias[all[i].ParentID]; ok {
			all[i].ParentID = to
		}
	}

	// Thread: children by parent, in found order.
	index := map[string]int{}
	for i, c := range all {
		if c.ID != "" {
			if _, dup := index[c.ID]; !dup {
				index[c.ID] = i
			}
		}
	}
	children := map[int][]int{}
	var roots []int
	for i, c := range all {
		p, ok := index[c.ParentID]
		if c.ParentID == "" || !ok || p == i {
			roots = append(roots, i)
			continue
		}
		children[p] = append(children[p], i)
	}
	order := func(ids []int) {
		for _, i := range ids {
			if all[i].Published.IsZero() {
				return
			}
		}
		sort.SliceStable(ids, func(a, b int) bool {
			return all[ids[a]].Published.Time().Before(all[ids[b]].Published.Time())
		})
	}
	out := make([]Comment, 0, len(all))
	done := make([]bool, len(all))
	var visit func(i int)
	visit = func(i int) {
		if done[i] {
			return // a cycle of parents
		}
		done[i] = true
		out = append(out, all[i])
		kids := children[i]
		order(kids)
		for _, k := range kids {
			visit(k)
		}
	}
	order(roots)
	for _, i := range roots {
		visit(i)
	}
	// Comments caught in a parent cycle: list them as they came.
	for i := range all {
		if !done[i] {
			visit(i)
		}
	}
	return out
}

// mergeComment fills a's gaps from b.
func mergeComment(a, b Comment) Comment {
	if a.ID == "" || (!platformID(a.ID) && platformID(b.ID)) {
		a.ID = b.ID
	}
	if a.ParentID == "" {
		a.ParentID = b.ParentID
	}
	if a.Author == "" {
		a.Author = b.Author
	}
	if a.AuthorURL == "" {
		a.AuthorURL = b.AuthorURL
	}
	if !b.Published.IsZero() && (a.Published.IsZero() || (a.Published.DayOnly() && !b.Published.DayOnly())) {
		a.Published = b.Published
	}
	if a.Text == "" {
		a.Text = b.Text
	}
	if a.Type == "" {
		a.Type = b.Type
	}
	a.Deleted = a.Deleted || b.Deleted
	return a
}

// platformID reports whether id looks like a platform's comment id (digits)
// rather than one made up from the comment's position ("c3").
func platformID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// authorKey is a comment's author, ignoring case and spacing.
func authorKey(c Comment) string {
	return strings.ToLower(strings.Join(strings.Fields(c.Author), " "))
}

// textKey identifies a comment by author and the start of its text,
// ignoring case, spacing and punctuation.
func textKey(c Comment) string {
	if c.Text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(strings.Join(strings.Fields(c.Author), " ")))
	b.WriteByte(0)
	n := 0
	for _, r := range strings.ToLower(c.Text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			if n++; n == 120 {
				break
			}
		}
	}
	return b.String()
}
