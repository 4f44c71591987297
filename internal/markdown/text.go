// Plain text from the tree: key points, leads, TOC titles and word counts.

package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// takeKeyPoints removes a bullet list that is the first block of doc and
// returns the plain text of its items.
func takeKeyPoints(doc ast.Node, src []byte) []string {
	list, ok := doc.FirstChild().(*ast.List)
	if !ok || list.IsOrdered() {
		return nil
	}
	var points []string
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		if t := plainText(item, src); t != "" {
			points = append(points, t)
		}
	}
	doc.RemoveChild(doc, list)
	return points
}

// plainText concatenates the text under n, one space between lines.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			// As the HTML shows it: "\[" is "[" and "&amp;" is "&".
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.Paragraph, *ast.TextBlock:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// countWords counts the words of s: runs of letters, digits, apostrophes
// and hyphens that hold at least one letter or digit.
func countWords(s []byte) int {
	n := 0
	inWord, hasAlnum := false, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(s[i:])
		}
		i += size
		alnum := isAlnum(r)
		if alnum || r == '\'' || r == '’' || r == '-' {
			if !inWord {
				inWord, hasAlnum = true, false
			}
			hasAlnum = hasAlnum || alnum
			continue
		}
		if inWord && hasAlnum {
			n++
		}
		inWord = false
	}
	if inWord && hasAlnum {
		n++
	}
	return n
}

// isAlnum reports whether r is a letter or a digit, ASCII first.
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
