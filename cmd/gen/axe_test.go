package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeEnv names the environment variable that gives the path of axe-core's
// axe.min.js, which the accessibility test runs in the page. .ci/run
// downloads it into a cache folder outside the repository.
const axeEnv = "GEN_AXE_JS"

// axeScript reads axe.min.js from $GEN_AXE_JS. Without it the test skips,
// unless CI=true, where it fails.
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv(axeEnv)
	if path == "" {
		msg := axeEnv + " is not set: point it at axe-core's axe.min.js (npm pack axe-core@4.14.1, or .ci/run, which downloads it into ~/.cache/gen-ci/) to run the accessibility test"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s=%s: %v", axeEnv, path, err)
	}
	return string(data)
}

// axeViolation is one rule axe found broken, with the elements that break it.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestBrowserAxe builds the example site, serves it over HTTP on
// 127.0.0.1, and runs axe-core in Chromium at 360 px wide, in the light
// and the dark colour scheme, on a brief with highlighted code, the search
// page with results shown and a company page: axe must find no violation
// of any rule it runs by default (WCAG 2.x A and AA and best practices).
func TestBrowserAxe(t *testing.T) {
	axe := axeScript(t)
	ctx := browser(t)
	web := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := gen(t, "build", "-s", "../..", "-d", web, "-q", "--no-cache", "--now", "2026-12-01"); code != 0 {
		t.Fatal(errOut)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(web)))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("the server is at %s, not on 127.0.0.1", srv.URL)
	}
	pages := []struct {
		name, path, ready string
	}{
		{"brief with code", "/briefs/aws-access-key-exposure-defaults/", `document.querySelector("pre.chroma") !== null`},
		{"search results", "/search/?q=nvidia", `document.querySelectorAll("#search-results li").length > 0`},
		{"company", "/companies/nvidia/", `document.querySelector("main") !== null`},
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, page := range pages {
			t.Run(scheme+"/"+page.name, func(t *testing.T) {
				err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800))
				if err == nil {
					_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
				}
				if err == nil {
					err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+page.path))
				}
				if err != nil {
					t.Fatal(err)
				}
				waitFor(t, ctx, page.name, page.ready)
				waitFor(t, ctx, "the "+scheme+" scheme", `matchMedia("(prefers-color-scheme: `+scheme+`)").matches`)
				out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axe+`;
					axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				var violations []axeViolation
				if err := json.Unmarshal([]byte(out), &violations); err != nil {
					t.Fatalf("axe's result: %v\n%s", err, out)
				}
				for _, v := range violations {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, "\n    "+n.HTML+"\n      "+strings.ReplaceAll(n.Summary, "\n", "\n      "))
					}
					t.Errorf("%s %s: %s (%s):%s", scheme, page.path, v.ID, v.Help, strings.Join(where, ""))
				}
			})
		}
	}
}
