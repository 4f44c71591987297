package render

import (
	"strings"

	"github.com/gen-briefs/gen/internal/model"
)

// SocialImage is the image a page shows when a link to it is shared, as
// the layout function socialImage gives it: the page's social card (see
// model.CardPath).
type SocialImage struct {
	// URL is the card's path from the site root, for absURL.
	URL           string
	Width, Height int
	// Alt describes the image: the brief's headline, or its image's alt
	// text when the card is cut from its image; the site's title on the
	// site's card.
	Alt string
}

// socialImage returns the card of the page p.
func (r *Renderer) socialImage(p *model.Page) SocialImage {
	sz := model.CardSizes[0]
	img := SocialImage{URL: "/" + model.CardPath(p, sz), Width: sz.Width, Height: sz.Height, Alt: r.site.Title}
	if p != nil && p.IsBrief() {
		img.Alt = p.Title
		if p.CardFromImage() && p.ImageAlt != "" {
			img.Alt = p.ImageAlt
		}
	}
	return img
}

// cardURLs returns the absolute URLs of every size of the page's card,
// for structured data.
func (r *Renderer) cardURLs(p *model.Page) []string {
	var out []string
	for _, sz := range model.CardSizes {
		out = append(out, r.abs("/"+model.CardPath(p, sz)))
	}
	return out
}

// svgIcon returns the logo's URL when it is an SVG file of the site (a
// path from the site root), which browsers can show as the site's icon.
func svgIcon(logo string) string {
	if strings.HasPrefix(logo, "/") && !strings.HasPrefix(logo, "//") && model.ImageExt(logo) == ".svg" {
		return logo
	}
	return ""
}
