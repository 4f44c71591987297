package model

import (
	"strings"
	"unicode"
)

// Slugify turns a name into a URL path segment: lower-case letters and
// digits joined by single hyphens. "Amazon Web Services" gives
// "amazon-web-services"; a name with no letter or digit gives "".
func Slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		switch {
		case r == '+':
			// "C++" and "Disney+" keep their meaning.
			if b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteString("plus")
			dash = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r == '\'' || r == '’':
			// "Moody's" gives "moodys".
		default:
			dash = true
		}
	}
	return b.String()
}
