package author

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/config"
)

// TestTaggingQuality imports each labelled wire text of testdata/tagging
// (copy of many shapes: dateline stories, press releases, newsletters,
// earnings, regulation, layoffs, funding, deals, breaches), tagged with the
// example site's gen.toml and with a new site's, and measures the
// suggestions against the companies and topics an editor gave each text
// (its first two lines). It fails when precision or recall falls below
// 0.9 for companies (also on a new site, which knows no company) or 0.8
// for topics, and logs every miss and every wrong suggestion.
func TestTaggingQuality(t *testing.T) {
	cfg, err := config.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the example site", func(t *testing.T) { tagAndScore(t, KnownOf(cfg), 0.9, 0.8) })
	// A new site's gen.toml names no company: the well-known ones and
	// the names that look like companies' are all it has.
	t.Run("a new site", func(t *testing.T) { tagAndScore(t, KnownOf(config.Default()), 0.9, 0.8) })
}

// tagAndScore tags every labelled text with known and checks precision
// and recall against floors for companies and topics.
func tagAndScore(t *testing.T, known Known, companiesFloor, topicsFloor float64) {
	files, _ := filepath.Glob("testdata/tagging/*.txt")
	if len(files) < 30 {
		t.Fatalf("%d labelled texts, want at least 30", len(files))
	}
	type score struct{ right, suggested, expected int }
	scores := map[string]*score{"companies": {}, "topics": {}}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		head, copyText, ok := strings.Cut(string(data), "\n---\n")
		if !ok {
			t.Fatalf("%s: no --- line after the labels", file)
		}
		want := map[string][]string{}
		for _, line := range strings.Split(head, "\n") {
			key, list, _ := strings.Cut(line, ":")
			for _, v := range strings.Split(list, ",") {
				if v = strings.TrimSpace(v); v != "" {
					want[key] = append(want[key], v)
				}
			}
		}
		im, err := Parse([]byte(copyText), known)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for key, s := range scores {
			got := im.Terms[key]
			s.suggested += len(got)
			s.expected += len(want[key])
			// A new site spells the vocabulary's topics its own way ("ai"
			// where the example site writes "AI").
			has := func(list []string, v string) bool {
				return slices.ContainsFunc(list, func(w string) bool { return strings.EqualFold(w, v) })
			}
			for _, g := range got {
				if has(want[key], g) {
					s.right++
				} else {
					t.Logf("%s: %s %q suggested (%s), not expected", filepath.Base(file), key, g, reasonOf(im, key, g))
				}
			}
			for _, w := range want[key] {
				if !has(got, w) {
					t.Logf("%s: %s %q missed", filepath.Base(file), key, w)
				}
			}
		}
	}
	for key, floor := range map[string]float64{"companies": companiesFloor, "topics": topicsFloor} {
		s := scores[key]
		precision := float64(s.right) / float64(max(1, s.suggested))
		recall := float64(s.right) / float64(max(1, s.expected))
		t.Logf("%s: precision %.2f (%d of %d suggested), recall %.2f (%d of %d expected)", key, precision, s.right, s.suggested, recall, s.right, s.expected)
		if precision < floor || recall < floor {
			t.Errorf("%s: precision %.2f, recall %.2f; want both at least %.1f", key, precision, recall, floor)
		}
	}
}

// reasonOf is the reason given for a suggestion.
func reasonOf(im *Imported, key, term string) string {
	for _, r := range im.Reasons {
		if r.Key == key && r.Term == term {
			return r.Why
		}
	}
	return "no reason given"
}

// TestPassingMentions is the case that made editors distrust the tags: a
// story about one company names three others once, late, and uses
// "funding" in passing. Only the subject is suggested, the others are
// listed as mentioned, and no topic comes from one word.
func TestPassingMentions(t *testing.T) {
	cfg, err := config.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	copyText := "What happened: Nvidia posts record revenue\n\n" +
		"Nvidia said revenue rose on demand for its chips.\n\n" +
		"Buyers include Microsoft, Google and Meta.\n\n" +
		"The company will redirect funding into AI research.\n"
	im, err := Parse([]byte(copyText), KnownOf(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if got := im.Terms["companies"]; !slices.Equal(got, []string{"Nvidia"}) {
		t.Errorf("companies %q, want only Nvidia", got)
	}
	if got := fmt.Sprint(im.Mentioned["companies"]); got != "[Google Meta Microsoft]" && got != "[Microsoft Google Meta]" {
		t.Errorf("mentioned %s, want Microsoft, Google and Meta", got)
	}
	if slices.Contains(im.Terms["topics"], "funding") || slices.Contains(im.Terms["topics"], "AI") {
		t.Errorf("topics %q: one passing phrase gave a topic", im.Terms["topics"])
	}
	if why := reasonOf(im, "companies", "Nvidia"); why != "in the headline" {
		t.Errorf("Nvidia suggested for %q, want in the headline", why)
	}
	md, err := im.Markdown(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), "briefs")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "# also mentioned, in passing: ") {
		t.Errorf("the brief does not list the companies mentioned in passing:\n%s", md)
	}
}

// TestNewCompanies checks each way a company the site does not know is
// found in a story's first paragraph, and names that are not companies.
func TestNewCompanies(t *testing.T) {
	tests := []struct{ lead, want string }{
		{"Vantrix Systems, Inc. (NASDAQ: VTRX) today announced a chip.", "Vantrix Systems"},
		{"Okaro Cloud Inc. said hackers got in.", "Okaro Cloud"},
		{"Hallmere Logistics N.V. said an attack stopped deliveries.", "Hallmere Logistics"},
		{"Intel Corporation (NASDAQ: INTC) today announced a process.", "Intel"},
		{"Lumenfold, a London start-up that builds agents, raised money.", "Lumenfold"},
		{"Qubitra, a quantum computing company, today announced a round.", "Qubitra"},
		{"BOSTON — Cascade Data today announced a data centre.", "Cascade Data"},
		{"Corvane has agreed to buy Delmar Networks for $4.1 billion.", "Corvane, Delmar Networks"},
		{"The company said sales fell. Analysts said it was expected.", ""},
		{"Shares rose 6% in early trading.", ""},
	}
	for _, tt := range tests {
		var names []string
		for _, c := range newCompanies(zones{lead: tt.lead}) {
			names = append(names, c.name)
		}
		if got := strings.Join(names, ", "); got != tt.want {
			t.Errorf("%q: found %q, want %q", tt.lead, got, tt.want)
		}
	}
}

// TestTagsFromAReview holds the cases a review found: a topic "meta" the
// site's briefs use is not the company Meta; "Foundry Ventures" is a
// name, not the chips topic; "Nvidia Corp" and "Amazon.com Inc" without
// a full stop are companies.
func TestTagsFromAReview(t *testing.T) {
	known := Known{Taxonomies: []KnownTaxonomy{
		{Key: "companies", Organizations: true, Spellings: map[string]string{}, Exact: map[string]bool{}},
		{Key: "topics", Spellings: map[string]string{"meta": "meta"}, Exact: map[string]bool{}},
	}}
	im, err := Parse([]byte("What happened: Meta and Nvidia Corp sign a deal\n\nMeta said the round was led by Foundry Ventures. Amazon.com Inc said nothing.\n"), known)
	if err != nil {
		t.Fatal(err)
	}
	if got := im.Terms["topics"]; slices.Contains(got, "meta") || slices.Contains(got, "chips") {
		t.Errorf("topics %q: from a company's name", got)
	}
	for _, want := range []string{"Nvidia", "Amazon.com"} {
		if !slices.Contains(im.Terms["companies"], want) {
			t.Errorf("companies %q lack %s", im.Terms["companies"], want)
		}
	}
	// The well-known companies are known with their case: an apple and a
	// company's arm are not Apple and Arm, which are.
	for text, want := range map[string][]string{
		"What happened: The for-profit arm of the lab sold an apple\n\nThe arm of the lab sold an apple, and the arm grew.\n": nil,
		"What happened: Arm and Apple sign a licence\n\nArm said Apple would pay more.\n":                                     {"Apple", "Arm"},
	} {
		im, err := Parse([]byte(text), known)
		if err != nil {
			t.Fatal(err)
		}
		if got := im.Terms["companies"]; !slices.Equal(slices.Sorted(slices.Values(got)), want) {
			t.Errorf("companies of %q: %q, want %q", text, got, want)
		}
	}
}

// TestSentenceEdges: the last character of a line or of the text before
// a word is read whole, curly quotes and dashes included.
func TestSentenceEdges(t *testing.T) {
	for line, want := range map[string]bool{
		"It said yes.": true, "It said “yes.”": true, "the rivals’": true, "(as planned)": true,
		"Chip maker cuts jobs": false, "Chip maker cuts jobs — again": false, "": false,
	} {
		if got := endsSentence(line); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", line, got, want)
		}
	}
	for text, want := range map[string]bool{
		"Foundry": true, "Funding. Foundry": true, "Funding — Foundry": true, "Funding\nFoundry": true,
		"the Foundry": false, "Intel’s Foundry": false,
	} {
		if got := sentenceStartAt(text, strings.LastIndex(text, "Foundry")); got != want {
			t.Errorf("sentenceStartAt(%q) = %v, want %v", text, got, want)
		}
	}
}
