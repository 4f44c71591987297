package migrate

import (
	"bytes"
	"encoding/xml"
	"fmt"
	stdhtml "html"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// nsContent is the namespace of an item's content:encoded element, which
// holds the post's HTML; its other "encoded" element is the excerpt.
const nsContent = "http://purl.org/rss/1.0/modules/content/"

// wxrItem is one item of a WordPress export (WXR): a post, a page, an
// attachment, a menu item … Elements are matched by local name, so any
// WXR version's namespace is read.
type wxrItem struct {
	Title      string       `xml:"title"`
	Link       string       `xml:"link"`
	PubDate    string       `xml:"pubDate"`
	Creator    string       `xml:"creator"`
	GUID       string       `xml:"guid"`
	Encoded    []wxrEncoded `xml:"-"`
	ID         string       `xml:"post_id"`
	Date       string       `xml:"post_date"`
	DateGMT    string       `xml:"post_date_gmt"`
	Modified   string       `xml:"post_modified"`
	ModGMT     string       `xml:"post_modified_gmt"`
	Name       string       `xml:"post_name"`
	Status     string       `xml:"status"`
	Type       string       `xml:"post_type"`
	Attachment string       `xml:"attachment_url"`
	Categories []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	} `xml:"category"`
	Meta []struct {
		Key   string `xml:"meta_key"`
		Value string `xml:"meta_value"`
	} `xml:"postmeta"`
	Password          string     `xml:"post_password"`
	Comments          []struct{} `xml:"comment"`
	line, contentLine int
}

// wxrEncoded is content:encoded or excerpt:encoded.
type wxrEncoded struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

// encoded returns the text of the item's content:encoded when ns is
// nsContent, else of its excerpt:encoded.
func (it *wxrItem) encoded(ns string) string {
	for _, e := range it.Encoded {
		if (ns == nsContent) == (e.XMLName.Space == nsContent) {
			return e.Text
		}
	}
	return ""
}

// UnmarshalXML reads an item, keeping both encoded elements apart.
func (it *wxrItem) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	type plain wxrItem
	var raw struct {
		plain
		Encoded []wxrEncoded `xml:"encoded"`
	}
	if err := d.DecodeElement(&raw, &start); err != nil {
		return err
	}
	*it = wxrItem(raw.plain)
	it.Encoded = raw.Encoded
	return nil
}

// readWordPress reads the posts and pages of a WXR export: a post becomes
// a brief and a page a page; attachments give the files of featured
// images; every other item is skipped with a report line.
func readWordPress(opts Options) ([]*post, []Note, error) {
	data, err := os.ReadFile(opts.Source)
	if err != nil {
		return nil, nil, err
	}
	name := opts.Source
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var items []*wxrItem
	authors := map[string]string{}
	base := ""
	inChannel := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, nil, fmt.Errorf("%s:%d: %v: give a WordPress export (Tools → Export in WordPress)", name, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "channel":
			inChannel = true
		case "link":
			if inChannel && base == "" {
				var s string
				d.DecodeElement(&s, &se)
				base = strings.TrimSpace(s)
			}
		case "base_site_url", "base_blog_url":
			var s string
			d.DecodeElement(&s, &se)
			if base == "" {
				base = strings.TrimSpace(s)
			}
		case "author":
			var a struct {
				Login string `xml:"author_login"`
				Name  string `xml:"author_display_name"`
			}
			if err := d.DecodeElement(&a, &se); err == nil && strings.TrimSpace(a.Name) != "" {
				authors[strings.TrimSpace(a.Login)] = strings.TrimSpace(a.Name)
			}
		case "item":
			line, _ := d.InputPos()
			off := d.InputOffset()
			it := &wxrItem{}
			if err := d.DecodeElement(it, &se); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %v", name, line, err)
			}
			it.line, it.contentLine = line, line
			if i := bytes.Index(data[off:d.InputOffset()], []byte("<content:encoded>")); i >= 0 {
				it.contentLine = 1 + bytes.Count(data[:int(off)+i], []byte("\n"))
			}
			items = append(items, it)
		}
	}
	if !inChannel {
		return nil, nil, fmt.Errorf("%s has no <channel>: give a WordPress export (Tools → Export in WordPress)", name)
	}
	attachments, alts := map[string]string{}, map[string]string{}
	for _, it := range items {
		if it.Type == "attachment" && it.Attachment != "" {
			id := strings.TrimSpace(it.ID)
			attachments[id] = strings.TrimSpace(it.Attachment)
			for _, m := range it.Meta {
				if m.Key == "_wp_attachment_image_alt" {
					alts[id] = strings.TrimSpace(m.Value)
				}
			}
		}
	}
	var posts []*post
	var skipped []Note
	uploads := uploadsFolder(opts.Uploads)
	for _, it := range items {
		file := name
		typ := strings.TrimSpace(it.Type)
		if st := strings.TrimSpace(it.Status); (typ == "post" || typ == "page") && (st == "trash" || st == "auto-draft") {
			skipped = append(skipped, Note{File: file, Line: it.line, Why: fmt.Sprintf("%s %q has the status %s (deleted, or an empty autosave): not imported", typ, strings.TrimSpace(stdhtml.UnescapeString(it.Title)), st)})
			continue
		}
		switch typ {
		case "post", "page":
		case "attachment":
			skipped = append(skipped, Note{File: file, Line: it.line, Why: fmt.Sprintf("attachment %q: not a page; its file is copied where a post uses it", strings.TrimSpace(it.Attachment))})
			continue
		default:
			skipped = append(skipped, Note{File: file, Line: it.line, Why: fmt.Sprintf("item %q of type %s: not a post or page, not imported", strings.TrimSpace(it.Title), typ)})
			continue
		}
		p := &post{item: &Item{Source: fmt.Sprintf("%s:%d", name, it.line)}, file: file, kind: Brief, bodyLine: it.contentLine, fileLine: it.line, imageLine: it.line}
		if typ == "page" {
			p.kind = Page
		}
		// WordPress keeps titles, excerpts and term names with HTML
		// entities (&#8217;, &amp;).
		p.title = strings.TrimSpace(stdhtml.UnescapeString(it.Title))
		p.slug = strings.TrimSpace(it.Name)
		if p.slug == "" {
			p.slug = p.title
		}
		loc := opts.Config.Location
		if t, _, ok := parseDate(strings.TrimSpace(it.DateGMT), time.UTC); ok && !strings.HasPrefix(it.DateGMT, "0000") {
			p.date = t.In(loc)
		} else if t, _, ok := parseDate(strings.TrimSpace(it.Date), loc); ok {
			p.date = t
		} else if t, _, ok := parseDate(strings.TrimSpace(it.PubDate), loc); ok {
			p.date = t
		}
		if t, _, ok := parseDate(strings.TrimSpace(it.ModGMT), time.UTC); ok && !strings.HasPrefix(it.ModGMT, "0000") && t.After(p.date) {
			p.updated = t.In(loc)
			p.mapped("post_modified → updated")
		}
		if st := strings.TrimSpace(it.Status); st != "publish" {
			p.draft = true
			p.mapped("status %s → draft: true", st)
		}
		if c := strings.TrimSpace(it.Creator); c != "" {
			if name := authors[c]; name != "" {
				c = name
			}
			p.authors = []string{c}
			p.mapped("dc:creator → authors")
		}
		if ex := strings.TrimSpace(it.encoded("excerpt")); ex != "" {
			p.summary = stdhtml.UnescapeString(strings.Join(strings.Fields(stripTags(ex)), " "))
			p.mapped("excerpt → summary")
		}
		p.terms = map[string][]string{}
		p.params = map[string]any{}
		for _, c := range it.Categories {
			key := map[string]string{"category": "categories", "post_tag": "tags"}[c.Domain]
			if key == "" {
				p.params[c.Domain] = append(stringsOf(p.params[c.Domain], false), strings.TrimSpace(c.Name))
				p.note(it.line, "the %s term %q kept under params: move it to a gen taxonomy or drop it", c.Domain, strings.TrimSpace(c.Name))
				continue
			}
			to := opts.Map[key]
			if to == "" {
				to = "topics"
			}
			if n := strings.TrimSpace(stdhtml.UnescapeString(c.Name)); n != "" && n != "Uncategorized" {
				p.terms[to] = append(p.terms[to], n)
			}
		}
		if len(p.terms) > 0 {
			for _, k := range []string{"categories", "tags"} {
				to := opts.Map[k]
				if to == "" {
					to = "topics"
				}
				p.mapped("%s → %s", k, to)
			}
		}
		if strings.TrimSpace(it.Password) != "" {
			p.draft = true
			p.note(it.line, "the post is protected by a password, which gen cannot do: imported as a draft; publish it only if it may be public")
		}
		if n := len(it.Comments); n > 0 {
			what := fmt.Sprintf("%d comments", n)
			if n == 1 {
				what = "1 comment"
			}
			p.note(it.line, "%s not imported: gen sites have no comments; keep the export if you need them", what)
		}
		var internal []string
		for _, m := range it.Meta {
			key := strings.TrimSpace(m.Key)
			switch {
			case key == "_yoast_wpseo_metadesc" && p.summary == "":
				p.summary = strings.TrimSpace(m.Value)
				p.mapped("_yoast_wpseo_metadesc → summary")
			case strings.HasPrefix(key, "_") && key != "_thumbnail_id":
				internal = append(internal, key)
			case key != "_thumbnail_id":
				p.params[key] = strings.TrimSpace(m.Value)
				p.note(it.line, "the custom field %q kept under params: move it to a gen key or drop it", key)
			}
			if key == "_thumbnail_id" {
				if u := attachments[strings.TrimSpace(m.Value)]; u != "" {
					p.image, p.imageAlt = u, alts[strings.TrimSpace(m.Value)]
					p.mapped("featured image → image")
				} else {
					p.note(it.line, "the featured image (attachment %s) is not in the export: set image by hand", m.Value)
				}
			}
		}
		if len(internal) > 0 {
			p.mapped("WordPress's own fields (%s) left out", strings.Join(dedupe(internal), ", "))
		}
		if p.date.IsZero() {
			p.note(it.line, "no date in the export")
		}
		if !p.draft {
			if u, err := url.Parse(strings.TrimSpace(it.Link)); err == nil && u.Path != "" && u.RawQuery == "" {
				p.aliases = append(p.aliases, u.Path)
				p.mapped("link → aliases")
			} else {
				p.note(it.line, "the old address %s is not a path gen can redirect (a ?p= link): no redirect made", strings.TrimSpace(it.Link))
			}
		}
		p.base = base
		p.keys = []string{strings.TrimSpace(it.ID), p.slug}
		p.find = func(p *post, ref string) string {
			if uploads == "" {
				return ""
			}
			u, err := url.Parse(ref)
			if err != nil {
				return ""
			}
			_, rest, ok := strings.Cut(u.Path, "/wp-content/uploads/")
			if !ok {
				return ""
			}
			f := within(uploads, filepath.Join(uploads, filepath.FromSlash(rest)))
			if f == "" {
				// A resized copy (photo-300x200.jpg) comes from the original.
				f = within(uploads, filepath.Join(uploads, filepath.FromSlash(resized.ReplaceAllString(rest, "$1"))))
			}
			return f
		}
		html := it.encoded(nsContent)
		p.raw = html
		p.convert = func(p *post, ix *index) {
			md := wordpressMarkdown(p, html)
			p.body = rewriteLinks(p, ix, md, func(int) int { return p.bodyLine })
		}
		posts = append(posts, p)
	}
	return posts, skipped, nil
}

// resized matches the size WordPress adds to a resized image's name.
var resized = regexp.MustCompile(`-\d+x\d+(\.[A-Za-z0-9]+)$`)

// paragraphTag finds a <p> of HTML, and blankLines the blank lines that
// part the classic editor's paragraphs.
var (
	paragraphTag = regexp.MustCompile(`(?i)<p[\s>]`)
	blankLines   = regexp.MustCompile(`\n\s*\n`)
)

var (
	tagRE       = regexp.MustCompile(`<[^>]*>`)
	caption     = regexp.MustCompile(`(?s)\[caption[^\]]*\](.*?)\[/caption\]`)
	captionImg  = regexp.MustCompile(`(?s)^\s*((?:<a[^>]*>)?\s*<img[^>]*>\s*(?:</a>)?)(.*)$`)
	embed       = regexp.MustCompile(`\[embed[^\]]*\]\s*(https?://[^\s\[<"]+)\s*\[/embed\]`)
	wpShortcode = regexp.MustCompile(`\[/?([a-z_][a-z0-9_-]*)(\s[^\]]*)?\]`)
	// embedded is the start tag of an element the conversion to Markdown
	// leaves out, and embeddedSrc its source.
	embedded    = regexp.MustCompile(`(?i)<(iframe|video|audio|script|embed|object|canvas|form)\b[^>]*>`)
	embeddedSrc = regexp.MustCompile(`(?i)\ssrc="([^"]+)"`)
)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, " ") }

// wordpressMarkdown converts a post's HTML to Markdown: [caption] becomes
// a figure, paragraphs of the classic editor (text split by blank lines)
// become <p>, and other shortcodes are left as text and noted.
func wordpressMarkdown(p *post, html string) string {
	if !strings.Contains(html, "<!-- wp:") && !paragraphTag.MatchString(html) {
		// The classic editor writes paragraphs as text between blank
		// lines, which WordPress wraps in <p> when it shows the post.
		var b strings.Builder
		for _, para := range blankLines.Split(strings.TrimSpace(html), -1) {
			b.WriteString("<p>" + strings.ReplaceAll(strings.TrimSpace(para), "\n", "<br>\n") + "</p>\n")
		}
		html = b.String()
	}
	html = caption.ReplaceAllStringFunc(html, func(m string) string {
		inner := caption.FindStringSubmatch(m)[1]
		if s := captionImg.FindStringSubmatch(inner); s != nil {
			p.mapped("[caption] → image and caption")
			return "<figure>" + s[1] + "<figcaption>" + strings.TrimSpace(s[2]) + "</figcaption></figure>"
		}
		return m
	})
	html = embed.ReplaceAllStringFunc(html, func(m string) string {
		u := strings.TrimSpace(embed.FindStringSubmatch(m)[1])
		p.mapped("[embed] → link")
		return `<a href="` + u + `">` + u + `</a>`
	})
	for _, m := range wpShortcode.FindAllStringSubmatch(html, -1) {
		if strings.HasPrefix(m[0], "[/") {
			continue
		}
		p.note(p.lineOf(m[0]), "the shortcode %s is left as text: WordPress filled it in; rewrite it in Markdown", m[0])
	}
	// Elements that hold no text Markdown can carry (an embedded video,
	// a player, a script) are left out by the conversion: each is noted.
	for _, m := range embedded.FindAllStringSubmatch(html, -1) {
		what := "<" + strings.ToLower(m[1]) + ">"
		if src := embeddedSrc.FindStringSubmatch(m[0]); src != nil {
			what += " of " + src[1]
		}
		p.note(p.lineOf(m[0]), "the %s is left out: Markdown has no embed; link to it instead, or keep it with [markdown] unsafe = true", what)
	}
	md, err := htmlToMarkdown(html)
	if err != nil {
		p.note(p.bodyLine, "the HTML could not be converted (%v): kept as it is; rewrite it in Markdown", err)
		return html
	}
	p.mapped("HTML → Markdown")
	return md
}

// htmlToMarkdown converts HTML to GitHub Flavored Markdown.
func htmlToMarkdown(html string) (string, error) {
	conv := converter.NewConverter(converter.WithPlugins(base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(), strikethrough.NewStrikethroughPlugin(), table.NewTablePlugin()))
	return conv.ConvertString(html)
}

// uploadsFolder is the folder of WordPress's uploads given to --uploads:
// the folder itself (holding 2023/05/photo.png), or a copy of the whole
// site or of wp-content, whose wp-content/uploads or uploads it holds.
func uploadsFolder(dir string) string {
	if dir == "" {
		return ""
	}
	for _, sub := range []string{filepath.Join("wp-content", "uploads"), "uploads"} {
		if info, err := os.Stat(filepath.Join(dir, sub)); err == nil && info.IsDir() {
			return filepath.Join(dir, sub)
		}
	}
	return dir
}
