package render

import (
	"cmp"
	"encoding/json"
	"html/template"

	"github.com/gen-briefs/gen/internal/model"
)

// Structured data beyond a brief's NewsArticle (news.go): each is built
// as data and encoded with encoding/json, which escapes <, > and &, so no
// value can close the <script> it is written in.

// ldThing is a schema.org item named by its type.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// ldListItem is one entry of an ItemList or a BreadcrumbList.
type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	// URL is the entry of an ItemList, Item the page of a breadcrumb.
	URL  string `json:"url,omitempty"`
	Item string `json:"item,omitempty"`
}

// ldJSON encodes v for a <script type="application/ld+json">.
func ldJSON(v any) (template.JS, error) {
	data, err := json.Marshal(v)
	return template.JS(data), err
}

// webSite returns the home page's schema.org WebSite, with a SearchAction
// for the site's search page (which reads its query from ?q=) when it has
// one: what lets a search engine offer a search box for the site.
func (r *Renderer) webSite(v *View, rec *recorder) (template.JS, error) {
	type entryPoint struct {
		Type        string `json:"@type"`
		URLTemplate string `json:"urlTemplate"`
	}
	type searchAction struct {
		Type       string     `json:"@type"`
		Target     entryPoint `json:"target"`
		QueryInput string     `json:"query-input"`
	}
	site := struct {
		Context         string        `json:"@context"`
		Type            string        `json:"@type"`
		Name            string        `json:"name"`
		URL             string        `json:"url"`
		Description     string        `json:"description,omitempty"`
		InLanguage      string        `json:"inLanguage,omitempty"`
		Publisher       *ldThing      `json:"publisher,omitempty"`
		PotentialAction *searchAction `json:"potentialAction,omitempty"`
	}{
		Context: "https://schema.org", Type: "WebSite",
		Name: r.site.Title, URL: r.abs("/"), Description: cmp.Or(r.site.Description, v.Page.Summary), InLanguage: r.site.Language,
	}
	if p := r.site.Publisher; p.Name != "" {
		site.Publisher = &ldThing{Type: "Organization", Name: p.Name, URL: p.URL}
	}
	if s := r.site.Search; s != nil {
		rec.addPart(s, model.PartOwn)
		site.PotentialAction = &searchAction{Type: "SearchAction",
			Target:     entryPoint{Type: "EntryPoint", URLTemplate: r.abs(s.URL) + "?q={search_term_string}"},
			QueryInput: "required name=search_term_string"}
	}
	return ldJSON(site)
}

// collectionPage returns the schema.org CollectionPage of a list page (a
// term's, a week's digest): its name, description and URL (of this page
// of the list), and the briefs it shows, in order, as an ItemList.
func (r *Renderer) collectionPage(v *View, rec *recorder) (template.JS, error) {
	type itemList struct {
		Type            string       `json:"@type"`
		NumberOfItems   int          `json:"numberOfItems"`
		ItemListElement []ldListItem `json:"itemListElement"`
	}
	url := v.URL
	pages := v.Pages
	if v.Pager != nil {
		url, pages = v.Pager.URL, v.Pager.Pages
	}
	page := struct {
		Context     string   `json:"@context"`
		Type        string   `json:"@type"`
		Name        string   `json:"name"`
		Description string   `json:"description,omitempty"`
		URL         string   `json:"url"`
		InLanguage  string   `json:"inLanguage,omitempty"`
		IsPartOf    ldThing  `json:"isPartOf"`
		MainEntity  itemList `json:"mainEntity"`
	}{
		Context: "https://schema.org", Type: "CollectionPage",
		Name: v.Title, Description: v.MetaDescription(), URL: r.abs(url), InLanguage: r.site.Language,
		IsPartOf:   ldThing{Type: "WebSite", Name: r.site.Title, URL: r.abs("/")},
		MainEntity: itemList{Type: "ItemList", NumberOfItems: len(pages), ItemListElement: []ldListItem{}},
	}
	for i, p := range pages {
		rec.addPart(p, model.PartOwn)
		page.MainEntity.ItemListElement = append(page.MainEntity.ItemListElement,
			ldListItem{Type: "ListItem", Position: i + 1, Name: p.Title, URL: r.abs(p.URL)})
	}
	return ldJSON(page)
}

// breadcrumbList returns a brief's schema.org BreadcrumbList: the home
// page, its section's page, the brief.
func (r *Renderer) breadcrumbList(v *View, rec *recorder) (template.JS, error) {
	crumbs := []ldListItem{{Type: "ListItem", Position: 1, Name: r.site.Title, Item: r.abs("/")}}
	for _, s := range r.site.Sections {
		if s.Section == v.Section {
			rec.addPart(s, model.PartOwn)
			crumbs = append(crumbs, ldListItem{Type: "ListItem", Position: 2, Name: s.Title, Item: r.abs(s.URL)})
			break
		}
	}
	crumbs = append(crumbs, ldListItem{Type: "ListItem", Position: len(crumbs) + 1, Name: v.Title, Item: r.abs(v.URL)})
	return ldJSON(struct {
		Context         string       `json:"@context"`
		Type            string       `json:"@type"`
		ItemListElement []ldListItem `json:"itemListElement"`
	}{"https://schema.org", "BreadcrumbList", crumbs})
}
