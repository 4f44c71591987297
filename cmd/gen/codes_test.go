package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/problem"
)

// cleanBrief is a brief that passes every editorial rule, with extra
// frontmatter lines and a body.
func cleanBrief(extra, body string) string {
	return "---\ntitle: One\ndate: 2025-01-01T09:00:00Z\ncompanies: [Acme]\nkey_points: [A., B.]\nsources: [Reuters]\n" + extra +
		"---\n" + body + "\n\n## Why it matters\n\nIt does.\n"
}

// codeSites are, for each problem code, a small site that has that problem
// (each file added to a clean one-brief site; "-> target" makes a
// symbolic link).
var codeSites = []struct {
	code  problem.Code
	files map[string]string
}{
	{problem.ConfigSyntax, map[string]string{"gen.toml": "title = \"Small\nbaseURL = 1\n"}},
	{problem.ConfigUnknownKey, map[string]string{"gen.toml": "title = \"Small\"\ntitel = \"Small\"\n"}},
	{problem.ConfigValue, map[string]string{"gen.toml": "title = \"Small\"\npaginate = \"ten\"\n"}},
	{problem.FileRefused, map[string]string{"content/briefs/out.md": "-> /etc/hostname"}},
	{problem.FileUnreadable, map[string]string{"content/briefs/bin.md": "---\ntitle: Bin\n---\nA\x00B\n"}},
	{problem.FrontmatterSyntax, map[string]string{"content/briefs/two.md": "---\ntitle: AWS: the cuts\n---\nText.\n"}},
	{problem.FrontmatterUnknownKey, map[string]string{"content/briefs/two.md": cleanBrief("tittle: Two\n", "Text.")}},
	{problem.FrontmatterValue, map[string]string{"content/briefs/two.md": cleanBrief("updated: yesterday\n", "Text.")}},
	{problem.MarkdownLimit, map[string]string{"content/briefs/two.md": cleanBrief("", strings.Repeat(">", 200)+" deep")}},
	{problem.MarkdownRawHTML, map[string]string{"content/briefs/two.md": cleanBrief("", "<div class=\"note\">A note.</div>")}},
	{problem.MarkdownForeign, map[string]string{"content/briefs/two.md": cleanBrief("", `{{< figure src="chart.png" >}}`)}},
	{problem.LinkMissing, map[string]string{"content/briefs/two.md": cleanBrief("", "See [the note](note.md).")}},
	{problem.LinkAnchor, map[string]string{"content/briefs/two.md": cleanBrief("", "See [why](#why-it-matter).")}},
	{problem.URLCollision, map[string]string{"content/briefs/two.md": cleanBrief("slug: one\n", "Text.")}},
	{problem.LayoutParse, map[string]string{"layouts/brief.html": "{{define \"main\"}}{{if .Title}}\n"}},
	{problem.LayoutExec, map[string]string{"layouts/brief.html": "{{define \"main\"}}\n  {{.Nope}}\n{{end}}\n"}},
	{problem.LayoutFile, map[string]string{"layouts/breif.html": "{{define \"main\"}}{{end}}\n"}},
	{problem.Editorial, map[string]string{"content/briefs/two.md": cleanBrief("image: https://example.org/a.png\n", "Text.")}},
}

// readmeCodes returns each problem code the README lists under "Problem
// codes", with its example: "- `code`: ..." and the fenced block after it.
func readmeCodes(t *testing.T) map[problem.Code]string {
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[problem.Code]string{}
	var code problem.Code
	var in, fenced bool
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "### Problem codes":
			in = true
		case in && strings.HasPrefix(line, "#"):
			in = false
		case !in:
		case strings.HasPrefix(line, "- `"):
			c, _, _ := strings.Cut(strings.TrimPrefix(line, "- `"), "`")
			code = problem.Code(c)
		case strings.TrimSpace(line) == "```":
			fenced = !fenced
		case fenced && code != "":
			out[code] = strings.TrimSpace(line)
			code = ""
		}
	}
	return out
}

// TestProblemCodes builds, for each code, a site with that problem, runs
// gen check --format json on it, and checks that a problem with the code
// is reported, as the README's example of the code says.
func TestProblemCodes(t *testing.T) {
	examples := readmeCodes(t)
	tested := map[problem.Code]bool{}
	for _, tc := range codeSites {
		tested[tc.code] = true
		t.Run(string(tc.code), func(t *testing.T) {
			files := map[string]string{
				"gen.toml":              "title = \"Small\"\nbaseURL = \"https://example.org/\"\n",
				"content/briefs/one.md": cleanBrief("", "Text."),
			}
			links := map[string]string{}
			for name, data := range tc.files {
				if target, ok := strings.CutPrefix(data, "-> "); ok {
					links[name] = target
					continue
				}
				files[name] = data
			}
			dir := newSite(t, files)
			for name, target := range links {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			_, out, errOut := gen(t, "check", "--format", "json", "-s", dir)
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				var p problem.Problem
				if err := json.Unmarshal([]byte(line), &p); err != nil {
					t.Fatalf("%q is not a JSON problem: %v (stderr %q)", line, err, errOut)
				}
				if p.Code == "" {
					t.Errorf("problem %q has no code", p)
				}
				if p.Code == tc.code {
					got = append(got, p.String())
				}
			}
			if len(got) == 0 {
				t.Fatalf("no problem with code %s in:\n%s", tc.code, out)
			}
			want, ok := examples[tc.code]
			if !ok {
				t.Fatalf("the README's Problem codes list has no example of %s; this site gives %q", tc.code, got[0])
			}
			prefix, cut := strings.CutSuffix(want, "…")
			for _, g := range got {
				if g == want || cut && strings.HasPrefix(g, prefix) {
					return
				}
			}
			t.Errorf("the README's example of %s is\n%s\nbut gen check says\n%s", tc.code, want, strings.Join(got, "\n"))
		})
	}
	for code := range examples {
		if !tested[code] {
			t.Errorf("the README lists %s, which no case here produces", code)
		}
	}
}
