// Notices: what a body holds that its page will not show as written, such
// as raw HTML left out and other generators' template tags.

package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/gen-briefs/gen/internal/problem"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Notice is a warning about a body: its line (counted from 1 within the
// body), its problem code and what to do.
type Notice struct {
	Line    int
	Code    problem.Code
	Message string
}

// templateTag matches the tags of other generators' templates as they
// appear in Markdown: Hugo shortcodes ({{< name >}}, {{% name %}}), Liquid
// tags ({% name %}) and Liquid output of Jekyll's variables
// ({{ site.title }}). The name is the first group that matched.
var templateTag = regexp.MustCompile(`\{\{<\s*(/?[\w./-]+)[^\n]*?>\}\}|\{\{%\s*(/?[\w./-]+)[^\n]*?%\}\}|\{%-?\s*(\w+)[^\n]*?-?%\}|\{\{-?\s*((?:site|page|layout|include|paginator|jekyll)(?:\.\w+)*)[^\n]*?\}\}`)

// notices finds the notices of a parsed body: each Hugo shortcode and
// Liquid tag outside code, and the first raw HTML when unsafe is off (it
// is left out of the page).
func notices(doc ast.Node, src []byte, unsafe bool) []Notice {
	var out []Notice
	rawHTML := unsafe
	lineAt := func(offset int) int { return 1 + bytes.Count(src[:offset], []byte("\n")) }
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if !rawHTML && n.HTMLBlockType != ast.HTMLBlockType2 && n.Lines().Len() > 0 {
				rawHTML = true
				seg := n.Lines().At(0)
				out = append(out, rawHTMLNotice(lineAt(seg.Start), seg.Value(src)))
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if !rawHTML && n.Segments.Len() > 0 {
				seg := n.Segments.At(0)
				if v := seg.Value(src); !bytes.HasPrefix(v, []byte("<!--")) {
					rawHTML = true
					out = append(out, rawHTMLNotice(lineAt(seg.Start), v))
				}
			}
			return ast.WalkContinue, nil
		}
		if n.Type() != ast.TypeBlock || n.HasChildren() && n.FirstChild().Type() == ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		// The code spans of the block, found at its first tag.
		var code []text.Segment
		spansFound := false
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := seg.Value(src)
			if bytes.IndexByte(line, '{') < 0 {
				continue // every tag starts with one: most lines need no regexp
			}
			for _, m := range templateTag.FindAllSubmatchIndex(line, -1) {
				start := seg.Start + m[0]
				if !spansFound {
					code, spansFound = codeSpans(n), true
				}
				if inSpans(code, start, seg.Start+m[1]) {
					continue
				}
				var name string
				for g := 1; g < len(m)/2; g++ {
					if m[2*g] >= 0 {
						name = string(line[m[2*g]:m[2*g+1]])
						break
					}
				}
				if msg, ok := templateTagMessage(string(line[m[0]:m[1]]), name); ok {
					out = append(out, Notice{Line: lineAt(start), Code: problem.MarkdownForeign, Message: msg})
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// rawHTMLNotice is the notice of raw HTML left out, quoting its start.
func rawHTMLNotice(line int, html []byte) Notice {
	start := strings.TrimSpace(string(html))
	if i := strings.IndexByte(start, '>'); i >= 0 {
		start = start[:i+1]
	}
	if len(start) > 60 {
		start = strings.ToValidUTF8(start[:60], "") + "…"
	}
	return Notice{Line: line, Code: problem.MarkdownRawHTML, Message: fmt.Sprintf(
		"raw HTML %q is left out of the page, as is any other in this file, because gen.toml's [markdown] unsafe is off: write it in Markdown, or set unsafe = true if you trust everyone who writes for the site", start)}
}

// codeSpans returns the source ranges of the code spans in block n.
func codeSpans(n ast.Node) []text.Segment {
	var spans []text.Segment
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.CodeSpan); !ok {
			continue
		}
		for t := c.FirstChild(); t != nil; t = t.NextSibling() {
			if t, ok := t.(*ast.Text); ok {
				spans = append(spans, t.Segment)
			}
		}
	}
	return spans
}

// inSpans reports whether [start, stop) overlaps one of spans.
func inSpans(spans []text.Segment, start, stop int) bool {
	for _, s := range spans {
		if start < s.Stop && s.Start < stop {
			return true
		}
	}
	return false
}

// templateTagMessage says what a template tag of another generator is and
// what to write instead, or false for a closing tag (its opening one has
// the notice).
func templateTagMessage(tag, name string) (string, bool) {
	if strings.HasPrefix(name, "/") || strings.HasPrefix(name, "end") {
		return "", false
	}
	if len(tag) > 80 {
		tag = strings.ToValidUTF8(tag[:80], "") + "…"
	}
	what := "the Hugo shortcode " + tag
	if strings.HasPrefix(tag, "{%") || strings.HasPrefix(tag, "{{") && !strings.HasPrefix(tag, "{{<") && !strings.HasPrefix(tag, "{{%") {
		what = "the Liquid tag " + tag
	}
	var fix string
	switch name {
	case "figure", "img", "image":
		fix = `write the image in Markdown, ![what it shows](file.png "caption")`
	case "youtube", "vimeo", "x", "tweet", "twitter", "instagram", "gist", "video":
		fix = "link to it instead, [what it is](https://…)"
	case "highlight", "code":
		fix = "put the code in a fenced block (``` followed by its language)"
	case "ref", "relref", "post_url", "link":
		fix = "link the file itself, [text](other-brief.md)"
	case "include", "partial":
		fix = "write the included text into the page"
	case "raw":
		fix = "remove the raw tags: gen shows {{ and {% as written"
	default:
		if strings.HasPrefix(what, "the Liquid tag {{") {
			fix = "write the value itself"
		} else {
			fix = "rewrite it in Markdown"
		}
	}
	return what + " is not run by gen and would show as written: " + fix + " (gen import --from hugo or --from jekyll converts the common ones)", true
}
