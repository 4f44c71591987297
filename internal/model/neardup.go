package model

import (
	"slices"
	"strings"
	"unicode"

	"github.com/gen-briefs/gen/internal/suggest"
)

// NearDuplicate is a pair of terms of one taxonomy whose names look like
// two spellings of one name but were not folded into one term: "Open AI"
// and "OpenAI", "Meta" and "Meta Platforms", "Nvidia" and "Nvida".
type NearDuplicate struct {
	// A is the spelling to fold into B (see foldFirst).
	A, B *Term
}

// legalSuffixes are words that name the same company when added to its
// name: "Meta" and "Meta Platforms", "Intel" and "Intel Corp", "Amazon"
// and "Amazon.com".
var legalSuffixes = []string{"ag", "co", "com", "company", "corp", "corporation", "gmbh", "group", "holdings", "inc",
	"incorporated", "international", "limited", "llc", "ltd", "nv", "plc", "platforms", "sa", "se", "technologies"}

// nearDuplicates finds the near-duplicate terms of a taxonomy: names equal
// once spaces and punctuation are dropped, names that differ by one letter
// (six letters or more against five or more), and, for organisations
// (about = "Organization", as companies are), a name and the same name with
// legal or corporate words after it. distinct reports pairs that are
// different on purpose (both named in gen.toml, or parent and subsidiary).
func nearDuplicates(tax *Taxonomy, distinct func(a, b *Term) bool) []NearDuplicate {
	// Terms sharing a key are candidates; a pair is checked once.
	orgs := tax.Config != nil && tax.Config.About == "Organization"
	byKey := map[string][]*Term{}
	for _, t := range tax.Terms {
		for _, k := range nearKeys(t.Name, orgs) {
			if list := byKey[k]; !slices.Contains(list, t) {
				byKey[k] = append(list, t)
			}
		}
	}
	seen := map[[2]*Term]bool{}
	var out []NearDuplicate
	for _, list := range byKey {
		for i, x := range list {
			for _, y := range list[i+1:] {
				a, b := x, y
				if foldFirst(b, a) {
					a, b = b, a
				}
				if seen[[2]*Term{a, b}] || distinct(a, b) || !nearSame(a.Name, b.Name, orgs) {
					continue
				}
				seen[[2]*Term{a, b}] = true
				out = append(out, NearDuplicate{A: a, B: b})
			}
		}
	}
	slices.SortFunc(out, func(x, y NearDuplicate) int {
		if c := strings.Compare(x.B.Name, y.B.Name); c != 0 {
			return c
		}
		return strings.Compare(x.A.Name, y.A.Name)
	})
	return out
}

// foldFirst reports whether a, rather than b, is the spelling to fold
// into the other: the one fewer briefs use; between equals, for a letter
// left out or added, the shorter ("Nvida"), and otherwise the longer, with
// the space, punctuation or legal words ("Open AI", "Meta Platforms").
func foldFirst(a, b *Term) bool {
	if a.Count() != b.Count() {
		return a.Count() < b.Count()
	}
	typo := squash(a.Name) != squash(b.Name) && baseName(a.Name) != baseName(b.Name)
	if len(a.Name) != len(b.Name) {
		return (len(a.Name) > len(b.Name)) != typo
	}
	return a.Name > b.Name
}

// squash lower-cases a name and drops everything but letters and digits.
func squash(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.ToLower(name))
}

// nameWords lower-cases a name and splits it into words of letters and
// digits.
func nameWords(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// baseName drops the legal and corporate words at the end of a company
// name: "Meta Platforms, Inc." is "meta".
func baseName(name string) string {
	ws := nameWords(name)
	for len(ws) > 1 && slices.Contains(legalSuffixes, ws[len(ws)-1]) {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, "")
}

// nearKeys are the keys under which near-duplicates of a name meet: its
// squashed form, that form with each letter left out (two names one edit
// apart share one of these), and for companies its base name.
func nearKeys(name string, company bool) []string {
	s := []rune(squash(name))
	keys := []string{string(s)}
	if len(s) >= 6 {
		for i := range s {
			keys = append(keys, string(s[:i])+string(s[i+1:]))
		}
	}
	if company {
		keys = append(keys, "base\x00"+baseName(name))
	}
	return keys
}

// nearSame reports whether two names are near-duplicates. Names whose
// numbers differ are different names, however close their letters
// ("Company 01" and "Company 02", "Pixel 8" and "Pixel 9").
func nearSame(a, b string, company bool) bool {
	if !slices.Equal(numbers(a), numbers(b)) {
		return false
	}
	sa, sb := squash(a), squash(b)
	if sa == sb || company && baseName(a) == baseName(b) {
		return true
	}
	ra, rb := []rune(sa), []rune(sb)
	return max(len(ra), len(rb)) >= 6 && min(len(ra), len(rb)) >= 5 && suggest.Distance(ra, rb) <= 1
}

// numbers lists the numbers written in a name, in order and without
// leading zeros: "Company 007 v2" has "7" and "2".
func numbers(name string) []string {
	var out []string
	for _, run := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsDigit(r) }) {
		if n := strings.TrimLeft(run, "0"); n != "" {
			out = append(out, n)
		} else {
			out = append(out, "0")
		}
	}
	return out
}
