package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
)

// Targets of the scale run, from the issues: the time per brief at
// 100,000 briefs at most 1.2 times that at 10,000, in under 1.5 GB (issue
// 11); a build after one new or one edited brief at most 0.06 times a
// clean build, and at most 0.5 s at 10,000 briefs and 3 s at 100,000
// (issue 12).
const (
	scaleBase       = 10000
	scaleTimeTarget = 1.2
	scaleRSSTarget  = 1536 << 20
	incrementalPart = 0.06
)

// incrementalTargets are the wall times a build after one new or edited
// brief must stay within, by size.
var incrementalTargets = map[int]time.Duration{10000: 500 * time.Millisecond, 100000: 3 * time.Second}

// scaleCmd times clean gen builds of each size: genbench scale N....
func scaleCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 3, "timed builds of each size (the median is shown)")
	work := fs.String("work", defaultWork(), "work folder, best on a RAM disk")
	warmup := fs.Bool("warmup", true, "build each size once before timing it")
	keep := fs.Bool("keep", false, "keep the generated sites")
	gen := fs.String("gen", "", "time this gen binary instead of building ./cmd/gen")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	var sizes []int
	for _, a := range fs.Args() {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 {
			return usageError(fmt.Sprintf("size %q is not a positive number", a))
		}
		sizes = append(sizes, n)
	}
	if len(sizes) == 0 || *runs < 1 {
		return usageError("want one or more sizes, such as: scale 1000 10000 100000, and -runs of at least 1")
	}
	w, err := newWorkspace(*work, *gen, stdout)
	if err != nil {
		return err
	}
	results := map[int]sample{}
	edits := map[int]incremental{}
	for _, n := range sizes {
		site, err := w.site(fmt.Sprintf("scale-%d", n), n, stdout)
		if err != nil {
			return err
		}
		var samples []sample
		for i := range *runs + 1 {
			if i == 0 && !*warmup {
				continue
			}
			s, err := w.genBuild(site, stdout)
			if err != nil {
				return err
			}
			label := fmt.Sprintf("run %d", i)
			if i == 0 {
				label = "warm-up"
			} else {
				samples = append(samples, s)
			}
			fmt.Fprintf(stdout, "  %d briefs, %s: %s\n", n, label, s)
		}
		results[n] = median(samples)
		if edits[n], err = w.incremental(site, n, *runs, stdout); err != nil {
			return err
		}
		if !*keep {
			os.RemoveAll(site)
		}
	}
	fmt.Fprintf(stdout, "\n%s\n%s", scaleTable(sizes, results, *runs), incrementalTable(sizes, results, edits, *runs))
	return nil
}

// genBuild times one clean gen build of site into a new folder, which it
// then removes, without the build cache of an earlier build, as from a
// clean checkout (it writes one, as every build does), but for the cards
// already drawn, as compare's clean build (clearCacheButCards): the
// warm-up draws them.
func (w *workspace) genBuild(site string, stdout io.Writer) (sample, error) {
	out, err := w.output("gen")
	if err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(out)
	if err := clearCacheButCards(site); err != nil {
		return sample{}, err
	}
	return measure(filepath.Dir(w.Gen), w.Gen, "build", "-s", site, "-d", out, "-q")
}

// incremental is the medians of builds after one change, with what the
// last of each printed.
type incremental struct {
	edited, added   sample
	editOut, addOut string
}

// incremental builds site into a folder (twice, the second time
// recording what pages read), then times runs builds after one brief's
// text is edited and runs builds after a new brief is added (each removed
// again before the next), each into that folder with its build cache.
func (w *workspace) incremental(site string, n, runs int, stdout io.Writer) (incremental, error) {
	var inc incremental
	out, err := w.output("gen-incremental")
	if err != nil {
		return inc, err
	}
	defer os.RemoveAll(out)
	build := func() (sample, error) {
		return measure(filepath.Dir(w.Gen), w.Gen, "build", "-s", site, "-d", out)
	}
	// The first build has no cache and records nothing; the second, after
	// an edit, records what each page reads, for the builds timed here.
	if _, err := build(); err != nil {
		return inc, err
	}
	if _, err := editBrief(site, 999); err != nil {
		return inc, err
	}
	if _, err := build(); err != nil {
		return inc, err
	}
	var edited, added []sample
	newBrief := filepath.Join(site, "content", "briefs", corpus.Slug(n)+".md")
	for i := range runs {
		if _, err := editBrief(site, 1000+i); err != nil {
			return inc, err
		}
		s, err := build()
		if err != nil {
			return inc, err
		}
		edited, inc.editOut = append(edited, s), s.Output
		fmt.Fprintf(stdout, "  %d briefs, one brief edited, run %d: %s\n", n, i+1, s)
		if err := os.WriteFile(newBrief, []byte(corpus.Brief(n, n+1, "new "+strconv.Itoa(i))), 0o644); err != nil {
			return inc, err
		}
		if s, err = build(); err != nil {
			return inc, err
		}
		added, inc.addOut = append(added, s), s.Output
		fmt.Fprintf(stdout, "  %d briefs, one new brief, run %d: %s\n", n, i+1, s)
		if err := os.Remove(newBrief); err != nil {
			return inc, err
		}
		if _, err := build(); err != nil {
			return inc, err
		}
	}
	inc.edited, inc.added = median(edited), median(added)
	return inc, nil
}

// rerendered reads "N of M pages re-rendered (K files written" from gen
// build's output, or "?".
func rerendered(out string) string {
	m := rerenderedLine.FindStringSubmatch(out)
	if m == nil {
		return "?"
	}
	return m[1] + " of " + m[2] + " pages, " + m[3] + " files written"
}

var rerenderedLine = regexp.MustCompile(`(\d+) of (\d+) pages re-rendered \((\d+) files? written`)

// incrementalTable formats the builds after one change against the clean
// builds of the same size.
func incrementalTable(sizes []int, clean map[int]sample, edits map[int]incremental, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "gen builds after one change, with the build cache, median of %d:\n\n", runs)
	b.WriteString("| briefs | change | wall | × clean build | rendered | target |\n")
	b.WriteString("| ---: | --- | ---: | ---: | --- | --- |\n")
	for _, n := range sizes {
		inc := edits[n]
		for _, row := range []struct {
			name string
			s    sample
			out  string
		}{{"one brief edited", inc.edited, inc.editOut}, {"one new brief", inc.added, inc.addOut}} {
			part := float64(row.s.Wall) / float64(clean[n].Wall)
			target := fmt.Sprintf("≤ %.2f× %s", incrementalPart, mark(part <= incrementalPart))
			if limit, ok := incrementalTargets[n]; ok {
				target += fmt.Sprintf("; ≤ %s %s", seconds(limit), mark(row.s.Wall <= limit))
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %.3f | %s | %s |\n", n, row.name, seconds(row.s.Wall), part, rerendered(row.out), target)
		}
	}
	return b.String()
}

// scaleTable formats the medians of a scale run as a Markdown table.
func scaleTable(sizes []int, results map[int]sample, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "gen clean builds, median of %d:\n\n", runs)
	b.WriteString("| briefs | wall | CPU | peak RSS | µs per brief | per brief vs 10,000 | target |\n")
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	base, haveBase := results[scaleBase]
	perBrief := func(n int, s sample) float64 { return float64(s.Wall.Microseconds()) / float64(n) }
	for _, n := range sizes {
		s := results[n]
		ratio, target := "—", ""
		if haveBase {
			r := perBrief(n, s) / perBrief(scaleBase, base)
			ratio = fmt.Sprintf("%.2f×", r)
			if n > scaleBase {
				target = fmt.Sprintf("≤ %.1f× %s; RSS < 1.5 GB %s", scaleTimeTarget, mark(r <= scaleTimeTarget), mark(s.RSS < scaleRSSTarget))
			}
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %.0f | %s | %s |\n", n, seconds(s.Wall), seconds(s.CPU), mib(s.RSS), perBrief(n, s), ratio, target)
	}
	return b.String()
}

// mark is "ok" when a target is met, else "MISS".
func mark(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISS"
}
