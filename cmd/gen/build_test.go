package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/sitetest"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/build from the current output")

// TestBuildScripts runs every testdata/build/*.txtar case: it writes the
// archive's site files into a temp folder, runs "gen" with the case's
// arguments, and checks the exit code, the expectations written as @-files
// in the archive, and NAME.golden.
//
// A case's comment holds "args: ..." (after "gen", with the site added as
// -s), "exit: N" and, for a build that succeeds, "compare: PATTERN..."
// lines. Expectation files:
//
//	-- @stdout -- / -- @stderr --   each line must appear in that stream
//	-- @contains PATH --            each line must appear in the file PATH
//	-- @lacks PATH --               no line may appear in the file PATH
//	-- @exists -- / -- @absent --   each line is a path that must (not) exist
//
// The golden file of a build that succeeds holds only the output files the
// case is about, named by its compare patterns (paths under public/, where
// "*" matches within a path segment and "**" any number of segments, so
// "compare: **" is the whole site); a pattern that matches no file fails
// the case. A pattern ending in "#ID" keeps only the element with that id
// ("briefs/one/index.html#main": the page's <main>), so that a change to
// the theme's header or footer leaves the golden alone. Text files are kept
// whole, style sheets, scripts and binary files by size and hash. The
// golden of any other run is what the command printed. Whole-site goldens
// are kept on purpose for one case, build_no_config (the default theme
// with no configuration), so a change anywhere in the default output is
// seen once.
func TestBuildScripts(t *testing.T) {
	cases, err := filepath.Glob("testdata/build/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runScript(t, file)
		})
	}
}

// elapsed matches the build time in gen's summary, which varies.
var elapsed = regexp.MustCompile(`in \d+ ms`)

func runScript(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	args, wantExit := []string{"build"}, 0
	var compare []string
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "args:"); ok {
			args = strings.Fields(v)
		}
		if v, ok := strings.CutPrefix(line, "compare:"); ok {
			compare = append(compare, strings.Fields(v)...)
		}
		if v, ok := strings.CutPrefix(line, "exit:"); ok {
			wantExit, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	site := t.TempDir()
	var checks []txtar.File
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "@") {
			checks = append(checks, f)
			continue
		}
		writeFile(t, filepath.Join(site, filepath.FromSlash(f.Name)), f.Data)
	}
	for i := range args {
		args[i] = strings.ReplaceAll(args[i], "$SITE", site) // a path in the site, as in -d $SITE/notes.txt
	}
	args = append(args[:1:1], append([]string{"-s", site}, args[1:]...)...)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	out := strings.ReplaceAll(stdout.String(), site, "$SITE")
	out = elapsed.ReplaceAllString(out, "in N ms")
	errOut := strings.ReplaceAll(stderr.String(), site, "$SITE")
	if code != wantExit {
		t.Fatalf("gen %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantExit, out, errOut)
	}

	for _, c := range checks {
		kind, target, _ := strings.Cut(c.Name, " ")
		for _, want := range nonEmptyLines(c.Data) {
			switch kind {
			case "@stdout":
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q; it is:\n%s", want, out)
				}
			case "@stderr":
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q; it is:\n%s", want, errOut)
				}
			case "@contains", "@lacks":
				data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(target)))
				if err != nil {
					t.Errorf("%s: %v", c.Name, err)
					break
				}
				if has := strings.Contains(string(data), want); has != (kind == "@contains") {
					t.Errorf("%s %q: found=%v; the file is:\n%s", kind, want, has, data)
				}
			case "@exists", "@absent":
				_, err := os.Stat(filepath.Join(site, filepath.FromSlash(want)))
				if exists := err == nil; exists != (kind == "@exists") {
					t.Errorf("%s %s: exists=%v", kind, want, exists)
				}
			default:
				t.Fatalf("unknown check %q", c.Name)
			}
		}
	}

	// The golden file is the compared files of a good build as a txtar
	// archive, else what the command printed.
	var got []byte
	switch {
	case code == 0 && args[0] == "build" && !slices.Contains(args, "--dry-run"):
		if len(compare) == 0 {
			t.Fatal(`a case whose build succeeds says which output files it is about: add a "compare: PATH..." line to its comment (see TestBuildScripts)`)
		}
		got = txtar.Format(snapshot(t, filepath.Join(site, "public"), compare))
	case code == 0:
		got = []byte(out + errOut)
	default:
		got = []byte(errOut)
		if args[0] != "build" {
			got = []byte(out + errOut)
		}
	}
	golden := strings.TrimSuffix(file, ".txtar") + ".golden"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/gen -run TestBuildScripts -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (if the change is intended, rerun with -update):\n%s", golden, firstDiff(string(want), string(got)))
	}
}

// snapshot returns the files under dir that the compare patterns match as
// an archive: text files whole (or the element a pattern's #ID names),
// style sheets, scripts and binary files by size and hash.
func snapshot(t *testing.T, dir string, compare []string) *txtar.Archive {
	t.Helper()
	type pattern struct {
		glob    *regexp.Regexp
		text    string
		id      string
		matched bool
	}
	var patterns []*pattern
	for _, c := range compare {
		glob, id, _ := strings.Cut(c, "#")
		patterns = append(patterns, &pattern{glob: globRegexp(glob), text: c, id: id})
	}
	ar := &txtar.Archive{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		var ids []string
		for _, pat := range patterns {
			if pat.glob.MatchString(name) {
				pat.matched = true
				ids = append(ids, pat.id)
			}
		}
		if ids == nil {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !slices.Contains(ids, "") {
			// Only elements of the file are compared.
			for _, id := range ids {
				elem, ok := element(data, id)
				if !ok {
					t.Errorf("compare %s#%s: the file has no element with id %q", name, id, id)
					continue
				}
				ar.Files = append(ar.Files, txtar.File{Name: name + "#" + id, Data: append(elem, '\n')})
			}
			return nil
		}
		if name == output.MarkerFile {
			// Its first line; the rest hashes the inputs, gen's binary
			// (here the test's) included.
			data, _, _ = bytes.Cut(data, []byte("\n"))
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: append(data, '\n')})
			return nil
		}
		switch filepath.Ext(p) {
		case ".html", ".xml", ".txt", ".md", ".json":
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
		default:
			ar.Files = append(ar.Files, txtar.File{Name: fmt.Sprintf("%s (%d bytes, sha256 %x)", name, len(data), sha256.Sum256(data))})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, pat := range patterns {
		if !pat.matched {
			t.Errorf("compare %s: no output file matches", pat.text)
		}
	}
	return ar
}

// globRegexp turns a compare pattern into a regular expression over
// slash-separated paths: "*" matches within a segment, "**/" any number of
// whole segments, and a final "**" the rest of the path.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case glob[i] == '*':
			b.WriteString("[^/]*")
		case glob[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// element returns the element of an HTML page whose id attribute is id,
// from its start tag to its matching end tag (gen's own output, so a tag
// of the same name inside it is balanced).
func element(page []byte, id string) ([]byte, bool) {
	at := bytes.Index(page, []byte(` id="`+id+`"`))
	if at < 0 {
		return nil, false
	}
	start := bytes.LastIndexByte(page[:at], '<')
	if start < 0 {
		return nil, false
	}
	name := page[start+1 : at]
	if i := bytes.IndexAny(name, " \t\n"); i >= 0 {
		name = name[:i]
	}
	open, end := append([]byte("<"), name...), append(append([]byte("</"), name...), '>')
	depth := 0
	for i := start; i < len(page); {
		switch {
		case bytes.HasPrefix(page[i:], end):
			depth--
			i += len(end)
			if depth == 0 {
				return page[start:i], true
			}
		case bytes.HasPrefix(page[i:], open) && i+len(open) < len(page) && bytes.IndexByte([]byte(" \t\n>"), page[i+len(open)]) >= 0:
			depth++
			i += len(open)
		default:
			i++
		}
	}
	return nil, false
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	sitetest.WriteFile(t, filepath.Dir(path), filepath.Base(path), string(data))
}

func nonEmptyLines(data []byte) []string {
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		wl, gl := "", ""
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, wl, gl)
		}
	}
	return "(same lines, different bytes)"
}
