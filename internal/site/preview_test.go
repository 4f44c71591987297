package site

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/sitetest"
)

func writeSiteFile(t *testing.T, dir, name, data string) { sitetest.WriteFile(t, dir, name, data) }

func previewBrief(title, date, companies, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\ncompanies: [" + companies + "]\ntopics: [cloud]\n---\n" + body + "\n"
}

// TestPreviewEqualsFreshBuild applies a sequence of edits, additions,
// deletions and renames to a site and checks after each that the
// preview's incremental build is byte-for-byte a fresh build, and that it
// rendered fewer pages than a fresh build where only a brief changed.
func TestPreviewEqualsFreshBuild(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Incremental\"\npaginate = 2\n[companies.\"Amazon Web Services\"]\naliases = [\"AWS\"]\nparent = \"Amazon\"\n")
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		date := "2025-01-0" + string(rune('1'+i)) + "T09:00:00Z"
		company := []string{"AWS", "Google", "Meta"}[i%3]
		writeSiteFile(t, dir, "content/briefs/"+name+".md", previewBrief("Brief "+name, date, company, "Body of "+name+". See [c](c.md)."))
	}
	writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout.\n")
	writeSiteFile(t, dir, "content/briefs/bundle/index.md", previewBrief("Bundle", "2025-02-01T09:00:00Z", "Amazon", "![chart](chart.svg)"))
	writeSiteFile(t, dir, "content/briefs/bundle/chart.svg", "<svg/>")

	opts := Options{SiteDir: dir, BaseURL: "http://127.0.0.1:1414/", Drafts: true, Future: true}
	p := NewPreview(opts)
	steps := []struct {
		name    string
		change  func()
		changed []string
		partial bool // expect fewer pages rendered than a fresh build
	}{
		{"first build", func() {}, nil, false},
		{"edit a body", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("Brief a", "2025-01-01T09:00:00Z", "AWS", "New body of a."))
		}, []string{"content/briefs/a.md"}, true},
		{"edit a body whose leading list makes the key points", func() {
			writeSiteFile(t, dir, "content/briefs/b.md", previewBrief("Brief b", "2025-01-02T09:00:00Z", "Google", "- First point.\n- Second point.\n\n## What happened\nText.\n\n## Why it matters\nMore.\n\n## Also read\nLinks."))
		}, []string{"content/briefs/b.md"}, true},
		{"change the key points again", func() {
			writeSiteFile(t, dir, "content/briefs/b.md", previewBrief("Brief b", "2025-01-02T09:00:00Z", "Google", "- Only point, changed.\n\nText."))
		}, []string{"content/briefs/b.md"}, true},
		{"edit two bodies and a standalone page at once", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("Brief a", "2025-01-01T09:00:00Z", "AWS", "Another body of a, see [b](b.md)."))
			writeSiteFile(t, dir, "content/briefs/d.md", previewBrief("Brief d", "2025-01-04T09:00:00Z", "AWS", "New body of d."))
			writeSiteFile(t, dir, "content/about.md", "---\ntitle: About\n---\nAbout us, again.\n")
		}, []string{"content/briefs/a.md", "content/briefs/d.md", "content/about.md"}, true},
		{"write the frontmatter another way", func() {
			writeSiteFile(t, dir, "content/briefs/d.md", "---\ntopics: [cloud]\ncompanies: [AWS]\ndate: 2025-01-04T09:00:00Z\ntitle: Brief d\n---\nNew body of d.\n")
		}, []string{"content/briefs/d.md"}, true},
		{"retitle a brief and change its key points and sources", func() {
			writeSiteFile(t, dir, "content/briefs/d.md", "---\ntitle: Brief d, retitled\ndate: 2025-01-04T09:00:00Z\ncompanies: [AWS]\ntopics: [cloud]\nkey_points: [A point., Another.]\nsources: [Reuters]\n---\nNew body of d.\n")
		}, []string{"content/briefs/d.md"}, true},
		{"add a newest brief", func() {
			writeSiteFile(t, dir, "content/briefs/n.md", previewBrief("Brief n", "2025-02-15T09:00:00Z", "Meta", "Newest."))
		}, []string{"content/briefs/n.md"}, true},
		{"retitle the newest brief, which the news sitemap lists", func() {
			writeSiteFile(t, dir, "content/briefs/n.md", previewBrief("Brief n, retitled", "2025-02-15T09:00:00Z", "Meta", "Newest."))
		}, []string{"content/briefs/n.md"}, true},
		{"retitle a brief that shares its date with another", func() {
			writeSiteFile(t, dir, "content/briefs/same-day.md", previewBrief("Brief z", "2025-01-04T09:00:00Z", "AWS", "Same day as d."))
		}, []string{"content/briefs/same-day.md"}, true},
		{"retitle it so that it sorts before the other", func() {
			writeSiteFile(t, dir, "content/briefs/same-day.md", previewBrief("Brief 0", "2025-01-04T09:00:00Z", "AWS", "Same day as d."))
		}, []string{"content/briefs/same-day.md"}, true},
		{"break a link in a body", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("Brief a", "2025-01-01T09:00:00Z", "AWS", "A body with [a broken link](nowhere.md)."))
		}, []string{"content/briefs/a.md"}, false},
		{"fix the body", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("Brief a", "2025-01-01T09:00:00Z", "AWS", "New body of a."))
		}, []string{"content/briefs/a.md"}, false},
		{"edit a title", func() {
			writeSiteFile(t, dir, "content/briefs/c.md", previewBrief("Brief C renamed", "2025-01-03T09:00:00Z", "AWS", "Body of c."))
		}, []string{"content/briefs/c.md"}, true},
		{"move a brief to another company", func() {
			writeSiteFile(t, dir, "content/briefs/b.md", previewBrief("Brief b", "2025-01-02T09:00:00Z", "Meta, Nvidia", "Body of b."))
		}, []string{"content/briefs/b.md"}, true},
		{"change a date, reordering lists", func() {
			writeSiteFile(t, dir, "content/briefs/d.md", previewBrief("Brief d", "2025-03-01T09:00:00Z", "AWS", "Body of d."))
		}, []string{"content/briefs/d.md"}, true},
		{"add a brief", func() {
			writeSiteFile(t, dir, "content/briefs/g.md", previewBrief("Brief g", "2025-01-15T09:00:00Z", "Google", "Body of g, see [a](a.md)."))
		}, []string{"content/briefs/g.md"}, true},
		{"delete a brief", func() {
			os.Remove(filepath.Join(dir, "content/briefs/e.md"))
		}, []string{"content/briefs/e.md"}, false},
		{"rename a brief", func() {
			os.Rename(filepath.Join(dir, "content/briefs/f.md"), filepath.Join(dir, "content/briefs/f2.md"))
		}, []string{"content/briefs/f.md", "content/briefs/f2.md"}, false},
		{"change a bundle resource", func() {
			writeSiteFile(t, dir, "content/briefs/bundle/chart.svg", "<svg><rect/></svg>")
		}, []string{"content/briefs/bundle/chart.svg"}, true},
		{"give the bundle a lead image", func() {
			writeSiteFile(t, dir, "content/briefs/bundle/index.md", "---\ntitle: Bundle\ndate: 2025-02-01T09:00:00Z\ncompanies: [Amazon]\ntopics: [cloud]\nimage: lead.png\n---\n![chart](chart.svg)\n")
			writeSiteFile(t, dir, "content/briefs/bundle/lead.png", encodeImage(t, "png", 12, 8))
		}, []string{"content/briefs/bundle/index.md", "content/briefs/bundle/lead.png"}, true},
		{"replace the lead image with one of another size", func() {
			writeSiteFile(t, dir, "content/briefs/bundle/lead.png", encodeImage(t, "png", 24, 9))
		}, []string{"content/briefs/bundle/lead.png"}, true},
		{"size the lead image in the frontmatter's SVG instead", func() {
			writeSiteFile(t, dir, "content/briefs/bundle/index.md", "---\ntitle: Bundle\ndate: 2025-02-01T09:00:00Z\ncompanies: [Amazon]\ntopics: [cloud]\nimage: chart.svg\n---\n![chart](chart.svg)\n")
			writeSiteFile(t, dir, "content/briefs/bundle/chart.svg", `<svg width="30" height="20"><rect/></svg>`)
		}, []string{"content/briefs/bundle/index.md", "content/briefs/bundle/chart.svg"}, true},
		{"change a layout", func() {
			writeSiteFile(t, dir, "layouts/partials/footer.html", "<footer>Own footer</footer>")
		}, []string{"layouts/partials/footer.html"}, false},
		{"add a static file", func() {
			writeSiteFile(t, dir, "static/robots.txt", "User-agent: *\n")
		}, []string{"static/robots.txt"}, true},
		{"change the config", func() {
			writeSiteFile(t, dir, "gen.toml", "title = \"Renamed site\"\npaginate = 3\n")
		}, []string{"gen.toml"}, false},
		{"rename the linked brief: a broken link", func() {
			os.Rename(filepath.Join(dir, "content/briefs/c.md"), filepath.Join(dir, "content/briefs/c2.md"))
		}, []string{"content/briefs/c.md", "content/briefs/c2.md"}, false},
		{"fix the link", func() {
			os.Rename(filepath.Join(dir, "content/briefs/c2.md"), filepath.Join(dir, "content/briefs/c.md"))
		}, []string{"content/briefs/c.md", "content/briefs/c2.md"}, false},
		{"edit again after the failure", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("Brief a", "2025-01-01T09:00:00Z", "AWS", "Third body of a."))
		}, []string{"content/briefs/a.md"}, true},
	}
	for _, step := range steps {
		step.change()
		got, res, err := p.buildAll(context.Background(), step.changed)
		mem := output.NewMemory()
		freshRes, freshErr := BuildTo(context.Background(), opts, mem)
		if (err == nil) != (freshErr == nil) {
			t.Fatalf("%s: preview error %v, fresh build error %v", step.name, err, freshErr)
		}
		if err != nil {
			if err.Error() != freshErr.Error() {
				t.Errorf("%s: preview error\n%v\nfresh build error\n%v", step.name, err, freshErr)
			}
			continue
		}
		want := mem.Files()
		if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
			t.Fatalf("%s: preview files\n%v\nfresh build files\n%v", step.name, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from a fresh build", step.name, name)
			}
		}
		t.Logf("%s: rendered %d of %d pages", step.name, res.Rendered, freshRes.Rendered)
		if step.partial && res.Rendered >= freshRes.Rendered {
			t.Errorf("%s: rendered %d pages, a fresh build %d: nothing was skipped", step.name, res.Rendered, freshRes.Rendered)
		}
		if !step.partial && step.changed == nil && res.Rendered != freshRes.Rendered {
			t.Errorf("%s: rendered %d pages, want all %d", step.name, res.Rendered, freshRes.Rendered)
		}
	}
}

// TestPreviewWithSiteWideLayouts is TestPreviewEqualsFreshBuild for
// layouts that show more than the default theme: a list entry's region, a
// term's brief count, and every brief of the site in the footer.
func TestPreviewWithSiteWideLayouts(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "layouts/partials/brief-list.html", `{{range .pages}}<li>{{.Title}} ({{.Region}}, {{.WordCount}} words)</li>{{end}}`)
	writeSiteFile(t, dir, "layouts/partials/footer.html", `<footer>{{range .Site.Briefs}}{{.Title}}; {{end}}</footer>`)
	writeSiteFile(t, dir, "layouts/brief.html", `{{define "main"}}{{.Title}}{{range .Terms.companies}} {{.Name}}: {{len .Pages}}{{range .Pages}} {{.Title}}{{end}}{{end}}{{end}}`)
	brief := func(title, date, region, company string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\nregion: " + region + "\ncompanies: [" + company + "]\n---\nBody.\n"
	}
	writeSiteFile(t, dir, "content/briefs/a.md", brief("A", "2025-01-01T09:00:00Z", "eu", "Acme"))
	writeSiteFile(t, dir, "content/briefs/b.md", brief("B", "2025-01-02T09:00:00Z", "us", "Acme"))
	writeSiteFile(t, dir, "content/briefs/c.md", brief("C", "2025-01-03T09:00:00Z", "uk", "Other"))
	opts := Options{SiteDir: dir, BaseURL: "http://127.0.0.1:1414/"}
	p := NewPreview(opts)
	steps := []struct {
		change  func()
		changed []string
	}{
		{func() {}, nil},
		{func() {
			writeSiteFile(t, dir, "content/briefs/a.md", brief("A", "2025-01-01T09:00:00Z", "asia", "Acme"))
		}, []string{"content/briefs/a.md"}},
		{func() { writeSiteFile(t, dir, "content/briefs/d.md", brief("D", "2025-01-04T09:00:00Z", "eu", "Acme")) }, []string{"content/briefs/d.md"}},
		{func() {
			writeSiteFile(t, dir, "content/briefs/c.md", brief("C renamed", "2025-01-03T09:00:00Z", "uk", "Other"))
		}, []string{"content/briefs/c.md"}},
		{func() {
			writeSiteFile(t, dir, "content/briefs/b.md", "---\ntitle: B\ndate: 2025-01-02T09:00:00Z\nregion: us\ncompanies: [Acme]\n---\nA longer body now.\n")
		}, []string{"content/briefs/b.md"}},
	}
	for i, step := range steps {
		step.change()
		got, _, err := p.buildAll(context.Background(), step.changed)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		mem := output.NewMemory()
		if _, err := BuildTo(context.Background(), opts, mem); err != nil {
			t.Fatal(err)
		}
		for name, data := range mem.Files() {
			if !bytes.Equal(got[name], data) {
				t.Errorf("step %d: %s differs from a fresh build:\n%s\nwant\n%s", i, name, got[name], data)
			}
		}
	}
}

// TestPreviewEditRendersFewPages guards the point of the preview: on a
// 300-brief site, a change to one brief's body re-renders only the pages
// that show that brief (its own, its neighbours, the briefs it is related
// to, and the list pages it is on), not the site.
func TestPreviewEditRendersFewPages(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 300); err != nil {
		t.Fatal(err)
	}
	p := NewPreview(Options{SiteDir: dir, BaseURL: "http://127.0.0.1:1414/"})
	if _, _, err := p.buildAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	rel := "content/briefs/" + corpus.Slug(150) + ".md"
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	writeSiteFile(t, dir, rel, string(data)+"\nOne more sentence.\n")
	_, res, err := p.Build(context.Background(), []string{rel})
	if err != nil {
		t.Fatal(err)
	}
	// The brief, two neighbours, the briefs that list it as related, and
	// one page each of the home, section and up to six term lists.
	if res.Rendered > 25 {
		t.Errorf("a body edit re-rendered %d pages", res.Rendered)
	}
}

// TestPreviewSearchIndexOnRequest checks that the preview makes its search
// index only when a file of it is asked for, that what it makes is gen
// build's, and that asking for it while title edits are patched into the
// model reads the model safely (run with -race).
func TestPreviewSearchIndexOnRequest(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 40); err != nil {
		t.Fatal(err)
	}
	opts := Options{SiteDir: dir, NoCache: true}
	p := NewPreview(opts)
	files, _, err := p.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, page, _ := p.File("search/index.html"); files["search/meta.js"] != nil || !page {
		t.Fatal("the preview made its search index before it was asked for, or left out the search page")
	}
	if err := p.Complete(context.Background()); err != nil {
		t.Fatal(err)
	}
	rel := "content/briefs/" + corpus.Slug(20) + ".md"
	original, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	asked := make(chan int)
	go func() {
		n := 0
		defer func() { asked <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, ok, err := p.File("search/d0.js"); ok && err == nil {
				n++
			}
		}
	}()
	for i := range 5 {
		title := "Edited title number " + strconv.Itoa(i)
		writeSiteFile(t, dir, rel, strings.Replace(string(original), "title: \"", "title: \""+title+" ", 1))
		if _, res, err := p.Build(context.Background(), []string{rel}); err != nil || res.Rendered > 25 {
			t.Fatalf("edit %d: %v (%v pages rendered: not a patch)", i, err, res)
		}
		if err := p.Complete(context.Background()); err != nil {
			t.Fatal(err)
		}
		d0, ok, err := p.File("search/d0.js")
		if !ok || !strings.Contains(string(d0), title) {
			t.Fatalf("edit %d: the search index made on request does not hold the new title (%v)", i, err)
		}
	}
	close(stop)
	if <-asked == 0 {
		t.Error("the index was never made while the edits were built")
	}
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), opts, mem); err != nil {
		t.Fatal(err)
	}
	for name, want := range mem.Files() {
		if !strings.HasPrefix(name, "search/") || name == "search/index.html" {
			continue
		}
		if got, ok, err := p.File(name); !ok || !bytes.Equal(got, want) {
			t.Errorf("the preview's %s (found: %v, %v) is not gen build's", name, ok, err)
		}
	}
}

// threeBriefs writes a site of three briefs, a, b and c, a day apart, and
// returns its folder.
func threeBriefs(t *testing.T) string {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	for i, b := range []string{"a", "b", "c"} {
		writeSiteFile(t, dir, "content/briefs/"+b+".md", previewBrief("Brief "+b, "2026-01-0"+strconv.Itoa(i+1)+"T09:00:00Z", "Acme", "Text of "+b+"."))
	}
	return dir
}

// TestPreviewRendersOnRequest checks that the preview leaves the pages
// whose reads changed to render when asked for, that what it renders then
// is a fresh build's page, that a page rendered on request is kept by the
// next build, and that a page a broken layout fails gives the error with
// its last good bytes, Complete every error.
func TestPreviewRendersOnRequest(t *testing.T) {
	dir := threeBriefs(t)
	opts := Options{SiteDir: dir, NoCache: true}
	ctx := context.Background()
	fresh := func() map[string][]byte {
		mem := output.NewMemory()
		if _, err := BuildTo(ctx, opts, mem); err != nil {
			t.Fatal(err)
		}
		return mem.Files()
	}
	p := NewPreview(opts)
	files, res, err := p.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const page = "briefs/a/index.html"
	if files[page] != nil || !slices.Contains(res.Pending, page) || len(res.Pending) != res.Rendered {
		t.Fatalf("the first build rendered %s before it was asked for (pending: %v)", page, res.Pending)
	}
	// Completing stops with its context (gen serve's next change).
	stopped, stop := context.WithCancel(ctx)
	stop()
	if err := p.Complete(stopped); !errors.Is(err, context.Canceled) || p.pending[page].done {
		t.Errorf("Complete with its context done: %v, and rendered %s", err, page)
	}
	if got, ok, err := p.File(page); !ok || err != nil || !bytes.Equal(got, fresh()[page]) {
		t.Fatalf("%s rendered on request (%v, %v) is not a fresh build's", page, ok, err)
	}

	// An edit to b's text: a, rendered on request, read b's title and
	// address only (its neighbour), and is kept.
	writeSiteFile(t, dir, "content/briefs/b.md", previewBrief("Brief b", "2026-01-02T09:00:00Z", "Acme", "New text of b."))
	files, res, err = p.Build(ctx, []string{"content/briefs/b.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Pending, "briefs/b/index.html") || files["briefs/b/index.html"] != nil {
		t.Errorf("the edited page is not left to render: pending %v", res.Pending)
	}
	if slices.Contains(res.Pending, page) || !bytes.Equal(files[page], fresh()[page]) {
		t.Errorf("%s, rendered on request, is not kept as a fresh build's (pending: %v)", page, res.Pending)
	}
	all, err := p.AllFiles(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh(); !maps.EqualFunc(all, want, bytes.Equal) {
		t.Error("the completed build is not a fresh build")
	}

	// A layout that fails on every brief.
	good := all[page]
	writeSiteFile(t, dir, "layouts/brief.html", `{{define "main"}}{{index .Params.none 3}}{{end}}`)
	if _, res, err = p.Build(ctx, []string{"layouts/brief.html"}); err != nil {
		t.Fatalf("the build failed before any page was asked for: %v", err)
	}
	if !slices.Contains(res.Pending, page) {
		t.Errorf("%s is not rendered again after a layout edit: pending %v", page, res.Pending)
	}
	got, ok, err := p.File(page)
	if err == nil || !ok || !bytes.Equal(got, good) || !strings.Contains(err.Error(), "layouts/brief.html") {
		t.Errorf("a page the layout breaks: %v, %v; want its last good bytes and the layout's error", ok, err)
	}
	if err := p.Complete(ctx); err == nil || !strings.Contains(err.Error(), "layouts/brief.html") {
		t.Errorf("Complete after a broken layout: %v", err)
	}
}

// TestPreviewPageAskedForDuringBuild checks that a page asked for while
// a build replaces the one it belongs to is rendered from the new build:
// the tab that asked gets the new page, though the build, which found it
// not rendered, does not tell it as changed.
func TestPreviewPageAskedForDuringBuild(t *testing.T) {
	dir := threeBriefs(t)
	opts := Options{SiteDir: dir, NoCache: true}
	ctx := context.Background()
	p := NewPreview(opts)
	if _, _, err := p.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	const page = "briefs/b/index.html"
	// A render under way holds the model when the change comes; the build
	// waits for it, and the page asked for then waits for the build.
	p.modelMu.RLock()
	writeSiteFile(t, dir, "layouts/partials/footer.html", "<footer>Own footer</footer>")
	built := make(chan error)
	go func() {
		_, _, err := p.Build(ctx, []string{"layouts/partials/footer.html"})
		built <- err
	}()
	time.Sleep(100 * time.Millisecond)
	type served struct {
		data []byte
		err  error
	}
	asked := make(chan served)
	go func() {
		data, _, err := p.File(page)
		asked <- served{data, err}
	}()
	time.Sleep(100 * time.Millisecond)
	p.modelMu.RUnlock()
	if err := <-built; err != nil {
		t.Fatal(err)
	}
	got := <-asked
	mem := output.NewMemory()
	if _, err := BuildTo(ctx, opts, mem); err != nil {
		t.Fatal(err)
	}
	if got.err != nil || !bytes.Equal(got.data, mem.Files()[page]) {
		t.Errorf("the page asked for during the build is not the new build's (%v)", got.err)
	}
}
