// Package output is the only package that writes to disk. A build writes
// into a temporary folder beside the destination and swaps it in only when
// every file is written, so a failed build leaves the previous output as
// it was. Files whose bytes did not change are carried over with their old
// modification time.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// MarkerFile is written into every output folder. A build replaces only a
// folder that is empty or holds it, so that a mistyped destination never
// wipes someone's files.
const MarkerFile = ".gen-output"

const markerText = "This folder is written by gen build, which replaces all of it on every build.\n"

// Writer collects a build's files in a staging folder.
type Writer struct {
	dest    string
	staging string
	unlock  func()

	// fresh is set when dest did not exist at Begin: there is no current
	// file to compare with.
	fresh bool

	mu   sync.Mutex
	dirs map[string]bool
	// stored holds the paths stored so far: only those can be in the
	// staging folder already.
	stored map[string]bool
	// stats holds the status of each file in the staging folder, as it
	// was stored, for StatStaged and the output's stamp.
	stats map[string]FileStat

	written, unchanged atomic.Int64
}

// stagingPrefix starts the name of a staging folder for dest; the rest of
// the name is digits.
func stagingPrefix(dest string) string { return ".gen-" + filepath.Base(dest) + ".staging-" }

// Begin starts writing a new output for dest. It waits for any other build
// into the same folder to finish, then removes the staging folders that an
// interrupted build left beside dest.
func Begin(dest string) (*Writer, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if info, err := os.Lstat(dest); err == nil {
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("destination %s is a symbolic link: give the folder it points to", dest)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
		}
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockDir(parent)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", parent, err)
	}
	if err := removeLeftovers(parent, stagingPrefix(dest)); err != nil {
		unlock()
		return nil, err
	}
	// Looked at under the lock: a build that held it may have made dest.
	_, err = os.Lstat(dest)
	fresh := errors.Is(err, fs.ErrNotExist)
	staging, err := os.MkdirTemp(parent, stagingPrefix(dest)+"*")
	if err == nil {
		err = os.Chmod(staging, 0o755)
	}
	if err != nil {
		os.RemoveAll(staging)
		unlock()
		return nil, err
	}
	w := &Writer{dest: dest, staging: staging, unlock: unlock, fresh: fresh, dirs: map[string]bool{"": true}, stored: map[string]bool{}, stats: map[string]FileStat{}}
	if _, err := w.store(MarkerFile, []byte(markerText)); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// removeLeftovers deletes the staging folders of earlier, interrupted
// builds into the same destination: folders named prefix and digits
// (optionally "-old"). The caller holds the lock, so none is in use.
func removeLeftovers(parent, prefix string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		rest = strings.TrimSuffix(rest, "-old")
		if ok && e.IsDir() && rest != "" && strings.Trim(rest, "0123456789") == "" {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// Counts reports how many files were written and how many were unchanged.
func (w *Writer) Counts() (written, unchanged int) {
	return int(w.written.Load()), int(w.unchanged.Load())
}

// checkRel rejects a path that would leave the output folder.
func checkRel(rel string) error {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.ContainsAny(rel, "\x00\\") || path.Clean(rel) != rel || strings.HasPrefix(rel, "../") || rel == ".." {
		return fmt.Errorf("refusing to write %q: not a clean path inside the output folder", rel)
	}
	return nil
}

// WriteFile stores data at rel, a slash-separated path in the output. When
// the current output has the same bytes there, that file is kept as it is.
// Files may be stored from many goroutines, but one path from one at a
// time: storing a path again replaces what is there, and for a moment it
// is not there.
func (w *Writer) WriteFile(rel string, data []byte) error {
	changed, err := w.store(rel, data)
	if err != nil {
		return err
	}
	if changed {
		w.written.Add(1)
	} else {
		w.unchanged.Add(1)
	}
	return nil
}

// FileStat is what Keep checks of a file of the current output: its size,
// modification time and mode as a build left it.
type FileStat struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
	Mode    fs.FileMode
}

// StatFile returns the FileStat of the file rel of the output folder dest.
func StatFile(dest, rel string) (FileStat, error) {
	info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel)))
	if err != nil {
		return FileStat{}, err
	}
	return statOf(rel, info)
}

// statOf returns the FileStat of info, the status of the file rel.
func statOf(rel string, info fs.FileInfo) (FileStat, error) {
	if !info.Mode().IsRegular() {
		return FileStat{}, fmt.Errorf("%s is not a file", rel)
	}
	return FileStat{info.Size(), info.ModTime().UnixNano(), info.Mode()}, nil
}

// StatStaged returns the FileStat of the file rel of the new output, which
// Commit moves into place as it is.
func (w *Writer) StatStaged(rel string) (FileStat, error) {
	w.mu.Lock()
	st, ok := w.stats[rel]
	w.mu.Unlock()
	if !ok {
		return FileStat{}, fmt.Errorf("%s: not stored", rel)
	}
	return st, nil
}

// record records the status of the file rel just stored in the staging
// folder; info, when nil, is read.
func (w *Writer) record(rel string, info fs.FileInfo) error {
	var err error
	if info == nil {
		if info, err = os.Lstat(filepath.Join(w.staging, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	st, err := statOf(rel, info)
	if err == nil {
		w.setStat(rel, st)
	}
	return err
}

// setStat records st as the status of the staged file rel.
func (w *Writer) setStat(rel string, st FileStat) {
	w.mu.Lock()
	w.stats[rel] = st
	w.mu.Unlock()
}

// Keep carries the current output's file rel over into the new output
// without its bytes being given again, when it is still as a build left
// it: of the size and time want, or else, of that size, holding bytes
// that same accepts. ok is false, and nothing is stored, when it is not
// (gone, edited, replaced): its bytes must then be written.
func (w *Writer) Keep(rel string, want FileStat, same func([]byte) bool) (ok bool, err error) {
	if err := checkRel(rel); err != nil || w.fresh {
		return false, err
	}
	old := filepath.Join(w.dest, filepath.FromSlash(rel))
	st, err := StatFile(w.dest, rel)
	if err != nil || st.Size != want.Size {
		return false, nil
	}
	if st.ModTime != want.ModTime {
		// Touched, not necessarily changed: a sync tool or a test may set
		// the times of files it did not change.
		data, err := os.ReadFile(old)
		if err != nil || !same(data) {
			return false, nil
		}
	}
	if _, err := w.prepare(rel); err != nil {
		return false, err
	}
	target := filepath.Join(w.staging, filepath.FromSlash(rel))
	if err := os.Link(old, target); err != nil {
		w.mu.Lock()
		delete(w.stored, rel)
		w.mu.Unlock()
		return false, nil
	}
	// The link is the same file as old, of the status just read.
	w.setStat(rel, st)
	w.unchanged.Add(1)
	return true, nil
}

// LinkFile stores the file src, outside the output, at rel as a hard link
// to it, so that its bytes are neither read nor copied. Nothing may change
// src in place afterwards: the output's file is the same file. ok is
// false, and nothing is stored, when src cannot be linked there (another
// device, a file system without hard links, a file at its limit of links,
// src gone): the caller must write the bytes. The file counts as
// unchanged when the current output's file at rel is src already.
func (w *Writer) LinkFile(rel, src string) (ok bool, err error) {
	target, again, err := w.place(rel)
	if err != nil {
		return false, err
	}
	if again {
		if err := removeStaged(target); err != nil {
			return false, err
		}
	}
	if err := os.Link(src, target); err != nil {
		w.mu.Lock()
		delete(w.stored, rel)
		w.mu.Unlock()
		return false, nil
	}
	info, err := os.Lstat(target)
	if err != nil {
		return true, err
	}
	if err := w.record(rel, info); err != nil {
		return true, err
	}
	if w.fresh {
		w.written.Add(1)
	} else if old, err := os.Lstat(filepath.Join(w.dest, filepath.FromSlash(rel))); err == nil && os.SameFile(old, info) {
		w.unchanged.Add(1)
	} else {
		w.written.Add(1)
	}
	return true, nil
}

// Transient marks the Writer as done with a file's bytes once WriteFile
// returns, so that the caller may reuse them.
func (*Writer) Transient() {}

// store writes data at rel, or carries the current file over when it holds
// the same bytes, and reports which it did.
func (w *Writer) store(rel string, data []byte) (changed bool, err error) {
	target, again, err := w.place(rel)
	if err != nil {
		return false, err
	}
	old := filepath.Join(w.dest, filepath.FromSlash(rel))
	if info, same := w.sameAsCurrent(old, data); same {
		if err := os.Link(old, target); err == nil {
			return false, w.record(rel, info)
		}
		// What is there may be a link to a file that must not change (a
		// LinkFile of this build): it is replaced, not written through.
		if err := removeStaged(target); err != nil {
			return false, err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return false, err
		}
		if err := os.Chtimes(target, info.ModTime(), info.ModTime()); err != nil {
			return false, err
		}
		return false, w.record(rel, nil)
	}
	// A file stored earlier in this build may be a link into the current
	// output: replace it rather than write through it. On a file system
	// that ignores case, one stored under another spelling may be there
	// too, which the exclusive create finds.
	if !again {
		info, err := writeNew(target, data)
		if err == nil {
			return true, w.record(rel, info)
		}
		if !errors.Is(err, fs.ErrExist) {
			return true, err
		}
	}
	if err := removeStaged(target); err != nil {
		return false, err
	}
	if err := os.WriteFile(target, data, 0o644); err != nil {
		return true, err
	}
	return true, w.record(rel, nil)
}

// place checks rel and records that it is being stored (see prepare),
// returning its path in the staging folder.
func (w *Writer) place(rel string) (target string, again bool, err error) {
	if err := checkRel(rel); err != nil {
		return "", false, err
	}
	if again, err = w.prepare(rel); err != nil {
		return "", false, err
	}
	return filepath.Join(w.staging, filepath.FromSlash(rel)), again, nil
}

// removeStaged removes the file at target in the staging folder, if any.
func removeStaged(target string) error {
	if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// writeNew writes data to a new file at p, failing with fs.ErrExist when
// a file is there, and returns the file's status once written.
func writeNew(p string, data []byte) (fs.FileInfo, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return info, err
}

// sameAsCurrent reports whether the current output's file at p holds
// exactly data, with the file's status; a fresh output has none.
func (w *Writer) sameAsCurrent(p string, data []byte) (fs.FileInfo, bool) {
	if w.fresh {
		return nil, false
	}
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return nil, false
	}
	old, err := os.ReadFile(p)
	return info, err == nil && bytes.Equal(old, data)
}

// prepare records that the file rel is being stored, reporting whether it
// was stored before in this build, and creates its folder in the staging
// tree, once.
func (w *Writer) prepare(rel string) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	again := w.stored[rel]
	w.stored[rel] = true
	dir := path.Dir(rel)
	if dir == "." || w.dirs[dir] {
		return again, nil
	}
	// A folder whose parent was made needs one mkdir, not the walk up
	// that MkdirAll starts with. MkdirAll is the fallback, which also
	// accepts a folder made already under another spelling on a file
	// system that ignores case ("Docs" and "docs").
	full := filepath.Join(w.staging, filepath.FromSlash(dir))
	if parent := path.Dir(dir); parent != "." && !w.dirs[parent] || os.Mkdir(full, 0o755) != nil {
		if err := os.MkdirAll(full, 0o755); err != nil {
			return again, err
		}
	}
	for d := dir; d != "."; d = path.Dir(d) {
		w.dirs[d] = true
	}
	return again, nil
}

// Commit puts the new output in place of the old one, in one step where
// the system allows, and removes the old one. Once the new output is in
// place the build has succeeded: an old tree that cannot be removed is
// left for the next build to clear.
func (w *Writer) Commit() error { return w.CommitWhile(nil) }

// CommitWhile is Commit that runs during, when not nil, once the new
// output is in place, while the old one is removed.
func (w *Writer) CommitWhile(during func()) error {
	defer w.unlock()
	if during == nil {
		during = func() {}
	}
	if _, err := os.Lstat(w.dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(w.staging, w.dest); err != nil {
			os.RemoveAll(w.staging)
			return err
		}
		during()
		return nil
	}
	if err := exchange(w.staging, w.dest); err == nil {
		removed := make(chan struct{})
		go func() {
			os.RemoveAll(w.staging) // now the old output
			close(removed)
		}()
		during()
		<-removed
		return nil
	}
	retired := w.staging + "-old"
	if err := os.Rename(w.dest, retired); err != nil {
		os.RemoveAll(w.staging)
		return err
	}
	if err := os.Rename(w.staging, w.dest); err != nil {
		os.Rename(retired, w.dest)
		os.RemoveAll(w.staging)
		return err
	}
	during()
	os.RemoveAll(retired)
	return nil
}

// Abort removes the staging folder, leaving the old output untouched.
func (w *Writer) Abort() {
	os.RemoveAll(w.staging)
	w.unlock()
}

// CreateNew writes a new file at p, creating its folders; it fails with an
// error matching fs.ErrExist, and changes nothing, when p exists.
func CreateNew(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	return f.Close()
}
