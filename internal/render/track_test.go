package render

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/modeltest"
)

// TestRecordReads renders the brief aws.md of testSite (whose older brief
// is intel.md) with a custom brief layout, recording, and checks what the
// render read: the keys of model.Deps that must be among the reads, and
// ones that must not, for each construct a layout may use. Every recorded
// render must also write the bytes of the same render not recorded.
func TestRecordReads(t *testing.T) {
	tests := []struct {
		name, layout string
		want, not    []string
	}{
		{"own fields only", `{{.Title}} {{.Date}} {{.Content}}`,
			[]string{"p/briefs/aws/#0", "p/briefs/aws/#2"}, []string{"p/briefs/intel/#0", "lbriefs#0"}},
		{"the older brief's title", `{{with .Prev}}{{.Title}}{{end}}`,
			[]string{"p/briefs/intel/#0"}, []string{"p/briefs/intel/#1", "p/briefs/intel/#3", "p/briefs/intel/#4"}},
		{"the older brief's older brief", `{{with .Prev}}{{with .Prev}}{{.Title}}{{end}}{{end}}`,
			[]string{"p/briefs/intel/#4"}, []string{"p/briefs/intel/#0"}},
		{"a chain in one action", `{{if .Prev}}{{.Prev.Content}}{{end}}`,
			[]string{"p/briefs/intel/#3"}, []string{"p/briefs/intel/#0"}},
		{"a variable's fields", `{{$p := .Prev}}{{$p.Date}}`,
			[]string{"p/briefs/intel/#1"}, []string{"p/briefs/intel/#0"}},
		{"the site's briefs, counted", `{{len .Site.Briefs}}`,
			[]string{"lbriefs#0"}, []string{"p/briefs/intel/#0"}},
		{"the site's briefs, shown", `{{range .Site.Briefs}}{{.Title}}{{end}}`,
			[]string{"lbriefs#0", "p/briefs/intel/#0"}, []string{"p/briefs/intel/#2"}},
		{"a term's briefs", `{{range .TermLists}}{{range .Terms}}{{.Name}}{{range .Pages}}{{.Summary}}{{end}}{{end}}{{end}}`,
			[]string{"t/companies/amazon-web-services/#0", "t/companies/amazon-web-services/#1", "p/briefs/aws/#2"}, nil},
		{"the week's digest", `{{with .Week}}{{.Title}}{{range .Digest.Groups}}{{len .Briefs}}{{end}}{{end}}`,
			[]string{"p/digest/2026-w29/#0", "p/digest/2026-w29/#4", "d/digest/2026-w29/#0"}, nil},
		{"a partial given a page", `{{partial "older.html" .Prev}}`,
			[]string{"p/briefs/intel/#0"}, nil},
		{"a cached partial", `{{partialCached "older.html" .Prev}}{{partialCached "older.html" .Prev}}`,
			[]string{"p/briefs/intel/#0"}, nil},
		{"a method given a page", `{{range .Companies}}{{with .Via $.Page}}{{.Name}}{{end}}{{end}}`,
			[]string{"t/companies/amazon-web-services/#0"}, nil},
		{"the months of the site's briefs", `{{range months .Site.Briefs}}{{.Label}}{{end}}`,
			[]string{"lbriefs#0", "p/briefs/intel/#1"}, []string{"p/briefs/intel/#0"}},
		{"the navigation's sections", `{{range .Site.Sections}}{{.Title}}{{end}}{{if .Site.HasDigests}}d{{end}}`,
			[]string{"lsections#0", "p/briefs/#0", "lhas-digests#0"}, []string{"p/briefs/#5", "p/digest/#5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := testSite()
			files["layouts/brief.html"] = `{{define "main"}}` + tc.layout + `{{end}}`
			files["layouts/partials/older.html"] = `{{.Title}}`
			site, dir := modeltest.Model(t, files, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))
			plain, err := New(dir, site)
			if err != nil {
				t.Fatal(err)
			}
			recording, err := New(dir, site)
			if err != nil {
				t.Fatal(err)
			}
			deps := site.Deps(nil, nil)
			if err := recording.Record(deps); err != nil {
				t.Fatal(err)
			}
			for _, rd := range site.Renders {
				if rd.Path != "briefs/aws/index.html" {
					continue
				}
				var want, got bytes.Buffer
				if err := plain.Page(&want, rd); err != nil {
					t.Fatal(err)
				}
				reads, err := recording.Render(&got, rd)
				if err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("recorded render differs:\n%s\nwant\n%s", got.String(), want.String())
				}
				if reads == nil {
					t.Fatal("no reads recorded")
				}
				read := map[string]bool{}
				for _, id := range reads {
					read[deps.Keys[id]] = true
				}
				for _, k := range tc.want {
					if !read[k] {
						t.Errorf("%s not read; read %s", k, strings.Join(slices.Sorted(maps.Keys(read)), " "))
					}
				}
				for _, k := range tc.not {
					if read[k] {
						t.Errorf("%s read, want not", k)
					}
				}
			}
		})
	}
}
