// Command genbench times gen against Hugo on the same generated site of
// tech-industry briefs, and gen alone at growing sizes.
//
// Usage, from the repository root:
//
//	go run ./cmd/genbench corpus -n N -o DIR
//	go run ./cmd/genbench compare [-runs 3] [-work /dev/shm/genbench] N
//	go run ./cmd/genbench scale [-runs 3] [-work /dev/shm/genbench] N...
//
// corpus writes the deterministic site of N briefs that the other two
// subcommands build (internal/corpus).
//
// compare runs gen against two Hugos: Debian's (installed with apt-get if
// hugo is not on PATH) and a current one, -hugo-version (v0.165.0), built
// once with go install into -cache (by default ~/.cache/genbench). It
// builds gen's binary once, writes a corpus of N briefs with a Hugo config
// and a small Hugo theme (testdata/hugo, rendering the same pages as gen's
// default theme), and warms each tool up with a clean build; Hugo's prints
// its ten most expensive templates (--templateMetrics
// --templateMetricsHints), and each Hugo's pages are checked against gen's:
// the same set of HTML pages, and on a sample of every kind of page the
// same title, heading, brief links in order, key points and taxonomy rows.
// Then -runs rounds, each alternating the tools: a clean build into an
// empty folder; a build that writes nothing and keeps every file in
// memory (gen build --render-to-memory against hugo --renderToMemory); gen again into its output with nothing changed, which must end
// "up to date"; and one brief edited, then each tool building into its
// last output. It prints the medians of wall time, CPU time (user+system)
// and peak RSS as a Markdown table, each ratio against its target checked
// against the Hugo with the better figure, and exits 1 when the pages
// differ or the unchanged build was not skipped. A build is killed after
// -timeout.
//
// scale times clean gen builds of each size and compares the time per
// brief with that of 10,000 briefs.
//
// Everything is written under -work, by default on /dev/shm: disk speed on
// the benchmark machines varies threefold between runs, a RAM disk does not.
// Output folders are removed after each run; the corpus is removed at the
// end unless -keep.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  genbench corpus -n N -o DIR          write a corpus of N briefs into DIR
  genbench compare [flags] N           gen against Hugo on N briefs
  genbench scale [flags] N...          gen alone at each size
  genbench deploy [flags] N            gen deploy of N briefs to a local S3 server
Run "genbench CMD -h" for a command's flags.
`

// run runs the subcommand named by args[0] and returns the exit code: 0 on
// success, 1 when a benchmark failed or missed its page check, 2 on bad
// usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "corpus":
		err = corpusCmd(args[1:], stdout, stderr)
	case "compare":
		err = compareCmd(args[1:], stdout, stderr)
	case "scale":
		err = scaleCmd(args[1:], stdout, stderr)
	case "deploy":
		err = deployCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "genbench: unknown command %q\n%s", args[0], usage)
		return 2
	}
	switch err.(type) {
	case nil:
		return 0
	case usageError:
		fmt.Fprintf(stderr, "genbench %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "genbench %s: %v\n", args[0], err)
		return 1
	}
}

// usageError is a mistake on the command line.
type usageError string

func (e usageError) Error() string { return string(e) }
