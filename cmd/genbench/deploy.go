package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// deployCmd times gen deploy of a corpus to a local S3 server (versitygw,
// its POSIX backend on the work folder): the first deploy into an empty
// bucket, then the deploy after one brief is edited and the site built
// again, which must upload only what changed and take at most 5% of the
// first.
func deployCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	work := fs.String("work", defaultWork(), "work folder, best on a RAM disk")
	gen := fs.String("gen", "", "time this gen binary instead of building ./cmd/gen")
	server := fs.String("versitygw", "", "the versitygw binary (default: from PATH or $(go env GOPATH)/bin)")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if fs.NArg() != 1 {
		return usageError("want one size, such as: deploy 10000")
	}
	n, err := strconv.Atoi(fs.Arg(0))
	if err != nil || n < 1 {
		return usageError(fmt.Sprintf("size %q is not a positive number", fs.Arg(0)))
	}
	bin := *server
	if bin == "" {
		if bin, err = exec.LookPath("versitygw"); err != nil {
			gopath, _ := exec.Command("go", "env", "GOPATH").Output()
			bin = filepath.Join(strings.TrimSpace(string(gopath)), "bin", "versitygw")
		}
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("no versitygw (%v): go install github.com/versity/versitygw/cmd/versitygw@v1.8.0", err)
	}
	w, err := newWorkspace(*work, *gen, stdout)
	if err != nil {
		return err
	}
	site, err := w.site(fmt.Sprintf("deploy-%d", n), n, stdout)
	if err != nil {
		return err
	}
	root := filepath.Join(w.Dir, "s3")
	os.RemoveAll(root)
	if err := os.MkdirAll(filepath.Join(root, "site"), 0o755); err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	s3 := exec.Command(bin, "--access", "genbench", "--secret", "genbench-secret", "--port", addr, "posix", root)
	if err := s3.Start(); err != nil {
		return err
	}
	defer func() { s3.Process.Kill(); s3.Wait() }()
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 20*time.Second {
			return fmt.Errorf("versitygw did not start on %s", addr)
		}
	}
	target := fmt.Sprintf("\n[[deploy.targets]]\nname = \"bench\"\nurl = \"s3://site?endpoint=http://%s&use_path_style=true&disable_https=true&region=us-east-1\"\n", addr)
	f, err := os.OpenFile(filepath.Join(site, "gen.toml"), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	f.WriteString(target)
	f.Close()
	os.Setenv("AWS_ACCESS_KEY_ID", "genbench")
	os.Setenv("AWS_SECRET_ACCESS_KEY", "genbench-secret")
	os.Setenv("AWS_REGION", "us-east-1")

	step := func(name string, args ...string) (sample, error) {
		s, err := measure(filepath.Dir(w.Gen), w.Gen, args...)
		if err != nil {
			return s, fmt.Errorf("%s: %w", name, err)
		}
		return s, nil
	}
	if _, err := step("build", "build", "-s", site, "-q"); err != nil {
		return err
	}
	first, err := step("first deploy", "deploy", "-s", site)
	if err != nil {
		return err
	}
	edited, err := editBrief(site, 1)
	if err != nil {
		return err
	}
	if _, err := step("build after the edit", "build", "-s", site, "-q"); err != nil {
		return err
	}
	second, err := step("deploy after the edit", "deploy", "-s", site)
	if err != nil {
		return err
	}
	ratio := second.Wall.Seconds() / first.Wall.Seconds()
	fmt.Fprintf(stdout, "\n| deploy of %d briefs to versitygw on 127.0.0.1 | wall | CPU | peak RSS | what it did |\n| --- | ---: | ---: | ---: | --- |\n", n)
	fmt.Fprintf(stdout, "| first, into an empty bucket | %s | %s | %s | %s |\n", seconds(first.Wall), seconds(first.CPU), mib(first.RSS), summaryLine(first.Output))
	fmt.Fprintf(stdout, "| after one brief (%s) is edited | %s | %s | %s | %s |\n", edited, seconds(second.Wall), seconds(second.CPU), mib(second.RSS), summaryLine(second.Output))
	verdict := "ok"
	if ratio > 0.05 {
		verdict = "MISS"
	}
	fmt.Fprintf(stdout, "\nsecond / first: %.3f (target ≤ 0.05) %s\n", ratio, verdict)
	if verdict != "ok" {
		return fmt.Errorf("the deploy after one edit took %.3f of the first, more than 0.05", ratio)
	}
	return nil
}

// summaryLine is the summary line gen deploy printed last.
func summaryLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], " uploaded (") {
			return strings.TrimSpace(lines[i])
		}
	}
	return ""
}
