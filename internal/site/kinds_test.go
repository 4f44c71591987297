package site

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/feeds"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
)

// kindsSite writes a site of two briefs, a standalone page and a
// colophon layout into a temporary folder.
func kindsSite(t *testing.T) string {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"gen.toml":              "title = \"Kinds\"\nbaseURL = \"https://example.org/\"\n",
		"content/about.md":      "---\ntitle: About\n---\nAbout.\n",
		"content/briefs/a.md":   previewBrief("A", "2026-07-01T09:00:00Z", "Acme", "Body A."),
		"content/briefs/b.md":   previewBrief("B", "2026-07-02T09:00:00Z", "Acme", "Body B."),
		"layouts/colophon.html": `{{define "main"}}<h1 class="colophon">{{.Title}}</h1>{{end}}`,
	} {
		writeSiteFile(t, dir, name, data)
	}
	return dir
}

// A page kind and an output format added to copies of their registries
// are each picked up by the whole build: the kind's pages are rendered
// with its layout, are in the sitemap or not as it says, and have feeds in
// the formats it names; the format is written for every feed whose kind
// takes every format. (Not parallel: it changes feeds.Formats.)
func TestRegistriesPickedUp(t *testing.T) {
	saved := feeds.Formats
	t.Cleanup(func() { feeds.Formats = saved })
	feeds.Formats = append(slices.Clip(saved), feeds.Format{Name: "urls", File: "feed.txt", MediaType: "text/plain", Label: "URL list",
		Write: func(w io.Writer, f feeds.Feed, _ *model.Site, _ bool, abs feeds.URLer) error {
			for _, p := range f.Entries {
				if _, err := fmt.Fprintln(w, abs(p.URL)); err != nil {
					return err
				}
			}
			return nil
		}})

	colophon := &model.Page{Kind: "colophon", Title: "Colophon", URL: "/colophon/"}
	kinds := model.DefaultKinds()
	kinds[slices.IndexFunc(kinds, func(k *model.Kind) bool { return k.Name == model.KindPage })].Sitemap = false
	kinds = append(kinds, &model.Kind{Name: "colophon", Pages: func(s *model.Site) []*model.Page {
		colophon.Pages = s.Briefs
		return []*model.Page{colophon}
	}, Feeds: []string{"rss"}, Sitemap: true})

	mem := output.NewMemory()
	res, err := BuildTo(context.Background(), Options{SiteDir: kindsSite(t), Kinds: kinds}, mem)
	if err != nil {
		t.Fatal(err)
	}
	out := mem.Files()
	if page := string(out["colophon/index.html"]); !strings.Contains(page, `<h1 class="colophon">Colophon</h1>`) {
		t.Errorf("colophon/index.html is not its layout's:\n%s", page)
	}
	sitemap := string(out["sitemap.xml"])
	if !strings.Contains(sitemap, "<loc>https://example.org/colophon/</loc>") || !strings.Contains(sitemap, "<loc>https://example.org/briefs/a/</loc>") {
		t.Errorf("sitemap.xml lacks the colophon or a brief:\n%s", sitemap)
	}
	for _, absent := range []string{"/about/", "/404.html", "/search/"} {
		if strings.Contains(sitemap, "https://example.org"+absent+"<") {
			t.Errorf("sitemap.xml lists %s, whose kind is not in it", absent)
		}
	}
	if rss := string(out["colophon/index.xml"]); !strings.Contains(rss, "<link>https://example.org/briefs/b/</link>") {
		t.Errorf("colophon/index.xml lacks the briefs:\n%s", rss)
	}
	for _, absent := range []string{"colophon/atom.xml", "colophon/feed.json", "colophon/feed.txt"} {
		if _, ok := out[absent]; ok {
			t.Errorf("%s is written, but the colophon kind's feeds are RSS only", absent)
		}
	}
	want := "https://example.org/briefs/b/\nhttps://example.org/briefs/a/\n"
	for _, dir := range []string{"", "briefs/", "companies/acme/"} {
		if got := string(out[dir+"feed.txt"]); got != want {
			t.Errorf("%sfeed.txt = %q, want %q", dir, got, want)
		}
	}
	if got := string(out["digest/feed.txt"]); !strings.Contains(got, "https://example.org/digest/2026-w27/") {
		t.Errorf("digest/feed.txt = %q, want the week", got)
	}
	if _, ok := out["about/feed.txt"]; ok {
		t.Errorf("about/feed.txt is written, but standalone pages have no feeds")
	}
	// The default theme links to the new format as to the others, from
	// the registry: in every page's head, and on the term and digest pages.
	for page, want := range map[string][]string{
		"about/index.html": {`<link rel="alternate" type="text/plain" title="Kinds (URL list)" href="../feed.txt">`},
		"companies/acme/index.html": {`<link rel="alternate" type="text/plain" title="Acme · Kinds (URL list)" href="feed.txt">`,
			`<a href="feed.json">JSON Feed</a> · <a href="feed.txt">URL list</a></p>`},
		"digest/index.html": {`<a href="feed.json">JSON Feed</a> · <a href="feed.txt">URL list</a></p>`},
	} {
		for _, w := range want {
			if !strings.Contains(string(out[page]), w) {
				t.Errorf("%s lacks %q:\n%s", page, w, out[page])
			}
		}
	}
	rss := 0
	for name := range out {
		if strings.HasSuffix(name, feeds.RSSFile) {
			rss++ // every feed here has its RSS file
		}
	}
	if res.Feeds != rss || rss < 5 {
		t.Errorf("Result.Feeds = %d, want the %d RSS files", res.Feeds, rss)
	}
}
