package extract

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ldNode is one JSON-LD object.
type ldNode = map[string]any

// jsonLD holds the page's JSON-LD objects, flattened out of arrays and
// @graph containers, with an index by @id for resolving references.
type jsonLD struct {
	nodes []ldNode
	byID  map[string]ldNode
}

// articleTypes are the schema.org types of a post or article.
var articleTypes = map[string]bool{
	"article": true, "blogposting": true, "newsarticle": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "backgroundnewsarticle": true,
	"reviewnewsarticle": true, "techarticle": true, "scholarlyarticle": true, "report": true,
	"socialmediaposting": true, "liveblogposting": true, "posting": true, "review": true,
	"advertisercontentarticle": true, "satiricalarticle": true, "medicalscholarlyarticle": true,
	"discussionforumposting": true, "creativework": false,
}

func parseJSONLD(doc *html.Node) *jsonLD {
	ld := &jsonLD{byID: map[string]ldNode{}}
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom != atom.Script {
			return true
		}
		if !strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") || n.FirstChild == nil {
			return false
		}
		raw := n.FirstChild.Data
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			// Common breakage: raw control characters inside strings.
			fixed := strings.Map(func(r rune) rune {
				if r < 0x20 {
					return ' '
				}
				return r
			}, raw)
			fixed = strings.TrimSuffix(strings.TrimSpace(fixed), ";")
			if err := json.Unmarshal([]byte(fixed), &v); err != nil {
				return false
			}
		}
		ld.add(v, 0)
		return false
	})
	return ld
}

func (ld *jsonLD) add(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			ld.add(e, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			ld.add(g, depth+1)
			if _, typed := x["@type"]; !typed {
				return
			}
		}
		ld.nodes = append(ld.nodes, x)
		if id, ok := x["@id"].(string); ok && id != "" {
			if _, seen := ld.byID[id]; !seen || len(x) > len(ld.byID[id]) {
				ld.byID[id] = x
			}
		}
		// Nested typed nodes (mainEntity, itemListElement...) count too.
		for k, e := range x {
			if k == "@graph" {
				continue
			}
			switch k {
			case "mainEntity", "mainEntityOfPage", "hasPart", "about", "itemListElement", "item":
				ld.add(e, depth+1)
			}
		}
	}
}

// resolve follows an {"@id": ...} reference to its full node.
func (ld *jsonLD) resolve(v any) any {
	if m, ok := v.(map[string]any); ok {
		if id, ok := m["@id"].(string); ok && len(m) <= 2 {
			if full, ok := ld.byID[id]; ok {
				return full
			}
		}
	}
	return v
}

func ldTypes(n ldNode) []string {
	switch t := n["@type"].(type) {
	case string:
		return []string{strings.ToLower(lastSegment(t))}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, strings.ToLower(lastSegment(s)))
			}
		}
		return out
	}
	return nil
}

func lastSegment(s string) string {
	if i := strings.LastIndexAny(s, "/#:"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func ldIsType(n ldNode, types map[string]bool) bool {
	for _, t := range ldTypes(n) {
		if types[t] {
			return true
		}
	}
	return false
}

// article returns the best Article-like node: the one whose url matches the
// page, else the one with the longest body or headline.
func (ld *jsonLD) article(pageURL string) ldNode {
	var best ldNode
	bestScore := -1
	for _, n := range ld.nodes {
		if !ldIsType(n, articleTypes) {
			continue
		}
		score := 1
		if _, ok := n["headline"]; ok {
			score += 2
		}
		if _, ok := n["datePublished"]; ok {
			score += 2
		}
		if u := ldString(n["url"]); u != "" && pageURL != "" && sameURL(u, pageURL) {
			score += 4
		}
		if u := ldString(ld.resolve(n["mainEntityOfPage"])); u != "" && pageURL != "" && sameURL(u, pageURL) {
			score += 4
		}
		if score > bestScore {
			best, bestScore = n, score
		}
	}
	return best
}

// webPage returns the WebPage node, a fallback source for dates and names.
func (ld *jsonLD) webPage() ldNode {
	for _, n := range ld.nodes {
		for _, t := range ldTypes(n) {
			if t == "webpage" || t == "itempage" || t == "collectionpage" {
				return n
			}
		}
	}
	return nil
}

// ldString returns a string value, or the @value / name / @id of an object,
// or the first of an array.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return unescapeEntities(strings.TrimSpace(x))
	case float64:
		return strings.TrimSpace(strings.TrimRight(strings.TrimRight(jsonNumber(x), "0"), "."))
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		for _, k := range []string{"@value", "url", "@id", "name"} {
			if s, ok := x[k].(string); ok && s != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// ldNames returns the names of persons or organisations in v (an object,
// array, reference or plain string).
func (ld *jsonLD) names(v any) []string {
	var out []string
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := ld.resolve(v).(type) {
		case string:
			if s := strings.TrimSpace(x); s != "" && !strings.HasPrefix(s, "http") {
				out = append(out, s)
			}
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if s, ok := x["name"].(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			} else if s, ok := x["name"].([]any); ok {
				visit(s, depth+1)
			}
		}
	}
	visit(v, 0)
	return out
}

func sameURL(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		s = strings.TrimPrefix(s, "www.")
		return strings.TrimSuffix(s, "/")
	}
	return norm(a) == norm(b)
}

// authorNames splits an author value into people and organisations.
func (ld *jsonLD) authorNames(v any) (people, orgs []string) {
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := ld.resolve(v).(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			names := ld.names(x)
			for _, t := range ldTypes(x) {
				if t == "organization" || t == "newsmediaorganization" || t == "corporation" {
					orgs = append(orgs, names...)
					return
				}
			}
			people = append(people, names...)
		default:
			people = append(people, ld.names(x)...)
		}
	}
	visit(v, 0)
	return people, orgs
}

// unescapeEntities decodes HTML entities left in structured data and meta
// values ("&#8222;Title&#8220;"), which some CMSs escape twice.
func unescapeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}

// personBios returns the descriptions of the people the page's JSON-LD
// names (an article's author, a Person in the graph): the biography an
// author box prints, which is about the writer and not part of the post.
func (ld *jsonLD) personBios() []string {
	var out []string
	seen := map[string]bool{}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if ldIsType(x, personType) {
				if d := ldString(x["description"]); d != "" && !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
			}
			for k, e := range x {
				if k != "description" && k != "articleBody" && k != "text" {
					visit(e, depth+1)
				}
			}
		}
	}
	for _, n := range ld.nodes {
		visit(n, 0)
	}
	return out
}

var personType = map[string]bool{"person": true}
