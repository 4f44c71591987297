// Package model turns configuration and content into the site as data:
// pages with their URLs, briefs with the folded terms of each taxonomy, sections,
// taxonomies, pagination, previous/next and related briefs, and the list of
// files to render. It does no I/O; it renders Markdown through the
// markdown package.
package model

import (
	"errors"
	"fmt"
	"hash/maphash"
	"html"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/route"
	"golang.org/x/sync/errgroup"
)

// Options select what a build includes.
type Options struct {
	// Drafts includes pages with draft: true.
	Drafts bool
	// Future includes pages dated after Now.
	Future bool
	// Now is the build time that decides which pages are in the future.
	Now time.Time
	// Cache, when set, keeps rendered Markdown for the next build.
	Cache *RenderCache
	// KeyPoints, when not nil, keeps the key points rendered, for the
	// next build.
	KeyPoints *KeyPointCache
	// Defer leaves unrendered the Markdown of the pages that no other page
	// shows anything of: standalone pages, and briefs with key_points in
	// their frontmatter. Site.RenderBody renders one when its own page is
	// written, and Site.ReleaseBody lets it go after, so that a one-shot
	// build never holds all rendered Markdown at once. Only layouts that
	// show no other page's Content, TOC, WordCount or ReadingTime (the
	// default theme's) may be used with it.
	Defer bool
	// KeepGoing makes Build return the site along with its errors, with
	// each page whose body has broken links rendered all the same (the
	// links as written): for gen check, which looks for every problem.
	KeepGoing bool

	// ImageSize, when set, reads the width and height in pixels of a
	// page's image file, whose path from the site root is name
	// ("content/briefs/aws/chart.png", "static/images/logo.png"). It
	// returns 0, 0 and no error for a file it does not size, and an error
	// for one it cannot read. Without it, images are not sized.
	ImageSize func(name string) (width, height int, err error)
	// Picture, when set, returns the Picture of a page's image file, named
	// as for ImageSize, when it is an image copies are made of (PNG, JPEG,
	// WebP), and nil for another; an error for a file it cannot read. A
	// page with a Picture is sized from it, not by ImageSize.
	Picture func(name string) (*Picture, error)

	// Kinds, when set, replaces DefaultKinds as the site's registry of
	// page kinds.
	Kinds []*Kind

	// relatedWork, when set, counts the steps of ranking related briefs
	// (each candidate looked at, each probe of a term's list), for tests
	// that check the work grows no faster than the site.
	relatedWork *atomic.Int64
}

// Site is the whole site as data.
type Site struct {
	Config *config.Config
	Home   *Page
	// Briefs are the published briefs, newest first.
	Briefs []*Page
	// Sections are the section pages, sorted by URL.
	Sections []*Page
	// Pages are the standalone and other section pages (not briefs), by URL.
	Pages      []*Page
	Taxonomies []*Taxonomy
	// Digests is the index of weekly digests; its Pages are the weeks,
	// newest first.
	Digests *Page
	// Search is the search page.
	Search   *Page
	NotFound *Page
	// Kinds is the registry of the site's page kinds, in order:
	// DefaultKinds unless Options.Kinds replaced it. Everything that
	// treats kinds differently (layouts, outputs, feeds, the sitemap, the
	// search index) reads it.
	Kinds []*Kind
	// Renders lists every HTML page to write, in output path order.
	Renders []Render
	// Redirects lists the alias pages, in output path order.
	Redirects []Redirect
	// Assets lists the content files copied as they are.
	Assets []Asset
	// Owners maps every output path of pages, aliases and assets to what
	// it comes from ("content/briefs/aws.md"), for messages.
	Owners map[string]string
	// NextScheduled is the earliest date after Options.Now of any content
	// file, drafts included, or zero: the site changes then without any
	// file changing, as a scheduled brief is published or loses its banner.
	NextScheduled time.Time
	// NextBrief is the date of the next brief to be published, the
	// earliest after Options.Now of the briefs that are not drafts, and
	// NextBriefFile its content file; zero and "" when there is none, or
	// when Options.Future includes them already.
	NextBrief     time.Time
	NextBriefFile string

	// builder is the state of the Build that made the site, for
	// UpdatePages and RenderBody.
	builder *builder
}

// Render is one HTML file to write: a page, or one pager of a list page.
type Render struct {
	// Path is the output file, relative to the output root.
	Path  string
	Page  *Page
	Pager *Pager
}

// Redirect is an alias page that sends readers to Target.
type Redirect struct {
	// Path is the output file, relative to the output root.
	Path   string
	Target *Page
}

// Asset is a content file copied to the output.
type Asset struct {
	// Path is the output file, relative to the output root.
	Path string
	// File is the file on disk.
	File string
}

// Taxonomy returns the taxonomy called name, or nil.
func (s *Site) Taxonomy(name string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// OutputPath maps a page URL to the file that serves it, as route.File
// does.
func OutputPath(url string) string { return route.File(url) }

// builder holds the state of one Build.
type builder struct {
	cfg  *config.Config
	opts Options
	md   *markdown.Renderer
	site *Site
	errs []error

	// bySource maps content paths ("briefs/aws.md") of included pages.
	bySource map[string]*Page
	// excluded maps content paths of drafts and future pages left out, and
	// of files that failed to load (whose errors are already reported).
	excluded map[string]string
	// assetURL maps content paths of assets to their URLs, and assetPath
	// the URLs back to the paths.
	assetURL, assetPath map[string]string
	// sectionIndex holds the _index.md of each section ("" for home).
	sectionIndex map[string]*content.Page
	// world is the linkWorld of this build.
	world uint64
	all   []*Page
}

// Build turns the content tree into the site. All problems are returned
// together, one error per problem.
func Build(cfg *config.Config, tree *content.Tree, md *markdown.Renderer, opts Options) (*Site, error) {
	b := &builder{
		cfg: cfg, opts: opts, md: md,
		site:         &Site{Config: cfg},
		bySource:     map[string]*Page{},
		excluded:     map[string]string{},
		assetURL:     map[string]string{},
		assetPath:    map[string]string{},
		sectionIndex: map[string]*content.Page{},
	}
	// The site's kinds find their pages through the builder; the site is
	// returned only when the build succeeds.
	b.site.builder = b
	b.site.Kinds = opts.Kinds
	if b.site.Kinds == nil {
		b.site.Kinds = DefaultKinds()
	} else if err := checkKinds(b.site.Kinds); err != nil {
		return nil, fmt.Errorf("the registry of page kinds: %w", err)
	}
	for _, p := range tree.Broken {
		b.excluded[p] = ""
	}
	opts.KeyPoints.startBuild()
	b.pages(tree.Pages)
	b.assets(tree.Assets)
	b.render()
	if len(b.errs) > 0 && !opts.KeepGoing {
		return nil, errors.Join(b.errs...)
	}
	b.taxonomies()
	b.lists()
	b.digests()
	b.related()
	b.outputs()
	if len(b.errs) > 0 {
		if opts.KeepGoing {
			return b.site, errors.Join(b.errs...)
		}
		return nil, errors.Join(b.errs...)
	}
	return b.site, nil
}

// region is a page's Region: the frontmatter's text, unless a taxonomy
// lists the key's terms.
func (b *builder) region(m *content.Meta) string {
	for _, t := range b.cfg.Taxonomies {
		if t.Key == "region" {
			return ""
		}
	}
	return m.Region
}

func (b *builder) fail(p *content.Page, line int, format string, args ...any) {
	b.errs = append(b.errs, &content.Error{File: p.SourcePath(), Line: line, Code: problem.FrontmatterValue, Err: fmt.Errorf(format, args...)})
}

// pages creates a Page for each included content file.
func (b *builder) pages(files []*content.Page) {
	for _, cp := range files {
		if cp.IsSectionIndex {
			b.sectionIndex[cp.Section] = cp
			continue
		}
		// A page with an error is left out; links to it are not errors too.
		bad := func(line int, format string, args ...any) {
			b.fail(cp, line, format, args...)
			b.excluded[cp.Path] = ""
		}
		m := cp.Meta
		kind := KindPage
		if cp.Section == BriefSection {
			kind = KindBrief
		}
		if m.Title == "" {
			bad(cp.Front.KeyLine("title"), "title is missing: add a line such as title: What happened, in one line")
			continue
		}
		if kind == KindBrief && m.Date.IsZero() {
			bad(cp.Front.KeyLine("date"), "date is missing: a brief needs a date such as date: 2026-07-18T09:30:00Z")
			continue
		}
		future := m.Date.After(b.opts.Now)
		if future && (b.site.NextScheduled.IsZero() || m.Date.Before(b.site.NextScheduled)) {
			b.site.NextScheduled = m.Date
		}
		if future && kind == KindBrief && !m.Draft && !b.opts.Future && (b.site.NextBrief.IsZero() || m.Date.Before(b.site.NextBrief)) {
			b.site.NextBrief, b.site.NextBriefFile = m.Date, cp.SourcePath()
		}
		switch {
		case m.Draft && !b.opts.Drafts:
			b.excluded[cp.Path] = "is a draft"
			continue
		case future && !b.opts.Future:
			b.excluded[cp.Path] = "is dated in the future"
			continue
		}
		slug, err := pageSlug(cp)
		if err != nil {
			bad(cp.Front.KeyLine("slug"), "%v", err)
			continue
		}
		url := "/" + slug + "/"
		if cp.Section != "" {
			url = "/" + cp.Section + url
		}
		p := &Page{
			Kind: kind, Section: cp.Section, Title: m.Title, URL: url, Slug: slug,
			Date: m.Date, Updated: m.Updated, DateOnly: m.DateOnly, Future: future, Draft: m.Draft,
			Summary: m.Summary, Region: b.region(m),
			Sources: m.Sources, Authors: m.Authors, Image: m.Image, ImageAlt: m.ImageAlt,
			Params: m.Params, Source: cp,
		}
		if err := b.keyPoints(p, m.KeyPoints); err != nil {
			bad(cp.Front.KeyLine("key_points"), "key_points: %v", err)
			continue
		}
		for _, a := range m.Aliases {
			alias, err := cleanAlias(a)
			if err != nil {
				b.fail(cp, cp.Front.KeyLine("aliases"), "aliases: %v", err)
				continue
			}
			p.Aliases = append(p.Aliases, alias)
		}
		b.bySource[cp.Path] = p
		b.all = append(b.all, p)
	}
}

// pageSlug is the frontmatter slug, checked, or else the bundle folder or
// file name.
func pageSlug(cp *content.Page) (string, error) {
	if s := cp.Meta.Slug; s != "" {
		if Slugify(s) != s {
			if Slugify(s) == "" {
				return "", fmt.Errorf("slug %q has no letter or digit: use lower-case words joined by hyphens", s)
			}
			return "", fmt.Errorf("slug %q is not URL-safe: use %q", s, Slugify(s))
		}
		return s, nil
	}
	name := content.TrimMarkdown(path.Base(cp.Path))
	if cp.Bundle != "" {
		name = path.Base(cp.Bundle)
	}
	s := Slugify(name)
	if s == "" {
		return "", fmt.Errorf("the file name %q has no letter or digit to make a URL from: rename the file or set slug", path.Base(cp.Path))
	}
	return s, nil
}

// cleanAlias checks an alias path and gives it a leading slash and, unless
// it names an .html file, a trailing one.
func cleanAlias(a string) (string, error) {
	if strings.ContainsAny(a, "\x00\\?#") || strings.Contains(a, "://") {
		return "", fmt.Errorf("%q is not a path on this site: write it as /2026/old-name/", a)
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return "", fmt.Errorf("%q may not contain . or .. segments: write the full path from the site root", a)
		}
		if seg == ".gen-output" { // output.MarkerFile
			return "", fmt.Errorf("%q would write where .gen-output, the file that marks gen's output folder, must be: remove the alias", a)
		}
		if strings.HasPrefix(seg, ".") {
			return "", fmt.Errorf("%q names a hidden file or folder (%s), which gen does not write and web servers often refuse to serve: remove the alias, or rename %s", a, seg, seg)
		}
	}
	clean := path.Clean("/" + a)
	if clean == "/" || Slugify(clean) == "" {
		return "", fmt.Errorf("%q does not name a page: write it as /2026/old-name/", a)
	}
	if strings.HasSuffix(clean, ".html") {
		return clean, nil
	}
	return clean + "/", nil
}

// assets places each content file that is not Markdown.
func (b *builder) assets(assets []content.Asset) {
	for _, a := range assets {
		out := a.Path
		if a.Bundle != "" {
			owner := b.bySource[a.Bundle+"/index.md"]
			if owner == nil {
				continue // the bundle's page is a draft or scheduled
			}
			out = strings.TrimPrefix(owner.URL, "/") + strings.TrimPrefix(a.Path, a.Bundle+"/")
		}
		b.assetURL[a.Path] = "/" + out
		b.assetPath["/"+out] = a.Path
		b.site.Assets = append(b.site.Assets, Asset{Path: out, File: a.File})
	}
}

// render resolves every page's image and converts every page body but
// the deferred ones, in parallel. With KeepGoing, a body with broken
// links is rendered all the same, and its error kept.
func (b *builder) render() {
	for _, p := range b.all {
		if b.opts.Defer && (p.Kind == KindPage || p.Kind == KindBrief && len(p.KeyPoints) > 0) {
			p.deferred = true
			if p.Summary == "" && p.Kind == KindBrief {
				p.Summary = strings.Join(p.KeyPoints, " ")
			}
		}
	}
	b.world = b.linkWorld()
	errs := make([]error, len(b.all))
	entries := make([]*cacheEntry, len(b.all))
	// Every page's error is kept, so the build reports all bad pages.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range b.all {
		g.Go(func() error {
			if errs[i] = b.resolveImage(p, p.Source); errs[i] == nil && !p.deferred {
				entries[i], errs[i] = b.renderBody(p, p.Source)
			}
			return nil
		})
	}
	g.Wait() // errors are kept in errs
	for i, err := range errs {
		if err != nil {
			b.errs = append(b.errs, err)
		} else if entries[i] != nil {
			entries[i].world = b.world
		}
	}
}

// worldSeed seeds the link worlds of one process; they are only compared
// within it.
var worldSeed = maphash.MakeSeed()

// linkWorld hashes everything a relative link can resolve to: the content
// paths of pages and their URLs, of left-out pages, of assets and of
// sections. Cached renders checked in the same world need no new check.
func (b *builder) linkWorld() uint64 {
	var sum uint64
	add := func(kind, k, v string) {
		sum += maphash.String(worldSeed, kind+"\x00"+k+"\x00"+v)
	}
	for k, p := range b.bySource {
		add("page", k, p.URL)
	}
	for k, why := range b.excluded {
		add("excluded", k, why)
	}
	for k, u := range b.assetURL {
		add("asset", k, u)
	}
	for k := range b.sectionIndex {
		add("section", k, "")
	}
	return sum
}

// sitePath is the path from the site root of a link's URL ("/briefs/x/"
// for "/briefs/x/#why" or "https://example.org/briefs/x/" on that site),
// to compare with pages' URLs.
func (b *builder) sitePath(url string) string {
	if i := strings.IndexAny(url, "?#"); i >= 0 {
		url = url[:i]
	}
	if base := b.cfg.BaseURL; base != "" {
		if rest, ok := strings.CutPrefix(url, strings.TrimSuffix(base, "/")); ok {
			url = rest
		}
	}
	return url
}

// keyPoints sets a page's key points from the frontmatter's, whose inline
// Markdown is rendered for KeyPointsHTML and left out of KeyPoints.
func (b *builder) keyPoints(p *Page, points []string) error {
	p.KeyPoints, p.KeyPointsHTML = nil, nil
	for _, k := range points {
		h, text, err := b.opts.KeyPoints.render(b.md, k)
		if err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		p.KeyPoints = append(p.KeyPoints, text)
		p.KeyPointsHTML = append(p.KeyPointsHTML, htmlOf(h))
	}
	return nil
}

// renderBody renders one page's Markdown and fills the fields that come
// from it. The page's image is resolveImage's.
func (b *builder) renderBody(p *Page, cp *content.Page) (*cacheEntry, error) {
	links := &linkResolver{b: b, from: cp}
	take := p.Kind == KindBrief && len(p.KeyPoints) == 0
	entry, ok := b.opts.Cache.lookup(cp, take, links, b.world)
	var broken error
	if !ok {
		body, err := cp.ReadBody()
		if err != nil {
			return nil, err
		}
		rec := &recorder{inner: links}
		res, err := b.md.Render(body, markdown.RenderOptions{Links: rec, TakeKeyPoints: take, KeepBroken: b.opts.KeepGoing})
		if err != nil && res == nil {
			return nil, renderError(cp, err)
		}
		if err != nil {
			// KeepGoing: the page shows its broken links as written, and
			// they are returned with the entry.
			broken = renderError(cp, err)
			entry = &cacheEntry{res: res}
			var le *markdown.LinkError
			if errors.As(err, &le) {
				for _, bl := range le.Broken {
					p.brokenLinks = append(p.brokenLinks, bl.Dest)
				}
			}
		} else {
			entry = b.opts.Cache.store(cp, take, rec.calls, res)
		}
	}
	res := entry.res
	p.contentVersion = entry.version
	p.links = make([]string, 0, len(entry.links)) // not nil: rendered
	for _, call := range entry.links {
		p.links = append(p.links, call.dest)
	}
	p.notices = nil
	for _, n := range res.Notices {
		p.notices = append(p.notices, problem.Problem{Severity: problem.Warning, Code: n.Code, File: cp.SourcePath(), Line: cp.BodyLine + n.Line - 1, Message: n.Message})
	}
	p.linked = nil
	if p.Kind == KindBrief {
		for _, l := range res.Links {
			if p.linked == nil {
				p.linked = map[string]bool{}
			}
			p.linked[b.sitePath(l)] = true
		}
	}
	if p.relatedAll != nil {
		pickRelated(p)
	}
	p.Content = htmlOf(res.HTML)
	p.TOC = res.TOC
	p.WordCount = res.Words
	p.ReadingTime = max(1, (res.Words+219)/220)
	if len(p.KeyPoints) == 0 {
		// Taken from the body as plain text: shown as it is.
		p.KeyPoints, p.KeyPointsHTML = res.KeyPoints, nil
		for _, k := range res.KeyPoints {
			p.KeyPointsHTML = append(p.KeyPointsHTML, htmlOf(html.EscapeString(k)))
		}
	}
	if p.Summary == "" {
		// The joined key points are kept with the render, for its file.
		if entry.summaryOf != cp {
			entry.summary, entry.summaryOf = strings.Join(p.KeyPoints, " "), cp
		}
		p.Summary = entry.summary
	}
	if p.Summary == "" {
		p.Summary = res.Lead
	}
	return entry, broken
}

// resolveImage turns a page's image given relative to its file into a URL,
// and sets ImageWidth and ImageHeight to the size of the image file, when
// the image is one of the site's files that Options.ImageSize sizes: an
// asset under content/ (given relative to the page or by its URL), or a
// file in static/ (given by its path from the site root).
func (b *builder) resolveImage(p *Page, cp *content.Page) error {
	p.ImageWidth, p.ImageHeight, p.Picture = 0, 0, nil
	if p.Image == "" {
		return nil
	}
	name := ""
	if markdown.IsRelative(p.Image) {
		u, ok := (&linkResolver{b: b, from: cp}).file(p.Image)
		if !ok {
			return &content.Error{File: cp.SourcePath(), Line: cp.Front.KeyLine("image"), Code: problem.FrontmatterValue, Err: fmt.Errorf(
				"image %q: %s does not exist: put the image beside the page (in a bundle folder) or give a URL", p.Image, content.Dir+"/"+path.Join(path.Dir(cp.Path), p.Image))}
		}
		if rel := path.Join(path.Dir(cp.Path), p.Image); b.bySource[rel] == nil {
			name = content.Dir + "/" + rel
		}
		p.Image = u
	} else {
		name = b.siteFile(p.Image)
	}
	if name == "" {
		return nil
	}
	if b.opts.Picture != nil {
		pic, err := b.opts.Picture(name)
		if err != nil {
			return &content.Error{File: cp.SourcePath(), Line: cp.Front.KeyLine("image"), Code: problem.FileUnreadable, Err: fmt.Errorf(
				"image %q: %s: %v", cp.Meta.Image, content.QuoteOdd(name), unwrapPath(err))}
		}
		if pic != nil {
			p.Picture, p.ImageWidth, p.ImageHeight = pic, pic.Width, pic.Height
			return nil
		}
	}
	if b.opts.ImageSize == nil {
		return nil
	}
	w, h, err := b.opts.ImageSize(name)
	if err != nil {
		return &content.Error{File: cp.SourcePath(), Line: cp.Front.KeyLine("image"), Code: problem.FileUnreadable, Err: fmt.Errorf(
			"image %q: cannot read %s as an image: %v: replace the file with a PNG, JPEG, GIF or SVG image, or remove the image line", cp.Meta.Image, content.QuoteOdd(name), unwrapPath(err))}
	}
	p.ImageWidth, p.ImageHeight = w, h
	return nil
}

// siteFile returns the path from the site root of the file that serves a
// URL given by its path from the site root ("/images/chart.png"): a
// content asset's, or else one in static/ (which may not exist). It
// returns "" for other URLs, and for paths no file of the site can have.
func (b *builder) siteFile(u string) string {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return ""
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u, err := url.PathUnescape(u)
	if err != nil || strings.ContainsAny(u, "\x00\\") {
		return ""
	}
	u = path.Clean(u)
	if rel, ok := b.assetPath[u]; ok {
		return content.Dir + "/" + rel
	}
	for _, seg := range strings.Split(u, "/")[1:] {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return ""
		}
	}
	return "static" + u
}

// unwrapPath drops the *fs.PathError wrapper of an error, whose path is
// the file's path on disk.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// renderError gives the errors of a body's render their file lines.
func renderError(cp *content.Page, err error) error {
	var limit *markdown.LimitError
	if errors.As(err, &limit) {
		return &content.Error{File: cp.SourcePath(), Line: cp.BodyLine + limit.Line - 1, Code: problem.MarkdownLimit, Err: errors.New(limit.Message)}
	}
	var le *markdown.LinkError
	if !errors.As(err, &le) {
		code := problem.Build
		var timeout *markdown.TimeoutError
		if errors.As(err, &timeout) {
			code = problem.MarkdownLimit
		}
		return &content.Error{File: cp.SourcePath(), Code: code, Err: err}
	}
	var errs []error
	for _, bl := range le.Broken {
		code := problem.LinkMissing
		if bl.Image {
			code = problem.FileUnreadable
		}
		errs = append(errs, &content.Error{File: cp.SourcePath(), Line: cp.BodyLine + bl.Line - 1, Code: code, Err: errors.New(bl.Message)})
	}
	return errors.Join(errs...)
}

// file returns the URL of the page or asset at a path relative to the
// linking file, if there is one.
func (r *linkResolver) file(target string) (string, bool) {
	rel := path.Join(path.Dir(r.from.Path), target)
	if p := r.b.bySource[rel]; p != nil {
		return p.URL, true
	}
	u, ok := r.b.assetURL[rel]
	return u, ok
}

// picture gives the markup of an image of a body (markdown.PictureLink):
// a <picture> when the image is a file of the site that Options.Picture
// makes a Picture of, and "" (the image is left as it is) otherwise.
func (r *linkResolver) picture(req string) (string, error) {
	u, rest, _ := strings.Cut(req, "\x00")
	alt, title, _ := strings.Cut(rest, "\x00")
	name := r.b.siteFile(u)
	if name == "" || r.b.opts.Picture == nil {
		return "", nil
	}
	pic, err := r.b.opts.Picture(name)
	if err != nil {
		return "", fmt.Errorf("image %q: %s: %v", u, content.QuoteOdd(name), unwrapPath(err))
	}
	if pic == nil {
		return "", nil
	}
	return string(pic.markup(alt, title, false)), nil
}

// charRef matches a character reference as CommonMark reads one in a link
// destination: named, decimal or hexadecimal, ended by a semicolon.
var charRef = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// linkResolver resolves relative links in the body of one content file.
type linkResolver struct {
	b    *builder
	from *content.Page
}

// ResolveLink maps a link to a content file (relative to the linking file)
// to that file's URL, keeping any #fragment.
// Character references in dest are decoded first, as CommonMark reads
// them: java&#x09;script: names "java\tscript:", not the file "java&".
func (r *linkResolver) ResolveLink(dest string) (string, error) {
	if req, ok := strings.CutPrefix(dest, markdown.PictureLink); ok {
		return r.picture(req)
	}
	link := fmt.Sprintf("%q", dest)
	if d := charRef.ReplaceAllStringFunc(dest, html.UnescapeString); d != dest {
		link += fmt.Sprintf(" (read as %q)", d)
		dest = d
	}
	target, frag := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		// The renderer decodes references again: keep a decoded & as one.
		target, frag = dest[:i], strings.ReplaceAll(dest[i:], "&", "&amp;")
	}
	if target == "" {
		return dest, nil
	}
	rel := path.Join(path.Dir(r.from.Path), target)
	if strings.HasPrefix(rel, "../") || rel == ".." {
		return "", fmt.Errorf("link %s points outside content/: link files in static/ by their path from the site root, such as /images/chart.png", link)
	}
	if p := r.b.bySource[rel]; p != nil {
		return p.URL + frag, nil
	}
	if why, ok := r.b.excluded[rel]; ok {
		if why == "" {
			return dest, nil // the target's own error is reported
		}
		return "", fmt.Errorf("link %s: %s %s and is not published: publish it or remove the link", link, content.QuoteOdd(content.Dir+"/"+rel), why)
	}
	if u, ok := r.b.assetURL[rel]; ok {
		return u + frag, nil
	}
	// A folder: a bundle's page, a section, or the home page.
	if p := r.b.bySource[rel+"/index.md"]; p != nil {
		return p.URL + frag, nil
	}
	if rel == "." || path.Base(rel) == "_index.md" && path.Dir(rel) == "." {
		return "/" + frag, nil
	}
	section := strings.TrimSuffix(rel, "/_index.md")
	if _, ok := r.b.sectionIndex[section]; ok && !strings.Contains(section, "/") {
		return "/" + section + "/" + frag, nil
	}
	if content.IsMarkdown(target) {
		return "", fmt.Errorf("link %s: %s does not exist: fix the path (it is relative to this file) or remove the link", link, content.QuoteOdd(content.Dir+"/"+rel))
	}
	return "", fmt.Errorf("link %s: %s does not exist: fix the path (it is relative to this file), or link a file in static/ by its path from the site root, such as /images/chart.png", link, content.QuoteOdd(content.Dir+"/"+rel))
}
