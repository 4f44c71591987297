// Tagging: the terms an import suggests, each for a reason an editor can
// check.

package author

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gen-briefs/gen/internal/config"
)

// KnownOf is what the site's configuration lets an import tag: for each
// taxonomy, the names and aliases gen.toml gives and the terms' parents.
// A spelling of four letters or fewer ("AWS", "US") matches only with its
// case.
func KnownOf(cfg *config.Config) Known {
	var known Known
	for _, tc := range cfg.Taxonomies {
		kt := KnownTaxonomy{Key: tc.Key, Spellings: tc.Spellings(), Exact: map[string]bool{}, Organizations: tc.About == "Organization", Parents: map[string]string{}}
		for sp := range kt.Spellings {
			kt.Exact[sp] = len(sp) <= 4
		}
		for name := range tc.Terms {
			if p := tc.Parent(name); p != "" {
				kt.Parents[name] = p
			}
		}
		known.Taxonomies = append(known.Taxonomies, kt)
	}
	return known
}

// Reason says why an import suggests a term.
type Reason struct {
	// Key is the taxonomy's frontmatter key, Term the term.
	Key, Term string
	// Why is where the copy names it: "in the headline", "named 3 times",
	// "the phrase “raised $40m”, in the first paragraph".
	Why string
}

// zones are the parts of the copy that say what a story is about: its
// headline, key points and first paragraph.
type zones struct {
	headline, keyPoints, lead string
	// all is every part that can be tagged.
	all string
}

// zonesOf finds the zones of the parsed copy.
func (im *Imported) zonesOf() zones {
	z := zones{headline: im.Title, keyPoints: strings.Join(im.KeyPoints, "\n"), all: im.taggable()}
	for _, s := range im.Sections {
		for _, b := range s.Blocks {
			if b.Rows == nil && !bullet.MatchString(b.Text) {
				z.lead = b.Text
				return z
			}
		}
	}
	return z
}

// where says in which zone a spelling is named, or "".
func (z zones) where(spelling string, exact bool) string {
	switch {
	case wordIndex(z.headline, spelling, exact) >= 0:
		return "in the headline"
	case wordIndex(z.keyPoints, spelling, exact) >= 0:
		return "in the key points"
	case wordIndex(z.lead, spelling, exact) >= 0:
		return "in the first paragraph"
	}
	return ""
}

// wordCount counts the whole-word occurrences of word in text.
func wordCount(text, word string, exact bool) int {
	n := 0
	for {
		i := wordIndex(text, word, exact)
		if i < 0 {
			return n
		}
		n++
		text = text[i+len(word):]
	}
}

// tag suggests the terms of each taxonomy and the sources found in the
// text. A term of an organisations taxonomy is suggested when the story
// is about it: named in the headline, key points or first paragraph, or
// named twice or more; one named once further down is only mentioned.
// Topics come from the site's topics named the same way and from a
// vocabulary of phrases (topicPhrases), never from one word in passing.
// Other taxonomies (regions, people) take every term named.
func (im *Imported) tag(known Known) {
	z := im.zonesOf()
	im.Terms = map[string][]string{}
	im.Mentioned = map[string][]string{}
	var orgs []string // organisations' names, which are not sources
	for _, tax := range known.Taxonomies {
		type found struct {
			at    int
			count int
			where string
		}
		byTerm := map[string]*found{}
		spellings, exactOf := tax.Spellings, tax.Exact
		if tax.Organizations {
			spellings, exactOf = withWellKnown(spellings, exactOf)
		}
		for spelling, canon := range spellings {
			if tax.Key == "topics" && inVocabulary(canon) {
				// Found by its phrases: "cloud" alone may be a name's
				// ("Okaro Cloud") or a figure of speech.
				continue
			}
			// A topic written in lower case names the topic only in lower
			// case: "meta" is not the company Meta.
			exact := exactOf[spelling] || tax.Key == "topics" && spelling == strings.ToLower(spelling)
			at := wordIndex(z.all, spelling, exact)
			if at < 0 {
				continue
			}
			f := byTerm[canon]
			if f == nil {
				f = &found{at: at}
				byTerm[canon] = f
			}
			f.at = min(f.at, at)
			f.count += wordCount(z.all, spelling, exact)
			if w := z.where(spelling, exact); w != "" && (f.where == "" || zoneRank(w) < zoneRank(f.where)) {
				f.where = w
			}
		}
		terms := slices.Collect(func(yield func(string) bool) {
			for t := range byTerm {
				if !yield(t) {
					return
				}
			}
		})
		slices.SortFunc(terms, func(a, b string) int {
			if fa, fb := byTerm[a], byTerm[b]; fa.at != fb.at && tax.Organizations {
				return fa.at - fb.at
			}
			return strings.Compare(a, b)
		})
		var kept []string
		keep := func(term, why string) {
			if !slices.Contains(kept, term) {
				kept = append(kept, term)
				im.Reasons = append(im.Reasons, Reason{tax.Key, term, why})
			}
		}
		subjectOrMany := tax.Organizations || tax.Key == "topics"
		for _, t := range terms {
			f := byTerm[t]
			switch {
			case !subjectOrMany:
				keep(t, "named in the copy")
			case f.where != "":
				keep(t, f.where)
			case f.count >= 2:
				keep(t, fmt.Sprintf("named %d times", f.count))
			case tax.Organizations:
				im.Mentioned[tax.Key] = append(im.Mentioned[tax.Key], t)
			}
		}
		if tax.Organizations {
			for _, c := range newCompanies(z) {
				if canon, ok := tax.Spellings[c.name]; ok {
					c.name = canon
				}
				if !slices.Contains(kept, c.name) {
					keep(c.name, c.why)
					im.Mentioned[tax.Key] = slices.DeleteFunc(im.Mentioned[tax.Key], func(m string) bool { return m == c.name })
				}
			}
			// A subsidiary's parent is a subject too.
			for _, t := range slices.Clone(kept) {
				if p := tax.Parents[t]; p != "" && !slices.Contains(kept, p) {
					keep(p, "the parent of "+t)
				}
			}
		}
		if tax.Key == "topics" {
			for _, v := range vocabulary {
				name := v.topic
				for spelling, canon := range tax.Spellings {
					if strings.EqualFold(spelling, v.topic) {
						name = canon
					}
				}
				if slices.Contains(kept, name) {
					continue
				}
				if why := v.evidence(z); why != "" {
					keep(name, why)
				}
			}
		}
		im.Terms[tax.Key] = kept
		im.TermKeys = append(im.TermKeys, tax.Key)
		if tax.Organizations {
			orgs = append(orgs, kept...)
			orgs = append(orgs, im.Mentioned[tax.Key]...)
			for spelling, canon := range tax.Spellings {
				if slices.Contains(orgs, canon) {
					orgs = append(orgs, spelling)
				}
			}
		}
	}
	for _, re := range []*regexp.Regexp{according, reported, dateline} {
		for _, m := range re.FindAllStringSubmatch(z.all, -1) {
			src := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(m[1], "the "), "The "), ".")
			if src == "" || slices.Contains([]string{"It", "He", "She", "They", "We", "Company"}, src) ||
				slices.Contains(im.Sources, src) || slices.Contains(orgs, src) {
				continue
			}
			im.Sources = append(im.Sources, src)
		}
	}
}

// inVocabulary reports whether the built-in vocabulary has the topic,
// whatever its case.
func inVocabulary(topic string) bool {
	return slices.ContainsFunc(vocabulary, func(v topicPhrases) bool { return strings.EqualFold(v.topic, topic) })
}

// zoneRank orders the zones, the headline first.
func zoneRank(where string) int {
	return slices.Index([]string{"in the headline", "in the key points", "in the first paragraph"}, where)
}

// company is a name that looks like a company's, and why.
type company struct{ name, why string }

var (
	// listed is a company with its stock listing, as press releases name
	// their subject: "Vantrix Systems, Inc. (NASDAQ: VTRX)".
	listed = regexp.MustCompile(`([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4})(?:,? (?:Inc|Corp|Ltd|plc|PLC|LLC|N\.V|S\.A|AG|SE|Co)\.?)? \((?:NASDAQ|Nasdaq|NYSE|NYSE American|LSE|LON|TSX|TSE|HKEX|ASX|Euronext|SIX|XETRA|OTC|OTCQX)\s*[:：]\s*([A-Z0-9.]{1,8})\)`)
	// incorporated is a name with a company's legal ending: "Cascade
	// Data Inc.", "Northwind Holdings".
	incorporated = regexp.MustCompile(`\b([A-Z][\w&'’-]*(?:\.[a-z]{2,})?(?: [A-Z][\w&'’-]*){0,3}),? (?:Inc\.?|Corp\.?|Corporation|Ltd\.?|Limited|plc|PLC|LLC|GmbH|N\.V\.|S\.A\.|Holdings|Group)(?:\W|$)`)
	// announcer is the subject of a press release's first sentence:
	// "Cascade Data today announced".
	announcer = regexp.MustCompile(`(?:^|— )([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3}),? (?:today|on \w+day) (?:announced|said|unveiled|launched|introduced|reported)`)
	// described is a name followed by what kind of company it is:
	// "Lumenfold, a London start-up", "Qubitra, a quantum computing
	// company,".
	described = regexp.MustCompile(`(?:^|— |\. )([A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,2}), (?:a|an|the) (?:[\w-]+ ){0,4}(?:start-?up|company|firm|maker|developer|provider|chipmaker|manufacturer|retailer|publisher|bank|insurer|carrier|operator)\b`)
	// buyer is a deal's two sides: "Corvane has agreed to buy Delmar
	// Networks", "Northwind Analytics to Acquire Brightpath Software".
	buyer = regexp.MustCompile(`(?:^|— |\. )([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3}) (?:has |have )?(?:agreed to|agrees to|is in talks to|in talks to|to|will|plans to) (?:buy|acquire|Buy|Acquire|merge with|Merge With) ([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})`)
)

// notCompanies are capitalised words the patterns above may catch that
// name no company.
var notCompanies = []string{"The", "A", "An", "It", "This", "That", "He", "She", "They", "We", "Analysts", "Officials", "Regulators", "Investors", "Shares", "Company", "Group", "Holdings"}

// newCompanies finds names that look like companies in the headline, key
// points and first paragraph, named in a way only companies are: with a
// stock listing, a legal ending, or as the one that "today announced".
func newCompanies(z zones) []company {
	var out []company
	add := func(name, why string) {
		name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), ","))
		for _, end := range []string{" Inc.", " Inc", " Corporation", " Incorporated", " Corp.", " Corp", " Limited", " Ltd.", " Ltd", " plc", " PLC", " LLC", " Co.", " N.V.", " S.A.", " AG", " SE", " GmbH"} {
			name = strings.TrimSuffix(name, end)
		}
		name = strings.TrimSuffix(name, ",")
		if name == "" || slices.Contains(notCompanies, name) || slices.ContainsFunc(out, func(c company) bool { return c.name == name }) {
			return
		}
		out = append(out, company{name, why})
	}
	for _, zone := range []string{z.headline, z.keyPoints, z.lead} {
		for _, m := range listed.FindAllStringSubmatch(zone, -1) {
			add(m[1], fmt.Sprintf("listed as %s", m[2]))
		}
		for _, m := range incorporated.FindAllStringSubmatch(zone, -1) {
			add(strings.TrimPrefix(m[1], "The "), "named as a company, "+strings.TrimSpace(strings.TrimRight(m[0], " ,.;:)")))
		}
		for _, m := range announcer.FindAllStringSubmatch(zone, -1) {
			add(m[1], "the subject of the announcement")
		}
		for _, m := range described.FindAllStringSubmatch(zone, -1) {
			add(m[1], "described as a company")
		}
		for _, m := range buyer.FindAllStringSubmatch(zone, -1) {
			add(m[1], "a side of the deal")
			add(m[2], "a side of the deal")
		}
	}
	return out
}

// topicPhrases is a topic of the vocabulary with the phrases that name
// it; each phrase is specific enough to be read in its context alone
// ("raised $40m", not "funding").
type topicPhrases struct {
	topic   string
	phrases *regexp.Regexp
}

// evidence says where the copy names the topic: a phrase in the
// headline, key points or first paragraph, or two anywhere; else "".
func (v topicPhrases) evidence(z zones) string {
	for _, zone := range []struct{ text, where string }{{z.headline, "in the headline"}, {z.keyPoints, "in the key points"}, {z.lead, "in the first paragraph"}} {
		if ms := v.matches(zone.text); len(ms) > 0 {
			return fmt.Sprintf("the phrase %q, %s", ms[0], zone.where)
		}
	}
	if ms := v.matches(z.all); len(ms) >= 2 {
		return fmt.Sprintf("the phrases %q and %q", ms[0], ms[1])
	}
	return ""
}

// matches finds the topic's phrases in text, leaving out those that are
// part of a name: capitalised inside a sentence ("led by Foundry
// Ventures"), unless it has more capitals (GPUs, ChatGPT).
func (v topicPhrases) matches(text string) []string {
	var out []string
	for _, m := range v.phrases.FindAllStringIndex(text, -1) {
		phrase := text[m[0]:m[1]]
		r, _ := utf8.DecodeRuneInString(phrase)
		word := strings.Fields(phrase)[0]
		if unicode.IsUpper(r) && strings.IndexFunc(word[len(string(r)):], unicode.IsUpper) < 0 && !sentenceStartAt(text, m[0]) {
			continue // a name's word, not an acronym (GPUs) or a brand (ChatGPT)
		}
		out = append(out, phrase)
	}
	return out
}

// sentenceStartAt reports whether offset i of text starts a sentence: the
// text's start, or after a line break or a sentence's end.
func sentenceStartAt(text string, i int) bool {
	r, size := utf8.DecodeLastRuneInString(strings.TrimRight(text[:i], " \t“\"‘'("))
	return size == 0 || strings.ContainsRune(".!?:\n—", r)
}

// vocabulary is the built-in vocabulary of topics, matched on phrases.
var vocabulary = []topicPhrases{
	{"layoffs", regexp.MustCompile(`(?i)\b(?:lay(?:s|ing)? off|laid off|layoffs?\b|job cuts?\b|(?:cut|cuts|cutting|eliminate|eliminates|eliminating|shed|sheds|shedding|axe|axes|axing) (?:about |around |some |nearly |roughly |more than |over |up to |several |a few |hundreds of |thousands of |dozens of )*(?:[\d,.]+(?: ?%)? |hundred |thousand )*(?:of (?:its|their) )?(?:jobs|roles|positions|employees|staff|workers|workforce)|(?:reduce|reduces|reducing|reduction (?:in|of)) (?:its |the )?(?:headcount|workforce)|redundanc(?:y|ies)\b)`)},
	{"funding", regexp.MustCompile(`(?i)\b(?:funding round|series [a-h] (?:round|funding)|seed (?:round|funding)|rais(?:e|es|ed|ing) (?:\$|€|£|us\$)[\d.,]+ ?(?:m|bn|million|billion)\b|rais(?:e|es|ed|ing) [\w ]{0,25}(?:in|of) (?:new )?(?:funding|capital|financing)\b|venture (?:capital|funding|investors?)\b|led the round|round (?:was )?led by|(?:post|pre)-money valuation|(?:valuing (?:it|the (?:company|start-?up))|a valuation of) (?:at )?(?:\$|€|£)[\d.,]+|at a (?:\$|€|£)[\d.,]+ ?(?:m|bn|million|billion) valuation)`)},
	{"earnings", regexp.MustCompile(`(?i)\b(?:quarterly (?:results|earnings|revenue|sales|profit)|(?:first|second|third|fourth)[- ]quarter (?:results|earnings|revenue|profit|sales|net)|q[1-4] (?:results|earnings|revenue|sales)|earnings per share|(?:annual|full-year|fiscal[- ]year) (?:results|revenue|profit)|revenue (?:rose|fell|grew|increased|declined|jumped|climbed|slipped)|(?:net (?:income|profit|loss)|operating profit) (?:of|rose|fell|was|grew|jumped)|(?:beat|missed|topped) (?:analysts'? |wall street )?(?:estimates|expectations|forecasts)|(?:raised|lowered|cut) (?:its )?(?:full-year |annual )?(?:guidance|outlook|forecast))`)},
	{"regulation", regexp.MustCompile(`(?i)\b(?:antitrust|regulators?\b|competition (?:authority|regulator|watchdog|law|commission)|european commission|digital markets act|digital services act|ai act\b|data act\b|fined (?:\w+ ){0,6}(?:€|\$|£|us\$)|(?:ftc|cma|doj|sec|fcc)\b (?:sued|fined|opened|filed|charged|said|ruled|blocked)|court (?:ruled|ordered|upheld|rejected)|(?:justice department|department of justice|attorneys? general) (?:sued|filed|charged|opened)|illegal monopoly|abuse of (?:its )?dominan\w+|(?:investigation|probe) into|gdpr|export (?:controls|rules|restrictions|curbs|licen[cs]es)|(?:new|proposed|draft) (?:law|rules|regulations?)\b)`)},
	{"ai", regexp.MustCompile(`(?i)\b(?:artificial intelligence|generative ai|ai (?:models?|chips?|accelerators?|assistants?|agents?|infrastructure|workloads?|start-?ups?|labs?|research|tools?|features?|training|inference|services?|systems?|data cent(?:re|er)s?|spending|investment)|large language models?|llms?\b|machine learning|chatbots?|chatgpt|foundation models?)`)},
	{"chips", regexp.MustCompile(`(?i)\b(?:semiconductors?|chipmakers?|chip ?(?:makers?|plants?|factor(?:y|ies)|designs?|designers?|supply|sales|exports?|production|capacity)|foundr(?:y|ies)|wafers?|gpus?\b|(?:\d+|two|three)[- ]?(?:nm|nanometre|nanometer)\b|fabs?\b|hbm\d*\b|memory chips?|ai chips?|processors?\b)`)},
	{"cloud", regexp.MustCompile(`(?i)\b(?:cloud (?:computing|services?|providers?|platforms?|business|division|unit|revenue|customers?|infrastructure|market|regions?|contracts?|storage|spending)|data cent(?:re|er)s?|hyperscalers?|infrastructure as a service)`)},
	{"security", regexp.MustCompile(`(?i)\b(?:cyber ?attacks?|ransomware|data breach(?:es)?|breach(?:ed)? (?:of|at)|hackers?\b|vulnerabilit(?:y|ies)|malware|security (?:flaw|hole|incident|researchers?)|zero-day|phishing|(?:exposed|leaked|stolen) (?:data|credentials|keys|passwords|records))`)},
	{"acquisitions", regexp.MustCompile(`(?i)\b(?:(?:agreed|agrees|plans|deal|talks) to (?:acquire|buy|merge)|to acquire\b|acquisition of|acquires\b|acquired\b|merger\b|takeover\b|buyout\b|all-(?:cash|stock) deal)`)},
}
