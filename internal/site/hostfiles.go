package site

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/gen-briefs/gen/internal/asset"
	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/model"
)

// hostFiles lists _redirects and _headers, the files Netlify and
// Cloudflare Pages read, when gen.toml's [deploy] host_files is set.
// assets are the style sheets and scripts, whose fingerprinted copies
// are cached for a year.
func hostFiles(s *model.Site, assets map[string]*asset.Asset) []generatedFile {
	if !s.Config.Deploy.HostFiles {
		return nil
	}
	base := cmp.Or(s.Config.BasePath(), "/")
	return []generatedFile{
		{path: "_redirects", write: func(b *bytes.Buffer) error { return writeRedirects(b, s, base) }},
		{path: "_headers", write: func(b *bytes.Buffer) error { return writeHeaders(b, s.Config.Deploy, base, assets) }},
	}
}

// writeRedirects writes every alias as a permanent redirect to its page,
// one "FROM TO 301" line each, sorted.
func writeRedirects(b *bytes.Buffer, s *model.Site, base string) error {
	var lines []string
	for _, rd := range s.Redirects {
		from := base + strings.TrimSuffix(rd.Path, "index.html")
		to := base + strings.TrimPrefix(rd.Target.URL, "/")
		if strings.ContainsAny(from+to, " \t\r\n") {
			return fmt.Errorf("alias %s of %s: a redirect in _redirects cannot hold a space", from, rd.Target.SourcePath())
		}
		lines = append(lines, from+" "+to+" 301")
	}
	slices.Sort(lines)
	b.WriteString("# Every alias of the site, as a permanent redirect (written by gen build).\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return nil
}

// writeHeaders writes the Cache-Control of the files that should not get
// the host's own default, which revalidates every file as gen deploy does
// pages, feeds and sitemaps: the image copies of img/ and the copies of
// the style sheets and scripts, named by their content, for a year, and
// the [[deploy.headers]] rules that name a folder. A rule of a file name
// alone ("*.png") has no form these hosts read without also matching the
// pages; gen deploy applies it.
func writeHeaders(b *bytes.Buffer, d config.Deploy, base string, assets map[string]*asset.Asset) error {
	b.WriteString("# Cache rules for Netlify and Cloudflare Pages (written by gen build).\n")
	fmt.Fprintf(b, "%simg/*\n  Cache-Control: %s\n", base, config.CacheImmutable)
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		fmt.Fprintf(b, "%s\n  Cache-Control: %s\n", base+assets[name].OutputPath(), config.CacheImmutable)
	}
	for _, r := range d.Headers {
		if !strings.Contains(r.Pattern, "/") {
			continue
		}
		fmt.Fprintf(b, "%s\n  Cache-Control: %s\n", path.Join(base, r.Pattern), r.CacheControl)
	}
	return nil
}
