package server

import (
	"fmt"
	"net/http"
)

// setSecurityHeaders marks a response as the preview's own: no page of
// another origin may embed it (a <script src> of the search index would
// hand that page the drafts' titles and key points), and no browser may
// read it as another type than the one it is sent as.
func setSecurityHeaders(h http.Header) {
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
}

// refusal returns why r, when a browser made it for a page of another
// origin, is refused, or "" when it may be served.
//
// Browsers say who asked in the Sec-Fetch-* headers. Requests without them
// (curl, older browsers) are served, as are the preview's own
// (same-origin) and the user's (none: a typed address, a bookmark). For a
// page of another origin, another port of this machine included
// (same-site), only a top-level navigation is served: a followed link
// opens the page in a tab the linking page cannot read, while a
// <script src>, <img>, <iframe>, fetch or EventSource would put the
// response where that page can.
func refusal(r *http.Request) string {
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "", "same-origin", "none":
		return ""
	default:
		mode, dest := r.Header.Get("Sec-Fetch-Mode"), r.Header.Get("Sec-Fetch-Dest")
		if mode == "navigate" && dest == "document" {
			return ""
		}
		return fmt.Sprintf("gen serve refused this request: a page of another origin (Sec-Fetch-Site: %q) asked for %s (Sec-Fetch-Mode: %q, Sec-Fetch-Dest: %q).\n"+
			"The preview, drafts included, is served only to its own pages and to links opened in a tab of their own.",
			site, r.URL.Path, mode, dest)
	}
}

// notAllowed answers a request whose method is not GET or HEAD.
func notAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, fmt.Sprintf("gen serve answers only GET and HEAD, not %s", r.Method), http.StatusMethodNotAllowed)
}
