package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
)

// builtSite writes smallSite, builds it, and returns the site and what
// its public/ holds.
func builtSite(t *testing.T) (string, map[string]fileState) {
	t.Helper()
	site := newSite(t, smallSite)
	if code, out, errOut := gen(t, "build", "-s", site); code != 0 {
		t.Fatalf("first build: exit %d\n%s%s", code, out, errOut)
	}
	return site, tree(t, filepath.Join(site, "public"))
}

// genWithin runs gen like gen does, failing the test when it has not
// returned after limit.
func genWithin(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := gen(t, args...)
		done <- result{code, out, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.errOut
	case <-time.After(limit):
		t.Fatalf("gen %s still running after %v", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

// TestLinksOutOfTheSite links a file of each folder gen reads to a secret
// outside the site: every command refuses it, naming the link, and the
// secret reaches no output.
func TestLinksOutOfTheSite(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "secret")
	writeFile(t, secretFile, []byte("title = \"SECRET-TOKEN\"\n---\ntitle: SECRET-TOKEN\n---\nSECRET-TOKEN\n"))
	cases := []struct {
		link    string
		command []string
	}{
		{"gen.toml", []string{"build"}},
		{"content/briefs/three.md", []string{"build"}},
		{"layouts/partials/footer.html", []string{"build"}},
		{"layouts/brief.html", []string{"build"}},
		{"static/robots.txt", []string{"build"}},
		{"layouts/archetypes/brief.md", []string{"new", "brief", "A new brief"}},
		{"content/briefs/three.md", []string{"check"}},
		{"layouts/partials/footer.html", []string{"check"}},
	}
	for _, c := range cases {
		t.Run(c.link+" "+c.command[0], func(t *testing.T) {
			site, before := builtSite(t)
			p := filepath.Join(site, filepath.FromSlash(c.link))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.Remove(p)
			if err := os.Symlink(secretFile, p); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := gen(t, append(c.command, "-s", site)...)
			if code != 1 || !strings.Contains(out+errOut, c.link+": is a symbolic link to a file outside the site") {
				t.Fatalf("gen %s: exit %d, want 1 and a refusal of %s\n%s%s", c.command[0], code, c.link, out, errOut)
			}
			if strings.Contains(out+errOut, "SECRET-TOKEN") {
				t.Errorf("the secret was printed:\n%s%s", out, errOut)
			}
			after := tree(t, filepath.Join(site, "public"))
			if !sameFiles(after, before) {
				t.Errorf("public/ changed")
			}
			for rel, f := range tree(t, filepath.Join(site, "content")) {
				if strings.Contains(f.data, "SECRET-TOKEN") && !strings.HasPrefix(rel, "briefs/three.md") {
					t.Errorf("the secret was written to content/%s", rel)
				}
			}
		})
	}
}

// TestSpecialFiles puts files with no end or no writer where gen reads: a
// build refuses each at once, naming it, where it used to wait forever.
func TestSpecialFiles(t *testing.T) {
	cases := map[string]func(p string) error{
		"a FIFO":              func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"a link to /dev/zero": func(p string) error { return os.Symlink("/dev/zero", p) },
	}
	for what, make := range cases {
		for _, rel := range []string{"content/briefs/pipe.md", "content/briefs/pipe.txt", "static/pipe.txt", "layouts/pipe.html", "gen.toml"} {
			t.Run(what+" at "+rel, func(t *testing.T) {
				site, before := builtSite(t)
				p := filepath.Join(site, filepath.FromSlash(rel))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.Remove(p)
				if err := make(p); err != nil {
					t.Fatal(err)
				}
				code, _, errOut := genWithin(t, 5*time.Second, "build", "-s", site)
				if code != 1 || !strings.Contains(errOut, rel+": is a ") {
					t.Fatalf("exit %d, want 1 and an error naming %s:\n%s", code, rel, errOut)
				}
				if !sameFiles(tree(t, filepath.Join(site, "public")), before) {
					t.Errorf("public/ changed")
				}
			})
		}
	}
}

// TestLinkedSiteFolder makes content/ a link to a folder inside the site:
// the build refuses it, where it used to build an empty site over the old
// one.
func TestLinkedSiteFolder(t *testing.T) {
	for _, folder := range []string{"content", "layouts", "static"} {
		t.Run(folder, func(t *testing.T) {
			site, before := builtSite(t)
			dir := filepath.Join(site, folder)
			os.MkdirAll(dir, 0o755)
			if err := os.Rename(dir, filepath.Join(site, "src")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("src", dir); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := gen(t, "build", "-s", site)
			if code != 1 || !strings.Contains(errOut, folder+": is a symbolic link") {
				t.Fatalf("exit %d, want 1 and a refusal of the linked %s/:\n%s", code, folder, errOut)
			}
			if !sameFiles(tree(t, filepath.Join(site, "public")), before) {
				t.Errorf("public/ changed")
			}
		})
	}
}

// TestAllowEmpty empties a built site's content/: the build, its dry run
// and gen serve --write refuse to replace its briefs with none unless
// told to.
func TestAllowEmpty(t *testing.T) {
	site, before := builtSite(t)
	if err := os.RemoveAll(filepath.Join(site, "content")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := gen(t, "build", "-s", site)
	if code != 1 || !strings.Contains(errOut, "holds a site of 2 briefs and this build has none") || !strings.Contains(errOut, "--allow-empty") {
		t.Fatalf("exit %d, want 1 and a hint at --allow-empty:\n%s", code, errOut)
	}
	if !sameFiles(tree(t, filepath.Join(site, "public")), before) {
		t.Errorf("public/ changed")
	}
	if code, _, errOut := gen(t, "build", "-s", site, "-n"); code != 1 || !strings.Contains(errOut, "--allow-empty") {
		t.Fatalf("dry run: exit %d, want 1 as the build\n%s", code, errOut)
	}
	p := startServe(t, site, "--write")
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.stderr.String(), "writing public/") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.stop(t)
	if !strings.Contains(p.stderr.String(), "holds a site of 2 briefs and this build has none") {
		t.Errorf("gen serve --write did not refuse to empty public/:\n%s", p.stderr.String())
	}
	if !sameFiles(tree(t, filepath.Join(site, "public")), before) {
		t.Errorf("public/ changed")
	}
	if code, _, errOut := gen(t, "build", "-s", site, "--allow-empty"); code != 0 {
		t.Fatalf("--allow-empty: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "briefs", "one", "index.html")); err == nil {
		t.Errorf("the empty build kept the old briefs")
	}
}

// genBinary builds the gen program for tests that run it as a process.
func genBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterruptedBuild sends SIGINT and SIGTERM to real gen build
// processes of a site of 2,000 briefs at several moments: each stops
// within a second of grace with exit code 130, and public/ is the old
// site.
func TestInterruptedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gen and a site of 2,000 briefs")
	}
	bin := genBinary(t)
	site := t.TempDir()
	if err := corpus.Write(site, 2000); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "build", "-s", site, "-q").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	public := filepath.Join(site, "public")
	before := tree(t, public)
	stops := []struct {
		sig   syscall.Signal
		delay time.Duration
	}{{syscall.SIGINT, 300 * time.Millisecond}, {syscall.SIGTERM, 700 * time.Millisecond}, {syscall.SIGINT, 1500 * time.Millisecond}}
	for _, stop := range stops {
		sig, delay := stop.sig, stop.delay
		writeFile(t, filepath.Join(site, "gen.toml"), []byte("title = \"Changed "+delay.String()+"\"\n"))
		cmd := exec.Command(bin, "build", "-s", site, "-q")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(sig)
		sent := time.Now()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v after %v: gen build still running 5 s later", sig, delay)
		}
		took := time.Since(sent)
		code, say := cmd.ProcessState.ExitCode(), "interrupted; the previous output was left as it was"
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == sig {
			code, say = 130, "" // stopped before gen set up its handler, as a shell reports it
		}
		if code == 0 {
			t.Logf("%v after %v: the build had finished", sig, delay)
			before = tree(t, public)
			continue
		}
		if code != 130 || !strings.Contains(stderr.String(), say) {
			t.Fatalf("%v after %v: exit %d, want 130\n%s", sig, delay, code, stderr.String())
		}
		if !sameFiles(tree(t, public), before) {
			t.Fatalf("%v after %v: public/ changed", sig, delay)
		}
		// A second of grace, and room for a loaded machine.
		if took > 3*time.Second {
			t.Errorf("%v after %v: exit 130 only %v later", sig, delay, took)
		}
		t.Logf("%v after %v: exit 130 %v later", sig, delay, took.Round(time.Millisecond))
	}
}

// TestLinkedFoldersInside links a folder inside layouts/ or content/ to a
// folder elsewhere: builds refuse it, gen new reads no archetype through
// it and writes no file through it.
func TestLinkedFoldersInside(t *testing.T) {
	elsewhere := t.TempDir()
	writeFile(t, filepath.Join(elsewhere, "footer.html"), []byte("SECRET-TOKEN"))
	writeFile(t, filepath.Join(elsewhere, "brief.md"), []byte("---\ntitle: {{yaml .Title}}\n---\nSECRET-TOKEN\n"))
	cases := []struct {
		folder  string
		command []string
		want    string
	}{
		{"layouts/partials", []string{"build"}, "layouts/partials: is a symbolic link to a folder"},
		{"layouts/archetypes", []string{"new", "brief", "A headline"}, "layouts/archetypes: is a symbolic link"},
		{"content/notes", []string{"new", "page", "notes/x"}, "content/notes: is a symbolic link"},
	}
	for _, c := range cases {
		t.Run(c.folder, func(t *testing.T) {
			site, before := builtSite(t)
			p := filepath.Join(site, filepath.FromSlash(c.folder))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.Symlink(elsewhere, p); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := gen(t, append(c.command, "-s", site)...)
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Fatalf("gen %s: exit %d, want 1 and %q\n%s%s", strings.Join(c.command, " "), code, c.want, out, errOut)
			}
			if !sameFiles(tree(t, filepath.Join(site, "public")), before) {
				t.Errorf("public/ changed")
			}
			if len(tree(t, elsewhere)) != 2 {
				t.Errorf("a file was written through the link: %v", tree(t, elsewhere))
			}
		})
	}
}
