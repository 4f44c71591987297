package site

import (
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registers GIF with image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gen-briefs/gen/internal/source"
)

// imageSizer returns the model's Options.ImageSize for the site at
// siteDir: it reads the width and height in pixels of an image file of
// the site, under the rule of package source, from the file's header only.
func imageSizer(siteDir string) func(name string) (width, height int, err error) {
	return func(name string) (int, int, error) {
		return imageSize(siteDir, name)
	}
}

// imageSize reads the size of the image file name (its path from the site
// root). PNG, JPEG and GIF files are sized from their headers; an SVG file
// from its root element's width and height, or else its viewBox. A file
// of another kind (WebP, AVIF, …), an SVG sized in units other than
// pixels, and a file that does not exist (a static/ path the frontmatter
// names that is not there) are not sized: 0, 0 and no error. A PNG, JPEG,
// GIF or SVG file that cannot be read as one is an error.
func imageSize(siteDir, name string) (int, int, error) {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg":
	default:
		return 0, 0, nil
	}
	f, err := source.Open(siteDir, filepath.Join(siteDir, filepath.FromSlash(name)), name)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	if ext == ".svg" {
		return svgSize(f)
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			err = errors.New("not a PNG, JPEG or GIF image")
		}
		return 0, 0, err
	}
	return cfg.Width, cfg.Height, nil
}

// maxSVGHead bounds what is read of an SVG file to find its root element.
const maxSVGHead = 64 << 10

// svgSize reads the size of an SVG image from its root element: width and
// height given in pixels (with or without "px"), or else the width and
// height of its viewBox, rounded. A root element that is not <svg> is an
// error; one without a size in pixels is not sized.
func svgSize(r io.Reader) (int, int, error) {
	d := xml.NewDecoder(io.LimitReader(r, maxSVGHead))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("no <svg> element")
			}
			return 0, 0, fmt.Errorf("not an SVG image: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0, fmt.Errorf("not an SVG image: the root element is <%s>, not <svg>", el.Name.Local)
		}
		var width, height, viewBox string
		for _, a := range el.Attr {
			if a.Name.Space != "" && a.Name.Space != "http://www.w3.org/2000/svg" {
				continue
			}
			switch a.Name.Local {
			case "width":
				width = a.Value
			case "height":
				height = a.Value
			case "viewBox":
				viewBox = a.Value
			}
		}
		w, wok := svgPixels(width)
		h, hok := svgPixels(height)
		if wok && hok {
			return w, h, nil
		}
		if width == "" && height == "" {
			if f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }); len(f) == 4 {
				w, wok := svgPixels(f[2])
				h, hok := svgPixels(f[3])
				if wok && hok {
					return w, h, nil
				}
			}
		}
		return 0, 0, nil
	}
}

// svgPixels reads a length in pixels ("400", "400px", "240.5"), rounded,
// as a positive whole number.
func svgPixels(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0.5 || v > 1<<20 {
		return 0, false
	}
	return int(math.Round(v)), true
}
