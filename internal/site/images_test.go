package site

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/gen-briefs/gen/internal/output"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen2brain/webp"
)

// encodeImage returns a w×h image in the format named ("png", "jpeg",
// "gif", "webp"), as the standard library (or libwebp) writes it.
func encodeImage(t *testing.T, format string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, 0, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	case "webp":
		err = webp.Encode(&buf, img, webp.Options{Lossless: true})
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// imageBrief is a brief with the lead image given.
func imageBrief(title, date, image string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nimage: " + image + "\nimage_alt: The picture of " + title + "\n---\nBody.\n"
}

// TestLeadImageSized builds a site whose briefs have lead images of every
// kind and checks that the default theme gives the <img> the size of the
// image file, and og:image:width and og:image:height, and that images
// gen cannot size (a URL elsewhere, WebP, an SVG sized in ems) have no
// size rather than a wrong one.
func TestLeadImageSized(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Images\"\nbaseURL = \"https://example.org/\"\n")
	files := map[string]string{
		"content/briefs/png/index.md":         imageBrief("PNG", "2026-01-01T09:00:00Z", "lead.png"),
		"content/briefs/png/lead.png":         encodeImage(t, "png", 64, 48),
		"content/briefs/jpeg/index.md":        imageBrief("JPEG", "2026-01-02T09:00:00Z", "photos/lead.jpg"),
		"content/briefs/jpeg/photos/lead.jpg": encodeImage(t, "jpeg", 33, 17),
		"content/briefs/gif.md":               imageBrief("GIF", "2026-01-03T09:00:00Z", "/images/anim.gif"),
		"static/images/anim.gif":              encodeImage(t, "gif", 5, 7),
		"content/briefs/svg/index.md":         imageBrief("SVG", "2026-01-04T09:00:00Z", "chart.svg"),
		"content/briefs/svg/chart.svg":        `<?xml version="1.0"?>` + "\n<!-- a chart -->\n" + `<svg xmlns="http://www.w3.org/2000/svg" width="400px" height="240" viewBox="0 0 800 480"><rect width="10" height="10"/></svg>`,
		"content/briefs/viewbox.md":           imageBrief("ViewBox", "2026-01-05T09:00:00Z", "/images/box.svg?v=2"),
		"static/images/box.svg":               `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120.4 80"></svg>`,
		"content/briefs/bundled-url.md":       imageBrief("Bundled URL", "2026-01-06T09:00:00Z", "/briefs/png/lead.png"),
		"content/briefs/ems.md":               imageBrief("Ems", "2026-01-07T09:00:00Z", "/images/ems.svg"),
		"static/images/ems.svg":               `<svg xmlns="http://www.w3.org/2000/svg" width="10em" height="4em" viewBox="0 0 100 40"></svg>`,
		"content/briefs/remote.md":            imageBrief("Remote", "2026-01-08T09:00:00Z", "https://images.example.com/lead.png"),
		"content/briefs/webp/index.md":        imageBrief("WebP", "2026-01-09T09:00:00Z", "lead.webp"),
		"content/briefs/webp/lead.webp":       encodeImage(t, "webp", 12, 6),
		"content/briefs/missing.md":           imageBrief("Missing static", "2026-01-10T09:00:00Z", "/images/not-there.png"),
	}
	for name, data := range files {
		writeSiteFile(t, dir, name, data)
	}
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), Options{SiteDir: dir}, mem); err != nil {
		t.Fatal(err)
	}
	out := mem.Files()
	for _, tc := range []struct {
		page, src string
		w, h      string // "" for no size
	}{
		// PNG, JPEG and WebP images are shown in <picture> (see
		// TestPictureMarkup), at their own size.
		{"briefs/png/index.html", "<picture>", "64", "48"},
		{"briefs/jpeg/index.html", "<picture>", "33", "17"},
		{"briefs/gif/index.html", "../../images/anim.gif", "5", "7"},
		{"briefs/svg/index.html", "chart.svg", "400", "240"},
		{"briefs/viewbox/index.html", "../../images/box.svg?v=2", "120", "80"},
		{"briefs/bundled-url/index.html", "<picture>", "64", "48"},
		{"briefs/ems/index.html", "../../images/ems.svg", "", ""},
		{"briefs/remote/index.html", "https://images.example.com/lead.png", "", ""},
		{"briefs/webp/index.html", "<picture>", "12", "6"},
		{"briefs/missing/index.html", "../../images/not-there.png", "", ""},
	} {
		page := string(out[tc.page])
		if page == "" {
			t.Errorf("no %s", tc.page)
			continue
		}
		if tc.src == "<picture>" {
			want := ` width="` + tc.w + `" height="` + tc.h + `" alt="The picture of `
			if !strings.Contains(page, `<figure class="lead-image"><picture>`) || !strings.Contains(page, want) {
				t.Errorf("%s: no <picture> with%s in:\n%s", tc.page, want, page)
			}
		}
		img := `<img src="` + tc.src + `" alt="The picture of `
		if tc.src == "<picture>" {
			img = `<img src="`
		}
		i := strings.Index(page, img)
		if i < 0 {
			t.Errorf("%s has no %s…> in:\n%s", tc.page, img, page)
			continue
		}
		tag := page[i : i+strings.Index(page[i:], ">")+1]
		// The page shares its social card, of the card's size, whatever
		// its image.
		for _, meta := range []string{`<meta property="og:image:width" content="1200">`, `<meta property="og:image:height" content="630">`} {
			if !strings.Contains(page, meta) {
				t.Errorf("%s has no %s", tc.page, meta)
			}
		}
		if tc.w == "" {
			if strings.Contains(tag, "width=") || strings.Contains(tag, "height=") {
				t.Errorf("%s: an image gen cannot size was given a size: %s", tc.page, tag)
			}
			continue
		}
		if want := ` width="` + tc.w + `" height="` + tc.h + `">`; tc.src != "<picture>" && !strings.HasSuffix(tag, want) {
			t.Errorf("%s: lead image %s, want it to end with%s", tc.page, tag, want)
		}
	}
}

// TestLeadImageBroken checks that a lead image file that cannot be read as
// the image it names fails the build with an error naming the brief, the
// line of its image key and the image file.
func TestLeadImageBroken(t *testing.T) {
	for _, tc := range []struct{ name, file, data, why string }{
		{"not an image", "lead.png", "not really a png", "not a PNG, JPEG, GIF or WebP image"},
		{"cut short", "lead.png", encodeImage(t, "png", 8, 8)[:20], "unexpected EOF"},
		{"a GIF named .gif is sized", "", "", ""},
		{"a JPEG named .png", "lead.png", encodeImage(t, "jpeg", 3, 2), "the file is a JPEG image, not the PNG its name says: rename it to end in .jpg"},
		{"not an SVG", "lead.svg", "<html><body>Not found</body></html>", "the root element is <html>, not <svg>"},
		{"an empty SVG", "lead.svg", "", "no <svg> element"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file, data := tc.file, tc.data
			if file == "" {
				file, data = "lead.gif", encodeImage(t, "gif", 3, 2)
			}
			writeSiteFile(t, dir, "content/briefs/a/index.md", "---\ntitle: A\ndate: 2026-01-02T09:00:00Z\nimage: "+file+"\n---\nBody.\n")
			writeSiteFile(t, dir, "content/briefs/a/"+file, data)
			mem := output.NewMemory()
			_, err := BuildTo(context.Background(), Options{SiteDir: dir}, mem)
			if tc.why == "" {
				if err != nil {
					t.Fatal(err)
				}
				if page := string(mem.Files()["briefs/a/index.html"]); !strings.Contains(page, `width="3" height="2"`) {
					t.Errorf("the GIF was not sized:\n%s", page)
				}
				return
			}
			if err == nil {
				t.Fatal("the build succeeded")
			}
			for _, want := range []string{"content/briefs/a/index.md:4: ", `image "` + file + `"`, "content/briefs/a/" + file, tc.why} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			var p interface{ Problem() problem.Problem }
			if !errors.As(err, &p) || p.Problem().Code != problem.FileUnreadable || p.Problem().Line != 4 {
				t.Errorf("error %v is not a problem %s at line 4", err, problem.FileUnreadable)
			}
		})
	}
}

// TestPreviewLeadImageReplaced checks that the preview updates a brief
// whose lead image file is replaced by one of another size under the same
// name, in the brief's bundle and in static/, as a fresh build would.
func TestPreviewLeadImageReplaced(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "content/briefs/a/index.md", imageBrief("A", "2026-01-02T09:00:00Z", "lead.png"))
	writeSiteFile(t, dir, "content/briefs/a/lead.png", encodeImage(t, "png", 10, 5))
	writeSiteFile(t, dir, "content/briefs/b.md", imageBrief("B", "2026-01-03T09:00:00Z", "/img/b.png"))
	writeSiteFile(t, dir, "static/img/b.png", encodeImage(t, "png", 20, 10))
	opts := Options{SiteDir: dir, BaseURL: "http://127.0.0.1:1414/"}
	p := NewPreview(opts)
	for _, step := range []struct {
		change  func()
		changed []string
		page    string
		want    string
	}{
		{func() {}, nil, "briefs/a/index.html", `width="10" height="5"`},
		{func() { writeSiteFile(t, dir, "content/briefs/a/lead.png", encodeImage(t, "png", 30, 20)) },
			[]string{"content/briefs/a/lead.png"}, "briefs/a/index.html", `width="30" height="20"`},
		{func() { writeSiteFile(t, dir, "static/img/b.png", encodeImage(t, "png", 7, 9)) },
			[]string{"static/img/b.png"}, "briefs/b/index.html", `width="7" height="9"`},
		{func() {
			writeSiteFile(t, dir, "content/briefs/a/index.md", imageBrief("A", "2026-01-02T09:00:00Z", "other.png"))
			writeSiteFile(t, dir, "content/briefs/a/other.png", encodeImage(t, "png", 4, 3))
		}, []string{"content/briefs/a/index.md", "content/briefs/a/other.png"}, "briefs/a/index.html", `width="4" height="3"`},
		{func() {
			writeSiteFile(t, dir, "content/briefs/a/index.md", imageBrief("A", "2026-01-02T09:00:00Z", "lead.png"))
		}, []string{"content/briefs/a/index.md"}, "briefs/a/index.html", `width="30" height="20"`},
	} {
		step.change()
		got, _, err := p.buildAll(context.Background(), step.changed)
		if err != nil {
			t.Fatalf("%v: %v", step.changed, err)
		}
		if page := string(got[step.page]); !strings.Contains(page, `<meta property="og:image:width" content="`) || !strings.Contains(page, step.want) {
			t.Errorf("%v: %s is not sized %s:\n%s", step.changed, step.page, step.want, page)
		}
		mem := output.NewMemory()
		if _, err := BuildTo(context.Background(), opts, mem); err != nil {
			t.Fatal(err)
		}
		for name, data := range mem.Files() {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%v: %s differs from a fresh build", step.changed, name)
			}
		}
	}
}
