package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Targets of the scale run, from the issue: the time per brief at 100,000
// briefs at most 1.2 times that at 10,000, in under 1.5 GB (issue 11).
const (
	scaleBase       = 10000
	scaleTimeTarget = 1.2
	scaleRSSTarget  = 1536 << 20
)

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
		if !*keep {
			os.RemoveAll(site)
		}
	}
	fmt.Fprintf(stdout, "\n%s", scaleTable(sizes, results, *runs))
	return nil
}

// genBuild times one clean gen build of site into a new folder, which it
// then removes.
func (w *workspace) genBuild(site string, stdout io.Writer) (sample, error) {
	out, err := w.output("gen")
	if err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(out)
	return measure(filepath.Dir(w.Gen), w.Gen, "build", "-s", site, "-d", out, "-q")
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
