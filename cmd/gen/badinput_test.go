package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput builds a good site, then breaks it in one way a deadline
// can, and checks that the build either handles the input or fails with a
// message naming the place and what to do, leaving public/ byte for byte
// and time for time as it was.
func TestBadInput(t *testing.T) {
	brief := func(front, body string) string { return "---\n" + front + "\n---\n" + body }
	good := "title: Fine\ndate: 2025-01-05T09:00:00Z"
	tests := []struct {
		name  string
		file  string // written under the site
		data  string
		setup func(t *testing.T, site string) // instead of file, when set
		args  []string
		code  int
		msg   string // in stderr when code != 0
	}{
		{name: "empty file", file: "content/briefs/empty.md", data: "", code: 1, msg: "content/briefs/empty.md:1: no frontmatter: start the file with a --- line"},
		{name: "frontmatter only", file: "content/briefs/bare.md", data: brief(good, ""), code: 0},
		{name: "no frontmatter", file: "content/briefs/plain.md", data: "Just some text.\n", code: 1, msg: "content/briefs/plain.md:1: no frontmatter"},
		{name: "unclosed frontmatter", file: "content/briefs/open.md", data: "---\n" + good + "\nBody.\n", code: 1, msg: "content/briefs/open.md:1: YAML frontmatter opened here is never closed"},
		{name: "byte-order mark", file: "content/briefs/bom.md", data: "\uFEFF" + brief(good, "Text.\n"), code: 0},
		{name: "CRLF line endings", file: "content/briefs/crlf.md", data: strings.ReplaceAll(brief(good, "Text.\n\n## Why it matters\nMore.\n"), "\n", "\r\n"), code: 0},
		{name: "not UTF-8", file: "content/briefs/latin1.md", data: brief("title: Caf\xe9 society\ndate: 2025-01-05", ""), code: 1, msg: "content/briefs/latin1.md:2:11: has a byte (0xE9) that is not UTF-8: save the file as UTF-8 text"},
		{name: "NUL byte", file: "content/briefs/nul.md", data: brief(good, "Text\x00more\n"), code: 1, msg: "content/briefs/nul.md:5:5: has a NUL byte: it is not a text file"},
		{name: "20 MB brief", file: "content/briefs/huge.md", data: brief(good, strings.Repeat("All work and no play makes a long brief. ", 20<<20/41)), code: 1, msg: "content/briefs/huge.md: is 20.0 MB, more than a page may be (5 MB): split it"},
		{name: "5,000 topics", file: "content/briefs/topics.md", data: brief(good+"\ntopics: ["+strings.Repeat("t,", 4999)+"t]", ""), code: 1, msg: "content/briefs/topics.md:4: topics: has 5000 entries; a brief's list has at most 100"},
		{name: "lists and quotes nested 32 deep", file: "content/briefs/deep.md", data: brief(good, strings.Repeat("> ", 31)+"quoted\n\n"+nestedList(32)), code: 0},
		// Issue 17: Markdown whose rendering time grows with the square of
		// its size fails at once, at its line (the body starts on line 5).
		{name: "200 KB of nested quotes on one line", file: "content/briefs/quotes.md", data: brief(good, "Intro.\n\n"+strings.Repeat(">", 200_000)+" text\n"), code: 1,
			msg: "content/briefs/quotes.md:7: block quotes and lists are nested more than 32 deep: gen refuses deeper nesting, which makes rendering crawl; flatten the quotes or lists"},
		{name: "lists nested 400 deep", file: "content/briefs/lists.md", data: brief(good, nestedList(400)), code: 1, msg: "content/briefs/lists.md:37: block quotes and lists are nested more than 32 deep"},
		{name: "40,000 footnotes", file: "content/briefs/notes.md", data: brief(good, footnotes(40_000)), code: 1,
			msg: "content/briefs/notes.md:81005: more than 1000 footnotes: gen refuses more, which make rendering crawl; cut the notes or split the page"},
		{name: "100,000 link definitions", file: "content/briefs/defs.md", data: brief(good, definitions(100_000)), code: 1,
			msg: "content/briefs/defs.md:2005: more than 2000 link reference definitions ([label]: url): gen refuses more, which make rendering crawl; write the links inline or split the page"},
		{name: "a table of 10,000 columns", file: "content/briefs/wide.md", data: brief(good, "|"+strings.Repeat(" a |", 10_000)+"\n|"+strings.Repeat("---|", 10_000)+"\n"+strings.Repeat("|"+strings.Repeat(" x |", 10_000)+"\n", 100)), code: 1,
			msg: "content/briefs/wide.md:5: the table has 10000 columns: gen renders at most 100; split the table"},
		{name: "title of 10,000 characters", file: "content/briefs/long.md", data: brief("title: "+strings.Repeat("word ", 2000)+"\ndate: 2025-01-05", ""), code: 0},
		{name: "slug with ../", file: "content/briefs/up.md", data: brief(good+"\nslug: ../../etc", ""), code: 1, msg: `content/briefs/up.md:4: slug "../../etc" is not URL-safe: use "etc"`},
		{name: "alias with ../", file: "content/briefs/alias.md", data: brief(good+"\naliases: [../../outside/]", ""), code: 1, msg: `content/briefs/alias.md:4: aliases: "../../outside/" may not contain . or .. segments`},
		{name: "absolute path as slug", file: "content/briefs/abs.md", data: brief(good+"\nslug: /etc/passwd", ""), code: 1, msg: `slug "/etc/passwd" is not URL-safe`},
		{name: "NUL in an alias", file: "content/briefs/nulalias.md", data: brief(good+"\naliases: [\"/a\\0b/\"]", ""), code: 1, msg: "is not a path on this site"},
		{name: "punctuation-only slug", file: "content/briefs/punct.md", data: brief(good+"\nslug: \"?!*\"", ""), code: 1, msg: `slug "?!*" has no letter or digit`},
		{name: "symlink loop", setup: func(t *testing.T, site string) {
			os.Symlink("loop-b", filepath.Join(site, "content/loop-a.md"))
			os.Symlink("loop-a.md", filepath.Join(site, "content/loop-b"))
		}, code: 1, msg: "content/loop-a.md: broken symbolic link: too many levels of symbolic links"},
		{name: "symlink out of the site", setup: func(t *testing.T, site string) {
			outside := filepath.Join(t.TempDir(), "secret.md")
			os.WriteFile(outside, []byte(brief(good, "Private.")), 0o644)
			os.Symlink(outside, filepath.Join(site, "content/briefs/leak.md"))
		}, code: 1, msg: "content/briefs/leak.md: is a symbolic link to a file outside the site, which is not followed: copy the file into the site"},
		{name: "static symlink out of the site", setup: func(t *testing.T, site string) {
			outside := filepath.Join(t.TempDir(), "passwd")
			os.WriteFile(outside, []byte("root:x:0:0"), 0o644)
			os.Symlink(outside, filepath.Join(site, "static/passwd"))
		}, code: 1, msg: "static/passwd: is a symbolic link to a file outside the site, which is not followed"},
		{name: "unreadable file", setup: func(t *testing.T, site string) {
			p := filepath.Join(site, "content/briefs/secret.md")
			if os.Geteuid() != 0 {
				os.WriteFile(p, []byte(brief(good, "")), 0o000)
				return
			}
			// Root reads any file whatever its mode; reading this one fails.
			if _, err := os.Stat("/proc/self/mem"); err != nil {
				t.Skip("no unreadable file can be made here")
			}
			os.Symlink("/proc/self/mem", p)
		}, code: 1, msg: "content/briefs/secret.md: "},
		{name: "layout calls an undefined function", file: "layouts/brief.html", data: `{{define "main"}}{{shout .Title}}{{end}}`, code: 1, msg: `layouts/brief.html:1: function "shout" not defined`},
		{name: "layout loops over a missing field", file: "layouts/brief.html", data: "{{define \"main\"}}\n{{range .Chapters}}{{.}}{{end}}{{end}}", code: 1, msg: "layouts/brief.html:2:8: executing \"main\" at <.Chapters>: can't evaluate field Chapters on this page"},
		{name: "config value of the wrong type", file: "gen.toml", data: "title = \"Small\"\npaginate = \"ten\"\n", code: 1, msg: "gen.toml:2:12: paginate: must be a whole number, not a string"},
		{name: "destination inside content/", args: []string{"-d", "content/public"}, code: 2, msg: "inside the site's content/ folder"},
	}
	// gen check on one site holding every bad content file lists each.
	t.Run("gen check lists them all", func(t *testing.T) {
		site := newSite(t, smallSite)
		var msgs []string
		for _, tt := range tests {
			if tt.code == 1 && strings.HasPrefix(tt.file, "content/") {
				writeFile(t, filepath.Join(site, filepath.FromSlash(tt.file)), []byte(tt.data))
				msgs = append(msgs, tt.msg)
			}
		}
		code, out, errOut := gen(t, "check", "-s", site)
		if code != 1 {
			t.Fatalf("gen check: exit %d, want 1\n%s%s", code, out, errOut)
		}
		for _, m := range msgs {
			if !strings.Contains(out, m) {
				t.Errorf("gen check does not list %q:\n%s", m, out)
			}
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newSite(t, smallSite)
			if code, _, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
				t.Fatal(errOut)
			}
			public := filepath.Join(site, "public")
			before := tree(t, public)
			if tt.setup != nil {
				tt.setup(t, site)
			}
			if tt.file != "" {
				writeFile(t, filepath.Join(site, filepath.FromSlash(tt.file)), []byte(tt.data))
			}
			args := []string{"build", "-s", site}
			for _, a := range tt.args {
				if strings.HasPrefix(a, "content/") {
					a = filepath.Join(site, a)
				}
				args = append(args, a)
			}
			code, _, errOut := gen(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			if code == 0 {
				return
			}
			if !strings.Contains(errOut, tt.msg) {
				t.Errorf("stderr lacks %q:\n%s", tt.msg, errOut)
			}
			after := tree(t, public)
			if len(after) != len(before) {
				t.Fatalf("public/ had %d files, now %d", len(before), len(after))
			}
			for p, st := range before {
				if after[p] != st {
					t.Errorf("public/%s changed", p)
				}
			}
		})
	}
}

// nestedList returns a list nested depth levels deep.
func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	return b.String()
}

// footnotes returns n paragraphs with a footnote each, then the n notes.
func footnotes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Text[^%d].\n\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "[^%d]: Note %d.\n", i, i)
	}
	return b.String()
}

// definitions returns n link reference definitions, then a use of each.
func definitions(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[%d]: /u%d\n", i, i)
	}
	b.WriteString("\n")
	for i := range n {
		fmt.Fprintf(&b, "[%d] ", i)
	}
	return b.String()
}
