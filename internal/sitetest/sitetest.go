// Package sitetest writes small sites into temporary folders for tests.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash-separated paths from the site root to their
// text) into a new temporary folder and returns it.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		WriteFile(t, dir, name, data)
	}
	return dir
}

// WriteFile writes one file under dir, creating its folders.
func WriteFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
