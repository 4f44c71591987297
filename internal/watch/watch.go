// Package watch reports changes to a site's files: gen.toml and everything
// under content/, layouts/ and static/, recursively, including folders
// created, moved in or replaced after the start. Events are batched, so an
// editor's save (write a temporary file, rename it, change its mode) is one
// batch, and editor temporary files are ignored.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Kind says which part of a site a change is in.
type Kind int

// The kinds of change.
const (
	Content Kind = iota
	Layout
	Static
	Config
)

// Change is one changed path, relative to the site root with slashes
// ("content/briefs/aws.md"). Removed is set when it no longer exists.
type Change struct {
	Path    string
	Kind    Kind
	Removed bool
}

// Options tune a Watcher.
type Options struct {
	// Quiet is how long the files must stay unchanged before a batch is
	// reported (default 10 ms: an editor's save takes less).
	Quiet time.Duration
	// MaxDelay caps how long a batch may wait under a stream of events
	// (default 200 ms).
	MaxDelay time.Duration
}

// Watcher watches one site.
type Watcher struct {
	root    string
	opts    Options
	fsw     *fsnotify.Watcher
	batches chan []Change
	errs    chan error
	done    chan struct{}
	once    sync.Once
}

// watched are the parts of a site, by their first path segment.
var watched = map[string]Kind{"content": Content, "layouts": Layout, "static": Static, "gen.toml": Config}

// New starts watching the site at root.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 200 * time.Millisecond
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, opts: opts, fsw: fsw,
		batches: make(chan []Change), errs: make(chan error, 1), done: make(chan struct{})}
	// The root is watched for gen.toml and for content/, layouts/ and
	// static/ being created, removed or replaced.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for name, kind := range watched {
		if kind != Config {
			if err := w.addTree(filepath.Join(root, name), nil); err != nil {
				fsw.Close()
				return nil, err
			}
		}
	}
	go w.loop()
	return w, nil
}

// Batches delivers the batches of changes, each sorted by path.
func (w *Watcher) Batches() <-chan []Change { return w.batches }

// Errors delivers errors from the operating system's watcher.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fsw.Close()
	})
	return err
}

// addTree watches dir and every folder below it, and adds the files found
// to found when it is not nil (a folder that appeared with files in it).
func (w *Watcher) addTree(dir string, found map[string]Change) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if p != dir && ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fsw.Add(p)
		}
		if found != nil {
			if c, ok := w.change(p, false); ok {
				found[c.Path] = c
			}
		}
		return nil
	})
}

// change classifies a path; ok is false for paths gen does not read.
func (w *Watcher) change(p string, removed bool) (Change, bool) {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return Change{}, false
	}
	rel = filepath.ToSlash(rel)
	first, _, _ := strings.Cut(rel, "/")
	kind, ok := watched[first]
	if !ok || (kind == Config && rel != first) {
		return Change{}, false
	}
	for _, seg := range strings.Split(rel, "/") {
		if ignored(seg) {
			return Change{}, false
		}
	}
	return Change{Path: rel, Kind: kind, Removed: removed}, true
}

// ignored reports whether a file name is hidden or an editor's temporary
// file: Vim's .swp and 4913, Emacs's .#lock and backup~ files.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".swo") || name == "4913" || strings.HasPrefix(name, "#")
}

func (w *Watcher) loop() {
	defer close(w.batches)
	pending := map[string]Change{}
	var quiet, deadline <-chan time.Time
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(ev, pending)
			if len(pending) > 0 {
				quiet = time.After(w.opts.Quiet)
				if deadline == nil {
					deadline = time.After(w.opts.MaxDelay)
				}
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet:
			quiet, deadline = nil, nil
			w.flush(pending)
		case <-deadline:
			quiet, deadline = nil, nil
			w.flush(pending)
		}
	}
}

// handle records one event, watching folders that appear.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]Change) {
	removed := ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
	if !removed {
		if _, err := os.Lstat(ev.Name); errors.Is(err, fs.ErrNotExist) {
			removed = true
		}
	}
	c, ok := w.change(ev.Name, removed)
	if !ok {
		return
	}
	pending[c.Path] = c
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			if err := w.addTree(ev.Name, pending); err != nil {
				select {
				case w.errs <- err:
				default:
				}
			}
		}
	}
}

// flush sends the pending batch, unless the watcher is closing.
func (w *Watcher) flush(pending map[string]Change) {
	if len(pending) == 0 {
		return
	}
	batch := make([]Change, 0, len(pending))
	for _, c := range pending {
		batch = append(batch, c)
	}
	clear(pending)
	sort.Slice(batch, func(i, j int) bool { return batch[i].Path < batch[j].Path })
	select {
	case w.batches <- batch:
	case <-w.done:
	}
}
