package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// renderGuarded renders src and fails the test if the render has not
// returned after 30 s: before the limits, each pathological case below
// took from tens of seconds to hours.
func renderGuarded(t *testing.T, r *Renderer, src string, opts RenderOptions) (*Result, error) {
	t.Helper()
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := r.Render([]byte(src), opts)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(30 * time.Second):
		t.Fatalf("Render of %d bytes has not returned after 30 s", len(src))
		return nil, nil
	}
}

// repeat joins n lines made by line(i), i from 0.
func repeat(n int, line func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(line(i))
	}
	return b.String()
}

// TestLimits renders the pathological bodies of issue 17, at the sizes
// the issue measured, and others that grow goldmark's work faster than
// their size: each must fail with a *LimitError at the line where the
// limit is passed, with a message that says what to do.
func TestLimits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{name: "200 KB of > on one line", src: strings.Repeat(">", 200_000) + " text\n", line: 1,
			msg: "block quotes and lists are nested more than 32 deep: gen refuses deeper nesting, which makes rendering crawl; flatten the quotes or lists"},
		{name: "> > > on one line after prose", src: "Intro.\n\nMore.\n\n" + strings.Repeat("> ", 50_000) + "text\n", line: 5, msg: "nested more than 32 deep"},
		{name: "one quote deeper on each line", src: repeat(2000, func(i int) string { return strings.Repeat(">", i+1) + " x\n" }), line: 33, msg: "nested more than 32 deep"},
		{name: "- - - on one line (goldmark #592)", src: strings.Repeat("- ", 100_000) + "x\n", line: 1, msg: "nested more than 32 deep"},
		{name: "1. 1. 1. on one line", src: strings.Repeat("1. ", 100_000) + "x\n", line: 1, msg: "nested more than 32 deep"},
		{name: "> - > - on one line", src: strings.Repeat("> - ", 50_000) + "x\n", line: 1, msg: "nested more than 32 deep"},
		{name: "a list indented one level more on each line", src: repeat(2000, func(i int) string { return strings.Repeat("  ", i) + "- x\n" }), line: 33, msg: "nested more than 32 deep"},
		{name: "40,000 footnotes",
			src:  repeat(40_000, func(i int) string { return fmt.Sprintf("Text[^%d].\n\n", i) }) + repeat(40_000, func(i int) string { return fmt.Sprintf("[^%d]: Note %d.\n", i, i) }),
			line: 80_001 + 1000, msg: "more than 1000 footnotes: gen refuses more, which make rendering crawl; cut the notes or split the page"},
		{name: "5,000 footnote references", src: "[^n]: The note.\n\n" + repeat(5000, func(int) string { return "Text[^n].\n" }), line: 3 + 1000,
			msg: "more than 1000 footnote references ([^label]): gen refuses more"},
		{name: "100,000 link definitions",
			src:  repeat(100_000, func(i int) string { return fmt.Sprintf("[%d]: /u%d\n", i, i) }) + "\n" + repeat(100_000, func(i int) string { return fmt.Sprintf("[%d] ", i) }),
			line: 2001, msg: "more than 2000 link reference definitions ([label]: url): gen refuses more, which make rendering crawl; write the links inline or split the page"},
		{name: "link definitions in separate paragraphs", src: "Intro.\n\n" + repeat(3000, func(i int) string { return fmt.Sprintf("[%d]: /u%d\n\n", i, i) }), line: 3 + 2*2000,
			msg: "more than 2000 link reference definitions"},
		{name: "a table of 10,000 columns",
			src:  "Intro.\n\n|" + strings.Repeat(" a |", 10_000) + "\n|" + strings.Repeat("---|", 10_000) + "\n" + repeat(100, func(int) string { return "|" + strings.Repeat(" x |", 10_000) + "\n" }),
			line: 3, msg: "the table has 10000 columns: gen renders at most 100; split the table"},
		{name: "rows padded to 100 columns (goldmark #589)",
			src:  "|" + strings.Repeat("a|", 100) + "\n|" + strings.Repeat("-|", 100) + "\n" + strings.Repeat("b\n", 2000),
			line: 1, msg: "the tables of the page have more than 100000 cells (this one: 100 columns × 2001 rows)"},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renderGuarded(t, r, tt.src, RenderOptions{})
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v (%T), want a *LimitError", err, err)
			}
			if le.Line != tt.line || !strings.Contains(le.Message, tt.msg) {
				t.Errorf("error at line %d: %q\nwant line %d: %q", le.Line, le.Message, tt.line, tt.msg)
			}
			if want := fmt.Sprintf("line %d: ", tt.line); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want it to start with %q", err, want)
			}
		})
	}
}

// TestWithinLimits renders documents that come near the limits, or look
// like what they count without being it: they must render, unchanged.
func TestWithinLimits(t *testing.T) {
	fence := func(s string) string { return "```\n" + s + "```\n" }
	tests := []struct {
		name string
		src  string
		has  []string
	}{
		{name: "10-deep quotes", src: strings.Repeat("> ", 10) + "deep\n", has: []string{strings.Repeat("<blockquote>\n", 10) + "<p>deep</p>"}},
		{name: "32-deep quotes, the limit", src: strings.Repeat(">", 32) + " deepest\n", has: []string{strings.Repeat("<blockquote>\n", 32) + "<p>deepest</p>"}},
		{name: "32-deep list, the limit", src: repeat(32, func(i int) string { return strings.Repeat("  ", i) + "- item\n" }), has: []string{strings.Repeat("<ul>\n<li>item\n", 31) + "<ul>\n<li>item</li>"}},
		{name: "quotes deep in a fenced code block", src: fence(repeat(100, func(i int) string { return strings.Repeat("> ", i+1) + "x\n" })), has: []string{"&gt; &gt; &gt;"}},
		{name: "thematic breaks in a 32-deep quote", src: strings.Repeat(">", 32) + " - - -\n", has: []string{"<hr>"}},
		{name: "100 footnotes", src: repeat(100, func(i int) string { return fmt.Sprintf("Text[^%d].\n\n", i) }) + repeat(100, func(i int) string { return fmt.Sprintf("[^%d]: Note %d.\n", i, i) }),
			has: []string{`<li id="fn:100">`}},
		{name: "1,000 footnotes, the limit", src: repeat(1000, func(i int) string { return fmt.Sprintf("Text[^%d].\n\n", i) }) + repeat(1000, func(i int) string { return fmt.Sprintf("[^%d]: Note %d.\n", i, i) }),
			has: []string{`<li id="fn:1000">`}},
		{name: "[^x] in code", src: "`[^x]` and\n\n" + fence(strings.Repeat("[^x]: y\n", 3000)), has: []string{"<code>[^x]</code>"}},
		{name: "2,000 link definitions, the limit", src: repeat(2000, func(i int) string { return fmt.Sprintf("[%d]: /u%d\n", i, i) }) + "\n[1999]\n",
			has: []string{`<a href="/u1999">1999</a>`}},
		{name: "definitions in a fenced code block", src: fence(strings.Repeat("[x]: /y\n", 5000)), has: []string{"[x]: /y\n[x]: /y"}},
		{name: "a 30-column table", src: "|" + strings.Repeat(" h |", 30) + "\n|" + strings.Repeat("---|", 30) + "\n" + strings.Repeat("|"+strings.Repeat(" c |", 30)+"\n", 100),
			has: []string{"<table>", strings.Repeat("<th>h</th>\n", 30)}},
		{name: "a 100-column table, the limit", src: "|" + strings.Repeat(" h |", 100) + "\n|" + strings.Repeat("---|", 100) + "\n| c |\n",
			has: []string{"<table>", strings.Repeat("<td></td>\n", 99)}},
		{name: "a table in a fenced code block", src: fence("|" + strings.Repeat(" h |", 1000) + "\n|" + strings.Repeat("---|", 1000) + "\n"), has: []string{"| h | h |"}},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := renderGuarded(t, r, tt.src, RenderOptions{})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			for _, s := range tt.has {
				if !strings.Contains(res.HTML, s) {
					t.Errorf("HTML lacks %q", s)
				}
			}
		})
	}
}

// TestTimeout renders a big body that is within every limit with a
// deadline far too short for it: Render must give up with a
// *TimeoutError instead of waiting.
func TestTimeout(t *testing.T) {
	src := repeat(40_000, func(i int) string {
		return fmt.Sprintf("Paragraph %d with *emphasis*, `code` and a [link](page%d.md).\n\n", i, i)
	})
	r := New(Options{Timeout: time.Millisecond})
	_, err := renderGuarded(t, r, src, RenderOptions{Links: &recorder{}})
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v (%T), want a *TimeoutError", err, err)
	}
	if want := "rendering the Markdown took more than 1ms, so gen gave up on it: the page is too long or too intricate; split it into smaller pages"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	// The README promises 10 seconds when no timeout is set.
	if got := New(Options{}).timeout; got != 10*time.Second {
		t.Errorf("default timeout = %v, want 10s", got)
	}
}
