package render

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/net/html"
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
// A srcset's value is a list of them, each rewritten (rewriteSrcset).
var linkAttrs = [...]string{"href", "src", "action", "poster", "srcset"}

// isLinkAttr reports whether an attribute name, in any case, is one of
// linkAttrs.
func isLinkAttr(name []byte) bool {
	for _, a := range linkAttrs {
		if equalFoldASCII(name, a) {
			return true
		}
	}
	return false
}

// mayHoldLink reports whether the raw text of a tag holds the name of one
// of linkAttrs, in any case: most tags do not, and are passed over.
func mayHoldLink(raw []byte) bool {
	for i := range raw {
		for _, a := range linkAttrs {
			if i+len(a) <= len(raw) && equalFoldASCII(raw[i:i+len(a)], a) {
				return true
			}
		}
	}
	return false
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFoldASCII reports whether b is s, ignoring the case of ASCII
// letters (the only case the tokenizer folds).
func equalFoldASCII[S string | []byte](b []byte, s S) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if lowerASCII(b[i]) != lowerASCII(s[i]) {
			return false
		}
	}
	return true
}

// RewriteLinks rewrites root-relative href, src, action, poster and srcset values
// in src, rendered for the page at pageURL, as mode says; basePath is the
// path of the site's base URL ("/" or "/repo/"). What is a tag and what is
// an attribute is what golang.org/x/net/html's tokenizer says, so text,
// comments and the contents of script and style elements are left alone
// (those of noscript are HTML to a browser without scripts, and are read),
// as are network-path references ("//host/", "/\host/"). Everything but
// the rewritten values is copied byte for byte.
func RewriteLinks(src []byte, pageURL, basePath string, mode LinkMode) []byte {
	out, changed := appendLinks(nil, src, pageURL, basePath, mode)
	if !changed {
		return src
	}
	return out
}

// appendLinks appends src to out with its links rewritten as RewriteLinks
// says, and reports whether any was.
func appendLinks(out, src []byte, pageURL, basePath string, mode LinkMode) (_ []byte, changed bool) {
	last := 0 // src[:last] is in out
	var spans []tagAttr
	z := html.NewTokenizer(bytes.NewReader(src))
	for pos := 0; ; {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		tagStart := pos
		pos += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		// The tag is looked at in raw, not with z.TagName, which copies
		// the name: most tags are passed over.
		if len(raw) > len("<noscript") && equalFoldASCII(raw[1:len("<noscript")], "noscript") && isTagEnd(raw[len("<noscript")]) {
			// Without scripts, a browser reads noscript's content as
			// HTML, links included.
			z.NextIsNotRawText()
		}
		if !bytes.ContainsAny(raw, "/&") || !mayHoldLink(raw) {
			continue // no attribute that can hold a rooted path
		}
		// The tokenizer gives each attribute's name and decoded value but
		// not where they stand; tagAttrs finds them in raw by the same
		// rules, and must find the tokenizer's names.
		spans = tagAttrs(spans[:0], raw)
		if !decodeAttrs(z, raw, spans) {
			continue
		}
		for _, a := range spans {
			if !isLinkAttr(raw[a.name[0]:a.name[1]]) {
				continue
			}
			val := a.value
			srcset := equalFoldASCII(raw[a.name[0]:a.name[1]], "srcset")
			if !a.first || !srcset && (!strings.HasPrefix(val, "/") || strings.HasPrefix(val, "//") || strings.HasPrefix(val, "/\\")) {
				continue
			}
			rawVal := src[tagStart+a.val[0] : tagStart+a.val[1]]
			// Values without character references (all that gen's layouts
			// and Markdown make, but for "&amp;" in queries) are rewritten
			// as written; others as decoded, then escaped again.
			rw := rewrite
			if srcset {
				rw = rewriteSrcset
			}
			repl, want := rw(string(rawVal), pageURL, basePath, mode), rw(val, pageURL, basePath, mode)
			if html.UnescapeString(repl) != want {
				repl = html.EscapeString(want)
			}
			if !changed {
				out = slices.Grow(out, len(src)+len(src)/16)
				changed = true
			}
			out = append(out, src[last:tagStart+a.val[0]]...)
			out = append(out, repl...)
			last = tagStart + a.val[1]
		}
	}
	if !changed {
		return out, false // src is the page as it is
	}
	return append(out, src[last:]...), true
}

// tagAttr is where one attribute stands in a tag's raw text.
type tagAttr struct {
	// name is the start and end of its name.
	name [2]int
	// val is the start and end of its value, without quotes.
	val [2]int
	// first is set for the first attribute of its name; the tokenizer and
	// browsers drop the others.
	first bool
	// value is the value as the tokenizer decoded it, for the first of
	// the linkAttrs.
	value string
}

// tagAttrs appends to attrs the attributes of the raw start tag t
// ("<a href=x>"), read by the rules of x/net/html's Tokenizer.readTag,
// duplicates included.
func tagAttrs(attrs []tagAttr, t []byte) []tagAttr {
	i := 1
	isSpace := func(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }
	skipSpace := func() {
		for i < len(t) && isSpace(t[i]) {
			i++
		}
	}
	// The tag name.
	for i < len(t) && !isSpace(t[i]) && t[i] != '/' && t[i] != '>' {
		i++
	}
	for skipSpace(); i < len(t) && t[i] != '>'; skipSpace() {
		// The name: up to space, "/", ">" or an "=" that is not its
		// first byte.
		k := i
		for i++; i < len(t) && !isSpace(t[i]) && t[i] != '/' && t[i] != '>' && t[i] != '='; i++ {
		}
		if t[k] == '/' || t[k] == '>' || isSpace(t[k]) {
			i = k // a name never starts there: the byte is read below
		}
		a := tagAttr{name: [2]int{k, i}, val: [2]int{i, i}}
		// The value.
		skipSpace()
		if i < len(t) && t[i] == '/' {
			i++
		} else if i < len(t) && t[i] == '=' {
			i++
			skipSpace()
			switch {
			case i >= len(t) || t[i] == '>':
			case t[i] == '"' || t[i] == '\'':
				q := t[i]
				i++
				a.val[0] = i
				for i < len(t) && t[i] != q {
					i++
				}
				a.val[1] = i
				if i < len(t) {
					i++
				}
			default:
				a.val[0] = i
				for i < len(t) && !isSpace(t[i]) && t[i] != '>' {
					i++
				}
				a.val[1] = i
			}
		}
		if a.name[1] > a.name[0] {
			attrs = append(attrs, a)
		}
	}
	return attrs
}

// decodeAttrs sets first, and for the first of linkAttrs value, in each
// of spans from the attributes of z's current tag. It reports false when
// the tokenizer's names are not those of spans.
func decodeAttrs(z *html.Tokenizer, raw []byte, spans []tagAttr) bool {
	nameOf := func(a tagAttr) []byte { return raw[a.name[0]:a.name[1]] }
	more := len(spans) > 0
	for k := range spans {
		a := &spans[k]
		if slices.ContainsFunc(spans[:k], func(b tagAttr) bool { return equalFoldASCII(nameOf(*a), nameOf(b)) }) {
			continue
		}
		if !more {
			return false
		}
		var key, val []byte
		key, val, more = z.TagAttr()
		if key == nil || !equalFoldASCII(key, nameOf(*a)) {
			return false // no attribute left, or another
		}
		a.first = true
		if isLinkAttr(key) {
			a.value = string(val)
		}
	}
	return !more
}

// isTagEnd reports whether c ends a tag's name.
func isTagEnd(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '/' || c == '>'
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

// rewriteSrcset maps each root-relative address of a srcset value
// ("/img/a-480.webp 480w, /img/a-960.webp 960w"), keeping the others and
// the descriptors as they are.
func rewriteSrcset(set, pageURL, basePath string, mode LinkMode) string {
	var b strings.Builder
	for i, c := range strings.Split(set, ",") {
		if i > 0 {
			b.WriteString(",")
		}
		lead := len(c) - len(strings.TrimLeft(c, " \t\n\r\f"))
		u, rest, _ := strings.Cut(c[lead:], " ")
		if rest != "" || strings.HasSuffix(c, " ") {
			rest = " " + rest
		}
		b.WriteString(c[:lead])
		if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.HasPrefix(u, "/\\") {
			u = rewrite(u, pageURL, basePath, mode)
		}
		b.WriteString(u + rest)
	}
	return b.String()
}

// relPath returns the path of target relative to the folder of the page at
// from; both start with "/".
func relPath(from, target string) string {
	// Browsers read a backslash in an http(s) path as a slash, so the
	// page's folders are counted as they will.
	from = strings.ReplaceAll(from, "\\", "/")
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
	if up == 0 {
		// "./" keeps rest a path: "a:b/" would be a scheme, "/x" rooted
		// and "//x/" a host; and it keeps an unquoted attribute value
		// unquoted: one starting with a quote or "=" would be read
		// otherwise.
		first, _, _ := strings.Cut(rest, "/")
		if rest == "" || strings.ContainsAny(rest[:1], "/\"'=<`") || strings.Contains(first, ":") {
			return "./" + rest
		}
	}
	return strings.Repeat("../", up) + rest
}
