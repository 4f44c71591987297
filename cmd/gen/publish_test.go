package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

var publishSite = map[string]string{
	"gen.toml": "title = \"Desk\"\nbaseURL = \"https://example.org/\"\ntimezone = \"Europe/London\"\nlanguage = \"en-GB\"\n" +
		"[publisher]\nname = \"The Desk\"\nurl = \"https://example.org/\"\nlogo = \"images/logo.svg\"\n",
	"content/briefs/july.md": "---\ntitle: 'Chipmaker \"delays\" its </script> fab — café edition'\ndate: 2026-07-18T09:30:00Z\nupdated: 2026-07-20T08:00:00Z\n" +
		"companies: [Acme, Globex]\ntopics: [chips]\nauthors: [Ana Lima]\nkey_points: [The fab slips a year., Costs rise.]\nimage: chart.svg\nimage_alt: A chart\n---\n" +
		"## What happened\nFacts.\n\n## Why it matters\nAnalysis.\n\n## Also read\nMore.\n",
	"content/briefs/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
	"content/briefs/june.md":   "---\ntitle: June brief\ndate: 2026-06-30T23:30:00Z\ncompanies: [Acme]\ntopics: [chips]\n---\n## Why it matters\nOne section only.\n",
	"content/briefs/june-2.md": "---\ntitle: Early June brief\ndate: 2026-06-02T09:00:00Z\ncompanies: [Acme]\n---\nText.\n",
}

// TestNewsMetadata decodes each brief's JSON-LD with encoding/json and
// checks its fields, and checks the OpenGraph and Twitter tags.
func TestNewsMetadata(t *testing.T) {
	site := newSite(t, publishSite)
	if code, _, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
		t.Fatal(errOut)
	}
	page, _ := os.ReadFile(filepath.Join(site, "public/briefs/july/index.html"))
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		Context, Type, Headline, Description, DatePublished, DateModified, MainEntityOfPage, ArticleSection, InLanguage string
		Author                                                                                                          []struct{ Type, Name string }
		Publisher                                                                                                       struct {
			Name string
			Logo struct{ URL string }
		}
		Image    []string
		Keywords []string
		About    []struct{ Name, URL string }
	}
	if err := json.Unmarshal(m[1], &ld); err != nil {
		t.Fatalf("JSON-LD does not decode: %v\n%s", err, m[1])
	}
	checks := map[string][2]string{
		"headline":         {ld.Headline, `Chipmaker "delays" its </script> fab — café edition`},
		"description":      {ld.Description, "The fab slips a year. Costs rise."},
		"datePublished":    {ld.DatePublished, "2026-07-18T10:30:00+01:00"},
		"dateModified":     {ld.DateModified, "2026-07-20T09:00:00+01:00"},
		"mainEntityOfPage": {ld.MainEntityOfPage, "https://example.org/briefs/july/"},
		"publisher":        {ld.Publisher.Name, "The Desk"},
		"logo":             {ld.Publisher.Logo.URL, "https://example.org/images/logo.svg"},
		"articleSection":   {ld.ArticleSection, "Briefs"},
		"inLanguage":       {ld.InLanguage, "en-GB"},
		"keywords":         {strings.Join(ld.Keywords, ","), "Acme,Globex,chips"},
	}
	for field, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", field, c[0], c[1])
		}
	}
	if len(ld.Author) != 1 || ld.Author[0].Name != "Ana Lima" || len(ld.Image) != 3 || ld.Image[0] != "https://example.org/cards/briefs/july/card.png" ||
		ld.Image[1] != "https://example.org/cards/briefs/july/card-16x9.png" || ld.Image[2] != "https://example.org/cards/briefs/july/card-1x1.png" {
		t.Errorf("author %+v, image %v", ld.Author, ld.Image)
	}
	if len(ld.About) != 2 || ld.About[0].Name != "Acme" || ld.About[0].URL != "https://example.org/companies/acme/" {
		t.Errorf("about = %+v", ld.About)
	}
	for _, want := range []string{
		`<meta property="og:type" content="article">`,
		// An SVG lead image, which sharing sites do not show, gives a
		// drawn card.
		`<meta property="og:image" content="https://example.org/cards/briefs/july/card.png">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<meta property="article:published_time" content="2026-07-18T10:30:00&#43;01:00">`,
		`<meta property="article:tag" content="Globex">`,
		`<link rel="canonical" href="https://example.org/briefs/july/">`,
		`<meta name="description" content="The fab slips a year. Costs rise.">`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestTimelinesAndReadingAids checks a company page grouped by month in
// the site's time zone, the contents of a brief with three sections, and
// links on headings.
func TestTimelinesAndReadingAids(t *testing.T) {
	site := newSite(t, publishSite)
	if code, _, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
		t.Fatal(errOut)
	}
	acme, _ := os.ReadFile(filepath.Join(site, "public/companies/acme/index.html"))
	// June 30 23:30 UTC is July 1 in London.
	july := strings.Index(string(acme), `id="month-2026-07">July 2026</h2>`)
	june := strings.Index(string(acme), `id="month-2026-06">June 2026</h2>`)
	early := strings.Index(string(acme), ">Early June brief</a>") // its link in the list, not its name in the JSON-LD
	if july < 0 || june < 0 || !(july < june && june < early) {
		t.Errorf("months out of order or missing: July at %d, June at %d, the early June brief at %d", july, june, early)
	}
	if n := strings.Count(string(acme), `class="month"`); n != 2 {
		t.Errorf("%d months, want 2", n)
	}
	brief, _ := os.ReadFile(filepath.Join(site, "public/briefs/july/index.html"))
	for _, want := range []string{`<nav class="toc" aria-label="Contents">`, `<li><a href="#why-it-matters">Why it matters</a></li>`,
		`<h2 id="why-it-matters"><a href="#why-it-matters" class="anchor">Why it matters</a></h2>`, `Updated <time datetime="2026-07-20T09:00:00&#43;01:00">`} {
		if !strings.Contains(string(brief), want) {
			t.Errorf("the brief lacks %s", want)
		}
	}
	short, _ := os.ReadFile(filepath.Join(site, "public/briefs/june/index.html"))
	if strings.Contains(string(short), `class="toc"`) {
		t.Error("a brief with one section has a table of contents")
	}
}

// buildFullFeedSite builds publishSite with feeds of two entries that
// carry whole briefs, and returns the site folder.
func buildFullFeedSite(t *testing.T) string {
	t.Helper()
	files := maps.Clone(publishSite)
	files["gen.toml"] += "[feeds]\nsize = 2\ncontent = \"full\"\n"
	site := newSite(t, files)
	if code, _, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
		t.Fatal(errOut)
	}
	return site
}

// TestFeedsEverywhere parses the RSS, Atom and JSON feeds of the site, of
// the briefs section, and of a company and a topic with gofeed, a real
// feed parser, and checks their entries against the briefs.
func TestFeedsEverywhere(t *testing.T) {
	site := buildFullFeedSite(t)
	parser := gofeed.NewParser()
	type want struct {
		titles []string
	}
	for dir, w := range map[string]want{
		"":                  {[]string{`Chipmaker "delays" its </script> fab — café edition`, "June brief"}},
		"briefs/":           {[]string{`Chipmaker "delays" its </script> fab — café edition`, "June brief"}},
		"companies/acme/":   {[]string{`Chipmaker "delays" its </script> fab — café edition`, "June brief"}},
		"companies/globex/": {[]string{`Chipmaker "delays" its </script> fab — café edition`}},
		"topics/chips/":     {[]string{`Chipmaker "delays" its </script> fab — café edition`, "June brief"}},
	} {
		for _, name := range []string{"index.xml", "atom.xml", "feed.json"} {
			data, err := os.ReadFile(filepath.Join(site, "public", dir, name))
			if err != nil {
				t.Errorf("%s%s: %v", dir, name, err)
				continue
			}
			feed, err := parser.ParseString(string(data))
			if err != nil {
				t.Errorf("%s%s does not parse: %v", dir, name, err)
				continue
			}
			if len(feed.Items) != len(w.titles) {
				t.Errorf("%s%s: %d items, want %d", dir, name, len(feed.Items), len(w.titles))
				continue
			}
			for i, item := range feed.Items {
				if item.Title != w.titles[i] {
					t.Errorf("%s%s item %d: title %q, want %q", dir, name, i, item.Title, w.titles[i])
				}
				if !strings.HasPrefix(item.Link, "https://example.org/briefs/") {
					t.Errorf("%s%s item %d: link %q is not an absolute brief URL", dir, name, i, item.Link)
				}
				if item.PublishedParsed == nil {
					t.Errorf("%s%s item %d: no publication date", dir, name, i)
				}
			}
			first := feed.Items[0]
			if got := first.PublishedParsed.UTC().Format("2006-01-02T15:04"); got != "2026-07-18T09:30" {
				t.Errorf("%s%s: first item published %s, want 2026-07-18T09:30 UTC", dir, name, got)
			}
			if !strings.Contains(first.Content+first.Description, "Analysis.") {
				t.Errorf("%s%s: content = \"full\" but the first item holds no body", dir, name)
			}
		}
	}
	page, _ := os.ReadFile(filepath.Join(site, "public/companies/acme/index.html"))
	for _, want := range []string{`<link rel="alternate" type="application/atom+xml" title="Acme · Desk (Atom)" href="atom.xml">`, `<link rel="alternate" type="application/feed+json" title="Desk (JSON Feed)" href="../../feed.json">`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the company page lacks %s", want)
		}
	}
}

// TestWeeklyDigests builds the publishing site and checks the digest pages,
// their index, and the digest feed in every format, parsed with gofeed.
func TestWeeklyDigests(t *testing.T) {
	site := buildFullFeedSite(t)
	read := func(rel string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(site, "public", rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	// 30 June 23:30 UTC is 1 July in London: week 27, not 26.
	for page, wants := range map[string][]string{
		"digest/2026-w29/index.html": {
			"<h1>Week 29, 2026: 13 July to 19 July</h1>",
			`<h2 class="list-heading" id="topic-chips"><a href="../../topics/chips/">chips</a></h2>`,
			"<li>The fab slips a year.</li>",
			`<a rel="prev" href="../2026-w27/"><span>← Earlier week</span>Week 27, 2026: 29 June to 5 July</a>`,
			`<link rel="alternate" type="application/atom+xml" title="Weekly digests · Desk (Atom)" href="../atom.xml">`,
		},
		"digest/2026-w27/index.html": {"June brief", `rel="next" href="../2026-w29/"`, `rel="prev" href="../2026-w23/"`},
		"digest/2026-w23/index.html": {"Early June brief", `<h2 class="list-heading" id="other-briefs">Other briefs</h2>`},
		"digest/index.html":          {"3 weeks with briefs", `<a href="2026-w29/">Week 29, 2026: 13 July to 19 July</a> · 1 brief: chips`},
		"briefs/june/index.html":     {`<a href="../../digest/2026-w27/">Week 27, 2026: 29 June to 5 July</a>`},
		"index.html":                 {`<a href="digest/">Digest</a>`},
	} {
		html := read(page)
		for _, want := range wants {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %s", page, want)
			}
		}
	}
	if sitemap := read("sitemap.xml"); !strings.Contains(sitemap, "<loc>https://example.org/digest/2026-w29/</loc>\n    <lastmod>2026-07-20T08:00:00Z</lastmod>") {
		t.Errorf("the sitemap lacks the week 29 digest with the update of its brief as lastmod:\n%s", sitemap)
	}

	parser := gofeed.NewParser()
	for _, name := range []string{"index.xml", "atom.xml", "feed.json"} {
		feed, err := parser.ParseString(read("digest/" + name))
		if err != nil {
			t.Errorf("digest/%s does not parse: %v", name, err)
			continue
		}
		if feed.Title != "Weekly digests · Desk" {
			t.Errorf("digest/%s: title %q", name, feed.Title)
		}
		var got []string
		for _, item := range feed.Items {
			got = append(got, item.Title+" "+item.Link+" "+item.PublishedParsed.UTC().Format("2006-01-02T15:04"))
		}
		want := []string{
			"Week 29, 2026: 13 July to 19 July https://example.org/digest/2026-w29/ 2026-07-18T09:30",
			"Week 27, 2026: 29 June to 5 July https://example.org/digest/2026-w27/ 2026-06-30T23:30",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("digest/%s items:\n%s\nwant (the newest 2 weeks, as configured):\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(feed.Items) > 0 && !strings.Contains(feed.Items[0].Content+feed.Items[0].Description, "The fab slips a year.") {
			t.Errorf("digest/%s: content = \"full\" but the week holds no key points", name)
		}
	}
}
