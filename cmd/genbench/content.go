package main

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageContent is what a reader sees of a page that both tools must agree
// on: its title and heading, the briefs it links to in their order, the
// key points it shows and, on a taxonomy index, its terms.
type pageContent struct {
	Title     string   // the <title> text
	Heading   string   // the <h1> text
	Briefs    []string // brief pages linked, by URL path, in page order
	KeyPoints []string // key points, of the brief or of each card in order
	Terms     []string // taxonomy index rows: "URL path count"
}

// The parts of a page whose links and key points are compared, by class.
// Links go in Briefs when they lead to a brief: brief cards on lists, the
// older and newer links and the links in the text of a brief. gen's
// "Related briefs" (class related) has no counterpart in the Hugo theme
// and is not read.
const (
	classCard      = "brief-card"
	classPoints    = "points"     // a card's key points
	classKeyPoints = "key-points" // a brief's key points
	classProse     = "prose"
	classPrevNext  = "prev-next"
	classTerms     = "terms-table"
)

// briefPath matches the URL path of a brief page.
var briefPath = regexp.MustCompile(`^/briefs/[^/]+/$`)

// readContent reads the page at URL path page in the output folder root.
func readContent(root, page string) (*pageContent, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(pageFile(page))))
	if err != nil {
		return nil, err
	}
	c, err := parseContent(bytes.NewReader(data), page)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", page, err)
	}
	return c, nil
}

// pageFile is the file that serves URL path page, the inverse of pageURL.
func pageFile(page string) string {
	if strings.HasSuffix(page, "/") {
		return strings.TrimPrefix(page, "/") + "index.html"
	}
	return strings.TrimPrefix(page, "/")
}

// element is an open element while a page is read.
type element struct {
	tag   atom.Atom
	class string
}

// parseContent reads a page served at URL path page; relative links are
// resolved against it, so that gen's relative links and Hugo's compare.
func parseContent(r io.Reader, page string) (*pageContent, error) {
	base, err := url.Parse(page)
	if err != nil {
		return nil, err
	}
	var (
		c     pageContent
		open  []element
		text  strings.Builder // text of the title, h1 or li being read
		inTag atom.Atom       // which of those, or 0
	)
	within := func(class string) bool {
		return slices.ContainsFunc(open, func(e element) bool { return hasClass(e.class, class) })
	}
	z := html.NewTokenizer(r)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return &c, nil
			}
			return nil, z.Err()
		case html.TextToken:
			if inTag != 0 {
				text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			class := attr(t, "class")
			switch t.DataAtom {
			case atom.Title, atom.H1:
				inTag = t.DataAtom
				text.Reset()
			case atom.Li:
				if within(classPoints) || within(classKeyPoints) {
					inTag = atom.Li
					text.Reset()
				}
			case atom.A:
				if within(classCard) || within(classPrevNext) || within(classProse) {
					// A link within the page (a heading's anchor) is not one.
					href := attr(t, "href")
					if p := resolve(base, href); briefPath.MatchString(p) && !strings.HasPrefix(href, "#") {
						c.Briefs = append(c.Briefs, p)
					}
				}
				if within(classTerms) {
					c.Terms = append(c.Terms, resolve(base, attr(t, "href")))
				}
			case atom.Tr:
				if within(classTerms) {
					if n := attr(t, "data-count"); n != "" {
						c.Terms = append(c.Terms, "count "+n)
					}
				}
			}
			if tt == html.StartTagToken && !isVoid(t.DataAtom) {
				open = append(open, element{t.DataAtom, class})
			}
		case html.EndTagToken:
			t := z.Token()
			if t.DataAtom == inTag && inTag != 0 {
				s := strings.Join(strings.Fields(text.String()), " ")
				switch inTag {
				case atom.Title:
					c.Title = s
				case atom.H1:
					c.Heading = s
				case atom.Li:
					c.KeyPoints = append(c.KeyPoints, s)
				}
				inTag = 0
			}
			// Close up to the innermost open element of this name.
			for i := len(open) - 1; i >= 0; i-- {
				if open[i].tag == t.DataAtom {
					open = open[:i]
					break
				}
			}
		}
	}
}

// attr returns the value of the attribute key of t, or "".
func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasClass reports whether the class attribute value list names class.
func hasClass(list, class string) bool {
	return slices.Contains(strings.Fields(list), class)
}

// isVoid reports whether an element has no end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// resolve returns the URL path href leads to from base, or href itself
// when it leaves the site: gen's links are relative to the page, Hugo's
// (with relativeURLs) too, but not always written the same way.
func resolve(base *url.URL, href string) string {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return href
	}
	return base.ResolveReference(u).Path
}

// diffContent describes how two readings of one page differ, or returns
// "" when they agree.
func diffContent(gen, hugo *pageContent) string {
	var d []string
	if gen.Title != hugo.Title {
		d = append(d, fmt.Sprintf("title: gen %q, Hugo %q", gen.Title, hugo.Title))
	}
	if gen.Heading != hugo.Heading {
		d = append(d, fmt.Sprintf("h1: gen %q, Hugo %q", gen.Heading, hugo.Heading))
	}
	for _, f := range []struct {
		name      string
		gen, hugo []string
	}{
		{"brief links", gen.Briefs, hugo.Briefs},
		{"key points", gen.KeyPoints, hugo.KeyPoints},
		{"terms", gen.Terms, hugo.Terms},
	} {
		if s := diffList(f.gen, f.hugo); s != "" {
			d = append(d, f.name+": "+s)
		}
	}
	return strings.Join(d, "; ")
}

// diffList describes the first difference between two lists, or "".
func diffList(gen, hugo []string) string {
	for i := range min(len(gen), len(hugo)) {
		if gen[i] != hugo[i] {
			return fmt.Sprintf("item %d of %d/%d: gen %q, Hugo %q", i+1, len(gen), len(hugo), gen[i], hugo[i])
		}
	}
	if len(gen) != len(hugo) {
		return fmt.Sprintf("gen has %d, Hugo %d", len(gen), len(hugo))
	}
	return ""
}

// pageKind names the kind of page at URL path p, to sample every kind.
func pageKind(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	paged := len(parts) >= 2 && parts[len(parts)-2] == "page"
	if paged {
		parts = parts[:len(parts)-2]
	}
	kind := "other"
	switch {
	case p == "/404.html":
		return "404"
	case len(parts) == 0 || len(parts) == 1 && parts[0] == "":
		kind = "home"
	case len(parts) == 1 && parts[0] == "briefs":
		kind = "section"
	case len(parts) == 1:
		kind = "taxonomy"
	case len(parts) == 2 && parts[0] == "briefs":
		kind = "brief"
	case len(parts) == 2:
		kind = "term"
	}
	if paged {
		kind += " pager"
	}
	return kind
}

// samplePages picks from pages, sorted, the first two and the last page
// of every kind, and every step-th page besides (all of them when step is
// 1), in order.
func samplePages(pages []string, step int) []string {
	byKind := map[string][]string{}
	for _, p := range pages {
		k := pageKind(p)
		byKind[k] = append(byKind[k], p)
	}
	keep := map[string]bool{}
	for _, ps := range byKind {
		for i, p := range ps {
			if i < 2 || i == len(ps)-1 {
				keep[p] = true
			}
		}
	}
	var out []string
	for i, p := range pages {
		if keep[p] || i%max(step, 1) == 0 {
			out = append(out, p)
		}
	}
	return out
}

// compareContent reads each page of sample in both output folders and
// writes how they differ, at most limit pages, to w. It returns the number
// of pages that differ.
func compareContent(w io.Writer, genRoot, hugoRoot string, sample []string, limit int) (int, error) {
	kinds := map[string]int{}
	bad := 0
	for _, p := range sample {
		g, err := readContent(genRoot, p)
		if err != nil {
			return 0, fmt.Errorf("gen's page: %w", err)
		}
		h, err := readContent(hugoRoot, p)
		if err != nil {
			return 0, fmt.Errorf("the page Hugo wrote: %w", err)
		}
		kinds[pageKind(p)]++
		if d := diffContent(g, h); d != "" {
			bad++
			if bad <= limit {
				fmt.Fprintf(w, "  %s: %s\n", p, d)
			}
		}
	}
	if bad > limit {
		fmt.Fprintf(w, "  ... and %d more pages\n", bad-limit)
	}
	fmt.Fprintf(w, "Page content (title, h1, brief links in order, key points, taxonomy rows) compared on %d pages (%s): %d differ\n",
		len(sample), countsOf(kinds), bad)
	return bad, nil
}
