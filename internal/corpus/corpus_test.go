package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, 30); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 30 {
		name := filepath.Join("content", "briefs", Slug(i)+".md")
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs", name)
		}
	}
}

// TestBriefsMeetTheSpec checks every brief of a corpus large enough to
// hold every table, code block and word budget: the body's length, the
// sections, the frontmatter fields and the number of terms.
func TestBriefsMeetTheSpec(t *testing.T) {
	const n = 500
	dir := t.TempDir()
	if err := Write(dir, n); err != nil {
		t.Fatal(err)
	}
	lo, hi, tables, code := MaxWords, MinWords, 0, 0
	for i := range n {
		name := filepath.Join("content", "briefs", Slug(i)+".md")
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		w := Words(text)
		lo, hi = min(lo, w), max(hi, w)
		if w < MinWords || w > MaxWords {
			t.Errorf("%s: %d words, want %d to %d", name, w, MinWords, MaxWords)
		}
		for _, want := range []string{"\ntitle: ", "\ndate: ", "\ncompanies: [", "\ntopics: [", "\nregion: ",
			"\nsources:\n", "\nkey_points:\n", "## What happened", "## Why it matters", "## Also read",
			"**", "*preliminary*", "](https://", ".md)"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		for _, key := range []string{"companies", "topics"} {
			_, rest, _ := strings.Cut(text, "\n"+key+": [")
			list, _, _ := strings.Cut(rest, "]")
			if k := strings.Count(list, ",") + 1; k < 1 || k > 3 {
				t.Errorf("%s: %d %s, want 1 to 3", name, k, key)
			}
		}
		if strings.Contains(text, "| --- |") {
			tables++
		}
		if strings.Contains(text, "```") {
			code++
		}
	}
	if tables == 0 || code == 0 {
		t.Errorf("%d tables and %d code blocks in %d briefs, want some of each", tables, code, n)
	}
	t.Logf("words per brief: %d to %d; %d tables, %d code blocks", lo, hi, tables, code)
}

func TestBriefHasMarker(t *testing.T) {
	text := Brief(3, 100, "Edit 1.")
	if !strings.HasSuffix(text, "\nEdit 1.\n") || Words(text) < MinWords {
		t.Fatalf("Brief(3, 100, ...) = %q", text)
	}
}

func TestWords(t *testing.T) {
	for text, want := range map[string]int{
		"---\ntitle: \"A b c\"\n---\n\n## What happened\n\nOne two, three.\n": 5,
		"| Q1 | 10.2 | 12% |\n| --- | --- | --- |\n":                          1,
		"no frontmatter here": 3,
	} {
		if got := Words(text); got != want {
			t.Errorf("Words(%q) = %d, want %d", text, got, want)
		}
	}
}
