package site

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// The preview makes the social cards and icons only when a browser asks
// for one: at 10,000 briefs they are 30,000 images, 700 MB, which would
// take minutes to draw (or read from the cache) before the first page is
// served, and the memory to hold them, for images a preview rarely shows.
// gen build writes them all. A card of the preview is made from the same
// key, by the same code, as gen build's, so it has the same bytes.

// deferrer is a Sink that takes generated files to make on request.
type deferrer interface {
	Defer(g generatedFile)
}

// deferCards gives the files of cc (the cards and icons) and those made
// on request (the preview's search index) that no static file replaces to
// w, when w makes them on request, and returns the others, to write.
func deferCards(generated []generatedFile, statics map[string]staticFile, cc *cardCache, w Sink) []generatedFile {
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

// setLazy makes files the files made on request of the last build.
func (p *Preview) setLazy(files map[string]*lazyFile) {
	p.lazyMu.Lock()
	p.lazy = files
	p.lazyMu.Unlock()
}

// addLazy puts files, those of a patch, among the files made on request
// of the last build, in place: a patch changes a few of 30,000 cards.
// Readers look the map up under lazyMu only.
func (p *Preview) addLazy(files map[string]*lazyFile) {
	p.lazyMu.Lock()
	maps.Copy(p.lazy, files)
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
// asked for (a social card, an icon): ok is false when there is none at
// rel, and err says why one could not be made. It is safe to call during
// a build.
func (p *Preview) File(rel string) (data []byte, ok bool, err error) {
	p.lazyMu.Lock()
	f := p.lazy[rel]
	p.lazyMu.Unlock()
	if f == nil {
		return nil, false, nil
	}
	data, err = f.get(rel)
	return data, err == nil, err
}

// AllFiles returns files, a build's files as Build returns them, with the
// files made on request made and added: the whole output, as gen build
// writes it.
func (p *Preview) AllFiles(files map[string][]byte) (map[string][]byte, error) {
	p.lazyMu.Lock()
	lazy := maps.Clone(p.lazy)
	p.lazyMu.Unlock()
	all := make(map[string][]byte, len(files)+len(lazy))
	maps.Copy(all, files)
	for _, rel := range slices.Sorted(maps.Keys(lazy)) {
		data, err := lazy[rel].get(rel)
		if err != nil {
			return nil, err
		}
		all[rel] = data
	}
	return all, nil
}
