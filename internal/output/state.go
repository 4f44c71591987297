package output

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// State is what a build records in the marker file of its output, so that
// the next build with the same inputs can leave the folder as it is.
type State struct {
	// Inputs hashes everything the build read; the builder computes it.
	Inputs string `json:"inputs"`
	// Outputs stamps the files of the folder as the build left them (see
	// Stamp).
	Outputs string `json:"outputs"`
	// Until is when the output starts to depend on the time of the build
	// (a scheduled page's date, a brief entering or leaving the news
	// sitemap), or zero.
	Until time.Time `json:"until,omitzero"`
	// Summary is what the build reported, for the next build to repeat.
	Summary json.RawMessage `json:"summary,omitempty"`
}

// SetState records the state of the build in its marker file. The output
// stamp is taken of the staging folder, which becomes the output as it is.
func (w *Writer) SetState(st State) error {
	st.Outputs = w.stamp()
	line, err := json.Marshal(st)
	if err != nil {
		return err
	}
	_, err = w.store(MarkerFile, append([]byte(markerText), append(line, '\n')...))
	return err
}

// Unchanged returns the state recorded in the output folder dest when it
// was built from the same inputs, the time now is before its Until, and
// its files are as that build left them: the case where a new build would
// write nothing. It waits for any build into dest to finish first, and
// removes the staging folders that interrupted builds left beside dest.
func Unchanged(dest, inputs string, now time.Time) (State, bool) {
	dest = filepath.Clean(dest)
	unlock, err := lockDir(filepath.Dir(dest))
	if err != nil {
		return State{}, false
	}
	defer unlock()
	// A build killed after it swapped its output in, while it removed the
	// old one, leaves that behind; a build that then finds the output up
	// to date must clear it as a build that writes does.
	removeLeftovers(filepath.Dir(dest), stagingPrefix(dest))
	st, err := ReadState(dest)
	if err != nil || st.Inputs == "" || st.Inputs != inputs || !st.Until.IsZero() && !now.Before(st.Until) {
		return State{}, false
	}
	stamp, err := Stamp(dest)
	return st, err == nil && stamp == st.Outputs
}

// ReadState returns the state recorded in the output folder dest, or the
// zero State when the folder has none (it was never built, or by an older
// gen).
func ReadState(dest string) (State, error) {
	var st State
	data, err := os.ReadFile(filepath.Join(dest, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Bytes(); bytes.HasPrefix(line, []byte("{")) {
			if err := json.Unmarshal(line, &st); err != nil {
				return State{}, fmt.Errorf("%s: %w", filepath.Join(dest, MarkerFile), err)
			}
		}
	}
	return st, nil
}

// stamp is Stamp of the staging folder, from what the Writer stored in
// it.
func (w *Writer) stamp() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	// Stamp's walk goes through each folder's names in order, and into
	// each folder after its name: the order of the paths with their
	// slashes sorting first.
	var paths []string
	for d := range w.dirs {
		if d != "" {
			paths = append(paths, strings.ReplaceAll(d, "/", "\x00"))
		}
	}
	for rel := range w.stats {
		if rel != MarkerFile {
			paths = append(paths, strings.ReplaceAll(rel, "/", "\x00"))
		}
	}
	slices.Sort(paths)
	s := newStamper()
	for _, p := range paths {
		rel := strings.ReplaceAll(p, "\x00", "/")
		if st, ok := w.stats[rel]; ok {
			s.file(rel, st.Size, st.Mode)
		} else {
			s.folder(rel)
		}
	}
	return s.sum()
}

// Stamp hashes the path of every file and folder in dir but its marker
// file, and the size and mode of every file, so that a file added, removed
// or changed in size after a build changes it. Modification times are left
// out, for the stamp to be the same for the same output; a file edited in
// place to the same size goes unnoticed.
func Stamp(dir string) (string, error) {
	s := newStamper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == MarkerFile || rel == "." {
			return nil
		}
		if d.IsDir() {
			s.folder(filepath.ToSlash(rel))
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s.file(filepath.ToSlash(rel), info.Size(), info.Mode())
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return s.sum(), err
}

// stamper hashes the entries of a stamp, in the order of a walk: a
// folder's path, and a file's path, size and mode.
type stamper struct {
	h hash.Hash
}

func newStamper() *stamper { return &stamper{sha256.New()} }

func (s *stamper) folder(rel string) {
	s.h.Write([]byte(rel + "\x00"))
}

func (s *stamper) file(rel string, size int64, mode fs.FileMode) {
	s.folder(rel)
	var buf [16]byte
	binary.LittleEndian.PutUint64(buf[0:], uint64(size))
	binary.LittleEndian.PutUint64(buf[8:], uint64(mode))
	s.h.Write(buf[:])
}

func (s *stamper) sum() string { return hex.EncodeToString(s.h.Sum(nil)) }
