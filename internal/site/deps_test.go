package site

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// depsPolicy states, as data, which package of gen may import which, in
// the style of go/build's deps_test.go. It is one ordered list: a package
// comes after everything it may import, so the pipeline
// load → model → render → write reads from top to bottom.
//
// The language:
//
//	a, b < c, d;   c and d may import a and b, and every package of gen
//	               that a and b may import. A third-party module is not
//	               passed on: it goes only to the packages named with it.
//	a, b !< c, d;  c and d must not import a or b, whatever another rule
//	               says. "*" stands for every package of gen except those
//	               on the left.
//	p_test         names the _test.go files of p, which may also import
//	               everything p may import, and p itself.
//
// Names are the paths of gen's packages from the module root without
// "internal/" (cmd/gen, site), or the short names of third-party modules
// in depsModules. "#" starts a comment.
const depsPolicy = `
# Leaves: the standard library only.
NONE < suggest, problem, corpus, route, theme, sitetest, wire;
# Problems are values every package that finds one builds.
problem < source;

# Each third-party module goes to the one package that wraps it.
x/image, webp < imaging;
goldmark, chroma, problem < markdown;
markdown, minify, theme < asset;
fsnotify < watch;
frontmatter, yaml, toml < content;
x/sys < output;
x/image, oksvg < card;

# Load.
problem, source, suggest, toml < config;
problem, source, suggest, wire, x/sync < content;
# Importing a site made with another generator reads content's
# frontmatter and writes gen's; it comes before the model.
config, content, model, yaml, toml, html2md < migrate;

# Model: pure data, no I/O.
config, content, markdown, problem, route, suggest, x/sync < model;

# Everything after the model.
model, yaml < author;
model < feeds;
model, x/text < search;
asset, config, model, problem, source, suggest, theme, x/net < render;
NONE < output, watch;
config, gocloud, x/sync < deploy;
problem, route < server;
asset, card, config, content, feeds, imaging, markdown, model, output, problem, render, search, source, theme, wire, x/net, x/sync < site;

# Commands.
author, config, content, deploy, migrate, model, output, problem, server, site, source, suggest, watch < cmd/gen;
corpus, route, theme, x/net < cmd/genbench;

# Test helpers, and what tests may use beyond their package.
config, content, markdown, model, sitetest < modeltest;
sitetest, corpus < content_test, model_test, site_test, markdown_test;
x/image, webp < imaging_test, site_test;
modeltest, sitetest < feeds_test, render_test, search_test;
corpus < render_test;
x/net < markdown_test;
markdown < theme_test;
theme < card_test;
chromedp, gofeed, gocloud, testscript, txtar, x/net, yaml, corpus, sitetest < cmd/gen_test;
toml < cmd/genbench_test;

# Must not, whatever the rules above say.
goldmark, chroma !< model, render, site, cmd/gen;
fsnotify !< server, site, cmd/gen;
frontmatter !< config, author, model, site, cmd/gen;
# Only tests drive a browser, read feeds with gofeed, run scripts or use
# the test helpers.
chromedp, gofeed, testscript, txtar, sitetest, modeltest !< *;
# The pipeline runs one way: nothing before the model reaches past it.
model, render, feeds, search, site !< config, content, markdown, source;
render, feeds, search, output, site !< model;
render, feeds, search, output, site !< migrate;
deploy !< content, markdown, model, render, feeds, search, output, site;
site !< render, feeds, search, output, server, watch;
cmd/gen, cmd/genbench !< *;
`

// depsModules maps the short names the policy uses to module paths.
var depsModules = map[string][]string{
	"goldmark":    {"github.com/yuin/goldmark", "github.com/yuin/goldmark-highlighting/v2"},
	"chroma":      {"github.com/alecthomas/chroma/v2"},
	"fsnotify":    {"github.com/fsnotify/fsnotify"},
	"frontmatter": {"github.com/adrg/frontmatter"},
	"yaml":        {"gopkg.in/yaml.v3"},
	"toml":        {"github.com/pelletier/go-toml/v2"},
	"chromedp":    {"github.com/chromedp/chromedp", "github.com/chromedp/cdproto"},
	"gofeed":      {"github.com/mmcdole/gofeed"},
	"testscript":  {"github.com/rogpeppe/go-internal"},
	"txtar":       {"golang.org/x/tools/txtar"},
	"x/net":       {"golang.org/x/net"},
	"x/sync":      {"golang.org/x/sync"},
	"x/sys":       {"golang.org/x/sys"},
	"minify":      {"github.com/tdewolff/minify/v2", "github.com/tdewolff/parse/v2"},
	"x/text":      {"golang.org/x/text"},
	"html2md":     {"github.com/JohannesKaufmann/html-to-markdown/v2"},
	"x/image":     {"golang.org/x/image"},
	"webp":        {"github.com/gen2brain/webp"},
	"gocloud":     {"gocloud.dev"},
	"oksvg":       {"github.com/srwiley/oksvg", "github.com/srwiley/rasterx"},
}

const modulePath = "github.com/gen-briefs/gen/"

// policy is depsPolicy read: what each name may import, and what it must
// not, with the rule that says so.
type policy struct {
	// order lists the names in the order they first appear.
	order []string
	// direct maps a name to the names its "<" rules grant it.
	direct map[string][]string
	// denied maps a name to the names it must not import, each with its rule.
	denied map[string]map[string]string
}

// parsePolicy reads the policy language described at depsPolicy.
func parsePolicy(text string, packages []string) (*policy, error) {
	p := &policy{direct: map[string][]string{}, denied: map[string]map[string]string{}}
	seen := map[string]bool{}
	note := func(n string) {
		if !seen[n] && n != "NONE" && n != "*" {
			seen[n] = true
			p.order = append(p.order, n)
		}
	}
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		lines = append(lines, line)
	}
	for _, stmt := range strings.Split(strings.Join(lines, " "), ";") {
		stmt = strings.Join(strings.Fields(stmt), " ")
		if stmt == "" {
			continue
		}
		op := " < "
		if strings.Contains(stmt, " !< ") {
			op = " !< "
		}
		left, right, ok := strings.Cut(stmt, op)
		if !ok {
			return nil, fmt.Errorf("policy rule %q has no < or !<", stmt)
		}
		from, to := names(left), names(right)
		if op == " < " {
			for _, n := range slices.Concat(from, to) {
				note(n)
			}
			for _, t := range to {
				if !seen[t] || t == "NONE" {
					continue
				}
				for _, f := range from {
					if f != "NONE" {
						p.direct[t] = append(p.direct[t], f)
					}
				}
			}
			continue
		}
		if slices.Equal(to, []string{"*"}) {
			to = nil
			for _, pkg := range packages {
				if !slices.Contains(from, pkg) {
					to = append(to, pkg)
				}
			}
		}
		for _, t := range to {
			if p.denied[t] == nil {
				p.denied[t] = map[string]string{}
			}
			for _, f := range from {
				p.denied[t][f] = stmt
			}
		}
	}
	return p, nil
}

func names(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// allowed returns what name may import: what its rules grant, and, for
// each package of gen granted, what that package may import in turn, but
// no third-party module through it.
func (p *policy) allowed(name string) map[string]bool {
	out := map[string]bool{}
	var visit func(n string, top bool)
	visit = func(n string, top bool) {
		for _, d := range p.direct[n] {
			_, module := depsModules[d]
			if out[d] || module && !top {
				continue
			}
			out[d] = true
			if !module {
				visit(d, false)
			}
		}
	}
	visit(name, true)
	if pkg, ok := strings.CutSuffix(name, "_test"); ok {
		out[pkg] = true
		for d := range p.allowed(pkg) {
			out[d] = true
		}
	}
	return out
}

// nameOf returns the policy's name for an import path, or "" for the
// standard library.
func nameOf(path string) (string, error) {
	if rest, ok := strings.CutPrefix(path, modulePath); ok {
		return strings.TrimPrefix(rest, "internal/"), nil
	}
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
		return "", nil
	}
	for name, mods := range depsModules {
		for _, m := range mods {
			if path == m || strings.HasPrefix(path, m+"/") {
				return name, nil
			}
		}
	}
	return "", fmt.Errorf("%s is in no module the policy names: add it to depsModules and give it to the packages that wrap it", path)
}

// goPackages returns gen's packages, by their policy name, with the
// folder of each.
func goPackages(t *testing.T, root string) map[string]string {
	pkgs := map[string]string{}
	for _, parent := range []string{"cmd", "internal"} {
		dirs, err := os.ReadDir(filepath.Join(root, parent))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs {
			name := d.Name()
			if parent == "cmd" {
				name = "cmd/" + name
			}
			if d.IsDir() {
				pkgs[name] = filepath.Join(root, parent, d.Name())
			}
		}
	}
	return pkgs
}

// checkImports returns one message for each import, in the Go files of the
// packages in pkgs, that the policy does not allow or forbids.
func checkImports(pol *policy, pkgs map[string]string) ([]string, error) {
	var msgs []string
	for _, pkg := range slices.Sorted(mapKeys(pkgs)) {
		if !slices.Contains(pol.order, pkg) {
			msgs = append(msgs, fmt.Sprintf("%s is not in the import policy: add a rule naming what it may import", pkg))
			continue
		}
		files, _ := filepath.Glob(filepath.Join(pkgs[pkg], "*.go"))
		for _, f := range files {
			who := pkg
			if strings.HasSuffix(f, "_test.go") {
				who = pkg + "_test"
			}
			allowed := pol.allowed(who)
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				return nil, err
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				dep, err := nameOf(path)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", f, err)
				}
				if dep == "" || dep == pkg && who != pkg {
					continue
				}
				if rule, ok := pol.denied[who][dep]; ok {
					msgs = append(msgs, fmt.Sprintf("%s imports %s, which %s must not import (rule %q)", f, path, who, rule))
				} else if !allowed[dep] {
					msgs = append(msgs, fmt.Sprintf("%s imports %s, which the policy does not let %s import: add %q to depsPolicy if the pipeline allows it", f, path, who, dep+" < "+who))
				}
			}
		}
	}
	return msgs, nil
}

// checkPolicy returns one message for each "<" rule that grants what a
// "!<" rule forbids, and each name that is neither a package nor a module.
func checkPolicy(pol *policy, pkgs map[string]string) []string {
	var msgs []string
	for _, n := range pol.order {
		base := strings.TrimSuffix(n, "_test")
		if _, pkg := pkgs[base]; !pkg && depsModules[n] == nil {
			msgs = append(msgs, fmt.Sprintf("the policy names %s, which is neither a package of gen nor a module in depsModules", n))
		}
		for dep := range pol.allowed(n) {
			if rule, ok := pol.denied[n][dep]; ok {
				msgs = append(msgs, fmt.Sprintf("the policy lets %s import %s, which rule %q forbids", n, dep, rule))
			}
		}
	}
	slices.Sort(msgs)
	return msgs
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestImportPolicy checks every import of every package of gen, test files
// included, against depsPolicy, and the policy against its own "must not"
// rules.
func TestImportPolicy(t *testing.T) {
	pkgs := goPackages(t, filepath.Join("..", ".."))
	pol, err := parsePolicy(depsPolicy, slices.Sorted(mapKeys(pkgs)))
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range checkPolicy(pol, pkgs) {
		t.Error(msg)
	}
	msgs, err := checkImports(pol, pkgs)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range msgs {
		t.Error(msg)
	}
}

// TestImportPolicyCatches breaks the policy and the code in the ways the
// policy is there to catch, and checks that each is reported.
func TestImportPolicyCatches(t *testing.T) {
	root := filepath.Join("..", "..")
	pkgs := goPackages(t, root)
	list := slices.Sorted(mapKeys(pkgs))
	for _, tc := range []struct {
		name   string
		policy string // replaces depsPolicy when not empty
		file   string // a file added to a copy of model, when not empty
		want   string
	}{
		{name: "goldmark outside markdown", file: `import _ "github.com/yuin/goldmark"`,
			want: `imports github.com/yuin/goldmark, which model must not import (rule "goldmark, chroma !< model, render, site, cmd/gen")`},
		{name: "test helper in non-test code", file: `import _ "github.com/gen-briefs/gen/internal/sitetest"`,
			want: `imports github.com/gen-briefs/gen/internal/sitetest, which model must not import (rule "chromedp, gofeed, testscript, txtar, sitetest, modeltest !< *")`},
		{name: "a later package", file: `import _ "github.com/gen-briefs/gen/internal/render"`,
			want: `imports github.com/gen-briefs/gen/internal/render, which model must not import (rule "render, feeds, search, output, site !< model")`},
		{name: "a package no rule gives", file: `import _ "github.com/gen-briefs/gen/internal/author"`,
			want: `imports github.com/gen-briefs/gen/internal/author, which the policy does not let model import: add "author < model"`},
		{name: "a module given twice", policy: depsPolicy + "goldmark < render;",
			want: `the policy lets render import goldmark, which rule "goldmark, chroma !< model, render, site, cmd/gen" forbids`},
		{name: "a module not given", policy: strings.Replace(depsPolicy, "x/sys < output;", "", 1),
			want: `imports golang.org/x/sys/unix, which the policy does not let output import: add "x/sys < output"`},
		{name: "a package left out", policy: strings.Replace(depsPolicy, "corpus, route, theme, x/net < cmd/genbench;", "", 1),
			want: "cmd/genbench is not in the import policy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := depsPolicy
			if tc.policy != "" {
				text = tc.policy
			}
			pol, err := parsePolicy(text, list)
			if err != nil {
				t.Fatal(err)
			}
			msgs := checkPolicy(pol, pkgs)
			if tc.file != "" {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "bad.go"), []byte("package model\n\n"+tc.file+"\n"), 0o666); err != nil {
					t.Fatal(err)
				}
				more, err := checkImports(pol, map[string]string{"model": dir})
				if err != nil {
					t.Fatal(err)
				}
				msgs = append(msgs, more...)
			} else {
				more, err := checkImports(pol, pkgs)
				if err != nil {
					t.Fatal(err)
				}
				msgs = append(msgs, more...)
			}
			for _, m := range msgs {
				if strings.Contains(m, tc.want) {
					return
				}
			}
			t.Errorf("no message contains %q; got %q", tc.want, msgs)
		})
	}
}
