package model

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
	"sort"
	"time"

	"github.com/gen-briefs/gen/internal/content"
)

// allPages lists the pages made from content files.
func (s *Site) allPages() []*Page {
	all := make([]*Page, 0, len(s.Briefs)+len(s.Pages))
	all = append(all, s.Briefs...)
	return append(all, s.Pages...)
}

// pageHashes are the hashes of a page's own data, its body apart, and the
// page build they were computed for.
type pageHashes struct {
	// parts are the hashes of PartOwn, PartDates, PartMeta and PartBody.
	parts [4]uint64
	key   pageKey
}

// pageKey is what the hash of a page made from an unchanged file still
// depends on: its rendered body, URL, image link and size (the image file
// can change while the page's does not) and scheduling.
type pageKey struct {
	version       uint64
	url           string
	image         string
	width, height int
	picture       string
	future        bool
}

// pageHashes returns a page's hashes, from the cache when its file was not
// read again since.
func (c *RenderCache) pageHashes(p *Page) pageHashes {
	key := pageKey{p.contentVersion, p.URL, p.Image, p.ImageWidth, p.ImageHeight, p.Picture.key(), p.Future}
	if c != nil && p.Source != nil && p.contentVersion != 0 {
		// Only keepHashes writes the map, after the parallel reads.
		h, ok := c.hashes[p.Source]
		if ok && h.key == key {
			return h
		}
	}
	h := ownHashes(p)
	h.key = key
	return h
}

// keepHashes stores the hashes of this build's pages for the next.
func (c *RenderCache) keepHashes(pages []*Page, hashes []pageHashes) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hashes = make(map[*content.Page]pageHashes, len(pages))
	for i, p := range pages {
		if p.Source != nil && p.contentVersion != 0 {
			c.hashes[p.Source] = hashes[i]
		}
	}
}

// ownHashes hashes a page's own data.
func ownHashes(p *Page) pageHashes {
	var head, dates, meta, body fp
	writeStrings(&head, p.Kind, p.Section, p.Title, p.URL, p.Slug, p.SourcePath())
	writeFlags(&dates, p.Future, p.Draft, p.DateOnly)
	writeTime(&dates, p.Date)
	writeTime(&dates, p.Updated)
	writePageMeta(&meta, p)
	writePageBody(&body, p)
	return pageHashes{parts: [4]uint64{head.Sum64(), dates.Sum64(), meta.Sum64(), body.Sum64()}}
}

// writePageMeta hashes a page's own data but for what ownHashes puts in
// its other parts.
func writePageMeta(h *fp, p *Page) {
	writeStrings(h, p.Summary, p.Region, p.Image, p.ImageAlt)
	writeStrings(h, p.KeyPoints...)
	for _, k := range p.KeyPointsHTML {
		writeStrings(h, string(k))
	}
	writeStrings(h, p.Authors...)
	writeStrings(h, p.Aliases...)
	for _, src := range p.Sources {
		writeStrings(h, src.Name, src.URL)
	}
	writeValue(h, reflect.ValueOf(p.Params))
	writeUint(h, uint64(p.ImageWidth))
	writeUint(h, uint64(p.ImageHeight))
	writeStrings(h, p.Picture.key())
	// Layouts can read the content file as it was read (.Source.Meta,
	// .Source.Front, .Source.Body).
	if src := p.Source; src != nil {
		writeStrings(h, src.Path, src.Section, src.Bundle)
		writeFlags(h, src.IsSectionIndex)
		writeUint(h, uint64(src.BodyLine))
		writeValue(h, reflect.ValueOf(src.Front))
		writeValue(h, reflect.ValueOf(src.Meta))
		writeValue(h, reflect.ValueOf(src.Body))
	}
}

// writeValue hashes a value of frontmatter or parameters with its type:
// "false" and false, or ["a b"] and ["a", "b"], hash apart. Maps are
// hashed in the order of their keys; unexported fields count too (a
// layout reads them through methods).
func writeValue(h *fp, v reflect.Value) {
	if !v.IsValid() {
		writeString(h, "<nil>")
		return
	}
	t := v.Type()
	writeString(h, t.String())
	if t == reflect.TypeFor[time.Time]() {
		if v.CanInterface() {
			writeTime(h, v.Interface().(time.Time))
		} else {
			writeString(h, fmt.Sprint(v)) // an unexported time: its printed form
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		writeFlags(h, v.IsNil())
		if !v.IsNil() {
			writeValue(h, v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			writeString(h, t.Field(i).Name)
			writeValue(h, v.Field(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		writeUint(h, uint64(len(keys)))
		for _, k := range keys {
			writeValue(h, k)
			writeValue(h, v.MapIndex(k))
		}
	case reflect.Slice, reflect.Array:
		writeUint(h, uint64(v.Len()))
		for i := range v.Len() {
			writeValue(h, v.Index(i))
		}
	case reflect.String:
		writeString(h, v.String())
	case reflect.Bool:
		writeFlags(h, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeUint(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeUint(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		writeUint(h, math.Float64bits(v.Float()))
	default:
		writeString(h, fmt.Sprint(v))
	}
}

// writePageBody hashes a page's rendered body and what is counted of it.
func writePageBody(h *fp, p *Page) {
	for _, t := range p.TOC {
		writeUint(h, uint64(t.Level))
		writeStrings(h, t.ID, t.Title)
	}
	writeUint(h, uint64(p.WordCount))
	writeUint(h, uint64(p.ReadingTime))
	// A cached render's version names its content; without a cache, hash it.
	if writeUint(h, p.contentVersion); p.contentVersion == 0 {
		writeString(h, string(p.Content))
	}
}

// fp collects the bytes of a fingerprint, hashed at once by Sum64.
type fp struct{ buf []byte }

// Write lets fmt print into a fingerprint.
func (h *fp) Write(b []byte) (int, error) {
	h.buf = append(h.buf, b...)
	return len(b), nil
}

// Sum64 hashes the collected bytes.
// The hash is the same in every process, for versions kept in the build
// cache.
func (h *fp) Sum64() uint64 {
	f := fnv.New64a()
	f.Write(h.buf)
	return f.Sum64()
}

// HashStrings hashes strings as versions are hashed: the same in every
// process, and no two lists of strings alike (barring collisions).
func HashStrings(ss ...string) uint64 {
	var h fp
	writeStrings(&h, ss...)
	return h.Sum64()
}

// writeStrings, writeFlags, writeUint and writeTime add values to a
// fingerprint, each unambiguously.
func writeStrings(h *fp, ss ...string) {
	writeUint(h, uint64(len(ss)))
	for _, s := range ss {
		writeString(h, s)
	}
}

// writeString writes s after its length, so that no two lists of strings
// hash alike.
func writeString(h *fp, s string) {
	h.buf = append(binary.AppendUvarint(h.buf, uint64(len(s))), s...)
}

func writeFlags(h *fp, flags ...bool) {
	for _, f := range flags {
		if f {
			h.buf = append(h.buf, 1)
		} else {
			h.buf = append(h.buf, 0)
		}
	}
}

func writeUint(h *fp, n uint64) {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, n)
}

func writeTime(h *fp, t time.Time) {
	writeUint(h, uint64(t.UnixNano()))
	writeString(h, t.Location().String())
}
