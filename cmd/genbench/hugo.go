package main

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gen-briefs/gen/internal/theme"
)

// hugoSite is Hugo's half of the comparison: hugo.toml and themes/bench,
// copied next to the corpus's content/. The "all:" prefix keeps the
// theme's _default and _markup folders, which embed otherwise skips.
//
//go:embed all:testdata/hugo
var hugoSite embed.FS

// writeHugoSite writes hugo.toml and the theme into dir. The theme's
// style sheet is gen's own, so that both tools serve the same one.
func writeHugoSite(dir string) error {
	root, err := fs.Sub(hugoSite, "testdata/hugo")
	if err != nil {
		return err
	}
	if err := os.CopyFS(dir, root); err != nil {
		return err
	}
	css, err := fs.ReadFile(theme.FS, "static/css/gen.css")
	if err != nil {
		return err
	}
	static := filepath.Join(dir, "themes", "bench", "static", "css")
	if err := os.MkdirAll(static, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(static, "gen.css"), css, 0o644)
}

// ensureHugo finds hugo on PATH, installing Debian's package when it is
// missing, and returns its path. The package is installed without its
// recommendations, which would put an old Go at /usr/bin/go.
func ensureHugo(stdout io.Writer) (string, error) {
	if path, err := exec.LookPath("hugo"); err == nil {
		return path, nil
	}
	const install = "apt-get install -y --no-install-recommends hugo"
	if os.Geteuid() != 0 {
		return "", fmt.Errorf("hugo is not installed; install it with: sudo apt-get update && sudo %s", install)
	}
	goBefore, _ := exec.LookPath("go")
	fmt.Fprintf(stdout, "hugo is not on PATH: running %s\n", install)
	if err := apt(stdout, strings.Fields(install)[1:]...); err != nil {
		fmt.Fprintln(stdout, "Install failed: running apt-get update and trying again")
		if err := apt(stdout, "update"); err != nil {
			return "", err
		}
		if err := apt(stdout, strings.Fields(install)[1:]...); err != nil {
			return "", err
		}
	}
	if goAfter, _ := exec.LookPath("go"); goAfter != goBefore {
		fmt.Fprintf(stdout, "warning: installing hugo changed which go is first on PATH: %s, was %s\n", goAfter, goBefore)
	}
	path, err := exec.LookPath("hugo")
	if err != nil {
		return "", errors.New("apt-get installed hugo but it is not on PATH")
	}
	return path, nil
}

// apt runs apt-get with args, without questions, showing its output only
// when it fails.
func apt(stdout io.Writer, args ...string) error {
	cmd := exec.Command("apt-get", args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.CombinedOutput()
	if err != nil {
		stdout.Write(out)
		return fmt.Errorf("apt-get %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// hugoTool is one Hugo the comparison runs.
type hugoTool struct {
	Label string // "Hugo 0.111.3"
	Path  string
}

// newHugoTool names the Hugo at path by the version it reports.
func newHugoTool(path string) hugoTool {
	label := "Hugo"
	if f := strings.Fields(version(path, "version")); len(f) >= 2 && strings.HasPrefix(f[1], "v") {
		v, _, _ := strings.Cut(strings.TrimPrefix(f[1], "v"), "+")
		label += " " + v
	}
	return hugoTool{Label: label, Path: path}
}

// currentHugo returns the path of Hugo at version (such as "v0.165.0"),
// built with go install into cache/hugo-VERSION the first time it is
// asked for. It is built by the benchmark, not by CI: it takes minutes.
func currentHugo(cache, version string, stdout io.Writer) (string, error) {
	dir := filepath.Join(cache, "hugo-"+version)
	bin := filepath.Join(dir, "hugo")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return "", err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return "", err
	}
	fmt.Fprintf(stdout, "Building Hugo %s into %s with go install (once; this takes minutes)\n", version, dir)
	cmd := exec.Command("go", "install", "github.com/gohugoio/hugo@"+version)
	cmd.Dir = tmp // outside gen's module
	cmd.Env = append(os.Environ(), "GOBIN="+tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install github.com/gohugoio/hugo@%s: %w\n%s", version, err, out)
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	return bin, nil
}

// defaultCache is where currentHugo keeps the Hugos it builds.
func defaultCache() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "genbench")
	}
	return filepath.Join(os.TempDir(), "genbench-cache")
}

// version returns the first line a program prints for args, such as
// "hugo version".
func version(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("(%s %s failed: %v)", filepath.Base(name), strings.Join(args, " "), err)
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}
