package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/server"
	"github.com/gen-briefs/gen/internal/site"
	"github.com/gen-briefs/gen/internal/watch"
)

const serveUsage = `usage: gen serve [flags]

Builds the site into memory and serves it for preview. Every change to
content/, layouts/, static/ or gen.toml rebuilds the site; open tabs reload
the pages that changed, swap changed style sheets in place, and show build
errors over the page until they are fixed. Drafts and briefs dated in the
future are shown, each with a banner. Stop with Ctrl-C.

flags:
%s`

// serveOptions are the parsed flags of gen serve.
type serveOptions struct {
	site  site.Options
	bind  string
	port  int
	open  bool
	write bool
}

// serveFlags defines the flags of gen serve, bound to o.
func serveFlags(o *serveOptions) *flag.FlagSet {
	fs := newFlagSet("serve")
	fs.StringVar(&o.site.SiteDir, "source", ".", "site root `DIR`")
	alias(fs, "s", "source")
	fs.StringVar(&o.bind, "bind", "127.0.0.1", "the `ADDR` to listen on")
	fs.IntVar(&o.port, "port", 1414, "port `N`; when taken, the next free one; 0 for any")
	fs.BoolVar(&o.site.Drafts, "drafts", true, "show drafts (--drafts=false hides them)")
	fs.BoolVar(&o.site.Future, "future", true, "show future-dated briefs")
	fs.BoolVar(&o.open, "open", false, "open the site in the default browser")
	fs.BoolVar(&o.write, "write", false, "also write each good build to public/")
	fs.BoolVar(&o.site.AllowEmpty, "allow-empty", false, "with --write, replace a public/ of briefs with a site\nof none")
	return fs
}

func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signalContext()
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// signalContext is cancelled by SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// serve runs the preview until ctx is cancelled; it returns the exit code.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o := serveOptions{}
	fs := serveFlags(&o)
	if err := fs.Parse(args); err != nil {
		return flagError(stdout, stderr, "serve", err, fs, commandHelp(serveUsage, fs))
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen serve: unexpected argument %q (the site folder is given with -s)\n", fs.Arg(0))
		return exitBadUsage
	}
	if info, err := os.Stat(o.site.SiteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "gen serve: source %q is not a folder\n", o.site.SiteDir)
		return exitBadUsage
	}
	if o.port < 0 || o.port > 65535 {
		fmt.Fprintf(stderr, "gen serve: --port %d is not a port number\n", o.port)
		return exitBadUsage
	}
	ln, err := listen(o.bind, o.port)
	if err != nil {
		fmt.Fprintf(stderr, "gen serve: %v\n", err)
		return exitBadUsage
	}
	host := o.bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + "/"
	o.site.BaseURL = url

	p := &preview{opts: o, builder: site.NewPreview(o.site), srv: server.New(o.bind), stdout: stdout, stderr: stderr}
	// Pages not rendered yet, cards, icons and the search index are made
	// when a browser asks for one; one that cannot be made is a line here,
	// and for the browser a 404, or a page that shows the errors.
	p.srv.ServeMore(func(rel string) ([]byte, bool, error) {
		data, ok, err := p.builder.File(rel)
		if err != nil {
			p.errorf("gen serve: %v\n", err)
		}
		return data, ok, err
	})
	w, err := watch.New(o.site.SiteDir, watch.Options{})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "gen serve: watching %s: %v\n", o.site.SiteDir, err)
		return exitFailed
	}
	defer w.Close()
	_, built := p.rebuild(ctx, nil)

	// Bounded reads, writes and idle keep-alives, so that stalled or idle
	// clients cannot hold connections open; the event stream extends its
	// own write deadline.
	httpSrv := p.srv.HTTPServer(server.DefaultTimeouts())
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	shown := "drafts and future briefs shown"
	if !o.site.Drafts || !o.site.Future {
		shown = fmt.Sprintf("drafts shown: %v, future briefs shown: %v", o.site.Drafts, o.site.Future)
	}
	p.printf("Serving %s at %s (%s). Press Ctrl-C to stop.\n", o.site.SiteDir, url, shown)
	if o.open {
		openBrowser(url)
	}

	code := exitOK
	// One build runs at a time, in the background, so that a newer change
	// (or Ctrl-C) cancels a build still working on older files.
	var current *rebuildJob
	if built {
		current = p.completeLater(ctx)
	}
	startBuild := func(batch []watch.Change) {
		if current != nil {
			current.cancel()
			<-current.done
			if !current.finished {
				batch = mergeBatches(current.batch, batch)
			}
		}
		current = p.start(ctx, batch)
	}
loop:
	for {
		var building <-chan struct{}
		if current != nil {
			building = current.done
		}
		select {
		case <-ctx.Done():
			break loop
		case <-building:
			current = nil
		case batch, ok := <-w.Batches():
			if !ok {
				break loop
			}
			startBuild(batch)
		case err := <-w.Errors():
			// Events may have been lost (an overflow while many files
			// changed): build everything again.
			p.errorf("gen serve: watcher: %v; rebuilding everything\n", err)
			startBuild(nil)
		case err := <-served:
			p.errorf("gen serve: %v\n", err)
			code = exitFailed
			break loop
		}
	}
	if current != nil {
		current.cancel()
		<-current.done // nothing is written after "Stopped."
	}
	p.srv.Close() // ends the event streams, which never go idle
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	httpSrv.Shutdown(shutdown)
	w.Close()
	p.printf("Stopped.\n")
	return code
}

// listen binds addr:port, trying the next ports when it is taken.
func listen(addr string, port int) (net.Listener, error) {
	var lastErr error
	for try := 0; try < 50; try++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, strconv.Itoa(port+try)))
		if err == nil {
			return ln, nil
		}
		lastErr = err
		if port == 0 || !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	return nil, fmt.Errorf("cannot listen on %s: %w", net.JoinHostPort(addr, strconv.Itoa(port)), lastErr)
}

// preview is one running gen serve: it rebuilds on changes and tells the
// server.
type preview struct {
	opts    serveOptions
	builder *site.Preview
	srv     *server.Server
	mu      sync.Mutex
	stdout  io.Writer
	stderr  io.Writer
}

func (p *preview) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.stdout, format, args...)
}

func (p *preview) errorf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.stderr, format, args...)
}

// rebuildJob is a rebuild running in the background.
type rebuildJob struct {
	batch  []watch.Change
	cancel context.CancelFunc
	done   chan struct{}
	// finished is set, before done is closed, when the build ran to its
	// end rather than being cancelled.
	finished bool
}

// start runs a rebuild after batch in the background, then completes it.
func (p *preview) start(ctx context.Context, batch []watch.Change) *rebuildJob {
	return runJob(ctx, batch, func(ctx context.Context) bool {
		finished, good := p.rebuild(ctx, batch)
		if good {
			p.complete(ctx)
		}
		return finished
	})
}

// completeLater completes the build made, as a job already finished.
func (p *preview) completeLater(ctx context.Context) *rebuildJob {
	return runJob(ctx, nil, func(ctx context.Context) bool {
		p.complete(ctx)
		return true
	})
}

// runJob runs work in the background as the job of batch; work says
// whether the build ran to its end.
func runJob(ctx context.Context, batch []watch.Change, work func(context.Context) bool) *rebuildJob {
	ctx, cancel := context.WithCancel(ctx)
	job := &rebuildJob{batch: batch, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(job.done)
		job.finished = work(ctx)
	}()
	return job
}

// complete renders the pages of the served build that no browser asked
// for yet (site.Preview.Complete), after the tabs were told to reload, to
// find the errors of every page; the job of the next change stops it.
func (p *preview) complete(ctx context.Context) {
	err := p.builder.Complete(ctx)
	if err == nil || ctx.Err() != nil {
		return
	}
	p.errorf("%v\ngen serve: the build failed; still serving the last good build of the pages it broke\n", err)
	p.srv.Fail(problem.From(err))
}

// mergeBatches returns the changes of a cancelled build's batch and a
// newer one, for the build that replaces it, one per path (a save that
// reached the watcher in two batches is one change; the newer says
// whether the file is there); nil (everything) wins.
func mergeBatches(cancelled, newer []watch.Change) []watch.Change {
	if cancelled == nil || newer == nil {
		return nil
	}
	merged := slices.Clone(cancelled)
	for _, c := range newer {
		if i := slices.IndexFunc(merged, func(m watch.Change) bool { return m.Path == c.Path }); i >= 0 {
			merged[i] = c
			continue
		}
		merged = append(merged, c)
	}
	return merged
}

// rebuild builds the site into memory; a good build replaces the served
// site, a failed one shows its errors in the terminal and the browser.
// finished is false when the build stopped because ctx was cancelled,
// leaving the served site as it was; good when it replaced it.
func (p *preview) rebuild(ctx context.Context, batch []watch.Change) (finished, good bool) {
	var paths []string
	for _, c := range batch {
		paths = append(paths, c.Path)
	}
	files, res, err := p.builder.Build(ctx, paths)
	if err != nil && ctx.Err() != nil {
		return false, false
	}
	if err != nil {
		p.errorf("%v\ngen serve: the build failed; still serving the last good build\n", err)
		p.srv.Fail(problem.From(err))
		return true, false
	}
	changed := p.srv.UpdateOnRequest(files, res.Pending)
	if batch != nil {
		p.printf("Rebuilt in %d ms after %s: %d %s to render, %d changed\n", res.Duration.Milliseconds(), describeBatch(batch),
			res.Rendered, plural(res.Rendered, "page", "pages"), len(changed))
	}
	if p.opts.write {
		// gen serve --write writes what gen build would: every page and
		// every card.
		if files, err = p.builder.AllFiles(ctx, files); err != nil {
			if ctx.Err() != nil {
				return true, false // a newer change or Ctrl-C
			}
			p.errorf("%v\ngen serve: not writing public/: the build failed\n", err)
			p.srv.Fail(problem.From(err))
			return true, false
		}
		dir := p.opts.site.SiteDir
		if err := site.WriteFiles(dir, filepath.Join(dir, site.PublicDir), files, res, p.opts.site.AllowEmpty); err != nil {
			p.errorf("gen serve: writing public/: %v\n", err)
		}
	}
	return true, true
}

func describeBatch(batch []watch.Change) string {
	if len(batch) == 1 {
		verb := "a change to"
		if batch[0].Removed {
			verb = "removing"
		}
		return verb + " " + content.QuoteOdd(batch[0].Path)
	}
	return fmt.Sprintf("%d changes", len(batch))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// openBrowser opens url in the system's browser, best effort.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err == nil {
		go cmd.Wait()
	}
}
