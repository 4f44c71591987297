package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDestination(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	site := filepath.Join(home, "sites", "briefs")
	for _, d := range []string{"content/briefs", "layouts", "static", "public"} {
		if err := os.MkdirAll(filepath.Join(site, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(home, "sites", "other-site")
	if err := os.MkdirAll(filepath.Join(other, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	full := filepath.Join(root, "full")
	built := filepath.Join(root, "built")
	for name, dir := range map[string]string{"notes.txt": full, MarkerFile: built, "index.html": built} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name string
		dest string
		want string // "" for no error
	}{
		{"public", filepath.Join(site, "public"), ""},
		{"public not yet made", filepath.Join(site, "dist"), ""},
		{"relative public", "", ""}, // filled in below: relative to the working folder
		{"sibling folder", filepath.Join(home, "sites", "briefs-out"), ""},
		{"deep new folder", filepath.Join(root, "out", "a", "b"), ""},
		{"file system root", "/", "it is the root of the file system"},
		{"home", home, "it is your home folder"},
		{"home with a trailing slash", home + "/", "it is your home folder"},
		{"site", site, "it is the site folder itself"},
		{"site written with ..", filepath.Join(site, "public", ".."), "it is the site folder itself"},
		{"parent of site", filepath.Join(home, "sites"), "it holds the site folder"},
		{"content", filepath.Join(site, "content"), "it is inside the site's content/ folder"},
		{"inside content", filepath.Join(site, "content", "briefs", "out"), "it is inside the site's content/ folder"},
		{"inside layouts", filepath.Join(site, "layouts", "public"), "it is inside the site's layouts/ folder"},
		{"static", filepath.Join(site, "static"), "it is inside the site's static/ folder"},
		{"another site", other, "it holds a content/ folder, so it looks like a site"},
		{"earlier output", built, ""},
		{"folder gen did not build", full, "it is not empty and gen did not build it"},
		{"a file", filepath.Join(full, "notes.txt"), "it is a file, not a folder"},
		{"inside a file", filepath.Join(full, "notes.txt", "out"), full + "/notes.txt is a file, so no folder can be made inside it"},
		{"deep inside a file", filepath.Join(full, "notes.txt", "a", "b"), full + "/notes.txt is a file, so no folder can be made inside it"},
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := tt.dest
			if dest == "" {
				// A relative destination is taken from the working folder.
				rel, err := filepath.Rel(wd, filepath.Join(site, "public"))
				if err != nil {
					t.Skip(err)
				}
				dest = rel
			}
			err := CheckDestination(site, dest)
			if tt.want == "" {
				if err != nil {
					t.Errorf("CheckDestination(%s): %v", dest, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckDestination(%s): no error, want %q", dest, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "refusing destination "+dest+": ") {
				t.Errorf("error %q, want \"refusing destination %s: %s...\"", msg, dest, tt.want)
			}
		})
	}
}

func TestCheckDestinationFollowsSymlinks(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", filepath.Join(root, "nohome"))
	link := filepath.Join(root, "link-to-content")
	if err := os.Symlink(filepath.Join(site, "content"), link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	if err := CheckDestination(site, filepath.Join(link, "out")); err == nil || !strings.Contains(err.Error(), "inside the site's content/ folder") {
		t.Errorf("a folder reached through a link into content/: error %v", err)
	}
	siteLink := filepath.Join(root, "site-link")
	if err := os.Symlink(site, siteLink); err != nil {
		t.Fatal(err)
	}
	if err := CheckDestination(siteLink, site); err == nil || !strings.Contains(err.Error(), "the site folder itself") {
		t.Errorf("the site named through a link: error %v", err)
	}
	if err := CheckDestination(siteLink, filepath.Join(site, "public")); err != nil {
		t.Errorf("public of a site named through a link: %v", err)
	}
}
