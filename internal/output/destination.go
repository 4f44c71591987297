package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckDestination refuses an output folder that a build must never
// replace: the file system root, the home folder, the site folder or one
// above it, a folder inside the site's content/, layouts/ or static/, or a
// folder that holds a content/ folder of its own.
func CheckDestination(siteDir, dest string) error {
	site, err := realPath(siteDir)
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		return fmt.Errorf("refusing destination %s: %s; choose a folder of its own, such as %s", dest, why, filepath.Join(siteDir, "public"))
	}
	if file := fileOnPath(dest); file == filepath.Clean(dest) {
		return refuse("it is a file, not a folder (a build makes a folder of pages)")
	} else if file != "" {
		return refuse(file + " is a file, so no folder can be made inside it")
	}
	d, err := realPath(dest)
	if err != nil {
		return fmt.Errorf("refusing destination %s: %w", dest, err)
	}
	notOurs := func() error {
		return fmt.Errorf("refusing destination %s: it is not empty and gen did not build it (it has no %s file), and a build replaces the whole folder; empty it or choose another folder", dest, MarkerFile)
	}
	if d == filepath.Dir(d) {
		return refuse("it is the root of the file system")
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := realPath(home); err == nil && h == d {
			return refuse("it is your home folder")
		}
	}
	if d == site {
		return refuse("it is the site folder itself")
	}
	if within(site, d) {
		return refuse("it holds the site folder")
	}
	for _, sub := range []string{"content", "layouts", "static"} {
		if dir := filepath.Join(site, sub); d == dir || within(d, dir) {
			return refuse("it is inside the site's " + sub + "/ folder")
		}
	}
	if info, err := os.Stat(filepath.Join(d, "content")); err == nil && info.IsDir() {
		return refuse("it holds a content/ folder, so it looks like a site, not build output")
	}
	entries, err := os.ReadDir(d)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("refusing destination %s: %w", dest, err)
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(d, MarkerFile)); err != nil {
			return notOurs()
		}
	}
	return nil
}

// fileOnPath returns p, or the folder above p, that exists and is not a
// folder (following symbolic links), or "" when there is none.
func fileOnPath(p string) string {
	for cur := filepath.Clean(p); ; cur = filepath.Dir(cur) {
		if info, err := os.Stat(cur); err == nil {
			if info.IsDir() {
				return ""
			}
			return cur
		}
		if cur == filepath.Dir(cur) {
			return ""
		}
	}
}

// Inside reports whether the folder p is dir or inside it, once both are
// absolute and their symbolic links resolved (as far as they exist).
func Inside(p, dir string) bool {
	a, err1 := realPath(p)
	b, err2 := realPath(dir)
	return err1 == nil && err2 == nil && (a == b || within(a, b))
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// realPath makes p absolute and resolves the symbolic links of the part of
// it that exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; cur = filepath.Dir(cur) {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		if cur == filepath.Dir(cur) {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
	}
}
