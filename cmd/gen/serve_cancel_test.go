package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/watch"
)

// TestServeNewerChangeCancelsRebuild saves a brief while the preview
// rebuilds a site of 2,000 briefs after a change to gen.toml: the running
// rebuild is cancelled and one rebuild takes both changes, instead of the
// preview finishing a build of files that are already out of date first.
func TestServeNewerChangeCancelsRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("serves a site of 2,000 briefs")
	}
	site := t.TempDir()
	briefs := 2000
	if raceEnabled {
		briefs = 400
	}
	if err := corpus.Write(site, briefs); err != nil {
		t.Fatal(err)
	}
	brief := filepath.Join(site, "content", "briefs", "watched.md")
	writeFile(t, brief, []byte("---\ntitle: Old headline\ndate: 2025-06-01T09:00:00Z\n---\nText.\n"))
	start := time.Now()
	p := startServe(t, site)
	firstBuild := time.Since(start)

	config, err := os.ReadFile(filepath.Join(site, "gen.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(site, "gen.toml"), append(config, []byte("\n# changed\n")...))
	// The rebuild after gen.toml builds everything, as long as the first
	// build took: a quarter of that in, it is still running.
	time.Sleep(firstBuild / 4)
	writeFile(t, brief, []byte("---\ntitle: New headline\ndate: 2025-06-01T09:00:00Z\n---\nText.\n"))

	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(p.stdout.String(), "Rebuilt") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(firstBuild / 2) // room for a second, wrong, rebuild line
	var rebuilds []string
	for _, line := range strings.Split(p.stdout.String(), "\n") {
		if strings.HasPrefix(line, "Rebuilt") {
			rebuilds = append(rebuilds, line)
		}
	}
	if len(rebuilds) != 1 || !strings.Contains(rebuilds[0], "after 2 changes") {
		t.Fatalf("first build took %v; rebuilds:\n%s\nwant one rebuild after 2 changes", firstBuild, strings.Join(rebuilds, "\n"))
	}
	if _, _, body := p.get(t, "/briefs/watched/"); !strings.Contains(body, "New headline") {
		t.Errorf("the page does not show the new headline")
	}
}

// TestMergeBatches checks the changes a rebuild that replaces a cancelled
// one is told of: each path once, as the newer batch saw it, and
// everything when either batch says so.
func TestMergeBatches(t *testing.T) {
	md := func(p string, removed bool) watch.Change {
		return watch.Change{Path: p, Kind: watch.Content, Removed: removed}
	}
	for _, tc := range []struct {
		name                   string
		cancelled, newer, want []watch.Change
	}{
		{"apart", []watch.Change{md("a.md", false)}, []watch.Change{md("b.md", false)}, []watch.Change{md("a.md", false), md("b.md", false)}},
		{"one save in two batches", []watch.Change{md("a.md", false), md("b.md", false)}, []watch.Change{md("b.md", false)}, []watch.Change{md("a.md", false), md("b.md", false)}},
		{"written, then removed", []watch.Change{md("a.md", false)}, []watch.Change{md("a.md", true)}, []watch.Change{md("a.md", true)}},
		{"everything, then a file", nil, []watch.Change{md("a.md", false)}, nil},
		{"a file, then everything", []watch.Change{md("a.md", false)}, nil, nil},
	} {
		cancelled := slices.Clone(tc.cancelled)
		if got := mergeBatches(tc.cancelled, tc.newer); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
		if !slices.Equal(cancelled, tc.cancelled) {
			t.Errorf("%s: the cancelled batch was changed", tc.name)
		}
	}
}
