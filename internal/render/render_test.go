package render

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/asset"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/modeltest"
)

// testSite is a small site; tests add layouts or change gen.toml.
func testSite() map[string]string {
	return map[string]string{
		"gen.toml": `title = "Test Briefs"
baseURL = "https://example.org/repo/"
timezone = "Europe/London"

[companies."Amazon Web Services"]
aliases = ["AWS"]
parent = "Amazon"
`,
		"content/_index.md":       "---\ntitle: Home\n---\nWelcome.\n",
		"content/about.md":        "---\ntitle: About\n---\nAbout us.\n",
		"content/briefs/aws.md":   "---\ntitle: AWS cuts jobs\ndate: 2026-07-18T09:30:00\ncompanies: [AWS]\ntopics: [Jobs]\naliases: [/2026/aws/]\nsources:\n  - name: Reuters\n    url: https://www.reuters.com/x\n---\n- Hundreds of roles go\n\nThe cuts hit [the other brief](intel.md).\n",
		"content/briefs/intel.md": "---\ntitle: Intel restructures\ndate: 2026-07-10\ncompanies: [Intel]\n---\nBody.\n",
	}
}

// newRenderer writes files into a temporary site, builds it and returns
// the Renderer with the site.
func newRenderer(t *testing.T, files map[string]string) (*Renderer, *model.Site, error) {
	t.Helper()
	site, dir := modeltest.Model(t, files, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))
	r, err := New(dir, site)
	return r, site, err
}

func mustRenderer(t *testing.T, files map[string]string) (*Renderer, *model.Site) {
	t.Helper()
	r, site, err := newRenderer(t, files)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r, site
}

// renderPath renders the output file at path.
func renderPath(t *testing.T, r *Renderer, site *model.Site, path string) (string, error) {
	t.Helper()
	for _, rd := range site.Renders {
		if rd.Path == path {
			var buf bytes.Buffer
			err := r.Page(&buf, rd)
			return buf.String(), err
		}
	}
	t.Fatalf("no render at %s", path)
	return "", nil
}

func mustRenderPath(t *testing.T, r *Renderer, site *model.Site, path string) string {
	t.Helper()
	out, err := renderPath(t, r, site, path)
	if err != nil {
		t.Fatalf("rendering %s: %v", path, err)
	}
	return out
}

func contains(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

func lacks(t *testing.T, what, out string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(out, b) {
			t.Errorf("%s has %q:\n%s", what, b, out)
		}
	}
}

func TestRenderEveryPage(t *testing.T) {
	r, site := mustRenderer(t, testSite())
	for _, rd := range site.Renders {
		var buf bytes.Buffer
		if err := r.Page(&buf, rd); err != nil {
			t.Errorf("%s: %v", rd.Path, err)
			continue
		}
		if !strings.HasPrefix(buf.String(), "<!doctype html>") || !strings.Contains(buf.String(), "</html>") {
			t.Errorf("%s is not a whole page", rd.Path)
		}
	}
}

func TestRenderBrief(t *testing.T) {
	r, site := mustRenderer(t, testSite())
	out := mustRenderPath(t, r, site, "briefs/aws/index.html")
	contains(t, "brief", out,
		"<title>AWS cuts jobs · Test Briefs</title>",
		`<link rel="canonical" href="https://example.org/repo/briefs/aws/">`,
		`<link rel="stylesheet" href="../..`+themeCSS(t, true)+`>`,
		`<a href="../../companies/amazon-web-services/">Amazon Web Services</a>`,
		`<time datetime="2026-07-18T09:30:00&#43;01:00">18 July 2026, 09:30 BST</time>`,
		"<li>Hundreds of roles go</li>",
		`<a href="../intel/">the other brief</a>`,
		`<a href="https://www.reuters.com/x">Reuters</a>`,
		`<a rel="prev" href="../intel/">`,
		`<a class="site-title" href="../../">`,
		`<a href="../../index.xml">RSS feed</a>`,
	)
	lacks(t, "brief", out, `href="/`, `src="/`)
}

// themeCSS returns the theme's style sheet as a page links it after its
// folder: its minified, fingerprinted copy ("/css/gen.3f2a1c9e.css") and,
// when withIntegrity, its integrity attribute, escaped as html/template
// writes it.
func themeCSS(t *testing.T, withIntegrity bool) string {
	t.Helper()
	assets, err := asset.Theme()
	if err != nil {
		t.Fatal(err)
	}
	css := assets["css/gen.css"]
	if !regexp.MustCompile(`^/css/gen\.[0-9a-f]{16}\.css$`).MatchString(css.URL) || !strings.HasPrefix(css.Integrity, "sha384-") {
		t.Fatalf("the theme's style sheet is at %q with integrity %q", css.URL, css.Integrity)
	}
	if !withIntegrity {
		return css.URL + `"`
	}
	return css.URL + `" integrity="` + strings.ReplaceAll(css.Integrity, "+", "&#43;") + `"`
}

func TestRenderLocalLinksWithoutBaseURL(t *testing.T) {
	files := testSite()
	files["gen.toml"] = "title = \"Local\"\n"
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "briefs/aws/index.html")
	contains(t, "brief", out,
		`<a href="../intel/index.html">the other brief</a>`,
		`<a class="site-title" href="../../index.html">`,
		// Browsers do not check the integrity of files opened from disk.
		`<link rel="stylesheet" href="../..`+themeCSS(t, false)+`>`,
	)
	// Without a base URL the 404 page stays relative too: it is opened from disk.
	notFound := mustRenderPath(t, r, site, "404.html")
	contains(t, "404", notFound, `<a href="index.html">Go to the home page</a>`)
}

func TestRender404Rooted(t *testing.T) {
	r, site := mustRenderer(t, testSite())
	out := mustRenderPath(t, r, site, "404.html")
	contains(t, "404", out,
		`<a href="/repo/">Go to the home page</a>`,
		`<a href="/repo/briefs/">all briefs</a>`,
		`<link rel="stylesheet" href="/repo`+themeCSS(t, true)+`>`,
		`<a href="/repo/briefs/aws/">AWS cuts jobs</a>`,
	)
	lacks(t, "404", out, `href="../`, `rel="canonical"`)
}

func TestRenderPager(t *testing.T) {
	files := testSite()
	files["gen.toml"] = "title = \"Paged\"\nbaseURL = \"https://example.org/\"\npaginate = 1\n"
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "page/2/index.html")
	contains(t, "home page 2", out,
		"<title>Paged · page 2</title>",
		`<link rel="canonical" href="https://example.org/page/2/">`,
		`<a rel="prev" href="../../">← Newer</a>`,
		"Page 2 of 2",
		`<a href="../../briefs/intel/">Intel restructures</a>`,
	)
	lacks(t, "home page 2", out, "AWS cuts jobs</a></h2>")
}

func TestRenderTermVia(t *testing.T) {
	r, site := mustRenderer(t, testSite())
	out := mustRenderPath(t, r, site, "companies/amazon/index.html")
	contains(t, "Amazon term", out,
		`<p class="via">Via <a href="../amazon-web-services/">Amazon Web Services</a></p>`,
		"Includes briefs about",
	)
}

func TestRedirect(t *testing.T) {
	r, site := mustRenderer(t, testSite())
	if len(site.Redirects) != 1 {
		t.Fatalf("redirects = %+v", site.Redirects)
	}
	var buf bytes.Buffer
	if err := r.Redirect(&buf, site.Redirects[0]); err != nil {
		t.Fatal(err)
	}
	contains(t, "alias page", buf.String(),
		`<meta http-equiv="refresh" content="0; url=../../briefs/aws/">`,
		`<a href="../../briefs/aws/">AWS cuts jobs</a>`,
		`<link rel="canonical" href="https://example.org/repo/briefs/aws/">`,
	)
}

func TestSiteLayoutOverridesTheme(t *testing.T) {
	files := testSite()
	files["layouts/brief.html"] = `{{define "main"}}<article class="custom">{{.Title}} {{partial "extra.html" .}}</article>{{end}}`
	files["layouts/partials/extra.html"] = `<a href="/about/">extra partial for {{.Title}}</a>`
	files["layouts/partials/footer.html"] = `<footer>My own footer</footer>`
	files["layouts/notes.txt"] = `{{ not a template, not .html }}`
	files["layouts/.hidden.html"] = `{{ broken`
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "briefs/aws/index.html")
	contains(t, "brief", out,
		`<article class="custom">AWS cuts jobs <a href="../../about/">extra partial for AWS cuts jobs</a></article>`,
		"<footer>My own footer</footer>",
	)
	lacks(t, "brief", out, `class="brief wrap"`, "Built with gen", "Key points")
	// Other kinds keep the theme's layout, with the site's footer.
	about := mustRenderPath(t, r, site, "about/index.html")
	contains(t, "about", about, `<article class="page wrap">`, "<footer>My own footer</footer>")
}

func TestLayoutSyntaxError(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"kind layout", "layouts/brief.html", "{{define \"main\"}}\n<p>\n{{if}}\n{{end}}\n", "layouts/brief.html:3: missing value for if"},
		{"partial", "layouts/partials/footer.html", "<footer>\n{{.Site.Title</footer>\n", "layouts/partials/footer.html:2: "},
		{"base", "layouts/base.html", "<!doctype html>\n{{block \"main\" .}}\n", "layouts/base.html:3: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := testSite()
			files[tt.file] = tt.src
			_, _, err := newRenderer(t, files)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "default theme") || strings.Contains(err.Error(), "template: ") {
				t.Errorf("error %q: the file is the site's, and the message needs no \"template: \" prefix", err)
			}
		})
	}
}

func TestLayoutExecutionError(t *testing.T) {
	files := testSite()
	files["layouts/brief.html"] = "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n<p>{{.NoSuchField}}</p>\n{{end}}\n"
	r, site := mustRenderer(t, files)
	_, err := renderPath(t, r, site, "briefs/aws/index.html")
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "layouts/brief.html:3:") || !strings.Contains(msg, "NoSuchField") || !strings.HasSuffix(msg, "(rendering content/briefs/aws.md)") {
		t.Errorf("error %q, want layouts/brief.html:3:... NoSuchField ... (rendering content/briefs/aws.md)", msg)
	}
	// A page without a content file is named by its output path.
	files["layouts/taxonomy.html"] = "{{define \"main\"}}{{.Nope}}{{end}}"
	r, site = mustRenderer(t, files)
	_, err = renderPath(t, r, site, "companies/index.html")
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/taxonomy.html:1:") || !strings.HasSuffix(err.Error(), "(rendering companies/index.html)") {
		t.Errorf("error %v, want layouts/taxonomy.html:1:... (rendering companies/index.html)", err)
	}
}

func TestPartialErrors(t *testing.T) {
	files := testSite()
	files["layouts/page.html"] = `{{define "main"}}{{partial "missing.html" .}}{{end}}`
	r, site := mustRenderer(t, files)
	_, err := renderPath(t, r, site, "about/index.html")
	if err == nil || !strings.Contains(err.Error(), "no partial layouts/partials/missing.html") || !strings.HasSuffix(err.Error(), "(rendering content/about.md)") {
		t.Errorf("error = %v", err)
	}
}

func TestTemplateFuncs(t *testing.T) {
	files := testSite()
	files["layouts/page.html"] = `{{define "main"}}{{$b := index .Site.Briefs 0}}
abs=[{{absURL "/briefs/x/"}}] [{{absURL ""}}] [{{absURL "https://other.org/"}}]
rel=[{{relURL "css/x.css"}}]
slug=[{{slug "Amazon Web Services"}}]
date=[{{date "2006-01-02 15:04 MST" $b.Date}}] iso=[{{isodate $b.Date}}] zero=[{{date "2006" .Date}}]
plural=[{{plural 1 "brief" "briefs"}}] [{{plural 2 "brief" "briefs"}}]
truncate=[{{truncate 5 "abcdefgh"}}] [{{truncate 8 "abc"}}]
math=[{{add 2 3}}] [{{sub 2 3}}] [{{upper "a"}}{{lower "B"}}] [{{join $b.Authors ","}}]
{{with dict "k" "v"}}dict=[{{.k}}]{{end}}
json=<script>var x = {{jsonify .Site.Title}};</script>
{{end}}`
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "about/index.html")
	contains(t, "funcs", out,
		"abs=[https://example.org/repo/briefs/x/] [https://example.org/repo/] [https://other.org/]",
		"rel=[/css/x.css]",
		"slug=[amazon-web-services]",
		"date=[2026-07-18 09:30 BST] iso=[2026-07-18T09:30:00&#43;01:00] zero=[]",
		"plural=[1 brief] [2 briefs]",
		"truncate=[abcd…] [abc]",
		"math=[5] [-1] [Ab] []",
		"dict=[v]",
		`json=<script>var x = "Test Briefs";</script>`,
	)
}

// Key points and summaries are plain text: the characters the typographer
// makes must reach the page once escaped, not as escaped entities.
func TestRenderTypographerInKeyPoints(t *testing.T) {
	files := testSite()
	files["content/briefs/quote.md"] = "---\ntitle: Quote\ndate: 2026-07-01\n---\n- It's \"big\"\n\nBody.\n"
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "briefs/quote/index.html")
	lacks(t, "brief", out, "&amp;rsquo;", "&amp;ldquo;")
	contains(t, "brief", out, "<li>It’s “big”</li>")
}

// Links written in a site's own layouts with a newline before the
// attribute, or in single quotes, are root-relative like any other.
func TestRenderLayoutLinksAnyQuoting(t *testing.T) {
	files := testSite()
	files["layouts/page.html"] = "{{define \"main\"}}<a\n  class=\"x\"\nhref=\"/briefs/\">nl</a> <a href='/briefs/'>sq</a>{{end}}"
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "about/index.html")
	lacks(t, "about", out, `href="/briefs/"`, `href='/briefs/'`)
}

func TestUnknownLayoutName(t *testing.T) {
	files := testSite()
	files["layouts/breif.html"] = `{{define "main"}}x{{end}}`
	_, _, err := newRenderer(t, files)
	want := `layouts/breif.html is not a layout gen uses (did you mean "brief.html"?)`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want it to start with %q", err, want)
	}
}

func TestPartialExecutionErrorNamesPartial(t *testing.T) {
	files := testSite()
	files["layouts/partials/footer.html"] = "<footer>\n{{.Nope}}</footer>"
	r, site := mustRenderer(t, files)
	_, err := renderPath(t, r, site, "about/index.html")
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/partials/footer.html:2:") || !strings.HasSuffix(err.Error(), "(rendering content/about.md)") {
		t.Errorf("error = %v, want layouts/partials/footer.html:2:... (rendering content/about.md)", err)
	}
}

// TestViewRepeatsPage checks that every field View repeats from its Page
// has the Page's name, type and, in a view of a real page, value.
func TestViewRepeatsPage(t *testing.T) {
	site, _ := modeltest.Model(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01T09:00:00Z\nupdated: 2026-07-02T09:00:00Z\ncompanies: [Acme]\ntopics: [chips]\nkey_points: [One., Two.]\nimage: https://example.org/a.png\n---\nText.\n",
		"content/briefs/b.md": "---\ntitle: B\ndate: 2026-07-03T09:00:00Z\ncompanies: [Acme]\n---\nText.\n",
	}, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))
	vt := reflect.TypeFor[View]()
	pt := reflect.TypeFor[model.Page]()
	repeated := 0
	for _, rd := range site.Renders {
		v := reflect.ValueOf(newView(rd.Page, nil, rd.Pager)).Elem()
		p := reflect.ValueOf(rd.Page).Elem()
		for i := range vt.NumField() {
			f := vt.Field(i)
			if f.Anonymous || f.Name == "Site" || f.Name == "Pager" {
				continue
			}
			pf, ok := pt.FieldByName(f.Name)
			if !ok || pf.Type != f.Type {
				t.Fatalf("View.%s %v repeats no field of Page", f.Name, f.Type)
			}
			if !reflect.DeepEqual(v.Field(i).Interface(), p.FieldByIndex(pf.Index).Interface()) {
				t.Errorf("%s: View.%s differs from its page's", rd.Path, f.Name)
			}
			repeated++
		}
	}
	if repeated == 0 {
		t.Fatal("no field checked")
	}
}

// TestPartialCached checks that partialCached executes a partial once per
// data and variants in a rendering pass, that ForgetPartials starts a new
// pass, and that values which cannot be a key are refused by name.
func TestPartialCached(t *testing.T) {
	files := testSite()
	files["layouts/partials/card.html"] = `[{{.Title}}]`
	files["layouts/partials/site.html"] = `<{{.Title}}>`
	files["layouts/page.html"] = `{{define "main"}}{{range .Site.Briefs}}{{partialCached "card.html" .}}{{end}}` +
		`{{partialCached "card.html" (index .Site.Briefs 0) "a"}}{{partialCached "site.html" .Site .Kind}}{{end}}`
	r, site := mustRenderer(t, files)
	out := mustRenderPath(t, r, site, "about/index.html")
	contains(t, "first pass", out, "[AWS cuts jobs][Intel restructures][AWS cuts jobs]", "&lt;Test Briefs>")

	// Within a pass the kept output is used, even for changed data (which
	// layouts cannot change); a new pass executes the partial again.
	site.Briefs[0].Title = "Changed"
	out = mustRenderPath(t, r, site, "about/index.html")
	contains(t, "same pass", out, "[AWS cuts jobs][Intel restructures][AWS cuts jobs]")
	r.ForgetPartials()
	out = mustRenderPath(t, r, site, "about/index.html")
	contains(t, "new pass", out, "[Changed][Intel restructures][Changed]")

	for layout, want := range map[string]string{
		`{{partialCached "card.html" (dict "a" 1)}}`:   `partialCached "card.html": a map[string]interface {} cannot be a cache key`,
		`{{partialCached "card.html" . .Site.Briefs}}`: `partialCached "card.html": a []*model.Page cannot be a cache key`,
		`{{partialCached "card.html" . 1 2 3 4}}`:      "partialCached takes at most 3 variant keys after the data, not 4",
		`{{partialCached "missing.html" .}}`:           "no partial layouts/partials/missing.html",
	} {
		files["layouts/page.html"] = `{{define "main"}}` + layout + `{{end}}`
		r, site := mustRenderer(t, files)
		if _, err := renderPath(t, r, site, "about/index.html"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error = %v, want %q", layout, err, want)
		}
	}
}

// TestDigestGroupBy groups a week's digest by the taxonomy [digest]
// group_by names: by company here, in headings and in the intro.
func TestDigestGroupBy(t *testing.T) {
	files := testSite()
	files["gen.toml"] += "\n[digest]\ngroup_by = \"companies\"\n"
	r, site := mustRenderer(t, files)
	week := site.Briefs[0].Week
	out := mustRenderPath(t, r, site, strings.TrimPrefix(week.URL, "/")+"index.html")
	contains(t, "digest", out, ", by company.</p>",
		`<h2 class="list-heading" id="company-amazon-web-services"><a href="../../companies/amazon-web-services/">Amazon Web Services</a></h2>`)
	if strings.Contains(out, "topic-") {
		t.Errorf("digest grouped by company has topic headings:\n%s", out)
	}
}

// TestPartialCachedPerLayout checks that a partial cached while one kind's
// layout was rendered is not served to another kind whose layout defines
// the templates the partial calls differently.
func TestPartialCachedPerLayout(t *testing.T) {
	files := testSite()
	files["layouts/partials/card.html"] = `[{{template "flavor"}}{{.Title}}]`
	files["layouts/page.html"] = `{{define "flavor"}}page:{{end}}{{define "main"}}{{partialCached "card.html" (index .Site.Briefs 0)}}{{end}}`
	files["layouts/home.html"] = `{{define "flavor"}}home:{{end}}{{define "main"}}{{partialCached "card.html" (index .Site.Briefs 0)}}{{end}}`
	r, site := mustRenderer(t, files)
	contains(t, "standalone page", mustRenderPath(t, r, site, "about/index.html"), "[page:AWS cuts jobs]")
	contains(t, "home page", mustRenderPath(t, r, site, "index.html"), "[home:AWS cuts jobs]")
}

// TestPartialCachedOnView checks partialCached with the page being
// rendered as its data: each page gets its own output.
func TestPartialCachedOnView(t *testing.T) {
	files := testSite()
	files["layouts/partials/title.html"] = `<{{.Title}}>`
	files["layouts/brief.html"] = `{{define "main"}}{{partialCached "title.html" .}}{{partialCached "title.html" .}}{{end}}`
	r, site := mustRenderer(t, files)
	contains(t, "first brief", mustRenderPath(t, r, site, "briefs/aws/index.html"), "&lt;AWS cuts jobs>&lt;AWS cuts jobs>")
	contains(t, "second brief", mustRenderPath(t, r, site, "briefs/intel/index.html"), "&lt;Intel restructures>&lt;Intel restructures>")
}
