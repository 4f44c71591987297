package theme

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/markdown"
)

// prose is a Markdown body with every construct whose HTML carries a
// class: headings (their anchor links), a footnote, a task list, a table
// and highlighted code.
const prose = "## A heading\n\nText with a note.[^1]\n\n- [x] done\n- [ ] to do\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nfunc f() {}\n```\n\n[^1]: The note.\n"

var (
	classAttr   = regexp.MustCompile(`class="([^"]*)"`)
	templateTag = regexp.MustCompile(`\{\{.*?\}\}`)
	// The ways the theme's scripts give an element a class: search.js's
	// element(tag, text, cls), className and classList.
	scriptClass = regexp.MustCompile(`element\("[a-z0-9]+", [^,()]*, "([^"]+)"\)|className = "([^"]+)"|classList\.(?:add|toggle)\("([^"]+)"`)
	cssComment  = regexp.MustCompile(`(?s)/\*.*?\*/`)
	classSel    = regexp.MustCompile(`\.([A-Za-z_][\w-]*)`)
)

// producedClasses returns the classes that the theme's layouts and
// scripts, and the Markdown renderer, can put on an element.
func producedClasses(t *testing.T) map[string]string {
	t.Helper()
	classes := map[string]string{}
	add := func(list, from string) {
		for _, c := range strings.Fields(list) {
			if _, ok := classes[c]; !ok {
				classes[c] = from
			}
		}
	}
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".html"):
			for _, m := range classAttr.FindAllStringSubmatch(string(b), -1) {
				add(templateTag.ReplaceAllString(m[1], " "), path)
			}
		case strings.HasSuffix(path, ".js"):
			for _, m := range scriptClass.FindAllStringSubmatch(string(b), -1) {
				add(m[1]+" "+m[2]+" "+m[3], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := markdown.New(markdown.Options{}).Render([]byte(prose), markdown.RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range classAttr.FindAllStringSubmatch(res.HTML, -1) {
		add(m[1], "Markdown")
	}
	return classes
}

// selectors returns the selector lists of a style sheet's rules, leaving
// out at-rule preludes such as @media.
func selectors(css string) []string {
	css = cssComment.ReplaceAllString(css, "")
	var out []string
	start := 0
	for i, r := range css {
		switch r {
		case '{':
			if s := strings.TrimSpace(css[start:i]); !strings.HasPrefix(s, "@") {
				out = append(out, s)
			}
			start = i + 1
		case '}', ';':
			start = i + 1
		}
	}
	return out
}

// TestStyleSheetHasNoDeadRules checks that every class a selector of
// gen.css names is one a layout, a script or the Markdown renderer
// produces, so that no rule of the style sheet matches nothing (as
// ".search-results mark" did: search-results is an id).
func TestStyleSheetHasNoDeadRules(t *testing.T) {
	produced := producedClasses(t)
	for _, want := range []string{"brief-card", "points", "anchor", "footnotes", "active", "sort-arrow"} {
		if _, ok := produced[want]; !ok {
			t.Errorf("the test finds no element with class %q: it no longer sees what the theme produces", want)
		}
	}
	css, err := fs.ReadFile(FS, "static/css/gen.css")
	if err != nil {
		t.Fatal(err)
	}
	var dead []string
	for _, sel := range selectors(string(css)) {
		for _, m := range classSel.FindAllStringSubmatch(sel, -1) {
			if _, ok := produced[m[1]]; !ok && !slices.Contains(dead, m[1]) {
				dead = append(dead, m[1])
				t.Errorf("gen.css: %s: no layout, script or Markdown output has class %q", sel, m[1])
			}
		}
	}
}

// TestOneStyleSheet checks that the theme ships one hand-written style
// sheet, css/gen.css (the code colours, css/syntax.css, are generated).
func TestOneStyleSheet(t *testing.T) {
	sheets, err := fs.Glob(FS, "static/*/*.css")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sheets, []string{"static/css/gen.css"}) {
		t.Errorf("style sheets = %q, want only static/css/gen.css", sheets)
	}
}

// TestScriptsOneDialect checks that the theme's scripts are written alike:
// classic scripts (they must run from disk, where modules cannot load)
// with var and function expressions, no let, const, arrow functions,
// classes or template literals.
func TestScriptsOneDialect(t *testing.T) {
	modern := regexp.MustCompile("\\b(let|const|class|import|export)\\s|=>|`")
	scripts, err := fs.Glob(FS, "static/js/*.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no scripts found")
	}
	for _, path := range scripts {
		b, err := fs.ReadFile(FS, path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if m := modern.FindString(line); m != "" {
				t.Errorf("%s:%d: %q: the theme's scripts use var and function, as search.js does", path, i+1, strings.TrimSpace(m))
			}
		}
	}
}

// TestSortArrowsHidden checks that the arrows of the sortable terms table
// are hidden from screen readers, which read the order from aria-sort.
func TestSortArrowsHidden(t *testing.T) {
	b, err := fs.ReadFile(FS, "layouts/taxonomy.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	buttons := regexp.MustCompile(`(?s)<button type="button" data-sort="[a-z]+">.*?</button>`).FindAllString(page, -1)
	if len(buttons) != 3 {
		t.Fatalf("found %d sort buttons, want 3", len(buttons))
	}
	for _, button := range buttons {
		if !strings.Contains(button, `<span class="sort-arrow" aria-hidden="true"></span>`) {
			t.Errorf("%s: no arrow hidden from screen readers", button)
		}
	}
	if !strings.Contains(page, `<th scope="col" aria-sort="ascending">`) {
		t.Error("the name column does not say, with aria-sort, that the table starts sorted by it")
	}
	css, err := fs.ReadFile(FS, "static/css/gen.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, sel := range selectors(string(css)) {
		if strings.Contains(sel, "::after") || strings.Contains(sel, "::before") {
			if strings.Contains(sel, "aria-sort") && !strings.Contains(sel, ".sort-arrow") {
				t.Errorf("gen.css: %s: an arrow outside the aria-hidden .sort-arrow is read out", sel)
			}
		}
	}
}
