package main

// TestScripts runs the multi-step scenarios of testdata/script/*.txtar with
// github.com/rogpeppe/go-internal/testscript, as Hugo's testscripts do. A
// script's comment is a list of commands, one a line, run in order in a
// fresh folder ($WORK) that holds the archive's files; "#" starts a
// comment and "!" before a command expects it to fail (or its check not
// to hold). Each script is one scenario; a failed command ends it.
//
// gen itself is the real program: "gen ARGS..." runs it as its own process
// (the test binary, started under the name gen), in the script's folder.
// testscript's own commands are there too: exists, grep, stdout, stderr
// (on the output of the last command), cmp, cp, rm, mkdir, env, cd, and
// the rest listed at
// https://pkg.go.dev/github.com/rogpeppe/go-internal/testscript.
// These are added for gen:
//
//	serve [ARGS...]
//		Start "gen serve --port 0 ARGS..." in the background and wait
//		until it says where it serves; $URL is then its address, without
//		the final slash (http://127.0.0.1:PORT), and what it printed so
//		far is stdout. One server a script.
//	stop-serve
//		Stop the server as Ctrl-C does, and wait for it to exit with 0;
//		its whole output is then stdout and stderr, for the stdout and
//		stderr commands. A server still running when the script ends is
//		stopped.
//	wait-for URL REGEXP
//		GET URL until the body matches REGEXP (reading a stream, such as
//		the live-reload events, as it arrives), for up to 30 seconds; the
//		body read is then stdout.
//	[!] get URL
//		GET URL once; it must answer (or must not answer) 200 OK. The
//		body is stdout.
//	wait-log REGEXP
//		Wait, for up to 30 seconds, until what the server printed since
//		the previous wait-log's match matches REGEXP.
//	edit FILE OLD NEW
//		Replace every OLD in FILE with NEW; OLD must be there.
//	age DIR
//		Set the modification time of every file under DIR to
//		1 January 2001, so that rewritten can tell which a build writes.
//	[!] rewritten PATH...
//		Each file (or every file under each folder) was (or was not)
//		written since age: its modification time is later.
//	tree DIR
//		Print every file under DIR with its size and SHA-256, one a line,
//		to stdout: cp stdout to a file, then compare a later tree with cmp.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"gen": main})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			st := &scriptState{}
			env.Values[scriptStateKey{}] = st
			env.Defer(func() {
				if st.server != nil {
					st.server.Process.Kill()
					<-st.exited
				}
			})
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"serve":      cmdServe,
			"stop-serve": cmdStopServe,
			"wait-for":   cmdWaitFor,
			"get":        cmdGet,
			"wait-log":   cmdWaitLog,
			"edit":       cmdEdit,
			"age":        cmdAge,
			"rewritten":  cmdRewritten,
			"tree":       cmdTree,
		},
	})
}

// scriptWait is how long wait-for, wait-log, serve and stop-serve wait:
// long, as the machine may be busy (the race detector, other tests).
const scriptWait = 30 * time.Second

// agedTime is the modification time age gives files.
var agedTime = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

type scriptStateKey struct{}

// scriptState is a script's running server.
type scriptState struct {
	server         *exec.Cmd
	exited         chan struct{}
	exitErr        error
	stdout, stderr *syncBuffer
	log            *syncBuffer // stdout and stderr interleaved
	logSeen        int         // how much of log wait-log has matched
}

func state(ts *testscript.TestScript) *scriptState {
	return ts.Value(scriptStateKey{}).(*scriptState)
}

func noNeg(ts *testscript.TestScript, neg bool, name string) {
	if neg {
		ts.Fatalf("%s cannot be negated", name)
	}
}

func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "serve")
	st := state(ts)
	if st.server != nil {
		ts.Fatalf("serve: a server is already running")
	}
	gen, err := exec.LookPath("gen")
	ts.Check(err)
	cmd := exec.Command(gen, append([]string{"serve", "--port", "0"}, args...)...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "HOME="+ts.Getenv("HOME"), "TMPDIR="+ts.Getenv("TMPDIR"))
	st.stdout, st.stderr, st.log, st.logSeen = &syncBuffer{}, &syncBuffer{}, &syncBuffer{}, 0
	cmd.Stdout = io.MultiWriter(st.stdout, st.log)
	cmd.Stderr = io.MultiWriter(st.stderr, st.log)
	ts.Check(cmd.Start())
	st.server, st.exited = cmd, make(chan struct{})
	go func() {
		st.exitErr = cmd.Wait()
		close(st.exited)
	}()
	deadline := time.Now().Add(scriptWait)
	for {
		if m := servingLine.FindStringSubmatch(st.stdout.String()); m != nil {
			ts.Setenv("URL", strings.TrimSuffix(m[1], "/"))
			fmt.Fprint(ts.Stdout(), st.stdout.String())
			return
		}
		select {
		case <-st.exited:
			ts.Fatalf("gen serve exited: %v\nstdout:\n%s\nstderr:\n%s", st.exitErr, st.stdout, st.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			ts.Fatalf("gen serve did not say where it serves in %v\nstdout:\n%s\nstderr:\n%s", scriptWait, st.stdout, st.stderr)
		}
	}
}

func cmdStopServe(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "stop-serve")
	st := state(ts)
	if st.server == nil {
		ts.Fatalf("stop-serve: no server is running")
	}
	ts.Check(st.server.Process.Signal(os.Interrupt))
	select {
	case <-st.exited:
	case <-time.After(scriptWait):
		st.server.Process.Kill()
		<-st.exited
		ts.Fatalf("gen serve did not stop in %v of an interrupt", scriptWait)
	}
	st.server = nil
	fmt.Fprint(ts.Stdout(), st.stdout.String())
	fmt.Fprint(ts.Stderr(), st.stderr.String())
	if st.exitErr != nil {
		ts.Fatalf("gen serve: %v", st.exitErr)
	}
}

// fetch GETs url and reads the body until it matches re (when re is not
// nil), the body ends, or ctx is done.
func fetch(ctx context.Context, url string, re *regexp.Regexp) (status int, body []byte, matched bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, false, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, false, err
	}
	defer resp.Body.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		body = append(body, buf[:n]...)
		if re != nil && re.Match(body) {
			return resp.StatusCode, body, true, nil
		}
		if err == io.EOF {
			return resp.StatusCode, body, false, nil
		}
		if err != nil {
			return resp.StatusCode, body, false, err
		}
	}
}

func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "wait-for")
	if len(args) != 2 {
		ts.Fatalf("usage: wait-for URL REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	deadline := time.Now().Add(scriptWait)
	var last string
	for {
		// Each try is short, so that an event stream is read afresh.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		status, body, matched, err := fetch(ctx, args[0], re)
		cancel()
		if matched {
			ts.Stdout().Write(body)
			return
		}
		last = fmt.Sprintf("status %d, error %v, body:\n%s", status, err, body)
		if time.Now().After(deadline) {
			ts.Fatalf("%s did not match %q in %v; the last answer: %s", args[0], args[1], scriptWait, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func cmdGet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: get URL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), scriptWait)
	defer cancel()
	status, body, _, err := fetch(ctx, args[0], nil)
	ts.Check(err)
	ts.Stdout().Write(body)
	if ok := status == http.StatusOK; ok == neg {
		ts.Fatalf("%s: status %d", args[0], status)
	}
}

func cmdWaitLog(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "wait-log")
	if len(args) != 1 {
		ts.Fatalf("usage: wait-log REGEXP")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	st := state(ts)
	if st.log == nil {
		ts.Fatalf("wait-log: no server was started")
	}
	deadline := time.Now().Add(scriptWait)
	for {
		log := st.log.String()
		if loc := re.FindStringIndex(log[st.logSeen:]); loc != nil {
			fmt.Fprint(ts.Stdout(), log[st.logSeen:st.logSeen+loc[1]])
			st.logSeen += loc[1]
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("the server's output did not match %q in %v; since the last match it is:\n%s", args[0], scriptWait, log[st.logSeen:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func cmdEdit(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "edit")
	if len(args) != 3 {
		ts.Fatalf("usage: edit FILE OLD NEW")
	}
	name := ts.MkAbs(args[0])
	data, err := os.ReadFile(name)
	ts.Check(err)
	if !bytes.Contains(data, []byte(args[1])) {
		ts.Fatalf("edit: %s does not hold %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(name, bytes.ReplaceAll(data, []byte(args[1]), []byte(args[2])), 0o644))
}

// walkFiles calls f for every regular file at or under root.
func walkFiles(ts *testscript.TestScript, root string, f func(path string, info fs.FileInfo)) {
	ts.Check(filepath.WalkDir(ts.MkAbs(root), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f(p, info)
		return nil
	}))
}

func cmdAge(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "age")
	if len(args) != 1 {
		ts.Fatalf("usage: age DIR")
	}
	walkFiles(ts, args[0], func(p string, _ fs.FileInfo) {
		ts.Check(os.Chtimes(p, agedTime, agedTime))
	})
}

func cmdRewritten(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: rewritten PATH...")
	}
	var wrong []string
	for _, arg := range args {
		n := 0
		walkFiles(ts, arg, func(p string, info fs.FileInfo) {
			n++
			if rewritten := info.ModTime().After(agedTime); rewritten == neg {
				rel, _ := filepath.Rel(ts.MkAbs("."), p)
				wrong = append(wrong, filepath.ToSlash(rel))
			}
		})
		if n == 0 {
			ts.Fatalf("rewritten: no file at %s", arg)
		}
	}
	if len(wrong) > 0 {
		if neg {
			ts.Fatalf("rewritten since age, though they should not be: %s", strings.Join(wrong, " "))
		}
		ts.Fatalf("not rewritten since age: %s", strings.Join(wrong, " "))
	}
}

func cmdTree(ts *testscript.TestScript, neg bool, args []string) {
	noNeg(ts, neg, "tree")
	if len(args) != 1 {
		ts.Fatalf("usage: tree DIR")
	}
	root := ts.MkAbs(args[0])
	out := ts.Stdout()
	walkFiles(ts, args[0], func(p string, info fs.FileInfo) {
		data, err := os.ReadFile(p)
		ts.Check(err)
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(out, "%s %d %x\n", filepath.ToSlash(rel), info.Size(), sha256.Sum256(data))
	})
}
