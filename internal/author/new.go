package author

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/model"
)

// NewBrief returns the file of a new draft brief made from archetype (or
// the built-in one when it is ""), dated now in the site's time zone, with
// the terms given for each taxonomy (by taxonomy name) folded through the
// config's names and aliases. A taxonomy the site does not have is an
// error.
func NewBrief(cfg *config.Config, archetype, headline string, terms map[string][]string, now time.Time) (File, error) {
	headline = strings.Join(strings.Fields(headline), " ")
	slug := model.Slugify(headline)
	if slug == "" {
		return File{}, errors.New("the headline has no letter or digit: give the brief a headline, such as \"Chipmaker delays its new fab\"")
	}
	for _, name := range slices.Sorted(maps.Keys(terms)) {
		if cfg.Taxonomy(name) == nil {
			var names []string
			for _, t := range cfg.Taxonomies {
				names = append(names, t.Name)
			}
			return File{}, fmt.Errorf("the site has no taxonomy %q: add [taxonomies.%s] to gen.toml, or use one of %s", name, name, strings.Join(names, ", "))
		}
	}
	d := ArchetypeData{Title: headline, Date: now.In(cfg.Location).Truncate(time.Second), Terms: map[string][]string{}}
	for _, tc := range cfg.Taxonomies {
		var folded []string
		for _, t := range terms[tc.Name] {
			if t = tc.Canonical(t); t != "" && !slices.ContainsFunc(folded, func(have string) bool { return strings.EqualFold(have, t) }) {
				folded = append(folded, t)
			}
		}
		d.Terms[tc.Key] = nonNil(folded)
		switch tc.Name {
		case "companies":
			d.Companies = d.Terms[tc.Key]
		case "topics":
			d.Topics = d.Terms[tc.Key]
		default:
			d.OtherKeys = append(d.OtherKeys, tc.Key)
		}
	}
	name := "layouts/archetypes/brief.md"
	if archetype == "" {
		archetype, name = BuiltinBrief, "the built-in brief archetype"
	}
	data, err := Execute(name, archetype, d)
	if err != nil {
		return File{}, err
	}
	return File{Path: "content/briefs/" + slug + ".md", Data: data}, nil
}

// NewPage returns the file of a new draft page at p, a path under content/
// ("team" or "team.md" for a standalone page, "notes/x.md" in a section).
func NewPage(cfg *config.Config, archetype, p, title string, now time.Time) (File, error) {
	p = strings.TrimSpace(p)
	if p == "" || path.IsAbs(p) || strings.Contains(p, "\\") || slices.Contains(strings.Split(p, "/"), "..") {
		return File{}, fmt.Errorf("%q is not a path under content/: give one such as \"team\" or \"notes/first-note\"", p)
	}
	if ext := path.Ext(p); ext != "" && ext != ".md" {
		return File{}, fmt.Errorf("%q: a page is a .md file; leave the extension off or use .md", p)
	}
	p = strings.TrimPrefix(strings.TrimSuffix(path.Clean(p), ".md"), "content/")
	base := path.Base(p)
	if model.Slugify(base) == "" || base == "_index" || base == "index" {
		return File{}, fmt.Errorf("%q cannot name a page: use letters and digits, such as \"team\"", base)
	}
	if title == "" {
		title = Humanize(base)
	}
	name := "layouts/archetypes/page.md"
	if archetype == "" {
		archetype, name = BuiltinPage, "the built-in page archetype"
	}
	data, err := Execute(name, archetype, ArchetypeData{Title: title, Date: now.In(cfg.Location).Truncate(time.Second)})
	if err != nil {
		return File{}, err
	}
	return File{Path: "content/" + p + ".md", Data: data}, nil
}

// Humanize turns a file or folder name such as "our-team" into a title,
// "Our team"; a name with no letters gives "Briefs".
func Humanize(name string) string {
	s := strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' }), " ")
	r := []rune(s)
	if len(r) == 0 {
		return "Briefs"
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
