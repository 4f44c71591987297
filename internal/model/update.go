package model

import (
	"errors"
	"reflect"
	"slices"

	"github.com/gen-briefs/gen/internal/content"
)

// UpdatePages applies edits to existing pages that changed only what the
// pages show, not where they are or which lists hold them: their Markdown
// bodies, and the frontmatter fields that are displayOnly. It renders the
// bodies of files (content files read again) and updates their pages, and
// the digests listing them, in place; the site is then what Build would
// make of the new files. It returns the updated pages, or ok false,
// changing nothing, when an edit needs a full Build: a file that is not
// an included page of this site, or one whose other frontmatter changed.
// After an error the site must not be used again.
func (s *Site) UpdatePages(files []*content.Page) (pages []*Page, ok bool, err error) {
	b := s.builder
	if b == nil {
		return nil, false, nil
	}
	for _, cp := range files {
		p := b.bySource[cp.Path]
		if p == nil || cp.IsSectionIndex || p.Source.Section != cp.Section || p.Source.Bundle != cp.Bundle ||
			!displayOnly(p.Source.Meta, cp.Meta) {
			return nil, false, nil
		}
		// A new title can reorder a list whose pages share a date, and
		// shows on the page's alias redirects.
		if cp.Meta.Title != p.Title && (len(p.Aliases) > 0 || slices.ContainsFunc(b.all, func(q *Page) bool { return q != p && q.Date.Equal(p.Date) })) {
			return nil, false, nil
		}
		pages = append(pages, p)
	}
	for i, cp := range files {
		p := pages[i]
		// The fields a render fills start again from the frontmatter.
		m := cp.Meta
		p.Source, p.Title, p.Summary, p.Image = cp, m.Title, m.Summary, m.Image
		if err := b.keyPoints(p, m.KeyPoints); err != nil {
			return nil, true, err
		}
		p.Region, p.Sources, p.Authors, p.ImageAlt, p.Params = b.region(m), m.Sources, m.Authors, m.ImageAlt, m.Params
		if err := b.resolveImage(p, cp); err != nil {
			return nil, true, err
		}
		entry, err := b.renderBody(p, cp)
		if err != nil {
			return nil, true, err
		}
		entry.world = b.world
		if p.Week != nil {
			digestText(p.Week)
		}
	}
	return pages, true, nil
}

// displayOnly reports whether two frontmatters differ only in fields that
// change what pages show of a page, not its URL, date, terms, or place in
// lists: title, region, sources, authors, key points, summary, image,
// image_alt and params.
func displayOnly(a, b *content.Meta) bool {
	x, y := *a, *b
	for _, m := range []*content.Meta{&x, &y} {
		m.Title, m.Region, m.Sources, m.Authors, m.KeyPoints, m.Summary = "", "", nil, nil, nil, ""
		m.Image, m.ImageAlt, m.Params = "", "", nil
	}
	return reflect.DeepEqual(x, y)
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

// Deferred returns the pages whose Markdown Build left for later
// (Options.Defer).
func (s *Site) Deferred() []*Page {
	var out []*Page
	for _, p := range s.allPages() {
		if p.deferred {
			out = append(out, p)
		}
	}
	return out
}

// BodyLinks returns the link destinations in the Markdown of a page, as
// its last render resolved them, in order; nil for a page whose Markdown
// was not rendered. A body renders the same when its text and the
// resolution of each of these (ResolveLink) are the same.
func (s *Site) BodyLinks(p *Page) []string { return p.links }

// ResolveLink resolves a link destination in the Markdown of the page p
// as its render does: the URL, or the error the render would report.
func (s *Site) ResolveLink(p *Page, dest string) (string, error) {
	if s.builder == nil || p.Source == nil {
		return "", errors.New("not a page of this build")
	}
	return (&linkResolver{b: s.builder, from: p.Source}).ResolveLink(dest)
}

// Page returns the included page made from the content file at path
// ("briefs/aws.md"), or nil.
func (s *Site) Page(path string) *Page {
	if s.builder == nil {
		return nil
	}
	return s.builder.bySource[path]
}
