package card

import (
	"image"
	"image/color"
	"slices"
	"sync"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// levels is the number of shades of each ink, from the background
// (excluded) to the ink itself: text is anti-aliased with them.
const levels = 16

// ink is the index in a canvas's palette of the first (lightest) of an
// ink's shades; its solid colour is ink+levels-1.
type ink uint8

func (i ink) solid() uint8 { return uint8(i) + levels - 1 }

// canvas is a card being drawn into a paletted image: index 0 is the
// background, then the shades of each ink, then the logo's colours.
type canvas struct {
	img                      *image.Paletted
	bg                       color.RGBA
	ink, muted, accent, line ink
	logo                     image.Image
	logoStart                int
}

func newCanvas(s Size, c Colors, logo image.Image) *canvas {
	if c == (Colors{}) {
		c = DefaultColors
	}
	pal := color.Palette{opaque(c.Background)}
	cv := &canvas{bg: opaque(c.Background), logo: logo}
	add := func(col color.RGBA) ink {
		first := ink(len(pal))
		for k := 1; k <= levels; k++ {
			pal = append(pal, blend(cv.bg, opaque(col), k*255/levels))
		}
		return first
	}
	cv.ink, cv.muted, cv.accent, cv.line = add(c.Text), add(c.Muted), add(c.Accent), add(c.Line)
	cv.logoStart = len(pal)
	cv.img = image.NewPaletted(image.Rect(0, 0, s.Width, s.Height), pal)
	return cv
}

func opaque(c color.RGBA) color.RGBA {
	c.A = 0xff
	return c
}

// blend mixes fg over bg at alpha a (0-255).
func blend(bg, fg color.RGBA, a int) color.RGBA {
	mix := func(b, f uint8) uint8 { return uint8((int(b)*(255-a) + int(f)*a + 127) / 255) }
	return color.RGBA{mix(bg.R, fg.R), mix(bg.G, fg.G), mix(bg.B, fg.B), 0xff}
}

// fill paints r in in's solid colour.
func (cv *canvas) fill(r image.Rectangle, in ink) {
	r = r.Intersect(cv.img.Rect)
	idx := in.solid()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := cv.img.Pix[cv.img.PixOffset(r.Min.X, y):cv.img.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = idx
		}
	}
}

// text draws s with its baseline at (x, base) in in, and returns the box
// it was given: from x to maxX, from the font's ascent above the baseline
// to its descent below.
func (cv *canvas) text(fc font.Face, s string, x, base, maxX int, in ink) image.Rectangle {
	m := fc.Metrics()
	box := image.Rect(x, base-m.Ascent.Ceil(), maxX, base+m.Descent.Ceil())
	cv.drawString(fc, s, x, base, in)
	return box
}

// lines draws lines of text of size pixels from the top of box, one line
// height apart, and returns box.
func (cv *canvas) lines(fc font.Face, lines []string, box image.Rectangle, size float64, in ink) image.Rectangle {
	base := box.Min.Y + fc.Metrics().Ascent.Ceil()
	for _, l := range lines {
		cv.drawString(fc, l, box.Min.X, base, in)
		base += lineHeight(size)
	}
	return box
}

// drawString draws s into a coverage mask the size of its bounds, then
// paints each covered pixel in the shade of in nearest its coverage: text
// is only ever drawn on the background.
func (cv *canvas) drawString(fc font.Face, s string, x, base int, in ink) {
	dot := fixed.P(x, base)
	b, _ := font.BoundString(fc, s)
	r := image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil()).Add(image.Pt(x, base))
	if r.Empty() {
		return
	}
	mask := image.NewAlpha(r)
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: fc, Dot: dot}
	d.DrawString(s)
	r = r.Intersect(cv.img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			a := int(mask.Pix[mask.PixOffset(xx, y)])
			if a == 0 {
				continue
			}
			level := (a*levels + 127) / 255
			if level == 0 {
				continue
			}
			cv.img.Pix[cv.img.PixOffset(xx, y)] = uint8(in) + uint8(level) - 1
		}
	}
}

// drawLogo draws the logo scaled to fit a square of size pixels at (x, y),
// on the background, with colours of its own in the palette, and returns
// the square.
func (cv *canvas) drawLogo(x, y, size int) image.Rectangle {
	box := image.Rect(x, y, x+size, y+size)
	scaled := scaledLogo(cv.logo, size, cv.bg)
	rgba := &image.RGBA{Pix: scaled.Pix, Stride: scaled.Stride, Rect: box}
	cv.quantize(rgba)
	return box
}

// logoKey names a logo scaled to a size over a background.
type logoKey struct {
	logo image.Image
	size int
	bg   color.RGBA
}

// scaledLogos keeps the logos scaled last: every card of a build draws
// the same logo at the same size.
var scaledLogos struct {
	sync.Mutex
	m map[logoKey]*image.RGBA
}

// scaledLogo returns logo scaled to fit a square of size pixels, over bg,
// at the origin; the result must not be changed.
func scaledLogo(logo image.Image, size int, bg color.RGBA) *image.RGBA {
	k := logoKey{logo, size, bg}
	scaledLogos.Lock()
	img, ok := scaledLogos.m[k]
	scaledLogos.Unlock()
	if ok {
		return img
	}
	box := image.Rect(0, 0, size, size)
	img = image.NewRGBA(box)
	draw.Draw(img, box, image.NewUniform(bg), image.Point{}, draw.Src)
	sb := logo.Bounds()
	w, h := size, size
	if sb.Dx() > sb.Dy() {
		h = max(1, size*sb.Dy()/sb.Dx())
	} else if sb.Dy() > sb.Dx() {
		w = max(1, size*sb.Dx()/sb.Dy())
	}
	dst := image.Rect(0, (size-h)/2, w, (size-h)/2+h)
	draw.CatmullRom.Scale(img, dst, logo, sb, draw.Over, nil)
	scaledLogos.Lock()
	if len(scaledLogos.m) >= 8 || scaledLogos.m == nil {
		scaledLogos.m = map[logoKey]*image.RGBA{} // a new build's logo
	}
	scaledLogos.m[k] = img
	scaledLogos.Unlock()
	return img
}

// quantize adds the colours of img to the palette, as many as it has room
// for (the most used, by 4-bit channels), and paints img with the nearest.
func (cv *canvas) quantize(img *image.RGBA) {
	type bucket struct {
		key     uint16
		n       int
		r, g, b int
	}
	buckets := map[uint16]*bucket{}
	px := func(i int) (int, int, int) { return int(img.Pix[i]), int(img.Pix[i+1]), int(img.Pix[i+2]) }
	keyOf := func(r, g, b int) uint16 { return uint16(r>>4)<<8 | uint16(g>>4)<<4 | uint16(b>>4) }
	for i := 0; i < len(img.Pix); i += 4 {
		r, g, b := px(i)
		k := keyOf(r, g, b)
		bk := buckets[k]
		if bk == nil {
			bk = &bucket{key: k}
			buckets[k] = bk
		}
		bk.n++
		bk.r, bk.g, bk.b = bk.r+r, bk.g+g, bk.b+b
	}
	list := make([]*bucket, 0, len(buckets))
	for _, b := range buckets {
		list = append(list, b)
	}
	// Most used first; ties by key, so that the palette is deterministic.
	slices.SortFunc(list, func(a, b *bucket) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return int(a.key) - int(b.key)
	})
	room := 256 - len(cv.img.Palette)
	if len(list) > room {
		list = list[:room]
	}
	index := map[uint16]uint8{}
	for _, b := range list {
		index[b.key] = uint8(len(cv.img.Palette))
		cv.img.Palette = append(cv.img.Palette, color.RGBA{uint8(b.r / b.n), uint8(b.g / b.n), uint8(b.b / b.n), 0xff})
	}
	logoPal := cv.img.Palette[cv.logoStart:]
	r := img.Rect
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := img.PixOffset(x, y)
			pr, pg, pb := px(i)
			idx, ok := index[keyOf(pr, pg, pb)]
			if !ok {
				idx = uint8(cv.logoStart + logoPal.Index(color.RGBA{uint8(pr), uint8(pg), uint8(pb), 0xff}))
				index[keyOf(pr, pg, pb)] = idx
			}
			if cv.img.Rect.Min.X <= x && x < cv.img.Rect.Max.X && cv.img.Rect.Min.Y <= y && y < cv.img.Rect.Max.Y {
				cv.img.Pix[cv.img.PixOffset(x, y)] = idx
			}
		}
	}
}
