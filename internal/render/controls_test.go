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
