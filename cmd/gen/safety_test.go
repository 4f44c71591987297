package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHostileInputStaysInert builds a brief whose every field tries to
// break out of its context and checks that the output is still inert and
// well-formed: no script runs, the JSON-LD is valid JSON holding the
// title, and the feed and sitemap are valid XML.
func TestHostileInputStaysInert(t *testing.T) {
	evil := `Evil "quotes" & <b>tags</b></script><script>alert(1)</script>]]><!--`
	site := newSite(t, map[string]string{
		"gen.toml": "title = \"Safe\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/evil.md": "---\ntitle: " + jsonString(evil) + "\ndate: 2025-01-01T09:00:00Z\n" +
			"summary: " + jsonString(evil) + "\n" +
			"key_points: [" + jsonString(evil) + ", \"second\"]\n" +
			"companies: [" + jsonString("Acme\"><img src=x onerror=alert(1)>") + "]\n" +
			"image: \"javascript:alert(1)\"\nimage_alt: " + jsonString(evil) + "\n" +
			"params: {note: " + jsonString(evil) + "}\n---\n" +
			"[js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)\n\n<script>alert(2)</script>\n",
		"layouts/partials/head.html": `<script type="application/ld+json">{"@type": "NewsArticle", "headline": {{.Title}}, "note": {{.Params.note}}}</script>`,
	})
	if code, _, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	page, err := os.ReadFile(filepath.Join(site, "public/briefs/evil/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`, `src="javascript:`, `href="data:`, `href="vbscript:`, "<b>tags</b>"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no JSON-LD block")
	}
	var ld map[string]string
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("the JSON-LD is not valid JSON: %v\n%s", err, m[1])
	}
	if ld["headline"] != evil || ld["note"] != evil {
		t.Errorf("the JSON-LD holds %q and %q, want the title and note as written", ld["headline"], ld["note"])
	}
	for _, name := range []string{"index.xml", "sitemap.xml"} {
		data, _ := os.ReadFile(filepath.Join(site, "public", name))
		d := xml.NewDecoder(strings.NewReader(string(data)))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s is not well-formed XML: %v", name, err)
				}
				break
			}
		}
	}
	feed, _ := os.ReadFile(filepath.Join(site, "public/index.xml"))
	var rss struct {
		Items []struct {
			Title string `xml:"title"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(feed, &rss); err != nil || len(rss.Items) != 1 || rss.Items[0].Title != evil {
		t.Errorf("the feed's item title is %+v (%v), want the title as written", rss.Items, err)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestControlCharactersLeaveHTML builds a brief with BEL, ESC, BS, DEL and
// a C1 control in its title, key points, summary and body, and checks that
// no HTML page holds any of them while the text around them stays.
func TestControlCharactersLeaveHTML(t *testing.T) {
	site := newSite(t, map[string]string{
		"gen.toml": "title = \"Controls\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/ctl.md": "---\ntitle: \"Bell\\a esc\\e bs\\b del\\x7f c1\\u009b end\"\ndate: 2025-01-01T09:00:00Z\n" +
			"key_points:\n  - \"point\\a one\"\n  - \"point\\e two\"\nsummary: \"sum\\bmary\"\naliases: [/old/]\n---\n" +
			"Body \a bell \x1b[31m red \x08 bs \x7f del \u009b c1, [a link](https://example.org/\x07x).\n",
	})
	if code, _, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	pages := 0
	for name, f := range tree(t, filepath.Join(site, "public")) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		for i, r := range f.data {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f {
				t.Errorf("%s holds the control character %q at byte %d", name, r, i)
				break
			}
		}
	}
	if pages < 5 {
		t.Fatalf("only %d HTML pages built", pages)
	}
	page, err := os.ReadFile(filepath.Join(site, "public/briefs/ctl/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Bell esc bs del c1 end", "point one", "point two", "[31m red  bs  del  c1"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the brief lacks %q", want)
		}
	}
}
