package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/output"
)

func TestMain(m *testing.M) {
	// Linux's file clocks tick every few milliseconds: a tenth of a second
	// is a safe margin there, and lets the tests build with the file
	// cache in use instead of waiting two seconds before each build.
	statusMargin = 100 * time.Millisecond
	os.Exit(m.Run())
}

// TestFileCache checks that a build with the cache reads only the files
// whose status changed since the last build, that an edit which keeps a
// file's size and modification time is still seen, and that a damaged or
// missing file cache only costs reading every file: after each step the
// output is what a build without a cache makes.
func TestFileCache(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	writeSiteFile(t, dir, "gen.toml", "title = \"Files\"\nbaseURL = \"https://example.org/\"\n")
	brief := func(title, body string) string {
		return "---\ntitle: " + title + "\ndate: 2025-01-02T09:00:00Z\ncompanies: [Acme]\nparams:\n  n: 3\n  when: 2025-01-02\n---\n" + body + "\n"
	}
	for _, name := range []string{"a", "b", "c", "d"} {
		writeSiteFile(t, dir, "content/briefs/"+name+".md", brief("Brief "+name, "Body of "+name+"."))
	}
	writeSiteFile(t, dir, "layouts/partials/footer.html", `<footer>{{.Site.Title}} {{.Params.n}}</footer>`)
	opts := Options{SiteDir: dir, Destination: dest, Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	cacheFile := fileCachePath(opts)
	// Files are left to settle after each change, so that the build after
	// next trusts their status.
	settle := func() { time.Sleep(2 * statusMargin) }
	steps := []struct {
		name   string
		change func()
		read   int // files read; -1 for all
	}{
		{"first build", func() {}, -1},
		{"edit a brief", func() {
			writeSiteFile(t, dir, "content/briefs/b.md", brief("Brief b", "A new body of b."))
		}, 1},
		{"edit a brief to the same size and time", func() {
			p := filepath.Join(dir, "content/briefs/c.md")
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			writeSiteFile(t, dir, "content/briefs/c.md", brief("Brief X", "Body of c."))
			if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"edit a layout", func() {
			writeSiteFile(t, dir, "layouts/partials/footer.html", `<footer>{{.Site.Title}}, {{.Params.when}}</footer>`)
		}, 1},
		{"a damaged file cache", func() {
			data, err := os.ReadFile(cacheFile)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 1
			os.WriteFile(cacheFile, data, 0o644)
			writeSiteFile(t, dir, "content/briefs/d.md", brief("Brief d", "A new body of d."))
		}, -1},
		{"a missing file cache", func() {
			os.Remove(cacheFile)
			writeSiteFile(t, dir, "content/briefs/d.md", brief("Brief d", "Another body of d."))
		}, -1},
		{"add and delete briefs", func() {
			os.Remove(filepath.Join(dir, "content/briefs/a.md"))
			writeSiteFile(t, dir, "content/briefs/e.md", brief("Brief e", "Body of e."))
		}, 1},
	}
	ctx := context.Background()
	for _, step := range steps {
		step.change()
		settle()
		res, err := Build(ctx, opts)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		want := step.read
		if want < 0 {
			want = res.Sources
		}
		if res.Read != want {
			t.Errorf("%s: read %d of %d files, want %d", step.name, res.Read, res.Sources, want)
		}
		mem := output.NewMemory()
		fresh := opts
		fresh.NoCache = true
		_, freshErr := BuildTo(ctx, fresh, mem)
		if d := compareBuilds(outputFiles(t, dest), nil, mem.Files(), freshErr); d != "" {
			t.Errorf("%s: the build differs from a build without a cache: %s", step.name, d)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dest, "briefs/c/index.html")); err != nil || !strings.Contains(string(data), "Brief X") {
		t.Errorf("the brief edited to the same size and time was not built again: %v", err)
	}

	// A file written just before a build is read again by the next one,
	// also when that one finds the output up to date, and then no more.
	writeSiteFile(t, dir, "content/briefs/b.md", brief("Brief b", "Yet another body of b."))
	for k, want := range []int{1, 1, 0} {
		res, err := Build(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Read != want || k > 0 && !res.UpToDate {
			t.Errorf("build %d after an edit: read %d files (up to date: %v), want %d", k+1, res.Read, res.UpToDate, want)
		}
		settle()
	}
}

// TestFileCacheTrusts checks which statuses the file cache trusts: the
// same as the cache's, and older than its time by the margin.
func TestFileCacheTrusts(t *testing.T) {
	taken := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC).UnixNano()
	st := fileStatus{Size: 10, Mode: 0o644, ModTime: taken - int64(time.Hour), Changed: taken - int64(time.Hour), Inode: 7, Device: 1}
	c := &fileCache{Taken: taken, Files: map[string]cachedFile{"content/a.md": {Status: st, Digest: "digest"}}}
	recent := st
	recent.Changed = taken - int64(statusMargin)/2
	moved := st
	moved.Inode = 8
	for _, tt := range []struct {
		name string
		st   fileStatus
		want bool
	}{
		{"content/a.md", st, true},
		{"content/b.md", st, false},
		{"content/a.md", recent, false},
		{"content/a.md", moved, false},
	} {
		if _, ok := c.known(tt.name, tt.st); ok != tt.want {
			t.Errorf("%s %+v: known %v, want %v", tt.name, tt.st, ok, tt.want)
		}
	}
	if _, ok := (*fileCache)(nil).known("content/a.md", st); ok {
		t.Error("no cache knows a file")
	}

	// A saved page is found by its file's digest, whatever the status: a
	// file touched but not changed is hashed again, not parsed again.
	c.Files["content/a.md"] = cachedFile{Status: st, Digest: "digest", Page: []byte("saved")}
	c.Files["content/b.md"] = cachedFile{Status: st, Digest: "old", Page: []byte("stale")}
	saved := c.savedPages(&inputDigest{files: map[string]string{"content/a.md": "digest", "content/b.md": "new"}})
	if len(saved) != 1 || string(saved["a.md"]) != "saved" {
		t.Errorf("saved pages %q, want a.md's alone", saved)
	}
}
