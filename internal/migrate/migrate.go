// Package migrate brings a whole site made with another generator (Hugo,
// Jekyll) or exported from WordPress (a WXR file) into a gen site: each
// post becomes a brief bundle (content/briefs/SLUG/index.md with its
// images), each page a page bundle (content/SLUG/index.md), with the
// frontmatter mapped to gen's keys, the old URLs kept as aliases, the
// bodies converted to Markdown, and a report of what was mapped and of
// every place left for a person.
//
// It reads the source and the site and writes only inside the site's
// content/ folder, never over a file. It sits early in the pipeline: it
// uses content and config, never the model, render or output.
package migrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/source"
)

// Formats lists the sources Import reads, as --from names them.
var Formats = []string{"hugo", "jekyll", "wordpress"}

// Options says what to import and where.
type Options struct {
	// From is "hugo", "jekyll" or "wordpress".
	From string
	// Source is the folder of a Hugo or Jekyll site, or a WXR file.
	Source string
	// SiteDir is the gen site to import into.
	SiteDir string
	// Config is the gen site's configuration.
	Config *config.Config
	// Uploads is the folder of WordPress's uploaded files (the site's
	// folder, its wp-content, or the uploads folder itself), or "".
	Uploads string
	// Map sends a source key to a taxonomy of the site by its frontmatter
	// key (tags → companies); tags and categories go to topics otherwise.
	Map map[string]string
	// Now dates a post that has no date.
	Now time.Time
}

// Kind says whether an imported file is a brief or a page.
type Kind int

// The kinds of imported files.
const (
	Brief Kind = iota
	Page
)

// Note is a place in a source file that needs a person.
type Note struct {
	// File is the source file's path from the source root (the export's
	// name for WordPress), and Line the line in it (0 when unknown).
	File string
	Line int
	Why  string
}

// String gives the note as FILE:LINE: why, the way editors jump to.
func (n Note) String() string {
	if n.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", content.QuoteOdd(n.File), n.Line, n.Why)
	}
	return fmt.Sprintf("%s: %s", content.QuoteOdd(n.File), n.Why)
}

// Item is one imported file and what happened to it.
type Item struct {
	// Source is the source file (or the export and the item's line).
	Source string
	// Target is the file written, from the site root, such as
	// content/briefs/slug/index.md; "" when the source was skipped.
	Target string
	// URL is the page's new URL.
	URL string
	// Kind is Brief or Page.
	Kind Kind
	// Draft is set when the page is a draft.
	Draft bool
	// Aliases are the old URLs that will redirect to URL.
	Aliases []string
	// Mapped lists what each source key became.
	Mapped []string
	// Files lists the files copied beside the page, as "from → name".
	Files []string
	// Notes lists the places that need a person.
	Notes []Note
}

// Plan is the result of reading a source: the files to write and the
// report.
type Plan struct {
	// Items are the imported files, in source order, then the skipped.
	Items []*Item
	// Skipped are sources that were not imported, each with its reason.
	Skipped []Note
	files   []planned
}

// planned is one file to write.
type planned struct {
	// rel is the path from the site root.
	rel string
	// data is the content, or from names a file to copy.
	data []byte
	from string
}

// post is one source page on its way to gen.
type post struct {
	item *Item
	// file is the source file's path from the source root, for notes.
	file string
	// abs is the source file on disk ("" for WordPress).
	abs  string
	kind Kind
	// slug is the slug the source gives; final is the one used.
	slug, final string
	title       string
	date        time.Time
	dateOnly    bool
	updated     time.Time
	draft       bool
	summary     string
	image       string
	authors     []string
	terms       map[string][]string
	aliases     []string
	params      map[string]any
	body        string
	bodyLine    int
	// fileLine is where the page starts in the source file: 1, or the
	// line of a WordPress item.
	fileLine int
	// imageLine is the line of the key that gave image, and imageAlt
	// its alt text.
	imageLine int
	imageAlt  string
	// keys are the names other posts use to link to this one.
	keys []string
	// assets maps a copied file's name to its source file.
	assets map[string]string
	// convert turns the body into gen's Markdown once every post has its
	// final slug.
	convert func(p *post, ix *index)
	// find returns the local file a link of the post names, or "".
	find resolver
	// base is the old site's address (https://example.com), by which
	// absolute links within it are known.
	base string
	// raw is the body as the source has it, when notes find their line
	// in it (WordPress's HTML, whose Markdown has other lines).
	raw string
	// made holds the links made to other imported posts, left alone when
	// links are rewritten.
	made map[string]bool
}

// note records a place that needs a person at line of the source file;
// a line of 0 names the file as a whole, at the line where its
// frontmatter (or its WordPress item) starts.
func (p *post) note(line int, format string, args ...any) {
	if line == 0 {
		line = p.fileLine
	}
	n := Note{File: p.file, Line: line, Why: fmt.Sprintf(format, args...)}
	if !slices.Contains(p.item.Notes, n) { // a place found twice is noted once
		p.item.Notes = append(p.item.Notes, n)
	}
}

// lineOf returns the source line of the first place text appears in the
// raw body, or the body's first line.
func (p *post) lineOf(text string) int {
	if i := strings.Index(p.raw, text); i >= 0 {
		return p.bodyLine + strings.Count(p.raw[:i], "\n")
	}
	return p.bodyLine
}

func (p *post) mapped(format string, args ...any) {
	p.item.Mapped = append(p.item.Mapped, fmt.Sprintf(format, args...))
}

// dir is the post's folder from content/.
func (p *post) dir() string {
	if p.kind == Brief {
		return "briefs/" + p.final
	}
	return p.final
}

// url is the post's new URL.
func (p *post) url() string { return "/" + p.dir() + "/" }

// index finds posts by the names links use.
type index struct {
	byKey map[string]*post
	// byURL maps old URLs (aliases, with and without a trailing slash).
	byURL map[string]*post
}

func (ix *index) add(p *post) {
	for _, k := range p.keys {
		if _, ok := ix.byKey[k]; !ok {
			ix.byKey[k] = p
		}
	}
	for _, a := range p.aliases {
		ix.byURL[strings.TrimSuffix(a, "/")] = p
	}
}

// link returns the link from p to q: q's file relative to p's, which gen
// rewrites to q's URL, or q's URL when q is a draft (gen refuses a link to
// a draft's file).
func (ix *index) link(p, q *post, anchor string) string {
	if q.draft && !p.draft {
		p.note(0, "links to %s, a draft: the link works once that page is published", q.url())
		return q.url() + anchor
	}
	from, to := strings.Split(p.dir(), "/"), strings.Split(q.dir(), "/")
	n := 0
	for n < len(from) && n < len(to) && from[n] == to[n] {
		n++
	}
	l := strings.Repeat("../", len(from)-n) + path.Join(path.Join(to[n:]...), "index.md") + anchor
	if p.made == nil {
		p.made = map[string]bool{}
	}
	p.made[l] = true
	return l
}

// Import reads the source named by opts and returns the plan of what to
// write, or an error that stops the import (a source that cannot be read,
// a post imported before).
func Import(opts Options) (*Plan, error) {
	if opts.Map == nil {
		opts.Map = map[string]string{}
	}
	keys := opts.Config.TermKeys()
	for _, from := range sortedKeys(opts.Map) {
		to := opts.Map[from]
		if !slices.Contains(keys, to) {
			return nil, fmt.Errorf("--map %s=%s: the site has no taxonomy with the key %q: use one of %s", from, to, to, strings.Join(keys, ", "))
		}
	}
	var posts []*post
	var skipped []Note
	var err error
	switch opts.From {
	case "hugo":
		posts, skipped, err = readHugo(opts)
	case "jekyll":
		posts, skipped, err = readJekyll(opts)
	case "wordpress":
		posts, skipped, err = readWordPress(opts)
	default:
		return nil, fmt.Errorf("--from %q: gen imports from %s", opts.From, strings.Join(Formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	existing, err := existingSite(opts)
	if err != nil {
		return nil, err
	}
	// A post one of whose old URLs is already an alias of the site was
	// imported before.
	var again []string
	for _, p := range posts {
		for _, a := range p.aliases {
			if owner, ok := existing.aliases[strings.TrimSuffix(a, "/")]; ok {
				again = append(again, fmt.Sprintf("%s (its old URL %s is an alias of %s)", content.QuoteOdd(p.file), a, owner))
				break
			}
		}
	}
	if len(again) > 0 {
		return nil, fmt.Errorf("nothing written: %d of the posts were imported before, and gen never overwrites a file:\n  %s\nremove those files from the site to import them again", len(again), strings.Join(again, "\n  "))
	}
	// Final slugs: a slug the site or an earlier post has gets a suffix.
	taken := existing.slugs
	plan := &Plan{Skipped: skipped}
	ix := &index{byKey: map[string]*post{}, byURL: map[string]*post{}}
	for _, p := range posts {
		base := model.Slugify(p.slug)
		if base == "" {
			base = model.Slugify(p.title)
		}
		if base == "" {
			base = "imported"
		}
		final := base
		for n := 2; taken[slugKey(p.kind, final)]; n++ {
			final = fmt.Sprintf("%s-%d", base, n)
		}
		if final != base {
			p.note(0, "the slug %q is taken in the site: imported as %q", base, final)
		}
		taken[slugKey(p.kind, final)] = true
		p.final = final
		p.item.Kind, p.item.Draft = p.kind, p.draft
		p.item.Target = path.Join(content.Dir, p.dir(), "index.md")
		p.item.URL = p.url()
		plan.Items = append(plan.Items, p.item)
	}
	newURLs := map[string]*post{}
	for _, p := range posts {
		newURLs[strings.TrimSuffix(p.url(), "/")] = p
	}
	claimed := map[string]*post{}
	for _, p := range posts {
		p.aliases = slices.DeleteFunc(p.aliases, func(a string) bool {
			why := ""
			key := strings.TrimSuffix(a, "/")
			first, _, _ := strings.Cut(strings.TrimPrefix(a, "/"), "/")
			if err := checkAlias(a); err != nil {
				why = err.Error()
			} else if q := newURLs[key]; q == p {
				return true // the old URL is the new one
			} else if q != nil {
				why = "it is the new URL of " + q.item.Target
			} else if other := existing.urls[key]; other != "" {
				why = "it is the URL of " + other + " in the site"
			} else if existing.reserved[first] {
				why = "gen writes its own pages under /" + first + "/"
			} else if q := claimed[key]; q != nil {
				why = "it redirects to " + q.item.Target + " already"
			}
			if why != "" {
				p.note(0, "the old URL %s cannot be redirected: %s", content.QuoteOdd(a), why)
				return true
			}
			claimed[key] = p
			return false
		})
		p.item.Aliases = p.aliases
		ix.add(p)
	}
	for _, p := range posts {
		p.convert(p, ix)
		data, err := p.markdown(opts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.file, err)
		}
		plan.files = append(plan.files, planned{rel: p.item.Target, data: data})
		for _, name := range sortedKeys(p.assets) {
			plan.files = append(plan.files, planned{rel: path.Join(content.Dir, p.dir(), name), from: p.assets[name]})
			from := p.assets[name]
			for _, root := range []string{opts.Source, opts.Uploads} {
				if r, err := filepath.EvalSymlinks(root); err == nil && root != "" {
					if rel, err := filepath.Rel(r, from); err == nil && !strings.HasPrefix(rel, "..") {
						from = filepath.Join(root, rel)
						break
					}
				}
			}
			p.item.Files = append(p.item.Files, fmt.Sprintf("%s → %s", from, name))
		}
	}
	for _, p := range posts {
		sort.SliceStable(p.item.Notes, func(i, j int) bool { return p.item.Notes[i].Line < p.item.Notes[j].Line })
	}
	return plan, nil
}

// checkAlias says why gen would refuse an old URL as an alias, if it
// would: it must be a path on the site, without . or .. segments or
// hidden names.
func checkAlias(a string) error {
	if strings.ContainsAny(a, "\x00\\?#") || strings.Contains(a, "://") {
		return errors.New("it is not a path on the site")
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == "." || seg == ".." {
			return errors.New("it has a . or .. segment")
		}
		if strings.HasPrefix(seg, ".") {
			return errors.New("it names a hidden file or folder")
		}
	}
	if path.Clean("/"+a) == "/" || model.Slugify(a) == "" {
		return errors.New("it names no page")
	}
	return nil
}

func slugKey(k Kind, slug string) string {
	if k == Brief {
		return "briefs/" + slug
	}
	return slug
}

// site is what Import needs to know of the site imported into.
type site struct {
	// slugs are the folders and files under content/ and content/briefs/
	// (as slugKey gives them), which a new page must not take.
	slugs map[string]bool
	// urls maps the URLs of the site's pages (without the trailing
	// slash) to their files.
	urls map[string]string
	// aliases maps the aliases of the site's pages to their files.
	aliases map[string]string
	// reserved are the folders gen writes its own pages in.
	reserved map[string]bool
}

func existingSite(opts Options) (*site, error) {
	s := &site{slugs: map[string]bool{}, urls: map[string]string{}, aliases: map[string]string{}, reserved: map[string]bool{}}
	// Folders and files gen writes its own pages in.
	for _, n := range []string{"briefs", "search", "digest", "css", "js"} {
		s.slugs[n], s.reserved[n] = true, true
	}
	for _, tc := range opts.Config.Taxonomies {
		s.slugs[tc.Name], s.reserved[tc.Name] = true, true
	}
	for _, f := range []string{"404.html", "index.html", "index.xml", "atom.xml", "feed.json", "sitemap.xml", "news-sitemap.xml", "robots.txt"} {
		s.urls["/"+f] = "gen's " + f
	}
	root := filepath.Join(opts.SiteDir, content.Dir)
	for _, dir := range []string{"", "briefs"} {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading the site's content: %w", err)
		}
		for _, e := range entries {
			name := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
			if e.IsDir() {
				name = e.Name()
			}
			if dir == "briefs" {
				s.slugs["briefs/"+name] = true
				s.slugs["briefs/"+model.Slugify(name)] = true
			} else {
				s.slugs[name] = true
				s.slugs[model.Slugify(name)] = true
			}
		}
	}
	tree, _ := content.Load(context.Background(), opts.SiteDir, opts.Config.Location, opts.Config.TermKeys()...)
	if tree != nil {
		for _, p := range tree.Pages {
			dir := path.Dir(p.Path)
			name := strings.TrimSuffix(path.Base(p.Path), path.Ext(p.Path))
			if p.Bundle != "" {
				dir, name = path.Dir(p.Bundle), path.Base(p.Bundle)
			}
			if p.Meta.Slug != "" {
				name = p.Meta.Slug
			}
			u := "/" + strings.TrimPrefix(path.Join(dir, model.Slugify(name)), "./")
			if p.IsSectionIndex {
				u = "/" + strings.TrimSuffix(strings.TrimSuffix(p.Path, "_index.md"), "/")
			}
			s.urls[strings.TrimSuffix(u, "/")] = content.Dir + "/" + p.Path
			if p.Section == "briefs" {
				s.slugs["briefs/"+model.Slugify(name)] = true
			} else if dir == "." {
				s.slugs[model.Slugify(name)] = true
			}
			for _, a := range p.Meta.Aliases {
				s.aliases[strings.TrimSuffix("/"+strings.TrimPrefix(a, "/"), "/")] = content.Dir + "/" + p.Path
			}
		}
	}
	return s, nil
}

// Write writes the plan's files into the site, never over a file: it
// first checks that none of them exists.
func (pl *Plan) Write(siteDir string) error {
	root, err := filepath.Abs(filepath.Join(siteDir, content.Dir))
	if err != nil {
		return err
	}
	for _, f := range pl.files {
		target := filepath.Join(siteDir, filepath.FromSlash(f.rel))
		abs, err := filepath.Abs(target)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(root, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("%s is outside the site's content folder: nothing written", f.rel)
		}
		if err := source.CheckFolders(siteDir, target); err != nil {
			return fmt.Errorf("%s: %w: nothing written", f.rel, err)
		}
		if _, err := os.Lstat(target); err == nil {
			return fmt.Errorf("%s already exists, and gen never overwrites a file: nothing written; remove it or import into another site", f.rel)
		}
	}
	// A failure part way removes what this import wrote, so that it can
	// be run again once mended.
	var made []string
	undo := func(err error) error {
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i]) // a folder only goes when empty
		}
		return fmt.Errorf("%w: nothing was imported", err)
	}
	for _, f := range pl.files {
		target := filepath.Join(siteDir, filepath.FromSlash(f.rel))
		var dirs []string
		for d := filepath.Dir(target); ; d = filepath.Dir(d) {
			if _, err := os.Lstat(d); err == nil || d == filepath.Dir(d) {
				break
			}
			dirs = append(dirs, d)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return undo(err)
		}
		slices.Reverse(dirs)
		made = append(made, dirs...)
		data := f.data
		if f.from != "" {
			if data, err = os.ReadFile(f.from); err != nil {
				return undo(fmt.Errorf("copying %s: %w", f.from, err))
			}
		}
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return undo(fmt.Errorf("writing %s: %w", f.rel, err))
		}
		made = append(made, target)
		_, err = out.Write(data)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return undo(fmt.Errorf("writing %s: %w", f.rel, err))
		}
	}
	return nil
}

// Report writes what the plan does: for each imported file, what was
// mapped and copied, its redirects, and every place that needs a person;
// then the sources not imported, and a count.
func (pl *Plan) Report(w io.Writer) {
	var b bytes.Buffer
	notes := 0
	briefs, pages := 0, 0
	for _, it := range pl.Items {
		kind := "brief"
		if it.Kind == Page {
			kind, pages = "page", pages+1
		} else {
			briefs++
		}
		if it.Draft {
			kind += ", draft"
		}
		fmt.Fprintf(&b, "%s ← %s (%s, at %s)\n", it.Target, content.QuoteOdd(it.Source), kind, it.URL)
		if len(it.Mapped) > 0 {
			fmt.Fprintf(&b, "  mapped: %s\n", strings.Join(it.Mapped, "; "))
		}
		for _, a := range it.Aliases {
			fmt.Fprintf(&b, "  redirect: %s → %s\n", content.QuoteOdd(a), it.URL)
		}
		for _, f := range it.Files {
			fmt.Fprintf(&b, "  copied: %s\n", content.QuoteOdd(f))
		}
		for _, n := range it.Notes {
			fmt.Fprintf(&b, "  TODO %s\n", n)
			notes++
		}
	}
	for _, n := range pl.Skipped {
		fmt.Fprintf(&b, "skipped %s\n", n)
	}
	fmt.Fprintf(&b, "\n%s and %s imported, %d skipped; %s (the TODO lines).\n", count(briefs, "brief", "briefs"), count(pages, "page", "pages"), len(pl.Skipped), count(notes, "place needs a person", "places need a person"))
	w.Write(b.Bytes())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// count writes n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
