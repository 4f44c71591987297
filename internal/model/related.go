package model

import (
	"runtime"
	"slices"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"
)

// MaxRelated is the number of related briefs a brief shows.
const MaxRelated = 5

// relatedSpare is how many briefs beyond MaxRelated are ranked, to take
// the place of those a brief's body already links (its "Also read").
const relatedSpare = MaxRelated

// relatedWindow is how many briefs on each side of a brief, in each of its
// terms' date-ordered lists, are candidates: enough to find close ones
// without comparing every pair of a large site.
const relatedWindow = 10

// pickRelated sets a brief's Related from its candidates: those its body
// does not link already (as its "Also read" section does), up to
// MaxRelated, or as many as its frontmatter names. Until the body is
// rendered, no link is known.
func pickRelated(p *Page) {
	limit := max(MaxRelated, p.relatedNamed)
	p.Related = make([]*Page, 0, min(limit, len(p.relatedAll)))
	for _, q := range p.relatedAll {
		if len(p.Related) == limit {
			break
		}
		if !p.linked[q.URL] {
			p.Related = append(p.Related, q)
		}
	}
}

// rankRelated fills each brief's Related, after the briefs named in its
// frontmatter, with the briefs that share the most companies and topics
// with it, weighted towards those close in time.
func (b *builder) rankRelated() {
	briefs := b.site.Briefs
	// The ranking depends only on each brief's path, URL, date, terms and
	// named related briefs: while none of those changed (an edit to a
	// body), the preview keeps the last build's ranking.
	sig := relatedSignature(briefs)
	if kept := b.opts.Cache.related(sig); kept != nil {
		for _, p := range briefs {
			for _, path := range kept[p.Source.Path] {
				if q := b.bySource[path]; q != nil {
					p.Related = append(p.Related, q)
				}
			}
		}
		return
	}
	named := make([]int, len(briefs))
	for i, p := range briefs {
		named[i] = len(p.Related)
	}
	for i, p := range briefs {
		p.ord = i
	}
	// Each worker marks candidates in a slice by brief ordinal, cheaper
	// than a map for the hundreds of candidates of each of thousands of
	// briefs.
	scratch := sync.Pool{New: func() any {
		s := make([]int32, len(briefs))
		for i := range s {
			s[i] = -1
		}
		return &s
	}}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range briefs {
		g.Go(func() error {
			want := MaxRelated + relatedSpare - len(p.Related)
			if want <= 0 {
				return nil
			}
			type candidate struct {
				q      *Page
				shared float64
				score  float64
			}
			var found []candidate
			marks := scratch.Get().(*[]int32)
			index := *marks
			defer func() {
				for _, c := range found {
					index[c.q.ord] = -1
				}
				scratch.Put(marks)
			}()
			visit := func(terms []*Term, weight float64) {
				for _, t := range terms {
					at, probes := position(t.Briefs, p)
					lo, hi := max(0, at-relatedWindow), min(len(t.Briefs), at+relatedWindow+1)
					if w := b.opts.relatedWork; w != nil {
						w.Add(int64(probes + hi - lo))
					}
					for j := lo; j < hi; j++ {
						q := t.Briefs[j]
						if q == p || slices.Contains(p.Related, q) {
							continue
						}
						k := index[q.ord]
						if k < 0 {
							k = int32(len(found))
							index[q.ord] = k
							found = append(found, candidate{q: q})
						}
						found[k].shared += weight
					}
				}
			}
			for _, l := range p.TermLists {
				if w := l.Taxonomy.Config.Weight(); w > 0 {
					visit(l.Terms, float64(w))
				}
			}
			// Keep the best few, in order: higher score, then newer, then URL.
			better := func(x, y *candidate) bool {
				if x.score != y.score {
					return x.score > y.score
				}
				if c := x.q.Date.Compare(y.q.Date); c != 0 {
					return c > 0
				}
				return x.q.URL < y.q.URL
			}
			top := make([]candidate, 0, want+1)
			for _, c := range found {
				days := p.Date.Sub(c.q.Date).Abs().Hours() / 24
				c.score = c.shared / (1 + days/30)
				k := len(top)
				for k > 0 && better(&c, &top[k-1]) {
					k--
				}
				if k < want {
					top = slices.Insert(top, k, c)
					if len(top) > want {
						top = top[:want]
					}
				}
			}
			for _, c := range top {
				p.Related = append(p.Related, c.q)
			}
			return nil
		})
	}
	g.Wait() // the calls return no error
	ranked := make(map[string][]string, len(briefs))
	for i, p := range briefs {
		for _, q := range p.Related[named[i]:] {
			ranked[p.Source.Path] = append(ranked[p.Source.Path], q.Source.Path)
		}
	}
	b.opts.Cache.keepRelated(sig, ranked)
}

// position finds p in briefs, which are ordered newest first as
// newestFirst orders them, by binary search; probes counts the briefs it
// looked at.
func position(briefs []*Page, p *Page) (at, probes int) {
	i := sort.Search(len(briefs), func(i int) bool { probes++; return !before(briefs[i], p) })
	if i < len(briefs) && briefs[i] == p {
		return i, probes
	}
	return slices.Index(briefs, p), probes + len(briefs)
}

// before reports whether a comes before b in newest-first order.
func before(a, b *Page) bool {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c < 0
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.URL < b.URL
}

// relatedSignature hashes what the ranking of related briefs depends on.
func relatedSignature(briefs []*Page) uint64 {
	var h fp
	for _, p := range briefs {
		writeStrings(&h, p.Source.Path, p.URL)
		writeUint(&h, uint64(p.Date.UnixNano()))
		writeUint(&h, uint64(len(p.Related)))
		for _, q := range p.Related {
			writeString(&h, q.URL)
		}
		for _, l := range p.TermLists {
			writeString(&h, "|"+l.Taxonomy.Name)
			for _, t := range l.Terms {
				writeString(&h, t.key)
			}
		}
	}
	return h.Sum64()
}
