package main

import (
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// terminalWriter passes text to a terminal with its control characters
// made visible: every C0 control but tab and newline is written as \x1b,
// DEL and the C1 controls (U+0080 to U+009F) as \u007f and \u009b, and a
// byte that is not UTF-8 as \xNN. Messages quote file names, link targets
// and titles, text gen does not control: written raw, an escape sequence
// in one could retitle the window, hide a line or run a terminal command.
// The escapes keep the JSON of gen check --format json valid and equal:
// encoding/json has already escaped C0 controls and invalid bytes, and
// \u007f and \u009b are JSON escapes too.
//
// A rune cut in two by successive writes is held back until its end
// arrives (and lost if it never does). Writes may come from several
// goroutines.
type terminalWriter struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a rune cut by the end of the last write
	buf     []byte
}

// newTerminalWriter returns a terminalWriter writing to w.
func newTerminalWriter(w io.Writer) *terminalWriter {
	return &terminalWriter{w: w}
}

// Write escapes p into the underlying writer. It reports all of p written
// when the escaped text was.
func (t *terminalWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	in := p
	if len(t.pending) > 0 {
		in = append(t.pending, p...)
		t.pending = nil
	}
	out := t.buf[:0]
	for i := 0; i < len(in); {
		c := in[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				out = fmt.Appendf(out, `\x%02x`, c)
			} else if c == 0x7f {
				out = append(out, `\u007f`...)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(in[i:]) {
			// The start of a valid encoding (FullRune calls an invalid
			// one full): its end comes with the next write.
			t.pending = append(t.pending, in[i:]...)
			break
		}
		r, size := utf8.DecodeRune(in[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, c)
		case r >= 0x80 && r <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, in[i:i+size]...)
		}
		i += size
	}
	t.buf = out
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
