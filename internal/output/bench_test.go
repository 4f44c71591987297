package output

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWrite writes 1,000 pages of 20 KB into a new output folder and
// swaps it in, on a RAM disk where there is one
// (go test ./internal/output -run '^$' -bench Write).
func BenchmarkWrite(b *testing.B) {
	parent := b.TempDir()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "gen-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		parent = dir
	}
	page := make([]byte, 20<<10)
	for i := range page {
		page[i] = byte('a' + i%26)
	}
	for i := range b.N {
		dest := filepath.Join(parent, fmt.Sprintf("public-%d", i))
		w, err := Begin(dest)
		if err != nil {
			b.Fatal(err)
		}
		for j := range 1000 {
			if err := w.WriteFile(fmt.Sprintf("briefs/brief-%04d/index.html", j), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
