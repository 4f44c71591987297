package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDigestWeeks checks which ISO week a brief falls in: weeks start on
// Monday in the site's time zone, and the first days of January can
// belong to the last week of the year before.
func TestDigestWeeks(t *testing.T) {
	tests := []struct {
		timezone, date, week, start string
	}{
		{"UTC", "2026-07-13T00:00:00Z", "/digest/2026-w29/", "2026-07-13"},           // a Monday
		{"UTC", "2026-07-19T23:59:00Z", "/digest/2026-w29/", "2026-07-13"},           // its Sunday
		{"UTC", "2026-07-20T00:00:00Z", "/digest/2026-w30/", "2026-07-20"},           // the next Monday
		{"Europe/Berlin", "2026-07-19T22:30:00Z", "/digest/2026-w30/", "2026-07-20"}, // already Monday in Berlin
		{"America/New_York", "2026-07-20T02:00:00Z", "/digest/2026-w29/", "2026-07-13"},
		{"UTC", "2027-01-01T09:00:00Z", "/digest/2026-w53/", "2026-12-28"}, // a Friday in 2026's week 53
		{"UTC", "2025-12-29T09:00:00Z", "/digest/2026-w01/", "2025-12-29"}, // a Monday in 2026's week 1
	}
	for _, tt := range tests {
		t.Run(tt.timezone+" "+tt.date, func(t *testing.T) {
			s := mustBuild(t, map[string]string{
				"gen.toml":            "timezone = \"" + tt.timezone + "\"\n",
				"content/briefs/a.md": brief("A", tt.date),
			}, Options{Now: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)})
			b := s.Briefs[0]
			if b.Week == nil || b.Week.URL != tt.week {
				t.Fatalf("week of %s = %+v, want %s", tt.date, b.Week, tt.week)
			}
			if got := b.Week.Digest.Start.Format("2006-01-02"); got != tt.start {
				t.Errorf("week starts %s, want %s", got, tt.start)
			}
			if got := b.Week.Digest.End.Sub(b.Week.Digest.Start); got != 6*24*time.Hour {
				t.Errorf("week lasts %v from Monday to Sunday", got)
			}
		})
	}
}

// TestDigests checks the digest pages: one per week with briefs, newest
// first, linked to their neighbours; briefs grouped under their first
// topic, the biggest groups first and briefs without a topic last; and
// the dates feeds and sitemaps use.
func TestDigests(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md": brief("A", "2026-07-13T09:00:00Z", "topics: [Chips, Cloud]"),
		"content/briefs/b.md": brief("B", "2026-07-14T09:00:00Z", "topics: [Cloud]"),
		"content/briefs/c.md": brief("C", "2026-07-15T09:00:00Z", "topics: [chips]", "updated: 2026-07-25T09:00:00Z"),
		"content/briefs/d.md": brief("D", "2026-07-16T09:00:00Z"),
		"content/briefs/e.md": brief("E", "2026-07-17T09:00:00Z", "topics: [AI]"),
		"content/briefs/f.md": brief("F", "2026-06-01T09:00:00Z", "topics: [AI]"),
		"content/about.md":    "---\ntitle: About\n---\nNot a brief.\n",
	}, Options{})
	if got, want := urls(s.Digests.Pages), []string{"/digest/2026-w29/", "/digest/2026-w23/"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("digests = %q, want %q", got, want)
	}
	week, older := s.Digests.Pages[0], s.Digests.Pages[1]
	if week.Prev != older || week.Next != nil || older.Next != week || older.Prev != nil {
		t.Errorf("week links: prev %v next %v; older: prev %v next %v", week.Prev, week.Next, older.Prev, older.Next)
	}
	var groups []string
	for _, g := range week.Digest.Groups {
		name := "(none)"
		if g.Term != nil {
			name = g.Term.Name
		}
		var titles []string
		for _, p := range g.Briefs {
			titles = append(titles, p.Title)
		}
		groups = append(groups, name+": "+strings.Join(titles, " "))
	}
	want := []string{"Chips: C A", "AI: E", "Cloud: B", "(none): D"}
	if !reflect.DeepEqual(groups, want) {
		t.Errorf("groups = %q, want %q", groups, want)
	}
	if week.Title != "Week 29, 2026: 13 July to 19 July" {
		t.Errorf("title = %q", week.Title)
	}
	if got := week.Date.Format(time.RFC3339); got != "2026-07-13T09:00:00Z" {
		t.Errorf("date = %s, want the week's first brief", got)
	}
	if got := week.Lastmod().Format(time.RFC3339); got != "2026-07-25T09:00:00Z" {
		t.Errorf("lastmod = %s, want the latest update of its briefs", got)
	}
	if week.Summary != "5 briefs: E; D; C; B; A." {
		t.Errorf("summary = %q", week.Summary)
	}
	if s.Digests.Lastmod() != week.Lastmod() {
		t.Errorf("index lastmod = %v, want the newest week's", s.Digests.Lastmod())
	}
}
