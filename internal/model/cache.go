package model

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
)

// RenderCache keeps rendered Markdown between builds, so that a rebuild
// renders only the bodies that changed. An entry is used again only when
// the body is byte-identical and every link in it resolves as before, so a
// cached build equals a fresh one. It is safe for concurrent use.
type RenderCache struct {
	// entries maps content paths to *cacheEntry; it is read by every
	// render of a build, in parallel, and written by few.
	entries sync.Map
	mu      sync.Mutex
	hashes  map[*content.Page]pageHashes
	version atomic.Uint64

	// relatedSig and ranked are the last build's ranking of related
	// briefs: content paths of the ranked (not named) ones, by brief.
	relatedSig uint64
	ranked     map[string][]string
}

// KeyPointCache keeps key points rendered as inline Markdown between
// builds, by their text, each with the last build that used it: a build
// renders only key points the last one did not have, and what the last
// build did not use is let go. A cache must be used only with gen.toml's
// Markdown settings it was made with. It is safe for concurrent use.
type KeyPointCache struct {
	mu     sync.Mutex
	points map[string]*keyPoint
	builds uint32
}

// keyPoint is a key point rendered (markdown.Inline), with the last
// build that used it.
type keyPoint struct {
	html, text string
	build      uint32
}

// NewKeyPointCache returns an empty cache.
func NewKeyPointCache() *KeyPointCache {
	return &KeyPointCache{points: map[string]*keyPoint{}}
}

// KeyPoint is a key point's text and its render, as kept on disk.
type KeyPoint struct{ Src, HTML, Text string }

// Add keeps points, rendered before (by a build of the same settings),
// for the next build.
func (c *KeyPointCache) Add(points ...KeyPoint) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range points {
		c.points[k.Src] = &keyPoint{k.HTML, k.Text, c.builds}
	}
}

// Used returns the key points the last build used, in order.
func (c *KeyPointCache) Used() []KeyPoint {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []KeyPoint
	for src, k := range c.points {
		if k.build == c.builds {
			out = append(out, KeyPoint{src, k.html, k.text})
		}
	}
	slices.SortFunc(out, func(a, b KeyPoint) int { return strings.Compare(a.Src, b.Src) })
	return out
}

// startBuild begins a build's use of the cache.
func (c *KeyPointCache) startBuild() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for src, k := range c.points {
		if k.build != c.builds {
			delete(c.points, src)
		}
	}
	c.builds++
}

// render renders src with md, or gives the render of the same text kept
// from this build or the last.
func (c *KeyPointCache) render(md *markdown.Renderer, src string) (html, text string, err error) {
	if c == nil {
		return md.Inline(src)
	}
	c.mu.Lock()
	k := c.points[src]
	if k != nil {
		k.build = c.builds
	}
	c.mu.Unlock()
	if k != nil {
		return k.html, k.text, nil
	}
	html, text, err = md.Inline(src)
	if err != nil {
		return html, text, err // a render that ran out of time may not next time
	}
	c.mu.Lock()
	c.points[src] = &keyPoint{html, text, c.builds}
	c.mu.Unlock()
	return html, text, nil
}

// related returns the kept ranking of related briefs when sig matches.
func (c *RenderCache) related(sig uint64) map[string][]string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ranked == nil || c.relatedSig != sig {
		return nil
	}
	return c.ranked
}

// keepRelated stores a build's ranking of related briefs.
func (c *RenderCache) keepRelated(sig uint64, ranked map[string][]string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.relatedSig, c.ranked = sig, ranked
	c.mu.Unlock()
}

// NewRenderCache returns an empty cache.
func NewRenderCache() *RenderCache {
	return &RenderCache{}
}

// cacheEntry is one rendered body and what it depended on.
type cacheEntry struct {
	// src is the content file read; the same file read again is another.
	src   *content.Page
	body  []byte
	take  bool
	links []linkCall
	res   *markdown.Result
	// version changes whenever the body is rendered again.
	version uint64
	// world is the linkWorld its links were last checked in.
	world uint64
	// pictures is set when it shows images as pictures, whose markup
	// changes with the images' bytes: its links are always checked again.
	pictures bool
	// summary is the joined key points of the file summaryOf.
	summary   string
	summaryOf *content.Page
}

// linkCall is one resolution a render asked for, and its answer.
type linkCall struct {
	dest, url, err string
}

// lookup returns a cached render of body that is still valid under links.
func (c *RenderCache) lookup(src *content.Page, take bool, links markdown.LinkResolver, world uint64) (*cacheEntry, bool) {
	if c == nil {
		return nil, false
	}
	v, _ := c.entries.Load(src.Path)
	e, _ := v.(*cacheEntry)
	if e == nil || e.take != take || e.src != src && !bytes.Equal(e.body, src.Body) {
		return nil, false
	}
	// A body's pictures name its images' bytes, which the world does not
	// cover: they are asked for again.
	if e.world == world && !e.pictures {
		return e, true
	}
	for _, call := range e.links {
		url, err := links.ResolveLink(call.dest)
		if url != call.url || errString(err) != call.err {
			return nil, false
		}
	}
	return e, true
}

// store records a fresh render and returns its entry.
func (c *RenderCache) store(src *content.Page, take bool, calls []linkCall, res *markdown.Result) *cacheEntry {
	e := &cacheEntry{src: src, body: src.Body, take: take, links: calls, res: res}
	for _, call := range calls {
		e.pictures = e.pictures || strings.HasPrefix(call.dest, markdown.PictureLink)
	}
	if c == nil {
		return e
	}
	e.version = c.version.Add(1)
	c.entries.Store(src.Path, e)
	return e
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// recorder is a LinkResolver that remembers the calls made to another.
type recorder struct {
	inner markdown.LinkResolver
	calls []linkCall
}

func (r *recorder) ResolveLink(dest string) (string, error) {
	url, err := r.inner.ResolveLink(dest)
	r.calls = append(r.calls, linkCall{dest, url, errString(err)})
	return url, err
}
