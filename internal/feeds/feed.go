package feeds

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/model"
)

// Feed is one list of briefs, offered in the output formats Formats in
// the folder Path: for gen's kinds, RSS 2.0 (index.xml), Atom 1.0
// (atom.xml) and JSON Feed 1.1 (feed.json).
type Feed struct {
	Title       string
	Description string
	// Path is the folder of the feed files and the URL of the page they
	// follow: "/" for the whole site, "/companies/acme/" for a company.
	Path string
	// Entries are the newest published briefs of the list, newest first.
	Entries []*model.Page
	// Formats are the feed's output formats, in the order of the
	// registry Formats.
	Formats []Format
}

// The feed files of a Feed, by their name in Path.
const (
	RSSFile  = "index.xml"
	AtomFile = "atom.xml"
	JSONFile = "feed.json"
)

// Format is one output format of feeds: an entry of the registry Formats.
type Format struct {
	// Name is what model.Kind.Feeds calls the format ("rss").
	Name string
	// File is the name of the format's file in a feed's folder.
	File string
	// MediaType is the format's media type, for links to its files.
	MediaType string
	// Label names the format in links to it ("RSS").
	Label string
	// Write writes the feed f in the format; full puts whole briefs in it,
	// and abs makes the links absolute.
	Write func(w io.Writer, f Feed, site *model.Site, full bool, abs URLer) error
}

// Formats is the registry of feed output formats, in the order a feed's
// files are written. A kind of page (model.Kind) names the formats of its
// feeds, or takes them all with model.EveryFormat, so adding a format is
// an entry here and its Write function.
var Formats = []Format{
	{Name: "rss", File: RSSFile, MediaType: "application/rss+xml", Label: "RSS", Write: WriteRSS},
	{Name: "atom", File: AtomFile, MediaType: "application/atom+xml", Label: "Atom", Write: WriteAtom},
	{Name: "json", File: JSONFile, MediaType: "application/feed+json", Label: "JSON Feed", Write: WriteJSON},
}

// formatsOf returns the formats the kind k takes, in the order of
// Formats. A name that Formats lacks is a mistake in the registry of page
// kinds.
func formatsOf(k *model.Kind) []Format {
	var out []Format
	for _, f := range Formats {
		if k.TakesFormat(f.Name) {
			out = append(out, f)
		}
	}
	for _, name := range k.Feeds {
		if name != model.EveryFormat && !slices.ContainsFunc(Formats, func(f Format) bool { return f.Name == name }) {
			panic(fmt.Sprintf("feeds: page kind %q has feeds in the format %q, which feeds.Formats lacks", k.Name, name))
		}
	}
	return out
}

// All returns the feeds of a site: one for each page of the kinds with
// feeds (model.Kind.Feeds), in the order of the site's kinds, each with
// the newest published entries the page lists. For gen's kinds: the whole
// site, each section of briefs, each term of the taxonomies with feeds on,
// and the weekly digest, with its newest weeks.
func All(site *model.Site) []Feed {
	cfg := site.Config
	size := cfg.Feeds.Size
	entry := entryKinds(site)
	var feeds []Feed
	for _, k := range site.Kinds {
		if len(k.Feeds) == 0 {
			continue
		}
		formats := formatsOf(k)
		for _, p := range k.Pages(site) {
			if !k.PageHasFeeds(p) {
				continue
			}
			f := Feed{Title: p.Title + " · " + cfg.Title, Description: p.Summary, Path: p.URL, Entries: latest(entry, p.Pages, size), Formats: formats}
			if k.SiteFeed {
				f.Title, f.Description = cfg.Title, cfg.Description
			}
			feeds = append(feeds, f)
		}
	}
	return feeds
}

// entryKinds maps the names of the site's kinds to whether their pages
// can be entries of feeds (model.Kind.FeedEntry): briefs and digests.
func entryKinds(site *model.Site) map[string]bool {
	entry := map[string]bool{}
	for _, k := range site.Kinds {
		entry[k.Name] = k.FeedEntry
	}
	return entry
}

// latest returns the first n published pages of pages whose kind can be
// an entry of a feed; // entry says which kinds those are, as entryKinds gives it.
func latest(entry map[string]bool, pages []*model.Page, n int) []*model.Page {
	var out []*model.Page
	for _, p := range pages {
		if len(out) == n {
			break
		}
		if entry[p.Kind] && !p.Draft && !p.Future {
			out = append(out, p)
		}
	}
	return out
}

// Key hashes everything the feed files are made of, so that a preview can
// keep them while it does not change.
func (f Feed) Key(full bool, site *model.Site) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	w := func(ss ...string) {
		for _, s := range ss {
			h.WriteString(s)
			h.WriteByte(0)
		}
	}
	c := site.Config
	w(f.Title, f.Description, f.Path, c.BaseURL, c.Language, c.Publisher.Name, strconv.FormatBool(full))
	for _, p := range f.Entries {
		w(p.URL, p.Title, p.Summary, p.Image, p.Date.String(), p.Lastmod().String())
		w(p.Authors...)
		w(termNames(p)...)
		if full {
			w(fullContent(p))
		}
	}
	return h.Sum64()
}

// fullContent is the HTML of a whole brief in a feed: its key points, with
// their inline Markdown, then its body.
func fullContent(p *model.Page) string {
	if len(p.KeyPointsHTML) == 0 {
		return string(p.Content)
	}
	var b strings.Builder
	b.WriteString("<ul>")
	for _, k := range p.KeyPointsHTML {
		b.WriteString("<li>" + string(k) + "</li>")
	}
	b.WriteString("</ul>\n")
	b.WriteString(string(p.Content))
	return b.String()
}

// keySeed seeds the feed keys of one process; they are only compared
// within it.
var keySeed = maphash.MakeSeed()

// termNames lists a brief's terms, taxonomy by taxonomy in the site's
// order.
func termNames(p *model.Page) []string {
	var names []string
	for _, l := range p.TermLists {
		for _, t := range l.Terms {
			names = append(names, t.Name)
		}
	}
	return names
}

// updated is the latest publication or update of a feed's entries.
func (f Feed) updated() time.Time {
	var t time.Time
	for _, p := range f.Entries {
		if p.Lastmod().After(t) {
			t = p.Lastmod()
		}
	}
	return t
}

// WriteRSS writes the feed as RSS 2.0; full puts whole briefs in it.
func WriteRSS(w io.Writer, f Feed, site *model.Site, full bool, abs URLer) error {
	cfg := site.Config
	ch := rssChannel{
		Title:       f.Title,
		Link:        abs(f.Path),
		Description: f.Description,
		Language:    cfg.Language,
		Generator:   "gen",
		Self:        atomLink{Href: abs(f.Path + RSSFile), Rel: "self", Type: "application/rss+xml"},
	}
	if ch.Description == "" {
		ch.Description = "Latest briefs from " + f.Title
	}
	if t := f.updated(); !t.IsZero() {
		ch.LastBuildDate = t.Format(time.RFC1123Z)
	}
	for _, b := range f.Entries {
		item := rssItem{
			Title:       b.Title,
			Link:        abs(b.URL),
			GUID:        rssGUID{IsPermaLink: "true", Value: abs(b.URL)},
			PubDate:     b.Date.Format(time.RFC1123Z),
			Description: b.Summary,
		}
		if full {
			item.Description = fullContent(b)
		}
		item.Categories = termNames(b)
		ch.Items = append(ch.Items, item)
	}
	return writeXML(w, rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomHref  `xml:"link"`
	Author   *atomPerson `xml:"author,omitempty"`
	Gen      string      `xml:"generator"`
	Entries  []atomEntry `xml:"entry"`
}

type atomHref struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomHref       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// WriteAtom writes the feed as Atom 1.0 (RFC 4287); full puts whole
// briefs in it.
func WriteAtom(w io.Writer, f Feed, site *model.Site, full bool, abs URLer) error {
	cfg := site.Config
	updated := f.updated()
	if updated.IsZero() {
		updated = time.Unix(0, 0).UTC()
	}
	feed := atomFeed{
		Lang: cfg.Language, Title: f.Title, Subtitle: f.Description,
		ID:      abs(f.Path),
		Updated: updated.Format(time.RFC3339),
		Links: []atomHref{
			{Href: abs(f.Path + AtomFile), Rel: "self", Type: "application/atom+xml"},
			{Href: abs(f.Path), Rel: "alternate", Type: "text/html"},
		},
		Author: &atomPerson{Name: cfg.Publisher.Name},
		Gen:    "gen",
	}
	for _, b := range f.Entries {
		e := atomEntry{
			Title: b.Title, ID: abs(b.URL),
			Link:      atomHref{Href: abs(b.URL), Rel: "alternate", Type: "text/html"},
			Published: b.Date.Format(time.RFC3339),
			Updated:   b.Lastmod().Format(time.RFC3339),
			Summary:   &atomText{Type: "text", Body: b.Summary},
		}
		for _, a := range b.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: a})
		}
		if full {
			e.Content = &atomText{Type: "html", Body: fullContent(b)}
		}
		for _, name := range termNames(b) {
			e.Categories = append(e.Categories, atomCategory{Term: name})
		}
		feed.Entries = append(feed.Entries, e)
	}
	return writeXML(w, feed)
}

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// WriteJSON writes the feed as JSON Feed 1.1; full puts whole briefs in
// it.
func WriteJSON(w io.Writer, f Feed, site *model.Site, full bool, abs URLer) error {
	cfg := site.Config
	feed := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: f.Title,
		HomePageURL: abs(f.Path), FeedURL: abs(f.Path + JSONFile),
		Description: f.Description, Language: cfg.Language,
		Authors: []jsonAuthor{{Name: cfg.Publisher.Name}},
		Items:   []jsonItem{},
	}
	for _, b := range f.Entries {
		item := jsonItem{
			ID: abs(b.URL), URL: abs(b.URL), Title: b.Title, Summary: b.Summary,
			DatePublished: b.Date.Format(time.RFC3339),
			DateModified:  b.Lastmod().Format(time.RFC3339),
		}
		if full {
			item.ContentHTML = fullContent(b)
		} else {
			item.ContentText = b.Summary
		}
		if b.Image != "" {
			item.Image = abs(b.Image)
		}
		for _, a := range b.Authors {
			item.Authors = append(item.Authors, jsonAuthor{Name: a})
		}
		item.Tags = termNames(b)
		feed.Items = append(feed.Items, item)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(feed)
}
