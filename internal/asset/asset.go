// Package asset makes the style sheets and scripts a site links
// cacheable forever: each is minified and written again under a name that
// carries a hash of its bytes ("css/gen.3f2a1c9e04b7d5a6.css"), which a page links
// with an integrity attribute. A changed file gets a new name, so a
// browser or CDN never serves an old copy with a new page.
package asset

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/gen-briefs/gen/internal/markdown"
	"github.com/gen-briefs/gen/internal/theme"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// Asset is a style sheet or script as layouts link it.
type Asset struct {
	// Path is the file's own path in the output ("css/gen.css"), which
	// is written too, as it is, for layouts that link it by that name.
	Path string
	// URL is the root-relative address of the minified copy, whose name
	// carries a hash of its bytes ("/css/gen.3f2a1c9e04b7d5a6.css").
	URL string
	// Integrity is the value of the integrity attribute for the copy
	// ("sha384-…").
	Integrity string
	// Data holds the copy's bytes.
	Data []byte
	// Minified is false when the copy holds the file as it is: one that
	// minifying could break (see keepAsIs), and one the minifier could not
	// read (a syntax error in it), for which Problem says why.
	Minified bool
	Problem  error
}

// Is reports whether the file at path is an asset: a style sheet or a
// script.
func Is(name string) bool {
	switch path.Ext(name) {
	case ".css", ".js", ".mjs":
		return true
	}
	return false
}

// HashLen is the number of hexadecimal digits of the hash in a copy's
// name: 64 bits, as many as tell it from a date or a time in a file's
// name even when all are digits (gen deploy caches such a file forever).
const HashLen = 16

var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	m.Add("text/javascript", &js.Minifier{})
	return m
}()

// Make minifies the asset at path (as Is tells) and names its copy.
func Make(name string, data []byte) *Asset {
	ext := path.Ext(name)
	mediaType := "text/javascript"
	if ext == ".css" {
		mediaType = "text/css"
	}
	a := &Asset{Path: name, Data: data}
	var out bytes.Buffer
	if keepAsIs(name, data) {
		// copied as it is, still named by its bytes
	} else if err := minifier.Minify(mediaType, &out, bytes.NewReader(data)); err != nil {
		a.Problem = fmt.Errorf("not minified, copied as it is: %w", err)
	} else {
		a.Data, a.Minified = out.Bytes(), true
	}
	sum := sha256.Sum256(a.Data)
	a.URL = "/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:HashLen] + ext
	sri := sha512.Sum384(a.Data)
	a.Integrity = "sha384-" + base64.StdEncoding.EncodeToString(sri[:])
	return a
}

// keepAsIs reports whether a file is better copied than minified: one
// minified already ("app.min.js"), one with a licence the minifier would
// drop ("@license", "@preserve"), and a script that reads its own names
// at run time (eval, new Function, with), which renaming them breaks.
func keepAsIs(name string, data []byte) bool {
	base := path.Base(name)
	if strings.Contains(base, ".min.") || bytes.Contains(data, []byte("@license")) || bytes.Contains(data, []byte("@preserve")) {
		return true
	}
	if path.Ext(name) == ".css" {
		return false
	}
	for _, word := range []string{"eval", "Function", "with"} {
		for rest := data; ; {
			i := bytes.Index(rest, []byte(word))
			if i < 0 {
				break
			}
			// Not part of a longer name, nor a method ("rules.eval(").
			before := i == 0 || !isNameByte(rest[i-1])
			after := bytes.TrimLeft(rest[i+len(word):], " \t\r\n")
			if before && len(after) > 0 && after[0] == '(' {
				return true
			}
			rest = rest[i+len(word):]
		}
	}
	return false
}

// isNameByte reports whether c can be part of a JavaScript name, or of a
// property access before one (the dot).
func isNameByte(c byte) bool {
	return c == '_' || c == '$' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// OutputPath is the copy's path in the output ("css/gen.3f2a1c9e04b7d5a6.css").
func (a *Asset) OutputPath() string { return strings.TrimPrefix(a.URL, "/") }

// Theme returns the default theme's style sheets and scripts, and gen's
// code highlighting styles, by their path in the output; made once.
var Theme = sync.OnceValues(func() (map[string]*Asset, error) {
	assets := map[string]*Asset{}
	err := fs.WalkDir(theme.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !Is(p) {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		name := strings.TrimPrefix(p, "static/")
		assets[name] = Make(name, data)
		return err
	})
	if err != nil {
		return nil, err
	}
	syntax, err := markdown.HighlightCSS()
	assets[markdown.HighlightCSSPath] = Make(markdown.HighlightCSSPath, []byte(syntax))
	return assets, err
})
