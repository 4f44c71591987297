package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/model"
)

var relatedSection = regexp.MustCompile(`(?s)<h2 id="gen-related">Related briefs</h2>\s*<ul>(.*?)</ul>`)
var relatedLink = regexp.MustCompile(`<a href="[^"]*">([^<]*)</a>`)

// TestRelatedSkipsAlsoRead builds a site where a brief's "Also read"
// links two briefs that would rank among its related ones, and checks
// that the "Related briefs" list leaves them out and fills up with the
// next candidates, keeping its size, with the Markdown rendered as the
// page is written (the default theme) and before (a site's own layouts).
func TestRelatedSkipsAlsoRead(t *testing.T) {
	for _, ownLayouts := range []bool{false, true} {
		dir := t.TempDir()
		writeSiteFile(t, dir, "gen.toml", "title = \"Desk\"\nbaseURL = \"https://example.org/\"\n")
		if ownLayouts {
			writeSiteFile(t, dir, "layouts/partials/footer.html", "<footer>Own</footer>")
		}
		// Ten briefs about Acme, a day apart: the nearest in time rank first.
		for i := 1; i <= 10; i++ {
			writeSiteFile(t, dir, fmt.Sprintf("content/briefs/b%02d.md", i), previewBrief(fmt.Sprintf("Brief %02d", i), fmt.Sprintf("2026-03-%02dT09:00:00Z", i), "Acme", "Body."))
		}
		writeSiteFile(t, dir, "content/briefs/main.md", previewBrief("Main", "2026-03-11T09:00:00Z", "Acme",
			"Body.\n\n## Also read\n\n- [The tenth](b10.md)\n- [The eighth](/briefs/b08/#why)\n- [Elsewhere](https://example.net/)\n"))
		if _, err := Build(context.Background(), Options{SiteDir: dir, Now: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "public/briefs/main/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		m := relatedSection.FindStringSubmatch(string(data))
		if m == nil {
			t.Fatalf("own layouts %v: no related briefs:\n%s", ownLayouts, data)
		}
		var titles []string
		for _, l := range relatedLink.FindAllStringSubmatch(m[1], -1) {
			titles = append(titles, l[1])
		}
		want := []string{"Brief 09", "Brief 07", "Brief 06", "Brief 05", "Brief 04"}
		if len(want) != model.MaxRelated || strings.Join(titles, "|") != strings.Join(want, "|") {
			t.Errorf("own layouts %v: related %q, want %q (the nearest but the two Also read links)", ownLayouts, titles, want)
		}
		// A brief whose body links none keeps the nearest.
		data, err = os.ReadFile(filepath.Join(dir, "public/briefs/b05/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if m := relatedSection.FindStringSubmatch(string(data)); m == nil || len(relatedLink.FindAllString(m[1], -1)) != model.MaxRelated {
			t.Errorf("own layouts %v: b05 does not list %d related briefs", ownLayouts, model.MaxRelated)
		}
	}
}
