// Package modeltest builds the model of a small test site, for the tests
// of the packages after model in the pipeline.
package modeltest

import (
	"context"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/sitetest"
)

// Model writes files into a new temporary site and builds its model as of
// now; it returns the site folder too.
func Model(t testing.TB, files map[string]string, now time.Time) (*model.Site, string) {
	t.Helper()
	dir := sitetest.Write(t, files)
	return Load(t, dir, now), dir
}

// Load builds the model of the site in dir as of now.
func Load(t testing.TB, dir string, now time.Time) *model.Site {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := content.Load(context.Background(), dir, cfg.Location, cfg.TermKeys()...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := model.Build(cfg, tree, markdown.New(markdown.Options{}), model.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
