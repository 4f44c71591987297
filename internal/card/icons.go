package card

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // a logo or lead image may be a GIF
	"image/jpeg"
	_ "image/png"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/draw"
)

// The sizes of the site's icons: the PNG icon browsers show in tabs (and
// favicon.ico holds), and Apple's touch icon.
const (
	IconSize      = 32
	TouchIconSize = 180
)

// logoRaster is the size an SVG logo is drawn at before it is scaled to
// what a card or icon needs.
const logoRaster = 360

// DecodeImage decodes an image file of the site, named name: a PNG, JPEG
// or GIF, or an SVG, which is drawn at logoRaster pixels on its longer
// side. The error says what is wrong, without the name.
func DecodeImage(name string, data []byte) (image.Image, error) {
	if strings.EqualFold(path.Ext(name), ".svg") {
		return RasterizeSVG(data, logoRaster)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		err = errors.New("not a PNG, JPEG, GIF or SVG image")
	}
	return img, err
}

// RasterizeSVG draws an SVG image with its longer side size pixels long,
// keeping its shape, on a transparent background.
func RasterizeSVG(data []byte, size int) (*image.RGBA, error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(roundRects(data)), oksvg.IgnoreErrorMode)
	if err != nil {
		return nil, fmt.Errorf("cannot read the SVG image: %v", err)
	}
	vb := icon.ViewBox
	if vb.W <= 0 || vb.H <= 0 {
		return nil, errors.New("the SVG image has no size: give its <svg> element a viewBox")
	}
	w, h := size, size
	if vb.W > vb.H {
		h = max(1, int(float64(size)*vb.H/vb.W+0.5))
	} else if vb.H > vb.W {
		w = max(1, int(float64(size)*vb.W/vb.H+0.5))
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	icon.SetTarget(0, 0, float64(w), float64(h))
	scanner := rasterx.NewScannerGV(w, h, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(w, h, scanner), 1)
	return img, nil
}

// rectTag is an SVG <rect> element's start tag, and radius one of its
// attributes rx and ry.
var (
	rectTag = regexp.MustCompile(`<rect\b[^>]*>`)
	radius  = regexp.MustCompile(`\s(r[xy])\s*=\s*("[^"]*"|'[^']*')`)
)

// roundRects gives every <rect> with an rx and no ry an ry of the same
// value, as SVG means it, and the other way round: oksvg reads a missing
// radius as 0, and would draw a rounded logo with square corners.
func roundRects(data []byte) []byte {
	return rectTag.ReplaceAllFunc(data, func(tag []byte) []byte {
		m := radius.FindAllSubmatch(tag, -1)
		if len(m) != 1 {
			return tag
		}
		other := "ry"
		if string(m[0][1]) == "ry" {
			other = "rx"
		}
		end := len(tag) - 1
		if bytes.HasSuffix(tag, []byte("/>")) {
			end--
		}
		return slices.Concat(tag[:end], []byte(" "+other+"="), m[0][2], tag[end:])
	})
}

// Icon scales logo into a square of size pixels, centred, keeping its
// shape; with bg not nil, over bg (Apple's touch icon must be opaque),
// else on a transparent background.
func Icon(logo image.Image, size int, bg *color.RGBA) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	if bg != nil {
		draw.Draw(dst, dst.Rect, image.NewUniform(*bg), image.Point{}, draw.Src)
	}
	sb := logo.Bounds()
	w, h := size, size
	if sb.Dx() > sb.Dy() {
		h = max(1, size*sb.Dy()/sb.Dx())
	} else if sb.Dy() > sb.Dx() {
		w = max(1, size*sb.Dx()/sb.Dy())
	}
	r := image.Rect((size-w)/2, (size-h)/2, (size-w)/2+w, (size-h)/2+h)
	draw.CatmullRom.Scale(dst, r, logo, sb, draw.Over, nil)
	return dst
}

// InitialIcon is the icon of a site without a logo: the first letter of
// its title in the background colour on a square of the accent colour,
// or the square alone when the font has no such letter.
func InitialIcon(title string, size int, c Colors) *image.RGBA {
	if c == (Colors{}) {
		c = DefaultColors
	}
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.Draw(dst, dst.Rect, image.NewUniform(opaque(c.Accent)), image.Point{}, draw.Src)
	var initial string
	for _, r := range strings.TrimSpace(title) {
		initial = strings.ToUpper(string(r))
		break
	}
	bold, _ := fonts()
	fc := face(bold, float64(size)*0.7)
	if initial == "" || !drawable(fc, initial) {
		return dst
	}
	cv := &canvas{img: image.NewPaletted(dst.Rect, color.Palette{opaque(c.Accent)})}
	cv.ink = ink(len(cv.img.Palette))
	for k := 1; k <= levels; k++ {
		cv.img.Palette = append(cv.img.Palette, blend(opaque(c.Accent), opaque(c.Background), k*255/levels))
	}
	b, _, _ := fc.GlyphBounds([]rune(initial)[0])
	adv, _ := fc.GlyphAdvance([]rune(initial)[0])
	x := (size - adv.Round()) / 2
	base := (size + (-b.Min.Y).Round()) / 2
	cv.drawString(fc, initial, x, base, cv.ink)
	draw.Draw(dst, dst.Rect, cv.img, image.Point{}, draw.Src)
	return dst
}

// EncodeJPEG writes img as a JPEG of good quality: a crop of a photo.
func EncodeJPEG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	return buf.Bytes(), err
}

// ICO returns a Windows icon file holding one PNG image of size pixels
// square (as browsers have read /favicon.ico since Windows Vista).
func ICO(pngData []byte, size int) []byte {
	var buf bytes.Buffer
	le := func(v any) { binary.Write(&buf, binary.LittleEndian, v) }
	le(uint16(0)) // reserved
	le(uint16(1)) // an icon
	le(uint16(1)) // one image
	dim := uint8(size)
	if size >= 256 {
		dim = 0 // 0 means 256
	}
	buf.Write([]byte{dim, dim, 0, 0}) // width, height, no palette, reserved
	le(uint16(1))                     // colour planes
	le(uint16(32))                    // bits per pixel
	le(uint32(len(pngData)))
	le(uint32(6 + 16)) // the image follows the header and its one entry
	buf.Write(pngData)
	return buf.Bytes()
}
