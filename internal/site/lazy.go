package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/render"
	"golang.org/x/sync/errgroup"
)

// The preview makes the social cards and icons only when a browser asks
// for one: at 10,000 briefs they are 30,000 images, 700 MB, which would
// take minutes to draw (or read from the cache) before the first page is
// served, and the memory to hold them, for images a preview rarely shows.
// gen build writes them all. A card of the preview is made from the same
// key, by the same code, as gen build's, so it has the same bytes. So is
// the search index, which a title edit would otherwise make again.

// deferrer is a Sink that takes generated files to make on request.
type deferrer interface {
	Defer(g generatedFile)
}

// deferOnRequest gives the files of cc (the cards and icons) and those
// made on request (the preview's search index) that no static file
// replaces to w, when w makes them on request, and returns the others, to
// write.
func deferOnRequest(generated []generatedFile, statics map[string]staticFile, cc *cardCache, w Sink) []generatedFile {
	d, ok := w.(deferrer)
	if !ok || cc == nil {
		return generated
	}
	var rest []generatedFile
	for _, g := range generated {
		if _, card := cc.keys[g.path]; card || g.onRequest {
			if _, replaced := statics[g.path]; !replaced {
				d.Defer(g)
				continue
			}
		}
		rest = append(rest, g)
	}
	return rest
}

// lazyFile is a generated file made the first time it is asked for.
type lazyFile struct {
	key  uint64
	make func(*bytes.Buffer) error
	// model, when not nil, is held for reading while the file is made
	// from the model, which a preview's build holds for writing.
	model *sync.RWMutex
	once  sync.Once
	data  []byte
	err   error
}

// get makes the file once and returns it.
func (f *lazyFile) get(path string) ([]byte, error) {
	f.once.Do(func() {
		if f.model != nil {
			f.model.RLock()
			defer f.model.RUnlock()
		}
		var buf bytes.Buffer
		if f.err = f.make(&buf); f.err != nil {
			f.err = fmt.Errorf("making %s: %w", path, f.err)
		}
		f.data = buf.Bytes()
	})
	return f.data, f.err
}

// Defer keeps g to make on request, or the last build's file of the same
// key, made or not.
func (s *previewSink) Defer(g generatedFile) {
	if old, ok := s.oldLazy[g.path]; ok && g.key != 0 && old.key == g.key {
		s.lazy[g.path] = old
		return
	}
	f := &lazyFile{key: g.key, make: g.write}
	if g.onRequest {
		f.model = s.model
	}
	s.lazy[g.path] = f
}

// setLazy makes files and pending the files made on request and the
// pages to render of the last build.
func (p *Preview) setLazy(files map[string]*lazyFile, pending map[string]*pendingPage) {
	p.lazyMu.Lock()
	p.lazy, p.pending = files, pending
	p.lazyMu.Unlock()
}

// addLazy puts files, those of a patch, among the files made on request
// of the last build, in place: a patch changes a few of 30,000 cards.
// Readers look the map up under lazyMu only. pending are the pages of the
// patch to render.
func (p *Preview) addLazy(files map[string]*lazyFile, pending map[string]*pendingPage) {
	p.lazyMu.Lock()
	maps.Copy(p.lazy, files)
	p.pending = pending
	p.lazyMu.Unlock()
}

// lazyFiles returns the files made on request of the last build, to read
// between builds only: addLazy changes the map.
func (p *Preview) lazyFiles() map[string]*lazyFile {
	p.lazyMu.Lock()
	defer p.lazyMu.Unlock()
	return p.lazy
}

// File returns a file of the last good build that is made only when it is
// asked for (a page not rendered yet, a social card, an icon, the search
// index): ok is false when there is none at rel, and err says why one
// could not be made. A page that fails to render gives the error with the
// page of the build before, when there is one. It is safe to call during
// a build.
func (p *Preview) File(rel string) (data []byte, ok bool, err error) {
	p.lazyMu.Lock()
	f, pg := p.lazy[rel], p.pending[rel]
	p.lazyMu.Unlock()
	switch {
	case pg != nil:
		if data, err = p.render(pg); errors.Is(err, errSuperseded) {
			return p.File(rel) // asked for while a build replaced it
		}
		if err != nil {
			return pg.last, pg.last != nil, err
		}
	case f != nil:
		data, err = f.get(rel)
	default:
		return nil, false, nil
	}
	return data, err == nil, err
}

// AllFiles returns files, a build's files as Build returns them, with the
// pages and files made on request made and added: the whole output, as
// gen build writes it. It stops when ctx is done.
func (p *Preview) AllFiles(ctx context.Context, files map[string][]byte) (map[string][]byte, error) {
	if err := p.Complete(ctx); err != nil {
		return nil, err
	}
	p.lazyMu.Lock()
	lazy := maps.Clone(p.lazy)
	pending := maps.Clone(p.pending)
	p.lazyMu.Unlock()
	all := make(map[string][]byte, len(files)+len(lazy)+len(pending))
	maps.Copy(all, files)
	for rel, pg := range pending {
		all[rel] = pg.data
	}
	for _, rel := range slices.Sorted(maps.Keys(lazy)) {
		data, err := lazy[rel].get(rel)
		if err != nil {
			return nil, err
		}
		all[rel] = data
	}
	return all, nil
}

// The preview executes the layouts of a page whose reads changed only
// when a browser asks for it, or when the build is completed (Complete,
// which gen serve runs after sending the reload): a new brief moves a
// thousand pager pages of a 10,000-brief site, and a layout edit every
// page, while the tab open shows one. A page's bytes are kept by the next
// build only once rendered, with what it read.

// pageDeferrer is a Sink that takes pages to render on request, from one
// goroutine, when DefersPages says so.
type pageDeferrer interface {
	DefersPages() bool
	DeferPage(rd model.Render, r *render.Renderer)
}

// pendingPage is a page of a build rendered the first time it is asked
// for.
type pendingPage struct {
	rd model.Render
	r  *render.Renderer
	// last is the page of the build before, served while it fails to
	// render.
	last []byte
	once sync.Once
	data []byte
	err  error
	// done is set once it is rendered; reads are what it read, in the
	// numbers of its build's deps.
	done  bool
	reads []int32
}

// DefersPages reports whether the build leaves pages to render on request.
func (s *previewSink) DefersPages() bool { return !s.eager }

// DeferPage keeps the page rd to render on request with r.
func (s *previewSink) DeferPage(rd model.Render, r *render.Renderer) {
	s.pending[rd.Path] = &pendingPage{rd: rd, r: r, last: s.old[rd.Path]}
}

// errSuperseded is the render of a page whose build was replaced before
// the page was rendered: the newer build's page is the one to render.
var errSuperseded = errors.New("the page's build was replaced")

// render executes the layouts of pg once, holding the model for reading
// (a patch changes it in place); a page of a build replaced meanwhile is
// not rendered (errSuperseded).
func (p *Preview) render(pg *pendingPage) ([]byte, error) {
	pg.once.Do(func() {
		p.modelMu.RLock()
		defer p.modelMu.RUnlock()
		p.lazyMu.Lock()
		current := p.pending[pg.rd.Path] == pg
		p.lazyMu.Unlock()
		if !current {
			pg.err = errSuperseded
			return
		}
		var buf bytes.Buffer
		reads, err := pg.r.Render(&buf, pg.rd)
		p.lazyMu.Lock()
		pg.data, pg.err, pg.reads, pg.done = buf.Bytes(), err, reads, true
		p.lazyMu.Unlock()
	})
	return pg.data, pg.err
}

// Complete renders the pages of the last build not rendered yet, on every
// core, in the order of their paths, and returns their errors, each layout
// error once with the number of pages it broke. It stops when ctx is done.
func (p *Preview) Complete(ctx context.Context) error {
	p.lazyMu.Lock()
	pending := make([]*pendingPage, 0, len(p.pending))
	for _, path := range slices.Sorted(maps.Keys(p.pending)) {
		pending = append(pending, p.pending[path])
	}
	p.lazyMu.Unlock()
	errs := make([]error, len(pending))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, pg := range pending {
		g.Go(func() error {
			if ctx.Err() == nil {
				if _, errs[i] = p.render(pg); errors.Is(errs[i], errSuperseded) {
					errs[i] = nil // a newer build's Complete renders it
				}
			}
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return collapse(errs)
}

// foldPending moves the pages of the last build rendered since into its
// files (a new map: the server holds the old one), with what they read;
// the others stay unknown, to render again. The caller holds modelMu.
func (p *Preview) foldPending() {
	p.lazyMu.Lock()
	defer p.lazyMu.Unlock()
	cloned := false
	for path, pg := range p.pending {
		if !pg.done || pg.err != nil {
			continue
		}
		if !cloned {
			p.files, cloned = maps.Clone(p.files), true
			if p.files == nil {
				p.files = map[string][]byte{}
			}
		}
		p.files[path] = pg.data
		if p.reads != nil {
			p.reads[path] = pg.reads
		}
	}
}
