package render

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/modeltest"
	"github.com/gen-briefs/gen/internal/theme"
)

// The theme has a layout for every kind of the registry, and every layout
// at the top of its layouts/ but base.html and alias.html is a kind's.
func TestThemeLayoutsAreTheKinds(t *testing.T) {
	var want []string
	for _, k := range model.DefaultKinds() {
		want = append(want, k.Layout())
		if _, err := fs.Stat(theme.FS, k.Layout()); err != nil {
			t.Errorf("kind %s: the theme has no %s: %v", k.Name, k.Layout(), err)
		}
	}
	entries, err := fs.ReadDir(theme.FS, LayoutsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := path.Join(LayoutsDir, e.Name())
		if !e.IsDir() && name != base && name != "layouts/alias.html" && !slices.Contains(want, name) {
			t.Errorf("the theme's %s is no kind's layout", name)
		}
	}
}

// New requires and allows the layouts of the site's kinds, whatever they
// are: a kind added to the registry needs its layout, and makes it a
// layout gen uses.
func TestNewReadsTheRegistry(t *testing.T) {
	files := testSite()
	files["layouts/colophon.html"] = `{{define "main"}}<h1 class="colophon">{{.Title}}</h1>{{end}}`
	site, dir := modeltest.Model(t, files, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))
	if _, err := New(dir, site); err == nil || !strings.Contains(err.Error(), "layouts/colophon.html is not a layout gen uses") {
		t.Fatalf("a colophon layout without its kind: got %v", err)
	}
	colophon := &model.Page{Kind: "colophon", Title: "Colophon", URL: "/colophon/"}
	site.Kinds = append(site.Kinds, &model.Kind{Name: "colophon", Pages: func(*model.Site) []*model.Page { return []*model.Page{colophon} }})
	r, err := New(dir, site)
	if err != nil {
		t.Fatalf("with the colophon kind in the registry: %v", err)
	}
	var buf bytes.Buffer
	if err := r.Page(&buf, model.Render{Path: "colophon/index.html", Page: colophon}); err != nil {
		t.Fatal(err)
	}
	contains(t, "the colophon page", buf.String(), `<h1 class="colophon">Colophon</h1>`)

	site.Kinds = append(site.Kinds, &model.Kind{Name: "errata", Pages: func(*model.Site) []*model.Page { return nil }})
	if _, err := New(dir, site); err == nil || !strings.Contains(err.Error(), "layouts/errata.html is missing") {
		t.Errorf("a kind without its layout: got %v, want layouts/errata.html is missing", err)
	}
}
