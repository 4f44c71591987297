// Package feeds writes the site's machine-readable files from the model:
// the RSS feed, the sitemap and robots.txt. Each writes into an io.Writer.
package feeds

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/model"
)

// FeedSize is the number of briefs in a feed.
const FeedSize = 20

// URLer makes absolute URLs from site paths.
type URLer func(path string) string

// AbsURL returns a URLer for baseURL ("https://example.org/"); without a
// base URL paths stay root-relative.
func AbsURL(baseURL string) URLer {
	return func(p string) string {
		if baseURL == "" {
			return p
		}
		return strings.TrimSuffix(baseURL, "/") + p
	}
}

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	Generator     string    `xml:"generator"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// RSS writes the RSS 2.0 feed of the whole site's newest published briefs
// (FeedSize of them, summaries only); feedPath is where it is served.
func RSS(w io.Writer, site *model.Site, feedPath string, abs URLer) error {
	f := Feed{Title: site.Config.Title, Description: site.Config.Description, Path: strings.TrimSuffix(feedPath, RSSFile), Entries: latest(entryKinds(site), site.Briefs, FeedSize)}
	return WriteRSS(w, f, site, false, abs)
}

// Sitemap writes sitemap.xml listing every published page of the kinds in
// it (model.Kind.Sitemap; the first page of each list; no drafts or
// scheduled pages) with its last modification date where it has one. It
// writes the XML directly: a site of 10,000 briefs has 13,000 entries, and
// the preview writes it on every change.
func Sitemap(w io.Writer, site *model.Site, abs URLer) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	in := map[string]bool{}
	for _, k := range site.Kinds {
		in[k.Name] = k.Sitemap
	}
	for _, r := range site.Renders {
		if !in[r.Page.Kind] || r.Page.Draft || r.Page.Future || r.Pager != nil && r.Pager.Number > 1 {
			continue
		}
		b.WriteString("  <url>\n    <loc>")
		xml.EscapeText(&b, []byte(abs(r.Page.URL)))
		b.WriteString("</loc>\n")
		if t := r.Page.Lastmod(); !t.IsZero() {
			b.WriteString("    <lastmod>" + t.Format(time.RFC3339) + "</lastmod>\n")
		}
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// Robots writes robots.txt, allowing everything and naming the sitemap,
// and the news sitemap when news is set (when one is written).
func Robots(w io.Writer, abs URLer, news bool) error {
	_, err := fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: %s\n", abs("/sitemap.xml"))
	if err == nil && news {
		_, err = fmt.Fprintf(w, "Sitemap: %s\n", abs("/"+NewsSitemapFile))
	}
	return err
}

// NewsSitemapFile is the news sitemap's path in the output.
const NewsSitemapFile = "news-sitemap.xml"

// NewsWindow is how far back from its reference time the news sitemap
// reaches, as Google News asks.
const NewsWindow = 48 * time.Hour

// News returns the published briefs dated within NewsWindow before ref
// (the build time), newest first: those the news sitemap lists.
func News(site *model.Site, ref time.Time) []*model.Page {
	var news []*model.Page
	for _, p := range site.Briefs {
		if p.Draft || p.Future || p.Date.After(ref) || ref.Sub(p.Date) > NewsWindow {
			continue
		}
		news = append(news, p)
	}
	return news
}

// NewsChange returns the earliest time after ref at which News would
// return other briefs (a brief enters or leaves the window), or zero when
// none would ever change it.
func NewsChange(site *model.Site, ref time.Time) time.Time {
	var next time.Time
	earlier := func(t time.Time) {
		if t.After(ref) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, p := range site.Briefs {
		if p.Draft {
			continue
		}
		earlier(p.Date)
		earlier(p.Date.Add(NewsWindow + time.Nanosecond))
	}
	return next
}

// NewsSitemap writes a Google News sitemap of the briefs News returns for
// ref, with the publication's name and language. A sitemap with no
// entries is invalid (the schema requires one url): the caller writes none
// when News returns none.
func NewsSitemap(w io.Writer, site *model.Site, ref time.Time, abs URLer) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">` + "\n")
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	for _, p := range News(site, ref) {
		fmt.Fprintf(&b, "  <url>\n    <loc>%s</loc>\n    <news:news>\n      <news:publication>\n        <news:name>%s</news:name>\n        <news:language>%s</news:language>\n      </news:publication>\n      <news:publication_date>%s</news:publication_date>\n      <news:title>%s</news:title>\n    </news:news>\n  </url>\n",
			esc(abs(p.URL)), esc(site.Config.Publisher.Name), esc(site.Config.Language), p.Date.Format(time.RFC3339), esc(p.Title))
	}
	b.WriteString("</urlset>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
