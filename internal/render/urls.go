package render

import (
	"bytes"
	"strings"
)

// LinkMode says how root-relative links in rendered HTML are written.
type LinkMode int

const (
	// LinksRelative rewrites "/briefs/x/" into a path relative to the page,
	// so the site works under any base path.
	LinksRelative LinkMode = iota
	// LinksLocal is LinksRelative plus "index.html" on folder links, so the
	// site can be opened from disk without a web server.
	LinksLocal
	// LinksRooted prefixes the base URL's path, for pages such as 404.html
	// that are served at any address.
	LinksRooted
)

// linkAttrs are the attributes whose root-relative values are rewritten.
var linkAttrs = []string{"href", "src", "action", "poster"}

// RewriteLinks rewrites root-relative href, src, action and poster values
// in html, rendered for the page at pageURL, as mode says; basePath is the
// path of the site's base URL ("/" or "/repo/"). Values in either kind of
// quotes are rewritten, wherever the attribute stands in its tag.
func RewriteLinks(html []byte, pageURL, basePath string, mode LinkMode) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(html); i++ {
		j := bytes.IndexByte(html[i:], '=')
		if j < 0 {
			break
		}
		i += j
		if i+2 >= len(html) || (html[i+1] != '"' && html[i+1] != '\'') || html[i+2] != '/' || !isLinkAttr(html, i) {
			continue
		}
		quote := html[i+1]
		valStart := i + 2
		end := bytes.IndexByte(html[valStart:], quote)
		if end < 0 {
			break
		}
		val := string(html[valStart : valStart+end])
		i = valStart + end
		if strings.HasPrefix(val, "//") {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(html)+len(html)/16)
		}
		out = append(out, html[last:valStart]...)
		out = append(out, rewrite(val, pageURL, basePath, mode)...)
		last = i
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// isLinkAttr reports whether the "=" at eq follows one of linkAttrs,
// itself after white space.
func isLinkAttr(html []byte, eq int) bool {
	start := eq
	for start > 0 && html[start-1] >= 'a' && html[start-1] <= 'z' {
		start--
	}
	if start == 0 || start == eq {
		return false
	}
	switch html[start-1] {
	case ' ', '\n', '\t', '\r', '\f':
	default:
		return false
	}
	name := string(html[start:eq])
	for _, a := range linkAttrs {
		if name == a {
			return true
		}
	}
	return false
}

// rewrite maps one root-relative target.
func rewrite(target, pageURL, basePath string, mode LinkMode) string {
	p, suffix := target, ""
	if k := strings.IndexAny(target, "?#"); k >= 0 {
		p, suffix = target[:k], target[k:]
	}
	if mode == LinksRooted {
		return strings.TrimSuffix(basePath, "/") + p + suffix
	}
	if mode == LinksLocal && strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return relPath(pageURL, p) + suffix
}

// relPath returns the path of target relative to the folder of the page at
// from; both start with "/".
func relPath(from, target string) string {
	dir := from[:strings.LastIndexByte(from, '/')+1]
	// Find the longest common folder prefix.
	common := 0
	for k := 0; k < len(dir) && k < len(target); k++ {
		if dir[k] != target[k] {
			break
		}
		if dir[k] == '/' {
			common = k + 1
		}
	}
	up := strings.Count(dir[common:], "/")
	rest := target[common:]
	if up == 0 && rest == "" {
		return "./"
	}
	return strings.Repeat("../", up) + rest
}
