package model

import (
	"reflect"
	"testing"
)

func TestNearSame(t *testing.T) {
	tests := []struct {
		a, b    string
		company bool
		want    bool
	}{
		{"Open AI", "OpenAI", true, true},
		{"Open-AI", "openai", false, true},
		{"Meta", "Meta Platforms", true, true},
		{"Meta", "Meta Platforms", false, false}, // topics have no legal suffixes
		{"Alphabet Inc.", "Alphabet", true, true},
		{"Amazon.com", "Amazon", true, true},
		{"Nvidia", "Nvida", true, true},
		{"Microsoft", "Microsfot", true, false}, // two edits
		{"Samsung", "Samsing", true, true},
		{"Intel", "Intl", true, false}, // too short to tell from another name
		{"Apple", "Apply", true, false},
		{"Amazon", "Amazon Web Services", true, false},
		{"Google", "Google Cloud", true, false},
		{"chips", "chip", false, false},
		// Names that differ only in a number are different names.
		{"Company 01", "Company 02", true, false},
		{"Company 01", "Company 02", false, false},
		{"Company 9", "Company 19", true, false},
		{"Pixel 8", "Pixel 9", true, false},
		{"Company 12", "Company 1 2", true, false},
		// The same number, however written, leaves the letters to decide.
		{"Company 1", "Company 01", true, true},
		{"GPT-4", "GPT4", false, true},
		{"Nvidia 3", "Nvida 3", true, true},
		{"Company 01", "Compagny 01", true, true},
	}
	for _, tt := range tests {
		if got := nearSame(tt.a, tt.b, tt.company); got != tt.want {
			t.Errorf("nearSame(%q, %q, company %v) = %v, want %v", tt.a, tt.b, tt.company, got, tt.want)
		}
		// nearKeys must bring every near pair together.
		if tt.want {
			shared := false
			keys := map[string]bool{}
			for _, k := range nearKeys(tt.a, tt.company) {
				keys[k] = true
			}
			for _, k := range nearKeys(tt.b, tt.company) {
				shared = shared || keys[k]
			}
			if !shared {
				t.Errorf("%q and %q share no key", tt.a, tt.b)
			}
		}
	}
}

// TestNearDuplicates checks which spelling of each pair is to be folded
// into the other when both are used as often.
func TestNearDuplicates(t *testing.T) {
	s := mustBuild(t, map[string]string{
		"content/briefs/a.md": brief("A", "2026-01-01T09:00:00Z", "companies: [Nvida, Open AI, Meta Platforms, Amazon.com]"),
		"content/briefs/b.md": brief("B", "2026-01-02T09:00:00Z", "companies: [Nvidia, OpenAI, Meta, Amazon]"),
	}, Options{})
	var got []string
	for _, d := range s.Taxonomy("companies").NearDuplicates {
		got = append(got, d.A.Name+" → "+d.B.Name)
	}
	want := []string{"Amazon.com → Amazon", "Meta Platforms → Meta", "Nvida → Nvidia", "Open AI → OpenAI"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("near duplicates %q, want %q", got, want)
	}
}
