package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestTimings builds with --timings: every step of the build is listed,
// and each layout with the number of times it ran (one brief layout a
// brief).
func TestTimings(t *testing.T) {
	site := newSite(t, smallSite)
	code, out, errOut := gen(t, "build", "-s", site, "--timings")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, step := range []string{"hash the inputs", "read gen.toml and content/", "make the model, parse the layouts",
		"render the pages", "Markdown in it", "make the feeds, sitemaps and search index", "copy static/", "swap the folder in"} {
		if !regexp.MustCompile(regexp.QuoteMeta(step) + `.* \d+\.\d{3} s\n`).MatchString(out) {
			t.Errorf("no time for %q:\n%s", step, out)
		}
	}
	if !regexp.MustCompile(`layouts/brief\.html \(in base\.html\) +2 `).MatchString(out) {
		t.Errorf("the brief layout is not listed as run twice, for the two briefs:\n%s", out)
	}
	if n := strings.Count(out, "layouts/"); n > 10 {
		t.Errorf("%d layouts listed, want the ten slowest at most:\n%s", n, out)
	}
	// Up to date: nothing built, nothing timed.
	if code, out, _ := gen(t, "build", "-s", site, "--timings"); code != 0 || !strings.Contains(out, "Up to date") || strings.Contains(out, "render the pages") {
		t.Errorf("second build: exit %d\n%s", code, out)
	}
}
