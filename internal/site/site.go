// Package site runs the whole build: it is the one package that knows
// every step of the pipeline (config, content, markdown, model, render,
// feeds, output) and calls them in order.
package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gen-briefs/gen/internal/asset"
	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/feeds"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/render"
	"github.com/gen-briefs/gen/internal/search"
	"github.com/gen-briefs/gen/internal/source"
	"github.com/gen-briefs/gen/internal/theme"
	"golang.org/x/sync/errgroup"
)

// StaticDir is the folder of files copied to the output root as they are.
const StaticDir = "static"

// MaxErrors is the number of problems a failed build reports.
const MaxErrors = 20

// Options describe one build.
type Options struct {
	// SiteDir is the site root, holding gen.toml, content/ and layouts/.
	SiteDir string
	// Destination is the output folder; "" means PublicDir under SiteDir.
	Destination string
	// BaseURL, when set, replaces the config's baseURL.
	BaseURL string
	// Drafts and Future include drafts and pages dated after Now.
	Drafts, Future bool
	// Now is the build time; the zero value means time.Now().
	Now time.Time
	// AllowEmpty lets Build replace an output of briefs with a site of
	// none, which it refuses otherwise.
	AllowEmpty bool
	// Timings makes Build and BuildTo time each step and each layout, in
	// Result.Stages and Result.Layouts.
	Timings bool
	// CacheDir is the folder of the build cache; "" means CacheDir under
	// SiteDir. NoCache builds without reading or writing it.
	CacheDir string
	NoCache  bool
	// NoCards leaves the social cards and icons out of the output, which
	// pages still name: for tests and measures of the other steps.
	NoCards bool
	// Why names a page of the output ("briefs/aws/index.html" or
	// "/briefs/aws/") whose rendering Build explains in Result.Why.
	Why string
	// Kinds, when set, replaces model.DefaultKinds as the site's registry
	// of page kinds: for tests, and programs that add a kind of page.
	Kinds []*model.Kind

	// searchMemo keeps the search index's entries between the builds of
	// a preview, which makes the index only when a browser asks for one of
	// its files.
	searchMemo *search.Memo
	// keepGoing makes the model go on past errors, for gen check.
	keepGoing bool
	// images makes the Pictures of the build's images and their copies.
	images *imageSet
	// keepImages lets the build write the copies it makes to the build
	// cache folder (Build and the preview do; a dry run and gen check
	// only read it).
	keepImages bool
	// cards keeps the build's social cards and icons in the cache folder;
	// nil makes one that only reads it.
	cards *cardCache
	// keyPoints, when not nil, keeps the key points rendered between the
	// builds of a preview, or from the build cache to the next.
	keyPoints *model.KeyPointCache
}

// OptionError is a build that was refused because of its Options, not its
// site: a bad base URL or destination.
type OptionError struct{ Err error }

func (e *OptionError) Error() string { return e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// Result summarises a successful build.
type Result struct {
	Destination string
	// Pages counts the HTML pages written, pagers and aliases included,
	// Aliases the alias pages among them.
	Pages, Aliases, Briefs, Terms, Feeds, Static int
	// Written and Unchanged count output files by whether their bytes changed.
	Written, Unchanged int
	// Read counts the files of the site that Build read, of Sources: the
	// others had the status the build cache knew them by.
	Read, Sources int
	// UpToDate is set when the destination was already built from the same
	// files, so that nothing was rendered or written.
	UpToDate bool
	// Rendered counts the HTML pages whose layouts were executed; a
	// preview rebuild skips pages whose data did not change, and leaves
	// those it counts to render on request.
	Rendered int
	// Pending lists, by output path, the pages of a preview's build to
	// render when asked for (Preview.File, Preview.Complete).
	Pending []string
	// ImagesMade counts the copies of images the build encoded: those
	// not found in the build cache folder.
	ImagesMade int
	// CardsDrawn counts the social cards, crops and icons that were
	// drawn, not found in the build cache.
	CardsDrawn int
	Duration   time.Duration
	// Warnings are problems that did not stop the build, and Notes what
	// else the build has to say (why it could not use its cache).
	Warnings, Notes []string
	// Why says why the page of Options.Why was rendered or carried over.
	Why string
	// NextBrief is when the next scheduled brief is due, and
	// NextBriefFile its content file: a build at that time publishes it.
	NextBrief     time.Time
	NextBriefFile string
	// Stages and Layouts are the time of each step of the build and of
	// each layout, with Options.Timings.
	Stages  []StageTime
	Layouts []render.LayoutTime

	clock *stopwatch
}

// Sink receives the files of a build: the output folder's staging area,
// or the preview server's memory. It may keep the data slices it is given,
// unless it is a transient Sink.
type Sink interface {
	WriteFile(rel string, data []byte) error
}

// transient is a Sink that is done with a file's bytes once WriteFile
// returns (it writes them to a file), so the caller may reuse the buffer.
type transient interface {
	Transient()
}

// assetKeeper is a Sink that can keep a content file copied by the last
// build, when the file did not change since.
type assetKeeper interface {
	KeepAsset(rel, src string) bool
}

// PublicDir is the output folder under the site root when Options give
// none.
const PublicDir = "public"

// CheckDestination sets Destination to PublicDir under the site when it
// is empty, and refuses, as an OptionError, a folder a build must not
// replace (see output.CheckDestination).
func (o *Options) CheckDestination() error {
	if o.Destination == "" {
		o.Destination = filepath.Join(o.SiteDir, PublicDir)
	}
	if err := output.CheckDestination(o.SiteDir, o.Destination); err != nil {
		return &OptionError{err}
	}
	if o.CacheDir != "" {
		// The cache would be published, or read as the site's own files.
		for _, dir := range []string{o.Destination, filepath.Join(o.SiteDir, content.Dir), filepath.Join(o.SiteDir, StaticDir),
			filepath.Join(o.SiteDir, render.LayoutsDir)} {
			if output.Inside(o.CacheDir, dir) {
				return &OptionError{fmt.Errorf("--cache-dir %s is inside %s: give a folder outside the output and the site's content/, static/ and layouts/", o.CacheDir, dir)}
			}
		}
	}
	return nil
}

// Build reads the site, renders it, and replaces the destination folder
// with the result. On failure the destination is left as it was.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if err := opts.CheckDestination(); err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = start
	}
	opts.keepImages = true
	// A build from the same files as the output's, into an output nobody
	// touched since, would write nothing: it is skipped, unless the time
	// it recorded (a scheduled brief's date, a brief entering or leaving
	// the news sitemap's window) has come.
	clock := newStopwatch(opts.Timings)
	var files *fileCache
	if !opts.NoCache {
		files = readFileCache(opts)
	}
	in, err := inputs(ctx, opts, files)
	if err != nil {
		return nil, err
	}
	clock.lap("hash the inputs")
	opts.cards = newCardCache(opts, true)
	if res, ok := upToDate(opts, in.all, start); ok {
		res.Read, res.Sources = in.read()
		// The files read again, written just before the last build,
		// need not be the next time.
		if fc := newFileCache(in, nil, files); fc != nil && !opts.NoCache {
			writeCacheFile(fileCachePath(opts), fc.encode())
		}
		if opts.Why != "" {
			res.Why = outputPath(opts.Why) + ": nothing was rendered: nothing the build reads changed since the last build"
		}
		return res, nil
	}
	var saved map[string][]byte
	var old *buildCache
	var why string
	if !opts.NoCache {
		saved = files.savedPages(in)
		// Read before the model, for the key points it keeps rendered.
		old, why = readCache(opts, in)
		opts.keyPoints = model.NewKeyPointCache()
		if old != nil {
			opts.keyPoints.Add(old.KeyPoints...)
		}
	}
	tree, s, r, err := load(ctx, &opts, start, false, clock, saved)
	if err != nil {
		return nil, limit(err)
	}
	if err := checkNotEmptied(opts, len(s.Briefs)); err != nil {
		return nil, err
	}
	w, err := output.Begin(opts.Destination)
	if err != nil {
		return nil, err
	}
	res := newResult(s, opts.Destination)
	res.clock = clock
	res.Read, res.Sources = in.read()
	var m memo
	var deps *model.Deps
	cache := &cacheMemo{s: s, reads: make([][]int32, len(s.Renders)), sums: make([]uint64, len(s.Renders)), why: outputPath(opts.Why)}
	bodies := &bodyVersions{s: s, in: in}
	// Recording what pages read costs a fifth more time. A build without
	// a cache it can use (a first build, a build from a clean checkout,
	// after an upgrade) does not record: it leaves a cache that says so,
	// and the next build records, for the builds after it.
	var c *buildCache
	if !opts.NoCache {
		if old == nil {
			res.Notes = append(res.Notes, "build cache: "+why+"; every page is rendered, and the next build records what each page reads")
			cache.reason = "the build cache could not be used: " + why
			c = &buildCache{Format: cacheFormat, Setup: in.setup}
		} else {
			bodies.bodies = old.Bodies
			deps = s.Deps(nil, bodies.version)
			if err := r.Record(deps); err != nil {
				w.Abort()
				return nil, err
			}
			cache.old, cache.moved = old, deps.Moved(&model.Deps{Keys: old.Keys, Versions: old.Versions})
			m = cache
		}
		clock.lap("read the build cache")
	}
	sink := &cardSink{Writer: w}
	if !opts.NoCache {
		sink.last = readCardManifest(opts)
	}
	statics, err := write(ctx, opts, s, r, sink, m, res)
	if err != nil {
		w.Abort()
		return nil, limit(err)
	}
	if err := recordState(w, in.all, validUntil(s, opts.Now), res); err != nil {
		w.Abort()
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		w.Abort()
		return nil, err
	}
	// The cache describes the files of this build's staging folder, which
	// become the output's as they are.
	if m != nil {
		// The bodies rendered in this build are versioned by their links;
		// all else as before the pages were rendered, as the next build
		// will find it.
		for _, p := range s.Deferred() {
			deps.SetBody(p, bodies.version(p))
		}
		if c, err = newCache(s, in, deps, cache, w); err != nil {
			w.Abort()
			return nil, err
		}
	}
	if c != nil {
		c.KeyPoints = opts.keyPoints.Used()
	}
	// The caches are written while the old output is removed.
	if err := w.CommitWhile(func() {
		clock.lap("record the state, swap the folder in")
		if !opts.NoCache {
			writeCardManifest(opts, w, opts.cards, statics)
		}
		if c == nil {
			return
		}
		// The copies of images no page uses now are not kept.
		if err := opts.images.proc.Prune(); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("build cache: %v", err))
		}
		if err := writeCache(opts, c); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("build cache: not written (%v); the next build renders every page", err))
		}
		// Not a note when it fails: the next build reads every file, as
		// this one would have without it.
		if fc := newFileCache(in, tree, files); fc != nil {
			writeCacheFile(fileCachePath(opts), fc.encode())
		}
		clock.lap("write the build cache")
	}); err != nil {
		return nil, err
	}
	opts.cards.prune()
	if opts.Why != "" {
		res.Why = whyRendered(opts, s, cache)
	}
	res.finishTimings(r)
	res.Written, res.Unchanged = w.Counts()
	res.Duration = time.Since(start)
	return res, nil
}

// BuildTo reads and renders the site into sink; opts.Destination, when
// set, is only checked as Build checks it (that it is not emptied of its
// briefs). A dry run builds with it.
func BuildTo(ctx context.Context, opts Options, sink Sink) (*Result, error) {
	start := time.Now()
	clock := newStopwatch(opts.Timings)
	_, s, r, err := load(ctx, &opts, start, false, clock, nil)
	if err != nil {
		return nil, limit(err)
	}
	// A dry run passes only where the build would.
	if err := checkNotEmptied(opts, len(s.Briefs)); err != nil {
		return nil, err
	}
	res := newResult(s, "")
	res.clock = clock
	if _, err := write(ctx, opts, s, r, sink, nil, res); err != nil {
		return nil, limit(err)
	}
	res.finishTimings(r)
	res.Duration = time.Since(start)
	return res, nil
}

// finishTimings fills in Stages and Layouts from the build's stopwatch
// and the layouts' clock.
func (res *Result) finishTimings(r *render.Renderer) {
	if res.clock != nil {
		res.Stages, res.Layouts = res.clock.result(), r.LayoutTimes()
	}
}

// load reads the config and content and makes the model and renderer.
// keepBodies keeps the Markdown of content files in memory, for gen check,
// which looks up lines in it. Otherwise Markdown is read when it is
// rendered, and, with the default theme's layouts, rendered only as each
// page is written (model.Options.Defer), so that a large site's Markdown
// is never all in memory at once. saved, when not nil, holds pages of an
// earlier build of files that did not change since
// (content.LoadReusing), and the pages loaded keep their saved forms.
func load(ctx context.Context, opts *Options, now time.Time, keepBodies bool, clock *stopwatch, saved map[string][]byte) (*content.Tree, *model.Site, *render.Renderer, error) {
	if opts.Now.IsZero() {
		opts.Now = now
	}
	cfg, err := loadConfig(opts)
	if err != nil {
		return nil, nil, nil, err
	}
	// A content error does not stop the model step, so that one run reports
	// the problems of every file.
	var tree *content.Tree
	var loadErr error
	switch {
	case keepBodies:
		tree, loadErr = content.Load(ctx, opts.SiteDir, cfg.Location, cfg.TermKeys()...)
	case saved != nil:
		tree, loadErr = content.LoadReusing(ctx, opts.SiteDir, cfg.Location, cfg.TermKeys(), saved)
	default:
		tree, loadErr = content.LoadLazily(ctx, opts.SiteDir, cfg.Location, cfg.TermKeys()...)
	}
	if tree == nil {
		return nil, nil, nil, loadErr
	}
	clock.lap("read gen.toml and content/")
	deferred := !keepBodies && !render.HasOwnLayouts(opts.SiteDir)
	s, r, err := assemble(opts, cfg, tree, loadErr, nil, deferred)
	clock.lap("make the model, parse the layouts")
	if r != nil && clock != nil {
		r.MeasureLayouts()
	}
	return tree, s, r, err
}

// loadConfig reads gen.toml with the options' base URL over its own.
func loadConfig(opts *Options) (*config.Config, error) {
	cfg, err := config.Load(opts.SiteDir)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		if cfg.BaseURL, err = config.NormalizeBaseURL(opts.BaseURL); err != nil {
			return nil, &OptionError{fmt.Errorf("--baseURL: %w", err)}
		}
	}
	return cfg, nil
}

// assemble makes the model and the renderer from the content tree. With
// content errors (loadErr) the site of the files that did load is returned
// too, for gen check to look at; a build stops there.
func assemble(opts *Options, cfg *config.Config, tree *content.Tree, loadErr error, cache *model.RenderCache, deferred bool) (*model.Site, *render.Renderer, error) {
	md := markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe})
	opts.images = newImageSet(opts)
	s, err := model.Build(cfg, tree, md, model.Options{Drafts: opts.Drafts, Future: opts.Future, Now: opts.Now, Cache: cache, KeyPoints: opts.keyPoints, Defer: deferred,
		ImageSize: imageSizer(opts.SiteDir), Picture: opts.images.picture, Kinds: opts.Kinds, KeepGoing: opts.keepGoing})
	loadErr = errors.Join(loadErr, err)
	if s == nil {
		return nil, nil, loadErr
	}
	formats := make([]render.FeedFormat, len(feeds.Formats))
	for i, f := range feeds.Formats {
		formats[i] = render.FeedFormat{Name: f.Name, File: f.File, MediaType: f.MediaType, Label: f.Label}
	}
	r, err := render.New(opts.SiteDir, s, formats...)
	if err != nil {
		return nil, nil, errors.Join(loadErr, err)
	}
	return s, r, loadErr
}

// newResult starts the summary of a build of s.
func newResult(s *model.Site, dest string) *Result {
	res := &Result{Destination: dest, Briefs: len(s.Briefs), NextBrief: s.NextBrief, NextBriefFile: s.NextBriefFile}
	for _, t := range s.Taxonomies {
		res.Terms += len(t.Terms)
	}
	for _, p := range similarTerms(s) {
		res.Warnings = append(res.Warnings, p.String())
	}
	if s.Config.BaseURL == "" {
		res.Warnings = append(res.Warnings, "no baseURL is set, so the feed, sitemap and robots.txt hold site-relative addresses that feed readers and search engines cannot use: set baseURL in gen.toml or pass --baseURL")
	}
	return res
}

// generatedFile is an output file made from the site as a whole; key,
// when not 0, hashes all it is made of, so a preview can keep the file.
type generatedFile struct {
	path  string
	key   uint64
	write func(*bytes.Buffer) error
	// file, when not nil, returns a file holding the bytes write would
	// write, which a fileLinker links into its output, or else the bytes
	// (a card of the card cache).
	file func() (path string, data []byte, err error)
	// onRequest is set for a file of the preview made only when a browser
	// asks for it (see deferrer), whose making reads the model.
	onRequest bool
}

// fileLinker is a Sink that can store a file of the disk, as it is, as
// the output file rel, without its bytes being read or copied; ok is
// false when it cannot, and the bytes must be written.
type fileLinker interface {
	LinkFile(rel, src string) (ok bool, err error)
}

// generatedLinker is a Sink that can keep the last build's generated
// file at path, made from the same key, without its bytes (cardSink).
type generatedLinker interface {
	KeepGenerated(path string, key uint64) bool
}

// keeper is a Sink that can give back a generated file of the last build
// made from the same key.
type keeper interface {
	Kept(path string, key uint64) ([]byte, bool)
}

// generatedFiles lists the files made from the whole site.
func generatedFiles(s *model.Site, opts Options, assets map[string]*asset.Asset) []generatedFile {
	return slices.Concat(feedFiles(s), searchFiles(s, opts.searchMemo), siteFiles(s, opts), hostFiles(s, assets))
}

// feedFiles lists the files of every feed, one for each of its formats.
func feedFiles(s *model.Site) []generatedFile {
	abs := feeds.AbsURL(s.Config.BaseURL)
	full := s.Config.Feeds.Content == "full"
	var files []generatedFile
	for _, f := range feeds.All(s) {
		dir := strings.TrimPrefix(f.Path, "/")
		key := f.Key(full, s)
		for _, format := range f.Formats {
			files = append(files, generatedFile{path: dir + format.File, key: key, write: func(b *bytes.Buffer) error { return format.Write(b, f, s, full, abs) }})
		}
	}
	return files
}

// searchFiles lists the files of the search index, made only when one is
// written. With a memo (the preview's), the index is made from the entries
// it keeps, only when a browser asks for one of its files, and the files
// have no key: a key is made from every brief's entry, which would cost
// every rebuild as much as making the index again.
func searchFiles(s *model.Site, memo *search.Memo) []generatedFile {
	searched := s.Searched()
	index := sync.OnceValues(func() ([]search.File, error) { return memo.Files(s.Taxonomies, searched) })
	var key uint64
	if memo == nil {
		key = search.Key(s.Taxonomies, searched)
	}
	var files []generatedFile
	for i, p := range search.Paths(len(searched)) {
		files = append(files, generatedFile{path: p, key: key, onRequest: memo != nil, write: func(b *bytes.Buffer) error {
			files, err := index()
			if err == nil {
				b.Write(files[i].Data)
			}
			return err
		}})
	}
	return files
}

// siteFiles lists the sitemaps and robots.txt.
func siteFiles(s *model.Site, opts Options) []generatedFile {
	abs := feeds.AbsURL(s.Config.BaseURL)
	news := newsSitemapFile(s, opts)
	return append(news, []generatedFile{
		{path: "sitemap.xml", write: func(b *bytes.Buffer) error { return feeds.Sitemap(b, s, abs) }},
		{path: "robots.txt", write: func(b *bytes.Buffer) error { return feeds.Robots(b, abs, len(news) > 0) }},
	}...)
}

// newsSitemapFile lists the news sitemap, which shows the titles of the
// briefs of the two days before the build (opts.Now), as search engines
// read it; with no brief in that window it lists nothing, as a sitemap
// with no entries is invalid.
func newsSitemapFile(s *model.Site, opts Options) []generatedFile {
	if len(feeds.News(s, opts.Now)) == 0 {
		return nil
	}
	abs := feeds.AbsURL(s.Config.BaseURL)
	return []generatedFile{{path: feeds.NewsSitemapFile, write: func(b *bytes.Buffer) error { return feeds.NewsSitemap(b, s, opts.Now, abs) }}}
}

// validUntil is the time until which the output of a build at now stays
// what a build would write: the date of the next scheduled brief, or the
// time a brief enters or leaves the news sitemap, whichever comes first;
// zero when none ever comes.
func validUntil(s *model.Site, now time.Time) time.Time {
	until := s.NextScheduled
	if t := feeds.NewsChange(s, now); !t.IsZero() && (until.IsZero() || t.Before(until)) {
		until = t
	}
	return until
}

// memo lets an incremental build keep pages of the last one: Keep stores
// the last build's file of the i-th of s.Renders into w, when nothing the
// page read changed, and reports whether it did; Read learns what a render
// read (render.Renderer.Render).
type memo interface {
	Keep(i int, w Sink) (bool, error)
	Read(i int, reads []int32, page []byte)
}

// write renders every output file into w, as a flat list of steps; pages
// that m keeps are not rendered again.
func write(ctx context.Context, opts Options, s *model.Site, r *render.Renderer, w Sink, m memo, res *Result) (map[string]staticFile, error) {
	statics, err := staticFiles(ctx, opts.SiteDir)
	if err != nil {
		return nil, err
	}
	assets, err := makeAssets(statics, res)
	if err != nil {
		return nil, err
	}
	r.SetAssets(assets)
	res.clock.lap("read static/")
	if opts.cards == nil {
		opts.cards = newCardCache(opts, false)
	}
	generated := generatedFiles(s, opts, assets)
	if !opts.NoCards {
		cards, err := cardFiles(s, opts, opts.cards, nil)
		if err != nil {
			return nil, err
		}
		generated = append(generated, cards...)
	}
	// A card made now stops with the build; one the preview makes on
	// request is made whenever it is asked for.
	if _, lazy := w.(deferrer); !lazy {
		opts.cards.ctx = ctx
	}
	if err := checkPaths(s, statics, generated); err != nil {
		return nil, err
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{pagesStep, func() error {
			n, err := pages(ctx, s, r, w, m, res.clock)
			res.Rendered = n
			return err
		}},
		{"render the alias pages", func() error { return redirects(s, r, w) }},
		{"make the feeds, sitemaps and search index", func() error { return writeGenerated(deferOnRequest(generated, statics, opts.cards, w), statics, w) }},
		{"copy content files", func() error { return copyAssets(ctx, opts.SiteDir, s, w) }},
		{"make the images", func() error {
			if opts.images == nil {
				return nil
			}
			err := opts.images.write(ctx, s, statics, w)
			res.ImagesMade = opts.images.proc.Made()
			return err
		}},
		{"copy static/", func() error { return writeStatic(statics, assets, w) }},
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step.run(); err != nil {
			return nil, err
		}
		res.clock.lap(step.name)
	}
	res.CardsDrawn = int(opts.cards.drawn.Load())
	// The warnings about bodies, now that the deferred ones are rendered.
	for _, p := range bodyNotices(s) {
		res.Warnings = append(res.Warnings, p.String())
	}
	res.Pages = len(s.Renders) + len(s.Redirects)
	res.Feeds = len(feeds.All(s))
	res.Static = len(statics) + len(s.Assets)
	if !statics[markdown.HighlightCSSPath].own {
		res.Static-- // gen's own, not a static file
	}
	return statics, ctx.Err()
}

// checkPaths refuses a content file that would replace a generated one,
// and a static file that would replace a page, an alias or a content file.
// A static file may replace a generated file or the theme's on purpose.
func checkPaths(s *model.Site, statics map[string]staticFile, generated []generatedFile) error {
	for _, rel := range slices.Sorted(maps.Keys(statics)) {
		if by, ok := s.Owners[rel]; ok {
			return problem.Errorf(problem.URLCollision, "%s would replace %s at the same path: rename one of them", statics[rel].name, by)
		}
	}
	for _, g := range generated {
		if by, ok := s.Owners[g.path]; ok {
			return problem.Errorf(problem.URLCollision, "%s would replace the generated %s: rename it, or put it in %s/ to replace the generated file on purpose", by, g.path, StaticDir)
		}
	}
	return nil
}

func redirects(s *model.Site, r *render.Renderer, w Sink) error {
	for _, rd := range s.Redirects {
		var buf bytes.Buffer
		if err := r.Redirect(&buf, rd); err != nil {
			return err
		}
		if err := w.WriteFile(rd.Path, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// writeGenerated writes the generated files the site does not replace
// with static files of its own.
func writeGenerated(generated []generatedFile, statics map[string]staticFile, w Sink) error {
	// Files kept from the last build are written first, in this goroutine;
	// the others are made in parallel.
	kept, _ := w.(keeper)
	linked, _ := w.(generatedLinker)
	linker, _ := w.(fileLinker)
	var todo []generatedFile
	for _, g := range generated {
		if _, ok := statics[g.path]; ok {
			continue
		}
		if linked != nil && g.key != 0 && linked.KeepGenerated(g.path, g.key) {
			continue
		}
		if kept != nil && g.key != 0 {
			if data, ok := kept.Kept(g.path, g.key); ok {
				if err := w.WriteFile(g.path, data); err != nil {
					return err
				}
				continue
			}
		}
		todo = append(todo, g)
	}
	// The first error is reported and stops the files not yet started:
	// every one of them goes to the same sink.
	g, failed := errgroup.WithContext(context.Background())
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range todo {
		g.Go(func() error {
			if failed.Err() != nil {
				return nil // another file failed
			}
			if linker != nil && f.file != nil {
				return linkGenerated(f, linker, w)
			}
			var buf bytes.Buffer
			if err := f.write(&buf); err != nil {
				return fmt.Errorf("writing %s: %w", f.path, err)
			}
			return w.WriteFile(f.path, buf.Bytes())
		})
	}
	return g.Wait()
}

// copyAssets copies the content files that are not pages, read under the
// same rule as every file of the site (a file may have been replaced by a
// link or a FIFO since content/ was walked).
func copyAssets(ctx context.Context, siteDir string, s *model.Site, w Sink) error {
	keeper, _ := w.(assetKeeper)
	for _, a := range s.Assets {
		if err := ctx.Err(); err != nil {
			return err
		}
		if keeper != nil && keeper.KeepAsset(a.Path, a.File) {
			continue
		}
		data, err := source.ReadFile(siteDir, a.File, content.Dir+"/"+a.Path)
		if err != nil {
			return err
		}
		if err := w.WriteFile(a.Path, data); err != nil {
			return err
		}
	}
	return nil
}

// writeStatic copies the static files, and writes the minified,
// fingerprinted copy of each style sheet and script beside it (a static
// file of the same name wins).
func writeStatic(statics map[string]staticFile, assets map[string]*asset.Asset, w Sink) error {
	for _, rel := range slices.Sorted(maps.Keys(statics)) {
		if err := w.WriteFile(rel, statics[rel].data); err != nil {
			return err
		}
		if a := assets[rel]; a != nil {
			if _, ok := statics[a.OutputPath()]; ok {
				continue
			}
			if err := w.WriteFile(a.OutputPath(), a.Data); err != nil {
				return err
			}
		}
	}
	return nil
}

// makeAssets minifies and fingerprints the style sheets and scripts of
// the site's static/, on every core, adds the theme's it does not replace,
// and warns of those the minifier could not read.
func makeAssets(statics map[string]staticFile, res *Result) (map[string]*asset.Asset, error) {
	theme, err := asset.Theme()
	if err != nil {
		return nil, err
	}
	var names []string
	for rel, f := range statics {
		if asset.Is(rel) && f.own {
			names = append(names, rel)
		}
	}
	slices.Sort(names)
	made := make([]*asset.Asset, len(names))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, rel := range names {
		g.Go(func() error {
			made[i] = asset.Make(rel, statics[rel].data)
			return nil
		})
	}
	g.Wait()
	assets := maps.Clone(theme)
	for i, rel := range names {
		assets[rel] = made[i]
		if made[i].Problem != nil {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %v", statics[rel].name, made[i].Problem))
		}
	}
	return assets, nil
}

// pages renders the HTML pages in parallel.
func pages(ctx context.Context, s *model.Site, r *render.Renderer, w Sink, m memo, clock *stopwatch) (rendered int, err error) {
	errs := make([]error, len(s.Renders))
	r.ForgetPartials()
	defer r.ForgetPartials() // nothing needs them after the pass
	// Markdown left for later is rendered with its page and let go after,
	// unless a feed carries it whole.
	keep := map[*model.Page]bool{}
	if s.Config.Feeds.Content == "full" {
		for _, f := range feeds.All(s) {
			for _, p := range f.Entries {
				keep[p] = true
			}
		}
	}
	// Pages kept from the last build are copied first, in this goroutine;
	// only the others go to the workers. A kept page's Markdown that a
	// feed carries is rendered all the same.
	todo := make([]int, 0, len(s.Renders))
	for i, rd := range s.Renders {
		if m != nil {
			if kept, err := m.Keep(i, w); kept || err != nil {
				if errs[i] = err; err == nil && keep[rd.Page] {
					errs[i] = s.RenderBody(rd.Page)
				}
				continue
			}
		}
		todo = append(todo, i)
	}
	// The preview renders them when they are asked for.
	if d, ok := w.(pageDeferrer); ok && d.DefersPages() {
		for _, i := range todo {
			rd := s.Renders[i]
			if errs[i] = s.RenderBody(rd.Page); errs[i] == nil {
				d.DeferPage(rd, r)
			}
		}
		return len(todo), collapse(errs)
	}
	// Every page's error is kept, not only the first, so that collapse
	// can count the pages a layout error breaks; a cancelled context
	// stops the rendering.
	// A transient Sink gets each page from a buffer that is used again;
	// others get a copy of their own, allocated at its size.
	_, reuseBuffers := w.(transient)
	var pool sync.Pool
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			rd := s.Renders[i]
			start := time.Now()
			if errs[i] = s.RenderBody(rd.Page); errs[i] != nil {
				return nil
			}
			clock.addMarkdown(time.Since(start))
			buf, _ := pool.Get().(*bytes.Buffer)
			if buf == nil {
				buf = new(bytes.Buffer)
			}
			buf.Reset()
			var reads []int32
			if reads, errs[i] = r.Render(buf, rd); errs[i] == nil {
				if m != nil {
					m.Read(i, reads, buf.Bytes())
				}
				data := buf.Bytes()
				if !reuseBuffers {
					data = bytes.Clone(data)
				}
				errs[i] = w.WriteFile(rd.Path, data)
			}
			pool.Put(buf)
			if !keep[rd.Page] {
				s.ReleaseBody(rd.Page)
			}
			return nil
		})
	}
	g.Wait() // errors are kept in errs
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return len(todo), collapse(errs)
}

// collapse reports a layout error that many pages share once, with the
// number of pages.
func collapse(errs []error) error {
	var out []error
	var firsts []*render.Error
	for _, err := range errs {
		var le *render.Error
		if err == nil {
			continue
		}
		if !errors.As(err, &le) {
			out = append(out, err)
			continue
		}
		i := slices.IndexFunc(firsts, le.Same)
		if i < 0 {
			firsts = append(firsts, le)
			out = append(out, err)
			continue
		}
		firsts[i].More++
	}
	return errors.Join(out...)
}

// staticFile is a file copied to the output as it is.
type staticFile struct {
	name string // where it comes from, for messages
	data []byte
	// own is set for the site's own files, from static/.
	own bool
}

// staticFiles reads the theme's static files, the code highlighting
// styles and the site's static/ over them, keyed by output path.
func staticFiles(ctx context.Context, siteDir string) (map[string]staticFile, error) {
	files := map[string]staticFile{}
	err := fs.WalkDir(theme.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		files[strings.TrimPrefix(p, "static/")] = staticFile{name: "the default theme's " + p, data: data}
		return err
	})
	if err != nil {
		return nil, err
	}
	syntax, err := markdown.HighlightCSS()
	if err != nil {
		return nil, err
	}
	files[markdown.HighlightCSSPath] = staticFile{name: "gen's code highlighting styles", data: []byte(syntax)}
	err = source.Walk(siteDir, StaticDir, func(rel, p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || ctx.Err() != nil {
			return cmp.Or(err, ctx.Err())
		}
		data, err := source.ReadFile(siteDir, p, StaticDir+"/"+rel)
		if err != nil {
			return err
		}
		files[rel] = staticFile{StaticDir + "/" + rel, data, true}
		return nil
	})
	return files, err
}

// limit keeps the first MaxErrors problems of a joined error.
func limit(err error) error {
	var all []error
	var flatten func(error)
	flatten = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				flatten(x)
			}
			return
		}
		all = append(all, e)
	}
	flatten(err)
	if len(all) <= MaxErrors {
		return err
	}
	kept := append(all[:MaxErrors:MaxErrors], problem.Errorf(problem.Build, "... and %d more problems", len(all)-MaxErrors))
	return errors.Join(kept...)
}
