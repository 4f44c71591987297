package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"title", "date", "companies", "topics", "drafts", "paginate"}
	tests := []struct{ word, want string }{
		{"compnies", "companies"},
		{"Titel", "title"},
		{"draft", "drafts"},
		{"dat", "date"},
		{"pagination", ""},
		{"zzz", ""},
		{"topics", "topics"},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Hint("compnies", keys); got != ` (did you mean "companies"?)` {
		t.Errorf("Hint = %q", got)
	}
	if got := Hint("zzz", keys); got != "" {
		t.Errorf("Hint for a far word = %q, want empty", got)
	}
}
