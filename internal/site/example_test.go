package site_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gen-briefs/gen/internal/site"
)

// ExampleBuild builds a one-brief site and lists where the brief went.
func ExampleBuild() {
	dir, _ := os.MkdirTemp("", "gen-example-")
	defer os.RemoveAll(dir)
	brief := "---\ntitle: Chipmaker raises prices\ndate: 2026-05-04T08:00:00Z\ncompanies: [TSMC]\n---\nBody.\n"
	os.MkdirAll(filepath.Join(dir, "content", "briefs"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "briefs", "tsmc-prices.md"), []byte(brief), 0o644)

	res, err := site.Build(context.Background(), site.Options{SiteDir: dir, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = os.Stat(filepath.Join(dir, "public", "briefs", "tsmc-prices", "index.html"))
	fmt.Println(res.Briefs, "brief,", res.Terms, "term; page written:", err == nil)
	// Output: 1 brief, 1 term; page written: true
}
