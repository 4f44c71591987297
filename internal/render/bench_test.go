package render

import (
	"bytes"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/modeltest"
)

// BenchmarkPages executes the default theme's layouts for every page of a
// generated site of 1,000 briefs: briefs, lists, terms, digests
// (go test ./internal/render -run '^$' -bench Pages).
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 1000); err != nil {
		b.Fatal(err)
	}
	site := modeltest.Load(b, dir, time.Now())
	r, err := New(dir, site)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		r.ForgetPartials() // each round is a build's rendering pass
		for _, rd := range site.Renders {
			var buf bytes.Buffer
			if err := r.Page(&buf, rd); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(site.Renders)), "pages") // after ResetTimer, which clears metrics
}
