package corpus

import (
	"bytes"
	"os"
	"path/filepath"
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
		if !bytes.Contains(x, []byte("## Why it matters")) || !bytes.Contains(x, []byte("key_points:")) {
			t.Fatalf("%s is not a brief:\n%s", name, x)
		}
	}
}
