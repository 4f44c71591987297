package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerminalWriter(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"plain text, tab and newline", []string{"a\tb\nc é 日本 🙂\n"}, "a\tb\nc é 日本 🙂\n"},
		{"OSC title sequence", []string{"x\x1b]0;pwned\x07y"}, `x\x1b]0;pwned\x07y`},
		{"backspace and carriage return", []string{"ok\b\b\rno"}, `ok\x08\x08\x0dno`},
		{"NUL", []string{"a\x00b"}, `a\x00b`},
		{"DEL", []string{"a\x7fb"}, `a\u007fb`},
		{"C1 CSI", []string{"a\u009b31mb"}, `a\u009b31mb`},
		{"C1 range ends", []string{"\u0080\u009f\u00a0"}, `\u0080\u009f` + "\u00a0"},
		{"byte that is not UTF-8", []string{"a\x9bb\xffc"}, `a\x9bb\xffc`},
		{"rune cut between writes", []string{"a\xc2", "\x9bb", "\xe6\x97", "\xa5c"}, `a\u009bb日c`},
		{"C1 cut between writes", []string{"\xc2", "\x85"}, `\u0085`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := newTerminalWriter(&buf)
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("wrote %q, want %q", got, tt.want)
			}
		})
	}
}

// rawControl returns the first thing in s a terminal could act on: a C0
// control but tab and newline, DEL, a C1 control, or a byte that is not
// UTF-8 (such as the 8-bit CSI, 0x9b); or "" when there is none.
func rawControl(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return s[i : i+1]
		case r < 0x20 && r != '\t' && r != '\n', r >= 0x7f && r <= 0x9f:
			return string(r)
		}
	}
	return ""
}

// TestMessagesEscapeControlCharacters builds a site whose file names, link
// targets and frontmatter keys hold terminal escape sequences and checks
// that gen build and gen check print them escaped, and that gen check's
// JSON still decodes to the text as written.
func TestMessagesEscapeControlCharacters(t *testing.T) {
	site := newSite(t, map[string]string{
		"gen.toml":                          "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/one.md":             "---\ntitle: One\ndate: 2025-01-01T09:00:00Z\n\"k\\e[2J\\u009b\": 1\n---\n",
		"content/briefs/link.md":            "---\ntitle: Link\ndate: 2025-01-01T09:00:00Z\n---\n[x](missing-\x1b]0;pwned\x07.md)\n",
		"content/briefs/bad\x1b[31mname.md": "---\ntitle: Two\ndate: soon\n---\n",
		// Newlines in a key or a file name must not forge a problem line.
		"content/briefs/nl.md":                       "---\ntitle: NL\ndate: 2025-01-01T09:00:00Z\n\"k\\ncontent/briefs/forged.md:9: forged\": 1\n---\n",
		"content/briefs/x\ncontent/briefs/forged.md": "---\ntitle: NL\ndate: soon\n---\n",
	})
	// Messages quote untrusted text as Go does, so that gen check's JSON
	// holds the same escapes as its text.
	quoted := []string{`"content/briefs/missing-\x1b]0;pwned\a.md" does not exist`, `"content/briefs/bad\x1b[31mname.md"`, `"k\x1b[2J\u009b"`}
	for _, args := range [][]string{
		{"build", "-s", site},
		{"check", "-s", site},
	} {
		code, stdout, stderr := gen(t, args...)
		if code != 1 {
			t.Errorf("gen %s: exit %d, want 1", args[0], code)
		}
		out := stdout + stderr
		if c := rawControl(out); c != "" {
			t.Errorf("gen %s printed a raw control character %q:\n%s", args[0], c, out)
		}
		if strings.Contains(out, "\ncontent/briefs/forged.md") || strings.Contains(out, "  content/briefs/forged.md") {
			t.Errorf("gen %s printed a forged problem line:\n%s", args[0], out)
		}
		for _, want := range quoted {
			if !strings.Contains(out, want) {
				t.Errorf("gen %s output lacks %s:\n%s", args[0], want, out)
			}
		}
	}

	code, stdout, _ := gen(t, "check", "-s", site, "--format", "json")
	if code != 1 {
		t.Errorf("gen check --format json: exit %d, want 1", code)
	}
	if c := rawControl(stdout); c != "" {
		t.Errorf("gen check --format json printed a raw control character %q:\n%s", c, stdout)
	}
	var messages []string
	dec := json.NewDecoder(strings.NewReader(stdout))
	for dec.More() {
		var p struct{ File, Message string }
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("gen check --format json: %v\n%s", err, stdout)
		}
		if p.File == "content/briefs/forged.md" {
			t.Errorf("gen check --format json reports a forged problem %+v", p)
		}
		messages = append(messages, p.File+": "+p.Message)
	}
	all := strings.Join(messages, "\n")
	for _, want := range quoted {
		if !strings.Contains(all, want) {
			t.Errorf("the JSON problems do not hold %q:\n%q", want, all)
		}
	}
}
