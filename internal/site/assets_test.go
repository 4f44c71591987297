package site

import (
	"context"
	"crypto/sha512"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
)

// TestAssetsFingerprinted builds a site with style sheets and scripts of
// its own and checks that every one the pages link is a minified copy at
// a name of its own, whose integrity attribute is the SHA-384 of the
// file the page links, and that the files themselves are still written
// as they are, for layouts that link them by name.
func TestAssetsFingerprinted(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL string
		// integrity is whether pages carry integrity attributes: not for
		// a site browsed from files, where browsers do not check them.
		integrity bool
	}{
		{"served", "https://example.org/news/", true},
		{"browsed from files", "", false},
		{"built for a folder", "file:///srv/briefs/", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"gen.toml":            "title = \"Assets\"\nbaseURL = \"" + tc.baseURL + "\"\n",
				"content/briefs/a.md": "---\ntitle: A\ndate: 2026-01-01T09:00:00Z\n---\nBody.\n\n```go\nfunc main() {}\n```\n",
				"static/css/site.css": "/* the site's own */\nmain {\n  padding: 0px;\n}\n",
				"static/js/app.js":    "// counts\nconst count = document.querySelectorAll('p').length;\n",
				"static/js/old.js":    "function (\n",
				"layouts/partials/footer.html": `<footer>{{with asset "css/site.css"}}<link rel="stylesheet" href="{{.URL}}"{{with .Integrity}} integrity="{{.}}"{{end}}>{{end}}` +
					`{{with asset "/js/app.js"}}<script src="{{.URL}}"{{with .Integrity}} integrity="{{.}}"{{end}}></script>{{end}}</footer>`,
			}
			for name, data := range files {
				writeSiteFile(t, dir, name, data)
			}
			mem := output.NewMemory()
			res, err := BuildTo(context.Background(), Options{SiteDir: dir}, mem)
			if err != nil {
				t.Fatal(err)
			}
			out := mem.Files()
			page := string(out["briefs/a/index.html"])
			links := regexp.MustCompile(`<(?:link rel="stylesheet" href|script src)="([^"]+)"( integrity="([^"]+)")?`).FindAllStringSubmatch(page, -1)
			seen := map[string]bool{}
			for _, l := range links {
				rel := strings.TrimPrefix(l[1], "../../")
				data, ok := out[rel]
				if !ok {
					t.Errorf("the page links %s, which the build did not write", l[1])
					continue
				}
				if !regexp.MustCompile(`^(css|js)/[a-z-]+\.[0-9a-f]{16}\.(css|js)$`).MatchString(rel) {
					t.Errorf("the page links %s, whose name carries no hash", l[1])
				}
				if strings.Contains(string(data), "\n") {
					t.Errorf("%s is not minified: %q", rel, data)
				}
				sum := sha512.Sum384(data)
				want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
				switch got := html.UnescapeString(l[3]); {
				case tc.integrity && got != want:
					t.Errorf("%s has integrity %q, want %q", rel, got, want)
				case !tc.integrity && l[2] != "":
					t.Errorf("%s has an integrity attribute on a site browsed from files", rel)
				}
				seen[strings.SplitN(rel, ".", 2)[0]] = true
			}
			for _, name := range []string{"css/gen", "css/syntax", "css/site", "js/app"} {
				if !seen[name] {
					t.Errorf("the page does not link %s: %s", name, links)
				}
			}
			for name, data := range files {
				if rel, ok := strings.CutPrefix(name, "static/"); ok && string(out[rel]) != data {
					t.Errorf("%s is %q in the output, want it as it is", rel, out[rel])
				}
			}
			warned := strings.Join(res.Warnings, "\n")
			if !strings.Contains(warned, "static/js/old.js: not minified, copied as it is") {
				t.Errorf("no warning about the script the minifier cannot read; warnings:\n%s", warned)
			}
		})
	}
}

// TestAssetUnknown: a layout that asks for a style sheet no file is is an
// error at its line.
func TestAssetUnknown(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Assets\"\n")
	writeSiteFile(t, dir, "content/briefs/a.md", "---\ntitle: A\ndate: 2026-01-01T09:00:00Z\n---\nBody.\n")
	writeSiteFile(t, dir, "layouts/partials/footer.html", "<footer>\n{{(asset \"css/print.css\").URL}}</footer>")
	_, err := BuildTo(context.Background(), Options{SiteDir: dir}, output.NewMemory())
	if err == nil {
		t.Fatal("the build passed")
	}
	var p *problem.Problem
	for _, e := range problem.From(err) {
		if strings.HasSuffix(e.File, "layouts/partials/footer.html") {
			p = &e
		}
	}
	if p == nil || p.Line != 2 || !strings.Contains(p.Message, `asset "css/print.css": no style sheet or script has that path`) {
		t.Errorf("error %v, want one at layouts/partials/footer.html:2 naming css/print.css", err)
	}
}
