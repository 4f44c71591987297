package model

import (
	"fmt"
	"hash/maphash"
	"time"

	"github.com/gen-briefs/gen/internal/parallel"
)

// fingerprintSeed seeds the fingerprints of one process; they are only
// compared within it.
var fingerprintSeed = maphash.MakeSeed()

// Fingerprints returns, for each of s.Renders, a hash of the data its page
// shows: its own fields and rendered body, the titles, dates and links of
// the pages it lists or links to (neighbours, related briefs, a list's
// entries, a term's family), and the site's navigation and settings. The
// preview re-renders a page only when its fingerprint changes.
func (s *Site) Fingerprints() []uint64 {
	var chrome maphash.Hash
	chrome.SetSeed(fingerprintSeed)
	s.writeChrome(&chrome)
	base := chrome.Sum64()

	out := make([]uint64, len(s.Renders))
	parallel.For(len(s.Renders), func(i int) {
		var h maphash.Hash
		h.SetSeed(fingerprintSeed)
		writeUint(&h, base)
		rd := s.Renders[i]
		writeString(&h, rd.Path)
		writePage(&h, rd.Page)
		if rd.Pager != nil {
			pg := rd.Pager
			fmt.Fprint(&h, pg.Number, pg.Count, pg.Total, pg.URL, pg.PrevURL, pg.NextURL, pg.FirstURL, pg.LastURL)
			for _, p := range pg.Pages {
				writeEntry(&h, p)
			}
		}
		p := rd.Page
		for _, ref := range []*Page{p.Prev, p.Next} {
			writeEntry(&h, ref)
		}
		for _, ref := range p.Related {
			writeEntry(&h, ref)
		}
		if p.Term != nil {
			writeTerm(&h, p.Term)
			for _, c := range p.Term.Children {
				writeTerm(&h, c)
			}
		}
		if p.Kind == KindTaxonomy {
			for _, t := range p.Taxonomy.Terms {
				writeTerm(&h, t)
			}
		}
		if p.Kind == Kind404 {
			for _, b := range s.Briefs[:min(5, len(s.Briefs))] {
				writeEntry(&h, b)
			}
		}
		out[i] = h.Sum64()
	})
	return out
}

// writeChrome hashes what every page shows of the site: its settings and
// the navigation to sections, taxonomies and standalone pages.
func (s *Site) writeChrome(h *maphash.Hash) {
	c := s.Config
	fmt.Fprint(h, c.Title, c.BaseURL, c.Language, c.Timezone, c.Description, c.Paginate, c.Publisher, c.Markdown)
	for _, p := range s.Sections {
		fmt.Fprint(h, "section", p.Title, p.URL, p.Section)
	}
	for _, t := range s.Taxonomies {
		fmt.Fprint(h, "taxonomy", t.Name, t.Title, t.Singular, t.URL)
	}
	for _, p := range s.Pages {
		fmt.Fprint(h, "page", p.Title, p.URL, p.Section)
	}
}

// writePage hashes a page's own data.
func writePage(h *maphash.Hash, p *Page) {
	fmt.Fprint(h, p.Kind, p.Section, p.Title, p.URL, p.Slug, p.Future, p.Draft, p.DateOnly,
		p.Summary, p.KeyPoints, p.Region, p.Sources, p.Authors, p.Image, p.ImageAlt, p.Aliases, p.Params,
		p.TOC, p.WordCount, p.ReadingTime)
	writeTime(h, p.Date)
	writeTime(h, p.Updated)
	// A cached render's version names its content; without a cache, hash it.
	if writeUint(h, p.contentVersion); p.contentVersion == 0 {
		writeString(h, string(p.Content))
	}
	for _, t := range p.Companies {
		writeTerm(h, t)
	}
	for _, t := range p.Topics {
		writeTerm(h, t)
	}
	if p.Term != nil {
		writeTerm(h, p.Term)
	}
}

// writeEntry hashes what a list or a link shows of another page.
func writeEntry(h *maphash.Hash, p *Page) {
	if p == nil {
		writeString(h, "-")
		return
	}
	fmt.Fprint(h, p.Title, p.URL, p.Draft, p.Future, p.DateOnly, p.Summary, p.KeyPoints)
	writeTime(h, p.Date)
	writeTime(h, p.Updated)
	for _, t := range p.Companies {
		writeTerm(h, t)
	}
	for _, t := range p.Topics {
		writeTerm(h, t)
	}
}

// writeTerm hashes what pages show of a term.
func writeTerm(h *maphash.Hash, t *Term) {
	fmt.Fprint(h, t.Name, t.URL, t.Taxonomy, t.Count())
	writeTime(h, t.Latest())
	if t.Parent != nil {
		fmt.Fprint(h, t.Parent.Name, t.Parent.URL)
	}
	for _, c := range t.Children {
		fmt.Fprint(h, c.Name, c.URL)
	}
}

func writeString(h *maphash.Hash, s string) {
	h.WriteString(s)
	h.WriteByte(0)
}

func writeUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
}

func writeTime(h *maphash.Hash, t time.Time) {
	writeUint(h, uint64(t.UnixNano()))
	writeString(h, t.Location().String())
}
