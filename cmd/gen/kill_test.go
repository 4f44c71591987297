package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/corpus"
)

// TestKilledBuilds kills real gen build processes at random moments and
// checks that public/ is always the whole old site or the whole new one,
// and that the next build clears what a killed one left behind. Some kills
// must land mid-write: a build's staging folder, made by output.Begin and
// gone once the new output is swapped in, is there after the kill.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gen and kills builds for a few seconds")
	}
	bin := genBinary(t)
	site := t.TempDir()
	if err := corpus.Write(site, 300); err != nil {
		t.Fatal(err)
	}
	config := func(title string) {
		writeFile(t, filepath.Join(site, "gen.toml"), []byte("title = \""+title+"\"\nbaseURL = \"https://bench.example.org/\"\n"))
	}
	build := func(dest string) time.Duration {
		start := time.Now()
		if out, err := exec.Command(bin, "build", "-s", site, "-d", dest, "-q").CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
		return time.Since(start)
	}
	// The two sites a killed build may leave: A and B.
	refs := map[string]map[string]fileState{}
	var took time.Duration
	for _, v := range []string{"A", "B"} {
		config("Site " + v)
		dir := filepath.Join(t.TempDir(), v)
		took = build(dir)
		refs[v] = tree(t, dir)
	}
	public := filepath.Join(site, "public")
	config("Site A")
	build(public)

	r := rand.New(rand.NewPCG(1, 2))
	version := "A"
	kept, replaced, midWrite := 0, 0, 0
	for round := range 20 {
		next := map[string]string{"A": "B", "B": "A"}[version]
		before := stagingFolders(t, site)
		config("Site " + next)
		cmd := exec.Command(bin, "build", "-s", site, "-q")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.Int64N(int64(took) * 3 / 2)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		// A staging folder this build made (Begin first removes those of
		// earlier builds) means the kill came between Begin and the end of
		// the swap.
		for _, name := range stagingFolders(t, site) {
			if !slices.Contains(before, name) {
				midWrite++
				break
			}
		}
		got := tree(t, public)
		matched := ""
		for v, want := range refs {
			if sameFiles(got, want) {
				matched = v
			}
		}
		if matched == "" {
			t.Fatalf("round %d: public/ is neither the old site nor the new one (%d files)", round, len(got))
		}
		if matched == version {
			kept++
		} else {
			replaced++
		}
		version = matched
		if round%5 == 4 {
			build(public)
			version = next
			for _, e := range stagingFolders(t, site) {
				t.Errorf("round %d: %s left after a good build", round, e)
			}
		}
	}
	t.Logf("killed 20 builds: %d left the old site, %d had swapped in the new one, %d were killed mid-write", kept, replaced, midWrite)
	if midWrite == 0 {
		t.Errorf("no kill landed while a build was writing its output: the test proved nothing about torn writes")
	}
}

// stagingFolders lists the staging folders of public/ in the site folder.
func stagingFolders(t *testing.T, site string) []string {
	var out []string
	for _, e := range readDir(t, site) {
		if strings.HasPrefix(e, ".gen-public.staging-") {
			out = append(out, e)
		}
	}
	return out
}

func sameFiles(got, want map[string]fileState) bool {
	if len(got) != len(want) {
		return false
	}
	for p, st := range want {
		if g, ok := got[p]; !ok || g.data != st.data {
			return false
		}
	}
	return true
}

func readDir(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
