package render

import "testing"

func TestStripControls(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "<p>Plain é 日本 🙂\ttab\r\nline</p>\n", "<p>Plain é 日本 🙂\ttab\r\nline</p>\n"},
		{"BEL ESC BS", "a\x07b\x1b[31mc\x08d", "ab[31mcd"},
		{"NUL, form feed, vertical tab", "a\x00b\x0cc\x0bd", "abcd"},
		{"DEL", "a\x7fb", "ab"},
		{"C1", "a\u0080b\u009bc\u009fd\u00a0e", "abcd\u00a0e"},
		{"control at the ends", "\x1bmiddle\x07", "middle"},
		{"lone lead byte at the end", "a\xc2", "a\xc2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(StripControls([]byte(tt.in))); got != tt.want {
				t.Errorf("StripControls(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestStripControlsEveryOffset puts each character StripControls removes,
// and some it keeps, at every offset of pages longer than the eight bytes
// it scans at a time, against a byte-by-byte reading of the rule.
func TestStripControlsEveryOffset(t *testing.T) {
	var chars []string
	for c := rune(0); c < 0xa2; c++ {
		chars = append(chars, string(c))
	}
	chars = append(chars, "\u00c2", "\u0142", "日")
	naive := func(s string) string {
		var out []rune
		for _, r := range s {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) {
				continue
			}
			out = append(out, r)
		}
		return string(out)
	}
	filler := "<p>a line of text\n"
	for _, c := range chars {
		for off := 0; off <= len(filler); off++ {
			in := filler[:off] + c + filler[off:] + "tail"
			if got, want := string(StripControls([]byte(in))), naive(in); got != want {
				t.Fatalf("StripControls(%q) = %q, want %q", in, got, want)
			}
		}
	}
}
