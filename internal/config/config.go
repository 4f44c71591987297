// Package config reads a site's gen.toml into a validated Config with
// defaults filled in. It knows nothing about content or output.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/source"
	"github.com/gen-briefs/gen/internal/suggest"
)

// FileName is the name of the config file at the site root.
const FileName = "gen.toml"

// DefaultPaginate is the number of entries on a list page when the config
// does not say.
const DefaultPaginate = 20

// Config is a site's configuration.
type Config struct {
	Title       string    `toml:"title"`
	BaseURL     string    `toml:"baseURL"`
	Language    string    `toml:"language"`
	Timezone    string    `toml:"timezone"`
	Description string    `toml:"description"`
	Paginate    int       `toml:"paginate"`
	Publisher   Publisher `toml:"publisher"`
	Markdown    Markdown  `toml:"markdown"`
	// Companies is the older spelling of [taxonomies.companies.terms]:
	// [companies.NAME] tables, merged into the companies taxonomy.
	Companies map[string]TermConfig `toml:"companies"`
	// TaxonomyTables holds the [taxonomies.NAME] tables as decoded, with
	// the built-in taxonomies added; Taxonomies is what to read.
	TaxonomyTables map[string]*Taxonomy `toml:"taxonomies"`
	Check          Check                `toml:"check"`
	Feeds          Feeds                `toml:"feeds"`
	Digest         Digest               `toml:"digest"`
	Deploy         Deploy               `toml:"deploy"`

	// Taxonomies are the site's taxonomies in order: that in which
	// gen.toml first mentions them under [taxonomies], with companies and
	// topics, when it does not, in their default places (companies first,
	// topics after companies).
	Taxonomies []*Taxonomy `toml:"-"`

	// Location is Timezone loaded; dates without a zone are read in it.
	Location *time.Location `toml:"-"`
	// Path is the file the config was read from, or "" for defaults.
	Path string `toml:"-"`
}

// Publisher names the organisation that publishes the site.
type Publisher struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
	Logo string `toml:"logo"`
}

// Markdown holds the Markdown rendering options.
type Markdown struct {
	// Unsafe lets raw HTML in Markdown through to the output.
	Unsafe bool `toml:"unsafe"`
}

// Digest sets how the weekly digests group a week's briefs.
type Digest struct {
	// GroupBy names the taxonomy whose first term of a brief groups it in
	// its week's digest: "topics" unless set.
	GroupBy string `toml:"group_by"`
}

// DefaultDigestGroup is the taxonomy digests group by unless the config
// names another.
const DefaultDigestGroup = "topics"

// Feeds sets what the RSS, Atom and JSON feeds hold.
type Feeds struct {
	// Size is the number of briefs in each feed (default 20).
	Size int `toml:"size"`
	// Content is "summary" (the default) or "full" (the whole brief).
	Content string `toml:"content"`
}

// Check turns gen check's editorial rules for briefs on and off; every
// rule is on unless set to false.
type Check struct {
	HeadlineLength     *bool `toml:"headline_length"`
	KeyPoints          *bool `toml:"key_points"`
	Sources            *bool `toml:"sources"`
	WhyItMatters       *bool `toml:"why_it_matters"`
	FutureWithoutDraft *bool `toml:"future_without_draft"`
	ImageAlt           *bool `toml:"image_alt"`
	LinkText           *bool `toml:"link_text"`
	SimilarTerms       *bool `toml:"similar_terms"`
}

// On reports whether a rule (one of Check's fields) is on.
func On(rule *bool) bool { return rule == nil || *rule }

// Default returns the configuration of a site without gen.toml.
func Default() *Config {
	c := &Config{}
	if err := c.finish(nil); err != nil {
		panic(err) // the defaults are valid by construction
	}
	return c
}

// Load reads dir/gen.toml. A missing file gives the defaults; an unknown
// key or a bad value is an error naming the file, line and key.
func Load(dir string) (*Config, error) {
	data, err := source.ReadFile(dir, filepath.Join(dir, FileName), FileName)
	if errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	c, err := Parse(FileName, data)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Parse decodes and validates config text; name is used in messages.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeError(name, data, err)
	}
	c.Path = name
	if err := c.finish(taxonomyOrder(data)); err != nil {
		return nil, &problem.Failure{Code: problem.ConfigValue, File: name, Line: keyLine(data, err), Message: err.Error()}
	}
	return c, nil
}

// decodeError turns go-toml's errors into file:line:col messages.
func decodeError(name string, data []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []error
		for i := range strict.Errors {
			e := &strict.Errors[i]
			row, col := e.Position()
			key := strings.Join(e.Key(), ".")
			known := knownKeys(e.Key())
			errs = append(errs, &problem.Failure{Code: problem.ConfigUnknownKey, File: name, Line: row, Column: col,
				Message: fmt.Sprintf("unknown key %q%s: remove it or check its spelling (known keys: %s)",
					key, suggest.Hint(e.Key()[len(e.Key())-1], strings.Split(known, ", ")), known)})
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		code, msg := problem.ConfigSyntax, strings.TrimPrefix(de.Error(), "toml: ")
		if want, got, ok := mismatch(data, de.Key()); ok {
			code, msg = problem.ConfigValue, fmt.Sprintf("must be %s, not a %s", want, got)
		}
		if k := strings.Join(de.Key(), "."); k != "" {
			msg = k + ": " + msg
		}
		return &problem.Failure{Code: code, File: name, Line: row, Column: col, Message: msg}
	}
	return &problem.Failure{Code: problem.ConfigSyntax, File: name, Message: err.Error()}
}

// knownKeys lists the keys allowed beside an unknown one.
func knownKeys(key []string) string {
	if len(key) > 1 {
		switch key[0] {
		case "publisher":
			return "name, url, logo"
		case "markdown":
			return "unsafe"
		case "companies":
			return "aliases, parent"
		case "taxonomies":
			if len(key) == 5 && key[2] == "terms" {
				return "aliases, parent"
			}
			return taxonomyKeys
		case "feeds":
			return "size, content"
		case "digest":
			return "group_by"
		case "deploy":
			switch {
			case len(key) > 2 && key[1] == "targets":
				return "name, url"
			case len(key) > 2 && key[1] == "headers":
				return "pattern, cache_control"
			}
			return deployKeys
		case "check":
			return "headline_length, key_points, sources, why_it_matters, future_without_draft, image_alt, link_text, similar_terms"
		}
	}
	return "title, baseURL, language, timezone, description, paginate, publisher, markdown, taxonomies, companies, feeds, digest, check, deploy"
}

// keyError is a validation error about one key.
type keyError struct {
	key string
	msg string
}

// tableKeyError is a keyError in one table of an array of tables, such as
// the second [[deploy.targets]]: table names the array and nth (from 1)
// the table.
type tableKeyError struct {
	keyError
	table string
	nth   int
}

func (e *keyError) Error() string { return e.key + ": " + e.msg }

// keyLine finds the line where the key of a validation error is set, or 1.
func keyLine(data []byte, err error) int {
	var ke *keyError
	var te *tableKeyError
	if errors.As(err, &te) {
		ke = &te.keyError
	} else if !errors.As(err, &ke) {
		return 1
	}
	table, nth := "", 0
	if te != nil {
		table, nth = te.table, te.nth
	}
	parts := strings.Split(ke.key, ".")
	last := parts[len(parts)-1]
	lines := strings.Split(string(data), "\n")
	from, seen := 0, 0
	if table != "" {
		for i, line := range lines {
			if strings.ReplaceAll(strings.TrimSpace(line), " ", "") == "[["+table+"]]" {
				if seen++; seen == nth {
					from = i
					break
				}
			}
		}
		if seen < nth {
			return 1
		}
	}
	for i, line := range lines[from:] {
		i += from
		t := strings.TrimSpace(line)
		if table != "" && i > from && strings.HasPrefix(t, "[") {
			return from + 1 // the key is not in its table: the table's line
		}
		if strings.HasPrefix(t, last+" ") || strings.HasPrefix(t, last+"=") ||
			strings.HasPrefix(t, `"`+last+`"`) || strings.Contains(t, "."+last+"]") ||
			strings.Contains(t, `."`+last+`"]`) || t == "["+last+"]" {
			return i + 1
		}
	}
	return from + 1
}

// finish fills in defaults and checks values; order is the order of the
// taxonomies in the config text.
func (c *Config) finish(order []string) error {
	if c.Title == "" {
		c.Title = "Briefs"
	}
	if c.Language == "" {
		c.Language = "en"
	}
	if !languageTag.MatchString(c.Language) {
		return &keyError{"language", fmt.Sprintf("%q is not a language tag: use a code such as \"en\", \"en-GB\" or \"de\"", c.Language)}
	}
	if c.Timezone == "" {
		c.Timezone = "UTC"
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || strings.EqualFold(c.Timezone, "local") {
		return &keyError{"timezone", fmt.Sprintf("unknown time zone %q: use an IANA name such as \"Europe/London\" or \"UTC\"", c.Timezone)}
	}
	c.Location = loc
	// paginate = 0 means the default, as when the key is absent.
	if c.Paginate == 0 {
		c.Paginate = DefaultPaginate
	}
	if c.Paginate < 0 {
		return &keyError{"paginate", fmt.Sprintf("must be a positive number of entries per page, not %d", c.Paginate)}
	}
	if c.BaseURL != "" {
		b, err := NormalizeBaseURL(c.BaseURL)
		if err != nil {
			return &keyError{"baseURL", err.Error()}
		}
		c.BaseURL = b
	}
	if c.Feeds.Size == 0 {
		c.Feeds.Size = 20
	}
	if c.Feeds.Size < 0 {
		return &keyError{"size", fmt.Sprintf("must be a positive number of briefs per feed, not %d", c.Feeds.Size)}
	}
	switch c.Feeds.Content {
	case "":
		c.Feeds.Content = "summary"
	case "summary", "full":
	default:
		return &keyError{"content", fmt.Sprintf("%q: use \"summary\" or \"full\"", c.Feeds.Content)}
	}
	if c.Publisher.Name == "" {
		c.Publisher.Name = c.Title
	}
	// A relative logo path is from the site root, as on every page it is.
	if l := c.Publisher.Logo; l != "" && !strings.Contains(l, "://") && !strings.HasPrefix(l, "/") {
		c.Publisher.Logo = "/" + l
	}
	if err := c.finishTaxonomies(order); err != nil {
		return err
	}
	if err := c.finishDeploy(); err != nil {
		return err
	}
	return c.finishDigest()
}

// finishDigest checks that digests group by one of the site's taxonomies.
func (c *Config) finishDigest() error {
	if c.Digest.GroupBy == "" {
		c.Digest.GroupBy = DefaultDigestGroup
	}
	if c.Taxonomy(c.Digest.GroupBy) != nil {
		return nil
	}
	var names []string
	for _, t := range c.Taxonomies {
		names = append(names, t.Name)
	}
	return &keyError{"group_by", fmt.Sprintf("%q is not a taxonomy of the site%s: digests group briefs by one of %s", c.Digest.GroupBy, suggest.Hint(c.Digest.GroupBy, names), strings.Join(names, ", "))}
}

// languageTag matches a BCP 47 language tag such as "en" or "pt-BR".
var languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// BasePath is the path under which the site is served, the base URL's
// ("/news/" for https://example.org/news/); "" when the site is opened
// from files (no base URL, or a file: one), where pages link each other
// relatively.
func (c *Config) BasePath() string {
	if u, err := url.Parse(c.BaseURL); err == nil && u.Scheme != "file" && c.BaseURL != "" {
		return cmp.Or(u.Path, "/")
	}
	return ""
}

// NormalizeBaseURL checks that s is an absolute http, https or file URL and
// gives it a trailing slash.
func NormalizeBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || (u.Scheme != "file" && u.Host == "") {
		return "", fmt.Errorf("%q is not an absolute URL: write it as \"https://example.org/\"", s)
	}
	switch u.Scheme {
	case "http", "https", "file":
	default:
		return "", fmt.Errorf("%q: the scheme must be https, http or file", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: a base URL has no query or fragment", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}
