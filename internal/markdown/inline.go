// Inline Markdown: a line such as a key point, rendered without a block
// around it.

package markdown

import (
	"html"
	"strings"
)

// Inline renders src, one line of Markdown such as a key point, as inline
// HTML: emphasis, strong, code spans and links (through the same goldmark
// settings as bodies: typographic quotes, and raw HTML only when Unsafe),
// with no paragraph around it. Text that is not a single paragraph (a
// heading, a list, a quote: block Markdown, which a line of a list cannot
// hold) is shown as written, escaped; so is text with raw HTML, which a
// safe renderer would drop. text is the plain text, without markup
// characters.
func (r *Renderer) Inline(src string) (htmlText, text string, err error) {
	escaped := html.EscapeString(src)
	res, err := r.Render([]byte(src), RenderOptions{})
	if err != nil {
		return escaped, src, err
	}
	inner, ok := strings.CutPrefix(res.HTML, "<p>")
	if ok {
		inner, ok = strings.CutSuffix(inner, "</p>\n")
	}
	if !ok || strings.Contains(inner, "<p>") || !r.unsafe && strings.Contains(inner, rawHTMLOmitted) {
		return escaped, strings.Join(strings.Fields(src), " "), nil
	}
	return inner, res.Lead, nil
}

// rawHTMLOmitted is what goldmark writes for raw HTML it does not let
// through.
const rawHTMLOmitted = "<!-- raw HTML omitted -->"
