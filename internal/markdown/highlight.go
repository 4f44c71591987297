// Highlighting: fenced code is coloured by chroma through
// goldmark-highlighting (see New) as CSS classes, styled by HighlightCSS.

package markdown

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// HighlightCSSPath is where the style sheet HighlightCSS returns is
// written, in the output.
const HighlightCSSPath = "css/syntax.css"

// HighlightCSS returns the style sheet for highlighted code, minified: a
// light style, and a dark one for readers who prefer it. Code blocks keep
// the theme's own background. It is made once, on first use.
var HighlightCSS = sync.OnceValues(highlightCSS)

// HighlightClasses returns the class of every kind of token chroma marks
// in highlighted code ("k" for a keyword, "p" for punctuation), sorted:
// each has a colour in both schemes of HighlightCSS.
func HighlightClasses() []string {
	var classes []string
	for _, tt := range tokenTypes() {
		classes = append(classes, chroma.StandardTypes[tt])
	}
	slices.Sort(classes)
	return classes
}

// tokenTypes are the types of tokens chroma writes as a span with a class,
// in the order of their values: not the wrappers of blocks and lines.
func tokenTypes() []chroma.TokenType {
	var types []chroma.TokenType
	for _, tt := range slices.Sorted(maps.Keys(chroma.StandardTypes)) {
		if chroma.StandardTypes[tt] != "" && (tt >= 0 || tt == chroma.Error || tt == chroma.Other) {
			types = append(types, tt)
		}
	}
	return types
}

// structureCSS styles the wrappers chroma writes around code: lines,
// line numbers (in the theme's muted colour) and highlighted lines.
const structureCSS = `.chroma{-webkit-text-size-adjust:none}` +
	`.chroma .line{display:flex}` +
	`.chroma .lntable,.chroma .lntd{border-spacing:0;padding:0;margin:0;border:0;vertical-align:top}` +
	`.chroma .ln,.chroma .lnt{white-space:pre;-webkit-user-select:none;user-select:none;margin-right:.4em;padding:0 .4em;color:var(--muted)}` +
	`.chroma .lnlinks{outline:none;text-decoration:none;color:inherit}` +
	`.chroma .hl{background-color:var(--accent-bg)}`

// highlightCSS makes the style sheet HighlightCSS returns: every token
// class with the colour chroma's github style gives it (inherited from its
// category when the style names none), and, for a dark colour scheme,
// github-dark's, which also undoes what the light style set and the dark
// one does not (a background, bold), so that no light colour shows on the
// dark background. Classes with the same declarations share a rule.
func highlightCSS() (string, error) {
	light, dark := styles.Get("github"), styles.Get("github-dark")
	if light == styles.Fallback || dark == styles.Fallback {
		return "", fmt.Errorf("chroma lacks the github and github-dark styles")
	}
	var b strings.Builder
	b.WriteString("/* Code highlighting, from chroma's github and github-dark styles. */\n")
	b.WriteString(structureCSS)
	lightRules := tokenRules(light, lightCodeBackground, nil)
	writeRules(&b, light, lightCodeBackground, lightRules)
	b.WriteString("\n@media (prefers-color-scheme:dark){")
	writeRules(&b, dark, darkCodeBackground, tokenRules(dark, darkCodeBackground, lightRules))
	b.WriteString("}\n")
	return b.String(), nil
}

// Code backgrounds: the colour the theme gives code blocks (gen.css's
// --box) in each scheme. Token colours are made readable on them, at
// least minContrast to 1 (WCAG AA for text); the theme's tests check the
// contrast in the style sheets as shipped.
var (
	lightCodeBackground = chroma.MustParseColour("#f6f8fa")
	darkCodeBackground  = chroma.MustParseColour("#181c20")
)

// minContrast is the least contrast ratio of a token's colour to its
// background, with a little margin over WCAG's 4.5.
const minContrast = 4.6

// tokenRules returns the declarations of each token class in style, by
// class: those that differ from the style's default text, and, where
// under (the rules of the other scheme, or nil) sets a class, all that
// undoes them. Colours are made to contrast with bg, or with the token's
// own background.
func tokenRules(style *chroma.Style, bg chroma.Colour, under map[string]string) map[string]string {
	base := style.Get(chroma.Background)
	rules := map[string]string{}
	for _, tt := range tokenTypes() {
		e := style.Get(tt)
		if tt == chroma.Whitespace {
			e = base // spaces, whose colour is never seen
		}
		class := chroma.StandardTypes[tt]
		var d []string
		_, reset := under[class]
		ownBG := e.Background.IsSet() && e.Background != base.Background
		if e.Colour != base.Colour || reset || ownBG {
			colour := cmp.Or(e.Colour, base.Colour)
			switch {
			case ownBG:
				colour = readable(colour, e.Background)
			case colour.IsSet():
				colour = readable(colour, bg)
			}
			if colour.IsSet() {
				d = append(d, "color:"+colour.String())
			} else {
				d = append(d, "color:inherit")
			}
		}
		if ownBG {
			d = append(d, "background-color:"+e.Background.String())
		} else if reset && strings.Contains(under[class], "background-color:") {
			d = append(d, "background-color:transparent")
		}
		d = append(d, attr(e.Bold, reset && strings.Contains(under[class], "font-weight:bold"), "font-weight:bold", "font-weight:normal")...)
		d = append(d, attr(e.Italic, reset && strings.Contains(under[class], "font-style:italic"), "font-style:italic", "font-style:normal")...)
		d = append(d, attr(e.Underline, reset && strings.Contains(under[class], "text-decoration:underline"), "text-decoration:underline", "text-decoration:none")...)
		if len(d) > 0 {
			rules[class] = strings.Join(d, ";")
		}
	}
	return rules
}

// readable returns c, or c made darker (on a light background) or lighter
// (on a dark one) in small steps until it contrasts with bg by at least
// minContrast.
func readable(c, bg chroma.Colour) chroma.Colour {
	dark := luminance(bg) < 0.18
	for range 100 {
		if contrast(c, bg) >= minContrast {
			return c
		}
		r, g, b := int(c.Red()), int(c.Green()), int(c.Blue())
		step := func(v int) int {
			if dark {
				return v + (255-v)/8 + 1
			}
			return v - v/8 - 1
		}
		c = chroma.NewColour(uint8(max(0, min(255, step(r)))), uint8(max(0, min(255, step(g)))), uint8(max(0, min(255, step(b)))))
	}
	return c
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b chroma.Colour) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is a colour's WCAG relative luminance.
func luminance(c chroma.Colour) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.Red()) + 0.7152*lin(c.Green()) + 0.0722*lin(c.Blue())
}

// attr is the declaration of a style's attribute: on when it is set, off
// when it is not and the other scheme set it (undo), else none.
func attr(t chroma.Trilean, undo bool, on, off string) []string {
	switch {
	case t == chroma.Yes:
		return []string{on}
	case undo:
		return []string{off}
	}
	return nil
}

// writeRules writes the default text colour of style's code, then rules,
// one rule for the classes of each set of declarations, in the order of
// their first class.
func writeRules(b *strings.Builder, style *chroma.Style, bg chroma.Colour, rules map[string]string) {
	if c := style.Get(chroma.Background).Colour; c.IsSet() {
		fmt.Fprintf(b, ".chroma{color:%s}", readable(c, bg))
	}
	byDecl := map[string][]string{}
	for class, d := range rules {
		byDecl[d] = append(byDecl[d], class)
	}
	decls := slices.Collect(maps.Keys(byDecl))
	for _, d := range decls {
		slices.Sort(byDecl[d])
	}
	slices.SortFunc(decls, func(a, b string) int { return cmp.Compare(byDecl[a][0], byDecl[b][0]) })
	for _, d := range decls {
		for i, class := range byDecl[d] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(".chroma ." + class)
		}
		b.WriteString("{" + d + "}")
	}
}
