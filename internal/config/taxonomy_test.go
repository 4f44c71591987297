package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestTaxonomies(t *testing.T) {
	type tax struct {
		Name, Title, Singular, Key, About string
		Paginate, Weight                  int
		Feeds, Search, Similar            bool
	}
	companies := tax{"companies", "Companies", "Company", "companies", "Organization", 20, 2, true, true, true}
	topics := tax{"topics", "Topics", "Topic", "topics", "", 20, 1, true, true, true}
	tests := []struct {
		name string
		src  string
		want []tax
	}{
		{"defaults", ``, []tax{companies, topics}},
		{"one line adds people after the defaults", "[taxonomies]\npeople = { singular = \"Person\" }\n",
			[]tax{companies, topics, {"people", "People", "Person", "people", "", 20, 1, true, true, true}}},
		{"a table adds regions read from region", "[taxonomies.regions]\nkey = \"region\"\nrelated_weight = 0\nfeeds = false\nsearch = false\nsimilar_terms = false\npaginate = 7\nabout = \"Place\"\n",
			[]tax{companies, topics, {"regions", "Regions", "Region", "region", "Place", 7, 0, false, false, false}}},
		{"mentioned defaults follow gen.toml's order", "[taxonomies.topics]\n[taxonomies.products]\n[taxonomies.companies]\ntitle = \"Firms\"\n",
			[]tax{topics, {"products", "Products", "Product", "products", "", 20, 1, true, true, true},
				{"companies", "Firms", "Company", "companies", "Organization", 20, 2, true, true, true}}},
		{"companies' terms alone keep companies then topics", "[taxonomies.companies.terms.Acme]\n[taxonomies.people]\n",
			[]tax{companies, topics, {"people", "People", "People", "people", "", 20, 1, true, true, true}}},
		{"topics alone keep companies first", "[taxonomies.regions]\n[taxonomies.topics.terms.AI]\n",
			[]tax{companies, {"regions", "Regions", "Region", "regions", "", 20, 1, true, true, true}, topics}},
		{"dotted keys count as mentions", "taxonomies.people.title = \"Who\"\n",
			[]tax{companies, topics, {"people", "Who", "Who", "people", "", 20, 1, true, true, true}}},
		{"hyphenated name", "[taxonomies.product-lines]\n",
			[]tax{companies, topics, {"product-lines", "Product lines", "Product line", "product-lines", "", 20, 1, true, true, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("gen.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []tax
			for _, x := range c.Taxonomies {
				got = append(got, tax{x.Name, x.Title, x.Singular, x.Key, x.About, x.Paginate, x.Weight(), x.FeedsOn(), x.SearchOn(), x.SimilarTermsOn()})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Taxonomies =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestTaxonomyTerms(t *testing.T) {
	const src = `[taxonomies.topics.terms.AI]
aliases = ["artificial intelligence"]

[taxonomies.topics.terms."Generative AI"]
parent = "ai"

[companies.Alphabet]
[companies.Google]
aliases = ["Google LLC"]
parent = "Alphabet"
`
	c, err := Parse("gen.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	topics := c.Taxonomy("topics")
	tests := []struct {
		tax      *Taxonomy
		in, want string
		parent   string
	}{
		{topics, "ai", "AI", ""},
		{topics, "Artificial Intelligence", "AI", ""},
		{topics, "generative ai", "Generative AI", "AI"},
		{topics, " chips ", "chips", ""},
		{c.Taxonomy("companies"), "google llc", "Google", "Alphabet"},
	}
	for _, tt := range tests {
		got := tt.tax.Canonical(tt.in)
		if got != tt.want {
			t.Errorf("%s.Canonical(%q) = %q, want %q", tt.tax.Name, tt.in, got, tt.want)
		}
		if p := tt.tax.Parent(got); p != tt.parent {
			t.Errorf("%s.Parent(%q) = %q, want %q", tt.tax.Name, got, p, tt.parent)
		}
	}
}

func TestTaxonomyErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"upper-case name", "title = \"x\"\n[taxonomies.People]\n", `gen.toml:2: taxonomies.People: "People" cannot name a taxonomy`},
		{"reserved folder", "[taxonomies.search]\n", `gen.toml:1: taxonomies.search: "search" cannot name a taxonomy: gen writes other pages to /search/`},
		{"reserved key", "[taxonomies.writers]\nkey = \"authors\"\n", `gen.toml:2: taxonomies.writers.key: "authors" is a frontmatter key gen uses for something else`},
		{"shared key", "[taxonomies.tags]\nkey = \"topics\"\n", `gen.toml:2: taxonomies.tags.key: the frontmatter key "topics" already lists the terms of "topics"`},
		{"negative paginate", "[taxonomies.people]\npaginate = -1\n", `gen.toml:2: taxonomies.people.paginate: must be a positive number`},
		{"negative weight", "[taxonomies.people]\nrelated_weight = -2\n", `taxonomies.people.related_weight: must be 0 or more, not -2`},
		{"alias claimed twice", "[taxonomies.topics.terms.AI]\naliases = [\"ml\"]\n[taxonomies.topics.terms.ML]\n",
			`gen.toml:3: taxonomies.topics.terms.ML: "ML" is also a name or alias of "AI": a name belongs to one topic`},
		{"parent loop", "[taxonomies.regions.terms.EU]\nparent = \"Europe\"\n[taxonomies.regions.terms.Europe]\nparent = \"EU\"\n",
			`parent chain loops back to "EU"`},
		{"companies twice", "[companies.Acme]\n[taxonomies.companies.terms.Acme]\n",
			`companies: companies are configured both as [companies.NAME] and as [taxonomies.companies.terms.NAME]`},
		{"unknown option", "[taxonomies.people]\nsingle = true\n", `unknown key "taxonomies.people.single"`},
		{"unknown option names the known ones", "[taxonomies.people]\nsingle = true\n", "(known keys: " + taxonomyKeys + ")"},
		{"unknown term option", "[taxonomies.people.terms.Ada]\nalias = [\"A\"]\n", `(known keys: aliases, parent)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("gen.toml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
