package content

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestSavedPage checks that a page made from its saved form is the page
// read from its file, for frontmatter of every format and kind of value,
// and that a damaged saved form is an error, not a wrong page.
func TestSavedPage(t *testing.T) {
	tests := []struct{ name, file string }{
		{"yaml", "---\ntitle: T\ndate: 2026-01-02\ncompanies: [A, B]\ntopics: []\nkey_points:\n  - one\nsources:\n  - name: R\n    url: https://r.example/\nparams:\n  n: 3\n  big: 18446744073709551615\n  neg: -9223372036854775808\n  f: 1.5\n  ok: true\n  none: null\n  when: 2026-01-02T03:04:05+01:00\n  list: [1, \"two\", [3], {four: 4}]\n  nested: {a: {b: [c]}}\n---\nBody *here*\n"},
		{"toml", "+++\ntitle = \"T\"\ndate = 2026-01-02T03:04:05Z\n[params]\nday = 2026-01-02\nlocal = 2026-01-02T03:04:05.123\nclock = 03:04:05\noffset = 2026-01-02T03:04:05+05:30\nn = 7\nf = 2.5\nlist = [1, 2]\n+++\nBody\n"},
		{"json", "{\n\"title\": \"T\", \"date\": \"2026-01-02\", \"params\": {\"n\": 1e3, \"s\": \"x\", \"l\": [true, null]}\n}\n\nBody\n"},
		{"empty params", "---\ntitle: T\ndate: 2026-01-02\nparams: {}\n---\n"},
	}
	loc := time.FixedZone("X", 3600)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "briefs"), 0o755)
			if err := os.WriteFile(filepath.Join(dir, "briefs", "x.md"), []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := readPage(dir, "briefs/x.md", map[string]bool{}, newSchema(loc, nil), true)
			if err != nil {
				t.Fatal(err)
			}
			if p.Saved() == nil {
				t.Fatal("no saved form")
			}
			again, err := restorePage(dir, "briefs/x.md", map[string]bool{}, newSchema(loc, nil), p.Saved())
			if err != nil {
				t.Fatal(err)
			}
			again.Body = p.Body
			if !reflect.DeepEqual(p, again) {
				t.Fatalf("restored page differs:\n%#v\n%#v", p.Meta, again.Meta)
			}
			body, err := again.ReadBody()
			if err != nil || string(body) != string(p.Body) {
				t.Fatalf("restored page's body %q, %v; want %q", body, err, p.Body)
			}
			for i := range p.Saved() {
				if _, err := restorePage(dir, "briefs/x.md", map[string]bool{}, newSchema(loc, nil), p.Saved()[:i]); err == nil {
					t.Fatalf("a saved form cut to %d of %d bytes was restored", i, len(p.Saved()))
				}
			}
		})
	}
}
