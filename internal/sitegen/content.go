package sitegen

import (
	"strconv"
	"strings"
)

// numParagraphs returns how many paragraphs post i has (4 to 7).
func (s *Site) numParagraphs(i int) int {
	return 4 + int(mix(s.seed, tagParaCount, uint64(i))%4)
}

// paragraph returns paragraph k of the post as plain text. The last
// paragraph is the one an Edit rewrites.
func (p post) paragraph(k int) string {
	s := p.s
	if k == s.numParagraphs(p.i)-1 && p.st.rev > 0 {
		r := rng{s: mix(s.seed, tagEdit, uint64(p.i), uint64(p.st.rev))}
		return "Update, " + p.updated().Format("2 January 2006") + ": " + sentences(&r, 2+r.intn(3))
	}
	r := rng{s: mix(s.seed, tagPara, uint64(p.i), uint64(k))}
	n := 3 + r.intn(3)
	if k > 0 {
		return sentences(&r, n)
	}
	t := s.titleParts(p.i)
	intro := capitalize(r.pick(times)) + ", I went back to " + t.place + " to see the " +
		strings.ToLower(t.adj) + " " + strings.ToLower(t.noun) + " again."
	return intro + " " + sentences(&r, n-1)
}

// snippet returns the opening of post i, as the index pages and the
// Popular Posts gadget show it.
func (s *Site) snippet(i int) string {
	text := s.post(i).paragraph(0)
	const limit = 180
	if len(text) <= limit {
		return text
	}
	cut := strings.LastIndexByte(text[:limit], ' ')
	if cut < 0 {
		cut = limit
	}
	return strings.TrimRight(text[:cut], ",;:") + "…"
}

// labelsOf returns post i's labels (one to three, in label order).
func (s *Site) labelsOf(i int) []string {
	r := rng{s: mix(s.seed, tagLabels, uint64(i))}
	n := 1 + r.intn(3)
	var mask uint
	for bits := 0; bits < n; {
		k := uint(r.intn(len(labels)))
		if mask&(1<<k) == 0 {
			mask |= 1 << k
			bits++
		}
	}
	out := make([]string, 0, n)
	for k, l := range labels {
		if mask&(1<<uint(k)) != 0 {
			out = append(out, l)
		}
	}
	return out
}

func (s *Site) hasLabel(i int, label string) bool {
	for _, l := range s.labelsOf(i) {
		if l == label {
			return true
		}
	}
	return false
}

// authorOf returns the index in authorNames of post i's author.
func (s *Site) authorOf(i int) int { return i % s.authors }

// profileURL returns a Blogger profile link for a person number.
func (s *Site) profileURL(person uint64) string {
	return "https://www.blogger.com/profile/" + pad64(mix(s.seed, tagProfile, person))
}

func pad64(u uint64) string {
	v := strconv.FormatUint(u, 10)
	for len(v) < 20 {
		v = "0" + v
	}
	return v
}

// comment is one generated comment.
type comment struct {
	id       string
	parent   int // index of the parent comment, or -1
	author   string
	profile  string // "" for Anonymous
	isAuthor bool   // written by the post's author
	text     string
	event    int
}

// isReply reports whether comment j replies to comment j-1: every third one.
func isReply(j int) bool { return (j+1)%3 == 0 }

// comment returns comment j of the post.
func (p post) comment(j int) comment {
	s := p.s
	r := rng{s: mix(s.seed, tagComment, uint64(p.i), uint64(j))}
	c := comment{
		id:     strconv.FormatUint(1e18+mix(s.seed, tagCommentID, uint64(p.i), uint64(j))%8e18, 10),
		parent: -1,
		event:  p.commentEvent(j),
	}
	if isReply(j) {
		c.parent = j - 1
	}
	if c.parent >= 0 && r.intn(2) == 0 {
		a := s.authorOf(p.i)
		c.author, c.profile, c.isAuthor = authorNames[a], s.profileURL(1000+uint64(a)), true
	} else {
		k := r.intn(len(commenterNames))
		c.author = commenterNames[k]
		if c.author != "Anonymous" {
			c.profile = s.profileURL(uint64(k))
		}
	}
	if c.parent >= 0 {
		who := "friend"
		if pa := p.comment(c.parent).author; pa != "Anonymous" {
			who, _, _ = strings.Cut(pa, " ")
		}
		c.text = fill(replyTemplates[r.intn(len(replyTemplates))], &r, map[string]string{"who": who})
		return c
	}
	c.text = fill(commentTemplates[r.intn(len(commentTemplates))], &r, nil)
	if r.intn(2) == 0 {
		c.text += " " + fill(sentenceTemplates[r.intn(len(sentenceTemplates))], &r, nil)
	}
	return c
}

// popular returns up to three posts other than exclude for the Popular
// Posts gadget.
func (s *Site) popular(exclude int) []int {
	want := min(3, s.n())
	if exclude >= 0 && exclude < s.n() {
		want = min(3, s.n()-1)
	}
	out := make([]int, 0, want)
	for k := uint64(0); len(out) < want; k++ {
		j := int(mix(s.seed, tagPopular, uint64(exclude+1), k) % uint64(s.n()))
		if k > 64 { // tiny sites: take the first free ones
			j = int(k-65) % s.n()
		}
		ok := j != exclude
		for _, o := range out {
			ok = ok && o != j
		}
		if ok {
			out = append(out, j)
		}
	}
	return out
}
