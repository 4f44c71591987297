package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
)

// The targets of the comparison, from the issue, as the most gen may take
// of what the other side takes, and the least of cores it keeps busy.
const (
	cleanWallTarget   = 0.33 // clean build, wall time, of Hugo's
	cleanCPUTarget    = 0.33 // clean build, CPU time, of Hugo's
	cleanRSSTarget    = 0.25 // clean build, peak RSS, of Hugo's
	coresTarget       = 1.8  // clean build, gen's CPU time over its wall time
	dryWallTarget     = 0.2  // build writing nothing, wall time, of Hugo's
	rebuildWallTarget = 0.5  // second build, nothing changed, of gen's clean build
)

// currentHugoVersion is the Hugo built for the comparison besides the one
// on PATH: the newest release up to 0.165 that the module proxy serves.
const currentHugoVersion = "v0.165.0"

// compareCmd times gen against Hugo: genbench compare [flags] N.
func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 3, "timed rounds, each running every tool (medians are shown)")
	work := fs.String("work", defaultWork(), "work folder, best on a RAM disk")
	keep := fs.Bool("keep", false, "keep the generated site")
	gen := fs.String("gen", "", "time this gen binary instead of building ./cmd/gen")
	hugoVersion := fs.String("hugo-version", currentHugoVersion, "`version` of the current Hugo to build (go install, once) and compare besides the hugo on PATH; \"\" for none")
	cache := fs.String("cache", defaultCache(), "folder the current Hugo is built into")
	timeout := fs.Duration("timeout", 15*time.Minute, "longest a build may take before it is killed")
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

	debian, err := ensureHugo(stdout)
	if err != nil {
		return err
	}
	hugos := []hugoTool{newHugoTool(debian)}
	if *hugoVersion != "" {
		current, err := currentHugo(*cache, *hugoVersion, stdout)
		if err != nil {
			return err
		}
		hugos = append(hugos, newHugoTool(current))
	}
	for _, h := range hugos {
		fmt.Fprintf(stdout, "%s: %s (%s)\n", h.Label, version(h.Path, "version"), h.Path)
	}
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
	b := &bench{w: w, hugos: hugos, site: site, briefs: n, stdout: stdout, timeout: *timeout}

	// The warm-up builds, one of each, are also the ones whose pages are
	// compared, and Hugo's print their template metrics.
	fmt.Fprintln(stdout, "Warm-up:")
	genOut, genWarm, err := b.genClean()
	if err != nil {
		return err
	}
	defer os.RemoveAll(genOut)
	b.show("gen clean build", genWarm)
	genPages, err := readPageSet(genOut)
	if err != nil {
		return err
	}
	same := true
	for _, h := range hugos {
		hugoOut, warm, err := b.hugoBuild(h, "", "--templateMetrics", "--templateMetricsHints")
		if err != nil {
			return err
		}
		b.show(h.Label+" clean build, with template metrics", warm)
		fmt.Fprintf(stdout, "\n%s: the ten templates that took longest (--templateMetrics --templateMetricsHints)\n%s\n", h.Label, topTemplates(warm.Output, 10))
		ok, err := b.check(genOut, genPages, hugoOut, h.Label)
		os.RemoveAll(hugoOut)
		if err != nil {
			return err
		}
		same = same && ok
		fmt.Fprintln(stdout)
	}
	os.RemoveAll(genOut)

	r := results{hugoClean: map[string][]sample{}, hugoMem: map[string][]sample{}, hugoEdit: map[string][]sample{}, hugoNew: map[string][]sample{}}
	for round := 1; round <= *runs; round++ {
		fmt.Fprintf(stdout, "Round %d of %d:\n", round, *runs)
		if err := b.round(round, &r); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "\n%s", r.table(n, *runs, len(genPages.Pages), hugos))
	if !same {
		return fmt.Errorf("gen and Hugo wrote different pages: the timings compare different work")
	}
	if !r.allUpToDate() {
		return fmt.Errorf("gen's second build was not skipped as up to date though nothing changed")
	}
	return nil
}

// bench runs the tools on one site.
type bench struct {
	w       *workspace
	hugos   []hugoTool
	site    string
	briefs  int
	stdout  io.Writer
	timeout time.Duration
}

// check compares the pages of gen's output with those of a Hugo: the set
// of pages, then the content of a sample of every kind. It reports
// whether they match.
func (b *bench) check(genOut string, genPages *pageSet, hugoOut, label string) (bool, error) {
	hugoPages, err := readPageSet(hugoOut)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(b.stdout, "gen against %s:\n", label)
	if !comparePages(b.stdout, genPages, hugoPages, 20) {
		return false, nil
	}
	bad, err := compareContent(b.stdout, genOut, hugoOut, samplePages(genPages.Pages, 250), 20)
	return bad == 0, err
}

// results are the samples of every round, by measurement, Hugo's by
// label.
type results struct {
	genClean, genDry, genAgain, genEdit, genNew []sample
	hugoClean, hugoMem, hugoEdit, hugoNew       map[string][]sample
	again                                       []string // how each of gen's second builds ended
	editWritten                                 []int    // files gen wrote after the edit
}

// round runs each measurement once, alternating the tools: gen, each
// Hugo, gen, each Hugo.
func (b *bench) round(n int, r *results) error {
	genOut, s, err := b.genClean()
	if err != nil {
		return err
	}
	defer os.RemoveAll(genOut)
	r.genClean = append(r.genClean, s)
	b.show("gen clean build", s)
	hugoOuts := map[string]string{}
	for _, h := range b.hugos {
		out, s, err := b.hugoBuild(h, "")
		if err != nil {
			return err
		}
		defer os.RemoveAll(out)
		hugoOuts[h.Label] = out
		r.hugoClean[h.Label] = append(r.hugoClean[h.Label], s)
		b.show(h.Label+" clean build", s)
	}

	s, err = b.genDry()
	if err != nil {
		return err
	}
	r.genDry = append(r.genDry, s)
	b.show("gen build --render-to-memory", s)
	for _, h := range b.hugos {
		s, err := measureWithin(b.timeout, b.site, h.Path, "--quiet", "--noBuildLock", "-s", b.site, "--renderToMemory")
		if err != nil {
			return err
		}
		r.hugoMem[h.Label] = append(r.hugoMem[h.Label], s)
		b.show(h.Label+" --renderToMemory", s)
	}

	// gen again into its own output, nothing changed: not quiet, to read
	// how the build ended.
	s, err = measureWithin(b.timeout, b.site, b.w.Gen, "build", "-s", b.site, "-d", genOut)
	if err != nil {
		return err
	}
	how := "rebuilt"
	if strings.Contains(s.Output, "Up to date:") {
		how = "up to date"
	}
	if written, _, err := filesWritten(s.Output); err == nil && how != "up to date" {
		how = fmt.Sprintf("rebuilt, %d files written", written)
	}
	r.genAgain = append(r.genAgain, s)
	r.again = append(r.again, how)
	b.show("gen again, nothing changed: "+how, s)

	// One brief edited, then each tool builds into its own last output.
	brief, err := editBrief(b.site, n)
	if err != nil {
		return err
	}
	s, err = measureWithin(b.timeout, b.site, b.w.Gen, "build", "-s", b.site, "-d", genOut)
	if err != nil {
		return err
	}
	written, unchanged, err := filesWritten(s.Output)
	if err != nil {
		return err
	}
	r.genEdit = append(r.genEdit, s)
	r.editWritten = append(r.editWritten, written)
	b.show(fmt.Sprintf("gen after editing %s (%d files written, %d unchanged)", brief, written, unchanged), s)
	for _, h := range b.hugos {
		_, s, err := b.hugoBuild(h, hugoOuts[h.Label])
		if err != nil {
			return err
		}
		r.hugoEdit[h.Label] = append(r.hugoEdit[h.Label], s)
		b.show(fmt.Sprintf("%s after editing %s", h.Label, brief), s)
	}

	// One new brief, the newest, then each tool builds into its own last
	// output again. gen's build after the edit recorded what each page
	// read (the clean build, without a cache, did not), so this one renders
	// only what the new brief changes. The brief goes at the end of the
	// round, for every round to build the same site.
	newBrief := filepath.Join(b.site, "content", "briefs", corpus.Slug(b.briefs)+".md")
	if err := os.WriteFile(newBrief, []byte(corpus.Brief(b.briefs, b.briefs+1, fmt.Sprintf("new in round %d", n))), 0o644); err != nil {
		return err
	}
	defer os.Remove(newBrief)
	s, err = measureWithin(b.timeout, b.site, b.w.Gen, "build", "-s", b.site, "-d", genOut)
	if err != nil {
		return err
	}
	r.genNew = append(r.genNew, s)
	b.show("gen after a new brief", s)
	for _, h := range b.hugos {
		_, s, err := b.hugoBuild(h, hugoOuts[h.Label])
		if err != nil {
			return err
		}
		r.hugoNew[h.Label] = append(r.hugoNew[h.Label], s)
		b.show(h.Label+" after a new brief", s)
	}
	return nil
}

// editBrief adds a sentence to the text of the brief in the middle of the
// site, a different one each round, and returns the brief's file name.
func editBrief(site string, round int) (string, error) {
	dir := filepath.Join(site, "content", "briefs")
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(names) == 0 {
		return "", fmt.Errorf("no briefs to edit in %s (%v)", dir, err)
	}
	slices.Sort(names)
	name := names[len(names)/2]
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return "", err
	}
	_, err = fmt.Fprintf(f, "\nA sentence added in round %d.\n", round)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return filepath.Base(name), err
}

// genClean builds the site with gen into a new folder, which it returns,
// without the build cache of the last round, as from a clean checkout (it
// writes one, as every build does), but for the social cards already
// drawn and their index: a site's CI keeps them (gen init's workflow
// caches .gen/), and Hugo's side draws none. gen still links the 30,000
// cards of 10,000 briefs into its output, work Hugo's side does not do.
func (b *bench) genClean() (string, sample, error) {
	out, err := b.w.output("gen")
	if err != nil {
		return "", sample{}, err
	}
	if err := clearCacheButCards(b.site); err != nil {
		return "", sample{}, err
	}
	s, err := measureWithin(b.timeout, b.site, b.w.Gen, "build", "-s", b.site, "-d", out, "-q")
	return out, s, err
}

// clearCacheButCards removes gen's build cache of site, as a clean
// checkout has none, but for the social cards and their index, which a
// site's CI keeps (gen init's workflow caches .gen/): drawing them again
// takes minutes.
func clearCacheButCards(site string) error {
	cache := filepath.Join(site, ".gen", "cache")
	entries, err := os.ReadDir(cache)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, e := range entries {
		if e.Name() != "cards" && e.Name() != "cards.bin" {
			if err := os.RemoveAll(filepath.Join(cache, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// hugoBuild builds the site with Hugo h into out, or into a new folder
// when out is "", and returns the folder. With extra flags it is not
// quiet, so that what they ask for is printed.
func (b *bench) hugoBuild(h hugoTool, out string, extra ...string) (string, sample, error) {
	if out == "" {
		var err error
		if out, err = b.w.output(strings.ReplaceAll(strings.ToLower(h.Label), " ", "-")); err != nil {
			return "", sample{}, err
		}
	}
	args := []string{"--noBuildLock", "-s", b.site, "-d", out}
	if len(extra) == 0 {
		args = append(args, "--quiet")
	}
	s, err := measureWithin(b.timeout, b.site, h.Path, append(args, extra...)...)
	return out, s, err
}

// genDry runs gen build --render-to-memory, which keeps what it renders
// in memory as hugo --renderToMemory does, and checks that it wrote
// nothing.
func (b *bench) genDry() (sample, error) {
	out, err := b.w.output("gen-dry")
	if err != nil {
		return sample{}, err
	}
	s, err := measureWithin(b.timeout, b.site, b.w.Gen, "build", "-s", b.site, "-d", out, "--render-to-memory", "-q")
	if err != nil {
		return s, err
	}
	if _, err := os.Stat(out); err == nil {
		os.RemoveAll(out)
		return s, fmt.Errorf("gen build --render-to-memory created %s", out)
	}
	return s, nil
}

func (b *bench) show(what string, s sample) {
	fmt.Fprintf(b.stdout, "  %-44s %s\n", what, s)
}

// topTemplates returns the header and first k rows of the template
// metrics table Hugo prints with --templateMetrics, slowest first.
func topTemplates(out string, k int) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "cumulative") {
			continue
		}
		end := i
		for end < len(lines) && strings.TrimSpace(lines[end]) != "" && end < i+3+k {
			end++
		}
		return strings.Join(lines[i:end], "\n")
	}
	return "(Hugo printed no template metrics)"
}

// writtenLine is the line of gen build's summary that counts files.
var writtenLine = regexp.MustCompile(`(\d+) files? written, (\d+) unchanged`)

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

func (r *results) allUpToDate() bool {
	for _, how := range r.again {
		if how != "up to date" {
			return false
		}
	}
	return true
}

// table formats the medians as a Markdown table. Each ratio is gen's
// figure over a Hugo's; a target is checked against the Hugo with the
// better figure, which makes gen's ratio the larger.
func (r *results) table(briefs, runs, pages int, hugos []hugoTool) string {
	gc, gd, ga, ge, gn := median(r.genClean), median(r.genDry), median(r.genAgain), median(r.genEdit), median(r.genNew)
	var b strings.Builder
	fmt.Fprintf(&b, "%d briefs, %d HTML pages; median of %d rounds. Each ratio is gen's figure over that Hugo's; targets are checked against the Hugo with the better figure.\n\n", briefs, pages, runs)
	b.WriteString("| build | metric | gen |")
	for _, h := range hugos {
		fmt.Fprintf(&b, " %s | ratio |", h.Label)
	}
	b.WriteString(" target | result |\n| --- | --- | ---: |")
	for range hugos {
		b.WriteString(" ---: | ---: |")
	}
	b.WriteString(" ---: | --- |\n")

	type metric struct {
		name   string
		of     func(sample) float64
		format func(sample) string
	}
	wall := metric{"wall", func(s sample) float64 { return s.Wall.Seconds() }, func(s sample) string { return seconds(s.Wall) }}
	cpu := metric{"CPU", func(s sample) float64 { return s.CPU.Seconds() }, func(s sample) string { return seconds(s.CPU) }}
	rss := metric{"peak RSS", func(s sample) float64 { return float64(s.RSS) }, func(s sample) string { return mib(s.RSS) }}
	row := func(build string, m metric, g sample, hugo map[string][]sample, target float64) {
		fmt.Fprintf(&b, "| %s | %s | %s |", build, m.name, m.format(g))
		worst := 0.0
		for _, h := range hugos {
			hs := median(hugo[h.Label])
			ratio := m.of(g) / m.of(hs)
			worst = max(worst, ratio)
			fmt.Fprintf(&b, " %s | %.2f |", m.format(hs), ratio)
		}
		if target > 0 {
			fmt.Fprintf(&b, " ≤ %.2f | %s |\n", target, mark(worst <= target))
		} else {
			b.WriteString(" — | |\n")
		}
	}
	const clean = "clean, into an empty folder"
	row(clean, wall, gc, r.hugoClean, cleanWallTarget)
	row(clean, cpu, gc, r.hugoClean, cleanCPUTarget)
	row(clean, rss, gc, r.hugoClean, cleanRSSTarget)
	cores := func(s sample) string { return fmt.Sprintf("%.2f", s.CPU.Seconds()/s.Wall.Seconds()) }
	fmt.Fprintf(&b, "| %s | cores busy (CPU / wall) | %s |", clean, cores(gc))
	for _, h := range hugos {
		fmt.Fprintf(&b, " %s | — |", cores(median(r.hugoClean[h.Label])))
	}
	fmt.Fprintf(&b, " ≥ %.2f | %s |\n", coresTarget, mark(gc.CPU.Seconds()/gc.Wall.Seconds() >= coresTarget))
	const dry = "writing nothing, keeping the files in memory: gen --render-to-memory / hugo --renderToMemory"
	row(dry, wall, gd, r.hugoMem, dryWallTarget)
	row(dry, cpu, gd, r.hugoMem, 0)
	row(dry, rss, gd, r.hugoMem, 0)
	const edit = "one brief edited, built again into the last output"
	row(edit, wall, ge, r.hugoEdit, 0)
	row(edit, cpu, ge, r.hugoEdit, 0)
	fmt.Fprintf(&b, "| %s | files gen wrote | %s |%s — | |\n", edit, joinInts(r.editWritten), strings.Repeat(" — | — |", len(hugos)))
	none := strings.Repeat(" — | — |", len(hugos))
	const added = "one new brief, built again into the last output"
	row(added, wall, gn, r.hugoNew, 0)
	row(added, cpu, gn, r.hugoNew, 0)
	fmt.Fprintf(&b, "| %s | wall, of gen's clean build | %s (%.2f of %s) |%s ≤ %.2f | %s |\n", added, seconds(gn.Wall),
		gn.Wall.Seconds()/gc.Wall.Seconds(), seconds(gc.Wall), none, incrementalPart, mark(gn.Wall.Seconds()/gc.Wall.Seconds() <= incrementalPart))
	const again = "gen again, nothing changed (Hugo has no such skip)"
	fmt.Fprintf(&b, "| %s | how it ended | %s |%s up to date | %s |\n", again, strings.Join(r.again, ", "), none, mark(r.allUpToDate()))
	fmt.Fprintf(&b, "| %s | wall, of gen's clean build | %s (%.2f of %s) |%s ≤ %.2f | %s |\n", again, seconds(ga.Wall),
		ga.Wall.Seconds()/gc.Wall.Seconds(), seconds(gc.Wall), none, rebuildWallTarget, mark(ga.Wall.Seconds()/gc.Wall.Seconds() <= rebuildWallTarget))
	fmt.Fprintf(&b, "| %s | peak RSS | %s |%s — | |\n", again, mib(ga.RSS), none)
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
