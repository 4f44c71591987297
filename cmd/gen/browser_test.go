package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome binary. In CI a missing browser
// fails the test; elsewhere it skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found; .ci/run installs it with apt-get install -y chromium")
	}
	t.Skip("no Chromium found: install it (on Debian: apt-get install -y chromium) to run the browser test")
	return ""
}

// browser starts a headless Chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 700),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// waitFor polls a JavaScript expression in the page until it is true.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("timed out waiting for %s (%s); the page reads:\n%s", what, expr, html)
}

func TestBrowserLiveReload(t *testing.T) {
	ctx := browser(t)
	long := strings.Repeat("A paragraph that makes the page long enough to scroll. ", 40)
	body := func(marker string) string {
		return "Intro.\n\n" + strings.Repeat(long+"\n\n", 6) + marker + "\n"
	}
	site := newSite(t, map[string]string{
		"gen.toml":              "title = \"Browser\"\n",
		"content/briefs/one.md": brief("One", "2025-01-01T09:00:00Z", body("Original words.")),
		"content/briefs/two.md": brief("Two", "2025-01-02T09:00:00Z", "Other."),
	})
	p := startServe(t, site)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("gen serve printed:\n%s%s", p.stdout.String(), p.stderr.String())
		}
	})

	if err := chromedp.Do(ctx, chromedp.Navigate(p.url+"briefs/one/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the brief", `document.body.innerText.includes("Original words.")`)
	// The live-reload script must be connected before the first change.
	waitFor(t, ctx, "the event stream", `document.documentElement.dataset.genLive === "connected"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 1500); true`)); err != nil {
		t.Fatal(err)
	}

	// An edit on disk shows up, with no navigation by the test, at the same
	// scroll position.
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte(brief("One", "2025-01-01T09:00:00Z", body("Edited words."))))
	waitFor(t, ctx, "the edited text", `document.body.innerText.includes("Edited words.")`)
	waitFor(t, ctx, "the scroll position kept", `Math.abs(window.scrollY - 1500) < 50`)

	// A broken brief shows an overlay naming the file and line.
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte("---\ntitle: One\ndate: not a date\n---\nBroken.\n"))
	waitFor(t, ctx, "the error overlay", `(document.getElementById("gen-error-overlay")?.innerText || "").includes("content/briefs/one.md:3")`)

	// Fixing it removes the overlay and shows the fixed page.
	writeFile(t, filepath.Join(site, "content/briefs/one.md"), []byte(brief("One", "2025-01-01T09:00:00Z", body("Fixed words."))))
	waitFor(t, ctx, "the fixed text", `document.body.innerText.includes("Fixed words.")`)
	waitFor(t, ctx, "the overlay gone", `document.getElementById("gen-error-overlay") === null`)

	// A style sheet change applies without reloading the page.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.genMarker = "still here"; true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(site, "static/css/gen.css"), []byte("body { background-color: rgb(1, 2, 3); }\n"))
	waitFor(t, ctx, "the new style", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	marker, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.genMarker || ""`))
	if err != nil {
		t.Fatal(err)
	}
	if marker != "still here" {
		t.Error("the page reloaded for a style sheet change")
	}
}

// TestBrowserSortsTerms presses the column headings of the companies index
// and checks the order of its rows.
func TestBrowserSortsTerms(t *testing.T) {
	ctx := browser(t)
	dir := filepath.Join(t.TempDir(), "public")
	// Built to be opened from disk: browsers check no integrity there.
	if code, _, errOut := gen(t, "build", "-s", "../..", "-d", dir, "-q", "--no-cache", "--baseURL", "file://"+dir+"/"); code != 0 {
		t.Fatal(errOut)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+dir+"/companies/index.html")); err != nil {
		t.Fatal(err)
	}
	first := `document.querySelector("#terms tbody tr").dataset`
	waitFor(t, ctx, "the table, by name", first+`.name === "alphabet"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('button[data-sort="count"]').click(); true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the most covered company first", `(() => {
		const counts = Array.from(document.querySelectorAll("#terms tbody tr")).map(r => Number(r.dataset.count));
		return counts.every((c, i) => i === 0 || counts[i-1] >= c) && counts[0] > counts[counts.length-1];
	})()`)
	// The arrow shows on the sorted column only, and, hidden from screen
	// readers, stays out of the button's name: aria-sort says the order.
	waitFor(t, ctx, "the arrow on the Briefs column", `(() => {
		const arrow = (sort) => getComputedStyle(document.querySelector('button[data-sort="' + sort + '"] .sort-arrow'), "::after").content;
		const count = document.querySelector('button[data-sort="count"]');
		return arrow("count") === '" ▼"' && arrow("name") === "none" &&
			count.closest("th").getAttribute("aria-sort") === "descending" &&
			count.querySelector(".sort-arrow").getAttribute("aria-hidden") === "true";
	})()`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('button[data-sort="latest"]').click(); true`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the latest first", `(() => {
		const dates = Array.from(document.querySelectorAll("#terms tbody tr")).map(r => r.dataset.latest);
		return dates.every((d, i) => i === 0 || dates[i-1] >= d);
	})()`)
}

// TestBrowserSearch types queries into the search page of a built site,
// served over HTTP under a sub-path and opened from disk, and checks the
// results: briefs whose titles match first, words matched by their start,
// non-ASCII words, and briefs whose index chunk is the last of several.
func TestBrowserSearch(t *testing.T) {
	files := map[string]string{
		"gen.toml": "title = \"Search test\"\n",
		"content/briefs/quantum-title.md": "---\ntitle: Quantum networking start-up raises a first round\ndate: 2024-03-01T09:00:00Z\ncompanies: [Qubitly]\ntopics: [funding]\n" +
			"key_points: [\"The round values it at a modest sum.\", \"Investors include two chipmakers.\"]\n---\nText.\n",
		"content/briefs/quantum-point.md": "---\ntitle: Chipmaker reports a strong quarter\ndate: 2026-05-01T09:00:00Z\ncompanies: [Chipco]\ntopics: [earnings]\n" +
			"key_points: [\"Sales rose on demand for AI chips.\", \"It will start a quantum computing unit.\"]\n---\nText.\n",
		"content/briefs/bank.md": "---\ntitle: Bank moves its trading systems to the cloud\ndate: 2026-04-01T09:00:00Z\ncompanies: [Société Générale]\ntopics: [cloud]\n" +
			"key_points: [\"The move takes three years.\", \"Costs fall by a fifth.\"]\n---\nText.\n",
	}
	// Enough other briefs for several word shards and document chunks.
	for i := range 600 {
		files[fmt.Sprintf("content/briefs/filler-%04d.md", i)] = fmt.Sprintf(
			"---\ntitle: Filler brief %04d about cloud prices\ndate: %s\ncompanies: [Acme]\ntopics: [cloud]\nkey_points: [\"Point one of %04d.\", \"Point two.\"]\n---\nText.\n",
			i, time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC3339), i)
	}
	files["content/briefs/filler-oldest.md"] = "---\ntitle: Filler brief zzz-oldest\ndate: 2020-01-01T09:00:00Z\ncompanies: [Acme]\n" +
		"key_points: [\"The oldest brief, in the last chunk.\", \"Two.\"]\n---\nText.\n"
	site := newSite(t, files)

	// Over HTTP, with the site under /news/.
	web := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := gen(t, "build", "-s", site, "-d", web, "-q", "--baseURL", "https://example.org/news/"); code != 0 {
		t.Fatal(errOut)
	}
	srv := httptest.NewServer(http.StripPrefix("/news", http.FileServer(http.Dir(web))))
	defer srv.Close()
	// From disk.
	disk := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := gen(t, "build", "-s", site, "-d", disk, "-q", "--baseURL", "file://"+disk+"/"); code != 0 {
		t.Fatal(errOut)
	}

	// The browser's time starts once the two sites are built, which under
	// the race detector takes a good part of it (600 briefs, their cards).
	ctx := browser(t)
	titles := `Array.from(document.querySelectorAll("#search-results h2 a")).map(a => a.textContent)`
	for _, page := range []string{srv.URL + "/news/search/", "file://" + disk + "/search/index.html"} {
		t.Run(page[:4], func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
				t.Fatal(err)
			}
			search := func(query string) {
				t.Helper()
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("search-q").value = ""; true`)); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.SendKeys("#search-q", query)); err != nil {
					t.Fatal(err)
				}
			}
			search("quant")
			waitFor(t, ctx, "the title match first, then the key point match",
				titles+`.join("|") === "Quantum networking start-up raises a first round|Chipmaker reports a strong quarter"`)
			waitFor(t, ctx, "the query in the address", `new URLSearchParams(location.search).get("q") === "quant"`)
			// Headings go down one level at a time (axe's heading-order):
			// the results' titles are h2 under the page's h1.
			waitFor(t, ctx, "headings that skip no level", `(() => {
				let last = 0;
				for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
					const n = Number(h.tagName[1]);
					if (n > last + 1) return false;
					last = n;
				}
				return last === 2;
			})()`)

			search("chipmaker quarter")
			waitFor(t, ctx, "only briefs with both words", titles+`.join("|") === "Chipmaker reports a strong quarter"`)

			search("SOCIÉTÉ gén")
			waitFor(t, ctx, "the bank brief by its company's accented name", titles+`.join("|") === "Bank moves its trading systems to the cloud"`)
			search("societe generale")
			waitFor(t, ctx, "the bank brief by its name typed without accents", titles+`.join("|") === "Bank moves its trading systems to the cloud"`)

			search("the")
			waitFor(t, ctx, "a word too common to search for", `document.querySelectorAll("#search-results li").length === 0 && document.getElementById("search-status").textContent.startsWith("Words as common")`)

			search("zzz oldest")
			waitFor(t, ctx, "the oldest brief, from the last chunk", titles+`.join("|") === "Filler brief zzz-oldest"`)

			search("cloud prices")
			waitFor(t, ctx, "20 of the 600 filler briefs, newest first", `(() => {
				const t = `+titles+`;
				return t.length === 20 && t[0] === "Filler brief 0599 about cloud prices" && t[19] === "Filler brief 0580 about cloud prices" &&
					document.getElementById("search-status").textContent.startsWith("600 briefs found");
			})()`)

			search("nothingmatches")
			waitFor(t, ctx, "no results", `document.querySelectorAll("#search-results li").length === 0 && document.getElementById("search-status").textContent === "No brief has this word."`)

			// A result leads to its brief.
			search("quantum networking")
			waitFor(t, ctx, "the result", titles+`.length === 1`)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#search-results h2 a").click(); true`)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, "the brief's page", `document.querySelector("h1") && document.querySelector("h1").textContent === "Quantum networking start-up raises a first round"`)
		})
	}
}
