// Package card draws the images a page shows when it is shared: a social
// card (the headline, date and companies of a brief, or the site's name
// and description, with the site's logo, in the default theme's colours),
// crops of a brief's own image, and the site's icons. It draws with the Go
// fonts, which are free to ship, and never draws a character its font
// lacks: text it cannot draw is left out (see Draw). Its output is
// deterministic: the same Card gives the same bytes.
package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Version changes whenever what Draw, Crop or the icons make of the same
// input changes, so that cached images of an older version are not used.
const Version = 1

// Size is the size of an image in pixels.
type Size struct{ Width, Height int }

// The sizes of a card: Wide (1.91:1) is what og:image shows; Widescreen
// (16:9) and Square (1:1) are the other shapes structured data lists.
var (
	Wide       = Size{1200, 630}
	Widescreen = Size{1200, 675}
	Square     = Size{1200, 1200}
)

// Sizes lists the sizes of a card, Wide first.
var Sizes = []Size{Wide, Widescreen, Square}

// Colors are the colours a card is drawn in.
type Colors struct {
	Background, Text, Muted, Accent, Line color.RGBA
}

// DefaultColors are the light colours of the default theme's gen.css
// (--bg, --fg, --muted, --accent, --line).
var DefaultColors = Colors{
	Background: color.RGBA{0xff, 0xff, 0xff, 0xff},
	Text:       color.RGBA{0x1d, 0x23, 0x29, 0xff},
	Muted:      color.RGBA{0x56, 0x60, 0x6b, 0xff},
	Accent:     color.RGBA{0x0b, 0x5c, 0xad, 0xff},
	Line:       color.RGBA{0xd9, 0xde, 0xe3, 0xff},
}

// Card is what a card shows. A card without a Headline is the site's card:
// its name, large, and its description.
type Card struct {
	Headline    string
	Date        string
	Companies   []string
	SiteName    string
	Description string
	// Logo is the site's logo, or nil; LogoID names its source (a digest
	// of its file), for Key.
	Logo   image.Image
	LogoID string
	Colors Colors
}

// Key returns a digest of everything a card of size s is drawn from, with
// Version and the fonts' names: the same key, the same image.
func (c *Card) Key(s Size) string {
	h := sha256.New()
	writeKey(h, "card", Version, s)
	for _, f := range []string{c.Headline, c.Date, c.SiteName, c.Description, c.LogoID, "gobold+goregular"} {
		writeString(h, f)
	}
	writeInt(h, len(c.Companies))
	for _, f := range c.Companies {
		writeString(h, f)
	}
	for _, col := range []color.RGBA{c.Colors.Background, c.Colors.Text, c.Colors.Muted, c.Colors.Accent, c.Colors.Line} {
		h.Write([]byte{col.R, col.G, col.B, col.A})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func writeKey(h hash.Hash, what string, version int, s Size) {
	writeString(h, what)
	writeInt(h, version)
	writeInt(h, s.Width)
	writeInt(h, s.Height)
}

func writeString(h hash.Hash, s string) {
	writeInt(h, len(s))
	io.WriteString(h, s)
}

func writeInt(h hash.Hash, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

// Layout says where Draw put each part of a card, and what it left out.
type Layout struct {
	// Band is the accent band; Logo, Site, Headline and Meta the boxes of
	// the logo, the site's name, the headline (or, on the site's card, the
	// description) and the date and companies line, and Rule the line
	// above that. An empty box holds nothing.
	Band, Logo, Site, Headline, Meta, Rule image.Rectangle
	// Lines are the headline's lines as drawn, and HeadlineSize their
	// font size in pixels.
	Lines        []string
	HeadlineSize float64
	// Dropped names the texts left out because the font lacks one of
	// their characters ("headline", "site name", a company's name, …).
	Dropped []string
}

// Margin is the blank border of a card, outside which nothing but the
// accent band is drawn.
const Margin = 72

// bandHeight is the height of the accent band along a card's top edge.
const bandHeight = 14

var (
	fontsOnce         sync.Once
	boldFont, regFont *opentype.Font
	fontsErr          error
)

// fonts parses the Go fonts once; a parsed font is safe for concurrent
// use, and each Draw makes faces of its own.
func fonts() (*opentype.Font, *opentype.Font) {
	fontsOnce.Do(func() {
		if boldFont, fontsErr = opentype.Parse(gobold.TTF); fontsErr == nil {
			regFont, fontsErr = opentype.Parse(goregular.TTF)
		}
	})
	if fontsErr != nil {
		panic("card: the embedded Go fonts do not parse: " + fontsErr.Error())
	}
	return boldFont, regFont
}

// face makes a face of f at size pixels.
func face(f *opentype.Font, size float64) font.Face {
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("card: " + err.Error())
	}
	return fc
}

// drawable reports whether face has a glyph for every rune of s that is
// not white space, so that no .notdef box would be drawn.
func drawable(fc font.Face, s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if r == utf8.RuneError {
			return false
		}
		if _, ok := fc.GlyphAdvance(r); !ok {
			return false
		}
	}
	return true
}

// Draw draws the card at size s. Text whose characters the fonts do not
// all have (Chinese, Japanese, emoji, …) is left out rather than drawn as
// boxes: a headline left out gives the card of the site with the brief's
// date and companies (the page's og:image:alt still carries the
// headline). The headline is wrapped at spaces, and its size steps down
// until it fits its box; one too long even at the smallest size ends with
// an ellipsis.
func Draw(c *Card, s Size) (*image.Paletted, Layout) {
	bold, reg := fonts()
	cv := newCanvas(s, c.Colors, c.Logo)
	var lay Layout
	lay.Band = image.Rect(0, 0, s.Width, bandHeight)
	cv.fill(lay.Band, cv.accent)

	inner := image.Rect(Margin, Margin, s.Width-Margin, s.Height-Margin)
	headline := normalize(c.Headline)
	siteName := normalize(c.SiteName)
	probeBold := face(bold, 40)
	probeReg := face(reg, 30)
	if headline != "" && !drawable(probeBold, headline) {
		lay.Dropped = append(lay.Dropped, "headline")
		headline = ""
	}
	if siteName != "" && !drawable(probeBold, siteName) {
		lay.Dropped = append(lay.Dropped, "site name")
		siteName = ""
	}
	// The line of date and companies, at the bottom.
	var meta []string
	if d := normalize(c.Date); d != "" {
		if drawable(probeReg, d) {
			meta = append(meta, d)
		} else {
			lay.Dropped = append(lay.Dropped, "date")
		}
	}
	for _, co := range c.Companies {
		if co = normalize(co); co == "" {
			continue
		}
		if drawable(probeReg, co) {
			meta = append(meta, co)
		} else {
			lay.Dropped = append(lay.Dropped, "company "+co)
		}
	}
	bottom := inner.Max.Y
	if len(meta) > 0 {
		const size = 32
		fc := face(reg, size)
		line := ellipsize(fc, strings.Join(meta, "  ·  "), inner.Dx())
		base := inner.Max.Y - descent(fc)
		lay.Meta = cv.text(fc, line, inner.Min.X, base, inner.Max.X, cv.muted)
		bottom = inner.Max.Y - lineHeight(size) - 24
		lay.Rule = image.Rect(inner.Min.X, bottom, inner.Max.X, bottom+2)
		cv.fill(lay.Rule, cv.line)
		bottom -= 32
	}

	if headline == "" {
		drawSite(cv, &lay, c, siteName, inner, bottom, bold, reg)
		return cv.img, lay
	}
	// A brief: the logo and site name on top, the headline below.
	top := inner.Min.Y
	const logoSize = 64
	x := inner.Min.X
	if cv.logo != nil {
		lay.Logo = cv.drawLogo(x, top, logoSize)
		x += logoSize + 20
	}
	if siteName != "" {
		fc := face(bold, 34)
		name := ellipsize(fc, siteName, inner.Max.X-x)
		base := top + logoSize/2 + capHeight(fc)/2
		lay.Site = cv.text(fc, name, x, base, inner.Max.X, cv.ink)
	}
	box := image.Rect(inner.Min.X, top+logoSize+48, inner.Max.X, bottom)
	lay.Lines, lay.HeadlineSize = fit(bold, headline, box, []float64{76, 68, 60, 54, 48})
	lay.Headline = cv.lines(face(bold, lay.HeadlineSize), lay.Lines, box, lay.HeadlineSize, cv.ink)
	return cv.img, lay
}

// drawSite draws the site's card above bottom: the logo large, the site's
// name and its description.
func drawSite(cv *canvas, lay *Layout, c *Card, siteName string, inner image.Rectangle, bottom int, bold, reg *opentype.Font) {
	top := inner.Min.Y
	if cv.logo != nil {
		size := min(160, (bottom-top)/3)
		lay.Logo = cv.drawLogo(inner.Min.X, top, size)
		top += size + 40
	}
	if siteName != "" {
		box := image.Rect(inner.Min.X, top, inner.Max.X, bottom)
		lines, size := fit(bold, siteName, image.Rect(box.Min.X, box.Min.Y, box.Max.X, box.Min.Y+2*lineHeight(88)), []float64{88, 76, 64, 54})
		fc := face(bold, size)
		cv.lines(fc, lines, box, size, cv.ink)
		used := fc.Metrics().Ascent.Ceil() + (len(lines)-1)*lineHeight(size) + descent(fc)
		lay.Site = image.Rect(box.Min.X, box.Min.Y, box.Max.X, box.Min.Y+used)
		top = lay.Site.Max.Y + 28
	}
	desc := normalize(c.Description)
	if desc != "" && !drawable(face(reg, 30), desc) {
		lay.Dropped = append(lay.Dropped, "description")
		desc = ""
	}
	if desc != "" && bottom-top > lineHeight(30) {
		box := image.Rect(inner.Min.X, top, inner.Max.X, bottom)
		lines, size := fit(reg, desc, box, []float64{40, 36, 32, 30})
		lay.Headline = cv.lines(face(reg, size), lines, box, size, cv.muted)
	}
}

// normalize joins a text's runs of white space into single spaces.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// lineHeight is the distance between the baselines of lines of text of
// size pixels.
func lineHeight(size float64) int { return int(size*1.18 + 0.5) }

func capHeight(fc font.Face) int {
	b, _, ok := fc.GlyphBounds('H')
	if !ok {
		return fc.Metrics().Ascent.Ceil()
	}
	return (-b.Min.Y).Ceil()
}

func descent(fc font.Face) int { return fc.Metrics().Descent.Ceil() }

// fit wraps text into box at the first of sizes whose lines fit its
// height; at the last size the lines that do not fit are left out and the
// last one drawn ends with an ellipsis.
func fit(f *opentype.Font, text string, box image.Rectangle, sizes []float64) ([]string, float64) {
	for i, size := range sizes {
		fc := face(f, size)
		lines := wrap(fc, text, box.Dx())
		room := max(1, linesIn(fc, box.Dy(), size))
		if len(lines) <= room {
			return lines, size
		}
		if i == len(sizes)-1 {
			lines = lines[:room]
			lines[room-1] = ellipsize(fc, lines[room-1]+" …", box.Dx())
			if !strings.HasSuffix(lines[room-1], "…") {
				lines[room-1] = ellipsize(fc, lines[room-1]+"…", box.Dx())
			}
			return lines, size
		}
	}
	return nil, 0
}

// linesIn is how many lines of text of fc, of size pixels, fit a box
// height tall: the first line takes the font's ascent and descent, each
// further one a line height.
func linesIn(fc font.Face, height int, size float64) int {
	first := fc.Metrics().Ascent.Ceil() + descent(fc)
	if height < first {
		return 0
	}
	return 1 + (height-first)/lineHeight(size)
}

// wrap breaks text into lines no wider than width at spaces; a word wider
// than a line is broken between characters.
func wrap(fc font.Face, text string, width int) []string {
	limit := fixed.I(width)
	var lines []string
	var cur string
	for _, w := range strings.Fields(text) {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if font.MeasureString(fc, try) <= limit {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		for font.MeasureString(fc, w) > limit {
			n := 1
			for i := range w {
				if i > 0 && font.MeasureString(fc, w[:i]) > limit {
					break
				}
				if i > 0 {
					n = i
				}
			}
			lines = append(lines, w[:n])
			w = w[n:]
		}
		cur = w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// ellipsize shortens s, at a space where it can, so that it fits width
// with an ellipsis after it; s is returned as it is when it fits.
func ellipsize(fc font.Face, s string, width int) string {
	limit := fixed.I(width)
	if font.MeasureString(fc, s) <= limit {
		return s
	}
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "…")), " ")
	for s != "" {
		_, n := utf8.DecodeLastRuneInString(s)
		s = strings.TrimRight(s[:len(s)-n], " ,;:·-–—")
		if t := s + "…"; font.MeasureString(fc, t) <= limit {
			return t
		}
	}
	return "…"
}

// Encode writes img as a PNG, compressed fast: a card is made for every
// brief of a site.
func Encode(w io.Writer, img image.Image) error {
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}

// PNG draws the card at size s and returns it as a PNG file.
func PNG(c *Card, s Size) ([]byte, error) {
	img, _ := Draw(c, s)
	var buf bytes.Buffer
	err := Encode(&buf, img)
	return buf.Bytes(), err
}
