package author

import (
	"fmt"
	"time"
)

// SiteFiles returns the files of a new site called title, with one example
// brief dated now and an about page. It has no layouts: the embedded
// default theme serves until the writer adds overrides.
func SiteFiles(title string, now time.Time) ([]File, error) {
	quoted, err := yamlInline(title)
	if err != nil {
		return nil, err
	}
	date := now.UTC().Truncate(time.Minute).Format(time.RFC3339)
	return []File{
		{"gen.toml", []byte(fmt.Sprintf(configTemplate, fmt.Sprintf("%q", title)))},
		{"content/_index.md", []byte(fmt.Sprintf("---\ntitle: %s\n---\nShort briefs on the events that shape the tech industry.\n", quoted))},
		{"content/about.md", []byte(fmt.Sprintf(aboutTemplate, date, title))},
		{"content/briefs/_index.md", []byte("---\ntitle: Briefs\n---\nEvery brief, newest first.\n")},
		{"content/briefs/welcome-to-your-briefs-site.md", []byte(fmt.Sprintf(exampleBrief, date))},
		// The output and the build cache are made from the rest.
		{".gitignore", []byte("public/\n.gen/\n")},
	}, nil
}

// configTemplate is gen.toml with every key explained; %s is the title.
const configTemplate = `# gen.toml: the settings of this site. Every key is optional.

title = %s

# The address the site is served from, with a trailing slash. Feeds,
# sitemaps and share links need it. "gen build --baseURL URL" overrides it.
# baseURL = "https://briefs.example.org/"

# The language of the pages, as a tag such as "en", "en-GB" or "de".
language = "en"

# The time zone (an IANA name) that dates without a zone are read in.
timezone = "UTC"

# One sentence about the site, for search results and the feed.
# description = "Short briefs on the tech industry."

# Entries on each page of the home page, section and term lists.
paginate = 20

# Who publishes the site, for news metadata and the footer.
# [publisher]
# name = "Our Newsroom"
# url = "https://example.org/"
# logo = "/images/logo.svg"

# Raw HTML in Markdown is dropped unless this is true.
# [markdown]
# unsafe = false

# The RSS, Atom and JSON feeds of the site, its sections and terms: how
# many briefs, and "summary" or "full" briefs.
# [feeds]
# size = 20
# content = "summary"

# gen check's editorial rules for briefs; each is on unless set to false.
# [check]
# headline_length = true        # a headline over 110 characters
# key_points = true             # fewer than two or more than five key points
# sources = true                # no source
# why_it_matters = true         # no "Why it matters" section
# future_without_draft = true   # a future date without draft: true
# image_alt = true              # an image without image_alt
# link_text = true              # link text such as "click here"
# similar_terms = true          # "Open AI" and "OpenAI": one name spelled two ways

# Taxonomies group briefs: companies and topics, and any you add with a
# line such as this one (briefs then list people: [Ada Lovelace]).
# [taxonomies]
# people = { singular = "Person" }

# Terms of a taxonomy: one canonical name each, with the other ways it is
# written and the term it belongs to. Briefs may use any alias; pages use
# the name.
# [taxonomies.companies.terms."Amazon Web Services"]
# aliases = ["AWS"]
# parent = "Amazon"
`

const aboutTemplate = `---
title: About
date: %s
---

%s publishes short briefs on the tech industry: what happened, why it
matters, and where to read more. Each brief starts with its key points, so
you can get the gist in ten seconds.

Edit this page in content/about.md.
`

const exampleBrief = `---
title: Welcome to your briefs site
date: %s
companies: [Example Corp]
topics: [meta]
key_points:
  - This is an example brief, made by gen init.
  - Write your own with gen new brief "Your headline", then delete this one.
---

## What happened
You created a site with gen. Briefs live in content/briefs/, one Markdown
file each, with their metadata at the top between the --- lines.

## Why it matters
A brief that follows the same shape every time (key points, what happened,
why it matters, further reading) is quick to write and quick to read.

## Also read
- [About this site](../about.md)
`
