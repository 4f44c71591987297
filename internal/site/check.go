package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
)

// MaxHeadline is the length, in characters, over which gen check warns
// about a headline.
const MaxHeadline = 110

// Check builds the site in memory, twice (as published, and with drafts
// and future briefs, so that they are checked too), writes nothing, and
// returns every problem found: build errors, internal links and #anchors
// that lead nowhere, and the editorial rules for briefs as warnings.
// Problems are sorted by file and line, errors first.
func Check(ctx context.Context, opts Options) ([]problem.Problem, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var problems []problem.Problem
	seen := map[string]bool{}
	add := func(p problem.Problem) {
		if key := string(p.Severity) + p.String(); !seen[key] {
			seen[key] = true
			problems = append(problems, p)
		}
	}
	for _, all := range []bool{false, true} {
		o := opts
		o.Drafts, o.Future = all, all
		s, files, err := buildForCheck(ctx, o)
		if err != nil {
			var optErr *OptionError
			if errors.As(err, &optErr) {
				return nil, err
			}
			for _, p := range problem.From(err) {
				add(p)
			}
		}
		if s == nil {
			continue
		}
		for _, p := range checkLinks(s, files) {
			add(p)
		}
		if all {
			for _, p := range editorial(s, files, opts.Now) {
				add(p)
			}
			for _, p := range bodyNotices(s) {
				add(p)
			}
		}
	}
	slices.SortStableFunc(problems, func(a, b problem.Problem) int {
		if a.Severity != b.Severity {
			return strings.Compare(string(a.Severity), string(b.Severity)) // "error" < "warning"
		}
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return problems, nil
}

// buildForCheck builds into memory and returns the model and the files.
// With content errors it still returns the site of the files that loaded,
// with the errors.
func buildForCheck(ctx context.Context, opts Options) (*model.Site, map[string][]byte, error) {
	opts.keepGoing = true
	_, s, r, loadErr := load(ctx, &opts, time.Now(), true, nil, nil)
	if s == nil || r == nil {
		return nil, nil, loadErr
	}
	mem := output.NewMemory()
	if _, err := write(ctx, opts, s, r, mem, nil, newResult(s, "")); err != nil {
		return nil, nil, errors.Join(loadErr, err)
	}
	return s, mem.Files(), loadErr
}

// pageLink is a link found in a rendered page.
type pageLink struct {
	href string
	text string
}

// scanPage returns the ids and the links of an HTML page.
func scanPage(data []byte) (ids map[string]bool, links []pageLink) {
	ids = map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(data))
	var open *pageLink
	var text strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ids, links
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			var href string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "id":
					ids[string(v)] = true
				case "name":
					if tag == "a" {
						ids[string(v)] = true
					}
				case "href":
					if tag == "a" || tag == "link" {
						href = string(v)
					}
				case "src":
					if tag == "img" || tag == "script" || tag == "source" {
						links = append(links, pageLink{href: string(v)})
					}
				}
			}
			if href != "" {
				if tag == "a" && tt == html.StartTagToken {
					open = &pageLink{href: href}
					text.Reset()
				} else {
					links = append(links, pageLink{href: href})
				}
			}
		case html.TextToken:
			if open != nil {
				text.Write(z.Text())
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" && open != nil {
				open.text = strings.Join(strings.Fields(text.String()), " ")
				links = append(links, *open)
				open = nil
			}
		}
	}
}

// checkLinks reports internal links and #anchors that lead nowhere.
func checkLinks(s *model.Site, files map[string][]byte) []problem.Problem {
	ids := map[string]map[string]bool{}
	links := map[string][]pageLink{}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			ids[name], links[name] = scanPage(data)
		}
	}
	sources := renderSources(s)
	basePath := cmp.Or(s.Config.BasePath(), "/")
	var out []problem.Problem
	for _, name := range slices.Sorted(maps.Keys(links)) {
		for _, l := range links[name] {
			href := l.href
			if strings.HasPrefix(href, basePath) {
				href = "/" + strings.TrimPrefix(href, basePath)
			}
			target, frag, internal := resolveLink(name, href)
			if !internal {
				continue
			}
			file, ok := findFile(files, target)
			switch {
			case !ok && slices.ContainsFunc(sources[name].BrokenLinks(), func(dest string) bool { return dest == l.href || dest == unescaped(l.href) }):
				// Reported by the model, which left it as written (and
				// the page escaped: "my file.md" is my%20file.md).
			case !ok:
				out = append(out, linkProblem(sources, name, l.href, problem.LinkMissing, fmt.Sprintf("links to %s, which is not in the site: fix the link", l.href)))
			case frag != "" && strings.HasSuffix(file, ".html") && !ids[file][frag]:
				out = append(out, linkProblem(sources, name, l.href, problem.LinkAnchor, fmt.Sprintf("links to %s, but that page has no #%s: fix the anchor (headings get ids from their text)", l.href, frag)))
			}
		}
	}
	return out
}

// resolveLink maps a link on the page at file to the output path it
// names; internal is false for links off the site.
func resolveLink(file, href string) (target, frag string, internal bool) {
	if href == "" || strings.HasPrefix(href, "//") || strings.Contains(strings.SplitN(href, "/", 2)[0], ":") {
		return "", "", false
	}
	if i := strings.IndexByte(href, '#'); i >= 0 {
		href, frag = href[:i], href[i+1:]
	}
	if i := strings.IndexByte(href, '?'); i >= 0 {
		href = href[:i]
	}
	// Pages and ids are named by their decoded text: a link to
	// soci%C3%A9t%C3%A9/ leads to the file société/index.html.
	if u, err := url.PathUnescape(href); err == nil {
		href = u
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	switch {
	case href == "":
		target = file
	case strings.HasPrefix(href, "/"):
		target = strings.TrimPrefix(path.Clean(href), "/")
		if strings.HasSuffix(href, "/") && target != "" {
			target += "/"
		}
	default:
		target = path.Join(path.Dir(file), href)
		if strings.HasSuffix(href, "/") {
			target += "/"
		}
	}
	return target, frag, true
}

// findFile finds the output file a target path is served from.
func findFile(files map[string][]byte, target string) (string, bool) {
	if target == "" || target == "." || strings.HasSuffix(target, "/") {
		f := strings.TrimPrefix(strings.TrimSuffix(target, "/")+"/index.html", "./")
		f = strings.TrimPrefix(f, "/")
		_, ok := files[f]
		return f, ok
	}
	if _, ok := files[target]; ok {
		return target, true
	}
	f := target + "/index.html"
	_, ok := files[f]
	return f, ok
}

// renderSources maps output paths to the pages rendered into them.
func renderSources(s *model.Site) map[string]*model.Page {
	m := map[string]*model.Page{}
	for _, r := range s.Renders {
		m[r.Path] = r.Page
	}
	return m
}

// linkProblem places a link problem in the content file of the page, at
// the line that holds the link's target when it is written there.
func linkProblem(sources map[string]*model.Page, file, href string, code problem.Code, msg string) problem.Problem {
	p := sources[file]
	if p == nil || p.Source == nil {
		return problem.Problem{Severity: problem.Error, Code: code, File: "page /" + file, Message: msg + " (the link comes from a layout)"}
	}
	needle := href
	if i := strings.IndexByte(href, '#'); i >= 0 {
		needle = href[i:]
	}
	line := lineOf(p.Source.Body, needle)
	if target, _, ok := resolveLink(file, href); ok && line == 0 {
		// The body may give the link from the site root, as the page
		// does not: "/nowhere/" for ../../nowhere/index.html.
		dir := strings.TrimSuffix(target, "index.html")
		for _, n := range []string{"(/" + target + ")", "(/" + dir + ")", "(/" + strings.TrimSuffix(dir, "/") + ")"} {
			if line = lineOf(p.Source.Body, n); line > 0 {
				// Named as the body writes it.
				msg = strings.Replace(msg, href, strings.Trim(n, "()"), 1)
				break
			}
		}
	}
	if line == 0 {
		return problem.Problem{Severity: problem.Error, Code: code, File: p.SourcePath(), Message: "page " + p.URL + " " + msg + " (the link comes from a layout)"}
	}
	return problem.Problem{Severity: problem.Error, Code: code, File: p.SourcePath(), Line: p.Source.BodyLine + line - 1, Message: msg}
}

// lineOf returns the line of body (from 1) holding s, or 0.
func lineOf(body []byte, s string) int {
	i := bytes.Index(body, []byte(s))
	if i < 0 || s == "" {
		return 0
	}
	return 1 + bytes.Count(body[:i], []byte("\n"))
}

// bodyNotices gathers the warnings about the bodies of the site's pages
// that were rendered (model.Page.Notices), in file order: a build's are
// those of the bodies it rendered, written or deferred.
func bodyNotices(s *model.Site) []problem.Problem {
	var out []problem.Problem
	for _, r := range s.Renders {
		if r.Pager == nil {
			out = append(out, r.Page.Notices()...)
		}
	}
	slices.SortStableFunc(out, func(a, b problem.Problem) int { return strings.Compare(a.File, b.File) })
	return out
}

// vagueLinkText are link texts that say nothing out of context.
var vagueLinkText = []string{"click here", "here", "read more", "more", "this link", "link", "this", "read this"}

// editorial applies the editorial rules for briefs, as warnings.
func editorial(s *model.Site, files map[string][]byte, now time.Time) []problem.Problem {
	rules := s.Config.Check
	var out []problem.Problem
	warn := func(p *model.Page, key string, rule, msg string) {
		line := p.Source.Front.KeyLine(key)
		out = append(out, problem.Problem{Severity: problem.Warning, Code: problem.Editorial, File: p.SourcePath(), Line: line,
			Message: msg + " (to turn this check off: [check] " + rule + " = false in gen.toml)"})
	}
	for _, p := range s.Briefs {
		if n := utf8.RuneCountInString(p.Title); config.On(rules.HeadlineLength) && n > MaxHeadline {
			warn(p, "title", "headline_length", fmt.Sprintf("the headline is %d characters: keep it under %d so it reads in one line", n, MaxHeadline))
		}
		if n := len(p.KeyPoints); config.On(rules.KeyPoints) && (n < 2 || n > 5) {
			warn(p, "key_points", "key_points", fmt.Sprintf("the brief has %s: give it two to five, one sentence each", plural(n, "key point")))
		}
		if config.On(rules.Sources) && len(p.Sources) == 0 {
			warn(p, "sources", "sources", "the brief names no source: add sources with the outlets or filings the facts come from")
		}
		if config.On(rules.WhyItMatters) && !hasWhyItMatters(p) {
			warn(p, "title", "why_it_matters", `the brief has no "Why it matters" section: add "## Why it matters" with the analysis`)
		}
		if config.On(rules.FutureWithoutDraft) && p.Date.After(now) && !p.Draft {
			warn(p, "date", "future_without_draft", fmt.Sprintf("the brief is dated %s, in the future, and is not a draft: the first build after that date will publish it; add draft: true if it is not ready", p.Date.Format("2 January 2006 15:04")))
		}
		if config.On(rules.ImageAlt) && p.Image != "" && p.ImageAlt == "" {
			warn(p, "image", "image_alt", "the image has no image_alt: describe it for readers who cannot see it")
		}
	}
	out = append(out, similarTerms(s)...)
	if config.On(rules.LinkText) {
		for _, r := range s.Renders {
			p := r.Page
			if p.Source == nil || r.Pager != nil {
				continue
			}
			_, links := scanPage([]byte(p.Content))
			for _, l := range links {
				if slices.Contains(vagueLinkText, strings.ToLower(strings.Trim(l.text, " .:"))) {
					line := lineOf(p.Source.Body, "["+l.text+"]")
					if line > 0 {
						line += p.Source.BodyLine - 1
					}
					out = append(out, problem.Problem{Severity: problem.Warning, Code: problem.Editorial, File: p.SourcePath(), Line: line,
						Message: fmt.Sprintf("the link text %q says nothing out of context: name what the link leads to (to turn this check off: [check] link_text = false in gen.toml)", l.text)})
				}
			}
		}
	}
	return out
}

// hasWhyItMatters reports whether a brief has a "Why it matters" heading.
func hasWhyItMatters(p *model.Page) bool {
	for _, h := range p.TOC {
		t := strings.ToLower(strings.ReplaceAll(h.Title, "’", "'"))
		if strings.Contains(t, "why it matters") || strings.Contains(t, "why this matters") || strings.Contains(t, "why it's important") || strings.Contains(t, "why this is important") {
			return true
		}
	}
	return false
}

// similarTerms warns about each pair of terms of a taxonomy that look like
// one name spelled two ways, at the first brief that uses the less used
// spelling, naming the files that use each.
func similarTerms(s *model.Site) []problem.Problem {
	if !config.On(s.Config.Check.SimilarTerms) {
		return nil
	}
	files := func(t *model.Term) string {
		var names []string
		for _, p := range t.Briefs {
			if len(names) == 3 {
				return strings.Join(names, ", ") + fmt.Sprintf(" and %d more", len(t.Briefs)-3)
			}
			names = append(names, p.SourcePath())
		}
		return strings.Join(names, ", ")
	}
	var out []problem.Problem
	for _, tax := range s.Taxonomies {
		if !tax.Config.SimilarTermsOn() {
			continue
		}
		for _, d := range tax.NearDuplicates {
			fix := "use one spelling in every brief"
			if tax.Name == "companies" {
				// [companies.NAME] is how most sites configure companies.
				fix += fmt.Sprintf(", or, if they are one company, add [companies.%q] aliases = [%q] to gen.toml", d.B.Name, d.A.Name)
			} else {
				fix += fmt.Sprintf(", or, if they are one %s, add [taxonomies.%s.terms.%q] aliases = [%q] to gen.toml", strings.ToLower(tax.Singular), tax.Name, d.B.Name, d.A.Name)
			}
			msg := fmt.Sprintf("%s %q (%s) and %q (%s) look like one name spelled two ways: %s (to turn this check off: [check] similar_terms = false in gen.toml)",
				tax.Name, d.A.Name, files(d.A), d.B.Name, files(d.B), fix)
			p := problem.Problem{Severity: problem.Warning, Code: problem.Editorial, Message: msg}
			if len(d.A.Briefs) > 0 {
				first := d.A.Briefs[len(d.A.Briefs)-1] // the oldest brief with the spelling
				p.File, p.Line = first.SourcePath(), first.Source.Front.KeyLine(tax.Config.Key)
			}
			out = append(out, p)
		}
	}
	return out
}

// unescaped is href with its %-escapes decoded, or href when it has a bad
// one.
func unescaped(href string) string {
	if u, err := url.PathUnescape(href); err == nil {
		return u
	}
	return href
}
