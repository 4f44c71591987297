package content

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// FuzzReadPage runs the whole brief parser, splitting and decoding, on any
// file: it must not panic, and an error must name the file and carry a
// line of it (from 1 to the number of lines, the empty one after a final
// newline included).
// It is seeded with the example site's briefs and the fuzz corpus in
// testdata/.
func FuzzReadPage(f *testing.F) {
	files, _ := filepath.Glob("../../content/briefs/*.md")
	more, _ := filepath.Glob("../../content/briefs/*/index.md")
	for _, name := range append(files, more...) {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("+++\ntitle = \"T\"\ndate = 2026-01-02T03:04:05\nsources = [{name = \"R\", url = \"https://r.example/\"}]\n+++\nBody\n"))
	f.Add([]byte("{\n\"title\": \"T\", \"date\": \"2026-01-02\", \"topics\": [\"a\"]\n}\n\nBody\n"))
	loc := time.FixedZone("X", 3600)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "briefs"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "briefs", "x.md"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := readPage(dir, "briefs/x.md", map[string]bool{}, newSchema(loc, nil), true)
		if err != nil {
			// Every problem of the file is reported, each on its line.
			errs := []error{err}
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				errs = j.Unwrap()
			}
			for _, err := range errs {
				e, ok := err.(*Error)
				if !ok || e.File != "content/briefs/x.md" {
					t.Fatalf("error %v (%T) does not name the file", err, err)
				}
				if lines := 1 + bytes.Count(data, []byte("\n")); e.Line < 1 || e.Line > lines {
					t.Fatalf("error %v is on line %d of a file of %d lines", err, e.Line, lines)
				}
			}
			return
		}
		if p.Meta == nil || p.Front == nil {
			t.Fatal("a page without frontmatter or meta")
		}
		if p.BodyLine < 1 {
			t.Fatalf("body line %d", p.BodyLine)
		}
		// The page made again from its saved form is the page read.
		if p.saved == nil {
			return
		}
		again, err := restorePage(dir, "briefs/x.md", map[string]bool{}, newSchema(loc, nil), p.saved)
		if err != nil {
			t.Fatalf("restoring the saved page: %v", err)
		}
		again.Body = p.Body
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("restored page differs:\n%#v\n%#v\nmeta %#v\n%#v", p, again, p.Meta, again.Meta)
		}
	})
}
