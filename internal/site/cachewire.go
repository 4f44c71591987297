package site

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/wire"
)

// The caches are written in gen's own small binary encoding (package
// wire) rather than gob, which walks lists of structs by reflection value
// by value: at 10,000 briefs that is the difference between a hundredth
// and a few tenths of a second on every build.

// encode returns c as written.
func (c *buildCache) encode() []byte {
	// The size is counted first: growing a slice of megabytes step by
	// step costs more than writing it.
	size := 64 + len(c.Setup)
	for _, k := range c.Keys {
		size += len(k) + 11
	}
	for path, pg := range c.Pages {
		size += len(path) + 5*len(pg.Reads) + 40
	}
	for path, b := range c.Bodies {
		size += len(path) + len(b.Digest) + 10
		for _, l := range b.Links {
			size += len(l) + 5
		}
	}
	for _, k := range c.KeyPoints {
		size += len(k.Src) + len(k.HTML) + len(k.Text) + 15
	}
	w := &wire.Writer{B: make([]byte, 0, size)}
	w.Uint(uint64(c.Format))
	w.String(c.Setup)
	w.Uint(uint64(len(c.Keys)))
	for i, k := range c.Keys {
		w.String(k)
		w.Fixed64(c.Versions[i])
	}
	w.Uint(uint64(len(c.Pages)))
	for _, path := range slices.Sorted(maps.Keys(c.Pages)) {
		pg := c.Pages[path]
		w.String(path)
		// A page whose reads are not known has -1 of them.
		if pg.Reads == nil {
			w.Int(-1)
		} else {
			w.Int(int64(len(pg.Reads)))
		}
		for _, id := range pg.Reads {
			w.Uint(uint64(id))
		}
		w.Int(pg.File.Size)
		w.Int(pg.File.ModTime)
		w.Uint(uint64(pg.File.Mode))
		w.Fixed64(pg.Sum)
	}
	w.Uint(uint64(len(c.Bodies)))
	for _, path := range slices.Sorted(maps.Keys(c.Bodies)) {
		b := c.Bodies[path]
		w.String(path)
		w.String(b.Digest)
		w.Uint(uint64(len(b.Links)))
		for _, l := range b.Links {
			w.String(l)
		}
	}
	w.Uint(uint64(len(c.KeyPoints)))
	for _, k := range c.KeyPoints {
		w.String(k.Src)
		w.String(k.HTML)
		w.String(k.Text)
	}
	return w.B
}

// decodeBuildCache reads a buildCache written by encode.
func decodeBuildCache(data []byte) (*buildCache, error) {
	r := wire.NewReader(data)
	c := &buildCache{Format: int(r.Uint())}
	if c.Format != cacheFormat {
		return c, nil
	}
	c.Setup = r.String()
	n := r.Len()
	c.Keys, c.Versions = make([]string, n), make([]uint64, n)
	for i := range n {
		c.Keys[i], c.Versions[i] = r.String(), r.Fixed64()
	}
	if n = r.Len(); n > 0 {
		c.Pages = make(map[string]cachedPage, n)
	}
	for range n {
		path := r.String()
		var pg cachedPage
		if reads := r.Int(); reads >= 0 {
			if reads > int64(len(data)) {
				r.Fail()
				break
			}
			pg.Reads = make([]int32, reads)
			for j := range pg.Reads {
				pg.Reads[j] = int32(r.Uint())
			}
		}
		pg.File = output.FileStat{Size: r.Int(), ModTime: r.Int(), Mode: fs.FileMode(r.Uint())}
		pg.Sum = r.Fixed64()
		c.Pages[path] = pg
	}
	if n = r.Len(); n > 0 {
		c.Bodies = make(map[string]cachedBody, n)
	}
	for range n {
		path := r.String()
		b := cachedBody{Digest: r.String(), Links: make([]string, r.Len())}
		for j := range b.Links {
			b.Links[j] = r.String()
		}
		c.Bodies[path] = b
	}
	if n = r.Len(); n > 0 {
		c.KeyPoints = make([]model.KeyPoint, n)
	}
	for i := range n {
		c.KeyPoints[i] = model.KeyPoint{Src: r.String(), HTML: r.String(), Text: r.String()}
	}
	if !r.Done() {
		r.Fail()
	}
	return c, r.Err
}

// encode returns c as written.
func (c *fileCache) encode() []byte {
	size := 64 + len(c.Program)
	for name, f := range c.Files {
		size += len(name) + len(f.Digest) + len(f.Page) + 70
	}
	w := &wire.Writer{B: make([]byte, 0, size)}
	w.Uint(uint64(c.Format))
	w.String(c.Program)
	w.Int(c.Taken)
	w.Uint(uint64(len(c.Files)))
	for _, name := range slices.Sorted(maps.Keys(c.Files)) {
		f := c.Files[name]
		w.String(name)
		st := f.Status
		w.Int(st.Size)
		w.Uint(uint64(st.Mode))
		w.Int(st.ModTime)
		w.Int(st.Changed)
		w.Uint(st.Inode)
		w.Uint(st.Device)
		w.String(f.Digest)
		w.Bytes(f.Page)
	}
	return w.B
}

// decodeFileCache reads a fileCache written by encode.
func decodeFileCache(data []byte) (*fileCache, error) {
	r := wire.NewReader(data)
	c := &fileCache{Format: int(r.Uint())}
	if c.Format != fileCacheFormat {
		return c, nil
	}
	c.Program, c.Taken = r.String(), r.Int()
	n := r.Len()
	c.Files = make(map[string]cachedFile, n)
	for range n {
		name := r.String()
		st := fileStatus{Size: r.Int(), Mode: uint32(r.Uint()), ModTime: r.Int(), Changed: r.Int(), Inode: r.Uint(), Device: r.Uint()}
		f := cachedFile{Status: st, Digest: r.String(), Page: r.Bytes()}
		if len(f.Page) == 0 {
			f.Page = nil
		}
		c.Files[name] = f
	}
	if !r.Done() {
		r.Fail()
	}
	return c, r.Err
}

// readCacheFile returns the data of a cache file written by
// writeCacheFile, which ends with the SHA-256 of the rest.
func readCacheFile(p string) ([]byte, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNoCache
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Size
	if len(data) < sum || sha256.Sum256(data[:len(data)-sum]) != [sha256.Size]byte(data[len(data)-sum:]) {
		return nil, fmt.Errorf("%s cannot be read (cut short or damaged)", p)
	}
	return data[:len(data)-sum], nil
}

// errNoCache is a cache file that is not there.
var errNoCache = errors.New("none yet")

// writeCacheFile writes data and its SHA-256 to p through a temporary
// file, and removes the temporary files that builds killed while writing
// left, after an hour.
func writeCacheFile(p string, data []byte) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if stale, _ := filepath.Glob(filepath.Join(dir, ".build-*.tmp")); len(stale) > 0 {
		for _, f := range stale {
			if info, err := os.Stat(f); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.Remove(f)
			}
		}
	}
	sum := sha256.Sum256(data)
	data = append(data, sum[:]...)
	tmp, err := os.CreateTemp(dir, ".build-*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
