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
