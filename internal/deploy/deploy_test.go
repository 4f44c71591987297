package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gocloud.dev/blob"

	"github.com/gen-briefs/gen/internal/config"
)

// writeSite writes files (slash paths) into a new folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// folderTarget is a file:// target in a new folder.
func folderTarget(t *testing.T) config.DeployTarget {
	dir := t.TempDir()
	return config.DeployTarget{Name: "folder", URL: "file://" + (&url.URL{Path: filepath.ToSlash(dir)}).EscapedPath()}
}

// openFolder opens a file:// target in a new folder, closed when the
// test ends.
func openFolder(t *testing.T) (config.DeployTarget, *blob.Bucket) {
	t.Helper()
	target := folderTarget(t)
	b, err := Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return target, b
}

// deployOnce plans and applies a deploy of dir to target.
func deployOnce(t *testing.T, dir string, target config.DeployTarget, cfg config.Deploy, force bool) (*Plan, *Summary) {
	t.Helper()
	ctx := context.Background()
	b, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	opts := Options{Dir: dir, Target: target, Config: cfg, Force: force, MaxDeletes: DefaultMaxDeletes}
	plan, err := MakePlan(ctx, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Apply(ctx, b, plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	return plan, sum
}

func keysOf(changes []Change) []string {
	var keys []string
	for _, c := range changes {
		keys = append(keys, c.Key)
	}
	slices.Sort(keys)
	return keys
}

// TestDeployToFolder deploys a site to a file:// target again and again:
// everything at first, nothing when nothing changed, one file when one
// changed, a deletion when a file went, and every file when the header
// rules changed; the manifest is never deleted or listed as a change.
func TestDeployToFolder(t *testing.T) {
	site := writeSite(t, map[string]string{
		"index.html":                "<a href=\"briefs/a/\">a</a>",
		"briefs/a/index.html":       "<link href=\"/css/gen.css\">A",
		"css/gen.css":               "body{}",
		"images/chart.3f2a1c9e.png": "PNG",
		"sitemap.xml":               "<urlset/>",
		"robots.txt":                "User-agent: *",
		"index.xml":                 "<rss/>",
		".gen-output":               "marker",
	})
	target := folderTarget(t)
	plan, sum := deployOnce(t, site, target, config.Deploy{}, false)
	if sum.Uploaded != 7 || sum.Deleted != 0 || plan.Unchanged != 0 {
		t.Fatalf("first deploy: %+v; want 7 uploads (the marker left out)", sum)
	}
	if got := keysOf(plan.Phases[0]); !slices.Equal(got, []string{"css/gen.css", "images/chart.3f2a1c9e.png"}) {
		t.Errorf("assets phase %q", got)
	}
	if got := keysOf(plan.Phases[1]); !slices.Equal(got, []string{"briefs/a/index.html"}) {
		t.Errorf("pages phase %q", got)
	}
	if got := keysOf(plan.Phases[2]); !slices.Equal(got, []string{"index.html", "index.xml", "robots.txt", "sitemap.xml"}) {
		t.Errorf("last phase %q", got)
	}

	// Files other tools keep in the bucket, hidden as gen's never are,
	// stay.
	ctx := context.Background()
	b, _ := Open(ctx, target)
	defer b.Close()
	if err := b.WriteAll(ctx, ".well-known/security.txt", []byte("Contact: x"), nil); err != nil {
		t.Fatal(err)
	}
	plan, sum = deployOnce(t, site, target, config.Deploy{}, false)
	if sum.Uploaded != 0 || sum.Deleted != 0 || plan.Unchanged != 7 {
		t.Errorf("second deploy, nothing changed: %+v, %d unchanged; want nothing done", sum, plan.Unchanged)
	}

	os.WriteFile(filepath.Join(site, "briefs/a/index.html"), []byte("<link href=\"/css/gen.css\">A, edited"), 0o644)
	os.Remove(filepath.Join(site, "index.xml"))
	plan, sum = deployOnce(t, site, target, config.Deploy{}, false)
	if got := keysOf(plan.Phases[1]); sum.Uploaded != 1 || !slices.Equal(got, []string{"briefs/a/index.html"}) || plan.Phases[1][0].Why != "changed" {
		t.Errorf("one page edited: uploaded %d, %q", sum.Uploaded, got)
	}
	if !slices.Equal(plan.Deletes, []string{"index.xml"}) || sum.Deleted != 1 {
		t.Errorf("one file gone: deletes %q", plan.Deletes)
	}

	rules := config.Deploy{Headers: []config.HeaderRule{{Pattern: "*.png", CacheControl: "public, max-age=60"}}}
	plan, sum = deployOnce(t, site, target, rules, false)
	if got := keysOf(plan.Phases[0]); sum.Uploaded != 1 || !slices.Equal(got, []string{"images/chart.3f2a1c9e.png"}) || plan.Phases[0][0].Why != "headers" {
		t.Errorf("a header rule changed: uploaded %d, %q", sum.Uploaded, got)
	}
	attrs, err := b.Attributes(ctx, "images/chart.3f2a1c9e.png")
	if err != nil || attrs.CacheControl != "public, max-age=60" || attrs.ContentType != "image/png" {
		t.Errorf("chart stored with %+v, %v", attrs, err)
	}
	if ok, _ := b.Exists(ctx, ManifestKey); !ok {
		t.Error("no manifest after a deploy")
	}
	if ok, _ := b.Exists(ctx, ".well-known/security.txt"); !ok {
		t.Error("a deploy deleted a hidden file another tool keeps in the bucket")
	}
}

// TestHeaders checks the default headers of each kind of file, and that
// a rule of gen.toml wins over them.
func TestHeaders(t *testing.T) {
	rules := config.Deploy{Headers: []config.HeaderRule{{Pattern: "downloads/*", CacheControl: "no-store"}, {Pattern: "*.pdf", CacheControl: "public, max-age=600"}}}
	tests := []struct{ name, ctype, cache string }{
		{"index.html", "text/html; charset=utf-8", Revalidate},
		{"briefs/a/index.html", "text/html; charset=utf-8", Revalidate},
		{"index.xml", "application/xml; charset=utf-8", Revalidate},
		{"briefs/feed.json", "application/json; charset=utf-8", Revalidate},
		{"sitemap.xml", "application/xml; charset=utf-8", Revalidate},
		{"robots.txt", "text/plain; charset=utf-8", Revalidate},
		{"css/gen.css", "text/css; charset=utf-8", Revalidate},
		{"css/gen.3f2a1c9e.css", "text/css; charset=utf-8", Immutable},
		// gen's copies carry 16 hex digits, which may all be figures.
		{"css/d.8135886601234567.css", "text/css; charset=utf-8", Immutable},
		{"js/a.81358866.js", "text/javascript; charset=utf-8", Revalidate},
		{"logs/run.1733472000.txt", "text/plain; charset=utf-8", Revalidate},
		{"images/chart.1a2b3c4d5e6f-480w.webp", "image/webp", Immutable},
		{"img/0123456789abcdef-480.webp", "image/webp", Immutable},
		{"img/0123456789abcdef-1440.png", "image/png", Immutable},
		{"images/deadbeef.png", "image/png", Short},
		{"files/results-20241031.png", "image/png", Short},
		{"photo-12345678.jpg", "image/jpeg", Short},
		{"photo.abc.jpg", "image/jpeg", Short},
		{"images/logo.svg", "image/svg+xml", Short},
		{"briefs/a/chart.png", "image/png", Short},
		{"report.pdf", "application/pdf", "public, max-age=600"},
		{"downloads/report.pdf", "application/pdf", "no-store"},
	}
	for _, tt := range tests {
		h := headersOf(tt.name, rules)
		if h.ContentType != tt.ctype || h.CacheControl != tt.cache || h.ContentEncoding != "" {
			t.Errorf("%s: %+v; want %s, %s", tt.name, h, tt.ctype, tt.cache)
		}
	}
	gz := config.Deploy{Gzip: true}
	for name, want := range map[string]string{"a.html": "gzip", "a.css": "gzip", "a.svg": "gzip", "a.json": "gzip", "a.png": "", "a.webp": ""} {
		if got := headersOf(name, gz).ContentEncoding; got != want {
			t.Errorf("gzip %s: Content-Encoding %q, want %q", name, got, want)
		}
	}
}

// TestGzip checks that a compressed file is stored compressed, reads back
// as the original, and is not uploaded again when unchanged (its gzip
// bytes are the same every time).
func TestGzip(t *testing.T) {
	page := strings.Repeat("<p>Brief text.</p>\n", 200)
	site := writeSite(t, map[string]string{"index.html": page, "a.png": "PNG"})
	target := folderTarget(t)
	cfg := config.Deploy{Gzip: true}
	deployOnce(t, site, target, cfg, false)
	ctx := context.Background()
	b, _ := Open(ctx, target)
	defer b.Close()
	stored, err := b.ReadAll(ctx, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	r, err := gzip.NewReader(bytes.NewReader(stored))
	if err != nil {
		t.Fatalf("index.html is not stored gzipped: %v", err)
	}
	plain, _ := io.ReadAll(r)
	if string(plain) != page || len(stored) >= len(page) {
		t.Errorf("stored %d bytes that read back as %d; want the page, smaller", len(stored), len(plain))
	}
	if attrs, _ := b.Attributes(ctx, "index.html"); attrs.ContentEncoding != "gzip" {
		t.Errorf("Content-Encoding %q", attrs.ContentEncoding)
	}
	if _, sum := deployOnce(t, site, target, cfg, false); sum.Uploaded != 0 {
		t.Errorf("an unchanged gzipped site uploaded %d files again", sum.Uploaded)
	}
}

// TestMaxDeletes checks that a deploy that would delete more than the
// limit changes nothing, unless forced.
func TestMaxDeletes(t *testing.T) {
	files := map[string]string{"index.html": "home"}
	for i := range 5 {
		files["briefs/"+string(rune('a'+i))+"/index.html"] = "brief"
	}
	site := writeSite(t, files)
	target := folderTarget(t)
	deployOnce(t, site, target, config.Deploy{}, false)
	empty := writeSite(t, map[string]string{"index.html": "home, alone"})
	ctx := context.Background()
	b, _ := Open(ctx, target)
	defer b.Close()
	opts := Options{Dir: empty, Target: target, MaxDeletes: 3}
	plan, err := MakePlan(ctx, b, opts)
	var tooMany *TooManyDeletes
	if !errors.As(err, &tooMany) || tooMany.Deletes != 5 || len(plan.Deletes) != 5 {
		t.Fatalf("MakePlan = %v; want it to refuse 5 deletions", err)
	}
	if ok, _ := b.Exists(ctx, "briefs/a/index.html"); !ok {
		t.Error("a refused deploy deleted a file")
	}
	opts.Force = true
	plan, err = MakePlan(ctx, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := Apply(ctx, b, plan, opts); err != nil || sum.Deleted != 5 {
		t.Errorf("forced: %+v, %v", sum, err)
	}
}

// TestPhasesInOrder checks, from the times the folder target stored each
// file, that every asset was stored before any page, and every page
// before the home page and the sitemap.
func TestPhasesInOrder(t *testing.T) {
	files := map[string]string{"index.html": "home", "sitemap.xml": "<urlset/>"}
	for i := range 40 {
		files["img/"+string(rune('a'+i%26))+string(rune('a'+i/26))+".png"] = "PNG"
		files["briefs/"+string(rune('a'+i%26))+string(rune('a'+i/26))+"/index.html"] = "page"
	}
	site := writeSite(t, files)
	target := folderTarget(t)
	deployOnce(t, site, target, config.Deploy{}, false)
	ctx := context.Background()
	b, _ := Open(ctx, target)
	defer b.Close()
	var latest [3]time.Time
	earliest := [3]time.Time{}
	it := b.List(nil)
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if o.Key == ManifestKey {
			continue
		}
		p := phaseOf(o.Key)
		if o.ModTime.After(latest[p]) {
			latest[p] = o.ModTime
		}
		if earliest[p].IsZero() || o.ModTime.Before(earliest[p]) {
			earliest[p] = o.ModTime
		}
	}
	if latest[0].After(earliest[1]) || latest[1].After(earliest[2]) {
		t.Errorf("phases overlap: assets until %v, pages from %v until %v, last phase from %v", latest[0], earliest[1], latest[1], earliest[2])
	}
}

// TestHashCache: a deploy takes the MD5 of a file it hashed before from
// its cache when the file's size and modification time are the same (gen
// build keeps both for a file whose bytes did not change), hashes a file
// whose status changed, and does not keep the hash of a file modified
// just before it was hashed, which could change again within the same
// tick of the clock.
func TestHashCache(t *testing.T) {
	site := writeSite(t, map[string]string{"index.html": "home", "a.html": "aaaa", "b.html": "bbbb"})
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, name := range []string{"index.html", "a.html", "b.html"} {
		if err := os.Chtimes(filepath.Join(site, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	target := folderTarget(t)
	cache := filepath.Join(t.TempDir(), "cache", "deploy-hashes")
	ctx := context.Background()
	b, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	opts := Options{Dir: site, Target: target, MaxDeletes: DefaultMaxDeletes, HashCache: cache}
	deploy := func(step string) *Plan {
		t.Helper()
		plan, err := MakePlan(ctx, b, opts)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if _, err := Apply(ctx, b, plan, opts); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return plan
	}
	rewrite := func(name, data string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(site, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	changed := func(plan *Plan) []string {
		return keysOf(slices.Concat(plan.Phases[0], plan.Phases[1], plan.Phases[2]))
	}

	if plan := deploy("first deploy"); plan.Uploads() != 3 {
		t.Fatalf("first deploy uploaded %v", changed(plan))
	}
	if data, err := os.ReadFile(cache); err != nil || strings.Count(string(data), "\n") != 4 {
		t.Fatalf("the cache holds %q (%v), want a line for the format and one for each file", data, err)
	}
	// The same size and time: the cache's MD5, without reading the file.
	rewrite("a.html", "AAAA", old)
	before, err := os.Stat(cache)
	if err != nil {
		t.Fatal(err)
	}
	if plan := deploy("a rewritten in place"); plan.Uploads() != 0 {
		t.Errorf("a file of the same status was hashed again: %v", changed(plan))
	}
	// Every file found in it, and no other: the cache is not written again.
	if after, err := os.Stat(cache); err != nil || !os.SameFile(before, after) {
		t.Errorf("a cache that knew every file was written again (%v)", err)
	}
	// A new time: hashed again. (A time a little ahead, as another
	// machine's clock may set, is as recent as can be, whatever the
	// speed of the machine running the test.)
	now := time.Now().Add(time.Minute)
	rewrite("b.html", "BBBB", now)
	if got := changed(deploy("b rewritten now")); !slices.Equal(got, []string{"b.html"}) {
		t.Errorf("after b.html was rewritten, the deploy uploaded %v", got)
	}
	// b.html was modified no earlier than it was hashed: its hash was
	// not kept, so a change within the same tick is still seen.
	rewrite("b.html", "bBbB", now)
	if got := changed(deploy("b rewritten within the same tick")); !slices.Equal(got, []string{"b.html"}) {
		t.Errorf("after b.html was rewritten with the same time, the deploy uploaded %v", got)
	}
	// A cache that cannot be read is no cache.
	if err := os.WriteFile(cache, []byte(hashCacheFormat+"\t"+site+"\nnot\ta\tline\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := changed(deploy("a corrupt cache")); !slices.Equal(got, []string{"a.html"}) {
		t.Errorf("with a corrupt cache, the deploy uploaded %v, want a.html, whose bytes changed", got)
	}
}

func TestRacy(t *testing.T) {
	taken := time.Date(2026, 12, 6, 9, 0, 10, 500_000_000, time.UTC)
	for _, tc := range []struct {
		mtime time.Time
		want  bool
	}{
		{taken.Add(-50 * time.Millisecond), true},
		{taken.Add(-150 * time.Millisecond), false},
		{taken.Add(time.Second), true},
		// Whole seconds: maybe a file system that keeps no finer time.
		{time.Date(2026, 12, 6, 9, 0, 9, 0, time.UTC), true},
		{time.Date(2026, 12, 6, 9, 0, 8, 0, time.UTC), false},
	} {
		if got := racy(tc.mtime, taken); got != tc.want {
			t.Errorf("racy(%v, %v) = %v, want %v", tc.mtime, taken, got, tc.want)
		}
	}
}

// TestRecord: a deploy that finished leaves a record of the bucket, and
// the next compares with it instead of listing the bucket; a deploy cut
// short, two deploys at once, --verify and --force make the next list the
// bucket's objects, and converge.
func TestRecord(t *testing.T) {
	site := writeSite(t, map[string]string{"index.html": "home", "a/index.html": "A", "css/gen.css": "body{}"})
	target, b := openFolder(t)
	ctx := context.Background()
	plan := func(step string, opts Options) *Plan {
		t.Helper()
		opts.Dir, opts.Target, opts.MaxDeletes = site, target, DefaultMaxDeletes
		p, err := MakePlan(ctx, b, opts)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return p
	}
	apply := func(step string, p *Plan) {
		t.Helper()
		if _, err := Apply(ctx, b, p, Options{Dir: site, Target: target}); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}

	if p := plan("first deploy", Options{}); !p.Listed || p.Uploads() != 3 {
		t.Fatalf("first deploy: listed %v, %d uploads", p.Listed, p.Uploads())
	} else {
		apply("first deploy", p)
	}
	if p := plan("nothing changed", Options{}); p.Listed || !p.UpToDate() {
		t.Errorf("after a deploy that finished: listed %v, up to date %v; want the record used, and nothing to do", p.Listed, p.UpToDate())
	}
	// An object deleted by other means: the record does not know it;
	// --verify lists the bucket and uploads it again.
	if err := b.Delete(ctx, "a/index.html"); err != nil {
		t.Fatal(err)
	}
	if p := plan("deleted by other means", Options{}); !p.UpToDate() {
		t.Errorf("the record was not used: %d uploads", p.Uploads())
	}
	p := plan("--verify", Options{Verify: true})
	if got := keysOf(p.Phases[1]); !p.Listed || !slices.Equal(got, []string{"a/index.html"}) {
		t.Fatalf("--verify: listed %v, uploads %v; want a/index.html again", p.Listed, got)
	}
	apply("--verify", p)
	if p := plan("--force", Options{Force: true}); !p.Listed || p.Uploads() != 3 {
		t.Errorf("--force: listed %v, %d uploads", p.Listed, p.Uploads())
	}

	// A deploy cut short: a file gone between the plan and the upload.
	os.WriteFile(filepath.Join(site, "index.html"), []byte("home, edited"), 0o644)
	os.WriteFile(filepath.Join(site, "a/index.html"), []byte("A, edited"), 0o644)
	p = plan("cut short", Options{})
	os.Remove(filepath.Join(site, "a/index.html"))
	if _, err := Apply(ctx, b, p, Options{Dir: site, Target: target, Retries: 1, RetryWait: time.Millisecond}); err == nil {
		t.Fatal("a deploy of a file that is gone did not fail")
	}
	if m, err := readManifest(ctx, b); err != nil || m.Complete {
		t.Fatalf("a deploy cut short left a record marked complete (%v)", err)
	}
	os.WriteFile(filepath.Join(site, "a/index.html"), []byte("A"), 0o644)
	// The upload of a/index.html failed, so the bucket still holds "A":
	// only the listing can say so. Whether it was stored with the headers
	// of the deploy cut short, a listing cannot say: it is uploaded again.
	p = plan("after the cut", Options{})
	if got := keysOf(slices.Concat(p.Phases[0], p.Phases[1], p.Phases[2])); !p.Listed || !slices.Equal(got, []string{"a/index.html", "index.html"}) {
		t.Errorf("after a deploy cut short: listed %v, uploads %v; want the bucket listed, and both files of the plan cut short", p.Listed, got)
	}
	apply("after the cut", p)
	if p := plan("converged", Options{}); p.Listed || !p.UpToDate() {
		t.Errorf("after the deploy that finished the job: listed %v, up to date %v", p.Listed, p.UpToDate())
	}

	// A plan made before another deploy changed the bucket is refused
	// before it changes anything.
	os.WriteFile(filepath.Join(site, "css/gen.css"), []byte("body{margin:0}"), 0o644)
	stale := plan("stale plan", Options{})
	apply("the other deploy", plan("the other deploy", Options{}))
	os.WriteFile(filepath.Join(site, "css/gen.css"), []byte("body{margin:1px}"), 0o644)
	if _, err := Apply(ctx, b, stale, Options{Dir: site, Target: target}); !errors.Is(err, errRecordChanged) {
		t.Errorf("a plan made before another deploy: %v, want it refused", err)
	}
	if data, _ := b.ReadAll(ctx, "css/gen.css"); string(data) != "body{margin:0}" {
		t.Errorf("the refused deploy changed css/gen.css to %q", data)
	}

	// Two deploys at once, each past its check before the other wrote:
	// neither leaves a record marked complete.
	first := plan("first of two", Options{})
	firstGen, err := begin(ctx, b, first, Options{})
	if err != nil {
		t.Fatal(err)
	}
	second := plan("second of two", Options{})
	secondGen, err := begin(ctx, b, second, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := finish(ctx, b, firstGen, first.files, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := finish(ctx, b, secondGen, second.files, Options{}); err != nil {
		t.Fatal(err)
	}
	p = plan("after two at once", Options{})
	if !p.Listed {
		t.Fatal("after two deploys at once, the record was trusted")
	}
	// A deploy that finds nothing to change leaves a record to trust.
	apply("after two at once", p)
	if p := plan("trusted again", Options{}); p.Listed || !p.UpToDate() {
		t.Errorf("after a deploy that found the bucket right: listed %v, up to date %v", p.Listed, p.UpToDate())
	}
}

// TestHeadersOfADeployCutShort: objects a deploy cut short may have
// stored with new headers are uploaded again by the next, even when their
// bytes are the same and the rule is back as it was.
func TestHeadersOfADeployCutShort(t *testing.T) {
	site := writeSite(t, map[string]string{"index.html": "home", "a.png": "PNG"})
	target, b := openFolder(t)
	ctx := context.Background()
	rule := func(cc string) config.Deploy {
		return config.Deploy{Headers: []config.HeaderRule{{Pattern: "*.png", CacheControl: cc}}}
	}
	deployOnce(t, site, target, rule("public, max-age=10"), false)
	opts := Options{Dir: site, Target: target, Config: rule("public, max-age=99"), MaxDeletes: DefaultMaxDeletes}
	p, err := MakePlan(ctx, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := begin(ctx, b, p, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(ctx, b, p.Phases[0][0]); err != nil { // then cut short
		t.Fatal(err)
	}
	for _, o := range []Options{{}, {Verify: true}} {
		o.Dir, o.Target, o.Config, o.MaxDeletes = site, target, rule("public, max-age=10"), DefaultMaxDeletes
		p, err := MakePlan(ctx, b, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := keysOf(p.Phases[0]); !slices.Equal(got, []string{"a.png"}) || p.Phases[0][0].Why != "headers" {
			t.Errorf("verify %v: uploads %v; want a.png, for its headers", o.Verify, got)
		}
	}
}

// TestManifestRoundTrip: the record reads back as written, and a record
// that is cut, of another format or garbled is not read.
func TestManifestRoundTrip(t *testing.T) {
	sum := bytes.Repeat([]byte{0xab}, 16)
	m := &manifest{Objects: map[string]manifestEntry{
		"index.html":         {MD5: sum, Size: 10, Headers: Headers{"text/html; charset=utf-8", Revalidate, ""}.key()},
		"a b/with space.css": {MD5: sum, Size: 0, Headers: Headers{"text/css", Immutable, "gzip"}.key()},
		"headers/only.html":  {Headers: Headers{"text/html; charset=utf-8", Revalidate, ""}.key()},
	}}
	var buf bytes.Buffer
	// Written to a folder bucket and read back.
	_, b := openFolder(t)
	ctx := context.Background()
	if err := m.write(ctx, b, Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := readManifest(ctx, b)
	if err != nil || got.Complete || got.Generation != m.Generation || len(got.Generation) != 16 || len(got.Objects) != 3 {
		t.Fatalf("read back %+v, %v", got, err)
	}
	for k, e := range m.Objects {
		if g := got.Objects[k]; !bytes.Equal(g.MD5, e.MD5) || g.Size != e.Size || g.Headers != e.Headers {
			t.Errorf("%s read back as %+v, want %+v", k, g, e)
		}
	}
	for name, text := range map[string]string{
		"another format": "gen deploy record 2\ncomplete\n0\n",
		"no state":       manifestFormat + "\n",
		"no generation":  manifestFormat + "\ncomplete\n0\n",
		"a bad index":    manifestFormat + "\ncomplete 1\n1\n\"h\"\n" + strings.Repeat("ab", 16) + " 1 1 index.html\n",
		"a short MD5":    manifestFormat + "\ncomplete 1\n1\n\"h\"\nabab 1 0 index.html\n",
	} {
		buf.Reset()
		buf.WriteString(text)
		if _, err := parseManifest(&buf); err == nil {
			t.Errorf("%s: read", name)
		}
	}
}

// TestRecordOfAnotherVersion: a record this gen cannot read is not
// trusted, and a deploy replaces it rather than stopping at its check.
func TestRecordOfAnotherVersion(t *testing.T) {
	site := writeSite(t, map[string]string{"index.html": "home"})
	target, b := openFolder(t)
	ctx := context.Background()
	if err := b.WriteAll(ctx, ManifestKey, []byte("a record of gen 9"), &blob.WriterOptions{Metadata: map[string]string{generationKey: "feedfacefeedface"}}); err != nil {
		t.Fatal(err)
	}
	plan, _ := deployOnce(t, site, target, config.Deploy{}, false)
	if !plan.Listed {
		t.Error("a record of another version was trusted")
	}
	if m, err := readManifest(ctx, b); err != nil || !m.Complete {
		t.Errorf("after the deploy, the record is %+v (%v), want one marked complete", m, err)
	}
}
