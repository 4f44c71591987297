// Headers: the Content-Type, Cache-Control and Content-Encoding of each
// object, and the gzip form of text files.

package deploy

import (
	"bytes"
	"compress/gzip"
	"mime"
	"path"
	"regexp"
	"strings"

	"github.com/gen-briefs/gen/internal/config"
)

// Headers are the HTTP headers an object is stored with.
type Headers struct {
	ContentType, CacheControl, ContentEncoding string
}

// key is the headers in one string, for comparing deploys.
func (h Headers) key() string {
	return h.ContentType + "\n" + h.CacheControl + "\n" + h.ContentEncoding
}

// The default Cache-Control values, as gen.toml's config names them.
const (
	Revalidate = config.CacheRevalidate
	Immutable  = config.CacheImmutable
	Short      = config.CacheShort
)

// hashed matches a file name that may carry a hash of its content, the
// hash its first group: "gen.3f2a1c9e04b7d5a6.css", "chart.1a2b3c4d5e6f-480w.webp",
// and the image copies of img/, "0123456789abcdef-480.webp".
var hashed = regexp.MustCompile(`(?:^|\.)([0-9a-f]{8,64})(?:-\d+w?)?\.[a-z0-9]+$`)

// fingerprinted reports whether a file name carries a hash of its
// content: 16 hex digits or more, starting the name (gen's image copies)
// or after a dot (its copies of style sheets and scripts), or 8 to 15
// after a dot with at least one letter, so that a date
// ("results-20241031.pdf", "photo.20241031.jpg") or a time in seconds is
// not taken for one.
func fingerprinted(base string) bool {
	m := hashed.FindStringSubmatchIndex(base)
	if m == nil {
		return false
	}
	hash := base[m[2]:m[3]]
	return len(hash) >= 16 || m[0] > 0 && strings.ContainsAny(hash, "abcdef")
}

// types are the media types gen writes, where the system's table may lack
// or differ on them; text types say their charset.
var types = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8", ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon", ".pdf": "application/pdf",
	".woff2": "font/woff2", ".woff": "font/woff", ".webmanifest": "application/manifest+json; charset=utf-8",
}

// contentType is a file's media type by its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if name == "_headers" || name == "_redirects" {
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a media type is text worth gzipping.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "json") || strings.Contains(ctype, "xml") || ctype == "image/svg+xml"
}

// headersOf gives a file of the output (its slash path from the root) its
// headers: the first rule of gen.toml whose pattern matches, else the
// defaults (fingerprinted files cached for a year, pages, feeds and
// sitemaps revalidated, other files for an hour).
func headersOf(name string, d config.Deploy) Headers {
	h := Headers{ContentType: contentType(name)}
	for _, r := range d.Headers {
		target := name
		if !strings.Contains(r.Pattern, "/") {
			target = path.Base(name)
		}
		if ok, _ := path.Match(r.Pattern, target); ok {
			h.CacheControl = r.CacheControl
			break
		}
	}
	if h.CacheControl == "" {
		switch {
		case fingerprinted(path.Base(name)):
			h.CacheControl = Immutable
		case !strings.HasPrefix(h.ContentType, "image/") && (strings.HasPrefix(h.ContentType, "text/") || strings.Contains(h.ContentType, "json") || strings.Contains(h.ContentType, "xml")):
			h.CacheControl = Revalidate
		default:
			h.CacheControl = Short
		}
	}
	if d.Gzip && compressible(h.ContentType) {
		h.ContentEncoding = "gzip"
	}
	return h
}

// gzipped compresses data the same way every time: no name, no time.
func gzipped(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}
