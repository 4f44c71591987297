package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/gen-briefs/gen/internal/config"
	"github.com/gen-briefs/gen/internal/deploy"
	"github.com/gen-briefs/gen/internal/site"
)

const deployUsage = `usage: gen deploy [flags]

Publishes the built site (public/, or -d) to a target of gen.toml's
[deploy] table: an S3, Google Cloud Storage or Azure bucket, or a folder.
It uploads only the files whose bytes or headers changed (compared by
MD5): assets first, then pages, then feeds, the search index, the home
page and sitemaps, and deletes what the site no longer has last, so that
no page waits for its style sheet or images and no feed names a page not
there yet; running it again after a failure finishes the job. It
compares with the record the last deploy kept in the bucket
(.gen-deploy.json.gz) when that deploy finished, and lists the bucket's
objects otherwise, or with --verify (after the bucket was changed by
other means). Credentials come from the usual environment variables and SDK files,
never from gen.toml.

flags:
%s`

// deployOptions are the flags of gen deploy.
type deployOptions struct {
	siteDir, dest, target  string
	dryRun, force, confirm bool
	verify                 bool
	maxDeletes, workers    int
}

// deployFlags defines the flags of gen deploy, bound to o.
func deployFlags(o *deployOptions) *flag.FlagSet {
	fs := newFlagSet("deploy")
	fs.StringVar(&o.siteDir, "source", ".", "site root `DIR`, holding gen.toml")
	alias(fs, "s", "source")
	fs.StringVar(&o.dest, "destination", "", "the built site to publish (default public/ under the site)")
	alias(fs, "d", "destination")
	fs.StringVar(&o.target, "target", "", "`NAME` of the target in gen.toml (default the first)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the plan and change nothing")
	fs.BoolVar(&o.force, "force", false, "upload every file, and delete more than --max-deletes")
	fs.IntVar(&o.maxDeletes, "max-deletes", deploy.DefaultMaxDeletes, "refuse to delete more than `N` objects without --force")
	fs.BoolVar(&o.confirm, "confirm", false, "print the plan and ask before changing anything")
	fs.BoolVar(&o.verify, "verify", false, "list the bucket's objects and compare with them, not with the last deploy's record")
	fs.IntVar(&o.workers, "workers", 8, "`N` uploads at once")
	return fs
}

func runDeploy(args []string, stdout, stderr io.Writer) int {
	return runDeployWith(args, os.Stdin, stdout, stderr)
}

// runDeployWith is gen deploy, with the answer to --confirm read from in.
func runDeployWith(args []string, in io.Reader, stdout, stderr io.Writer) int {
	var o deployOptions
	fs := deployFlags(&o)
	usage := commandHelp(deployUsage, fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return flagError(stdout, stderr, "deploy", err, fs, usage)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "gen deploy: takes no arguments, got %q\n\n%s", pos[0], usage)
		return exitBadUsage
	}
	if o.maxDeletes < 0 || o.workers < 1 {
		fmt.Fprintf(stderr, "gen deploy: --max-deletes must be 0 or more and --workers 1 or more\n")
		return exitBadUsage
	}
	cfg, err := config.Load(o.siteDir)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitFailed
	}
	target, ok := cfg.Deploy.Target(o.target)
	if !ok {
		if o.target == "" {
			fmt.Fprintf(stderr, "gen deploy: gen.toml has no deploy target: add one, such as\n\n[[deploy.targets]]\nname = \"production\"\nurl = \"s3://my-bucket?region=eu-west-1\"\n")
		} else {
			var names []string
			for _, t := range cfg.Deploy.Targets {
				names = append(names, t.Name)
			}
			fmt.Fprintf(stderr, "gen deploy: --target %q: gen.toml has no such target (it has %s)\n", o.target, strings.Join(names, ", "))
		}
		return exitFailed
	}
	dir := o.dest
	if dir == "" {
		dir = filepath.Join(o.siteDir, site.PublicDir)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gen-output")); err != nil {
		fmt.Fprintf(stderr, "gen deploy: %s is not a site gen built: run gen build first (or give its folder with -d)\n", dir)
		return exitFailed
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := deploy.Options{Dir: dir, Target: target, Config: cfg.Deploy, DryRun: o.dryRun, Force: o.force, Verify: o.verify, MaxDeletes: o.maxDeletes, Workers: o.workers,
		HashCache: filepath.Join(o.siteDir, site.CacheDir, "deploy-hashes")}
	b, err := deploy.Open(ctx, target)
	if err != nil {
		fmt.Fprintf(stderr, "gen deploy: %v\n", err)
		return exitFailed
	}
	defer b.Close()
	start := time.Now()
	plan, err := deploy.MakePlan(ctx, b, opts)
	if plan != nil {
		printPlan(stdout, target, plan)
	}
	var tooMany *deploy.TooManyDeletes
	if errors.As(err, &tooMany) {
		fmt.Fprintf(stderr, "gen deploy: %v\n", err)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "gen deploy: %v\n", err)
		return exitFailed
	}
	if o.dryRun {
		fmt.Fprintln(stdout, "dry run: nothing was changed")
		return exitOK
	}
	if plan.UpToDate() {
		fmt.Fprintf(stdout, "%s is up to date: %d files unchanged\n", target.Name, plan.Unchanged)
		return exitOK
	}
	if o.confirm {
		fmt.Fprintf(stdout, "deploy to %s? [y/N] ", target.Name)
		answer, _ := bufio.NewReader(in).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintln(stdout, "nothing was changed")
			return exitOK
		}
	}
	if isTerminal(os.Stderr) && stderr != nil {
		opts.Progress = progressBar(os.Stderr)
	}
	sum, err := deploy.Apply(ctx, b, plan, opts)
	if opts.Progress != nil {
		fmt.Fprint(os.Stderr, "\r\033[K")
	}
	fmt.Fprintf(stdout, "%s: %d uploaded (%s), %d deleted, %d unchanged in %.1f s\n",
		target.Name, sum.Uploaded, byteSize(sum.Bytes), sum.Deleted, sum.Unchanged, time.Since(start).Seconds())
	if err != nil {
		fmt.Fprintf(stderr, "gen deploy: %v\nthe pages already there still work: run gen deploy again to finish\n", err)
		return exitFailed
	}
	return exitOK
}

// printPlan prints what a deploy will do, a line a file, by phase.
func printPlan(w io.Writer, t config.DeployTarget, p *deploy.Plan) {
	with := "the last deploy's record"
	if p.Listed {
		with = "the bucket's objects"
	}
	fmt.Fprintf(w, "plan for %s (%s), compared with %s: %d to upload (%s), %d to delete, %d unchanged\n", t.Name, t.URL, with, p.Uploads(), byteSize(p.Bytes), len(p.Deletes), p.Unchanged)
	for i, phase := range p.Phases {
		if len(phase) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %d. %s:\n", i+1, deploy.PhaseNames[i])
		for _, c := range phase {
			fmt.Fprintf(w, "     upload %s (%s; %s)\n", c.Key, c.Why, c.Headers.CacheControl)
		}
	}
	if len(p.Deletes) > 0 {
		fmt.Fprintf(w, "  4. deletions:\n")
		for _, k := range p.Deletes {
			fmt.Fprintf(w, "     delete %s\n", k)
		}
	}
}

// byteSize writes a size in bytes, KB or MB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressBar draws the deploy's progress on one line of a terminal.
func progressBar(w io.Writer) func(done, total int) {
	return func(done, total int) {
		const width = 30
		filled := width * done / max(1, total)
		fmt.Fprintf(w, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
	}
}
