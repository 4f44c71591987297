package model

import (
	"path"
	"strings"
)

// CardSize is one size of a page's social card: Suffix ends its file's
// name ("card-16x9.png").
type CardSize struct {
	Suffix        string
	Width, Height int
}

// CardSizes are the sizes of every card: the 1.91:1 image og:image names
// first, then the 16:9 and 1:1 crops structured data lists with it.
var CardSizes = []CardSize{{"", 1200, 630}, {"-16x9", 1200, 675}, {"-1x1", 1200, 1200}}

// CardFromImage reports whether the card of the brief p is cut from its
// lead image: a PNG, JPEG or GIF file of the site, which has a size. An
// SVG, or an image elsewhere on the web, gives a drawn card.
func (p *Page) CardFromImage() bool {
	if !p.IsBrief() || p.ImageWidth <= 0 || p.ImageHeight <= 0 {
		return false
	}
	switch ImageExt(p.Image) {
	case ".png", ".jpg", ".jpeg", ".gif":
		return true
	}
	return false
}

// ImageExt is the extension, in lower case, of the file an image URL
// names (".png").
func ImageExt(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return strings.ToLower(path.Ext(u))
}

// CardPath returns the output path of the social card of size sz that the
// page p shows when shared: a brief has its own, under cards/ at its URL's
// path ("cards/briefs/aws-cuts/card.png"), a JPEG when it is cut from a
// JPEG image; every other page shows the site's, "cards/card.png".
func CardPath(p *Page, sz CardSize) string {
	if p == nil || !p.IsBrief() {
		return "cards/card" + sz.Suffix + ".png"
	}
	dir := strings.Trim(p.URL, "/")
	if ext := path.Ext(dir); ext == ".html" || ext == ".htm" {
		dir = strings.TrimSuffix(dir, ext)
	}
	ext := ".png"
	if p.CardFromImage() {
		if e := ImageExt(p.Image); e == ".jpg" || e == ".jpeg" {
			ext = ".jpg"
		}
	}
	return "cards/" + dir + "/card" + sz.Suffix + ext
}

// ImageFile returns the path from the site root of the file of the page's
// lead image (a content asset, or a file in static/, which may not
// exist), or "" when the image is not one of the site's files.
func (s *Site) ImageFile(p *Page) string {
	if s.builder == nil || p.Image == "" {
		return ""
	}
	return s.builder.siteFile(p.Image)
}

// SiteFile returns the path from the site root of the file that serves
// the URL u given by its path from the site root ("/images/logo.svg"): a
// content asset's, or else one in static/ (which may not exist); "" for
// other URLs.
func (s *Site) SiteFile(u string) string {
	if s.builder == nil {
		return ""
	}
	return s.builder.siteFile(u)
}
