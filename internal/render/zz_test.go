package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/model"
)

func BenchmarkZZBrief(b *testing.B) {
	cfg, _ := config.Load("/dev/shm/c1k")
	tree, _ := content.Load("/dev/shm/c1k", cfg.Location)
	s, err := model.Build(cfg, tree, markdown.New(markdown.Options{}), model.Options{Now: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	r, err := New("/dev/shm/c1k", s)
	if err != nil {
		b.Fatal(err)
	}
	var rd model.Render
	for _, x := range s.Renders {
		if x.Page.Kind == "brief" {
			rd = x
			break
		}
	}
	for _, name := range []string{"layouts/partials/head.html", "layouts/partials/header.html", "main", "layouts/base.html"} {
		b.Run(strings.TrimPrefix(name, "layouts/"), func(b *testing.B) {
			b.ReportAllocs()
			tpl := r.kinds["brief"]
			v := &View{Page: rd.Page, Site: r.site, Pager: rd.Pager}
			for range b.N {
				var buf bytes.Buffer
				if err := tpl.ExecuteTemplate(&buf, name, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
