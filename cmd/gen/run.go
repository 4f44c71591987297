package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/site"
	"github.com/gen-briefs/gen/internal/suggest"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1
	exitBadUsage = 2
	// exitInterrupted is the shell's code for a command stopped by SIGINT.
	exitInterrupted = 130
)

// interruptGrace is how long a command stopped by Ctrl-C or SIGTERM waits
// for its work to wind down before it exits anyway.
const interruptGrace = time.Second

// untilInterrupted runs work, which should stop soon after ctx is
// cancelled, and reports whether it finished. When ctx is cancelled first
// (Ctrl-C, SIGTERM), work has interruptGrace to return (and may have
// finished its job: the caller looks at its result); after that it is
// abandoned, which is safe for a build: the output folder is only ever
// replaced whole, in one rename, and the next build removes what an
// abandoned one left in its staging folder.
func untilInterrupted(ctx context.Context, work func()) (finished bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
	}
	select {
	case <-done:
		return true
	case <-time.After(interruptGrace):
		return false
	}
}

// command is one subcommand of gen.
type command struct {
	name    string
	summary string
	// usage is the command's help, with %s where its flags are listed.
	usage string
	// flags defines the command's flags, bound to values that are thrown
	// away; nil for a command without flags.
	flags func() *flag.FlagSet
	run   func(args []string, stdout, stderr io.Writer) int
}

// help is the command's help, its flags listed.
func (c command) help() string {
	if c.flags == nil {
		return c.usage
	}
	return commandHelp(c.usage, c.flags())
}

func commands() []command {
	return []command{
		{"build", "build the site into public/", buildUsage, func() *flag.FlagSet {
			return buildFlags(new(site.Options), new(bool), new(bool), new(bool))
		}, runBuild},
		{"serve", "preview the site, rebuilding on every change", serveUsage, func() *flag.FlagSet {
			return serveFlags(new(serveOptions))
		}, runServe},
		{"check", "find every problem in the site, writing nothing", checkUsage, func() *flag.FlagSet {
			return checkFlags(new(site.Options), new(string))
		}, runCheck},
		{"init", "create a new site", initUsage, func() *flag.FlagSet {
			return initFlags(new(string), new(bool), new(string))
		}, runInit},
		{"new", "start a new brief or page", newUsage, func() *flag.FlagSet {
			return newFlags(new(string), new(listFlag), new(listFlag), new(listFlag), new(string))
		}, runNew},
		{"import", "turn plain-text copy into a brief, or bring in a Hugo, Jekyll or WordPress site", importUsage, func() *flag.FlagSet {
			return importFlags(new(string), new(string), new(siteImport))
		}, func(args []string, stdout, stderr io.Writer) int {
			return runImport(args, os.Stdin, stdout, stderr)
		}},
		{"deploy", "publish the built site to a bucket", deployUsage, func() *flag.FlagSet {
			return deployFlags(new(deployOptions))
		}, runDeploy},
		{"version", "print gen's version", "usage: gen version\n\nPrints the version of gen and of Go it was built with.\n", nil, runVersion},
		{"help", "explain a command", "usage: gen help [command]\n", nil, nil},
	}
}

const mainUsage = `gen builds websites of tech-industry briefs from Markdown.

usage: gen <command> [flags]

commands:
%s
Run "gen help <command>" or "gen <command> -h" for a command's flags.
`

// run is gen's whole command line: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	// Every message may quote untrusted text: see terminalWriter.
	stdout, stderr = newTerminalWriter(stdout), newTerminalWriter(stderr)
	if len(args) == 0 {
		fmt.Fprintf(stderr, mainUsage, commandList())
		return exitBadUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		fmt.Fprintf(stdout, mainUsage, commandList())
		return exitOK
	case "help":
		return runHelp(args[1:], stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "gen: unknown command %q\n\n", name)
	fmt.Fprintf(stderr, mainUsage, commandList())
	return exitBadUsage
}

func commandList() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	return b.String()
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprintf(stdout, mainUsage, commandList())
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			fmt.Fprint(stdout, c.help())
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "gen help: unknown command %q\n", args[0])
	return exitBadUsage
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			fmt.Fprint(stdout, "usage: gen version\n")
			return exitOK
		}
		fmt.Fprintf(stderr, "gen version: takes no arguments\n")
		return exitBadUsage
	}
	fmt.Fprintf(stdout, "gen %s\n", version())
	return exitOK
}

// version is the module version, or the VCS revision of a development build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	return v + " " + info.GoVersion
}

const buildUsage = `usage: gen build [flags]

Builds the site into the destination folder. The new output replaces the
old one only when the whole build succeeds.

flags:
%s
exit codes: 0 built, 1 the build failed, 2 bad usage, 130 interrupted
`

// printTimings prints the time of each step of a build and of its ten
// slowest layouts.
func printTimings(w io.Writer, res *site.Result) {
	if len(res.Stages) == 0 {
		return // up to date: nothing was built
	}
	fmt.Fprintf(w, "  %-46s %10s %10s %6s\n", "step", "wall", "CPU", "cores")
	var wall, cpu time.Duration
	for _, st := range res.Stages {
		if st.CPU == 0 {
			fmt.Fprintf(w, "  %-46s %8.3f s\n", st.Name, st.Wall.Seconds())
			continue
		}
		wall, cpu = wall+st.Wall, cpu+st.CPU
		fmt.Fprintf(w, "  %-46s %8.3f s %8.3f s %6.2f\n", st.Name, st.Wall.Seconds(), st.CPU.Seconds(), st.CPU.Seconds()/st.Wall.Seconds())
	}
	if cpu > 0 {
		fmt.Fprintf(w, "  %-46s %8.3f s %8.3f s %6.2f\n", "all steps", wall.Seconds(), cpu.Seconds(), cpu.Seconds()/wall.Seconds())
	}
	fmt.Fprintf(w, "\n  %-46s %7s %10s %10s\n", "layout (summed over the workers)", "calls", "total", "average")
	for i, lt := range res.Layouts {
		if i == 10 {
			break
		}
		fmt.Fprintf(w, "  %-46s %7d %8.3f s %7.3f ms\n", lt.Name, lt.Calls, lt.Total.Seconds(), float64(lt.Total.Microseconds())/1000/float64(lt.Calls))
	}
}

// count writes n and a noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// flagHint suggests the flag meant by an undefined one.
func flagHint(err error, fs *flag.FlagSet) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if c := suggest.Closest(name, names); c != "" {
		return fmt.Sprintf(" (did you mean --%s?)", c)
	}
	return ""
}

// buildFlags defines the flags of gen build, bound to opts, quiet, dryRun
// and inMemory.
func buildFlags(opts *site.Options, quiet, dryRun, inMemory *bool) *flag.FlagSet {
	fs := newFlagSet("build")
	fs.StringVar(&opts.SiteDir, "source", ".", "site root `DIR`, holding gen.toml, content/ and layouts/")
	alias(fs, "s", "source")
	fs.StringVar(&opts.Destination, "destination", "", "output folder `DIR` (default \"public\" under the source)")
	alias(fs, "d", "destination")
	fs.StringVar(&opts.BaseURL, "baseURL", "", "base `URL` of the deployed site, replacing gen.toml's")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include briefs and pages marked draft: true")
	fs.BoolVar(&opts.Future, "future", false, "include briefs and pages dated in the future")
	fs.Var((*nowFlag)(&opts.Now), "now", "build as at `TIME` (2026-07-10T12:00:00Z, or a date at\nmidnight UTC), not now: it decides which briefs are\nscheduled and which the news sitemap lists")
	// news-sitemap.xml lists the two days before the build by default,
	// which --news-from-now once asked for: it is accepted, and does
	// nothing, so that scripts that pass it keep working.
	fs.Bool("news-from-now", false, "accepted for compatibility; the news sitemap always\nlists the two days before the build (see --now)")
	fs.BoolVar(quiet, "quiet", false, "print only errors")
	alias(fs, "q", "quiet")
	fs.BoolVar(dryRun, "dry-run", false, "render every file but write nothing (to time a\nbuild or check that it succeeds)")
	alias(fs, "n", "dry-run")
	fs.BoolVar(inMemory, "render-to-memory", false, "as --dry-run, but keep every file in memory until\nthe end, as Hugo's --renderToMemory does")
	fs.BoolVar(&opts.AllowEmpty, "allow-empty", false, "replace an output of briefs with a site of none\n(refused otherwise, as a sign of a wrong content/)")
	fs.BoolVar(&opts.Timings, "timings", false, "print the time of each step of the build and of\nthe ten slowest layouts")
	fs.StringVar(&opts.CacheDir, "cache-dir", "", "keep the build cache in `DIR` (default .gen/cache under\nthe source)")
	fs.BoolVar(&opts.NoCache, "no-cache", false, "render every page, neither reading nor writing the\nbuild cache")
	fs.StringVar(&opts.Why, "why", "", "say why the page at `PATH` (/briefs/aws/) was rendered\nagain or carried over")
	return fs
}

// nowFlag is a build time given as an RFC 3339 time or a date.
type nowFlag time.Time

func (f *nowFlag) String() string {
	if f == nil || time.Time(*f).IsZero() {
		return ""
	}
	return time.Time(*f).Format(time.RFC3339)
}

func (f *nowFlag) Set(v string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			*f = nowFlag(t)
			return nil
		}
	}
	return fmt.Errorf("%q is not a time: give one as 2026-07-10T12:00:00Z (RFC 3339, with its zone) or a date as 2026-07-10", v)
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	var opts site.Options
	var quiet, dryRun, inMemory bool
	fs := buildFlags(&opts, &quiet, &dryRun, &inMemory)
	usage := commandHelp(buildUsage, fs)
	if err := fs.Parse(args); err != nil {
		return flagError(stdout, stderr, "build", err, fs, usage)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen build: unexpected argument %q (the site folder is given with -s)\n\n%s", fs.Arg(0), usage)
		return exitBadUsage
	}
	if info, err := os.Stat(opts.SiteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "gen build: source %q is not a folder\n", opts.SiteDir)
		return exitBadUsage
	}

	ctx, stop := signalContext()
	defer stop()
	tuneGC(ctx)
	var res *site.Result
	var err error
	// A dry run counts what it renders and drops it; --render-to-memory
	// keeps every file in memory until gen exits, as Hugo's
	// --renderToMemory does, so that the two can be compared.
	discard, memory := &output.Discard{}, output.NewMemory()
	var sink site.Sink = discard
	if inMemory {
		dryRun, sink = true, memory
	}
	finished := untilInterrupted(ctx, func() {
		if dryRun {
			// The destination is checked as a build would, so that a dry
			// run passes only where the build would.
			if err = opts.CheckDestination(); err == nil {
				res, err = site.BuildTo(ctx, opts, sink)
			}
		} else {
			res, err = site.Build(ctx, opts)
		}
	})
	if !finished || ctx.Err() != nil && err != nil {
		fmt.Fprintln(stderr, "gen build: interrupted; the previous output was left as it was")
		return exitInterrupted
	}
	var optErr *site.OptionError
	if errors.As(err, &optErr) {
		fmt.Fprintf(stderr, "gen build: %v\n", err)
		return exitBadUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		fmt.Fprintln(stderr, "gen build: failed; the previous output was left as it was")
		return exitFailed
	}
	if !quiet {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		for _, n := range res.Notes {
			fmt.Fprintf(stdout, "note: %s\n", n)
		}
		switch {
		case dryRun:
			fmt.Fprintf(stdout, "Dry run: rendered the site in %d ms and wrote nothing\n", res.Duration.Milliseconds())
		case res.UpToDate:
			fmt.Fprintf(stdout, "Up to date: %s was built from these same files, in %d ms\n", res.Destination, res.Duration.Milliseconds())
		default:
			fmt.Fprintf(stdout, "Built %s in %d ms\n", res.Destination, res.Duration.Milliseconds())
		}
		fmt.Fprintf(stdout, "  %s (%s), %s, %s, %s\n", count(res.Pages, "page"), count(res.Briefs, "brief"),
			count(res.Terms, "term"), count(res.Feeds, "feed"), count(res.Static, "static file"))
		switch {
		case inMemory:
			files, bytes := memory.Counts()
			fmt.Fprintf(stdout, "  %s, %.1f MB, kept in memory and not written\n", count(files, "file"), float64(bytes)/1e6)
		case dryRun:
			files, bytes := discard.Counts()
			fmt.Fprintf(stdout, "  %s, %.1f MB, not written\n", count(int(files), "file"), float64(bytes)/1e6)
		default:
			fmt.Fprintf(stdout, "  %d of %d pages re-rendered (%s written, %d unchanged)\n", res.Rendered, res.Pages-res.Aliases,
				count(res.Written, "file"), res.Unchanged)
			if res.Read < res.Sources {
				fmt.Fprintf(stdout, "  %d of %s read; the others had not changed since the last build\n", res.Read, count(res.Sources, "source file"))
			}
		}
		if !res.NextBrief.IsZero() && !dryRun && !inMemory {
			fmt.Fprintf(stdout, "  next scheduled brief: %s, due %s (in %s): build again then to publish it\n",
				res.NextBriefFile, res.NextBrief.UTC().Format("2 January 2006 15:04 UTC"), untilText(time.Until(res.NextBrief)))
		}
		if res.Why != "" {
			fmt.Fprintf(stdout, "why %s\n", res.Why)
		}
		if opts.Timings {
			printTimings(stdout, res)
		}
	}
	return exitOK
}

// untilText writes a wait in the largest unit that fits: "3 days",
// "5 hours", "12 minutes".
func untilText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return count(int(d/(24*time.Hour)), "day")
	case d >= 2*time.Hour:
		return count(int(d/time.Hour), "hour")
	case d >= time.Minute:
		return count(int(d/time.Minute), "minute")
	}
	return "less than a minute"
}

const checkUsage = `usage: gen check [-s DIR] [--format text|json]

Builds the site in memory, drafts and future briefs included, and writes
nothing. It lists every problem at once, errors and then warnings, each as
file:line: message with what to do: frontmatter and layout errors, internal
links and #anchors that lead nowhere, and the editorial rules for briefs
(headline length, two to five key points, a source, a "Why it matters"
section, a future date without draft, an image without alt text, vague link
text), which [check] in gen.toml can turn off one by one.

flags:
%s
exit codes: 0 no errors (warnings allowed), 1 errors, 2 bad usage,
130 interrupted
`

// checkFlags defines the flags of gen check, bound to opts and format.
func checkFlags(opts *site.Options, format *string) *flag.FlagSet {
	fs := newFlagSet("check")
	fs.StringVar(&opts.SiteDir, "source", ".", "site root `DIR`")
	alias(fs, "s", "source")
	fs.StringVar(format, "format", "text", "`F` is text or json: one JSON object a line")
	return fs
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	var opts site.Options
	format := new(string)
	fs := checkFlags(&opts, format)
	if err := fs.Parse(args); err != nil {
		return flagError(stdout, stderr, "check", err, fs, commandHelp(checkUsage, fs))
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "gen check: --format %q: use text or json\n", *format)
		return exitBadUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen check: unexpected argument %q (the site folder is given with -s)\n", fs.Arg(0))
		return exitBadUsage
	}
	if info, err := os.Stat(opts.SiteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "gen check: source %q is not a folder\n", opts.SiteDir)
		return exitBadUsage
	}
	ctx, stop := signalContext()
	defer stop()
	var problems []problem.Problem
	var err error
	if !untilInterrupted(ctx, func() { problems, err = site.Check(ctx, opts) }) || ctx.Err() != nil && err != nil {
		fmt.Fprintln(stderr, "gen check: interrupted")
		return exitInterrupted
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen check: %v\n", err)
		return exitBadUsage
	}
	errs := 0
	for _, p := range problems {
		if p.Severity == problem.Error {
			errs++
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		for _, p := range problems {
			enc.Encode(p)
		}
	} else {
		heading := ""
		for _, p := range problems {
			if h := string(p.Severity) + "s:"; h != heading {
				heading = h
				fmt.Fprintln(stdout, heading)
			}
			fmt.Fprintf(stdout, "  %s\n", p)
		}
		fmt.Fprintf(stdout, "gen check: %s, %s\n", count(errs, "error"), count(len(problems)-errs, "warning"))
	}
	if errs > 0 {
		return exitFailed
	}
	return exitOK
}
