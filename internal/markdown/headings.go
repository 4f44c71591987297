// Heading IDs and levels: goldmark gives each heading a unique id
// (parser.WithAutoHeadingID in New); these passes link the heading to its
// id and keep the page's title its one h1.

package markdown

import (
	"github.com/yuin/goldmark/ast"
)

// addAnchors makes the text of every heading with an id a link to it, so
// readers can link to a section; the link's name is the heading's text.
func addAnchors(doc ast.Node) {
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
		}
		return ast.WalkContinue, nil
	})
	for _, h := range headings {
		id, _ := h.AttributeString("id")
		idBytes, _ := id.([]byte)
		if len(idBytes) == 0 || hasLink(h) {
			continue
		}
		link := ast.NewLink()
		link.Destination = append([]byte("#"), idBytes...)
		link.SetAttributeString("class", []byte("anchor"))
		for c := h.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		h.AppendChild(h, link)
	}
}

// hasLink reports whether a heading already holds a link, which a link
// around it would nest.
func hasLink(h ast.Node) bool {
	found := false
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindLink || n.Kind() == ast.KindAutoLink) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// demoteHeadings moves every heading down a level when the body has a
// level-1 heading: the page's title is its one h1.
func demoteHeadings(doc ast.Node) {
	var headings []*ast.Heading
	hasH1 := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			hasH1 = hasH1 || h.Level == 1
		}
		return ast.WalkContinue, nil
	})
	if !hasH1 {
		return
	}
	for _, h := range headings {
		h.Level = min(h.Level+1, 6)
	}
}
