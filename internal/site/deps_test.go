package site

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowedImports states, as data, which internal packages each internal
// package may import: the pipeline is load → model → render → write, and
// no package imports one later in it.
var allowedImports = map[string][]string{
	"suggest":   {},
	"source":    {},
	"parallel":  {},
	"corpus":    {},
	"sitetest":  {},
	"modeltest": {"config", "content", "markdown", "model", "sitetest"},
	"author":    {"config", "model"},
	"config":    {"source", "suggest"},
	"content":   {"parallel", "source", "suggest"},
	"markdown":  {},
	"theme":     {},
	"model":     {"config", "content", "markdown", "parallel", "suggest"},
	"render":    {"config", "model", "source", "suggest", "theme"},
	"feeds":     {"model"},
	"output":    {},
	"watch":     {},
	"server":    {"problem"},
	"problem":   {},
	"site":      {"config", "content", "feeds", "markdown", "model", "output", "parallel", "problem", "render", "search", "source", "theme"},
	"search":    {"model", "modeltest"},
}

func TestInternalImports(t *testing.T) {
	const prefix = "github.com/gen-briefs/gen/internal/"
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		pkg := d.Name()
		allowed, known := allowedImports[pkg]
		if !known {
			t.Errorf("internal/%s is not in allowedImports: add it with the packages it may import", pkg)
			continue
		}
		files, _ := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if dep, ok := strings.CutPrefix(path, prefix); ok && !slices.Contains(allowed, dep) {
					t.Errorf("%s imports internal/%s, which internal/%s may not import", f, dep, pkg)
				}
			}
		}
	}
}
