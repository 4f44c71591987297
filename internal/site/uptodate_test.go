package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestUpToDate builds a site again and again, changing one thing before
// each build, and checks which builds find the output up to date: only
// those after which nothing a build reads, nor the output, nor the time
// relative to a scheduled brief, changed.
func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Kept\"\nbaseURL = \"https://example.org/\"\n")
	writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("A", "2026-01-01T09:00:00Z", "Acme", "Body."))
	writeSiteFile(t, dir, "content/briefs/later.md", previewBrief("Later", "2026-03-01T09:00:00Z", "Acme", "Scheduled."))
	public := filepath.Join(dir, "public")
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	opts := Options{SiteDir: dir, Now: now}

	steps := []struct {
		name     string
		change   func()
		upToDate bool
	}{
		{"first build", func() {}, false},
		{"nothing changed", func() {}, true},
		{"nothing changed again", func() {}, true},
		{"a brief's text", func() {
			writeSiteFile(t, dir, "content/briefs/a.md", previewBrief("A", "2026-01-01T09:00:00Z", "Acme", "New body."))
		}, false},
		{"nothing changed after that", func() {}, true},
		{"gen.toml", func() { writeSiteFile(t, dir, "gen.toml", "title = \"Renamed\"\nbaseURL = \"https://example.org/\"\n") }, false},
		{"a layout added", func() { writeSiteFile(t, dir, "layouts/partials/footer.html", "<footer>Own</footer>") }, false},
		{"a static file added", func() { writeSiteFile(t, dir, "static/extra.txt", "extra") }, false},
		{"an output file removed", func() { os.Remove(filepath.Join(public, "briefs/a/index.html")) }, false},
		{"a stray file in the output", func() { writeSiteFile(t, public, "stray.txt", "stray") }, false},
		{"an output file cut short", func() { os.WriteFile(filepath.Join(public, "index.html"), []byte("<p>"), 0o644) }, false},
		{"another base URL", func() { opts.BaseURL = "https://other.example.org/" }, false},
		{"drafts included", func() { opts.Drafts = true }, false},
		{"a day later, before the scheduled brief", func() { opts.Now = now.AddDate(0, 0, 1) }, true},
		{"the scheduled brief's date comes", func() { opts.Now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }, false},
		{"nothing changed at last", func() {}, true},
		// The news sitemap lists the briefs of the two days before the
		// build: a build when one leaves that window is not up to date.
		{"a brief of an hour ago", func() {
			writeSiteFile(t, dir, "content/briefs/fresh.md", previewBrief("Fresh", "2026-03-02T10:00:00Z", "Acme", "News."))
			opts.Now = time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC)
		}, false},
		{"a day later, the briefs still in the news window", func() { opts.Now = time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC) }, true},
		{"the scheduled brief leaves the news window", func() { opts.Now = time.Date(2026, 3, 3, 9, 0, 1, 0, time.UTC) }, false},
		{"the last brief leaves the news window", func() { opts.Now = time.Date(2026, 3, 4, 10, 0, 1, 0, time.UTC) }, false},
		{"nothing changed after it left", func() {}, true},
	}
	for _, step := range steps {
		step.change()
		res, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if res.UpToDate != step.upToDate {
			t.Errorf("%s: up to date %v, want %v", step.name, res.UpToDate, step.upToDate)
		}
		if res.UpToDate && (res.Written != 0 || res.Unchanged == 0 || res.Briefs == 0) {
			t.Errorf("%s: an up-to-date build reports %+v", step.name, res)
		}
		// Whatever happened, the output is what a fresh build writes.
		fresh := filepath.Join(t.TempDir(), "public")
		freshOpts := opts
		freshOpts.Destination = fresh
		if _, err := Build(context.Background(), freshOpts); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, public), readTree(t, fresh)
		for name, data := range want {
			if got[name] != data && name != ".gen-output" {
				t.Errorf("%s: %s differs from a fresh build", step.name, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: %s is left over", step.name, name)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(public, "briefs/later/index.html")); err != nil {
		t.Errorf("the scheduled brief was not published: %v", err)
	}
}

// readTree reads every file under dir, by slash-separated path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
