package author

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Known is what an import can link and tag: the terms of the site's
// taxonomies, and its briefs.
type Known struct {
	// Taxonomies are the site's taxonomies, in the site's order.
	Taxonomies []KnownTaxonomy
	// Briefs lists the site's briefs.
	Briefs []KnownBrief
}

// KnownTaxonomy is what an import can tag of one taxonomy.
type KnownTaxonomy struct {
	// Key is the taxonomy's frontmatter key ("companies").
	Key string
	// Spellings maps each name or alias the copy may use to the term's
	// canonical name.
	Spellings map[string]string
	// Exact holds the spellings that match only with their case, such as
	// "AWS" or "US" (which "us" must not match).
	Exact map[string]bool
	// Organizations is set for a taxonomy whose terms name organisations,
	// as companies do: its terms are listed in the order the copy first
	// names them, only the story's subjects are suggested, names that
	// look like companies are found too, and none is taken for a source.
	Organizations bool
	// Parents maps a canonical term to its parent's canonical name.
	Parents map[string]string
}

// KnownBrief is a brief an "Also read" line may name.
type KnownBrief struct {
	Title string
	// Path is the brief's file under content/, such as "briefs/aws.md".
	Path string
}

// Imported is plain-text copy parsed into the parts of a brief.
type Imported struct {
	Title     string
	KeyPoints []string
	Sections  []Section
	AlsoRead  []AlsoRead
	// Terms holds the terms found, by taxonomy key; TermKeys lists the
	// keys in the site's order. Reasons says why each term was suggested,
	// and Mentioned lists, by key, the organisations only mentioned in
	// passing, which are not suggested.
	Terms     map[string][]string
	TermKeys  []string
	Reasons   []Reason
	Mentioned map[string][]string
	Sources   []string
	// Authors are the names of a byline ("By Jane Doe").
	Authors []string
	// Boilerplate holds a press release's closing paragraphs ("About
	// Acme", the contact block, forward-looking statements), which the
	// brief keeps out of its page.
	Boilerplate []string
	// Unplaced lists what the parser could not place, for the writer.
	Unplaced []string
	// places are the places datelines left at the start of their lines
	// ("HOUSTON — ").
	places []string
}

// Section is a part of the body under a heading ("" before any heading).
type Section struct {
	Heading string
	Blocks  []Block
}

// Block is a paragraph or list, as its lines, or a table of figures.
type Block struct {
	Text string
	// Rows are the cells of a table, the first row its header; Text is
	// then its lines as the copy had them.
	Rows [][]string
}

// AlsoRead is a story an "Also read" line named.
type AlsoRead struct {
	Text string
	// Path and Title are the matching brief's file under content/ and
	// title, or "".
	Path, Title string
}

// knownLabels are section labels recognised whatever their length.
var knownLabels = []string{
	"why it matters", "why this matters", "why this is important", "why it's important", "background",
	"what's next", "what is next", "what happens next", "context", "the big picture", "big picture",
	"between the lines", "by the numbers", "the bottom line", "bottom line", "what they're saying",
	"what they are saying", "details", "analysis", "outlook", "reaction", "what happened", "key points",
}

var (
	whatHappened = regexp.MustCompile(`(?i)^what happened\s*:\s*(.*)$`)
	alsoRead     = regexp.MustCompile(`(?i)^(?:also read|read more|related|see also|read also)\s*:\s*(.+)$`)
	bullet       = regexp.MustCompile(`^\s*(?:[-*•‣◦]|\d+[.)])\s+`)
	keyBullet    = regexp.MustCompile(`^\s*[-*•]\s+`)
	according    = regexp.MustCompile(`\baccording to ((?:the )?(?:[A-Z][\w&'’-]*)(?:[ \t]+[A-Z][\w&'’-]*){0,3})`)
	reported     = regexp.MustCompile(`((?:The )?[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3}) (?:reported|first reported|said in a report)(?:[.,;:]|$| on | that | late | earlier | first)`)
	dateline     = regexp.MustCompile(`\(([A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,2})\) [-–—] `)
)

// ErrNotText reports input that is empty or is not text.
var ErrNotText = errors.New("the input is empty or is not text")

// Parse reads plain-text copy.
func Parse(input []byte, known Known) (*Imported, error) {
	input = bytes.TrimPrefix(input, []byte("\uFEFF"))
	if bytes.HasPrefix(input, []byte{0xFE, 0xFF}) || bytes.HasPrefix(input, []byte{0xFF, 0xFE}) {
		return nil, errors.New("the input is UTF-16 text: save it as UTF-8")
	}
	if bytes.IndexByte(input, 0) >= 0 || len(bytes.TrimSpace(input)) == 0 {
		return nil, ErrNotText
	}
	if !utf8.Valid(input) {
		at := 0
		for at < len(input) {
			r, size := utf8.DecodeRune(input[at:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			at += size
		}
		line := 1 + bytes.Count(input[:at], []byte("\n"))
		return nil, fmt.Errorf("the input is not UTF-8 text (byte 0x%02X on line %d): save it as UTF-8", input[at], line)
	}
	text := strings.ReplaceAll(strings.ReplaceAll(string(input), "\r\n", "\n"), "\r", "\n")
	im := &Imported{}
	lines := im.wireShape(strings.Split(text, "\n"))
	// A first line that reads as a headline is the title.
	head := headlineLine(lines)
	perLine := linePerParagraph(lines, head)

	cur := &Section{}
	sections := []*Section{cur}
	var para []string
	flush := func() {
		if len(para) > 0 {
			cur.Blocks = append(cur.Blocks, blockOf(para))
			para = nil
		}
	}
	seenBody := false
	// keyPoints is set after a "Key points" label, until its list ends;
	// titleNext after a "What happened:" label with nothing after it.
	keyPoints, titleNext := false, false
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		if keyPoints && line != "" && !keyBullet.MatchString(line) {
			keyPoints = false
		}
		switch {
		case line == "":
			flush()
		case i == head:
			im.Title = headline(line)
		case (!seenBody || keyPoints) && keyBullet.MatchString(line):
			im.KeyPoints = append(im.KeyPoints, strings.TrimSpace(keyBullet.ReplaceAllString(line, "")))
		case whatHappened.MatchString(line):
			flush()
			rest := strings.TrimSpace(whatHappened.FindStringSubmatch(line)[1])
			cur = &Section{Heading: "What happened"}
			sections = append(sections, cur)
			switch {
			case im.Title == "" && rest == "":
				titleNext = true
			case im.Title == "":
				title, more := firstSentence(rest)
				im.Title = headline(title)
				if more != "" {
					para = append(para, more)
				}
			default:
				para = append(para, rest)
			}
			seenBody = true
		case alsoRead.MatchString(line):
			flush()
			name := strings.TrimSpace(alsoRead.FindStringSubmatch(line)[1])
			ar := AlsoRead{Text: name}
			ar.Path, ar.Title = matchBrief(name, known.Briefs)
			im.AlsoRead = append(im.AlsoRead, ar)
			seenBody = true
		case isLabel(line, lines, i):
			flush()
			label := labelText(line)
			if strings.EqualFold(label, "key points") {
				keyPoints = true
				continue
			}
			cur = &Section{Heading: label}
			sections = append(sections, cur)
			seenBody = true
		case titleNext:
			title, more := firstSentence(line)
			im.Title, titleNext = headline(title), false
			if more != "" {
				para = append(para, more)
			}
			seenBody = true
		default:
			if len(para) > 0 {
				last := para[len(para)-1]
				switch {
				case bullet.MatchString(line) && !bullet.MatchString(last):
					flush() // a list after a paragraph starts a block of its own
				case perLine && !bullet.MatchString(line) && !(isRow(line) && isRow(last)):
					flush() // copy that puts each paragraph on a line
				}
			}
			para = append(para, line)
			seenBody = true
		}
	}
	flush()
	for _, s := range sections {
		if s.Heading != "" || len(s.Blocks) > 0 {
			im.Sections = append(im.Sections, *s)
		}
	}
	if im.Title == "" {
		im.takeTitle()
	}
	im.tag(known)
	switch n := len(im.KeyPoints); {
	case n == 0:
		im.Unplaced = append(im.Unplaced, "no key points found: add two to five one-sentence key_points")
	case n == 1 || n > 5:
		im.Unplaced = append(im.Unplaced, fmt.Sprintf("%d key points: a brief has two to five", n))
	}
	if n := utf8.RuneCountInString(im.Title); n > 110 {
		im.Unplaced = append(im.Unplaced, fmt.Sprintf("the title is %d characters: shorten it to under 110", n))
	}
	return im, nil
}

// takeTitle uses the first sentence of the body as the title when no
// "What happened:" line gave one.
func (im *Imported) takeTitle() {
	for si := range im.Sections {
		s := &im.Sections[si]
		if len(s.Blocks) == 0 || s.Blocks[0].Rows != nil || bullet.MatchString(s.Blocks[0].Text) {
			continue
		}
		title, rest := firstSentence(strings.ReplaceAll(s.Blocks[0].Text, "\n", " "))
		if rest == "" {
			s.Blocks = s.Blocks[1:]
		} else {
			s.Blocks[0].Text = rest
		}
		// The place a dateline left is not part of a headline.
		for _, p := range im.places {
			if rest, ok := strings.CutPrefix(title, p); ok {
				title = rest
				break
			}
		}
		im.Title = headline(title)
		im.Unplaced = append(im.Unplaced, fmt.Sprintf("no \"What happened:\" line: the title is the first sentence of the copy, %q; check it", im.Title))
		return
	}
	im.Unplaced = append(im.Unplaced, "no headline found: set title in the frontmatter")
}

// headline drops the full stop that ends a sentence used as a title.
func headline(s string) string {
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		return strings.TrimSuffix(s, ".")
	}
	return s
}

// firstSentence splits s after its first sentence.
func firstSentence(s string) (string, string) {
	for i, r := range s {
		if r == '.' && abbreviation(s[:i]) {
			continue
		}
		if r == '.' || r == '!' || r == '?' {
			end := i + utf8.RuneLen(r)
			for end < len(s) && strings.ContainsRune("\"'’”)", rune(s[end])) {
				end++
			}
			if end == len(s) {
				return s, ""
			}
			if s[end] == ' ' && isSentenceStart(s[end+1:]) {
				return s[:end], strings.TrimSpace(s[end:])
			}
		}
	}
	return s, ""
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = []string{"mr", "mrs", "ms", "dr", "prof", "st", "inc", "corp", "ltd", "co", "jr", "sr", "vs",
	"etc", "e.g", "i.e", "u.s", "u.k", "u.n", "no", "gen", "gov", "sen", "rep", "jan", "feb", "mar", "apr",
	"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig"}

// abbreviation reports whether before ends in an abbreviation or an
// initial ("J").
func abbreviation(before string) bool {
	i := strings.LastIndexAny(before, " \t(\"“")
	word := strings.ToLower(before[i+1:])
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(before[i+1:])
		return unicode.IsUpper(r)
	}
	return slices.Contains(abbreviations, word)
}

func isSentenceStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'‘“", r)
}

// labelText is a label line without "#" marks and a final colon.
func labelText(line string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimLeft(line, "# "), ": "))
}

// isLabel reports whether a line is a section label: a known label, or a
// short capitalised line without final punctuation between blocks.
func isLabel(line string, lines []string, i int) bool {
	bare := labelText(line)
	if bare == "" {
		return false
	}
	norm := strings.ToLower(strings.ReplaceAll(bare, "’", "'"))
	if slices.Contains(knownLabels, norm) {
		return true
	}
	words := strings.Fields(bare)
	if len(words) == 0 || len(words) > 5 || len(bare) > 40 || bullet.MatchString(line) {
		return false
	}
	if strings.ContainsAny(bare[len(bare)-1:], ".!?,;\"'”’)") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(bare)
	if !unicode.IsUpper(first) {
		return false
	}
	// It must stand alone: a blank line (or the start) before it, and more
	// text after it.
	before := i == 0 || strings.TrimSpace(lines[i-1]) == ""
	after := false
	for _, l := range lines[i+1:] {
		if strings.TrimSpace(l) != "" {
			after = true
			break
		}
	}
	return before && after
}

// matchBrief finds a brief whose title is name, ignoring case, punctuation
// and spacing, and returns its path and title.
func matchBrief(name string, briefs []KnownBrief) (string, string) {
	key := normalize(name)
	for _, b := range briefs {
		if normalize(b.Title) == key {
			return b.Path, b.Title
		}
	}
	return "", ""
}

func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || r == '-' || r == '–' || r == '—':
			space = true
		}
	}
	return b.String()
}

// taggable is the text companies and topics are looked for in: the title,
// key points and body, not the "Also read" lines, which are other stories.
func (im *Imported) taggable() string {
	parts := append([]string{im.Title}, im.KeyPoints...)
	for _, s := range im.Sections {
		parts = append(parts, s.Heading)
		for _, b := range s.Blocks {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// wordIndex finds word in text as a whole word, ignoring case unless
// exact; -1 when absent.
func wordIndex(text, word string, exact bool) int {
	hay, needle := text, word
	if !exact {
		hay, needle = strings.ToLower(text), strings.ToLower(word)
	}
	for from := 0; ; {
		i := strings.Index(hay[from:], needle)
		if i < 0 || needle == "" {
			return -1
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(hay[:i])
		after, _ := utf8.DecodeRuneInString(hay[i+len(needle):])
		if (i == 0 || !isWordRune(before)) && (i+len(needle) == len(hay) || !isWordRune(after)) {
			return i
		}
		from = i + len(needle)
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// importSource is a source as an import writes it.
type importSource struct {
	Name string `yaml:"name"`
}

// frontMatter is the frontmatter an import writes, as a YAML mapping in
// this order: title, date, draft, each taxonomy's key (an empty list when
// nothing was found, for the writer to fill in), sources and key points
// when there are some.
func (im *Imported) frontMatter(now time.Time) (*yaml.Node, error) {
	front := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v any) error {
		var n yaml.Node
		if err := n.Encode(v); err != nil {
			return err
		}
		front.Content = append(front.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, &n)
		return nil
	}
	if err := errors.Join(add("title", im.Title), add("date", now.Truncate(time.Second)), add("draft", true)); err != nil {
		return nil, err
	}
	for _, k := range im.TermKeys {
		if err := add(k, nonNil(im.Terms[k])); err != nil {
			return nil, err
		}
		if m := im.Mentioned[k]; len(m) > 0 {
			front.Content[len(front.Content)-2].HeadComment = "also mentioned, in passing: " + strings.Join(m, ", ")
		}
	}
	if len(im.Sources) > 0 {
		var sources []importSource
		for _, s := range im.Sources {
			sources = append(sources, importSource{s})
		}
		if err := add("sources", sources); err != nil {
			return nil, err
		}
	}
	if len(im.Authors) > 0 {
		if err := add("authors", im.Authors); err != nil {
			return nil, err
		}
	}
	if len(im.KeyPoints) > 0 {
		if err := add("key_points", im.KeyPoints); err != nil {
			return nil, err
		}
	}
	return front, nil
}

// Markdown writes the brief: frontmatter, then the sections, then "Also
// read" with links relative to the brief's own file (dir, under content/).
func (im *Imported) Markdown(now time.Time, dir string) ([]byte, error) {
	front, err := im.frontMatter(now)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	var fm bytes.Buffer
	enc := yaml.NewEncoder(&fm)
	enc.SetIndent(2)
	if err := enc.Encode(front); err != nil {
		return nil, err
	}
	enc.Close()
	b.Write(readableYAML(fm.Bytes()))
	b.WriteString("---\n")
	for _, s := range im.Sections {
		b.WriteString("\n")
		if s.Heading != "" {
			b.WriteString("## " + s.Heading + "\n\n")
		}
		for k, block := range s.Blocks {
			if k > 0 {
				b.WriteString("\n")
			}
			if block.Rows != nil {
				b.WriteString(markdownTable(block.Rows))
			} else {
				b.WriteString(escapeBlock(block.Text) + "\n")
			}
		}
	}
	if len(im.AlsoRead) > 0 {
		b.WriteString("\n## Also read\n\n")
		for _, a := range im.AlsoRead {
			if a.Path != "" {
				fmt.Fprintf(&b, "- [%s](%s)\n", escapeInline(a.Text), relativePath(dir, a.Path))
			} else {
				fmt.Fprintf(&b, "- %s\n", escapeInline(a.Text))
			}
		}
	}
	if len(im.Boilerplate) > 0 {
		// Kept for the editor, out of the page: an HTML comment is never
		// shown, whether or not the site allows raw HTML.
		b.WriteString("\n<!-- The press release's boilerplate, kept out of the page:\n\n")
		for _, p := range im.Boilerplate {
			b.WriteString(strings.ReplaceAll(p, "-->", "–>") + "\n\n")
		}
		b.WriteString("-->\n")
	}
	return b.Bytes(), nil
}

// escapeBlock keeps plain text from turning into Markdown: a list kept as
// a list has its marker, and everything else is text.
func escapeBlock(block string) string {
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		if m := bullet.FindString(l); m != "" {
			marker := "- "
			if unicode.IsDigit(rune(strings.TrimSpace(m)[0])) {
				marker = strings.TrimSpace(m) + " "
			}
			lines[i] = marker + escapeText(l[len(m):])
			continue
		}
		lines[i] = escapeText(l)
	}
	return strings.Join(lines, "\n")
}

// inlineSpecial are the characters that make Markdown anywhere in a line.
var inlineSpecial = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, "|", `\|`, "~", `\~`)

// leadingMark matches what makes Markdown at the start of a line: a
// heading, quote, list or rule marker, or a numbered item.
var leadingMark = regexp.MustCompile(`^(?:[#>+=-]|\d+[.)])`)

// escapeText escapes one line of plain text for Markdown.
func escapeText(l string) string {
	l = inlineSpecial.Replace(l)
	if m := leadingMark.FindString(l); m != "" {
		l = m[:len(m)-1] + `\` + l[len(m)-1:]
	}
	return l
}

// escapeInline escapes link text.
func escapeInline(s string) string { return inlineSpecial.Replace(s) }

// relativePath is the path from folder dir to file target, both under
// content/.
func relativePath(dir, target string) string {
	from := strings.Split(strings.Trim(dir, "/"), "/")
	to := strings.Split(target, "/")
	if dir == "" || dir == "." {
		from = nil
	}
	n := 0
	for n < len(from) && n < len(to)-1 && from[n] == to[n] {
		n++
	}
	return strings.Repeat("../", len(from)-n) + strings.Join(to[n:], "/")
}
