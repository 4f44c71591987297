package main

import (
	"html"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// migrateCases are the small sites of testdata/migrate, each in the shape
// its tool uses, with the redirects and the report lines an import of it
// must give.
var migrateCases = []struct {
	name, from, source string
	args               []string
	// redirects maps each old URL to the new URL it must redirect to.
	redirects map[string]string
	// notes are places the report must name, each as FILE:LINE: and the
	// start of the reason (FILE from the source root).
	notes []string
	// skipped are the sources the report must list as skipped.
	skipped []string
}{
	{
		name: "hugo", from: "hugo", source: "testdata/migrate/hugo",
		redirects: map[string]string{
			"/2024/03/foundry-fab-delay/":                      "/briefs/foundry-fab-delay/",
			"/old/fab-delay/":                                  "/briefs/foundry-fab-delay/",
			"/2024/02/new-export-rules-for-lithography-tools/": "/briefs/export-rules/",
		},
		notes: []string{
			`content/about.md:4: unknown key "menu" kept under params`,
			`content/about.md:1: the slug "about" is taken in the site: imported as "about-2"`,
			`content/about.md:1: the old URL /about/ cannot be redirected: it is the URL of content/about.md in the site`,
			`content/posts/export-rules.md:6: unknown key "keywords" kept under params`,
			`content/posts/export-rules.md:12: the image https://cdn.example.net/licence-diagram.png stays on another site`,
			`content/posts/export-rules.md:33: raw HTML is left as it is, and gen leaves it out`,
			`content/posts/fab-delay/index.md:12: unknown key "series" kept under params`,
			`content/posts/fab-delay/index.md:13: unknown key "weight" kept under params`,
			`content/posts/fab-delay/index.md:27: the shortcode {{< notice warning >}} has no gen equivalent`,
			`content/posts/fab-delay/index.md:29: the closing shortcode {{< /notice >}}`,
		},
		skipped: []string{"content/_index.md: a section's list page"},
	},
	{
		name: "jekyll", from: "jekyll", source: "testdata/migrate/jekyll",
		redirects: map[string]string{
			"/news/2019/08/19/fab-tour.html": "/briefs/fab-tour/",
			"/analysis/memory-prices/":       "/briefs/memory-prices/",
			"/team.html":                     "/team/",
		},
		notes: []string{
			`_posts/2019-08-19-fab-tour.markdown:2: unknown key "layout" kept under params`,
			`_posts/2019-08-19-fab-tour.markdown:8: unknown key "comments" kept under params`,
			`_posts/2019-08-19-fab-tour.markdown:26: {% include subscribe.html %} is left as it is`,
			`_posts/2020-01-07-memory-prices.md:13: the Liquid tag {% if page.comments %} is left as it is`,
			`_posts/2020-01-07-memory-prices.md:13: the Liquid tag {% endif %} is left as it is`,
			`_drafts/supply-outlook.md:1: no date`,
			`team.md:2: unknown key "layout" kept under params`,
		},
		skipped: []string{"README.md: no frontmatter", "index.md: the home or error page"},
	},
	{
		name: "wordpress", from: "wordpress", source: "testdata/migrate/wordpress/export.xml",
		args: []string{"--uploads", "testdata/migrate/wordpress/uploads"},
		redirects: map[string]string{
			"/2023/05/17/gpu-rack-shortage/":  "/briefs/gpu-rack-shortage/",
			"/2023/06/02/chip-startup-round/": "/briefs/chip-startup-round/",
			"/newsroom/":                      "/newsroom/",
		},
		notes: []string{
			`:94: the series term "Money week" kept under params`,
			`:103: the image https://images.example.net/founders.jpg stays on another site`,
			`:107: the shortcode [gallery ids="21,22,23"] is left as text`,
			`:94: the custom field "round_size" kept under params`,
			`:94: 1 comment not imported`,
		},
		skipped: []string{`:24: attachment "https://ledger.example.com/wp-content/uploads/2023/05/gpu-rack.png"`, `:177: item "Home" of type nav_menu_item`},
	},
}

// todoLine is a report's line for a place that needs a person.
var todoLine = regexp.MustCompile(`^  TODO \S+:\d+: \S`)

// reportItem matches a report's line for an imported file.
var reportItem = regexp.MustCompile(`(?m)^(content/\S+) ← (.+) \((brief|page)(, draft)?, at (\S+)\)$`)

// TestImportFromSites imports each small site of testdata/migrate into a
// fresh gen init site, after a dry run that must write nothing and print
// the same report, and checks that the site builds, that every old URL
// redirects to the new page, that no sentence of a published source is
// missing from its built page, that the report names every leftover at its
// file and line, and that a second import refuses to overwrite.
func TestImportFromSites(t *testing.T) {
	for _, tc := range migrateCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site := filepath.Join(t.TempDir(), "site")
			if code, out, errOut := gen(t, "init", site); code != 0 {
				t.Fatalf("gen init: exit %d\n%s%s", code, out, errOut)
			}
			before := siteFiles(t, site)
			args := append([]string{"import", "-s", site, "--from", tc.from, tc.source}, tc.args...)
			code, dry, errOut := gen(t, append(args, "--dry-run")...)
			if code != 0 {
				t.Fatalf("gen import --dry-run: exit %d\n%s%s", code, dry, errOut)
			}
			if after := siteFiles(t, site); !maps.Equal(before, after) {
				t.Errorf("--dry-run changed the site")
			}
			code, report, errOut := gen(t, args...)
			if code != 0 {
				t.Fatalf("gen import: exit %d\n%s%s", code, report, errOut)
			}
			if want := report + "dry run: nothing written\n"; dry != want {
				t.Errorf("the dry run's report differs from the import's:\n%s", firstDiff(want, dry))
			}
			for _, n := range tc.notes {
				file, rest, _ := strings.Cut(n, ":")
				want := "TODO " + filepath.Join(tc.source, file) + ":" + rest
				if tc.from == "wordpress" {
					want = "TODO " + tc.source + n
				}
				if !strings.Contains(report, want) {
					t.Errorf("the report lacks %q:\n%s", want, report)
				}
			}
			for _, l := range strings.Split(report, "\n") {
				if strings.HasPrefix(l, "  TODO ") && !todoLine.MatchString(l) {
					t.Errorf("a TODO line without FILE:LINE: %q", l)
				}
			}
			for _, s := range tc.skipped {
				want := "skipped " + filepath.Join(tc.source, s)
				if tc.from == "wordpress" {
					want = "skipped " + tc.source + s
				}
				if !strings.Contains(report, want) {
					t.Errorf("the report lacks %q:\n%s", want, report)
				}
			}
			if code, out, errOut := gen(t, "build", "-s", site); code != 0 {
				t.Fatalf("gen build: exit %d\n%s%s", code, out, errOut)
			}
			public := filepath.Join(site, "public")
			for old, want := range tc.redirects {
				if old == want {
					if !strings.Contains(report, "at "+want+")") {
						t.Errorf("%s: no page at its old URL:\n%s", old, report)
					}
					continue
				}
				checkRedirect(t, public, old, want)
			}
			checked := 0
			items := reportItem.FindAllStringSubmatch(report, -1)
			if len(items) == 0 {
				t.Fatalf("the report names no imported file:\n%s", report)
			}
			for _, it := range items {
				target, source, draft, newURL := it[1], it[2], it[4] != "", it[5]
				if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(target))); err != nil {
					t.Errorf("the report names %s, which was not written: %v", target, err)
				}
				if draft {
					continue
				}
				page := readText(t, filepath.Join(public, filepath.FromSlash(newURL), "index.html"))
				for _, s := range proseSentences(sourceBody(t, source)) {
					checked++
					if !strings.Contains(page, s) {
						t.Errorf("%s: the sentence %q of %s is not on the built page", newURL, s, source)
					}
				}
			}
			if checked < 6 {
				t.Errorf("only %d sentences of the sources were compared, want at least 6", checked)
			}
			// A second import refuses, and writes nothing.
			imported := siteFiles(t, site)
			code, out, errOut := gen(t, args...)
			if code == 0 || !strings.Contains(errOut, "imported before") || !strings.Contains(errOut, "nothing written") {
				t.Errorf("a second import: exit %d, want a refusal naming the posts imported before\n%s%s", code, out, errOut)
			}
			if after := siteFiles(t, site); !maps.Equal(imported, after) {
				t.Errorf("the refused import changed the site")
			}
		})
	}
}

// TestImportFromMap checks that --map sends a source key to another
// taxonomy: Jekyll's tags to companies.
func TestImportFromMap(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if code, out, errOut := gen(t, "init", site); code != 0 {
		t.Fatalf("gen init: exit %d\n%s%s", code, out, errOut)
	}
	code, report, errOut := gen(t, "import", "-s", site, "--from", "jekyll", "--map", "tags=companies", "testdata/migrate/jekyll")
	if code != 0 {
		t.Fatalf("gen import: exit %d\n%s%s", code, report, errOut)
	}
	brief := readText(t, filepath.Join(site, "content", "briefs", "fab-tour", "index.md"))
	for _, want := range []string{"companies: [fabs, tours]", "topics: [news]"} {
		if !strings.Contains(brief, want) {
			t.Errorf("the brief lacks %q:\n%s", want, brief)
		}
	}
	if !strings.Contains(report, "tags → companies") {
		t.Errorf("the report does not say tags went to companies:\n%s", report)
	}
	code, _, errOut = gen(t, "import", "-s", site, "--from", "jekyll", "--map", "tags=people", "--dry-run", "testdata/migrate/jekyll")
	if code == 0 || !strings.Contains(errOut, `no taxonomy with the key "people"`) {
		t.Errorf("--map to a taxonomy the site lacks: exit %d, %s", code, errOut)
	}
}

// checkRedirect checks that the page at old in public sends readers to
// want.
func checkRedirect(t *testing.T, public, old, want string) {
	t.Helper()
	file := filepath.Join(public, filepath.FromSlash(old))
	if strings.HasSuffix(old, "/") {
		file = filepath.Join(file, "index.html")
	}
	page := readText(t, file)
	m := regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Errorf("%s: no refresh in the redirect page:\n%s", old, page)
		return
	}
	base, _ := url.Parse("https://example.org" + old)
	to, err := base.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Errorf("%s: the redirect's target %q: %v", old, m[1], err)
		return
	}
	if got := strings.TrimSuffix(to.Path, "index.html"); got != want {
		t.Errorf("%s redirects to %s, want %s", old, got, want)
	}
	if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(want), "index.html")); err != nil {
		t.Errorf("%s redirects to %s, which was not built: %v", old, want, err)
	}
}

// sourceBody returns the body of a source as the report names it: a
// Markdown file without its frontmatter, or a WordPress item's HTML
// (export.xml:LINE).
func sourceBody(t *testing.T, source string) string {
	t.Helper()
	if file, line, ok := strings.Cut(source, ".xml:"); ok {
		lines := strings.Split(readText(t, file+".xml"), "\n")
		n := 0
		for _, c := range line {
			n = n*10 + int(c-'0')
		}
		item := strings.Join(lines[n-1:], "\n")
		item, _, _ = strings.Cut(item, "</item>")
		_, body, _ := strings.Cut(item, "<content:encoded><![CDATA[")
		body, _, _ = strings.Cut(body, "]]></content:encoded>")
		return body
	}
	text := readText(t, source)
	for _, delim := range []string{"---\n", "+++\n"} {
		if rest, ok := strings.CutPrefix(text, delim); ok {
			_, body, _ := strings.Cut(rest, "\n"+delim)
			return body
		}
	}
	if strings.HasPrefix(text, "{") {
		_, body, _ := strings.Cut(text, "\n}\n")
		return body
	}
	return text
}

var (
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	anyTag      = regexp.MustCompile(`<[^>]*>`)
	mdImage     = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkText  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	wpCaption   = regexp.MustCompile(`\[/?caption[^\]]*\]`)
	sentenceRE  = regexp.MustCompile(`[^.!?]+[.!?]`)
)

// proseSentences returns the sentences of prose in a source body: lines with a
// shortcode or Liquid tag, and code, are left out; markup is dropped.
func proseSentences(body string) []string {
	body = htmlComment.ReplaceAllString(body, "\n")
	var out []string
	fenced := false
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			continue
		}
		if fenced || strings.Contains(l, "{{") || strings.Contains(l, "{%") || strings.Contains(l, "[gallery") {
			continue
		}
		l = wpCaption.ReplaceAllString(l, " ")
		l = anyTag.ReplaceAllString(l, " ")
		l = mdImage.ReplaceAllString(l, " ")
		l = mdLinkText.ReplaceAllString(l, "$1")
		l = strings.NewReplacer("*", "", "`", "").Replace(l)
		for _, s := range sentenceRE.FindAllString(l, -1) {
			s = strings.Join(strings.Fields(s), " ")
			if len(strings.Fields(s)) >= 4 {
				out = append(out, s)
			}
		}
	}
	return out
}

// readText returns a built page's or a source's text: for HTML, the text
// without tags and entities, with gen's typographic quotes made plain and
// spaces collapsed.
func readText(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if strings.HasSuffix(file, ".html") {
		if !strings.Contains(s, "http-equiv=\"refresh\"") {
			s = anyTag.ReplaceAllString(s, " ")
			s = html.UnescapeString(s)
			s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(s)
			s = strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// siteFiles returns every file of a folder with its content.
func siteFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestImportFromUsage checks the answers to an import from another
// generator given wrongly: each names what to do, and writes nothing.
func TestImportFromUsage(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if code, out, errOut := gen(t, "init", site); code != 0 {
		t.Fatalf("gen init: exit %d\n%s%s", code, out, errOut)
	}
	before := siteFiles(t, site)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--from", "rss", "testdata/migrate/hugo"}, exitFailed, `--from "rss": gen imports from hugo, jekyll, wordpress`},
		{[]string{"--from", "hugo"}, exitBadUsage, "gen import --from hugo: give the folder of the site"},
		{[]string{"--from", "wordpress"}, exitBadUsage, "gen import --from wordpress: give the WordPress export (an .xml file)"},
		{[]string{"--from", "wordpress", "testdata/migrate/hugo"}, exitBadUsage, "give a folder for hugo and jekyll, the export file for wordpress"},
		{[]string{"--from", "hugo", "testdata/migrate/wordpress/export.xml"}, exitBadUsage, "give a folder for hugo and jekyll, the export file for wordpress"},
		{[]string{"--dry-run", "testdata/migrate/hugo"}, exitBadUsage, "--uploads, --map and --dry-run go with --from hugo, jekyll or wordpress"},
		{[]string{"--from", "hugo", "--uploads", "x", "testdata/migrate/hugo"}, exitBadUsage, "--uploads goes with --from wordpress"},
		{[]string{"--from", "hugo", "--out", "x.md", "testdata/migrate/hugo"}, exitBadUsage, "--out is for one file of copy"},
		{[]string{"--from", "jekyll", "--map", "tags", "testdata/migrate/jekyll"}, exitBadUsage, "--map tags: write the source key, =, and the taxonomy's key"},
		{[]string{"--from", "jekyll", "testdata/migrate/hugo"}, exitFailed, "testdata/migrate/hugo has no _posts folder: give the folder of a Jekyll site"},
		{[]string{"--from", "hugo", "testdata/migrate/jekyll"}, exitFailed, "testdata/migrate/jekyll has no content folder: give the folder of a Hugo site"},
		{[]string{"--from", "hugo", "testdata/migrate/none"}, exitFailed, "testdata/migrate/none"},
		{[]string{"--from", "wordpress", "testdata/migrate/jekyll/_config.yml"}, exitFailed, "give a WordPress export"},
	}
	for _, tc := range cases {
		code, out, errOut := gen(t, append([]string{"import", "-s", site}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("gen import %s: exit %d, want %d with %q\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.want, out, errOut)
		}
	}
	if after := siteFiles(t, site); !maps.Equal(before, after) {
		t.Errorf("a refused import changed the site")
	}
}
