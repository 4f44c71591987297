// Options: the goldmark extensions and settings every Renderer uses.

package markdown

import (
	"time"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Options configure a Renderer.
type Options struct {
	// Unsafe lets raw HTML and javascript: links through.
	Unsafe bool
	// Timeout is how long Render waits for one body before it fails with
	// a *TimeoutError; zero means DefaultTimeout.
	Timeout time.Duration
}

// New returns a Renderer with GitHub Flavored Markdown, footnotes,
// typographic quotes, unique heading IDs and chroma highlighting as CSS
// classes.
func New(opts Options) *Renderer {
	rendererOpts := []goldmark.Option{
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithCodeBlockOptions(codeBlockOptions),
				highlighting.WithWrapperRenderer(plainFence),
			),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(indentedCode{}, 100))),
		goldmark.WithParserOptions(append(limitHooks(),
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(&linkTransformer{}, 100), util.Prioritized(pictureTransformer{}, 150)),
		)...),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(pictureRenderer{}, 100))),
	}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		rendererOpts = append(rendererOpts, goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(&dataURLTransformer{}, 200)),
		))
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Renderer{md: goldmark.New(rendererOpts...), timeout: timeout, unsafe: opts.Unsafe}
}

// typography makes the typographer write characters, not HTML entities, so
// that plain text taken from the tree (key points, TOC titles) reads right.
var typography = extension.TypographicSubstitutions{
	extension.LeftSingleQuote:  []byte("‘"),
	extension.RightSingleQuote: []byte("’"),
	extension.LeftDoubleQuote:  []byte("“"),
	extension.RightDoubleQuote: []byte("”"),
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.LeftAngleQuote:   []byte("«"),
	extension.RightAngleQuote:  []byte("»"),
	extension.Apostrophe:       []byte("’"),
}
