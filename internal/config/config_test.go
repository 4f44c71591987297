package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadWithoutFileGivesDefaults(t *testing.T) {
	c, err := Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Briefs" || c.Language != "en" || c.Timezone != "UTC" {
		t.Errorf("title, language, timezone = %q, %q, %q; want Briefs, en, UTC", c.Title, c.Language, c.Timezone)
	}
	if c.Paginate != DefaultPaginate {
		t.Errorf("Paginate = %d, want %d", c.Paginate, DefaultPaginate)
	}
	if c.Location == nil || c.Location.String() != "UTC" {
		t.Errorf("Location = %v, want UTC", c.Location)
	}
	if c.BaseURL != "" || c.Description != "" || c.Markdown.Unsafe {
		t.Errorf("BaseURL, Description, Unsafe = %q, %q, %v; want empty", c.BaseURL, c.Description, c.Markdown.Unsafe)
	}
	if c.Publisher.Name != "Briefs" {
		t.Errorf("Publisher.Name = %q, want the title", c.Publisher.Name)
	}
	if c.Path != "" {
		t.Errorf("Path = %q, want \"\" for defaults", c.Path)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("Load on an empty dir = %+v, want Default() = %+v", c, Default())
	}
}

func TestLoadReadsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("title = \"From disk\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "From disk" || c.Path != FileName {
		t.Errorf("Title, Path = %q, %q; want \"From disk\", %q", c.Title, c.Path, FileName)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Run("bad key names the file", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte("title = \"x\"\ntitel = \"y\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), "gen.toml:2:1:") {
			t.Fatalf("Load error = %v, want gen.toml:2:1", err)
		}
	})
	t.Run("unreadable", func(t *testing.T) {
		dir := t.TempDir()
		// A folder where the file should be cannot be read as a file.
		if err := os.Mkdir(filepath.Join(dir, FileName), 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir); err == nil {
			t.Fatal("Load with gen.toml a folder: no error")
		}
	})
}

func TestParseEveryKey(t *testing.T) {
	const src = `title = "Tech Briefs"
baseURL = "https://briefs.example.org/sub"
language = "en-GB"
timezone = "Europe/London"
description = "Short briefs."
paginate = 5

[publisher]
name = "Desk"
url = "https://briefs.example.org/"
logo = "/images/logo.svg"

[markdown]
unsafe = true

[companies.Amazon]
aliases = ["Amazon.com"]

[companies."Amazon Web Services"]
aliases = ["AWS"]
parent = "amazon"

[digest]
group_by = "companies"
`
	c, err := Parse("gen.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Title:       "Tech Briefs",
		BaseURL:     "https://briefs.example.org/sub/",
		Language:    "en-GB",
		Timezone:    "Europe/London",
		Description: "Short briefs.",
		Paginate:    5,
		Publisher:   Publisher{Name: "Desk", URL: "https://briefs.example.org/", Logo: "/images/logo.svg"},
		Markdown:    Markdown{Unsafe: true},
		Companies: map[string]CompanyConfig{
			"Amazon":              {Aliases: []string{"Amazon.com"}},
			"Amazon Web Services": {Aliases: []string{"AWS"}, Parent: "amazon"},
		},
		Feeds:  Feeds{Size: 20, Content: "summary"},
		Digest: Digest{GroupBy: "companies"},
		Path:   "gen.toml",
	}
	// Compare the exported fields; Location is checked on its own.
	got := *c
	got.Location, got.TaxonomyTables, got.Taxonomies = nil, nil, nil
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", &got, want)
	}
	if c.Location == nil || c.Location.String() != "Europe/London" {
		t.Errorf("Location = %v, want Europe/London", c.Location)
	}
	if got := c.CompanyNames(); !reflect.DeepEqual(got, []string{"Amazon", "Amazon Web Services"}) {
		t.Errorf("CompanyNames = %q", got)
	}
}

func TestParseDefaultsFilledIn(t *testing.T) {
	c, err := Parse("gen.toml", []byte(`title = "Only a title"`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Publisher.Name != "Only a title" {
		t.Errorf("Publisher.Name = %q, want the title", c.Publisher.Name)
	}
	if c.Paginate != DefaultPaginate || c.Language != "en" || c.Timezone != "UTC" {
		t.Errorf("defaults not filled in: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		// want are substrings the error must contain.
		want []string
	}{
		{
			name: "unknown top-level key",
			src:  "title = \"x\"\n\ntitel = \"y\"\n",
			want: []string{"gen.toml:3:1:", `unknown key "titel" (did you mean "title"?)`, "known keys: title, baseURL"},
		},
		{
			name: "unknown key in publisher",
			src:  "title = \"x\"\n[publisher]\nname = \"n\"\nemail = \"e\"\n",
			want: []string{"gen.toml:4:1:", `unknown key "publisher.email"`, "known keys: name, url, logo"},
		},
		{
			name: "unknown key in a company",
			src:  "[companies.Amazon]\naliases = [\"AMZN\"]\n\n[companies.Google]\n  alias = [\"Alphabet\"]\n",
			want: []string{"gen.toml:5:3:", `unknown key "companies.Google.alias"`, "known keys: aliases, parent"},
		},
		{
			name: "digests grouped by a taxonomy the site lacks",
			src:  "title = \"x\"\n\n[digest]\ngroup_by = \"topic\"\n",
			want: []string{"gen.toml:4:", `group_by: "topic" is not a taxonomy of the site (did you mean "topics"?)`, "digests group briefs by one of companies, topics"},
		},
		{
			name: "unknown key in digest",
			src:  "[digest]\ngroupBy = \"topics\"\n",
			want: []string{"gen.toml:2:1:", `unknown key "digest.groupBy"`, "known keys: group_by"},
		},
		{
			name: "unknown key in markdown",
			src:  "[markdown]\nunsafe = true\nhardWraps = true\n",
			want: []string{"gen.toml:3:1:", `unknown key "markdown.hardWraps"`, "known keys: unsafe"},
		},
		{
			name: "paginate not a number",
			src:  "title = \"x\"\nlanguage = \"en\"\npaginate = \"x\"\n",
			want: []string{"gen.toml:3:12: paginate:"},
		},
		{
			name: "title not text",
			src:  "title = 3\n",
			want: []string{"gen.toml:1:9: title:"},
		},
		{
			name: "syntax error",
			src:  "title = \"x\"\nlanguage = \n",
			want: []string{"gen.toml:2:"},
		},
		{
			name: "bad timezone",
			src:  "title = \"x\"\nlanguage = \"en\"\n\ntimezone = \"Mars/Olympus\"\n",
			want: []string{"gen.toml:4: timezone: unknown time zone \"Mars/Olympus\""},
		},
		{
			name: "Local timezone",
			src:  "timezone = \"Local\"\n",
			want: []string{"gen.toml:1:", "timezone"},
		},
		{
			name: "bad language",
			src:  "title = \"x\"\nlanguage = \"English\"\n",
			want: []string{"gen.toml:2: language:", `"English" is not a language tag`},
		},
		{
			name: "negative paginate",
			src:  "title = \"x\"\n\n\n\npaginate = -3\n",
			want: []string{"gen.toml:5: paginate:", "not -3"},
		},
		{
			name: "baseURL without scheme",
			src:  "title = \"x\"\nbaseURL = \"example.org\"\n",
			want: []string{"gen.toml:2: baseURL:", "not an absolute URL"},
		},
		{
			name: "baseURL ftp",
			src:  "title = \"x\"\nbaseURL = \"ftp://x\"\n",
			want: []string{"gen.toml:2: baseURL:", "scheme must be https, http or file"},
		},
		{
			name: "baseURL with query",
			src:  "baseURL = \"https://x.org/?a=1\"\n",
			want: []string{"gen.toml:1:", "baseURL", "no query or fragment"},
		},
		{
			name: "alias claimed by two companies",
			src:  "[companies.Alphabet]\naliases = [\"Google\"]\n\n[companies.Google]\naliases = [\"Google LLC\"]\n",
			want: []string{"gen.toml:4: companies.Google:", `"Google" is also a name or alias of "Alphabet"`},
		},
		{
			name: "alias claimed twice ignoring case",
			src:  "[companies.Meta]\naliases = [\"Facebook\"]\n\n[companies.Other]\naliases = [\"FACEBOOK\"]\n",
			want: []string{"gen.toml:4: companies.Other:", `"FACEBOOK" is also a name or alias of "Meta"`},
		},
		{
			name: "empty alias",
			src:  "[companies.Meta]\naliases = [\" \"]\n",
			want: []string{"gen.toml:1:", "companies.Meta", "an alias is empty"},
		},
		{
			name: "parent loop",
			src:  "[companies.A]\nparent = \"B\"\n\n[companies.B]\nparent = \"C\"\n\n[companies.C]\nparent = \"a\"\n",
			want: []string{"gen.toml:1: companies.A:", `parent chain loops back to "A"`},
		},
		{
			name: "own parent",
			src:  "title = \"x\"\n[companies.Solo]\nparent = \"Solo\"\n",
			want: []string{"gen.toml:2: companies.Solo:", "loops back"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("gen.toml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse: no error, got %+v", c)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseReportsEveryUnknownKey(t *testing.T) {
	_, err := Parse("gen.toml", []byte("titel = \"x\"\npaginat = 3\n"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{`gen.toml:1:1: unknown key "titel"`, `gen.toml:2:1: unknown key "paginat"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q\ndoes not contain %q", err, w)
		}
	}
}

func TestNormalizeBaseURL(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  string
	}{
		{in: "https://example.org", want: "https://example.org/"},
		{in: "https://example.org/", want: "https://example.org/"},
		{in: "http://example.org/repo", want: "http://example.org/repo/"},
		{in: "https://example.org/a/b/", want: "https://example.org/a/b/"},
		{in: "file:///srv/site", want: "file:///srv/site/"},
		{in: "example.org", wantErr: "not an absolute URL"},
		{in: "/just/a/path", wantErr: "not an absolute URL"},
		{in: "https://", wantErr: "not an absolute URL"},
		{in: "ftp://x", wantErr: "scheme must be https, http or file"},
		{in: "mailto:someone@example.org", wantErr: "not an absolute URL"},
		{in: "https://example.org/#top", wantErr: "no query or fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeBaseURL(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NormalizeBaseURL(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

const companiesTOML = `
[companies.Amazon]
aliases = ["Amazon.com"]

[companies."Amazon Web Services"]
aliases = ["AWS", "Amazon Web Services Inc"]
parent = "amazon.com"

[companies.Alphabet]

[companies.Google]
aliases = ["Google Cloud"]
parent = "Alphabet"

[companies.YouTube]
parent = "google cloud"
`

func TestCanonicalCompany(t *testing.T) {
	c, err := Parse("gen.toml", []byte(companiesTOML))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"Amazon", "Amazon"},
		{"amazon", "Amazon"},
		{"AMAZON.COM", "Amazon"},
		{"AWS", "Amazon Web Services"},
		{"aws", "Amazon Web Services"},
		{"  Aws  ", "Amazon Web Services"},
		{"amazon web services inc", "Amazon Web Services"},
		{"google cloud", "Google"},
		{"youtube", "YouTube"},
		{"Nvidia", "Nvidia"},
		{"  Unknown Co  ", "Unknown Co"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := c.CanonicalCompany(tt.in); got != tt.want {
			t.Errorf("CanonicalCompany(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParentCompany(t *testing.T) {
	c, err := Parse("gen.toml", []byte(companiesTOML))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"Amazon Web Services", "Amazon"}, // parent written as an alias
		{"Google", "Alphabet"},
		{"YouTube", "Google"},
		{"Amazon", ""},
		{"Alphabet", ""},
		{"Unknown", ""},
	}
	for _, tt := range tests {
		if got := c.ParentCompany(tt.in); got != tt.want {
			t.Errorf("ParentCompany(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefaultHasNoCompanies(t *testing.T) {
	c := Default()
	if n := c.CompanyNames(); len(n) != 0 {
		t.Errorf("CompanyNames = %q, want none", n)
	}
	if got := c.CanonicalCompany(" AWS "); got != "AWS" {
		t.Errorf("CanonicalCompany without config = %q, want the trimmed name", got)
	}
}

func ExampleParse() {
	c, err := Parse("gen.toml", []byte(`
title = "Tech Briefs"
baseURL = "https://briefs.example.org"

[companies."Amazon Web Services"]
aliases = ["AWS"]
parent = "Amazon"
`))
	if err != nil {
		panic(err)
	}
	fmt.Println(c.BaseURL)
	fmt.Println(c.Paginate)
	fmt.Println(c.CanonicalCompany("aws"))
	fmt.Println(c.ParentCompany("Amazon Web Services"))
	// Output:
	// https://briefs.example.org/
	// 20
	// Amazon Web Services
	// Amazon
}

func TestBasePath(t *testing.T) {
	for base, want := range map[string]string{
		"https://example.org/":       "/",
		"https://example.org/news/":  "/news/",
		"http://127.0.0.1:1414/":     "/",
		"file:///srv/briefs/public/": "",
		"":                           "",
	} {
		if got := (&Config{BaseURL: base}).BasePath(); got != want {
			t.Errorf("BasePath of %q = %q, want %q", base, got, want)
		}
	}
}
