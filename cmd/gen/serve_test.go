package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// preview is a gen serve running for a test.
type testPreview struct {
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan int
	cancel context.CancelFunc
}

var servingLine = regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)

// liveScript matches the live-reload script gen serve adds to a page.
var liveScript = regexp.MustCompile(`<script src="/_gen/live.js" data-build="\d+" defer></script></body>`)

// startServe runs gen serve on site with a random port until the test ends.
func startServe(t testing.TB, site string, args ...string) *testPreview {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &testPreview{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan int, 1), cancel: cancel}
	go func() {
		p.done <- serve(ctx, append([]string{"-s", site, "--port", "0"}, args...), p.stdout, p.stderr)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(p.stdout.String()); m != nil {
			p.url = m[1]
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if p.url == "" {
		cancel()
		t.Fatalf("gen serve did not start: stdout %q stderr %q", p.stdout.String(), p.stderr.String())
	}
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop cancels the server and checks it exits cleanly.
func (p *testPreview) stop(t testing.TB) {
	p.cancel()
	select {
	case code := <-p.done:
		if code != 0 {
			t.Errorf("gen serve exited %d; stderr %s", code, p.stderr.String())
		}
		p.done <- code
	case <-time.After(5 * time.Second):
		t.Error("gen serve did not stop within 5 s")
	}
}

// get fetches a path without following redirects.
func (p *testPreview) get(t testing.TB, path string) (int, http.Header, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(p.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// rawGet sends a request line as written, so that dots and encodings reach
// the server unchanged.
func (p *testPreview) rawGet(t *testing.T, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(p.url, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// sse is a client of the events endpoint.
type sse struct {
	events chan [2]string
	resp   *http.Response
}

func (p *testPreview) listen(t testing.TB) *sse {
	t.Helper()
	resp, err := http.Get(p.url + "_gen/events")
	if err != nil {
		t.Fatal(err)
	}
	s := &sse{events: make(chan [2]string, 100), resp: resp}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok {
				s.events <- [2]string{name, v}
			}
		}
		close(s.events)
	}()
	t.Cleanup(func() { resp.Body.Close() })
	if name, _ := s.next(t); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}
	return s
}

// next waits for the next event.
func (s *sse) next(t testing.TB) (string, string) {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev[0], ev[1]
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return "", ""
}

// changed waits for a reload event and returns its changed URLs.
func (s *sse) changed(t testing.TB) []string {
	t.Helper()
	name, data := s.next(t)
	if name != "reload" {
		t.Fatalf("event %s %s, want reload", name, data)
	}
	var d struct{ Changed []string }
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		t.Fatal(err)
	}
	return d.Changed
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func brief(title, date, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\ntopics: [ai]\n---\n" + body + "\n"
}

func TestServeFollowsEdits(t *testing.T) {
	site := newSite(t, map[string]string{
		"gen.toml":               "title = \"Preview\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/one.md":  brief("One", "2025-01-01T09:00:00Z", "First text."),
		"content/briefs/two.md":  brief("Two", "2025-01-02T09:00:00Z", "Second text."),
		"content/briefs/soon.md": "---\ntitle: Soon\ndate: 2099-01-01T09:00:00Z\n---\nLater.\n",
	})
	p := startServe(t, site)
	events := p.listen(t)

	code, hdr, body := p.get(t, "/briefs/one/")
	if code != 200 || !strings.Contains(body, "First text.") || hdr.Get("Cache-Control") != "no-store" || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /briefs/one/: %d %v\n%s", code, hdr, body)
	}
	if !liveScript.MatchString(body) {
		t.Error("the live-reload script is not injected")
	}
	if !strings.Contains(body, `href="`+p.url+`briefs/one/"`) {
		t.Error("the canonical link does not use the preview address")
	}
	if _, _, soon := p.get(t, "/briefs/soon/"); !strings.Contains(soon, `class="banner"`) {
		t.Error("a future brief is not shown with a banner in preview")
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("gen serve wrote public/")
	}

	// Edit: the page and the lists that show it change.
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte(brief("One", "2025-01-01T09:00:00Z", "Edited text.")))
	changed := events.changed(t)
	if !contains(changed, "/briefs/one/") || contains(changed, "/about/") {
		t.Errorf("changed after an edit: %v", changed)
	}
	if _, _, body := p.get(t, "/briefs/one/"); !strings.Contains(body, "Edited text.") {
		t.Errorf("edit not served:\n%s", body)
	}

	// Add: the new page is there at once, with its neighbour's link.
	writeFile(t, filepath.Join(site, "content/briefs/three.md"), []byte(brief("Three", "2025-01-03T09:00:00Z", "Third text.")))
	if changed := events.changed(t); !contains(changed, "/briefs/three/") || !contains(changed, "/briefs/two/") {
		t.Errorf("changed after an add: %v", changed)
	}
	if code, _, _ := p.get(t, "/briefs/three/"); code != 200 {
		t.Errorf("new brief: %d", code)
	}

	// Rename: the old address is gone, the new one served.
	if err := os.Rename(filepath.Join(site, "content/briefs/three.md"), filepath.Join(site, "content/briefs/third.md")); err != nil {
		t.Fatal(err)
	}
	if changed := events.changed(t); !contains(changed, "/briefs/three/") || !contains(changed, "/briefs/third/") {
		t.Errorf("changed after a rename: %v", changed)
	}
	if code, _, body := p.get(t, "/briefs/three/"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("renamed-away brief: %d", code)
	}

	// Delete.
	if err := os.Remove(filepath.Join(site, "content/briefs/third.md")); err != nil {
		t.Fatal(err)
	}
	if changed := events.changed(t); !contains(changed, "/briefs/third/") {
		t.Errorf("changed after a delete: %v", changed)
	}
	if code, _, _ := p.get(t, "/briefs/third/"); code != 404 {
		t.Errorf("deleted brief: %d", code)
	}

	// Break: the last good page stays, the error goes to the tabs.
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte("---\ntitle: One\ndate: soon\n---\nBroken.\n"))
	name, data := events.next(t)
	if name != "errors" || !strings.Contains(data, `"file":"content/briefs/one.md","line":3`) {
		t.Fatalf("event %s %s, want errors naming content/briefs/one.md line 3", name, data)
	}
	if _, _, body := p.get(t, "/briefs/one/"); !strings.Contains(body, "Edited text.") {
		t.Error("the last good page is not served while the build is broken")
	}
	// A tab opened now is told about the error at once.
	late := p.listenRaw(t)
	if !strings.Contains(late, "content/briefs/one.md") {
		t.Errorf("hello to a new tab lacks the error: %s", late)
	}

	// Fix: the page comes back.
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte(brief("One", "2025-01-01T09:00:00Z", "Fixed text.")))
	if changed := events.changed(t); !contains(changed, "/briefs/one/") {
		t.Errorf("changed after the fix: %v", changed)
	}
	if _, _, body := p.get(t, "/briefs/one/"); !strings.Contains(body, "Fixed text.") {
		t.Error("fixed page not served")
	}

	// A new folder, with a brief in it, created after the start.
	writeFile(t, filepath.Join(site, "content/notes/n.md"), []byte("---\ntitle: A note\n---\nNote.\n"))
	for {
		if changed := events.changed(t); contains(changed, "/notes/n/") {
			break
		}
	}
	if code, _, _ := p.get(t, "/notes/n/"); code != 200 {
		t.Errorf("page in a new folder: %d", code)
	}
}

// listenRaw reads the hello event a new tab gets.
func (p *testPreview) listenRaw(t *testing.T) string {
	t.Helper()
	resp, err := http.Get(p.url + "_gen/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			return v
		}
	}
	return ""
}

func TestServeHTTP(t *testing.T) {
	site := newSite(t, smallSite)
	secret := "top secret config"
	writeFile(t, filepath.Join(site, "gen.toml"), []byte("title = \"Small\"\n# "+secret+"\n"))
	p := startServe(t, site)

	tests := []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 200, "text/html; charset=utf-8"},
		{"/css/gen.css", 200, "text/css; charset=utf-8"},
		{"/index.xml", 200, "application/xml; charset=utf-8"},
		{"/images/a.svg", 200, "image/svg+xml"},
		{"/robots.txt", 200, "text/plain; charset=utf-8"},
		{"/nope/", 404, "text/html; charset=utf-8"},
		{"/css/", 404, "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		code, hdr, _ := p.get(t, tt.path)
		if code != tt.status || hdr.Get("Content-Type") != tt.ctype {
			t.Errorf("GET %s: %d %q, want %d %q", tt.path, code, hdr.Get("Content-Type"), tt.status, tt.ctype)
		}
	}
	code, hdr, _ := p.get(t, "/briefs/one?x=1")
	if code != 301 || hdr.Get("Location") != "/briefs/one/?x=1" {
		t.Errorf("GET /briefs/one: %d to %q, want 301 to /briefs/one/?x=1", code, hdr.Get("Location"))
	}
	for _, target := range []string{
		"/../gen.toml", "/%2e%2e/gen.toml", "/..%2fgen.toml", "/briefs/../../gen.toml",
		"/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "//etc/passwd", "/content/briefs/one.md", "/gen.toml",
		"/..\\gen.toml", "/%00", "/./index.html",
	} {
		code, body := p.rawGet(t, target)
		if code != 400 && code != 404 && code != 301 {
			t.Errorf("GET %s: status %d, want 400 or 404", target, code)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "root:") {
			t.Errorf("GET %s served a file from outside the site", target)
		}
	}
}

func TestServePortTaken(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	site := newSite(t, smallSite)
	p := startServe(t, site, "--port", strconv.Itoa(port))
	if strings.Contains(p.url, ":"+strconv.Itoa(port)+"/") {
		t.Fatalf("served on the taken port %d: %s", port, p.url)
	}
	if code, _, _ := p.get(t, "/"); code != 200 {
		t.Errorf("GET / on the next port: %d", code)
	}
}

func TestServeShutdownLeavesNothing(t *testing.T) {
	site := newSite(t, smallSite)
	p := startServe(t, site)
	p.stop(t)
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if name := e.Name(); name != "content" && name != "static" && name != "gen.toml" {
			t.Errorf("gen serve left %s in the site", name)
		}
	}
	if !strings.Contains(p.stdout.String(), "Stopped.") {
		t.Errorf("no clean stop: %s", p.stdout.String())
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{{"serve", "--port", "70000"}, {"serve", "--nope"}, {"serve", "extra"}} {
		if code, _, _ := gen(t, args...); code != 2 {
			t.Errorf("gen %v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := gen(t, "serve", "-h"); code != 0 || !strings.Contains(out, "--bind ADDR") {
		t.Errorf("gen serve -h: %d %s", code, out)
	}
}

// TestServeBrokenFromTheStart starts on a site whose first build fails: the
// tab gets a page that shows the errors and reloads when it is fixed.
func TestServeBrokenFromTheStart(t *testing.T) {
	site := newSite(t, map[string]string{"content/briefs/one.md": "---\ntitle: One\ndate: never\n---\n"})
	p := startServe(t, site)
	code, _, body := p.get(t, "/briefs/one/")
	if code != 503 || !strings.Contains(body, `data-any-change`) {
		t.Fatalf("before a good build: %d\n%s", code, body)
	}
	if hello := p.listenRaw(t); !strings.Contains(hello, `"file":"content/briefs/one.md","line":3`) {
		t.Errorf("hello lacks the error: %s", hello)
	}
	events := p.listen(t)
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte(brief("One", "2025-01-01T09:00:00Z", "Fixed.")))
	if changed := events.changed(t); !contains(changed, "/briefs/one/") {
		t.Errorf("changed after the fix: %v", changed)
	}
	if code, _, body := p.get(t, "/briefs/one/"); code != 200 || !strings.Contains(body, "Fixed.") {
		t.Errorf("after the fix: %d", code)
	}
}

// TestServeStopsWithOpenTabs stops promptly though a tab's event stream is
// open.
func TestServeStopsWithOpenTabs(t *testing.T) {
	site := newSite(t, smallSite)
	p := startServe(t, site)
	p.listen(t)
	start := time.Now()
	p.stop(t)
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopping took %v with a tab open", d)
	}
}

// TestServeWrite writes what it serves to public/.
func TestServeWrite(t *testing.T) {
	site := newSite(t, smallSite)
	p := startServe(t, site, "--write")
	_, _, served := p.get(t, "/briefs/one/")
	written, err := os.ReadFile(filepath.Join(site, "public/briefs/one/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := liveScript.ReplaceAllString(served, "</body>")
	if string(written) != want {
		t.Errorf("public/ holds another page than the one served")
	}
}

// TestServeRefusesOtherHosts answers only to this machine's names.
func TestServeRefusesOtherHosts(t *testing.T) {
	site := newSite(t, smallSite)
	p := startServe(t, site)
	req, _ := http.NewRequest("GET", p.url, nil)
	req.Host = "attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 421 {
		t.Errorf("a request for attacker.example: %d, want 421", resp.StatusCode)
	}
}
