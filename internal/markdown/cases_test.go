package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/cases/*.html from the current output")

// TestCases renders each testdata/cases/NAME.md and compares the HTML with
// NAME.html. Cases whose name starts with "unsafe_" are rendered with
// Options{Unsafe: true}. Run with -update to rewrite the .html files, then
// read the diff before committing it.
func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := safe
			if strings.HasPrefix(name, "unsafe_") {
				r = unsafe
			}
			res, err := r.Render(src, RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(file, ".md") + ".html"
			if *update {
				if err := os.WriteFile(golden, []byte(res.HTML), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if res.HTML != string(want) {
				t.Errorf("%s: HTML differs from %s\ngot:\n%s\nwant:\n%s", file, golden, res.HTML, want)
			}
		})
	}
}

// TestCaseProperties states, independently of the golden files, what the
// main cases must show, so that a careless -update cannot hide a change.
func TestCaseProperties(t *testing.T) {
	tests := []struct {
		file   string
		unsafe bool
		has    []string
		lacks  []string
	}{
		{file: "gfm_table.md", has: []string{"<table>", `<th style="text-align:left">Company</th>`, `<td style="text-align:right">1,200</td>`, "<em>n/a</em>"}},
		{file: "strikethrough.md", has: []string{"<del>cancelled</del>", "<del>this</del>"}},
		{file: "autolink.md", has: []string{
			`<a href="https://example.org/report">https://example.org/report</a>`,
			`<a href="http://www.example.com">www.example.com</a>`,
			`<a href="mailto:press@example.org">press@example.org</a>`,
			`<a href="https://example.net/x?a=1&amp;b=2">`,
		}},
		{file: "task_list.md", has: []string{`<input disabled="" type="checkbox"> File the report`, `<input checked="" disabled="" type="checkbox"> Check the numbers`, "<li>A plain item</li>"}},
		{file: "footnote.md", has: []string{`<sup id="fnref:1"><a href="#fn:1"`, `<li id="fn:1">`, `<li id="fn:2">`, `<a href="#fnref:2" class="footnote-backref"`, "In the second-quarter filing."}, lacks: []string{"[^rev]"}},
		{file: "typographer.md",
			has:   []string{"“Quoted”", "‘single’", "it’s", "–", "—", "…", `<code>&quot;code&quot; keeps -- its quotes</code>`},
			lacks: []string{`"Quoted"`}},
		{file: "duplicate_headings.md", has: []string{`<h2 id="background">`, `<h2 id="background-1">`, `<h3 id="background-2">`, `<h2 id="background-1-1">`, `<h2 id="whats-next">`}},
		{file: "raw_html.md", has: []string{"<!-- raw HTML omitted -->"}, lacks: []string{"<div", "<span", "<script", "alert(1)</script>"}},
		{file: "unsafe_raw_html.md", unsafe: true, has: []string{`<div class="note">A raw block.</div>`, `<span class="x">raw</span>`}, lacks: []string{"raw HTML omitted"}},
		{file: "javascript_link.md", has: []string{`<a href="">click</a>`, `<a href="">data</a>`, `<img src="" alt="img">`, `<a href="https://example.org/">fine</a>`}, lacks: []string{"javascript:", "data:text/html"}},
		{file: "unsafe_javascript_link.md", unsafe: true, has: []string{`<a href="javascript:alert(1)">click</a>`}},
		{file: "code_highlight.md",
			has:   []string{`<pre class="chroma" tabindex="0" role="region" aria-label="Code: go"><code>`, `<span class="kn">package</span>`, `<span class="nf">main</span>`, `&lt;b&gt;escaped&lt;/b&gt;`, `<code>code &lt;b&gt;</code>`},
			lacks: []string{"style=", "<b>"}},
		// Code blocks scroll when wider than the page: each is focusable,
		// so the keyboard reaches it, and named by its language.
		{file: "code_focusable.md",
			has: []string{`<pre tabindex="0" role="region" aria-label="Code: nosuchlang&#34;&gt;&lt;script&gt;"><code class="language-nosuchlang&#34;&gt;&lt;script&gt;">a &lt; b &amp;&amp; c`,
				`<pre tabindex="0" role="region" aria-label="Code"><code>indented &lt;code&gt;` + "\ntwo\n</code></pre>",
				`<pre class="chroma" tabindex="0" role="region" aria-label="Code: python"><code>`},
			lacks: []string{"<pre>", "<script>"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "cases", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := New(Options{Unsafe: tt.unsafe}).Render(src, RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.has {
				if !strings.Contains(res.HTML, s) {
					t.Errorf("HTML lacks %q:\n%s", s, res.HTML)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(res.HTML, s) {
					t.Errorf("HTML has %q:\n%s", s, res.HTML)
				}
			}
		})
	}
}
