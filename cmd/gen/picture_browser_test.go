package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// layoutShift is the total of the page's layout shifts, read with a
// PerformanceObserver that also gets the shifts before it was made.
const layoutShift = `new Promise(resolve => {
	let total = 0;
	new PerformanceObserver(list => {
		for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
	}).observe({type: "layout-shift", buffered: true});
	setTimeout(() => resolve(total), 500);
})`

// TestBrowserLeadImageNoLayoutShift opens a built brief with a lead image
// in Chromium at 390 px wide, served over HTTP on 127.0.0.1 with the
// images sent late, and checks that the page does not move as the image
// arrives: the layout shift total is under 0.01, and the browser took
// a narrow copy, as WebP. The same page with the <img>'s width and height
// taken out moves more than that, so the measure can see a shift.
func TestBrowserLeadImageNoLayoutShift(t *testing.T) {
	ctx := browser(t)
	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for y := range 900 {
		for x := range 1600 {
			img.Set(x, y, color.RGBA{uint8(x / 7), uint8(y / 4), 120, 255})
		}
	}
	var lead bytes.Buffer
	if err := png.Encode(&lead, img); err != nil {
		t.Fatal(err)
	}
	words := strings.Repeat("Words below the image, which would move down if it had no size. ", 30)
	site := newSite(t, map[string]string{
		"gen.toml": "title = \"Pictures\"\n",
		"content/briefs/chart/index.md": "---\ntitle: A brief with a chart\ndate: 2026-01-02T09:00:00Z\nimage: chart.png\nimage_alt: A chart\n" +
			"key_points: [\"One point.\", \"Two points.\"]\n---\n" + words + "\n",
	})
	writeFile(t, filepath.Join(site, "content/briefs/chart/chart.png"), lead.Bytes())
	dir := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := gen(t, "build", "-s", site, "-d", dir, "-q", "--no-cache"); code != 0 {
		t.Fatal(errOut)
	}
	page, err := os.ReadFile(filepath.Join(dir, "briefs/chart/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<picture>")) {
		t.Fatalf("the brief shows no <picture>:\n%s", page)
	}
	// The control: the same page with the image unsized.
	unsized := regexp.MustCompile(` width="1600" height="900"`).ReplaceAll(page, nil)
	if bytes.Equal(unsized, page) {
		t.Fatal("the lead image has no width and height")
	}
	writeFile(t, filepath.Join(dir, "briefs/chart/unsized.html"), unsized)

	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/img/") {
			time.Sleep(600 * time.Millisecond) // the image comes after the text
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("the server is at %s, not on 127.0.0.1", srv.URL)
	}
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	measure := func(path string) (float64, string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the lead image", `(() => { const i = document.querySelector(".lead-image img"); return i && i.complete && i.naturalWidth > 0; })()`)
		shift, err := chromedp.Run(ctx, chromedp.Evaluate[float64](layoutShift, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		src, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".lead-image img").currentSrc`))
		if err != nil {
			t.Fatal(err)
		}
		return shift, src
	}
	shift, src := measure("/briefs/chart/")
	t.Logf("sized: layout shift %.4f, image %s", shift, src)
	if shift >= 0.01 {
		t.Errorf("the brief's layout shifted by %.4f as its lead image loaded, want < 0.01", shift)
	}
	// 390 px at the emulated device's density: not the 1440 px copy.
	if !strings.HasSuffix(src, ".webp") || strings.Contains(src, "-1440.") {
		t.Errorf("the browser showed %s, want a narrower WebP copy", src)
	}
	control, _ := measure("/briefs/chart/unsized.html")
	t.Logf("unsized: layout shift %.4f", control)
	if control < 0.01 {
		t.Errorf("the page with an unsized image shifted by only %.4f: the measure does not see shifts", control)
	}
}
