package site

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNewsSitemapWindow builds a site at later and later times into one
// folder (the clock of successive builds), and checks that
// news-sitemap.xml lists the briefs of the two days before the build, in the shape the sitemaps and Google News schemas require, that
// no file is written (nor left from an earlier build) when none is in the
// window, as a urlset with no url is invalid, and that robots.txt names it
// exactly when it is written.
func TestNewsSitemapWindow(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Desk\"\nbaseURL = \"https://example.org/\"\nlanguage = \"en\"\n[publisher]\nname = \"Desk\"\n")
	writeSiteFile(t, dir, "content/briefs/old.md", previewBrief("Old", "2026-07-01T09:00:00Z", "Acme", "Body."))
	writeSiteFile(t, dir, "content/briefs/new.md", previewBrief("New", "2026-07-10T09:00:00Z", "Acme", "Body."))
	public := filepath.Join(dir, "public")
	cases := []struct {
		name string
		now  time.Time
		want []string // the locs listed; none means no file
	}{
		{"two days after the old brief", time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC), []string{"https://example.org/briefs/old/"}},
		{"a minute past two days after it", time.Date(2026, 7, 3, 9, 1, 0, 0, time.UTC), nil},
		{"an hour after the newest brief", time.Date(2026, 7, 10, 10, 0, 0, 0, time.UTC), []string{"https://example.org/briefs/new/"}},
		{"a week later", time.Date(2026, 7, 17, 0, 0, 0, 0, time.UTC), nil},
	}
	for _, c := range cases {
		if _, err := Build(context.Background(), Options{SiteDir: dir, Now: c.now, Future: true}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		robots, err := os.ReadFile(filepath.Join(public, "robots.txt"))
		if err != nil {
			t.Fatal(err)
		}
		listed := strings.Contains(string(robots), "Sitemap: https://example.org/news-sitemap.xml\n")
		data, err := os.ReadFile(filepath.Join(public, "news-sitemap.xml"))
		if c.want == nil {
			if err == nil || !os.IsNotExist(err) {
				t.Errorf("%s: news-sitemap.xml is there (%v):\n%s", c.name, err, data)
			}
			if listed {
				t.Errorf("%s: robots.txt names a news sitemap that is not written:\n%s", c.name, robots)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !listed {
			t.Errorf("%s: robots.txt does not name the news sitemap:\n%s", c.name, robots)
		}
		var doc struct {
			XMLName xml.Name
			URLs    []struct {
				Loc  string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
				News struct {
					Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>name"`
					Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>language"`
					Date     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
					Title    string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
				} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
			} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: not XML: %v\n%s", c.name, err, data)
		}
		if doc.XMLName != (xml.Name{Space: "http://www.sitemaps.org/schemas/sitemap/0.9", Local: "urlset"}) {
			t.Errorf("%s: root %v, want the sitemaps urlset", c.name, doc.XMLName)
		}
		var locs []string
		for _, u := range doc.URLs {
			locs = append(locs, u.Loc)
			if u.News.Name != "Desk" || u.News.Language != "en" || u.News.Title == "" {
				t.Errorf("%s: %s lacks a required news field: %+v", c.name, u.Loc, u.News)
			}
			if _, err := time.Parse(time.RFC3339, u.News.Date); err != nil {
				t.Errorf("%s: %s: publication_date %q: %v", c.name, u.Loc, u.News.Date, err)
			}
		}
		if strings.Join(locs, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: lists %v, want %v", c.name, locs, c.want)
		}
	}
}
