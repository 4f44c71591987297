package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestInitCIWorkflow checks the GitHub workflow gen init --ci github
// writes: it parses as YAML and builds with gen and publishes with the
// official Pages actions on a push to main, every hour and by hand; and
// an unknown service writes nothing.
func TestInitCIWorkflow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, out, errOut := gen(t, "init", dir, "--ci", "github"); code != 0 {
		t.Fatalf("gen init --ci github: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".github/workflows/publish.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On struct {
			Push     struct{ Branches []string }
			Schedule []struct{ Cron string }
			Dispatch *struct{} `yaml:"workflow_dispatch"`
		}
		Permissions map[string]string
		Jobs        map[string]struct {
			Needs string
			Steps []struct {
				Uses string
				Run  string
				With map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("the workflow is not YAML: %v\n%s", err, data)
	}
	if !slices.Contains(wf.On.Push.Branches, "main") || len(wf.On.Schedule) != 1 || !regexp.MustCompile(`^\d+ \* \* \* \*$`).MatchString(wf.On.Schedule[0].Cron) {
		t.Errorf("triggers %+v: want a push to main and an hourly schedule", wf.On)
	}
	if !strings.Contains(string(data), "workflow_dispatch:") {
		t.Error("the workflow cannot be run by hand")
	}
	if wf.Permissions["pages"] != "write" || wf.Permissions["id-token"] != "write" {
		t.Errorf("permissions %v: Pages needs pages and id-token write", wf.Permissions)
	}
	var uses []string
	var build string
	for _, s := range wf.Jobs["build"].Steps {
		uses = append(uses, strings.Split(s.Uses, "@")[0])
		if strings.Contains(s.Run, "cmd/gen@") {
			build = s.Run
		}
		if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact") && s.With["path"] != "public" {
			t.Errorf("the artifact is %q, want public", s.With["path"])
		}
	}
	for _, want := range []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact"} {
		if !slices.Contains(uses, want) {
			t.Errorf("the build job does not use %s: %q", want, uses)
		}
	}
	if !strings.Contains(build, " build --baseURL ") {
		t.Errorf("the build step %q does not build with the Pages base URL", build)
	}
	deploy := wf.Jobs["deploy"]
	if deploy.Needs != "build" || len(deploy.Steps) != 1 || !strings.HasPrefix(deploy.Steps[0].Uses, "actions/deploy-pages@") {
		t.Errorf("deploy job %+v", deploy)
	}

	other := filepath.Join(t.TempDir(), "other")
	if code, _, errOut := gen(t, "init", other, "--ci", "jenkins"); code != exitBadUsage || !strings.Contains(errOut, "github") {
		t.Errorf("--ci jenkins: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("gen init with an unknown --ci wrote files")
	}
}

// TestBuildNextScheduled checks that gen build says when the next
// scheduled brief is due, also when the output is up to date, and not
// for drafts or with --future.
func TestBuildNextScheduled(t *testing.T) {
	dir := newSite(t, map[string]string{
		"gen.toml":                "title = \"Sched\"\n",
		"content/briefs/now.md":   "---\ntitle: Now\ndate: 2025-01-01T09:00:00Z\n---\nText.\n",
		"content/briefs/later.md": "---\ntitle: Later\ndate: 2099-03-01T09:30:00Z\n---\nText.\n",
		"content/briefs/soon.md":  "---\ntitle: Soon, a draft\ndate: 2098-01-01T09:00:00Z\ndraft: true\n---\nText.\n",
	})
	want := regexp.MustCompile(`(?m)^  next scheduled brief: content/briefs/later\.md, due 1 March 2099 09:30 UTC \(in \d+ days\): build again then to publish it$`)
	for _, step := range []string{"first build", "up to date"} {
		code, out, errOut := gen(t, "build", "-s", dir)
		if code != 0 || !want.MatchString(out) {
			t.Errorf("%s: exit %d, stdout lacks the next scheduled brief:\n%s%s", step, code, out, errOut)
		}
	}
	if _, out, _ := gen(t, "build", "-s", dir, "--future", "-d", filepath.Join(t.TempDir(), "out")); strings.Contains(out, "next scheduled") {
		t.Errorf("with --future the scheduled briefs are published, yet:\n%s", out)
	}
}

// TestHostFiles checks the _redirects and _headers files a build writes
// with [deploy] host_files: every alias as a 301 to its page, under the
// base URL's path, the image copies cached for a year and a folder rule
// of gen.toml; and none without host_files.
func TestHostFiles(t *testing.T) {
	files := map[string]string{
		"gen.toml": "title = \"Hosts\"\nbaseURL = \"https://example.org/news/\"\n[deploy]\nhost_files = true\n" +
			"[[deploy.headers]]\npattern = \"downloads/*\"\ncache_control = \"no-store\"\n[[deploy.headers]]\npattern = \"*.png\"\ncache_control = \"public, max-age=60\"\n",
		"content/briefs/one.md": "---\ntitle: One\ndate: 2025-01-01T09:00:00Z\naliases: [/2025/01/old-one/, /old.html]\n---\nText.\n",
		"content/briefs/two.md": "---\ntitle: Two\ndate: 2025-01-02T09:00:00Z\n---\nText.\n",
	}
	dir := newSite(t, files)
	if code, out, errOut := gen(t, "build", "-s", dir, "-q"); code != 0 {
		t.Fatalf("gen build: %s%s", out, errOut)
	}
	redirects, err := os.ReadFile(filepath.Join(dir, "public/_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n/news/2025/01/old-one/ /news/briefs/one/ 301\n", "\n/news/old.html /news/briefs/one/ 301\n"} {
		if !strings.Contains(string(redirects), want) {
			t.Errorf("_redirects lacks %q:\n%s", want, redirects)
		}
	}
	headers, err := os.ReadFile(filepath.Join(dir, "public/_headers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n/news/img/*\n  Cache-Control: public, max-age=31536000, immutable\n", "\n/news/downloads/*\n  Cache-Control: no-store\n"} {
		if !strings.Contains(string(headers), want) {
			t.Errorf("_headers lacks %q:\n%s", want, headers)
		}
	}
	// The style sheet's copy the pages link, named by its bytes, for a
	// year; the file of its own name revalidates, as the host does.
	home, err := os.ReadFile(filepath.Join(dir, "public/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`css/gen\.[0-9a-f]{16}\.css`).FindString(string(home))
	if css == "" {
		t.Fatal("the home page links no fingerprinted style sheet")
	}
	if want := "\n/news/" + css + "\n  Cache-Control: public, max-age=31536000, immutable\n"; !strings.Contains(string(headers), want) {
		t.Errorf("_headers lacks %q:\n%s", want, headers)
	}
	if strings.Contains(string(headers), "/css/gen.css") {
		t.Errorf("_headers caches css/gen.css, which keeps its name when it changes:\n%s", headers)
	}
	if strings.Contains(string(headers), "max-age=60") {
		t.Errorf("_headers holds a rule of a file name alone, which these hosts would apply to pages too:\n%s", headers)
	}

	// A build for a folder (a file: base URL) redirects from the site's
	// root, not from the folder's path on disk.
	folder := newSite(t, files)
	if code, out, errOut := gen(t, "build", "-s", folder, "-q", "--baseURL", "file:///srv/briefs/"); code != 0 {
		t.Fatalf("gen build: %s%s", out, errOut)
	}
	if data, err := os.ReadFile(filepath.Join(folder, "public/_redirects")); err != nil || !strings.Contains(string(data), "\n/2025/01/old-one/ /briefs/one/ 301\n") {
		t.Errorf("_redirects of a build for a folder (%v):\n%s", err, data)
	}

	files["gen.toml"] = "title = \"Hosts\"\n"
	plain := newSite(t, files)
	gen(t, "build", "-s", plain, "-q")
	for _, name := range []string{"_redirects", "_headers"} {
		if _, err := os.Stat(filepath.Join(plain, "public", name)); err == nil {
			t.Errorf("%s written without host_files", name)
		}
	}
}

// TestProgressBar checks the line gen deploy redraws on a terminal, and
// that a file is not taken for one (the bar stays off when output goes
// to a file or a pipe).
func TestProgressBar(t *testing.T) {
	var b strings.Builder
	bar := progressBar(&b)
	bar(3, 10)
	bar(10, 10)
	if want := "\r[#########.....................] 3/10\r[##############################] 10/10"; b.String() != want {
		t.Errorf("progress %q, want %q", b.String(), want)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a file is taken for a terminal")
	}
}
