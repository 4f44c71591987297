package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAddTaxonomy checks the README's claim that a taxonomy is one line of
// gen.toml: with the line, a brief's people get an index page, a page and
// feeds each, links from the brief, news metadata and a place in search;
// without it, the people key is an unknown frontmatter key. The options
// of the line turn each part off or change it.
func TestAddTaxonomy(t *testing.T) {
	brief := func(title, date, people string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\ncompanies: [Acme]\npeople: [" + people + "]\n---\nText.\n"
	}
	files := func(taxonomies string) map[string]string {
		return map[string]string{
			"gen.toml":              "title = \"People site\"\nbaseURL = \"https://example.org/\"\n" + taxonomies,
			"content/briefs/one.md": brief("One", "2025-01-01T09:00:00Z", "Ada Lovelace"),
			"content/briefs/two.md": brief("Two", "2025-01-02T09:00:00Z", "ada lovelace, Grace Hopper"),
		}
	}
	const termPage = "people/ada-lovelace/index.html"
	tests := []struct {
		name     string
		config   string
		present  []string
		absent   []string
		contains map[string][]string
		lacks    map[string][]string
	}{
		{
			name:    "one line",
			config:  "[taxonomies]\npeople = { singular = \"Person\", about = \"Person\" }\n",
			present: []string{"people/index.html", termPage, "people/grace-hopper/index.html", "people/ada-lovelace/index.xml", "people/ada-lovelace/atom.xml", "people/ada-lovelace/feed.json"},
			contains: map[string][]string{
				"people/index.html":             {"<h1>People</h1>", ">Ada Lovelace</a>", ">Grace Hopper</a>", ">Person<span class=\"sort-arrow\" aria-hidden=\"true\"></span></button>"},
				termPage:                        {"<h1>Ada Lovelace</h1>", ">One</a>", ">Two</a>", `type="application/rss+xml"`},
				"people/ada-lovelace/index.xml": {"<title>One</title>", "<title>Two</title>"},
				"briefs/two/index.html": {`<h2>People</h2>`, `>Ada Lovelace</a>`, `>Grace Hopper</a>`,
					`<meta property="article:tag" content="Grace Hopper">`, `"about":[{"@type":"Organization","name":"Acme"`, `{"@type":"Person","name":"Ada Lovelace"`},
				"search/index.html": {`by <a href="../people/">person</a> and by`, "key points, companies, topics and people."},
				"search/meta.js":    {`{"name":"people","bit":2,"weight":4}`, `"base":32`},
				"search/d0.js":      {`["Acme"],[],["Ada Lovelace","Grace Hopper"],[]`},
				"sitemap.xml":       {"https://example.org/people/ada-lovelace/"},
			},
		},
		{
			name:    "feeds and search off, one brief a page",
			config:  "[taxonomies.people]\nfeeds = false\nsearch = false\npaginate = 1\n",
			present: []string{termPage, "people/ada-lovelace/page/2/index.html"},
			absent:  []string{"people/ada-lovelace/index.xml", "people/ada-lovelace/atom.xml", "people/ada-lovelace/feed.json"},
			contains: map[string][]string{
				"people/index.html":     {">Ada Lovelace</a>"},
				"briefs/two/index.html": {`<h2>People</h2>`, `>Grace Hopper</a>`},
				"search/meta.js":        {`"base":16`},
			},
			lacks: map[string][]string{
				termPage:                {`href="index.xml"`, "Follow Ada Lovelace"},
				"search/meta.js":        {"people"},
				"search/d0.js":          {"Grace Hopper"},
				"briefs/two/index.html": {`"@type":"Person"`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			code, out, errOut := gen(t, "build", "-s", newSite(t, files(tt.config)), "-d", dest, "-q")
			if code != 0 {
				t.Fatalf("build: exit %d: %s %s", code, out, errOut)
			}
			got := tree(t, dest)
			for _, p := range tt.present {
				if _, ok := got[p]; !ok {
					t.Errorf("%s is missing", p)
				}
			}
			for _, p := range tt.absent {
				if _, ok := got[p]; ok {
					t.Errorf("%s is written; the taxonomy's options leave it out", p)
				}
			}
			for p, wants := range tt.contains {
				for _, w := range wants {
					if !strings.Contains(got[p].data, w) {
						t.Errorf("%s lacks %q", p, w)
					}
				}
			}
			for p, wants := range tt.lacks {
				for _, w := range wants {
					if strings.Contains(got[p].data, w) {
						t.Errorf("%s has %q", p, w)
					}
				}
			}
			// The brief links to each of its people's pages.
			linked := map[string]bool{}
			for _, link := range pageLinks(t, got["briefs/two/index.html"].data) {
				if target, ok := resolve("briefs/two/index.html", link); ok {
					linked[target] = true
				}
			}
			for _, p := range []string{termPage, "people/grace-hopper/index.html"} {
				if !linked[p] {
					t.Errorf("briefs/two/index.html does not link to %s", p)
				}
			}
		})
	}

	t.Run("without the line", func(t *testing.T) {
		code, _, errOut := gen(t, "build", "-s", newSite(t, files("")), "-d", filepath.Join(t.TempDir(), "public"), "-q")
		if code == 0 || !strings.Contains(errOut, `content/briefs/one.md:5: people: unknown key`) {
			t.Errorf("build without [taxonomies] people: exit %d, %s; want the unknown key people", code, errOut)
		}
	})
}

// TestTaxonomySpellingsAgree builds one site under gen.toml files that say
// the same thing in different words and checks that every output file is
// byte for byte the same: [companies.NAME] and
// [taxonomies.companies.terms.NAME] are one setting, and the built-in
// taxonomies written out with their default options are the defaults.
func TestTaxonomySpellingsAgree(t *testing.T) {
	content := map[string]string{
		"content/briefs/one.md":   "---\ntitle: One\ndate: 2025-01-01T09:00:00Z\ncompanies: [AWS, Acme]\ntopics: [ai]\nregion: eu\n---\nText.\n",
		"content/briefs/two.md":   "---\ntitle: Two\ndate: 2025-01-02T09:00:00Z\ncompanies: [Amazon]\ntopics: [AI, chips]\n---\nText.\n",
		"content/briefs/three.md": "---\ntitle: Three\ndate: 2025-01-03T09:00:00Z\ncompanies: [Amazon Web Services]\n---\nText.\n",
	}
	const head = "title = \"Same\"\nbaseURL = \"https://example.org/\"\n"
	configs := []struct{ name, toml string }{
		{"[companies.NAME]", head + "[companies.\"Amazon Web Services\"]\naliases = [\"AWS\"]\nparent = \"Amazon\"\n"},
		{"[taxonomies.companies.terms.NAME]", head + "[taxonomies.companies.terms.\"Amazon Web Services\"]\naliases = [\"AWS\"]\nparent = \"Amazon\"\n"},
		{"defaults written out", head + `[taxonomies.companies]
title = "Companies"
singular = "Company"
key = "companies"
feeds = true
search = true
similar_terms = true
related_weight = 2
about = "Organization"
paginate = 20

[taxonomies.companies.terms."Amazon Web Services"]
aliases = ["AWS"]
parent = "Amazon"

[taxonomies.topics]
title = "Topics"
singular = "Topic"
related_weight = 1
`},
	}
	var want map[string]fileState
	for i, c := range configs {
		files := map[string]string{"gen.toml": c.toml}
		for k, v := range content {
			files[k] = v
		}
		dest := filepath.Join(t.TempDir(), "public")
		if code, out, errOut := gen(t, "build", "-s", newSite(t, files), "-d", dest, "-q"); code != 0 {
			t.Fatalf("%s: build: %s %s", c.name, out, errOut)
		}
		got := tree(t, dest)
		if i == 0 {
			want = got
			if !strings.Contains(got["companies/amazon/index.html"].data, "Via") {
				t.Fatalf("%s: the parent's page does not list its subsidiary's briefs", c.name)
			}
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files, want %d", c.name, len(got), len(want))
		}
		for p, st := range want {
			// .gen-output records a hash of the inputs, gen.toml's bytes too.
			if got[p].data != st.data && p != ".gen-output" {
				t.Errorf("%s: %s differs from the build with %s", c.name, p, configs[0].name)
			}
		}
	}
}

// TestLayoutsBeforeTaxonomies builds a site whose own layouts use
// .Companies and .Topics, as layouts did before taxonomies came from
// gen.toml, on a brief and on the entries of a list: they still work.
func TestLayoutsBeforeTaxonomies(t *testing.T) {
	site := newSite(t, map[string]string{
		"gen.toml":                         "title = \"Old layouts\"\n",
		"content/briefs/one.md":            "---\ntitle: One\ndate: 2025-01-01T09:00:00Z\ncompanies: [Acme]\ntopics: [ai, chips]\n---\nText.\n",
		"layouts/brief.html":               `{{define "main"}}<p id="terms">{{range .Companies}}C:{{.Name}} {{end}}{{range .Topics}}T:{{.Name}} {{end}}</p>{{end}}`,
		"layouts/partials/brief-list.html": `{{range .pages}}<p class="entry">{{.Title}}:{{range .Companies}} {{.Name}}{{end}}</p>{{end}}`,
	})
	dest := filepath.Join(t.TempDir(), "public")
	if code, out, errOut := gen(t, "build", "-s", site, "-d", dest, "-q"); code != 0 {
		t.Fatalf("build: exit %d: %s %s", code, out, errOut)
	}
	got := tree(t, dest)
	for file, want := range map[string]string{
		"briefs/one/index.html":   `<p id="terms">C:Acme T:ai T:chips </p>`,
		"topics/chips/index.html": `<p class="entry">One: Acme</p>`,
	} {
		if !strings.Contains(got[file].data, want) {
			t.Errorf("%s lacks %q", file, want)
		}
	}
}
