package model

import "strconv"

// Pager is one page of a paginated list.
type Pager struct {
	// Number counts from 1.
	Number int
	// Count is the number of pages in the list.
	Count int
	// Total is the number of entries in the whole list.
	Total int
	// Pages holds this page's entries.
	Pages []*Page
	// URL is this page's path; PrevURL and NextURL are "" at the ends.
	URL, PrevURL, NextURL string
	// FirstURL and LastURL are the ends of the list.
	FirstURL, LastURL string
}

// Paginate splits pages into pagers of size entries at base, base+"page/2/",
// and so on. An empty list still has one (empty) pager.
func Paginate(pages []*Page, size int, base string) []*Pager {
	count := max(1, (len(pages)+size-1)/size)
	pagers := make([]*Pager, count)
	for i := range pagers {
		lo, hi := i*size, min((i+1)*size, len(pages))
		pagers[i] = &Pager{
			Number:   i + 1,
			Count:    count,
			Total:    len(pages),
			Pages:    pages[lo:hi],
			URL:      PagerURL(base, i+1),
			FirstURL: base,
			LastURL:  PagerURL(base, count),
		}
		if i > 0 {
			pagers[i].PrevURL = PagerURL(base, i)
		}
		if i+1 < count {
			pagers[i].NextURL = PagerURL(base, i+2)
		}
	}
	return pagers
}

// PagerURL is the path of page n of the list at base.
func PagerURL(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}
