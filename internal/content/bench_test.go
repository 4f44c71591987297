package content

import (
	"context"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
)

// BenchmarkLoad reads and decodes the frontmatter of a generated site of
// 1,000 briefs (go test ./internal/content -run '^$' -bench Load).
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		tree, err := LoadLazily(context.Background(), dir, time.UTC)
		if err != nil || len(tree.Pages) != 1000 {
			b.Fatalf("%d pages, %v", len(tree.Pages), err)
		}
	}
}
