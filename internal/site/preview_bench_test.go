package site

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gen-briefs/gen/internal/corpus"
)

// BenchmarkPreviewEdit rebuilds a generated 10,000-brief site after an
// edit to one brief, without the watcher and server around it.
//
//	go test ./internal/site -run '^$' -bench PreviewEdit
func BenchmarkPreviewEdit(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("GEN_BENCH_BRIEFS")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		dir, _ = os.MkdirTemp("/dev/shm", "gen-bench-")
		defer os.RemoveAll(dir)
	}
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	p := NewPreview(Options{SiteDir: dir, BaseURL: "http://127.0.0.1:1414/", Drafts: true, Future: true})
	if _, _, err := p.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
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
		rendered = res.Rendered
	}
}
