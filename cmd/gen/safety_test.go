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
