package route

import (
	"strings"
	"testing"
)

func TestFileAndURL(t *testing.T) {
	tests := []struct {
		url, file string
		// canonical is false for a URL that names its index.html, which
		// URL gives back as the folder's URL.
		canonical bool
	}{
		{"/", "index.html", true},
		{"", "index.html", false},
		{"/briefs/", "briefs/index.html", true},
		{"/briefs/aws-cuts/", "briefs/aws-cuts/index.html", true},
		{"/companies/aws/page/2/", "companies/aws/page/2/index.html", true},
		{"/404.html", "404.html", true},
		{"/old/page.html", "old/page.html", true},
		{"/css/gen.css", "css/gen.css", true},
		{"/briefs/x/index.html", "briefs/x/index.html", false},
	}
	for _, tt := range tests {
		if got := File(tt.url); got != tt.file {
			t.Errorf("File(%q) = %q, want %q", tt.url, got, tt.file)
		}
		if got := File(URL(tt.file)); got != tt.file {
			t.Errorf("File(URL(%q)) = %q, want it back", tt.file, got)
		}
		if got := URL(tt.file); tt.canonical && got != tt.url {
			t.Errorf("URL(%q) = %q, want %q", tt.file, got, tt.url)
		}
	}
}

// FuzzFileURL checks that a file's URL leads back to the file.
func FuzzFileURL(f *testing.F) {
	for _, s := range []string{"index.html", "briefs/x/index.html", "404.html", "a/b.css", "index.html/index.html"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		if file == "" || strings.HasPrefix(file, "/") || strings.HasSuffix(file, "/") {
			return // not a file's path relative to the output root
		}
		if got := File(URL(file)); got != file {
			t.Fatalf("File(URL(%q)) = %q via %q", file, got, URL(file))
		}
	})
}
