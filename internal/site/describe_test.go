package site

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

var (
	metaDescription = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	metaOGURL       = regexp.MustCompile(`<meta property="og:url" content="([^"]*)">`)
	linkCanonical   = regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
)

// TestListPageDescriptions builds a site with no _index.md and no site
// description, whose lists run to several pages, and checks that every
// list page has a meta description made from what it lists, that each
// page of a paginated list after the first has its own ("Page 2 of 3."),
// and that og:url is the canonical URL of that page, not the list's first.
func TestListPageDescriptions(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Desk\"\nbaseURL = \"https://example.org/\"\npaginate = 2\ntimezone = \"UTC\"\n")
	for i := 1; i <= 5; i++ {
		writeSiteFile(t, dir, fmt.Sprintf("content/briefs/b%d.md", i), previewBrief(fmt.Sprintf("Brief %d", i), fmt.Sprintf("2026-03-%02dT09:00:00Z", i), "Acme", "Body."))
	}
	dest := filepath.Join(dir, "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, description, url string }{
		{"index.html", "The latest briefs on Desk: 5 briefs, newest first, the latest on 5 March 2026.", "https://example.org/"},
		{"page/2/index.html", "The latest briefs on Desk: 5 briefs, newest first, the latest on 5 March 2026. Page 2 of 3.", "https://example.org/page/2/"},
		{"page/3/index.html", "The latest briefs on Desk: 5 briefs, newest first, the latest on 5 March 2026. Page 3 of 3.", "https://example.org/page/3/"},
		{"briefs/index.html", "Briefs on Desk: 5 briefs, newest first, the latest on 5 March 2026.", "https://example.org/briefs/"},
		{"briefs/page/2/index.html", "Briefs on Desk: 5 briefs, newest first, the latest on 5 March 2026. Page 2 of 3.", "https://example.org/briefs/page/2/"},
		{"companies/index.html", "Every company covered on Desk (1 company), with its number of briefs and the latest.", "https://example.org/companies/"},
		{"companies/acme/index.html", "Briefs about Acme on Desk: 5 briefs, newest first, the latest on 5 March 2026.", "https://example.org/companies/acme/"},
		{"topics/cloud/index.html", "Briefs about cloud on Desk: 5 briefs, newest first, the latest on 5 March 2026.", "https://example.org/topics/cloud/"},
		{"digest/2026-w10/index.html", "4 briefs: Brief 5; Brief 4; Brief 3; Brief 2.", "https://example.org/digest/2026-w10/"},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(dest, tt.path))
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		page := string(data)
		d := metaDescription.FindStringSubmatch(page)
		if d == nil || html.UnescapeString(d[1]) != tt.description {
			t.Errorf("%s: meta description %q, want %q", tt.path, d, tt.description)
		}
		og, canonical := metaOGURL.FindStringSubmatch(page), linkCanonical.FindStringSubmatch(page)
		if og == nil || canonical == nil || og[1] != tt.url || canonical[1] != tt.url {
			t.Errorf("%s: og:url %q and canonical %q, want both %q", tt.path, og, canonical, tt.url)
		}
	}
}
