package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gen-briefs/gen/internal/card"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/source"
	"github.com/gen-briefs/gen/internal/wire"
)

// cardCacheDir is the folder of the build cache that holds social cards,
// icons and crops by the digest of what they are made of.
const cardCacheDir = "cards"

// cardIndexName is the file of the build cache, beside cardCacheDir, that
// holds the status of each image in it when a build last checked it.
const cardIndexName = "cards.bin"

// cardIndexFormat starts the card index; it changes with it.
const cardIndexFormat = 1

// cardCache keeps the images a build makes in the cache folder, so that a
// card is drawn once, whichever build (gen build, gen serve) needs it.
//
// An image is kept as it is, in a file named by the digest of what it is
// made of and the first 16 hex digits of the SHA-256 of its bytes
// ("KEY.SUM.png"), so that gen build can link it into its output rather
// than copy it, and a build that reads it can check it. The index
// (cardIndexName) holds the size, mode and modification time of each file
// when the last gen build checked or wrote it: a file of the same ones
// since, modified more than statusMargin before the index was taken, is
// used without being read. Its inode is not compared: the name says what
// the file holds, and a cache restored from an archive (a CI's cache of
// .gen/) keeps the times but not the inodes. A file of the output linked
// to the cache and written over changes its time or size, and is
// checked, found wrong and drawn again.
type cardCache struct {
	// dir is the folder, "" without a cache; write is set when a build
	// may add to it (a dry run does not).
	dir   string
	write bool
	// ctx, when set, stops the drawing when the build is cancelled.
	ctx context.Context
	// drawn counts the images made, not found in the cache.
	drawn atomic.Int64

	mu sync.Mutex
	// used holds the names of the images this build's files are made
	// from, and keys the keys of the files made with the cache, by output
	// path.
	used map[string]bool
	keys map[string]uint64
	// listed is set once dir was read into files: the file of each image
	// by the image's name (KEY.png), and the index into checked, the
	// status of each file known to hold the bytes its name says, taken at
	// the time taken (Unix nanoseconds).
	listed  bool
	files   map[string]string
	checked map[string]fileStatus
	taken   int64
}

// newCardCache returns the card cache of opts.
func newCardCache(opts Options, write bool) *cardCache {
	c := &cardCache{used: map[string]bool{}, keys: map[string]uint64{}}
	if !opts.NoCache {
		dir := opts.CacheDir
		if dir == "" {
			dir = filepath.Join(opts.SiteDir, CacheDir)
		}
		c.dir, c.write = filepath.Join(dir, cardCacheDir), write
	}
	return c
}

// list reads the cache folder and the index, once; c.mu is held.
func (c *cardCache) list() {
	if c.listed {
		return
	}
	c.listed = true
	c.files, c.checked = map[string]string{}, map[string]fileStatus{}
	entries, _ := os.ReadDir(c.dir)
	for _, e := range entries {
		if name, sum := splitCardFile(e.Name()); sum != "" || c.files[name] == "" {
			c.files[name] = e.Name()
		}
	}
	data, err := readCacheFile(filepath.Join(filepath.Dir(c.dir), cardIndexName))
	if err != nil {
		return
	}
	r := wire.NewReader(data)
	if r.Uint() != cardIndexFormat {
		return
	}
	taken, n := r.Int(), r.Len()
	checked := make(map[string]fileStatus, n)
	for range n {
		file := r.String()
		checked[file] = fileStatus{Size: r.Int(), Mode: uint32(r.Uint()), ModTime: r.Int()}
	}
	if r.Done() {
		c.checked, c.taken = checked, taken
	}
}

// splitCardFile returns the image name of a file of the cache folder
// (KEY.png of KEY.SUM.png) and the file's sum; sum is "" for a file of
// the form earlier gens kept, KEY.png holding the image and its SHA-256.
func splitCardFile(file string) (name, sum string) {
	ext := path.Ext(file)
	stem := strings.TrimSuffix(file, ext)
	dot := strings.LastIndexByte(stem, '.')
	if dot < 0 || len(stem)-dot-1 != 16 {
		return file, ""
	}
	if _, err := hex.DecodeString(stem[dot+1:]); err != nil {
		return file, ""
	}
	return stem[:dot] + ext, stem[dot+1:]
}

// trusted reports whether the file of the cache folder of status st is
// as the index says it was checked; c.mu is held.
//
// A time of whole seconds matches the second of the one recorded: an
// archive (a CI's cache of .gen/) may keep no more, and a file written
// after the index was taken is younger than any time it trusts by
// statusMargin, which is more than a second.
func (c *cardCache) trusted(file string, st fileStatus) bool {
	want, ok := c.checked[file]
	const second = int64(time.Second)
	sameTime := st.ModTime == want.ModTime || st.ModTime%second == 0 && st.ModTime/second == want.ModTime/second
	return ok && st.Size == want.Size && st.Mode == want.Mode && sameTime && want.ModTime < c.taken-int64(statusMargin)
}

// cardStatus is the status of a cache file as the index keeps it: its
// size, mode and modification time.
func cardStatus(info fs.FileInfo) (fileStatus, bool) {
	return fileStatus{Size: info.Size(), Mode: uint32(info.Mode()), ModTime: info.ModTime().UnixNano()}, info.Mode().IsRegular()
}

// entry returns the path of the cache's file holding the image named name
// (its key and extension), made with draw and kept first when the cache
// does not have it. data is the image when it was read or drawn, and is
// all there is, with path "", when the cache cannot keep it.
func (c *cardCache) entry(name string, draw func() ([]byte, error)) (p string, data []byte, err error) {
	if c.dir != "" {
		c.mu.Lock()
		c.list()
		file := c.files[name]
		c.mu.Unlock()
		if file != "" {
			if p, data, ok := c.check(name, file); ok {
				return p, data, nil
			}
		}
	}
	return c.make(name, draw)
}

// make draws the image name and keeps it, returning its cache file as
// entry does.
func (c *cardCache) make(name string, draw func() ([]byte, error)) (p string, data []byte, err error) {
	if c.ctx != nil && c.ctx.Err() != nil {
		return "", nil, c.ctx.Err()
	}
	data, err = draw()
	if err != nil {
		return "", nil, err
	}
	c.drawn.Add(1)
	if c.dir != "" && c.write {
		// Not an error when it fails: the next build draws it again.
		p = c.put(name, data)
	}
	return p, data, nil
}

// check returns the path of file, the cache's file of the image name, when
// it holds what its name says: by its status in the index, or else by its
// bytes, then returned as data. A file of the earlier form is kept again in
// the current one.
func (c *cardCache) check(name, file string) (p string, data []byte, ok bool) {
	p = filepath.Join(c.dir, file)
	info, err := os.Lstat(p)
	if err != nil {
		return "", nil, false
	}
	st, known := cardStatus(info)
	c.mu.Lock()
	trusted := known && c.trusted(file, st)
	c.mu.Unlock()
	if trusted {
		return p, nil, true
	}
	// The status is taken again with the bytes, of the file they are read
	// from.
	f, err := os.Open(p)
	if err != nil {
		return "", nil, false
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		return "", nil, false
	}
	st, known = cardStatus(info)
	if data, err = io.ReadAll(f); err != nil {
		return "", nil, false
	}
	_, sum := splitCardFile(file)
	if sum == "" {
		// The image and its SHA-256.
		n := len(data) - sha256.Size
		if n < 0 || sha256.Sum256(data[:n]) != [sha256.Size]byte(data[n:]) {
			return "", nil, false
		}
		data = data[:n]
		if !c.write {
			return "", data, true
		}
		return c.put(name, data), data, true
	}
	if cardSum(data) != sum {
		return "", nil, false
	}
	if known {
		c.mu.Lock()
		c.checked[file] = st
		c.mu.Unlock()
	}
	return p, data, true
}

// cardSum is the sum in the name of a cache file holding data.
func cardSum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// get returns the image named name from the cache, or makes it with draw
// and keeps it.
func (c *cardCache) get(name string, draw func() ([]byte, error)) ([]byte, error) {
	p, data, err := c.entry(name, draw)
	if err != nil || data != nil {
		return data, err
	}
	if data, err = os.ReadFile(p); err == nil {
		return data, nil
	}
	// Removed since it was checked (by another build's prune).
	_, data, err = c.make(name, draw)
	return data, err
}

// put writes data as the image name through a temporary file, readable
// by all as an output's file is, and returns its path, or "" when it
// could not.
func (c *cardCache) put(name string, data []byte) string {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return ""
	}
	ext := path.Ext(name)
	file := strings.TrimSuffix(name, ext) + "." + cardSum(data) + ext
	p := filepath.Join(c.dir, file)
	tmp, err := os.CreateTemp(c.dir, ".card-*.tmp")
	if err != nil {
		return ""
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	var info fs.FileInfo
	if err == nil {
		info, err = tmp.Stat()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list()
	if old := c.files[name]; old != "" && old != file {
		os.Remove(filepath.Join(c.dir, old))
	}
	c.files[name] = file
	if st, ok := cardStatus(info); ok {
		c.checked[file] = st
	}
	return p
}

// prune removes the images no build used since the cache was made, by
// the simple rule that the last gen build uses all a site needs: what it
// did not use is removed (temporary files only after an hour, in case a
// build is writing them), and so is an image's file that another replaced.
// It writes the index of the files left that the build checked.
func (c *cardCache) prune() {
	if c.dir == "" || !c.write {
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		name, _ := splitCardFile(e.Name())
		if c.used[name] && (!c.listed || c.files[name] == e.Name()) {
			continue
		}
		if strings.HasSuffix(e.Name(), ".tmp") {
			if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < time.Hour {
				continue
			}
		}
		os.Remove(filepath.Join(c.dir, e.Name()))
	}
	if !c.listed {
		return // the index is as the last build left it
	}
	w := &wire.Writer{}
	w.Uint(cardIndexFormat)
	w.Int(time.Now().UnixNano())
	var kept []string
	for file := range c.checked {
		if name, _ := splitCardFile(file); c.used[name] && c.files[name] == file {
			kept = append(kept, file)
		}
	}
	slices.Sort(kept)
	w.Uint(uint64(len(kept)))
	for _, file := range kept {
		st := c.checked[file]
		w.String(file)
		w.Int(st.Size)
		w.Uint(uint64(st.Mode))
		w.Int(st.ModTime)
	}
	writeCacheFile(filepath.Join(filepath.Dir(c.dir), cardIndexName), w.B)
}

// file returns the generated file out made from the cache entry name,
// made with draw when the cache does not have it; key is the entry's
// digest, as a generated file's key. A sink that links files takes the
// cache's file itself.
func (c *cardCache) file(out, name string, draw func() ([]byte, error)) generatedFile {
	key := keyOf(strings.TrimSuffix(name, path.Ext(name)))
	c.mu.Lock()
	c.used[name] = true
	c.keys[out] = key
	c.mu.Unlock()
	return generatedFile{path: out, key: key, write: func(b *bytes.Buffer) error {
		data, err := c.get(name, draw)
		b.Write(data)
		return err
	}, file: func() (string, []byte, error) { return c.entry(name, draw) }}
}

// keyOf is a generated file's key from a card digest.
func keyOf(digest string) uint64 {
	b, _ := hex.DecodeString(digest[:16])
	return binary.BigEndian.Uint64(b) | 1 // never 0, which means no key
}

// siteLogo is the site's logo, read for the cards and icons.
type siteLogo struct {
	// name is its file's path from the site root, "" when the site has
	// no logo file; digest is a digest of its bytes.
	name, digest string
	data         []byte
	image        func() (image.Image, error)
}

// readLogo reads the logo gen.toml names, when it is a file of the site.
// A logo elsewhere on the web, or one whose file is missing, is not
// drawn.
func readLogo(s *model.Site, siteDir string) (*siteLogo, error) {
	l := &siteLogo{image: func() (image.Image, error) { return nil, nil }}
	name := s.SiteFile(s.Config.Publisher.Logo)
	if name == "" {
		return l, nil
	}
	data, err := source.ReadFile(siteDir, filepath.Join(siteDir, filepath.FromSlash(name)), name)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	l.name, l.digest, l.data = name, hex.EncodeToString(sum[:]), data
	l.image = sync.OnceValues(func() (image.Image, error) {
		img, err := card.DecodeImage(name, data)
		if err != nil {
			return nil, problem.Errorf(problem.FileUnreadable, "%s, the [publisher] logo of %s: %v: replace it with a PNG, JPEG, GIF or SVG image, or remove the logo line",
				content.QuoteOdd(name), configFile, err)
		}
		return img, nil
	})
	return l, nil
}

// configFile names gen.toml in messages.
const configFile = "gen.toml"

// cardFiles lists the social cards of the site (each brief's, in every
// size, and the site's) and its icons, made with cc. When only is not nil,
// it lists the cards of those briefs alone: the preview's patch, which
// keeps the others, makes those of the briefs it changed.
func cardFiles(s *model.Site, opts Options, cc *cardCache, only []*model.Page) ([]generatedFile, error) {
	logo, err := readLogo(s, opts.SiteDir)
	if err != nil {
		return nil, err
	}
	cfg := s.Config
	var files []generatedFile
	add := func(out, name string, draw func() ([]byte, error)) {
		files = append(files, cc.file(out, name, draw))
	}
	drawCard := func(c *card.Card, sz card.Size) func() ([]byte, error) {
		return func() ([]byte, error) {
			img, err := logo.image()
			if err != nil {
				return nil, err
			}
			c := *c
			c.Logo = img
			return card.PNG(&c, sz)
		}
	}
	briefs := only
	if only == nil {
		siteCard := &card.Card{SiteName: cfg.Title, Description: cfg.Description, LogoID: logo.digest, Colors: card.DefaultColors}
		for _, sz := range model.CardSizes {
			size := card.Size{Width: sz.Width, Height: sz.Height}
			add(model.CardPath(nil, sz), siteCard.Key(size)+".png", drawCard(siteCard, size))
		}
		seen := map[*model.Page]bool{}
		for _, rd := range s.Renders {
			if p := rd.Page; p.IsBrief() && !seen[p] {
				seen[p] = true
				briefs = append(briefs, p)
			}
		}
	}
	for _, p := range briefs {
		if !p.IsBrief() {
			continue
		}
		if p.CardFromImage() {
			crops, err := cropFiles(s, opts, p, cc)
			if err != nil {
				return nil, err
			}
			files = append(files, crops...)
			continue
		}
		c := &card.Card{Headline: p.Title, Date: p.Date.In(cfg.Location).Format("2 January 2006"), SiteName: cfg.Title, LogoID: logo.digest, Colors: card.DefaultColors}
		for _, t := range p.Companies() {
			c.Companies = append(c.Companies, t.Name)
		}
		for _, sz := range model.CardSizes {
			size := card.Size{Width: sz.Width, Height: sz.Height}
			add(model.CardPath(p, sz), c.Key(size)+".png", drawCard(c, size))
		}
	}
	if only != nil {
		return files, nil
	}
	// The icons, from the logo or the site's initial.
	iconKey := func(what string) string {
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s", what, card.Version, logo.digest, cfg.Title)
		return hex.EncodeToString(h.Sum(nil)[:16])
	}
	icon := func(size int, opaque bool) func() ([]byte, error) {
		return func() ([]byte, error) {
			img, err := logo.image()
			if err != nil {
				return nil, err
			}
			var out *image.RGBA
			bg := card.DefaultColors.Background
			switch {
			case img == nil:
				out = card.InitialIcon(cfg.Title, size, card.DefaultColors)
			case opaque:
				out = card.Icon(img, size, &bg)
			default:
				out = card.Icon(img, size, nil)
			}
			var buf bytes.Buffer
			err = card.Encode(&buf, out)
			return buf.Bytes(), err
		}
	}
	add("favicon-32.png", iconKey("icon32")+".png", icon(card.IconSize, false))
	add("apple-touch-icon.png", iconKey("touch")+".png", icon(card.TouchIconSize, true))
	add("favicon.ico", iconKey("ico")+".ico", func() ([]byte, error) {
		data, err := icon(card.IconSize, false)()
		return card.ICO(data, card.IconSize), err
	})
	return files, nil
}

// cropFiles lists the cards of the brief p cut from its lead image around
// its image_focus. The image is read here, for the digest its crops are
// keyed by; an image smaller than a card is scaled up to the card's size.
func cropFiles(s *model.Site, opts Options, p *model.Page, cc *cardCache) ([]generatedFile, error) {
	cp := p.Source
	focus, err := card.ParseFocus(cp.Meta.ImageFocus)
	if err != nil {
		return nil, &content.Error{File: cp.SourcePath(), Line: cp.Front.KeyLine("image_focus"), Code: problem.FrontmatterValue, Err: err}
	}
	name := s.ImageFile(p)
	data, err := source.ReadFile(opts.SiteDir, filepath.Join(opts.SiteDir, filepath.FromSlash(name)), name)
	if err != nil {
		return nil, &content.Error{File: cp.SourcePath(), Line: cp.Front.KeyLine("image"), Code: problem.FileUnreadable, Err: fmt.Errorf("image %q: %v", cp.Meta.Image, err)}
	}
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	src := sync.OnceValues(func() (image.Image, error) {
		img, err := card.DecodeImage(name, data)
		if err != nil {
			return nil, &content.Error{File: cp.SourcePath(), Line: cp.Front.KeyLine("image"), Code: problem.FileUnreadable, Err: fmt.Errorf(
				"image %q: cannot read %s as an image: %v: replace the file with a PNG, JPEG or GIF image", cp.Meta.Image, content.QuoteOdd(name), err)}
		}
		return img, nil
	})
	var files []generatedFile
	for _, sz := range model.CardSizes {
		size := card.Size{Width: sz.Width, Height: sz.Height}
		out := model.CardPath(p, sz)
		key := card.CropKey(digest, focus, size)
		files = append(files, cc.file(out, key+path.Ext(out), func() ([]byte, error) {
			img, err := src()
			if err != nil {
				return nil, err
			}
			crop := card.Crop(img, focus, size)
			if path.Ext(out) == ".jpg" {
				return card.EncodeJPEG(crop)
			}
			var buf bytes.Buffer
			err = card.Encode(&buf, crop)
			return buf.Bytes(), err
		}))
	}
	return files, nil
}

// cardSink is gen build's output with the cards of its last build: a card
// made from the same key as the file the last build left in the output,
// unchanged since, is linked into the new output without its bytes being
// read or written (see output.Writer.Keep).
type cardSink struct {
	*output.Writer
	// last holds the key and file of each card of the last build, by
	// output path.
	last map[string]keptCard
}

// keptCard is a card of the last build: its key and the file it left.
type keptCard struct {
	key  uint64
	file output.FileStat
}

// KeepGenerated keeps the last build's file at path when it was made from
// key and is as the build left it.
func (s *cardSink) KeepGenerated(path string, key uint64) bool {
	k, ok := s.last[path]
	if !ok || k.key != key {
		return false
	}
	kept, err := s.Writer.Keep(path, k.file, func([]byte) bool { return false })
	return kept && err == nil
}

// linkGenerated stores the generated file f in w by linking the file that
// holds it, or by writing its bytes where w cannot link that file.
func linkGenerated(f generatedFile, linker fileLinker, w Sink) error {
	src, data, err := f.file()
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	if src != "" {
		if ok, err := linker.LinkFile(f.path, src); ok || err != nil {
			return err
		}
		if data == nil {
			var buf bytes.Buffer
			if err := f.write(&buf); err != nil {
				return fmt.Errorf("writing %s: %w", f.path, err)
			}
			data = buf.Bytes()
		}
	}
	return w.WriteFile(f.path, data)
}

// cardManifestPath is the file of the cards of the last build into
// opts.Destination.
func cardManifestPath(opts Options) (string, error) {
	p, err := cachePath(opts)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(p, ".bin") + "-cards.bin", nil
}

// cardManifestFormat starts the cards' manifest; it changes with it.
const cardManifestFormat = 1

// readCardManifest reads the cards of the last build into the
// destination, or nil.
func readCardManifest(opts Options) map[string]keptCard {
	p, err := cardManifestPath(opts)
	if err != nil {
		return nil
	}
	data, err := readCacheFile(p)
	if err != nil {
		return nil
	}
	r := wire.NewReader(data)
	if r.Uint() != cardManifestFormat {
		return nil
	}
	n := r.Len()
	m := make(map[string]keptCard, n)
	for range n {
		path := r.String()
		k := keptCard{key: r.Fixed64()}
		k.file.Size, k.file.ModTime, k.file.Mode = r.Int(), r.Int(), fs.FileMode(r.Uint())
		m[path] = k
	}
	if !r.Done() {
		return nil
	}
	return m
}

// writeCardManifest records the cards of this build's staged output, with
// the keys they were made from, for the next build; a file of static/
// that replaces one is not a card.
func writeCardManifest(opts Options, w *output.Writer, cc *cardCache, statics map[string]staticFile) {
	p, err := cardManifestPath(opts)
	if err != nil {
		return
	}
	wr := &wire.Writer{}
	wr.Uint(cardManifestFormat)
	type entry struct {
		path string
		key  uint64
		st   output.FileStat
	}
	var kept []entry
	for _, path := range slices.Sorted(maps.Keys(cc.keys)) {
		if _, ok := statics[path]; ok {
			continue
		}
		if st, err := w.StatStaged(path); err == nil {
			kept = append(kept, entry{path, cc.keys[path], st})
		}
	}
	wr.Uint(uint64(len(kept)))
	for _, e := range kept {
		wr.String(e.path)
		wr.Fixed64(e.key)
		wr.Int(e.st.Size)
		wr.Int(e.st.ModTime)
		wr.Uint(uint64(e.st.Mode))
	}
	if writeCacheFile(p, wr.B) != nil {
		os.Remove(p)
	}
}
