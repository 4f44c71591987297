// Package server is the preview's HTTP side: it serves a built site from
// memory, injects the live-reload script into HTML pages, and tells open
// tabs over Server-Sent Events when pages change or a build fails. It does
// not build or watch anything: it is told.
package server

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/route"
)

// EventsPath is where tabs listen for changes.
const EventsPath = "/_gen/events"

// scriptPath serves the live-reload script.
const scriptPath = "/_gen/live.js"

//go:embed live.js
var liveJS []byte

// Server serves one site's latest good build.
type Server struct {
	instance string

	mu    sync.RWMutex
	files map[string][]byte
	// pending holds the pages of the build served through more only,
	// made when asked for, and served those of them a browser was sent,
	// with the bytes it was sent.
	pending  map[string]bool
	served   map[string][]byte
	built    bool
	problems []problem.Problem
	// build counts the good builds; history holds the URLs each of the
	// latest changed, for a tab whose page came from an earlier build.
	build   int
	history []builtChanges
	clients map[chan event]struct{}
	hosts   []string
	// more gives the files a build makes on request (see ServeMore).
	more    func(rel string) ([]byte, bool, error)
	done    chan struct{}
	closing sync.Once
}

// builtChanges are the URLs one build changed.
type builtChanges struct {
	build   int
	changed []string
}

// historySize is how many builds a tab can be behind and still learn what
// changed; further behind, it reloads.
const historySize = 64

// event is one Server-Sent Event.
type event struct {
	name string
	data []byte
}

// New returns a Server with nothing to serve yet. It answers requests for
// localhost, 127.0.0.1, [::1], any IP address, and the given host names,
// and refuses others, so that a web page cannot rebind its own name to
// the preview and read unpublished drafts.
func New(hosts ...string) *Server {
	id := make([]byte, 8)
	rand.Read(id)
	return &Server{instance: hex.EncodeToString(id), files: map[string][]byte{}, clients: map[chan event]struct{}{},
		hosts: append([]string{"localhost"}, hosts...), done: make(chan struct{})}
}

// ServeMore makes the server ask more for a file that the build it was
// given does not have (files the build makes only on request, pages
// rendered when asked for), before it answers 404. A page more fails to
// make (an error and no bytes) is answered with a page that shows the
// build's problems, as Fail gives them, and reloads when they are fixed.
// It must be called before the server serves.
func (s *Server) ServeMore(more func(rel string) ([]byte, bool, error)) { s.more = more }

// Close ends the event streams, so that the HTTP server can shut down.
func (s *Server) Close() { s.closing.Do(func() { close(s.done) }) }

// allowedHost reports whether a request's Host names this machine.
func (s *Server) allowedHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	if net.ParseIP(host) != nil {
		return true
	}
	for _, h := range s.hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

// Update replaces the site with a new build, clears any errors, and tells
// the tabs which URLs changed. It returns those URLs.
func (s *Server) Update(files map[string][]byte) []string { return s.UpdateOnRequest(files, nil) }

// UpdateOnRequest is Update for a build whose pending pages ServeMore
// makes when asked for. A pending page changed if it is new, or if a
// browser may show it: it was one of the last build's files, or it was
// served since. The server compares the last build's files, and the pages
// it served, with the new build's files by their bytes.
func (s *Server) UpdateOnRequest(files map[string][]byte, pending []string) []string {
	s.mu.Lock()
	old, oldPending, served := s.files, s.pending, s.served
	s.pending, s.served = map[string]bool{}, map[string][]byte{}
	for _, p := range pending {
		s.pending[p] = true
	}
	changed := changedURLs(old, served, oldPending, files, s.pending)
	s.files = files
	s.built = true
	s.problems = nil
	s.build++
	s.history = append(s.history, builtChanges{s.build, changed})
	if len(s.history) > historySize {
		s.history = s.history[1:]
	}
	s.mu.Unlock()
	// The tabs reload the pages that changed, but for those whose only
	// change is the name of a style sheet: they swap it. (A tab that
	// missed this event and learns from the history reloads.)
	shown := old
	if len(served) > 0 {
		// What the tabs were sent of the changed pages, for restyle.
		shown = map[string][]byte{}
		for _, u := range changed {
			if data, ok := known(old, served, route.File(u)); ok {
				shown[route.File(u)] = data
			}
		}
	}
	renamed, restyled := restyle(shown, files, changed)
	live := slices.DeleteFunc(slices.Clone(changed), func(u string) bool { return restyled[u] })
	data, _ := json.Marshal(map[string]any{"changed": live, "renamed": renamed})
	s.broadcast(event{"reload", data})
	return changed
}

// Fail keeps serving the last good build and shows problems in every tab.
func (s *Server) Fail(problems []problem.Problem) {
	s.mu.Lock()
	s.problems = problems
	s.mu.Unlock()
	data, _ := json.Marshal(map[string]any{"errors": problems})
	s.broadcast(event{"errors", data})
}

func (s *Server) broadcast(ev event) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a stuck tab misses an event rather than stall the server
		}
	}
}

// Changed lists the URLs whose files differ between two builds, sorted:
// "/briefs/x/" for briefs/x/index.html, "/css/gen.css" for a style sheet.
func Changed(old, new map[string][]byte) []string {
	var changed []string
	for p, data := range new {
		if prev, ok := old[p]; !ok || !bytes.Equal(prev, data) {
			changed = append(changed, route.URL(p))
		}
	}
	for p := range old {
		if _, ok := new[p]; !ok {
			changed = append(changed, route.URL(p))
		}
	}
	sort.Strings(changed)
	return changed
}

// known returns the bytes of the page at p that a browser may have been
// sent: the build's file, or the page made on request it was served.
func known(files, served map[string][]byte, p string) ([]byte, bool) {
	if data, ok := files[p]; ok {
		return data, true
	}
	data, ok := served[p]
	return data, ok
}

// changedURLs is Changed for builds with pages made on request (see
// UpdateOnRequest): served holds the pages of the old build served.
func changedURLs(old, served map[string][]byte, oldPending map[string]bool, new map[string][]byte, pending map[string]bool) []string {
	if len(oldPending) == 0 && len(pending) == 0 {
		return Changed(old, new)
	}
	var changed []string
	add := func(p string) { changed = append(changed, route.URL(p)) }
	for p, data := range new {
		if prev, ok := known(old, served, p); ok && !bytes.Equal(prev, data) || !ok && !oldPending[p] {
			add(p)
		}
	}
	for p := range pending {
		if _, ok := known(old, served, p); ok || !oldPending[p] {
			add(p) // rendered again, or new
		}
	}
	for p := range old {
		if _, ok := new[p]; !ok && !pending[p] {
			add(p)
		}
	}
	for p := range oldPending {
		if _, ok := new[p]; !ok && !pending[p] {
			add(p)
		}
	}
	sort.Strings(changed)
	return slices.Compact(changed)
}

// ServeHTTP serves the site, the live-reload script and the event stream,
// to GET and HEAD requests for this machine's names from the preview's own
// pages, from clients that are not browsers, and from top-level
// navigations.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	if !s.allowedHost(r.Host) {
		http.Error(w, "this preview answers only to localhost and IP addresses", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		notAllowed(w, r)
		return
	}
	if why := refusal(r); why != "" {
		http.Error(w, why, http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case EventsPath:
		s.events(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", strconv.Itoa(len(liveJS)))
		if r.Method != http.MethodHead {
			w.Write(liveJS)
		}
		return
	}
	rel, ok := cleanPath(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	s.mu.RLock()
	files, built, build := s.files, s.built, s.build
	s.mu.RUnlock()

	w.Header().Set("Cache-Control", "no-store")
	if !built {
		// No good build yet: a page that shows the errors, and reloads
		// when the first build succeeds.
		s.write(w, r, "waiting.html", []byte(waitingPage), http.StatusServiceUnavailable, build)
		return
	}
	// A file is the build's, or one it makes on request; a page it
	// failed to make shows why.
	failed := false
	file := func(name string) ([]byte, bool) {
		if data, ok := files[name]; ok {
			return data, true
		}
		if s.more == nil {
			return nil, false
		}
		data, ok, err := s.more(name)
		failed = failed || err != nil && !ok && path.Ext(name) == ".html"
		if ok {
			// Kept for the build whose pending page it is now: one asked
			// for during a build is rendered from that build.
			s.mu.Lock()
			if s.pending[name] {
				s.served[name] = data
			}
			s.mu.Unlock()
		}
		return data, ok
	}
	if data, ok := file(rel); ok && rel != "" {
		s.write(w, r, rel, data, http.StatusOK, build)
		return
	}
	index := path.Join(rel, "index.html")
	if data, ok := file(index); ok {
		if rel != "" && !strings.HasSuffix(r.URL.Path, "/") {
			// Built from the cleaned path: "//host" must not become a
			// redirect to another site.
			target := "/" + rel + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		s.write(w, r, index, data, http.StatusOK, build)
		return
	}
	if failed {
		s.write(w, r, "failed.html", []byte(failedPage), http.StatusInternalServerError, build)
		return
	}
	if data, ok := file("404.html"); ok {
		s.write(w, r, "404.html", data, http.StatusNotFound, build)
		return
	}
	http.NotFound(w, r)
}

// cleanPath maps a URL path to a file path of the site, refusing anything
// that is not a plain path below the root.
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\\") {
		return "", false
	}
	rel := strings.Trim(p, "/")
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	if rel != "" && path.Clean(rel) != rel {
		return "", false
	}
	return rel, true
}

// write sends a file of the given build with its content type, injecting
// the live-reload script into HTML.
func (s *Server) write(w http.ResponseWriter, r *http.Request, name string, data []byte, status, build int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".xml":
		ctype = "application/xml; charset=utf-8"
	case ".html":
		ctype = "text/html; charset=utf-8"
		data = inject(data, status, build)
	case "":
		ctype = http.DetectContentType(data)
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// failedPage is served for a page the build failed to render; the
// live-reload script shows the problems over it.
const failedPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>This page failed to render</title></head>
<body><p>gen serve could not render this page. The problems are shown over it; it reloads by itself when they are fixed.</p></body></html>`

// waitingPage is served until the first build succeeds.
const waitingPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Waiting for a good build</title></head>
<body><p>gen serve is waiting for the site to build. This page reloads by itself when it does.</p></body></html>`

// inject adds the live-reload script before </body>, or at the end,
// with the number of the build the page comes from.
func inject(page []byte, status, build int) []byte {
	attrs := ` data-build="` + strconv.Itoa(build) + `"`
	if status != http.StatusOK {
		// A tab on a missing or waiting page reloads on any change.
		attrs += ` data-any-change`
	}
	tag := []byte(`<script src="` + scriptPath + `"` + attrs + ` defer></script>`)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// changedSince lists the URLs the builds after since changed, or "*" when
// they are no longer all in the history. The caller holds s.mu.
func (s *Server) changedSince(since int) []string {
	if len(s.history) == 0 || s.history[0].build > since+1 {
		return []string{"*"}
	}
	var out []string
	for _, h := range s.history {
		if h.build > since {
			out = append(out, h.changed...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// keepAliveEvery is how often the event stream sends a comment, so that
// a closed tab is noticed and proxies keep the connection.
const keepAliveEvery = 15 * time.Second

// eventWriteTimeout is how long sending one event may take: the stream
// outlives the server's write timeout, but a tab that stops reading is
// dropped.
const eventWriteTimeout = 2 * keepAliveEvery

// events streams Server-Sent Events to one tab: first a hello with the
// server's instance and any current errors, then reloads and errors.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return
	}
	c := make(chan event, 16)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	hello, _ := json.Marshal(map[string]any{"instance": s.instance, "errors": s.problems})
	// A tab whose page came from an earlier build (it loaded while the
	// site was rebuilt) hears first what changed since.
	var missed []byte
	if since, err := strconv.Atoi(r.URL.Query().Get("build")); err == nil && since < s.build {
		missed, _ = json.Marshal(map[string]any{"changed": s.changedSince(since)})
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	// write sends text at once, with eventWriteTimeout to do it in, in
	// place of the server's write timeout, which counts from the request.
	// A ResponseWriter that cannot set deadlines (a test's recorder) has
	// no timeout to replace.
	write := func(text string) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(eventWriteTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := io.WriteString(w, text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	send := func(ev event) bool {
		return write(fmt.Sprintf("event: %s\ndata: %s\n\n", ev.name, ev.data))
	}
	if !write("retry: 500\n") || !send(event{"hello", hello}) {
		return
	}
	if missed != nil && !send(event{"reload", missed}) {
		return
	}
	keepAlive := time.NewTicker(keepAliveEvery)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case ev := <-c:
			if !send(ev) {
				return
			}
		case <-keepAlive.C:
			if !write(": keep-alive\n\n") {
				return
			}
		}
	}
}
