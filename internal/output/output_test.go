package output

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// old is the modification time given to files of an earlier build.
var old = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// build writes files into dest in one Begin/WriteFile/Commit cycle and
// returns the counts.
func build(t *testing.T, dest string, files map[string]string) (written, unchanged int) {
	t.Helper()
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range sortedKeys(files) {
		if err := w.WriteFile(rel, []byte(files[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return w.Counts()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tree reads every file under dir into a map of slash paths to contents,
// leaving out the MarkerFile at its top.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		if rel != MarkerFile {
			files[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// ageAll sets the modification time of every file under dir to old.
func ageAll(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mtime(t *testing.T, p string) time.Time {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

// siblings lists the names in the folder holding dest.
func siblings(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFirstBuildCreatesDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "site", "public")
	files := map[string]string{
		"index.html":            "<p>home</p>",
		"briefs/aws/index.html": "<p>aws</p>",
		"css/gen.css":           "body{}",
		"empty.txt":             "",
	}
	written, unchanged := build(t, dest, files)
	if written != 4 || unchanged != 0 {
		t.Errorf("counts = %d written, %d unchanged; want 4, 0", written, unchanged)
	}
	if got := tree(t, dest); !reflect.DeepEqual(got, files) {
		t.Errorf("dest = %q, want %q", got, files)
	}
	if got := siblings(t, dest); !reflect.DeepEqual(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public (no staging folder left)", got)
	}
	info, err := os.Stat(dest)
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("dest mode = %v, %v; want 0755", info.Mode(), err)
	}
	if _, err := os.Stat(filepath.Join(dest, MarkerFile)); err != nil {
		t.Errorf("no marker file in the output: %v", err)
	}
	// The output is now one that CheckDestination lets a build replace.
	if err := CheckDestination(t.TempDir(), dest); err != nil {
		t.Errorf("CheckDestination of a built output: %v", err)
	}
}

func TestRebuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{
		"index.html":          "home v1",
		"same.html":           "same",
		"sub/same.css":        "css",
		"changed.html":        "before",
		"stale.html":          "gone soon",
		"stale-dir/file.html": "gone soon",
	})
	ageAll(t, dest)

	next := map[string]string{
		"index.html":   "home v2",
		"same.html":    "same",
		"sub/same.css": "css",
		"changed.html": "after!",
		"new.html":     "new",
	}
	written, unchanged := build(t, dest, next)
	if written != 3 || unchanged != 2 {
		t.Errorf("counts = %d written, %d unchanged; want 3, 2", written, unchanged)
	}
	if got := tree(t, dest); !reflect.DeepEqual(got, next) {
		t.Errorf("dest = %q, want %q (stale files removed)", got, next)
	}
	if _, err := os.Stat(filepath.Join(dest, "stale-dir")); !os.IsNotExist(err) {
		t.Errorf("stale folder still there: %v", err)
	}
	for _, rel := range []string{"same.html", "sub/same.css"} {
		if m := mtime(t, filepath.Join(dest, rel)); !m.Equal(old) {
			t.Errorf("%s: mtime %v, want the old %v kept", rel, m, old)
		}
	}
	for _, rel := range []string{"index.html", "changed.html", "new.html"} {
		if m := mtime(t, filepath.Join(dest, rel)); m.Equal(old) {
			t.Errorf("%s: mtime still %v, want a new one", rel, m)
		}
	}
	if got := siblings(t, dest); !reflect.DeepEqual(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public", got)
	}
}

// A file with the same size but different bytes is rewritten.
func TestRebuildSameSizeDifferentBytes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a.html": "aaaa"})
	ageAll(t, dest)
	written, unchanged := build(t, dest, map[string]string{"a.html": "aaab"})
	if written != 1 || unchanged != 0 {
		t.Errorf("counts = %d, %d; want 1, 0", written, unchanged)
	}
	if got := tree(t, dest)["a.html"]; got != "aaab" {
		t.Errorf("a.html = %q", got)
	}
}

// A file in the old output that is a folder now, and the reverse.
func TestRebuildFileBecomesFolder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a": "file", "b/index.html": "in b"})
	next := map[string]string{"a/index.html": "in a", "b": "file"}
	build(t, dest, next)
	if got := tree(t, dest); !reflect.DeepEqual(got, next) {
		t.Errorf("dest = %q, want %q", got, next)
	}
}

func TestAbortLeavesOldOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"index.html": "home", "a/b.html": "b"}
	build(t, dest, first)
	ageAll(t, dest)

	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{"index.html": "home", "a/b.html": "changed", "new.html": "new"} {
		if err := w.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	w.Abort()
	if got := tree(t, dest); !reflect.DeepEqual(got, first) {
		t.Errorf("after Abort dest = %q, want %q", got, first)
	}
	if m := mtime(t, filepath.Join(dest, "index.html")); !m.Equal(old) {
		t.Errorf("index.html mtime %v, want %v", m, old)
	}
	if got := siblings(t, dest); !reflect.DeepEqual(got, []string{"public"}) {
		t.Errorf("beside dest: %q, want only public (staging removed)", got)
	}
}

func TestAbortWithoutOldOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("index.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("dest exists after an aborted first build: %v", err)
	}
	if got := siblings(t, dest); len(got) != 0 {
		t.Errorf("left behind: %q", got)
	}
}

func TestBeginRemovesLeftovers(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	for _, dir := range []string{".gen-public.staging-123", ".gen-public.staging-456-old", "other", ".gen-elsewhere.staging-1", ".gen-public-new.staging-1", ".gen-public.staging-mine"} {
		if err := os.MkdirAll(filepath.Join(parent, dir, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(parent, ".gen-public-note"), []byte("a file, not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	var got []string
	for _, name := range siblings(t, dest) {
		if name != filepath.Base(w.staging) {
			got = append(got, name)
		}
	}
	// Only the leftovers of builds into public go; public-new's, and
	// names gen would not make, stay.
	want := []string{".gen-elsewhere.staging-1", ".gen-public-new.staging-1", ".gen-public-note", ".gen-public.staging-mine", "other"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("beside dest after Begin: %q (plus the new staging folder), want %q", got, want)
	}
	if n := len(siblings(t, dest)) - len(got); n != 1 {
		t.Errorf("%d staging folders, want 1", n)
	}
}

// TestUnchangedRemovesLeftovers leaves the staging folder of a build
// killed after its swap beside an output that the next build finds up to
// date: that build, which writes nothing, still removes it.
func TestUnchangedRemovesLeftovers(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetState(State{Inputs: "in"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(filepath.Dir(dest), ".gen-public.staging-789")
	if err := os.MkdirAll(filepath.Join(left, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := Unchanged(dest, "in", time.Now()); !ok {
		t.Fatal("the output is not found up to date")
	}
	if _, err := os.Stat(left); err == nil {
		t.Errorf("%s is still there", left)
	}
}

func TestBeginRefusesFileOrSymlink(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(file); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("Begin(file) error = %v", err)
	}
	target := filepath.Join(parent, "real")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	if _, err := Begin(link); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Begin(symlink) error = %v", err)
	}
}

func TestWriteFileRejectsBadPaths(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, rel := range []string{"", "../x", "..", "/abs", "/etc/passwd", "a/../b", "a/../../x", "./a", "a//b", "a/", "a\\b", "a\x00b", "a/."} {
		if err := w.WriteFile(rel, []byte("x")); err == nil || !strings.Contains(err.Error(), "not a clean path inside the output folder") {
			t.Errorf("WriteFile(%q) error = %v, want a refusal", rel, err)
		}
	}
	good := map[string]string{"a": "ok", "b/c/d.html": "ok", "..a": "ok", "a..b/c": "ok", ".well-known/x": "ok"}
	for rel, data := range good {
		if err := w.WriteFile(rel, []byte(data)); err != nil {
			t.Errorf("WriteFile(%q): %v", rel, err)
		}
	}
	if got := tree(t, w.staging); !reflect.DeepEqual(got, good) {
		t.Errorf("files written: %q, want %q", got, good)
	}
}

// Many files written at once, as the site's parallel page step does.
func TestWriteFileConcurrently(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	errs := make(chan error, 64)
	for i := range 64 {
		rel := filepath.ToSlash(filepath.Join("d", string(rune('a'+i%8)), "f"+string(rune('a'+i/8))+".html"))
		want[rel] = rel
		go func() { errs <- w.WriteFile(rel, []byte(rel)) }()
	}
	for range 64 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); !reflect.DeepEqual(got, want) {
		t.Errorf("dest has %d files, want %d", len(got), len(want))
	}
}

// Unchanged files stay unchanged over several builds, however often the
// old output they were carried over from is removed.
func TestUnchangedOverManyBuilds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a.html": "same"})
	ageAll(t, dest)
	for i := range 3 {
		written, unchanged := build(t, dest, map[string]string{"a.html": "same", "b.html": "b"})
		wantWritten := 0 // b.html is new in the first of these builds only
		if i == 0 {
			wantWritten = 1
		}
		if written != wantWritten || unchanged != 2-wantWritten {
			t.Errorf("build %d: %d written, %d unchanged; want %d, %d", i+2, written, unchanged, wantWritten, 2-wantWritten)
		}
		if m := mtime(t, filepath.Join(dest, "a.html")); !m.Equal(old) {
			t.Errorf("build %d: a.html mtime %v, want %v", i+2, m, old)
		}
	}
	if got := tree(t, dest); !reflect.DeepEqual(got, map[string]string{"a.html": "same", "b.html": "b"}) {
		t.Errorf("dest = %q", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dest, "a.html")); !bytes.Equal(data, []byte("same")) {
		t.Errorf("a.html = %q", data)
	}
}

// Writing the same path twice in one build (the second write wins) must
// not touch the old output, which an Abort keeps. A site reaches this when
// a content file such as content/robots.txt has the path of a generated one.
func TestWriteTwiceKeepsOldOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"robots.txt": "v1"})
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("robots.txt", []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("robots.txt", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest)["robots.txt"]; got != "v1" {
		t.Errorf("before Commit the old robots.txt = %q, want v1", got)
	}
	w.Abort()
	if got := tree(t, dest)["robots.txt"]; got != "v1" {
		t.Errorf("after Abort robots.txt = %q, want v1", got)
	}
}

func ExampleBegin() {
	dir, err := os.MkdirTemp("", "gen-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	dest := filepath.Join(dir, "public")
	for _, home := range []string{"<p>v1</p>", "<p>v1</p>", "<p>v2</p>"} {
		w, err := Begin(dest)
		if err != nil {
			panic(err)
		}
		if err := w.WriteFile("index.html", []byte(home)); err != nil {
			w.Abort()
			panic(err)
		}
		if err := w.Commit(); err != nil {
			panic(err)
		}
		written, unchanged := w.Counts()
		fmt.Println(written, "written,", unchanged, "unchanged")
	}
	// Output:
	// 1 written, 0 unchanged
	// 0 written, 1 unchanged
	// 1 written, 0 unchanged
}

// TestBeginAfterAnotherBuild starts a build into a new folder while another
// build into it holds the lock and then commits: the waiting build must
// compare its files with the ones the other wrote, and keep those that are
// the same, as it would had it started after.
func TestBeginAfterAnotherBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan *Writer)
	go func() {
		w, err := Begin(dest) // waits for first's lock
		if err != nil {
			t.Error(err)
		}
		second <- w
	}()
	time.Sleep(100 * time.Millisecond) // most often, the second Begin is waiting by now
	if err := first.WriteFile("index.html", []byte("same")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	w := <-second
	if w == nil {
		t.FailNow()
	}
	if err := w.WriteFile("index.html", []byte("same")); err != nil {
		t.Fatal(err)
	}
	if written, unchanged := w.Counts(); unchanged != 1 {
		t.Errorf("the file the first build wrote was not kept: %d written, %d unchanged", written, unchanged)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestStampOfStoredFiles checks that the stamp a Writer records, made from
// what it stored, is the stamp of the folder it commits: the one the next
// build's up-to-date check takes, for files written, written again with
// the same bytes, kept, in folders whose names sort around "/".
func TestStampOfStoredFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"a/b/index.html": "1", "a-c/index.html": "22", "a.b": "3", "a/x.css": "44", "z/y/x/w.txt": "5", "index.html": "6"}
	build(t, dest, first)
	if err := os.Chmod(filepath.Join(dest, "a.b"), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	st, err := StatFile(dest, "a/x.css")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := w.Keep("a/x.css", st, nil); !ok || err != nil {
		t.Fatalf("Keep: %v, %v", ok, err)
	}
	for rel, data := range map[string]string{"a/b/index.html": "1", "a-c/index.html": "changed", "a.b": "3", "a0/new.html": "new", "index.html": "6"} {
		if err := w.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.SetState(State{Inputs: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	recorded, err := ReadState(dest)
	if err != nil {
		t.Fatal(err)
	}
	walked, err := Stamp(dest)
	if err != nil {
		t.Fatal(err)
	}
	if recorded.Outputs != walked {
		t.Fatalf("recorded stamp %s, the folder's %s", recorded.Outputs, walked)
	}
	if st, err := StatFile(dest, "a.b"); err != nil || st.Mode != 0o600 {
		t.Errorf("a.b: mode %v (%v), want the kept file's 0600", st.Mode, err)
	}
}

// TestLinkFile checks that a file linked from outside the output is that
// file in the committed output, with the status it has, that it counts as
// unchanged only when the current output holds that very file, that a
// file that cannot be linked stores nothing, and that a link replaces a
// file stored earlier under the same path.
func TestLinkFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	src := filepath.Join(dir, "cache", "card.png")
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, []byte("png bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(wantWritten, wantUnchanged int) {
		t.Helper()
		w, err := Begin(dest)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteFile("cards/a/card.png", []byte("stored first")); err != nil {
			t.Fatal(err)
		}
		if ok, err := w.LinkFile("cards/a/card.png", src); !ok || err != nil {
			t.Fatalf("LinkFile = %v, %v", ok, err)
		}
		if ok, err := w.LinkFile("cards/b/card.png", filepath.Join(dir, "missing.png")); ok || err != nil {
			t.Fatalf("LinkFile of a missing file = %v, %v; want false, nil", ok, err)
		}
		if _, err := w.StatStaged("cards/b/card.png"); err == nil {
			t.Error("a file that was not linked is staged")
		}
		st, err := w.StatStaged("cards/a/card.png")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		// The first WriteFile counts once, written, whatever the rest.
		if written, unchanged := w.Counts(); written != wantWritten || unchanged != wantUnchanged {
			t.Errorf("counts = %d written, %d unchanged; want %d, %d", written, unchanged, wantWritten, wantUnchanged)
		}
		out, err := os.Lstat(filepath.Join(dest, "cards/a/card.png"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := os.Lstat(src)
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(in, out) {
			t.Error("the output's file is not the linked one")
		}
		if want, _ := statOf("", in); st != want {
			t.Errorf("staged status %+v, want the linked file's %+v", st, want)
		}
		if got := tree(t, dest); !reflect.DeepEqual(got, map[string]string{"cards/a/card.png": "png bytes"}) {
			t.Errorf("output = %q", got)
		}
	}
	link(2, 0) // a fresh output
	link(1, 1) // the current output holds src already
}

// TestLinkedFileNotWrittenThrough checks that a path stored again after
// LinkFile, with the bytes the current output holds there, replaces the
// link instead of writing into the linked file.
func TestLinkedFileNotWrittenThrough(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build(t, dest, map[string]string{"card.png": "the current output's bytes"})
	src := filepath.Join(dir, "cached.png")
	if err := os.WriteFile(src, []byte("the cache's bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(src, old, old); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dest)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := w.LinkFile("card.png", src); !ok || err != nil {
		t.Fatalf("LinkFile = %v, %v", ok, err)
	}
	if err := w.WriteFile("card.png", []byte("the current output's bytes")); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(src); err != nil || string(data) != "the cache's bytes" || !mtime(t, src).Equal(old) {
		t.Errorf("the linked file changed: %q, %v, time %v", data, err, mtime(t, src))
	}
	if got := tree(t, dest)["card.png"]; got != "the current output's bytes" {
		t.Errorf("card.png = %q", got)
	}
}
