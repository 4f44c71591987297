// Code blocks: every <pre> the renderer writes for code can be reached by
// keyboard (tabindex="0", so that a block wider than the page scrolls
// with the arrow keys, as axe's scrollable-region-focusable asks) and is a
// region named for assistive technology by its language ("Code: go"),
// the role the Nu Html Checker asks for before a <pre> may carry a label.

package markdown

import (
	"html"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeLabel is the accessible name of a code block in language, which may
// be empty.
func codeLabel(language string) string {
	if language == "" {
		return "Code"
	}
	return "Code: " + language
}

// preStart is the opening <pre> of a code block with the class attribute
// classAttr (` class="chroma"`, or ""), focusable and labelled.
func preStart(classAttr, language string) string {
	return `<pre` + classAttr + ` tabindex="0" role="region" aria-label="` + html.EscapeString(codeLabel(language)) + `">`
}

// codePre is chroma's wrapper of a highlighted block's <pre>.
type codePre struct{ language string }

func (p codePre) Start(code bool, styleAttr string) string {
	if code {
		return preStart(styleAttr, p.language) + "<code>"
	}
	return "<pre" + styleAttr + ">" // line numbers, beside the code
}

func (p codePre) End(code bool) string {
	if code {
		return "</code></pre>"
	}
	return "</pre>"
}

// codeBlockOptions gives each highlighted block its wrapper.
func codeBlockOptions(c highlighting.CodeBlockContext) []chromahtml.Option {
	lang, _ := c.Language()
	return []chromahtml.Option{chromahtml.WithPreWrapper(codePre{string(lang)})}
}

// plainFence writes the <pre><code> of a fenced block that is not
// highlighted (no language, or one chroma does not know); a highlighted
// block's are chroma's (codePre).
func plainFence(w util.BufWriter, c highlighting.CodeBlockContext, entering bool) {
	if c.Highlighted() {
		return
	}
	lang, _ := c.Language()
	if !entering {
		w.WriteString("</code></pre>\n")
		return
	}
	w.WriteString(preStart("", string(lang)) + "<code")
	if len(lang) > 0 {
		w.WriteString(` class="language-` + html.EscapeString(string(lang)) + `"`)
	}
	w.WriteByte('>')
}

// indentedCode renders indented code blocks as fenced ones without a
// language are.
type indentedCode struct{}

func (indentedCode) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindCodeBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			w.WriteString("</code></pre>\n")
			return ast.WalkContinue, nil
		}
		w.WriteString(preStart("", "") + "<code>")
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			line := lines.At(i)
			w.Write(util.EscapeHTML(line.Value(source)))
		}
		return ast.WalkContinue, nil
	})
}
