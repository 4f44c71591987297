package feeds

import (
	"slices"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/model"
)

// Every format the registry of page kinds names is in Formats, each
// format has its own file, and a kind naming a format Formats lacks is
// caught.
func TestFormatsOfKinds(t *testing.T) {
	files := map[string]bool{}
	for _, f := range Formats {
		if f.Name == "" || f.File == "" || f.MediaType == "" || f.Label == "" || f.Write == nil || files[f.File] {
			t.Errorf("format %+v is incomplete or shares its file", f)
		}
		files[f.File] = true
	}
	for _, k := range model.DefaultKinds() {
		if got := formatsOf(k); len(got) == 0 != (len(k.Feeds) == 0) {
			t.Errorf("kind %s: feeds %q give the formats %v", k.Name, k.Feeds, got)
		}
	}
	if got := formatsOf(&model.Kind{Name: "x", Feeds: []string{"atom", "rss"}}); !slices.EqualFunc(got, Formats[:2], func(a, b Format) bool { return a.Name == b.Name }) {
		t.Errorf("formats come in the registry's order: got %v", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `page kind "x" has feeds in the format "gopher"`) {
			t.Errorf("an unknown format: recovered %v", r)
		}
	}()
	formatsOf(&model.Kind{Name: "x", Feeds: []string{"gopher"}})
}
