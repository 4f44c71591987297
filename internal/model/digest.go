package model

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"time"
)

// DigestSection is the URL segment of the weekly digests: /digest/ lists
// them and /digest/2026-w29/ is one week.
const DigestSection = "digest"

// Digest is the briefs of one ISO week, grouped by the first term of each
// in the taxonomy the config's [digest] group_by names (topics unless set).
type Digest struct {
	// Year and Week are the ISO 8601 year and week number.
	Year, Week int
	// Start is the Monday the week begins on and End its Sunday, at
	// midnight in the site's time zone.
	Start, End time.Time
	// Taxonomy is the taxonomy the briefs are grouped by.
	Taxonomy *Taxonomy
	// Groups holds the week's briefs under their first term of Taxonomy:
	// the terms with the most briefs first, then by name; briefs without
	// one come last, in a group whose Term is nil.
	Groups []DigestGroup
}

// DigestGroup is one term's briefs in a week, newest first.
type DigestGroup struct {
	Term   *Term
	Briefs []*Page
}

// Topic is the group's term, by the name it had when digests always
// grouped by topic, for layouts written then.
func (g DigestGroup) Topic() *Term { return g.Term }

// digests makes a digest page for every ISO week with briefs, newest
// first, and the index page that lists them.
func (b *builder) digests() {
	loc := b.cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	var weeks []*Page
	for _, p := range b.site.Briefs { // newest first
		year, week := p.Date.In(loc).ISOWeek()
		if n := len(weeks); n > 0 && weeks[n-1].Digest.Year == year && weeks[n-1].Digest.Week == week {
			weeks[n-1].Pages = append(weeks[n-1].Pages, p)
			p.Week = weeks[n-1]
			continue
		}
		start := weekStart(p.Date.In(loc))
		d := &Digest{Year: year, Week: week, Start: start, End: start.AddDate(0, 0, 6)}
		slug := fmt.Sprintf("%d-w%02d", year, week)
		page := &Page{Kind: KindDigest, Section: DigestSection, Slug: slug,
			URL:    "/" + DigestSection + "/" + slug + "/",
			Title:  fmt.Sprintf("Week %d, %d: %s to %s", week, year, d.Start.Format("2 January"), d.End.Format("2 January")),
			Digest: d, Pages: []*Page{p}}
		p.Week = page
		weeks = append(weeks, page)
	}
	for i, w := range weeks {
		if i > 0 {
			w.Next = weeks[i-1]
		}
		if i+1 < len(weeks) {
			w.Prev = weeks[i+1]
		}
		b.fillDigest(w)
	}
	index := &Page{Kind: KindDigests, Section: DigestSection, Title: "Weekly digests", URL: "/" + DigestSection + "/",
		Pages: weeks, Summary: fmt.Sprintf("Every week of %s in one page: the briefs of the week, by topic, with their key points.", b.cfg.Title)}
	if len(weeks) > 0 {
		index.Date = weeks[0].Lastmod()
	}
	b.site.Digests = index
}

// fillDigest groups a week's briefs by term and sets the page's dates and
// text.
func (b *builder) fillDigest(w *Page) {
	d := w.Digest
	d.Taxonomy = b.site.Taxonomy(b.cfg.Digest.GroupBy)
	byTerm := map[*Term]int{}
	for _, p := range w.Pages {
		var term *Term
		if terms := p.Terms[b.cfg.Digest.GroupBy]; len(terms) > 0 {
			term = terms[0]
		}
		i, ok := byTerm[term]
		if !ok {
			i = len(d.Groups)
			byTerm[term] = i
			d.Groups = append(d.Groups, DigestGroup{Term: term})
		}
		d.Groups[i].Briefs = append(d.Groups[i].Briefs, p)
		if p.Lastmod().After(w.Updated) {
			w.Updated = p.Lastmod()
		}
	}
	slices.SortStableFunc(d.Groups, func(x, y DigestGroup) int {
		switch {
		case x.Term == nil || y.Term == nil:
			return boolOrder(x.Term == nil, y.Term == nil)
		case len(x.Briefs) != len(y.Briefs):
			return len(y.Briefs) - len(x.Briefs)
		}
		return strings.Compare(x.Term.Name, y.Term.Name)
	})
	// The digest is first published with the week's oldest brief.
	w.Date = w.Pages[len(w.Pages)-1].Date
	if !w.Updated.After(w.Date) {
		w.Updated = time.Time{}
	}
	digestText(w)
}

// digestText sets a digest page's summary, from its briefs' titles, and
// its content, for feeds that carry whole entries.
func digestText(w *Page) {
	titles := make([]string, len(w.Pages))
	for i, p := range w.Pages {
		titles[i] = p.Title
	}
	noun := "briefs"
	if len(w.Pages) == 1 {
		noun = "brief"
	}
	w.Summary = fmt.Sprintf("%d %s: %s.", len(w.Pages), noun, strings.Join(titles, "; "))
	w.Content = htmlOf(digestHTML(w.Digest))
}

// boolOrder sorts false before true.
func boolOrder(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}

// digestHTML is a digest as an HTML fragment, for the full-content feed:
// each topic's briefs linked, with their key points. Links are
// root-relative; feed readers resolve them against the entry's URL.
func digestHTML(d *Digest) string {
	var b strings.Builder
	for _, g := range d.Groups {
		name := "Other briefs"
		if g.Term != nil {
			name = g.Term.Name
		}
		// Written piece by piece: fmt's formatting of every brief of every
		// week was a tenth of making the model.
		b.WriteString("<h2>" + html.EscapeString(name) + "</h2>\n<ul>\n")
		for _, p := range g.Briefs {
			b.WriteString(`<li><a href="` + html.EscapeString(p.URL) + `">` + html.EscapeString(p.Title) + "</a>")
			if len(p.KeyPoints) > 0 {
				b.WriteString("<ul>")
				for _, k := range p.KeyPoints {
					b.WriteString("<li>" + html.EscapeString(k) + "</li>")
				}
				b.WriteString("</ul>")
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	return b.String()
}

// weekStart returns midnight of the Monday of t's ISO week, in t's zone.
func weekStart(t time.Time) time.Time {
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, d := t.AddDate(0, 0, -back).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
