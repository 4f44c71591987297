package migrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"
)

// hugoConfig is what the importer reads of a Hugo site's configuration.
type hugoConfig struct {
	BaseURL    string         `toml:"baseURL" yaml:"baseURL" json:"baseURL"`
	ContentDir string         `toml:"contentDir" yaml:"contentDir" json:"contentDir"`
	Permalinks map[string]any `toml:"permalinks" yaml:"permalinks" json:"permalinks"`
	Params     map[string]any `toml:"params" yaml:"params" json:"params"`
	file       string
}

// readHugoConfig reads the first of Hugo's configuration files the site
// has.
func readHugoConfig(dir string) (*hugoConfig, error) {
	c := &hugoConfig{}
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json", "config/_default/hugo.toml", "config/_default/config.toml"} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		switch path.Ext(name) {
		case ".toml":
			err = toml.Unmarshal(data, c)
		case ".json":
			err = json.Unmarshal(data, c)
		default:
			err = yaml.Unmarshal(data, c)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v: fix the file, or give the folder of a Hugo site", name, err)
		}
		c.file = name
		break
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	return c, nil
}

// permalink returns the Hugo permalink pattern of a section, or "".
func (c *hugoConfig) permalink(section string) string {
	if s, ok := c.Permalinks[section].(string); ok {
		return s
	}
	if page, ok := c.Permalinks["page"].(map[string]any); ok {
		if s, ok := page[section].(string); ok {
			return s
		}
	}
	return ""
}

// readHugo reads the pages of a Hugo site: a page in a section folder of
// content/ becomes a brief, a page at the top of content/ a page; a
// section's _index.md is skipped and reported.
func readHugo(opts Options) ([]*post, []Note, error) {
	cfg, err := readHugoConfig(opts.Source)
	if err != nil {
		return nil, nil, err
	}
	root := filepath.Join(opts.Source, filepath.FromSlash(cfg.ContentDir))
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		return nil, nil, fmt.Errorf("%s has no %s folder: give the folder of a Hugo site", opts.Source, cfg.ContentDir)
	}
	var files []string
	var others []Note
	err = filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && file != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && isMarkdown(d.Name()) {
			rel, _ := filepath.Rel(root, file)
			files = append(files, filepath.ToSlash(rel))
		} else if !d.IsDir() && otherContent[strings.ToLower(filepath.Ext(d.Name()))] {
			rel, _ := filepath.Rel(root, file)
			others = append(others, Note{File: filepath.Join(opts.Source, cfg.ContentDir, rel), Why: "a page in a format other than Markdown: not imported; convert it to Markdown by hand"})
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(files)
	var posts []*post
	skipped := others
	for _, rel := range files {
		name := filepath.Join(opts.Source, filepath.FromSlash(path.Join(cfg.ContentDir, rel)))
		if base := path.Base(rel); base == "_index.md" || strings.HasPrefix(base, "_index.") {
			skipped = append(skipped, Note{File: name, Why: "a section's list page: not imported; gen makes the section's list itself (move its text to a page if you need it)"})
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, nil, err
		}
		fm, body, bodyLine, err := content.SplitFrontMatter(data)
		if err != nil {
			skipped = append(skipped, Note{File: name, Why: fmt.Sprintf("not imported: %v", err)})
			continue
		}
		p := &post{item: &Item{Source: name}, file: name, fileLine: fm.Line, abs: filepath.Join(root, filepath.FromSlash(rel)), body: lf(body), bodyLine: bodyLine}
		section, filename := "", strings.TrimSuffix(path.Base(rel), path.Ext(rel))
		if i := strings.IndexByte(rel, '/'); i >= 0 {
			section = rel[:i]
		}
		bundle := ""
		if filename == "index" {
			bundle = path.Dir(rel)
			filename = path.Base(bundle)
			if !strings.Contains(bundle, "/") {
				section = ""
			}
		}
		p.kind = Brief
		if section == "" {
			p.kind = Page
		}
		// Hugo reads keys without regard to case (Title, Date).
		values := map[string]any{}
		original := map[string]string{}
		for _, k := range sortedKeys(fm.Values) {
			lk := strings.ToLower(k)
			if _, ok := values[lk]; ok {
				p.note(fm.KeyLine(k), "the key %q repeats %q in another case: kept under params", k, original[lk])
				if p.params == nil {
					p.params = map[string]any{}
				}
				p.params[k] = plain(fm.Values[k])
				continue
			}
			values[lk], original[lk] = fm.Values[k], k
		}
		line := func(k string) int { return fm.KeyLine(original[k]) }
		take := func(k string) (any, bool) {
			v, ok := values[k]
			delete(values, k)
			return v, ok
		}
		p.slug = filename
		slugValue, hasSlug := take("slug")
		if hasSlug {
			p.slug = fmt.Sprint(slugValue)
		}
		urlKey, hasURL := take("url")
		if v, ok := take("aliases"); ok {
			for _, a := range stringsOf(v, false) {
				p.aliases = append(p.aliases, oldPath(a))
			}
		}
		if v, ok := take("type"); ok && fmt.Sprint(v) == "page" && p.kind == Brief {
			p.kind = Page
			p.mapped("type: page → a page")
		} else if ok {
			values["type"] = v
		}
		var params map[string]any
		if v, ok := values["params"].(map[string]any); ok {
			params = v
		}
		pageValues := map[string]any{}
		for k, v := range values {
			pageValues[strings.ToLower(k)] = v
		}
		for k, v := range params {
			pageValues[strings.ToLower(k)] = v
		}
		mapFront(p, opts, values, line, false)
		switch {
		case p.draft:
			// A draft was never published: it has no old URL.
		case hasURL:
			p.aliases = append([]string{oldPath(fmt.Sprint(urlKey))}, p.aliases...)
			p.mapped("url → aliases")
		default:
			pattern := cfg.permalink(section)
			if pattern == "" {
				pattern = "/:section/:slugorfilename/"
				if section == "" {
					pattern = "/:slugorfilename/"
				}
			}
			old := expandHugo(pattern, p, section, filename, p.title, hasSlug)
			p.aliases = append([]string{old}, p.aliases...)
		}
		// Old URLs are under the path of baseURL, when it has one.
		if u, err := url.Parse(cfg.BaseURL); err == nil && strings.Trim(u.Path, "/") != "" {
			for i, a := range p.aliases {
				p.aliases[i] = "/" + strings.Trim(u.Path, "/") + a
			}
		}
		p.aliases = dedupe(p.aliases)
		p.keys = []string{rel, strings.TrimSuffix(rel, path.Ext(rel)), path.Base(rel), filename, name}
		if bundle != "" {
			p.keys = append(p.keys, bundle)
		}
		dir := filepath.Dir(p.abs)
		static := filepath.Join(opts.Source, "static")
		p.find = func(p *post, ref string) string {
			if isRemote(ref) || ref == "" {
				return ""
			}
			ref = strings.SplitN(ref, "?", 2)[0]
			if strings.HasPrefix(ref, "/") {
				return within(static, filepath.Join(static, filepath.FromSlash(ref)))
			}
			if path.Ext(ref) == "" || isMarkdown(ref) {
				return ""
			}
			return within(root, filepath.Join(dir, filepath.FromSlash(ref)))
		}
		p.base = cfg.BaseURL
		p.convert = func(p *post, ix *index) {
			var from []int
			p.body, from = convertHTMLBlocks(p, p.body, func(i int) int { return p.bodyLine + i })
			p.body = rewriteLinks(p, ix, p.body, func(i int) int { return p.bodyLine + from[i] })
			p.body = convertShortcodes(p, ix, p.body, cfg, pageValues, from)
		}
		// Files of a bundle no link names are copied too: a layout may
		// have shown them.
		if bundle != "" {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if !e.IsDir() && !isMarkdown(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
					if f := within(root, filepath.Join(dir, e.Name())); f != "" {
						p.copyFile(f)
					}
				}
			}
		}
		posts = append(posts, p)
	}
	return posts, skipped, nil
}

// otherContent are the formats of pages Hugo reads besides Markdown.
var otherContent = map[string]bool{".html": true, ".htm": true, ".adoc": true, ".asciidoc": true, ".org": true, ".pdc": true, ".pandoc": true, ".rst": true}

func isMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return true
	}
	return false
}

// oldPath makes a URL from a source into a path from the site root.
func oldPath(u string) string {
	u = strings.TrimSpace(u)
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return u
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

var hugoToken = regexp.MustCompile(`:[a-z_]+`)

// expandHugo fills a Hugo permalink pattern for p.
func expandHugo(pattern string, p *post, section, filename, title string, hasSlug bool) string {
	d := p.date.In(p.date.Location())
	slug := urlize(title)
	if hasSlug {
		slug = urlize(p.slug)
	}
	slugOrFile := filename
	if hasSlug {
		slugOrFile = urlize(p.slug)
	}
	out := hugoToken.ReplaceAllStringFunc(pattern, func(tok string) string {
		switch tok {
		case ":year":
			return d.Format("2006")
		case ":month":
			return d.Format("01")
		case ":monthname":
			return strings.ToLower(d.Format("January"))
		case ":day":
			return d.Format("02")
		case ":weekday":
			return fmt.Sprint(int(d.Weekday()))
		case ":weekdayname":
			return strings.ToLower(d.Format("Monday"))
		case ":yearday":
			return fmt.Sprint(d.YearDay())
		case ":section", ":sections":
			return section
		case ":title":
			return urlize(title)
		case ":slug":
			return slug
		case ":filename", ":contentbasename":
			return urlize(filename)
		case ":slugorfilename", ":slugorcontentbasename":
			return urlize(slugOrFile)
		}
		p.note(0, "the permalink token %s is not one the importer knows: check the redirect %s", tok, pattern)
		return tok
	})
	out = strings.ReplaceAll(out, "//", "/")
	return oldPath(out)
}

// urlize makes a path segment as Hugo does: spaces to "-", characters
// other than letters, digits and %./\_-#+~ dropped, lower case.
func urlize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r):
			dash = true
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune("%._-#+~", r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
