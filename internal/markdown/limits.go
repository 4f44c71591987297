package markdown

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The limits below bound the work goldmark does for one page. goldmark's
// time grows with the square of the input for some constructs, so a 5 MB
// page (content.MaxPageSize) built from one of them would take hours. No
// real page comes near any of them; a page past one fails with
// LimitError at the line where the limit was passed. goldmark is stopped
// there too: the hooks that count panic with an abort value that Render
// recovers, since goldmark's parser takes no context and has no other way
// to stop early.

// MaxNesting is the deepest block quotes and lists may be nested inside
// each other. goldmark's time grows with the square of the depth
// (`>>>>…>` or `- - - … x` on one line, or a list indented one level more
// on each line): 100 KB of `- ` took 20 s with goldmark v1.8.7.
// The list case is https://github.com/yuin/goldmark/issues/592; the block
// quote and indented-list cases were not yet reported upstream as of
// 2026-12: the report to file is in docs/upstream-goldmark.md.
const MaxNesting = 32

// MaxFootnotes is the number of footnote definitions, and separately of
// footnote references ([^label]), a page may have. goldmark looks up each
// reference by walking the list of definitions, so N references to N
// notes take N² steps: 40,000 notes took 28 s. Not yet reported upstream
// as of 2026-12: the report to file is in docs/upstream-goldmark.md.
const MaxFootnotes = 1000

// MaxLinkDefinitions is the number of link reference definitions
// ([label]: url) a page may have. goldmark removes the definitions of a
// paragraph from it one at a time, copying the rest each time: 100,000
// definitions took 25 s. See https://github.com/yuin/goldmark/issues/596.
const MaxLinkDefinitions = 2000

// MaxTableColumns is the number of columns a table may have.
const MaxTableColumns = 100

// MaxTableCells is the number of table cells, header included, a page may
// have. goldmark pads every row of a table to the header's width, so a
// header of C columns over R one-character lines makes C×R cells: 12 KB of
// input made 4 million cells, 1 GB and 18 s. See
// https://github.com/yuin/goldmark/issues/589.
const MaxTableCells = 100_000

// DefaultTimeout is how long Render waits for one page when
// Options.Timeout is zero. Real pages render in milliseconds, and the
// limits above keep even a 5 MB page made to reach them to seconds; the
// deadline is for what they miss.
const DefaultTimeout = 10 * time.Second

// LimitError reports a body that passes one of the limits on the work a
// render may take (MaxNesting, MaxFootnotes, MaxLinkDefinitions,
// MaxTableColumns, MaxTableCells).
type LimitError struct {
	// Line is the line of the body, counted from 1.
	Line    int
	Message string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Message)
}

// TimeoutError reports a render that did not finish within its deadline.
type TimeoutError struct {
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("rendering the Markdown took more than %v, so gen gave up on it: the page is too long or too intricate; split it into smaller pages", e.Timeout)
}

// abort is the panic value with which the hooks below stop goldmark.
type abort struct{ err error }

// budget counts, for one render, what the limits bound, and tells the
// hooks when Render has stopped waiting.
type budget struct {
	src          []byte
	footnotes    int
	footnoteRefs int
	definitions  int
	cells        int
	// stopped is set when Render gave up waiting; the hooks then abort.
	stopped atomic.Bool
	// mu is held while the render calls out of this package (the
	// LinkResolver), so that no call starts after Render has returned.
	mu sync.Mutex
}

var budgetKey = parser.NewContextKey()

func budgetOf(pc parser.Context) *budget {
	b, _ := pc.Get(budgetKey).(*budget)
	return b
}

// fail stops the render with a LimitError at the line holding offset.
func (b *budget) fail(offset int, format string, args ...any) {
	line := 1 + bytes.Count(b.src[:min(max(offset, 0), len(b.src))], []byte("\n"))
	panic(abort{&LimitError{Line: line, Message: fmt.Sprintf(format, args...)}})
}

// check stops the render when Render has given up waiting for it.
func (b *budget) check() {
	if b.stopped.Load() {
		panic(abort{errStopped})
	}
}

// errStopped ends a render nobody waits for any more; it is never seen.
var errStopped = fmt.Errorf("render abandoned")

// limitHooks returns the parser options that count and check.
func limitHooks() []parser.Option {
	return []parser.Option{
		parser.WithBlockParsers(
			util.Prioritized(nestingGuard{}, 0),
			// Just before goldmark's own footnote parser (999), which it wraps.
			util.Prioritized(footnoteCounter{extension.NewFootnoteBlockParser()}, 998),
		),
		parser.WithInlineParsers(util.Prioritized(inlineGuard{}, 0)),
		// Before the link reference definitions (100) and tables (200).
		parser.WithParagraphTransformers(util.Prioritized(paragraphGuard{}, 99)),
	}
}

// nestingGuard refuses a block quote or list that would be nested deeper
// than MaxNesting. It opens nothing itself: it looks at each line where
// goldmark may open a block quote or list, and leaves the opening to
// goldmark's own parsers.
type nestingGuard struct{}

func (nestingGuard) Trigger() []byte {
	return []byte{'>', '-', '+', '*', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}
}

func (nestingGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	b := budgetOf(pc)
	b.check()
	if parent.Kind() == ast.KindList {
		return nil, parser.NoChildren // a list item: no deeper than its list
	}
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	last := pc.LastOpenedBlock().Node
	interrupts := last == nil || last.Kind() != ast.KindParagraph || last.Parent() != parent
	if !opensContainer(line[pos:], interrupts) {
		return nil, parser.NoChildren
	}
	depth := 1
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindList {
			depth++
		}
	}
	if depth > MaxNesting {
		b.fail(seg.Start, "block quotes and lists are nested more than %d deep: gen refuses deeper nesting, which makes rendering crawl; flatten the quotes or lists", MaxNesting)
	}
	return nil, parser.NoChildren
}

// opensContainer reports whether a line, from its first non-space
// character, starts a block quote or a list item. As in CommonMark, when
// the line would interrupt a paragraph, only a list item that is not
// empty and, if ordered, starts at 1 does.
func opensContainer(s []byte, interruptsParagraph bool) bool {
	blankAfter := func(i int) bool { return len(bytes.TrimSpace(s[i:])) == 0 }
	spaceAt := func(i int) bool { return i == len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' }
	switch c := s[0]; {
	case c == '>':
		return true
	case c == '-' || c == '+' || c == '*':
		if !spaceAt(1) || isThematicBreak(s) {
			return false
		}
		return !interruptsParagraph || !blankAfter(1)
	default:
		i := 0
		for i < len(s) && i < 10 && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 || i >= len(s) || s[i] != '.' && s[i] != ')' || !spaceAt(i+1) {
			return false
		}
		return !interruptsParagraph || string(s[:i]) == "1" && !blankAfter(i+1)
	}
}

// isThematicBreak reports whether s is a line of three or more of one of
// '-', '*' or '_', with only spaces between them.
func isThematicBreak(s []byte) bool {
	c, n := s[0], 0
	for _, b := range s {
		switch {
		case b == c:
			n++
		case b != ' ' && b != '\t' && b != '\n' && b != '\r':
			return false
		}
	}
	return n >= 3
}

func (nestingGuard) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (nestingGuard) Close(ast.Node, text.Reader, parser.Context) {}
func (nestingGuard) CanInterruptParagraph() bool                 { return true }
func (nestingGuard) CanAcceptIndentedLine() bool                 { return false }

// footnoteCounter wraps goldmark's footnote definition parser and counts
// the definitions it opens. goldmark's own parser, registered after it,
// only sees the lines this one turned down, and turns them down too.
type footnoteCounter struct{ parser.BlockParser }

func (f footnoteCounter) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	b := budgetOf(pc)
	b.check()
	_, seg := reader.PeekLine()
	node, state := f.BlockParser.Open(parent, reader, pc)
	if node != nil {
		if b.footnotes++; b.footnotes > MaxFootnotes {
			b.fail(seg.Start, "more than %d footnotes: gen refuses more, which make rendering crawl; cut the notes or split the page", MaxFootnotes)
		}
	}
	return node, state
}

// inlineGuard counts footnote references and stops an abandoned render.
// It parses nothing itself: it runs first on the characters that start
// links, footnotes, emphasis, raw HTML and code, and returns nil.
type inlineGuard struct{}

func (inlineGuard) Trigger() []byte {
	return []byte{'[', ']', '!', '<', '*', '_', '~', '`'}
}

func (inlineGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	b := budgetOf(pc)
	b.check()
	line, seg := block.PeekLine()
	if bytes.HasPrefix(line, []byte("[^")) || bytes.HasPrefix(line, []byte("![^")) {
		if b.footnoteRefs++; b.footnoteRefs > MaxFootnotes {
			b.fail(seg.Start, "more than %d footnote references ([^label]): gen refuses more, which make rendering crawl; cut the notes or split the page", MaxFootnotes)
		}
	}
	return nil
}

// paragraphGuard counts the link reference definitions and the table
// cells of each paragraph before goldmark turns them into definitions
// and tables.
type paragraphGuard struct{}

func (paragraphGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	b := budgetOf(pc)
	b.check()
	src := reader.Source()
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		if isDefinition(seg.Value(src)) {
			if b.definitions++; b.definitions > MaxLinkDefinitions {
				b.fail(seg.Start, "more than %d link reference definitions ([label]: url): gen refuses more, which make rendering crawl; write the links inline or split the page", MaxLinkDefinitions)
			}
		}
	}
	// As goldmark's table extension: the first delimiter row under a
	// header of as many cells makes the rest of the paragraph a table.
	for i := 1; i < lines.Len(); i++ {
		delim, header := lines.At(i), lines.At(i-1)
		cols := delimiterCells(delim.Value(src))
		if cols == 0 || rowCells(header.Value(src)) != cols {
			continue
		}
		if cols > MaxTableColumns {
			b.fail(header.Start, "the table has %d columns: gen renders at most %d; split the table", cols, MaxTableColumns)
		}
		rows := lines.Len() - i // the header and the rows under the delimiter row
		if b.cells += cols * rows; b.cells > MaxTableCells {
			b.fail(header.Start, "the tables of the page have more than %d cells (this one: %d columns × %d rows): gen refuses more, which take too much memory; split the table or the page", MaxTableCells, cols, rows)
		}
		break
	}
}

// isDefinition reports whether a line of a paragraph looks like the start
// of a link reference definition: up to three spaces, then [label]:.
func isDefinition(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '[' || i+1 < len(line) && line[i+1] == '^' {
		return false
	}
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case '[':
			return false
		case ']':
			return j > i+1 && j+1 < len(line) && line[j+1] == ':'
		}
	}
	return false
}

// delimiterCells returns the number of cells of a table delimiter row
// (| --- | :-: |), or 0 when line is not one.
func delimiterCells(line []byte) int {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.Count(line, []byte("-")) == len(line) {
		return 0
	}
	for _, c := range line {
		if c != '-' && c != '|' && c != ':' && c != ' ' && c != '\t' {
			return 0
		}
	}
	cells := bytes.Split(line, []byte("|"))
	if len(bytes.TrimSpace(cells[0])) == 0 {
		cells = cells[1:]
	}
	if len(cells) > 0 && len(bytes.TrimSpace(cells[len(cells)-1])) == 0 {
		cells = cells[:len(cells)-1]
	}
	for _, c := range cells {
		if !bytes.Contains(c, []byte("-")) {
			return 0
		}
	}
	return len(cells)
}

// rowCells returns the number of cells of a table row: its parts between
// pipes that are not escaped, without a leading and a trailing pipe.
func rowCells(line []byte) int {
	line = bytes.TrimSpace(line)
	if len(line) > 0 && line[0] == '|' {
		line = line[1:]
	}
	if len(line) > 0 && line[len(line)-1] == '|' {
		line = line[:len(line)-1]
	}
	if len(line) == 0 {
		return 0
	}
	n := 1
	for i, c := range line {
		if c == '|' && (i == 0 || line[i-1] != '\\') {
			n++
		}
	}
	return n
}
