package feeds

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/modeltest"
	"github.com/gen-briefs/gen/internal/sitetest"
)

// buildSite writes files into a temporary site and builds its model.
func buildSite(t *testing.T, files map[string]string) *model.Site {
	t.Helper()
	s, _ := modeltest.Model(t, files, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	return s
}

// manyBriefs returns a site of n briefs, brief-01 the oldest, one a day
// from 1 July 2026 at 09:30 in the site's zone (Europe/Berlin), plus a page.
func manyBriefs(n int, baseURL string) map[string]string {
	files := map[string]string{
		"gen.toml":         fmt.Sprintf("title = \"Feed Test\"\nbaseURL = %q\ntimezone = \"Europe/Berlin\"\nlanguage = \"de\"\n", baseURL),
		"content/about.md": "---\ntitle: About\n---\n",
	}
	for i := 1; i <= n; i++ {
		files[fmt.Sprintf("content/briefs/brief-%02d.md", i)] = fmt.Sprintf(
			"---\ntitle: Brief %02d & more\ndate: 2026-07-%02dT09:30:00\ncompanies: [Acme]\ntopics: [Chips]\nsummary: Summary <%d>\n---\nBody.\n", i, i, i)
	}
	return files
}

type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title         string `xml:"title"`
		Description   string `xml:"description"`
		Language      string `xml:"language"`
		LastBuildDate string `xml:"lastBuildDate"`
		// Links holds both <link> and <atom:link>; see link and self.
		Links []struct {
			XMLName xml.Name
			Href    string `xml:"href,attr"`
			Rel     string `xml:"rel,attr"`
			Text    string `xml:",chardata"`
		} `xml:"link"`
		Items []struct {
			Title       string   `xml:"title"`
			Link        string   `xml:"link"`
			GUID        string   `xml:"guid"`
			PubDate     string   `xml:"pubDate"`
			Description string   `xml:"description"`
			Categories  []string `xml:"category"`
		} `xml:"item"`
	} `xml:"channel"`
}

// link returns the channel's RSS <link>.
func (d rssDoc) link() string {
	for _, l := range d.Channel.Links {
		if l.XMLName.Space == "" {
			return l.Text
		}
	}
	return ""
}

// self returns the href and rel of the channel's <atom:link>.
func (d rssDoc) self() (href, rel string) {
	for _, l := range d.Channel.Links {
		if l.XMLName.Space == "http://www.w3.org/2005/Atom" {
			return l.Href, l.Rel
		}
	}
	return "", ""
}

func parseRSS(t *testing.T, data []byte) rssDoc {
	t.Helper()
	var doc rssDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("feed is not XML: %v\n%s", err, data)
	}
	return doc
}

func TestRSS(t *testing.T) {
	site := buildSite(t, manyBriefs(25, "https://example.org/news/"))
	var buf bytes.Buffer
	if err := RSS(&buf, site, "/index.xml", AbsURL(site.Config.BaseURL)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), xml.Header) {
		t.Error("feed lacks the XML declaration")
	}
	doc := parseRSS(t, buf.Bytes())
	ch := doc.Channel
	if doc.Version != "2.0" || ch.Title != "Feed Test" || doc.link() != "https://example.org/news/" || ch.Language != "de" {
		t.Errorf("channel: version %q title %q link %q language %q", doc.Version, ch.Title, doc.link(), ch.Language)
	}
	if ch.Description != "Latest briefs from Feed Test" {
		t.Errorf("description = %q", ch.Description)
	}
	if href, rel := doc.self(); href != "https://example.org/news/index.xml" || rel != "self" {
		t.Errorf("atom:link href %q rel %q", href, rel)
	}
	if len(ch.Items) != FeedSize {
		t.Fatalf("%d items, want %d", len(ch.Items), FeedSize)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	for i, item := range ch.Items {
		n := 25 - i // newest first
		if want := fmt.Sprintf("Brief %02d & more", n); item.Title != want {
			t.Errorf("item %d title %q, want %q", i, item.Title, want)
		}
		wantLink := fmt.Sprintf("https://example.org/news/briefs/brief-%02d/", n)
		if item.Link != wantLink || item.GUID != wantLink {
			t.Errorf("item %d link %q guid %q, want %q", i, item.Link, item.GUID, wantLink)
		}
		got, err := time.Parse(time.RFC1123Z, item.PubDate)
		if err != nil {
			t.Errorf("item %d pubDate %q: %v", i, item.PubDate, err)
			continue
		}
		if want := time.Date(2026, 7, n, 9, 30, 0, 0, berlin); !got.Equal(want) {
			t.Errorf("item %d pubDate %v, want %v", i, got, want)
		}
		if want := fmt.Sprintf("Summary <%d>", n); item.Description != want {
			t.Errorf("item %d description %q, want %q", i, item.Description, want)
		}
		if !reflect.DeepEqual(item.Categories, []string{"Acme", "Chips"}) {
			t.Errorf("item %d categories %q", i, item.Categories)
		}
	}
	last, err := time.Parse(time.RFC1123Z, ch.LastBuildDate)
	if err != nil || !last.Equal(site.Briefs[0].Date) {
		t.Errorf("lastBuildDate %q (%v), want the newest brief's date", ch.LastBuildDate, err)
	}
}

func TestRSSWithoutBaseURLOrBriefs(t *testing.T) {
	site := buildSite(t, map[string]string{
		"gen.toml":         "title = \"Empty\"\ndescription = \"Nothing yet.\"\n",
		"content/about.md": "---\ntitle: About\n---\n",
	})
	var buf bytes.Buffer
	if err := RSS(&buf, site, "/index.xml", AbsURL(site.Config.BaseURL)); err != nil {
		t.Fatal(err)
	}
	doc := parseRSS(t, buf.Bytes())
	if len(doc.Channel.Items) != 0 || doc.Channel.LastBuildDate != "" || doc.Channel.Description != "Nothing yet." || doc.link() != "/" {
		t.Errorf("channel = %+v", doc.Channel)
	}
	if strings.Contains(buf.String(), "<lastBuildDate>") {
		t.Error("an empty feed has a lastBuildDate")
	}
}

func TestRSSUsesLastmodForBuildDate(t *testing.T) {
	site := buildSite(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01T10:00:00Z\nupdated: 2026-07-03T10:00:00Z\n---\n",
		"content/briefs/b.md": "---\ntitle: B\ndate: 2026-07-02T10:00:00Z\n---\n",
	})
	var buf bytes.Buffer
	if err := RSS(&buf, site, "/index.xml", AbsURL("")); err != nil {
		t.Fatal(err)
	}
	doc := parseRSS(t, buf.Bytes())
	if got := doc.Channel.Items[0].Title; got != "B" {
		t.Errorf("first item %q, want B (feeds are ordered by date, not update)", got)
	}
	if doc.Channel.Items[0].Link != "/briefs/b/" {
		t.Errorf("link without base URL = %q, want /briefs/b/", doc.Channel.Items[0].Link)
	}
	if doc.Channel.LastBuildDate != "Fri, 03 Jul 2026 10:00:00 +0000" {
		t.Errorf("lastBuildDate = %q, want the latest publication or update in the feed (A's update)", doc.Channel.LastBuildDate)
	}
}

type urlsetDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	files := manyBriefs(3, "https://example.org/")
	files["gen.toml"] += "paginate = 2\n"
	files["content/briefs/brief-02.md"] = "---\ntitle: Two\ndate: 2026-07-02T09:30:00\nupdated: 2026-07-05T12:00:00Z\n---\n"
	site := buildSite(t, files)
	var buf bytes.Buffer
	if err := Sitemap(&buf, site, AbsURL(site.Config.BaseURL)); err != nil {
		t.Fatal(err)
	}
	var doc urlsetDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("sitemap is not XML: %v\n%s", err, buf.String())
	}
	got := map[string]string{}
	var order []string
	for _, u := range doc.URLs {
		if _, dup := got[u.Loc]; dup {
			t.Errorf("%s listed twice", u.Loc)
		}
		got[u.Loc] = u.Lastmod
		order = append(order, u.Loc)
	}
	want := map[string]string{
		"https://example.org/":                 "2026-07-03T09:30:00+02:00",
		"https://example.org/about/":           "",
		"https://example.org/briefs/":          "2026-07-03T09:30:00+02:00",
		"https://example.org/briefs/brief-01/": "2026-07-01T09:30:00+02:00",
		"https://example.org/briefs/brief-02/": "2026-07-05T12:00:00Z",
		"https://example.org/briefs/brief-03/": "2026-07-03T09:30:00+02:00",
		"https://example.org/companies/":       "2026-07-03T09:30:00+02:00",
		"https://example.org/companies/acme/":  "2026-07-03T09:30:00+02:00",
		"https://example.org/topics/":          "2026-07-03T09:30:00+02:00",
		"https://example.org/topics/chips/":    "2026-07-03T09:30:00+02:00",
		"https://example.org/digest/":          "2026-07-05T12:00:00Z",
		"https://example.org/digest/2026-w27/": "2026-07-05T12:00:00Z",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sitemap =\n%v\nwant\n%v", got, want)
	}
	for _, loc := range order {
		if strings.Contains(loc, "/page/") || strings.Contains(loc, "404") {
			t.Errorf("sitemap lists %s", loc)
		}
	}
	// Same input, same bytes.
	var again bytes.Buffer
	if err := Sitemap(&again, site, AbsURL(site.Config.BaseURL)); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("a second sitemap differs (err %v)", err)
	}
}

func TestRobots(t *testing.T) {
	var buf bytes.Buffer
	if err := Robots(&buf, AbsURL("https://example.org/news/"), true); err != nil {
		t.Fatal(err)
	}
	if want := "User-agent: *\nAllow: /\n\nSitemap: https://example.org/news/sitemap.xml\nSitemap: https://example.org/news/news-sitemap.xml\n"; buf.String() != want {
		t.Errorf("robots.txt = %q, want %q", buf.String(), want)
	}
}

func TestAbsURL(t *testing.T) {
	tests := []struct{ base, path, want string }{
		{"https://example.org/", "/briefs/x/", "https://example.org/briefs/x/"},
		{"https://example.org/news/", "/", "https://example.org/news/"},
		{"https://example.org/news/", "/index.xml", "https://example.org/news/index.xml"},
		{"", "/briefs/x/", "/briefs/x/"},
	}
	for _, tt := range tests {
		if got := AbsURL(tt.base)(tt.path); got != tt.want {
			t.Errorf("AbsURL(%q)(%q) = %q, want %q", tt.base, tt.path, got, tt.want)
		}
	}
}

// failWriter fails every write, as a full disk would.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestWriteErrors(t *testing.T) {
	site := buildSite(t, manyBriefs(1, "https://example.org/"))
	abs := AbsURL(site.Config.BaseURL)
	for name, err := range map[string]error{
		"RSS":     RSS(failWriter{}, site, "/index.xml", abs),
		"Sitemap": Sitemap(failWriter{}, site, abs),
		"Robots":  Robots(failWriter{}, abs, true),
	} {
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s into a failing writer: error %v", name, err)
		}
	}
}

func ExampleRobots() {
	if err := Robots(os.Stdout, AbsURL("https://briefs.example.org/"), true); err != nil {
		panic(err)
	}
	// Output:
	// User-agent: *
	// Allow: /
	//
	// Sitemap: https://briefs.example.org/sitemap.xml
	// Sitemap: https://briefs.example.org/news-sitemap.xml
}

// A summary is plain text; the feed escapes it once, so the typographer's
// characters must arrive as characters, not as "&rsquo;" entity text.
func TestRSSSummaryPlainText(t *testing.T) {
	site := buildSite(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\ndate: 2026-07-01T10:00:00Z\n---\nIt's \"big\".\n",
	})
	var buf bytes.Buffer
	if err := RSS(&buf, site, "/index.xml", AbsURL("")); err != nil {
		t.Fatal(err)
	}
	if got := parseRSS(t, buf.Bytes()).Channel.Items[0].Description; got != "It’s “big”." {
		t.Errorf("description = %q, want %q", got, "It’s “big”.")
	}
}

// A preview build (drafts and future briefs included) keeps them out of
// the feed and the sitemap.
func TestFeedsLeaveOutPreviewPages(t *testing.T) {
	dir := sitetest.Write(t, map[string]string{
		"content/briefs/published.md": "---\ntitle: Published\ndate: 2026-07-01T10:00:00Z\n---\n",
		"content/briefs/draft.md":     "---\ntitle: Draft\ndate: 2026-07-02T10:00:00Z\ndraft: true\n---\n",
		"content/briefs/future.md":    "---\ntitle: Future\ndate: 2027-01-01T10:00:00Z\n---\n",
		"content/notes.md":            "---\ntitle: Notes\ndraft: true\n---\n",
	})
	tree, err := content.Load(context.Background(), dir, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	site, err := model.Build(config.Default(), tree, markdown.New(markdown.Options{}),
		model.Options{Drafts: true, Future: true, Now: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Briefs) != 3 {
		t.Fatalf("preview build has %d briefs, want 3", len(site.Briefs))
	}
	var rss, sitemap bytes.Buffer
	if err := RSS(&rss, site, "/index.xml", AbsURL("")); err != nil {
		t.Fatal(err)
	}
	items := parseRSS(t, rss.Bytes()).Channel.Items
	if len(items) != 1 || items[0].Title != "Published" {
		t.Errorf("feed items = %+v, want only Published", items)
	}
	if err := Sitemap(&sitemap, site, AbsURL("")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"/briefs/draft/", "/briefs/future/", "/notes/"} {
		if strings.Contains(sitemap.String(), "<loc>"+bad+"</loc>") {
			t.Errorf("sitemap lists %s", bad)
		}
	}
	if !strings.Contains(sitemap.String(), "<loc>/briefs/published/</loc>") {
		t.Errorf("sitemap lacks the published brief:\n%s", sitemap.String())
	}
}

func TestNewsSitemap(t *testing.T) {
	site := buildSite(t, map[string]string{
		"gen.toml":            "title = \"News\"\nlanguage = \"en-GB\"\n[publisher]\nname = \"The Desk & Co\"\n",
		"content/briefs/a.md": "---\ntitle: \"Newest <one>\"\ndate: 2026-07-10T12:00:00Z\n---\n",
		"content/briefs/b.md": "---\ntitle: Yesterday\ndate: 2026-07-09T13:00:00Z\n---\n",
		"content/briefs/c.md": "---\ntitle: Too old\ndate: 2026-07-08T11:00:00Z\n---\n",
	})
	var buf bytes.Buffer
	if err := NewsSitemap(&buf, site, time.Date(2026, 7, 10, 12, 0, 0, 0, time.UTC), AbsURL("https://example.org/")); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		URLs []struct {
			Loc  string `xml:"loc"`
			News struct {
				Name     string `xml:"publication>name"`
				Language string `xml:"publication>language"`
				Date     string `xml:"publication_date"`
				Title    string `xml:"title"`
			} `xml:"news"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if len(doc.URLs) != 2 {
		t.Fatalf("%d entries, want the 2 briefs of the 48 hours before the newest:\n%s", len(doc.URLs), buf.String())
	}
	first := doc.URLs[0]
	if first.Loc != "https://example.org/briefs/a/" || first.News.Title != "Newest <one>" || first.News.Name != "The Desk & Co" ||
		first.News.Language != "en-GB" || first.News.Date != "2026-07-10T12:00:00Z" {
		t.Errorf("first entry = %+v", first)
	}
	buf.Reset()
	if err := NewsSitemap(&buf, site, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), AbsURL("https://example.org/")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<url>") {
		t.Errorf("two days before a later build time, the news sitemap lists:\n%s", buf.String())
	}
}
