// Package content reads a site's content/ folder: it walks the tree, splits
// and decodes the frontmatter of each Markdown file, and lists the other
// files to copy. It does not render Markdown or decide URLs.
package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/source"
	"golang.org/x/sync/errgroup"
)

// Dir is the name of the content folder under the site root.
const Dir = "content"

// Page is one Markdown file of the content tree.
type Page struct {
	// Path is the slash-separated path under content/, e.g. "briefs/aws.md".
	Path string
	// Section is the top-level folder, or "" for a file at the root.
	Section string
	// IsSectionIndex is true for a section's (or the home page's) _index.md.
	IsSectionIndex bool
	// Bundle is the folder of a page bundle (a folder holding index.md), or "".
	Bundle string
	Front  *FrontMatter
	Meta   *Meta
	// Body is the Markdown after the frontmatter; nil for a page loaded by
	// LoadLazily, whose ReadBody reads it from the file when it is needed.
	Body []byte
	// BodyLine is the line of the file where Body starts.
	BodyLine int

	// siteDir, file, sum and bodyStart let ReadBody read the body again.
	siteDir   string
	file      string
	sum       uint64
	bodyStart int
	// saved is the page's saved form, when it was loaded to be saved.
	saved []byte
}

// Saved returns the page's saved form, for a build cache to give
// LoadReusing when the page's file has not changed since: its frontmatter
// as decoded and where its body starts. It is nil unless the page was
// loaded by LoadReusing, or when its frontmatter holds a value the saved
// form does not (a page that is then read from its file every time).
func (p *Page) Saved() []byte { return p.saved }

// ErrChanged is the error of ReadBody for a file whose bytes are not the
// ones its frontmatter was read from.
var ErrChanged = errors.New("the file changed while the site was being built: build again")

// sumTable is the table of the CRC-64 that tells whether a file was read
// twice with the same bytes, in one build or in two.
var sumTable = crc64.MakeTable(crc64.ECMA)

// ReadBody returns the page's Body, reading it from its file again when
// the page was loaded without it. A file whose bytes are not exactly the
// ones loaded (any change, even one that keeps its size) is an error
// wrapping ErrChanged, so that a page never shows the frontmatter of one
// version of its file and the body of another.
func (p *Page) ReadBody() ([]byte, error) {
	if p.Body != nil || p.file == "" {
		return p.Body, nil
	}
	data, err := source.ReadFile(p.siteDir, p.file, p.SourcePath())
	if err != nil {
		return nil, fileError(p.SourcePath(), err)
	}
	if crc64.Checksum(data, sumTable) != p.sum || p.bodyStart > len(data) {
		return nil, &Error{File: p.SourcePath(), Code: problem.FileUnreadable, Err: ErrChanged}
	}
	return data[p.bodyStart:], nil
}

// SourcePath returns the page's path relative to the site root, for messages.
func (p *Page) SourcePath() string { return Dir + "/" + p.Path }

// Asset is a file under content/ that is copied to the output as it is.
type Asset struct {
	// Path is the slash-separated path under content/.
	Path string
	// File is the path on disk.
	File string
	// Bundle is the folder of the page bundle holding the file, or "".
	Bundle string
}

// Tree is everything read from content/, each list sorted by path.
type Tree struct {
	Pages  []*Page
	Assets []Asset
	// Broken lists the paths under content/ of Markdown files that could
	// not be read, so that links to them are not reported a second time.
	Broken []string

	// What Update needs to re-read single files.
	root    string
	schema  schema
	bundles map[string]bool
	dirs    map[string]bool
	errs    map[string]error
}

// Error is a problem with one file of the content tree.
type Error struct {
	// File is the path relative to the site root.
	File string
	// Line is the line in the file, or 0 when the whole file is at fault.
	Line int
	// Column is the column in the line, from 1, or 0 when unknown.
	Column int
	// Code says what kind of problem it is.
	Code problem.Code
	Err  error
}

// Problem returns the error as a problem for reports.
func (e *Error) Problem() problem.Problem {
	return problem.Problem{Severity: problem.Error, Code: e.Code, File: QuoteOdd(e.File), Line: e.Line, Column: e.Column, Message: e.Err.Error()}
}

// Error formats the problem as "file:line:col: message".
// A file name holding a newline or a control character is quoted.
func (e *Error) Error() string {
	file := QuoteOdd(e.File)
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", file, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", file, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", file, e.Err)
}

// located makes an *Error of file from err, at the line and column err
// carries, else at line; errors joined are located one by one.
func located(file string, line int, err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range j.Unwrap() {
			errs = append(errs, located(file, line, e))
		}
		return errors.Join(errs...)
	}
	code := problem.FrontmatterSyntax
	var fe *fieldError
	if errors.As(err, &fe) {
		code = fe.code
	}
	var le *lineError
	if errors.As(err, &le) {
		return &Error{File: file, Line: le.line, Column: le.col, Code: code, Err: le.err}
	}
	return &Error{File: file, Line: line, Code: code, Err: err}
}

// MaxPageSize is the largest Markdown file gen reads, in bytes.
const MaxPageSize = 5 << 20

// textError is a file that is not text gen can read.
type textError struct {
	line, col int
	msg       string
}

func (e *textError) at(file string) *Error {
	return &Error{File: file, Line: e.line, Column: e.col, Code: problem.FileUnreadable, Err: errors.New(e.msg)}
}

// checkText refuses a file too large to be a page, with a NUL byte, or
// that is not UTF-8.
func checkText(data []byte) *textError {
	if len(data) > MaxPageSize {
		return &textError{msg: fmt.Sprintf("is %.1f MB, more than a page may be (%d MB): split it, or move data out of it", float64(len(data))/(1<<20), MaxPageSize>>20)}
	}
	bad := bytes.IndexByte(data, 0)
	what := "a NUL byte: it is not a text file"
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				if bad < 0 || i < bad {
					bad = i
					what = fmt.Sprintf("a byte (0x%02X) that is not UTF-8: save the file as UTF-8 text", data[i])
				}
				break
			}
			i += size
		}
	}
	if bad < 0 {
		return nil
	}
	before := data[:bad]
	line := 1 + bytes.Count(before, []byte("\n"))
	col := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return &textError{line: line, col: col, msg: "has " + what}
}

// Unwrap returns the problem without its place.
func (e *Error) Unwrap() error { return e.Err }

// Load reads siteDir/content. Dates without a zone are read in loc.
// termKeys are the frontmatter keys that list a brief's terms, one per
// taxonomy (config.Taxonomy.Key); without them, companies and topics. All
// problems found are returned together, one *Error each, with the tree of
// the files that could be read; the tree is nil only when content/ itself
// cannot be read.
func Load(ctx context.Context, siteDir string, loc *time.Location, termKeys ...string) (*Tree, error) {
	return load(ctx, siteDir, newSchema(loc, termKeys), false, nil)
}

// LoadLazily is Load without keeping the pages' bodies in memory: ReadBody
// reads each when it is needed, so that a large site's Markdown is never
// all held at once.
func LoadLazily(ctx context.Context, siteDir string, loc *time.Location, termKeys ...string) (*Tree, error) {
	return load(ctx, siteDir, newSchema(loc, termKeys), true, nil)
}

// LoadReusing is LoadLazily that also keeps each page's saved form
// (Page.Saved), and that makes the page of a file named in saved, by its
// path under content/, from the saved form there instead of reading the
// file: the caller knows that these files did not change since this gen
// saved them. The saved form holds the frontmatter as parsed, which is
// decoded again with loc and termKeys; a saved form that does not decode
// is left aside and its file read.
func LoadReusing(ctx context.Context, siteDir string, loc *time.Location, termKeys []string, saved map[string][]byte) (*Tree, error) {
	if saved == nil {
		saved = map[string][]byte{}
	}
	return load(ctx, siteDir, newSchema(loc, termKeys), true, saved)
}

// load reads the tree; saved, when not nil, is LoadReusing's.
func load(ctx context.Context, siteDir string, sc schema, lazy bool, saved map[string][]byte) (*Tree, error) {
	root, ok, err := source.Folder(siteDir, Dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &Tree{}, nil
	}

	var mdFiles []string
	bundles := map[string]bool{}
	tree := &Tree{root: root, schema: sc, bundles: bundles, dirs: map[string]bool{}, errs: map[string]error{}}
	err = source.Walk(siteDir, Dir, func(rel, p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			tree.errs[rel] = fileError(Dir+"/"+rel, err)
			return nil
		}
		if d.IsDir() {
			tree.dirs[rel] = true
			if _, err := os.Stat(filepath.Join(p, "index.md")); err == nil {
				bundles[rel] = true
			}
			return nil
		}
		// Markdown files in a bundle, other than its index.md, are resources.
		if IsMarkdown(d.Name()) && bundleOf(rel, bundles) == "" {
			mdFiles = append(mdFiles, rel)
		} else {
			tree.Assets = append(tree.Assets, Asset{Path: rel, File: p, Bundle: bundleOf(rel, bundles)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	pages := make([]*Page, len(mdFiles))
	pageErrs := make([]error, len(mdFiles))
	// Every file's error is kept, not only the first, so that one build
	// reports every bad file; a cancelled context stops the reading.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, name := range mdFiles {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if data, ok := saved[name]; ok {
				if pages[i], pageErrs[i] = restorePage(root, name, bundles, sc, data); pageErrs[i] == nil {
					return nil
				}
			}
			pages[i], pageErrs[i] = readPage(root, name, bundles, sc, saved != nil)
			if lazy && pageErrs[i] == nil {
				pages[i].Body = nil
			}
			return nil
		})
	}
	g.Wait() // errors are kept in pageErrs
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, p := range pages {
		if pageErrs[i] != nil {
			tree.errs[mdFiles[i]] = pageErrs[i]
		} else {
			tree.Pages = append(tree.Pages, p)
		}
	}
	return tree, tree.finish()
}

// fileError makes an *Error of a file, name from the site root, that
// source refused or that could not be read.
func fileError(name string, err error) *Error {
	var r *source.Refused
	if errors.As(err, &r) {
		return &Error{File: r.Path, Code: problem.FileRefused, Err: errors.New(r.Reason)}
	}
	return &Error{File: name, Code: problem.FileUnreadable, Err: fmt.Errorf("cannot read: %w", unwrapPath(err))}
}

// finish sorts the tree's lists and returns its errors, in path order.
func (t *Tree) finish() error {
	sort.Slice(t.Pages, func(i, j int) bool { return t.Pages[i].Path < t.Pages[j].Path })
	sort.Slice(t.Assets, func(i, j int) bool { return t.Assets[i].Path < t.Assets[j].Path })
	t.Broken = t.Broken[:0]
	var errs []error
	for _, rel := range slices.Sorted(maps.Keys(t.errs)) {
		errs = append(errs, t.errs[rel])
		if IsMarkdown(rel) {
			t.Broken = append(t.Broken, rel)
		}
	}
	return errors.Join(errs...)
}

// Update returns a copy of the tree with the files at the given paths
// (under content/, slash-separated) read again, added or removed. It
// returns ok false, and nothing else, when a change needs a full Load: a
// folder, a bundle's index.md or a section's _index.md.
func (t *Tree) Update(changed []string) (tree *Tree, err error, ok bool) {
	for _, rel := range changed {
		base := path.Base(rel)
		if base == "index.md" || base == "_index.md" || t.dirs[rel] || t.root == "" {
			return nil, nil, false
		}
		if info, err := os.Lstat(filepath.Join(t.root, filepath.FromSlash(rel))); err == nil && info.IsDir() {
			return nil, nil, false
		}
	}
	nt := *t
	nt.errs = maps.Clone(t.errs)
	nt.Broken = nil
	drop := map[string]bool{}
	for _, rel := range changed {
		drop[rel] = true
		delete(nt.errs, rel)
	}
	nt.Pages = slices.DeleteFunc(slices.Clone(t.Pages), func(p *Page) bool { return drop[p.Path] })
	nt.Assets = slices.DeleteFunc(slices.Clone(t.Assets), func(a Asset) bool { return drop[a.Path] })
	for _, rel := range changed {
		if hidden(rel) {
			continue
		}
		p := filepath.Join(t.root, filepath.FromSlash(rel))
		if _, err := os.Lstat(p); err != nil {
			continue // removed
		}
		if err := source.Check(filepath.Dir(t.root), p, Dir+"/"+rel); err != nil {
			nt.errs[rel] = fileError(Dir+"/"+rel, err)
			continue
		}
		if IsMarkdown(rel) && bundleOf(rel, t.bundles) == "" {
			page, err := readPage(t.root, rel, t.bundles, t.schema, false)
			if err != nil {
				nt.errs[rel] = err
			} else {
				nt.Pages = append(nt.Pages, page)
			}
		} else {
			nt.Assets = append(nt.Assets, Asset{Path: rel, File: p, Bundle: bundleOf(rel, t.bundles)})
		}
	}
	return &nt, nt.finish(), true
}

// markdownExts are the endings of Markdown page files: gen's own .md and
// the longer ones other tools write (Jekyll's .markdown, …).
var markdownExts = [...]string{".md", ".markdown", ".mdown", ".mkd", ".mkdn"}

// IsMarkdown reports whether the file name ends as a Markdown page does.
func IsMarkdown(name string) bool { return TrimMarkdown(name) != name }

// TrimMarkdown returns name without its Markdown ending ("aws.markdown"
// → "aws"), or name as it is when it has none.
func TrimMarkdown(name string) string {
	for _, ext := range markdownExts {
		if base, ok := strings.CutSuffix(name, ext); ok && base != "" && !strings.HasSuffix(base, "/") {
			return base
		}
	}
	return name
}

// hidden reports whether a path has a segment starting with ".", which
// Load skips.
func hidden(rel string) bool {
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// bundleOf returns the bundle folder that contains rel as a resource (any
// file in a bundle but its index.md), or "".
func bundleOf(rel string, bundles map[string]bool) string {
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if bundles[dir] && rel != dir+"/index.md" {
			return dir
		}
	}
	return ""
}

// unwrapPath drops the *PathError wrapper, whose path is absolute.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readPage reads and decodes one Markdown file, and keeps its saved form
// when save is set.
func readPage(root, rel string, bundles map[string]bool, sc schema, save bool) (*Page, error) {
	siteDir, file := filepath.Dir(root), filepath.Join(root, filepath.FromSlash(rel))
	data, err := source.ReadFile(siteDir, file, Dir+"/"+rel)
	if err != nil {
		return nil, fileError(Dir+"/"+rel, err)
	}
	if err := checkText(data); err != nil {
		return nil, err.at(Dir + "/" + rel)
	}
	p, err := newPage(rel, bundles)
	if err != nil {
		return nil, err
	}
	fm, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		return nil, located(Dir+"/"+rel, 0, err)
	}
	meta, err := decodeMeta(fm, sc)
	if err != nil {
		return nil, located(Dir+"/"+rel, fm.Line, err)
	}
	sum, bodyStart := crc64.Checksum(data, sumTable), len(data)-len(body)
	if save {
		p.saved = encodeSaved(fm, bodyLine, bodyStart, sum)
	}
	fm.Values = nil // decoded into meta
	p.Front, p.Meta, p.Body, p.BodyLine = fm, meta, body, bodyLine
	p.siteDir, p.file, p.sum, p.bodyStart = siteDir, file, sum, bodyStart
	return p, nil
}

// newPage starts the page of the Markdown file rel: where it is in the
// tree.
func newPage(rel string, bundles map[string]bool) (*Page, error) {
	p := &Page{Path: rel}
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		p.Section = rel[:i]
	}
	base := path.Base(rel)
	switch {
	case base == "_index.md":
		if d := path.Dir(rel); strings.Contains(d, "/") {
			return nil, &Error{File: Dir + "/" + rel, Code: problem.FileRefused, Err: errors.New("_index.md only belongs at the top of content/ or of a section (content/<section>/_index.md); sub-sections are not supported")}
		}
		p.IsSectionIndex = true
	case base == "index.md" && bundles[path.Dir(rel)]:
		p.Bundle = path.Dir(rel)
		if !strings.Contains(p.Bundle, "/") {
			p.Section = "" // a bundle at the root is a standalone page
		}
	}
	return p, nil
}
