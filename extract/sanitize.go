package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowedTags are kept in sanitized HTML; other elements are replaced by
// their children. Attributes other than those in allowedAttrs are dropped.
var allowedTags = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Code: true, atom.Em: true, atom.Strong: true,
	atom.B: true, atom.I: true, atom.U: true, atom.S: true, atom.Sub: true, atom.Sup: true, atom.Mark: true,
	atom.Small: true, atom.Q: true, atom.Cite: true, atom.Abbr: true, atom.A: true, atom.Img: true,
	atom.Figure: true, atom.Figcaption: true, atom.Table: true, atom.Thead: true, atom.Tbody: true,
	atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Hr: true,
	atom.Del: true, atom.Ins: true, atom.Time: true, atom.Kbd: true, atom.Var: true, atom.Samp: true,
}

var allowedAttrs = map[string]bool{"href": true, "src": true, "alt": true, "title": true, "datetime": true, "colspan": true, "rowspan": true}

// blockReplacement maps layout containers to the paragraph they stand for.
var blockReplacement = map[atom.Atom]bool{atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Center: true}

// sanitize renders n's subtree as safe HTML: an allowlist of elements and
// attributes, absolute http(s) links and images only, no scripts, styles or
// event handlers.
func (e *extractor) sanitize(n *html.Node) string {
	var b strings.Builder
	type frame struct {
		n    *html.Node
		exit string
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.exit != "" {
			b.WriteString(f.exit)
			continue
		}
		x := f.n
		switch x.Type {
		case html.TextNode:
			if strings.TrimSpace(x.Data) == "" && (x.PrevSibling == nil || isBlock(x.PrevSibling) || x.NextSibling == nil || isBlock(x.NextSibling)) {
				// Indentation between blocks.
				continue
			}
			b.WriteString(html.EscapeString(strings.Map(func(r rune) rune {
				if isInvisible(r) && r != '\n' && r != '\t' {
					return -1
				}
				return r
			}, x.Data)))
			continue
		case html.ElementNode:
		case html.DocumentNode:
		default:
			continue
		}
		exit := ""
		if x.Type == html.ElementNode {
			if skipAtom(x.DataAtom) {
				continue
			}
			tag := x.DataAtom
			switch {
			case x == n:
				tag = 0 // the container itself: children only
			case blockReplacement[tag] && !hasBlockChild(x) && textLen(x) > 0 && !insideParagraph(x, n):
				tag = atom.P
			}
			if tag == atom.H1 {
				tag = atom.H2
			}
			if allowedTags[tag] {
				name := tag.String()
				b.WriteString("<" + name)
				for _, a := range x.Attr {
					if !allowedAttrs[a.Key] || a.Namespace != "" {
						continue
					}
					v := a.Val
					if a.Key == "href" || a.Key == "src" {
						v = e.safeURL(v)
						if v == "" {
							continue
						}
					}
					b.WriteString(" " + a.Key + `="` + html.EscapeString(v) + `"`)
				}
				if tag == atom.Img && attr(x, "src") == "" {
					if v := e.safeURL(attr(x, "data-src")); v != "" {
						b.WriteString(` src="` + html.EscapeString(v) + `"`)
					}
				}
				b.WriteString(">")
				if tag == atom.Br || tag == atom.Img || tag == atom.Hr {
					continue
				}
				exit = "</" + name + ">"
			}
		}
		stack = append(stack, frame{exit: exit})
		if exit == "" {
			stack[len(stack)-1].exit = "\x00"
		}
		for c := x.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
	return strings.ReplaceAll(b.String(), "\x00", "")
}

// safeURL resolves ref against the page and keeps only http(s) and
// fragment links.
func (e *extractor) safeURL(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if strings.HasPrefix(ref, "#") {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if e.base != nil {
		u = e.base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" && e.base == nil && !strings.Contains(strings.ToLower(ref), ":") {
			return ref
		}
		return ""
	}
	return u.String()
}

// insideParagraph reports whether x sits inside a p (or another element
// that cannot hold a paragraph) below root.
func insideParagraph(x, root *html.Node) bool {
	for p := x.Parent; p != nil && p != root; p = p.Parent {
		switch p.DataAtom {
		case atom.P, atom.Li, atom.Td, atom.Th, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.A, atom.Span, atom.Blockquote, atom.Figcaption:
			return true
		}
	}
	return false
}
