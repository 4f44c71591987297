package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func newWatcher(t *testing.T) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content/briefs", "layouts"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New(root, Options{Quiet: 30 * time.Millisecond, MaxDelay: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

// next waits for a batch and returns its paths (with "-" before removed
// ones).
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case batch := <-w.Batches():
		var paths []string
		for _, c := range batch {
			p := c.Path
			if c.Removed {
				p = "-" + p
			}
			paths = append(paths, p)
		}
		return paths
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5 s")
		return nil
	}
}

// quiet checks that no batch arrives for a while.
func quiet(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case batch := <-w.Batches():
		t.Fatalf("unexpected batch %v", batch)
	case <-time.After(150 * time.Millisecond):
	}
}

func write(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEditorSaveIsOneBatch(t *testing.T) {
	root, w := newWatcher(t)
	// Vim's save: probe file 4913, write a swap file, write the new text to
	// a backup name, rename it over the original, change its mode.
	write(t, root, "content/briefs/a.md", "old")
	if got := next(t, w); !slices.Equal(got, []string{"content/briefs/a.md"}) {
		t.Fatalf("first write: %v", got)
	}
	write(t, root, "content/briefs/4913", "")
	os.Remove(filepath.Join(root, "content/briefs/4913"))
	write(t, root, "content/briefs/.a.md.swp", "swap")
	write(t, root, "content/briefs/a.md~", "backup")
	write(t, root, "content/briefs/a.md.tmp", "new")
	os.Rename(filepath.Join(root, "content/briefs/a.md.tmp"), filepath.Join(root, "content/briefs/a.md"))
	os.Chmod(filepath.Join(root, "content/briefs/a.md"), 0o600)
	got := next(t, w)
	if !slices.Contains(got, "content/briefs/a.md") {
		t.Errorf("save batch %v lacks content/briefs/a.md", got)
	}
	for _, p := range got {
		if p == "content/briefs/4913" || p == "content/briefs/.a.md.swp" || p == "content/briefs/a.md~" {
			t.Errorf("editor temporary file %s reported", p)
		}
	}
	quiet(t, w)
}

func TestRemovedAndIgnoredPaths(t *testing.T) {
	root, w := newWatcher(t)
	write(t, root, "content/briefs/b.md", "x")
	next(t, w)
	os.Remove(filepath.Join(root, "content/briefs/b.md"))
	if got := next(t, w); !slices.Equal(got, []string{"-content/briefs/b.md"}) {
		t.Errorf("removal: %v", got)
	}
	// Files gen does not read are not reported.
	write(t, root, "public/index.html", "x")
	write(t, root, "notes.txt", "x")
	write(t, root, "#gen.toml#", "x")
	quiet(t, w)
	write(t, root, "gen.toml", "title = \"x\"\n")
	if got := next(t, w); !slices.Equal(got, []string{"gen.toml"}) {
		t.Errorf("config change: %v", got)
	}
}

func TestNewAndReplacedFolders(t *testing.T) {
	root, w := newWatcher(t)
	// A folder created after the start is watched, with the files that came
	// with it.
	if err := os.MkdirAll(filepath.Join(root, "static/css"), 0o755); err != nil {
		t.Fatal(err)
	}
	next(t, w)
	write(t, root, "static/css/site.css", "body{}")
	if got := next(t, w); !slices.Contains(got, "static/css/site.css") {
		t.Errorf("file in a new folder: %v", got)
	}
	// content/ replaced by another folder moved in: the new one is watched.
	other := filepath.Join(t.TempDir(), "content")
	write(t, filepath.Dir(other), "content/briefs/c.md", "c")
	if err := os.Rename(filepath.Join(root, "content"), filepath.Join(root, "content.old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, filepath.Join(root, "content")); err != nil {
		t.Fatal(err)
	}
	got := next(t, w)
	if !slices.Contains(got, "content") || !slices.Contains(got, "content/briefs/c.md") {
		t.Errorf("replaced content/: %v", got)
	}
	write(t, root, "content/briefs/c.md", "changed")
	if got := next(t, w); !slices.Equal(got, []string{"content/briefs/c.md"}) {
		t.Errorf("edit in the replacing folder: %v", got)
	}
}

func TestClose(t *testing.T) {
	_, w := newWatcher(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	select {
	case _, ok := <-w.Batches():
		if ok {
			t.Error("a batch after Close")
		}
	case <-time.After(2 * time.Second):
		t.Error("Batches not closed after Close")
	}
}
