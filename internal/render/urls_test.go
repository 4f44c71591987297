package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRelPath(t *testing.T) {
	tests := []struct{ from, target, want string }{
		{"/briefs/x/", "/", "../../"},
		{"/briefs/x/", "/briefs/y/", "../y/"},
		{"/briefs/x/", "/briefs/", "../"},
		{"/briefs/x/", "/briefs/x/", "./"},
		{"/briefs/x/", "/briefs/x/chart.png", "chart.png"},
		{"/briefs/x/", "/css/gen.css", "../../css/gen.css"},
		{"/briefs/x/", "/briefs", "../../briefs"},
		{"/briefs/x/", "/briefs-old/", "../../briefs-old/"},
		{"/", "/", "./"},
		{"/", "/briefs/x/", "briefs/x/"},
		{"/", "/css/gen.css", "css/gen.css"},
		{"/404.html", "/css/gen.css", "css/gen.css"},
		{"/page/2/index.html", "/", "../../"},
		{"/companies/aws/page/2/", "/companies/aws/", "../../"},
		{"/old.html", "/briefs/x/", "briefs/x/"},
		// A path that would read as a scheme, a rooted path or a host.
		{"/", "/a:b/", "./a:b/"},
		{"/x/", "/x//evil.example/", ".//evil.example/"},
		{"/x/", "/x/a:b", "./a:b"},
		{"/x/y/", "/x/a:b", "../a:b"},
	}
	for _, tt := range tests {
		if got := relPath(tt.from, tt.target); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.from, tt.target, got, tt.want)
		}
	}
}

func TestRewriteLinks(t *testing.T) {
	tests := []struct {
		name string
		html string
		page string
		base string
		mode LinkMode
		want string
	}{
		{name: "to root", html: `<a href="/">Home</a>`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="../../">Home</a>`},
		{name: "to sibling", html: `<a href="/briefs/y/">Y</a>`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="../y/">Y</a>`},
		{name: "to file", html: `<link rel="stylesheet" href="/css/gen.css">`, page: "/briefs/x/", mode: LinksRelative, want: `<link rel="stylesheet" href="../../css/gen.css">`},
		{name: "fragment", html: `<a href="/briefs/y/#numbers">`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="../y/#numbers">`},
		{name: "query", html: `<a href="/?q=1&amp;r=2">`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="../../?q=1&amp;r=2">`},
		{name: "self with fragment", html: `<a href="/briefs/x/#top">`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="./#top">`},
		{name: "from root", html: `<a href="/briefs/">`, page: "/", mode: LinksRelative, want: `<a href="briefs/">`},
		{name: "src action poster", html: `<img src="/i.png"><form action="/search/"><video poster="/p.jpg">`, page: "/a/", mode: LinksRelative,
			want: `<img src="../i.png"><form action="../search/"><video poster="../p.jpg">`},
		{name: "several in a row", html: `<a href="/a/">a</a> <a href="/b/">b</a><a href="/a/">c</a>`, page: "/a/", mode: LinksRelative,
			want: `<a href="./">a</a> <a href="../b/">b</a><a href="./">c</a>`},

		{name: "local folder gets index.html", html: `<a href="/">`, page: "/briefs/x/", mode: LinksLocal, want: `<a href="../../index.html">`},
		{name: "local sibling with fragment", html: `<a href="/briefs/y/#f">`, page: "/briefs/x/", mode: LinksLocal, want: `<a href="../y/index.html#f">`},
		{name: "local self", html: `<a href="/briefs/x/">`, page: "/briefs/x/", mode: LinksLocal, want: `<a href="index.html">`},
		{name: "local file unchanged", html: `<link href="/css/gen.css">`, page: "/briefs/x/", mode: LinksLocal, want: `<link href="../../css/gen.css">`},
		{name: "local query", html: `<a href="/briefs/?p=2">`, page: "/", mode: LinksLocal, want: `<a href="briefs/index.html?p=2">`},

		{name: "rooted with base path", html: `<a href="/briefs/y/#f">`, page: "/404.html", base: "/repo/", mode: LinksRooted, want: `<a href="/repo/briefs/y/#f">`},
		{name: "rooted at root", html: `<a href="/briefs/y/">`, page: "/404.html", base: "/", mode: LinksRooted, want: `<a href="/briefs/y/">`},
		{name: "rooted home", html: `<a href="/">`, page: "/404.html", base: "/repo/", mode: LinksRooted, want: `<a href="/repo/">`},

		{name: "protocol-relative untouched", html: `<script src="//cdn.example.org/x.js"></script>`, page: "/briefs/x/", mode: LinksRelative, want: `<script src="//cdn.example.org/x.js"></script>`},
		{name: "protocol-relative untouched rooted", html: `<a href="//cdn.example.org/">`, page: "/404.html", base: "/repo/", mode: LinksRooted, want: `<a href="//cdn.example.org/">`},
		{name: "absolute and relative untouched", html: `<a href="https://example.org/">x</a><a href="#top">y</a><a href="rel/">z</a><a href="">e</a>`, page: "/briefs/x/", mode: LinksRelative,
			want: `<a href="https://example.org/">x</a><a href="#top">y</a><a href="rel/">z</a><a href="">e</a>`},
		{name: "other attributes untouched", html: `<a data-href="/x/" title="/x/" class="/x/">t</a><img data-srcset="/a.png 2x" alt="/a/"><meta content="/x/"><div xhref="/x/" data-src="/y/">`, page: "/briefs/x/", mode: LinksRelative,
			want: `<a data-href="/x/" title="/x/" class="/x/">t</a><img data-srcset="/a.png 2x" alt="/a/"><meta content="/x/"><div xhref="/x/" data-src="/y/">`},
		{name: "srcset: each rooted address", html: `<source srcset="/img/a-480.webp 480w, /img/a-960.webp 960w"><img srcset="rel.png,/a.png 2x,https://x.org/b.png 3x" src="/a.png">`, page: "/briefs/x/", mode: LinksRelative,
			want: `<source srcset="../../img/a-480.webp 480w, ../../img/a-960.webp 960w"><img srcset="rel.png,../../a.png 2x,https://x.org/b.png 3x" src="../../a.png">`},
		{name: "srcset rooted under the base path", html: `<img srcset="/img/a-480.webp 480w, /img/a-960.webp 960w">`, page: "/404.html", base: "/repo/", mode: LinksRooted,
			want: `<img srcset="/repo/img/a-480.webp 480w, /repo/img/a-960.webp 960w">`},
		{name: "escaped text untouched", html: `<p>a = b</p><code> src=&#34;/y/&#34; href=&quot;/z/&quot;</code>`, page: "/briefs/x/", mode: LinksRelative,
			want: `<p>a = b</p><code> src=&#34;/y/&#34; href=&quot;/z/&quot;</code>`},
		{name: "unterminated value", html: `<a href="/x/`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="/x/`},
		{name: "no links", html: `<p>a = b</p>`, page: "/", mode: LinksRelative, want: `<p>a = b</p>`},
		{name: "noscript read as HTML", html: `<noscript><a href="/x/">x</a></noscript>`, page: "/briefs/x/", mode: LinksRelative, want: `<noscript><a href="../../x/">x</a></noscript>`},
		{name: "comment, script and title untouched", html: `<!-- <a href="/x/"> --><script>s = '<a href="/x/">'</script><title><a href="/x/"></title>`, page: "/briefs/x/", mode: LinksRelative,
			want: `<!-- <a href="/x/"> --><script>s = '<a href="/x/">'</script><title><a href="/x/"></title>`},
		{name: "upper-case and unquoted", html: `<A HREF=/x/>`, page: "/briefs/x/", mode: LinksRelative, want: `<A HREF=../../x/>`},
		{name: "in another attribute's value untouched", html: `<a title="href='/x/'">`, page: "/briefs/x/", mode: LinksRelative, want: `<a title="href='/x/'">`},
		{name: "backslash network path untouched", html: `<a href="/\\evil.example/">`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="/\\evil.example/">`},

		{name: "attribute after a newline", html: "<a\nhref=\"/x/\">", page: "/briefs/x/", mode: LinksRelative, want: "<a\nhref=\"../../x/\">"},
		{name: "single-quoted attribute", html: `<a href='/x/'>`, page: "/briefs/x/", mode: LinksRelative, want: `<a href='../../x/'>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.base
			if base == "" {
				base = "/"
			}
			if got := string(RewriteLinks([]byte(tt.html), tt.page, base, tt.mode)); got != tt.want {
				t.Errorf("RewriteLinks(%q, %q, %q, %d)\n got %q\nwant %q", tt.html, tt.page, base, tt.mode, got, tt.want)
			}
		})
	}
}

func ExampleRewriteLinks() {
	html := []byte(`<a href="/briefs/aws/#sources">AWS</a> <link href="/css/gen.css">`)
	fmt.Println(string(RewriteLinks(html, "/briefs/intel/", "/", LinksRelative)))
	fmt.Println(string(RewriteLinks(html, "/briefs/intel/", "/", LinksLocal)))
	fmt.Println(string(RewriteLinks(html, "/404.html", "/repo/", LinksRooted)))
	// Output:
	// <a href="../aws/#sources">AWS</a> <link href="../../css/gen.css">
	// <a href="../aws/index.html#sources">AWS</a> <link href="../../css/gen.css">
	// <a href="/repo/briefs/aws/#sources">AWS</a> <link href="/repo/css/gen.css">
}

// FuzzRewriteLinks checks that RewriteLinks changes only the values of
// root-relative href, src, action and poster attributes, and that each
// rewritten value still leads to the target it had: resolved against the
// page's URL as a browser does, or, for LinksRooted, prefixed with the
// base path. Input and output are read with x/net/html's tokenizer.
func FuzzRewriteLinks(f *testing.F) {
	f.Add([]byte(`<a href="/briefs/y/#f">x</a><img src="/i.png">`), "/briefs/x/")
	f.Add([]byte(`<a href="/`), "/")
	f.Add([]byte(`<a href="//cdn/">`), "/a/b/")
	f.Add([]byte(`= href="/" ="/`), "/404.html")
	f.Add([]byte(`<a href="/a:b/">`), "/")
	f.Add([]byte(`<a href="/x//evil/">`), "/x/")
	f.Add([]byte(`<a HREF=/x/ href='/y/' title="href='/z/'"><!-- <a href="/c/"> --><script>x = '<a href="/s/">'</script>`), "/p/q/")
	f.Add([]byte(`<a href="/?q=1&amp;r=2#&#43;">`), "/p/")
	f.Fuzz(func(t *testing.T, src []byte, page string) {
		if bytes.IndexByte(src, 0) >= 0 {
			// Pages never hold a NUL: html/template and goldmark replace
			// it. RewriteLinks leaves a tag it cannot read as the
			// tokenizer does, such as one with a NUL, as it is.
			return
		}
		page, _, _ = strings.Cut(page, "?")
		page, _, _ = strings.Cut(page, "#")
		if !strings.HasPrefix(page, "/") {
			page = "/" + page
		}
		for _, seg := range strings.FieldsFunc(page, func(r rune) bool { return r == '/' || r == '\\' }) {
			if seg == "." || seg == ".." {
				// Page URLs never hold a dot segment: they are made of
				// slugs, and aliases with one are refused (cleanAlias).
				// A browser would drop it from the page's URL first.
				return
			}
		}
		in := tokens(src)
		for _, mode := range []LinkMode{LinksRelative, LinksLocal, LinksRooted} {
			out := RewriteLinks(src, page, "/base/", mode)
			got := tokens(out)
			if len(got) != len(in) {
				t.Fatalf("mode %d: %d tokens, want %d:\n%q\n%q", mode, len(got), len(in), src, out)
			}
			for i := range in {
				a, b := in[i], got[i]
				if a.Type != b.Type || a.Data != b.Data || len(a.Attr) != len(b.Attr) {
					t.Fatalf("mode %d: token %d is %q, want %q (from %q)", mode, i, b, a, src)
				}
				if a.Type != html.StartTagToken && a.Type != html.SelfClosingTagToken {
					if a.String() != b.String() {
						t.Fatalf("mode %d: token %d is %q, want %q", mode, i, b, a)
					}
					continue
				}
				for k, x := range a.Attr {
					y := b.Attr[k]
					if x.Key != y.Key {
						t.Fatalf("mode %d: attribute %q became %q", mode, x.Key, y.Key)
					}
					rewritten := slices.Contains([]string{"href", "src", "action", "poster"}, x.Key) &&
						strings.HasPrefix(x.Val, "/") && !strings.HasPrefix(x.Val, "//") && !strings.HasPrefix(x.Val, "/\\")
					if !rewritten {
						if x.Val != y.Val {
							t.Fatalf("mode %d: %s=%q became %q", mode, x.Key, x.Val, y.Val)
						}
						continue
					}
					if want, to := target(mode, x.Val), leadsTo(mode, page, y.Val); to != want {
						t.Fatalf("mode %d, page %q: %s=%q became %q, which leads to %q, want %q", mode, page, x.Key, x.Val, y.Val, to, want)
					}
				}
			}
		}
	})
}

// tokens reads html with x/net/html's tokenizer.
func tokens(src []byte) []html.Token {
	z := html.NewTokenizer(bytes.NewReader(src))
	var out []html.Token
	for z.Next() != html.ErrorToken {
		t := z.Token()
		if t.Type == html.StartTagToken && t.Data == "noscript" {
			z.NextIsNotRawText() // as a browser without scripts does
		}
		out = append(out, t)
	}
	return out
}

// target is where a root-relative link to val should lead once rewritten
// in mode, for a site whose base path is /base/.
func target(mode LinkMode, val string) string {
	p, suffix := splitSuffix(val)
	switch mode {
	case LinksRooted:
		return "/base" + p + suffix
	case LinksLocal:
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
	}
	return dotless(p) + suffix
}

// leadsTo is where a browser takes a link to ref from the page at page:
// rooted for LinksRooted, and relative to the page's folder otherwise.
func leadsTo(mode LinkMode, page, ref string) string {
	p, suffix := splitSuffix(ref)
	if mode == LinksRooted {
		return p + suffix
	}
	// A scheme or a host would take the link off the site.
	if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ":") || strings.HasPrefix(p, "/") {
		return "off the page's folder: " + ref
	}
	// The page's folder ends at its last slash, a backslash being one.
	return dotless(page[:strings.LastIndexAny(page, "/\\")+1]+p) + suffix
}

// splitSuffix splits a link into its path and its query and fragment.
func splitSuffix(ref string) (p, suffix string) {
	if k := strings.IndexAny(ref, "?#"); k >= 0 {
		return ref[:k], ref[k:]
	}
	return ref, ""
}

// dotless removes the "." and ".." segments of a rooted path as RFC 3986
// (and a browser, for which "\\" is "/") does.
func dotless(p string) string {
	segs := strings.Split(strings.ReplaceAll(p, "\\", "/"), "/")[1:]
	var out []string
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

// BenchmarkRewriteLinks rewrites a page shaped like a brief's: a head of
// links and metadata, then paragraphs, lists and links.
func BenchmarkRewriteLinks(b *testing.B) {
	var page strings.Builder
	page.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>` +
		`<link rel="stylesheet" href="/css/gen.css"><link rel="alternate" type="application/rss+xml" href="/index.xml">` +
		`<script type="application/ld+json">{"url":"https://example.org/briefs/x/"}</script></head><body><nav><a href="/">Home</a> <a href="/companies/">Companies</a></nav>`)
	for i := range 60 {
		fmt.Fprintf(&page, `<h2 id="s%d"><a class="anchor" href="#s%d">Section %d</a></h2><p>Some text with <a href="/briefs/b%d/">a link</a> and <em>emphasis</em>, &amp; more.</p><ul class="points"><li>One</li><li>Two</li></ul>`, i, i, i, i)
	}
	page.WriteString(`<footer><a href="/index.xml">RSS</a></footer></body></html>`)
	src := []byte(page.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		RewriteLinks(src, "/briefs/x/", "/", LinksRelative)
	}
}
