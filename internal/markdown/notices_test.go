package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/problem"
)

// TestNotices checks which constructs of a body get a notice, at which
// body line, and that code keeps other generators' tags quiet.
func TestNotices(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		unsafe bool
		// want lists "line code name" for each notice, in order; name is
		// a text the message must hold.
		want []string
	}{
		{"plain prose", "Text with {braces} and 50% of {it}.\n", false, nil},
		{"hugo shortcode alone", "Intro.\n\n{{< figure src=\"/a.png\" >}}\n", false,
			[]string{"3 markdown.foreign {{< figure"}},
		{"hugo shortcode inside a sentence", "A {{% notice tip %}} here.\n", false,
			[]string{"1 markdown.foreign {{% notice tip %}}"}},
		{"closing shortcode has no notice of its own", "{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n", false,
			[]string{"1 markdown.foreign fenced block"}},
		{"liquid tag", "See {% post_url 2019-08-18-other %}.\n", false,
			[]string{"1 markdown.foreign Liquid tag {% post_url"}},
		{"liquid block and its end", "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n", false,
			[]string{"1 markdown.foreign Liquid tag {% highlight ruby %}"}},
		{"liquid variable", "Welcome to {{ site.title }}.\n", false,
			[]string{"1 markdown.foreign Liquid tag {{ site.title }}"}},
		{"in a code span", "Write `{{< figure >}}` and `{% raw %}`.\n", false, nil},
		{"in a fenced block", "```\n{{< figure >}}\n{% include x.html %}\n```\n", false, nil},
		{"in an indented block", "Text.\n\n    {{< figure >}}\n", false, nil},
		{"in a list item and a heading", "- one {{< x id=1 >}}\n\n## Also {% include a.html %}\n", false,
			[]string{"1 markdown.foreign {{< x id=1 >}}", "3 markdown.foreign {% include a.html %}"}},
		{"in a block quote", "> quoted {{< tweet 1 >}}\n", false, []string{"1 markdown.foreign link to it instead"}},
		{"raw HTML block, once per file", "Intro.\n\n<div class=\"x\">a</div>\n\n<p>b</p>\n\nInline <span>c</span>.\n", false,
			[]string{`3 markdown.raw-html <div class=\"x\">`}},
		{"inline raw HTML", "Line one.\nInline <span>c</span>.\n", false, []string{"2 markdown.raw-html <span>"}},
		{"HTML comments are not content", "<!-- wp:paragraph -->\nText <!-- note -->.\n", false, nil},
		{"raw HTML allowed", "<div>a</div>\n", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := New(Options{Unsafe: tt.unsafe}).Render([]byte(tt.src), RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range res.Notices {
				got = append(got, fmt.Sprintf("%d %s %s", n.Line, n.Code, n.Message))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("notices:\n%s\nwant %d: %q", strings.Join(got, "\n"), len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				line, rest, _ := strings.Cut(w, " ")
				code, name, _ := strings.Cut(rest, " ")
				n := res.Notices[i]
				if fmt.Sprint(n.Line) != line || string(n.Code) != code || !strings.Contains(n.Message, name) {
					t.Errorf("notice %d = %s; want line %s, code %s, a message holding %q", i, got[i], line, code, name)
				}
			}
		})
	}
}

// TestNoticeCodes checks the notices' codes are the problem codes.
func TestNoticeCodes(t *testing.T) {
	res := render(t, "<b>x</b> {{< y >}}\n", RenderOptions{})
	codes := map[problem.Code]bool{}
	for _, n := range res.Notices {
		codes[n.Code] = true
	}
	if !codes[problem.MarkdownRawHTML] || !codes[problem.MarkdownForeign] || len(codes) != 2 {
		t.Errorf("codes %v; want %s and %s", codes, problem.MarkdownRawHTML, problem.MarkdownForeign)
	}
}
