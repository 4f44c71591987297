package model

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/sitetest"
)

// now is the build time of the test sites.
var now = time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)

// buildSite writes files (paths from the site root; "gen.toml" included
// when given) into a temporary folder and builds the site from it through
// config.Load and content.Load. A zero opts.Now means now.
func buildSite(t *testing.T, files map[string]string, opts Options) (*Site, error) {
	t.Helper()
	dir := sitetest.Write(t, files)
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	tree, err := content.Load(context.Background(), dir, cfg.Location)
	if err != nil {
		t.Fatalf("content: %v", err)
	}
	if opts.Now.IsZero() {
		opts.Now = now
	}
	return Build(cfg, tree, markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe}), opts)
}

func mustBuild(t *testing.T, files map[string]string, opts Options) *Site {
	t.Helper()
	s, err := buildSite(t, files, opts)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return s
}

// brief returns the text of a brief file with the given title and date and
// any extra frontmatter lines, and a short body.
func brief(title, date string, extra ...string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + strings.Join(extra, "\n") + "\n---\nBody of " + title + ".\n"
}

func urls(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.URL)
	}
	return out
}

func names(ts []*Term) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

func wantURLs(t *testing.T, what string, got []*Page, want ...string) {
	t.Helper()
	if g := urls(got); !reflect.DeepEqual(g, want) {
		t.Errorf("%s = %q, want %q", what, g, want)
	}
}

// errorLines lists the messages of a joined error.
func errorLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

func TestBuildSite(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"gen.toml":                 "title = \"Test Briefs\"\npaginate = 2\n",
		"content/_index.md":        "---\ntitle: Welcome\n---\nHello *home*.\n",
		"content/about.md":         "---\ntitle: About us\n---\nWho we are.\n",
		"content/briefs/_index.md": "---\ntitle: All briefs\nsummary: Every brief.\n---\n",
		"content/briefs/old.md":    brief("Old news", "2026-01-01"),
		"content/briefs/mid.md":    brief("Mid news", "2026-03-01T10:00:00Z", "slug: middle"),
		"content/briefs/new.md":    brief("New news", "2026-07-01", "aliases: [/2026/new/, old-new.html]"),
		"content/docs/guide.md":    "---\ntitle: Guide\n---\n",
		"content/images/logo.svg":  "<svg/>",
	}, Options{})

	wantURLs(t, "Briefs", s.Briefs, "/briefs/new/", "/briefs/middle/", "/briefs/old/")
	wantURLs(t, "Home.Pages", s.Home.Pages, "/briefs/new/", "/briefs/middle/", "/briefs/old/")
	wantURLs(t, "Sections", s.Sections, "/briefs/", "/docs/")
	wantURLs(t, "Pages", s.Pages, "/about/", "/docs/guide/")
	if s.Home.Title != "Welcome" || !strings.Contains(string(s.Home.Content), "<em>home</em>") {
		t.Errorf("home title %q content %q: want the _index.md's", s.Home.Title, s.Home.Content)
	}
	if sec := s.Sections[0]; sec.Title != "All briefs" || sec.Summary != "Every brief." || sec.Kind != KindSection {
		t.Errorf("briefs section = %q %q %q", sec.Title, sec.Summary, sec.Kind)
	}
	if sec := s.Sections[1]; sec.Title != "Docs" || sec.Source != nil {
		t.Errorf("docs section without _index.md: title %q", sec.Title)
	}
	if s.NotFound == nil || s.NotFound.URL != "/404.html" {
		t.Errorf("NotFound = %+v", s.NotFound)
	}

	old, mid, newest := s.Briefs[2], s.Briefs[1], s.Briefs[0]
	if old.Kind != KindBrief || old.Slug != "old" || mid.Slug != "middle" {
		t.Errorf("kinds and slugs: %q %q %q", old.Kind, old.Slug, mid.Slug)
	}
	if newest.Prev != mid || newest.Next != nil || mid.Prev != old || mid.Next != newest || old.Prev != nil || old.Next != mid {
		t.Error("Prev/Next: Prev must be the next older brief and Next the next newer one")
	}
	if !reflect.DeepEqual(newest.Aliases, []string{"/2026/new/", "/old-new.html"}) {
		t.Errorf("Aliases = %q", newest.Aliases)
	}

	var renders []string
	for _, r := range s.Renders {
		renders = append(renders, r.Path)
	}
	wantRenders := []string{
		"404.html",
		"about/index.html",
		"briefs/index.html",
		"briefs/middle/index.html",
		"briefs/new/index.html",
		"briefs/old/index.html",
		"briefs/page/2/index.html",
		"companies/index.html",
		"digest/2026-w01/index.html",
		"digest/2026-w09/index.html",
		"digest/2026-w27/index.html",
		"digest/index.html",
		"docs/guide/index.html",
		"docs/index.html",
		"index.html",
		"page/2/index.html",
		"search/index.html",
		"topics/index.html",
	}
	if !reflect.DeepEqual(renders, wantRenders) {
		t.Errorf("Renders =\n%q\nwant\n%q", renders, wantRenders)
	}
	for _, r := range s.Renders {
		if r.Path == "page/2/index.html" && (r.Page != s.Home || r.Pager == nil || r.Pager.Number != 2 || len(r.Pager.Pages) != 1) {
			t.Errorf("page/2: %+v", r)
		}
	}
	var redirects []string
	for _, r := range s.Redirects {
		redirects = append(redirects, r.Path+" -> "+r.Target.URL)
	}
	if want := []string{"2026/new/index.html -> /briefs/new/", "old-new.html -> /briefs/new/"}; !reflect.DeepEqual(redirects, want) {
		t.Errorf("Redirects = %q, want %q", redirects, want)
	}
	if len(s.Assets) != 1 || s.Assets[0].Path != "images/logo.svg" {
		t.Errorf("Assets = %+v", s.Assets)
	}
}

func TestBuildEmptySite(t *testing.T) {
	s := mustBuild(t, nil, Options{})
	if len(s.Briefs) != 0 || s.Home == nil || s.Home.Title != "Briefs" {
		t.Fatalf("empty site: %+v", s)
	}
	var renders []string
	for _, r := range s.Renders {
		renders = append(renders, r.Path)
	}
	if want := []string{"404.html", "companies/index.html", "digest/index.html", "index.html", "search/index.html", "topics/index.html"}; !reflect.DeepEqual(renders, want) {
		t.Errorf("Renders = %q, want %q", renders, want)
	}
}

func TestBuildDraftsAndFuture(t *testing.T) {
	files := map[string]string{
		"content/briefs/published.md": brief("Published", "2026-07-01"),
		"content/briefs/draft.md":     brief("Draft", "2026-07-02", "draft: true"),
		"content/briefs/future.md":    brief("Future", "2026-09-01"),
		"content/briefs/later.md":     brief("Later today", "2026-08-01T12:00:01Z"),
		"content/draft-page.md":       "---\ntitle: Draft page\ndraft: true\n---\n",
	}
	tests := []struct {
		name   string
		opts   Options
		briefs []string
		pages  []string
	}{
		{"default", Options{}, []string{"/briefs/published/"}, nil},
		{"drafts", Options{Drafts: true}, []string{"/briefs/draft/", "/briefs/published/"}, []string{"/draft-page/"}},
		{"future", Options{Future: true}, []string{"/briefs/future/", "/briefs/later/", "/briefs/published/"}, nil},
		{"both", Options{Drafts: true, Future: true}, []string{"/briefs/future/", "/briefs/later/", "/briefs/draft/", "/briefs/published/"}, []string{"/draft-page/"}},
		{"later now", Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, []string{"/briefs/future/", "/briefs/later/", "/briefs/published/"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustBuild(t, files, tt.opts)
			wantURLs(t, "Briefs", s.Briefs, tt.briefs...)
			wantURLs(t, "Pages", s.Pages, tt.pages...)
			for _, p := range s.Briefs {
				if p.Draft != (p.Title == "Draft") {
					t.Errorf("%s: Draft = %v", p.URL, p.Draft)
				}
				future := p.Date.After(now)
				if !tt.opts.Now.IsZero() {
					future = p.Date.After(tt.opts.Now)
				}
				if p.Future != future {
					t.Errorf("%s: Future = %v, want %v", p.URL, p.Future, future)
				}
			}
		})
	}
}

const companiesConfig = `
[companies.Amazon]
aliases = ["Amazon.com"]

[companies."Amazon Web Services"]
aliases = ["AWS"]
parent = "Amazon"

[companies.Alphabet]

[companies.Google]
aliases = ["Google Cloud"]
parent = "Alphabet"

[companies.YouTube]
parent = "Google"
`

func TestBuildCompanies(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"gen.toml":                   companiesConfig,
		"content/briefs/a.md":        brief("AWS outage", "2026-07-05", "companies: [aws]"),
		"content/briefs/b.md":        brief("AWS and Amazon", "2026-07-04", "companies: [Amazon Web Services, amazon.com, AWS]"),
		"content/briefs/c.md":        brief("Amazon retail", "2026-07-03", "companies: [AMAZON]"),
		"content/briefs/d.md":        brief("YouTube ads", "2026-07-02", "companies: [youtube]"),
		"content/briefs/e.md":        brief("Nvidia chips", "2026-07-01", "companies: [Nvidia, nvidia]"),
		"content/briefs/no-terms.md": brief("No terms", "2026-06-01"),
	}, Options{})
	tax := s.Taxonomy("companies")
	if tax == nil || tax.URL != "/companies/" || tax.Page == nil || tax.Page.Kind != KindTaxonomy {
		t.Fatalf("companies taxonomy = %+v", tax)
	}
	if got, want := names(tax.Terms), []string{"Alphabet", "Amazon", "Amazon Web Services", "Google", "Nvidia", "YouTube"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("terms = %q, want %q", got, want)
	}
	term := map[string]*Term{}
	for _, tm := range tax.Terms {
		term[tm.Name] = tm
	}
	aws, amazon, youtube, google, alphabet := term["Amazon Web Services"], term["Amazon"], term["YouTube"], term["Google"], term["Alphabet"]

	if aws.Slug != "amazon-web-services" || aws.URL != "/companies/amazon-web-services/" || aws.Taxonomy != "companies" {
		t.Errorf("AWS term slug %q URL %q taxonomy %q", aws.Slug, aws.URL, aws.Taxonomy)
	}
	wantURLs(t, "AWS briefs", aws.Briefs, "/briefs/a/", "/briefs/b/")
	wantURLs(t, "Amazon briefs", amazon.Briefs, "/briefs/b/", "/briefs/c/")
	wantURLs(t, "Amazon term page", amazon.Pages, "/briefs/a/", "/briefs/b/", "/briefs/c/")
	wantURLs(t, "Alphabet term page", alphabet.Pages, "/briefs/d/")
	wantURLs(t, "Google term page", google.Pages, "/briefs/d/")
	if len(alphabet.Briefs) != 0 || alphabet.Count() != 1 || !alphabet.Latest().Equal(s.Briefs[3].Date) {
		t.Errorf("Alphabet: %d own briefs, count %d, latest %v", len(alphabet.Briefs), alphabet.Count(), alphabet.Latest())
	}
	if aws.Parent != amazon || youtube.Parent != google || google.Parent != alphabet || amazon.Parent != nil {
		t.Error("Parent links do not follow the config")
	}
	if got := names(amazon.Children); !reflect.DeepEqual(got, []string{"Amazon Web Services"}) {
		t.Errorf("Amazon children = %q", got)
	}

	a, b, c, d := s.Briefs[0], s.Briefs[1], s.Briefs[2], s.Briefs[3]
	if got := names(b.Terms["companies"]); !reflect.DeepEqual(got, []string{"Amazon Web Services", "Amazon"}) {
		t.Errorf("brief b companies = %q (one term per company, in the order written)", got)
	}
	if got := amazon.Via(a); got != aws {
		t.Errorf("Amazon.Via(AWS brief) = %v, want the AWS term", got)
	}
	if got := amazon.Via(b); got != nil {
		t.Errorf("Amazon.Via(brief naming Amazon) = %v, want nil", got)
	}
	if got := amazon.Via(c); got != nil {
		t.Errorf("Amazon.Via(Amazon brief) = %v, want nil", got)
	}
	if got := alphabet.Via(d); got != youtube {
		t.Errorf("Alphabet.Via(YouTube brief) = %v, want YouTube through Google", got)
	}
	if got := names(term["Nvidia"].Briefs[0].Terms["companies"]); !reflect.DeepEqual(got, []string{"Nvidia"}) {
		t.Errorf("Nvidia brief companies = %q", got)
	}
	if term["Nvidia"].Page == nil || term["Nvidia"].Page.Kind != KindTerm || term["Nvidia"].Page.URL != "/companies/nvidia/" {
		t.Errorf("Nvidia term page = %+v", term["Nvidia"].Page)
	}
}

func TestBuildTopicsFoldCase(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md": brief("A", "2026-07-03", "topics: [ai, Chips]"),
		"content/briefs/b.md": brief("B", "2026-07-02", "topics: [AI]"),
		"content/briefs/c.md": brief("C", "2026-07-01", "topics: [AI, Ai, Antitrust]"),
		"content/briefs/d.md": brief("D", "2026-06-01", "topics: [antitrust, Antitrust law]"),
	}, Options{})
	tax := s.Taxonomy("topics")
	if got, want := names(tax.Terms), []string{"AI", "Antitrust", "Antitrust law", "Chips"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("topics = %q, want %q", got, want)
	}
	ai := tax.Terms[0]
	if ai.Slug != "ai" || ai.URL != "/topics/ai/" {
		t.Errorf("AI term slug %q URL %q", ai.Slug, ai.URL)
	}
	wantURLs(t, "AI briefs", ai.Pages, "/briefs/a/", "/briefs/b/", "/briefs/c/")
	if got := names(s.Briefs[2].Terms["topics"]); !reflect.DeepEqual(got, []string{"AI", "Antitrust"}) {
		t.Errorf("brief c topics = %q", got)
	}
	// Equal counts: the spelling that sorts first wins.
	if got := tax.Terms[1]; got.Name != "Antitrust" || got.Slug != "antitrust" {
		t.Errorf("antitrust term = %q %q", got.Name, got.Slug)
	}
	if ai.Via(s.Briefs[0]) != nil {
		t.Error("a topic has no subsidiaries: Via must be nil")
	}
}

func TestBuildTermSlugsUnique(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md": brief("A", "2026-07-03", "topics: [C++, C plus plus, \"!!!\"]"),
	}, Options{})
	var got []string
	for _, tm := range s.Taxonomy("topics").Terms {
		got = append(got, tm.Name+"="+tm.URL)
	}
	want := []string{"!!!=/topics/term/", "C plus plus=/topics/c-plus-plus/", "C++=/topics/c-plus-plus-2/"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
}

func TestBuildNewestFirstTies(t *testing.T) {
	files := map[string]string{
		"content/briefs/z.md":       brief("Same", "2026-07-01"),
		"content/briefs/a.md":       brief("Same", "2026-07-01"),
		"content/briefs/b.md":       brief("Alpha", "2026-07-01"),
		"content/briefs/newer.md":   brief("Zulu", "2026-07-02"),
		"content/briefs/2026/c.md":  brief("Alpha", "2026-07-01T00:00:00+00:00"),
		"content/briefs/earlier.md": brief("Aaa", "2026-06-30T23:59:59Z"),
	}
	want := []string{"/briefs/newer/", "/briefs/b/", "/briefs/c/", "/briefs/a/", "/briefs/z/", "/briefs/earlier/"}
	for range 5 {
		s := mustBuild(t, files, Options{})
		wantURLs(t, "Briefs", s.Briefs, want...)
	}
}

func TestBuildRelated(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md":            brief("A", "2026-07-05", "related: [b, briefs/c.md, content/briefs/d.md, /briefs/e/, ./briefs/f.md, launch, draft-one]"),
		"content/briefs/b.md":            brief("B", "2026-07-04"),
		"content/briefs/c.md":            brief("C", "2026-07-03"),
		"content/briefs/d.md":            brief("D", "2026-07-02"),
		"content/briefs/e.md":            brief("E", "2026-07-01"),
		"content/briefs/f.md":            brief("F", "2026-06-30"),
		"content/briefs/launch/index.md": brief("Launch", "2026-06-29"),
		"content/briefs/draft-one.md":    brief("Draft", "2026-06-28", "draft: true"),
	}, Options{})
	wantURLs(t, "Related", s.Briefs[0].Related, "/briefs/b/", "/briefs/c/", "/briefs/d/", "/briefs/e/", "/briefs/f/", "/briefs/launch/")
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each must be one line of the error
	}{
		{
			name: "unknown related",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\n\nrelated: [nope]\n---\n",
			},
			want: []string{`content/briefs/a.md:5: related: no brief has the slug or path "nope": use a brief's slug (its file name without .md)`},
		},
		{
			name: "related to itself",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\nrelated: [a]\n---\n",
			},
			want: []string{`content/briefs/a.md:4: related: "a" is this brief itself`},
		},
		{
			name: "duplicate URL",
			files: map[string]string{
				"content/briefs/a-b.md": brief("One", "2026-07-01"),
				"content/briefs/a_b.md": brief("Two", "2026-07-02"),
			},
			want: []string{"content/briefs/a-b.md and content/briefs/a_b.md would both be written to briefs/a-b/index.html: change the slug of one of them"},
		},
		{
			name: "slug collides with file name",
			files: map[string]string{
				"content/briefs/first.md":  brief("One", "2026-07-01"),
				"content/briefs/second.md": brief("Two", "2026-07-02", "slug: first"),
			},
			want: []string{"content/briefs/first.md and content/briefs/second.md would both be written to briefs/first/index.html: change the slug of one of them"},
		},
		{
			name: "alias collides with a page",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\naliases: [/briefs/b/]\n---\n",
				"content/briefs/b.md": brief("B", "2026-07-02"),
			},
			want: []string{"content/briefs/a.md:4: alias /briefs/b/ collides with content/briefs/b.md: remove the alias"},
		},
		{
			name: "alias claimed twice",
			files: map[string]string{
				"content/briefs/a.md": brief("A", "2026-07-01", "aliases: [/old/]"),
				"content/briefs/b.md": "---\ntitle: B\ndate: 2026-07-02\naliases: [old]\n---\n",
			},
			want: []string{"content/briefs/b.md:4: alias /old/ collides with content/briefs/a.md (alias): remove the alias"},
		},
		{
			name: "alias collides with home",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\naliases: [/companies/]\n---\n",
			},
			want: []string{"content/briefs/a.md:4: alias /companies/ collides with the taxonomy page /companies/: remove the alias"},
		},
		{
			name: "bad aliases",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\naliases: [\"https://x.org/a\", /a/../b/, /]\n---\n",
			},
			want: []string{
				`content/briefs/a.md:4: aliases: "https://x.org/a" is not a path on this site: write it as /2026/old-name/`,
				`content/briefs/a.md:4: aliases: "/a/../b/" may not contain . or .. segments: write the full path from the site root`,
				`content/briefs/a.md:4: aliases: "/" does not name a page: write it as /2026/old-name/`,
			},
		},
		{
			name: "aliases naming hidden files, gen's marker among them",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\naliases: [/.gen-output/, /.gen-output, /.gen-output/x/, old/.hidden/page.html, /./, /../]\n---\n",
			},
			want: []string{
				`content/briefs/a.md:4: aliases: "/.gen-output/" would write where .gen-output, the file that marks gen's output folder, must be: remove the alias`,
				`content/briefs/a.md:4: aliases: "/.gen-output" would write where .gen-output, the file that marks gen's output folder, must be: remove the alias`,
				`content/briefs/a.md:4: aliases: "/.gen-output/x/" would write where .gen-output, the file that marks gen's output folder, must be: remove the alias`,
				`content/briefs/a.md:4: aliases: "old/.hidden/page.html" names a hidden file or folder (.hidden), which gen does not write and web servers often refuse to serve: remove the alias, or rename .hidden`,
				`content/briefs/a.md:4: aliases: "/./" may not contain . or .. segments: write the full path from the site root`,
				`content/briefs/a.md:4: aliases: "/../" may not contain . or .. segments: write the full path from the site root`,
			},
		},
		{
			name: "missing title and date",
			files: map[string]string{
				"content/briefs/a.md": "---\ndate: 2026-07-01\n---\n",
				"content/briefs/b.md": "\n---\ntitle: B\n---\n",
				"content/about.md":    "---\nsummary: x\n---\n",
			},
			want: []string{
				"content/about.md:1: title is missing: add a line such as title: What happened, in one line",
				"content/briefs/a.md:1: title is missing: add a line such as title: What happened, in one line",
				"content/briefs/b.md:2: date is missing: a brief needs a date such as date: 2026-07-18T09:30:00Z",
			},
		},
		{
			name: "bad slug",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\nslug: Not A Slug\n---\n",
				"content/briefs/b.md": "---\ntitle: B\ndate: 2026-07-01\nslug: \"???\"\n---\n",
				"content/briefs/+.md": "---\ntitle: C\ndate: 2026-07-01\n---\n",
				"content/briefs/!.md": "---\ntitle: D\ndate: 2026-07-01\n---\n",
			},
			want: []string{
				`content/briefs/!.md:1: the file name "!.md" has no letter or digit to make a URL from: rename the file or set slug`,
				`content/briefs/a.md:4: slug "Not A Slug" is not URL-safe: use "not-a-slug"`,
				`content/briefs/b.md:4: slug "???" has no letter or digit: use lower-case words joined by hyphens`,
			},
		},
		{
			name: "image that does not exist",
			files: map[string]string{
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\nimage: chart.png\n---\n",
			},
			want: []string{`content/briefs/a.md:4: image "chart.png": content/briefs/chart.png does not exist: put the image beside the page (in a bundle folder) or give a URL`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := buildSite(t, tt.files, Options{})
			if err == nil {
				t.Fatalf("no error; briefs %q", urls(s.Briefs))
			}
			if s != nil {
				t.Errorf("Build returned a site beside the error")
			}
			got := errorLines(err)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBuildLinks(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/_index.md":               "---\ntitle: Home\n---\nSee [the briefs](briefs/_index.md) and [b](briefs/b.md).\n",
		"content/about.md":                "---\ntitle: About\n---\n",
		"content/briefs/_index.md":        "---\ntitle: Briefs\n---\n[Home](../_index.md)\n",
		"content/briefs/a.md":             "---\ntitle: A\ndate: 2026-07-02\n---\n[b](b.md) [b part](b.md#numbers) [about](../about.md?x=1) [launch](launch/index.md)\n[chart](launch/chart.png) [logo](../images/logo.svg) [web](https://example.org/x.md) [the bundle](launch/) [section](_index.md)\n",
		"content/briefs/b.md":             brief("B", "2026-07-01", "slug: bee"),
		"content/briefs/launch/index.md":  "---\ntitle: Launch\ndate: 2026-06-01\nslug: liftoff\n---\n![chart](chart.png) [notes](notes.md)\n",
		"content/briefs/launch/chart.png": "png",
		"content/briefs/launch/notes.md":  "resource",
		"content/images/logo.svg":         "<svg/>",
	}, Options{})
	a := s.Briefs[0]
	for _, want := range []string{
		`<a href="/briefs/bee/">b</a>`,
		`<a href="/briefs/bee/#numbers">b part</a>`,
		`<a href="/about/?x=1">about</a>`,
		`<a href="/briefs/liftoff/">launch</a>`,
		`<a href="/briefs/liftoff/chart.png">chart</a>`,
		`<a href="/images/logo.svg">logo</a>`,
		`<a href="https://example.org/x.md">web</a>`,
		`<a href="/briefs/liftoff/">the bundle</a>`,
		`<a href="/briefs/">section</a>`,
	} {
		if !strings.Contains(string(a.Content), want) {
			t.Errorf("brief a lacks %s:\n%s", want, a.Content)
		}
	}
	launch := s.Briefs[2]
	for _, want := range []string{`<img src="/briefs/liftoff/chart.png" alt="chart">`, `<a href="/briefs/liftoff/notes.md">notes</a>`} {
		if !strings.Contains(string(launch.Content), want) {
			t.Errorf("bundle lacks %s:\n%s", want, launch.Content)
		}
	}
	if !strings.Contains(string(s.Home.Content), `<a href="/briefs/">the briefs</a>`) || !strings.Contains(string(s.Home.Content), `<a href="/briefs/bee/">b</a>`) {
		t.Errorf("home content: %s", s.Home.Content)
	}
	if !strings.Contains(string(s.Sections[0].Content), `<a href="/">Home</a>`) {
		t.Errorf("section content: %s", s.Sections[0].Content)
	}
	var assets []string
	for _, as := range s.Assets {
		assets = append(assets, as.Path)
	}
	if want := []string{"briefs/liftoff/chart.png", "briefs/liftoff/notes.md", "images/logo.svg"}; !reflect.DeepEqual(assets, want) {
		t.Errorf("assets = %q, want %q (bundle resources move with the bundle's slug)", assets, want)
	}
}

// A link destination's character references are decoded, as CommonMark
// reads them, before the file is looked up; the #fragment is kept.
func TestBuildLinksWithCharacterReferences(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md":   "---\ntitle: A\ndate: 2026-07-02\n---\n[r&d](r&amp;d.md#x&amp;y) [b](&#98;.md)\n",
		"content/briefs/r&d.md": brief("R and D", "2026-07-01"),
		"content/briefs/b.md":   brief("B", "2026-07-01"),
	}, Options{})
	var a *Page
	for _, p := range s.Briefs {
		if p.Title == "A" {
			a = p
		}
	}
	for _, want := range []string{`<a href="/briefs/r-d/#x&amp;y">r&amp;d</a>`, `<a href="/briefs/b/">b</a>`} {
		if !strings.Contains(string(a.Content), want) {
			t.Errorf("body lacks %s:\n%s", want, a.Content)
		}
	}
}

func TestBuildLinkErrors(t *testing.T) {
	files := map[string]string{
		"content/briefs/a.md":      "---\ntitle: A\ndate: 2026-07-02\n---\nFirst line.\n\nSee [x](missing.md) here.\n\n- [y](draft.md)\n- [z](../../outside.md)\n- [js](java&#x09;script:alert(1))\n",
		"content/briefs/draft.md":  brief("Draft", "2026-07-01", "draft: true"),
		"content/briefs/future.md": brief("Future", "2027-01-01"),
		"content/about.md":         "---\ntitle: About\n---\n[f](briefs/future.md)\n",
	}
	_, err := buildSite(t, files, Options{})
	want := []string{
		`content/briefs/a.md:7: link "missing.md": content/briefs/missing.md does not exist: fix the path (it is relative to this file) or remove the link`,
		`content/briefs/a.md:9: link "draft.md": content/briefs/draft.md is a draft and is not published: publish it or remove the link`,
		`content/briefs/a.md:10: link "../../outside.md" points outside content/: link files in static/ by their path from the site root, such as /images/chart.png`,
		// The whole target, with its character references decoded (it was
		// reported as the file content/briefs/java&).
		`content/briefs/a.md:11: link "java&#x09;script:alert(1)" (read as "java\tscript:alert(1)"): "content/briefs/java\tscript:alert(1)" does not exist: fix the path (it is relative to this file), or link a file in static/ by its path from the site root, such as /images/chart.png`,
		`content/about.md:4: link "briefs/future.md": content/briefs/future.md is dated in the future and is not published: publish it or remove the link`,
	}
	got := errorLines(err)
	if !sameSet(got, want) {
		t.Errorf("errors:\n%s\nwant (any order):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var ce *content.Error
	if !errors.As(err, &ce) {
		t.Errorf("error %T holds no *content.Error", err)
	}

	// With drafts and future pages the same links resolve.
	delete(files, "content/briefs/a.md")
	s := mustBuild(t, files, Options{Drafts: true, Future: true})
	if !strings.Contains(string(s.Pages[0].Content), `href="/briefs/future/"`) {
		t.Errorf("about: %s", s.Pages[0].Content)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s] == 0 {
			return false
		}
		seen[s]--
	}
	return true
}

func TestBuildSummaryAndKeyPoints(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md": brief("A", "2026-07-04", "summary: Given summary."),
		"content/briefs/b.md": "---\ntitle: B\ndate: 2026-07-03\n---\n- Point one\n- Point two\n\nBody text.\n",
		"content/briefs/c.md": "---\ntitle: C\ndate: 2026-07-02\nkey_points: [Front point]\n---\n- Stays in body\n\nLead.\n",
		"content/briefs/d.md": "---\ntitle: D\ndate: 2026-07-01\n---\n## Heading\n\nThe lead paragraph.\n\nMore.\n",
		"content/about.md":    "---\ntitle: About\n---\n- Not taken\n\nAbout text.\n",
	}, Options{})
	a, b, c, d := s.Briefs[0], s.Briefs[1], s.Briefs[2], s.Briefs[3]
	if a.Summary != "Given summary." {
		t.Errorf("a.Summary = %q", a.Summary)
	}
	if !reflect.DeepEqual(b.KeyPoints, []string{"Point one", "Point two"}) || b.Summary != "Point one Point two" || strings.Contains(string(b.Content), "<ul>") {
		t.Errorf("b: key points %q, summary %q, content %s", b.KeyPoints, b.Summary, b.Content)
	}
	if !reflect.DeepEqual(c.KeyPoints, []string{"Front point"}) || !strings.Contains(string(c.Content), "<li>Stays in body</li>") {
		t.Errorf("c: key points %q, content %s", c.KeyPoints, c.Content)
	}
	if d.Summary != "The lead paragraph." || len(d.TOC) != 1 || d.TOC[0].ID != "heading" {
		t.Errorf("d: summary %q, TOC %+v", d.Summary, d.TOC)
	}
	if d.WordCount != 5 || d.ReadingTime != 1 {
		t.Errorf("d: words %d, reading time %d", d.WordCount, d.ReadingTime)
	}
	if about := s.Pages[0]; len(about.KeyPoints) != 0 || !strings.Contains(string(about.Content), "<li>Not taken</li>") {
		t.Errorf("a page's list is not key points: %q %s", about.KeyPoints, about.Content)
	}
}

func TestBuildReadingTime(t *testing.T) {
	body := strings.Repeat("word ", 441)
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\n---\n" + body + "\n",
	}, Options{})
	if p := s.Briefs[0]; p.WordCount != 441 || p.ReadingTime != 3 {
		t.Errorf("words %d, reading time %d; want 441 and 3 (220 a minute, rounded up)", p.WordCount, p.ReadingTime)
	}
}

func TestBuildDraftBundleAssetsLeftOut(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/launch/index.md":  brief("Launch", "2026-07-01", "draft: true"),
		"content/briefs/launch/chart.png": "png",
	}, Options{})
	if len(s.Assets) != 0 {
		t.Errorf("assets of a draft bundle = %+v, want none", s.Assets)
	}
}

func TestBuildAssetCollidesWithPage(t *testing.T) {
	_, err := buildSite(t, map[string]string{
		"content/about.md":            "---\ntitle: About\n---\n",
		"content/about/index.html":    "<p>hand-written</p>",
		"content/briefs/launch/x.txt": "not a bundle",
	}, Options{})
	want := "content/about.md and content/about/index.html would both be written to about/index.html: change the slug of one of them"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestBuildRelatedOnlyBriefs(t *testing.T) {
	s, err := buildSite(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\nrelated: [/about/, about.md]\n---\n",
		"content/about.md":    "---\ntitle: About\n---\n",
	}, Options{})
	for _, want := range []string{
		`content/briefs/a.md:4: related: "/about/" is not a brief: related lists only briefs`,
		`content/briefs/a.md:4: related: "about.md" is not a brief`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want %q", err, want)
		}
	}
	if s != nil {
		t.Errorf("Related = %q", urls(s.Briefs[0].Related))
	}
}

// A file that failed to load is reported once, by content.Load: links to
// it from other pages are not reported again.
func TestBuildLinksToBrokenFiles(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-02\n---\n[b](b.md) [c](c.md)\n",
		"content/briefs/b.md": "---\ntitle: B\ndate: not a date\n---\n",
		"content/briefs/c.md": "---\ndate: 2026-07-01\n---\n",
		"content/briefs/d.md": "---\ntitle: D\ndate: 2026-07-01\n---\n[gone](gone.md)\n",
	})
	tree, err := content.Load(context.Background(), dir, time.UTC)
	if err == nil || !strings.HasPrefix(err.Error(), "content/briefs/b.md:3: date:") {
		t.Fatalf("content.Load error = %v, want one about b.md", err)
	}
	_, err = Build(config.Default(), tree, markdown.New(markdown.Options{}), Options{Now: now})
	want := []string{
		"content/briefs/c.md:1: title is missing: add a line such as title: What happened, in one line",
		`content/briefs/d.md:5: link "gone.md": content/briefs/gone.md does not exist: fix the path (it is relative to this file) or remove the link`,
	}
	if got := errorLines(err); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBuildImages(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/launch/index.md":  brief("Launch", "2026-07-03T10:00:00Z", "image: chart.png", "image_alt: A chart"),
		"content/briefs/launch/chart.png": "png",
		"content/briefs/web.md":           brief("Web", "2026-07-02", "image: https://cdn.example.org/x.png", "image_alt: X"),
		"content/briefs/rooted.md":        brief("Rooted", "2026-07-01", "image: /images/y.png", "image_alt: Y"),
		"content/briefs/day.md":           brief("Day", "2026-06-30"),
	}, Options{})
	got := map[string]string{}
	for _, p := range s.Briefs {
		got[p.Title] = p.Image
	}
	want := map[string]string{"Launch": "/briefs/launch/chart.png", "Web": "https://cdn.example.org/x.png", "Rooted": "/images/y.png", "Day": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("images = %q, want %q", got, want)
	}
	if day := s.Briefs[3]; !day.DateOnly || s.Briefs[0].DateOnly {
		t.Errorf("DateOnly: %v for a day, %v for a time", day.DateOnly, s.Briefs[0].DateOnly)
	}

	_, err := buildSite(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01\nimage: missing.png\nimage_alt: Gone\n---\n",
	}, Options{})
	want2 := `content/briefs/a.md:4: image "missing.png": content/briefs/missing.png does not exist: put the image beside the page (in a bundle folder) or give a URL`
	if err == nil || err.Error() != want2 {
		t.Errorf("error = %v, want %q", err, want2)
	}
}

// TestBuildImageSizes checks which file Options.ImageSize is asked to size
// for each kind of image (an asset beside the page, an asset or a static/
// file by its URL, a URL elsewhere), deferred pages and list pages
// included, and that its sizes and errors reach the pages.
func TestBuildImageSizes(t *testing.T) {
	files := map[string]string{
		"content/briefs/launch/index.md":  brief("Launch", "2026-07-03T10:00:00Z", "image: chart.png", "key_points: [Deferred.]"),
		"content/briefs/launch/chart.png": "png",
		"content/briefs/asset.md":         brief("Asset URL", "2026-07-03T09:00:00Z", "image: /briefs/launch/chart.png"),
		"content/briefs/static.md":        brief("Static", "2026-07-02", "image: /images/y%20z.png?v=1#top"),
		"content/briefs/web.md":           brief("Web", "2026-07-01", "image: https://cdn.example.org/x.png"),
		"content/briefs/proto.md":         brief("Protocol-relative", "2026-06-30", "image: //cdn.example.org/x.png"),
		"content/briefs/hidden.md":        brief("Hidden", "2026-06-29", "image: /.git/x.png"),
		"content/briefs/up.md":            brief("Up", "2026-06-28", "image: /../gen.toml"),
		"content/briefs/_index.md":        "---\ntitle: Briefs\nimage: /images/section.png\n---\n",
		"content/about.md":                "---\ntitle: About\nimage: /images/bad.png\n---\nAbout.\n",
	}
	for _, deferred := range []bool{false, true} {
		var asked sync.Map
		sizes := func(name string) (int, int, error) {
			asked.Store(name, true)
			if name == "static/images/bad.png" {
				return 0, 0, errors.New("unexpected EOF")
			}
			return len(name), 2, nil
		}
		_, err := buildSite(t, files, Options{Defer: deferred, ImageSize: sizes})
		want := `content/about.md:3: image "/images/bad.png": cannot read static/images/bad.png as an image: unexpected EOF: replace the file with a PNG, JPEG, GIF or SVG image, or remove the image line`
		if err == nil || err.Error() != want {
			t.Errorf("defer %v: error = %v, want %q", deferred, err, want)
		}
		delete(files, "content/about.md")
		s := mustBuild(t, files, Options{Defer: deferred, ImageSize: sizes})
		files["content/about.md"] = "---\ntitle: About\nimage: /images/bad.png\n---\nAbout.\n"
		got := map[string]string{}
		for _, p := range append(s.Briefs, s.Sections...) {
			got[p.Title] = fmt.Sprintf("%s %dx%d", p.Image, p.ImageWidth, p.ImageHeight)
		}
		wantSizes := map[string]string{
			"Launch":            "/briefs/launch/chart.png 31x2",
			"Asset URL":         "/briefs/launch/chart.png 31x2",
			"Static":            "/images/y%20z.png?v=1#top 21x2",
			"Web":               "https://cdn.example.org/x.png 0x0",
			"Protocol-relative": "//cdn.example.org/x.png 0x0",
			"Hidden":            "/.git/x.png 0x0",
			"Up":                "/../gen.toml 15x2",
			"Briefs":            "/images/section.png 25x2",
		}
		if !reflect.DeepEqual(got, wantSizes) {
			t.Errorf("defer %v: images = %q, want %q", deferred, got, wantSizes)
		}
		var names []string
		asked.Range(func(k, _ any) bool { names = append(names, k.(string)); return true })
		slices.Sort(names)
		wantNames := []string{"content/briefs/launch/chart.png", "static/gen.toml", "static/images/bad.png", "static/images/section.png", "static/images/y z.png"}
		if !reflect.DeepEqual(names, wantNames) {
			t.Errorf("defer %v: sized %q, want %q", deferred, names, wantNames)
		}
	}
}

// TestKeyPointsKeptBetweenBuilds checks that key points rendered from a
// KeyPointCache are those a build without one renders, through edits and
// from a cache filled from disk, and that the cache lets go of the key
// points the last build did not use.
func TestKeyPointsKeptBetweenBuilds(t *testing.T) {
	cache := NewKeyPointCache()
	versions := [][]string{
		{`"A *first* point"`, `"A [link](https://example.org/) and 'quotes'"`},
		{`"A *first* point"`, `"A **second** point"`},
		{`"A **second** point"`, `"--- not a point, a rule"`},
	}
	for i, points := range versions {
		files := map[string]string{"content/briefs/a.md": brief("A", "2026-03-01", "key_points: ["+strings.Join(points, ", ")+"]")}
		cached := mustBuild(t, files, Options{KeyPoints: cache}).Page("briefs/a.md")
		fresh := mustBuild(t, files, Options{}).Page("briefs/a.md")
		if !reflect.DeepEqual(cached.KeyPoints, fresh.KeyPoints) || !reflect.DeepEqual(cached.KeyPointsHTML, fresh.KeyPointsHTML) {
			t.Errorf("build %d: key points %q %q with the cache, %q %q without", i, cached.KeyPoints, cached.KeyPointsHTML, fresh.KeyPoints, fresh.KeyPointsHTML)
		}
	}
	kept := slices.Sorted(maps.Keys(cache.points))
	if want := []string{"--- not a point, a rule", "A **second** point", "A *first* point"}; !reflect.DeepEqual(kept, want) {
		t.Errorf("the cache keeps %q, want the key points of the last two builds %q", kept, want)
	}
	// The last build's, as written to disk, and read back into another
	// cache: a point kept renders as a fresh build does.
	used := cache.Used()
	if len(used) != 2 || used[0].Src != "--- not a point, a rule" || used[1].Src != "A **second** point" {
		t.Fatalf("the last build used %q", used)
	}
	again := NewKeyPointCache()
	again.Add(used...)
	files := map[string]string{"content/briefs/a.md": brief("A", "2026-03-01", `key_points: ["A **second** point"]`)}
	if got := mustBuild(t, files, Options{KeyPoints: again}).Page("briefs/a.md").KeyPointsHTML; len(got) != 1 || got[0] != "A <strong>second</strong> point" {
		t.Errorf("a key point from the cache read back renders %q", got)
	}
	if kept := again.Used(); len(kept) != 1 {
		t.Errorf("the build after it keeps %q, want its one key point", kept)
	}
}
