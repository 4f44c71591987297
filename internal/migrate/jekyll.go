package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/model"
	"gopkg.in/yaml.v3"
)

// jekyllConfig is what the importer reads of _config.yml.
type jekyllConfig struct {
	Permalink string `yaml:"permalink"`
	BaseURL   string `yaml:"baseurl"`
	URL       string `yaml:"url"`
	// Author is the site's author, by name or as a table with a name.
	Author any `yaml:"author"`
	// Defaults are frontmatter values for the files of a scope.
	Defaults []struct {
		Scope struct {
			Path string `yaml:"path"`
			Type string `yaml:"type"`
		} `yaml:"scope"`
		Values map[string]any `yaml:"values"`
	} `yaml:"defaults"`
	Values map[string]any `yaml:"-"`
}

// defaultKeys are the keys of _config.yml's defaults the importer
// applies: those that map to gen's fields.
var defaultKeys = []string{"author", "authors", "image", "tags", "categories", "description", "excerpt", "published"}

// jekyllStyles are the permalink styles Jekyll names.
var jekyllStyles = map[string]string{
	"date":     "/:categories/:year/:month/:day/:title:output_ext",
	"pretty":   "/:categories/:year/:month/:day/:title/",
	"ordinal":  "/:categories/:year/:y_day/:title:output_ext",
	"weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
	"none":     "/:categories/:title:output_ext",
}

// jekyllPostName is a post's file name: its date, then its slug.
var jekyllPostName = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$`)

// readJekyll reads the posts of a Jekyll site (_posts/, and _drafts/ as
// drafts) as briefs, and its Markdown pages at the top as pages.
func readJekyll(opts Options) ([]*post, []Note, error) {
	cfg := &jekyllConfig{Permalink: "date"}
	data, err := os.ReadFile(filepath.Join(opts.Source, "_config.yml"))
	if errors.Is(err, fs.ErrNotExist) {
		data, err = os.ReadFile(filepath.Join(opts.Source, "_config.yaml"))
	}
	switch {
	case err == nil:
		if err := yaml.Unmarshal(data, cfg); err != nil {
			return nil, nil, fmt.Errorf("_config.yml: %v: fix the file, or give the folder of a Jekyll site", err)
		}
		yaml.Unmarshal(data, &cfg.Values)
		if cfg.Permalink == "" {
			cfg.Permalink = "date"
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, nil, err
	}
	var skipped []Note
	for _, d := range cfg.Defaults {
		for _, k := range sortedKeys(d.Values) {
			if !slices.Contains(defaultKeys, k) {
				skipped = append(skipped, Note{File: filepath.Join(opts.Source, "_config.yml"), Why: fmt.Sprintf("the defaults value %q (for %q) is not applied: gen has no use for it", k, d.Scope.Path+d.Scope.Type)})
			}
		}
	}
	if _, err := os.Stat(filepath.Join(opts.Source, "_posts")); err != nil {
		return nil, nil, fmt.Errorf("%s has no _posts folder: give the folder of a Jekyll site", opts.Source)
	}
	type file struct {
		rel   string
		draft bool
		page  bool
	}
	var files []file
	for _, dir := range []string{"_posts", "_drafts"} {
		root := filepath.Join(opts.Source, dir)
		filepath.WalkDir(root, func(f string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && f != root {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(opts.Source, f)
				files = append(files, file{rel: filepath.ToSlash(rel), draft: dir == "_drafts"})
			}
			return nil
		})
	}
	entries, _ := os.ReadDir(opts.Source)
	for _, e := range entries {
		if !e.IsDir() && isMarkdown(e.Name()) {
			files = append(files, file{rel: e.Name(), page: true})
		}
	}
	var htmlPages []Note
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || (!strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".htm")) || name == "index.html" || name == "404.html" {
			continue
		}
		// An HTML file with frontmatter is a page Jekyll renders.
		if data, err := os.ReadFile(filepath.Join(opts.Source, name)); err == nil && bytes.HasPrefix(data, []byte("---")) {
			htmlPages = append(htmlPages, Note{File: filepath.Join(opts.Source, name), Line: 1, Why: "an HTML page: not imported; write it as a Markdown page by hand"})
		}
	}
	slices.SortStableFunc(files, func(a, b file) int { return strings.Compare(a.rel, b.rel) })
	var posts []*post
	skipped = append(skipped, htmlPages...)
	for _, f := range files {
		shown := filepath.Join(opts.Source, filepath.FromSlash(f.rel))
		if !isMarkdown(f.rel) {
			skipped = append(skipped, Note{File: shown, Why: "not a Markdown post (.md, .markdown, .mkd): not imported; convert it by hand"})
			continue
		}
		data, err := os.ReadFile(filepath.Join(opts.Source, filepath.FromSlash(f.rel)))
		if err != nil {
			return nil, nil, err
		}
		fm, body, bodyLine, err := content.SplitFrontMatter(data)
		if err != nil {
			if f.page {
				skipped = append(skipped, Note{File: shown, Why: "no frontmatter, so Jekyll does not make it a page: not imported"})
			} else {
				skipped = append(skipped, Note{File: shown, Why: fmt.Sprintf("not imported: %v", err)})
			}
			continue
		}
		stem := strings.TrimSuffix(path.Base(f.rel), path.Ext(f.rel))
		if f.page && (stem == "index" || stem == "404") {
			skipped = append(skipped, Note{File: shown, Why: "the home or error page: not imported; gen makes its own"})
			continue
		}
		p := &post{item: &Item{Source: shown}, file: shown, fileLine: fm.Line, abs: filepath.Join(opts.Source, filepath.FromSlash(f.rel)), body: lf(body), bodyLine: bodyLine, kind: Brief}
		if f.page {
			p.kind = Page
		}
		values := fm.Values
		kind := "posts"
		if f.page {
			kind = "pages"
		}
		for _, d := range cfg.Defaults {
			if d.Scope.Type != "" && d.Scope.Type != kind && !(f.draft && d.Scope.Type == "drafts") {
				continue
			}
			if !strings.HasPrefix(f.rel, strings.TrimPrefix(d.Scope.Path, "/")) {
				continue
			}
			for _, k := range sortedKeys(d.Values) {
				if _, set := values[k]; !set && slices.Contains(defaultKeys, k) {
					values[k] = d.Values[k]
					p.mapped("%s from _config.yml's defaults", k)
				}
			}
		}
		take := func(k string) (any, bool) {
			v, ok := values[k]
			delete(values, k)
			return v, ok
		}
		name := stem
		if m := jekyllPostName.FindStringSubmatch(stem); m != nil && !f.page {
			day, err := time.ParseInLocation("2006-1-2", m[1]+"-"+m[2]+"-"+m[3], opts.Config.Location)
			if err == nil {
				p.date, p.dateOnly = day, true
				p.mapped("the date in the file name → date")
			}
			name = m[4]
		} else if !f.draft && !f.page {
			skipped = append(skipped, Note{File: shown, Why: "a post's file name starts with its date (2019-08-19-title.md): not imported; rename it"})
			continue
		}
		p.slug = name
		titleSlug := name
		if v, ok := take("slug"); ok {
			p.slug, titleSlug = fmt.Sprint(v), fmt.Sprint(v)
		}
		if v, ok := take("published"); ok {
			if b, isBool := v.(bool); isBool && !b {
				p.draft = true
				p.mapped("published: false → draft: true")
			} else if !isBool {
				values["published"] = v
			}
		}
		if f.draft {
			p.draft = true
			p.mapped("in _drafts → draft: true")
		}
		permalink, hasPermalink := take("permalink")
		var cats []string
		for _, seg := range strings.Split(path.Dir(f.rel), "/") {
			if seg != "." && !strings.HasPrefix(seg, "_") {
				cats = append(cats, seg)
			}
		}
		for _, k := range []string{"categories", "category"} {
			if v, ok := values[k]; ok {
				cats = append(cats, stringsOf(v, k == "categories")...)
			}
		}
		pageValues := map[string]any{}
		for k, v := range values {
			pageValues[k] = v
		}
		mapFront(p, opts, values, fm.KeyLine, true)
		if len(p.authors) == 0 && cfg.Author != nil {
			if p.authors = stringsOf(cfg.Author, false); len(p.authors) > 0 {
				p.mapped("the site's author → authors")
			}
		}
		if p.date.Before(time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)) && !f.draft && !f.page {
			p.note(0, "no date in the file name or frontmatter")
		}
		pageValues["title"] = p.title
		if !p.draft {
			pattern := cfg.Permalink
			if hasPermalink {
				pattern = fmt.Sprint(permalink)
				p.mapped("permalink → aliases")
			}
			if style, ok := jekyllStyles[pattern]; ok {
				pattern = style
			}
			if f.page && !hasPermalink {
				pattern = "/:path:output_ext"
				if strings.HasSuffix(cfg.Permalink, "/") || cfg.Permalink == "pretty" {
					pattern = "/:path/"
				}
			}
			p.aliases = append(p.aliases, oldPath(strings.TrimSuffix(cfg.BaseURL, "/")+expandJekyll(pattern, p, cats, titleSlug, stem)))
		}
		p.keys = []string{f.rel, stem, strings.TrimPrefix(f.rel, "_posts/"), strings.TrimSuffix(strings.TrimPrefix(f.rel, "_posts/"), path.Ext(f.rel))}
		src := opts.Source
		p.find = func(p *post, ref string) string {
			if isRemote(ref) || ref == "" || path.Ext(ref) == "" || isMarkdown(ref) {
				return ""
			}
			ref = strings.SplitN(ref, "?", 2)[0]
			if cfg.BaseURL != "" {
				ref = strings.TrimPrefix(ref, strings.TrimSuffix(cfg.BaseURL, "/"))
			}
			return within(src, filepath.Join(src, filepath.FromSlash(strings.TrimPrefix(ref, "/"))))
		}
		p.base = cfg.URL
		p.convert = func(p *post, ix *index) {
			p.body = convertLiquid(p, ix, p.body, cfg, pageValues)
			var from []int
			p.body, from = convertHTMLBlocks(p, p.body, func(i int) int { return p.bodyLine + i })
			p.body = rewriteLinks(p, ix, p.body, func(i int) int { return p.bodyLine + from[i] })
		}
		posts = append(posts, p)
	}
	return posts, skipped, nil
}

var jekyllToken = regexp.MustCompile(`:[a-z_]+`)

// expandJekyll fills a Jekyll permalink pattern for p.
func expandJekyll(pattern string, p *post, cats []string, title, stem string) string {
	d := p.date
	var lc []string
	for _, c := range cats {
		if c = strings.ToLower(c); !slices.Contains(lc, c) {
			lc = append(lc, c)
		}
	}
	out := jekyllToken.ReplaceAllStringFunc(pattern, func(tok string) string {
		switch tok {
		case ":year":
			return d.Format("2006")
		case ":short_year":
			return d.Format("06")
		case ":month":
			return d.Format("01")
		case ":i_month":
			return fmt.Sprint(int(d.Month()))
		case ":short_month":
			return d.Format("Jan")
		case ":long_month":
			return d.Format("January")
		case ":day":
			return d.Format("02")
		case ":i_day":
			return fmt.Sprint(d.Day())
		case ":y_day":
			return fmt.Sprintf("%03d", d.YearDay())
		case ":week":
			_, w := d.ISOWeek()
			return fmt.Sprintf("%02d", w)
		case ":short_day":
			return d.Format("Mon")
		case ":long_day":
			return d.Format("Monday")
		case ":hour":
			return d.Format("15")
		case ":minute":
			return d.Format("04")
		case ":second":
			return d.Format("05")
		case ":title", ":name":
			return title
		case ":slug":
			return model.Slugify(title)
		case ":categories":
			return strings.Join(lc, "/")
		case ":slugified_categories":
			var s []string
			for _, c := range lc {
				s = append(s, model.Slugify(c))
			}
			return strings.Join(s, "/")
		case ":output_ext":
			return ".html"
		case ":path", ":basename":
			return stem
		}
		p.note(0, "the permalink token %s is not one the importer knows: check the redirect %s", tok, pattern)
		return tok
	})
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	return oldPath(out)
}

// liquid finds Liquid tags ({% name args %}) and output ({{ expr }}).
var liquid = regexp.MustCompile(`(?s)\{%-?\s*([a-z_]+)(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}`)

// convertLiquid turns the Liquid of a Jekyll body into Markdown, and
// leaves what it cannot convert as it is, with a note.
func convertLiquid(p *post, ix *index, body string, cfg *jekyllConfig, pageValues map[string]any) string {
	lineAt := func(off int) int { return p.bodyLine + strings.Count(body[:off], "\n") }
	var b strings.Builder
	pos := 0
	// end finds the closing tag {% endNAME %} after off.
	end := func(name string, off int) (int, int) {
		re := regexp.MustCompile(`\{%-?\s*end` + name + `\s*-?%\}`)
		if m := re.FindStringIndex(body[off:]); m != nil {
			return off + m[0], off + m[1]
		}
		return -1, -1
	}
	for pos < len(body) {
		m := liquid.FindStringSubmatchIndex(body[pos:])
		if m == nil {
			break
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += pos
			}
		}
		b.WriteString(body[pos:m[0]])
		raw := body[m[0]:m[1]]
		pos = m[1]
		line := lineAt(m[0])
		if m[6] >= 0 {
			expr := body[m[6]:m[7]]
			if v, ok := liquidValue(expr, cfg, pageValues); ok {
				b.WriteString(v)
				continue
			}
			b.WriteString(raw)
			p.note(line, "the Liquid output %s is left as it is: write its text by hand", raw)
			continue
		}
		name, args := body[m[2]:m[3]], strings.TrimSpace(body[m[4]:m[5]])
		switch name {
		case "raw":
			s, e := end("raw", pos)
			if s < 0 {
				b.WriteString(raw)
				p.note(line, "{%% raw %%} without {%% endraw %%}: fix it by hand")
				continue
			}
			b.WriteString(body[pos:s])
			pos = e
			p.mapped("raw at line %d → its text", line)
		case "highlight":
			s, e := end("highlight", pos)
			if s < 0 {
				b.WriteString(raw)
				p.note(line, "{%% highlight %%} without {%% endhighlight %%}: rewrite it as fenced code")
				continue
			}
			lang := strings.Fields(args + " ")
			l := ""
			if len(lang) > 0 {
				l = lang[0]
			}
			b.WriteString(fence(l, body[pos:s]))
			pos = e
			p.mapped("highlight at line %d → fenced code", line)
		case "post_url", "link":
			ref := strings.Trim(args, `"' `)
			if q := lookupRef(ix, p, ref); q != nil {
				b.WriteString(ix.link(p, q, ""))
				p.mapped("%s at line %d → link to %s", name, line, q.url())
				continue
			}
			if name == "link" && p.find != nil {
				if f := p.find(p, "/"+ref); f != "" {
					b.WriteString(p.copyFile(f))
					p.mapped("link at line %d → the copied file", line)
					continue
				}
			}
			b.WriteString(raw)
			p.note(line, "%s names %q, which is not among the imported posts: link it by hand", name, ref)
		case "include":
			b.WriteString(raw)
			p.note(line, "%s is left as it is: gen has no includes; write its content in Markdown", raw)
		default:
			b.WriteString(raw)
			p.note(line, "the Liquid tag %s is left as it is: gen has no templates in bodies; rewrite it by hand", strings.Join(strings.Fields(raw), " "))
		}
	}
	b.WriteString(body[pos:])
	return b.String()
}

// liquidValue evaluates the Liquid output the importer understands:
// site.baseurl and site.url (dropped, so links start at the root), a
// quoted path through relative_url or absolute_url, and scalar site.X and
// page.X values.
func liquidValue(expr string, cfg *jekyllConfig, pageValues map[string]any) (string, bool) {
	parts := strings.Split(expr, "|")
	head := strings.TrimSpace(parts[0])
	filters := parts[1:]
	for _, f := range filters {
		f = strings.TrimSpace(f)
		if f != "relative_url" && f != "absolute_url" {
			return "", false
		}
	}
	if q := strings.Trim(head, `"'`); len(q) == len(head)-2 && len(filters) > 0 {
		return q, true
	}
	if len(filters) > 0 {
		return "", false
	}
	switch head {
	case "site.baseurl", "site.url":
		return "", true
	}
	var values map[string]any
	key := ""
	switch {
	case strings.HasPrefix(head, "site."):
		values, key = cfg.Values, strings.TrimPrefix(head, "site.")
	case strings.HasPrefix(head, "page."):
		values, key = pageValues, strings.TrimPrefix(head, "page.")
	default:
		return "", false
	}
	return lookupParam(lower(values), strings.ToLower(key))
}
