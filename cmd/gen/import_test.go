package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestImportScripts runs every testdata/import/*.txtar case: it writes the
// site and its copy.txt, runs gen import on it, and checks the brief
// against NAME.golden and the case's @contains and @stderr lines; that
// every sentence of the copy is in the brief exactly once; and that the
// site builds with the new brief.
func TestImportScripts(t *testing.T) {
	cases, _ := filepath.Glob("testdata/import/*.txtar")
	if len(cases) < 6 {
		t.Fatalf("%d import cases, want at least 6", len(cases))
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runImportScript(t, file)
		})
	}
}

var dateLine = regexp.MustCompile(`(?m)^date: .*$`)

// unescape drops Markdown's backslash escapes.
var unescape = regexp.MustCompile(`\\([[:punct:]])`)

func runImportScript(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	checks := map[string][]byte{}
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "@") {
			checks[f.Name] = f.Data
			continue
		}
		writeFile(t, filepath.Join(site, filepath.FromSlash(f.Name)), f.Data)
	}
	copyText, err := os.ReadFile(filepath.Join(site, "copy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := gen(t, "import", "-s", site, filepath.Join(site, "copy.txt"))
	if code != 0 {
		t.Fatalf("gen import: exit %d\n%s%s", code, out, errOut)
	}
	written := strings.TrimSpace(out)
	brief, err := os.ReadFile(written)
	if err != nil {
		t.Fatalf("reading the brief gen import printed (%q): %v", written, err)
	}
	if !strings.HasPrefix(written, filepath.Join(site, "content", "briefs")) {
		t.Errorf("brief written to %s, want content/briefs/", written)
	}
	for _, want := range nonEmptyLines(checks["@contains"]) {
		if !bytes.Contains(brief, []byte(want)) {
			t.Errorf("the brief lacks %q:\n%s", want, brief)
		}
	}
	for _, bad := range nonEmptyLines(checks["@lacks"]) {
		if bytes.Contains(brief, []byte(bad)) {
			t.Errorf("the brief has %q:\n%s", bad, brief)
		}
	}
	for _, want := range nonEmptyLines(checks["@stderr"]) {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	plain := strings.ReplaceAll(unescape.ReplaceAllString(string(brief), "$1"), "''", "'")
	for _, s := range sentences(copyText) {
		// A sentence that became the title has lost its full stop.
		if n := strings.Count(plain, strings.TrimSuffix(s, ".")); n != 1 {
			t.Errorf("sentence %q is in the brief %d times, want once:\n%s", s, n, brief)
		}
	}

	golden := strings.TrimSuffix(file, ".txtar") + ".golden"
	got := dateLine.ReplaceAll(brief, []byte("date: DATE"))
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(golden); err != nil {
		t.Errorf("%v (run go test ./cmd/gen -run TestImportScripts -update)", err)
	} else if !bytes.Equal(got, want) {
		t.Errorf("brief differs from %s:\n%s", golden, firstDiff(string(want), string(got)))
	}

	if code, out, errOut := gen(t, "build", "-s", site, "--drafts", "-q"); code != 0 {
		t.Errorf("the site does not build with the imported brief: %s%s", out, errOut)
	}
}

// labelPrefix matches the labels gen import takes off a line, and the
// datelines whose agency and date it moves to the frontmatter
// ("SEOUL, Nov 20 (Yonhap) - ", "SAN JOSE, Calif., Nov. 3, 2026
// /PRNewswire/ -- ", "SEATTLE--(BUSINESS WIRE)--").
var labelPrefix = regexp.MustCompile(`(?i)^(?:what happened|also read|read more|related|see also|read also)\s*:\s*|^\s*(?:[-*•]|\d+[.)])\s+|^[^()/]{0,80}\([A-Z][\w&'’. -]{0,30}\) ?[-–—]+ |^[^/]{0,80}/[\w ]*(?:newswire|wire)[^/]*/ ?(?:--|[-–—]) ?|^[\w .,]+--\([\w ]+\)-- ?`)

// byline matches a line of authors' names, which gen import moves to the
// frontmatter.
var byline = regexp.MustCompile(`^By( [A-Z][a-z]+){1,3}((,| and) [A-Z][a-z]+( [A-Z][a-z]+)*)*$`)

// sentences splits plain-text copy into its sentences, without the labels
// and list markers that gen import replaces.
func sentences(copyText []byte) []string {
	text := strings.TrimPrefix(strings.ReplaceAll(string(copyText), "\r\n", "\n"), "\uFEFF")
	end := regexp.MustCompile(`[.!?][”"’']?\s+`)
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if byline.MatchString(strings.TrimSpace(line)) {
			continue // its names are the brief's authors
		}
		line = labelPrefix.ReplaceAllString(strings.TrimSpace(line), "")
		parts := sentencesOf(line, end)
		for _, s := range parts {
			// A short line without a full stop is a label, which becomes a
			// heading or, for "Key points", nothing.
			s = strings.TrimSpace(s)
			if len(strings.Fields(s)) > 5 || len(s) > 3 && strings.ContainsAny(s[len(s)-1:], ".!?\"”’)") {
				out = append(out, s)
			}
		}
	}
	return out
}

// sentencesOf splits a line after each sentence's final punctuation.
func sentencesOf(line string, end *regexp.Regexp) []string {
	var parts []string
	for {
		m := end.FindStringIndex(line)
		if m == nil {
			return append(parts, line)
		}
		cut := m[0] + len(strings.TrimRight(line[m[0]:m[1]], " \t"))
		parts = append(parts, line[:cut])
		line = line[m[1]:]
	}
}
