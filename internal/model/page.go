package model

import (
	"html/template"
	"time"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/problem"
)

// Kinds of page; each is rendered with the layout of the same name.
const (
	KindHome     = "home"
	KindBrief    = "brief"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy"
	KindTerm     = "term"
	Kind404      = "404"
	// KindDigest is one week's digest and KindDigests the list of weeks.
	KindDigest  = "digest"
	KindDigests = "digests"
	// KindSearch is the search page.
	KindSearch = "search"
)

// BriefSection is the section whose pages are briefs.
const BriefSection = "briefs"

// Page is anything that becomes an HTML page: a brief, a standalone page,
// a section, a taxonomy or one of its terms, the home page or the 404 page.
type Page struct {
	Kind string
	// Section is the top-level content folder, or "".
	Section string
	Title   string
	// URL is the path from the site root, starting and ending with "/"
	// (or naming a file, as for /404.html).
	URL  string
	Slug string

	Date    time.Time
	Updated time.Time
	// DateOnly is set when the date gives a day but no time of day.
	DateOnly bool
	// Future is set on a page dated after the build time (kept only with
	// the future option).
	Future bool
	Draft  bool

	Summary string
	// KeyPoints are a brief's key points as plain text, without markup
	// (for search, summaries and feeds' plain fields); KeyPointsHTML the
	// same points with their inline Markdown (emphasis, code, links)
	// rendered, to show.
	KeyPoints     []string
	KeyPointsHTML []template.HTML
	// Terms holds a brief's terms by taxonomy name ("companies"), each
	// list in the order of the frontmatter.
	Terms map[string][]*Term
	// TermLists holds a brief's terms taxonomy by taxonomy, one entry for
	// each of the site's taxonomies in the site's order (its Terms empty
	// when the brief has none): what to range over when showing them.
	// The default theme shows the first taxonomy's terms above a brief's
	// headline and in lists of briefs.
	TermLists []TermList
	// Region is the region frontmatter key's text, unless a taxonomy
	// reads that key.
	Region  string
	Sources []content.Source
	Authors []string
	// Image is the URL of the lead image, and ImageAlt its alt text.
	Image    string
	ImageAlt string
	// ImageWidth and ImageHeight are the lead image's size in pixels, read
	// from its file when it is a PNG, JPEG, GIF, WebP or SVG file of the site;
	// 0 when unknown (a URL elsewhere, another format).
	ImageWidth, ImageHeight int
	// Picture is the lead image with the copies made of it, when it is a
	// PNG, JPEG or WebP file of the site (Options.Picture); nil otherwise.
	Picture *Picture
	Aliases []string
	// Related holds the briefs named in the related frontmatter key.
	Related []*Page
	Params  map[string]any

	// Content is the rendered Markdown body.
	Content template.HTML
	// TOC lists the body's headings of levels 2 to 4.
	TOC         []markdown.Heading
	WordCount   int
	ReadingTime int

	// Prev is the next older brief and Next the next newer one.
	Prev, Next *Page

	// Pages lists the entries of a home, section or term page, newest first.
	Pages []*Page
	// Digest is set on a weekly digest page; Week on a brief, the digest
	// of its week.
	Digest *Digest
	Week   *Page

	// Term is set on a term page; Taxonomy on taxonomy and term pages.
	Term     *Term
	Taxonomy *Taxonomy

	// Source is the content file the page comes from, or nil.
	Source *content.Page

	// contentVersion identifies the render Content came from.
	contentVersion uint64
	// deferred is set on a page whose Markdown is rendered by RenderBody
	// (Options.Defer).
	deferred bool
	// links are the link destinations of the body's last render, and
	// linked the paths (from the site root) of the pages they reach.
	links  []string
	linked map[string]bool
	// notices are the warnings of the body's last render.
	notices []problem.Problem
	// brokenLinks are the destinations, as written, of the body's links
	// that lead nowhere, rendered as written with Options.KeepGoing.
	brokenLinks []string
	// relatedAll are a brief's related briefs, named and ranked, with
	// spares: Related is the first of them that its body does not link.
	relatedAll   []*Page
	relatedNamed int
	// ord is a brief's place in Site.Briefs, for ranking related briefs.
	ord int
}

// Companies returns the brief's terms of the companies taxonomy: what
// .Terms.companies gives, for layouts written before taxonomies were
// configurable.
func (p *Page) Companies() []*Term { return p.Terms["companies"] }

// Topics returns the brief's terms of the topics taxonomy, as Companies
// does for companies.
func (p *Page) Topics() []*Term { return p.Terms["topics"] }

// Notices returns the warnings about the page's body from its last render
// (raw HTML left out, other generators' template tags), at their lines of
// the content file; none for a page whose body has not been rendered.
func (p *Page) Notices() []problem.Problem { return p.notices }

// BrokenLinks returns the destinations, as written, of the links of the
// page's body that lead nowhere, which a build with Options.KeepGoing
// reported and left in the page as written; none for a nil page.
func (p *Page) BrokenLinks() []string {
	if p == nil {
		return nil
	}
	return p.brokenLinks
}

// SourcePath returns the content file's path from the site root, or "".
func (p *Page) SourcePath() string {
	if p.Source == nil {
		return ""
	}
	return p.Source.SourcePath()
}

// IsBrief reports whether the page is a brief.
func (p *Page) IsBrief() bool { return p.Kind == KindBrief }

// Lastmod is the later of Date and Updated.
func (p *Page) Lastmod() time.Time {
	if p.Updated.After(p.Date) {
		return p.Updated
	}
	return p.Date
}

// Description is the text for meta descriptions: the summary, else "".
func (p *Page) Description() string { return p.Summary }
