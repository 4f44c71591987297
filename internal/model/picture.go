package model

import (
	"html/template"
	"strconv"
	"strings"
)

// Picture is a raster image of the site with the copies made of it in
// smaller widths and in WebP, which a page shows with <picture> and
// srcset. It is made by the build (model.Options.Picture), from the
// image's header: the copies are written with the output.
type Picture struct {
	// Key names the image's bytes and the settings its copies are made
	// with; the copies' names start with it.
	Key string
	// Width and Height are the image's own size in pixels.
	Width, Height int
	// Type is the image's media type ("image/png").
	Type string
	// Variants are the copies, narrowest first, in the image's own format
	// and then in WebP; each is at most as wide as the image.
	Variants []ImageVariant
}

// ImageVariant is one copy of a Picture.
type ImageVariant struct {
	// URL is the copy's address from the site root.
	URL           string
	Width, Height int
	// Type is the copy's media type ("image/webp").
	Type string
}

// key returns the Picture's Key, or "" for none.
func (p *Picture) key() string {
	if p == nil {
		return ""
	}
	return p.Key
}

// Of returns the copies of one media type, narrowest first.
func (p *Picture) Of(typ string) []ImageVariant {
	var out []ImageVariant
	for _, v := range p.Variants {
		if v.Type == typ {
			out = append(out, v)
		}
	}
	return out
}

// Src returns the widest copy in the image's own format, which browsers
// without srcset show.
func (p *Picture) Src() ImageVariant {
	vs := p.Of(p.Type)
	return vs[len(vs)-1]
}

// SrcSet returns the srcset attribute's value for the copies of one media
// type: "URL 480w, URL 960w".
func (p *Picture) SrcSet(typ string) string {
	var b strings.Builder
	for i, v := range p.Of(typ) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.URL + " " + strconv.Itoa(v.Width) + "w")
	}
	return b.String()
}

// At returns the narrowest copy in the media type typ ("" for the
// image's own) that is at least width pixels wide, or the widest there
// is; ok is false when there is no copy of that type.
func (p *Picture) At(width int, typ string) (v ImageVariant, ok bool) {
	if typ == "" {
		typ = p.Type
	}
	vs := p.Of(typ)
	if len(vs) == 0 {
		return ImageVariant{}, false
	}
	for _, v := range vs {
		if v.Width >= width {
			return v, true
		}
	}
	return vs[len(vs)-1], true
}

// PictureSizes is the sizes attribute of pictures: the width they are
// shown at, which the default theme's column sets (gen.css: .wrap is at
// most 42rem wide, with 1.1rem of padding on each side).
const PictureSizes = "(min-width: 42rem) 39.8rem, calc(100vw - 2.2rem)"

// HTML returns the markup that shows the Picture: a <picture> with a
// WebP <source> and an <img> in the image's own format, each with a
// srcset of its copies, sized by its own pixels (so that the page does
// not move as it loads), with alt as its text. A lead picture, at the
// top of its page, is fetched first (fetchpriority="high"); others are
// loaded as they come into view (loading="lazy").
func (p *Picture) HTML(alt string, lead bool) template.HTML { return p.markup(alt, "", lead) }

// markup is HTML, with the image's title (from Markdown's
// ![alt](chart.png "title")) when it has one.
func (p *Picture) markup(alt, title string, lead bool) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString("<picture>")
	if p.Type != "image/webp" {
		if set := p.SrcSet("image/webp"); set != "" {
			b.WriteString(`<source type="image/webp" srcset="` + esc(set) + `" sizes="` + PictureSizes + `">`)
		}
	}
	src := p.Src()
	b.WriteString(`<img src="` + esc(src.URL) + `" srcset="` + esc(p.SrcSet(p.Type)) + `" sizes="` + PictureSizes + `" width="` +
		strconv.Itoa(p.Width) + `" height="` + strconv.Itoa(p.Height) + `" alt="` + esc(alt) + `"`)
	if title != "" {
		b.WriteString(` title="` + esc(title) + `"`)
	}
	if lead {
		b.WriteString(` fetchpriority="high"`)
	} else {
		b.WriteString(` loading="lazy"`)
	}
	b.WriteString(` decoding="async"></picture>`)
	return template.HTML(b.String())
}
