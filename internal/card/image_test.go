package card

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/theme"
)

func TestParseFocus(t *testing.T) {
	cases := []struct {
		in   string
		want Focus
		ok   bool
	}{
		{"", Center, true}, {"center", Center, true}, {"Centre", Center, true},
		{"top", Focus{0.5, 0}, true}, {"bottom", Focus{0.5, 1}, true}, {"left", Focus{0, 0.5}, true}, {"right", Focus{1, 0.5}, true},
		{"0.3,0.6", Focus{0.3, 0.6}, true}, {" 1, 0 ", Focus{1, 0}, true},
		{"1.5,0.2", Center, false}, {"0.2", Center, false}, {"middle", Center, false}, {"NaN,0.5", Center, false}, {"-0.1,0.5", Center, false},
	}
	for _, tc := range cases {
		got, err := ParseFocus(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseFocus(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "X,Y") {
			t.Errorf("ParseFocus(%q): the error %q does not say what to write", tc.in, err)
		}
	}
}

// TestCropKeepsTheFocus crops sources with a red region near one edge,
// encodes and decodes the crops, and checks their size and whether they
// show the red region: only a focus near it keeps it in view.
func TestCropKeepsTheFocus(t *testing.T) {
	red := color.RGBA{0xe0, 0x10, 0x10, 0xff}
	source := func(w, h int, region image.Rectangle) image.Image {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				c := color.RGBA{0x20, 0x80, 0x20, 0xff}
				if image.Pt(x, y).In(region) {
					c = red
				}
				img.SetRGBA(x, y, c)
			}
		}
		return img
	}
	tall := source(500, 1500, image.Rect(150, 1300, 350, 1400)) // red near the bottom
	wide := source(1500, 400, image.Rect(50, 150, 200, 250))    // red near the left
	small := source(600, 400, image.Rect(0, 0, 100, 30))        // red at the top left, smaller than a card
	cases := []struct {
		src     image.Image
		focus   string
		size    Size
		wantRed bool
	}{
		{tall, "center", Wide, false},
		{tall, "bottom", Wide, true},
		{tall, "0.5,0.9", Wide, true},
		{tall, "top", Square, false},
		{tall, "bottom", Widescreen, true},
		{wide, "center", Square, false},
		{wide, "left", Square, true},
		{wide, "0.05,0.5", Widescreen, true},
		{wide, "right", Wide, false},
		{small, "center", Wide, false},
		{small, "0,0", Wide, true},
	}
	for _, tc := range cases {
		f, err := ParseFocus(tc.focus)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Encode(&buf, Crop(tc.src, f, tc.size)); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%v crop %v at %s", tc.src.Bounds().Size(), tc.size, tc.focus)
		if b := img.Bounds(); b.Dx() != tc.size.Width || b.Dy() != tc.size.Height {
			t.Errorf("%s: %v", name, b)
			continue
		}
		reds := 0
		for y := 0; y < tc.size.Height; y++ {
			for x := 0; x < tc.size.Width; x++ {
				r, g, _, _ := img.At(x, y).RGBA()
				if r>>8 > 0xc0 && g>>8 < 0x40 {
					reds++
				}
			}
		}
		// The red region is at least 1/100 of the crop when it is in it.
		if got := reds > tc.size.Width*tc.size.Height/100; got != tc.wantRed {
			t.Errorf("%s: %d red pixels; want the red region: %v", name, reds, tc.wantRed)
		}
	}
}

// TestIcons decodes the icons made from the example site's SVG logo, and
// from no logo, and reads favicon.ico back.
func TestIcons(t *testing.T) {
	logo := exampleLogo(t)
	white := DefaultColors.Background
	for _, tc := range []struct {
		img  *image.RGBA
		size int
	}{{Icon(logo, IconSize, nil), IconSize}, {Icon(logo, TouchIconSize, &white), TouchIconSize}, {InitialIcon("Tech Briefs", TouchIconSize, DefaultColors), TouchIconSize}} {
		var buf bytes.Buffer
		if err := Encode(&buf, tc.img); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != tc.size || b.Dy() != tc.size {
			t.Errorf("icon of %v, want %d px", b, tc.size)
		}
		if tc.size == IconSize {
			ico := ICO(data, IconSize)
			var head struct {
				Reserved, Type, Count uint16
				W, H, Colors, Res     uint8
				Planes, Bits          uint16
				Size, Offset          uint32
			}
			if err := binary.Read(bytes.NewReader(ico), binary.LittleEndian, &head); err != nil {
				t.Fatal(err)
			}
			if head.Type != 1 || head.Count != 1 || head.W != IconSize || head.H != IconSize || int(head.Size) != len(data) || int(head.Offset)+len(data) != len(ico) {
				t.Errorf("favicon.ico header %+v", head)
			}
			inner, err := png.Decode(bytes.NewReader(ico[head.Offset:]))
			if err != nil || inner.Bounds().Dx() != IconSize {
				t.Errorf("favicon.ico's image: %v, %v", inner, err)
			}
		}
	}
	// The logo is drawn as it is: its dark blue rounded square (corners
	// transparent), its light bar and its red dot.
	big := Icon(logo, 640, nil)
	for _, p := range []struct {
		x, y int
		want color.RGBA
	}{
		{320, 600, color.RGBA{0x1d, 0x35, 0x57, 0xff}},
		{25, 25, color.RGBA{}}, // outside the rounded corner
		{300, 190, color.RGBA{0xf1, 0xfa, 0xee, 0xff}},
		{470, 440, color.RGBA{0xe6, 0x39, 0x46, 0xff}},
	} {
		if got := big.RGBAAt(p.x, p.y); got != p.want {
			t.Errorf("logo at (%d,%d) = %v, want %v", p.x, p.y, got, p.want)
		}
	}
}

// TestThemeColors checks DefaultColors against the default theme's
// stylesheet, so that a card keeps the site's colours.
func TestThemeColors(t *testing.T) {
	css, err := fs.ReadFile(theme.FS, "static/css/gen.css")
	if err != nil {
		t.Fatal(err)
	}
	root := string(css[:strings.Index(string(css), "@media")])
	for name, want := range map[string]color.RGBA{"bg": DefaultColors.Background, "fg": DefaultColors.Text, "muted": DefaultColors.Muted, "accent": DefaultColors.Accent, "line": DefaultColors.Line} {
		m := regexp.MustCompile(`--` + name + `:\s*#([0-9a-f]{6})`).FindStringSubmatch(root)
		if m == nil {
			t.Errorf("--%s is not in gen.css", name)
			continue
		}
		if got := fmt.Sprintf("%02x%02x%02x", want.R, want.G, want.B); got != m[1] {
			t.Errorf("--%s is #%s in gen.css, #%s on cards", name, m[1], got)
		}
	}
}

func TestDeterministic(t *testing.T) {
	c := &Card{Headline: "Überraschung bei Nestlé: Zürich", Date: "1 May 2026", Companies: []string{"Nestlé"}, SiteName: "Tech Briefs", Logo: exampleLogo(t), Colors: DefaultColors}
	a, err := PNG(c, Wide)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PNG(c, Wide)
	if !bytes.Equal(a, b) {
		t.Error("the same card gave different bytes")
	}
	c2 := *c
	c2.Headline += "!"
	if c.Key(Wide) == c2.Key(Wide) || c.Key(Wide) == c.Key(Square) {
		t.Error("different cards share a key")
	}
}

// BenchmarkCard draws and encodes one card, as a build does for each
// brief and size; run with -bench Card -benchtime 50x.
func BenchmarkCard(b *testing.B) {
	logo := exampleLogo(b)
	c := &Card{Headline: "AWS cuts hundreds of jobs in a reorganisation around AI", Date: "6 December 2026",
		Companies: []string{"Amazon Web Services", "Amazon"}, SiteName: "Tech Briefs", Logo: logo, Colors: DefaultColors}
	n := 0
	for b.Loop() {
		data, err := PNG(c, Wide)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes/card")
}
