package model

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/gen-briefs/gen/internal/config"
)

// Kind is one entry of the registry of page kinds: what gen knows about
// every page of one kind, from how its pages are found to the files and
// indexes they are in. The render package requires and allows one layout
// per kind, outputs renders each kind's pages (paginated or not), the feeds
// package gives feeds to the kinds that have them and leaves out of the
// sitemap the kinds that are not in it, and the search index holds the
// pages of the kinds searched. Adding a page kind is adding an entry to
// DefaultKinds and its layout to the theme.
type Kind struct {
	// Name is the kind's name, the Kind of its pages ("brief"), which
	// layouts compare .Kind with.
	Name string
	// Pages lists the kind's pages of a built site, in the order they
	// claim their output paths (the first of two pages at one path is
	// named first in the error): for briefs and standalone pages, the
	// order of their content files. Pages are made by Build's steps; Pages
	// finds them in the site.
	Pages func(s *Site) []*Page
	// PageSize, when set, paginates the kind's pages: each lists its Pages
	// PageSize entries at a time, the first at the page's URL and the
	// others at page/2/ and on. When nil, each page is one file.
	PageSize func(p *Page, cfg *config.Config) int
	// Feeds names the output formats of the feeds of the kind's pages, as
	// feeds.Formats names them ("rss"), or EveryFormat for all of them;
	// none for a kind without feeds. A feed lists the page's Pages.
	Feeds []string
	// HasFeeds, when set, picks the pages of a kind with Feeds that have
	// feeds; when nil, every page of the kind has them. It may read the
	// page's own fields and links (PartOwn, PartLinks), which is what the
	// preview counts the layout function feeds as reading.
	HasFeeds func(p *Page) bool
	// SiteFeed marks the kind whose feeds are the site's own: titled with
	// the site's title and description rather than the page's.
	SiteFeed bool
	// FeedEntry is set on the kinds whose pages can be entries of feeds
	// (briefs, weekly digests); drafts and scheduled pages never are.
	FeedEntry bool
	// Sitemap is set on the kinds whose pages sitemap.xml lists (their
	// first pager only, and no drafts or scheduled pages).
	Sitemap bool
	// Search is set on the kinds whose pages the search index holds.
	Search bool
}

// EveryFormat, as the one name in Kind.Feeds, gives the kind's pages feeds
// in every output format of feeds.Formats.
const EveryFormat = "*"

// Layout is the kind's layout file, from the site root: layouts/<Name>.html.
func (k *Kind) Layout() string { return "layouts/" + k.Name + ".html" }

// PageHasFeeds reports whether the page p, of this kind, has feeds.
func (k *Kind) PageHasFeeds(p *Page) bool {
	return len(k.Feeds) > 0 && (k.HasFeeds == nil || k.HasFeeds(p))
}

// TakesFormat reports whether the kind's feeds are written in the output
// format called name.
func (k *Kind) TakesFormat(name string) bool {
	return slices.Contains(k.Feeds, EveryFormat) || slices.Contains(k.Feeds, name)
}

// Paginated reports whether the kind's pages are split into pagers.
func (k *Kind) Paginated() bool { return k.PageSize != nil }

// DefaultKinds returns a new copy of gen's page kinds, in the order their
// pages claim output paths and their feeds are listed. Build uses it
// unless Options.Kinds is set; a change to the copy changes nothing else.
func DefaultKinds() []*Kind {
	every := []string{EveryFormat}
	return []*Kind{
		{Name: KindHome, Pages: func(s *Site) []*Page { return []*Page{s.Home} }, PageSize: sitePageSize,
			Feeds: every, SiteFeed: true, Sitemap: true},
		{Name: KindBrief, Pages: contentPages(KindBrief), FeedEntry: true, Sitemap: true, Search: true},
		{Name: KindSection, Pages: func(s *Site) []*Page { return s.Sections }, PageSize: sitePageSize,
			Feeds: every, HasFeeds: func(p *Page) bool { return p.Section == BriefSection }, Sitemap: true},
		{Name: KindPage, Pages: contentPages(KindPage), Sitemap: true},
		{Name: KindTaxonomy, Pages: taxonomyPages, Sitemap: true},
		{Name: KindTerm, Pages: termPageList, PageSize: termPageSize,
			Feeds: every, HasFeeds: func(p *Page) bool { return p.Taxonomy.Config.FeedsOn() }, Sitemap: true},
		{Name: Kind404, Pages: func(s *Site) []*Page { return []*Page{s.NotFound} }},
		{Name: KindDigest, Pages: func(s *Site) []*Page { return s.Digests.Pages }, FeedEntry: true, Sitemap: true},
		{Name: KindDigests, Pages: func(s *Site) []*Page { return []*Page{s.Digests} }, Feeds: every, Sitemap: true},
		{Name: KindSearch, Pages: func(s *Site) []*Page { return []*Page{s.Search} }},
	}
}

// sitePageSize is the config's paginate, for home and section pages.
func sitePageSize(_ *Page, cfg *config.Config) int { return cfg.Paginate }

// termPageSize is the term's taxonomy's paginate.
func termPageSize(p *Page, _ *config.Config) int { return p.Taxonomy.Config.Paginate }

// contentPages lists the pages of kind made from content files, in the
// order of the files.
func contentPages(kind string) func(s *Site) []*Page {
	return func(s *Site) []*Page {
		var pages []*Page
		for _, p := range s.builder.all {
			if p.Kind == kind {
				pages = append(pages, p)
			}
		}
		return pages
	}
}

// taxonomyPages lists the taxonomies' index pages, in the config's order.
func taxonomyPages(s *Site) []*Page {
	pages := make([]*Page, 0, len(s.Taxonomies))
	for _, tax := range s.Taxonomies {
		pages = append(pages, tax.Page)
	}
	return pages
}

// termPageList lists the term pages, taxonomy by taxonomy, each's terms
// by name.
func termPageList(s *Site) []*Page {
	var pages []*Page
	for _, tax := range s.Taxonomies {
		for _, t := range tax.Terms {
			pages = append(pages, t.Page)
		}
	}
	return pages
}

// Kind returns the site's kind called name, or nil.
func (s *Site) Kind(name string) *Kind {
	for _, k := range s.Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Searched lists the pages the search index holds, those of the kinds
// with Search set, newest first: the published briefs, for gen's own
// kinds.
func (s *Site) Searched() []*Page {
	var pages []*Page
	for _, k := range s.Kinds {
		if k.Search {
			pages = append(pages, k.Pages(s)...)
		}
	}
	newestFirst(pages)
	return pages
}

// kindName is what a kind may be called: its layout's file name must be
// a plain name at the top of layouts/.
var kindName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// checkKinds reports a registry that cannot work: a kind without a usable
// name or without its Pages, or two kinds of one name.
func checkKinds(kinds []*Kind) error {
	var errs []error
	seen := map[string]bool{}
	for i, k := range kinds {
		switch {
		case k == nil:
			errs = append(errs, fmt.Errorf("page kind %d of %d is nil", i+1, len(kinds)))
			continue
		case !kindName.MatchString(k.Name) || k.Name == "base" || k.Name == "alias":
			errs = append(errs, fmt.Errorf("page kind %d of %d is named %q: a kind's name is lower-case letters, digits, - and _, and not base or alias, whose layouts are not a kind's", i+1, len(kinds), k.Name))
		case seen[k.Name]:
			errs = append(errs, fmt.Errorf("page kind %q is in the registry twice", k.Name))
		}
		seen[k.Name] = true
		if k.Pages == nil {
			errs = append(errs, fmt.Errorf("page kind %q has no Pages: the registry cannot find its pages", k.Name))
		}
	}
	return errors.Join(errs...)
}
