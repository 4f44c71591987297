package model

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

func TestRelatedRanking(t *testing.T) {
	brief := func(title, date, companies, topics, related string) string {
		return fmt.Sprintf("---\ntitle: %s\ndate: %s\ncompanies: [%s]\ntopics: [%s]\nrelated: [%s]\n---\n", title, date, companies, topics, related)
	}
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md":       brief("A", "2026-07-10", "Acme", "chips", "far"),
		"content/briefs/same-co.md": brief("Same company, close", "2026-07-12", "Acme", "cloud", ""),
		"content/briefs/old-co.md":  brief("Same company, a year before", "2025-07-10", "Acme", "cloud", ""),
		"content/briefs/topic.md":   brief("Same topic, close", "2026-07-09", "Other", "chips", ""),
		"content/briefs/both.md":    brief("Company and topic", "2026-06-10", "Acme", "chips", ""),
		"content/briefs/none.md":    brief("Nothing shared", "2026-07-10", "Other", "cloud", ""),
		"content/briefs/far.md":     brief("Named in related", "2020-01-01", "Else", "else", ""),
	}, Options{Now: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)})
	var a *Page
	for _, p := range s.Briefs {
		if p.Slug == "a" {
			a = p
		}
	}
	got := urls(a.Related)
	// same-co: 2 shared / (1 + 2/30 days) = 1.9; both: 3 / (1 + 30/30) = 1.5;
	// topic: 1 / (1 + 1/30) = 0.97; old-co: 2 / (1 + 365/30) = 0.15.
	want := []string{"/briefs/far/", "/briefs/same-co/", "/briefs/both/", "/briefs/topic/", "/briefs/old-co/"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Related = %v, want %v (named first, then by shared terms weighted by time)", got, want)
	}
}

// TestRelatedAtScale ranks the related briefs of sites of 750 and 3,000
// briefs that share few terms (7 companies, 5 topics and one topic of
// all), so each term lists a fixed share of all briefs. Each brief gets
// its five, none itself; and the work, counted in steps (candidates
// looked at and probes of terms' lists), grows about 4 times for 4 times
// the briefs: each brief looks at a window of relatedWindow neighbours in
// each of its terms. Comparing every pair of a term's briefs would do 16
// times the work.
func TestRelatedAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,750 briefs")
	}
	build := func(n int) (*Site, int64) {
		files := map[string]string{}
		for i := range n {
			files[fmt.Sprintf("content/briefs/b%d.md", i)] = fmt.Sprintf("---\ntitle: B%d\ndate: %s\ncompanies: [C%d]\ntopics: [t%d, all]\n---\n",
				i, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC3339), i%7, i%5)
		}
		var steps atomic.Int64
		s := mustBuild(t, files, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), relatedWork: &steps})
		return s, steps.Load()
	}
	_, small := build(750)
	s, large := build(3000)
	for _, p := range s.Briefs {
		if len(p.Related) != MaxRelated {
			t.Fatalf("%s has %d related briefs", p.URL, len(p.Related))
		}
		for _, q := range p.Related {
			if q == p {
				t.Fatalf("%s is related to itself", p.URL)
			}
		}
	}
	ratio := float64(large) / float64(small)
	t.Logf("%d steps for 750 briefs, %d for 3,000: %.2f times", small, large, ratio)
	if small == 0 || ratio > 6 {
		t.Errorf("4 times the briefs take %.2f times the steps (%d, then %d); want about 4, and 16 would be quadratic", ratio, small, large)
	}
}
