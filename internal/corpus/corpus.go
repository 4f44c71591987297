// Package corpus writes deterministic sites of realistic generated briefs
// for benchmarks: the same n always gives the same files.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Companies and Topics are the terms briefs are tagged with.
var (
	Companies = makeNames("Company", 60)
	Topics    = makeNames("topic", 40)
)

func makeNames(prefix string, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s %02d", prefix, i+1)
	}
	return names
}

var words = strings.Fields(`cloud revenue growth quarter analysts expect capacity data centre
chips supply demand regulators filing market share customers pricing contracts launch model
training inference power grid capital spending layoffs hiring teams engineers investors round
valuation startup acquisition antitrust ruling appeal export controls licence semiconductor
foundry wafers memory bandwidth software platform subscription margin guidance outlook shares
security breach patch disclosure users accounts region expansion partnership agreement deal`)

// Slug is the file name, without .md, of brief i.
func Slug(i int) string { return fmt.Sprintf("brief-%05d", i) }

// Write writes a site of n briefs into dir: gen.toml and content/.
func Write(dir string, n int) error {
	r := rand.New(rand.NewPCG(1, 2))
	briefs := filepath.Join(dir, "content", "briefs")
	if err := os.MkdirAll(briefs, 0o755); err != nil {
		return err
	}
	config := "title = \"Benchmark Briefs\"\nbaseURL = \"https://bench.example.org/\"\ntimezone = \"UTC\"\npaginate = 20\n"
	if err := os.WriteFile(filepath.Join(dir, "gen.toml"), []byte(config), 0o644); err != nil {
		return err
	}
	start := time.Date(2023, 1, 1, 8, 0, 0, 0, time.UTC)
	step := 3 * 365 * 24 * time.Hour / time.Duration(max(n, 1))
	for i := range n {
		text := brief(r, i, n, start.Add(time.Duration(i)*step))
		if err := os.WriteFile(filepath.Join(briefs, Slug(i)+".md"), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Brief returns the text of brief i of an n-brief corpus with the given
// body marker, for benchmarks that edit one brief.
func Brief(i, n int, marker string) string {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	return brief(r, i, n, time.Date(2023, 1, 1, 8, 0, 0, 0, time.UTC)) + "\n" + marker + "\n"
}

func brief(r *rand.Rand, i, n int, date time.Time) string {
	pick := func(list []string, k int) []string {
		out := make([]string, 0, k)
		for _, j := range r.Perm(len(list))[:k] {
			out = append(out, list[j])
		}
		return out
	}
	sentence := func() string {
		ws := make([]string, 8+r.IntN(12))
		for k := range ws {
			ws[k] = words[r.IntN(len(words))]
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	paragraph := func() string {
		ss := make([]string, 3+r.IntN(4))
		for k := range ss {
			ss[k] = sentence()
		}
		return strings.Join(ss, " ")
	}
	companies, topics := pick(Companies, 1+r.IntN(3)), pick(Topics, 1+r.IntN(3))
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\ncompanies: [%s]\ntopics: [%s]\nregion: global\n",
		fmt.Sprintf("%s %s as %s", companies[0], words[r.IntN(len(words))], sentence()[:30]),
		date.Format(time.RFC3339), strings.Join(companies, ", "), strings.Join(topics, ", "))
	b.WriteString("sources:\n  - name: Reuters\n    url: https://www.reuters.com/\nkey_points:\n")
	for range 2 + r.IntN(3) {
		fmt.Fprintf(&b, "  - %q\n", sentence())
	}
	b.WriteString("---\n\n## What happened\n\n")
	for range 3 {
		b.WriteString(paragraph() + "\n\n")
	}
	fmt.Fprintf(&b, "The figures, per **%s**, are *preliminary* and [the filing](https://example.org/filing/%d) has more.\n\n", companies[0], i)
	if i%7 == 0 {
		b.WriteString("| Quarter | Revenue | Growth |\n| --- | --- | --- |\n| Q1 | 10.2 | 12% |\n| Q2 | 11.0 | 8% |\n\n")
	}
	b.WriteString("## Why it matters\n\n")
	for range 3 {
		b.WriteString(paragraph() + "\n\n")
	}
	if i%11 == 0 {
		b.WriteString("```json\n{\"region\": \"global\", \"enabled\": true}\n```\n\n")
	}
	b.WriteString("## Also read\n\n")
	for _, j := range []int{(i + 1) % n, (i + 17) % n} {
		if j != i {
			fmt.Fprintf(&b, "- [An earlier brief](%s.md)\n", Slug(j))
		}
	}
	return b.String()
}
