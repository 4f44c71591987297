package render

import "unicode/utf8"

// StripControls removes from a rendered page the control characters HTML
// does not allow in a document: the C0 controls but tab, newline and
// carriage return, DEL, and the C1 controls (U+0080 to U+009F). They come
// from text a site does not control (a pasted title with an ESC, a BEL in
// a body) and do nothing in a browser but break tools that read the page;
// the feeds drop the C0 ones too, as XML forbids them. Pages without any
// are returned as they are.
func StripControls(page []byte) []byte {
	first := -1
	for i := 0; i < len(page); i++ {
		if isControlAt(page, i) {
			first = i
			break
		}
	}
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
