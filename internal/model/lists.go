package model

import (
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/problem"
)

// htmlOf marks rendered Markdown as safe HTML; it is the only place that
// does so.
func htmlOf(s string) template.HTML { return template.HTML(s) }

// newestFirst orders pages by date, newest first, then by title and URL so
// that the order never depends on the file system.
func newestFirst(pages []*Page) {
	slices.SortStableFunc(pages, func(a, b *Page) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
}

// taxonomies folds the terms of every brief into the site's taxonomies, in
// the config's order.
func (b *builder) taxonomies() {
	for _, p := range b.all {
		if p.Kind != KindBrief {
			continue
		}
		b.site.Briefs = append(b.site.Briefs, p)
	}
	newestFirst(b.site.Briefs)

	for _, tc := range b.cfg.Taxonomies {
		tax := &Taxonomy{Name: tc.Name, Title: tc.Title, Singular: tc.Singular, URL: "/" + tc.Name + "/", Config: tc}
		set := newTermSet(tax)
		canonical := map[string]string{}
		for _, p := range b.site.Briefs {
			for _, name := range p.Source.Meta.Terms[tc.Key] {
				c, ok := canonical[name]
				if !ok {
					c = tc.Canonical(name)
					canonical[name] = c
				}
				if p.Terms == nil {
					p.Terms = map[string][]*Term{}
				}
				p.Terms[tc.Name] = appendTerm(p.Terms[tc.Name], set.add(c))
			}
		}
		// Parents named in the config get a page even without briefs of their own.
		for _, key := range slices.Sorted(maps.Keys(set.byKey)) {
			name := tc.Canonical(key) // only configured names have parents
			for parent := tc.Parent(name); parent != ""; parent = tc.Parent(parent) {
				if _, ok := set.byKey[strings.ToLower(parent)]; !ok {
					set.add(parent)
				}
			}
		}
		set.finish()
		for _, t := range tax.Terms {
			if parent := tc.Parent(t.Name); parent != "" {
				t.Parent = set.byKey[strings.ToLower(parent)]
				t.Parent.Children = append(t.Parent.Children, t)
			}
		}
		for _, p := range b.site.Briefs {
			terms := p.Terms[tc.Name]
			p.TermLists = append(p.TermLists, TermList{Taxonomy: tax, Terms: terms})
			for _, t := range terms {
				t.Briefs = append(t.Briefs, p)
			}
		}
		for _, t := range tax.Terms {
			t.Pages = termPages(t)
		}
		tax.NearDuplicates = nearDuplicates(tax, func(x, y *Term) bool { return b.distinctTerms(tax, x, y) })
		b.site.Taxonomies = append(b.site.Taxonomies, tax)
	}
}

// distinctTerms reports whether two terms of tax are different on
// purpose: both are named in gen.toml, or one is the other's parent.
func (b *builder) distinctTerms(tax *Taxonomy, x, y *Term) bool {
	if tax.Config.IsNamed(x.Name) && tax.Config.IsNamed(y.Name) {
		return true
	}
	for _, pair := range [][2]*Term{{x, y}, {y, x}} {
		for p := pair[0].Parent; p != nil; p = p.Parent {
			if p == pair[1] {
				return true
			}
		}
	}
	return false
}

// appendTerm adds t unless the list has it already (two spellings of one
// company in the same brief).
func appendTerm(list []*Term, t *Term) []*Term {
	for _, have := range list {
		if have == t {
			return list
		}
	}
	return append(list, t)
}

// termPages lists the briefs of a term and of its descendants, newest first.
func termPages(t *Term) []*Page {
	if len(t.Children) == 0 {
		return t.Briefs
	}
	seen := map[*Page]bool{}
	var pages []*Page
	var walk func(*Term)
	walk = func(t *Term) {
		for _, p := range t.Briefs {
			if !seen[p] {
				seen[p] = true
				pages = append(pages, p)
			}
		}
		for _, c := range t.Children {
			walk(c)
		}
	}
	walk(t)
	newestFirst(pages)
	return pages
}

// lists makes the home, section, taxonomy, term and 404 pages, and links
// briefs to their neighbours.
func (b *builder) lists() {
	site := b.site
	for i, p := range site.Briefs {
		if i > 0 {
			p.Next = site.Briefs[i-1]
		}
		if i+1 < len(site.Briefs) {
			p.Prev = site.Briefs[i+1]
		}
	}

	site.Home = b.listPage(KindHome, "", "/", b.cfg.Title, site.Briefs)
	if site.Home.Summary == "" && b.cfg.Description == "" {
		site.Home.Summary = fmt.Sprintf("The latest briefs on %s: %s.", b.cfg.Title, b.listed(site.Briefs, "brief", "briefs"))
	}

	bySection := map[string][]*Page{}
	for _, p := range b.all {
		if p.Section != "" {
			bySection[p.Section] = append(bySection[p.Section], p)
		}
		if p.Kind == KindPage {
			site.Pages = append(site.Pages, p)
		}
	}
	// A section with an _index.md and no pages yet still gets its page.
	for name := range b.sectionIndex {
		if _, ok := bySection[name]; !ok && name != "" {
			bySection[name] = nil
		}
	}
	for _, name := range slices.Sorted(maps.Keys(bySection)) {
		pages := bySection[name]
		newestFirst(pages)
		title := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
		sp := b.listPage(KindSection, name, "/"+name+"/", title, pages)
		if sp.Summary == "" {
			one, many := "page", "pages"
			if name == BriefSection {
				one, many = "brief", "briefs"
			}
			sp.Summary = fmt.Sprintf("%s on %s: %s.", sp.Title, b.cfg.Title, b.listed(pages, one, many))
		}
		site.Sections = append(site.Sections, sp)
	}
	sort.Slice(site.Pages, func(i, j int) bool { return site.Pages[i].URL < site.Pages[j].URL })

	for _, tax := range site.Taxonomies {
		tax.Page = &Page{Kind: KindTaxonomy, Title: tax.Title, URL: tax.URL, Taxonomy: tax,
			Summary: fmt.Sprintf("Every %s covered on %s, with its number of briefs and the latest.", strings.ToLower(tax.Singular), b.cfg.Title)}
		if n := len(tax.Terms); n > 0 {
			tax.Page.Summary = fmt.Sprintf("Every %s covered on %s (%s), with its number of briefs and the latest.", strings.ToLower(tax.Singular), b.cfg.Title, count(n, strings.ToLower(tax.Singular), strings.ToLower(tax.Title)))
		}
		for _, t := range tax.Terms {
			if t.Latest().After(tax.Page.Date) {
				tax.Page.Date = t.Latest() // the index changes with its latest brief
			}
			t.Page = &Page{Kind: KindTerm, Title: t.Name, URL: t.URL, Term: t, Taxonomy: tax, Pages: t.Pages,
				Summary: fmt.Sprintf("Briefs about %s on %s: %s.", t.Name, b.cfg.Title, b.listed(t.Pages, "brief", "briefs"))}
			if len(t.Pages) > 0 {
				t.Page.Date = t.Pages[0].Date
			}
		}
	}
	site.Search = &Page{Kind: KindSearch, Title: "Search", URL: "/search/",
		Summary: fmt.Sprintf("Find briefs on %s by words in their %s.", b.cfg.Title, searchedFields(site.Taxonomies))}
	site.NotFound = &Page{Kind: Kind404, Title: "Page not found", URL: "/404.html"}
}

// listed says how many entries a list page has and the date of its latest
// ("12 briefs, newest first, the latest on 20 November 2026"), for the
// summary of a list page that has none of its own.
func (b *builder) listed(pages []*Page, one, many string) string {
	if len(pages) == 0 {
		return "no " + many + " yet"
	}
	n := count(len(pages), one, many)
	if pages[0].Date.IsZero() {
		return n
	}
	return n + ", newest first, the latest on " + pages[0].Date.In(b.cfg.Location).Format("2 January 2006")
}

// count writes n and a noun, one or many.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// searchedFields names what search looks in, for the search page's
// summary: "titles, key points, companies and topics".
func searchedFields(taxonomies []*Taxonomy) string {
	fields := []string{"titles", "key points"}
	for _, tax := range taxonomies {
		if tax.Config.SearchOn() {
			fields = append(fields, strings.ToLower(tax.Title))
		}
	}
	return strings.Join(fields[:len(fields)-1], ", ") + " and " + fields[len(fields)-1]
}

// listPage makes a home or section page, with the text of its _index.md.
func (b *builder) listPage(kind, section, url, title string, pages []*Page) *Page {
	p := &Page{Kind: kind, Section: section, Title: title, URL: url, Pages: pages}
	if len(pages) > 0 {
		p.Date = pages[0].Date
	}
	cp := b.sectionIndex[section]
	if cp == nil {
		return p
	}
	p.Source = cp
	if cp.Meta.Title != "" {
		p.Title = cp.Meta.Title
	}
	p.Summary, p.Params, p.Image, p.ImageAlt = cp.Meta.Summary, cp.Meta.Params, cp.Meta.Image, cp.Meta.ImageAlt
	if err := b.resolveImage(p, cp); err != nil {
		b.errs = append(b.errs, err)
	} else if _, err := b.renderBody(p, cp); err != nil {
		b.errs = append(b.errs, err)
	}
	return p
}

// related resolves each brief's related entries, given by slug, by path
// under content/ or by URL, then ranks others to fill the list.
func (b *builder) related() {
	// The indexes are made only when some brief names related briefs.
	var bySlug, byURL map[string]*Page
	for _, p := range b.site.Briefs {
		if len(p.Source.Meta.Related) > 0 && bySlug == nil {
			bySlug, byURL = map[string]*Page{}, map[string]*Page{}
			for _, p := range b.site.Briefs {
				bySlug[p.Slug] = p
			}
			for _, p := range b.all {
				byURL[p.URL] = p
			}
		}
		for _, ref := range p.Source.Meta.Related {
			key := strings.TrimPrefix(strings.TrimPrefix(ref, "./"), content.Dir+"/")
			target := bySlug[ref]
			if target == nil {
				target = b.bySource[key]
			}
			if target == nil {
				target = byURL[path.Clean("/"+ref)+"/"]
			}
			if target == nil && !strings.HasSuffix(key, ".md") {
				target = b.bySource[BriefSection+"/"+key+".md"]
			}
			switch {
			case target != nil && target.Kind != KindBrief:
				b.fail(p.Source, p.Source.Front.KeyLine("related"), "related: %q is not a brief: related lists only briefs", ref)
			case target != nil && slices.Contains(p.Related, target):
				// Named twice: list it once.
			case target == p:
				b.fail(p.Source, p.Source.Front.KeyLine("related"), "related: %q is this brief itself", ref)
			case target != nil:
				p.Related = append(p.Related, target)
			case b.isExcluded(key):
				// A draft or scheduled brief joins the list once published.
			default:
				b.fail(p.Source, p.Source.Front.KeyLine("related"), "related: no brief has the slug or path %q: use a brief's slug (its file name without .md)", ref)
			}
		}
	}
	named := make([]int, len(b.site.Briefs))
	for i, p := range b.site.Briefs {
		named[i] = len(p.Related)
	}
	b.rankRelated()
	for i, p := range b.site.Briefs {
		p.relatedAll, p.relatedNamed = p.Related, named[i]
		pickRelated(p)
	}
}

// isExcluded reports whether a related reference names a page left out as
// a draft or as scheduled.
func (b *builder) isExcluded(key string) bool {
	for _, k := range []string{key, BriefSection + "/" + key + ".md", BriefSection + "/" + key + "/index.md"} {
		if _, ok := b.excluded[k]; ok {
			return true
		}
	}
	return false
}

// outputs lists the files to render and checks that no two share a path.
func (b *builder) outputs() {
	site := b.site
	owner := make(map[string]string, len(b.all)*2)
	site.Owners = owner
	claim := func(file, by string) bool {
		if prev, ok := owner[file]; ok {
			b.errs = append(b.errs, problem.Errorf(problem.URLCollision, "%s and %s would both be written to %s: change the slug of one of them", prev, by, file))
			return false
		}
		owner[file] = by
		return true
	}
	describe := func(p *Page) string {
		if p.Source != nil {
			return p.SourcePath()
		}
		return "the " + p.Kind + " page " + p.URL
	}
	add := func(p *Page, pager *Pager) {
		url := p.URL
		if pager != nil {
			url = pager.URL
		}
		if claim(OutputPath(url), describe(p)) {
			site.Renders = append(site.Renders, Render{Path: OutputPath(url), Page: p, Pager: pager})
		}
	}
	// Pages claim their paths kind by kind, in the registry's order.
	for _, k := range site.Kinds {
		for _, p := range k.Pages(site) {
			if !k.Paginated() {
				add(p, nil)
				continue
			}
			for _, pager := range Paginate(p.Pages, k.PageSize(p, b.cfg), p.URL) {
				add(p, pager)
			}
		}
	}
	for _, a := range site.Assets {
		claim(a.Path, content.Dir+"/"+a.Path)
	}
	for _, p := range b.all {
		for _, alias := range p.Aliases {
			file := OutputPath(alias)
			if prev, ok := owner[file]; ok {
				b.fail(p.Source, p.Source.Front.KeyLine("aliases"), "alias %s collides with %s: remove the alias", alias, prev)
				continue
			}
			owner[file] = describe(p) + " (alias)"
			site.Redirects = append(site.Redirects, Redirect{Path: file, Target: p})
		}
	}
	sort.Slice(site.Renders, func(i, j int) bool { return site.Renders[i].Path < site.Renders[j].Path })
	sort.Slice(site.Redirects, func(i, j int) bool { return site.Redirects[i].Path < site.Redirects[j].Path })
	if len(b.errs) > 1 {
		b.errs = dedupe(b.errs)
	}
}

// dedupe drops repeated messages.
func dedupe(errs []error) []error {
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}
