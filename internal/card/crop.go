package card

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/draw"
)

// Focus is the point of an image a crop keeps in view, as fractions of
// its width and height from its top left corner: {0.5, 0.5} is its centre.
type Focus struct{ X, Y float64 }

// Center is the default focus.
var Center = Focus{0.5, 0.5}

// ParseFocus reads an image_focus value: "center" (or "" or "centre"),
// "top", "bottom", "left", "right", or two fractions "X,Y" between 0 and 1
// ("0.3,0.6").
func ParseFocus(s string) (Focus, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "center", "centre":
		return Center, nil
	case "top":
		return Focus{0.5, 0}, nil
	case "bottom":
		return Focus{0.5, 1}, nil
	case "left":
		return Focus{0, 0.5}, nil
	case "right":
		return Focus{1, 0.5}, nil
	}
	xs, ys, ok := strings.Cut(s, ",")
	if ok {
		x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 64)
		y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
		if errX == nil && errY == nil && inUnit(x) && inUnit(y) {
			return Focus{x, y}, nil
		}
	}
	return Center, fmt.Errorf("image_focus %q is not a focus: write center, top, bottom, left, right, or two fractions from 0 to 1 as X,Y (0.3,0.6)", s)
}

func inUnit(v float64) bool { return !math.IsNaN(v) && v >= 0 && v <= 1 }

// CropKey returns a digest of everything Crop makes its image of size s
// from: the source's digest, the focus and Version.
func CropKey(source string, f Focus, s Size) string {
	h := sha256.New()
	writeKey(h, "crop", Version, s)
	writeString(h, source)
	writeString(h, strconv.FormatFloat(f.X, 'g', -1, 64)+","+strconv.FormatFloat(f.Y, 'g', -1, 64))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// CropRect returns the largest rectangle of the shape of s inside b whose
// centre is as near the focus as the edges of b allow.
func CropRect(b image.Rectangle, f Focus, s Size) image.Rectangle {
	w, h := b.Dx(), b.Dy()
	// Of the source's width, or of its height, whichever binds.
	cw, ch := w, int(math.Round(float64(w)*float64(s.Height)/float64(s.Width)))
	if ch > h {
		ch, cw = h, int(math.Round(float64(h)*float64(s.Width)/float64(s.Height)))
	}
	cw, ch = max(1, min(cw, w)), max(1, min(ch, h))
	x := int(math.Round(f.X*float64(w) - float64(cw)/2))
	y := int(math.Round(f.Y*float64(h) - float64(ch)/2))
	x = max(0, min(x, w-cw))
	y = max(0, min(y, h-ch))
	return image.Rect(x, y, x+cw, y+ch).Add(b.Min)
}

// Crop cuts the part of src of the shape of s around the focus f and
// scales it to s: down when the source is larger, and up when it is
// smaller, so that every card has the size sharing sites ask for.
func Crop(src image.Image, f Focus, s Size) *image.RGBA {
	r := CropRect(src.Bounds(), f, s)
	dst := image.NewRGBA(image.Rect(0, 0, s.Width, s.Height))
	draw.CatmullRom.Scale(dst, dst.Rect, src, r, draw.Src, nil)
	// A card is shown on pages of any colour: it has no transparency.
	for i := 3; i < len(dst.Pix); i += 4 {
		if a := dst.Pix[i]; a != 0xff {
			// Over white, as the card's background.
			for c := i - 3; c < i; c++ {
				dst.Pix[c] = uint8(int(dst.Pix[c]) + (255 - int(a)))
			}
			dst.Pix[i] = 0xff
		}
	}
	return dst
}
