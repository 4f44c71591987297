package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLoadsIconsAndCards builds the example site for the address
// of a test server and has Chromium load, from a brief and the home page,
// every icon the page links, /favicon.ico, and the og:image and JSON-LD
// images, as images: each must decode at its size, and no request may
// find nothing.
func TestBrowserLoadsIconsAndCards(t *testing.T) {
	ctx := browser(t)
	dir := filepath.Join(t.TempDir(), "public")
	var mu sync.Mutex
	var missing []string
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w, code: 200}
		files.ServeHTTP(rec, r)
		if rec.code == http.StatusNotFound {
			mu.Lock()
			missing = append(missing, r.URL.Path)
			mu.Unlock()
		}
	}))
	defer srv.Close()
	if code, _, errOut := gen(t, "build", "-s", "../..", "-d", dir, "-q", "--no-cache", "--baseURL", srv.URL+"/"); code != 0 {
		t.Fatal(errOut)
	}
	for _, page := range []string{"/briefs/tsmc-arizona-expansion/", "/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page)); err != nil {
			t.Fatal(err)
		}
		sizes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Promise.all(
			[...document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]')].map(l => l.href)
			.concat(["/favicon.ico", document.querySelector('meta[property="og:image"]').content])
			.concat([...document.querySelectorAll('script[type="application/ld+json"]')].flatMap(s => JSON.parse(s.textContent).image || []))
			.map(src => new Promise(done => {
				const img = new Image();
				img.onload = () => done(new URL(src, location.href).pathname + " " + img.naturalWidth + "x" + img.naturalHeight);
				img.onerror = () => done(src + " did not load");
				img.src = src;
			})))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(sizes)
		got := strings.Join(sizes, "\n")
		want := []string{"/apple-touch-icon.png 180x180", "/favicon-32.png 32x32", "/favicon.ico 32x32", "/images/logo.svg 64x64"}
		if page == "/" {
			want = append(want, "/cards/card.png 1200x630")
		} else {
			want = append(want, "/cards/briefs/tsmc-arizona-expansion/card-16x9.jpg 1200x675", "/cards/briefs/tsmc-arizona-expansion/card-1x1.jpg 1200x1200",
				"/cards/briefs/tsmc-arizona-expansion/card.jpg 1200x630", "/cards/briefs/tsmc-arizona-expansion/card.jpg 1200x630") // its JPEG lead image, cropped
		}
		slices.Sort(want)
		if got != strings.Join(want, "\n") {
			t.Errorf("%s: images loaded:\n%s\nwant:\n%s", page, got, strings.Join(want, "\n"))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(missing) > 0 {
		t.Errorf("requests found nothing: %v", missing)
	}
}

// statusWriter records the status of a response.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}
