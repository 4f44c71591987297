package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gen-briefs/gen/internal/route"
)

// pageSet is what a build wrote: its HTML pages by URL path, the redirect
// pages left out of the comparison, and how many other files of each kind.
type pageSet struct {
	Pages      []string       // "/", "/briefs/brief-00001/", "/404.html", sorted
	Redirects  []string       // alias pages, left out of Pages
	Extra      []string       // pages of features only gen has, left out of Pages
	OtherFiles map[string]int // by extension, such as ".xml": 3
}

// redirectMarker marks an alias page, a page that only sends the browser
// elsewhere with <meta http-equiv="refresh">. Hugo writes one at
// /page/1/ of every paginated list (home, section and each term), pointing
// at the list's first page; gen writes none for lists, only for a page's
// "aliases". They are not pages a reader sees, so both sides leave them out.
var redirectMarker = []byte(`http-equiv="refresh"`)

// genOnly are the URL prefixes of pages gen's default theme writes that the
// Hugo theme has no counterpart for: the weekly digests and the search
// page. Hugo cannot make pages without content files, so they are left out
// of the comparison, and gen does that work on top of Hugo's.
var genOnly = []string{"/digest/", "/search/"}

// readPageSet walks the output folder root.
func readPageSet(root string) (*pageSet, error) {
	ps := &pageSet{OtherFiles: map[string]int{}}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".html") {
			ps.OtherFiles[extension(rel)]++
			return nil
		}
		url := route.URL(rel)
		redirect, err := isRedirect(path)
		if err != nil {
			return err
		}
		switch {
		case redirect:
			ps.Redirects = append(ps.Redirects, url)
		case slices.ContainsFunc(genOnly, func(prefix string) bool { return strings.HasPrefix(url, prefix) }):
			ps.Extra = append(ps.Extra, url)
		default:
			ps.Pages = append(ps.Pages, url)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ps.Pages)
	slices.Sort(ps.Redirects)
	return ps, nil
}

// extension is a file's kind for counting: its extension, or its name when
// it has none (".gen-output").
func extension(rel string) string {
	if ext := filepath.Ext(rel); ext != "" {
		return ext
	}
	return filepath.Base(rel)
}

// isRedirect reports whether the page at path is an alias redirect; the
// marker stands in the head, within its first kilobytes.
func isRedirect(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 2048)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return false, err
	}
	return bytes.Contains(bytes.ToLower(head[:n]), redirectMarker), nil
}

// difference returns the elements of a not in b; both are sorted.
func difference(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			out = append(out, s)
		}
	}
	return out
}

// comparePages writes how the two page sets differ, at most limit paths of
// each side, and reports whether they are the same.
func comparePages(w io.Writer, gen, hugo *pageSet, limit int) bool {
	fmt.Fprintf(w, "HTML pages: gen %d, Hugo %d\n", len(gen.Pages), len(hugo.Pages))
	fmt.Fprintf(w, "Left out as alias redirects (meta refresh): gen %d, Hugo %d%s\n",
		len(gen.Redirects), len(hugo.Redirects), sampleOf(hugo.Redirects, 3))
	fmt.Fprintf(w, "Left out as pages of features only gen has (%s): gen %d, Hugo %d\n", strings.Join(genOnly, ", "), len(gen.Extra), len(hugo.Extra))
	fmt.Fprintf(w, "Other files: gen %s; Hugo %s\n", countsOf(gen.OtherFiles), countsOf(hugo.OtherFiles))
	onlyGen, onlyHugo := difference(gen.Pages, hugo.Pages), difference(hugo.Pages, gen.Pages)
	for _, side := range []struct {
		name  string
		paths []string
	}{{"gen", onlyGen}, {"Hugo", onlyHugo}} {
		if len(side.paths) == 0 {
			continue
		}
		fmt.Fprintf(w, "%d pages only %s wrote:\n", len(side.paths), side.name)
		for _, p := range side.paths[:min(limit, len(side.paths))] {
			fmt.Fprintf(w, "  %s\n", p)
		}
		if len(side.paths) > limit {
			fmt.Fprintf(w, "  ... and %d more\n", len(side.paths)-limit)
		}
	}
	same := len(onlyGen) == 0 && len(onlyHugo) == 0
	if same {
		fmt.Fprintln(w, "Page sets match.")
	}
	return same
}

// sampleOf lists the first k paths, for a line of output.
func sampleOf(paths []string, k int) string {
	if len(paths) == 0 {
		return ""
	}
	s := " (" + strings.Join(paths[:min(k, len(paths))], ", ")
	if len(paths) > k {
		s += ", ..."
	}
	return s + ")"
}

// countsOf formats file counts by kind, sorted by kind.
func countsOf(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
