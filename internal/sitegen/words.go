package sitegen

import (
	"strconv"
	"strings"
)

// rng is a splitmix64 generator: tiny, fast and stable across Go releases,
// so the same Seed gives the same blog forever.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be > 0.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) pick(list []string) string { return list[r.intn(len(list))] }

// mix hashes its arguments into one well-spread 64-bit value.
func mix(parts ...uint64) uint64 {
	r := rng{s: 0x2545F4914F6CDD1D}
	h := r.next()
	for _, p := range parts {
		r.s ^= p
		h ^= r.next()
		r.s = h
	}
	return h
}

// Domain tags keep the random streams of different page parts apart.
const (
	tagBlogID uint64 = iota + 1
	tagPostID
	tagTitle
	tagParaCount
	tagPara
	tagEdit
	tagLabels
	tagComment
	tagCommentID
	tagJitter
	tagPopular
	tagMinutes
	tagProfile
)

var titleAdjectives = []string{
	"Quiet", "Frozen", "Muddy", "Bright", "Narrow", "Crooked", "Patient", "Old",
	"Windswept", "Green", "Grey", "Early", "Late", "Stubborn", "Hidden", "Borrowed",
	"Lost", "Long", "Little", "Unexpected", "Salt-Stained", "Rusty", "Golden", "Empty",
	"Second-Hand", "Forgotten", "Wet", "Slow", "Sunlit", "Overgrown",
}

var titleNouns = []string{
	"Heron", "Towpath", "Allotment", "Kettle", "Bridge", "Hedge", "Orchard", "Workbench",
	"Ferry", "Lighthouse", "Market", "Notebook", "Bicycle", "Garden Wall", "Sourdough",
	"Canal", "Meadow", "Footpath", "Barn", "Harbour", "Greenhouse", "Woodstove", "Map",
	"Lantern", "Windmill", "Quarry", "Station", "Library", "Boathouse", "Beehive",
}

var places = []string{
	"Millbrook Lock", "Harrow Bridge", "Saltmarsh Quay", "Kestrel Ridge", "Ashford Green",
	"Copper Beach", "Hollins Wood", "Fenwick Ferry", "Larkhill Farm", "Otter Pool",
	"Stonegate", "Wickham Fen", "Bramble End", "Netherby Mill", "Gull Point",
	"Clayhithe", "Thornbury Common", "Sandy Lane", "Elderford", "Raven Scar",
}

// titleTemplates all use {A} (adjective), {N} (noun) and {L} (place).
var titleTemplates = []string{
	"The {A} {N} at {L}",
	"Notes on {a A} {N} near {L}",
	"Back to {L}: {a A} {N}",
	"Walking to {L} with {a A} {N}",
	"What the {A} {N} Taught Me at {L}",
	"{a A} {N}, and Other News from {L}",
	"{L} and the {A} {N}",
	"Sketching the {A} {N} by {L}",
}

var (
	nouns = []string{
		"heron", "towpath", "allotment", "kettle", "bridge", "hedge", "orchard", "workbench",
		"ferry", "lighthouse", "market", "notebook", "bicycle", "garden wall", "sourdough starter",
		"canal", "meadow", "footpath", "barn", "harbour", "greenhouse", "woodstove", "map",
		"lantern", "windmill", "quarry", "station", "library", "boathouse", "beehive",
		"apple tree", "stile", "weir", "signpost", "rowing boat", "bus shelter",
	}
	adjectives = []string{
		"quiet", "frozen", "muddy", "bright", "narrow", "crooked", "patient", "old",
		"windswept", "green", "grey", "early", "stubborn", "hidden", "generous", "lopsided",
		"unhurried", "overgrown", "silver", "cheerful", "icy", "ancient", "tidy", "restless",
	}
	moveVerbs = []string{
		"walked", "wandered", "cycled", "rowed", "strolled", "tramped", "cycled slowly", "walked briskly",
	}
	stillVerbs = []string{
		"waited", "lingered", "sketched", "listened", "pottered about", "sat", "stood", "dawdled",
	}
	paths = []string{
		"towpath", "canal", "river", "footpath", "old railway line", "sea wall", "ridge", "drove road",
	}
	times = []string{
		"this morning", "last Tuesday", "after lunch", "at first light", "before the rain",
		"by late afternoon", "over the weekend", "on Sunday", "yesterday evening", "at dusk",
	}
	objects = []string{
		"a flask of tea", "two pairs of gloves", "a borrowed map", "the good camera",
		"a bag of windfall apples", "a pencil stub", "my grandfather's binoculars",
		"a slice of fruit cake", "the dog", "a sketchbook", "far too many sandwiches",
	}
	people = []string{
		"my neighbour", "Aunt Ruth", "the ferryman", "our postman", "the lock keeper",
		"a man with a spaniel", "the woman from the bakery", "my brother", "an old friend",
	}
	colours = []string{"amber", "pewter", "rose", "gold", "violet", "ash-white", "copper"}
	seasons = []string{"spring", "summer", "autumn", "winter"}
)

// sentenceTemplates are the body's sentences. Tokens: {n} noun, {a}
// adjective, {a a} the same with "a" or "an", {l} place, {t} time, {m}
// verb of moving, {v} verb of staying, {w} way (a path), {o} object, {p}
// person, {c} colour, {s} season, {num} a small number.
var sentenceTemplates = []string{
	"The {n} by {l} was {a} {t}, and we {v} there longer than we meant to.",
	"{t}, I {m} from {l} to {l} with {o}.",
	"Nobody warned us that the {n} would be so {a}.",
	"{p} says the {n} has looked like this for forty years, and I believe it.",
	"If you go, take {o}; the {n} near {l} is {a} in every season.",
	"We stopped once for {o} and once to watch {a a} {n}.",
	"It is {a a} thing, a {n}, and I have grown fond of it.",
	"I had meant to write about the {n}, but the {n} kept getting in the way.",
	"There is {a a} {n} at {l} that I pass every week without fail.",
	"By the time we reached {l}, the light had turned {c} and the {n} was {a}.",
	"Next time I will bring {o} and leave the rest at home.",
	"The walk was about {num} miles, most of it along the {w}.",
	"{p} waved from the {n} and shouted something about the weather.",
	"In {s} the {n} is {a}, and the whole of {l} smells of woodsmoke.",
	"I {v} for {num} minutes, watching the {n} and thinking about nothing much.",
	"On the way home we found {a a} {n} that none of us remembered.",
	"The sky over {l} went {c} and then, quite suddenly, dark.",
	"I wrote three pages in the notebook and drew the {n} twice, badly.",
	"Somebody has painted the {n} {c}, which I am still deciding how to feel about.",
	"We {m} on until the {n} was only a shape against the hill.",
}

var commentTemplates = []string{
	"Lovely post. We {m} past {l} last {s} and it was just as {a}.",
	"Did you take {o}? I always forget mine.",
	"Thank you for this, the bit about the {n} made me laugh.",
	"I grew up near {l}; the {n} was just as {a} back then.",
	"Beautiful writing, as ever.",
	"Is the {n} still {a}? I have not been for years.",
	"This has made me want to get out there {t}.",
	"{p} would have loved this. Thank you.",
	"The {n} at {l} is my favourite place in the county.",
}

var replyTemplates = []string{
	"Thanks, {who}! Do go back, the {n} is worth it.",
	"Ha, {who}, you are quite right about the {n}.",
	"Thank you, {who}. I will look out for it next time I am at {l}.",
	"{who}, yes, I took {o}, and still wished I had more.",
}

var labels = []string{"walking", "birds", "weather", "food", "workshop", "garden", "rivers", "books"}

var authorNames = []string{"Ada Marsh", "Owen Hale", "Ruth Calder"}

var commenterNames = []string{
	"Tom Reed", "Helen Marsh", "Anonymous", "Priya Nair", "Old Harbour Joe", "Margaret Ellis",
	"Sam Okafor", "Lucía Ortega", "Ben Carver", "Anonymous", "Wren", "Dave from Ashford",
}

// article returns "a" or "an" for word.
func article(word string) string {
	if word == "" {
		return "a"
	}
	switch word[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "an"
	}
	return "a"
}

// fill expands a template's tokens from r; extra maps further tokens (for
// replies, {who}). The first letter of the result is capitalised.
func fill(tmpl string, r *rng, extra map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		tok := tmpl[i+1 : i+j]
		tmpl = tmpl[i+j+1:]
		switch tok {
		case "n":
			b.WriteString(r.pick(nouns))
		case "a":
			b.WriteString(r.pick(adjectives))
		case "a a":
			a := r.pick(adjectives)
			b.WriteString(article(a) + " " + a)
		case "l":
			b.WriteString(r.pick(places))
		case "t":
			b.WriteString(r.pick(times))
		case "v":
			b.WriteString(r.pick(stillVerbs))
		case "m":
			b.WriteString(r.pick(moveVerbs))
		case "w":
			b.WriteString(r.pick(paths))
		case "o":
			b.WriteString(r.pick(objects))
		case "p":
			b.WriteString(r.pick(people))
		case "c":
			b.WriteString(r.pick(colours))
		case "s":
			b.WriteString(r.pick(seasons))
		case "num":
			b.WriteString(strconv.Itoa(2 + r.intn(19)))
		default:
			b.WriteString(extra[tok])
		}
	}
	return capitalize(b.String())
}

func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// sentences returns n generated sentences joined by spaces.
func sentences(r *rng, n int) string {
	parts := make([]string, n)
	for k := range parts {
		parts[k] = fill(sentenceTemplates[r.intn(len(sentenceTemplates))], r, nil)
	}
	return strings.Join(parts, " ")
}

// titleSpace is the number of distinct generated titles before a
// "(Part N)" suffix is needed.
var titleSpace = uint64(len(titleTemplates) * len(titleAdjectives) * len(titleNouns) * len(places))

// titleParts are the pieces of one generated title.
type titleParts struct {
	tmpl, adj, noun, place string
	part                   int // 0, or the "(Part N)" number
}

func (t titleParts) String() string {
	var b strings.Builder
	s := t.tmpl
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s, '}')
		b.WriteString(s[:i])
		switch s[i+1 : j] {
		case "A":
			b.WriteString(t.adj)
		case "a A":
			a := article(t.adj)
			if b.Len() == 0 {
				a = capitalize(a)
			}
			b.WriteString(a + " " + t.adj)
		case "N":
			b.WriteString(t.noun)
		case "L":
			b.WriteString(t.place)
		}
		s = s[j+1:]
	}
	if t.part > 0 {
		b.WriteString(" (Part " + strconv.Itoa(t.part) + ")")
	}
	return b.String()
}
