package server

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCleanPath(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"/", "", true},
		{"/briefs/x/", "briefs/x", true},
		{"/css/gen.css", "css/gen.css", true},
		{"/../gen.toml", "", false},
		{"/briefs/../../x", "", false},
		{"/./index.html", "", false},
		{"/a//b", "", false},
		{"/a\\b", "", false},
		{"/a\x00b", "", false},
		{"relative", "", false},
	}
	for _, tt := range tests {
		got, ok := cleanPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestChanged(t *testing.T) {
	old := map[string][]byte{"index.html": []byte("a"), "briefs/x/index.html": []byte("x"), "css/gen.css": []byte("c"), "gone.txt": []byte("g")}
	new := map[string][]byte{"index.html": []byte("a"), "briefs/x/index.html": []byte("x2"), "css/gen.css": []byte("c2"), "briefs/y/index.html": []byte("y")}
	want := []string{"/briefs/x/", "/briefs/y/", "/css/gen.css", "/gone.txt"}
	if got := Changed(old, new); !reflect.DeepEqual(got, want) {
		t.Errorf("Changed = %v, want %v", got, want)
	}
}

func TestWaitingAndHosts(t *testing.T) {
	s := New("preview.local")
	get := func(host string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		s.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Body)
		return rec.Code, string(body)
	}
	if code, body := get("127.0.0.1:1414"); code != 503 || !strings.Contains(body, "data-any-change") {
		t.Errorf("before a good build: %d %q", code, body)
	}
	s.Update(map[string][]byte{"index.html": []byte("<body>Home</body>")})
	for host, want := range map[string]int{"127.0.0.1:1414": 200, "localhost:1414": 200, "[::1]:1414": 200, "10.0.0.5:1414": 200, "preview.local:1414": 200, "evil.example:1414": 421} {
		if code, _ := get(host); code != want {
			t.Errorf("Host %s: %d, want %d", host, code, want)
		}
	}
}

func TestServeInjectsOnlyHTML(t *testing.T) {
	s := New("example.com") // httptest's requests are for example.com
	s.Update(map[string][]byte{
		"index.html":    []byte("<html><body><p>Hi</p></body></html>"),
		"index.xml":     []byte("<rss></rss>"),
		"404.html":      []byte("<html><body>Not here</body></html>"),
		"no-body.html":  []byte("<p>fragment</p>"),
		"css/gen.css":   []byte("body{}"),
		"files/data.js": []byte("x=1"),
	})
	get := func(path string) (int, string, string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body, _ := io.ReadAll(rec.Body)
		return rec.Code, rec.Header().Get("Content-Type"), string(body)
	}
	tag := `<script src="/_gen/live.js" data-build="1" defer></script>`
	missingTag := `<script src="/_gen/live.js" data-build="1" data-any-change defer></script>`
	if code, _, body := get("/"); code != 200 || body != "<html><body><p>Hi</p>"+tag+"</body></html>" {
		t.Errorf("GET /: %d %q", code, body)
	}
	if _, _, body := get("/no-body.html"); body != "<p>fragment</p>"+tag {
		t.Errorf("GET /no-body.html: %q", body)
	}
	if _, ctype, body := get("/index.xml"); strings.Contains(body, "live.js") || ctype != "application/xml; charset=utf-8" {
		t.Errorf("GET /index.xml: %q %q", ctype, body)
	}
	if code, _, body := get("/missing"); code != 404 || !strings.Contains(body, "Not here"+missingTag) {
		t.Errorf("GET /missing: %d %q", code, body)
	}
	if code, ctype, body := get("/_gen/live.js"); code != 200 || !strings.HasPrefix(ctype, "text/javascript") || !strings.Contains(body, "EventSource") {
		t.Errorf("GET /_gen/live.js: %d %q", code, ctype)
	}
	s.Update(map[string][]byte{"example.com/index.html": []byte("x"), "404.html": []byte("nf")})
	for _, p := range []string{"//example.com", "/example.com"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if loc := rec.Header().Get("Location"); rec.Code != 301 || loc != "/example.com/" {
			t.Errorf("GET %s: %d to %q, want a redirect to /example.com/ on this site", p, rec.Code, loc)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != 405 {
		t.Errorf("POST /: %d, want 405", rec.Code)
	}
}

// TestEventsCatchUp connects a tab whose page came from an earlier build
// and checks that it first hears what the later builds changed, or, when
// they are too many to remember, that it must reload.
func TestEventsCatchUp(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close()
	site := map[string][]byte{"index.html": []byte("<p>1</p>"), "css/gen.css": []byte("a{}")}
	s.Update(site)
	s.Update(map[string][]byte{"index.html": []byte("<p>1</p>"), "css/gen.css": []byte("b{}")})
	s.Update(map[string][]byte{"index.html": []byte("<p>3</p>"), "css/gen.css": []byte("b{}"), "new.html": nil})

	// events reads the stream's first two events, or what comes within
	// wait.
	events := func(query string, wait time.Duration) []string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+EventsPath+query, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var got []string
		sc := bufio.NewScanner(res.Body)
		for len(got) < 2 && sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok && sc.Scan() {
				got = append(got, name+" "+strings.TrimPrefix(sc.Text(), "data: "))
			}
		}
		return got
	}
	got := events("?build=1", 5*time.Second)
	if len(got) != 2 || !strings.HasPrefix(got[0], "hello ") || got[1] != `reload {"changed":["/","/css/gen.css","/new.html"]}` {
		t.Errorf("a tab on build 1 hears %q", got)
	}
	if got := events("?build=3", 300*time.Millisecond); len(got) != 1 || !strings.HasPrefix(got[0], "hello ") {
		t.Errorf("a tab on the latest build hears %q", got)
	}
	for range historySize {
		s.Update(site)
	}
	if got := events("?build=1", 5*time.Second); len(got) != 2 || got[1] != `reload {"changed":["*"]}` {
		t.Errorf("a tab too far behind hears %q", got)
	}
}

// TestServeMore checks that a file or page the build makes on request is
// served from ServeMore, that a path it does not have is still a 404, and
// that a page it fails to make is a page of the errors with status 500.
func TestServeMore(t *testing.T) {
	s := New("example.com")
	s.ServeMore(func(rel string) ([]byte, bool, error) {
		switch rel {
		case "cards/card.png":
			return []byte("\x89PNG card"), true, nil
		case "briefs/later/index.html":
			return []byte("<p>Rendered on request</p>"), true, nil
		case "briefs/broken/index.html", "cards/broken.png":
			return nil, false, errors.New("broken")
		}
		return nil, false, nil
	})
	s.Update(map[string][]byte{"index.html": []byte("<p>Hi</p>"), "404.html": []byte("Not here")})
	for _, tc := range []struct {
		path string
		code int
		body string
	}{
		{"/cards/card.png", 200, "\x89PNG card"}, {"/cards/other.png", 404, "Not here"}, {"/", 200, "<p>Hi</p>"},
		{"/briefs/later/", 200, "<p>Rendered on request</p>"}, {"/briefs/broken/", 500, "<!doctype html>"}, {"/cards/broken.png", 404, "Not here"},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != tc.code || !strings.HasPrefix(string(body), tc.body) {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, rec.Code, body, tc.code, tc.body)
		}
	}
}

// TestRestyle: a page whose only change is the name and integrity of a
// style sheet named by its bytes is restyled in place; one that changed
// otherwise, or whose script was renamed, is not.
func TestRestyle(t *testing.T) {
	oldCSS, newCSS := []byte("p{color:red}"), []byte("p{color:blue}")
	page := func(css string, data []byte, text string) []byte {
		return []byte(`<link rel="stylesheet" href="../css/gen.` + css + `.css" integrity="sha384-` + base64.StdEncoding.EncodeToString(data) + `"><p>` + text)
	}
	oldFiles := map[string][]byte{
		"css/gen.1111111111111111.css": oldCSS,
		"a/index.html":                 page("1111111111111111", oldCSS, "A"),
		"b/index.html":                 page("1111111111111111", oldCSS, "B"),
		"c/index.html":                 []byte("<p>C"),
	}
	newFiles := map[string][]byte{
		"css/gen.2222222222222222.css": newCSS,
		"a/index.html":                 page("2222222222222222", newCSS, "A"),
		"b/index.html":                 page("2222222222222222", newCSS, "B, edited"),
		"c/index.html":                 []byte("<p>C"),
	}
	renamed, pages := restyle(oldFiles, newFiles, Changed(oldFiles, newFiles))
	if want := map[string]string{"/css/gen.1111111111111111.css": "/css/gen.2222222222222222.css"}; !maps.Equal(renamed, want) {
		t.Errorf("renamed %v, want %v", renamed, want)
	}
	if want := map[string]bool{"/a/": true}; !maps.Equal(pages, want) {
		t.Errorf("restyled pages %v, want %v", pages, want)
	}
	// No style sheet renamed: nothing restyled.
	if renamed, pages := restyle(newFiles, newFiles, Changed(newFiles, newFiles)); renamed != nil || pages != nil {
		t.Errorf("with no rename: %v, %v", renamed, pages)
	}
}

// TestUpdateOnRequest checks which URLs a build with pages made on request
// tells the tabs changed: its files whose bytes differ from the last
// build's or from the page a browser was served, its pending pages that a
// browser was served, new pages, and what is gone; not a page served and
// kept with the same bytes, nor a pending page no browser asked for.
func TestUpdateOnRequest(t *testing.T) {
	s := New("example.com")
	pages := map[string][]byte{}
	for _, b := range []string{"a", "b", "c", "d", "e"} {
		pages["briefs/"+b+"/index.html"] = []byte("<p>" + b + "1</p>")
	}
	s.ServeMore(func(rel string) ([]byte, bool, error) {
		data, ok := pages[rel]
		return data, ok, nil
	})
	s.UpdateOnRequest(map[string][]byte{"index.html": []byte("home"), "feed.xml": []byte("1"), "briefs/gone/index.html": []byte("g")},
		slices.Sorted(maps.Keys(pages)))
	for _, u := range []string{"/briefs/a/", "/briefs/b/", "/briefs/e/"} { // a tab shows each
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", u, rec.Code)
		}
	}
	got := s.UpdateOnRequest(map[string][]byte{
		"index.html":          []byte("home"),
		"feed.xml":            []byte("2"),
		"briefs/a/index.html": []byte("<p>a1</p>"), // kept as it was rendered on request
		"briefs/e/index.html": []byte("<p>e2</p>"), // rendered again by the build
	}, []string{"briefs/b/index.html", "briefs/c/index.html", "briefs/new/index.html"})
	want := []string{"/briefs/b/", "/briefs/d/", "/briefs/e/", "/briefs/gone/", "/briefs/new/", "/feed.xml"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changed %q, want %q", got, want)
	}
}
