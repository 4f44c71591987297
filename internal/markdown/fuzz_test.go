package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRender feeds arbitrary bodies to Render with a link resolver that
// fails for some links: it must not panic, must fail only with a
// *LinkError, and must never let a javascript: link through.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.md")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("- a\n- b\n\n[x](missing.md) [y](ok.md#f)\n\n## H\n"))
	r := New(Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := r.Render(src, RenderOptions{Links: &recorder{}, TakeKeyPoints: true})
		if err != nil {
			var le *LinkError
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T), want *LinkError", err, err)
			}
			lines, msgs := le.Lines()
			if len(lines) == 0 || len(lines) != len(msgs) {
				t.Fatalf("LinkError with %d lines and %d messages", len(lines), len(msgs))
			}
			return
		}
		if res.Words < 0 {
			t.Fatalf("Words = %d", res.Words)
		}
		if strings.Contains(strings.ToLower(res.HTML), `href="javascript:`) {
			t.Fatalf("javascript: link let through:\n%s", res.HTML)
		}
	})
}
