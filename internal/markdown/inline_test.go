package markdown

import "testing"

// TestInline renders key points: inline Markdown becomes HTML with no
// paragraph around it, block Markdown and (when safe) raw HTML are shown
// as written, escaped, and the text is the plain words.
func TestInline(t *testing.T) {
	tests := []struct {
		src        string
		unsafe     bool
		html, text string
	}{
		{"The *license* is **strict**", false, "The <em>license</em> is <strong>strict</strong>", "The license is strict"},
		{"Run `go test` and see [docs](https://example.org/a?b=1&c=2).", false,
			`Run <code>go test</code> and see <a href="https://example.org/a?b=1&amp;c=2">docs</a>.`, "Run go test and see docs."},
		{"<script>alert(1)</script> x", false, "&lt;script&gt;alert(1)&lt;/script&gt; x", "<script>alert(1)</script> x"},
		{"<script>alert(1)</script> x", true, "&lt;script&gt;alert(1)&lt;/script&gt; x", "<script>alert(1)</script> x"},
		{"a <b>bold</b> tag", false, "a &lt;b&gt;bold&lt;/b&gt; tag", "a <b>bold</b> tag"},
		{"a <b>bold</b> tag", true, "a <b>bold</b> tag", "a bold tag"},
		{"# not a heading", false, "# not a heading", "# not a heading"},
		{"- not a list", false, "- not a list", "- not a list"},
		{"[x](javascript:alert(1))", false, `<a href="">x</a>`, "x"},
		{"it's \"quoted\" & a<b", false, "it’s “quoted” &amp; a&lt;b", "it’s “quoted” & a<b"},
	}
	for _, tt := range tests {
		h, text, err := New(Options{Unsafe: tt.unsafe}).Inline(tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if h != tt.html || text != tt.text {
			t.Errorf("Inline(%q), unsafe %v = %q, %q; want %q, %q", tt.src, tt.unsafe, h, text, tt.html, tt.text)
		}
	}
}
