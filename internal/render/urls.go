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

// isLinkAttr reports whether an attribute name, in any case, is one whose
// root-relative values are rewritten.
func isLinkAttr(name []byte) bool {
	for _, a := range [...]string{"href", "src", "action", "poster"} {
		if len(name) == len(a) && bytes.EqualFold(name, []byte(a)) {
			return true
		}
	}
	return false
}

// RewriteLinks rewrites root-relative href, src, action and poster values
// in src, rendered for the page at pageURL, as mode says; basePath is the
// path of the site's base URL ("/" or "/repo/"). What is a tag and what is
// an attribute is what golang.org/x/net/html's tokenizer says, so text,
// comments and the contents of script and style elements are left alone
// (those of noscript are HTML to a browser without scripts, and are read),
// as are network-path references ("//host/", "/\host/"). Everything but
// the rewritten values is copied byte for byte.
func RewriteLinks(src []byte, pageURL, basePath string, mode LinkMode) []byte {
	var out []byte
	last := 0 // src[:last] is in out
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
		name, hasAttr := z.TagName()
		if string(name) == "noscript" {
			// Without scripts, a browser reads noscript's content as
			// HTML, links included.
			z.NextIsNotRawText()
		}
		if !hasAttr || !bytes.ContainsAny(raw, "/&") {
			continue // no attribute, or none that can hold a rooted path
		}
		// The tokenizer gives each attribute's name and decoded value but
		// not where they stand; tagAttrs finds them in raw by the same
		// rules, and must find the tokenizer's names.
		spans := tagAttrs(raw)
		vals, first, ok := attrValues(z, raw, hasAttr, spans)
		if !ok {
			continue
		}
		for k, a := range spans {
			if !isLinkAttr(raw[a.name[0]:a.name[1]]) {
				continue
			}
			val := vals[k]
			if !first[k] || !strings.HasPrefix(val, "/") || strings.HasPrefix(val, "//") || strings.HasPrefix(val, "/\\") {
				continue
			}
			rawVal := src[tagStart+a.val[0] : tagStart+a.val[1]] // TagAttr decodes raw in place
			// Values without character references (all that gen's layouts
			// and Markdown make, but for "&amp;" in queries) are rewritten
			// as written; others as decoded, then escaped again.
			repl, want := rewrite(string(rawVal), pageURL, basePath, mode), rewrite(val, pageURL, basePath, mode)
			if html.UnescapeString(repl) != want {
				repl = html.EscapeString(want)
			}
			if out == nil {
				out = make([]byte, 0, len(src)+len(src)/16)
			}
			out = append(out, src[last:tagStart+a.val[0]]...)
			out = append(out, repl...)
			last = tagStart + a.val[1]
		}
	}
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// tagAttr is where one attribute stands in a tag's raw text.
type tagAttr struct {
	// name is the start and end of its name.
	name [2]int
	// val is the start and end of its value, without quotes.
	val [2]int
}

// tagAttrs lists the attributes of the raw start tag t ("<a href=x>"),
// read by the rules of x/net/html's Tokenizer.readTag, duplicates
// included.
func tagAttrs(t []byte) []tagAttr {
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
	var attrs []tagAttr
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

// attrValues returns the value the tokenizer decoded for each of spans
// that names a link attribute, and whether each is the first of its name
// (browsers drop the others, and so does the tokenizer). more is what
// z.TagName reported. It reports false when the tokenizer's names are not
// those of spans.
func attrValues(z *html.Tokenizer, raw []byte, more bool, spans []tagAttr) (vals []string, first []bool, ok bool) {
	vals, first = make([]string, len(spans)), make([]bool, len(spans))
	nameOf := func(a tagAttr) []byte { return raw[a.name[0]:a.name[1]] }
	for k, a := range spans {
		if slices.ContainsFunc(spans[:k], func(b tagAttr) bool { return bytes.EqualFold(nameOf(a), nameOf(b)) }) {
			continue
		}
		if !more {
			return nil, nil, false
		}
		var key, val []byte
		key, val, more = z.TagAttr()
		if !bytes.EqualFold(key, nameOf(a)) {
			return nil, nil, false
		}
		first[k] = true
		if isLinkAttr(key) {
			vals[k] = string(val)
		}
	}
	return vals, first, !more
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
	if up == 0 {
		// "./" keeps rest a path: "a:b/" would be a scheme, "/x" rooted
		// and "//x/" a host.
		first, _, _ := strings.Cut(rest, "/")
		if rest == "" || strings.HasPrefix(rest, "/") || strings.Contains(first, ":") {
			return "./" + rest
		}
	}
	return strings.Repeat("../", up) + rest
}
