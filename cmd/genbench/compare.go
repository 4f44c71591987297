package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// The targets of the comparison, from the issue, as the most gen may take
// of what the other side takes.
const (
	cleanWallTarget   = 0.33 // clean build, wall time, of Hugo's
	cleanRSSTarget    = 0.25 // clean build, peak RSS, of Hugo's
	dryWallTarget     = 0.2  // build writing nothing, wall time, of Hugo's
	rebuildWallTarget = 0.5  // second build, nothing changed, of gen's clean build
)

// compareCmd times gen against Hugo: genbench compare [flags] N.
func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 3, "timed rounds, each running both tools (medians are shown)")
	work := fs.String("work", defaultWork(), "work folder, best on a RAM disk")
	keep := fs.Bool("keep", false, "keep the generated site")
	gen := fs.String("gen", "", "time this gen binary instead of building ./cmd/gen")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if fs.NArg() != 1 || *runs < 1 {
		return usageError("want the number of briefs, such as: compare 10000, and -runs of at least 1")
	}
	n, err := strconv.Atoi(fs.Arg(0))
	if err != nil || n < 1 {
		return usageError(fmt.Sprintf("number of briefs %q is not a positive number", fs.Arg(0)))
	}

	hugo, err := ensureHugo(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Hugo: %s\n", version(hugo, "version"))
	w, err := newWorkspace(*work, *gen, stdout)
	if err != nil {
		return err
	}
	site, err := w.site("site", n, stdout)
	if err != nil {
		return err
	}
	if !*keep {
		defer os.RemoveAll(site)
	}
	if err := writeHugoSite(site); err != nil {
		return err
	}
	b := &bench{w: w, hugo: hugo, site: site, stdout: stdout}

	// The warm-up builds, one of each, are also the ones whose pages are
	// compared.
	fmt.Fprintln(stdout, "Warm-up:")
	genOut, genWarm, err := b.genClean()
	if err != nil {
		return err
	}
	b.show("gen clean build", genWarm)
	hugoOut, hugoWarm, err := b.hugoClean()
	if err != nil {
		return err
	}
	b.show("hugo clean build", hugoWarm)
	genPages, err := readPageSet(genOut)
	if err != nil {
		return err
	}
	hugoPages, err := readPageSet(hugoOut)
	if err != nil {
		return err
	}
	os.RemoveAll(genOut)
	os.RemoveAll(hugoOut)
	fmt.Fprintln(stdout)
	samePages := comparePages(stdout, genPages, hugoPages, 20)
	fmt.Fprintln(stdout)

	var r results
	for round := 1; round <= *runs; round++ {
		fmt.Fprintf(stdout, "Round %d of %d:\n", round, *runs)
		if err := b.round(&r); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "\n%s", r.table(n, *runs, len(genPages.Pages)))
	if !samePages {
		return fmt.Errorf("gen and Hugo wrote different pages: the timings compare different work")
	}
	if !r.allUnchanged() {
		return fmt.Errorf("gen's second build wrote files though nothing changed")
	}
	return nil
}

// bench runs the two tools on one site.
type bench struct {
	w      *workspace
	hugo   string
	site   string
	stdout io.Writer
}

// results are the samples of every round, by measurement.
type results struct {
	genClean, hugoClean, genDry, hugoMem, genRebuild []sample
	written                                          []int // files gen's second builds wrote
}

// round runs each measurement once, alternating the tools.
func (b *bench) round(r *results) error {
	genOut, s, err := b.genClean()
	if err != nil {
		return err
	}
	defer os.RemoveAll(genOut)
	r.genClean = append(r.genClean, s)
	b.show("gen clean build", s)

	hugoOut, s, err := b.hugoClean()
	if err != nil {
		return err
	}
	os.RemoveAll(hugoOut)
	r.hugoClean = append(r.hugoClean, s)
	b.show("hugo clean build", s)

	s, err = b.genDry()
	if err != nil {
		return err
	}
	r.genDry = append(r.genDry, s)
	b.show("gen build --dry-run", s)

	s, err = measure(b.site, b.hugo, "--quiet", "--noBuildLock", "-s", b.site, "--renderToMemory")
	if err != nil {
		return err
	}
	r.hugoMem = append(r.hugoMem, s)
	b.show("hugo --renderToMemory", s)

	// Not quiet, to read how many files it wrote.
	s, err = measure(b.site, b.w.Gen, "build", "-s", b.site, "-d", genOut)
	if err != nil {
		return err
	}
	written, unchanged, err := filesWritten(s.Output)
	if err != nil {
		return err
	}
	r.genRebuild = append(r.genRebuild, s)
	r.written = append(r.written, written)
	b.show(fmt.Sprintf("gen rebuild, nothing changed (%d files written, %d unchanged)", written, unchanged), s)
	return nil
}

// genClean builds the site with gen into a new folder, which it returns.
func (b *bench) genClean() (string, sample, error) {
	out, err := b.w.output("gen")
	if err != nil {
		return "", sample{}, err
	}
	s, err := measure(b.site, b.w.Gen, "build", "-s", b.site, "-d", out, "-q")
	return out, s, err
}

// hugoClean builds the site with Hugo into a new folder, which it returns.
func (b *bench) hugoClean() (string, sample, error) {
	out, err := b.w.output("hugo")
	if err != nil {
		return "", sample{}, err
	}
	s, err := measure(b.site, b.hugo, "--quiet", "--noBuildLock", "-s", b.site, "-d", out)
	return out, s, err
}

// genDry runs gen build --dry-run and checks that it wrote nothing.
func (b *bench) genDry() (sample, error) {
	out, err := b.w.output("gen-dry")
	if err != nil {
		return sample{}, err
	}
	s, err := measure(b.site, b.w.Gen, "build", "-s", b.site, "-d", out, "--dry-run", "-q")
	if err != nil {
		return s, err
	}
	if _, err := os.Stat(out); err == nil {
		os.RemoveAll(out)
		return s, fmt.Errorf("gen build --dry-run created %s", out)
	}
	return s, nil
}

func (b *bench) show(what string, s sample) {
	fmt.Fprintf(b.stdout, "  %-32s %s\n", what, s)
}

// writtenLine is the line of gen build's summary that counts files.
var writtenLine = regexp.MustCompile(`(\d+) files written, (\d+) unchanged`)

// filesWritten reads "N files written, M unchanged" from gen build's output.
func filesWritten(out string) (written, unchanged int, err error) {
	m := writtenLine.FindStringSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("gen build printed no \"files written\" line:\n%s", out)
	}
	written, _ = strconv.Atoi(m[1])
	unchanged, _ = strconv.Atoi(m[2])
	return written, unchanged, nil
}

func (r *results) allUnchanged() bool {
	for _, n := range r.written {
		if n != 0 {
			return false
		}
	}
	return true
}

// table formats the medians as a Markdown table, each ratio against its
// target.
func (r *results) table(briefs, runs, pages int) string {
	gc, hc := median(r.genClean), median(r.hugoClean)
	gd, hm := median(r.genDry), median(r.hugoMem)
	gr := median(r.genRebuild)
	var b strings.Builder
	fmt.Fprintf(&b, "%d briefs, %d HTML pages; median of %d rounds. \"Against\" is Hugo, except for the rebuild, which is against gen's own clean build.\n\n", briefs, pages, runs)
	b.WriteString("| build | metric | gen | against | ratio | target | result |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | --- |\n")
	row := func(build, metric, g, a string, ratio, target float64) {
		t, res := "—", ""
		if target > 0 {
			t, res = fmt.Sprintf("≤ %.2f", target), mark(ratio <= target)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.2f | %s | %s |\n", build, metric, g, a, ratio, t, res)
	}
	ratio := func(a, b int64) float64 { return float64(a) / float64(b) }
	row("clean, into an empty folder", "wall", seconds(gc.Wall), seconds(hc.Wall), ratio(int64(gc.Wall), int64(hc.Wall)), cleanWallTarget)
	row("clean, into an empty folder", "CPU", seconds(gc.CPU), seconds(hc.CPU), ratio(int64(gc.CPU), int64(hc.CPU)), 0)
	row("clean, into an empty folder", "peak RSS", mib(gc.RSS), mib(hc.RSS), ratio(gc.RSS, hc.RSS), cleanRSSTarget)
	row("writing nothing (--dry-run / --renderToMemory)", "wall", seconds(gd.Wall), seconds(hm.Wall), ratio(int64(gd.Wall), int64(hm.Wall)), dryWallTarget)
	row("writing nothing (--dry-run / --renderToMemory)", "CPU", seconds(gd.CPU), seconds(hm.CPU), ratio(int64(gd.CPU), int64(hm.CPU)), 0)
	row("writing nothing (--dry-run / --renderToMemory)", "peak RSS", mib(gd.RSS), mib(hm.RSS), ratio(gd.RSS, hm.RSS), 0)
	row("gen again, nothing changed", "wall", seconds(gr.Wall), seconds(gc.Wall)+" (gen clean)", ratio(int64(gr.Wall), int64(gc.Wall)), rebuildWallTarget)
	row("gen again, nothing changed", "peak RSS", mib(gr.RSS), mib(gc.RSS)+" (gen clean)", ratio(gr.RSS, gc.RSS), 0)
	fmt.Fprintf(&b, "| gen again, nothing changed | files written | %s | — | — | 0 | %s |\n", joinInts(r.written), mark(r.allUnchanged()))
	return b.String()
}

// joinInts lists numbers, one a round.
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
