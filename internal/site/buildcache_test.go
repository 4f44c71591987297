package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/output"
)

// TestBuildCacheEqualsFreshBuild applies edits to a site with its own
// layouts (neighbours' neighbours, a term's briefs, another page's body)
// and after each builds it with its cache and checks that the output
// folder holds, byte for byte, what a build without a cache makes, that
// pages were carried over where the step allows it, and that a cache that
// is missing, damaged or of another setup only costs a full build.
func TestBuildCacheEqualsFreshBuild(t *testing.T) {
	// With the default theme, bodies are rendered only as their pages are
	// (model.Options.Defer), and versioned from their files and links.
	t.Run("own layouts", func(t *testing.T) { testBuildCache(t, true) })
	t.Run("default theme", func(t *testing.T) { testBuildCache(t, false) })
}

func testBuildCache(t *testing.T, ownLayouts bool) {
	dir := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	writeSiteFile(t, dir, "gen.toml", "title = \"Cached\"\nbaseURL = \"https://example.org/\"\npaginate = 2\n")
	brief := func(title, date, company, body string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\ncompanies: [" + company + "]\nkey_points: [One point.]\n---\n" + body + "\n"
	}
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		writeSiteFile(t, dir, "content/briefs/"+name+".md", brief("Brief "+name, "2025-01-0"+string(rune('1'+i))+"T09:00:00Z",
			[]string{"AWS", "Google", "Meta"}[i%3], "Body of "+name+". See [c](c.md)."))
	}
	writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout.\n")
	if ownLayouts {
		writeSiteFile(t, dir, "layouts/partials/older.html", `{{with .Prev}}{{with .Prev}}<p class="older">{{.Title}}</p>{{end}}{{end}}`)
		writeSiteFile(t, dir, "layouts/brief.html", `{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{partial "older.html" .}}`+
			`{{range .Companies}}<ul>{{range .Pages}}<li>{{.Title}}</li>{{end}}</ul>{{end}}{{with .Next}}<aside>{{.Content}}</aside>{{end}}{{end}}`)
	} else {
		writeSiteFile(t, dir, "layouts/partials/footer.html", `<footer>{{.Site.Title}}</footer>`)
	}

	opts := Options{SiteDir: dir, Destination: dest, Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	cacheFile := func() string {
		p, err := cachePath(opts)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	steps := []struct {
		name    string
		change  func()
		partial bool   // fewer pages rendered than there are
		note    string // in the build's notes
	}{
		{"first build", func() {}, false, "none yet"},
		{"nothing changed but the time", func() { opts.Now = opts.Now.Add(time.Hour) }, true, ""},
		// The first build had no cache and did not record; this one
		// records, for the builds after it.
		{"edit a body", func() {
			writeSiteFile(t, dir, "content/briefs/b.md", brief("Brief b", "2025-01-02T09:00:00Z", "Google", "New body of b."))
		}, false, ""},
		{"edit a body again", func() {
			writeSiteFile(t, dir, "content/briefs/b.md", brief("Brief b", "2025-01-02T09:00:00Z", "Google", "Newer body of b, [linking](d.md)."))
		}, true, ""},
		{"retitle the brief two older than another", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", brief("Brief a, retitled", "2025-01-01T09:00:00Z", "AWS", "Body of a. See [c](c.md)."))
		}, true, ""},
		{"rename the brief that bodies link to", func() {
			os.Rename(filepath.Join(dir, "content/briefs/c.md"), filepath.Join(dir, "content/briefs/c2.md"))
			for _, name := range []string{"a", "b", "c2", "d", "e", "f"} {
				p := filepath.Join(dir, "content/briefs/"+name+".md")
				data, _ := os.ReadFile(p)
				os.WriteFile(p, bytes.ReplaceAll(data, []byte("(c.md)"), []byte("(c2.md)")), 0o644)
			}
		}, false, ""},
		{"add a brief", func() {
			writeSiteFile(t, dir, "content/briefs/g.md", brief("Brief g", "2025-01-07T09:00:00Z", "AWS", "Body of g."))
		}, true, ""},
		{"delete a brief", func() { os.Remove(filepath.Join(dir, "content/briefs/e.md")) }, false, ""},
		{"move a brief to another company", func() {
			writeSiteFile(t, dir, "content/briefs/d.md", brief("Brief d", "2025-01-04T09:00:00Z", "Meta", "Body of d. See [c](c2.md)."))
		}, true, ""},
		{"change a layout", func() {
			if ownLayouts {
				writeSiteFile(t, dir, "layouts/partials/older.html", `{{with .Prev}}{{with .Prev}}<p class="older">{{.Title}} {{.Date}}</p>{{end}}{{end}}`)
			} else {
				writeSiteFile(t, dir, "layouts/partials/footer.html", `<footer>{{.Site.Title}}, {{.Title}}</footer>`)
			}
		}, false, "changed"},
		{"record again after the layout change", func() {
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout, recorded.\n")
		}, false, ""},
		{"edit a page of the output by hand, to the same size", func() {
			p := filepath.Join(dest, "briefs/b/index.html")
			data, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(data, []byte("<h1>"), []byte("<h2>"), 1), 0o644)
			os.Chtimes(p, time.Now().Add(time.Hour), time.Now().Add(time.Hour))
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout us.\n") // so that the build is not skipped
		}, true, ""},
		{"touch every page of the output, changing none", func() {
			filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					os.Chtimes(p, time.Now().Add(2*time.Hour), time.Now().Add(2*time.Hour))
				}
				return err
			})
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout us!\n")
		}, true, ""},
		{"a damaged cache", func() {
			os.WriteFile(cacheFile(), []byte("not a cache"), 0o644)
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout us, again.\n")
		}, false, "cannot be read"},
		{"a truncated cache", func() {
			data, _ := os.ReadFile(cacheFile())
			os.WriteFile(cacheFile(), data[:len(data)/2], 0o644)
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout us, a third time.\n")
		}, false, "cannot be read"},
		{"a missing cache", func() {
			os.RemoveAll(filepath.Dir(cacheFile()))
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout us, a fourth time.\n")
		}, false, "none yet"},
		{"another base URL", func() { opts.BaseURL = "https://example.com/" }, false, "changed"},
	}
	for _, step := range steps {
		step.change()
		res, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if step.note == "" && len(res.Notes) > 0 || step.note != "" && !strings.Contains(strings.Join(res.Notes, "\n"), step.note) {
			t.Errorf("%s: notes %q, want one with %q", step.name, res.Notes, step.note)
		}
		mem := output.NewMemory()
		fresh := opts
		fresh.NoCache = true
		if _, err := BuildTo(context.Background(), fresh, mem); err != nil {
			t.Fatal(err)
		}
		want := mem.Files()
		got := outputFiles(t, dest)
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from a build without the cache:\n%s\nwant\n%s", step.name, name, got[name], data)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: %s is left over", step.name, name)
			}
		}
		total := res.Pages - res.Aliases
		t.Logf("%s: rendered %d of %d pages", step.name, res.Rendered, total)
		if step.partial && res.Rendered >= total {
			t.Errorf("%s: rendered all %d pages", step.name, total)
		}
		if !step.partial && res.Rendered != total && step.note != "" {
			t.Errorf("%s: rendered %d of %d pages, want all", step.name, res.Rendered, total)
		}
	}
}

// outputFiles reads the files of an output folder but its marker file,
// by slash-separated path.
func outputFiles(t testing.TB, dest string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.MarkerFile {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
