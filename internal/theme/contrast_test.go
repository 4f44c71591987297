package theme

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/markdown"
)

// cssRule is one rule of a style sheet: its selectors, its declarations
// in order, and the media query it is under ("" for none).
type cssRule struct {
	selectors []string
	decls     [][2]string
	media     string
}

var sheetComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// parseCSS reads the rules of a style sheet, with the media query each is
// under (one level of @media, as the theme's sheets have).
func parseCSS(t *testing.T, css string) []cssRule {
	t.Helper()
	css = sheetComment.ReplaceAllString(css, "")
	var rules []cssRule
	var parse func(s, media string)
	parse = func(s, media string) {
		for {
			open := strings.IndexByte(s, '{')
			if open < 0 {
				if strings.TrimSpace(s) != "" {
					t.Fatalf("CSS left unparsed: %q", s)
				}
				return
			}
			head := strings.TrimSpace(s[:open])
			if strings.HasPrefix(head, "@media") {
				// The block runs to its matching brace.
				depth, end := 0, -1
				for i := open; i < len(s); i++ {
					switch s[i] {
					case '{':
						depth++
					case '}':
						depth--
					}
					if depth == 0 {
						end = i
						break
					}
				}
				if end < 0 {
					t.Fatalf("unclosed %s", head)
				}
				parse(s[open+1:end], strings.Join(strings.Fields(strings.TrimPrefix(head, "@media")), " "))
				s = s[end+1:]
				continue
			}
			close := strings.IndexByte(s[open:], '}')
			if close < 0 {
				t.Fatalf("unclosed rule %s", head)
			}
			r := cssRule{media: media}
			for _, sel := range strings.Split(head, ",") {
				r.selectors = append(r.selectors, strings.Join(strings.Fields(sel), " "))
			}
			for _, d := range strings.Split(s[open+1:open+close], ";") {
				if name, value, ok := strings.Cut(d, ":"); ok {
					r.decls = append(r.decls, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
				}
			}
			rules = append(rules, r)
			s = s[open+close+1:]
		}
	}
	parse(css, "")
	return rules
}

// scheme is the media query of the dark colour scheme, as the sheets
// write it; the light scheme applies the rules under no query.
func applies(r cssRule, dark bool) bool {
	m := strings.ReplaceAll(r.media, " ", "")
	return m == "" || dark && m == "(prefers-color-scheme:dark)"
}

// lookup returns the last value of property in the rules, in the scheme,
// of a rule with selector, or "".
func lookup(rules []cssRule, dark bool, selector, property string) string {
	value := ""
	for _, r := range rules {
		if !applies(r, dark) {
			continue
		}
		for _, s := range r.selectors {
			if s != selector {
				continue
			}
			for _, d := range r.decls {
				if d[0] == property || property == "background-color" && d[0] == "background" {
					value = d[1]
				}
			}
		}
	}
	return value
}

var cssVar = regexp.MustCompile(`^var\((--[\w-]+)\)$`)

// resolve replaces a var(--x) by the custom property's value on :root.
func resolve(rules []cssRule, dark bool, value string) string {
	for range 5 {
		m := cssVar.FindStringSubmatch(value)
		if m == nil {
			break
		}
		value = lookup(rules, dark, ":root", m[1])
	}
	return value
}

// rgb parses a #rgb or #rrggbb colour.
func rgb(t *testing.T, s string) [3]float64 {
	t.Helper()
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	n, err := strconv.ParseUint(s, 16, 32)
	if len(s) != 6 || err != nil {
		t.Fatalf("colour %q is not #rrggbb", s)
	}
	return [3]float64{float64(n >> 16 & 255), float64(n >> 8 & 255), float64(n & 255)}
}

// contrastRatio is WCAG 2's contrast ratio of two colours.
func contrastRatio(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.04045 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestCodeContrast parses the style sheets a page with code loads, the
// theme's gen.css and the generated css/syntax.css (markdown.HighlightCSS,
// written as it is), and checks, in the light and the dark colour scheme,
// that every kind of token chroma marks has a colour with a contrast of
// at least 4.5:1 (WCAG AA) against the background it is shown on: its own
// background colour if it has one, else the code block's. A token with no
// colour of its own inherits the code's (.chroma), else the page's text
// colour.
func TestCodeContrast(t *testing.T) {
	theme, err := fs.ReadFile(FS, "static/css/gen.css")
	if err != nil {
		t.Fatal(err)
	}
	syntax, err := markdown.HighlightCSS()
	if err != nil {
		t.Fatal(err)
	}
	// In the order the pages load them.
	rules := append(parseCSS(t, string(theme)), parseCSS(t, syntax)...)
	classes := markdown.HighlightClasses()
	for _, want := range []string{"p", "nx", "k", "s", "c", "err", "w"} {
		if !strings.Contains(" "+strings.Join(classes, " ")+" ", " "+want+" ") {
			t.Fatalf("HighlightClasses lacks %q: %q", want, classes)
		}
	}
	for _, dark := range []bool{false, true} {
		name := map[bool]string{false: "light", true: "dark"}[dark]
		codeBG := resolve(rules, dark, lookup(rules, dark, ".prose pre", "background-color"))
		text := resolve(rules, dark, lookup(rules, dark, "body", "color"))
		if codeBG == "" || text == "" {
			t.Fatalf("%s: no background for .prose pre (%q) or colour for body (%q) in gen.css", name, codeBG, text)
		}
		if code := lookup(rules, dark, ".chroma", "color"); code != "" {
			text = resolve(rules, dark, code)
		}
		checked := 0
		for _, class := range classes {
			sel := ".chroma ." + class
			fg := resolve(rules, dark, lookup(rules, dark, sel, "color"))
			if fg == "" || fg == "inherit" {
				fg = text
			}
			bg := resolve(rules, dark, lookup(rules, dark, sel, "background-color"))
			if bg == "" || bg == "transparent" {
				bg = codeBG
			}
			if r := contrastRatio(rgb(t, fg), rgb(t, bg)); r < 4.5 {
				t.Errorf("%s scheme: %s is %s on %s: contrast %.2f:1, want at least 4.5:1", name, sel, fg, bg, r)
			}
			checked++
		}
		t.Logf("%s: %d token classes on %s", name, checked, codeBG)
	}
}
