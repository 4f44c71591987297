package site

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/output"
)

// TestDeferredEqualsEager builds sites the way gen build does (Markdown
// read and rendered as each page is written) and the way gen check does
// (everything rendered first), and checks the outputs are the same.
func TestDeferredEqualsEager(t *testing.T) {
	mixed := t.TempDir()
	writeSiteFile(t, mixed, "gen.toml", "title = \"Mixed\"\n[feeds]\ncontent = \"full\"\nsize = 2\n")
	writeSiteFile(t, mixed, "content/briefs/points.md", "---\ntitle: With key points\ndate: 2026-01-02T09:00:00Z\nkey_points: [One., Two.]\ntopics: [chips]\n---\n## What happened\nText with [a link](bare.md).\n\n## Why it matters\nMore.\n\n## Also read\nNone.\n")
	writeSiteFile(t, mixed, "content/briefs/bare.md", "---\ntitle: Key points from the body\ndate: 2026-01-03T09:00:00Z\ntopics: [chips]\n---\n- First.\n- Second.\n\nText.\n")
	writeSiteFile(t, mixed, "content/briefs/old.md", "---\ntitle: Old\ndate: 2025-01-03T09:00:00Z\nkey_points: [Old point.]\n---\nOld text, linking [about](../about.md).\n")
	writeSiteFile(t, mixed, "content/about.md", "---\ntitle: About\n---\nThe lead of the about page.\n\n## More\nText.\n")
	big := t.TempDir()
	if err := corpus.Write(big, 120); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"example site": "../..", "mixed": mixed, "corpus": big} {
		t.Run(name, func(t *testing.T) {
			opts := Options{SiteDir: dir, Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
			deferred := output.NewMemory()
			if _, err := BuildTo(context.Background(), opts, deferred); err != nil {
				t.Fatal(err)
			}
			_, s, r, err := load(context.Background(), &opts, opts.Now, true, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			eager := output.NewMemory()
			if _, err := write(context.Background(), opts, s, r, eager, nil, newResult(s, "")); err != nil {
				t.Fatal(err)
			}
			got, want := deferred.Files(), eager.Files()
			if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
				t.Fatalf("the builds wrote different files")
			}
			for name, data := range want {
				if string(got[name]) != string(data) {
					t.Errorf("%s differs", name)
				}
			}
		})
	}
}

// TestDeferredBrokenLink checks that a broken link in a brief whose
// Markdown is rendered with its page still fails the build, with the
// file and line.
func TestDeferredBrokenLink(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "content/briefs/a.md", "---\ntitle: A\ndate: 2026-01-02T09:00:00Z\nkey_points: [One., Two.]\n---\nFirst line.\n\nSee [the missing brief](missing.md).\n")
	_, err := BuildTo(context.Background(), Options{SiteDir: dir}, output.NewMemory())
	if err == nil || !strings.Contains(err.Error(), "content/briefs/a.md:8") || !strings.Contains(err.Error(), "missing.md") {
		t.Fatalf("error = %v, want one at content/briefs/a.md:8 naming missing.md", err)
	}
}
