package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/site"
)

// benchBriefs is the corpus size of the serve benchmark; GEN_BENCH_BRIEFS
// changes it.
func benchBriefs() int {
	if n, err := strconv.Atoi(os.Getenv("GEN_BENCH_BRIEFS")); err == nil && n > 0 {
		return n
	}
	return 10000
}

// benchDir is a fresh folder on a RAM disk where there is one, since disk
// speed varies threefold between runs on these machines.
func benchDir(b *testing.B) string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "gen-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

// BenchmarkServeEdit measures, in a running gen serve on a generated site
// of 10,000 briefs, the time from saving one brief to the reload event
// that names its page, open in a tab that loads it again after each
// event (untimed: the page is rendered then). It reports the median and
// 95th percentile.
//
//	go test ./cmd/gen -run '^$' -bench ServeEdit -benchtime 40x
func BenchmarkServeEdit(b *testing.B) {
	n := benchBriefs()
	dir := benchDir(b)
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	p := startServe(b, dir)
	events := p.listen(b)
	edited := n / 2
	file := filepath.Join(dir, "content", "briefs", corpus.Slug(edited)+".md")
	url := "/briefs/" + corpus.Slug(edited) + "/"

	if code, _, _ := p.get(b, url); code != 200 {
		b.Fatalf("GET %s: %d", url, code)
	}
	var times []time.Duration
	for i := -1; i < b.N; i++ {
		if i == 0 {
			times = times[:0] // after one edit that also changes the title
			b.ResetTimer()
		}
		start := time.Now()
		if err := os.WriteFile(file, []byte(corpus.Brief(edited, n, "Edit number "+strconv.Itoa(i)+".")), 0o644); err != nil {
			b.Fatal(err)
		}
		for !contains(events.changed(b), url) {
		}
		times = append(times, time.Since(start))
		b.StopTimer()
		if code, _, body := p.get(b, url); code != 200 || !strings.Contains(body, "Edit number "+strconv.Itoa(i)+".") {
			b.Fatalf("GET %s after the edit: %d", url, code)
		}
		b.StartTimer()
	}
	b.StopTimer()
	if testing.Verbose() {
		b.Log(p.stdout.String())
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "ms-p95")
}

// BenchmarkBuild1000 builds a generated site of 1,000 briefs into memory.
func BenchmarkBuild1000(b *testing.B) {
	dir := benchDir(b)
	if err := corpus.Write(dir, 1000); err != nil {
		b.Fatal(err)
	}
	opts := site.Options{SiteDir: dir}
	b.ResetTimer()
	for range b.N {
		if _, err := site.BuildTo(context.Background(), opts, output.NewMemory()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCorpusBuilds checks that a generated corpus is a valid site.
func TestCorpusBuilds(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 60); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := gen(t, "build", "-s", dir, "-q"); code != 0 {
		t.Fatalf("the corpus does not build: %s %s", out, errOut)
	}
}
