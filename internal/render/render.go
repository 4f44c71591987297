// Package render executes the site's layouts: html/template files from the
// site's layouts/ folder, over the embedded default theme. Each page is
// rendered into an io.Writer; render never touches the output folder.
package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gen-briefs/gen/internal/asset"
	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/source"
	"github.com/gen-briefs/gen/internal/suggest"
	"github.com/gen-briefs/gen/internal/theme"
)

// LayoutsDir is the folder of a site's layouts.
const LayoutsDir = "layouts"

// base is the layout every page kind fills in with its "main" block.
const base = "layouts/base.html"

// Renderer holds the parsed layouts of one site.
type Renderer struct {
	site     *SiteView
	loc      *time.Location
	kinds    map[string]*template.Template
	alias    *template.Template
	builtins map[string]bool
	// names are the paths of all the layouts, the theme's and the site's.
	names    map[string]bool
	basePath string
	mode     LinkMode
	// clock times the layouts, after MeasureLayouts; nil otherwise.
	clock *layoutClock
	// partials holds what partialCached made, by partialKey.
	partials sync.Map
	// model is the site, for its page kinds, and formats the output
	// formats of feeds.
	model   *model.Site
	formats []FeedFormat
	// workers hold the layouts that record their reads, after Record.
	workers chan *worker
	// assets are the style sheets and scripts layouts link with asset,
	// by their path in the output, after SetAssets.
	assets map[string]*asset.Asset
}

// SiteView is the site as layouts see it: its lists and the settings a
// theme needs. Its fields are its own rather than an embedded model.Site,
// since a template finds a promoted field by a slow search on every use.
type SiteView struct {
	Home *model.Page
	// Briefs are the published briefs, newest first.
	Briefs []*model.Page
	// Sections are the section pages, and Pages the standalone and other
	// section pages, by URL.
	Sections, Pages []*model.Page
	Taxonomies      []*model.Taxonomy
	// Digests is the index of weekly digests, Search the search page.
	Digests, Search *model.Page
	// HasDigests is set when there is a weekly digest: what navigation
	// tests, without reading (and so depending on) which weeks there are.
	HasDigests bool

	Title       string
	Description string
	Language    string
	// BaseURL ends in "/"; it is "" when the site has none.
	BaseURL   string
	Publisher config.Publisher
	// Icon is the site's logo when it is an SVG file of the site, which
	// browsers show as its icon; "" otherwise.
	Icon string
}

// View is what a layout executes on: the page, its site, and the pager of
// a list page.
type View struct {
	*model.Page
	Site *SiteView
	// Pager is the current page of a paginated list, or nil.
	Pager *model.Pager

	// The page's fields that layouts use most, repeated: a template finds
	// a field promoted from Page by a slow search on every use, and these
	// are found at once. newView fills them in from Page.
	Kind, Section, Title, URL, Summary, Image, ImageAlt, Region string
	Date, Updated                                               time.Time
	Draft, Future, DateOnly                                     bool
	ReadingTime, WordCount, ImageWidth, ImageHeight             int
	KeyPoints, Authors                                          []string
	KeyPointsHTML                                               []template.HTML
	Terms                                                       map[string][]*model.Term
	TermLists                                                   []model.TermList
	Pages, Related                                              []*model.Page
	Prev, Next, Week                                            *model.Page
	Term                                                        *model.Term
	Taxonomy                                                    *model.Taxonomy
	Digest                                                      *model.Digest
	Params                                                      map[string]any
	Content                                                     template.HTML
}

// newView is the View of one render of a page.
func newView(p *model.Page, site *SiteView, pager *model.Pager) *View {
	return &View{Page: p, Site: site, Pager: pager,
		Kind: p.Kind, Section: p.Section, Title: p.Title, URL: p.URL, Summary: p.Summary, Image: p.Image, ImageAlt: p.ImageAlt, Region: p.Region,
		Date: p.Date, Updated: p.Updated, Draft: p.Draft, Future: p.Future, DateOnly: p.DateOnly,
		ReadingTime: p.ReadingTime, WordCount: p.WordCount, ImageWidth: p.ImageWidth, ImageHeight: p.ImageHeight,
		KeyPoints: p.KeyPoints, KeyPointsHTML: p.KeyPointsHTML, Authors: p.Authors, Terms: p.Terms, TermLists: p.TermLists, Pages: p.Pages, Related: p.Related,
		Prev: p.Prev, Next: p.Next, Week: p.Week, Term: p.Term, Taxonomy: p.Taxonomy, Digest: p.Digest, Params: p.Params, Content: p.Content}
}

// MetaDescription is the page's description for search engines and
// link previews: its summary, else the site's description, cut to 300
// characters; on page N of a paginated list, after the first, it ends with
// "Page N of M." so that each page of the list is described apart.
func (v *View) MetaDescription() string {
	d := truncate(300, cmp.Or(v.Page.Description(), v.Site.Description))
	if v.Pager != nil && v.Pager.Number > 1 {
		d = strings.TrimSpace(fmt.Sprintf("%s Page %d of %d.", d, v.Pager.Number, v.Pager.Count))
	}
	return d
}

// HasCode reports whether the page's body holds code highlighted by
// chroma, whose colours are in /css/syntax.css: only such pages load that
// style sheet, which most pages (lists, briefs without code) would load
// for nothing.
func (v *View) HasCode() bool {
	return strings.Contains(string(v.Content), `<pre class="chroma"`)
}

// FeedFormat is an output format of feeds as layouts link to it: an entry
// of the feeds package's registry, which render does not import.
type FeedFormat struct {
	// Name is the format's name in model.Kind.Feeds ("rss"), File its
	// file in a feed's folder, MediaType its media type and Label its name
	// in links ("RSS").
	Name, File, MediaType, Label string
}

// FeedLink is one feed of a page, in one format, as the layout function
// feeds gives it.
type FeedLink struct {
	// Label names the format ("RSS"), URL is the feed's file from the
	// site root and MediaType the format's media type.
	Label, URL, MediaType string
	// TypeAttr is the attribute type="MediaType", to write in a tag as it
	// is: a media type printed into an attribute value would have its "+"
	// escaped as "&#43;", which tools that look for feeds do not all read.
	TypeAttr template.HTMLAttr
}

// New parses the site's layouts over the default theme. A layout file of
// the site replaces the theme's file of the same name. formats are the
// output formats of feeds, for the layout function feeds.
func New(siteDir string, site *model.Site, formats ...FeedFormat) (*Renderer, error) {
	cfg := site.Config
	r := &Renderer{
		site: &SiteView{Home: site.Home, Briefs: site.Briefs, Sections: site.Sections, Pages: site.Pages,
			Taxonomies: site.Taxonomies, Digests: site.Digests, Search: site.Search,
			HasDigests: site.Digests != nil && len(site.Digests.Pages) > 0, Title: cfg.Title, Description: cfg.Description,
			Language: cfg.Language, BaseURL: cfg.BaseURL, Publisher: cfg.Publisher, Icon: svgIcon(cfg.Publisher.Logo)},
		loc:      cfg.Location,
		kinds:    map[string]*template.Template{},
		builtins: map[string]bool{},
		basePath: "/",
		mode:     LinksRelative,
		model:    site,
		formats:  formats,
	}
	assets, err := asset.Theme()
	if err != nil {
		return nil, err
	}
	r.assets = assets
	if r.basePath = cfg.BasePath(); r.basePath == "" {
		r.basePath, r.mode = "/", LinksLocal
	}
	files, err := r.layoutFiles(siteDir)
	if err != nil {
		return nil, err
	}
	r.names = map[string]bool{}
	for name := range files {
		r.names[name] = true
	}
	root := template.New("").Funcs(r.funcs(nil, nil, nil))
	var kindFiles []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		rel := strings.TrimPrefix(name, "layouts/")
		if !strings.Contains(rel, "/") && name != base && rel != "alias.html" {
			kindFiles = append(kindFiles, name)
			continue
		}
		if _, err := root.New(name).Parse(files[name]); err != nil {
			return nil, r.layoutError(err, problem.LayoutParse)
		}
	}
	if root.Lookup(base) == nil {
		return nil, problem.Errorf(problem.LayoutFile, "layouts/base.html is missing")
	}
	// Each kind of the site's registry has its layout, and only those
	// and base.html and alias.html are at the top of layouts/.
	known := []string{"base.html", "alias.html"}
	for _, k := range site.Kinds {
		known = append(known, strings.TrimPrefix(k.Layout(), "layouts/"))
	}
	for _, name := range kindFiles {
		if base := strings.TrimPrefix(name, "layouts/"); !slices.Contains(known, base) {
			return nil, problem.Errorf(problem.LayoutFile, "%s is not a layout gen uses%s: the layouts at the top of layouts/ are %s; put shared pieces in layouts/partials/",
				name, suggest.Hint(base, known), strings.Join(known, ", "))
		}
	}
	for _, name := range kindFiles {
		t, err := root.Clone()
		if err != nil {
			return nil, err
		}
		t.Funcs(r.funcs(t, t, nil))
		if _, err := t.New(name).Parse(files[name]); err != nil {
			return nil, r.layoutError(err, problem.LayoutParse)
		}
		kind := strings.TrimSuffix(strings.TrimPrefix(name, "layouts/"), ".html")
		r.kinds[kind] = t
	}
	for _, k := range site.Kinds {
		if r.kinds[k.Name] == nil {
			return nil, problem.Errorf(problem.LayoutFile, "%s is missing", k.Layout())
		}
	}
	r.alias = root.Lookup("layouts/alias.html")
	if r.alias == nil {
		return nil, problem.Errorf(problem.LayoutFile, "layouts/alias.html is missing")
	}
	return r, nil
}

// layoutFiles reads the theme's layouts, then the site's over them, keyed
// by their path from the site root ("layouts/brief.html").
func (r *Renderer) layoutFiles(siteDir string) (map[string]string, error) {
	files := map[string]string{}
	err := fs.WalkDir(theme.FS, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		files[p] = string(data)
		r.builtins[p] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	err = source.Walk(siteDir, LayoutsDir, func(rel, p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && (d.IsDir() || d.Type()&fs.ModeSymlink != 0):
			// A folder that cannot be read, and a refused link whatever
			// its name: a linked folder of layouts is not silently left out.
			return err
		case d.IsDir() || !strings.HasSuffix(rel, ".html"):
			return nil
		}
		name := LayoutsDir + "/" + rel
		var data []byte
		if err == nil {
			data, err = source.ReadFile(siteDir, p, name)
		}
		if err != nil {
			return err
		}
		files[name] = string(data)
		delete(r.builtins, name)
		return nil
	})
	return files, err
}

// Page renders one page, or one pager of a list page, into w.
func (r *Renderer) Page(w io.Writer, rd model.Render) error {
	if r.clock != nil {
		defer r.clock.since("layouts/"+rd.Page.Kind+".html (in base.html)", time.Now())
	}
	err := r.execute(w, r.kinds[rd.Page.Kind], rd)
	if le, ok := err.(*execError); ok {
		return r.renderError(le.err, rd)
	}
	return err
}

// execute executes the layouts t of a page and writes the page, with its
// links rewritten, into w. An error of the layouts is an *execError.
func (r *Renderer) execute(w io.Writer, t *template.Template, rd model.Render) error {
	b := buffers.Get().(*pageBuffers)
	defer buffers.Put(b)
	b.layout.Reset()
	if err := t.ExecuteTemplate(&b.layout, base, newView(rd.Page, r.site, rd.Pager)); err != nil {
		return &execError{err}
	}
	var changed bool
	b.linked, changed = r.appendLinks(b.linked[:0], b.layout.Bytes(), "/"+rd.Path)
	page := b.layout.Bytes()
	if changed {
		page = b.linked
	}
	_, err := w.Write(StripControls(page))
	return err
}

// execError is an error of a page's layouts, as text/template gives it.
type execError struct{ err error }

func (e *execError) Error() string { return e.err.Error() }

// renderError is the *Error of a page whose layouts failed with err.
func (r *Renderer) renderError(err error, rd model.Render) *Error {
	le := r.layoutError(err, problem.LayoutExec)
	le.Rendering = rd.Page.SourcePath()
	if le.Rendering == "" {
		le.Rendering = rd.Path
	}
	return le
}

// pageBuffers are the buffers one render of a page, or of a partial, uses,
// kept for the next: pages are tens of kilobytes, and buffers grown afresh for each
// cost more than executing the layouts.
type pageBuffers struct {
	// layout is what the layouts wrote, and linked the same with its links
	// rewritten; partial is what a partial wrote (partials are not nested
	// within one pageBuffers: each call takes its own).
	layout, partial bytes.Buffer
	linked          []byte
}

// buffers holds pageBuffers between renders.
var buffers = sync.Pool{New: func() any { return new(pageBuffers) }}

// Redirect renders the page at an alias that sends readers to its target.
func (r *Renderer) Redirect(w io.Writer, rd model.Redirect) error {
	var buf bytes.Buffer
	to := rewrite(rd.Target.URL, "/"+rd.Path, r.basePath, r.mode)
	if err := r.alias.Execute(&buf, &RedirectView{Page: rd.Target, Site: r.site, To: to}); err != nil {
		return r.layoutError(err, problem.LayoutExec)
	}
	_, err := w.Write(StripControls(buf.Bytes()))
	return err
}

// RedirectView is what layouts/alias.html executes on.
type RedirectView struct {
	// Page is the page the alias sends readers to.
	Page *model.Page
	Site *SiteView
	// To is the link to Page from the alias.
	To string
}

// appendLinks appends a rendered page at pageURL to out with the site's
// link mode applied to its links, and reports whether any changed.
func (r *Renderer) appendLinks(out, html []byte, pageURL string) ([]byte, bool) {
	mode := r.mode
	if pageURL == "/404.html" && mode == LinksRelative {
		mode = LinksRooted
	}
	return appendLinks(out, html, pageURL, r.basePath, mode)
}

// funcs returns the template functions; t is the template set that
// partial looks layouts up in, set the one partialCached keeps partials
// under (a recording worker's copy of a set keeps them under the set, for
// the workers to share), and rec records what the functions read, or is
// nil.
func (r *Renderer) funcs(t, set *template.Template, rec *recorder) template.FuncMap {
	loc := r.loc
	return template.FuncMap{
		readFunc: func(thing any, field string) (any, error) {
			if rec == nil {
				return thing, nil
			}
			return rec.read(thing, field)
		},
		readDotFunc: func(names string, value any) any {
			if rec == nil {
				return value
			}
			return rec.readDot(names, value)
		},
		readPipedFunc: func(field string, thing any) (any, error) {
			if rec == nil {
				return thing, nil
			}
			return rec.read(thing, field)
		},
		"partial": func(name string, data any) (template.HTML, error) {
			return r.partial(t, name, data)
		},
		"partialCached": func(name string, data any, variants ...any) (template.HTML, error) {
			return r.partialCached(t, set, rec, name, data, variants)
		},
		"date": func(layout string, t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format(layout)
		},
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format(time.RFC3339)
		},
		"absURL": r.absURL,
		"relURL": func(p string) string { return "/" + strings.TrimPrefix(p, "/") },
		"slug":   model.Slugify,
		"jsonify": func(v any) (template.JS, error) {
			rec.readAll(v)
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict wants pairs of key and value")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not text", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"lower": strings.ToLower,
		"upper": strings.ToUpper,
		"join":  strings.Join,
		"months": func(pages []*model.Page) []Month {
			for _, p := range pages {
				rec.addPart(p, model.PartDates) // months reads their dates
			}
			return months(pages, loc)
		},
		"feeds": func(p *model.Page) []FeedLink {
			// A kind's HasFeeds reads a page's own fields and links.
			rec.addPart(p, model.PartOwn)
			rec.addPart(p, model.PartLinks)
			return r.feeds(p)
		},
		"newsArticle": func(v *View) (template.JS, error) {
			for _, l := range v.TermLists {
				for _, t := range l.Terms {
					rec.addPart(t, model.PartOwn)
				}
			}
			return r.newsArticle(v)
		},
		"webSite":        func(v *View) (template.JS, error) { return r.webSite(v, rec) },
		"collectionPage": func(v *View) (template.JS, error) { return r.collectionPage(v, rec) },
		"breadcrumbList": func(v *View) (template.JS, error) { return r.breadcrumbList(v, rec) },
		"socialImage": func(p *model.Page) SocialImage {
			rec.addPart(p, model.PartOwn)  // Kind, Title, URL
			rec.addPart(p, model.PartMeta) // Image, ImageAlt, ImageWidth, ImageHeight
			return r.socialImage(p)
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"truncate": truncate,
		"imageAt":  imageAt,
		"asset":    r.asset,
	}
}

// SetAssets gives the layouts the style sheets and scripts they link with
// the asset function, by their path in the output ("css/gen.css"): the
// site's, with the theme's (asset.Theme) it does not replace, which are
// all they have until then.
func (r *Renderer) SetAssets(assets map[string]*asset.Asset) { r.assets = assets }

// LinkedAsset is a style sheet or script as a page links it: its
// fingerprinted URL and, when the browser can check it, its integrity.
type LinkedAsset struct {
	URL, Integrity string
}

// asset is the layouts' asset function: the fingerprinted copy of the
// style sheet or script at name ("css/gen.css", or "/css/gen.css"). A site
// browsed from files (no base URL, or a file: one) gets no integrity,
// since browsers do not check it for files.
func (r *Renderer) asset(name string) (LinkedAsset, error) {
	a, ok := r.assets[strings.TrimPrefix(name, "/")]
	if !ok {
		return LinkedAsset{}, fmt.Errorf("asset %q: no style sheet or script has that path in static/ or the theme (give its path in the output, such as \"css/gen.css\")", name)
	}
	la := LinkedAsset{URL: a.URL}
	if r.mode != LinksLocal {
		la.Integrity = a.Integrity
	}
	return la, nil
}

// truncate cuts s to n characters, the last an ellipsis, when it is
// longer.
func truncate(n int, s string) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return strings.TrimSpace(string(rs[:n-1])) + "…"
}

// imageAt is the layout function that gives the copy of a picture at
// least width pixels wide (or its widest), in its own format or in the
// one format given ("webp"); nil for no picture or no copy in that
// format.
func imageAt(p *model.Picture, width int, format ...string) (*model.ImageVariant, error) {
	if p == nil {
		return nil, nil
	}
	typ := ""
	switch len(format) {
	case 0:
	case 1:
		typ = "image/" + strings.TrimPrefix(format[0], "image/")
	default:
		return nil, fmt.Errorf("imageAt takes a picture, a width and at most one format, not %d formats", len(format))
	}
	v, ok := p.At(width, typ)
	if !ok {
		return nil, nil
	}
	return &v, nil
}

// feeds lists the feeds of the page p, one for each output format its
// kind's registry entry gives it, in the order of the formats; none for a
// page without feeds.
func (r *Renderer) feeds(p *model.Page) []FeedLink {
	if p == nil {
		return nil
	}
	k := r.model.Kind(p.Kind)
	if k == nil || !k.PageHasFeeds(p) {
		return nil
	}
	var links []FeedLink
	for _, f := range r.formats {
		if k.TakesFormat(f.Name) {
			links = append(links, FeedLink{Label: f.Label, URL: p.URL + f.File, MediaType: f.MediaType,
				TypeAttr: template.HTMLAttr(`type="` + html.EscapeString(f.MediaType) + `"`)})
		}
	}
	return links
}

// partial executes the partial layouts/partials/NAME of the template set
// t on data.
func (r *Renderer) partial(t *template.Template, name string, data any) (template.HTML, error) {
	if t == nil {
		return "", errors.New("partial called while parsing")
	}
	p := t.Lookup("layouts/partials/" + name)
	if p == nil {
		return "", fmt.Errorf("no partial layouts/partials/%s", name)
	}
	if r.clock != nil {
		defer r.clock.since(p.Name(), time.Now())
	}
	b := buffers.Get().(*pageBuffers)
	defer buffers.Put(b)
	b.partial.Reset()
	if err := p.Execute(&b.partial, data); err != nil {
		return "", err
	}
	return template.HTML(b.partial.String()), nil
}

// maxVariants is how many variant keys partialCached takes.
const maxVariants = 3

// partialKey is what partialCached keeps a partial's output under, with
// what it read (cachedPartial).
type partialKey struct {
	// set is the template set the partial is looked up in: each kind's
	// layout may define templates its partials call.
	set *template.Template
	// recorded is set for a partial executed with its reads recorded,
	// which a render that records may use.
	recorded bool
	name     string
	data     any
	variants [maxVariants]any
}

// renderKey is what a View is cached under: a View is made afresh for
// each render, but its page and pager say all it holds.
type renderKey struct {
	page  *model.Page
	pager *model.Pager
}

// partialCached is partial, executed once for each partial name, data and
// variant keys during a rendering pass (see ForgetPartials) and then
// reused. It is for partials whose output depends on nothing but their
// data, such as a brief's card in a list: layouts cannot change a page,
// so the same partial on the same page gives the same HTML. The data and
// variants are the cache key, so they must be values that can be compared
// (a page, a term, text, a number), not a dict or a list.
func (r *Renderer) partialCached(t, set *template.Template, rec *recorder, name string, data any, variants []any) (template.HTML, error) {
	if len(variants) > maxVariants {
		return "", fmt.Errorf("partialCached takes at most %d variant keys after the data, not %d", maxVariants, len(variants))
	}
	key := partialKey{set: set, recorded: rec != nil, name: name, data: data}
	if v, ok := data.(*View); ok {
		key.data = renderKey{v.Page, v.Pager}
	}
	copy(key.variants[:], variants)
	for _, v := range key.variants[:len(variants)] {
		if err := cacheKey(name, v); err != nil {
			return "", err
		}
	}
	if err := cacheKey(name, data); err != nil {
		return "", err
	}
	if c, ok := r.partials.Load(key); ok {
		c := c.(*cachedPartial)
		if rec != nil {
			for _, id := range c.reads {
				rec.addID(id)
			}
			rec.unknown = rec.unknown || c.unknown
		}
		return c.html, nil
	}
	rec.begin()
	html, err := r.partial(t, name, data)
	reads := rec.end()
	if err == nil {
		r.partials.Store(key, &cachedPartial{html, reads, rec != nil && rec.unknown})
	}
	return html, err
}

// cachedPartial is a partial's output kept by partialCached, and what it
// read when it was executed: a render that uses it has read that too.
type cachedPartial struct {
	html  template.HTML
	reads []int32
	// unknown is set when what it read is not all known.
	unknown bool
}

// cacheKey refuses a value that cannot be part of a partialCached key.
func cacheKey(name string, v any) error {
	if v != nil && !reflect.ValueOf(v).Comparable() {
		return fmt.Errorf("partialCached %q: a %T cannot be a cache key: pass a page, a term, text or a number, or use partial", name, v)
	}
	return nil
}

// ForgetPartials drops the partials partialCached kept. The site calls it
// before each rendering pass, since pages may have changed since the last.
func (r *Renderer) ForgetPartials() { r.partials.Clear() }

// absURL joins a site path to the base URL; without a base URL it returns
// the root-relative path. The base URL was checked when the config was
// read, so a result under it is marked as a safe URL: html/template would
// otherwise blank a file: base URL.
func (r *Renderer) absURL(p string) any {
	u := r.abs(p)
	if r.site.BaseURL != "" && strings.HasPrefix(u, r.site.BaseURL) {
		return template.URL(u)
	}
	return u
}

// abs joins a site path to the base URL, as absURL does, as a string.
func (r *Renderer) abs(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	p = strings.TrimPrefix(p, "/")
	if r.site.BaseURL == "" {
		return "/" + p
	}
	return r.site.BaseURL + strings.TrimPrefix(path.Clean("/"+p), "/") + trailingSlash(p)
}

func trailingSlash(p string) string {
	if p != "" && strings.HasSuffix(p, "/") {
		return "/"
	}
	return ""
}

// HasOwnLayouts reports whether the site in siteDir has layouts of its own
// in layouts/, which may show more of each page than the default theme.
func HasOwnLayouts(siteDir string) bool {
	found := false
	filepath.WalkDir(filepath.Join(siteDir, LayoutsDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}
