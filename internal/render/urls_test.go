package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
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
		{name: "other attributes untouched", html: `<a data-href="/x/" title="/x/" class="/x/">t</a><img srcset="/a.png 2x" alt="/a/"><meta content="/x/"><div xhref="/x/" data-src="/y/">`, page: "/briefs/x/", mode: LinksRelative,
			want: `<a data-href="/x/" title="/x/" class="/x/">t</a><img srcset="/a.png 2x" alt="/a/"><meta content="/x/"><div xhref="/x/" data-src="/y/">`},
		{name: "escaped text untouched", html: `<p>a = b</p><code> src=&#34;/y/&#34; href=&quot;/z/&quot;</code>`, page: "/briefs/x/", mode: LinksRelative,
			want: `<p>a = b</p><code> src=&#34;/y/&#34; href=&quot;/z/&quot;</code>`},
		{name: "unterminated value", html: `<a href="/x/`, page: "/briefs/x/", mode: LinksRelative, want: `<a href="/x/`},
		{name: "no links", html: `<p>a = b</p>`, page: "/", mode: LinksRelative, want: `<p>a = b</p>`},

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

// FuzzRewriteLinks checks that RewriteLinks never panics and leaves alone
// any HTML without a root-relative href, src, action or poster.
func FuzzRewriteLinks(f *testing.F) {
	f.Add([]byte(`<a href="/briefs/y/#f">x</a><img src="/i.png">`), "/briefs/x/")
	f.Add([]byte(`<a href="/`), "/")
	f.Add([]byte(`<a href="//cdn/">`), "/a/b/")
	f.Add([]byte(`= href="/" ="/`), "/404.html")
	f.Fuzz(func(t *testing.T, html []byte, page string) {
		if !strings.HasPrefix(page, "/") {
			page = "/" + page
		}
		for _, mode := range []LinkMode{LinksRelative, LinksLocal, LinksRooted} {
			out := RewriteLinks(html, page, "/base/", mode)
			if !bytes.Contains(html, []byte(`="/`)) && !bytes.Contains(html, []byte(`='/`)) && !bytes.Equal(out, html) {
				t.Fatalf("mode %d changed HTML without links:\n%q\n%q", mode, html, out)
			}
		}
	})
}
