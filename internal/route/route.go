// Package route maps a page's URL to the output file that serves it and
// back: "/briefs/x/" is briefs/x/index.html. It is the one place that
// knows how gen lays out its output; it does no I/O.
package route

import "strings"

// File returns the output file, relative to the output root, that serves
// the URL path url: "/" is "index.html", "/briefs/x/" is
// "briefs/x/index.html", and "/404.html" is "404.html".
func File(url string) string {
	p := strings.TrimPrefix(url, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// URL returns the URL path at which the output file, relative to the
// output root, is served: "index.html" is "/", "briefs/x/index.html" is
// "/briefs/x/", and "404.html" is "/404.html". File(URL(f)) is f.
func URL(file string) string {
	if file == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + file
}
