package content

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// splitCases are well-formed files; they also seed FuzzSplitFrontMatter.
var splitCases = []struct {
	name       string
	src        string
	format     string
	values     map[string]any
	line       int // line of the opening delimiter
	keyLines   map[string]int
	body       string
	bodyLine   int
	absentLine int // KeyLine of a key that is not set: the opening line
}{
	{
		name:   "yaml",
		src:    "---\ntitle: Hello\ndraft: true\n---\nBody text.\n",
		format: "yaml", values: map[string]any{"title": "Hello", "draft": true},
		line: 1, keyLines: map[string]int{"title": 2, "draft": 3},
		body: "Body text.\n", bodyLine: 5,
	},
	{
		name:   "yaml timestamp kept as text",
		src:    "---\ntitle: T\ndate: 2026-07-18T09:30:00\n---\n",
		format: "yaml", values: map[string]any{"title": "T", "date": "2026-07-18T09:30:00"},
		line: 1, keyLines: map[string]int{"title": 2, "date": 3},
		body: "", bodyLine: 5,
	},
	{
		name:   "yaml multi-line values",
		src:    "---\ntitle: T\ntopics:\n  - Chips\n  - AI\nsummary: >\n  One\n  line.\nparams:\n  a: 1\n---\nB\n",
		format: "yaml",
		values: map[string]any{"title": "T", "topics": []any{"Chips", "AI"}, "summary": "One line.\n", "params": map[string]any{"a": 1}},
		line:   1, keyLines: map[string]int{"title": 2, "topics": 3, "summary": 6, "params": 9},
		body: "B\n", bodyLine: 12,
	},
	{
		name:   "toml",
		src:    "+++\ntitle = \"Hello\"\ncount = 3\n\n[params]\nx = \"y\"\n+++\nBody\n",
		format: "toml", values: map[string]any{"title": "Hello", "count": int64(3), "params": map[string]any{"x": "y"}},
		line: 1, keyLines: map[string]int{"title": 2, "count": 3, "params": 5},
		body: "Body\n", bodyLine: 8,
	},
	{
		name:   "json",
		src:    "{\n  \"title\": \"Hello\",\n  \"draft\": false\n}\n\nBody\n",
		format: "json", values: map[string]any{"title": "Hello", "draft": false},
		line: 1, keyLines: map[string]int{"title": 2, "draft": 3},
		body: "Body\n", bodyLine: 6,
	},
	{
		name:   "one-line json, blank line, body",
		src:    "{\"title\": \"x\", \"date\": \"2026-01-01\"}\n\nBody text.\n",
		format: "json", values: map[string]any{"title": "x", "date": "2026-01-01"},
		line: 1, keyLines: map[string]int{"title": 1, "date": 1},
		body: "Body text.\n", bodyLine: 3,
	},
	{
		name:   "one-line json, body on the next line",
		src:    "{\"title\": \"x\"}\nBody\nmore\n",
		format: "json", values: map[string]any{"title": "x"},
		line: 1, keyLines: map[string]int{"title": 1},
		body: "Body\nmore\n", bodyLine: 2,
	},
	{
		name:   "one-line json, no body",
		src:    "{\"title\": \"x\", \"date\": \"2026-01-01\"}\n",
		format: "json", values: map[string]any{"title": "x", "date": "2026-01-01"},
		line: 1, keyLines: map[string]int{"title": 1, "date": 1},
		body: "", bodyLine: 2,
	},
	{
		name:   "one-line json, no final newline",
		src:    "  {\"title\": \"x\"}  ",
		format: "json", values: map[string]any{"title": "x"},
		line: 1, keyLines: map[string]int{"title": 1},
		body: "", bodyLine: 2,
	},
	{
		name:   "empty one-line json",
		src:    "{}\nText\n",
		format: "json", values: map[string]any{},
		line: 1, keyLines: map[string]int{},
		body: "Text\n", bodyLine: 2,
	},
	{
		name:   "one-line json after blank lines, CRLF",
		src:    "\r\n\r\n{\"title\": \"x\"}\r\n\r\nBody\r\n",
		format: "json", values: map[string]any{"title": "x"},
		line: 3, keyLines: map[string]int{"title": 3},
		body: "Body\r\n", bodyLine: 5,
	},
	{
		name:   "json with its first key on the opening line, no blank line",
		src:    "{\"title\": \"x\",\n \"summary\": \"title\",\n \"params\": {\"date\": 1, \"title\": [\"a\"]},\n \"date\": \"2026-01-01\"}\nBody\n",
		format: "json", values: map[string]any{"title": "x", "summary": "title", "params": map[string]any{"date": 1.0, "title": []any{"a"}}, "date": "2026-01-01"},
		line: 1, keyLines: map[string]int{"title": 1, "summary": 2, "params": 3, "date": 4},
		body: "Body\n", bodyLine: 5,
	},
	{
		name:   "json with a } inside a string",
		src:    "{\n\"title\": \"a }\\n\\n b\"\n}\n\nBody\n",
		format: "json", values: map[string]any{"title": "a }\n\n b"},
		line: 1, keyLines: map[string]int{"title": 2},
		body: "Body\n", bodyLine: 5,
	},
	{
		name:   "leading blank lines",
		src:    "\n  \n---\ntitle: Hello\n---\nBody\n",
		format: "yaml", values: map[string]any{"title": "Hello"},
		line: 3, keyLines: map[string]int{"title": 4},
		body: "Body\n", bodyLine: 6,
	},
	{
		name:   "leading blank lines toml",
		src:    "\n\n+++\ntitle = \"Hello\"\n+++\nBody\n",
		format: "toml", values: map[string]any{"title": "Hello"},
		line: 3, keyLines: map[string]int{"title": 4},
		body: "Body\n", bodyLine: 6,
	},
	{
		name:   "leading blank lines json",
		src:    "\n{\n\"title\": \"Hello\"\n}\n\nBody\n",
		format: "json", values: map[string]any{"title": "Hello"},
		line: 2, keyLines: map[string]int{"title": 3},
		body: "Body\n", bodyLine: 6,
	},
	{
		name:   "byte order mark",
		src:    "\uFEFF---\ntitle: Hello\n---\nBody\n",
		format: "yaml", values: map[string]any{"title": "Hello"},
		line: 1, keyLines: map[string]int{"title": 2},
		body: "Body\n", bodyLine: 4,
	},
	{
		name:   "CRLF line ends",
		src:    "---\r\ntitle: Hello\r\ndraft: true\r\n---\r\nBody\r\nmore\r\n",
		format: "yaml", values: map[string]any{"title": "Hello", "draft": true},
		line: 1, keyLines: map[string]int{"title": 2, "draft": 3},
		body: "Body\r\nmore\r\n", bodyLine: 5,
	},
	{
		name:   "CRLF toml",
		src:    "+++\r\ntitle = \"Hello\"\r\n+++\r\nBody\r\n",
		format: "toml", values: map[string]any{"title": "Hello"},
		line: 1, keyLines: map[string]int{"title": 2},
		body: "Body\r\n", bodyLine: 4,
	},
	{
		name:   "empty yaml block",
		src:    "---\n---\nBody",
		format: "yaml", values: map[string]any{},
		line: 1, keyLines: map[string]int{},
		body: "Body", bodyLine: 3,
	},
	{
		name:   "no body, no final newline",
		src:    "---\ntitle: Hello\n---",
		format: "yaml", values: map[string]any{"title": "Hello"},
		line: 1, keyLines: map[string]int{"title": 2},
		body: "", bodyLine: 3,
	},
	{
		name:   "a later --- belongs to the body",
		src:    "---\ntitle: Hello\n---\nText\n\n---\n\nMore\n",
		format: "yaml", values: map[string]any{"title": "Hello"},
		line: 1, keyLines: map[string]int{"title": 2},
		body: "Text\n\n---\n\nMore\n", bodyLine: 4,
	},
}

func TestSplitFrontMatter(t *testing.T) {
	for _, tt := range splitCases {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, bodyLine, err := SplitFrontMatter([]byte(tt.src))
			if err != nil {
				t.Fatalf("SplitFrontMatter: %v", err)
			}
			if fm.Format != tt.format {
				t.Errorf("Format = %q, want %q", fm.Format, tt.format)
			}
			if !reflect.DeepEqual(fm.Values, tt.values) {
				t.Errorf("Values = %#v, want %#v", fm.Values, tt.values)
			}
			if fm.Line != tt.line {
				t.Errorf("Line = %d, want %d", fm.Line, tt.line)
			}
			for k, want := range tt.keyLines {
				if got := fm.KeyLine(k); got != want {
					t.Errorf("KeyLine(%q) = %d, want %d", k, got, want)
				}
			}
			if got := fm.KeyLine("not-set"); got != tt.line {
				t.Errorf("KeyLine of a missing key = %d, want the opening line %d", got, tt.line)
			}
			if string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if bodyLine != tt.bodyLine {
				t.Errorf("bodyLine = %d, want %d", bodyLine, tt.bodyLine)
			}
		})
	}
}

// errorCases are files SplitFrontMatter must refuse, with the file line
// the error names; they also seed FuzzSplitFrontMatter.
var errorCases = []struct {
	name string
	src  string
	line int
	msg  string
}{
	{name: "no frontmatter", src: "# Title\n\nText\n", line: 1, msg: "no frontmatter"},
	{name: "empty file", src: "", line: 1, msg: "no frontmatter"},
	{name: "only blank lines", src: "\n\n  \n", line: 1, msg: "no frontmatter"},
	{name: "text after one-line json", src: "{\"title\": \"x\"} Body\n", line: 1, msg: "text after the } that closes the JSON frontmatter: start the body on the next line"},
	{name: "text after multi-line json", src: "{\n\"title\": \"x\"\n} Body\n", line: 3, msg: "text after the } that closes the JSON frontmatter"},
	{name: "unclosed one-line json", src: "{\"title\": \"x\",\n", line: 1, msg: "JSON frontmatter opened here is never closed"},
	{name: "one-line json missing its }", src: "{\"title\": \"x\"\nBody\n", line: 2, msg: "JSON: invalid character 'B'"},
	{name: "shortcode-like first line", src: "\n{{< note >}}\n", line: 2, msg: "JSON: invalid character '{'"},
	{name: "unclosed yaml", src: "---\ntitle: x\ndate: 2026-01-02\n\nBody\n", line: 1, msg: "YAML frontmatter opened here is never closed: end it with a line holding only ---"},
	{name: "unclosed yaml after blank lines", src: "\n\n---\ntitle: x\n", line: 3, msg: "YAML frontmatter opened here is never closed"},
	{name: "yaml closed with dots", src: "---\ntitle: x\n...\nBody\n", line: 1, msg: "never closed"},
	{name: "unclosed toml", src: "\n+++\ntitle = 'x'\n", line: 2, msg: "TOML frontmatter opened here is never closed: end it with a line holding only +++"},
	{name: "unclosed json", src: "{\n\"title\": \"x\"\n", line: 1, msg: "JSON frontmatter opened here is never closed"},
	{
		name: "unquoted colon in a headline",
		src:  "---\ntitle: EU fines Apple: €500m\ndate: 2026-01-02\n---\nBody\n",
		line: 2, msg: `YAML: mapping values are not allowed in this context (a value that contains ": " must be in quotes: write title: "EU fines Apple: €500m")`,
	},
	{
		name: "yaml scanner error on line 5",
		src:  "---\ntitle: x\ndate: 2026-01-02\nsummary: ok\n  bad: indent\n---\nBody\n",
		line: 5, msg: "YAML: mapping values are not allowed",
	},
	{
		name: "yaml error on line 4 after blank lines",
		src:  "\n\n---\ntitle: x\n  bad: indent\n---\nBody\n",
		line: 5, msg: "YAML: mapping values are not allowed",
	},
	{
		name: "yaml unterminated quote",
		src:  "---\ntitle: x\ndate: 2026-01-02\nsummary: \"open\n---\nBody\n",
		line: 4, msg: "YAML:",
	},
	{
		name: "yaml tag error on line 4",
		src:  "---\ntitle: x\ndate: 2026-01-02\ndraft: !!int yes\n---\nBody\n",
		line: 4, msg: "YAML:",
	},
	{name: "yaml key set twice", src: "---\ntitle: x\ndate: 2026-01-02\ntitle: y\n---\n", line: 4, msg: `key "title" is set twice`},
	{name: "yaml list instead of keys", src: "---\n- a\n- b\n---\n", line: 2, msg: "YAML frontmatter must be a set of key: value lines"},
	{
		name: "yaml unclosed flow list on line 4",
		src:  "---\ntitle: x\ndate: 2026-01-02\ntopics: [a, b\ndraft: false\n---\nBody\n",
		line: 4, msg: "YAML:",
	},
	{
		name: "yaml stray list item on line 4",
		src:  "---\ntitle: x\ndate: 2026-01-02\n- item\ndraft: false\n---\nBody\n",
		line: 4, msg: "YAML:",
	},
	{
		name: "toml error on line 4",
		src:  "+++\ntitle = 'x'\ndate = 2026-01-02\nsummary = \"open\n+++\nBody\n",
		line: 4, msg: "TOML: basic strings cannot have new lines",
	},
	{
		name: "toml error on line 6 after blank lines",
		src:  "\n\n+++\ntitle = 'x'\ndate = 2026-01-02\ndraft = yes\n+++\nBody\n",
		line: 6, msg: "TOML:",
	},
	{
		name: "toml key set twice",
		src:  "+++\ntitle = 'x'\ndate = 2026-01-02\ntitle = 'y'\n+++\n",
		line: 4, msg: "TOML: title: key title is already defined",
	},
	{
		name: "json error on line 4",
		src:  "{\n  \"title\": \"x\",\n  \"date\": \"2026-01-02\",\n  \"draft\": yes\n}\n\nBody\n",
		line: 4, msg: "JSON: invalid character 'y'",
	},
	{
		name: "json missing comma reported on line 4",
		src:  "{\n  \"title\": \"x\",\n  \"date\": \"2026-01-02\"\n  \"draft\": true\n}\n\nBody\n",
		line: 4, msg: "JSON: invalid character",
	},
	{
		name: "json error on line 6 after blank lines",
		src:  "\n\n{\n  \"title\": \"x\",\n  \"date\": \"2026-01-02\",\n  \"draft\": yes\n}\n\nBody\n",
		line: 6, msg: "JSON:",
	},
	{
		name: "json bad literal at end of line 4",
		src:  "{\n  \"title\": \"x\",\n  \"date\": \"2026-01-02\",\n  \"draft\": tru\n}\n\nBody\n",
		line: 4, msg: "JSON:",
	},
}

func TestSplitFrontMatterErrors(t *testing.T) {
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, _, err := SplitFrontMatter([]byte(tt.src))
			if err == nil {
				t.Fatalf("no error; frontmatter %+v, body %q", fm, body)
			}
			var le *lineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T) carries no line", err, err)
			}
			if le.line != tt.line {
				t.Errorf("error on line %d, want %d: %v", le.line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestSplitFrontMatterNoFrontMatterIs(t *testing.T) {
	_, _, _, err := SplitFrontMatter([]byte("Just text\n"))
	if !errors.Is(err, ErrNoFrontMatter) {
		t.Errorf("error %v is not ErrNoFrontMatter", err)
	}
}

// An indented --- inside a YAML block scalar is text, not the end of the
// frontmatter ("a line holding only ---" closes it).
func TestSplitFrontMatterIndentedDelimiterInBlockScalar(t *testing.T) {
	src := "---\ntitle: x\nsummary: |\n  before\n  ---\n  after\n---\nBody\n"
	fm, body, bodyLine, err := SplitFrontMatter([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := fm.Values["summary"]; got != "before\n---\nafter\n" {
		t.Errorf("summary = %q, want the whole block scalar", got)
	}
	if string(body) != "Body\n" || bodyLine != 8 {
		t.Errorf("body = %q at line %d, want \"Body\\n\" at 8", body, bodyLine)
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	for _, c := range splitCases {
		f.Add([]byte(c.src))
	}
	for _, c := range errorCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, body, bodyLine, err := SplitFrontMatter(data)
		lines := 1 + bytes.Count(data, []byte("\n"))
		if err != nil {
			var le *lineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T) carries no line", err, err)
			}
			if le.line < 1 || le.line > lines+1 {
				t.Fatalf("error line %d outside the file's %d lines: %v", le.line, lines, err)
			}
			return
		}
		if fm == nil || fm.Values == nil {
			t.Fatalf("no error but frontmatter %+v", fm)
		}
		if !bytes.HasSuffix(data, body) {
			t.Fatalf("body %q is not the end of the file", body)
		}
		if fm.Line < 1 || bodyLine <= fm.Line || bodyLine > lines+1 {
			t.Fatalf("opening line %d, body line %d, in a file of %d lines", fm.Line, bodyLine, lines)
		}
		if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\r")) {
			// YAML also breaks lines at a lone CR, which the file's line
			// count does not, so key lines may differ (a known limitation).
			return
		}
		for k := range fm.Values {
			if n := fm.KeyLine(k); n < fm.Line || n >= bodyLine {
				t.Fatalf("KeyLine(%q) = %d, outside the block (lines %d to %d)", k, n, fm.Line, bodyLine-1)
			}
		}
	})
}

func ExampleSplitFrontMatter() {
	src := "---\ntitle: AWS cuts jobs\ndate: 2026-07-18\n---\nThe body.\n"
	fm, body, bodyLine, err := SplitFrontMatter([]byte(src))
	if err != nil {
		panic(err)
	}
	fmt.Println(fm.Format, fm.Values["title"], fm.KeyLine("date"))
	fmt.Printf("%q starts on line %d\n", body, bodyLine)

	_, _, _, err = SplitFrontMatter([]byte("\n+++\ntitle = \"never closed\"\n"))
	fmt.Println(err)
	// Output:
	// yaml AWS cuts jobs 3
	// "The body.\n" starts on line 5
	// 2: TOML frontmatter opened here is never closed: end it with a line holding only +++
}
