package site

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/content"
)

// fileCacheFormat changes whenever what the file cache holds changes
// meaning.
const fileCacheFormat = 1

// fileCacheName is the file cache's file in the cache folder: one for the
// site, whatever the destination of its builds.
const fileCacheName = "files.bin"

// statusMargin is how long before a build a file must have last changed
// for its status to be trusted by the next build: a file written twice
// within one tick of the file system's clock, with the same size, keeps
// its times, so a file that changed just before its status was taken
// may change again without them changing. Two seconds covers the coarsest
// clocks of file systems in use (FAT's); tests, on Linux, whose clocks
// tick every few milliseconds, shorten it so as to build with the cache
// in use.
var statusMargin = 2 * time.Second

// fileCache is what a build keeps of the site's files for the next one:
// each file's digest with the status it had (size, times, inode), and each
// Markdown file's saved page (content.Page.Saved). A file whose status is
// the same is neither read nor decoded again.
type fileCache struct {
	Format int
	// Program is gen's digest: another gen may decode files otherwise.
	Program string
	// Taken is when the statuses were taken (Unix nanoseconds).
	Taken int64
	// Files holds each file by its path from the site root
	// ("content/briefs/aws.md").
	Files map[string]cachedFile
}

// cachedFile is one file as the last build read it.
type cachedFile struct {
	Status fileStatus
	// Digest is the file's part of inputDigest.
	Digest string
	// Page is a Markdown file's saved page.
	Page []byte
}

// fileStatus is what a file's status says of its bytes without reading
// them: a file of the same status holds the same bytes.
type fileStatus struct {
	Size             int64
	Mode             uint32
	ModTime, Changed int64 // Unix nanoseconds
	Inode, Device    uint64
}

// known returns the digest a file of status st had when the cache was
// written, if st is the same and old enough to be trusted.
func (c *fileCache) known(name string, st fileStatus) (string, bool) {
	if c == nil {
		return "", false
	}
	f, ok := c.Files[name]
	limit := c.Taken - int64(statusMargin)
	if !ok || f.Status != st || st.ModTime >= limit || st.Changed >= limit {
		return "", false
	}
	return f.Digest, true
}

// savedPages returns the saved pages, by path under content/, of the
// Markdown files that in found with the bytes they had when the cache
// was written: by their status, or, for a file whose status changed, by
// its digest.
func (c *fileCache) savedPages(in *inputDigest) map[string][]byte {
	saved := map[string][]byte{}
	for name, digest := range in.files {
		if page := c.page(name, digest); page != nil {
			saved[strings.TrimPrefix(name, content.Dir+"/")] = page
		}
	}
	return saved
}

// page returns the saved page of the file name when the cache has one for
// the same digest.
func (c *fileCache) page(name, digest string) []byte {
	if c == nil {
		return nil
	}
	if f, ok := c.Files[name]; ok && f.Digest == digest {
		return f.Page
	}
	return nil
}

// newFileCache is the file cache of a build that read the files of in and
// loaded the pages of tree (nil for a build found up to date, which loads
// none); it returns nil when the last one, old, says the same.
func newFileCache(in *inputDigest, tree *content.Tree, old *fileCache) *fileCache {
	// The same files, all known: the last cache, with its older time,
	// trusts more of them.
	if old != nil && in.reused == len(in.status) && len(old.Files) == len(in.status) {
		return nil
	}
	saved := map[string][]byte{}
	if tree != nil {
		for _, p := range tree.Pages {
			saved[p.SourcePath()] = p.Saved()
		}
	}
	c := &fileCache{Format: fileCacheFormat, Program: in.program, Taken: in.taken, Files: make(map[string]cachedFile, len(in.status))}
	for name, st := range in.status {
		page, ok := saved[name]
		if !ok {
			page = old.page(name, in.files[name])
		}
		c.Files[name] = cachedFile{Status: st, Digest: in.files[name], Page: page}
	}
	return c
}

// fileCachePath is the file of the file cache for opts.
func fileCachePath(opts Options) string {
	dir := opts.CacheDir
	if dir == "" {
		dir = filepath.Join(opts.SiteDir, CacheDir)
	}
	return filepath.Join(dir, fileCacheName)
}

// readFileCache reads the file cache for opts, or returns nil when there
// is none that gen can use: every file is then read.
func readFileCache(opts Options) *fileCache {
	program, err := programDigest()
	if err != nil {
		return nil
	}
	data, err := readCacheFile(fileCachePath(opts))
	if err != nil {
		return nil
	}
	c, err := decodeFileCache(data)
	if err != nil || c.Format != fileCacheFormat || c.Program != program {
		return nil
	}
	return c
}
