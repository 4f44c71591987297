package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{in: "Amazon Web Services", want: "amazon-web-services"},
		{in: "  AWS  ", want: "aws"},
		{in: "C++", want: "c-plus-plus"},
		{in: "Google+", want: "google-plus"},
		{in: "Moody's", want: "moodys"},
		{in: "Moody’s Ratings", want: "moodys-ratings"},
		{in: "AT&T", want: "at-t"},
		{in: "Samsung Electronics Co., Ltd.", want: "samsung-electronics-co-ltd"},
		{in: "EU AI Act: GPAI -- obligations", want: "eu-ai-act-gpai-obligations"},
		{in: "Zürich", want: "zürich"},
		{in: "Ελλάδα", want: "ελλάδα"},
		{in: "日本 半導体", want: "日本-半導体"},
		{in: "2026-07-18", want: "2026-07-18"},
		{in: "already-a-slug", want: "already-a-slug"},
		{in: "snake_case_name", want: "snake-case-name"},
		{in: "---", want: ""},
		{in: "!?!", want: ""},
		{in: "'", want: ""},
		{in: "", want: ""},
		{in: "C++20", want: "c-plus-plus-20"},
		{in: "+1", want: "plus-1"},
		{in: "Disney +", want: "disney-plus"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
			// A slug is its own slug.
			if got := Slugify(tt.want); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want it unchanged", tt.want, got)
			}
		})
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Amazon Web Services", "C++", "Moody's", "日本", "--", "a+b+", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := Slugify(s)
		if strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
			t.Fatalf("Slugify(%q) = %q: stray hyphen", s, slug)
		}
		if strings.ContainsAny(slug, " /?#%&'\"<>\\") {
			t.Fatalf("Slugify(%q) = %q: not URL-safe", s, slug)
		}
		if again := Slugify(slug); again != slug {
			t.Fatalf("Slugify(%q) = %q, but Slugify(%q) = %q", s, slug, slug, again)
		}
	})
}

func pages(n int) []*Page {
	ps := make([]*Page, n)
	for i := range ps {
		ps[i] = &Page{Title: fmt.Sprint(i)}
	}
	return ps
}

func TestPaginate(t *testing.T) {
	type pager struct {
		Number, Count, Total, N      int
		URL, Prev, Next, First, Last string
	}
	tests := []struct {
		name string
		n    int
		size int
		want []pager
	}{
		{"empty", 0, 3, []pager{{1, 1, 0, 0, "/b/", "", "", "/b/", "/b/"}}},
		{"one", 1, 3, []pager{{1, 1, 1, 1, "/b/", "", "", "/b/", "/b/"}}},
		{"exactly size", 3, 3, []pager{{1, 1, 3, 3, "/b/", "", "", "/b/", "/b/"}}},
		{"size plus one", 4, 3, []pager{
			{1, 2, 4, 3, "/b/", "", "/b/page/2/", "/b/", "/b/page/2/"},
			{2, 2, 4, 1, "/b/page/2/", "/b/", "", "/b/", "/b/page/2/"},
		}},
		{"three pages", 7, 3, []pager{
			{1, 3, 7, 3, "/b/", "", "/b/page/2/", "/b/", "/b/page/3/"},
			{2, 3, 7, 3, "/b/page/2/", "/b/", "/b/page/3/", "/b/", "/b/page/3/"},
			{3, 3, 7, 1, "/b/page/3/", "/b/page/2/", "", "/b/", "/b/page/3/"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := pages(tt.n)
			got := Paginate(all, tt.size, "/b/")
			var summary []pager
			next := 0
			for _, p := range got {
				summary = append(summary, pager{p.Number, p.Count, p.Total, len(p.Pages), p.URL, p.PrevURL, p.NextURL, p.FirstURL, p.LastURL})
				for _, e := range p.Pages {
					if e != all[next] {
						t.Fatalf("pager %d holds %s, want entry %d in order", p.Number, e.Title, next)
					}
					next++
				}
			}
			if next != tt.n {
				t.Errorf("pagers hold %d entries, want %d", next, tt.n)
			}
			if !reflect.DeepEqual(summary, tt.want) {
				t.Errorf("Paginate =\n%+v\nwant\n%+v", summary, tt.want)
			}
		})
	}
}

func TestPaginateAtRoot(t *testing.T) {
	got := Paginate(pages(3), 2, "/")
	if got[1].URL != "/page/2/" || got[1].PrevURL != "/" {
		t.Errorf("second pager URL %q prev %q, want /page/2/ and /", got[1].URL, got[1].PrevURL)
	}
	if OutputPath(got[1].URL) != "page/2/index.html" {
		t.Errorf("OutputPath = %q", OutputPath(got[1].URL))
	}
}

func TestPageHelpers(t *testing.T) {
	d := time.Date(2026, 7, 18, 0, 0, 0, 0, time.UTC)
	p := &Page{Kind: KindBrief, Date: d, Summary: "S"}
	if !p.Lastmod().Equal(d) {
		t.Errorf("Lastmod without Updated = %v", p.Lastmod())
	}
	p.Updated = d.Add(time.Hour)
	if !p.Lastmod().Equal(d.Add(time.Hour)) {
		t.Errorf("Lastmod = %v, want Updated", p.Lastmod())
	}
	if !p.IsBrief() || p.Description() != "S" || p.SourcePath() != "" {
		t.Errorf("IsBrief %v, Description %q, SourcePath %q", p.IsBrief(), p.Description(), p.SourcePath())
	}
}

func ExampleSlugify() {
	fmt.Println(Slugify("Amazon Web Services"))
	fmt.Println(Slugify("Moody's"))
	fmt.Println(Slugify("C++"))
	fmt.Printf("%q\n", Slugify("?!"))
	// Output:
	// amazon-web-services
	// moodys
	// c-plus-plus
	// ""
}

func ExamplePaginate() {
	entries := make([]*Page, 5)
	for i := range entries {
		entries[i] = &Page{}
	}
	for _, p := range Paginate(entries, 2, "/briefs/") {
		fmt.Printf("%d/%d %s prev=%q next=%q (%d entries)\n", p.Number, p.Count, p.URL, p.PrevURL, p.NextURL, len(p.Pages))
	}
	// Output:
	// 1/3 /briefs/ prev="" next="/briefs/page/2/" (2 entries)
	// 2/3 /briefs/page/2/ prev="/briefs/" next="/briefs/page/3/" (2 entries)
	// 3/3 /briefs/page/3/ prev="/briefs/page/2/" next="" (1 entries)
}
