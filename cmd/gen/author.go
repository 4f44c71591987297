package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/author"
	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/source"
)

// listFlag collects a flag given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseArgs parses flags placed before, between or after the positional
// arguments, which it returns.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// flagError answers a flag parsing error: the help on standard output for
// -h (exit 0), else the error with a hint and the usage (exit 2).
func flagError(stdout, stderr io.Writer, cmd string, err error, fs *flag.FlagSet, usage string) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "gen %s: %v%s\n\n%s", cmd, err, flagHint(err, fs), usage)
	return exitBadUsage
}

const initUsage = `usage: gen init DIR [--title TITLE] [--force] [--ci github]

Creates a new site in DIR: gen.toml with every key explained, an example
brief, an about page, section texts and a .gitignore (public/ and the
build cache). It uses gen's built-in theme, so there are no layouts to
maintain until you want to change one. With --ci github it also writes
.github/workflows/publish.yml, which builds the site and publishes it to
GitHub Pages on every push to main and every hour.

flags:
%s`

// initFlags defines the flags of gen init, bound to title, force and ci.
func initFlags(title *string, force *bool, ci *string) *flag.FlagSet {
	fs := newFlagSet("init")
	fs.StringVar(title, "title", "", "the site's `TITLE` (default: the folder's name)")
	fs.BoolVar(force, "force", false, "use a folder that is not empty (no file is ever overwritten)")
	fs.StringVar(ci, "ci", "", "also write a workflow that builds and publishes the site on `SERVICE` (github)")
	return fs
}

func runInit(args []string, stdout, stderr io.Writer) int {
	title, force, ci := new(string), new(bool), new(string)
	fs := initFlags(title, force, ci)
	usage := commandHelp(initUsage, fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return flagError(stdout, stderr, "init", err, fs, usage)
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "gen init: give one folder for the new site\n\n%s", usage)
		return exitBadUsage
	}
	dir := pos[0]
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		fmt.Fprintf(stderr, "gen init: %s is a file: give a folder for the new site\n", dir)
		return exitFailed
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !*force {
		fmt.Fprintf(stderr, "gen init: %s is not empty: choose a new folder, or add --force to add the site's files to it (no file is overwritten)\n", dir)
		return exitFailed
	} else if err != nil && !errors.Is(err, iofs.ErrNotExist) {
		fmt.Fprintf(stderr, "gen init: %v\n", err)
		return exitFailed
	}
	if *title == "" {
		abs, _ := filepath.Abs(dir)
		*title = author.Humanize(filepath.Base(abs))
	}
	files, err := author.SiteFiles(*title, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "gen init: %v\n", err)
		return exitFailed
	}
	if *ci != "" {
		v := strings.Fields(version())[0]
		if !strings.HasPrefix(v, "v") {
			v = "latest" // a development build
		}
		wf, err := author.CIWorkflow(*ci, v)
		if err != nil {
			fmt.Fprintf(stderr, "gen init: %v\n", err)
			return exitBadUsage
		}
		files = append(files, wf)
	}
	code := exitOK
	for _, f := range files {
		switch err := output.CreateNew(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); {
		case errors.Is(err, iofs.ErrExist):
			fmt.Fprintf(stdout, "kept     %s (it exists)\n", f.Path)
		case err != nil:
			fmt.Fprintf(stderr, "gen init: %v\n", err)
			code = exitFailed
		default:
			fmt.Fprintf(stdout, "created  %s\n", f.Path)
		}
	}
	if code == exitOK {
		fmt.Fprintf(stdout, "\nYour site is ready. Next:\n  cd %s\n  gen new brief \"Your first headline\"\n  gen serve\n", dir)
	}
	return code
}

const newUsage = `usage: gen new brief "Headline" [-s DIR] [--company NAME]... [--topic NAME]... [--term TAXONOMY=NAME]...
       gen new page PATH [-s DIR] [--title TITLE]

Writes a new draft from an archetype (layouts/archetypes/brief.md or
page.md if the site has one, else gen's built-in one) and prints its path.
A brief goes to content/briefs/<slug>.md, dated now in the site's time
zone, with its terms folded through gen.toml's names and aliases. A page goes to
content/PATH.md. An existing file is never overwritten.

flags:
%s`

// newFlags defines the flags of gen new, bound to siteDir, companies,
// topics, others (terms of other taxonomies) and title.
func newFlags(siteDir *string, companies, topics, others *listFlag, title *string) *flag.FlagSet {
	fs := newFlagSet("new")
	fs.StringVar(siteDir, "source", ".", "site root `DIR`")
	alias(fs, "s", "source")
	fs.Var(companies, "company", "a company the brief is about, by `NAME` (repeat for more)")
	fs.Var(topics, "topic", "a topic of the brief, by `NAME` (repeat for more)")
	fs.Var(others, "term", "a term of another taxonomy of gen.toml, as `TAXONOMY=NAME`, such as --term people=\"Ada Lovelace\" (repeat for more)")
	fs.StringVar(title, "title", "", "the page's `TITLE` (default: from its file name)")
	return fs
}

func runNew(args []string, stdout, stderr io.Writer) int {
	var companies, topics, others listFlag
	siteDir, title := ".", new(string)
	fs := newFlags(&siteDir, &companies, &topics, &others, title)
	usage := commandHelp(newUsage, fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return flagError(stdout, stderr, "new", err, fs, usage)
	}
	if len(pos) != 2 || (pos[0] != "brief" && pos[0] != "page") {
		fmt.Fprintf(stderr, "gen new: say what to make and its headline or path: gen new brief \"Headline\", or gen new page PATH\n\n%s", usage)
		return exitBadUsage
	}
	cfg, err := config.Load(siteDir)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitFailed
	}
	name := "layouts/archetypes/" + pos[0] + ".md"
	archetype, err := source.ReadFile(siteDir, filepath.Join(siteDir, filepath.FromSlash(name)), name)
	if err != nil && !errors.Is(err, iofs.ErrNotExist) {
		fmt.Fprintf(stderr, "gen new: %v\n", err)
		return exitFailed
	}
	var f author.File
	if pos[0] == "brief" {
		if *title != "" {
			fmt.Fprintf(stderr, "gen new brief: the headline is the title; --title is for pages\n")
			return exitBadUsage
		}
		terms := map[string][]string{"companies": companies, "topics": topics}
		for _, o := range others {
			tax, name, ok := strings.Cut(o, "=")
			if !ok || strings.TrimSpace(tax) == "" {
				fmt.Fprintf(stderr, "gen new brief: --term %s: write the taxonomy, =, and the term, as in --term people=\"Ada Lovelace\"\n", o)
				return exitBadUsage
			}
			tax = strings.TrimSpace(tax)
			terms[tax] = append(terms[tax], name)
		}
		f, err = author.NewBrief(cfg, string(archetype), pos[1], terms, time.Now())
	} else {
		if len(companies)+len(topics)+len(others) > 0 {
			fmt.Fprintf(stderr, "gen new page: --company, --topic and --term are for briefs\n")
			return exitBadUsage
		}
		f, err = author.NewPage(cfg, string(archetype), pos[1], *title, time.Now())
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen new %s: %v\n", pos[0], err)
		return exitFailed
	}
	target := filepath.Join(siteDir, filepath.FromSlash(f.Path))
	err = source.CheckFolders(siteDir, target)
	if err == nil {
		err = output.CreateNew(target, f.Data)
	}
	if err != nil {
		if errors.Is(err, iofs.ErrExist) {
			another := "headline"
			if pos[0] == "page" {
				another = "path"
			}
			fmt.Fprintf(stderr, "gen new %s: %s already exists: edit it, or choose another %s\n", pos[0], content.QuoteOdd(f.Path), another)
		} else {
			fmt.Fprintf(stderr, "gen new %s: %v\n", pos[0], err)
		}
		return exitFailed
	}
	fmt.Fprintln(stdout, content.QuoteOdd(target))
	return exitOK
}

const importUsage = `usage: gen import [-s DIR] [--out PATH] FILE|-
       gen import --from hugo|jekyll DIR [-s DIR] [--map KEY=TAXONOMY]... [--dry-run]
       gen import --from wordpress FILE.xml [--uploads DIR] [-s DIR] [--map KEY=TAXONOMY]... [--dry-run]

Turns plain-text copy (from a wire service or a newsletter tool; "-" reads
standard input) into a draft brief: leading "- " lines become key points,
"What happened: ..." gives the headline, short label lines become
headings, "Also read:" lines are listed at the end (linked when they name
a brief of the site), and companies, topics and sources found in the text
are suggested, each with its reason. Every sentence is kept. The brief goes to
content/briefs/<slug>.md unless --out, and never over an existing file.

With --from, brings a whole Hugo or Jekyll site (its folder) or a
WordPress export (WXR) into the site's content/: each post becomes a brief
bundle (content/briefs/<slug>/index.md with its images), each page a page
bundle; frontmatter is mapped to gen's keys, old URLs become aliases, and
shortcodes, Liquid tags and HTML become Markdown. It prints a report of
what was mapped and of every place left for a person.

flags:
%s`

// importFlags defines the flags of gen import, bound to siteDir and out,
// and those of an import from another generator, bound to site.
func importFlags(siteDir, out *string, site *siteImport) *flag.FlagSet {
	fs := newFlagSet("import")
	fs.StringVar(siteDir, "source", ".", "site root `DIR`")
	alias(fs, "s", "source")
	fs.StringVar(out, "out", "", "`PATH` to write the brief to")
	site.flags(fs)
	return fs
}

func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	siteDir, out := ".", new(string)
	var site siteImport
	fs := importFlags(&siteDir, out, &site)
	usage := commandHelp(importUsage, fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return flagError(stdout, stderr, "import", err, fs, usage)
	}
	if site.from != "" || site.used() {
		return site.run(siteDir, *out, pos, stdout, stderr, usage)
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "gen import: give one file of copy, or - to read standard input\n\n%s", usage)
		return exitBadUsage
	}
	var input []byte
	if pos[0] == "-" {
		input, err = io.ReadAll(stdin)
	} else {
		input, err = os.ReadFile(pos[0])
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen import: %v\n", err)
		return exitFailed
	}
	cfg, err := config.Load(siteDir)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitFailed
	}
	known := knownOf(siteDir, cfg)
	im, err := author.Parse(input, known)
	if err != nil {
		fmt.Fprintf(stderr, "gen import: %s: %v\n", pos[0], err)
		return exitFailed
	}
	target := *out
	if target != "" && filepath.Ext(target) != ".md" {
		fmt.Fprintf(stderr, "gen import: --out %s: a brief is a .md file\n", content.QuoteOdd(target))
		return exitBadUsage
	}
	if target == "" {
		slug := model.Slugify(im.Title)
		if slug == "" {
			slug = "imported-brief"
		}
		target = filepath.Join(siteDir, content.Dir, model.BriefSection, slug+".md")
	}
	dir := model.BriefSection
	if rel, err := filepath.Rel(filepath.Join(siteDir, content.Dir), filepath.Dir(target)); err == nil && !strings.HasPrefix(rel, "..") {
		dir = filepath.ToSlash(rel)
	}
	data, err := im.Markdown(time.Now().In(cfg.Location), dir)
	if err != nil {
		fmt.Fprintf(stderr, "gen import: %v\n", err)
		return exitFailed
	}
	if *out == "" {
		err = source.CheckFolders(siteDir, target)
	}
	if err == nil {
		err = output.CreateNew(target, data)
	}
	if err != nil {
		if errors.Is(err, iofs.ErrExist) {
			fmt.Fprintf(stderr, "gen import: %s already exists: give another --out\n", content.QuoteOdd(target))
		} else {
			fmt.Fprintf(stderr, "gen import: %v\n", err)
		}
		return exitFailed
	}
	fmt.Fprintln(stdout, content.QuoteOdd(target))
	for _, r := range im.Reasons {
		fmt.Fprintf(stderr, "suggested: %s %s: %s\n", r.Key, r.Term, r.Why)
	}
	for _, k := range im.TermKeys {
		if m := im.Mentioned[k]; len(m) > 0 {
			fmt.Fprintf(stderr, "not suggested: %s %s: only mentioned in passing (listed in a comment)\n", k, strings.Join(m, ", "))
		}
	}
	for _, u := range im.Unplaced {
		fmt.Fprintf(stderr, "note: %s\n", u)
	}
	for _, a := range im.AlsoRead {
		if a.Path == "" {
			fmt.Fprintf(stderr, "note: \"Also read: %s\" matches no brief of the site: kept as text\n", a.Text)
		}
	}
	return exitOK
}

// knownOf gathers the terms and briefs an import can use: for each
// taxonomy, the names and aliases gen.toml gives and the terms briefs use.
// A spelling from gen.toml of four letters or fewer ("AWS", "US") matches
// only with its case, as does a short company name from a brief. A site
// whose content has errors still gives what could be read.
func knownOf(siteDir string, cfg *config.Config) author.Known {
	known := author.KnownOf(cfg)
	tree, _ := content.Load(context.Background(), siteDir, cfg.Location, cfg.TermKeys()...)
	if tree == nil {
		return known
	}
	for _, p := range tree.Pages {
		if p.Section != model.BriefSection || p.IsSectionIndex {
			continue
		}
		known.Briefs = append(known.Briefs, author.KnownBrief{Title: p.Meta.Title, Path: p.Path})
		for i, tc := range cfg.Taxonomies {
			kt := known.Taxonomies[i]
			for _, name := range p.Meta.Terms[tc.Key] {
				// An organisation is looked for as briefs write it; other
				// terms by the name pages show.
				sp := tc.Canonical(name)
				if kt.Organizations {
					sp = name
				}
				if _, ok := kt.Spellings[sp]; !ok {
					kt.Spellings[sp] = tc.Canonical(name)
					kt.Exact[sp] = kt.Organizations && len(sp) <= 4
				}
			}
		}
	}
	return known
}
