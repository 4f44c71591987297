package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// draftTitle and draftPoint are the draft's words that must not leave the
// preview's origin.
const (
	draftTitle = "Secret merger talks with Zorbex"
	draftPoint = "Unannounced price of 41 billion"
)

// attackScript is what a page on another origin runs against the preview at
// base: it defines genSearch, as the search page does, and includes each of
// the preview's search files with <script src>. window.stolen collects what
// genSearch.load received, window.outcomes how each script ended, and
// window.attackDone turns true when all have.
func attackScript(base string, files []string) string {
	list := `["` + strings.Join(files, `","`) + `"]`
	return `(() => {
  window.stolen = [];
  window.outcomes = [];
  window.attackDone = false;
  window.genSearch = {load: (name, data) => window.stolen.push(name + " " + JSON.stringify(data))};
  const load = (src) => new Promise((done) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = () => done(src + ": loaded");
    s.onerror = () => done(src + ": error");
    document.head.appendChild(s);
  });
  (async () => {
    for (const f of ` + list + `) window.outcomes.push(await load("` + base + `" + f));
    window.attackDone = true;
  })();
})();`
}

// TestBrowserCrossOriginCannotReadDrafts runs a gen serve preview of a site
// with a draft and, in Chromium, pages on other origins that include the
// preview's search files with <script src>: a page on another port of
// 127.0.0.1 (same site, another origin), one on localhost (another site),
// and one opened from disk. None of them may see the draft's title or key
// points, though a link from them still opens the preview. The same script
// run on the preview's own search page does see them, so the test can tell
// a leak, and that page still finds the draft.
func TestBrowserCrossOriginCannotReadDrafts(t *testing.T) {
	ctx := browser(t)
	site := newSite(t, map[string]string{
		"gen.toml":                 "title = \"Cross-origin\"\n",
		"content/briefs/public.md": brief("Public brief", "2025-01-01T09:00:00Z", "Published."),
		"content/briefs/secret.md": "---\ntitle: " + draftTitle + "\ndate: 2025-01-02T09:00:00Z\ndraft: true\ncompanies: [Zorbex]\n" +
			"key_points: [\"" + draftPoint + ".\", \"Talks end in June.\"]\n---\nNot yet public.\n",
	})
	p := startServe(t, site)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("gen serve printed:\n%s%s", p.stdout.String(), p.stderr.String())
		}
	})
	files := []string{"search/meta.js", "search/w0.js", "search/d0.js", "_gen/live.js"}
	for _, f := range files[:3] {
		if code, _, body := p.get(t, f); code != 200 || !strings.HasPrefix(body, "genSearch.load(") {
			t.Fatalf("GET %s: %d %.60q; the test expects the search files of a one-shard site", f, code, body)
		}
	}
	if _, _, d0 := p.get(t, "search/d0.js"); !strings.Contains(d0, draftTitle) {
		t.Fatalf("the preview's search index lacks the draft:\n%s", d0)
	}

	page := "<!doctype html><html><head><title>Attacker</title></head><body><p>Just a page.</p><script>" +
		attackScript(p.url, files) + "</script></body></html>"
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer attacker.Close()
	port := strconv.Itoa(attacker.Listener.Addr().(*net.TCPAddr).Port)
	diskPage := filepath.Join(t.TempDir(), "attack.html")
	if err := os.WriteFile(diskPage, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}

	// seen runs until the attack has finished and returns what it got.
	seen := func(t *testing.T) (stolen, outcomes []string) {
		t.Helper()
		waitFor(t, ctx, "the attack to finish", `window.attackDone === true`)
		stolen, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.stolen`))
		if err != nil {
			t.Fatal(err)
		}
		outcomes, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.outcomes`))
		if err != nil {
			t.Fatal(err)
		}
		return stolen, outcomes
	}

	for _, tt := range []struct{ name, url string }{
		{"another port of 127.0.0.1", "http://127.0.0.1:" + port + "/"},
		{"localhost", "http://localhost:" + port + "/"},
		{"a file", "file://" + diskPage},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(tt.url)); err != nil {
				t.Fatal(err)
			}
			stolen, outcomes := seen(t)
			t.Logf("script loads: %v", outcomes)
			for _, s := range stolen {
				if strings.Contains(s, "Zorbex") || strings.Contains(s, draftPoint) {
					t.Errorf("a page at %s read the draft through <script src>: %.200s", tt.url, s)
				}
			}
			if len(stolen) > 0 {
				t.Errorf("a page at %s read %d of the preview's search files", tt.url, len(stolen))
			}
		})
	}

	// A link from another origin opens the preview's page in the tab.
	t.Run("a link from another origin", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate("http://localhost:"+port+"/")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the attacker page", `window.attackDone === true`)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.href = "`+p.url+`briefs/secret/"; true`)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the draft's page, opened by the link", `location.href === "`+p.url+`briefs/secret/" && document.body.innerText.includes("Not yet public.")`)
	})

	// The control: the same script on the preview's own search page reads
	// the draft, and the page's search finds it.
	t.Run("the preview itself", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(p.url+"search/")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the live-reload connection", `document.documentElement.dataset.genLive === "connected"`)
		if err := chromedp.Do(ctx, chromedp.SendKeys("#search-q", "zorbex")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the draft found by the search page",
			`Array.from(document.querySelectorAll("#search-results h2 a")).some(a => a.textContent === "`+draftTitle+`")`)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](attackScript(p.url, files)+"true")); err != nil {
			t.Fatal(err)
		}
		stolen, outcomes := seen(t)
		if !strings.Contains(strings.Join(stolen, "\n"), draftPoint) {
			t.Errorf("the preview's own page could not read its search files: %v %v", outcomes, stolen)
		}
	})
}
