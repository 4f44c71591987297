// Package markdown is the one place that knows goldmark: it turns a page's
// Markdown body into HTML, with its table of contents, word count, and key
// points, and rewrites links to other content files. It does not know
// about pages, URLs or layouts beyond the LinkResolver it is given.
package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	highlighting "github.com/yuin/goldmark-highlighting/v2"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
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

// Renderer converts Markdown to HTML. It is safe for concurrent use.
type Renderer struct {
	md      goldmark.Markdown
	timeout time.Duration
}

// LinkResolver maps a relative link destination found in a page's body to
// the URL it should have. It returns the destination unchanged when the
// link is not to a content file, and an error when it names a missing one.
type LinkResolver interface {
	ResolveLink(dest string) (string, error)
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Title string
}

// Result is a rendered Markdown body.
type Result struct {
	HTML string
	// TOC lists the headings of levels 2 to 4 in document order.
	TOC []Heading
	// KeyPoints holds the items of a bullet list that opened the body, taken
	// out of HTML, when RenderOptions.TakeKeyPoints asked for them.
	KeyPoints []string
	// Words is the number of words of prose (code blocks excluded).
	Words int
	// Lead is the plain text of the first paragraph.
	Lead string
}

// RenderOptions configure one call of Render.
type RenderOptions struct {
	// Links rewrites relative links; nil leaves them as written.
	Links LinkResolver
	// TakeKeyPoints moves a bullet list at the very top of the body out of
	// the HTML and into Result.KeyPoints.
	TakeKeyPoints bool
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
			),
		),
		goldmark.WithParserOptions(append(limitHooks(),
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(&linkTransformer{}, 100)),
		)...),
	}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Renderer{md: goldmark.New(rendererOpts...), timeout: timeout}
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

var (
	linksKey = parser.NewContextKey()
	errKey   = parser.NewContextKey()
)

// Render converts one Markdown body. It fails with a *LimitError when the
// body passes one of the limits on nesting, footnotes, link definitions
// and tables, and with a *TimeoutError when it takes longer than the
// Renderer's timeout.
func (r *Renderer) Render(src []byte, opts RenderOptions) (*Result, error) {
	b := &budget{src: src}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	// goldmark takes no context, so the render runs in its own goroutine
	// and Render stops waiting for it at the deadline. The goroutine runs
	// on until goldmark next calls one of the hooks of limits.go, which
	// then abort it; in the stretches where goldmark calls none (the
	// emphasis of one paragraph, say) it runs on until goldmark returns.
	// The limits keep those stretches short, and the LinkResolver is never
	// called once Render has returned (budget.mu).
	go func() {
		res, err := r.render(src, opts, b)
		done <- outcome{res, err}
	}()
	timer := time.NewTimer(r.timeout)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-timer.C:
		b.mu.Lock()
		b.stopped.Store(true)
		b.mu.Unlock()
		return nil, &TimeoutError{Timeout: r.timeout}
	}
}

// render does the work of Render, in the goroutine Render waits for.
func (r *Renderer) render(src []byte, opts RenderOptions, b *budget) (res *Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			a, ok := v.(abort)
			if !ok {
				panic(v)
			}
			res, err = nil, a.err
		}
	}()
	ctx := parser.NewContext()
	ctx.Set(linksKey, opts.Links)
	ctx.Set(budgetKey, b)
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	if err, _ := ctx.Get(errKey).(error); err != nil {
		return nil, err
	}
	b.check()
	res = &Result{}
	if opts.TakeKeyPoints {
		res.KeyPoints = takeKeyPoints(doc, src)
	}
	demoteHeadings(doc)
	var prose []byte
	err = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			prose = append(prose, ' ')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if res.Lead == "" && n.Parent() == doc {
				res.Lead = plainText(n, src)
			}
		case *ast.Heading:
			if n.Level >= 2 && n.Level <= 4 {
				id, _ := n.AttributeString("id")
				idBytes, _ := id.([]byte)
				res.TOC = append(res.TOC, Heading{Level: n.Level, ID: string(idBytes), Title: plainText(n, src)})
			}
		case *ast.Text:
			prose = append(prose, n.Segment.Value(src)...)
			if n.SoftLineBreak() || n.HardLineBreak() {
				prose = append(prose, ' ')
			}
		case *ast.String:
			prose = append(prose, n.Value...)
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, err
	}
	res.Words = countWords(prose)
	addAnchors(doc)
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, err
	}
	res.HTML = buf.String()
	return res, nil
}

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
			b.Write(c.Segment.Value(src))
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

// linkTransformer rewrites link and image destinations through the
// LinkResolver stored in the parser context.
type linkTransformer struct{}

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	links, _ := pc.Get(linksKey).(LinkResolver)
	if links == nil {
		return
	}
	b := budgetOf(pc)
	var broken []BrokenLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		d := string(*dest)
		if !IsRelative(d) {
			return ast.WalkContinue, nil
		}
		b.mu.Lock()
		if b.stopped.Load() {
			b.mu.Unlock()
			panic(abort{errStopped})
		}
		resolved, err := links.ResolveLink(d)
		b.mu.Unlock()
		if err != nil {
			line := 0
			if t, ok := n.FirstChild().(*ast.Text); ok {
				line = 1 + bytes.Count(reader.Source()[:t.Segment.Start], []byte("\n"))
			}
			for p := n.Parent(); p != nil && line == 0; p = p.Parent() {
				if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
					seg := p.Lines().At(0)
					line = 1 + bytes.Count(reader.Source()[:seg.Start], []byte("\n"))
				}
			}
			broken = append(broken, BrokenLink{Line: line, Message: err.Error()})
			return ast.WalkContinue, nil
		}
		*dest = []byte(resolved)
		return ast.WalkContinue, nil
	})
	if len(broken) > 0 {
		pc.Set(errKey, &LinkError{Broken: broken})
	}
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
}

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

// HighlightCSS returns the style sheet for highlighted code: a light style,
// and a dark one for readers who prefer it. Code blocks keep the theme's
// own background. It is made once, on first use.
var HighlightCSS = sync.OnceValues(highlightCSS)

func highlightCSS() (string, error) {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var b strings.Builder
	b.WriteString("/* Code highlighting, generated by gen from chroma's github and github-dark styles. */\n")
	var light, dark strings.Builder
	if err := f.WriteCSS(&light, styles.Get("github")); err != nil {
		return "", err
	}
	if err := f.WriteCSS(&dark, styles.Get("github-dark")); err != nil {
		return "", err
	}
	b.WriteString(dropBackground(light.String()))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString(dropBackground(dark.String()))
	b.WriteString("}\n")
	return b.String(), nil
}

// backgroundRule matches a background colour in chroma's CSS.
var backgroundRule = regexp.MustCompile(`\s*background-color:\s*#[0-9a-fA-F]+;`)

// dropBackground removes the background colours of the Background and
// PreWrapper rules, whose colour is the whole code block's.
func dropBackground(css string) string {
	lines := strings.Split(css, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "/* Background */") || strings.HasPrefix(l, "/* PreWrapper */") {
			lines[i] = backgroundRule.ReplaceAllString(l, "")
		}
	}
	return strings.Join(lines, "\n")
}
