package content

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/gen-briefs/gen/internal/problem"

	"github.com/gen-briefs/gen/internal/suggest"
)

// Meta is the typed frontmatter of a page. The brief fields are read on
// every page; the model decides which apply.
type Meta struct {
	Title string
	Date  time.Time
	// DateOnly is set when date gives a day but no time of day.
	DateOnly bool
	Updated  time.Time
	// Terms holds the terms listed under each taxonomy's frontmatter key
	// ("companies", "topics"), by key, as written.
	Terms map[string][]string
	// Region is the region key's text, when it is text.
	Region    string
	Sources   []Source
	Authors   []string
	KeyPoints []string
	Summary   string
	Image     string
	ImageAlt  string
	// ImageFocus is the point of the image its crops keep in view, as
	// written ("center", "top", "0.3,0.6"); package card reads it.
	ImageFocus string
	Draft      bool
	Slug       string
	Aliases    []string
	Related    []string
	// Params holds the free-form "params" table for custom layouts.
	Params map[string]any
}

// Source is an outlet a brief's facts come from.
type Source struct {
	Name string
	URL  string
}

// DefaultTermKeys are the frontmatter keys of the default taxonomies.
var DefaultTermKeys = []string{"companies", "topics"}

// schema is what decoding frontmatter needs to know of the site.
type schema struct {
	// loc is the time zone of dates written without one.
	loc *time.Location
	// termKeys are the keys that list terms, in the site's order.
	termKeys []string
	// keys are all keys gen knows, in the order messages (and the
	// README) list them.
	keys []string
}

// newSchema is the schema of a site whose taxonomies read termKeys (the
// defaults when there are none).
func newSchema(loc *time.Location, termKeys []string) schema {
	if len(termKeys) == 0 {
		termKeys = DefaultTermKeys
	}
	keys := []string{"title", "date", "updated"}
	keys = append(keys, termKeys...)
	if !slices.Contains(termKeys, "region") {
		keys = append(keys, "region")
	}
	keys = append(keys, "sources", "authors", "key_points", "summary", "image", "image_alt", "image_focus", "draft", "slug", "aliases", "related", "params")
	return schema{loc: loc, termKeys: termKeys, keys: keys}
}

// fieldError is a problem with the value of one frontmatter key.
type fieldError struct {
	key string
	msg string
	// code is FrontmatterValue, or FrontmatterUnknownKey for a key gen
	// does not know.
	code problem.Code
}

func (e *fieldError) Error() string { return QuoteOdd(e.key) + ": " + e.msg }

// QuoteOdd returns s as it is, or in Go quotes when it holds a character
// that would not print as itself (a newline, a control character, a
// quote), so that a name or value from a file can neither start a line of
// its own in a message nor act on the terminal.
func QuoteOdd(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// synonyms are keys other generators use, with the key gen has for them,
// for the hint of an unknown key.
var synonyms = map[string]string{
	"tags":        "topics",
	"categories":  "topics",
	"description": "summary",
	"excerpt":     "summary",
	"lastmod":     "updated",
	"modified":    "updated",
	"author":      "authors",
	"publishdate": "date",
	"pubdate":     "date",
}

// unknownKey explains a key gen does not know, with the key meant when
// there is a likely one.
func unknownKey(k string, keys []string) *fieldError {
	hint := suggest.Hint(k, keys)
	if s, ok := synonyms[strings.ToLower(k)]; ok && slices.Contains(keys, s) {
		hint = ` (did you mean "` + s + `"?)`
	}
	return &fieldError{k, "unknown key" + hint + "; the keys gen knows are " + strings.Join(keys, ", ") + " (put your own values under params)", problem.FrontmatterUnknownKey}
}

// decodeMeta converts frontmatter values into a Meta. Dates without a zone
// are read in the schema's time zone. It reports every key at fault, each
// as a *lineError and in the order of their lines, joined.
func decodeMeta(fm *FrontMatter, sc schema) (*Meta, error) {
	loc := sc.loc
	m := &Meta{}
	var errs []*lineError
	keys := make([]string, 0, len(fm.Values))
	for k := range fm.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := fm.Values[k]
		var err error
		if slices.Contains(sc.termKeys, k) {
			var terms []string
			if s, isText := v.(string); isText && k == "region" {
				// region was text before it could be a taxonomy.
				if m.Region = strings.TrimSpace(s); m.Region != "" {
					terms = []string{m.Region}
				}
			} else {
				terms, err = asStrings(k, v)
			}
			if m.Terms == nil {
				m.Terms = map[string][]string{}
			}
			m.Terms[k] = terms
			if err != nil {
				errs = append(errs, &lineError{line: fm.KeyLine(k), err: err})
			}
			continue
		}
		switch k {
		case "title":
			m.Title, err = asString(k, v)
		case "date":
			m.Date, err = asDate(k, v, loc)
			m.DateOnly = isDateOnly(v)
		case "updated":
			m.Updated, err = asDate(k, v, loc)
		case "region":
			m.Region, err = asString(k, v)
		case "sources":
			m.Sources, err = asSources(k, v)
		case "authors":
			m.Authors, err = asStrings(k, v)
		case "key_points":
			m.KeyPoints, err = asStrings(k, v)
		case "summary":
			m.Summary, err = asString(k, v)
		case "image":
			m.Image, err = asString(k, v)
		case "image_alt":
			m.ImageAlt, err = asString(k, v)
		case "image_focus":
			m.ImageFocus, err = asString(k, v)
		case "draft":
			b, ok := v.(bool)
			if !ok {
				err = &fieldError{k, fmt.Sprintf("must be true or false, not %s", describe(v)), problem.FrontmatterValue}
			}
			m.Draft = b
		case "slug":
			m.Slug, err = asString(k, v)
		case "aliases":
			m.Aliases, err = asStrings(k, v)
		case "related":
			m.Related, err = asStrings(k, v)
		case "params":
			p, ok := v.(map[string]any)
			if !ok {
				err = &fieldError{k, fmt.Sprintf("must be a table of keys and values, not %s", describe(v)), problem.FrontmatterValue}
			}
			m.Params = p
		default:
			err = unknownKey(k, sc.keys)
		}
		if err != nil {
			errs = append(errs, &lineError{line: fm.KeyLine(k), err: err})
		}
	}
	if !m.Updated.IsZero() && !m.Date.IsZero() && m.Updated.Before(m.Date) {
		errs = append(errs, &lineError{line: fm.KeyLine("updated"), err: &fieldError{"updated", "is earlier than date: an update comes after publication", problem.FrontmatterValue}})
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *lineError) int { return a.line - b.line })
		joined := make([]error, len(errs))
		for i, e := range errs {
			joined[i] = e
		}
		return nil, errors.Join(joined...)
	}
	return m, nil
}

// describe names the type of a decoded value for messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "an empty value"
	case string:
		return fmt.Sprintf("the text %q", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case int, int64, uint64, float64:
		return fmt.Sprintf("the number %v", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	default:
		return fmt.Sprintf("a %T", v)
	}
}

func asString(key string, v any) (string, error) {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), nil
	case int, int64, uint64, float64:
		return fmt.Sprint(v), nil
	}
	return "", &fieldError{key, fmt.Sprintf("must be text, not %s", describe(v)), problem.FrontmatterValue}
}

// MaxListLength is the most entries a frontmatter list may have.
const MaxListLength = 100

func asStrings(key string, v any) ([]string, error) {
	list, ok := v.([]any)
	if ok && len(list) > MaxListLength {
		return nil, &fieldError{key, fmt.Sprintf("has %d entries; a brief's list has at most %d", len(list), MaxListLength), problem.FrontmatterValue}
	}
	if !ok {
		if s, isText := v.(string); isText {
			return nil, &fieldError{key, fmt.Sprintf("must be a list, not the text %q: write %s: [%s]", s, key, QuoteOdd(s)), problem.FrontmatterValue}
		}
		return nil, &fieldError{key, fmt.Sprintf("must be a list of text, not %s", describe(v)), problem.FrontmatterValue}
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, err := asString(key, item)
		if err != nil {
			return nil, &fieldError{fmt.Sprintf("%s[%d]", key, i), fmt.Sprintf("must be text, not %s", describe(item)), problem.FrontmatterValue}
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func asSources(key string, v any) ([]Source, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, &fieldError{key, fmt.Sprintf("must be a list of sources (each with name and an optional url), not %s", describe(v)), problem.FrontmatterValue}
	}
	var out []Source
	for i, item := range list {
		k := fmt.Sprintf("%s[%d]", key, i)
		switch item := item.(type) {
		case string:
			out = append(out, Source{Name: strings.TrimSpace(item)})
		case map[string]any:
			var s Source
			for _, f := range slices.Sorted(maps.Keys(item)) {
				val := item[f]
				str, err := asString(k+"."+f, val)
				if err != nil {
					return nil, err
				}
				switch f {
				case "name":
					s.Name = str
				case "url":
					s.URL = str
				default:
					return nil, &fieldError{k, fmt.Sprintf("unknown key %q: a source has name and url", f), problem.FrontmatterUnknownKey}
				}
			}
			if s.Name == "" {
				return nil, &fieldError{k, "a source needs a name", problem.FrontmatterValue}
			}
			if s.URL != "" {
				u, err := url.Parse(s.URL)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return nil, &fieldError{k + ".url", fmt.Sprintf("%q is not an http or https address", s.URL), problem.FrontmatterValue}
				}
			}
			out = append(out, s)
		default:
			return nil, &fieldError{k, fmt.Sprintf("must be a name or a table with name and url, not %s", describe(item)), problem.FrontmatterValue}
		}
	}
	return out, nil
}

// dateLayouts are the written forms of a date gen accepts; those without a
// zone are read in the site's time zone.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// isDateOnly reports whether a date value names a day without a time.
func isDateOnly(v any) bool {
	switch v := v.(type) {
	case toml.LocalDate:
		return true
	case string:
		_, err := time.Parse("2006-01-02", strings.TrimSpace(v))
		return err == nil
	}
	return false
}

func asDate(key string, v any, loc *time.Location) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v, nil
	case toml.LocalDateTime:
		return v.AsTime(loc), nil
	case toml.LocalDate:
		return time.Date(v.Year, time.Month(v.Month), v.Day, 0, 0, 0, 0, loc), nil
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range dateLayouts {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, nil
			}
		}
		return time.Time{}, &fieldError{key, fmt.Sprintf("cannot read %q as a date: write 2026-07-18, 2026-07-18T09:30:00 or 2026-07-18T09:30:00+01:00", s), problem.FrontmatterValue}
	}
	return time.Time{}, &fieldError{key, fmt.Sprintf("must be a date such as 2026-07-18T09:30:00Z, not %s", describe(v)), problem.FrontmatterValue}
}
