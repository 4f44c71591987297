package model

import (
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"
)

// List is one of the site's lists as a thing layouts read: reading
// .Site.Briefs reads ListBriefs, whose version changes when a brief comes,
// goes or moves, not when one is edited (each brief a layout then shows
// is a read of its own).
type List struct{ name string }

// The site's lists, as layouts find them on .Site.
var (
	ListBriefs     = &List{"briefs"}
	ListSections   = &List{"sections"}
	ListPages      = &List{"pages"}
	ListTaxonomies = &List{"taxonomies"}
	// ListHasDigests is whether there is any weekly digest, which the
	// navigation of every page may show, apart from which there are.
	ListHasDigests = &List{"has-digests"}
)

// A Part is one group of a thing's fields, versioned on its own: the
// header that lists the sections reads their titles, not the briefs they
// list, so a new brief does not change what it read.
type Part int32

// The parts of a page: what navigation shows of it (kind, title, URL),
// its dates and state (date, updated, draft, scheduled: a list page's
// date is its newest entry's), the rest of its own fields (summary, key
// points, image, frontmatter), its rendered body (Content, TOC,
// WordCount, ReadingTime), which pages and terms it links to (Prev, Next,
// Week, Related, Terms, TermLists, Term, Taxonomy, Digest), and the pages
// it lists (Pages). A term and a taxonomy have two: their own fields (for
// a term its name and family), and what they list (a term's briefs, a
// taxonomy's terms). Other things have one.
const (
	PartOwn Part = iota
	PartDates
	PartMeta
	PartBody
	PartLinks
	PartList
)

// parts is the number of parts of each kind of thing.
func parts(thing any) int32 {
	switch thing.(type) {
	case *Page:
		return 6
	case *Term, *Taxonomy:
		return 2
	}
	return 1
}

// PageFieldPart gives the part of a page, term or taxonomy that a layout
// reads with the field or method name, or by giving it to the method
// named by field with "()" after it ("Via()"); ok is false for a name it
// does not know, which should count as a read of every part.
func PageFieldPart(thing any, field string) (part Part, ok bool) {
	switch thing.(type) {
	case *Page:
		switch field {
		case "Content", "TOC", "WordCount", "ReadingTime":
			return PartBody, true
		case "Prev", "Next", "Week", "Related", "Terms", "TermLists", "Term", "Taxonomy", "Digest", "Companies", "Topics",
			"Via()": // Term.Via reads the page's terms
			return PartLinks, true
		case "Pages":
			return PartList, true
		case "Kind", "Section", "Title", "URL", "Slug", "SourcePath", "IsBrief":
			return PartOwn, true
		case "Date", "Updated", "DateOnly", "Future", "Draft", "Lastmod":
			return PartDates, true
		case "Summary", "Description", "KeyPoints", "KeyPointsHTML", "Region", "Sources", "Authors", "Image", "ImageAlt",
			"ImageWidth", "ImageHeight", "Picture", "Aliases", "Params", "Source":
			return PartMeta, true
		}
	case *Term:
		switch field {
		case "Briefs", "Pages", "Count", "Latest":
			return 1, true
		case "Name", "Slug", "URL", "Taxonomy", "Parent", "Children", "Page", "Via":
			return PartOwn, true
		}
	case *Taxonomy:
		switch field {
		case "Terms":
			return 1, true
		case "Name", "Title", "Singular", "URL", "Config", "Page", "NearDuplicates":
			return PartOwn, true
		}
	case *Digest, *Pager, *List:
		return PartOwn, true
	}
	return 0, false
}

// Deps numbers what layouts can read of one build of a site (the parts of
// its pages, terms and taxonomies, its digests, pagers and lists) and
// gives each a key that names it across builds and a version of its data.
// A render that reads things of the same versions writes the same bytes:
// a page's links part covers which pages and terms it links to (their
// URLs, not their data, which are reads of their own); a list's version
// its entries in order.
type Deps struct {
	// Keys name the things ("p/briefs/aws/#1" for a page's body) and
	// Versions hash their data, both by number.
	Keys     []string
	Versions []uint64
	ids      map[any]int32
	byKey    map[string]int32
}

// ID returns the number of the first part of a thing layouts read (a
// *Page, *Term, *Taxonomy, *Digest, *Pager or *List), its other parts
// following it, and the number of parts; n is 0 for anything else.
func (d *Deps) ID(thing any) (id, n int32) {
	if id, ok := d.ids[thing]; ok {
		return id, parts(thing)
	}
	return -1, 0
}

// SetBody sets the version of the body of p, a page whose Markdown was
// left for later (see Site.Deps), once it is rendered.
func (d *Deps) SetBody(p *Page, version uint64) {
	if id, n := d.ID(p); n > 0 {
		d.Versions[id+int32(PartBody)] = version
	}
}

// partNames name the parts of a page, a term and a taxonomy in
// DescribeKey.
var partNames = map[byte][]string{
	'p': {"title, URL or kind", "dates or draft state", "summary, key points, image or frontmatter", "body",
		"neighbours, related briefs, terms or week", "list of pages"},
	't': {"name or family", "briefs"},
	'x': {"title", "terms"},
}

// DescribeKey says in words what a key of Deps names: "the body of the
// page /briefs/aws/".
func DescribeKey(key string) string {
	if key == "" {
		return key
	}
	name, part, _ := strings.Cut(key[1:], "#")
	n := 0
	if len(part) == 1 {
		n = int(part[0] - '0')
	}
	what := ""
	if names := partNames[key[0]]; n < len(names) {
		what = names[n]
	}
	switch key[0] {
	case 'p':
		return "the " + what + " of the page " + name
	case 't':
		return "the " + what + " of the term " + name
	case 'x':
		return "the " + what + " of the taxonomy " + name
	case 'd':
		return "the weekly digest " + name
	case 'g':
		return "the entries of the pager " + name
	case 'l':
		return "the site's list of " + name
	}
	return key
}

// Moved maps each thing of an earlier build's deps to its number in d, or
// to -1 when it is gone or its version changed.
func (d *Deps) Moved(old *Deps) []int32 {
	to := make([]int32, len(old.Keys))
	for i, key := range old.Keys {
		j := d.Lookup(key)
		if j >= 0 && d.Versions[j] != old.Versions[i] {
			j = -1
		}
		to[i] = j
	}
	return to
}

// Lookup returns the number of the thing named key, or -1.
func (d *Deps) Lookup(key string) int32 {
	if id, ok := d.byKey[key]; ok {
		return id
	}
	return -1
}

// Deps numbers and versions what layouts can read of s. The pages' own
// data are hashed once per file and kept in cache between builds. The
// body of a page whose Markdown is left for later (Options.Defer) is not
// known yet: body gives its version, from what the Markdown depends on
// (see BodyLinks); without body it counts as empty.
func (s *Site) Deps(cache *RenderCache, body func(*Page) uint64) *Deps {
	d := &Deps{ids: map[any]int32{}, byKey: map[string]int32{}}
	var things []any
	add := func(thing any, key string) {
		if _, ok := d.ids[thing]; ok {
			return
		}
		d.ids[thing] = int32(len(d.Keys))
		for part := range parts(thing) {
			d.byKey[key+"#"+string(rune('0'+part))] = int32(len(d.Keys))
			d.Keys = append(d.Keys, key+"#"+string(rune('0'+part)))
			things = append(things, thing)
		}
	}
	page := func(p *Page) {
		if p != nil {
			add(p, "p"+p.URL)
			if p.Digest != nil {
				add(p.Digest, "d"+p.URL)
			}
		}
	}
	// What each content page shows of itself is hashed once, and kept
	// between builds for pages whose file was not read again.
	all := s.allPages()
	own := make([]pageHashes, len(all))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range all {
		g.Go(func() error { own[i] = cache.pageHashes(all[i]); return nil })
	}
	g.Wait() // the calls return no error
	cache.keepHashes(all, own)
	hashes := make(map[*Page]pageHashes, len(all))
	for i, p := range all {
		page(p)
		hashes[p] = own[i]
	}
	for _, rd := range s.Renders {
		page(rd.Page)
		if rd.Pager != nil {
			add(rd.Pager, "g"+rd.Path)
		}
	}
	for _, p := range []*Page{s.Home, s.Digests, s.Search, s.NotFound} {
		page(p)
	}
	for _, tax := range s.Taxonomies {
		add(tax, "x"+tax.Name)
		page(tax.Page)
		for _, t := range tax.Terms {
			add(t, "t"+t.URL)
			page(t.Page)
		}
	}
	for _, l := range []*List{ListBriefs, ListSections, ListPages, ListTaxonomies, ListHasDigests} {
		add(l, "l"+l.name)
	}

	d.Versions = make([]uint64, len(things))
	g = errgroup.Group{}
	g.SetLimit(runtime.GOMAXPROCS(0))
	const chunk = 256
	for lo := 0; lo < len(things); lo += chunk {
		g.Go(func() error {
			h := &fp{buf: make([]byte, 0, 512)}
			for i := lo; i < min(lo+chunk, len(things)); i++ {
				first, _ := d.ID(things[i])
				part := Part(int32(i) - first)
				if p, ok := things[i].(*Page); ok && part == PartBody && p.deferred && body != nil {
					d.Versions[i] = body(p) // what the body will render from
					continue
				}
				h.buf = h.buf[:0]
				s.writeVersion(h, things[i], part, hashes)
				d.Versions[i] = h.Sum64()
			}
			return nil
		})
	}
	g.Wait() // the calls return no error
	return d
}

// Refresh versions again the pages (and their weeks' digests) that
// UpdatePages changed in place, and returns the numbers of the parts whose
// version changed.
func (s *Site) Refresh(d *Deps, pages []*Page) []int32 {
	var changed []int32
	again := func(thing any) {
		first, n := d.ID(thing)
		for part := range n {
			var h fp
			s.writeVersion(&h, thing, Part(part), nil)
			if v := h.Sum64(); v != d.Versions[first+part] {
				d.Versions[first+part] = v
				changed = append(changed, first+part)
			}
		}
	}
	for _, p := range pages {
		again(p)
		if p.Week != nil {
			again(p.Week)
			again(p.Week.Digest)
		}
	}
	return changed
}

// writeVersion hashes what layouts can read of one part of a thing;
// hashes holds the hashes of pages' own data where they are known.
func (s *Site) writeVersion(h *fp, thing any, part Part, hashes map[*Page]pageHashes) {
	switch t := thing.(type) {
	case *Page:
		switch part {
		case PartOwn, PartDates, PartMeta, PartBody:
			own, ok := hashes[t]
			if !ok {
				own = ownHashes(t)
			}
			writeUint(h, own.parts[part])
		case PartLinks:
			writeStrings(h, pageURL(t.Prev), pageURL(t.Next), pageURL(t.Week), termURL(t.Term), taxonomyName(t.Taxonomy))
			writePageURLs(h, t.Related)
			for _, l := range t.TermLists {
				writeString(h, taxonomyName(l.Taxonomy))
				for _, term := range l.Terms {
					writeString(h, term.URL)
				}
			}
			// Terms holds the terms of TermLists by taxonomy name.
			writeUint(h, uint64(len(t.Terms)))
			if t.Digest != nil {
				writeString(h, "digest")
			}
		case PartList:
			writePageURLs(h, t.Pages)
		}
	case *Digest:
		writeUint(h, uint64(t.Year)*100+uint64(t.Week))
		writeTime(h, t.Start)
		writeTime(h, t.End)
		writeString(h, taxonomyName(t.Taxonomy))
		for _, g := range t.Groups {
			writeString(h, termURL(g.Term))
			writePageURLs(h, g.Briefs)
		}
	case *Pager:
		for _, n := range []int{t.Number, t.Count, t.Total} {
			writeUint(h, uint64(n))
		}
		writeStrings(h, t.URL, t.PrevURL, t.NextURL, t.FirstURL, t.LastURL)
		writePageURLs(h, t.Pages)
	case *Term:
		if part == PartOwn {
			writeStrings(h, t.Name, t.Slug, t.URL, t.Taxonomy, termURL(t.Parent), pageURL(t.Page))
			for _, c := range t.Children {
				writeString(h, c.URL)
			}
			return
		}
		writeUint(h, uint64(t.Count()))
		writeTime(h, t.Latest())
		writePageURLs(h, t.Briefs)
		writePageURLs(h, t.Pages)
	case *Taxonomy:
		if part == PartOwn {
			// Its config comes from gen.toml, a change to which renders
			// every page again.
			writeStrings(h, t.Name, t.Title, t.Singular, t.URL, pageURL(t.Page))
			for _, nd := range t.NearDuplicates {
				writeStrings(h, nd.A.URL, nd.B.URL)
			}
			return
		}
		for _, term := range t.Terms {
			writeString(h, term.URL)
		}
	case *List:
		switch t {
		case ListBriefs:
			writePageURLs(h, s.Briefs)
		case ListSections:
			writePageURLs(h, s.Sections)
		case ListPages:
			writePageURLs(h, s.Pages)
		case ListTaxonomies:
			for _, tax := range s.Taxonomies {
				writeString(h, tax.Name)
			}
		case ListHasDigests:
			writeFlags(h, s.Digests != nil && len(s.Digests.Pages) > 0)
		}
	}
}

// writePageURLs hashes which pages a list holds, in order.
func writePageURLs(h *fp, pages []*Page) {
	writeUint(h, uint64(len(pages)))
	for _, p := range pages {
		writeString(h, p.URL)
	}
}

// pageURL, termURL and taxonomyName name a page, term or taxonomy, or
// give "" for none.
func pageURL(p *Page) string {
	if p == nil {
		return ""
	}
	return p.URL
}

func termURL(t *Term) string {
	if t == nil {
		return ""
	}
	return t.URL
}

func taxonomyName(t *Taxonomy) string {
	if t == nil {
		return ""
	}
	return t.Name
}
