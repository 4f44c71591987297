package author

import (
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/content"
)

// FuzzParse feeds any text to the import parser: it must not panic, and
// whatever it accepts must make a brief whose frontmatter gen can read.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"- a\n- b\n\nWhat happened: X happened. More.\n\nWhy it matters\n\nBecause.\n\nAlso Read: Y\n",
		"\uFEFFWhat happened: \"Quoted\" title: with colon\r\nText, according to Reuters.\r\n",
		"Background\n\n# not a heading\n> not a quote\n[brackets] and ]\n",
		"- only\n- bullets\n",
		"Read more: [x](y)\nRelated:   \n",
	} {
		f.Add([]byte(seed))
	}
	known := Known{Taxonomies: []KnownTaxonomy{
		{Key: "companies", Spellings: map[string]string{"AWS": "Amazon Web Services"}, Exact: map[string]bool{"AWS": true}, Organizations: true},
		{Key: "topics", Spellings: map[string]string{"cloud": "cloud"}},
	}, Briefs: []KnownBrief{{Title: "Y", Path: "briefs/y.md"}}}
	f.Fuzz(func(t *testing.T, input []byte) {
		im, err := Parse(input, known)
		if err != nil {
			return
		}
		data, err := im.Markdown(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "briefs")
		if err != nil {
			t.Fatalf("Markdown: %v", err)
		}
		fm, _, _, err := content.SplitFrontMatter(data)
		if err != nil {
			t.Fatalf("the brief's frontmatter does not read: %v\n%s", err, data)
		}
		if title, _ := fm.Values["title"].(string); strings.TrimSpace(title) != strings.TrimSpace(im.Title) && im.Title != "" {
			t.Fatalf("title %q read back as %q", im.Title, title)
		}
	})
}
