package migrate

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
)

// write writes files (path → content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newSite makes an empty gen site and returns its folder and config.
func newSite(t *testing.T, files map[string]string) (string, *config.Config) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	files["gen.toml"] = "title = \"Test\"\n"
	write(t, dir, files)
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func importInto(t *testing.T, from, source string, site map[string]string) (*Plan, string) {
	t.Helper()
	dir, cfg := newSite(t, site)
	plan, err := Import(Options{From: from, Source: source, SiteDir: dir, Config: cfg, Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return plan, dir
}

// TestPermalinks imports a one-post site per permalink setting and checks
// the old URL the post redirects from.
func TestPermalinks(t *testing.T) {
	jekyllPost := "---\ntitle: Jekyll 4.0.0 released\ndate: 2019-08-19 14:00:00 +0200\ncategories: [News, Releases]\n---\nText.\n"
	hugoPost := "---\ntitle: \"Hello, World: Go 1.22!\"\ndate: 2024-03-05T10:00:00Z\n---\nText.\n"
	cases := []struct {
		name, from string
		files      map[string]string
		want       string
	}{
		{"jekyll default", "jekyll", map[string]string{"_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news/releases/2019/08/19/jekyll-4-0-0-released.html"},
		{"jekyll date", "jekyll", map[string]string{"_config.yml": "permalink: date\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news/releases/2019/08/19/jekyll-4-0-0-released.html"},
		{"jekyll pretty", "jekyll", map[string]string{"_config.yml": "permalink: pretty\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news/releases/2019/08/19/jekyll-4-0-0-released/"},
		{"jekyll ordinal", "jekyll", map[string]string{"_config.yml": "permalink: ordinal\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news/releases/2019/231/jekyll-4-0-0-released.html"},
		{"jekyll weekdate", "jekyll", map[string]string{"_config.yml": "permalink: weekdate\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news/releases/2019/W34/Mon/jekyll-4-0-0-released.html"},
		{"jekyll none", "jekyll", map[string]string{"_config.yml": "permalink: none\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news/releases/jekyll-4-0-0-released.html"},
		{"jekyll pattern", "jekyll", map[string]string{"_config.yml": "permalink: /blog/:year/:title/\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/blog/2019/jekyll-4-0-0-released/"},
		{"jekyll baseurl", "jekyll", map[string]string{"_config.yml": "baseurl: /news-site\npermalink: pretty\n", "_posts/2019-08-19-jekyll-4-0-0-released.markdown": jekyllPost}, "/news-site/news/releases/2019/08/19/jekyll-4-0-0-released/"},
		{"jekyll no categories", "jekyll", map[string]string{"_posts/2019-08-19-jekyll-4-0-0-released.md": "---\ntitle: X\n---\nText.\n"}, "/2019/08/19/jekyll-4-0-0-released.html"},
		{"jekyll post permalink", "jekyll", map[string]string{"_posts/2019-08-19-jekyll-4-0-0-released.md": "---\ntitle: X\npermalink: /releases/:title/\n---\nText.\n"}, "/releases/jekyll-4-0-0-released/"},
		{"jekyll slug", "jekyll", map[string]string{"_config.yml": "permalink: pretty\n", "_posts/2019-08-19-jekyll-4-0-0-released.md": "---\ntitle: X\nslug: four\n---\nText.\n"}, "/2019/08/19/four/"},
		{"hugo default", "hugo", map[string]string{"hugo.toml": "title = 'x'\n", "content/posts/hello.md": hugoPost}, "/posts/hello/"},
		{"hugo title", "hugo", map[string]string{"hugo.toml": "[permalinks]\nposts = '/:year/:month/:title/'\n", "content/posts/hello.md": hugoPost}, "/2024/03/hello-world-go-1.22/"},
		{"hugo slug falls back to title", "hugo", map[string]string{"hugo.yaml": "permalinks:\n  posts: /:section/:slug/\n", "content/posts/hello.md": hugoPost}, "/posts/hello-world-go-1.22/"},
		{"hugo filename", "hugo", map[string]string{"config.toml": "[permalinks]\nposts = '/:year/:month/:day/:filename/'\n", "content/posts/hello.md": hugoPost}, "/2024/03/05/hello/"},
		{"hugo bundle", "hugo", map[string]string{"hugo.toml": "[permalinks]\n[permalinks.page]\nposts = '/:section/:slugorfilename/'\n", "content/posts/hello-bundle/index.md": hugoPost}, "/posts/hello-bundle/"},
		{"hugo slug", "hugo", map[string]string{"hugo.toml": "[permalinks]\nposts = '/:year/:slug/'\n", "content/posts/hello.md": strings.Replace(hugoPost, "title:", "slug: hi-there\ntitle:", 1)}, "/2024/hi-there/"},
		{"hugo url", "hugo", map[string]string{"hugo.toml": "[permalinks]\nposts = '/:year/:slug/'\n", "content/posts/hello.md": strings.Replace(hugoPost, "title:", "url: /special/hello.html\ntitle:", 1)}, "/special/hello.html"},
		{"hugo baseURL path", "hugo", map[string]string{"hugo.toml": "baseURL = 'https://example.org/docs/'\n", "content/posts/hello.md": hugoPost}, "/docs/posts/hello/"},
		{"hugo section", "hugo", map[string]string{"hugo.toml": "[permalinks]\nnews = '/:section/:year/:filename/'\n", "content/news/hello.md": hugoPost}, "/news/2024/hello/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := t.TempDir()
			write(t, src, tc.files)
			plan, _ := importInto(t, tc.from, src, map[string]string{})
			if len(plan.Items) != 1 {
				t.Fatalf("%d items, want 1", len(plan.Items))
			}
			if got := plan.Items[0].Aliases; len(got) == 0 || got[0] != tc.want {
				t.Errorf("old URLs %q, want %q first", got, tc.want)
			}
		})
	}
}

// TestShortcodeParams checks how shortcode parameters are split.
func TestShortcodeParams(t *testing.T) {
	cases := []struct {
		in    string
		named map[string]string
		pos   []string
	}{
		{`src="a b.png" alt="An \"odd\" one"`, map[string]string{"src": "a b.png", "alt": `An "odd" one`}, nil},
		{`chipnotes 4f2a9c "file name.go"`, map[string]string{}, []string{"chipnotes", "4f2a9c", "file name.go"}},
		{"go `linenos=table`", map[string]string{}, []string{"go", "linenos=table"}},
		{`id=abc title="T"`, map[string]string{"id": "abc", "title": "T"}, nil},
		{``, map[string]string{}, nil},
	}
	for _, tc := range cases {
		named, pos := parseParams(tc.in)
		if len(named) != len(tc.named) || !slices.Equal(pos, tc.pos) {
			t.Errorf("parseParams(%q) = %v %q, want %v %q", tc.in, named, pos, tc.named, tc.pos)
			continue
		}
		for k, v := range tc.named {
			if named[k] != v {
				t.Errorf("parseParams(%q)[%s] = %q, want %q", tc.in, k, named[k], v)
			}
		}
	}
}

// TestHostileSource imports a WordPress export and a Hugo site whose
// names try to reach outside the site, and checks that everything written
// is inside content/, that no file outside the uploads folder is copied,
// and that unusable old URLs are reported, not written.
func TestHostileSource(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{
		"secret.png":            "not for the site",
		"uploads/2023/05/a.png": "an upload",
		"export.xml": `<?xml version="1.0"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<link>https://h.example</link>
<item>
<title>Escape</title>
<link>https://h.example/../../outside/</link>
<content:encoded><![CDATA[<p>Look <img src="https://h.example/wp-content/uploads/../../secret.png"> and <img src="https://h.example/wp-content/uploads/2023/05/a.png">.</p>]]></content:encoded>
<wp:post_name>../../../etc/passwd</wp:post_name>
<wp:post_date>2023-05-17 10:00:00</wp:post_date>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
</item>
<item>
<title>..</title>
<link>https://h.example/.git/config</link>
<content:encoded><![CDATA[Text.]]></content:encoded>
<wp:post_name>..</wp:post_name>
<wp:post_date>2023-05-18 10:00:00</wp:post_date>
<wp:status>publish</wp:status>
<wp:post_type>page</wp:post_type>
</item>
<item>
<title>Members only</title>
<link>https://h.example/members/</link>
<content:encoded><![CDATA[Secret text.]]></content:encoded>
<wp:post_name>members</wp:post_name>
<wp:post_date>2023-05-19 10:00:00</wp:post_date>
<wp:status>publish</wp:status>
<wp:post_password>hunter2</wp:post_password>
<wp:post_type>post</wp:post_type>
</item>
</channel>
</rss>
`,
	})
	dir, cfg := newSite(t, map[string]string{})
	plan, err := Import(Options{From: "wordpress", Source: filepath.Join(src, "export.xml"), Uploads: filepath.Join(src, "uploads"), SiteDir: dir, Config: cfg, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	plan.Report(&report)
	if err := plan.Write(dir); err != nil {
		t.Fatal(err)
	}
	var written []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			written = append(written, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(written)
	if !plan.Items[2].Draft {
		t.Errorf("a post with a password is not a draft")
	}
	want := []string{"content/briefs/etc-passwd/a.png", "content/briefs/etc-passwd/index.md", "content/briefs/members/index.md", "content/imported/index.md", "gen.toml"}
	if !slices.Equal(written, want) {
		t.Errorf("wrote %q, want %q\n%s", written, want, report.String())
	}
	for _, want := range []string{
		`the old URL /../../outside/ cannot be redirected: it has a . or .. segment`,
		`the old URL /.git/config cannot be redirected: it names a hidden file or folder`,
		`https://h.example/wp-content/uploads/../../secret.png stays on another site`,
		`the post is protected by a password, which gen cannot do: imported as a draft`,
	} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, report.String())
		}
	}
}

// TestSlugClash checks that a slug the site or an earlier post has gets a
// suffix, reported, and that Write never overwrites a file.
func TestSlugClash(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{
		"_posts/2020-01-01-launch.md":    "---\ntitle: Launch one\n---\nOne.\n",
		"_posts/2021-01-01-launch.md":    "---\ntitle: Launch two\n---\nTwo.\n",
		"_posts/2022-01-01-new-thing.md": "---\ntitle: New thing\n---\nThree.\n",
	})
	plan, dir := importInto(t, "jekyll", src, map[string]string{"content/briefs/launch.md": "---\ntitle: Ours\ndate: 2020-01-01\n---\nOurs.\n"})
	var targets []string
	for _, it := range plan.Items {
		targets = append(targets, it.Target)
	}
	want := []string{"content/briefs/launch-2/index.md", "content/briefs/launch-3/index.md", "content/briefs/new-thing/index.md"}
	if !slices.Equal(targets, want) {
		t.Errorf("targets %q, want %q", targets, want)
	}
	reportHolds(t, plan, `the slug "launch" is taken in the site: imported as "launch-3"`)
	// A file made after the plan is never overwritten, and nothing is
	// written then.
	write(t, dir, map[string]string{"content/briefs/new-thing/index.md": "mine"})
	err := plan.Write(dir)
	if err == nil || !strings.Contains(err.Error(), "content/briefs/new-thing/index.md already exists") {
		t.Errorf("Write over a file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "briefs", "launch-2")); err == nil {
		t.Errorf("Write wrote launch-2 although it refused")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "content", "briefs", "new-thing", "index.md")); string(data) != "mine" {
		t.Errorf("the file was overwritten: %q", data)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// TestGolden imports each small site of cmd/gen's testdata/migrate into a
// site holding an about page and a brief, and compares the report and
// every file written with testdata/NAME.golden (go test -update rewrites
// them).
func TestGolden(t *testing.T) {
	sources := []struct{ name, from, source, uploads string }{
		{"hugo", "hugo", "../../cmd/gen/testdata/migrate/hugo", ""},
		{"jekyll", "jekyll", "../../cmd/gen/testdata/migrate/jekyll", ""},
		{"wordpress", "wordpress", "../../cmd/gen/testdata/migrate/wordpress/export.xml", "../../cmd/gen/testdata/migrate/wordpress/uploads"},
	}
	for _, tc := range sources {
		t.Run(tc.name, func(t *testing.T) {
			dir, cfg := newSite(t, map[string]string{
				"content/about.md":         "---\ntitle: About\n---\nAbout us.\n",
				"content/briefs/launch.md": "---\ntitle: Launch\ndate: 2026-01-01\n---\nText.\n",
			})
			plan, err := Import(Options{From: tc.from, Source: tc.source, Uploads: tc.uploads, SiteDir: dir, Config: cfg, Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			plan.Report(&got)
			for _, f := range plan.files {
				if f.from != "" {
					fmt.Fprintf(&got, "\n=== %s (a copy of %s)\n", f.rel, filepath.Base(f.from))
					continue
				}
				fmt.Fprintf(&got, "\n=== %s\n%s", f.rel, f.data)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("the import differs from %s (go test -update rewrites it):\n%s", golden, firstDiff(string(want), got.String()))
			}
		})
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		wl, gl := "", ""
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, wl, gl)
		}
	}
	return ""
}

// TestAliasRules checks that an old URL gen could not redirect (one
// under a folder gen writes, the new URL of another imported page, one
// that an earlier post redirects already) is reported and left out.
func TestAliasRules(t *testing.T) {
	item := func(slug, link string) string {
		return "<item><title>" + slug + "</title><link>https://h.example" + link + "</link><content:encoded><![CDATA[Text.]]></content:encoded>" +
			"<wp:post_name>" + slug + "</wp:post_name><wp:post_date>2023-05-17 10:00:00</wp:post_date><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
	}
	src := t.TempDir()
	write(t, src, map[string]string{"export.xml": `<?xml version="1.0"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://h.example</link>
` + strings.Replace(item("gone", "/gone/"), "publish", "trash", 1) + item("one", "/topics/ai/") + item("two", "/briefs/one/") + item("three", "/same/") + item("four", "/same/") + item("five", "/briefs/five/") + `</channel></rss>`})
	plan, _ := importInto(t, "wordpress", filepath.Join(src, "export.xml"), map[string]string{})
	reportHolds(t, plan,
		"the old URL /topics/ai/ cannot be redirected: gen writes its own pages under /topics/",
		"the old URL /briefs/one/ cannot be redirected: it is the new URL of content/briefs/one/index.md",
		"the old URL /same/ cannot be redirected: it redirects to content/briefs/three/index.md already",
		`post "gone" has the status trash (deleted, or an empty autosave): not imported`)
	var aliases [][]string
	for _, it := range plan.Items {
		aliases = append(aliases, it.Aliases)
	}
	want := [][]string{nil, nil, {"/same/"}, nil, nil}
	if !slices.EqualFunc(aliases, want, func(a, b []string) bool { return slices.Equal(a, b) }) {
		t.Errorf("aliases %q, want %q", aliases, want)
	}
}

// TestHugoKeys checks that Hugo's keys are read without regard to case,
// as Hugo reads them, and that the <!--more--> summary divider is left
// out and reported.
func TestHugoKeys(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{
		"hugo.toml":              "title = 'x'\n",
		"content/posts/upper.md": "---\nTitle: Upper case keys\nDate: 2024-01-02\nTags: [chips]\nfeaturedImage: https://cdn.example.net/a.png\nDescription: It works.\n---\nFirst part of the text.\n<!--more-->\nSecond part of the text.\n",
	})
	plan, _ := importInto(t, "hugo", src, map[string]string{})
	got := string(plan.files[0].data)
	want := "---\ntitle: Upper case keys\ndate: 2024-01-02\ntopics: [chips]\nsummary: It works.\nimage: https://cdn.example.net/a.png\naliases: [/posts/upper/]\n---\n\nFirst part of the text.\nSecond part of the text.\n"
	if got != want {
		t.Errorf("wrote\n%s\nwant\n%s", got, want)
	}
	reportHolds(t, plan, "the <!--more--> at line 9 left out")
}

// TestWriteRefusesLinkedFolder checks that Write writes nothing when a
// folder of content/ is a link to somewhere else.
func TestWriteRefusesLinkedFolder(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{"_posts/2020-01-01-launch.md": "---\ntitle: Launch\n---\nText.\n"})
	plan, dir := importInto(t, "jekyll", src, map[string]string{"content/about.md": "---\ntitle: About\n---\nAbout.\n"})
	elsewhere := t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(dir, "content", "briefs")); err != nil {
		t.Skip(err)
	}
	if err := plan.Write(dir); err == nil || !strings.Contains(err.Error(), "nothing written") {
		t.Errorf("Write through a linked folder: %v", err)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) > 0 {
		t.Errorf("Write wrote %d files through the link", len(entries))
	}
}

// TestBodies checks conversions of bodies the site tests do not show.
func TestBodies(t *testing.T) {
	cases := []struct {
		name, from string
		files      map[string]string
		want       []string
		notes      []string
	}{
		{
			name: "link definitions", from: "jekyll",
			files: map[string]string{
				"_posts/2020-01-01-one.md": "---\ntitle: One\n---\nSee [two][t] and ![pic][p].\n\n[t]: /2020/01/02/two.html\n[p]: /assets/p.png\n",
				"_posts/2020-01-02-two.md": "---\ntitle: Two\n---\nText.\n",
				"assets/p.png":             "png",
			},
			want: []string{"[t]: ../two/index.md\n", "[p]: p.png\n"},
		},
		{
			name: "embed and shortcodes", from: "wordpress",
			files: map[string]string{"export.xml": `<?xml version="1.0"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://h.example</link>
<item><title>Video&#8217;s &amp;amp; more</title><category domain="category" nicename="rd"><![CDATA[R&amp;D]]></category><category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category><link>https://h.example/video/</link><content:encoded><![CDATA[Watch this.

[embed]https://www.youtube.com/watch?v=abc[/embed]

[audio src="x.mp3"]]]></content:encoded><wp:post_name>video</wp:post_name><wp:post_date>2023-05-17 10:00:00</wp:post_date><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`},
			want:  []string{"[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)", "title: Video’s & more\n", "topics: [R&D]\n"},
			notes: []string{`:7: the shortcode [audio src="x.mp3"] is left as text`},
		},
		{
			name: "wordpress embeds are noted", from: "wordpress",
			files: map[string]string{"export.xml": `<?xml version="1.0"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://h.example</link>
<item><title>Clips</title><link>https://h.example/clips/</link><content:encoded><![CDATA[<!-- wp:paragraph -->
<p>Watch the launch.</p>
<!-- /wp:paragraph -->
<!-- wp:html -->
<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>
<!-- /wp:html -->
<!-- wp:video -->
<figure class="wp-block-video"><video controls src="https://h.example/clip.mp4"></video></figure>
<!-- /wp:video -->
<script>track()</script>]]></content:encoded><wp:post_name>clips</wp:post_name><wp:post_date>2023-05-17 10:00:00</wp:post_date><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`},
			want: []string{"Watch the launch."},
			notes: []string{`:7: the <iframe> of https://www.youtube.com/embed/abc is left out`, `:10: the <video> of https://h.example/clip.mp4 is left out`,
				`:12: the <script> is left out`},
		},
		{
			name: "hugo embeds", from: "hugo",
			files: map[string]string{
				"hugo.toml": "title = 'x'\n",
				"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n" +
					"{{< tweet user=\"desk\" id=\"42\" >}}\n\n{{< tweet 43 >}}\n\n{{< instagram CxYz >}}\n\n{{< gist desk 9f8e main.go >}}\n\n" +
					"{{< highlight go \"linenos=table\" >}}\nfunc f() {}\n{{< /highlight >}}\n\n" +
					"{{< figure src=\"https://cdn.example.net/c.png\" link=\"https://example.net/\" title=\"Chart\" alt=\"A chart\" >}}\n",
			},
			want: []string{
				"[View the post by @desk on X](https://x.com/desk/status/42)",
				"[View the post on X](https://x.com/i/status/43)",
				"[View the post on Instagram](https://www.instagram.com/p/CxYz/)",
				"[View main.go of the gist desk/9f8e on GitHub](https://gist.github.com/desk/9f8e)",
				"```go\nfunc f() {}\n```",
				"[![A chart](https://cdn.example.net/c.png \"Chart\")](https://example.net/)\n\n**Chart**",
			},
			notes: []string{`a.md:17: the image https://cdn.example.net/c.png stays on another site`},
		},
		{
			name: "hugo escaped shortcode and missing ref", from: "hugo",
			files: map[string]string{
				"hugo.toml":          "title = 'x'\n",
				"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nWrite {{</* figure src=\"x.png\" */>}} in Hugo.\n\nSee [gone]({{< ref \"gone.md\" >}}).\n\n{{< param \"missing\" >}}\n",
			},
			want:  []string{"Write {{< figure src=\"x.png\" >}} in Hugo."},
			notes: []string{`a.md:7: ref names "gone.md", which is not among the imported pages`, `a.md:9: param "missing" is set neither by the page nor by the site's params`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := t.TempDir()
			write(t, src, tc.files)
			source := src
			if tc.from == "wordpress" {
				source = filepath.Join(src, "export.xml")
			}
			plan, _ := importInto(t, tc.from, source, map[string]string{})
			got := string(plan.files[0].data)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the page lacks %q:\n%s", w, got)
				}
			}
			var report bytes.Buffer
			plan.Report(&report)
			for _, n := range tc.notes {
				if !strings.Contains(report.String(), n) {
					t.Errorf("the report lacks %q:\n%s", n, report.String())
				}
			}
		})
	}
}

// TestSkippedReported checks that pages in formats the importer does not
// read are listed as skipped, not dropped without a word.
func TestSkippedReported(t *testing.T) {
	cases := []struct {
		from  string
		files map[string]string
		want  []string
	}{
		{"hugo", map[string]string{"hugo.toml": "", "content/posts/a.html": "---\ntitle: A\n---\n<p>A</p>\n", "content/notes/b.adoc": "= B\n", "content/posts/c.md": "---\ntitle: C\n---\nC.\n"},
			[]string{"content/notes/b.adoc: a page in a format other than Markdown: not imported", "content/posts/a.html: a page in a format other than Markdown: not imported"}},
		{"jekyll", map[string]string{"_posts/2020-01-01-a.html": "---\ntitle: A\n---\n<p>A</p>\n", "_posts/notes.md": "---\ntitle: B\n---\nB.\n", "about.html": "---\ntitle: About\n---\n<p>About</p>\n", "index.html": "---\n---\n", "plain.html": "<p>no frontmatter</p>\n"},
			[]string{"_posts/2020-01-01-a.html: not a Markdown post", "_posts/notes.md: a post's file name starts with its date", "about.html:1: an HTML page: not imported"}},
	}
	for _, tc := range cases {
		t.Run(tc.from, func(t *testing.T) {
			src := t.TempDir()
			write(t, src, tc.files)
			plan, _ := importInto(t, tc.from, src, map[string]string{})
			var got []string
			for _, n := range plan.Skipped {
				rel, _ := filepath.Rel(src, n.File)
				got = append(got, Note{File: filepath.ToSlash(rel), Line: n.Line, Why: n.Why}.String())
			}
			for _, w := range tc.want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
					t.Errorf("skipped %q, want one starting %q", got, w)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("skipped %q, want %d", got, len(tc.want))
			}
		})
	}
}

// TestJekyllDefaults checks that _config.yml's defaults and author fill
// what a post does not set, and that a default gen has no use for is
// reported.
func TestJekyllDefaults(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{
		"_config.yml":            "author:\n  name: Desk Editor\ndefaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      layout: post\n      tags: [memory]\n  - scope:\n      path: _posts/2020\n    values:\n      image: /assets/a.png\n",
		"_posts/2020-01-01-a.md": "---\ntitle: A\n---\nText.\n",
		"_posts/2021-01-01-b.md": "---\ntitle: B\nauthor: Own Name\ntags: [disks]\n---\nText.\n",
		"assets/a.png":           "png",
	})
	plan, _ := importInto(t, "jekyll", src, map[string]string{})
	a, b := string(plan.files[0].data), string(plan.files[2].data)
	for _, want := range []string{"topics: [memory]\n", "authors: [Desk Editor]\n", "image: a.png\n"} {
		if !strings.Contains(a, want) {
			t.Errorf("a lacks %q:\n%s", want, a)
		}
	}
	for _, want := range []string{"topics: [disks]\n", "authors: [Own Name]\n"} {
		if !strings.Contains(b, want) {
			t.Errorf("b lacks %q:\n%s", want, b)
		}
	}
	if strings.Contains(b, "image:") {
		t.Errorf("b took the default of another path:\n%s", b)
	}
	if len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Why, `the defaults value "layout" (for "posts") is not applied`) {
		t.Errorf("skipped %v, want the layout default", plan.Skipped)
	}
}

// TestUploadsFolder checks that --uploads may name the uploads folder
// itself, or a copy of the site (or of wp-content) that holds it.
func TestUploadsFolder(t *testing.T) {
	export := `<?xml version="1.0"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://h.example</link>
<item><title>Chart</title><link>https://h.example/chart/</link><content:encoded><![CDATA[<p>See <img src="https://h.example/wp-content/uploads/2023/05/c.png" alt="A chart"></p>]]></content:encoded><wp:post_name>chart</wp:post_name><wp:post_date>2023-05-17 10:00:00</wp:post_date><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`
	for _, layout := range []string{"", "wp-content/uploads", "uploads"} {
		t.Run("uploads under "+layout, func(t *testing.T) {
			src := t.TempDir()
			write(t, src, map[string]string{"export.xml": export, filepath.Join("copy", layout, "2023/05/c.png"): "png"})
			dir, cfg := newSite(t, map[string]string{})
			plan, err := Import(Options{From: "wordpress", Source: filepath.Join(src, "export.xml"), SiteDir: dir, Config: cfg, Uploads: filepath.Join(src, "copy"), Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var report bytes.Buffer
			plan.Report(&report)
			if !strings.Contains(report.String(), "copied: ") || strings.Contains(report.String(), "stays on another site") {
				t.Errorf("the image was not copied from %s:\n%s", layout, report.String())
			}
		})
	}
}

// TestCRLFBodies checks that a post written with CRLF line endings is
// imported with LF endings throughout, as its frontmatter is written.
func TestCRLFBodies(t *testing.T) {
	for _, tc := range []struct{ from, name string }{{"jekyll", "_posts/2020-01-01-one.md"}, {"hugo", "content/posts/one.md"}} {
		t.Run(tc.from, func(t *testing.T) {
			src := t.TempDir()
			files := map[string]string{tc.name: "---\r\ntitle: One\r\ndate: 2020-01-01\r\n---\r\nFirst line.\r\n\r\nSecond paragraph.\r\n"}
			if tc.from == "hugo" {
				files["hugo.toml"] = "title = 'x'\n"
			}
			write(t, src, files)
			plan, _ := importInto(t, tc.from, src, map[string]string{})
			got := string(plan.files[0].data)
			if strings.Contains(got, "\r") || !strings.Contains(got, "First line.\n\nSecond paragraph.\n") {
				t.Errorf("imported page %q", got)
			}
		})
	}
}

// TestFeaturedImageLine checks that a featured image left on another site
// is noted at its post's item, not at a line of the body.
func TestFeaturedImageLine(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{"export.xml": `<?xml version="1.0"?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://h.example</link>
<item><title>server.png</title><link>https://h.example/server/</link><wp:post_id>7</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://h.example/wp-content/uploads/server.png</wp:attachment_url></item>
<item><title>Racks</title><link>https://h.example/racks/</link>
<content:encoded><![CDATA[<p>Intro para.</p>
<p>More.</p>]]></content:encoded><wp:post_name>racks</wp:post_name><wp:post_date>2023-05-17 10:00:00</wp:post_date><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>7</wp:meta_value></wp:postmeta></item>
</channel></rss>`})
	plan, _ := importInto(t, "wordpress", filepath.Join(src, "export.xml"), map[string]string{})
	// At the item, line 4.
	reportHolds(t, plan, "export.xml:4: the image https://h.example/wp-content/uploads/server.png stays on another site")
}

// TestOddValuesNoted checks that frontmatter values of an unexpected
// kind are noted, not dropped or changed without a word.
func TestOddValuesNoted(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{"_posts/2020-01-01-one.md": "---\ntitle: [not, a, string]\ntags: {a: 1}\n---\nText.\n"})
	plan, _ := importInto(t, "jekyll", src, map[string]string{})
	reportHolds(t, plan, `one.md:2: title is not text but a list: written as "[not a string]"`,
		`one.md:3: tags holds no names gen can read (a table): kept under params; set topics by hand`)
}

// reportHolds checks that the report of plan holds each of wants.
func reportHolds(t *testing.T, plan *Plan, wants ...string) {
	t.Helper()
	var report bytes.Buffer
	plan.Report(&report)
	for _, want := range wants {
		if !strings.Contains(report.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, report.String())
		}
	}
}

// TestWriteUndoes checks that an import that fails part way (a file to
// copy gone since the plan) leaves the site as it was, so that it can be
// run again.
func TestWriteUndoes(t *testing.T) {
	src := t.TempDir()
	write(t, src, map[string]string{
		"_posts/2020-01-01-one.md": "---\ntitle: One\n---\nText.\n",
		"_posts/2020-01-02-two.md": "---\ntitle: Two\n---\n![A chart](/assets/chart.png)\n",
		"assets/chart.png":         "png",
	})
	plan, dir := importInto(t, "jekyll", src, map[string]string{})
	before := listFiles(t, filepath.Join(dir, "content"))
	os.Remove(filepath.Join(src, "assets/chart.png"))
	if err := plan.Write(dir); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("Write = %v, want a failure that imported nothing", err)
	}
	if after := listFiles(t, filepath.Join(dir, "content")); !slices.Equal(before, after) {
		t.Errorf("a failed import left files:\nbefore %q\nafter  %q", before, after)
	}
	write(t, src, map[string]string{"assets/chart.png": "png"})
	if err := plan.Write(dir); err != nil {
		t.Errorf("the import run again: %v", err)
	}
}

// listFiles lists the files and folders under dir.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			out = append(out, p)
		}
		return nil
	})
	return out
}
