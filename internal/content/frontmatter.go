package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"
)

// FrontMatter is the decoded metadata block at the top of a Markdown file.
type FrontMatter struct {
	// Format is "yaml", "toml" or "json".
	Format string
	// Values holds the top-level keys with YAML, TOML or JSON values. A
	// page read from a file has them decoded into its Meta instead.
	Values map[string]any
	// Line is the line of the file that opens the block.
	Line int
	// keyLines maps each top-level key to the line of the file setting it.
	keyLines map[string]int
}

// KeyLine returns the line of the file where key is set, or the line that
// opens the block when the key is absent.
func (fm *FrontMatter) KeyLine(key string) int {
	if n, ok := fm.keyLines[key]; ok {
		return n
	}
	return fm.Line
}

// opener describes how a frontmatter block starts.
type opener struct {
	delim  string
	format string
	close  string
}

var openers = []opener{
	{"---", "yaml", "a line holding only ---"},
	{"+++", "toml", "a line holding only +++"},
	{"{", "json", "the } that closes the opening {"},
}

// ErrNoFrontMatter reports a Markdown file that does not start with a
// frontmatter block.
var ErrNoFrontMatter = errors.New("no frontmatter: start the file with a --- line, the keys (title: ..., date: ...), and a closing --- line")

// SplitFrontMatter separates and decodes the frontmatter of a Markdown file
// and returns it with the body and the body's first line number. Errors
// carry file line numbers (but not the file name).
func SplitFrontMatter(data []byte) (*FrontMatter, []byte, int, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	file := data
	op, openLine := detectOpener(data)
	if op == nil {
		return nil, nil, 0, &lineError{line: 1, err: ErrNoFrontMatter}
	}
	if op.format == "json" {
		return splitJSON(data, openLine)
	}
	fm := &FrontMatter{Format: op.format, Line: openLine}
	blockLine := openLine + 1
	var decodeErr error
	decode := func(block []byte, _ any) error {
		values, lines, err := decodeBlock(op.format, block)
		if err != nil {
			decodeErr = withinBlock(err, 1+bytes.Count(block, []byte("\n")))
			return err
		}
		fm.Values = values
		fm.keyLines = map[string]int{}
		for k, n := range lines {
			fm.keyLines[k] = n + blockLine - 1
		}
		return nil
	}
	// The library ends the block at the first line that is the delimiter
	// once trimmed, so "  ---" inside a YAML block scalar would end it.
	// Mark the real closing line, the first that is the delimiter with
	// nothing before it, for the library to find.
	start, end, ok := closingLine(data, openLine, op.delim)
	if !ok {
		return nil, nil, 0, &lineError{line: openLine, err: fmt.Errorf("%s frontmatter opened here is never closed: end it with %s", strings.ToUpper(op.format), op.close)}
	}
	mark := closeMark
	if data[end-1] == '\n' {
		mark += "\n"
	}
	// Only the frontmatter goes to the library, which would copy the body
	// into a buffer of its own: the body is what follows the closing line.
	format := frontmatter.NewFormat(op.delim, closeMark, decode)
	_, err := frontmatter.MustParse(bytes.NewReader(slices.Concat(data[:start], []byte(mark))), nil, format)
	if decodeErr != nil {
		return nil, nil, 0, relocate(decodeErr, blockLine-1)
	}
	if errors.Is(err, frontmatter.ErrNotFound) {
		return nil, nil, 0, &lineError{line: openLine, err: fmt.Errorf("%s frontmatter opened here is never closed: end it with %s", strings.ToUpper(op.format), op.close)}
	}
	if err != nil {
		return nil, nil, 0, &lineError{line: openLine, err: err}
	}
	if fm.Values == nil {
		fm.Values = map[string]any{}
	}
	return fm, file[end:], 1 + bytes.Count(file[:end], []byte("\n")), nil
}

// splitJSON splits a file whose frontmatter is the JSON object starting
// on line openLine: on one line or several, and ending where the object
// ends. The body starts on the line after its closing brace, or the line
// after that when it is blank.
func splitJSON(data []byte, openLine int) (*FrontMatter, []byte, int, error) {
	start := 0
	for range openLine - 1 {
		start += bytes.IndexByte(data[start:], '\n') + 1
	}
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return nil, nil, 0, &lineError{line: openLine, err: errors.New("JSON frontmatter opened here is never closed: end it with the } that closes the opening {")}
	} else if err != nil {
		_, _, err := decodeJSON(data[start:])
		return nil, nil, 0, relocate(err, openLine-1)
	}
	end := start + int(dec.InputOffset())
	values, lines, err := decodeJSON(data[start:end])
	if err != nil {
		return nil, nil, 0, relocate(err, openLine-1)
	}
	closeLine := 1 + bytes.Count(data[:end], []byte("\n"))
	rest := data[end:]
	lineEnd := len(rest)
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		lineEnd = i + 1
	}
	if len(bytes.TrimSpace(rest[:lineEnd])) > 0 {
		return nil, nil, 0, &lineError{line: closeLine, err: errors.New("text after the } that closes the JSON frontmatter: start the body on the next line")}
	}
	body, bodyLine := rest[lineEnd:], closeLine+1
	// One blank line between the object and the body belongs to neither.
	if i := bytes.IndexByte(body, '\n'); i >= 0 && len(bytes.TrimSpace(body[:i])) == 0 {
		body, bodyLine = body[i+1:], bodyLine+1
	}
	fm := &FrontMatter{Format: "json", Values: values, Line: openLine, keyLines: map[string]int{}}
	for k, n := range lines {
		fm.keyLines[k] = n + openLine - 1
	}
	return fm, body, bodyLine, nil
}

// closeMark stands in for the closing delimiter line; it cannot occur in
// text.
const closeMark = "\x00gen:end-of-frontmatter\x00"

// closingLine finds the line after openLine that is exactly delim (trailing
// spaces allowed) and returns where it starts and where the next begins.
func closingLine(data []byte, openLine int, delim string) (start, end int, ok bool) {
	line := 1
	for pos := 0; pos < len(data); line++ {
		next := bytes.IndexByte(data[pos:], '\n')
		lineEnd := len(data)
		if next >= 0 {
			lineEnd = pos + next + 1
		}
		if line > openLine && string(bytes.TrimRight(data[pos:lineEnd], " \t\r\n")) == delim {
			return pos, lineEnd, true
		}
		pos = lineEnd
	}
	return 0, 0, false
}

// detectOpener finds the frontmatter delimiter on the first non-blank line.
func detectOpener(data []byte) (*opener, int) {
	line := 1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		t := string(bytes.TrimSpace(data[:end]))
		if t != "" {
			for i := range openers {
				if t == openers[i].delim {
					return &openers[i], line
				}
			}
			if strings.HasPrefix(t, "{") {
				return &openers[2], line // JSON, whose first key may share the line
			}
			return nil, 0
		}
		if end == len(data) {
			break
		}
		data = data[end+1:]
		line++
	}
	return nil, 0
}

// lineError is an error at a line of the file being read.
type lineError struct {
	line int
	// col is the column, counted in characters from 1, or 0 when unknown.
	col int
	err error
}

func (e *lineError) Error() string {
	if e.col > 0 {
		return fmt.Sprintf("%d:%d: %v", e.line, e.col, e.err)
	}
	return fmt.Sprintf("%d: %v", e.line, e.err)
}
func (e *lineError) Unwrap() error { return e.err }

// relocate shifts a block-relative line error by offset lines.
// withinBlock keeps the line of a decoder's error within the block's n
// lines: YAML also counts a lone carriage return as a line break, which
// the file's line numbers do not.
func withinBlock(err error, n int) error {
	var le *lineError
	if errors.As(err, &le) && le.line > n {
		return &lineError{line: n, err: le.err}
	}
	return err
}

func relocate(err error, offset int) error {
	var le *lineError
	if errors.As(err, &le) {
		return &lineError{line: le.line + offset, col: le.col, err: le.err}
	}
	return &lineError{line: offset + 1, err: err}
}

// decodeBlock decodes one frontmatter block and finds the line (counted
// from 1 within the block) of each top-level key.
func decodeBlock(format string, block []byte) (map[string]any, map[string]int, error) {
	switch format {
	case "yaml":
		return decodeYAML(block)
	case "toml":
		return decodeTOML(block)
	default:
		return decodeJSON(block)
	}
}

// yamlLine splits the line from a yaml.v3 syntax error, "yaml: line N:
// message". yaml.v3 gives the line of a syntax error only in its text: it
// has no error type for one (its TypeError is for decoding into values,
// which gen does not use), so this is the one place gen reads a position
// out of another library's message.
func yamlLine(msg string) (int, string, bool) {
	rest, ok := strings.CutPrefix(msg, "yaml: line ")
	if !ok {
		return 0, "", false
	}
	digits, text, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(digits)
	if !ok || err != nil {
		return 0, "", false
	}
	return n, text, true
}

func decodeYAML(block []byte) (map[string]any, map[string]int, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(block, &doc); err != nil {
		msg := err.Error()
		n, text, ok := yamlLine(msg)
		switch {
		case !ok:
			// yaml.v3 leaves the line out of some messages about the
			// block's first line.
			n, text = 1, strings.TrimPrefix(msg, "yaml: ")
		case isYAMLParserError(text):
			n++ // yaml.v3 counts parser error lines from 0
		}
		return nil, nil, &lineError{line: n, err: fmt.Errorf("YAML: %s%s", text, yamlHint(text, blockLine(block, n)))}
	}
	values := map[string]any{}
	lines := map[string]int{}
	if len(doc.Content) == 0 {
		return values, lines, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, &lineError{line: root.Line, err: errors.New("YAML frontmatter must be a set of key: value lines")}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if _, dup := lines[k.Value]; dup {
			return nil, nil, &lineError{line: k.Line, err: fmt.Errorf("key %q is set twice", k.Value)}
		}
		budget := maxYAMLNodes
		val, err := yamlValue(v, &budget)
		if err != nil {
			return nil, nil, err
		}
		values[k.Value] = val
		lines[k.Value] = k.Line
	}
	return values, lines, nil
}

// isYAMLParserError reports whether a yaml.v3 message comes from its parser
// rather than its scanner: the parser reports lines counted from 0.
func isYAMLParserError(msg string) bool {
	for _, p := range []string{
		"did not find expected <stream-start>", "did not find expected <document start>",
		"did not find expected node content", "did not find expected '-' indicator",
		"did not find expected key", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"found duplicate %YAML directive", "found incompatible YAML document", "found undefined tag handle",
	} {
		if msg == p {
			return true
		}
	}
	return false
}

// blockLine returns line n (from 1) of block, or "".
func blockLine(block []byte, n int) string {
	for i, line := range strings.Split(string(block), "\n") {
		if i == n-1 {
			return line
		}
	}
	return ""
}

// yamlHint explains the YAML mistakes writers make most often; line is
// the line of the block the message is about, when known.
func yamlHint(msg, line string) string {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		// The usual cause: a headline such as "EU fines Apple: €500m",
		// whose ": " YAML reads as a second key.
		key, value, ok := strings.Cut(strings.TrimRight(line, "\r"), ": ")
		value = strings.TrimSpace(value)
		if ok && strings.Contains(value, ": ") && !strings.ContainsAny(value[:1], `"'[{|>&*!%@`+"`") && !strings.ContainsAny(key, `"'`) {
			return fmt.Sprintf(" (a value that contains \": \" must be in quotes: write %s: %s)", key, strconv.Quote(value))
		}
		return ` (a value that contains ": " must be in quotes, as in title: "AWS: the cuts explained")`
	case strings.Contains(msg, "found character that cannot start any token"):
		return " (indent with spaces, not tabs, and put a value starting with @ or ` in quotes)"
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		return " (a [list] must be closed with ] on the same line)"
	case strings.Contains(msg, "did not find expected key"):
		return " (check the indentation of this line and the one before)"
	}
	return ""
}

// maxYAMLNodes caps the values one key's YAML may expand to, so that
// nested aliases cannot blow up memory.
const maxYAMLNodes = 100_000

// yamlValue converts a node to plain Go values, keeping timestamps as the
// text written so that a date without a zone can be read in the site's.
func yamlValue(n *yaml.Node, budget *int) (any, error) {
	if *budget--; *budget < 0 {
		return nil, &lineError{line: n.Line, err: fmt.Errorf("YAML: the frontmatter expands to more than %d values (through & and * aliases): write the values out", maxYAMLNodes)}
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias, budget)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.ScalarNode:
		if n.ShortTag() == "!!timestamp" {
			return n.Value, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, &lineError{line: n.Line, err: fmt.Errorf("YAML: %v", err)}
		}
		return v, nil
	}
	return nil, nil
}

func decodeTOML(block []byte) (map[string]any, map[string]int, error) {
	values := map[string]any{}
	if err := toml.Unmarshal(block, &values); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			msg := strings.TrimPrefix(de.Error(), "toml: ")
			if k := strings.Join(de.Key(), "."); k != "" {
				msg = k + ": " + msg
			}
			return nil, nil, &lineError{line: row, col: col, err: fmt.Errorf("TOML: %s", msg)}
		}
		return nil, nil, &lineError{line: 1, err: fmt.Errorf("TOML: %v", err)}
	}
	lines := map[string]int{}
	for i, line := range strings.Split(string(block), "\n") {
		t := strings.TrimLeft(strings.TrimSpace(line), "[")
		for k := range values {
			if _, seen := lines[k]; seen {
				continue
			}
			if rest, ok := strings.CutPrefix(t, k); ok {
				rest = strings.TrimSpace(rest)
				if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "]") || strings.HasPrefix(rest, ".") {
					lines[k] = i + 1
				}
			}
		}
	}
	return values, lines, nil
}

func decodeJSON(block []byte) (map[string]any, map[string]int, error) {
	values := map[string]any{}
	if err := json.Unmarshal(block, &values); err != nil {
		at := -1
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			// Offset counts the byte at fault: the fault is the byte before.
			at = int(se.Offset) - 1
		case errors.As(err, &te):
			at = int(te.Offset) - 1
		}
		line, col := 1, 0
		if at >= 0 {
			before := block[:min(at, len(block))]
			line += bytes.Count(before, []byte("\n"))
			col = 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
		}
		return nil, nil, &lineError{line: line, col: col, err: fmt.Errorf("JSON: %v", strings.TrimPrefix(err.Error(), "json: "))}
	}
	return values, jsonKeyLines(block), nil
}

// jsonKeyLines finds the line (counted from 1 within block) of each key of
// the JSON object in block, which is valid.
func jsonKeyLines(block []byte) map[string]int {
	lines := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(block))
	depth, wantKey := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return lines
		}
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' || tok == '[' {
				depth++
				wantKey = depth == 1
				continue
			}
			depth--
		case string:
			if depth == 1 && wantKey {
				// A key cannot hold a raw newline: its end is on its line.
				if _, seen := lines[tok]; !seen {
					lines[tok] = 1 + bytes.Count(block[:dec.InputOffset()], []byte("\n"))
				}
				wantKey = false
				continue
			}
		}
		if depth == 1 {
			wantKey = true // after a value of the top-level object
		}
	}
}
