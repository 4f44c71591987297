package content

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/sitetest"
)

// writeSite writes files (slash-separated paths under the site root) into
// a new temporary site folder and returns it.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := sitetest.Write(t, files)
	return dir
}

// loadOne loads a site holding the single file content/briefs/x.md.
func loadOne(t *testing.T, src string, loc *time.Location) (*Page, error) {
	t.Helper()
	tree, err := Load(context.Background(), writeSite(t, map[string]string{"content/briefs/x.md": src}), loc)
	if err != nil {
		return nil, err
	}
	if len(tree.Pages) != 1 {
		t.Fatalf("Load gave %d pages, want 1", len(tree.Pages))
	}
	return tree.Pages[0], nil
}

// flatten lists the errors joined in err.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var all []error
		for _, e := range j.Unwrap() {
			all = append(all, flatten(e)...)
		}
		return all
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

func mustLoadLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone data: %v", err)
	}
	return loc
}

func TestLoadDates(t *testing.T) {
	ny := mustLoadLocation(t, "America/New_York")
	tests := []struct {
		name     string
		front    string
		want     time.Time
		dateOnly bool
	}{
		{"yaml date only, site zone", "---\ntitle: T\ndate: 2026-07-18\n---\n", time.Date(2026, 7, 18, 0, 0, 0, 0, ny), true},
		{"yaml quoted date only", "---\ntitle: T\ndate: \"2026-07-18\"\n---\n", time.Date(2026, 7, 18, 0, 0, 0, 0, ny), true},
		{"yaml local datetime", "---\ntitle: T\ndate: 2026-07-18T09:30:00\n---\n", time.Date(2026, 7, 18, 9, 30, 0, 0, ny), false},
		{"yaml datetime without seconds", "---\ntitle: T\ndate: 2026-07-18T09:30\n---\n", time.Date(2026, 7, 18, 9, 30, 0, 0, ny), false},
		{"yaml space-separated", "---\ntitle: T\ndate: 2026-07-18 09:30\n---\n", time.Date(2026, 7, 18, 9, 30, 0, 0, ny), false},
		{"yaml UTC", "---\ntitle: T\ndate: 2026-07-18T09:30:00Z\n---\n", time.Date(2026, 7, 18, 9, 30, 0, 0, time.UTC), false},
		{"yaml offset", "---\ntitle: T\ndate: 2026-07-18T09:30:00+01:00\n---\n", time.Date(2026, 7, 18, 8, 30, 0, 0, time.UTC), false},
		{"toml local datetime", "+++\ntitle = 'T'\ndate = 2026-07-18T09:30:00\n+++\n", time.Date(2026, 7, 18, 9, 30, 0, 0, ny), false},
		{"toml local date", "+++\ntitle = 'T'\ndate = 2026-07-18\n+++\n", time.Date(2026, 7, 18, 0, 0, 0, 0, ny), true},
		{"toml offset datetime", "+++\ntitle = 'T'\ndate = 2026-07-18T09:30:00-02:00\n+++\n", time.Date(2026, 7, 18, 11, 30, 0, 0, time.UTC), false},
		{"toml date as text", "+++\ntitle = 'T'\ndate = '2026-07-18T09:30:00'\n+++\n", time.Date(2026, 7, 18, 9, 30, 0, 0, ny), false},
		{"json local datetime", "{\n\"title\": \"T\",\n\"date\": \"2026-07-18T09:30:00\"\n}\n\n", time.Date(2026, 7, 18, 9, 30, 0, 0, ny), false},
		{"json zoned datetime", "{\n\"title\": \"T\",\n\"date\": \"2026-07-18T09:30:00Z\"\n}\n\n", time.Date(2026, 7, 18, 9, 30, 0, 0, time.UTC), false},
		{"json date only", "{\n\"title\": \"T\",\n\"date\": \"2026-07-18\"\n}\n\n", time.Date(2026, 7, 18, 0, 0, 0, 0, ny), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := loadOne(t, tt.front, ny)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Meta.Date.Equal(tt.want) {
				t.Errorf("Date = %v, want %v", p.Meta.Date, tt.want)
			}
			if p.Meta.DateOnly != tt.dateOnly {
				t.Errorf("DateOnly = %v, want %v", p.Meta.DateOnly, tt.dateOnly)
			}
		})
	}
}

func TestLoadMeta(t *testing.T) {
	src := `---
title: "  AWS cuts jobs  "
date: 2026-07-18T09:30:00Z
updated: 2026-07-19T10:00:00Z
companies: [AWS, Amazon]
topics:
  - Jobs
  - ""
region: US
sources:
  - Reuters
  - name: Financial Times
    url: https://www.ft.com/content/x
authors: [Ann]
key_points: [One, Two]
summary: Short.
image: chart.png
image_alt: A chart
draft: true
slug: aws-cuts
aliases: [/old/]
related: [other]
params:
  score: 3
---
Body
`
	p, err := loadOne(t, src, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := &Meta{
		Title:     "AWS cuts jobs",
		Date:      time.Date(2026, 7, 18, 9, 30, 0, 0, time.UTC),
		Updated:   time.Date(2026, 7, 19, 10, 0, 0, 0, time.UTC),
		Terms:     map[string][]string{"companies": {"AWS", "Amazon"}, "topics": {"Jobs"}},
		Region:    "US",
		Sources:   []Source{{Name: "Reuters"}, {Name: "Financial Times", URL: "https://www.ft.com/content/x"}},
		Authors:   []string{"Ann"},
		KeyPoints: []string{"One", "Two"},
		Summary:   "Short.",
		Image:     "chart.png",
		ImageAlt:  "A chart",
		Draft:     true,
		Slug:      "aws-cuts",
		Aliases:   []string{"/old/"},
		Related:   []string{"other"},
		Params:    map[string]any{"score": 3},
	}
	if !reflect.DeepEqual(p.Meta, want) {
		t.Errorf("Meta =\n%#v\nwant\n%#v", p.Meta, want)
	}
	if string(p.Body) != "Body\n" || p.BodyLine != 26 {
		t.Errorf("Body %q at line %d, want \"Body\\n\" at 26", p.Body, p.BodyLine)
	}
}

func TestLoadMetaErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{
			name: "list given as text",
			src:  "---\ntitle: T\ndate: 2026-07-18\ncompanies: AWS\n---\n",
			line: 4, msg: `companies: must be a list, not the text "AWS": write companies: [AWS]`,
		},
		{
			name: "list item not text",
			src:  "---\ntitle: T\ndate: 2026-07-18\ntopics: [AI, [x]]\n---\n",
			line: 4, msg: "topics[1]: must be text, not a list",
		},
		{
			name: "list given as number",
			src:  "---\ntitle: T\ntopics: 3\n---\n",
			line: 3, msg: "topics: must be a list of text, not the number 3",
		},
		{
			name: "draft not boolean",
			src:  "---\ntitle: T\ndate: 2026-07-18\n\ndraft: \"yes\"\n---\n",
			line: 5, msg: `draft: must be true or false, not the text "yes"`,
		},
		{
			name: "draft as number in toml",
			src:  "+++\ntitle = 'T'\ndraft = 1\n+++\n",
			line: 3, msg: "draft: must be true or false, not the number 1",
		},
		{
			name: "unknown key with suggestion",
			src:  "---\ntitle: T\ndate: 2026-07-18\ncompanys: [AWS]\n---\n",
			line: 4, msg: `companys: unknown key (did you mean "companies"?)`,
		},
		{
			name: "unknown key, case differs",
			src:  "---\nTitle: T\n---\n",
			line: 2, msg: `Title: unknown key (did you mean "title"?)`,
		},
		{
			name: "unknown key without suggestion",
			src:  "---\ntitle: T\nfavourite_colour: blue\n---\n",
			line: 3, msg: "favourite_colour: unknown key; the keys gen knows are title, date",
		},
		{
			name: "bad date",
			src:  "---\ntitle: T\ndate: yesterday\n---\n",
			line: 3, msg: `date: cannot read "yesterday" as a date`,
		},
		{
			name: "date not text",
			src:  "---\ntitle: T\ndate: [2026]\n---\n",
			line: 3, msg: "date: must be a date such as 2026-07-18T09:30:00Z, not a list",
		},
		{
			name: "updated before date",
			src:  "---\ntitle: T\nupdated: 2026-07-17\ndate: 2026-07-18\n---\n",
			line: 3, msg: "updated: is earlier than date",
		},
		{
			name: "title not text",
			src:  "---\ntitle: [a, b]\n---\n",
			line: 2, msg: "title: must be text, not a list",
		},
		{
			name: "params not a table",
			src:  "---\ntitle: T\nparams: [1]\n---\n",
			line: 3, msg: "params: must be a table of keys and values, not a list",
		},
		{
			name: "sources not a list",
			src:  "---\ntitle: T\nsources: Reuters\n---\n",
			line: 3, msg: "sources: must be a list of sources",
		},
		{
			name: "source url not http",
			src:  "---\ntitle: T\ndate: 2026-07-18\nsources:\n  - name: FT\n    url: ftp://ft.com/x\n---\n",
			line: 4, msg: `sources[0].url: "ftp://ft.com/x" is not an http or https address`,
		},
		{
			name: "source url without host",
			src:  "---\ntitle: T\nsources:\n  - Reuters\n  - {name: FT, url: \"https:///x\"}\n---\n",
			line: 3, msg: `sources[1].url: "https:///x" is not an http or https address`,
		},
		{
			name: "source without name",
			src:  "---\ntitle: T\nsources:\n  - url: https://ft.com/\n---\n",
			line: 3, msg: "sources[0]: a source needs a name",
		},
		{
			name: "source with unknown key",
			src:  "---\ntitle: T\nsources:\n  - {name: FT, link: \"https://ft.com/\"}\n---\n",
			line: 3, msg: `sources[0]: unknown key "link"`,
		},
		{
			name: "source a number",
			src:  "---\ntitle: T\nsources: [3]\n---\n",
			line: 3, msg: "sources[0]: must be a name or a table with name and url, not the number 3",
		},
		{
			name: "toml list given as text",
			src:  "+++\ntitle = 'T'\n\ntopics = 'AI'\n+++\n",
			line: 4, msg: `topics: must be a list, not the text "AI"`,
		},
		{
			name: "json unknown key",
			src:  "{\n  \"title\": \"T\",\n  \"drafts\": true\n}\n\n",
			line: 3, msg: `drafts: unknown key (did you mean "draft"?)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := loadOne(t, tt.src, time.UTC)
			if err == nil {
				t.Fatalf("no error; meta %+v", p.Meta)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *content.Error", err, err)
			}
			if ce.File != "content/briefs/x.md" || ce.Line != tt.line {
				t.Errorf("error at %s:%d, want content/briefs/x.md:%d: %v", ce.File, ce.Line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q\ndoes not contain %q", err, tt.msg)
			}
		})
	}
}

// Every problem of a file's frontmatter is reported, each at its own line
// and in the order of the lines, with the key gen has for keys other
// generators use.
func TestLoadMetaAllErrorsOfAFile(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "two unknown keys and a bad date",
			src:  "---\ntitle: T\ntags: [ai]\ndate: yesterday\ndescription: D\n---\nBody\n",
			want: []string{
				`content/briefs/x.md:3: tags: unknown key (did you mean "topics"?)`,
				`content/briefs/x.md:4: date: cannot read "yesterday" as a date`,
				`content/briefs/x.md:5: description: unknown key (did you mean "summary"?)`,
			},
		},
		{
			name: "keys of other generators",
			src:  "---\ntitle: T\ncategories: [a]\nexcerpt: E\nlastmod: 2026-01-01\nauthor: A\nPublishDate: 2026-01-01\n---\n",
			want: []string{
				`content/briefs/x.md:3: categories: unknown key (did you mean "topics"?)`,
				`content/briefs/x.md:4: excerpt: unknown key (did you mean "summary"?)`,
				`content/briefs/x.md:5: lastmod: unknown key (did you mean "updated"?)`,
				`content/briefs/x.md:6: author: unknown key (did you mean "authors"?)`,
				`content/briefs/x.md:7: PublishDate: unknown key (did you mean "date"?)`,
			},
		},
		{
			name: "toml: bad draft, typo, updated before date",
			src:  "+++\ntitle = 'T'\ndate = 2026-07-18\ndraft = 'no'\nupdated = 2026-07-01\ncompnies = ['A']\n+++\n",
			want: []string{
				`content/briefs/x.md:4: draft: must be true or false, not the text "no"`,
				`content/briefs/x.md:5: updated: is earlier than date`,
				`content/briefs/x.md:6: compnies: unknown key (did you mean "companies"?)`,
			},
		},
		{
			name: "a key holding a newline is quoted",
			src:  "---\ntitle: T\n\"a\\ncontent/briefs/y.md:1: b\": 1\n---\n",
			want: []string{`content/briefs/x.md:3: "a\ncontent/briefs/y.md:1: b": unknown key`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadOne(t, tt.src, time.UTC)
			errs := flatten(err)
			if len(errs) != len(tt.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(errs), len(tt.want), err)
			}
			for i, e := range errs {
				var ce *Error
				if !errors.As(e, &ce) {
					t.Errorf("error %d (%v) is %T, want *content.Error", i, e, e)
				}
				if !strings.HasPrefix(e.Error(), tt.want[i]) {
					t.Errorf("error %d = %q\nwant it to start with %q", i, e, tt.want[i])
				}
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	inner := errors.New("title: must be text")
	e := &Error{File: "content/briefs/x.md", Line: 4, Err: inner}
	if got, want := e.Error(), "content/briefs/x.md:4: title: must be text"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, inner) {
		t.Error("Error does not unwrap to its cause")
	}
	e.Line = 0
	if got, want := e.Error(), "content/briefs/x.md: title: must be text"; got != want {
		t.Errorf("Error() without line = %q, want %q", got, want)
	}
	// A file name that could forge a line of its own, or act on the
	// terminal, is quoted.
	e.File = "content/briefs/a\ncontent/b.md:1: \x1b[2J.md"
	if got, want := e.Error(), `"content/briefs/a\ncontent/b.md:1: \x1b[2J.md": title: must be text`; got != want {
		t.Errorf("Error() of an odd file name = %q, want %q", got, want)
	}
}

func TestLoadTree(t *testing.T) {
	const page = "---\ntitle: T\n---\nBody\n"
	site := writeSite(t, map[string]string{
		"content/_index.md":                  "---\ntitle: Home\n---\nWelcome\n",
		"content/about.md":                   page,
		"content/briefs/_index.md":           page,
		"content/briefs/a.md":                "\n---\ntitle: A\n---\n\nA body\n",
		"content/briefs/2026/b.md":           page,
		"content/briefs/launch/index.md":     page,
		"content/briefs/launch/chart.png":    "png",
		"content/briefs/launch/notes.md":     "not a page, no frontmatter",
		"content/briefs/launch/data/x.csv":   "1,2",
		"content/standalone/index.md":        page,
		"content/standalone/photo.jpg":       "jpg",
		"content/images/logo.svg":            "<svg/>",
		"content/docs/guide.md":              page,
		"content/.hidden.md":                 "no frontmatter: skipped",
		"content/.git/config.md":             "no frontmatter: skipped",
		"content/briefs/.draft.md":           "no frontmatter: skipped",
		"content/briefs/launch/.DS_Store":    "x",
		"layouts/brief.html":                 "not content",
		"content/briefs/not-a-bundle/x.md":   page,
		"content/briefs/not-a-bundle/y.webp": "webp",
	})
	tree, err := Load(context.Background(), site, time.UTC)
	if err != nil {
		t.Fatal(err)
	}

	type pageInfo struct {
		Path, Section, Bundle string
		IsSectionIndex        bool
		BodyLine              int
	}
	var got []pageInfo
	for _, p := range tree.Pages {
		got = append(got, pageInfo{p.Path, p.Section, p.Bundle, p.IsSectionIndex, p.BodyLine})
	}
	want := []pageInfo{
		{"_index.md", "", "", true, 4},
		{"about.md", "", "", false, 4},
		{"briefs/2026/b.md", "briefs", "", false, 4},
		{"briefs/_index.md", "briefs", "", true, 4},
		{"briefs/a.md", "briefs", "", false, 5},
		{"briefs/launch/index.md", "briefs", "briefs/launch", false, 4},
		{"briefs/not-a-bundle/x.md", "briefs", "", false, 4},
		{"docs/guide.md", "docs", "", false, 4},
		{"standalone/index.md", "", "standalone", false, 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pages =\n%+v\nwant\n%+v", got, want)
	}
	if a := tree.Pages[4]; string(a.Body) != "\nA body\n" || a.Meta.Title != "A" || a.Front.Format != "yaml" {
		t.Errorf("briefs/a.md: body %q, title %q, format %q", a.Body, a.Meta.Title, a.Front.Format)
	}
	if got := tree.Pages[0].SourcePath(); got != "content/_index.md" {
		t.Errorf("SourcePath = %q", got)
	}

	var assets []Asset
	for _, a := range tree.Assets {
		if want := filepath.Join(site, "content", filepath.FromSlash(a.Path)); a.File != want {
			t.Errorf("asset %s: File = %q, want %q", a.Path, a.File, want)
		}
		assets = append(assets, Asset{Path: a.Path, Bundle: a.Bundle})
	}
	wantAssets := []Asset{
		{Path: "briefs/launch/chart.png", Bundle: "briefs/launch"},
		{Path: "briefs/launch/data/x.csv", Bundle: "briefs/launch"},
		{Path: "briefs/launch/notes.md", Bundle: "briefs/launch"},
		{Path: "briefs/not-a-bundle/y.webp"},
		{Path: "images/logo.svg"},
		{Path: "standalone/photo.jpg", Bundle: "standalone"},
	}
	if !reflect.DeepEqual(assets, wantAssets) {
		t.Errorf("assets =\n%+v\nwant\n%+v", assets, wantAssets)
	}
}

func TestLoadWithoutContent(t *testing.T) {
	tree, err := Load(context.Background(), t.TempDir(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.Pages) != 0 || len(tree.Assets) != 0 {
		t.Errorf("tree = %+v, want empty", tree)
	}
}

func TestLoadContentIsAFile(t *testing.T) {
	site := writeSite(t, map[string]string{"content": "a file"})
	if _, err := Load(context.Background(), site, time.UTC); err == nil || !strings.Contains(err.Error(), "content: is not a folder") {
		t.Errorf("Load error = %v, want \"content: is not a folder\"", err)
	}
}

func TestLoadNestedSectionIndex(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/briefs/_index.md":      "---\ntitle: Briefs\n---\n",
		"content/briefs/2026/_index.md": "---\ntitle: 2026\n---\n",
	})
	_, err := Load(context.Background(), site, time.UTC)
	var ce *Error
	if !errors.As(err, &ce) || ce.File != "content/briefs/2026/_index.md" {
		t.Fatalf("Load error = %v, want one about content/briefs/2026/_index.md", err)
	}
	if !strings.Contains(err.Error(), "sub-sections are not supported") {
		t.Errorf("error %q does not explain that sub-sections are not supported", err)
	}
}

func TestLoadReportsAllErrors(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/briefs/good.md":   "---\ntitle: Fine\n---\n",
		"content/briefs/a.md":      "no frontmatter here\n",
		"content/briefs/b.md":      "---\ntitle: B\ndraft: maybe\n---\n",
		"content/briefs/c.md":      "+++\ntitle = 'C'\n",
		"content/x/y/_index.md":    "---\ntitle: Y\n---\n",
		"content/briefs/d/e/f.md":  "---\ntitel: F\n---\n",
		"content/briefs/z-good.md": "---\ntitle: Also fine\n---\n",
	})
	tree, err := Load(context.Background(), site, time.UTC)
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		"content/briefs/a.md:1: no frontmatter",
		"content/briefs/b.md:3: draft: must be true or false",
		"content/briefs/c.md:1: TOML frontmatter opened here is never closed",
		`content/briefs/d/e/f.md:2: titel: unknown key (did you mean "title"?)`,
		"content/x/y/_index.md: _index.md only belongs",
	}
	errs := flatten(err)
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(errs), len(want), err)
	}
	for i, e := range errs {
		var ce *Error
		if !errors.As(e, &ce) {
			t.Errorf("error %d (%v) is %T, want *content.Error", i, e, e)
		}
		if !strings.HasPrefix(e.Error(), want[i]) {
			t.Errorf("error %d = %q, want it to start with %q", i, e, want[i])
		}
	}
	// The good pages are still read, and the bad ones listed.
	if tree == nil || len(tree.Pages) != 2 {
		t.Fatalf("tree beside the errors = %+v, want the 2 good pages", tree)
	}
	if want := []string{"briefs/a.md", "briefs/b.md", "briefs/c.md", "briefs/d/e/f.md", "x/y/_index.md"}; !reflect.DeepEqual(tree.Broken, want) {
		t.Errorf("Broken = %q, want %q", tree.Broken, want)
	}
}

func TestLoadSymlinks(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/briefs/a.md": "---\ntitle: A\n---\n",
		"elsewhere/b.md":      "---\ntitle: B\n---\n",
		"elsewhere/pic.png":   "png",
	})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(site, "content", filepath.FromSlash(name))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	link(filepath.Join(site, "elsewhere", "b.md"), "briefs/b.md")
	link(filepath.Join(site, "elsewhere", "pic.png"), "pic.png")
	tree, err := Load(context.Background(), site, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.Pages) != 2 || tree.Pages[1].Meta.Title != "B" {
		t.Errorf("a link to a Markdown file is read as a page; got %d pages", len(tree.Pages))
	}
	if len(tree.Assets) != 1 || tree.Assets[0].Path != "pic.png" {
		t.Errorf("assets = %+v, want the linked pic.png", tree.Assets)
	}

	link(filepath.Join(site, "elsewhere"), "folder")
	link(filepath.Join(site, "missing.md"), "briefs/broken.md")
	_, err = Load(context.Background(), site, time.UTC)
	msgs := map[string]string{}
	for _, e := range flatten(err) {
		var ce *Error
		if errors.As(e, &ce) {
			msgs[ce.File] = e.Error()
		}
	}
	if m := msgs["content/folder"]; !strings.Contains(m, "symbolic link to a folder, which gen does not follow") {
		t.Errorf("link to a folder: error %q", m)
	}
	if m := msgs["content/briefs/broken.md"]; !strings.Contains(m, "broken symbolic link") || strings.Contains(m, site) {
		t.Errorf("broken link: error %q (want no absolute path)", m)
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads any file")
	}
	site := writeSite(t, map[string]string{"content/briefs/a.md": "---\ntitle: A\n---\n"})
	p := filepath.Join(site, "content", "briefs", "a.md")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	_, err := Load(context.Background(), site, time.UTC)
	if err == nil || !strings.Contains(err.Error(), "content/briefs/a.md: cannot read: ") || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Load error = %v, want content/briefs/a.md: cannot read: permission denied", err)
	}
}
