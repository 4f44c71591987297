package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
)

// CacheDir is the default folder of the build cache, under the site root.
const CacheDir = ".gen/cache"

// cacheFormat changes whenever what the cache holds changes meaning.
const cacheFormat = 4

// buildCache is what a build keeps for the next build into the same
// destination: what each page read of the site and the versions of those
// things then, and the file each page left in the destination. A page
// whose reads all have the same versions is carried over from the
// destination as it is, instead of being rendered again.
type buildCache struct {
	Format int
	// Setup is inputDigest.setup: gen itself, gen.toml, the layouts and
	// the options. A cache of another setup is not used.
	Setup string
	// Keys and Versions are the build's model.Deps.
	Keys     []string
	Versions []uint64
	// Pages holds each rendered page by output path.
	Pages map[string]cachedPage
	// Bodies holds, by content path, what the Markdown of each page whose
	// body was rendered later depended on.
	Bodies map[string]cachedBody
	// KeyPoints holds the key points the build rendered, by their text.
	KeyPoints []model.KeyPoint
}

// cachedPage is one page of the last build.
type cachedPage struct {
	// Reads are numbers in Keys; nil when not known.
	Reads []int32
	// File is the page's file in the destination as the build left it,
	// and Sum the CRC-64 of its bytes.
	File output.FileStat
	Sum  uint64
}

// crcTable is the table of the pages' CRC-64.
var crcTable = crc64.MakeTable(crc64.ECMA)

// cachedBody is what a body's render depended on: its file's digest and
// the link destinations in it (model.Site.BodyLinks).
type cachedBody struct {
	Digest string
	Links  []string
}

// cachePath is the file of the build cache for opts.Destination: one file
// per destination, since pages are carried over from it.
func cachePath(opts Options) (string, error) {
	dest, err := filepath.Abs(opts.Destination)
	if err != nil {
		return "", err
	}
	dir := opts.CacheDir
	if dir == "" {
		dir = filepath.Join(opts.SiteDir, CacheDir)
	}
	sum := sha256.Sum256([]byte(dest))
	return filepath.Join(dir, "build-"+hex.EncodeToString(sum[:6])+".bin"), nil
}

// readCache reads the build cache for opts, or returns nil and the reason
// it cannot be used: the build is then a full one.
func readCache(opts Options, in *inputDigest) (*buildCache, string) {
	p, err := cachePath(opts)
	if err != nil {
		return nil, err.Error()
	}
	data, err := readCacheFile(p)
	if err != nil {
		return nil, err.Error()
	}
	c, err := decodeBuildCache(data)
	if err != nil {
		return nil, fmt.Sprintf("%s cannot be read (%v)", p, err)
	}
	switch {
	case c.Format != cacheFormat:
		return nil, "made by another version of gen"
	case c.Setup != in.setup:
		return nil, "gen, gen.toml, the layouts or the options changed"
	case len(c.Keys) != len(c.Versions):
		return nil, fmt.Sprintf("%s is damaged", p)
	}
	for _, pg := range c.Pages {
		for _, id := range pg.Reads {
			if id < 0 || int(id) >= len(c.Keys) {
				return nil, fmt.Sprintf("%s is damaged", p)
			}
		}
	}
	return c, ""
}

// writeCache writes the cache atomically: a build that stops half-way
// leaves the last cache, or none. When it cannot, it removes the last
// cache, which no longer describes the output.
func writeCache(opts Options, c *buildCache) error {
	p, err := cachePath(opts)
	if err != nil {
		return err
	}
	err = writeCacheFile(p, c.encode())
	if err != nil {
		os.Remove(p)
	}
	return err
}

// bodyVersions versions the bodies of the pages whose Markdown is rendered
// later (model.Site.Deps): a body renders the same when its file and the
// resolution of each of its links are the same.
type bodyVersions struct {
	s      *model.Site
	in     *inputDigest
	bodies map[string]cachedBody
}

// version is the version of the body of p: its file's digest and, when
// it was rendered, in this build or the last, each link in it and what
// the link resolves to now; a body not rendered since its file changed
// has a version of its own.
func (b *bodyVersions) version(p *model.Page) uint64 {
	digest, ok := b.in.files[content.Dir+"/"+p.Source.Path]
	if !ok {
		// Not hashed: a version no other build has.
		return rand.Uint64()
	}
	links := b.s.BodyLinks(p)
	if links == nil {
		rec, ok := b.bodies[p.Source.Path]
		if !ok || rec.Digest != digest {
			return model.HashStrings("not rendered", digest)
		}
		links = rec.Links
	}
	parts := []string{"rendered", digest}
	for _, dest := range links {
		url, err := b.s.ResolveLink(p, dest)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		parts = append(parts, dest, url, msg)
	}
	return model.HashStrings(parts...)
}

// cacheMemo carries over the pages of the last build whose reads did not
// change, from the destination, and learns what the others read.
type cacheMemo struct {
	s     *model.Site
	old   *buildCache
	moved []int32
	// why is the output path whose fate to explain (Options.Why), and
	// reason the explanation.
	why, reason string
	// reads and sums are what each render read and the CRC-64 of its page.
	reads [][]int32
	sums  []uint64
}

// fileKeeper is a Sink that carries a file of the current output over
// (output.Writer).
type fileKeeper interface {
	Keep(rel string, want output.FileStat, same func([]byte) bool) (bool, error)
}

// Keep links the last build's file of a page whose reads did not change
// from the destination into w, an output.Writer.
func (m *cacheMemo) Keep(i int, w Sink) (bool, error) {
	path := m.s.Renders[i].Path
	kept, reason, err := m.keep(i, path, w.(fileKeeper))
	if path == m.why {
		m.reason = reason
	}
	return kept, err
}

// keep is Keep, which also says why a page was rendered or not.
func (m *cacheMemo) keep(i int, path string, w fileKeeper) (kept bool, reason string, err error) {
	if m.old == nil {
		return false, "there was no build cache to use", nil
	}
	pg, ok := m.old.Pages[path]
	switch {
	case m.old.Pages == nil:
		return false, "the last build did not record what pages read (it had no build cache to use)", nil
	case !ok:
		return false, "the last build made no page at " + path, nil
	case pg.Reads == nil:
		return false, "what its layouts read was not recorded (its recorded run failed, and it ran again as written)", nil
	}
	reads, ok := renumber(pg.Reads, m.moved)
	if !ok {
		var changed []string
		for _, id := range pg.Reads {
			if m.moved[id] < 0 {
				changed = append(changed, model.DescribeKey(m.old.Keys[id]))
			}
		}
		return false, "it read what changed since the last build: " + strings.Join(changed, "; "), nil
	}
	kept, err = w.Keep(path, pg.File, func(data []byte) bool { return crc64.Checksum(data, crcTable) == pg.Sum })
	if !kept {
		return false, "its file in the output folder is gone or was changed since the last build", err
	}
	m.reads[i], m.sums[i] = reads, pg.Sum
	return true, "it was carried over: nothing it read changed since the last build", err
}

// Read keeps what the i-th render read and the CRC-64 of its page.
func (m *cacheMemo) Read(i int, reads []int32, page []byte) {
	m.reads[i], m.sums[i] = reads, crc64.Checksum(page, crcTable)
}

// newCache is the cache of a build whose output w is about to commit:
// deps are its versions, m what it kept and rendered.
func newCache(s *model.Site, in *inputDigest, deps *model.Deps, m *cacheMemo, w *output.Writer) (*buildCache, error) {
	c := &buildCache{Format: cacheFormat, Setup: in.setup, Keys: deps.Keys, Versions: deps.Versions,
		Pages: make(map[string]cachedPage, len(s.Renders)), Bodies: map[string]cachedBody{}}
	for i, rd := range s.Renders {
		st, err := w.StatStaged(rd.Path)
		if err != nil {
			return nil, err
		}
		c.Pages[rd.Path] = cachedPage{Reads: m.reads[i], File: st, Sum: m.sums[i]}
	}
	for _, p := range s.Deferred() {
		path := p.Source.Path
		if links := s.BodyLinks(p); links != nil {
			c.Bodies[path] = cachedBody{Digest: in.files[content.Dir+"/"+path], Links: links}
		} else if m.old != nil {
			if rec, ok := m.old.Bodies[path]; ok && rec.Digest == in.files[content.Dir+"/"+path] {
				c.Bodies[path] = rec
			}
		}
	}
	return c, nil
}

// outputPath turns what a user gives --why (a URL path such as
// "/briefs/aws/", or an output file's path) into an output path.
func outputPath(p string) string {
	p = strings.TrimPrefix(filepath.ToSlash(p), "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// whyRendered explains what the build did with the page opts.Why names.
func whyRendered(opts Options, s *model.Site, m *cacheMemo) string {
	path := outputPath(opts.Why)
	known := slices.ContainsFunc(s.Renders, func(rd model.Render) bool { return rd.Path == path })
	switch {
	case !known:
		return path + " is not a page of this site (give its path in the output folder, such as briefs/aws/index.html, or its URL path)"
	case opts.NoCache:
		return path + " was rendered: --no-cache renders every page"
	case m.reason == "":
		return path + " was rendered: there was no page at this path to keep"
	}
	return path + ": " + m.reason
}
