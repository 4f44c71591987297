// The shapes of wire copy: datelines, bylines, press releases, one
// paragraph a line, and tables of figures aligned with spaces.

package author

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// wireDateline is a news agency's dateline at the start of a
	// paragraph: "SAN FRANCISCO, Nov 3 (Reuters) - ", its place the
	// first group and its agency the second.
	wireDateline = regexp.MustCompile(`^([A-Z][A-Z.'’ -]*[A-Z.](?:, [A-Z][\w.]*\.?)*)(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?))? \(([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,2})\) ?[-–—]+ `)
	// releaseDateline is a press release's: "SAN JOSE, Calif., Nov. 3,
	// 2026 /PRNewswire/ -- " or "SEATTLE--(BUSINESS WIRE)--".
	releaseDateline = regexp.MustCompile(`^([A-Z][A-Za-z.'’ -]*?(?:, [A-Z][\w.]*\.?)*)(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})? ?(?:/\s?(PR ?Newswire|GLOBE ?NEWSWIRE|Globe ?Newswire|Business ?Wire|BUSINESS ?WIRE|ACCESSWIRE|Accesswire)[^/]*/|--\((BUSINESS WIRE|Business Wire|GLOBE NEWSWIRE|PRNewswire|PR Newswire)\)) ?(?:--|[-–—])\s*`)
	// byline is a line of authors: "By Jane Doe", "By Jane Doe and John
	// Roe, Reuters".
	byline = regexp.MustCompile(`^(?i:by)\s+((?:[A-Z][\p{L}'’.-]*\s?){1,4}(?:(?:,\s*|\s+and\s+|\s*&\s*)(?:[A-Z][\p{L}'’.-]*\s?){1,4})*)$`)
	// releaseMark is a press release's first line, or its end mark.
	releaseMark = regexp.MustCompile(`(?i)^(?:for immediate release|###|# # #|-30-|- 30 -|-ends-|ends)$`)
	// boilerplateLabel starts the closing part of a press release.
	boilerplateLabel = regexp.MustCompile(`(?i)^(?:about (?:the )?[A-Z\p{L}][\w&.,'’ -]{1,60}|(?:media|press|investor|investors)?\s*(?:contacts?|inquiries|enquiries|relations)|contact information|forward[- ]looking statements?|safe harbou?r statement|cautionary (?:note|statement).*)\s*:?$`)
	// contactLine looks like a line of a contact block.
	contactLine = regexp.MustCompile(`(?i)[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d|^(?:tel|phone|email|e-mail)\b`)
)

// wireAgencies are the names gen writes for the newswires of press
// releases.
var wireAgencies = map[string]string{
	"prnewswire": "PR Newswire", "pr newswire": "PR Newswire",
	"globenewswire": "GlobeNewswire", "globe newswire": "GlobeNewswire",
	"businesswire": "Business Wire", "business wire": "Business Wire",
	"accesswire": "ACCESSWIRE",
}

// wireShape takes out of the copy's lines what is not body text: a byline
// goes to Authors; a press release's marks are dropped and its closing
// boilerplate goes to Boilerplate (with "Also read" lines left in place);
// a dateline at the start of a line gives a source and leaves its place.
// What it moves or drops is noted in Unplaced.
func (im *Imported) wireShape(lines []string) []string {
	release := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if releaseMark.MatchString(l) || releaseDateline.MatchString(l) {
			release = true
			break
		}
	}
	var out []string
	var boiler []string
	inBoiler, dropped := false, false
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		switch {
		case release && releaseMark.MatchString(line):
			dropped = true
			continue
		case byline.MatchString(line) && len(im.Authors) == 0 && (blankAround(lines, i) || nearTop(lines, i)):
			im.Authors = bylineNames(byline.FindStringSubmatch(line)[1])
			continue
		case release && !inBoiler && boilerplateLabel.MatchString(line) && (blankBefore(lines, i) || endsSentence(lines[i-1])):
			inBoiler = true
		case !inBoiler && !release && boilerplateLabel.MatchString(line) && blankBefore(lines, i) && contactFollows(lines, i):
			inBoiler = true
		}
		if inBoiler && !alsoRead.MatchString(line) {
			boiler = append(boiler, line)
			continue
		}
		if m := releaseDateline.FindStringSubmatch(line); m != nil {
			agency := m[2] + m[3]
			im.addSource(wireAgencies[strings.ToLower(strings.ReplaceAll(agency, "  ", " "))])
			im.places = append(im.places, strings.TrimSpace(m[1])+" — ")
			line = strings.TrimSpace(m[1]) + " — " + line[len(m[0]):]
			raw = line
		} else if m := wireDateline.FindStringSubmatch(line); m != nil {
			im.addSource(m[2])
			im.places = append(im.places, strings.TrimSpace(m[1])+" — ")
			line = strings.TrimSpace(m[1]) + " — " + line[len(m[0]):]
			raw = line
		}
		out = append(out, raw)
	}
	// The boilerplate's paragraphs, as the copy had them.
	var para []string
	for _, l := range append(boiler, "") {
		if l == "" {
			if len(para) > 0 {
				im.Boilerplate = append(im.Boilerplate, strings.Join(para, "\n"))
				para = nil
			}
			continue
		}
		para = append(para, l)
	}
	if len(im.Boilerplate) > 0 {
		im.Unplaced = append(im.Unplaced, fmt.Sprintf("the press release's boilerplate (%s) is kept in an HTML comment at the end, out of the page: delete it or use what you need", headOf(im.Boilerplate[0])))
	}
	if dropped {
		im.Unplaced = append(im.Unplaced, `the press release's marks ("FOR IMMEDIATE RELEASE", "###") are dropped`)
	}
	return out
}

// headOf is the start of a paragraph, for a note.
func headOf(p string) string {
	p, _, _ = strings.Cut(p, "\n")
	if utf8.RuneCountInString(p) > 40 {
		p = string([]rune(p)[:40]) + "…"
	}
	return strconv.Quote(p)
}

// addSource adds a source once.
func (im *Imported) addSource(name string) {
	if name != "" && !slices.Contains(im.Sources, name) {
		im.Sources = append(im.Sources, name)
	}
}

// nearTop reports whether line i is among the first four lines of text of
// the copy, where a byline stands even without blank lines around it.
func nearTop(lines []string, i int) bool {
	n := 0
	for _, l := range lines[:i] {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n < 4
}

// endsSentence reports whether a line ends a sentence.
func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(line))
	return strings.ContainsRune(sentenceEnd, r)
}

// headlineLine returns the index of the copy's first line of text when it
// reads as a headline of its own: a line of two to twenty-five words that
// does not end a sentence, is not a label, list item, dateline or mark,
// in copy that has no "What happened:" line to give the headline. -1
// when there is none.
func headlineLine(lines []string) int {
	first := -1
	for i, l := range lines {
		if whatHappened.MatchString(strings.TrimSpace(l)) {
			return -1
		}
		if first < 0 && strings.TrimSpace(l) != "" {
			first = i
		}
	}
	if first < 0 {
		return -1
	}
	line := strings.TrimSpace(lines[first])
	words := len(strings.Fields(line))
	switch {
	case words < 2 || words > 25, endsSentence(line) && !strings.HasSuffix(line, ")") && !strings.HasSuffix(line, "”") && !strings.HasSuffix(line, "\""),
		bullet.MatchString(line), alsoRead.MatchString(line), byline.MatchString(line), releaseMark.MatchString(line),
		wireDateline.MatchString(line), releaseDateline.MatchString(line), slices.Contains(knownLabels, strings.ToLower(labelText(line))):
		return -1
	}
	return first
}

// blankBefore reports whether line i starts the copy or follows a blank
// line; blankAround whether a blank line (or an end) is on both sides.
func blankBefore(lines []string, i int) bool {
	return i == 0 || strings.TrimSpace(lines[i-1]) == ""
}

func blankAround(lines []string, i int) bool {
	return blankBefore(lines, i) && (i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == "")
}

// contactFollows reports whether an e-mail address or telephone number is
// among the few lines after line i: what makes "Contact" a contact block.
func contactFollows(lines []string, i int) bool {
	for _, l := range lines[i+1 : min(len(lines), i+6)] {
		if contactLine.MatchString(l) {
			return true
		}
	}
	return false
}

// nameSeparator parts the names of a byline.
var nameSeparator = regexp.MustCompile(`\s*(?:,|\band\b|&)\s*`)

// bylineNames splits the names of a byline, leaving out an agency named
// after a comma as its last part ("By Jane Doe, Reuters").
func bylineNames(s string) []string {
	parts := nameSeparator.Split(strings.TrimSpace(s), -1)
	var names []string
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || i > 0 && i == len(parts)-1 && len(strings.Fields(p)) == 1 {
			continue // "Reuters" after the names
		}
		names = append(names, p)
	}
	return names
}

// sentenceEnd is how a line that ends a sentence ends.
const sentenceEnd = `.!?:"”’)`

// linePerParagraph reports whether the copy puts each paragraph on a line
// of its own with no blank line between, as wire services and newsletter
// tools often do, rather than wrapping paragraphs over several lines: of
// the lines followed by another line of text (lists and tables aside),
// at least three in four end a sentence.
func linePerParagraph(lines []string, headline int) bool {
	ends, n := 0, 0
	for i := headline + 1; i+1 < len(lines); i++ {
		l, next := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if l == "" || next == "" || bullet.MatchString(l) || bullet.MatchString(next) || isRow(l) {
			continue
		}
		n++
		if endsSentence(l) {
			ends++
		}
	}
	return n > 0 && ends*4 >= n*3
}

// cellGap separates the columns of a table of figures: a tab, or two
// spaces or more.
var cellGap = regexp.MustCompile(`\t+ *| {2,}`)

// cells splits a line into the columns of a table of figures.
func cells(line string) []string {
	return cellGap.Split(strings.TrimSpace(line), -1)
}

// isRow reports whether a line could be a row of a table of figures: two
// columns or more, one of them holding a digit.
func isRow(line string) bool {
	c := cells(line)
	return len(c) >= 2 && strings.ContainsFunc(line, unicode.IsDigit)
}

// blockOf makes a block of a paragraph's lines: a table when they are two
// rows or more with the same number of columns (a header row may lack
// the first), else text.
func blockOf(lines []string) Block {
	text := strings.Join(lines, "\n")
	if len(lines) < 2 {
		return Block{Text: text}
	}
	var rows [][]string
	for _, l := range lines {
		c := cells(l)
		if len(c) < 2 {
			return Block{Text: text}
		}
		rows = append(rows, c)
	}
	n := len(rows[len(rows)-1])
	if len(rows[0]) == n-1 {
		rows[0] = append([]string{""}, rows[0]...)
	}
	digits := 0
	for _, r := range rows {
		if len(r) != n {
			return Block{Text: text}
		}
		if strings.ContainsFunc(strings.Join(r, ""), unicode.IsDigit) {
			digits++
		}
	}
	if digits*2 < len(rows) {
		return Block{Text: text}
	}
	return Block{Text: text, Rows: rows}
}

// markdownTable writes rows as a Markdown table, the first its header;
// columns of figures are aligned right.
func markdownTable(rows [][]string) string {
	var b strings.Builder
	row := func(r []string) {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + strings.ReplaceAll(escapeInline(c), "\n", " ") + " |")
		}
		b.WriteString("\n")
	}
	row(rows[0])
	b.WriteString("|")
	for col := range rows[0] {
		numeric := len(rows) > 1
		for _, r := range rows[1:] {
			if !strings.ContainsFunc(r[col], unicode.IsDigit) {
				numeric = false
			}
		}
		if numeric {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows[1:] {
		row(r)
	}
	return b.String()
}

// readableYAML writes the characters that yaml.v3 escapes in a
// double-quoted scalar although YAML allows them as they are (emoji and
// other characters past U+FFFF, "\U0001F680"), so that an emoji headline
// stays readable. Only the scalars of lines of the form "key: "…"" or
// "- "…"", which the import writes, are read.
func readableYAML(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		start := strings.Index(l, `: "`) + 2
		if start < 2 {
			if t := strings.TrimLeft(l, " "); strings.HasPrefix(t, `- "`) {
				start = len(l) - len(t) + 2
			} else {
				continue
			}
		}
		q := l[start:]
		if len(q) < 2 || !strings.HasSuffix(q, `"`) || !strings.Contains(q, `\U`) {
			continue
		}
		var b strings.Builder
		for j := 0; j < len(q); j++ {
			if q[j] == '\\' && j+1 < len(q) && q[j+1] == 'U' && j+10 <= len(q) {
				if n, err := strconv.ParseUint(q[j+2:j+10], 16, 32); err == nil && unicode.IsPrint(rune(n)) {
					b.WriteRune(rune(n))
					j += 9
					continue
				}
			}
			if q[j] == '\\' && j+1 < len(q) {
				b.WriteString(q[j : j+2])
				j++
				continue
			}
			b.WriteByte(q[j])
		}
		lines[i] = l[:start] + b.String()
	}
	return []byte(strings.Join(lines, "\n"))
}
