package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// site makes a site folder holding a brief, and returns it with a folder
// beside it (outside the site) holding a secret.
func site(t *testing.T) (dir, outside string) {
	t.Helper()
	root := t.TempDir()
	dir, outside = filepath.Join(root, "site"), filepath.Join(root, "elsewhere")
	for _, d := range []string{"content/briefs", "layouts/archetypes", "static", "../elsewhere"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "content/briefs/a.md"), "---\ntitle: A\n---\nbody\n")
	write(t, filepath.Join(outside, "secret"), "SECRET=1\n")
	return dir, outside
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, p string) {
	t.Helper()
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// TestReadFile applies the rule to each folder gen reads: every file that
// is not a regular file of the site is refused, naming it.
func TestReadFile(t *testing.T) {
	for _, name := range []string{"gen.toml", "content/briefs/b.md", "layouts/partials.html", "layouts/archetypes/brief.md", "static/app.js"} {
		cases := []struct {
			what string
			make func(t *testing.T, dir, outside, p string)
			want string // "" for a file that is read
		}{
			{"a regular file", func(t *testing.T, dir, outside, p string) { write(t, p, "ok") }, ""},
			{"a link to a file in the site", func(t *testing.T, dir, outside, p string) {
				symlink(t, filepath.Join(dir, "content/briefs/a.md"), p)
			}, ""},
			{"a link to a file outside the site", func(t *testing.T, dir, outside, p string) {
				symlink(t, filepath.Join(outside, "secret"), p)
			}, "is a symbolic link to a file outside the site"},
			{"a relative link that leaves the site", func(t *testing.T, dir, outside, p string) {
				rel, _ := filepath.Rel(filepath.Dir(p), filepath.Join(outside, "secret"))
				symlink(t, rel, p)
			}, "is a symbolic link to a file outside the site"},
			{"a link to /proc/self/environ", func(t *testing.T, dir, outside, p string) { symlink(t, "/proc/self/environ", p) }, "outside the site"},
			{"a link to /dev/zero", func(t *testing.T, dir, outside, p string) { symlink(t, "/dev/zero", p) }, "outside the site"},
			{"a link to a folder", func(t *testing.T, dir, outside, p string) { symlink(t, filepath.Join(dir, "static"), p) }, "is a symbolic link to a folder, which gen does not follow"},
			{"a broken link", func(t *testing.T, dir, outside, p string) { symlink(t, filepath.Join(dir, "nothing"), p) }, "broken symbolic link"},
			{"a FIFO", func(t *testing.T, dir, outside, p string) {
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Fatal(err)
				}
			}, "is a named pipe (FIFO), not a regular file"},
		}
		for _, c := range cases {
			t.Run(name+"/"+c.what, func(t *testing.T) {
				dir, outside := site(t)
				p := filepath.Join(dir, filepath.FromSlash(name))
				c.make(t, dir, outside, p)
				done := make(chan struct{})
				var data []byte
				var err error
				go func() {
					defer close(done)
					data, err = ReadFile(dir, p, name)
				}()
				select {
				case <-done:
				case <-time.After(5 * time.Second):
					t.Fatal("ReadFile still reading after 5 s")
				}
				if c.want == "" {
					if err != nil || len(data) == 0 {
						t.Fatalf("ReadFile = %q, %v; want the file", data, err)
					}
					return
				}
				var r *Refused
				if !errors.As(err, &r) || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), name+": ") {
					t.Fatalf("ReadFile error = %v; want %q: ...%s...", err, name, c.want)
				}
				if strings.Contains(string(data), "SECRET") {
					t.Fatalf("ReadFile read the secret: %q", data)
				}
			})
		}
	}
}

// TestFolder refuses a site folder that is a link, even to a folder inside
// the site, rather than reading it as an empty or another site.
func TestFolder(t *testing.T) {
	dir, outside := site(t)
	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "src")); err != nil {
		t.Fatal(err)
	}
	symlink(t, "src", filepath.Join(dir, "content"))
	if err := os.Remove(filepath.Join(dir, "static")); err != nil {
		t.Fatal(err)
	}
	symlink(t, outside, filepath.Join(dir, "static"))
	for _, name := range []string{"content", "static"} {
		err := Walk(dir, name, func(rel, p string, d fs.DirEntry, err error) error {
			t.Errorf("Walk(%s) called fn for %s", name, rel)
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), name+": is a symbolic link") {
			t.Errorf("Walk(%s) = %v, want a refusal of the link", name, err)
		}
	}
	if err := Walk(dir, "missing", func(string, string, fs.DirEntry, error) error { return nil }); err != nil {
		t.Errorf("Walk of a missing folder = %v, want nil", err)
	}
}

// TestWalk lists folders and files, skips hidden names, and passes each
// refusal to fn.
func TestWalk(t *testing.T) {
	dir, outside := site(t)
	write(t, filepath.Join(dir, "static/.hidden"), "x")
	if err := os.MkdirAll(filepath.Join(dir, "static/.git/objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "static/.git/objects/x"), "x")
	write(t, filepath.Join(dir, "static/app.js"), "x")
	symlink(t, filepath.Join(outside, "secret"), filepath.Join(dir, "static/secret.txt"))
	if err := syscall.Mkfifo(filepath.Join(dir, "static/pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := Walk(dir, "static", func(rel, p string, d fs.DirEntry, err error) error {
		entry := rel
		if err != nil {
			entry += " refused: " + err.Error()
		}
		got = append(got, entry)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"app.js",
		"pipe refused: static/pipe: is a named pipe (FIFO), not a regular file: gen reads only regular files; remove it or replace it with a file",
		"secret.txt refused: static/secret.txt: is a symbolic link to a file outside the site, which is not followed: copy the file into the site",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Walk saw\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLinkedFolderOnThePath reads a file through a folder that is a link,
// out of the site or within it: refused, naming the folder.
func TestLinkedFolderOnThePath(t *testing.T) {
	dir, outside := site(t)
	write(t, filepath.Join(outside, "brief.md"), "SECRET")
	if err := os.Remove(filepath.Join(dir, "layouts/archetypes")); err != nil {
		t.Fatal(err)
	}
	symlink(t, outside, filepath.Join(dir, "layouts/archetypes"))
	_, err := ReadFile(dir, filepath.Join(dir, "layouts/archetypes/brief.md"), "layouts/archetypes/brief.md")
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/archetypes: is a symbolic link") {
		t.Errorf("ReadFile through a linked folder = %v, want a refusal of layouts/archetypes", err)
	}
}

// TestLinkToHiddenFile refuses a link to a file gen would ignore by its
// name, such as .git/config, which can hold a token.
func TestLinkToHiddenFile(t *testing.T) {
	dir, _ := site(t)
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, ".git/config"), "url = https://token@example.org/")
	symlink(t, "../.git/config", filepath.Join(dir, "static/cfg.txt"))
	_, err := ReadFile(dir, filepath.Join(dir, "static/cfg.txt"), "static/cfg.txt")
	if err == nil || !strings.Contains(err.Error(), "static/cfg.txt: is a symbolic link to a hidden file (.git/config)") {
		t.Errorf("ReadFile of a link to .git/config = %v, want a refusal", err)
	}
}

// TestReplacedWhileOpened swaps the file at a path for a link to another
// file between the open and the check after it: the opened file is
// refused.
func TestReplacedWhileOpened(t *testing.T) {
	dir, _ := site(t)
	p := filepath.Join(dir, "static/a.txt")
	write(t, p, "A")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := stillLeadsTo(dir, p, "static/a.txt", opened); err != nil {
		t.Fatalf("unchanged file: %v", err)
	}
	os.Remove(p)
	symlink(t, filepath.Join(dir, "content/briefs/a.md"), p)
	if err := stillLeadsTo(dir, p, "static/a.txt", opened); err == nil || !strings.Contains(err.Error(), "was replaced while gen opened it") {
		t.Errorf("replaced file: %v, want a refusal", err)
	}
}
