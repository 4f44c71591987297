// Package imaging makes the smaller copies of a site's raster images that
// pages show in their place: it reads an image's header, plans the copies
// (widths and formats, with names made from the source's bytes and the
// settings), decodes, scales and encodes them, and keeps what it made in a
// folder on disk so that no image is made twice. It knows nothing of
// pages.
package imaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strconv"

	"github.com/gen2brain/webp"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode
)

// Widths are the widths in pixels the copies of an image are made in,
// never wider than the image itself.
var Widths = []int{480, 960, 1440}

// MaxPixels is the most pixels (width × height) an image may have: a
// larger one would take gigabytes to decode (a decompression bomb).
const MaxPixels = 50_000_000

// Quality settings of the encoders.
const (
	WebPQuality = 80
	JPEGQuality = 85
)

// settings names how copies are made; it is hashed into their names, so
// that changing it changes every name (and the cache's files).
var settings = "imaging/1 catmull-rom webp-q" + strconv.Itoa(WebPQuality) + "-m4 jpeg-q" + strconv.Itoa(JPEGQuality) + " png-default"

// Formats and media types.
const (
	PNG  = "png"
	JPEG = "jpeg"
	GIF  = "gif"
	WebP = "webp"
)

// MediaType returns the media type of a format ("image/webp").
func MediaType(format string) string { return "image/" + format }

// Ext returns the file extension of a format's copies, with its dot.
func Ext(format string) string {
	if format == JPEG {
		return ".jpg"
	}
	return "." + format
}

// Info is what an image's header says.
type Info struct {
	// Format is PNG, JPEG, GIF or WebP.
	Format        string
	Width, Height int
}

// Inspect reads an image's header. ext is the file's extension
// (".jpg"), which must agree with what the file holds. An image that is
// not PNG, JPEG, GIF or WebP, that does not match its extension, or that
// has more than MaxPixels pixels is an error that says what to do.
func Inspect(data []byte, ext string) (Info, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return Info{}, errors.New("not a PNG, JPEG, GIF or WebP image: replace it with one")
		}
		return Info{}, fmt.Errorf("not a readable image (%v): replace it with a PNG, JPEG, GIF or WebP image", err)
	}
	if want := formatOfExt(ext); want != "" && want != format {
		return Info{}, fmt.Errorf("the file is a %s image, not the %s its name says: rename it to end in %s, or convert it", upper(format), upper(want), Ext(format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Info{}, fmt.Errorf("the image is %d×%d pixels: replace it with an image of some size", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Info{}, fmt.Errorf("the image is %d×%d pixels, more than the limit of %d megapixels: scale it down (no page shows more than %d pixels across)",
			cfg.Width, cfg.Height, MaxPixels/1_000_000, Widths[len(Widths)-1])
	}
	return Info{Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}

// formatOfExt returns the format a file extension names, or "".
func formatOfExt(ext string) string {
	switch ext {
	case ".png", ".PNG":
		return PNG
	case ".jpg", ".jpeg", ".JPG", ".JPEG":
		return JPEG
	case ".gif", ".GIF":
		return GIF
	case ".webp", ".WEBP":
		return WebP
	}
	return ""
}

func upper(format string) string {
	if format == WebP {
		return "WebP"
	}
	b := []byte(format)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Variant is one copy of an image.
type Variant struct {
	// Name is the copy's file name: the source's key, its width and its
	// format's extension ("3f2a…-480.webp").
	Name          string
	Width, Height int
	// Format is WebP or the source's format.
	Format string
	// Original is set for the copy that is the source file itself (the
	// source's own format at its own width), which is not encoded again.
	Original bool
}

// Key names a source image with the settings its copies are made with:
// the first 16 hexadecimal digits of a SHA-256 of both.
func Key(data []byte) string {
	h := sha256.New()
	h.Write([]byte(settings))
	h.Write([]byte{0})
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Plan lists the copies made of an image, narrowest first, in its own
// format and then WebP: one at each of Widths narrower than the image and
// one at its own width when that is at most the widest of Widths. A GIF
// image (which may be animated) has none: it is shown as it is. A WebP
// image has copies in WebP only.
func Plan(key string, info Info) []Variant {
	if info.Format == GIF {
		return nil
	}
	var widths []int
	for _, w := range Widths {
		if w < info.Width {
			widths = append(widths, w)
		}
	}
	if info.Width <= Widths[len(Widths)-1] {
		widths = append(widths, info.Width)
	}
	formats := []string{info.Format, WebP}
	if info.Format == WebP {
		formats = formats[:1]
	}
	var vs []Variant
	for _, f := range formats {
		for _, w := range widths {
			h := max(1, int((int64(info.Height)*int64(w)+int64(info.Width)/2)/int64(info.Width)))
			vs = append(vs, Variant{Name: key + "-" + strconv.Itoa(w) + Ext(f), Width: w, Height: h, Format: f,
				Original: f == info.Format && w == info.Width})
		}
	}
	return vs
}

// decode decodes a whole image, after Inspect accepted its header.
func decode(data []byte) (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a readable image (%v): replace it with a PNG, JPEG, GIF or WebP image", err)
	}
	return img, nil
}

// scale returns img scaled to width × height, or img itself at its own
// size.
func scale(img image.Image, width, height int) image.Image {
	b := img.Bounds()
	if b.Dx() == width && b.Dy() == height {
		return img
	}
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// encode encodes img in a format.
func encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case WebP:
		err = webp.Encode(&buf, img, webp.Options{Quality: WebPQuality, Method: 4})
	case PNG:
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	case JPEG:
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: JPEGQuality})
	case GIF:
		err = gif.Encode(&buf, img, nil)
	default:
		err = fmt.Errorf("cannot encode %s", format)
	}
	if err != nil {
		return nil, fmt.Errorf("encoding a %s copy: %w", upper(format), err)
	}
	return buf.Bytes(), nil
}
