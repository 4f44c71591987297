package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/output"
)

// This file holds the cases a review of the incremental builds found: each
// applies edits to a site and checks after each that the preview and gen
// build with its build cache equal a fresh build.

// editStep is one edit: files to write ("" deletes).
type editStep struct {
	name  string
	files map[string]string
}

// checkEdits writes files, then for each step applies it and checks that
// the preview and gen build with its cache equal a fresh build.
func checkEdits(t *testing.T, files map[string]string, steps []editStep) {
	t.Helper()
	dir := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	for name, text := range files {
		writeSiteFile(t, dir, name, text)
	}
	opts := Options{SiteDir: dir, Destination: dest, Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	p := NewPreview(opts)
	ctx := context.Background()
	all := append([]editStep{{name: "first build"}}, steps...)
	for k, step := range all {
		var changed []string
		for name, text := range step.files {
			if text == "" {
				os.Remove(filepath.Join(dir, name))
			} else {
				writeSiteFile(t, dir, name, text)
			}
			changed = append(changed, name)
		}
		if k == 0 {
			changed = nil
		}
		mem := output.NewMemory()
		fresh := opts
		fresh.NoCache = true
		_, freshErr := BuildTo(ctx, fresh, mem)
		want := mem.Files()

		got, _, err := p.buildAll(ctx, changed)
		if d := compareBuilds(got, err, want, freshErr); d != "" {
			t.Errorf("%s: preview differs from a fresh build: %s", step.name, d)
		}
		res, err := Build(ctx, opts)
		if err != nil {
			if freshErr == nil {
				t.Errorf("%s: build: %v", step.name, err)
			}
			continue
		}
		if d := compareBuilds(outputFiles(t, dest), nil, want, freshErr); d != "" {
			t.Errorf("%s: gen build with its cache differs from a fresh build: %s (rendered %d of %d)", step.name, d, res.Rendered, res.Pages-res.Aliases)
		} else {
			t.Logf("%s: ok, rendered %d of %d; notes %s", step.name, res.Rendered, res.Pages-res.Aliases, strings.Join(res.Notes, "; "))
		}
	}
}

func editBrief(title, date, extra, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\ncompanies: [Acme]\n" + extra + "---\n" + body + "\n"
}

// TestIncrementalMonthsReadsDates: the layout function months groups
// pages by their dates, and a page redated into another month moves.
func TestIncrementalMonthsReadsDates(t *testing.T) {
	files := map[string]string{
		"gen.toml":                     "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/a.md":          editBrief("A", "2025-01-10T09:00:00Z", "", "A."),
		"content/briefs/b.md":          editBrief("B", "2025-01-31T09:00:00Z", "", "B."),
		"content/briefs/c.md":          editBrief("C", "2025-02-20T09:00:00Z", "", "C."),
		"layouts/partials/footer.html": `<footer>{{range months .Site.Briefs}}[{{.Label}}:{{range .Pages}} {{.Title}}{{end}}]{{end}}</footer>`,
	}
	checkEdits(t, files, []editStep{
		{"move B into February, keeping the order", map[string]string{
			"content/briefs/b.md": editBrief("B", "2025-02-01T09:00:00Z", "", "B."),
		}},
	})
}

// TestIncrementalStyleSheets: every page links the style sheets and
// scripts by a hash of their bytes, so a changed one re-renders them all.
func TestIncrementalStyleSheets(t *testing.T) {
	files := map[string]string{
		"gen.toml":                     "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/a.md":          editBrief("A", "2025-01-10T09:00:00Z", "", "A."),
		"content/briefs/b.md":          editBrief("B", "2025-01-31T09:00:00Z", "", "B."),
		"static/css/site.css":          "p { color: red; }\n",
		"layouts/partials/footer.html": `<footer>{{with asset "css/site.css"}}<link rel="stylesheet" href="{{.URL}}">{{end}}</footer>`,
	}
	checkEdits(t, files, []editStep{
		{"edit the site's own style sheet", map[string]string{"static/css/site.css": "p { color: blue; }\n"}},
		{"replace the theme's style sheet", map[string]string{"static/css/gen.css": "body { margin: 0; }\n"}},
		{"edit it", map[string]string{"static/css/gen.css": "body { margin: 1px; }\n"}},
		{"go back to the theme's", map[string]string{"static/css/gen.css": ""}},
	})
}

// TestIncrementalViaPipeline: Term.Via reads the terms of a page piped
// into it, as of one given as an argument.
func TestIncrementalViaPipeline(t *testing.T) {
	files := map[string]string{
		"gen.toml":            "title = \"T\"\nbaseURL = \"https://example.org/\"\n[companies.Meta]\n[companies.Instagram]\nparent = \"Meta\"\n",
		"content/briefs/a.md": "---\ntitle: A\ndate: 2025-01-10T09:00:00Z\ncompanies: [Instagram]\n---\nA.\n",
		"content/briefs/b.md": "---\ntitle: B\ndate: 2025-01-11T09:00:00Z\ncompanies: [Meta]\n---\nB.\n",
		"layouts/term.html":   `{{define "main"}}{{range .Pages}}<p>{{.Title}}{{with . | $.Term.Via}} via {{.Name}}{{end}}</p>{{end}}{{end}}`,
	}
	checkEdits(t, files, []editStep{
		{"tag A with Meta too", map[string]string{
			"content/briefs/a.md": "---\ntitle: A\ndate: 2025-01-10T09:00:00Z\ncompanies: [Instagram, Meta]\n---\nA.\n",
		}},
	})
}

// TestIncrementalSourceFront: what a layout reads of .Source.Front (the
// frontmatter's format and lines) is versioned.
func TestIncrementalSourceFront(t *testing.T) {
	files := map[string]string{
		"gen.toml":            "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/a.md": "---\ntitle: A\ndate: 2025-01-10T09:00:00Z\n---\nA.\n",
		"content/briefs/b.md": "---\ntitle: B\ndate: 2025-01-11T09:00:00Z\n---\nB.\n",
		"layouts/brief.html":  `{{define "main"}}{{.Title}}{{with .Prev}} older {{.Title}} {{.Source.Front.Format}} title on line {{.Source.Front.KeyLine "title"}}{{end}}{{end}}`,
	}
	checkEdits(t, files, []editStep{
		{"swap A's keys", map[string]string{
			"content/briefs/a.md": "---\ndate: 2025-01-10T09:00:00Z\ntitle: A\n---\nA.\n",
		}},
		{"A's frontmatter in TOML", map[string]string{
			"content/briefs/a.md": "+++\ndate = 2025-01-10T09:00:00Z\ntitle = \"A\"\n+++\nA.\n",
		}},
	})
}

// TestIncrementalRecordedRunSucceedsWherePlainFails: a field of a null
// params value fails the layouts as written, and so every build.
func TestIncrementalRecordedRunSucceedsWherePlainFails(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	writeSiteFile(t, dir, "content/briefs/a.md", "---\ntitle: A\ndate: 2025-01-10T09:00:00Z\nparams:\n  a: null\n---\nA.\n")
	writeSiteFile(t, dir, "layouts/brief.html", `{{define "main"}}{{.Title}} [{{.Params.a.b}}]{{end}}`)
	opts := Options{SiteDir: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	_, errCached := Build(ctx, opts)
	noCache := opts
	noCache.NoCache = true
	noCache.Destination = filepath.Join(t.TempDir(), "public")
	_, errPlain := Build(ctx, noCache)
	_, errTo := BuildTo(ctx, opts, output.NewMemory())
	_, _, errPreview := NewPreview(opts).buildAll(ctx, nil)
	t.Logf("gen build: %v\ngen build --no-cache: %v\nBuildTo: %v\npreview: %v", errCached, errPlain, errTo, errPreview)
	if (errCached == nil) != (errPlain == nil) {
		t.Errorf("gen build and gen build --no-cache disagree")
	}
	if (errPreview == nil) != (errTo == nil) {
		t.Errorf("the preview and a fresh build disagree")
	}
	if errCached == nil {
		data, _ := os.ReadFile(filepath.Join(opts.Destination, "briefs/a/index.html"))
		i := strings.Index(string(data), "A [")
		t.Logf("cached build wrote: %q", string(data[i:i+20]))
	}
}

// TestIncrementalKeptDeferredBodyInFullFeed: with the default theme a
// brief's Markdown is rendered with its page; a page carried over has its
// Markdown rendered all the same when a full-content feed carries it.
func TestIncrementalKeptDeferredBodyInFullFeed(t *testing.T) {
	brief := func(title, date, body string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\ncompanies: [Acme]\nkey_points: [One point.]\n---\n" + body + "\n"
	}
	files := map[string]string{
		"gen.toml":            "title = \"T\"\nbaseURL = \"https://example.org/\"\n[feeds]\ncontent = \"full\"\n",
		"content/briefs/a.md": brief("A", "2025-01-10T09:00:00Z", "Body of A."),
		"content/briefs/b.md": brief("B", "2025-01-11T09:00:00Z", "Body of B."),
	}
	checkEdits(t, files, []editStep{
		{"edit B's body", map[string]string{"content/briefs/b.md": brief("B", "2025-01-11T09:00:00Z", "New body of B.")}},
	})
}

// TestIncrementalDefaultThemeDigestsMonths: the default theme's digests
// index groups weeks by month (months), and a week redated into another
// month moves.
func TestIncrementalDefaultThemeDigestsMonths(t *testing.T) {
	files := map[string]string{
		"gen.toml":            "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/a.md": editBrief("A", "2025-01-10T09:00:00Z", "", "A."),
		"content/briefs/b.md": editBrief("B", "2025-01-31T09:00:00Z", "", "B."), // ISO week 5: 27 January to 2 February
		"content/briefs/c.md": editBrief("C", "2025-02-20T09:00:00Z", "", "C."),
	}
	checkEdits(t, files, []editStep{
		{"redate B to 1 February, same week", map[string]string{
			"content/briefs/b.md": editBrief("B", "2025-02-01T09:00:00Z", "", "B."),
		}},
	})
}

// TestIncrementalParamsHashedByPrinting: params that print alike but differ
// in type ("false" and false, ["a b"] and ["a", "b"]) are versioned apart.
func TestIncrementalParamsHashedByPrinting(t *testing.T) {
	brief := func(params string) string {
		return "---\ntitle: A\ndate: 2025-01-10T09:00:00Z\nparams:\n" + params + "---\nA.\n"
	}
	files := map[string]string{
		"gen.toml":            "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/a.md": brief("  hidden: \"false\"\n  tags: [\"cloud chips\"]\n"),
		"layouts/brief.html":  `{{define "main"}}{{.Title}}{{if .Params.hidden}} HIDDEN{{end}}<ul>{{range .Params.tags}}<li>{{.}}</li>{{end}}</ul>{{end}}`,
	}
	checkEdits(t, files, []editStep{
		{"unquote false", map[string]string{"content/briefs/a.md": brief("  hidden: false\n  tags: [\"cloud chips\"]\n")}},
		{"split the tag", map[string]string{"content/briefs/a.md": brief("  hidden: false\n  tags: [cloud, chips]\n")}},
	})
}

// TestCacheDirRefused refuses a cache folder inside the output, which
// would publish it, or inside content/, static/ or layouts/, which would
// make it an input.
func TestCacheDirRefused(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	writeSiteFile(t, dir, "content/briefs/a.md", "---\ntitle: A\ndate: 2025-01-10T09:00:00Z\n---\nA.\n")
	dest := filepath.Join(t.TempDir(), "public")
	writeSiteFile(t, dir, "static/robots.txt", "User-agent: *\n")
	link := filepath.Join(t.TempDir(), "static-link") // static/ by another name
	if err := os.Symlink(filepath.Join(dir, "static"), link); err != nil {
		t.Fatal(err)
	}
	for _, cache := range []string{filepath.Join(dest, ".cache"), dest, filepath.Join(dir, "content", "cache"), filepath.Join(dir, "static"),
		filepath.Join(link, "cache")} {
		opts := Options{SiteDir: dir, Destination: dest, CacheDir: cache}
		var optErr *OptionError
		if _, err := Build(context.Background(), opts); !errors.As(err, &optErr) || !strings.Contains(err.Error(), "--cache-dir") {
			t.Errorf("--cache-dir %s: %v, want it refused", cache, err)
		}
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("a refused build wrote its output")
	}
}

// TestIncrementalKeyPoints: key points are kept rendered between builds,
// by the preview and in the build cache; after edits to them, to their
// order and to a brief that shares one, each build equals a fresh one.
func TestIncrementalKeyPoints(t *testing.T) {
	brief := func(title, date string, points ...string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\nkey_points:\n  - " + strings.Join(points, "\n  - ") + "\n---\nText.\n"
	}
	checkEdits(t, map[string]string{
		"gen.toml":            "title = \"T\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/a.md": brief("A", "2025-01-10T09:00:00Z", `"A *first* point"`, `"A [link](https://example.org/a) point"`),
		"content/briefs/b.md": brief("B", "2025-01-11T09:00:00Z", `"A *first* point"`, `"Plain 'quoted' point"`),
	}, []editStep{
		{"edit a point of A", map[string]string{"content/briefs/a.md": brief("A", "2025-01-10T09:00:00Z", `"A **first** point"`, `"A [link](https://example.org/a) point"`)}},
		{"swap B's points", map[string]string{"content/briefs/b.md": brief("B", "2025-01-11T09:00:00Z", `"Plain 'quoted' point"`, `"A *first* point"`)}},
		{"A back as it was", map[string]string{"content/briefs/a.md": brief("A", "2025-01-10T09:00:00Z", `"A *first* point"`, `"A [link](https://example.org/a) point"`)}},
		{"B without points", map[string]string{"content/briefs/b.md": "---\ntitle: B\ndate: 2025-01-11T09:00:00Z\n---\n- Taken from the body\n- as key points\n\nText.\n"}},
	})
}
