package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gen-briefs/gen/internal/asset"
	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/render"
	"github.com/gen-briefs/gen/internal/source"
	"golang.org/x/sync/errgroup"
)

// inputDigest is what inputs hashed.
type inputDigest struct {
	// all hashes everything a build reads, and setup all but content/
	// and static/: what every page's layouts depend on.
	all, setup string
	// files holds the digest of each file by its path from the site root
	// ("content/briefs/aws.md"): its mode, size and bytes.
	files map[string]string
	// status holds the status of each file whose digest the next build
	// may take from the file cache, and reused counts the files whose
	// digest this one took from it; program is gen's digest, and taken
	// when the statuses were taken.
	status  map[string]fileStatus
	reused  int
	program string
	taken   int64
}

// inputs hashes everything a build reads: the options that change its
// output, gen.toml, every file under content/, layouts/ and static/ (path,
// mode and bytes), and the gen program itself. Two builds with the same
// hash, before any scheduled date comes, write the same files. A file
// whose status is the one cache knows (when not nil) is not read: its
// digest is the cache's.
func inputs(ctx context.Context, opts Options, cache *fileCache) (*inputDigest, error) {
	taken := time.Now().UnixNano()
	// The walk lists what is hashed, in order; the files are hashed on
	// every core, and their digests joined in that order.
	var parts []inputPart
	text := func(format string, args ...any) {
		parts = append(parts, inputPart{text: fmt.Sprintf(format, args...)})
		parts[len(parts)-1].name, _, _ = strings.Cut(parts[len(parts)-1].text, " ")
	}
	file := func(name string, d fs.DirEntry, open func() (*os.File, error)) {
		part := inputPart{name: name, text: name, open: open}
		if d != nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				if part.status, part.hasStatus = statusOf(info); part.hasStatus {
					if digest, ok := cache.known(name, part.status); ok {
						part.text, part.known = digest, true
					}
				}
			}
		}
		parts = append(parts, part)
	}
	text("baseURL %q drafts %v future %v\n", opts.BaseURL, opts.Drafts, opts.Future)
	exe, err := programDigest()
	if err != nil {
		return nil, err
	}
	text("gen %s\n", exe)
	var cfgEntry fs.DirEntry
	if info, err := os.Lstat(filepath.Join(opts.SiteDir, config.FileName)); err == nil {
		cfgEntry = fs.FileInfoToDirEntry(info)
	}
	file(config.FileName, cfgEntry, func() (*os.File, error) {
		return source.Open(opts.SiteDir, filepath.Join(opts.SiteDir, config.FileName), config.FileName)
	})
	for _, dir := range []string{content.Dir, render.LayoutsDir, StaticDir} {
		err := source.Walk(opts.SiteDir, dir, func(rel, p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			name := dir + "/" + rel
			switch {
			case err != nil:
				text("%s: %v\n", name, err)
			case d.IsDir():
				text("%s/\n", name)
			default:
				if d.Type()&fs.ModeSymlink != 0 {
					target, _ := os.Readlink(p)
					text("%s -> %s\n", name, target)
				}
				file(name, d, func() (*os.File, error) { return source.Open(opts.SiteDir, p, name) })
			}
			return nil
		})
		if err != nil {
			text("%s: %v\n", dir, err)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range parts {
		if parts[i].open != nil && !parts[i].known {
			g.Go(func() error {
				if err := ctx.Err(); err != nil {
					return err
				}
				parts[i].hash()
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	in := &inputDigest{files: make(map[string]string, len(parts)), status: map[string]fileStatus{}, program: exe, taken: taken}
	all, setup := sha256.New(), sha256.New()
	for _, part := range parts {
		io.WriteString(all, part.text)
		// Pages link style sheets and scripts by a hash of their bytes.
		if !strings.HasPrefix(part.name, content.Dir+"/") && (!strings.HasPrefix(part.name, StaticDir+"/") || asset.Is(part.name)) {
			io.WriteString(setup, part.text)
		}
		if part.open != nil {
			in.files[part.name] = part.text
			if part.hasStatus {
				in.status[part.name] = part.status
			}
			if part.known {
				in.reused++
			}
		}
	}
	in.all, in.setup = hex.EncodeToString(all.Sum(nil)), hex.EncodeToString(setup.Sum(nil))
	return in, ctx.Err()
}

// read returns how many of the files hashed were read, and how many were
// hashed.
func (in *inputDigest) read() (read, files int) {
	return len(in.files) - in.reused, len(in.files)
}

// programDigest returns the digest of the running program, computed once:
// the program does not change while it runs.
var programDigest = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	part := inputPart{name: "gen", text: "gen", open: func() (*os.File, error) { return os.Open(exe) }}
	part.hash()
	return part.text, nil
})

// copyBuffers holds the buffers files are hashed through.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// inputPart is one piece of what inputs hashes: text, or a file to open,
// under a name (the path it is about). A file's status, when it has one,
// is the one it had when hashed; known is a file whose digest (text) the
// file cache gave.
type inputPart struct {
	name, text string
	open       func() (*os.File, error)
	status     fileStatus
	hasStatus  bool
	known      bool
}

// hash replaces a file's part by its name, mode, size and the digest of
// its bytes, or by its name and the error that kept it from being read.
func (part *inputPart) hash() {
	name := part.text
	f, err := part.open()
	if err == nil {
		defer f.Close()
		var info fs.FileInfo
		if info, err = f.Stat(); err == nil {
			// The status before the bytes: a change while they are read
			// makes a later status, which the next build does not trust.
			if part.hasStatus {
				part.status, part.hasStatus = statusOf(info)
			}
			h := sha256.New()
			buf := copyBuffers.Get().(*[]byte)
			// Only the Reader of f: os.File's WriteTo would copy through a
			// buffer of its own, allocated for each file.
			_, err = io.CopyBuffer(h, struct{ io.Reader }{f}, *buf)
			copyBuffers.Put(buf)
			if err == nil {
				part.text = fmt.Sprintf("%s %o %d %x\n", name, info.Mode(), info.Size(), h.Sum(nil))
				return
			}
		}
	}
	part.text = fmt.Sprintf("%s: %v\n", name, err)
}

// summary is the part of a Result that a build records for the next one
// to report when nothing changed.
type summary struct {
	Pages, Briefs, Terms, Feeds, Static, Files int
	Warnings                                   []string  `json:",omitempty"`
	NextBrief                                  time.Time `json:",omitzero"`
	NextBriefFile                              string    `json:",omitempty"`
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
		NextBrief: sum.NextBrief, NextBriefFile: sum.NextBriefFile,
	}, true
}

// checkNotEmptied refuses to replace the output in opts.Destination,
// built with briefs, by a site of none, unless opts.AllowEmpty: a content/
// folder moved, emptied or read from the wrong place should not take a
// whole site offline.
func checkNotEmptied(opts Options, briefs int) error {
	dest := opts.Destination
	if briefs > 0 || opts.AllowEmpty || dest == "" {
		return nil
	}
	st, err := output.ReadState(dest)
	var sum summary
	if err != nil || st.Summary == nil || json.Unmarshal(st.Summary, &sum) != nil || sum.Briefs == 0 {
		return nil
	}
	return fmt.Errorf("%s holds a site of %s and this build has none: check that content/briefs/ holds the briefs and that they are not all drafts, or pass --allow-empty to publish an empty site", dest, plural(sum.Briefs, "brief"))
}

// plural writes n and a noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// WriteFiles replaces the output folder dest of the site in siteDir with
// files, the result res of a build into memory (gen serve --write). As
// Build does, it refuses a destination a build must not replace, and an
// output of briefs replaced by a site of none unless allowEmpty. The
// folder's marker records the build's summary for the next build's
// checks, but never lets a build find it up to date.
func WriteFiles(siteDir, dest string, files map[string][]byte, res *Result, allowEmpty bool) error {
	if err := output.CheckDestination(siteDir, dest); err != nil {
		return err
	}
	if err := checkNotEmptied(Options{Destination: dest, AllowEmpty: allowEmpty}, res.Briefs); err != nil {
		return err
	}
	w, err := output.Begin(dest)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == output.MarkerFile {
			continue
		}
		if err := w.WriteFile(name, files[name]); err != nil {
			w.Abort()
			return err
		}
	}
	if err := recordState(w, "", time.Time{}, res); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// recordState writes what the next build needs to find the output up to
// date into the staging folder's marker.
func recordState(w *output.Writer, inputs string, until time.Time, res *Result) error {
	written, unchanged := w.Counts()
	data, err := json.Marshal(summary{res.Pages, res.Briefs, res.Terms, res.Feeds, res.Static, written + unchanged, res.Warnings, res.NextBrief, res.NextBriefFile})
	if err != nil {
		return err
	}
	return w.SetState(output.State{Inputs: inputs, Until: until, Summary: data})
}
