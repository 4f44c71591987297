package site

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/gen-briefs/gen/internal/output"
)

// TestManySitesAtOnce builds eight different sites at the same time in one
// process, each twice, and checks every build equals the site's build made
// alone: no state is shared between builds.
func TestManySitesAtOnce(t *testing.T) {
	const n = 8
	dirs := make([]string, n)
	want := make([]map[string][]byte, n)
	for i := range n {
		dirs[i] = t.TempDir()
		writeSiteFile(t, dirs[i], "gen.toml", fmt.Sprintf("title = \"Site %d\"\npaginate = %d\n", i, 2+i%3))
		for j := range 5 + i {
			writeSiteFile(t, dirs[i], fmt.Sprintf("content/briefs/b%d.md", j),
				previewBrief(fmt.Sprintf("Brief %d of site %d", j, i), fmt.Sprintf("2025-02-%02dT09:00:00Z", j+1), []string{"AWS", "Google", "Meta"}[j%3], "Body [next](b0.md)."))
		}
		mem := output.NewMemory()
		if _, err := BuildTo(context.Background(), Options{SiteDir: dirs[i]}, mem); err != nil {
			t.Fatal(err)
		}
		want[i] = mem.Files()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		for range 2 {
			wg.Go(func() {
				mem := output.NewMemory()
				if _, err := BuildTo(context.Background(), Options{SiteDir: dirs[i]}, mem); err != nil {
					errs <- err
					return
				}
				got := mem.Files()
				if len(got) != len(want[i]) {
					errs <- fmt.Errorf("site %d: %d files, want %d", i, len(got), len(want[i]))
					return
				}
				for name, data := range want[i] {
					if !bytes.Equal(got[name], data) {
						errs <- fmt.Errorf("site %d: %s differs when built beside others", i, name)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
