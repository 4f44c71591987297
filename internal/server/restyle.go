package server

import (
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
// hash of its bytes, as package asset names it: its name without the hash
// is the first group.
var fingerprintedSheet = regexp.MustCompile(`^(.+)\.[0-9a-f]{16}\.css$`)

// integrityValue matches an integrity attribute's value, which names the
// same bytes as the file name it goes with.
var integrityValue = regexp.MustCompile(`integrity="[^"]*"`)

// restyle finds, among the URLs changed from the build old to new, the
// style sheets renamed and the pages whose only change is the name and
// integrity of those style sheets. It returns the renames by URL
// ("/css/gen.1….css" to "/css/gen.2….css") and the URLs of those pages.
func restyle(old, new map[string][]byte, changed []string) (renamed map[string]string, pages map[string]bool) {
	gone, added := map[string]string{}, map[string]string{}
	for _, u := range changed {
		p := route.File(u)
		m := fingerprintedSheet.FindStringSubmatch(p)
		switch {
		case m == nil:
		case new[p] == nil:
			gone[m[1]] = p
		case old[p] == nil:
			added[m[1]] = p
		}
	}
	var replace []string
	renamed = map[string]string{}
	for name, from := range gone {
		if to, ok := added[name]; ok {
			renamed[route.URL(from)] = route.URL(to)
			replace = append(replace, path.Base(from), path.Base(to))
		}
	}
	if len(renamed) == 0 {
		return nil, nil
	}
	r := strings.NewReplacer(replace...)
	pages = map[string]bool{}
	for _, u := range changed {
		p := route.File(u)
		prev, ok := old[p]
		if !ok || !strings.HasSuffix(p, ".html") || new[p] == nil {
			continue
		}
		if integrityValue.ReplaceAllString(r.Replace(string(prev)), "") == integrityValue.ReplaceAllString(string(new[p]), "") {
			pages[u] = true
		}
	}
	return renamed, pages
}
