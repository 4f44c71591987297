// Package source is the one place that decides which of a site's files
// gen reads: gen.toml, and the files under content/, layouts/ (archetypes
// included) and static/. Every reader of those goes through it.
//
// The rule: a file is read when it is a regular file, or a symbolic link
// to a regular file inside the site. A link that leaves the site, a link
// to a folder or a hidden file (a name starting with "."), a folder on
// the way that is a link, and anything that is not a regular file (a FIFO, a device,
// a socket) is refused with an error naming it. So a build never publishes
// a file from elsewhere on the disk (a layout linked to /proc/self/environ
// would print the build's secrets in every page), and never waits on a
// file that has no end or no writer (a FIFO, /dev/zero). The top-level
// folders themselves must be real folders: a content/ that is a link is
// refused too, rather than read as an empty site.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gen-briefs/gen/internal/problem"
)

// Refused is a file or folder of the site that gen will not, or cannot,
// read.
type Refused struct {
	// Path is the slash-separated path from the site root.
	Path string
	// Reason says why, and what to do.
	Reason string
}

// Error formats the refusal as "path: reason".
func (e *Refused) Error() string { return e.Path + ": " + e.Reason }

// Problem returns the refusal as a problem with code file.refused.
func (e *Refused) Problem() problem.Problem {
	return problem.Problem{Severity: problem.Error, Code: problem.FileRefused, File: e.Path, Message: e.Reason}
}

// check applies the rule to the file at p, whose type (as Lstat or a
// directory walk reports it) is mode. name is its path from the site root,
// for messages.
func check(siteDir, p, name string, mode fs.FileMode) error {
	if mode&fs.ModeSymlink != 0 {
		info, err := os.Stat(p)
		if err != nil {
			return &Refused{name, fmt.Sprintf("broken symbolic link: %v", unwrapPath(err))}
		}
		if info.IsDir() {
			return &Refused{name, "is a symbolic link to a folder, which gen does not follow: move or copy the folder into the site"}
		}
		if err := within(siteDir, p, name); err != nil {
			return err
		}
		mode = info.Mode()
	}
	if !mode.IsRegular() {
		return notRegular(name, mode)
	}
	return nil
}

// within refuses a symbolic link at p whose target is outside siteDir.
func within(siteDir, p, name string) error {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return &Refused{name, fmt.Sprintf("broken symbolic link: %v", unwrapPath(err))}
	}
	root, err := filepath.EvalSymlinks(siteDir)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &Refused{name, "is a symbolic link to a file outside the site, which is not followed: copy the file into the site"}
	}
	for _, seg := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(seg, ".") {
			return &Refused{name, "is a symbolic link to a hidden file (" + filepath.ToSlash(rel) + "), which gen ignores as it ignores every name starting with \".\": copy the file to a name without a dot"}
		}
	}
	return nil
}

// notRegular refuses a file of type mode that is not a regular file.
func notRegular(name string, mode fs.FileMode) error {
	kind := "special file"
	switch {
	case mode.IsDir():
		kind = "folder"
	case mode&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		kind = "socket"
	case mode&fs.ModeCharDevice != 0:
		kind = "character device"
	case mode&fs.ModeDevice != 0:
		kind = "device"
	}
	return &Refused{name, "is a " + kind + ", not a regular file: gen reads only regular files; remove it or replace it with a file"}
}

// Check applies the rule to the file at p, whose path from the site root
// is name, without opening it.
func Check(siteDir, p, name string) error {
	info, err := os.Lstat(p)
	if err != nil {
		return err
	}
	return check(siteDir, p, name, info.Mode())
}

// Open opens the file at p, whose path from the site root is name, under
// the rule. It opens without blocking, so that a FIFO put in place since
// a walk saw a file is refused rather than waited on, and checks the type
// of what it opened. The file is checked again once open: what was opened
// must be what the path leads to then, so that a link swapped in between
// the check and the open is caught.
func Open(siteDir, p, name string) (*os.File, error) {
	f, _, err := open(siteDir, p, name)
	return f, err
}

// open is Open, also returning what the opened file is. A file replaced
// between the check and the open (as editors save, writing a new file over
// the old) is checked and opened again, a few times.
func open(siteDir, p, name string) (*os.File, fs.FileInfo, error) {
	for tries := 1; ; tries++ {
		f, info, err := openOnce(siteDir, p, name)
		var refused *Refused
		if !errors.As(err, &refused) || refused.Reason != replacedReason || tries == 3 {
			return f, info, err
		}
	}
}

// replacedReason is the reason given for a file replaced while it was
// opened.
const replacedReason = "was replaced while gen opened it: build again"

// openOnce checks and opens the file at p once.
func openOnce(siteDir, p, name string) (*os.File, fs.FileInfo, error) {
	if err := CheckFolders(siteDir, p); err != nil {
		return nil, nil, err
	}
	info, err := os.Lstat(p)
	if err != nil {
		return nil, nil, err
	}
	if err := check(siteDir, p, name, info.Mode()); err != nil {
		return nil, nil, err
	}
	// A path that was not a link is opened without following one, so what
	// is opened is what the path leads to: a link put in its place since
	// fails the open, and is looked at again.
	link := info.Mode()&fs.ModeSymlink != 0
	flags := os.O_RDONLY | syscall.O_NONBLOCK
	if !link {
		flags |= noFollow
	}
	f, err := os.OpenFile(p, flags, 0)
	if err != nil {
		// The error for a link met with O_NOFOLLOW differs by system
		// (ELOOP, EMLINK, EFTYPE): the path is looked at instead.
		if now, lerr := os.Lstat(p); !link && lerr == nil && now.Mode()&fs.ModeSymlink != 0 {
			return nil, nil, &Refused{name, replacedReason}
		}
		return nil, nil, err
	}
	opened, err := f.Stat()
	if err == nil && !opened.Mode().IsRegular() {
		err = notRegular(name, opened.Mode())
	}
	if err == nil && (link || noFollow == 0) {
		err = stillLeadsTo(siteDir, p, name, opened)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, opened, nil
}

// stillLeadsTo refuses an opened file that the path p no longer leads to
// under the rule.
func stillLeadsTo(siteDir, p, name string, opened fs.FileInfo) error {
	now, err := os.Lstat(p)
	if err == nil && now.Mode()&fs.ModeSymlink != 0 {
		if err = check(siteDir, p, name, now.Mode()); err == nil {
			now, err = os.Stat(p)
		}
	}
	if err != nil {
		return err
	}
	if !os.SameFile(opened, now) {
		return &Refused{name, replacedReason}
	}
	return nil
}

// CheckFolders refuses a path whose folders between the site root and the
// file include a symbolic link: through a linked folder, gen would read
// (or, for gen new, write) files elsewhere under names of the site.
// Folders that do not exist yet are not looked at.
func CheckFolders(siteDir, p string) error {
	rel, err := filepath.Rel(siteDir, filepath.Dir(p))
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return err // the site root, or a path outside the site: not a site's folders
	}
	dir := siteDir
	for _, seg := range strings.Split(rel, string(filepath.Separator)) {
		dir = filepath.Join(dir, seg)
		info, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			folder, _ := filepath.Rel(siteDir, dir)
			return &Refused{filepath.ToSlash(folder), "is a symbolic link, which gen does not follow for a site's folders: move the folder into the site"}
		}
	}
	return nil
}

// ReadFile reads the whole file at p under the rule (see Open).
func ReadFile(siteDir, p, name string) ([]byte, error) {
	f, info, err := open(siteDir, p, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized by the file, as os.ReadFile does, rather than grown from
	// io.ReadAll's 512 bytes: every brief is read through here, twice.
	data := make([]byte, 0, int(info.Size())+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: make room
		}
	}
}

// Folder checks the site's top-level folder name (content, layouts,
// static) and returns its path; ok is false when the site has none. A
// folder that is a symbolic link, or not a folder, is refused.
func Folder(siteDir, name string) (dir string, ok bool, err error) {
	dir = filepath.Join(siteDir, name)
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return dir, false, nil
	case err != nil:
		return dir, false, err
	case info.Mode()&fs.ModeSymlink != 0:
		return dir, false, &Refused{name, "is a symbolic link, which gen does not follow for a site's folders (it would read another place as this site): move the folder into the site, or build that other site with -s"}
	case !info.IsDir():
		return dir, false, &Refused{name, "is not a folder"}
	}
	return dir, true, nil
}

// Walk calls fn for every folder and file under the site's top-level
// folder name, in lexical order, skipping names that start with "." (and
// what is under them). rel is the slash-separated path under the folder,
// p the path on disk. For a file that the rule refuses, fn is called with
// the refusal as err; fn decides whether that stops the walk (return it)
// or not (return nil). A site without the folder walks nothing.
func Walk(siteDir, name string, fn func(rel, p string, d fs.DirEntry, err error) error) error {
	root, ok, err := Folder(siteDir, name)
	if !ok {
		return err
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(filepath.Base(p), ".") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if err != nil {
			return fn(rel, p, d, &Refused{name + "/" + rel, fmt.Sprintf("cannot read: %v", unwrapPath(err))})
		}
		if d.IsDir() {
			return fn(rel, p, d, nil)
		}
		return fn(rel, p, d, check(siteDir, p, name+"/"+rel, d.Type()))
	})
}

// unwrapPath drops the *PathError wrapper, whose path is absolute.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
