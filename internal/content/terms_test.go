package content

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestTermKeys reads the frontmatter keys of a site's taxonomies: lists of
// terms under each, text under region as one term when a taxonomy reads
// region, and an unknown key for a taxonomy the site does not have.
func TestTermKeys(t *testing.T) {
	tests := []struct {
		name       string
		keys       []string
		front      string
		wantTerms  map[string][]string
		wantRegion string
		wantErr    string
	}{
		{"defaults", nil, "companies: [Acme]\ntopics: [ai, chips]\nregion: EU\n",
			map[string][]string{"companies": {"Acme"}, "topics": {"ai", "chips"}}, "EU", ""},
		{"people added", []string{"companies", "topics", "people"}, "people: [Ada Lovelace, \" \"]\n",
			map[string][]string{"people": {"Ada Lovelace"}}, "", ""},
		{"region as one term", []string{"companies", "topics", "region"}, "region: EU\n",
			map[string][]string{"region": {"EU"}}, "EU", ""},
		{"region as a list", []string{"companies", "topics", "region"}, "region: [EU, UK]\n",
			map[string][]string{"region": {"EU", "UK"}}, "", ""},
		{"empty region is no term", []string{"companies", "topics", "region"}, "region: \"\"\n",
			map[string][]string{"region": nil}, "", ""},
		{"people as text is an error", []string{"companies", "topics", "people"}, "people: Ada\n",
			nil, "", `content/briefs/x.md:4: people: must be a list, not the text "Ada": write people: [Ada]`},
		{"people unknown without its taxonomy", nil, "people: [Ada]\n",
			nil, "", `people: unknown key; the keys gen knows are title, date, updated, companies, topics, region, sources,`},
		{"the key list names the site's keys", []string{"companies", "topics", "people"}, "peple: [Ada]\n",
			nil, "", `unknown key (did you mean "people"?); the keys gen knows are title, date, updated, companies, topics, people, region, sources,`},
		{"tags suggests topics only when there are topics", []string{"companies", "people"}, "tags: [ai]\n",
			nil, "", `tags: unknown key; the keys gen knows are title, date, updated, companies, people, region,`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: X\ndate: 2026-01-01\n" + tt.front + "---\nBody.\n"
			tree, err := Load(context.Background(), writeSite(t, map[string]string{"content/briefs/x.md": src}), time.UTC, tt.keys...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := tree.Pages[0].Meta
			if !reflect.DeepEqual(m.Terms, tt.wantTerms) || m.Region != tt.wantRegion {
				t.Errorf("Terms, Region = %q, %q; want %q, %q", m.Terms, m.Region, tt.wantTerms, tt.wantRegion)
			}
		})
	}
}
