package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzRender feeds arbitrary bodies to Render with a link resolver that
// fails for some links: it must not panic, must fail only with a
// *LinkError, and, read with x/net/html's tokenizer, its HTML must have no
// event-handler attribute (on...) and no attribute whose value is a
// javascript:, vbscript: or data: URL.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.md")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("- a\n- b\n\n[x](missing.md) [y](ok.md#f)\n\n## H\n"))
	f.Add([]byte("[a](javascript:alert(1)) [b](JaVa\tScRiPt:x) ![c](data:image/png;base64,AA) <a href=\"data:x\" onclick=\"x\">d</a>\n\n<img src=x onerror=alert(1)>\n"))
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
		z := html.NewTokenizer(strings.NewReader(res.HTML))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			for _, a := range z.Token().Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Fatalf("event handler %s=%q let through:\n%s", a.Key, a.Val, res.HTML)
				}
				if s := scheme(a.Val); s == "javascript" || s == "vbscript" || s == "data" {
					t.Fatalf("%s: URL in %s=%q let through:\n%s", s, a.Key, a.Val, res.HTML)
				}
			}
		}
	})
}

// scheme returns the lower-case scheme of a URL as a browser reads it:
// leading spaces and control characters dropped, tabs and newlines
// removed anywhere; "" when it has none.
func scheme(u string) string {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	i := strings.IndexByte(u, ':')
	if i < 1 {
		return ""
	}
	for j, c := range u[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return strings.ToLower(u[:i])
}
