package model

import "testing"

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
		{"Nvidia", "Nvida", true, true},
		{"Microsoft", "Microsfot", true, false}, // two edits
		{"Samsung", "Samsing", true, true},
		{"Intel", "Intl", true, false}, // too short to tell from another name
		{"Apple", "Apply", true, false},
		{"Amazon", "Amazon Web Services", true, false},
		{"Google", "Google Cloud", true, false},
		{"chips", "chip", false, false},
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
