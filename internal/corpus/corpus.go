// Package corpus writes deterministic sites of realistic generated briefs
// for benchmarks: the same n always gives the same files.
//
// Each brief has gen's frontmatter (title, date, companies, topics, region,
// sources, key points) and a body of MinWords to MaxWords words with "What
// happened", "Why it matters" and "Also read" sections, emphasis, links,
// links to other briefs, and now and then a table or a code block. Briefs
// name one to three of the 60 Companies and one to three of the 40 Topics
// and are dated evenly over three years. It does not write layouts or
// static files: the site uses gen's default theme.
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

// MinWords and MaxWords bound the number of words in a brief's body, as
// counted by Words.
const (
	MinWords = 400
	MaxWords = 700
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

var (
	headlineVerbs   = strings.Fields("raises cuts delays expands wins loses doubles pauses opens settles")
	headlineObjects = []string{"data centre spending", "chip orders", "cloud prices", "its AI model",
		"the antitrust appeal", "export licences", "hiring plans", "a security patch", "the foundry deal",
		"subscription prices", "memory supply", "its revenue outlook"}
	regions = []string{"global", "global", "global", "Europe", "North America", "Asia"}
	sources = []string{"Reuters", "Bloomberg", "Financial Times", "The Verge", "company filing"}
)

// start is the date of brief 0; the corpus spans three years from it.
var start = time.Date(2023, 1, 1, 8, 0, 0, 0, time.UTC)

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
	return brief(r, i, n, start) + "\n" + marker + "\n"
}

// Words returns the number of words in the body of a brief (the text after
// its frontmatter): runs of letters and digits holding at least one letter,
// so Markdown punctuation and table rules do not count.
func Words(text string) int {
	if rest, ok := strings.CutPrefix(text, "---\n"); ok {
		if _, body, ok := strings.Cut(rest, "\n---\n"); ok {
			text = body
		}
	}
	n := 0
	for _, f := range strings.Fields(text) {
		if strings.IndexFunc(f, isLetter) >= 0 {
			n++
		}
	}
	return n
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

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
	// section writes paragraphs of three to six sentences until it holds
	// at least budget words, and returns how many it wrote.
	section := func(b *strings.Builder, budget int) int {
		written := 0
		for written < budget {
			ss := make([]string, 0, 6)
			for k := 0; k < 3+r.IntN(4) && written < budget; k++ {
				s := sentence()
				written += strings.Count(s, " ") + 1
				ss = append(ss, s)
			}
			b.WriteString(strings.Join(ss, " ") + "\n\n")
		}
		return written
	}
	companies, topics := pick(Companies, 1+r.IntN(3)), pick(Topics, 1+r.IntN(3))
	var b strings.Builder
	title := fmt.Sprintf("%s %s %s as %s %s", companies[0], headlineVerbs[r.IntN(len(headlineVerbs))],
		headlineObjects[r.IntN(len(headlineObjects))], words[r.IntN(len(words))], words[r.IntN(len(words))])
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\ncompanies: [%s]\ntopics: [%s]\nregion: %s\n",
		title, date.Format(time.RFC3339), strings.Join(companies, ", "), strings.Join(topics, ", "),
		regions[r.IntN(len(regions))])
	b.WriteString("sources:\n")
	for _, s := range pick(sources, 1+r.IntN(2)) {
		fmt.Fprintf(&b, "  - name: %s\n    url: https://news.example.com/%s/%d\n", s, strings.ReplaceAll(strings.ToLower(s), " ", "-"), i)
	}
	b.WriteString("key_points:\n")
	for range 2 + r.IntN(3) {
		fmt.Fprintf(&b, "  - %q\n", sentence())
	}
	// The body's prose gets a budget between MinWords and MaxWords less
	// the fixed text around it (headings, the links sentence, the table
	// and "Also read": about 45 words) and less a sentence of overshoot
	// per section (19 words each).
	budget := MinWords + r.IntN(MaxWords-MinWords-45-2*19)
	happened := budget * (5 + r.IntN(3)) / 10
	b.WriteString("---\n\n## What happened\n\n")
	section(&b, happened)
	fmt.Fprintf(&b, "The figures, per **%s**, are *preliminary* and [the filing](https://example.org/filing/%d) has more.\n\n", companies[0], i)
	if i%7 == 0 {
		b.WriteString("| Quarter | Revenue | Growth |\n| --- | --- | --- |\n| Q1 | 10.2 | 12% |\n| Q2 | 11.0 | 8% |\n\n")
	}
	b.WriteString("## Why it matters\n\n")
	section(&b, budget-happened)
	if i%11 == 0 {
		b.WriteString("```json\n{\"region\": \"global\", \"enabled\": true}\n```\n\n")
	}
	b.WriteString("## Also read\n\n")
	for _, j := range []int{(i + n - 1) % n, (i + 17) % n} {
		if j != i {
			fmt.Fprintf(&b, "- [Brief %d, on the same market](%s.md)\n", j+1, Slug(j))
		}
	}
	return b.String()
}
