package migrate

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"
)

// The keys of other generators that mapFront reads as gen's summary,
// updated and image, whatever the source; each
// source reads its own (url, permalink, published …) first.
var (
	summaryKeys = []string{"summary", "description", "excerpt"}
	updatedKeys = []string{"updated", "lastmod", "last_modified_at", "modified"}
	imageKeys   = []string{"image", "featured_image", "featuredImage", "featuredimage", "images", "cover"}
)

// mapFront maps the frontmatter values left after a source read its own
// keys to gen's fields: line gives each key's line in the source file and
// split says whether a string of terms is a space-separated list (Jekyll).
func mapFront(p *post, opts Options, values map[string]any, line func(string) int, split bool) {
	if p.terms == nil {
		p.terms = map[string][]string{}
	}
	if p.params == nil {
		p.params = map[string]any{}
	}
	for _, k := range sortedKeys(values) {
		v := values[k]
		switch {
		case k == "title":
			p.title = strings.TrimSpace(fmt.Sprint(v))
			if _, ok := v.(string); !ok {
				p.note(line(k), "title is not text but %s: written as %q; check it", kindOf(v), p.title)
			}
		case k == "date" || strings.EqualFold(k, "publishDate") || strings.EqualFold(k, "pubdate") || strings.EqualFold(k, "published") && !isBool(v):
			t, only, ok := parseDate(v, opts.Config.Location)
			if !ok {
				p.params[k] = plain(v)
				p.note(line(k), "%s: %v is not a date gen reads: kept under params; set date by hand", k, v)
				continue
			}
			if k != "date" && !p.date.IsZero() {
				p.params[k] = plain(v)
				p.note(line(k), "%s kept under params: the page has a date", k)
				continue
			}
			p.date, p.dateOnly = t, only
			if k != "date" {
				p.mapped("%s → date", k)
			}
		case slices.Contains(updatedKeys, k):
			t, _, ok := parseDate(v, opts.Config.Location)
			if !ok {
				p.params[k] = plain(v)
				p.note(line(k), "%s: %v is not a date gen reads: kept under params", k, v)
				continue
			}
			p.updated = t
			if k != "updated" {
				p.mapped("%s → updated", k)
			}
		case k == "image_alt" || k == "alt":
			p.imageAlt = strings.TrimSpace(fmt.Sprint(v))
			if k != "image_alt" {
				p.mapped("%s → image_alt", k)
			}
		case k == "draft":
			if b, ok := v.(bool); ok {
				p.draft = p.draft || b
			} else {
				p.params[k] = plain(v)
				p.note(line(k), "draft is not true or false: kept under params")
			}
		case slices.Contains(summaryKeys, k):
			s := strings.TrimSpace(fmt.Sprint(v))
			if p.summary != "" {
				p.params[k] = s
				p.note(line(k), "%s kept under params: the summary comes from another key", k)
				continue
			}
			p.summary = s
			if k != "summary" {
				p.mapped("%s → summary", k)
			}
		case slices.Contains(imageKeys, k):
			src, alt := imageOf(v)
			if src == "" || p.image != "" {
				p.params[k] = plain(v)
				p.note(line(k), "%s kept under params: no image gen can use, or the page has one already", k)
				continue
			}
			p.image, p.imageLine = src, line(k)
			if alt != "" && p.imageAlt == "" {
				p.imageAlt = alt
			}
			if k != "image" {
				p.mapped("%s → image", k)
			}
		case k == "author" || k == "authors":
			names := stringsOf(v, false)
			if len(names) == 0 {
				p.params[k] = plain(v)
				p.note(line(k), "%s names no author gen can read: kept under params", k)
				continue
			}
			p.authors = append(p.authors, names...)
			if k != "authors" {
				p.mapped("%s → authors", k)
			}
		case k == "region" && !slices.Contains(opts.Config.TermKeys(), k):
			p.params["_region"] = fmt.Sprint(v)
		case k == "params":
			if m, ok := v.(map[string]any); ok {
				for pk, pv := range m {
					p.params[pk] = plain(pv)
				}
			} else {
				p.params[k] = plain(v)
			}
		default:
			to := opts.Map[k]
			if to == "" && slices.Contains([]string{"tags", "tag", "categories", "category"}, k) {
				to = "topics"
			}
			if to == "" && slices.Contains(opts.Config.TermKeys(), k) {
				to = k
			}
			if names := stringsOf(v, split); to != "" && slices.Contains(opts.Config.TermKeys(), to) && (len(names) > 0 || v == nil) {
				for _, t := range names {
					if !slices.ContainsFunc(p.terms[to], func(have string) bool { return strings.EqualFold(have, t) }) {
						p.terms[to] = append(p.terms[to], t)
					}
				}
				if k != to {
					p.mapped("%s → %s", k, to)
				}
				continue
			}
			p.params[k] = plain(v)
			if to != "" {
				p.note(line(k), "%s holds no names gen can read (%s): kept under params; set %s by hand", k, kindOf(v), to)
				continue
			}
			p.note(line(k), "unknown key %q kept under params: move it to a gen key or drop it", k)
		}
	}
}

// imageOf reads an image value: a path, a list of paths (the first is
// taken), or a table with image/src/url and alt.
func imageOf(v any) (src, alt string) {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), ""
	case []any:
		if len(v) > 0 {
			return imageOf(v[0])
		}
	case map[string]any:
		for _, k := range []string{"image", "src", "url", "path"} {
			if s, ok := v[k].(string); ok && s != "" {
				a, _ := v["alt"].(string)
				return s, a
			}
		}
	}
	return "", ""
}

// stringsOf reads a list of names: a list, or one string (split at
// spaces when split is set, as Jekyll reads tags: a b c).
func stringsOf(v any, split bool) []string {
	var out []string
	switch v := v.(type) {
	case string:
		if split {
			return strings.Fields(v)
		}
		if s := strings.TrimSpace(v); s != "" {
			out = append(out, s)
		}
	case []any:
		for _, e := range v {
			out = append(out, stringsOf(e, false)...)
		}
	case map[string]any:
		if n, ok := v["name"].(string); ok && n != "" {
			out = append(out, n)
		}
	case nil:
	default:
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// plain turns decoded TOML dates into text, so that params are written
// as YAML can read them back.
func plain(v any) any {
	switch v := v.(type) {
	case toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		return fmt.Sprint(v)
	case time.Time:
		return v.Format(time.RFC3339)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.RFC1123Z,
	time.RFC1123,
	"2006-01-02",
}

// parseDate reads a date as the generators write them; only says it names
// a day without a time.
func parseDate(v any, loc *time.Location) (t time.Time, only, ok bool) {
	switch v := v.(type) {
	case time.Time:
		return v, false, true
	case toml.LocalDateTime:
		return v.AsTime(loc), false, true
	case toml.LocalDate:
		return time.Date(v.Year, time.Month(v.Month), v.Day, 0, 0, 0, 0, loc), true, true
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range dateLayouts {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, layout == "2006-01-02", true
			}
		}
	}
	return time.Time{}, false, false
}

// markdown writes the post as gen reads it: YAML frontmatter in the order
// gen new writes, then the body.
func (p *post) markdown(opts Options) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	}
	str := func(s string) *yaml.Node {
		n := &yaml.Node{}
		n.Encode(s)
		if n.Style != 0 || strings.ContainsAny(s, ",[]{}") {
			// Quoted as gen new quotes: in double quotes.
			n.Style = yaml.DoubleQuotedStyle
		}
		return n
	}
	list := func(items []string) *yaml.Node {
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, s := range items {
			n.Content = append(n.Content, str(s))
		}
		return n
	}
	title := p.title
	if title == "" {
		title = humanize(p.final)
		p.note(0, "no title: titled %q from its slug; write a headline", title)
	}
	add("title", str(title))
	date := p.date
	if date.IsZero() && p.kind == Page {
		// A page needs no date.
	} else if date.IsZero() {
		date = opts.Now.In(opts.Config.Location).Truncate(time.Second)
		p.note(0, "no date: dated %s, the day of the import; set the date it was published", date.Format("2006-01-02"))
	}
	layout := "2006-01-02T15:04:05-07:00"
	if p.dateOnly {
		layout = "2006-01-02"
	}
	if !date.IsZero() {
		add("date", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: date.Format(layout)})
	}
	if !p.updated.IsZero() {
		if p.updated.Before(date) {
			p.note(0, "the update date %s is before the date: left out", p.updated.Format(time.RFC3339))
		} else {
			add("updated", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: p.updated.Format("2006-01-02T15:04:05-07:00")})
		}
	}
	if p.draft {
		add("draft", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	for _, key := range opts.Config.TermKeys() {
		if terms := p.terms[key]; len(terms) > 0 {
			add(key, list(terms))
		}
	}
	if r, ok := p.params["_region"].(string); ok {
		delete(p.params, "_region")
		if !slices.Contains(opts.Config.TermKeys(), "region") {
			add("region", str(r))
		}
	}
	if len(p.authors) > 0 {
		add("authors", list(p.authors))
	}
	if p.summary != "" {
		add("summary", str(p.summary))
	}
	if p.image != "" {
		add("image", str(p.image))
		alt := p.imageAlt
		if alt == "" {
			// The alt text the body gives the same image.
			for _, m := range mdLink.FindAllStringSubmatch(p.body, -1) {
				if strings.HasPrefix(m[1], "![") && strings.Trim(m[2], "<>") == p.image && len(m[1]) > 4 {
					alt = m[1][2 : len(m[1])-2]
					p.mapped("image_alt from the body's alt text of the image")
					break
				}
			}
		}
		if alt != "" {
			add("image_alt", str(alt))
		}
	}
	if len(p.aliases) > 0 {
		add("aliases", list(p.aliases))
	}
	if len(p.params) > 0 {
		n := &yaml.Node{}
		if err := n.Encode(p.params); err != nil {
			return nil, fmt.Errorf("writing params: %w", err)
		}
		add("params", n)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	enc.Close()
	b.WriteString("---\n\n")
	body := strings.TrimLeft(p.body, "\n")
	b.WriteString(strings.TrimRight(body, " \n\t") + "\n")
	return b.Bytes(), nil
}

func humanize(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	if s == "" {
		return "Imported page"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mdLink finds Markdown links and images: the text part, the target, and
// an optional title.
var mdLink = regexp.MustCompile(`(!?\[[^\]\n]*\]\()(<[^>\n]*>|[^()\s]+)((?:\s+"[^"\n]*")?\))`)

// linkDef finds a link reference definition, [label]: target.
var linkDef = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)`)

// htmlRef finds src and href attributes in raw HTML.
var htmlRef = regexp.MustCompile(`\b(src|href)="([^"\n]+)"`)

// rewriteLinks points links to other imported posts at their new files,
// and copies the local files a body links to into the post's bundle.
// line gives the source line of the body's line i (from 0).
func rewriteLinks(p *post, ix *index, body string, line func(i int) int) string {
	lines := strings.Split(body, "\n")
	fence := ""
	for i, l := range lines {
		if f := fenceOf(l); f != "" {
			if fence == "" {
				fence = f
			} else if strings.HasPrefix(strings.TrimSpace(l), fence) {
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		at := line(i)
		l = mdLink.ReplaceAllStringFunc(l, func(m string) string {
			s := mdLink.FindStringSubmatch(m)
			return s[1] + p.target(ix, strings.Trim(s[2], "<>"), at, strings.HasPrefix(s[1], "!")) + s[3]
		})
		if m := linkDef.FindStringSubmatchIndex(l); m != nil {
			ref := strings.Trim(l[m[2]:m[3]], "<>")
			l = l[:m[2]] + p.target(ix, ref, at, false) + l[m[3]:]
		}
		l = htmlRef.ReplaceAllStringFunc(l, func(m string) string {
			s := htmlRef.FindStringSubmatch(m)
			return s[1] + `="` + p.target(ix, s[2], at, s[1] == "src") + `"`
		})
		lines[i] = l
	}
	if p.image != "" {
		p.image = p.target(ix, p.image, p.imageLine, true)
	}
	return strings.Join(lines, "\n")
}

// fenceOf returns the fence a line opens or closes (``` or ~~~), or "".
func fenceOf(l string) string {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 {
		return ""
	}
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, f) {
			return f
		}
	}
	return ""
}

// resolver finds the local file a link of a post names, or returns "";
// each reader sets its own.
type resolver func(p *post, ref string) string

// target returns what a link of p to ref becomes: another imported post's
// file, a file copied into p's bundle, or ref as it is (noted when it is
// an image on another site, or a file that was not found).
func (p *post) target(ix *index, ref string, line int, image bool) string {
	if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "mailto:") || p.made[ref] {
		return ref
	}
	u, anchor, _ := strings.Cut(ref, "#")
	if anchor != "" {
		anchor = "#" + anchor
	}
	if sp := p.sitePath(u); sp != "" && ix.byURL[strings.TrimSuffix(sp, "/")] != nil {
		q := ix.byURL[strings.TrimSuffix(sp, "/")]
		return ix.link(p, q, anchor)
	}
	if p.find != nil {
		if file := p.find(p, u); file != "" {
			return p.copyFile(file) + anchor
		}
	}
	if isRemote(u) {
		if p.raw != "" && strings.Contains(p.raw, ref) {
			line = p.lineOf(ref) // in the body; else where the caller says (a featured image's item)
		}
		if image {
			p.note(line, "the image %s stays on another site: copy it into %s if it should live with the page", ref, p.dir())
		}
		return ref
	}
	if ext := path.Ext(strings.TrimSuffix(u, "/")); image || (ext != "" && ext != ".html" && ext != ".htm" && ext != ".php") {
		p.note(line, "%s was not found in the source: copy the file into %s and fix the link", ref, p.dir())
	}
	return ref
}

func isRemote(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "//")
}

// sitePath returns the path of u when it is a link within the old site
// (root-relative, or absolute on the old site's host), else "".
func (p *post) sitePath(u string) string {
	if p.base != "" {
		for _, scheme := range []string{"https://", "http://", "//"} {
			host := scheme + strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(p.base, "https://"), "http://"), "//")
			if rest, ok := strings.CutPrefix(u, strings.TrimSuffix(host, "/")); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
				u = rest
				if u == "" {
					u = "/"
				}
			}
		}
	}
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return u
	}
	return ""
}

// copyFile plans to copy file into p's bundle and returns its name there.
func (p *post) copyFile(file string) string {
	if p.assets == nil {
		p.assets = map[string]string{}
	}
	for name, from := range p.assets {
		if from == file {
			return name
		}
	}
	name := safeName(filepath.Base(file))
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 2; p.assets[name] != "" || name == "index.md"; n++ {
		name = fmt.Sprintf("%s-%d%s", stem, n, ext)
	}
	p.assets[name] = file
	return name
}

// safeName makes a file name safe to write: letters, digits, ".", "-" and
// "_", not hidden, and not Markdown (which gen would read as a page).
func safeName(name string) string {
	b := []rune(name)
	for i, r := range b {
		if !(r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b[i] = '-'
		}
	}
	s := strings.TrimLeft(string(b), ".")
	switch strings.ToLower(path.Ext(s)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		s += ".txt"
	}
	if s == "" || s == "." {
		s = "file"
	}
	return s
}

// within returns file when it is a regular file inside root (after
// following links), else "".
func within(root, file string) string {
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		return ""
	}
	f, err := filepath.EvalSymlinks(file)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(r, f)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	if info, err := os.Stat(f); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	return f
}

// htmlBlockStart matches the first line of a raw HTML block, as CommonMark
// starts one.
var htmlBlockStart = regexp.MustCompile(`(?i)^ {0,3}(<!--|</?(address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|picture|pre|script|section|style|summary|table|ul|video|audio)(\s|/?>|$))`)

// moreDivider is the line that ends a post's summary in Hugo and Jekyll.
var moreDivider = regexp.MustCompile(`^\s*<!--\s*more\s*-->\s*$`)

func isBool(v any) bool {
	_, ok := v.(bool)
	return ok
}

// convertHTMLBlocks turns the raw HTML blocks of a Markdown body (which gen
// leaves out unless [markdown] unsafe = true) into Markdown; a block that
// gives no text (an embed, a script) is left as it is with a note. It
// returns the body and, for each of its lines, the line of the source
// body it comes from.
func convertHTMLBlocks(p *post, body string, line func(i int) int) (string, []int) {
	lines := strings.Split(body, "\n")
	var out []string
	var from []int
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if f := fenceOf(l); f != "" {
			if fence == "" {
				fence = f
			} else if strings.HasPrefix(strings.TrimSpace(l), fence) {
				fence = ""
			}
		}
		if fence == "" && moreDivider.MatchString(l) {
			// Hugo and Jekyll end the summary at <!--more-->; gen takes
			// it from summary or the key points.
			p.mapped("the <!--more--> at line %d left out", line(i))
			continue
		}
		if fence != "" || fenceOf(l) != "" || !htmlBlockStart.MatchString(l) {
			out, from = append(out, l), append(from, i)
			continue
		}
		j := i
		for j < len(lines) && strings.TrimSpace(lines[j]) != "" {
			j++
		}
		block := strings.Join(lines[i:j], "\n")
		md, err := htmlToMarkdown(block)
		if err != nil || strings.TrimSpace(md) == "" {
			p.note(line(i), "raw HTML is left as it is, and gen leaves it out unless [markdown] unsafe = true: rewrite it in Markdown")
			for k := i; k < j; k++ {
				out, from = append(out, lines[k]), append(from, k)
			}
		} else {
			p.mapped("HTML at line %d → Markdown", line(i))
			for _, ml := range strings.Split(strings.TrimRight(md, "\n"), "\n") {
				out, from = append(out, ml), append(from, i)
			}
		}
		i = j - 1
	}
	return strings.Join(out, "\n"), from
}

// lf gives a body written with CRLF (or lone CR) line endings the LF
// endings of the frontmatter gen writes above it, so that the imported
// file has one kind.
func lf(body []byte) string {
	return strings.ReplaceAll(strings.ReplaceAll(string(body), "\r\n", "\n"), "\r", "\n")
}

// kindOf names the kind of a frontmatter value for a note.
func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case bool:
		return "true or false"
	case nil:
		return "empty"
	}
	return "a number or date"
}
