// Link rewriting: relative links to content files become the URLs of
// their pages, through the LinkResolver a Render is given.

package markdown

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// LinkResolver maps a relative link destination found in a page's body to
// the URL it should have. It returns the destination unchanged when the
// link is not to a content file, and an error when it names a missing one.
type LinkResolver interface {
	ResolveLink(dest string) (string, error)
}

// linksKey holds the LinkResolver of one Render in the parser context,
// and errKey the *LinkError the linkTransformer leaves there.
var (
	linksKey = parser.NewContextKey()
	errKey   = parser.NewContextKey()
)

// linkTransformer rewrites link and image destinations through the
// LinkResolver stored in the parser context.
type linkTransformer struct{}

// Transform rewrites the relative destinations of doc and leaves a
// *LinkError under errKey for those the LinkResolver refused.
func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	links, _ := pc.Get(linksKey).(LinkResolver)
	if links == nil {
		return
	}
	b := budgetOf(pc)
	var broken []BrokenLink
	eachDestination(doc, func(n ast.Node, dest *[]byte) {
		d := string(*dest)
		if !IsRelative(d) {
			return
		}
		b.mu.Lock()
		if b.stopped.Load() {
			b.mu.Unlock()
			panic(abort{errStopped})
		}
		resolved, err := links.ResolveLink(d)
		b.mu.Unlock()
		if err != nil {
			broken = append(broken, BrokenLink{Line: lineOf(n, reader.Source()), Message: err.Error(), Dest: d})
			return
		}
		*dest = []byte(resolved)
	})
	if len(broken) > 0 {
		pc.Set(errKey, &LinkError{Broken: broken})
	}
}

// lineOf returns the line of the body (from 1) that a link or image
// starts on, or else the first line of its block; 0 when unknown.
func lineOf(n ast.Node, src []byte) int {
	line := 0
	if t, ok := n.FirstChild().(*ast.Text); ok {
		line = 1 + bytes.Count(src[:t.Segment.Start], []byte("\n"))
	}
	for p := n.Parent(); p != nil && line == 0; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			seg := p.Lines().At(0)
			line = 1 + bytes.Count(src[:seg.Start], []byte("\n"))
		}
	}
	return line
}

// LinkError lists the links of a body that name missing content files.
type LinkError struct {
	Broken []BrokenLink
}

// BrokenLink is one link that could not be resolved.
type BrokenLink struct {
	// Line is the line of the body, counted from 1.
	Line    int
	Message string
	// Dest is the destination as written.
	Dest string
	// Image is set for an image that cannot be shown (a file that is not
	// the image it says), not a missing file.
	Image bool
}

// Error joins the messages of the broken links.
func (e *LinkError) Error() string {
	msgs := make([]string, len(e.Broken))
	for i, b := range e.Broken {
		msgs[i] = b.Message
	}
	return strings.Join(msgs, "; ")
}

// Lines returns the body line and the message of each broken link.
func (e *LinkError) Lines() (lines []int, msgs []string) {
	for _, b := range e.Broken {
		lines = append(lines, b.Line)
		msgs = append(msgs, b.Message)
	}
	return lines, msgs
}

// IsRelative reports whether a destination is a relative path: no scheme,
// not rooted, not only a fragment.
func IsRelative(d string) bool {
	if d == "" || d[0] == '/' || d[0] == '#' || d[0] == '?' {
		return false
	}
	if i := strings.IndexAny(d, ":/?#"); i >= 0 && d[i] == ':' {
		return false // has a scheme: https:, mailto:, ...
	}
	return true
}

// dataURLTransformer empties the destinations of links and images that
// are data: URLs, which goldmark lets through for images (data:image/png
// and the like) and gen does not: a page carries no inline files, and
// none of a script's ways in. It also empties javascript: and vbscript:
// URLs written so that goldmark does not see them (a tab in the scheme,
// which a browser drops). It is used unless Options.Unsafe.
type dataURLTransformer struct{}

// Transform empties the data:, javascript: and vbscript: destinations of
// doc.
func (dataURLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	eachDestination(doc, func(_ ast.Node, dest *[]byte) {
		// As a browser reads a URL: leading spaces and control characters
		// dropped, tabs and newlines removed anywhere.
		d := bytes.TrimLeft(*dest, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
		d = bytes.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return unicode.ToLower(r)
		}, d)
		for _, s := range []string{"data:", "javascript:", "vbscript:"} {
			if bytes.HasPrefix(d, []byte(s)) {
				*dest = nil
			}
		}
	})
}

// eachDestination calls fn with each link and image of doc and its
// destination, which fn may change.
func eachDestination(doc *ast.Document, fn func(n ast.Node, dest *[]byte)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Link:
				fn(n, &n.Destination)
			case *ast.Image:
				fn(n, &n.Destination)
			}
		}
		return ast.WalkContinue, nil
	})
}
