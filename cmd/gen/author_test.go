package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestInitThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tech-desk")
	code, out, errOut := gen(t, "init", dir)
	if code != 0 {
		t.Fatalf("gen init: %d %s %s", code, out, errOut)
	}
	for _, f := range []string{"gen.toml", "content/about.md", "content/briefs/welcome-to-your-briefs-site.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("gen init did not create %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "layouts")); err == nil {
		t.Error("gen init copied layouts; the embedded theme should serve")
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "gen.toml"))
	for _, key := range []string{`title = "Tech desk"`, "# baseURL", "language", "timezone", "paginate", "# [publisher]", "# [markdown]", "# [taxonomies]", "# [taxonomies.companies.terms."} {
		if !strings.Contains(string(cfg), key) {
			t.Errorf("gen.toml lacks %q:\n%s", key, cfg)
		}
	}
	if code, out, errOut := gen(t, "build", "-s", dir); code != 0 {
		t.Fatalf("the new site does not build: %s %s", out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/briefs/welcome-to-your-briefs-site/index.html")); err != nil {
		t.Error("the example brief was not built")
	}
	// The build's output and its cache stay out of version control.
	if ignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); !strings.Contains(string(ignore), "public/\n") || !strings.Contains(string(ignore), ".gen/\n") {
		t.Errorf(".gitignore does not leave out public/ and .gen/:\n%s", ignore)
	}
	if entries, err := os.ReadDir(filepath.Join(dir, ".gen/cache")); err != nil || len(entries) != 5 {
		t.Errorf("the build did not leave its caches (pages, files, cards, the cards' index and the output's cards) in .gen/cache: %v %v", entries, err)
	}

	// Not over a non-empty folder, unless --force, and never over a file.
	if code, _, errOut := gen(t, "init", dir); code != 1 || !strings.Contains(errOut, "is not empty") {
		t.Errorf("gen init on a site: %d %s", code, errOut)
	}
	writeFile(t, filepath.Join(dir, "content/about.md"), []byte("---\ntitle: Mine\n---\nMy words.\n"))
	os.Remove(filepath.Join(dir, "content/briefs/_index.md"))
	code, out, _ = gen(t, "init", dir, "--force")
	if code != 0 || !strings.Contains(out, "kept     content/about.md") || !strings.Contains(out, "created  content/briefs/_index.md") {
		t.Errorf("gen init --force: %d\n%s", code, out)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "content/about.md")); string(data) != "---\ntitle: Mine\n---\nMy words.\n" {
		t.Error("gen init --force overwrote a file")
	}
}

func TestNew(t *testing.T) {
	site := newSite(t, map[string]string{
		"gen.toml": "title = \"New\"\ntimezone = \"Asia/Tokyo\"\n[companies.\"Amazon Web Services\"]\naliases = [\"AWS\"]\n",
	})
	before := time.Now()
	code, out, errOut := gen(t, "new", "brief", "Chipmaker delays its new fab: what it means", "-s", site, "--company", "aws", "--company", "Intel", "--topic", "chips")
	if code != 0 {
		t.Fatalf("gen new brief: %d %s", code, errOut)
	}
	path := strings.TrimSpace(out)
	if want := filepath.Join(site, "content/briefs/chipmaker-delays-its-new-fab-what-it-means.md"); path != want {
		t.Fatalf("wrote %s, want %s", path, want)
	}
	data, _ := os.ReadFile(path)
	brief := string(data)
	for _, want := range []string{
		`title: 'Chipmaker delays its new fab: what it means'`,
		"draft: true",
		"companies: [Amazon Web Services, Intel]",
		"topics: [chips]",
		"+09:00\n",
		"## What happened\n",
		"## Why it matters\n",
		"## Also read\n",
	} {
		if !strings.Contains(brief, want) {
			t.Errorf("new brief lacks %q:\n%s", want, brief)
		}
	}
	if !strings.Contains(brief, before.In(time.FixedZone("", 9*3600)).Format("2006-01-02T")) {
		t.Errorf("the date is not today in the site's time zone:\n%s", brief)
	}
	if code, _, errOut := gen(t, "build", "-s", site, "--drafts", "-q"); code != 0 {
		t.Fatalf("the site does not build with the new brief: %s", errOut)
	}

	// Refusals.
	writeFile(t, path, []byte("my work"))
	if code, _, errOut := gen(t, "new", "brief", "Chipmaker delays its new fab: what it means", "-s", site); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second gen new brief: %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(path); string(data) != "my work" {
		t.Error("gen new brief overwrote a file")
	}
	for _, headline := range []string{"", "   ", "!!! ???"} {
		if code, _, errOut := gen(t, "new", "brief", headline, "-s", site); code != 1 || !strings.Contains(errOut, "no letter or digit") {
			t.Errorf("gen new brief %q: %d %s", headline, code, errOut)
		}
	}
	if code, _, _ := gen(t, "new", "brief", "-s", site); code != 2 {
		t.Errorf("gen new brief without a headline: %d, want 2", code)
	}
	if code, _, _ := gen(t, "new", "post", "x", "-s", site); code != 2 {
		t.Errorf("gen new post: %d, want 2", code)
	}

	// The site's own archetype.
	writeFile(t, filepath.Join(site, "layouts/archetypes/brief.md"), []byte("---\ntitle: {{yaml .Title}}\ndate: {{.Date.Format \"2006-01-02\"}}\ndraft: true\n---\nOur house style.\n"))
	code, out, errOut = gen(t, "new", "brief", "House style", "-s", site)
	if code != 0 {
		t.Fatalf("gen new brief with an archetype: %s", errOut)
	}
	if data, _ := os.ReadFile(strings.TrimSpace(out)); !strings.Contains(string(data), "Our house style.") {
		t.Errorf("the site's archetype was not used:\n%s", data)
	}

	// A page.
	code, out, errOut = gen(t, "new", "page", "our-team", "-s", site)
	if code != 0 || strings.TrimSpace(out) != filepath.Join(site, "content/our-team.md") {
		t.Fatalf("gen new page: %d %s %s", code, out, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(site, "content/our-team.md")); !strings.Contains(string(data), "title: Our team") {
		t.Errorf("new page:\n%s", data)
	}
	if code, _, _ := gen(t, "new", "page", "x", "--company", "AWS", "-s", site); code != 2 {
		t.Errorf("gen new page --company: %d, want 2", code)
	}
	for _, p := range []string{"../escape", "/tmp/abs", "notes/x.txt", "a/../../b"} {
		if code, _, errOut := gen(t, "new", "page", p, "-s", site); code != 1 || !strings.Contains(errOut, p) {
			t.Errorf("gen new page %s: %d %s", p, code, errOut)
		}
	}
	if code, _, errOut := gen(t, "new", "page", "our-team", "-s", site); code != 1 || !strings.Contains(errOut, "choose another path") {
		t.Errorf("gen new page over a page: %d %s", code, errOut)
	}
}

func TestImportRefusals(t *testing.T) {
	site := newSite(t, map[string]string{"content/briefs/x.md": "---\ntitle: X\ndate: 2025-01-01\n---\n"})
	for name, c := range map[string]struct{ data, msg string }{
		"empty.txt":  {"  \n\n", "empty or is not text"},
		"binary.bin": {"\x00\x01\x02", "empty or is not text"},
		"latin1.txt": {"One line.\ncaf\xe9 society", "not UTF-8 text (byte 0xE9 on line 2): save it as UTF-8"},
		"utf16.txt":  {"\xff\xfeH\x00i\x00", "UTF-16 text: save it as UTF-8"},
	} {
		writeFile(t, filepath.Join(site, name), []byte(c.data))
		if code, _, errOut := gen(t, "import", "-s", site, filepath.Join(site, name)); code != 1 || !strings.Contains(errOut, c.msg) {
			t.Errorf("gen import %s: %d %s", name, code, errOut)
		}
	}
	writeFile(t, filepath.Join(site, "copy.txt"), []byte("What happened: X\n\nMore.\n"))
	out := filepath.Join(site, "content/briefs/x.md")
	if code, _, errOut := gen(t, "import", "-s", site, "--out", out, filepath.Join(site, "copy.txt")); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("gen import over a file: %d %s", code, errOut)
	}
	if code, _, errOut := gen(t, "import", "-s", site, "--out", filepath.Join(site, "x.txt"), filepath.Join(site, "copy.txt")); code != 2 || !strings.Contains(errOut, "a brief is a .md file") {
		t.Errorf("gen import --out x.txt: %d %s", code, errOut)
	}
	if code, _, _ := gen(t, "import", "-s", site); code != 2 {
		t.Errorf("gen import without a file: %d, want 2", code)
	}
}

// TestNewBriefTerms gives a new brief the terms of every taxonomy: --term
// for those gen.toml adds, folded through their configured names, with
// an empty list for each taxonomy given nothing, in the site's order.
func TestNewBriefTerms(t *testing.T) {
	site := newSite(t, map[string]string{
		"gen.toml": "[taxonomies.regions]\nkey = \"region\"\n[taxonomies.regions.terms.EU]\naliases = [\"European Union\"]\n[taxonomies.people]\n",
	})
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
		stderr   string
	}{
		{"people and a region", []string{"--term", "people=Ada Lovelace", "--term", "regions=european union", "--term", "people=ada lovelace", "--topic", "chips"}, 0,
			[]string{"companies: []\ntopics: [chips]\nregion: [EU]\npeople: [Ada Lovelace]\n"}, ""},
		{"nothing given", nil, 0, []string{"companies: []\ntopics: []\nregion: []\npeople: []\n"}, ""},
		{"a taxonomy the site lacks", []string{"--term", "products=Widget"}, 1, nil,
			`gen new brief: the site has no taxonomy "products": add [taxonomies.products] to gen.toml, or use one of companies, topics, regions, people`},
		{"no =", []string{"--term", "Ada"}, 2, nil, "--term Ada: write the taxonomy, =, and the term"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"new", "brief", fmt.Sprintf("Headline %d", i), "-s", site}, tt.args...)
			code, out, errOut := gen(t, args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("gen %q: exit %d, %s; want %d, %q", args, code, errOut, tt.code, tt.stderr)
			}
			if code != 0 {
				return
			}
			data, _ := os.ReadFile(strings.TrimSpace(out))
			for _, want := range tt.contains {
				if !strings.Contains(string(data), want) {
					t.Errorf("new brief lacks %q:\n%s", want, data)
				}
			}
		})
	}
	if code, _, errOut := gen(t, "build", "-s", site, "--drafts", "-q"); code != 0 {
		t.Fatalf("the site does not build with the new briefs: %s", errOut)
	}
}
