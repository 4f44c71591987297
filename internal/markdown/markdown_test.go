package markdown

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func render(t *testing.T, src string, opts RenderOptions) *Result {
	t.Helper()
	res, err := New(Options{}).Render([]byte(src), opts)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return res
}

func TestTOC(t *testing.T) {
	src := `Intro.

## Why it *matters*

### The ` + "`numbers`" + `

#### Fine print

##### Too deep

###### Deeper

## Why it matters

## Next **steps**
`
	res := render(t, src, RenderOptions{})
	want := []Heading{
		{Level: 2, ID: "why-it-matters", Title: "Why it matters"},
		{Level: 3, ID: "the-numbers", Title: "The numbers"},
		{Level: 4, ID: "fine-print", Title: "Fine print"},
		{Level: 2, ID: "why-it-matters-1", Title: "Why it matters"},
		{Level: 2, ID: "next-steps", Title: "Next steps"},
	}
	if !reflect.DeepEqual(res.TOC, want) {
		t.Errorf("TOC =\n%+v\nwant\n%+v", res.TOC, want)
	}
	for _, h := range want {
		if !strings.Contains(res.HTML, fmt.Sprintf(`<h%d id="%s">`, h.Level, h.ID)) {
			t.Errorf("HTML has no heading with id %q", h.ID)
		}
	}
}

func TestTOCEmpty(t *testing.T) {
	if res := render(t, "Text.\n\n##### Too deep\n", RenderOptions{}); len(res.TOC) != 0 {
		t.Errorf("TOC = %+v, want none", res.TOC)
	}
}

// A body with a level-1 heading has all its headings moved down a level,
// so that the page keeps one h1, its title.
func TestDemoteHeadings(t *testing.T) {
	res := render(t, "# What happened\n\nText.\n\n## Detail\n\n###### Deepest\n", RenderOptions{})
	for _, want := range []string{`<h2 id="what-happened">`, `<h3 id="detail">`, `<h6 id="deepest">`} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("HTML lacks %s:\n%s", want, res.HTML)
		}
	}
	if strings.Contains(res.HTML, "<h1") {
		t.Errorf("HTML keeps an h1:\n%s", res.HTML)
	}
	want := []Heading{{Level: 2, ID: "what-happened", Title: "What happened"}, {Level: 3, ID: "detail", Title: "Detail"}}
	if !reflect.DeepEqual(res.TOC, want) {
		t.Errorf("TOC = %+v, want %+v", res.TOC, want)
	}
	if res := render(t, "## Kept\n", RenderOptions{}); !strings.Contains(res.HTML, `<h2 id="kept">`) {
		t.Errorf("a body without h1 changed its headings: %s", res.HTML)
	}
}

// The Renderer is shared by every page of a site: heading IDs must start
// afresh on each call.
func TestHeadingIDsPerRender(t *testing.T) {
	r := New(Options{})
	for i := range 3 {
		res, err := r.Render([]byte("## Summary\n"), RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.TOC) != 1 || res.TOC[0].ID != "summary" {
			t.Fatalf("render %d: TOC = %+v, want id \"summary\"", i+1, res.TOC)
		}
	}
}

func TestPlainTextHasNoEntities(t *testing.T) {
	res := render(t, "- It's \"done\"\n\n\"Quoted\" lead -- here.\n\n## What's next\n", RenderOptions{TakeKeyPoints: true})
	if want := []string{"It’s “done”"}; !reflect.DeepEqual(res.KeyPoints, want) {
		t.Errorf("KeyPoints = %q, want %q", res.KeyPoints, want)
	}
	if want := "“Quoted” lead – here."; res.Lead != want {
		t.Errorf("Lead = %q, want %q", res.Lead, want)
	}
	if len(res.TOC) != 1 || res.TOC[0].Title != "What’s next" {
		t.Errorf("TOC = %+v, want title %q", res.TOC, "What’s next")
	}
}

func TestTakeKeyPoints(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		take       bool
		points     []string
		htmlHas    []string
		htmlLacks  []string
		lead       string
		wantWords  int
		checkWords bool
	}{
		{
			name:      "leading bullet list taken",
			src:       "- AWS cuts *hundreds* of jobs\n- Focus moves to [AI](https://example.org)\n-   \n\nThe rest of the brief.\n",
			take:      true,
			points:    []string{"AWS cuts hundreds of jobs", "Focus moves to AI"},
			htmlHas:   []string{"<p>The rest of the brief.</p>"},
			htmlLacks: []string{"<ul>", "<li>", "hundreds"},
			lead:      "The rest of the brief.", wantWords: 5, checkWords: true,
		},
		{
			name:    "star bullets, loose list",
			src:     "* One\n\n* Two\n\nBody.\n",
			take:    true,
			points:  []string{"One", "Two"},
			htmlHas: []string{"<p>Body.</p>"}, htmlLacks: []string{"<ul>"},
			lead: "Body.",
		},
		{
			name:    "ordered list left alone",
			src:     "1. First\n2. Second\n\nBody.\n",
			take:    true,
			htmlHas: []string{"<ol>", "<li>First</li>"},
			lead:    "Body.",
		},
		{
			name:    "list not first left alone",
			src:     "Intro.\n\n- One\n- Two\n",
			take:    true,
			htmlHas: []string{"<p>Intro.</p>", "<ul>", "<li>One</li>"},
			lead:    "Intro.",
		},
		{
			name:    "heading first",
			src:     "## Points\n\n- One\n",
			take:    true,
			htmlHas: []string{"<ul>"},
		},
		{
			name:    "not asked",
			src:     "- One\n- Two\n\nBody.\n",
			take:    false,
			htmlHas: []string{"<ul>", "<li>One</li>", "<p>Body.</p>"},
			lead:    "Body.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.src, RenderOptions{TakeKeyPoints: tt.take})
			if !reflect.DeepEqual(res.KeyPoints, tt.points) {
				t.Errorf("KeyPoints = %q, want %q", res.KeyPoints, tt.points)
			}
			for _, s := range tt.htmlHas {
				if !strings.Contains(res.HTML, s) {
					t.Errorf("HTML lacks %q:\n%s", s, res.HTML)
				}
			}
			for _, s := range tt.htmlLacks {
				if strings.Contains(res.HTML, s) {
					t.Errorf("HTML has %q:\n%s", s, res.HTML)
				}
			}
			if res.Lead != tt.lead {
				t.Errorf("Lead = %q, want %q", res.Lead, tt.lead)
			}
			if tt.checkWords && res.Words != tt.wantWords {
				t.Errorf("Words = %d, want %d (key points are not counted)", res.Words, tt.wantWords)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", 0},
		{"One two three.", 3},
		{"# Title\n\nOne, two; three!\n", 4},
		{"Word\n\n```go\nfunc main() { many words here }\n```\n\n    indented code too\n", 1},
		{"A well-known 2026 figure: 35 billion", 6},
		{"Zürich and São Paulo", 4},
		{"*Emphasis* and **strong** and [a link](https://example.org/long/path)", 6},
		{"- one\n- two\n\n> three four\n", 4},
		{"Line one\nline two", 4},
		{"It's Moody's call", 3},
		{"\"Quoted\" -- here", 2},
		{"before - after", 2},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			if got := render(t, tt.src, RenderOptions{}).Words; got != tt.want {
				t.Errorf("Words = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestLead(t *testing.T) {
	tests := []struct{ src, want string }{
		{"First paragraph.\n\nSecond.\n", "First paragraph."},
		{"# Title\n\n## Sub\n\nAfter *the* headings, with `code` and [a link](x).\n", "After the headings, with code and a link."},
		{"Line one\nline two.\n", "Line one line two."},
		{"> Quoted paragraph.\n\nReal lead.\n", "Real lead."},
		{"- item\n\nLead after list.\n", "Lead after list."},
		{"## Only a heading\n", ""},
	}
	for _, tt := range tests {
		if got := render(t, tt.src, RenderOptions{}).Lead; got != tt.want {
			t.Errorf("Lead of %q = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// recorder is a LinkResolver that records what it is asked and maps
// "NAME.md" to "/pages/NAME/", failing for names starting with "missing".
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) ResolveLink(dest string) (string, error) {
	r.mu.Lock()
	r.calls = append(r.calls, dest)
	r.mu.Unlock()
	if strings.HasPrefix(dest, "missing") {
		return "", fmt.Errorf("link %q: no such file", dest)
	}
	target, frag, _ := strings.Cut(dest, "#")
	if name, ok := strings.CutSuffix(target, ".md"); ok {
		if frag != "" {
			frag = "#" + frag
		}
		return "/pages/" + name + "/" + frag, nil
	}
	return dest, nil
}

func TestLinkResolverCalledForRelativeLinksOnly(t *testing.T) {
	src := `[abs](https://example.org/a.md) [mail](mailto:a@example.org) [root](/briefs/x/)
[frag](#section) [query](?page=2) [tel](tel:+100) [proto](//cdn.example.org/x.js)

[rel](other.md) [up](../up.md#part) ![chart](chart.png) [sub](sub/page.md)

[ref link][r]

[r]: ref.md
`
	rec := &recorder{}
	res := render(t, src, RenderOptions{Links: rec})
	want := []string{"other.md", "../up.md#part", "chart.png", "sub/page.md", "ref.md"}
	if !reflect.DeepEqual(rec.calls, want) {
		t.Errorf("ResolveLink called with %q, want %q", rec.calls, want)
	}
	for _, s := range []string{
		`<a href="/pages/other/">rel</a>`,
		`<a href="/pages/../up/#part">up</a>`,
		`<img src="chart.png" alt="chart">`,
		`<a href="/pages/sub/page/">sub</a>`,
		`<a href="/pages/ref/">ref link</a>`,
		`<a href="https://example.org/a.md">abs</a>`,
		`<a href="/briefs/x/">root</a>`,
		`<a href="#section">frag</a>`,
	} {
		if !strings.Contains(res.HTML, s) {
			t.Errorf("HTML lacks %q:\n%s", s, res.HTML)
		}
	}
}

func TestLinksLeftAloneWithoutResolver(t *testing.T) {
	res := render(t, "[rel](other.md)\n", RenderOptions{})
	if !strings.Contains(res.HTML, `<a href="other.md">rel</a>`) {
		t.Errorf("HTML = %s", res.HTML)
	}
}

func TestLinkErrors(t *testing.T) {
	src := "# Title\n\nSee [a](missing-a.md).\n\n- item\n- item with [b](missing-b.md#x)\n\n| h |\n|---|\n| [ok](fine.md) |\n\n## Heading [c](missing-c.md)\n"
	_, err := New(Options{}).Render([]byte(src), RenderOptions{Links: &recorder{}})
	var le *LinkError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T), want *LinkError", err, err)
	}
	lines, msgs := le.Lines()
	if want := []int{3, 6, 12}; !reflect.DeepEqual(lines, want) {
		t.Errorf("lines = %v, want %v", lines, want)
	}
	wantMsgs := []string{`link "missing-a.md": no such file`, `link "missing-b.md#x": no such file`, `link "missing-c.md": no such file`}
	if !reflect.DeepEqual(msgs, wantMsgs) {
		t.Errorf("messages = %q, want %q", msgs, wantMsgs)
	}
	if got, want := err.Error(), strings.Join(wantMsgs, "; "); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestLinkErrorLineInsideParagraph(t *testing.T) {
	src := "Intro.\n\nFirst line of a paragraph\nsecond line\nthird line with [x](missing.md).\n"
	_, err := New(Options{}).Render([]byte(src), RenderOptions{Links: &recorder{}})
	var le *LinkError
	if !errors.As(err, &le) {
		t.Fatalf("error %v, want *LinkError", err)
	}
	if lines, _ := le.Lines(); !reflect.DeepEqual(lines, []int{5}) {
		t.Errorf("lines = %v, want [5]", lines)
	}
}

func TestHighlightCSS(t *testing.T) {
	css, err := HighlightCSS()
	if err != nil {
		t.Fatal(err)
	}
	light, dark, ok := strings.Cut(css, "@media (prefers-color-scheme:dark){")
	if !ok {
		t.Fatalf("no dark-mode media query in:\n%s", css)
	}
	for name, part := range map[string]string{"light": light, "dark": dark} {
		for _, sel := range []string{".chroma .k", ".chroma .s", ".chroma .nf"} {
			if rule(part, sel) == "" {
				t.Errorf("%s part has no rule for %q", name, sel)
			}
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(css), "}") || strings.Count(css, "{") != strings.Count(css, "}") {
		t.Error("unbalanced braces")
	}
	// The two styles must differ, or the media query does nothing.
	if rule(light, ".chroma .k") == rule(dark, ".chroma .k") {
		t.Errorf("keyword colour is the same in light and dark: %q", rule(light, ".chroma .k"))
	}
}

func TestHighlightCSSHasNoBackground(t *testing.T) {
	css, err := HighlightCSS()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(css, "\n") {
		if strings.Contains(rule(line, ".chroma"), "background") {
			t.Errorf("code block background is set: %s", line)
		}
	}
}

// rule returns the declarations of the first rule for selector in css
// (minified: a selector ends at "," or "{").
func rule(css, selector string) string {
	m := regexp.MustCompile(regexp.QuoteMeta(selector) + `[,{][^{]*\{([^}]*)\}`).FindStringSubmatch(css)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestRenderConcurrently(t *testing.T) {
	r := New(Options{})
	src := []byte("- point\n\n## Head\n\nText with [a](page.md) and `code`.\n\n```go\nx := 1\n```\n")
	want, err := r.Render(src, RenderOptions{Links: &recorder{}, TakeKeyPoints: true})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			got, err := r.Render(src, RenderOptions{Links: &recorder{}, TakeKeyPoints: true})
			if err != nil {
				errs <- err
				return
			}
			if !reflect.DeepEqual(got, want) {
				errs <- fmt.Errorf("concurrent render differs:\n%+v\nwant\n%+v", got, want)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestIsRelative(t *testing.T) {
	tests := map[string]bool{
		"other.md": true, "../x.md": true, "a/b.md#c": true, "img.png": true, "x.md?y=1": true,
		"a:b/c": false, "path/with:colon": true,
		"": false, "/root/": false, "#frag": false, "?q": false,
		"https://example.org": false, "mailto:a@b": false, "javascript:x": false, "//host/x": false,
	}
	for in, want := range tests {
		if got := IsRelative(in); got != want {
			t.Errorf("IsRelative(%q) = %v, want %v", in, got, want)
		}
	}
}

func ExampleRenderer_Render() {
	r := New(Options{})
	res, err := r.Render([]byte("- Chips are scarce\n- Prices rise\n\n## Why\n\nDemand for AI servers.\n"), RenderOptions{TakeKeyPoints: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.KeyPoints)
	fmt.Println(res.TOC)
	fmt.Println(res.Words)
	fmt.Print(res.HTML)
	// Output:
	// [Chips are scarce Prices rise]
	// [{2 why Why}]
	// 5
	// <h2 id="why"><a href="#why" class="anchor">Why</a></h2>
	// <p>Demand for AI servers.</p>
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"it's a well-known fact — 42 times", 6},
		{"- -- ' ’", 0},
		{"café naïve, 日本 語.", 4},
		{"end-of-line\nnext", 2},
		{"trailing word", 2},
	}
	for _, tt := range tests {
		if got := countWords([]byte(tt.text)); got != tt.want {
			t.Errorf("countWords(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

// TestLeadUnescaped checks that the plain text of a paragraph (a page's
// summary when it has none) reads as the page shows it: backslash escapes
// and character references resolved, code left as written.
func TestLeadUnescaped(t *testing.T) {
	res := render(t, "A \\[bracket\\], \\*stars\\* &amp; &#233;t&eacute; `a\\*b`.\n", RenderOptions{})
	if want := "A [bracket], *stars* & été a\\*b."; res.Lead != want {
		t.Errorf("Lead = %q, want %q", res.Lead, want)
	}
}
