package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKeyPointsMarkdown builds a site whose key points hold inline
// Markdown and raw HTML, and reads the output back: pages show the
// Markdown rendered and the HTML escaped, the feeds' full content
// carries the rendered points and their summaries the plain text, and
// the search index holds the plain text with no markup characters.
func TestKeyPointsMarkdown(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		dir := t.TempDir()
		writeSiteFile(t, dir, "gen.toml", "title = \"Desk\"\nbaseURL = \"https://example.org/\"\n[feeds]\ncontent = \"full\"\n[markdown]\nunsafe = "+map[bool]string{false: "false", true: "true"}[unsafe]+"\n")
		writeSiteFile(t, dir, "content/briefs/a.md", "---\ntitle: Licence change\ndate: 2026-03-01T09:00:00Z\ncompanies: [Acme]\n"+
			"key_points:\n  - \"The *license* is now **strict**, see `LICENSE` and [the notice](https://example.org/notice).\"\n"+
			"  - \"<script>alert(1)</script> is text\"\n  - \"A plain <b>bold</b> tag\"\n---\nBody.\n")
		if _, err := Build(context.Background(), Options{SiteDir: dir, Now: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		read := func(name string) string {
			t.Helper()
			data, err := os.ReadFile(filepath.Join(dir, "public", name))
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
		rendered := `The <em>license</em> is now <strong>strict</strong>, see <code>LICENSE</code> and <a href="https://example.org/notice">the notice</a>.`
		bold := map[bool]string{false: "A plain &lt;b&gt;bold&lt;/b&gt; tag", true: "A plain <b>bold</b> tag"}[unsafe]
		for _, name := range []string{"briefs/a/index.html", "index.html", "companies/acme/index.html"} {
			page := read(name)
			for _, want := range []string{"<li>" + rendered + "</li>", "<li>&lt;script&gt;alert(1)&lt;/script&gt; is text</li>", "<li>" + bold + "</li>"} {
				if !strings.Contains(page, want) {
					t.Errorf("unsafe %v: %s lacks %s", unsafe, name, want)
				}
			}
			if strings.Contains(page, "*license*") || strings.Contains(page, "<script>alert") {
				t.Errorf("unsafe %v: %s shows the Markdown as written or runs the script", unsafe, name)
			}
		}
		// Atom's content is HTML, escaped in the XML.
		atom := read("atom.xml")
		for _, want := range []string{"&lt;li&gt;The &lt;em&gt;license&lt;/em&gt; is now", "<summary type=\"text\">The license is now strict, see LICENSE and the notice."} {
			if !strings.Contains(atom, want) {
				t.Errorf("unsafe %v: atom.xml lacks %s:\n%s", unsafe, want, atom)
			}
		}
		index := read("search/d0.js")
		if !strings.Contains(index, "The license is now strict, see LICENSE and the notice.") || strings.ContainsAny(index, "*`") {
			t.Errorf("unsafe %v: the search index does not hold the key points as plain text:\n%s", unsafe, index)
		}
	}
}
