package main

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/search"
	"github.com/gen-briefs/gen/internal/site"
)

// TestSearchIndexSize builds the generated 10,000-brief site and checks
// that the most a query can download of its search index stays under
// 1.5 MB: meta.js, the word shards of two query words (the two largest),
// and a document chunk for each of the 20 results shown (the 20 largest).
func TestSearchIndexSize(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds 10,000 briefs; skipped with -short and -race")
	}
	const n, limit = 10000, 1_500_000
	dir := t.TempDir()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		if dir, err = os.MkdirTemp("/dev/shm", "gen-search-"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	if err := corpus.Write(dir, n); err != nil {
		t.Fatal(err)
	}
	mem := output.NewMemory()
	if _, err := site.BuildTo(context.Background(), site.Options{SiteDir: dir, NoCards: true}, mem); err != nil {
		t.Fatal(err)
	}
	var shards, chunks []int
	total := 0
	for path, data := range mem.Files() {
		name, ok := strings.CutPrefix(path, search.Dir)
		if !ok {
			continue
		}
		total += len(data)
		switch name[0] {
		case 'w':
			shards = append(shards, len(data))
		case 'd':
			chunks = append(chunks, len(data))
		}
	}
	if len(shards) != search.Shards(n) || len(chunks) != n/search.ChunkSize {
		t.Fatalf("%d shards and %d chunks, want %d and %d", len(shards), len(chunks), search.Shards(n), n/search.ChunkSize)
	}
	slices.Sort(shards)
	slices.Sort(chunks)
	query := len(mem.Files()[search.Dir+"meta.js"])
	for _, size := range shards[len(shards)-2:] {
		query += size
	}
	for _, size := range chunks[len(chunks)-20:] {
		query += size
	}
	t.Logf("search index of %d briefs: %d bytes in %d files; a query downloads at most %d bytes (largest shard %d, largest chunk %d)",
		n, total, len(shards)+len(chunks)+1, query, shards[len(shards)-1], chunks[len(chunks)-1])
	if query > limit {
		t.Errorf("a query can download %d bytes of the search index, more than %d", query, limit)
	}
}
