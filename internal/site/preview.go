package site

import (
	"bytes"
	"context"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gen-briefs/gen/internal/asset"
	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/render"
	"github.com/gen-briefs/gen/internal/search"
)

// Preview builds one site into memory again and again, doing only the work
// a change needs. Each page's render records what its layouts read of the
// site (render.Renderer.Render), and a page is rendered again only when
// one of those things changed (model.Deps). An edit to what pages show
// updates the last build in place (patch). Other changes re-read only the
// changed content files and render only the Markdown bodies whose text or
// links changed. A change to gen.toml or a layout renders every page
// again. The pages to render are rendered when asked for (File) or by
// Complete; the whole output (AllFiles) always equals a fresh BuildTo of
// the same files.
type Preview struct {
	opts Options

	tree      *content.Tree
	cache     *model.RenderCache
	keyPoints *model.KeyPointCache
	files     map[string][]byte
	keys      map[string]uint64
	// deps are what the last build's layouts could read, and reads what
	// each of its pages read, by output path (nil: not known).
	deps  *model.Deps
	reads map[string][]int32

	// The last build, which an edit to what pages show updates in place.
	site    *model.Site
	r       *render.Renderer
	statics map[string]staticFile
	res     Result
	now     time.Time

	// lazy holds the files of the last build made only when asked for
	// (the social cards and icons, the search index), by output path.
	lazyMu sync.Mutex
	lazy   map[string]*lazyFile
	// pending holds the pages of the last good build not rendered when
	// it ended, by output path (see pendingPage).
	pending map[string]*pendingPage
	// modelMu is held by a build, which may change the last build's model
	// in place (patch), and for reading by the making of a file on
	// request that reads it.
	modelMu sync.RWMutex
}

// NewPreview returns a Preview of the site opts describe;
// opts.Destination is not used.
func NewPreview(opts Options) *Preview {
	opts.searchMemo = search.NewMemo()
	opts.keepImages = true
	return &Preview{opts: opts}
}

// Build rebuilds the site after changes to the given paths (relative to the
// site root, slash-separated: "content/briefs/aws.md"); nil means anything
// may have changed. It returns the files of the new build by output path,
// but for the pages it leaves to render (Result.Pending). After a failed
// build the next one starts afresh.
func (p *Preview) Build(ctx context.Context, changed []string) (map[string][]byte, *Result, error) {
	start := time.Now()
	p.modelMu.Lock()
	defer p.modelMu.Unlock()
	p.foldPending()
	files, res, err := p.build(ctx, changed, start)
	if err != nil {
		p.tree, p.files, p.deps, p.reads, p.keys, p.site = nil, nil, nil, nil, nil, nil
		return nil, nil, err
	}
	res.Duration = time.Since(start)
	return files, res, nil
}

func (p *Preview) build(ctx context.Context, changed []string, start time.Time) (map[string][]byte, *Result, error) {
	opts := p.opts
	opts.Now = start
	opts.cards = newCardCache(opts, true)
	kinds := classify(changed)
	if files, res, ok, err := p.patch(ctx, kinds, start); ok || err != nil {
		return files, res, err
	}

	cfg, err := loadConfig(&opts)
	if err != nil {
		return nil, nil, err
	}
	// Everything is built afresh the first time, after a failure, and when
	// gen.toml (which can change every date and every page) changes.
	fresh := p.tree == nil || changed == nil || kinds.other
	if fresh {
		p.cache, p.keyPoints = model.NewRenderCache(), model.NewKeyPointCache()
	}
	opts.keyPoints = p.keyPoints
	tree, loadErr := p.loadContent(ctx, cfg, kinds.content, fresh)
	if tree == nil {
		return nil, nil, loadErr
	}
	s, r, err := assemble(&opts, cfg, tree, loadErr, p.cache, false)
	if err != nil {
		return nil, nil, limit(err)
	}

	deps := s.Deps(p.cache, nil)
	if err := r.Record(deps); err != nil {
		return nil, nil, err
	}
	m := &previewMemo{s: s, reads: make([][]int32, len(s.Renders))}
	if !fresh && !kinds.layout && p.deps != nil {
		m.old, m.oldReads, m.moved = p.files, p.reads, deps.Moved(p.deps)
	}
	changedSet := map[string]bool{}
	for _, c := range kinds.content {
		changedSet[c] = true
	}
	sink := &previewSink{mem: output.NewMemory(), old: p.files, root: filepath.Join(opts.SiteDir, content.Dir), changed: changedSet, fresh: fresh,
		oldKeys: p.keys, keys: map[string]uint64{}, oldLazy: p.lazyFiles(), lazy: map[string]*lazyFile{}, model: &p.modelMu,
		pending: map[string]*pendingPage{}, eager: kinds.restyle}
	res := newResult(s, "")
	statics, err := write(ctx, opts, s, r, sink, m, res)
	if err != nil {
		return nil, nil, limit(err)
	}
	p.site, p.r, p.statics, p.res, p.now = s, r, statics, *res, start
	p.tree = tree
	p.files = sink.mem.Files()
	p.keys = sink.keys
	p.setLazy(sink.lazy, sink.pending)
	p.deps, p.reads = deps, make(map[string][]int32, len(s.Renders))
	for i, rd := range s.Renders {
		p.reads[rd.Path] = m.reads[i]
	}
	res.Pending = slices.Sorted(maps.Keys(sink.pending))
	return p.files, res, nil
}

// previewMemo keeps the pages of the last build that read nothing that
// changed since, and learns what the others read.
type previewMemo struct {
	s *model.Site
	// old and oldReads are the last build's files and reads by output
	// path, and moved maps its deps to this build's (see moved); all nil
	// when nothing can be kept.
	old      map[string][]byte
	oldReads map[string][]int32
	moved    []int32
	// reads are this build's, by render.
	reads [][]int32
}

// Keep writes the last build's bytes of a page whose reads did not change
// into w.
func (m *previewMemo) Keep(i int, w Sink) (bool, error) {
	path := m.s.Renders[i].Path
	data, ok := m.old[path]
	was := m.oldReads[path]
	if !ok || was == nil {
		return false, nil
	}
	reads, ok := renumber(was, m.moved)
	if !ok {
		return false, nil
	}
	m.reads[i] = reads
	return true, w.WriteFile(path, data)
}

// Read keeps what the i-th render read.
func (m *previewMemo) Read(i int, reads []int32, _ []byte) { m.reads[i] = reads }

// renumber gives the reads of a page of the last build in this build's
// numbers (moved, from model.Deps.Moved); ok is false when one of them
// changed or is gone.
func renumber(reads, moved []int32) (_ []int32, ok bool) {
	out := make([]int32, len(reads))
	for k, id := range reads {
		if out[k] = moved[id]; out[k] < 0 {
			return nil, false
		}
	}
	return out, true
}

// patch applies a batch that changed only what existing pages show (their
// Markdown, and frontmatter such as the title or key points: see
// model.Site.UpdatePages) to the last build: it renders those pages'
// Markdown, executes the layouts of the pages that can show them, makes
// again the feeds and search index files whose entries changed, and keeps
// every other file. ok is false when the batch needs a build; after an
// error the next build starts afresh.
func (p *Preview) patch(ctx context.Context, kinds changeKinds, now time.Time) (files map[string][]byte, res *Result, ok bool, err error) {
	if p.site == nil || kinds.layout || kinds.other || kinds.static || len(kinds.content) == 0 {
		return nil, nil, false, nil
	}
	for _, rel := range kinds.content {
		if !content.IsMarkdown(rel) {
			return nil, nil, false, nil // an asset
		}
	}
	// A brief whose date has come since the last build loses its
	// "scheduled" banner: that takes a build.
	for _, b := range p.site.Briefs {
		if b.Date.After(p.now) && !b.Date.After(now) {
			return nil, nil, false, nil
		}
	}
	tree, loadErr, ok := p.tree.Update(kinds.content)
	if !ok || loadErr != nil {
		return nil, nil, false, nil
	}
	read := make([]*content.Page, 0, len(kinds.content))
	for _, cp := range tree.Pages {
		if slices.Contains(kinds.content, cp.Path) {
			read = append(read, cp)
		}
	}
	if len(read) != len(kinds.content) {
		return nil, nil, false, nil // a file was removed or failed to read
	}
	s := p.site
	// A new lead image has copies to write, and the old one's to drop;
	// so may a body that shows or showed an image.
	for _, cp := range read {
		pg := s.Page(cp.Path)
		if pg != nil && pg.Source != nil && pg.Source.Meta.Image != cp.Meta.Image || pg != nil && showsPictures(s, pg) {
			return nil, nil, false, nil
		}
		if body, err := cp.ReadBody(); err != nil || bytes.Contains(body, []byte("![")) {
			return nil, nil, false, nil
		}
	}
	// What the search index holds of the pages, to tell whether it changed.
	indexed := func(pg *model.Page) string { return pg.Title + "\x00" + strings.Join(pg.KeyPoints, "\x00") }
	before := map[string]string{}
	for _, cp := range read {
		if pg := s.Page(cp.Path); pg != nil {
			before[cp.Path] = indexed(pg)
		}
	}
	pages, ok, err := s.UpdatePages(read)
	if !ok || err != nil {
		return nil, nil, ok, limit(err)
	}
	reindex := false
	for _, pg := range pages {
		reindex = reindex || before[pg.Source.Path] != indexed(pg)
	}

	sink := &previewSink{mem: output.NewMemoryFrom(p.files), old: p.files, keys: map[string]uint64{}, oldKeys: p.keys,
		oldLazy: p.lazyFiles(), lazy: map[string]*lazyFile{}, model: &p.modelMu, pending: map[string]*pendingPage{}}
	todo := p.readers(s.Refresh(p.deps, pages))
	p.r.ForgetPartials() // cards of the changed pages were kept
	for _, i := range todo {
		rd := s.Renders[i]
		sink.DeferPage(rd, p.r)
		sink.mem.Remove(rd.Path)
		p.reads[rd.Path] = nil
	}
	// Of the generated files, feeds show the pages' titles and summaries
	// (each feed is made again when those of its entries changed), the
	// search index their titles and key points, and the news sitemap the
	// latest briefs' titles. The others are kept.
	opts := p.opts
	opts.Now = p.now
	// Cards show the briefs' titles: those of the changed briefs are
	// listed again, and each is made again when what it shows changed.
	cc := newCardCache(opts, true)
	cards, err := cardFiles(s, opts, cc, pages)
	if err != nil {
		return nil, nil, true, err
	}
	generated := slices.Concat(feedFiles(s), newsSitemapFile(s, opts), cards)
	if reindex {
		generated = append(generated, searchFiles(s, opts.searchMemo)...)
	}
	if err := writeGenerated(deferOnRequest(generated, p.statics, cc, sink), p.statics, sink); err != nil {
		return nil, nil, true, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, true, err
	}
	p.tree, p.files, p.keys = tree, sink.mem.Files(), sink.keys
	p.addLazy(sink.lazy, sink.pending) // the cards of the briefs not changed are kept
	res = new(Result)
	*res = p.res
	res.Rendered, res.Warnings = len(todo), slices.Clone(p.res.Warnings)
	res.Pending = slices.Sorted(maps.Keys(sink.pending))
	return p.files, res, true, nil
}

// readers returns the indexes in the last build's renders of the pages
// that read any of the things numbered changed, or whose reads are not
// known.
func (p *Preview) readers(changed []int32) []int {
	hit := make([]bool, len(p.deps.Keys))
	for _, id := range changed {
		hit[id] = true
	}
	var out []int
	for i, rd := range p.site.Renders {
		reads := p.reads[rd.Path]
		if reads == nil || slices.ContainsFunc(reads, func(id int32) bool { return hit[id] }) {
			out = append(out, i)
		}
	}
	return out
}

// loadContent reads content/ again, or only its changed files.
func (p *Preview) loadContent(ctx context.Context, cfg *config.Config, changed []string, fresh bool) (*content.Tree, error) {
	if !fresh {
		if len(changed) == 0 {
			return p.tree, nil // a tree kept from a good build has no errors
		}
		if tree, err, ok := p.tree.Update(changed); ok {
			return tree, err
		}
	}
	return content.Load(ctx, p.opts.SiteDir, cfg.Location, cfg.TermKeys()...)
}

// changeKinds sorts a batch of changed paths.
type changeKinds struct {
	// content holds the changed paths under content/, relative to it.
	content []string
	// layout is set when a layout changed, static when a static file did,
	// other when anything else did (gen.toml, or a path gen does not know).
	layout, static, other bool
	// restyle is set when a style sheet or script of static/ changed: the
	// pages are rendered before the build ends, so that the tabs can swap
	// a renamed style sheet in place rather than reload.
	restyle bool
}

func classify(changed []string) changeKinds {
	var k changeKinds
	for _, c := range changed {
		first, rest, _ := strings.Cut(c, "/")
		switch first {
		case content.Dir:
			if rest == "" {
				k.other = true // content/ itself was replaced
			} else {
				k.content = append(k.content, rest)
			}
		case render.LayoutsDir:
			k.layout = true
		case StaticDir:
			k.static = true // static files are read again on every build
			// Pages link a style sheet or script by a hash of its bytes
			// (and a folder may hold some).
			k.restyle = k.restyle || asset.Is(rest) || path.Ext(rest) == ""
			k.layout = k.layout || k.restyle
		default:
			k.other = true
		}
	}
	return k
}

// previewSink is the preview's memory output: a content file copied into
// the output is read again only when it changed.
type previewSink struct {
	mem     *output.Memory
	old     map[string][]byte
	root    string
	changed map[string]bool
	fresh   bool
	// oldKeys and keys are the keys of the generated files of the last
	// build and of this one.
	oldKeys, keys map[string]uint64
	// oldLazy and lazy are the files made on request of the last build
	// and of this one, and model the lock of the model they read.
	oldLazy, lazy map[string]*lazyFile
	model         *sync.RWMutex
	// pending holds the pages of this build to render on request; with
	// eager set, every page is rendered before the build ends.
	pending map[string]*pendingPage
	eager   bool
}

// Kept gives back the last build's generated file at path when it was made
// from the same key, and records the key for the next build.
func (s *previewSink) Kept(path string, key uint64) ([]byte, bool) {
	s.keys[path] = key
	data, ok := s.old[path]
	return data, ok && !s.fresh && s.oldKeys[path] == key
}

func (s *previewSink) WriteFile(rel string, data []byte) error { return s.mem.WriteFile(rel, data) }

// KeepAsset keeps the last build's copy of the content file src at rel
// when the file has not changed since.
func (s *previewSink) KeepAsset(rel, src string) bool {
	data, ok := s.old[rel]
	if !ok || s.fresh || s.touched(src) {
		return false
	}
	return s.mem.WriteFile(rel, data) == nil
}

// touched reports whether the file at src is among the changed content.
func (s *previewSink) touched(src string) bool {
	rel, err := filepath.Rel(s.root, src)
	return err != nil || s.changed[filepath.ToSlash(rel)]
}

// showsPictures reports whether the body of pg, as last rendered, shows an
// image as a picture.
func showsPictures(s *model.Site, pg *model.Page) bool {
	return slices.ContainsFunc(s.BodyLinks(pg), func(dest string) bool { return strings.HasPrefix(dest, markdown.PictureLink) })
}
