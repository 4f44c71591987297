package site

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
	_ "golang.org/x/image/webp" // decodes the WebP copies
)

var updatePictures = flag.Bool("update", false, "rewrite testdata/pictures.golden from the current output")

// gradient returns a w×h image that is not flat (so that scaling and
// encoding have work to do), the same for the same arguments.
func gradient(w, h int, tint uint8) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), tint, 255})
		}
	}
	return img
}

// encoded returns img in a format ("png", "jpeg", "gif").
func encoded(t testing.TB, img image.Image, format string) string {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// pictureSite returns the files of a site whose brief has a PNG lead
// image wider than the widest copy, and a body that shows a JPEG of its
// bundle narrower than that, a PNG of static/ narrower than the narrowest
// copy, a GIF, an SVG and a remote image.
func pictureSite(t testing.TB) map[string]string {
	return map[string]string{
		"gen.toml": "title = \"Pictures\"\nbaseURL = \"https://example.org/\"\n",
		"content/briefs/lead/index.md": "---\ntitle: Lead\ndate: 2026-01-02T09:00:00Z\nimage: lead.png\nimage_alt: A lead chart\n---\n" +
			"The body.\n\n![A *bundled* photo](photo.jpg)\n\n![A small icon](/images/icon.png \"The <icon> & its title\")\n\n" +
			"![An animation](anim.gif) ![A chart](chart.svg) ![Elsewhere](https://img.example.com/x.png)\n",
		"content/briefs/lead/lead.png":  encoded(t, gradient(1600, 900, 40), "png"),
		"content/briefs/lead/photo.jpg": encoded(t, gradient(1000, 600, 200), "jpeg"),
		"content/briefs/lead/anim.gif":  encoded(t, gradient(40, 20, 0), "gif"),
		"content/briefs/lead/chart.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"></svg>`,
		"static/images/icon.png":        encoded(t, gradient(300, 100, 90), "png"),
	}
}

// pictureElements matches the <figure> of a lead image and the body.
var pictureElements = regexp.MustCompile(`<figure class="lead-image">.*?</figure>|(?s)<div class="prose">.*?</div>`)

// TestPictureMarkup builds pictureSite and compares the brief's lead image
// and body with testdata/pictures.golden (go test -run TestPictureMarkup
// -update rewrites it): a lead <picture> with fetchpriority="high", body
// pictures with loading="lazy", a WebP <source> and an <img> in the
// image's own format, both with srcset, sizes, width and height; the GIF,
// SVG and remote images as plain <img>.
func TestPictureMarkup(t *testing.T) {
	dir := t.TempDir()
	for name, data := range pictureSite(t) {
		writeSiteFile(t, dir, name, data)
	}
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), Options{SiteDir: dir, NoCache: true}, mem); err != nil {
		t.Fatal(err)
	}
	page := string(mem.Files()["briefs/lead/index.html"])
	got := strings.Join(pictureElements.FindAllString(page, -1), "\n") + "\n"
	golden := filepath.Join("testdata", "pictures.golden")
	if *updatePictures {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/site -run TestPictureMarkup -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the markup differs from %s (rerun with -update if the change is meant):\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
	// What the golden must show, so that a careless -update is caught.
	lead := strings.Count(got, `fetchpriority="high"`)
	lazy := strings.Count(got, `loading="lazy"`)
	if lead != 1 || lazy != 2 || strings.Count(got, `<source type="image/webp"`) != 3 {
		t.Errorf("want 1 lead picture and 2 lazy ones, each with a WebP source; got %d, %d:\n%s", lead, lazy, got)
	}
	for _, want := range []string{
		`width="1600" height="900" alt="A lead chart" fetchpriority="high" decoding="async"></picture></figure>`,
		`width="1000" height="600" alt="A bundled photo" loading="lazy"`,
		`width="300" height="100" alt="A small icon" title="The &lt;icon&gt; &amp; its title" loading="lazy"`,
		`<img src="anim.gif" alt="An animation">`,
		`<img src="chart.svg" alt="A chart">`,
		`<img src="https://img.example.com/x.png" alt="Elsewhere">`,
		`sizes="` + "(min-width: 42rem) 39.8rem, calc(100vw - 2.2rem)" + `"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the markup lacks %s", want)
		}
	}
}

// srcsetURL matches one address and width of a srcset.
var srcsetURL = regexp.MustCompile(`([^\s",]+) (\d+)w`)

// TestPictureCopies builds pictureSite and decodes every copy that a
// srcset names: each is in the format its <source> or <img> says (WebP
// really WebP), exactly as wide as its srcset says, as high as the
// image's proportions make it, never wider than its image; the copy in
// the image's own format at its own width is the file itself.
func TestPictureCopies(t *testing.T) {
	dir := t.TempDir()
	files := pictureSite(t)
	for name, data := range files {
		writeSiteFile(t, dir, name, data)
	}
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), Options{SiteDir: dir, NoCache: true}, mem); err != nil {
		t.Fatal(err)
	}
	out := mem.Files()
	page := string(out["briefs/lead/index.html"])
	sources := map[string][3]int{ // by alt: width, height, number of copies in each format
		"A lead chart":    {1600, 900, 3},
		"A bundled photo": {1000, 600, 3},
		"A small icon":    {300, 100, 1},
	}
	pictures := regexp.MustCompile(`<picture>.*?</picture>`).FindAllString(page, -1)
	if len(pictures) != len(sources) {
		t.Fatalf("%d pictures, want %d", len(pictures), len(sources))
	}
	seen := 0
	for _, pic := range pictures {
		alt := regexp.MustCompile(`alt="([^"]*)"`).FindStringSubmatch(pic)[1]
		src, ok := sources[alt]
		if !ok {
			t.Fatalf("a picture of %q", alt)
		}
		for _, part := range []struct{ tag, format string }{{"<source", "webp"}, {"<img", map[string]string{"A bundled photo": "jpeg"}[alt]}} {
			if part.format == "" {
				part.format = "png"
			}
			i := strings.Index(pic, part.tag)
			tag := pic[i : i+strings.Index(pic[i:], ">")]
			set := regexp.MustCompile(`srcset="([^"]*)"`).FindStringSubmatch(tag)[1]
			copies := srcsetURL.FindAllStringSubmatch(set, -1)
			if len(copies) != src[2] {
				t.Errorf("%s %s: %d copies, want %d: %s", alt, part.tag, len(copies), src[2], set)
			}
			for _, c := range copies {
				rel := filepath.ToSlash(filepath.Clean(filepath.Join("briefs/lead", c[1])))
				data, ok := out[rel]
				if !ok {
					t.Errorf("%s: no file %s", alt, rel)
					continue
				}
				w, _ := strconv.Atoi(c[2])
				img, format, err := image.Decode(bytes.NewReader(data))
				if err != nil {
					t.Errorf("%s: %s: %v", alt, rel, err)
					continue
				}
				b := img.Bounds()
				wantH := (src[1]*w + src[0]/2) / src[0]
				if format != part.format || b.Dx() != w || b.Dy() != wantH || w > src[0] {
					t.Errorf("%s: %s is a %d×%d %s image, want %d×%d %s, at most %d wide", alt, rel, b.Dx(), b.Dy(), format, w, wantH, part.format, src[0])
				}
				if part.format != "webp" && w == src[0] {
					name := map[string]string{"A lead chart": "content/briefs/lead/lead.png", "A bundled photo": "content/briefs/lead/photo.jpg", "A small icon": "static/images/icon.png"}[alt]
					if !bytes.Equal(data, []byte(files[name])) {
						t.Errorf("%s: %s at the image's own width is not the file itself", alt, rel)
					}
				}
				seen++
			}
		}
		if !strings.Contains(pic, fmt.Sprintf(`width="%d" height="%d"`, src[0], src[1])) {
			t.Errorf("%s: not sized %d×%d: %s", alt, src[0], src[1], pic)
		}
	}
	if seen != 14 {
		t.Errorf("%d copies checked, want 14", seen)
	}
	// Nothing else is in img/: no copy of the GIF.
	var names []string
	for name := range out {
		if strings.HasPrefix(name, ImagesDir+"/") {
			names = append(names, name)
		}
	}
	if len(names) != 14 {
		t.Errorf("img/ holds %d files, want 14: %v", len(names), names)
	}
}

// cacheFiles lists the files of the build cache's folder of images.
func cacheFiles(t *testing.T, cacheDir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(cacheDir, ImagesDir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestPictureCache checks that the copies of an image are made once: a
// second build, of a site whose text changed, and a preview make none,
// and the build writes the same files; a changed image is made again (and only it), and the copies
// of the image it replaced leave the cache folder. --no-cache makes the
// copies in memory and writes no cache; a dry run (BuildTo) reads the
// cache but does not write it.
func TestPictureCache(t *testing.T) {
	dir := t.TempDir()
	for name, data := range pictureSite(t) {
		writeSiteFile(t, dir, name, data)
	}
	cache := t.TempDir()
	opts := Options{SiteDir: dir, Destination: filepath.Join(t.TempDir(), "public"), CacheDir: cache, Now: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	res, err := Build(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	// 3 + 3 copies of the lead image (PNG, WebP: it is wider than 1440
	// px), 2 + 3 of the photo (its JPEG at its own width is the file),
	// 0 + 1 of the icon.
	if res.ImagesMade != 12 {
		t.Errorf("the first build made %d copies, want 12", res.ImagesMade)
	}
	first := outputFiles(t, opts.Destination)
	kept := cacheFiles(t, cache)
	if len(kept) != 12 {
		t.Errorf("the cache holds %d copies, want 12: %v", len(kept), kept)
	}

	writeSiteFile(t, dir, "content/briefs/other.md", "---\ntitle: Other\ndate: 2026-01-03T09:00:00Z\n---\nText.\n")
	res, err = Build(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.UpToDate || res.ImagesMade != 0 {
		t.Errorf("the second build made %d copies (up to date: %v), want 0 from a build", res.ImagesMade, res.UpToDate)
	}
	// The preview (gen serve) reads the copies from the same folder.
	_, pres, err := NewPreview(opts).Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pres.ImagesMade != 0 {
		t.Errorf("the preview made %d copies, want 0 from the cache", pres.ImagesMade)
	}
	second := outputFiles(t, opts.Destination)
	for name, data := range first {
		if strings.HasPrefix(name, ImagesDir+"/") && !bytes.Equal(second[name], data) {
			t.Errorf("%s differs in the second build", name)
		}
	}

	writeSiteFile(t, dir, "content/briefs/lead/photo.jpg", encoded(t, gradient(1000, 600, 10), "jpeg"))
	res, err = Build(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.ImagesMade != 5 {
		t.Errorf("after the photo changed, the build made %d copies, want its 5", res.ImagesMade)
	}
	now := cacheFiles(t, cache)
	var gone, added int
	for _, n := range kept {
		if !slices.Contains(now, n) {
			gone++
		}
	}
	for _, n := range now {
		if !slices.Contains(kept, n) {
			added++
		}
	}
	if gone != 5 || added != 5 || len(now) != 12 {
		t.Errorf("the cache lost %d and gained %d copies, and holds %d; want 5, 5, 12", gone, added, len(now))
	}
	third := outputFiles(t, opts.Destination)
	mem := output.NewMemory()
	fresh := opts
	fresh.NoCache = true
	if _, err := BuildTo(ctx, fresh, mem); err != nil {
		t.Fatal(err)
	}
	if d := compareBuilds(third, nil, mem.Files(), nil); d != "" {
		t.Errorf("the build with a cache differs from a fresh one: %s", d)
	}

	noCache := t.TempDir()
	fresh.CacheDir, fresh.Destination = noCache, filepath.Join(t.TempDir(), "public")
	if res, err = Build(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if res.ImagesMade != 12 || len(cacheFiles(t, noCache)) != 0 {
		t.Errorf("--no-cache made %d copies and left %d in the cache, want 12 and none", res.ImagesMade, len(cacheFiles(t, noCache)))
	}

	// A dry run reads the cache and writes nothing to it.
	dry := opts
	dry.CacheDir = t.TempDir()
	if res, err = BuildTo(ctx, dry, output.NewMemory()); err != nil {
		t.Fatal(err)
	}
	if res.ImagesMade != 12 || len(cacheFiles(t, dry.CacheDir)) != 0 {
		t.Errorf("a dry run made %d copies and left %d in the cache, want 12 and none", res.ImagesMade, len(cacheFiles(t, dry.CacheDir)))
	}
	if res, err = BuildTo(ctx, opts, output.NewMemory()); err != nil {
		t.Fatal(err)
	}
	if res.ImagesMade != 0 || !slices.Equal(cacheFiles(t, cache), now) {
		t.Errorf("a dry run with a full cache made %d copies, and the cache changed: %v", res.ImagesMade, cacheFiles(t, cache))
	}
}

// pngHeader returns the start of a PNG file that says it is w×h pixels:
// what a decompression bomb shows before its data.
func pngHeader(w, h uint32) string {
	ihdr := []byte("IHDR")
	for _, v := range []uint32{w, h} {
		ihdr = append(ihdr, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d")
	b.Write(ihdr)
	sum := crc32.ChecksumIEEE(ihdr)
	b.Write([]byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})
	return b.String()
}

// TestPictureErrors checks that an image that cannot be shown, as a lead
// image or in a body, fails the build with an error at the line that
// shows it, naming the file and what to do, and that the output of the
// last build is left as it was.
func TestPictureErrors(t *testing.T) {
	good := encoded(t, gradient(600, 300, 0), "png")
	// A PNG whose header is whole and whose pixels are not.
	corrupt := good[:len(good)/2] + strings.Repeat("\x00", 64)
	for _, tc := range []struct {
		name, file, data string
		body             bool
		line             int
		why              string
	}{
		{"corrupt lead", "lead.png", corrupt, false, 4, "not a readable image"},
		{"corrupt body", "body.png", corrupt, true, 8, "not a readable image"},
		{"a PNG named .jpg", "lead.jpg", good, false, 4, "the file is a PNG image, not the JPEG its name says: rename it to end in .png"},
		{"text named .jpg in a body", "body.jpg", "<html>Not found</html>", true, 8, "not a PNG, JPEG, GIF or WebP image: replace it"},
		{"a bomb", "lead.png", pngHeader(10000, 6000), false, 4, "the image is 10000×6000 pixels, more than the limit of 50 megapixels: scale it down"},
		{"a bomb in a body", "body.png", pngHeader(60000, 60000), true, 8, "more than the limit of 50 megapixels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(t.TempDir(), "public")
			opts := Options{SiteDir: dir, Destination: dest, CacheDir: t.TempDir()}
			brief := func(image, body string) string {
				return "---\ntitle: A\ndate: 2026-01-02T09:00:00Z\nimage: " + image + "\n---\nFirst.\n\n" + body + "\n"
			}
			writeSiteFile(t, dir, "content/briefs/a/index.md", brief("ok.png", "Text."))
			writeSiteFile(t, dir, "content/briefs/a/ok.png", good)
			if _, err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			before := outputFiles(t, dest)
			writeSiteFile(t, dir, "content/briefs/a/"+tc.file, tc.data)
			if tc.body {
				writeSiteFile(t, dir, "content/briefs/a/index.md", brief("ok.png", "![The chart]("+tc.file+")"))
			} else {
				writeSiteFile(t, dir, "content/briefs/a/index.md", brief(tc.file, "Text."))
			}
			_, err := Build(context.Background(), opts)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			at := "content/briefs/a/index.md:" + strconv.Itoa(tc.line) + ": "
			for _, want := range []string{at, "content/briefs/a/" + tc.file, tc.why} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			var p interface{ Problem() problem.Problem }
			if !errors.As(err, &p) || p.Problem().Code != problem.FileUnreadable {
				t.Errorf("error %v is not a problem %s", err, problem.FileUnreadable)
			}
			if d := compareBuilds(outputFiles(t, dest), nil, before, nil); d != "" {
				t.Errorf("the failed build changed the output: %s", d)
			}
		})
	}
}

// TestIncrementalImages edits images and the pages that show them, and
// checks after each edit that the preview and gen build with its cache
// equal a fresh build: the copies and the pages' markup follow the image
// files' bytes.
func TestIncrementalImages(t *testing.T) {
	red, blue := encoded(t, gradient(700, 350, 0), "png"), encoded(t, gradient(500, 500, 255), "png")
	checkEdits(t, map[string]string{
		"content/briefs/a/index.md": editBrief("A", "2025-05-01T09:00:00Z", "image: lead.png\n", "Text.\n\n![Body](body.png)"),
		"content/briefs/a/lead.png": red,
		"content/briefs/a/body.png": blue,
		"content/briefs/b.md":       editBrief("B", "2025-05-02T09:00:00Z", "", "![Static](/images/s.png)"),
		"static/images/s.png":       red,
	}, []editStep{
		{"lead image bytes", map[string]string{"content/briefs/a/lead.png": blue}},
		{"body image bytes", map[string]string{"content/briefs/a/body.png": red}},
		{"static image bytes", map[string]string{"static/images/s.png": blue}},
		{"body text only", map[string]string{"content/briefs/a/index.md": editBrief("A", "2025-05-01T09:00:00Z", "image: lead.png\n", "More text.\n\n![Body](body.png)")}},
		{"another lead image", map[string]string{"content/briefs/a/index.md": editBrief("A", "2025-05-01T09:00:00Z", "image: body.png\n", "More text.\n\n![Body](body.png)")}},
		{"image dropped from a body", map[string]string{"content/briefs/b.md": editBrief("B", "2025-05-02T09:00:00Z", "", "No image.")}},
		{"image added to a body", map[string]string{"content/briefs/b.md": editBrief("B", "2025-05-02T09:00:00Z", "", "![New](/images/s.png) and ![Also](a/lead.png)")}},
		{"JPEG in place of a PNG", map[string]string{"content/briefs/a/body.png": "", "content/briefs/a/body.jpg": encoded(t, gradient(300, 200, 9), "jpeg"),
			"content/briefs/a/index.md": editBrief("A", "2025-05-01T09:00:00Z", "image: lead.png\n", "![Body](body.jpg)")}},
	})
}

// TestImageAtLayout checks the layout function imageAt in a site's own
// layout: the narrowest copy at least as wide as asked, or the widest, in
// the image's format or the one named; nothing for a page without a
// picture.
func TestImageAtLayout(t *testing.T) {
	dir := t.TempDir()
	for name, data := range pictureSite(t) {
		writeSiteFile(t, dir, name, data)
	}
	writeSiteFile(t, dir, "content/briefs/plain.md", "---\ntitle: Plain\ndate: 2026-01-03T09:00:00Z\n---\nText.\n")
	writeSiteFile(t, dir, "layouts/brief.html", `{{define "main"}}`+
		`{{with imageAt .Picture 500}}<img id="a" src="{{.URL}}" width="{{.Width}}" height="{{.Height}}" data-type="{{.Type}}">{{end}}`+
		`{{with imageAt .Picture 100 "webp"}}<img id="b" src="{{.URL}}" width="{{.Width}}" data-type="{{.Type}}">{{end}}`+
		`{{with imageAt .Picture 5000}}<img id="c" src="{{.URL}}" width="{{.Width}}">{{end}}`+
		`{{with imageAt .Picture 480 "gif"}}<img id="d">{{end}}`+
		`{{if not (imageAt .Picture 480)}}<p id="none"></p>{{end}}{{end}}`)
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), Options{SiteDir: dir, NoCache: true}, mem); err != nil {
		t.Fatal(err)
	}
	out := mem.Files()
	lead := string(out["briefs/lead/index.html"])
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`<img id="a" src="../../img/[0-9a-f]{16}-960.png" width="960" height="540" data-type="image/png">`),
		regexp.MustCompile(`<img id="b" src="../../img/[0-9a-f]{16}-480.webp" width="480" data-type="image/webp">`),
		regexp.MustCompile(`<img id="c" src="../../img/[0-9a-f]{16}-1440.png" width="1440">`),
	} {
		if !want.MatchString(lead) {
			t.Errorf("the brief lacks %s:\n%s", want, lead)
		}
	}
	if strings.Contains(lead, `id="d"`) || strings.Contains(lead, `id="none"`) {
		t.Errorf("imageAt gave a GIF copy, or nothing for a picture:\n%s", lead)
	}
	if plain := string(out["briefs/plain/index.html"]); !strings.Contains(plain, `<p id="none"></p>`) || strings.Contains(plain, "<img") {
		t.Errorf("a brief without a picture:\n%s", plain)
	}
}
