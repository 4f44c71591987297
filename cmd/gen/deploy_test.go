package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob"
)

// s3Server is a versitygw S3 gateway on 127.0.0.1, its buckets the folders
// of root.
type s3Server struct {
	bin, root, addr string
	cmd             *exec.Cmd
}

// versitygw finds the versitygw binary (.ci/run installs it with go
// install); without it the test is skipped, or fails in CI.
func versitygw(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GEN_VERSITYGW"); p != "" {
		return p
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	gopath, _ := exec.Command("go", "env", "GOPATH").Output()
	if p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "versitygw"); fileExists(p) {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no versitygw found; .ci/run installs it with go install github.com/versity/versitygw/cmd/versitygw@v1.8.0")
	}
	t.Skip("no versitygw found: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0 to run the S3 deploy test")
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// startS3 starts a gateway serving a new folder, with one bucket, "site".
func startS3(t *testing.T) *s3Server {
	t.Helper()
	s := &s3Server{bin: versitygw(t), root: t.TempDir()}
	if err := os.Mkdir(filepath.Join(s.root, "site"), 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	l.Close()
	s.start(t)
	t.Cleanup(s.stop)
	t.Setenv("AWS_ACCESS_KEY_ID", "gen-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "gen-test-secret")
	t.Setenv("AWS_REGION", "us-east-1")
	return s
}

// start runs the gateway and waits until it answers.
func (s *s3Server) start(t *testing.T) {
	t.Helper()
	s.cmd = exec.Command(s.bin, "--access", "gen-test", "--secret", "gen-test-secret", "--port", s.addr, "posix", s.root)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("versitygw did not start listening on %s", s.addr)
}

// stop kills the gateway, as a crash would.
func (s *s3Server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

// url is the bucket's URL for gen.toml.
func (s *s3Server) url() string {
	return "s3://site?endpoint=http://" + s.addr + "&use_path_style=true&disable_https=true&region=us-east-1"
}

// copyExampleSite copies the repository's own site (gen.toml, content/,
// static/) into a new folder.
func copyExampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, top := range []string{"gen.toml", "content", "static"} {
		err := filepath.WalkDir(filepath.Join("../..", top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// bucketObjects reads every object of the bucket.
// fingerprintedKey returns the key of objects that starts with prefix and
// goes on with a hash of the object's bytes, as a style sheet's copy
// linked by the pages is named ("css/gen.3f2a1c9e.css").
func fingerprintedKey(t *testing.T, objects map[string][]byte, prefix string) string {
	t.Helper()
	for key := range objects {
		if rest, ok := strings.CutPrefix(key, prefix); ok && regexp.MustCompile(`^[0-9a-f]{16}\.[a-z]+$`).MatchString(rest) {
			return key
		}
	}
	t.Fatalf("no object is named %s and a hash", prefix)
	return ""
}

func bucketObjects(t *testing.T, u string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	objects := map[string][]byte{}
	it := b.List(nil)
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return objects
		}
		if err != nil {
			t.Fatal(err)
		}
		if objects[o.Key], err = b.ReadAll(ctx, o.Key); err != nil {
			t.Fatal(err)
		}
	}
}

// pageLink finds the links and sources of a page.
var pageLink = regexp.MustCompile(`(?:href|src)="([^"#?]+)`)

// checkBrowsable checks that every link of every page in the bucket
// leads to an object in it, as a static host would serve it: a folder's
// link to its index.html.
func checkBrowsable(t *testing.T, objects map[string][]byte, when string) {
	t.Helper()
	for key, data := range objects {
		if !strings.HasSuffix(key, ".html") {
			continue
		}
		for _, m := range pageLink.FindAllStringSubmatch(string(data), -1) {
			link := m[1]
			if strings.Contains(link, "://") || strings.HasPrefix(link, "//") || strings.HasPrefix(link, "mailto:") || strings.HasPrefix(link, "data:") {
				continue
			}
			target := path.Join(path.Dir(key), link)
			if strings.HasPrefix(link, "/") {
				target = strings.TrimPrefix(path.Clean(link), "/")
			}
			if strings.HasSuffix(link, "/") || target == "." || target == "" {
				target = strings.TrimPrefix(path.Join(target, "index.html"), "./")
			}
			if _, ok := objects[target]; !ok {
				if _, ok := objects[target+"/index.html"]; !ok {
					t.Errorf("%s: %s links %s, which is not in the bucket (%s)", when, key, link, target)
				}
			}
		}
	}
}

// TestDeployToS3 publishes the example site to a real S3 server (versitygw
// on 127.0.0.1) as a newsroom would, day after day: a first deploy, one
// with nothing changed, one after a brief is edited, one after a brief is
// deleted, the --max-deletes guard, and a deploy cut short by the server
// dying and run again. After each step every page's links resolve in the
// bucket, and the objects carry their headers.
func TestDeployToS3(t *testing.T) {
	s3 := startS3(t)
	site := copyExampleSite(t)
	cfg, _ := os.ReadFile(filepath.Join(site, "gen.toml"))
	cfg = append(cfg, fmt.Sprintf("\n[deploy]\n[[deploy.targets]]\nname = \"local\"\nurl = %q\n", s3.url())...)
	os.WriteFile(filepath.Join(site, "gen.toml"), cfg, 0o644)
	build := func() {
		t.Helper()
		if code, out, errOut := gen(t, "build", "-s", site, "-q"); code != 0 {
			t.Fatalf("gen build: %s%s", out, errOut)
		}
	}
	deployed := func(args ...string) (int, string, string) {
		t.Helper()
		return gen(t, append([]string{"deploy", "-s", site}, args...)...)
	}

	build()
	code, out, errOut := deployed()
	if code != 0 {
		t.Fatalf("first deploy: exit %d\n%s%s", code, out, errOut)
	}
	local := 0
	filepath.WalkDir(filepath.Join(site, "public"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			local++
		}
		return nil
	})
	if !strings.Contains(out, fmt.Sprintf("local: %d uploaded", local)) {
		t.Errorf("first deploy did not upload the %d files of the site:\n%s", local, out)
	}
	objects := bucketObjects(t, s3.url())
	checkBrowsable(t, objects, "first deploy")

	// Headers.
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, s3.url())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for key, want := range map[string][2]string{
		"index.html":       {"text/html; charset=utf-8", "public, max-age=0, must-revalidate"},
		"css/gen.css":      {"text/css; charset=utf-8", "public, max-age=0, must-revalidate"},
		"sitemap.xml":      {"application/xml; charset=utf-8", "public, max-age=0, must-revalidate"},
		"images/logo.svg":  {"image/svg+xml", "public, max-age=3600"},
		"briefs/feed.json": {"application/json; charset=utf-8", "public, max-age=0, must-revalidate"},
		// The copy the pages link, named by a hash of its bytes.
		fingerprintedKey(t, objects, "css/gen."): {"text/css; charset=utf-8", "public, max-age=31536000, immutable"},
	} {
		attrs, err := b.Attributes(ctx, key)
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		if attrs.ContentType != want[0] || attrs.CacheControl != want[1] {
			t.Errorf("%s stored with Content-Type %q, Cache-Control %q; want %q, %q", key, attrs.ContentType, attrs.CacheControl, want[0], want[1])
		}
	}

	// Nothing changed: nothing uploaded.
	build()
	if code, out, _ := deployed(); code != 0 || !strings.Contains(out, "local is up to date") {
		t.Errorf("second deploy with nothing changed:\n%s", out)
	}

	// One brief edited: its page, and the lists, feeds and sitemaps that
	// show it, not the whole site.
	brief := filepath.Join(site, "content/briefs/nvidia-export-rules.md")
	data, _ := os.ReadFile(brief)
	os.WriteFile(brief, []byte(strings.Replace(string(data), "\n---\n", "\n---\nA sentence added for the deploy test.\n\n", 1)), 0o644)
	build()
	code, out, errOut = deployed()
	if code != 0 || !strings.Contains(out, "upload briefs/nvidia-export-rules/index.html (changed") {
		t.Fatalf("deploy after an edit: exit %d\n%s%s", code, out, errOut)
	}
	var uploaded int
	fmt.Sscanf(out[strings.Index(out, "local: "):], "local: %d uploaded", &uploaded)
	if uploaded == 0 || uploaded > local/2 {
		t.Errorf("one brief edited: %d of %d files uploaded", uploaded, local)
	}
	checkBrowsable(t, bucketObjects(t, s3.url()), "after an edit")

	// Two briefs deleted: refused past --max-deletes, then done.
	os.Remove(filepath.Join(site, "content/briefs/eu-data-act-cloud-switching.md"))
	os.Remove(filepath.Join(site, "content/briefs/cloud-gpu-rental-prices.md"))
	build()
	if code, _, errOut := deployed("--max-deletes", "1"); code == 0 || !strings.Contains(errOut, "more than 1") {
		t.Errorf("a deploy past --max-deletes was not refused: %s", errOut)
	}
	if _, ok := bucketObjects(t, s3.url())["briefs/cloud-gpu-rental-prices/index.html"]; !ok {
		t.Error("a refused deploy deleted a page")
	}
	code, out, errOut = deployed()
	if code != 0 || !strings.Contains(out, "delete briefs/cloud-gpu-rental-prices/index.html") || !strings.Contains(out, "delete briefs/eu-data-act-cloud-switching/index.html") {
		t.Fatalf("deploy after deleting briefs: exit %d\n%s%s", code, out, errOut)
	}
	objects = bucketObjects(t, s3.url())
	if _, ok := objects["briefs/cloud-gpu-rental-prices/index.html"]; ok {
		t.Error("a deleted brief's page is still in the bucket")
	}
	checkBrowsable(t, objects, "after deletions")

	// The server dies mid-deploy: every page that is there still works,
	// and the next deploy finishes the job.
	gen(t, "build", "-s", site, "-q", "--baseURL", "https://news.example.org/") // every page changes
	done := make(chan string, 1)
	started := time.Now()
	go func() {
		_, out, errOut := gen(t, "deploy", "-s", site, "--workers", "1")
		done <- out + errOut
	}()
	for time.Since(started) < 30*time.Second && writtenSince(filepath.Join(s3.root, "site"), started) < 5 {
		time.Sleep(2 * time.Millisecond)
	}
	s3.stop()
	cut := <-done
	if !strings.Contains(cut, "run gen deploy again") {
		t.Errorf("a deploy whose server died did not say to run it again:\n%s", cut)
	}
	s3.start(t)
	checkBrowsable(t, bucketObjects(t, s3.url()), "after a deploy cut short")
	if code, out, errOut := deployed(); code != 0 {
		t.Fatalf("deploy run again: exit %d\n%s%s", code, out, errOut)
	}
	objects = bucketObjects(t, s3.url())
	checkBrowsable(t, objects, "after the deploy run again")
	if !strings.Contains(string(objects["sitemap.xml"]), "https://news.example.org/") {
		t.Error("the deploy run again did not finish: the sitemap is the old one")
	}
	if code, out, _ := deployed(); code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("a third deploy had work left:\n%s", out)
	}
}

// writtenSince counts the files under dir written since t: the objects
// a deploy under way has stored.
func writtenSince(dir string, t time.Time) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(t) {
			n++
		}
		return nil
	})
	return n
}
