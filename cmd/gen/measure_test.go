package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/output"
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
	// Each step has its wall time, CPU time and the cores that kept busy;
	// the Markdown line, summed over the workers, only a time.
	for _, step := range []string{"hash the inputs", "read gen.toml and content/", "make the model, parse the layouts",
		"render the pages", "make the feeds, sitemaps and search index", "copy static/", "swap the folder in", "all steps"} {
		if !regexp.MustCompile(regexp.QuoteMeta(step) + `.* \d+\.\d{3} s +\d+\.\d{3} s +\d+\.\d{2}\n`).MatchString(out) {
			t.Errorf("no wall time, CPU time and cores for %q:\n%s", step, out)
		}
	}
	if !regexp.MustCompile(`Markdown in it.* \d+\.\d{3} s\n`).MatchString(out) {
		t.Errorf("no time for the Markdown:\n%s", out)
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

// TestRenderToMemory renders a site into memory: it counts the files and
// bytes a build writes, and writes nothing.
func TestRenderToMemory(t *testing.T) {
	site := newSite(t, smallSite)
	dest := filepath.Join(t.TempDir(), "out")
	code, out, errOut := gen(t, "build", "-s", site, "-d", dest, "--render-to-memory")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Errorf("--render-to-memory created %s", dest)
	}
	m := regexp.MustCompile(`(\d+) files, ([\d.]+) MB, kept in memory and not written`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no count of the files kept:\n%s", out)
	}
	if code, _, errOut := gen(t, "build", "-s", site, "-d", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errOut)
	}
	built := tree(t, dest)
	delete(built, output.MarkerFile)
	if m[1] != strconv.Itoa(len(built)) {
		t.Errorf("kept %s files in memory, the build wrote %d", m[1], len(built))
	}
}
