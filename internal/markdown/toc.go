// The table of contents: the headings of levels 2 to 4 of a body.

package markdown

import (
	"github.com/yuin/goldmark/ast"
)

// Heading is an entry of a page's table of contents.
type Heading struct {
	// Level is the heading's level, 2 to 4, after demoteHeadings.
	Level int
	// ID is the heading's id attribute, the target of its TOC link.
	ID string
	// Title is the heading's plain text.
	Title string
}

// tocEntry returns the table-of-contents entry of a heading, with the id
// the heading-ID parser option gave it; only headings of levels 2 to 4
// have one.
func tocEntry(h *ast.Heading, src []byte) (Heading, bool) {
	if h.Level < 2 || h.Level > 4 {
		return Heading{}, false
	}
	id, _ := h.AttributeString("id")
	idBytes, _ := id.([]byte)
	return Heading{Level: h.Level, ID: string(idBytes), Title: plainText(h, src)}, true
}
