package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/problem"
)

// secretSite is a built site whose search index holds a draft.
func secretSite() map[string][]byte {
	return map[string][]byte{
		"index.html":          []byte("<html><body>Home</body></html>"),
		"404.html":            []byte("<html><body>Not here</body></html>"),
		"briefs/x/index.html": []byte("<html><body>Brief</body></html>"),
		"css/gen.css":         []byte("body{}"),
		"images/a.svg":        []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		"search/d0.js":        []byte(`genSearch.load("d0",[["briefs/x/","Draft secret"]]);`),
	}
}

// request is one request of a security test.
type request struct {
	method string
	path   string
	host   string            // Host header; the server's address when empty
	fetch  map[string]string // Sec-Fetch-* headers, without the prefix
}

// response is what a request got: for the event stream, only the status
// and headers.
type response struct {
	status int
	header http.Header
	body   string
}

// send sends r to the server at base (http://127.0.0.1:port) and returns
// the response; it does not follow redirects.
func send(t *testing.T, base string, r request) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, base+r.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.host != "" {
		req.Host = r.host
	}
	for k, v := range r.fetch {
		req.Header.Set("Sec-Fetch-"+k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, r.path, err)
	}
	defer res.Body.Close()
	out := response{status: res.StatusCode, header: res.Header}
	if res.Header.Get("Content-Type") == "text/event-stream" {
		return out // a stream that does not end
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, r.path, err)
	}
	out.body = string(body)
	return out
}

// TestSecurityHeaders checks that every kind of response forbids other
// origins to embed it (Cross-Origin-Resource-Policy) and browsers to guess
// its type (X-Content-Type-Options).
func TestSecurityHeaders(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close()
	check := func(name string, r request, status int) {
		t.Helper()
		got := send(t, srv.URL, r)
		if got.status != status {
			t.Errorf("%s: status %d, want %d", name, got.status, status)
		}
		if v := got.header.Get("Cross-Origin-Resource-Policy"); v != "same-origin" {
			t.Errorf("%s: Cross-Origin-Resource-Policy %q, want same-origin", name, v)
		}
		if v := got.header.Get("X-Content-Type-Options"); v != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", name, v)
		}
	}
	check("the waiting page before a good build", request{path: "/"}, 503)
	s.Update(map[string][]byte{"index.html": []byte("<body>Home</body>")})
	check("a missing file, with no 404 page", request{path: "/missing"}, 404)
	s.Update(secretSite())
	s.Fail([]problem.Problem{{File: "content/briefs/x.md", Line: 3, Message: "date: cannot parse"}})
	tests := []struct {
		name   string
		r      request
		status int
	}{
		{"a page", request{path: "/"}, 200},
		{"a brief's page", request{path: "/briefs/x/"}, 200},
		{"a style sheet", request{path: "/css/gen.css"}, 200},
		{"an image", request{path: "/images/a.svg"}, 200},
		{"a search file", request{path: "/search/d0.js"}, 200},
		{"HEAD of a search file", request{method: "HEAD", path: "/search/d0.js"}, 200},
		{"the 404 page", request{path: "/missing"}, 404},
		{"a redirect", request{path: "/briefs/x"}, 301},
		{"a bad path", request{path: "/a//b"}, 400},
		{"the live-reload script", request{path: "/_gen/live.js"}, 200},
		{"the event stream, with errors for the overlay", request{path: "/_gen/events"}, 200},
		{"a refused method", request{method: "POST", path: "/"}, 405},
		{"a refused cross-site request", request{path: "/search/d0.js", fetch: map[string]string{"Site": "cross-site", "Mode": "no-cors", "Dest": "script"}}, 403},
		{"a refused host", request{path: "/", host: "evil.example"}, 421},
	}
	for _, tt := range tests {
		check(tt.name, tt.r, tt.status)
	}
}

// TestRefusesOtherOrigins checks which requests a browser makes for another
// origin's page are refused: all but top-level navigations, so that a page
// elsewhere cannot include the preview's files (its drafts) or its event
// stream, while a link from anywhere, a typed address, the preview's own
// pages and clients that send no Sec-Fetch-* headers (curl) still work.
func TestRefusesOtherOrigins(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close()
	s.Update(secretSite())
	fetch := func(site, mode, dest string) map[string]string {
		return map[string]string{"Site": site, "Mode": mode, "Dest": dest}
	}
	tests := []struct {
		name   string
		r      request
		status int
	}{
		{"curl, with no Sec-Fetch headers", request{path: "/search/d0.js"}, 200},
		{"the search page loading its index", request{path: "/search/d0.js", fetch: fetch("same-origin", "no-cors", "script")}, 200},
		{"a page loading its style sheet", request{path: "/css/gen.css", fetch: fetch("same-origin", "no-cors", "style")}, 200},
		{"a page loading the live-reload script", request{path: "/_gen/live.js", fetch: fetch("same-origin", "no-cors", "script")}, 200},
		{"a page's event stream", request{path: "/_gen/events", fetch: fetch("same-origin", "cors", "empty")}, 200},
		{"a link followed within the preview", request{path: "/briefs/x/", fetch: fetch("same-origin", "navigate", "document")}, 200},
		{"a typed address", request{path: "/", fetch: fetch("none", "navigate", "document")}, 200},
		{"a link from another site", request{path: "/briefs/x/", fetch: fetch("cross-site", "navigate", "document")}, 200},
		{"a link from another port", request{path: "/briefs/x/", fetch: fetch("same-site", "navigate", "document")}, 200},
		{"another site's <script src> of the index", request{path: "/search/d0.js", fetch: fetch("cross-site", "no-cors", "script")}, 403},
		{"another port's <script src> of the index", request{path: "/search/d0.js", fetch: fetch("same-site", "no-cors", "script")}, 403},
		{"another site's <script src> of live.js", request{path: "/_gen/live.js", fetch: fetch("cross-site", "no-cors", "script")}, 403},
		{"another site's EventSource", request{path: "/_gen/events", fetch: fetch("cross-site", "cors", "empty")}, 403},
		{"another port's EventSource", request{path: "/_gen/events", fetch: fetch("same-site", "cors", "empty")}, 403},
		{"another site's fetch", request{path: "/briefs/x/", fetch: fetch("cross-site", "cors", "empty")}, 403},
		{"another site's style sheet link", request{path: "/css/gen.css", fetch: fetch("cross-site", "no-cors", "style")}, 403},
		{"another site's image", request{path: "/images/a.svg", fetch: fetch("cross-site", "no-cors", "image")}, 403},
		{"another site's iframe", request{path: "/briefs/x/", fetch: fetch("cross-site", "navigate", "iframe")}, 403},
		{"another port's iframe", request{path: "/briefs/x/", fetch: fetch("same-site", "navigate", "iframe")}, 403},
		{"another site's <script src> of a missing file", request{path: "/nope.js", fetch: fetch("cross-site", "no-cors", "script")}, 403},
	}
	for _, tt := range tests {
		got := send(t, srv.URL, tt.r)
		if got.status != tt.status {
			t.Errorf("%s (GET %s, %v): status %d, want %d", tt.name, tt.r.path, tt.r.fetch, got.status, tt.status)
			continue
		}
		if strings.Contains(got.body, "Draft secret") && tt.status == 403 {
			t.Errorf("%s: the refusal holds the draft", tt.name)
		}
		if tt.status == 403 && !strings.Contains(got.body, "refused") {
			t.Errorf("%s: the refusal does not say why: %q", tt.name, got.body)
		}
	}
}

// TestMethodNotAllowed checks that every path, the live-reload endpoints
// included, answers only GET and HEAD.
func TestMethodNotAllowed(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close()
	s.Update(secretSite())
	for _, path := range []string{"/", "/briefs/x/", "/search/d0.js", "/missing", "/_gen/live.js", "/_gen/events"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} {
			got := send(t, srv.URL, request{method: method, path: path})
			if got.status != 405 || got.header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: status %d, Allow %q; want 405, Allow GET, HEAD", method, path, got.status, got.header.Get("Allow"))
			}
		}
	}
	for _, path := range []string{"/", "/search/d0.js", "/_gen/live.js", "/_gen/events"} {
		if got := send(t, srv.URL, request{method: "HEAD", path: path}); got.status != 200 || got.body != "" {
			t.Errorf("HEAD %s: status %d, body %q; want 200 and no body", path, got.status, got.body)
		}
	}
}

// startHTTP serves s with the timeouts t on a port of 127.0.0.1 until the
// test ends, and returns its address.
func startHTTP(t *testing.T, s *Server, timeouts Timeouts) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer(timeouts)
	go hs.Serve(ln)
	t.Cleanup(func() {
		s.Close()
		hs.Close()
	})
	return ln.Addr().String()
}

// TestTimeouts serves with short timeouts and checks that an idle
// keep-alive connection is closed, that a response the client does not
// read is cut off, and that the event stream, which writes now and then
// for as long as the tab is open, outlives the write timeout.
func TestTimeouts(t *testing.T) {
	const idle, write = 200 * time.Millisecond, 300 * time.Millisecond
	s := New()
	big := bytes.Repeat([]byte("0123456789abcdef"), 4<<20) // 64 MiB, more than the sockets hold
	site := secretSite()
	site["big.bin"] = big
	s.Update(site)
	addr := startHTTP(t, s, Timeouts{ReadHeader: 5 * time.Second, Idle: idle, Write: write})

	t.Run("idle connection", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		io.WriteString(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
		br := bufio.NewReader(conn)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.Close {
			t.Fatal("the server closed the connection at once; the test needs it kept alive")
		}
		start := time.Now()
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = br.ReadByte()
		if !errors.Is(err, io.EOF) {
			t.Fatalf("an idle keep-alive connection: %v after %v, want it closed by the server after %v", err, time.Since(start).Round(time.Millisecond), idle)
		}
		if d := time.Since(start); d > idle+time.Second {
			t.Errorf("an idle keep-alive connection was closed after %v, want about %v", d, idle)
		}
	})

	t.Run("response not read", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		io.WriteString(conn, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		pause := write + 700*time.Millisecond
		time.Sleep(pause)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := io.Copy(io.Discard, conn) // a reset connection is cut off too
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("the response neither ended nor was cut off (%d bytes read)", n)
		}
		if n >= int64(len(big)) {
			t.Errorf("a client that stopped reading for %v got all %d bytes of the response; want it cut off after %v", pause, n, write)
		}
	})

	t.Run("event stream", func(t *testing.T) {
		res, err := http.Get("http://" + addr + EventsPath)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		events := make(chan string, 10)
		go func() {
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
					events <- name
				}
			}
			close(events)
		}()
		next := func() string {
			select {
			case name, ok := <-events:
				if !ok {
					return "the end of the stream"
				}
				return name
			case <-time.After(5 * time.Second):
				return "nothing within 5 s"
			}
		}
		if name := next(); name != "hello" {
			t.Fatalf("first event %q, want hello", name)
		}
		time.Sleep(3 * write)
		s.Update(map[string][]byte{"index.html": []byte("<body>New</body>")})
		if name := next(); name != "reload" {
			t.Errorf("after %v, longer than the write timeout, the stream got %q, want reload", 3*write, name)
		}
	})
}
