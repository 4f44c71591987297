package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/sitetest"
)

// tornVersion is one version of a brief that TestEditsDuringBuild swaps
// in while a build runs. The two versions of a brief have the same
// length; in one of every two briefs the frontmatter of version B is
// shorter and its body longer, so that a body read at the old offset
// starts inside the frontmatter.
func tornVersion(i int, v string) string {
	const long = "Version A of torn brief"
	title, pad := "Version "+v+" of torn brief", ""
	if i%2 == 1 && v == "B" {
		title = "Version B"
		pad = " " + strings.Repeat("x", len(long)-len(title)-1)
	}
	return fmt.Sprintf("---\ntitle: %s %04d\ndate: 2025-06-01T09:00:00Z\nkey_points: [one, two]\n---\nThe body of version %s of brief %04d%s.\n", title, i, v, i, pad)
}

// TestEditsDuringBuild rewrites briefs, each with another version of the
// same length, while real builds of a few thousand briefs run (gen build,
// and the preview's build). Every build must either fail, saying a file
// changed while the site was being built, or give pages whose title and
// body come from the same version of their file.
func TestEditsDuringBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 briefs four times")
	}
	briefs, edited := 2000, 300
	if raceEnabled {
		briefs = 300
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, briefs); err != nil {
		t.Fatal(err)
	}
	if len(tornVersion(1, "A")) != len(tornVersion(1, "B")) || len(tornVersion(2, "A")) != len(tornVersion(2, "B")) {
		t.Fatal("the two versions of a brief differ in length")
	}
	briefDir := filepath.Join(dir, "content", "briefs")
	file := func(i int) string { return filepath.Join(briefDir, fmt.Sprintf("torn-%04d.md", i)) }
	// A file is replaced as editors save: written beside it, then renamed
	// over it, so a reader sees one whole version or the other.
	swap := func(i int, v string) {
		tmp := filepath.Join(briefDir, fmt.Sprintf(".torn-%04d.tmp", i))
		if err := os.WriteFile(tmp, []byte(tornVersion(i, v)), 0o644); err != nil {
			t.Error(err)
		}
		if err := os.Rename(tmp, file(i)); err != nil {
			t.Error(err)
		}
	}
	for i := range edited {
		swap(i, "A")
	}

	builds := map[string]func() (map[string][]byte, error){
		"gen build": func() (map[string][]byte, error) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), Options{SiteDir: dir, Destination: dest}); err != nil {
				return nil, err
			}
			return readTorn(t, dest, edited), nil
		},
		"preview": func() (map[string][]byte, error) {
			files, _, err := NewPreview(Options{SiteDir: dir}).buildAll(context.Background(), nil)
			return files, err
		},
	}
	page := regexp.MustCompile(`<h1[^>]*>Version ([AB])[^<]*?(\d{4})</h1>`)
	body := regexp.MustCompile(`The body of version ([AB]) of brief (\d{4})`)
	for name, build := range builds {
		t.Run(name, func(t *testing.T) {
			failed, consistent := 0, 0
			for round := range 2 {
				stop := make(chan struct{})
				var wg sync.WaitGroup
				wg.Go(func() {
					for n := 0; ; n++ {
						for i := range edited {
							select {
							case <-stop:
								return
							default:
							}
							swap(i, map[bool]string{true: "A", false: "B"}[(n+i)%2 == 0])
							time.Sleep(100 * time.Microsecond)
						}
					}
				})
				files, err := build()
				close(stop)
				wg.Wait()
				if err != nil {
					if !errors.Is(err, content.ErrChanged) || !strings.Contains(err.Error(), "changed while the site was being built") {
						t.Fatalf("round %d: the build failed with %v, want a file that changed while the site was being built", round, err)
					}
					failed++
					continue
				}
				seen := 0
				for p, data := range files {
					if !strings.HasPrefix(p, "briefs/torn-") || !strings.HasSuffix(p, "/index.html") {
						continue
					}
					seen++
					title, text := page.FindSubmatch(data), body.FindSubmatch(data)
					if title == nil || text == nil {
						t.Fatalf("round %d: %s has no title or body of either version:\n%s", round, p, data)
					}
					if string(title[1]) != string(text[1]) || string(title[2]) != string(text[2]) {
						t.Fatalf("round %d: %s shows the title of version %s and the body of version %s", round, p, title[1], text[1])
					}
				}
				if seen != edited {
					t.Fatalf("round %d: %d edited briefs built, want %d", round, seen, edited)
				}
				consistent++
			}
			t.Logf("%d builds failed, saying a file changed; %d built consistent pages", failed, consistent)
		})
	}
}

// readTorn reads the pages of the edited briefs of a built site.
func readTorn(t *testing.T, dest string, edited int) map[string][]byte {
	files := map[string][]byte{}
	for i := range edited {
		rel := fmt.Sprintf("briefs/torn-%04d/index.html", i)
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		files[rel] = data
	}
	return files
}

// TestAssetSwappedAfterWalk replaces a content file that is copied as it
// is by a link out of the site, and by a FIFO, after content/ was walked
// and before the file is copied: the build refuses it, as the walk would
// have, rather than publishing the file the link leads to or waiting on
// the FIFO.
func TestAssetSwappedAfterWalk(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	swaps := map[string]func(p string) error{
		"a link out of the site": func(p string) error { return os.Symlink(secret, p) },
		"a FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
	}
	for name, swap := range swaps {
		t.Run(name, func(t *testing.T) {
			dir := sitetest.Write(t, map[string]string{
				"content/briefs/a.md":     "---\ntitle: A\ndate: 2025-01-01\n---\n[data](data.txt)\n",
				"content/briefs/data.txt": "harmless",
			})
			opts := Options{SiteDir: dir}
			_, s, r, err := load(context.Background(), &opts, time.Now(), false, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "content", "briefs", "data.txt")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := swap(p); err != nil {
				t.Fatal(err)
			}
			mem := output.NewMemory()
			done := make(chan error, 1)
			go func() {
				_, err := write(context.Background(), opts, s, r, mem, nil, newResult(s, ""))
				done <- err
			}()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("the build still waits on the swapped file after 5 s")
			}
			if err == nil || !strings.Contains(err.Error(), "content/briefs/data.txt: is a ") {
				t.Fatalf("build error = %v, want a refusal of content/briefs/data.txt", err)
			}
			for path, data := range mem.Files() {
				if strings.Contains(string(data), "SECRET") {
					t.Errorf("%s holds the file outside the site", path)
				}
			}
		})
	}
}
