package migrate

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
)

// FuzzBodies imports a Hugo and a Jekyll post with any body: the import
// never fails or panics on a body, and what it writes is frontmatter gen
// reads, with gen's keys only.
func FuzzBodies(f *testing.F) {
	for _, seed := range []string{
		"Text.\n",
		"{{< figure src=\"a.png\" caption=\"C\" >}}\n{{< highlight go >}}\nx\n",
		"{{% x user=\"a\" id=\"1\" %}}{{< /y >}}{{</* z */>}}{{< ref \"",
		"{% raw %}{{ x }}{% endraw %}{% highlight %}{% post_url nothing %}{{ site.baseurl }}{{ page.x | relative_url }}",
		"<div>\n<p>A</p>\n\n<!--more-->\n```\n<div>\n```\n[a]: /x.png\n![b](../../c.png \"t\")",
		"{{<",
		"{%",
		"\x00\xff",
	} {
		f.Add(seed)
	}
	cfg := config.Default()
	cfg.Location = time.UTC
	f.Fuzz(func(t *testing.T, body string) {
		for _, from := range []string{"hugo", "jekyll"} {
			src, site := t.TempDir(), t.TempDir()
			files := map[string]string{
				"hugo.toml":                    "",
				"content/posts/a.md":           "---\ntitle: A\ndate: 2024-01-01\n---\n" + body,
				"_posts/2024-01-01-a.md":       "---\ntitle: A\n---\n" + body,
				"content/posts/b/index.md":     "---\ntitle: B\ndate: 2024-01-02\n---\nB.\n",
				"_posts/2024-01-02-b.markdown": "---\ntitle: B\n---\nB.\n",
			}
			write(t, src, files)
			if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
				t.Fatal(err)
			}
			plan, err := Import(Options{From: from, Source: src, SiteDir: site, Config: cfg, Now: time.Unix(0, 0)})
			if err != nil {
				t.Fatalf("%s: %v", from, err)
			}
			for _, pf := range plan.files {
				if pf.from != "" {
					continue
				}
				fm, _, _, err := content.SplitFrontMatter(pf.data)
				if err != nil {
					t.Fatalf("%s: %s does not parse: %v\n%s", from, pf.rel, err, pf.data)
				}
				for k := range fm.Values {
					if !slices.Contains([]string{"title", "date", "updated", "draft", "companies", "topics", "region", "authors", "summary", "image", "image_alt", "aliases", "params"}, k) {
						t.Errorf("%s: %s has the key %q", from, pf.rel, k)
					}
				}
			}
		}
	})
}
