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
// in the archive, and the whole output against NAME.golden.
//
// A case's comment holds "args: ..." (after "gen", with the site added as
// -s) and "exit: N" lines. Expectation files:
//
//	-- @stdout -- / -- @stderr --   each line must appear in that stream
//	-- @contains PATH --            each line must appear in the file PATH
//	-- @lacks PATH --               no line may appear in the file PATH
//	-- @exists -- / -- @absent --   each line is a path that must (not) exist
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
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "args:"); ok {
			args = strings.Fields(v)
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

	// The golden file is the output tree of a good build as a txtar archive,
	// else what the command printed.
	var got []byte
	switch {
	case code == 0 && args[0] == "build" && !slices.Contains(args, "--dry-run"):
		got = txtar.Format(snapshot(t, filepath.Join(site, "public")))
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

// snapshot returns every file under dir as an archive: text files whole,
// style sheets and binary files by size and hash.
func snapshot(t *testing.T, dir string) *txtar.Archive {
	t.Helper()
	ar := &txtar.Archive{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		if name == output.MarkerFile {
			// Its first line; the rest hashes the inputs, gen's binary
			// (here the test's) included.
			data, _, _ = bytes.Cut(data, []byte("\n"))
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: append(data, '\n')})
			return nil
		}
		switch filepath.Ext(p) {
		case ".html", ".xml", ".txt", ".md":
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
		default:
			ar.Files = append(ar.Files, txtar.File{Name: fmt.Sprintf("%s (%d bytes, sha256 %x)", name, len(data), sha256.Sum256(data))})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ar
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
