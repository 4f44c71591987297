package model

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"runtime"
	"strconv"
	"time"

	"github.com/gen-briefs/gen/internal/content"
	"golang.org/x/sync/errgroup"
)

// fingerprintSeed seeds the fingerprints of one process; they are only
// compared within it.
var fingerprintSeed = maphash.MakeSeed()

// Fingerprints returns, for each of s.Renders, a hash of the data its page
// can show: its own fields and rendered body; everything about the pages
// it lists or links to (a list's entries, neighbours, related briefs); its
// terms with their families and briefs; and the site's navigation and
// settings. When siteWide is set (layouts range over .Site.Briefs and the
// like), every page also depends on every brief, page and term. The
// preview re-renders a page only when its fingerprint changes.
func (s *Site) Fingerprints(cache *RenderCache, siteWide bool) []uint64 {
	// What each page shows of itself is hashed once, and kept between
	// builds for pages whose file was not read again.
	all := s.allPages()
	own := make([]pageHashes, len(all))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range all {
		g.Go(func() error { own[i] = cache.pageHashes(all[i]); return nil })
	}
	g.Wait() // the calls return no error
	cache.keepHashes(all, own)
	ownOf := make(map[*Page]uint64, len(all))
	for i, p := range all {
		ownOf[p] = own[i].self
	}
	ownHash := func(p *Page) uint64 {
		if h, ok := ownOf[p]; ok {
			return h
		}
		return ownHashes(p).self
	}
	// A term as tags show it; with siteWide layouts, with its briefs too.
	terms := map[*Term]uint64{}
	for _, tax := range s.Taxonomies {
		for _, t := range tax.Terms {
			if siteWide {
				terms[t] = termHash(t, ownHash)
			} else {
				terms[t] = termHash(t, nil)
			}
		}
	}
	// A page as others show it: its own data and its terms.
	full := make(map[*Page]uint64, len(all))
	for _, p := range all {
		h := fp{buf: binary.LittleEndian.AppendUint64(nil, ownOf[p])}
		writeTerms(&h, p, terms)
		full[p] = h.Sum64()
	}
	entry := func(h *fp, p *Page) {
		if p == nil {
			writeUint(h, 0)
		} else if e, ok := full[p]; ok {
			writeUint(h, e)
		} else {
			writeUint(h, ownHash(p))
			writeTerms(h, p, terms)
		}
	}

	var chrome fp
	s.writeChrome(&chrome)
	if siteWide {
		for _, p := range all {
			writeUint(&chrome, full[p])
		}
		for _, tax := range s.Taxonomies {
			for _, t := range tax.Terms {
				writeUint(&chrome, terms[t])
			}
		}
	}
	base := chrome.Sum64()

	out := make([]uint64, len(s.Renders))
	g = errgroup.Group{}
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range s.Renders {
		g.Go(func() error {
			h := &fp{buf: make([]byte, 0, 256)}
			writeUint(h, base)
			rd := s.Renders[i]
			writeString(h, rd.Path)
			p := rd.Page
			entry(h, p)
			if pg := rd.Pager; pg != nil {
				for _, n := range []int{pg.Number, pg.Count, pg.Total} {
					writeUint(h, uint64(n))
				}
				writeStrings(h, pg.URL, pg.PrevURL, pg.NextURL, pg.FirstURL, pg.LastURL)
				for _, p := range pg.Pages {
					entry(h, p)
				}
			}
			entry(h, p.Prev)
			entry(h, p.Next)
			for _, ref := range p.Related {
				entry(h, ref)
			}
			if p.Term != nil {
				writeUint(h, terms[p.Term])
				for _, c := range p.Term.Children {
					writeUint(h, terms[c])
				}
			}
			if p.Kind == KindTaxonomy {
				for _, t := range p.Taxonomy.Terms {
					writeUint(h, terms[t])
				}
			}
			if p.Kind == KindDigest || p.Kind == KindDigests {
				for _, q := range p.Pages {
					entry(h, q)
				}
			}
			if p.Kind == Kind404 {
				for _, b := range s.Briefs[:min(5, len(s.Briefs))] {
					entry(h, b)
				}
			}
			out[i] = h.Sum64()
			return nil
		})
	}
	g.Wait() // the calls return no error
	return out
}

// allPages lists the pages made from content files.
func (s *Site) allPages() []*Page {
	all := make([]*Page, 0, len(s.Briefs)+len(s.Pages))
	all = append(all, s.Briefs...)
	return append(all, s.Pages...)
}

// pageHashes is the hash of what a page shows of itself, without its
// terms, and the page build it was computed for.
type pageHashes struct {
	self uint64
	key  pageKey
}

// pageKey is what the hash of a page made from an unchanged file still
// depends on: its rendered body, URL, image link and size (the image file
// can change while the page's does not) and scheduling.
type pageKey struct {
	version       uint64
	url           string
	image         string
	width, height int
	future        bool
}

// pageHashes returns a page's hashes, from the cache when its file was not
// read again since.
func (c *RenderCache) pageHashes(p *Page) pageHashes {
	key := pageKey{p.contentVersion, p.URL, p.Image, p.ImageWidth, p.ImageHeight, p.Future}
	if c != nil && p.Source != nil && p.contentVersion != 0 {
		// Only keepHashes writes the map, after the parallel reads.
		h, ok := c.hashes[p.Source]
		if ok && h.key == key {
			return h
		}
	}
	h := ownHashes(p)
	h.key = key
	return h
}

// keepHashes stores the hashes of this build's pages for the next.
func (c *RenderCache) keepHashes(pages []*Page, hashes []pageHashes) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hashes = make(map[*content.Page]pageHashes, len(pages))
	for i, p := range pages {
		if p.Source != nil && p.contentVersion != 0 {
			c.hashes[p.Source] = hashes[i]
		}
	}
}

// ownHashes hashes a page's own data.
func ownHashes(p *Page) pageHashes {
	var self fp
	writePage(&self, p)
	return pageHashes{self: self.Sum64()}
}

// writeTerms adds the hashes of a page's terms.
func writeTerms(h *fp, p *Page, terms map[*Term]uint64) {
	for _, l := range p.TermLists {
		writeString(h, l.Taxonomy.Name)
		for _, t := range l.Terms {
			writeUint(h, terms[t])
		}
	}
}

// writeChrome hashes what every page shows of the site: its settings and
// the navigation to sections, taxonomies and standalone pages.
func (s *Site) writeChrome(h *fp) {
	c := s.Config
	fmt.Fprint(h, c.Title, c.BaseURL, c.Language, c.Timezone, c.Description, c.Paginate, c.Publisher, c.Markdown)
	for _, p := range s.Sections {
		writeStrings(h, "section", p.Title, p.URL, p.Section)
	}
	for _, t := range s.Taxonomies {
		writeStrings(h, "taxonomy", t.Name, t.Title, t.Singular, t.URL)
		if c := t.Config; c != nil {
			// Options that change what pages show: feed links, the search
			// page's summary, news metadata.
			writeStrings(h, c.About)
			writeFlags(h, c.FeedsOn(), c.SearchOn())
		}
	}
	for _, p := range s.Pages {
		writeStrings(h, "page", p.Title, p.URL, p.Section)
	}
	writeFlags(h, len(s.Digests.Pages) > 0) // the navigation links the digests once there are some
}

// writePage hashes a page's own data.
func writePage(h *fp, p *Page) {
	writeStrings(h, p.Kind, p.Section, p.Title, p.URL, p.Slug, p.Summary, p.Region, p.Image, p.ImageAlt)
	writeFlags(h, p.Future, p.Draft, p.DateOnly)
	writeStrings(h, p.KeyPoints...)
	writeStrings(h, p.Authors...)
	writeStrings(h, p.Aliases...)
	for _, src := range p.Sources {
		writeStrings(h, src.Name, src.URL)
	}
	if p.Params != nil {
		fmt.Fprint(h, p.Params) // fmt prints maps sorted by key
	}
	for _, t := range p.TOC {
		writeUint(h, uint64(t.Level))
		writeStrings(h, t.ID, t.Title)
	}
	writeUint(h, uint64(p.WordCount))
	writeUint(h, uint64(p.ImageWidth))
	writeUint(h, uint64(p.ImageHeight))
	writeTime(h, p.Date)
	writeTime(h, p.Updated)
	// A cached render's version names its content; without a cache, hash it.
	if writeUint(h, p.contentVersion); p.contentVersion == 0 {
		writeString(h, string(p.Content))
	}
}

// termHash hashes what pages can show of a term: its name, family, count
// and latest date, and, when ownHash is given, its briefs.
func termHash(t *Term, ownHash func(*Page) uint64) uint64 {
	var h fp
	writeStrings(&h, t.Name, t.URL, t.Taxonomy, strconv.Itoa(t.Count()))
	writeTime(&h, t.Latest())
	if t.Parent != nil {
		writeStrings(&h, t.Parent.Name, t.Parent.URL)
	}
	for _, c := range t.Children {
		writeStrings(&h, c.Name, c.URL)
	}
	if ownHash != nil {
		for _, p := range t.Pages {
			writeUint(&h, ownHash(p))
		}
	}
	return h.Sum64()
}

// fp collects the bytes of a fingerprint, hashed at once by Sum64.
type fp struct{ buf []byte }

// Write lets fmt print into a fingerprint.
func (h *fp) Write(b []byte) (int, error) {
	h.buf = append(h.buf, b...)
	return len(b), nil
}

// Sum64 hashes the collected bytes.
func (h *fp) Sum64() uint64 { return maphash.Bytes(fingerprintSeed, h.buf) }

func writeStrings(h *fp, ss ...string) {
	writeUint(h, uint64(len(ss)))
	for _, s := range ss {
		writeString(h, s)
	}
}

func writeString(h *fp, s string) {
	h.buf = append(append(h.buf, s...), 0)
}

func writeFlags(h *fp, flags ...bool) {
	for _, f := range flags {
		if f {
			h.buf = append(h.buf, 1)
		} else {
			h.buf = append(h.buf, 0)
		}
	}
}

func writeUint(h *fp, n uint64) {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, n)
}

func writeTime(h *fp, t time.Time) {
	writeUint(h, uint64(t.UnixNano()))
	writeString(h, t.Location().String())
}
