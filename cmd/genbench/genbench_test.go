package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/theme"
	"github.com/pelletier/go-toml/v2"
)

// writeFiles writes files, by slash path, under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	page     = "<!doctype html><html><head><title>A page</title></head><body>Hello</body></html>"
	redirect = `<!DOCTYPE html><html><head><title>/</title><meta http-equiv="refresh" content="0; url=/"></head></html>`
)

func TestReadPageSet(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"index.html":                page,
		"404.html":                  page,
		"briefs/a/index.html":       page,
		"briefs/page/2/index.html":  page,
		"page/1/index.html":         redirect,
		"briefs/page/1/index.html":  strings.ReplaceAll(redirect, "http-equiv", "HTTP-EQUIV"),
		"index.xml":                 "<rss/>",
		"briefs/index.xml":          "<rss/>",
		"feed.json":                 "{}",
		".gen-output":               "",
		"companies/c-1/notes.html":  page,
		"companies/c-1/index.html":  page,
		"companies/index.html":      page,
		"topics/t-1/page/2/x.html":  page,
		"topics/t-1/feed.json":      "{}",
		"topics/t-1/index.html":     page,
		"topics/t-1/page/2/index.h": "not html",
	})
	ps, err := readPageSet(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantPages := []string{"/", "/404.html", "/briefs/a/", "/briefs/page/2/", "/companies/",
		"/companies/c-1/", "/companies/c-1/notes.html", "/topics/t-1/", "/topics/t-1/page/2/x.html"}
	if !slices.Equal(ps.Pages, wantPages) {
		t.Errorf("Pages = %q\nwant %q", ps.Pages, wantPages)
	}
	if want := []string{"/briefs/page/1/", "/page/1/"}; !slices.Equal(ps.Redirects, want) {
		t.Errorf("Redirects = %q, want %q", ps.Redirects, want)
	}
	if got, want := countsOf(ps.OtherFiles), "1 .gen-output, 1 .h, 2 .json, 2 .xml"; got != want {
		t.Errorf("OtherFiles = %s, want %s", got, want)
	}
}

func TestComparePages(t *testing.T) {
	a := &pageSet{Pages: []string{"/", "/a/", "/b/"}}
	b := &pageSet{Pages: []string{"/", "/b/", "/c/", "/d/"}, Redirects: []string{"/page/1/"}}
	var out bytes.Buffer
	if comparePages(&out, a, b, 1) {
		t.Fatal("comparePages says different sets are the same")
	}
	for _, want := range []string{"1 pages only gen wrote:\n  /a/\n", "2 pages only Hugo wrote:\n  /c/\n  ... and 1 more\n", "gen 0, Hugo 1 (/page/1/)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if !comparePages(&out, a, a, 20) || !strings.Contains(out.String(), "Page sets match.") {
		t.Errorf("comparePages of a set with itself:\n%s", out.String())
	}
}

func TestFilesWritten(t *testing.T) {
	w, u, err := filesWritten("Built public in 1.2 s\n  139 pages (45 briefs)\n  0 files written, 406 unchanged\n")
	if err != nil || w != 0 || u != 406 {
		t.Errorf("filesWritten = %d, %d, %v; want 0, 406, nil", w, u, err)
	}
	if _, _, err := filesWritten("Built public\n"); err == nil {
		t.Error("filesWritten of output without the line: no error")
	}
}

func TestMedian(t *testing.T) {
	s := median([]sample{{Wall: 3, CPU: 1, RSS: 10}, {Wall: 1, CPU: 5, RSS: 30}, {Wall: 2, CPU: 3, RSS: 20}})
	if s.Wall != 2 || s.CPU != 3 || s.RSS != 20 {
		t.Errorf("median of three = %+v", s)
	}
	if s := median([]sample{{Wall: 2}, {Wall: 4}}); s.Wall != 3 {
		t.Errorf("median of two = %v, want 3", s.Wall)
	}
}

// TestHugoSite checks the embedded Hugo site: every layout the comparison
// relies on is there and not empty, and hugo.toml is TOML of the simple
// kind it is written in, mapping gen's two taxonomies.
func TestHugoSite(t *testing.T) {
	dir := t.TempDir()
	if err := writeHugoSite(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hugo.toml", "layouts/index.html", "layouts/404.html",
		"layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/_default/list.html",
		"layouts/_default/terms.html", "layouts/_default/term.html", "layouts/_default/_markup/render-link.html",
		"layouts/partials/pager-of.html"} {
		if name != "hugo.toml" {
			name = "themes/bench/" + name
		}
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", name, err)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var config struct {
		Theme      string
		Paginate   int
		Pagination struct{ PagerSize int }
		Taxonomies map[string]string
		Markup     struct {
			Highlight struct{ CodeFences, NoClasses bool }
		}
	}
	if err := toml.Unmarshal(data, &config); err != nil {
		t.Fatalf("hugo.toml: %v", err)
	}
	if config.Theme != "bench" || config.Paginate != 20 || config.Pagination.PagerSize != 20 ||
		config.Taxonomies["company"] != "companies" || config.Taxonomies["topic"] != "topics" ||
		!config.Markup.Highlight.CodeFences || config.Markup.Highlight.NoClasses {
		t.Errorf("hugo.toml: %+v, want theme bench, 20 briefs a page for Hugo 0.111 and current Hugo, taxonomies company and topic, code highlighted into classes", config)
	}
	css, _ := os.ReadFile(filepath.Join(dir, "themes/bench/static/css/gen.css"))
	want, _ := fs.ReadFile(theme.FS, "static/css/gen.css")
	if len(want) == 0 || !bytes.Equal(css, want) {
		t.Error("the Hugo theme's style sheet is not gen's")
	}
}

// TestHugoMatchesGen builds a small corpus with gen (built from this
// module) and with Hugo and compares their pages: a new kind of page in
// gen must get its counterpart in testdata/hugo, or the timings compare
// different work. It runs the hugo on PATH, or the one GENBENCH_HUGO
// names.
func TestHugoMatchesGen(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not building gen and running Hugo")
	}
	hugo, err := exec.LookPath("hugo")
	if h := os.Getenv("GENBENCH_HUGO"); h != "" {
		hugo, err = h, nil // another Hugo, such as the one compare builds
	}
	if err != nil {
		const msg = "hugo is not on PATH (apt-get install -y --no-install-recommends hugo): not comparing gen's pages with Hugo's"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; .ci/run installs it")
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	// 600 briefs make every kind of page, pagers of terms included.
	if err := corpus.Write(site, 600); err != nil {
		t.Fatal(err)
	}
	if err := writeHugoSite(site); err != nil {
		t.Fatal(err)
	}
	gen := filepath.Join(dir, "gen")
	if out, err := exec.Command("go", "build", "-o", gen, "github.com/gen-briefs/gen/cmd/gen").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	genOut, hugoOut := filepath.Join(dir, "gen-out"), filepath.Join(dir, "hugo-out")
	if _, err := measure(site, gen, "build", "-s", site, "-d", genOut, "-q"); err != nil {
		t.Fatal(err)
	}
	if _, err := measure(site, hugo, "--quiet", "--noBuildLock", "-s", site, "-d", hugoOut); err != nil {
		t.Fatal(err)
	}
	g, err := readPageSet(genOut)
	if err != nil {
		t.Fatal(err)
	}
	h, err := readPageSet(hugoOut)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if !comparePages(&out, g, h, 20) {
		t.Errorf("gen and Hugo (theme in cmd/genbench/testdata/hugo) wrote different pages:\n%s", out.String())
	}
	// Every page, not a sample: the content of each kind of page matches.
	var diff bytes.Buffer
	bad, err := compareContent(&diff, genOut, hugoOut, g.Pages, 10)
	if err != nil {
		t.Fatal(err)
	}
	if bad > 0 {
		t.Errorf("gen's and Hugo's pages show different content:\n%s", diff.String())
	}
	for _, kind := range []string{"home", "home pager", "section", "section pager", "brief", "taxonomy", "term", "term pager", "404"} {
		if !slices.ContainsFunc(g.Pages, func(p string) bool { return pageKind(p) == kind }) {
			t.Errorf("the corpus has no page of kind %q to compare", kind)
		}
	}
	if len(h.Redirects) == 0 {
		t.Error("Hugo wrote no /page/1/ redirects: is the alias rule still needed?")
	}
	// The theme's link hook resolves links to other briefs as gen does.
	// Both highlight code blocks with chroma.
	var found, highlighted bool
	fs.WalkDir(os.DirFS(hugoOut), "briefs", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, "index.html") {
			data, _ := os.ReadFile(filepath.Join(hugoOut, path))
			found = found || bytes.Contains(data, []byte(`href="../../briefs/brief-000`))
			if bytes.Contains(data, []byte(`class="chroma"`)) {
				highlighted = true
				if gen, _ := os.ReadFile(filepath.Join(genOut, path)); !bytes.Contains(gen, []byte(`class="chroma"`)) {
					t.Errorf("%s: Hugo highlights code, gen does not", path)
				}
			}
			if bytes.Contains(data, []byte(`.md"`)) {
				t.Errorf("%s links to a .md file", path)
			}
		}
		return nil
	})
	if !found {
		t.Error("no Hugo brief links to another brief")
	}
	if !highlighted {
		t.Error("Hugo highlighted no code block")
	}
}

func TestParseContent(t *testing.T) {
	const list = `<!doctype html><html><head><title>Acme ·  Briefs</title>
<link rel="stylesheet" href="/css/gen.css"></head><body>
<h1>Acme</h1>
<ol class="brief-list"><li><article class="brief-card"><h3><a href="../../briefs/b-1/">One &amp; two</a></h3>
<ul class="points"><li>First <em>point</em>.</li><li>Second.</li></ul></article></li>
<li><article class="brief-card"><h3><a href="/briefs/b-2/">Two</a></h3><p>No points.</p></article></li></ol>
<section class="related"><ul><li><a href="../../briefs/b-9/">Related, gen only</a></li></ul></section>
<table class="terms-table"><tr data-count="3"><td><a href="../topic-1/">Topic 1</a></td></tr></table>
</body></html>`
	c, err := parseContent(strings.NewReader(list), "/companies/acme/")
	if err != nil {
		t.Fatal(err)
	}
	want := pageContent{
		Title: "Acme · Briefs", Heading: "Acme",
		Briefs:    []string{"/briefs/b-1/", "/briefs/b-2/"},
		KeyPoints: []string{"First point.", "Second."},
		Terms:     []string{"count 3", "/companies/topic-1/"},
	}
	if diffContent(c, &want) != "" || c.Title != want.Title {
		t.Errorf("parseContent = %+v\nwant %+v", c, want)
	}

	const brief = `<html><head><title>B</title></head><body><h1>B</h1>
<section class="key-points"><ul><li>Point.</li></ul></section>
<div class="prose"><h2 id="x"><a href="#x">#</a>X</h2><p><a href="../b-1/">one</a> <a href="https://example.org/">out</a></p></div>
<nav class="prev-next"><a rel="prev" href="../b-0/">Older</a></nav></body></html>`
	c, err = parseContent(strings.NewReader(brief), "/briefs/b-2/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Briefs, []string{"/briefs/b-1/", "/briefs/b-0/"}; !slices.Equal(got, want) {
		t.Errorf("brief links = %q, want %q", got, want)
	}
	if got, want := c.KeyPoints, []string{"Point."}; !slices.Equal(got, want) {
		t.Errorf("key points = %q, want %q", got, want)
	}
	if d := diffContent(c, &pageContent{Title: "B", Heading: "B", Briefs: []string{"/briefs/b-0/", "/briefs/b-1/"}, KeyPoints: c.KeyPoints}); !strings.Contains(d, `brief links: item 1 of 2/2: gen "/briefs/b-1/", Hugo "/briefs/b-0/"`) {
		t.Errorf("diffContent of swapped links = %q", d)
	}
}

func TestPageKind(t *testing.T) {
	for p, want := range map[string]string{
		"/": "home", "/page/2/": "home pager", "/briefs/": "section", "/briefs/page/3/": "section pager",
		"/briefs/b-1/": "brief", "/companies/": "taxonomy", "/topics/t-1/": "term",
		"/topics/t-1/page/2/": "term pager", "/404.html": "404",
	} {
		if got := pageKind(p); got != want {
			t.Errorf("pageKind(%q) = %q, want %q", p, got, want)
		}
	}
	pages := []string{"/", "/briefs/a/", "/briefs/b/", "/briefs/c/", "/briefs/d/", "/briefs/e/"}
	if got, want := samplePages(pages, 100), []string{"/", "/briefs/a/", "/briefs/b/", "/briefs/e/"}; !slices.Equal(got, want) {
		t.Errorf("samplePages = %q, want %q", got, want)
	}
}

func TestTopTemplates(t *testing.T) {
	out := "Start building sites … \n\nTemplate Metrics:\n\n" +
		"     cumulative       average  template\n" +
		"       duration      duration  \n" +
		"     ----------      --------  --------\n" +
		"  5.0s  1.0s  index.html\n  4.0s  1.0s  single.html\n  3.0s  1.0s  term.html\n\n  Pages | 10\n"
	got := topTemplates(out, 2)
	if !strings.HasPrefix(got, "     cumulative") || !strings.HasSuffix(got, "single.html") || strings.Contains(got, "term.html") {
		t.Errorf("topTemplates(out, 2) =\n%s", got)
	}
	if got := topTemplates(out, 10); !strings.HasSuffix(got, "term.html") {
		t.Errorf("topTemplates(out, 10) =\n%s", got)
	}
	if got := topTemplates("no metrics", 10); !strings.Contains(got, "no template metrics") {
		t.Errorf("topTemplates without metrics = %q", got)
	}
}

func TestEditBrief(t *testing.T) {
	site := t.TempDir()
	writeFiles(t, site, map[string]string{"content/briefs/a.md": "A\n", "content/briefs/b.md": "B\n", "content/briefs/c.md": "C\n"})
	name, err := editBrief(site, 2)
	if err != nil || name != "b.md" {
		t.Fatalf("editBrief = %q, %v; want b.md", name, err)
	}
	data, _ := os.ReadFile(filepath.Join(site, "content/briefs/b.md"))
	if string(data) != "B\n\nA sentence added in round 2.\n" {
		t.Errorf("b.md after the edit: %q", data)
	}
}
