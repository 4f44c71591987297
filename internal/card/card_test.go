package card

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dump names a folder to write the test cards into, to look at them.
var dump = flag.String("dump", "", "write the cards the tests draw into this folder")

// exampleLogo is the example site's logo.
func exampleLogo(t testing.TB) image.Image {
	t.Helper()
	data, err := os.ReadFile("../../static/images/logo.svg")
	if err != nil {
		t.Fatal(err)
	}
	img, err := DecodeImage("logo.svg", data)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

var longHeadline = strings.Repeat("Chipmakers race to add capacity as demand for AI accelerators keeps rising; ", 4)[:300]

// TestDrawKeepsTextInItsBox draws cards of headlines of every kind at
// every size, decodes them back from PNG, and checks their size, that
// every pixel that is not background lies in one of the boxes Draw gives
// (all inside the margins, but for the accent band), that the headline's
// colour appears only in the headline's and site name's boxes, and that
// every character of every line drawn has a glyph in the font.
func TestDrawKeepsTextInItsBox(t *testing.T) {
	logo := exampleLogo(t)
	cases := []struct {
		name, headline string
		companies      []string
		wantDropped    []string
		wantEllipsis   bool
	}{
		{"ascii", "AWS cuts hundreds of jobs in a reorganisation around AI", []string{"Amazon Web Services", "Amazon"}, nil, false},
		{"accented", "Überraschung bei Nestlé: Zürich", []string{"Nestlé"}, nil, false},
		{"cjk", "台積電擴大2奈米產能", []string{"TSMC", "台積電"}, []string{"headline", "company 台積電"}, false},
		{"long", longHeadline, []string{"Nvidia", "TSMC", "Samsung Electronics", "Intel", "Microsoft", "Alphabet", "Meta"}, nil, true},
		{"one long word", strings.Repeat("Supercalifragilistic", 12), nil, nil, false},
		{"site card", "", nil, nil, false},
	}
	bold, _ := fonts()
	probe := face(bold, 40)
	for _, tc := range cases {
		for _, size := range Sizes {
			c := &Card{Headline: tc.headline, Date: "6 December 2026", Companies: tc.companies, SiteName: "Tech Briefs",
				Description: "Short, skimmable briefs on the events shaping the tech industry.", Logo: logo, LogoID: "x", Colors: DefaultColors}
			img, lay := Draw(c, size)
			var buf bytes.Buffer
			if err := Encode(&buf, img); err != nil {
				t.Fatal(err)
			}
			if *dump != "" {
				os.WriteFile(filepath.Join(*dump, strings.ReplaceAll(tc.name, " ", "-")+"-"+itoa(size.Height)+".png"), buf.Bytes(), 0o644)
			}
			dec, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if b := dec.Bounds(); b.Dx() != size.Width || b.Dy() != size.Height {
				t.Fatalf("%s: decoded %v, want %dx%d", tc.name, b, size.Width, size.Height)
			}
			inner := image.Rect(Margin, Margin, size.Width-Margin, size.Height-Margin)
			for _, box := range []image.Rectangle{lay.Logo, lay.Site, lay.Headline, lay.Meta} {
				if !box.Empty() && !box.In(inner) {
					t.Errorf("%s %v: box %v is not inside the margins %v", tc.name, size, box, inner)
				}
			}
			bg := color.RGBAModel.Convert(DefaultColors.Background)
			text := color.RGBAModel.Convert(DefaultColors.Text)
			var outside, strayText, headlineInk int
			for y := 0; y < size.Height; y++ {
				for x := 0; x < size.Width; x++ {
					p := image.Pt(x, y)
					c := color.RGBAModel.Convert(dec.At(x, y))
					if c == bg {
						continue
					}
					if !p.In(lay.Band) && !p.In(lay.Logo) && !p.In(lay.Site) && !p.In(lay.Headline) && !p.In(lay.Meta) && !p.In(lay.Rule) {
						outside++
					}
					if c == text {
						switch {
						case p.In(lay.Headline):
							headlineInk++
						case p.In(lay.Site):
						default:
							strayText++
						}
					}
				}
			}
			if outside > 0 || strayText > 0 {
				t.Errorf("%s %v: %d pixels drawn outside every box, %d in the text colour outside the headline and site name", tc.name, size, outside, strayText)
			}
			if tc.headline != "" && len(tc.wantDropped) == 0 && headlineInk == 0 {
				t.Errorf("%s %v: no headline drawn", tc.name, size)
			}
			if tc.headline != "" && len(tc.wantDropped) > 0 && (headlineInk != 0 || len(lay.Lines) != 0) {
				t.Errorf("%s %v: a headline the font cannot draw was drawn: %q", tc.name, size, lay.Lines)
			}
			if strings.Join(lay.Dropped, "|") != strings.Join(tc.wantDropped, "|") {
				t.Errorf("%s %v: dropped %q, want %q", tc.name, size, lay.Dropped, tc.wantDropped)
			}
			for _, l := range lay.Lines {
				if !drawable(probe, l) {
					t.Errorf("%s %v: line %q has characters the font lacks", tc.name, size, l)
				}
			}
			ellipsis := len(lay.Lines) > 0 && strings.HasSuffix(lay.Lines[len(lay.Lines)-1], "…")
			if tc.wantEllipsis && size == Wide && !ellipsis {
				t.Errorf("%s %v: the last line does not end with an ellipsis (lines %q)", tc.name, size, lay.Lines)
			}
			// The lines hold the headline, or the start of it and an ellipsis.
			drawn := strings.ReplaceAll(strings.TrimSuffix(strings.Join(lay.Lines, ""), "…"), " ", "")
			whole := strings.ReplaceAll(tc.headline, " ", "")
			if len(lay.Lines) > 0 && !(drawn == whole || ellipsis && strings.HasPrefix(whole, drawn)) {
				t.Errorf("%s %v: lines %q are not the headline", tc.name, size, lay.Lines)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
