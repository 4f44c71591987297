package deploy

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// hashCache remembers the MD5 of each file of the site as stored, by the
// file's size and modification time, so that a deploy after a build that
// rewrote a few files reads and hashes only those: gen build leaves a
// file whose bytes did not change as it was, time included.
type hashCache struct {
	entries map[string]hashEntry // by the file's key
	// hits counts the files lookup found.
	hits int
}

// hashEntry is what the cache knows of one file: its status when hashed
// and its MD5 and size as stored (gzipped or not).
type hashEntry struct {
	size, mtime int64
	gzip        bool
	storedSize  int64
	storedMD5   []byte
}

// hashCacheFormat starts the first line of a cache file, followed by a
// tab and the absolute path of the folder deployed; a file of another
// format or folder is ignored.
const hashCacheFormat = "gen deploy hashes 1"

// racy reports whether a file modified at mtime is too recent, at taken,
// for its hash to be kept: a file written again within the same tick of
// the file system's clock as it was hashed could otherwise keep a stale
// hash (git's "racy" files). A time of whole seconds may come from a file
// system that keeps no finer one (FAT keeps 2 s); one with a fraction
// comes from a clock that ticks every few milliseconds.
func racy(mtime, taken time.Time) bool {
	window := 100 * time.Millisecond
	if mtime.Nanosecond() == 0 {
		window = 2 * time.Second
	}
	return taken.Sub(mtime) < window
}

// readHashCache reads the cache at path of the folder dir; a missing or
// unreadable one, or one of another folder, is empty.
func readHashCache(path, dir string) *hashCache {
	c := &hashCache{entries: map[string]hashEntry{}}
	abs, err := filepath.Abs(dir)
	if path == "" || err != nil {
		return c
	}
	f, err := os.Open(path)
	if err != nil {
		return c
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() || sc.Text() != hashCacheFormat+"\t"+abs {
		return c
	}
	for sc.Scan() {
		// size, mtime, gzip, stored size, MD5, key.
		fields := strings.SplitN(sc.Text(), "\t", 6)
		if len(fields) != 6 {
			return &hashCache{entries: map[string]hashEntry{}}
		}
		var e hashEntry
		var err1, err2, err3 error
		e.size, err1 = strconv.ParseInt(fields[0], 10, 64)
		e.mtime, err2 = strconv.ParseInt(fields[1], 10, 64)
		e.gzip = fields[2] == "gzip"
		e.storedSize, err3 = strconv.ParseInt(fields[3], 10, 64)
		sum, err4 := hex.DecodeString(fields[4])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || len(sum) != 16 {
			return &hashCache{entries: map[string]hashEntry{}}
		}
		e.storedMD5 = sum
		c.entries[fields[5]] = e
	}
	return c
}

// lookup returns the stored size and MD5 of the file at key when the
// cache knows it in the status info gives, stored with gzip or not.
func (c *hashCache) lookup(key string, info fs.FileInfo, gzip bool) (int64, []byte, bool) {
	e, ok := c.entries[key]
	if !ok || e.size != info.Size() || e.mtime != info.ModTime().UnixNano() || e.gzip != gzip {
		return 0, nil, false
	}
	c.hits++
	return e.storedSize, e.storedMD5, true
}

// holdsOnly reports whether the cache found every one of files and knows
// no other: writing it again would write the same.
func (c *hashCache) holdsOnly(files []local) bool {
	return c.hits == len(files) && len(c.entries) == len(files)
}

// writeHashCache records the files of dir hashed at taken into the cache
// at path, but not those too recent to be sure of (racy). The file is
// replaced whole.
func writeHashCache(path, dir string, files []local, taken time.Time) error {
	abs, err := filepath.Abs(dir)
	if path == "" || err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".deploy-hashes-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	fmt.Fprintf(w, "%s\t%s\n", hashCacheFormat, abs)
	for _, f := range files {
		if f.info == nil || racy(f.info.ModTime(), taken) || strings.ContainsAny(f.key, "\n") {
			continue
		}
		enc := "plain"
		if f.headers.ContentEncoding == "gzip" {
			enc = "gzip"
		}
		fmt.Fprintf(w, "%d\t%d\t%s\t%d\t%x\t%s\n", f.info.Size(), f.info.ModTime().UnixNano(), enc, f.size, f.md5, f.key)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
