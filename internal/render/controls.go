package render

import (
	"encoding/binary"
	"unicode/utf8"
)

// StripControls removes from a rendered page the control characters HTML
// does not allow in a document: the C0 controls but tab, newline and
// carriage return, DEL, and the C1 controls (U+0080 to U+009F). They come
// from text a site does not control (a pasted title with an ESC, a BEL in
// a body) and do nothing in a browser but break tools that read the page;
// the feeds drop the C0 ones too, as XML forbids them. Pages without any
// are returned as they are.
func StripControls(page []byte) []byte {
	first := firstControl(page)
	if first < 0 {
		return page
	}
	out := make([]byte, first, len(page))
	copy(out, page[:first])
	for i := first; i < len(page); i++ {
		if isControlAt(page, i) {
			if page[i] == 0xc2 {
				i++ // the second byte of a C1 control
			}
			continue
		}
		out = append(out, page[i])
	}
	return out
}

// controlStart marks the bytes that start a control character
// StripControls removes: C0 controls but tab, newline and carriage return,
// DEL, and 0xC2, the first byte of the C1 controls' UTF-8 encoding.
var controlStart = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7f], t[0xc2] = true, true
	return t
}()

// isControlAt reports whether a control character StripControls removes
// starts at page[i].
func isControlAt(page []byte, i int) bool {
	if !controlStart[page[i]] {
		return false
	}
	if page[i] == 0xc2 {
		if i+1 >= len(page) {
			return false
		}
		r, _ := utf8.DecodeRune(page[i : i+2])
		return r >= 0x80 && r <= 0x9f
	}
	return true
}

// firstControl returns the index of the first control character
// StripControls removes in page, or -1. Pages are scanned eight bytes at
// a time: only a word holding a byte below 0x20 (as a newline is, which
// makes such words common), a DEL or a 0xC2 is looked at byte by byte.
func firstControl(page []byte) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	// hasLess and hasZero are the bit tricks of "Bit Twiddling Hacks":
	// whether some byte of x is below n, and whether one is zero.
	hasLess := func(x, n uint64) bool { return (x-ones*n)&^x&highs != 0 }
	hasZero := func(x uint64) bool { return (x-ones)&^x&highs != 0 }
	i := 0
	for ; i+8 <= len(page); i += 8 {
		x := binary.LittleEndian.Uint64(page[i:])
		if !hasLess(x, 0x20) && !hasZero(x^(ones*0x7f)) && !hasZero(x^(ones*0xc2)) {
			continue
		}
		for j := i; j < i+8; j++ {
			if isControlAt(page, j) {
				return j
			}
		}
	}
	for ; i < len(page); i++ {
		if isControlAt(page, i) {
			return i
		}
	}
	return -1
}
