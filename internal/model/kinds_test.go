package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/config"
)

// kindsSite has a page of every kind: briefs on two weeks with terms, a
// standalone page, a section of pages, and more briefs than a list page
// holds.
func kindsSite() map[string]string {
	return map[string]string{
		"gen.toml":              "title = \"Kinds\"\npaginate = 2\n",
		"content/about.md":      "---\ntitle: About\n---\nAbout.\n",
		"content/guides/one.md": "---\ntitle: Guide one\n---\nOne.\n",
		"content/briefs/a.md":   brief("A", "2026-07-01T09:00:00Z", "companies: [Acme]", "topics: [Chips]"),
		"content/briefs/b.md":   brief("B", "2026-07-02T09:00:00Z", "companies: [Acme]"),
		"content/briefs/c.md":   brief("C", "2026-07-20T09:00:00Z", "topics: [Chips]"),
	}
}

// The registry is the one list of what is rendered: every page of every
// kind has its render, paginated kinds one per pager, and nothing else is
// rendered.
func TestKindsAreWhatIsRendered(t *testing.T) {
	s := mustBuild(t, kindsSite(), Options{})
	if got, want := len(s.Kinds), len(DefaultKinds()); got != want {
		t.Fatalf("site has %d kinds, DefaultKinds %d", got, want)
	}
	rendered := map[*Page][]Render{}
	for _, r := range s.Renders {
		rendered[r.Page] = append(rendered[r.Page], r)
	}
	listed := map[*Page]bool{}
	for _, k := range s.Kinds {
		pages := k.Pages(s)
		if len(pages) == 0 {
			t.Errorf("kind %s: the test site has no page of it", k.Name)
		}
		for _, p := range pages {
			listed[p] = true
			if p.Kind != k.Name {
				t.Errorf("kind %s lists %s, of kind %s", k.Name, p.URL, p.Kind)
			}
			rs := rendered[p]
			if len(rs) == 0 {
				t.Errorf("kind %s: %s is not rendered", k.Name, p.URL)
				continue
			}
			if k.Paginated() {
				if want := len(Paginate(p.Pages, k.PageSize(p, s.Config), p.URL)); len(rs) != want || rs[0].Pager == nil {
					t.Errorf("kind %s: %s has %d renders, want %d pagers", k.Name, p.URL, len(rs), want)
				}
			} else if len(rs) != 1 || rs[0].Pager != nil {
				t.Errorf("kind %s: %s has %d renders (pager %v), want one unpaginated", k.Name, p.URL, len(rs), rs[0].Pager)
			}
		}
	}
	for p := range rendered {
		if !listed[p] {
			t.Errorf("%s (kind %s) is rendered but no kind of the registry lists it", p.URL, p.Kind)
		}
	}
	if got := s.Kind(KindHome).Pages(s); len(got) != 1 || len(rendered[got[0]]) != 2 {
		t.Errorf("home: want two pagers of three briefs at paginate = 2")
	}
}

// A kind added to a copy of the registry is built like gen's own: its
// pages are rendered, paginated as it says, and claim their paths after
// the kinds before it, so a collision names the page that came first.
func TestKindAddedToRegistry(t *testing.T) {
	colophon := &Page{Kind: "colophon", Title: "Colophon", URL: "/colophon/"}
	kinds := append(DefaultKinds(), &Kind{Name: "colophon", Pages: func(s *Site) []*Page {
		colophon.Pages = s.Briefs
		return []*Page{colophon}
	}, PageSize: func(*Page, *config.Config) int { return 2 }})
	s := mustBuild(t, kindsSite(), Options{Kinds: kinds})
	var paths []string
	for _, r := range s.Renders {
		if r.Page == colophon {
			paths = append(paths, r.Path)
		}
	}
	if want := []string{"colophon/index.html", "colophon/page/2/index.html"}; !slices.Equal(paths, want) {
		t.Errorf("the colophon kind's renders are %q, want %q", paths, want)
	}
	if s.Kind("colophon") != kinds[len(kinds)-1] {
		t.Errorf("Site.Kind does not find the added kind")
	}

	files := kindsSite()
	files["content/colophon.md"] = "---\ntitle: A page at the same URL\n---\n"
	_, err := buildSite(t, files, Options{Kinds: kinds})
	if err == nil || !strings.Contains(err.Error(), "content/colophon.md and the colophon page /colophon/ would both be written to colophon/index.html") {
		t.Errorf("a page at the added kind's URL: got %v, want a collision naming the content file first", err)
	}
}

// A registry that cannot work is refused with what is wrong with it.
func TestBadRegistry(t *testing.T) {
	pages := func(*Site) []*Page { return nil }
	for _, tc := range []struct {
		name  string
		kinds []*Kind
		want  string
	}{
		{"twice", append(DefaultKinds(), &Kind{Name: KindBrief, Pages: pages}), `page kind "brief" is in the registry twice`},
		{"no pages", append(DefaultKinds(), &Kind{Name: "colophon"}), `page kind "colophon" has no Pages`},
		{"bad name", append(DefaultKinds(), &Kind{Name: "partials/x", Pages: pages}), `is named "partials/x"`},
		{"base", append(DefaultKinds(), &Kind{Name: "base", Pages: pages}), `is named "base"`},
	} {
		_, err := buildSite(t, kindsSite(), Options{Kinds: tc.kinds})
		if err == nil || !strings.Contains(err.Error(), "the registry of page kinds: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

// The search index holds the pages of the kinds with Search, newest
// first: for gen's kinds, exactly the published briefs in their order.
func TestSearchedIsBriefs(t *testing.T) {
	s := mustBuild(t, kindsSite(), Options{})
	if got, want := urls(s.Searched()), urls(s.Briefs); !slices.Equal(got, want) {
		t.Errorf("Searched() = %q, want the briefs %q", got, want)
	}
	kinds := DefaultKinds()
	for _, k := range kinds {
		k.Search = k.Name == KindPage
	}
	s = mustBuild(t, kindsSite(), Options{Kinds: kinds})
	if got, want := urls(s.Searched()), urls(s.Pages); !slices.Equal(got, want) {
		t.Errorf("with only pages searched, Searched() = %q, want %q", got, want)
	}
}
