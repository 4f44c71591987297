package markdown

import (
	"bytes"
	"testing"

	"github.com/gen-briefs/gen/internal/corpus"
)

// BenchmarkRender renders the bodies of 100 generated briefs to HTML,
// with key points, headings and a table of contents
// (go test ./internal/markdown -run '^$' -bench Render).
func BenchmarkRender(b *testing.B) {
	var bodies [][]byte
	for i := range 100 {
		text := corpus.Brief(i, 100, "")
		_, body, _ := bytes.Cut([]byte(text[4:]), []byte("\n---\n"))
		bodies = append(bodies, body)
	}
	r := New(Options{})
	b.ResetTimer()
	for range b.N {
		for _, body := range bodies {
			if _, err := r.Render(body, RenderOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
