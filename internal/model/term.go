package model

import (
	"sort"

	"github.com/gen-briefs/gen/internal/config"
	"strconv"
	"strings"
	"time"
)

// Taxonomy is a way of grouping briefs, as gen.toml declares it: companies,
// topics, or any other.
type Taxonomy struct {
	// Name is the URL segment: "companies" or "topics".
	Name string
	// Title and Singular are for display: "Companies", "Company".
	Title, Singular string
	URL             string
	// Config is the taxonomy's configuration, with its options.
	Config *config.Taxonomy
	// Terms are sorted by name.
	Terms []*Term
	// Page is the taxonomy's index page.
	Page *Page
	// NearDuplicates are pairs of terms that look like one name spelled
	// two ways, which gen check and gen build warn about.
	NearDuplicates []NearDuplicate
}

// TermList is a brief's terms of one taxonomy.
type TermList struct {
	Taxonomy *Taxonomy
	Terms    []*Term
}

// Term is one term of a taxonomy: a company, a topic.
type Term struct {
	Name string
	Slug string
	URL  string
	// Taxonomy is the name of the term's taxonomy.
	Taxonomy string
	// Parent is the term this one belongs to (a subsidiary's company), or
	// nil.
	Parent *Term
	// Children are the terms that belong to this one, sorted by name.
	Children []*Term
	// Briefs tagged with the term itself, newest first.
	Briefs []*Page
	// Pages are the briefs of the term and of its children (and theirs),
	// newest first: what the term page lists.
	Pages []*Page
	// Page is the term's page.
	Page *Page

	// key is the case-folded name terms are merged by.
	key string
}

// Count is the number of briefs the term page lists.
func (t *Term) Count() int { return len(t.Pages) }

// Latest is the date of the newest brief on the term page.
func (t *Term) Latest() time.Time {
	if len(t.Pages) == 0 {
		return time.Time{}
	}
	return t.Pages[0].Date
}

// Via returns the subsidiary through which brief p is on this term's page,
// or nil when p names the term itself.
func (t *Term) Via(p *Page) *Term {
	terms := p.Terms[t.Taxonomy]
	for _, c := range terms {
		if c == t {
			return nil
		}
	}
	for _, c := range terms {
		for a := c; a != nil; a = a.Parent {
			if a.Parent == t {
				return c
			}
		}
	}
	return nil
}

// termSet builds the terms of one taxonomy, folding names that differ only
// in case to their most used spelling.
type termSet struct {
	tax        *Taxonomy
	byKey      map[string]*Term
	spellings  map[string]map[string]int
	bySpelling map[string]*Term
}

func newTermSet(tax *Taxonomy) *termSet {
	return &termSet{tax: tax, byKey: map[string]*Term{}, spellings: map[string]map[string]int{}, bySpelling: map[string]*Term{}}
}

// add counts a spelling of a name and returns its term.
func (s *termSet) add(name string) *Term {
	// Most spellings repeat: look them up before folding case.
	if t, ok := s.bySpelling[name]; ok {
		s.spellings[t.key][name]++
		return t
	}
	key := strings.ToLower(name)
	t := s.byKey[key]
	if t == nil {
		t = &Term{Taxonomy: s.tax.Name, key: key}
		s.byKey[key] = t
		s.spellings[key] = map[string]int{}
	}
	s.bySpelling[name] = t
	s.spellings[key][name]++
	return t
}

// finish names each term, gives it a unique slug and URL, and sorts.
func (s *termSet) finish() {
	for key, t := range s.byKey {
		best, bestN := "", 0
		for sp, n := range s.spellings[key] {
			if n > bestN || n == bestN && sp < best {
				best, bestN = sp, n
			}
		}
		t.Name = best
		s.tax.Terms = append(s.tax.Terms, t)
	}
	sort.Slice(s.tax.Terms, func(i, j int) bool {
		a, b := s.tax.Terms[i], s.tax.Terms[j]
		if la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name); la != lb {
			return la < lb
		}
		return a.Name < b.Name
	})
	used := map[string]bool{}
	for _, t := range s.tax.Terms {
		base := Slugify(t.Name)
		if base == "" {
			base = "term"
		}
		slug := base
		for n := 2; used[slug]; n++ {
			slug = base + "-" + strconv.Itoa(n)
		}
		used[slug] = true
		t.Slug = slug
		t.URL = s.tax.URL + slug + "/"
	}
}
