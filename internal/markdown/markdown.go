// Package markdown is the one place that knows goldmark: it turns a page's
// Markdown body into HTML, with its table of contents, word count, and key
// points, and rewrites links to other content files. It does not know
// about pages, URLs or layouts beyond the LinkResolver it is given.
package markdown

import (
	"bytes"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Renderer converts Markdown to HTML. It is safe for concurrent use.
type Renderer struct {
	md      goldmark.Markdown
	timeout time.Duration
	unsafe  bool
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
	// Notices are warnings about what the page will not show as written.
	Notices []Notice
	// Links are the destinations of the body's links (not images), in
	// order, relative ones as RenderOptions.Links resolved them.
	Links []string
}

// RenderOptions configure one call of Render.
type RenderOptions struct {
	// Links rewrites relative links; nil leaves them as written.
	Links LinkResolver
	// TakeKeyPoints moves a bullet list at the very top of the body out of
	// the HTML and into Result.KeyPoints.
	TakeKeyPoints bool
	// KeepBroken renders a body whose links the LinkResolver refused, with
	// those links as written: Render returns the Result and the
	// *LinkError, for a check that goes on past the first problem.
	KeepBroken bool
}

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
	linkErr, _ := ctx.Get(errKey).(error)
	if linkErr != nil && !opts.KeepBroken {
		return nil, linkErr
	}
	b.check()
	res = &Result{Notices: notices(doc, src, r.unsafe)}
	eachDestination(doc.(*ast.Document), func(n ast.Node, dest *[]byte) {
		if _, ok := n.(*ast.Link); ok {
			res.Links = append(res.Links, string(*dest))
		}
	})
	if opts.TakeKeyPoints {
		res.KeyPoints = takeKeyPoints(doc, src)
	}
	demoteHeadings(doc)
	prose := make([]byte, 0, len(src))
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
			if h, ok := tocEntry(n, src); ok {
				res.TOC = append(res.TOC, h)
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
	return res, linkErr
}
