package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/theme"
)

// BenchmarkPreviewEdit rebuilds a generated 10,000-brief site after an
// edit to one brief, without the watcher and server around it.
//
//	go test ./internal/site -run '^$' -bench PreviewEdit
func BenchmarkPreviewEdit(b *testing.B) {
	p, dir, n := benchPreview(b)
	rel := "content/briefs/" + corpus.Slug(n/2) + ".md"
	rendered := 0
	defer func() { b.ReportMetric(float64(rendered), "pages-rendered") }()
	for i := -1; i < b.N; i++ {
		if i == 0 {
			b.ResetTimer() // after one edit that also changes the title
		}
		b.StopTimer()
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(corpus.Brief(n/2, n, "Edit "+strconv.Itoa(i))), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		_, res, err := p.Build(context.Background(), []string{rel})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		rendered = res.Rendered
		complete(b, p)
		b.StartTimer()
	}
}

// BenchmarkPreviewEditKinds rebuilds a generated site (10,000 briefs, or
// GEN_BENCH_BRIEFS) after each kind of edit the preview must handle,
// measured separately (issue 12): each iteration makes the edit, builds,
// undoes it and builds again, timing both builds up to what gen serve
// sends the reload after. The pages whose reads changed are rendered
// after that (Complete, which gen serve runs in the background), untimed;
// complete-ms/op reports that time.
//
//	go test ./internal/site -run '^$' -bench PreviewEditKinds -benchtime 10x
func BenchmarkPreviewEditKinds(b *testing.B) {
	p, dir, n := benchPreview(b)
	rel := "content/briefs/" + corpus.Slug(n/2) + ".md"
	original, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		b.Fatal(err)
	}
	text := string(original)
	// Each edit is a pair of (path, contents) writes: the edit and its
	// undoing; an empty contents removes the file.
	type write struct{ path, data string }
	replace := func(old, new string) []write {
		return []write{{rel, strings.Replace(text, old, new, 1)}, {rel, text}}
	}
	frontmatter := func(key string) string {
		_, rest, _ := strings.Cut(text, "\n"+key+": ")
		value, _, _ := strings.Cut(rest, "\n")
		return key + ": " + value
	}
	layout := "layouts/partials/footer.html"
	footer, err := fs.ReadFile(theme.FS, layout)
	if err != nil {
		b.Fatal(err)
	}
	newBrief := "content/briefs/" + corpus.Slug(n) + ".md"
	renamed := "content/briefs/renamed-brief.md"
	edits := []struct {
		name   string
		writes []write
	}{
		{"body", replace("\n## Why it matters", "\nOne more sentence.\n\n## Why it matters")},
		{"title", replace(`title: "`, `title: "Edited `)},
		{"date", replace(frontmatter("date"), "date: 2019-01-01T09:00:00Z")},
		{"company", replace(frontmatter("companies"), "companies: [Edited Co]")},
		{"topic", replace(frontmatter("topics"), "topics: [edited topic]")},
		{"new brief", []write{{newBrief, corpus.Brief(n, n+1, "new")}, {newBrief, ""}}},
		// A brief no other brief links to: the new one.
		{"deleted brief", []write{{newBrief, ""}, {newBrief, corpus.Brief(n, n+1, "new")}}},
		{"renamed file", []write{{renamed, corpus.Brief(n, n+1, "new")}, {newBrief, corpus.Brief(n, n+1, "new")}}},
		{"layout partial", []write{{layout, string(footer) + "<!-- edited -->\n"}, {layout, string(footer)}}},
	}
	for _, e := range edits {
		if e.name == "deleted brief" {
			// From here on the new brief is there, to delete and rename.
			os.WriteFile(filepath.Join(dir, newBrief), []byte(corpus.Brief(n, n+1, "new")), 0o644)
			if _, _, err := p.Build(context.Background(), []string{newBrief}); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(strings.ReplaceAll(e.name, " ", "-"), func(b *testing.B) {
			rendered, completing := 0, time.Duration(0)
			for b.Loop() {
				for _, w := range e.writes {
					b.StopTimer()
					changed := []string{w.path}
					if e.name == "renamed file" {
						// The new brief moves to renamed and back.
						other := newBrief
						if w.path == newBrief {
							other = renamed
						}
						os.Remove(filepath.Join(dir, other))
						changed = append(changed, other)
					}
					var err error
					if w.data == "" {
						err = os.Remove(filepath.Join(dir, w.path))
					} else {
						os.MkdirAll(filepath.Dir(filepath.Join(dir, w.path)), 0o755)
						err = os.WriteFile(filepath.Join(dir, w.path), []byte(w.data), 0o644)
					}
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					_, res, err := p.Build(context.Background(), changed)
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					rendered = res.Rendered
					completing += complete(b, p)
					b.StartTimer()
				}
			}
			os.Remove(filepath.Join(dir, layout))
			b.ReportMetric(float64(rendered), "pages-rendered")
			b.ReportMetric(float64(completing.Milliseconds())/float64(b.N), "complete-ms/op")
		})
	}
}

// benchPreview writes a generated site of 10,000 briefs (or
// GEN_BENCH_BRIEFS), on /dev/shm where there is one, and returns its
// preview after a first build, its folder and its number of briefs.
func benchPreview(b *testing.B) (p *Preview, dir string, n int) {
	n = 10000
	if v, err := strconv.Atoi(os.Getenv("GEN_BENCH_BRIEFS")); err == nil && v > 0 {
		n = v
	}
	dir = b.TempDir()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		dir, _ = os.MkdirTemp("/dev/shm", "gen-bench-")
		b.Cleanup(func() { os.RemoveAll(dir) })
	}
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	p = NewPreview(Options{SiteDir: dir, BaseURL: "http://127.0.0.1:1414/", Drafts: true, Future: true})
	if _, _, err := p.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	complete(b, p)
	return p, dir, n
}

// complete renders the pages a build left to render, as gen serve does
// after the reload, and returns how long it took.
func complete(b *testing.B, p *Preview) time.Duration {
	start := time.Now()
	if err := p.Complete(context.Background()); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}
