package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/render"
)

// inputs hashes everything a build reads: the options that change its
// output, gen.toml, every file under content/, layouts/ and static/ (path,
// mode and bytes), and the gen program itself. Two builds with the same
// hash, before any scheduled date comes, write the same files.
func inputs(opts Options) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "baseURL %q drafts %v future %v news-from-now %v\n", opts.BaseURL, opts.Drafts, opts.Future, opts.NewsFromNow)
	// A file that cannot be read is hashed as its error; the build that
	// follows reports it.
	add := func(name, p string) {
		f, err := os.Open(p)
		if err == nil {
			defer f.Close()
			var info fs.FileInfo
			if info, err = f.Stat(); err == nil {
				fmt.Fprintf(h, "%s %o %d\n", name, info.Mode(), info.Size())
				_, err = io.Copy(h, f)
			}
		}
		if err != nil {
			fmt.Fprintf(h, "%s: %v\n", name, err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	add("gen", exe)
	add(config.FileName, filepath.Join(opts.SiteDir, config.FileName))
	for _, dir := range []string{content.Dir, render.LayoutsDir, StaticDir} {
		root := filepath.Join(opts.SiteDir, dir)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return filepath.SkipDir
			}
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(opts.SiteDir, p)
			if d.Type()&fs.ModeSymlink != 0 {
				target, _ := os.Readlink(p)
				fmt.Fprintf(h, "%s -> %s\n", filepath.ToSlash(rel), target)
			}
			add(filepath.ToSlash(rel), p)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// summary is the part of a Result that a build records for the next one
// to report when nothing changed.
type summary struct {
	Pages, Briefs, Terms, Feeds, Static, Files int
	Warnings                                   []string `json:",omitempty"`
}

// upToDate returns the result of a build that finds the destination
// written from the same inputs and untouched since, or false.
func upToDate(opts Options, inputs string, start time.Time) (*Result, bool) {
	st, ok := output.Unchanged(opts.Destination, inputs, opts.Now)
	var sum summary
	if !ok || json.Unmarshal(st.Summary, &sum) != nil {
		return nil, false
	}
	return &Result{
		Destination: opts.Destination, UpToDate: true,
		Pages: sum.Pages, Briefs: sum.Briefs, Terms: sum.Terms, Feeds: sum.Feeds, Static: sum.Static,
		Unchanged: sum.Files, Warnings: sum.Warnings, Duration: time.Since(start),
	}, true
}

// recordState writes what the next build needs to find the output up to
// date into the staging folder's marker.
func recordState(w *output.Writer, inputs string, until time.Time, res *Result) error {
	written, unchanged := w.Counts()
	data, err := json.Marshal(summary{res.Pages, res.Briefs, res.Terms, res.Feeds, res.Static, written + unchanged, res.Warnings})
	if err != nil {
		return err
	}
	return w.SetState(output.State{Inputs: inputs, Until: until, Summary: data})
}
