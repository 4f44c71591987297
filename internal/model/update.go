package model

import (
	"reflect"
	"slices"

	"github.com/gen-briefs/gen/internal/content"
)

// UpdateBodies applies edits that changed only the Markdown bodies of
// existing pages: it renders the bodies of files (content files read again)
// and updates their pages, and the digests listing them, in place. The
// site is then what Build would make of the new files. It returns the
// updated pages, or ok false, changing nothing, when an edit needs a full
// Build: a file that is not an included page of this site, or one whose
// frontmatter changed. After an error the site must not be used again.
func (s *Site) UpdateBodies(files []*content.Page) (pages []*Page, ok bool, err error) {
	b := s.builder
	if b == nil {
		return nil, false, nil
	}
	for _, cp := range files {
		p := b.bySource[cp.Path]
		if p == nil || cp.IsSectionIndex || p.Source.Section != cp.Section || p.Source.Bundle != cp.Bundle ||
			!reflect.DeepEqual(p.Source.Meta, cp.Meta) {
			return nil, false, nil
		}
		pages = append(pages, p)
	}
	weeks := map[*Page]bool{}
	for i, cp := range files {
		p := pages[i]
		before := slices.Clone(p.KeyPoints)
		// The fields a render fills start again from the frontmatter.
		m := cp.Meta
		p.Source, p.KeyPoints, p.Summary, p.Image = cp, m.KeyPoints, m.Summary, m.Image
		entry, err := b.renderBody(p, cp)
		if err != nil {
			return nil, true, err
		}
		entry.world = b.world
		if p.Week != nil && !slices.Equal(before, p.KeyPoints) {
			weeks[p.Week] = true
		}
	}
	for w := range weeks {
		w.Content = htmlOf(digestHTML(w.Digest))
	}
	return pages, true, nil
}

// RendersShowing returns the indexes in s.Renders of the renders that can
// show any of pages: their own, the list pages that list them, the briefs
// that link to them as neighbours or related briefs, their weeks, and the
// 404 page's latest briefs. With siteWide set (layouts that range over
// the site's lists) every render can. It follows what Fingerprints hashes.
func (s *Site) RendersShowing(pages []*Page, siteWide bool) []int {
	var out []int
	if siteWide {
		for i := range s.Renders {
			out = append(out, i)
		}
		return out
	}
	set := make(map[*Page]bool, len(pages))
	for _, p := range pages {
		set[p] = true
	}
	any := func(list []*Page) bool {
		for _, p := range list {
			if set[p] {
				return true
			}
		}
		return false
	}
	for i, rd := range s.Renders {
		p := rd.Page
		shows := set[p] || set[p.Prev] || set[p.Next] || any(p.Related) ||
			rd.Pager != nil && any(rd.Pager.Pages) ||
			(p.Kind == KindDigest || p.Kind == KindDigests) && any(p.Pages) ||
			p.Kind == Kind404 && any(s.Briefs[:min(5, len(s.Briefs))])
		if shows {
			out = append(out, i)
		}
	}
	return out
}

// Page returns the included page made from the content file at path
// ("briefs/aws.md"), or nil.
func (s *Site) Page(path string) *Page {
	if s.builder == nil {
		return nil
	}
	return s.builder.bySource[path]
}

// RenderBody renders the Markdown of a page that Build left for later
// (Options.Defer), filling Content, TOC, WordCount, ReadingTime and, for a
// page without one, Summary. It does nothing for other pages, and is safe
// to call for different pages at once.
func (s *Site) RenderBody(p *Page) error {
	if !p.deferred || s.builder == nil {
		return nil
	}
	_, err := s.builder.renderBody(p, p.Source)
	return err
}

// ReleaseBody lets go of the rendered Markdown of a page that RenderBody
// rendered, once its page is written.
func (s *Site) ReleaseBody(p *Page) {
	if p.deferred {
		p.Content, p.TOC = "", nil
	}
}
