package server

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"path"
	"regexp"
	"strings"

	"github.com/gen-briefs/gen/internal/route"
)

// A build names each style sheet by a hash of its bytes, and every page
// links it by that name, so an edit to a style sheet changes every page.
// The preview still applies such an edit without reloading the tabs: a
// page whose only change is the new name (and integrity) of a style sheet
// is restyled in place.

// fingerprintedSheet matches the path of a style sheet's copy named by a
// hash of its bytes: its name without the hash is the first group.
var fingerprintedSheet = regexp.MustCompile(`^(.+)\.[0-9a-f]{16}\.css$`)

// restyle finds the style sheets a build renamed and, among the changed
// pages, those whose only change is the name and integrity of those style
// sheets. It returns the renames by URL ("/css/gen.1….css" to
// "/css/gen.2….css") and the URLs of those pages.
func restyle(old, new map[string][]byte) (renamed map[string]string, pages map[string]bool) {
	gone, added := map[string]string{}, map[string]string{}
	for p := range old {
		if m := fingerprintedSheet.FindStringSubmatch(p); m != nil && new[p] == nil {
			gone[m[1]] = p
		}
	}
	for p := range new {
		if m := fingerprintedSheet.FindStringSubmatch(p); m != nil && old[p] == nil {
			added[m[1]] = p
		}
	}
	var replace []string
	renamed = map[string]string{}
	for name, from := range gone {
		to, ok := added[name]
		if !ok {
			continue
		}
		renamed[route.URL(from)] = route.URL(to)
		replace = append(replace, path.Base(from), path.Base(to))
		for _, escaped := range []bool{false, true} {
			replace = append(replace, integrity(old[from], escaped), integrity(new[to], escaped))
		}
	}
	if len(renamed) == 0 {
		return nil, nil
	}
	r := strings.NewReplacer(replace...)
	pages = map[string]bool{}
	for p, data := range new {
		prev, ok := old[p]
		if !ok || !strings.HasSuffix(p, ".html") || bytes.Equal(prev, data) {
			continue
		}
		if r.Replace(string(prev)) == string(data) {
			pages[route.URL(p)] = true
		}
	}
	return renamed, pages
}

// integrity is the integrity attribute of a file of bytes data, as a page
// carries it; escaped, as html/template writes it in an attribute.
func integrity(data []byte, escaped bool) string {
	sum := sha512.Sum384(data)
	s := "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
	if escaped {
		s = strings.ReplaceAll(s, "+", "&#43;")
	}
	return s
}
