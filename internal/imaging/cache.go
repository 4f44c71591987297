package imaging

import (
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// Processor makes the copies of images, and keeps those it makes in a
// folder, by name (which hashes the source and the settings), so that a
// copy is made once and then read. It is safe for concurrent use.
type Processor struct {
	dir string
	// readOnly keeps the folder as it is: copies are read from it, and
	// those made are not written.
	readOnly bool
	made     atomic.Int64
	mu       sync.Mutex
	used     map[string]bool
}

// NewProcessor returns a Processor that keeps copies in dir, which it
// creates when it first writes one; with dir "" it keeps nothing.
func NewProcessor(dir string) *Processor {
	return &Processor{dir: dir, used: map[string]bool{}}
}

// NewReader returns a Processor that reads the copies in dir but writes
// none there, nor removes any (Prune does nothing).
func NewReader(dir string) *Processor {
	return &Processor{dir: dir, readOnly: true, used: map[string]bool{}}
}

// Made returns the number of copies the Processor encoded (not read from
// its folder, not the source itself).
func (p *Processor) Made() int { return int(p.made.Load()) }

// Make returns the bytes of each of the copies vs of the image data (as
// Plan lists them), in order: the source itself for the Original copy, the
// folder's file for one made before, and the others decoded from data
// once, scaled and encoded.
func (p *Processor) Make(data []byte, vs []Variant) ([][]byte, error) {
	out := make([][]byte, len(vs))
	var img image.Image
	for i, v := range vs {
		if v.Original {
			out[i] = data
			continue
		}
		p.mu.Lock()
		p.used[v.Name] = true
		p.mu.Unlock()
		if p.dir != "" {
			if b, err := os.ReadFile(filepath.Join(p.dir, v.Name)); err == nil && len(b) > 0 {
				out[i] = b
				continue
			}
		}
		if img == nil {
			var err error
			if img, err = decode(data); err != nil {
				return nil, err
			}
		}
		b, err := encode(scale(img, v.Width, v.Height), v.Format)
		if err != nil {
			return nil, err
		}
		p.made.Add(1)
		out[i] = b
		if p.dir != "" && !p.readOnly {
			// A copy not kept is made again next time: not an error.
			_ = p.keep(v.Name, b)
		}
	}
	return out, nil
}

// Check decodes the whole of an image whose copies vs are not all in the
// folder yet, so that an image that cannot be decoded is found while the
// page that shows it is known; an image whose copies were made before
// decoded then.
func (p *Processor) Check(data []byte, vs []Variant) error {
	if p.dir != "" {
		all := true
		for _, v := range vs {
			if v.Original {
				continue
			}
			if fi, err := os.Stat(filepath.Join(p.dir, v.Name)); err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
				all = false
				break
			}
		}
		if all {
			return nil
		}
	}
	_, err := decode(data)
	return err
}

// keep writes a copy to the folder, whole or not at all.
func (p *Processor) keep(name string, data []byte) error {
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(p.dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(p.dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Prune removes from the folder every file that no Make asked for since
// the Processor was made: the copies of images the site no longer uses
// (or uses changed), so that the folder does not grow without bound.
func (p *Processor) Prune() error {
	if p.dir == "" || p.readOnly {
		return nil
	}
	entries, err := os.ReadDir(p.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pruning the image cache: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, e := range entries {
		if e.Type().IsRegular() && !p.used[e.Name()] {
			if err := os.Remove(filepath.Join(p.dir, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
