package render

import (
	"bytes"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/model"
)

func TestZZPartials(t *testing.T) {
	cfg, err := config.Load("/dev/shm/c1k")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := content.Load("/dev/shm/c1k", cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	s, err := model.Build(cfg, tree, markdown.New(markdown.Options{}), model.Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New("/dev/shm/c1k", s)
	if err != nil {
		t.Fatal(err)
	}
	var rd model.Render
	for _, x := range s.Renders {
		if x.Page.Kind == "brief" {
			rd = x
			break
		}
	}
	tpl := r.kinds["brief"]
	v := &View{Page: rd.Page, Site: r.site, Pager: rd.Pager}
	for _, name := range []string{"layouts/partials/head.html", "layouts/partials/header.html", "layouts/partials/footer.html", "main", "layouts/base.html"} {
		start := time.Now()
		for range 2000 {
			var buf bytes.Buffer
			if err := tpl.ExecuteTemplate(&buf, name, v); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%-35s %6.1f µs", name, float64(time.Since(start).Microseconds())/2000)
	}
}
