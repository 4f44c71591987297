package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
)

// defaultWork is the work folder: on the RAM disk, where there is one.
func defaultWork() string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		return "/dev/shm/genbench"
	}
	return filepath.Join(os.TempDir(), "genbench")
}

// workspace is a work folder holding the gen binary, the sites and the
// output folders of one genbench run.
type workspace struct {
	Dir string
	Gen string // the gen binary
	out int    // output folders made so far
}

// newWorkspace makes dir and builds gen's binary into it from the module
// genbench runs in, so that builds are timed without go run; or, when gen
// is not empty, uses that binary instead.
func newWorkspace(dir, gen string, stdout io.Writer) (*workspace, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if gen != "" {
		if gen, err = filepath.Abs(gen); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "Using %s: %s\n", gen, version(gen, "version"))
		return &workspace{Dir: dir, Gen: gen}, nil
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" || strings.TrimSpace(string(gomod)) == os.DevNull {
		return nil, fmt.Errorf("run genbench from within gen's module (go env GOMOD: %v)", err)
	}
	w := &workspace{Dir: dir, Gen: filepath.Join(dir, "gen")}
	build := exec.Command("go", "build", "-o", w.Gen, "./cmd/gen")
	build.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/gen: %w\n%s", err, out)
	}
	fmt.Fprintf(stdout, "Built %s: %s\n", w.Gen, version(w.Gen, "version"))
	return w, nil
}

// site writes a fresh corpus of n briefs into the folder name and returns
// its path.
func (w *workspace) site(name string, n int, stdout io.Writer) (string, error) {
	dir := filepath.Join(w.Dir, name)
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	start := time.Now()
	if err := corpus.Write(dir, n); err != nil {
		return "", err
	}
	fmt.Fprintf(stdout, "Wrote %d briefs to %s in %s\n", n, dir, seconds(time.Since(start)))
	return dir, nil
}

// output returns the path of a new output folder that does not exist yet,
// so that each build starts from nothing.
func (w *workspace) output(label string) (string, error) {
	w.out++
	dir := filepath.Join(w.Dir, "out", fmt.Sprintf("%03d-%s", w.out, label))
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, os.MkdirAll(filepath.Dir(dir), 0o755)
}
