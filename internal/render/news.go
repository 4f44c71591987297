package render

import (
	"encoding/json"
	"html/template"
	"time"

	"github.com/gen-briefs/gen/internal/model"
)

// Month is the briefs of one calendar month of a list, for timelines.
type Month struct {
	// Label is "July 2026"; ID is "2026-07", for anchors.
	Label, ID string
	Pages     []*model.Page
}

// months groups pages, newest first, by the month of their date in loc.
func months(pages []*model.Page, loc *time.Location) []Month {
	var out []Month
	for _, p := range pages {
		d := p.Date.In(loc)
		id := d.Format("2006-01")
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, Month{Label: d.Format("January 2006"), ID: id})
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
	}
	return out
}

// newsArticle returns a brief's schema.org NewsArticle as JSON for a
// <script type="application/ld+json"> block. json.Marshal escapes <, >
// and &, so no value can close the script.
func (r *Renderer) newsArticle(v *View) (template.JS, error) {
	p := v.Page
	type thing struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	type logo struct {
		Type string `json:"@type"`
		URL  string `json:"url"`
	}
	type publisher struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
		Logo *logo  `json:"logo,omitempty"`
	}
	article := struct {
		Context          string    `json:"@context"`
		Type             string    `json:"@type"`
		Headline         string    `json:"headline"`
		Description      string    `json:"description,omitempty"`
		DatePublished    string    `json:"datePublished"`
		DateModified     string    `json:"dateModified"`
		Author           []thing   `json:"author,omitempty"`
		Publisher        publisher `json:"publisher"`
		Image            []string  `json:"image,omitempty"`
		MainEntityOfPage string    `json:"mainEntityOfPage"`
		ArticleSection   string    `json:"articleSection,omitempty"`
		Keywords         []string  `json:"keywords,omitempty"`
		About            []thing   `json:"about,omitempty"`
		InLanguage       string    `json:"inLanguage,omitempty"`
	}{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline:         p.Title,
		Description:      p.Summary,
		DatePublished:    p.Date.In(r.loc).Format(time.RFC3339),
		DateModified:     p.Lastmod().In(r.loc).Format(time.RFC3339),
		Publisher:        publisher{Type: "Organization", Name: r.site.Publisher.Name},
		MainEntityOfPage: r.abs(p.URL),
		ArticleSection:   "Briefs",
		InLanguage:       r.site.Language,
	}
	if u := r.site.Publisher.URL; u != "" {
		article.Publisher.URL = u
	}
	// Without a logo of its own, the site is shown by the icon every
	// build makes from its name (the apple-touch-icon, 180 px).
	l := r.site.Publisher.Logo
	if l == "" {
		l = "/apple-touch-icon.png"
	}
	article.Publisher.Logo = &logo{Type: "ImageObject", URL: r.abs(l)}
	for _, a := range p.Authors {
		article.Author = append(article.Author, thing{Type: "Person", Name: a})
	}
	if len(article.Author) == 0 {
		// A brief that names no author is the publisher's.
		article.Author = []thing{{Type: "Organization", Name: r.site.Publisher.Name, URL: r.site.Publisher.URL}}
	}
	article.Image = r.cardURLs(p)
	for _, l := range p.TermLists {
		about := l.Taxonomy.Config.About
		for _, t := range l.Terms {
			article.Keywords = append(article.Keywords, t.Name)
			if about != "" {
				article.About = append(article.About, thing{Type: about, Name: t.Name, URL: r.abs(t.URL)})
			}
		}
	}
	data, err := json.Marshal(article)
	return template.JS(data), err
}
