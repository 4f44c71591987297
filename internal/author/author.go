// Package author makes the files a writer starts from: a new site, a new
// brief or page from an archetype, and a brief from plain-text copy. It
// returns file contents; the command writes them, never over a file.
package author

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"

	"gopkg.in/yaml.v3"
)

// File is a file to create, by its path from the site root.
type File struct {
	Path string
	Data []byte
}

// ArchetypeData is what an archetype template is executed on.
type ArchetypeData struct {
	Title string
	Date  time.Time
	// Companies and Topics are the terms of those taxonomies, as in Terms.
	Companies []string
	Topics    []string
	// Terms holds the terms of every taxonomy, by frontmatter key, each
	// an empty list when none was given.
	Terms map[string][]string
	// OtherKeys lists the frontmatter keys of the taxonomies other than
	// companies and topics, in the site's order.
	OtherKeys []string
}

// BuiltinBrief is the archetype of a new brief when the site has no
// layouts/archetypes/brief.md.
const BuiltinBrief = `---
title: {{yaml .Title}}
date: {{.Date.Format "2006-01-02T15:04:05-07:00"}}
draft: true
companies: {{yaml .Companies}}
topics: {{yaml .Topics}}
{{range .OtherKeys}}{{.}}: {{yaml (index $.Terms .)}}
{{end}}# region: global
sources: []
key_points: []
---

## What happened
_The facts: who, what, where, when and how many, and where they come from._

## Why it matters
_The analysis: what it signals, who is affected, how it fits a trend._

## Also read
_Links to related briefs, each written as ` + "`[its headline](its-file.md)`" + `._
`

// BuiltinPage is the archetype of a new standalone page.
const BuiltinPage = `---
title: {{yaml .Title}}
date: {{.Date.Format "2006-01-02T15:04:05-07:00"}}
draft: true
---

_Write the page here._
`

// Execute fills an archetype; name is used in its error messages.
func Execute(name, archetype string, d ArchetypeData) ([]byte, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"yaml": yamlInline}).Parse(archetype)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b.Bytes(), nil
}

// yamlInline writes a value as YAML on one line: a quoted string when it
// needs quotes, a flow list.
func yamlInline(v any) (string, error) {
	switch v := v.(type) {
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			q, err := yamlInline(s)
			if err != nil {
				return "", err
			}
			parts[i] = q
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	case string:
		// Quote with YAML's double-quoted style when the plain form would
		// change meaning or break a flow list.
		out, err := yaml.Marshal(v)
		if err != nil {
			return "", err
		}
		s := strings.TrimSuffix(string(out), "\n")
		if strings.ContainsAny(s, ",[]{}") && !strings.HasPrefix(s, `"`) && !strings.HasPrefix(s, `'`) {
			s = fmt.Sprintf("%q", v)
		}
		if strings.Contains(s, "\n") {
			s = fmt.Sprintf("%q", v)
		}
		return s, nil
	}
	return "", fmt.Errorf("yaml: cannot write %T", v)
}
