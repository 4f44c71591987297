package config

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Taxonomy is one way of grouping briefs, declared as [taxonomies.NAME] in
// gen.toml: its name is the URL folder of its pages (/companies/) and, by
// default, the frontmatter key that lists a brief's terms. Every option may
// be left out.
type Taxonomy struct {
	// Name is the key under [taxonomies]: lower-case letters, digits and
	// hyphens.
	Name string `toml:"-"`
	// Title names the taxonomy in headings ("Companies"); the default is
	// the name with a capital letter.
	Title string `toml:"title"`
	// Singular names one term ("Company"); the default is the title
	// without a final "s".
	Singular string `toml:"singular"`
	// Key is the frontmatter key that lists a brief's terms; the default
	// is the name. The key "region" may also hold a single term as text.
	Key string `toml:"key"`
	// Terms configures terms under their display name: the other ways
	// briefs write them (case never matters), and the term they belong
	// to. A term named here is shown as written here ("AI" for "ai").
	Terms map[string]TermConfig `toml:"terms"`
	// Feeds turns the RSS, Atom and JSON feeds of each term on or off
	// (default on).
	Feeds *bool `toml:"feeds"`
	// Paginate is the number of briefs on each page of a term; the default
	// is the site's paginate.
	Paginate int `toml:"paginate"`
	// Search turns the indexing of the terms' names for /search/ on or
	// off (default on).
	Search *bool `toml:"search"`
	// SimilarTerms turns the warning about two terms that look like one
	// name spelled two ways on or off (default on; [check] similar_terms
	// = false turns it off for every taxonomy).
	SimilarTerms *bool `toml:"similar_terms"`
	// RelatedWeight is how much a shared term counts when gen ranks
	// related briefs (default 1; 2 for companies; 0 leaves it out).
	RelatedWeight *int `toml:"related_weight"`
	// About is the schema.org type the terms name, such as
	// "Organization", "Person" or "Place": a brief's news metadata lists
	// its terms as what it is about, and for "Organization" the
	// near-duplicate check also matches names that differ by a legal
	// suffix ("Acme" and "Acme Inc"). Without it terms are only keywords.
	About string `toml:"about"`

	// index maps a lower-cased name or alias to its canonical name.
	index map[string]string
}

// TermConfig describes one term under its canonical name.
type TermConfig struct {
	Aliases []string `toml:"aliases"`
	Parent  string   `toml:"parent"`
}

// CompanyConfig is the former name of TermConfig, from when only
// companies were configured.
type CompanyConfig = TermConfig

// DefaultTaxonomies are the taxonomies of every site, in their order:
// companies (organisations, which may have aliases and parents), then
// topics.
var DefaultTaxonomies = []string{"companies", "topics"}

// taxonomyName is what a taxonomy's name may be: a URL folder.
var taxonomyName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// reservedFolders are the folders of the output that gen's own pages and
// the default theme use, which no taxonomy's pages may take.
var reservedFolders = []string{"briefs", "search", "digest", "page", "css", "js"}

// reservedKeys are frontmatter keys that cannot list a taxonomy's terms.
var reservedKeys = []string{"title", "date", "updated", "sources", "authors", "key_points", "summary", "image",
	"image_alt", "draft", "slug", "aliases", "related", "params"}

// taxonomyKeys are the keys of a [taxonomies.NAME] table, for messages.
const taxonomyKeys = "title, singular, key, terms, feeds, paginate, search, similar_terms, related_weight, about"

// FeedsOn reports whether each term has its feeds.
func (t *Taxonomy) FeedsOn() bool { return On(t.Feeds) }

// SearchOn reports whether search indexes the terms' names.
func (t *Taxonomy) SearchOn() bool { return On(t.Search) }

// SimilarTermsOn reports whether the near-duplicate check covers the
// taxonomy (the site's [check] similar_terms aside).
func (t *Taxonomy) SimilarTermsOn() bool { return On(t.SimilarTerms) }

// Weight is what a shared term adds to two briefs' relatedness.
func (t *Taxonomy) Weight() int {
	if t.RelatedWeight == nil {
		return 1
	}
	return *t.RelatedWeight
}

// TermNames returns the configured canonical term names, sorted.
func (t *Taxonomy) TermNames() []string {
	names := make([]string, 0, len(t.Terms))
	for n := range t.Terms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// IsNamed reports whether a canonical name has a table under terms.
func (t *Taxonomy) IsNamed(name string) bool {
	_, ok := t.Terms[name]
	return ok
}

// Canonical folds a name through the configured names and aliases,
// ignoring case; an unknown name is returned trimmed.
func (t *Taxonomy) Canonical(name string) string {
	name = strings.TrimSpace(name)
	if canon, ok := t.index[strings.ToLower(name)]; ok {
		return canon
	}
	return name
}

// Parent returns the canonical parent of a canonical term, or "".
func (t *Taxonomy) Parent(name string) string {
	if p := t.Terms[name].Parent; p != "" {
		return t.Canonical(p)
	}
	return ""
}

// Spellings maps each configured name, alias and parent, as written, to
// its canonical name.
func (t *Taxonomy) Spellings() map[string]string {
	m := map[string]string{}
	for name, tc := range t.Terms {
		m[name] = name
		for _, a := range tc.Aliases {
			m[a] = name
		}
		if tc.Parent != "" {
			m[tc.Parent] = t.Canonical(tc.Parent)
		}
	}
	return m
}

// Taxonomy returns the taxonomy called name, or nil.
func (c *Config) Taxonomy(name string) *Taxonomy {
	for _, t := range c.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// TermKeys lists the frontmatter keys of the taxonomies, in their order.
func (c *Config) TermKeys() []string {
	keys := make([]string, len(c.Taxonomies))
	for i, t := range c.Taxonomies {
		keys[i] = t.Key
	}
	return keys
}

// companies is the companies taxonomy, which every site has.
func (c *Config) companies() *Taxonomy { return c.Taxonomy("companies") }

// CompanyNames returns the configured canonical company names, sorted.
func (c *Config) CompanyNames() []string { return c.companies().TermNames() }

// CanonicalCompany folds a name through the configured company names and
// aliases, ignoring case; an unknown name is returned trimmed.
func (c *Config) CanonicalCompany(name string) string { return c.companies().Canonical(name) }

// CompanySpellings maps each configured company name and alias, as
// written, to the canonical name.
func (c *Config) CompanySpellings() map[string]string { return c.companies().Spellings() }

// ParentCompany returns the canonical parent of a canonical company, or "".
func (c *Config) ParentCompany(name string) string { return c.companies().Parent(name) }

// defaultTaxonomy fills in the options a built-in taxonomy has by default.
func defaultTaxonomy(t *Taxonomy) {
	switch t.Name {
	case "companies":
		if t.Singular == "" {
			t.Singular = "Company"
		}
		if t.RelatedWeight == nil {
			two := 2
			t.RelatedWeight = &two
		}
		if t.About == "" {
			t.About = "Organization"
		}
	}
}

// finishTaxonomies orders the taxonomies, fills in their defaults and
// checks them. They come in the order gen.toml first mentions them under
// [taxonomies], and a built-in one it does not mention goes right after
// the built-in one before it (companies, when not mentioned, first): so
// a site that only configures companies' terms, or only adds people,
// keeps companies then topics. [companies.NAME] tables are the older
// spelling of [taxonomies.companies.terms.NAME] and are merged into it.
func (c *Config) finishTaxonomies(order []string) error {
	tables := c.TaxonomyTables
	if tables == nil {
		tables = map[string]*Taxonomy{}
	}
	for _, name := range DefaultTaxonomies {
		if tables[name] == nil {
			tables[name] = &Taxonomy{}
		}
	}
	if len(c.Companies) > 0 {
		companies := tables["companies"]
		if len(companies.Terms) > 0 {
			return &keyError{"companies", "companies are configured both as [companies.NAME] and as [taxonomies.companies.terms.NAME]: move the [companies.NAME] tables under [taxonomies.companies.terms]"}
		}
		companies.Terms = c.Companies
	}
	var names []string
	for _, name := range order {
		if tables[name] != nil && !containsString(names, name) {
			names = append(names, name)
		}
	}
	for i, name := range DefaultTaxonomies {
		if containsString(names, name) {
			continue
		}
		at := 0
		if i > 0 {
			at = slices.Index(names, DefaultTaxonomies[i-1]) + 1
		}
		names = slices.Insert(names, at, name)
	}
	// Names only a Go caller set, without gen.toml text, go last, sorted.
	var rest []string
	for name := range tables {
		if !containsString(names, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	names = append(names, rest...)

	c.Taxonomies = nil
	keys := map[string]string{}
	for _, name := range names {
		t := tables[name]
		t.Name = name
		if !taxonomyName.MatchString(name) {
			return &keyError{"taxonomies." + name, fmt.Sprintf("%q cannot name a taxonomy: use lower-case letters, digits and hyphens, as in a URL", name)}
		}
		if containsString(reservedFolders, name) {
			return &keyError{"taxonomies." + name, fmt.Sprintf("%q cannot name a taxonomy: gen writes other pages to /%s/; choose another name", name, name)}
		}
		defaultTaxonomy(t)
		if t.Title == "" {
			t.Title = strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
		}
		if t.Singular == "" {
			t.Singular = strings.TrimSuffix(t.Title, "s")
		}
		if t.Key == "" {
			t.Key = name
		}
		if containsString(reservedKeys, t.Key) {
			return &keyError{"taxonomies." + name + ".key", fmt.Sprintf("%q is a frontmatter key gen uses for something else: choose another key", t.Key)}
		}
		if prev, ok := keys[t.Key]; ok {
			return &keyError{"taxonomies." + name + ".key", fmt.Sprintf("the frontmatter key %q already lists the terms of %q: a key belongs to one taxonomy", t.Key, prev)}
		}
		keys[t.Key] = name
		if t.Paginate < 0 {
			return &keyError{"taxonomies." + name + ".paginate", fmt.Sprintf("must be a positive number of briefs per page, not %d", t.Paginate)}
		}
		if t.Paginate == 0 {
			t.Paginate = c.Paginate
		}
		if t.RelatedWeight != nil && *t.RelatedWeight < 0 {
			return &keyError{"taxonomies." + name + ".related_weight", fmt.Sprintf("must be 0 or more, not %d", *t.RelatedWeight)}
		}
		if err := t.checkTerms(); err != nil {
			return err
		}
		c.Taxonomies = append(c.Taxonomies, t)
	}
	c.TaxonomyTables = tables
	return nil
}

// checkTerms indexes the configured names and aliases, and rejects an
// alias claimed by two terms, an empty name, and a parent chain that loops.
func (t *Taxonomy) checkTerms() error {
	owner := map[string]string{}
	t.index = owner
	key := t.termsKey()
	for _, name := range t.TermNames() {
		if strings.TrimSpace(name) == "" {
			return &keyError{key, fmt.Sprintf("a %s name is empty", strings.ToLower(t.Singular))}
		}
		for _, a := range append([]string{name}, t.Terms[name].Aliases...) {
			k := strings.ToLower(strings.TrimSpace(a))
			if k == "" {
				return &keyError{key + "." + name, "an alias is empty"}
			}
			if prev, ok := owner[k]; ok && prev != name {
				return &keyError{key + "." + name, fmt.Sprintf("%q is also a name or alias of %q: a name belongs to one %s", a, prev, strings.ToLower(t.Singular))}
			}
			owner[k] = name
		}
	}
	// A parent without a table of its own is a term too.
	for _, name := range t.TermNames() {
		if p := strings.TrimSpace(t.Terms[name].Parent); p != "" {
			if _, ok := owner[strings.ToLower(p)]; !ok {
				owner[strings.ToLower(p)] = p
			}
		}
	}
	for _, name := range t.TermNames() {
		seen := map[string]bool{name: true}
		for p := t.Terms[name].Parent; p != ""; p = t.Terms[t.Canonical(p)].Parent {
			p = t.Canonical(p)
			if seen[p] {
				return &keyError{key + "." + name, fmt.Sprintf("parent chain loops back to %q", p)}
			}
			seen[p] = true
		}
	}
	return nil
}

// termsKey is the key messages name a taxonomy's terms by: "companies"
// for companies, as their tables are usually written [companies.NAME].
func (t *Taxonomy) termsKey() string {
	if t.Name == "companies" {
		return "companies"
	}
	return "taxonomies." + t.Name + ".terms"
}

// taxonomyOrder lists the taxonomy names in the order the config text
// first mentions them: as [taxonomies.NAME...] tables, as NAME = {...}
// under [taxonomies], or as dotted keys taxonomies.NAME.x = ....
func taxonomyOrder(data []byte) []string {
	var order []string
	note := func(path []string) {
		if len(path) >= 2 && path[0] == "taxonomies" && !containsString(order, path[1]) {
			order = append(order, path[1])
		}
	}
	keyOf := func(n *unstable.Node) []string {
		var parts []string
		for it := n.Key(); it.Next(); {
			parts = append(parts, string(it.Node().Data))
		}
		return parts
	}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyOf(e)
			note(table)
		case unstable.KeyValue:
			note(append(append([]string(nil), table...), keyOf(e)...))
		}
	}
	return order // a parse error was reported by the decoder already
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
