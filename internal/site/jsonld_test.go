package site

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// ldOf returns the JSON-LD objects of a page by their @type, failing on a
// block that is not JSON.
func ldOf(t *testing.T, page, name string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, m := range ldScript.FindAllStringSubmatch(page, -1) {
		var v map[string]any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Fatalf("%s: JSON-LD is not JSON: %v\n%s", name, err, m[1])
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("%s: @context %v", name, v["@context"])
		}
		out[fmt.Sprint(v["@type"])] = v
	}
	return out
}

// TestStructuredData builds a site and reads back the JSON-LD beyond a
// brief's NewsArticle: the home page's WebSite with a SearchAction aimed
// at the search page, a CollectionPage on term and digest pages (of the
// pager page, listing its briefs), and a BreadcrumbList on briefs, every
// URL absolute; a title that tries to close the script stays inside it.
func TestStructuredData(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Desk\"\nbaseURL = \"https://example.org/news/\"\ndescription = \"Tech news.\"\npaginate = 2\n")
	for i := 1; i <= 3; i++ {
		writeSiteFile(t, dir, fmt.Sprintf("content/briefs/b%d.md", i), previewBrief(fmt.Sprintf("Brief %d", i), fmt.Sprintf("2026-03-0%dT09:00:00Z", i+1), "Acme", "Body."))
	}
	writeSiteFile(t, dir, "content/briefs/evil.md", previewBrief(`"Evil </script><script>alert(1)</script>"`, "2026-03-06T09:00:00Z", "Acme", "Body."))
	if _, err := Build(context.Background(), Options{SiteDir: dir, Now: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) map[string]map[string]any {
		data, err := os.ReadFile(filepath.Join(dir, "public", name))
		if err != nil {
			t.Fatal(err)
		}
		return ldOf(t, string(data), name)
	}
	get := func(v any, path ...any) any {
		for _, k := range path {
			switch k := k.(type) {
			case string:
				m, _ := v.(map[string]any)
				v = m[k]
			case int:
				l, _ := v.([]any)
				if k >= len(l) {
					return nil
				}
				v = l[k]
			}
		}
		return v
	}
	check := func(name string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}

	home := read("index.html")["WebSite"]
	check("WebSite name", get(home, "name"), "Desk")
	check("WebSite url", get(home, "url"), "https://example.org/news/")
	check("SearchAction type", get(home, "potentialAction", "@type"), "SearchAction")
	check("SearchAction target", get(home, "potentialAction", "target", "urlTemplate"), "https://example.org/news/search/?q={search_term_string}")
	check("SearchAction query-input", get(home, "potentialAction", "query-input"), "required name=search_term_string")

	for _, tt := range []struct {
		path, name, url string
		briefs          []string
	}{
		{"companies/acme/index.html", "Acme", "https://example.org/news/companies/acme/", []string{"https://example.org/news/briefs/evil/", "https://example.org/news/briefs/b3/"}},
		{"companies/acme/page/2/index.html", "Acme", "https://example.org/news/companies/acme/page/2/", []string{"https://example.org/news/briefs/b2/", "https://example.org/news/briefs/b1/"}},
		{"digest/2026-w10/index.html", "Week 10, 2026: 2 March to 8 March", "https://example.org/news/digest/2026-w10/", []string{"https://example.org/news/briefs/evil/", "https://example.org/news/briefs/b3/", "https://example.org/news/briefs/b2/", "https://example.org/news/briefs/b1/"}},
	} {
		c := read(tt.path)["CollectionPage"]
		if c == nil {
			t.Errorf("%s: no CollectionPage", tt.path)
			continue
		}
		check(tt.path+" name", get(c, "name"), tt.name)
		check(tt.path+" url", get(c, "url"), tt.url)
		if d, _ := get(c, "description").(string); d == "" {
			t.Errorf("%s: CollectionPage has no description", tt.path)
		}
		check(tt.path+" list type", get(c, "mainEntity", "@type"), "ItemList")
		check(tt.path+" numberOfItems", get(c, "mainEntity", "numberOfItems"), len(tt.briefs))
		for i, u := range tt.briefs {
			check(fmt.Sprintf("%s item %d", tt.path, i+1), get(c, "mainEntity", "itemListElement", i, "url"), u)
			check(fmt.Sprintf("%s item %d position", tt.path, i+1), get(c, "mainEntity", "itemListElement", i, "position"), i+1)
		}
	}

	evil := read("briefs/evil/index.html")
	if evil["NewsArticle"] == nil {
		t.Error("the brief lost its NewsArticle")
	}
	// A brief that names no author is the publisher's, and a site with no
	// logo is shown by the icon made from its name: Google asks for both.
	check("author type", get(evil["NewsArticle"], "author", 0, "@type"), "Organization")
	check("author name", get(evil["NewsArticle"], "author", 0, "name"), "Desk")
	check("publisher logo", get(evil["NewsArticle"], "publisher", "logo", "url"), "https://example.org/news/apple-touch-icon.png")
	crumbs := evil["BreadcrumbList"]
	for i, want := range [][2]string{{"Desk", "https://example.org/news/"}, {"Briefs", "https://example.org/news/briefs/"},
		{"Evil </script><script>alert(1)</script>", "https://example.org/news/briefs/evil/"}} {
		check(fmt.Sprintf("crumb %d name", i+1), get(crumbs, "itemListElement", i, "name"), want[0])
		check(fmt.Sprintf("crumb %d item", i+1), get(crumbs, "itemListElement", i, "item"), want[1])
		check(fmt.Sprintf("crumb %d position", i+1), get(crumbs, "itemListElement", i, "position"), i+1)
	}
	if l, _ := get(crumbs, "itemListElement").([]any); len(l) != 3 {
		t.Errorf("%d crumbs, want 3", len(l))
	}
}
