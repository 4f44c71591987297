package config

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
)

// Deploy is gen.toml's [deploy] table: where gen deploy publishes the
// output, and the headers objects get.
type Deploy struct {
	// Targets are the places to publish to, the first the default.
	Targets []DeployTarget `toml:"targets"`
	// Headers are Cache-Control rules, the first whose pattern matches a
	// file's path in the output winning over the defaults.
	Headers []HeaderRule `toml:"headers"`
	// Gzip stores text files (HTML, CSS, JavaScript, XML, JSON, SVG,
	// plain text) compressed, with Content-Encoding: gzip.
	Gzip bool `toml:"gzip"`
	// HostFiles makes gen build write _headers and _redirects, the files
	// Netlify and Cloudflare Pages read: the cache rules and every alias
	// as a real redirect.
	HostFiles bool `toml:"host_files"`
}

// The Cache-Control values gen deploy and the host files give files that
// no rule of [[deploy.headers]] matches.
const (
	// CacheRevalidate is for what must be fresh on every visit: pages,
	// feeds, sitemaps, the search index and anything else whose name
	// stays the same when its content changes.
	CacheRevalidate = "public, max-age=0, must-revalidate"
	// CacheImmutable is for fingerprinted files, whose name changes with
	// their content.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheShort is for images and other files that keep their name: an
	// hour.
	CacheShort = "public, max-age=3600"
)

// DeployTarget is one place gen deploy publishes to: a name, and a URL
// of a bucket as gocloud.dev/blob opens it (s3://bucket?region=…,
// gs://bucket, azblob://container, file:///path).
type DeployTarget struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

// HeaderRule sets the Cache-Control header of the files whose path in the
// output (slash-separated, from its root, such as "css/gen.css")
// matches Pattern, in path.Match's syntax, or, when the pattern has no
// slash, whose file name matches it ("*.html").
type HeaderRule struct {
	Pattern      string `toml:"pattern"`
	CacheControl string `toml:"cache_control"`
}

// deployKeys lists the keys of [deploy] and of its tables.
const deployKeys = "targets, headers, gzip, host_files"

// DeploySchemes are the URL schemes of the stores gen deploy can publish
// to.
var DeploySchemes = []string{"s3", "gs", "azblob", "file"}

// finishDeploy checks the [deploy] table.
func (c *Config) finishDeploy() error {
	var names []string
	for i, t := range c.Deploy.Targets {
		in := func(key, msg string) error { return &tableKeyError{keyError{key, msg}, "deploy.targets", i + 1} }
		if strings.TrimSpace(t.Name) == "" {
			return in("name", fmt.Sprintf("the %s target has no name: give it one, such as name = \"production\"", ordinal(i+1)))
		}
		if slices.Contains(names, t.Name) {
			return in("name", fmt.Sprintf("two targets are called %q: give each its own name", t.Name))
		}
		names = append(names, t.Name)
		u, err := url.Parse(t.URL)
		if err != nil || !slices.Contains(DeploySchemes, u.Scheme) {
			return in("url", fmt.Sprintf("target %q: %q is not a bucket URL: write s3://BUCKET?region=REGION, gs://BUCKET, azblob://CONTAINER or file:///FOLDER", t.Name, t.URL))
		}
		if u.Scheme != "file" && u.Host == "" {
			return in("url", fmt.Sprintf("target %q: %q names no bucket: write %s://BUCKET", t.Name, t.URL, u.Scheme))
		}
	}
	for i, h := range c.Deploy.Headers {
		in := func(key, msg string) error { return &tableKeyError{keyError{key, msg}, "deploy.headers", i + 1} }
		if _, err := path.Match(h.Pattern, ""); err != nil || h.Pattern == "" {
			return in("pattern", fmt.Sprintf("%q is not a pattern: write one such as \"*.html\" or \"images/*\"", h.Pattern))
		}
		if strings.TrimSpace(h.CacheControl) == "" || strings.ContainsAny(h.CacheControl, "\r\n") {
			return in("cache_control", fmt.Sprintf("pattern %q: give a Cache-Control value on one line, such as \"public, max-age=3600\"", h.Pattern))
		}
	}
	return nil
}

// Target returns the deploy target called name, or the first when name
// is "", and false when there is none.
func (d Deploy) Target(name string) (DeployTarget, bool) {
	for _, t := range d.Targets {
		if name == "" || t.Name == name {
			return t, true
		}
	}
	return DeployTarget{}, false
}

// ordinal writes n as "1st", "2nd", "3rd", "4th".
func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}
