package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/sitetest"
	"golang.org/x/net/html"
)

// gen runs the command line and returns its exit code and output.
func gen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// newSite writes files (path → content) into a temp site folder.
func newSite(t *testing.T, files map[string]string) string {
	t.Helper()
	return sitetest.Write(t, files)
}

var smallSite = map[string]string{
	"gen.toml":              "title = \"Small\"\nbaseURL = \"https://example.org/\"\n",
	"content/briefs/one.md": "---\ntitle: One\ndate: 2025-01-01T09:00:00Z\ncompanies: [Acme]\ntopics: [ai]\n---\nText [two](two.md).\n",
	"content/briefs/two.md": "---\ntitle: Two\ndate: 2025-01-02T09:00:00Z\ncompanies: [Acme]\n---\nText.\n",
	"content/about.md":      "---\ntitle: About\n---\nAbout.\n",
	"static/images/a.svg":   "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
}

// fileState is a file's bytes and modification time.
type fileState struct {
	data    string
	modTime time.Time
}

// tree reads every file under dir.
func tree(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	files := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = fileState{string(data), info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestUsageErrors(t *testing.T) {
	site := newSite(t, smallSite)
	tests := []struct {
		args     []string
		code     int
		inStderr string
		inStdout string
	}{
		{nil, 2, "usage: gen <command>", ""},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`, ""},
		{[]string{"build", "--no-such-flag"}, 2, "flag provided but not defined: -no-such-flag", ""},
		{[]string{"build", "-s", site, "extra"}, 2, `unexpected argument "extra"`, ""},
		{[]string{"build", "-s", filepath.Join(site, "nope")}, 2, "is not a folder", ""},
		{[]string{"build", "-s", site, "--baseURL", "example.org"}, 2, `--baseURL: "example.org" is not an absolute URL`, ""},
		{[]string{"build", "-s", site, "--draft"}, 2, "flag provided but not defined: -draft (did you mean --drafts?)", ""},
		{[]string{"build", "-s", site, "-d", site}, 2, "refusing destination", ""},
		{[]string{"build", "-h"}, 0, "", "--destination DIR"},
		{[]string{"build", "--help"}, 0, "", "--baseURL URL"},
		{[]string{"help", "build"}, 0, "", "-q, --quiet"},
		{[]string{"help"}, 0, "", "build"},
		{[]string{"help", "-h"}, 0, "", "usage: gen <command>"},
		{[]string{"--help"}, 0, "", "usage: gen <command>"},
		{[]string{"version"}, 0, "", "gen "},
		{[]string{"version", "-h"}, 0, "", "usage: gen version"},
		{[]string{"help", "nope"}, 2, `unknown command "nope"`, ""},
	}
	for _, tt := range tests {
		code, out, errOut := gen(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.inStderr) || !strings.Contains(out, tt.inStdout) {
			t.Errorf("gen %q: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				tt.args, code, out, errOut, tt.code, tt.inStdout, tt.inStderr)
		}
	}
}

func TestQuietPrintsNothing(t *testing.T) {
	site := newSite(t, smallSite)
	code, out, errOut := gen(t, "build", "-s", site, "-q")
	if code != 0 || out != "" || errOut != "" {
		t.Fatalf("gen build -q: exit %d, stdout %q, stderr %q; want 0 and no output", code, out, errOut)
	}
}

func TestSummary(t *testing.T) {
	site := newSite(t, smallSite)
	code, out, _ := gen(t, "build", "-s", site)
	if code != 0 {
		t.Fatal(out)
	}
	// 2 briefs, about, home, briefs section, 2 taxonomies, 2 terms, the
	// digest index and its one week, search, 404. Feeds: the site, the
	// section, 2 terms and the digest. Static files: 2 CSS, 2 scripts.
	want := regexp.MustCompile(`(?m)^Built .*public in \d+ ms\n  13 pages \(2 briefs\), 2 terms, 5 feeds, 4 static files\n  13 of 13 pages re-rendered \(\d+ files written, 0 unchanged\)\n$`)
	if !want.MatchString(out) {
		t.Errorf("summary:\n%s\nwant it to match %s", out, want)
	}
	_, out, _ = gen(t, "build", "-s", site)
	if !strings.Contains(out, "(0 files written, ") {
		t.Errorf("second build of the same site wrote files:\n%s", out)
	}
}

// TestFailedBuildKeepsOutput breaks a good site in several ways and checks
// that each failed build leaves public/ exactly as it was, bytes and times.
func TestFailedBuildKeepsOutput(t *testing.T) {
	breakages := map[string]struct{ file, data string }{
		"bad frontmatter": {"content/briefs/one.md", "---\ntitle: [unclosed\n---\n"},
		"missing link":    {"content/briefs/one.md", "---\ntitle: One\ndate: 2025-01-01\n---\n[x](gone.md)\n"},
		"broken layout":   {"layouts/brief.html", "{{define \"main\"}}{{.Nope}}{{end}}"},
		"bad config":      {"gen.toml", "titel = \"x\"\n"},
		"bad partial":     {"layouts/partials/header.html", "{{partial \"missing.html\" .}}"},
	}
	for name, br := range breakages {
		t.Run(name, func(t *testing.T) {
			site := newSite(t, smallSite)
			if code, out, errOut := gen(t, "build", "-s", site); code != 0 {
				t.Fatalf("first build: %s %s", out, errOut)
			}
			before := tree(t, filepath.Join(site, "public"))
			writeFile(t, filepath.Join(site, br.file), []byte(br.data))
			code, _, errOut := gen(t, "build", "-s", site)
			if code != 1 {
				t.Fatalf("broken build: exit %d, want 1; stderr %s", code, errOut)
			}
			if !strings.Contains(errOut, br.file) {
				t.Errorf("error does not name %s:\n%s", br.file, errOut)
			}
			after := tree(t, filepath.Join(site, "public"))
			if len(after) != len(before) {
				t.Fatalf("public/ had %d files, now %d", len(before), len(after))
			}
			for p, st := range before {
				if after[p] != st {
					t.Errorf("%s changed", p)
				}
			}
			entries, _ := os.ReadDir(site)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".gen-") {
					t.Errorf("staging folder %s left behind", e.Name())
				}
			}
		})
	}
}

// TestDeterministic builds the example site twice into different folders
// and compares every byte.
func TestDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dest := range []string{a, b} {
		if code, out, errOut := gen(t, "build", "-s", "../..", "-d", dest, "-q", "--no-cache"); code != 0 {
			t.Fatalf("build: %s %s", out, errOut)
		}
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) || len(ta) < 50 {
		t.Fatalf("builds have %d and %d files", len(ta), len(tb))
	}
	for p, st := range ta {
		if tb[p].data != st.data {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestUnchangedFilesKeepTimes checks that a rebuild leaves the times of
// unchanged files alone and rewrites only what changed.
func TestUnchangedFilesKeepTimes(t *testing.T) {
	site := newSite(t, smallSite)
	public := filepath.Join(site, "public")
	if code, _, errOut := gen(t, "build", "-s", site); code != 0 {
		t.Fatal(errOut)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for p := range tree(t, public) {
		if err := os.Chtimes(filepath.Join(public, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	// Change one brief's text: its page changes, as does the feed (summary).
	writeFile(t, filepath.Join(site, "content/briefs/two.md"), []byte("---\ntitle: Two\ndate: 2025-01-02T09:00:00Z\ncompanies: [Acme]\n---\nNew text.\n"))
	if code, _, errOut := gen(t, "build", "-s", site); code != 0 {
		t.Fatal(errOut)
	}
	for p, st := range tree(t, public) {
		changed := !st.modTime.Equal(old)
		feed := strings.HasSuffix(p, "index.xml") || strings.HasSuffix(p, "atom.xml") || strings.HasSuffix(p, "feed.json")
		want := p == "briefs/two/index.html" || p == "index.html" || feed ||
			p == "briefs/index.html" || p == "companies/acme/index.html" || p == "briefs/one/index.html" ||
			p == "digest/2025-w01/index.html" || // the week lists the brief with its summary
			p == output.MarkerFile // it records the inputs of the build
		if changed && !want {
			t.Errorf("%s was rewritten though its bytes did not change", p)
		}
		if p == "briefs/two/index.html" && !changed {
			t.Errorf("%s changed but kept its old time", p)
		}
	}
}

func TestRefusedDestinations(t *testing.T) {
	site := newSite(t, smallSite)
	home, _ := os.UserHomeDir()
	for _, dest := range []string{"/", home, site, filepath.Dir(site), filepath.Join(site, "content", "out"), filepath.Join(site, "layouts")} {
		code, _, errOut := gen(t, "build", "-s", site, "-d", dest)
		if code != 2 || !strings.Contains(errOut, "refusing destination") {
			t.Errorf("-d %s: exit %d, stderr %q; want a refusal", dest, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content", "briefs", "one.md")); err != nil {
		t.Fatalf("the site was damaged: %v", err)
	}

	// A folder gen did not build is never replaced.
	other := t.TempDir()
	writeFile(t, filepath.Join(other, "thesis.docx"), []byte("years of work"))
	code, _, errOut := gen(t, "build", "-s", site, "-d", other)
	if code != 2 || !strings.Contains(errOut, "gen did not build it") {
		t.Errorf("-d into a folder of other files: exit %d, stderr %q; want a refusal", code, errOut)
	}
	if data, err := os.ReadFile(filepath.Join(other, "thesis.docx")); err != nil || string(data) != "years of work" {
		t.Fatalf("a folder of other files was damaged: %v", err)
	}
	// An empty folder, and one gen built before, are fine.
	empty := t.TempDir()
	for range 2 {
		if code, _, errOut := gen(t, "build", "-s", site, "-d", empty); code != 0 {
			t.Fatalf("-d into an empty folder, then again: exit %d: %s", code, errOut)
		}
	}
}

// TestExampleSite builds the repository's own site and checks that every
// link and image in every page resolves to a file of the output.
func TestExampleSite(t *testing.T) {
	for _, baseURL := range []string{"https://briefs.example.org/", "file:///tmp/x/"} {
		dest := filepath.Join(t.TempDir(), "public")
		code, out, errOut := gen(t, "build", "-s", "../..", "-d", dest, "--baseURL", baseURL, "--no-cache")
		if code != 0 {
			t.Fatalf("build: %s %s", out, errOut)
		}
		files := tree(t, dest)
		briefs := 0
		for p := range files {
			if strings.HasPrefix(p, "briefs/") && strings.HasSuffix(p, "/index.html") && !strings.Contains(p, "/page/") {
				briefs++
			}
		}
		if briefs < 12 {
			t.Errorf("example site has %d briefs, want at least 12", briefs)
		}
		// region is a taxonomy of the example site, with display names.
		for _, p := range []string{"regions/index.html", "regions/eu/index.html", "regions/eu/index.xml", "topics/ai/index.html"} {
			if _, ok := files[p]; !ok {
				t.Errorf("example site has no %s", p)
			}
		}
		if eu := files["regions/eu/index.html"].data; !strings.Contains(eu, "<h1>EU</h1>") {
			t.Errorf("regions/eu/index.html does not show the configured name EU")
		}
		checked := 0
		for p, st := range files {
			if !strings.HasSuffix(p, ".html") || p == "404.html" {
				continue
			}
			for _, link := range pageLinks(t, st.data) {
				checked++
				if target, ok := resolve(p, link); ok {
					if _, exists := files[target]; !exists {
						t.Errorf("%s (base %s): link %q resolves to %s, which is not in the output", p, baseURL, link, target)
					}
				}
			}
		}
		if checked < 500 {
			t.Errorf("only %d links checked", checked)
		}
	}
}

// pageLinks returns the href and src values of a page.
func pageLinks(t *testing.T, page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					links = append(links, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return links
}

// resolve maps a relative link on the page at file to the output file it
// names; ok is false for links that leave the site.
func resolve(file, link string) (string, bool) {
	if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") || strings.HasPrefix(link, "#") {
		return "", false
	}
	if i := strings.IndexAny(link, "?#"); i >= 0 {
		link = link[:i]
	}
	target := filepath.ToSlash(filepath.Join(filepath.Dir(file), link))
	if strings.HasSuffix(link, "/") || link == "" || link == "." {
		target += "/index.html"
	}
	return strings.TrimPrefix(target, "./"), true
}

// TestConcurrentBuilds runs builds into one folder at once: they take
// turns, every one succeeds, and the folder ends up complete.
func TestConcurrentBuilds(t *testing.T) {
	site := newSite(t, smallSite)
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, errOut := gen(t, "build", "-s", site, "-d", ref, "-q"); code != 0 {
		t.Fatal(errOut)
	}
	want := tree(t, ref)
	dest := filepath.Join(t.TempDir(), "public")
	for round := range 5 {
		codes := make(chan int, 4)
		for range 4 {
			go func() {
				code, _, _ := gen(t, "build", "-s", site, "-d", dest, "-q")
				codes <- code
			}()
		}
		for range 4 {
			if code := <-codes; code != 0 {
				t.Fatalf("round %d: a build exited %d", round, code)
			}
		}
		got := tree(t, dest)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d files, want %d", round, len(got), len(want))
		}
		for p, st := range want {
			if got[p].data != st.data {
				t.Errorf("round %d: %s differs", round, p)
			}
		}
	}
}
