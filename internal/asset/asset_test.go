package asset

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct {
		name, path, in string
		// want is the copy's bytes; minified is whether the file was
		// minified, and problem whether the minifier could not read it.
		want              string
		minified, problem bool
	}{
		{name: "style sheet", path: "css/site.css", in: "/* brand */\nbody {\n  color: #ff0000;\n  margin: 0px;\n}\n",
			want: "body{color:red;margin:0}", minified: true},
		{name: "script", path: "js/app.js", in: "// greet\nfunction greet(name) {\n  return 'hello, ' + name;\n}\n",
			want: "function greet(e){return\"hello, \"+e}", minified: true},
		{name: "module", path: "js/app.mjs", in: "export const answer = 40 + 2;\n",
			want: "export const answer=40+2", minified: true},
		{name: "script the minifier cannot read", path: "js/broken.js", in: "function (\n",
			want: "function (\n", problem: true},
		// Copied as they are, with no problem to report.
		{name: "script that reads its names with eval", path: "js/calc.js", in: "function f(x) { var secret = 1; return eval ('secret+x'); }\n",
			want: "function f(x) { var secret = 1; return eval ('secret+x'); }\n"},
		{name: "script that makes a function", path: "js/calc.js", in: "const g = new Function('a', 'return a');\n",
			want: "const g = new Function('a', 'return a');\n"},
		{name: "script with a with statement", path: "js/old.js", in: "with (Math) { var r = max(1, 2); }\n", want: "with (Math) { var r = max(1, 2); }\n"},
		{name: "minified already", path: "js/lib.min.js", in: "var a = 1;\n", want: "var a = 1;\n"},
		{name: "preserved comment", path: "js/lib.js", in: "/* @preserve (c) Someone */\nvar a = 1;\n", want: "/* @preserve (c) Someone */\nvar a = 1;\n"},
		{name: "licence", path: "css/lib.css", in: "/** @license MIT */\np { color: red; }\n", want: "/** @license MIT */\np { color: red; }\n"},
		// A method of that name is not the eval function.
		{name: "script with a method named eval", path: "js/m.js", in: "const b = [1, 2].with(0, 3);\nrules.eval(b);\n",
			want: "const b=[1,2].with(0,3);rules.eval(b)", minified: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Make(tt.path, []byte(tt.in))
			if string(a.Data) != tt.want || a.Minified != tt.minified || (a.Problem != nil) != tt.problem {
				t.Fatalf("Make(%q) = %q, minified %v, problem %v; want %q, minified %v, problem %v", tt.path, a.Data, a.Minified, a.Problem, tt.want, tt.minified, tt.problem)
			}
			sum := sha256.Sum256([]byte(tt.want))
			dot := strings.LastIndex(tt.path, ".")
			wantURL := "/" + tt.path[:dot] + "." + hex.EncodeToString(sum[:HashLen/2]) + tt.path[dot:]
			if a.URL != wantURL || a.OutputPath() != wantURL[1:] || a.Path != tt.path {
				t.Errorf("URL %q, output path %q, path %q; want %q", a.URL, a.OutputPath(), a.Path, wantURL)
			}
			sri := sha512.Sum384([]byte(tt.want))
			if want := "sha384-" + base64.StdEncoding.EncodeToString(sri[:]); a.Integrity != want {
				t.Errorf("integrity %q, want %q", a.Integrity, want)
			}
		})
	}
}

// TestMakeNamesVersions: the same file gets the same name, and a change
// that the minifier keeps gets a new one; a change it drops (a comment)
// does not, since the copy is the same.
func TestMakeNamesVersions(t *testing.T) {
	a := Make("css/a.css", []byte("p { color: red }"))
	if b := Make("css/a.css", []byte("p { color: red }")); b.URL != a.URL {
		t.Errorf("the same file has two names: %s and %s", a.URL, b.URL)
	}
	if b := Make("css/a.css", []byte("p { color: blue }")); b.URL == a.URL {
		t.Errorf("a changed file keeps its name %s", a.URL)
	}
	if b := Make("css/a.css", []byte("/* note */ p { color: red }")); b.URL != a.URL {
		t.Errorf("a new comment renames the file: %s and %s", a.URL, b.URL)
	}
}

func TestIs(t *testing.T) {
	for name, want := range map[string]bool{
		"css/gen.css": true, "js/search.js": true, "js/app.mjs": true,
		"img/logo.svg": false, "robots.txt": false, "css": false, "js/map.js.map": false,
	} {
		if got := Is(name); got != want {
			t.Errorf("Is(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestTheme: the theme's style sheet and scripts and the highlighting
// styles are all there, minified.
func TestTheme(t *testing.T) {
	assets, err := Theme()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"css/gen.css", "css/syntax.css", "js/search.js", "js/sort-terms.js"} {
		a, ok := assets[name]
		if !ok {
			t.Errorf("the theme has no %s", name)
			continue
		}
		if !a.Minified || len(a.Data) == 0 || strings.Contains(string(a.Data), "\n\n") {
			t.Errorf("%s is not minified (%d bytes, minified %v, %v)", name, len(a.Data), a.Minified, a.Problem)
		}
	}
	if len(assets) != 4 {
		t.Errorf("the theme has %d assets, want 4", len(assets))
	}
}
