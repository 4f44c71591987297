package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/output"
)

var updateCards = flag.Bool("update-cards", false, "rewrite testdata/card-meta.golden from the current output")

// cardSite writes a site with a logo, a brief of each kind of headline,
// and a brief whose lead image has a red band at its bottom, cropped
// around image_focus: bottom.
func cardSite(t *testing.T) string {
	dir := t.TempDir()
	logo, err := os.ReadFile("../../static/images/logo.svg")
	if err != nil {
		t.Fatal(err)
	}
	lead := image.NewRGBA(image.Rect(0, 0, 600, 1800))
	for y := range 1800 {
		for x := range 600 {
			c := color.RGBA{0x30, 0x90, 0x30, 0xff}
			if y >= 1600 {
				c = color.RGBA{0xe0, 0x10, 0x10, 0xff}
			}
			lead.SetRGBA(x, y, c)
		}
	}
	var leadPNG, leadJPEG bytes.Buffer
	png.Encode(&leadPNG, lead)
	jpeg.Encode(&leadJPEG, lead, nil)
	brief := func(title, date, extra string) string {
		return "---\ntitle: \"" + title + "\"\ndate: " + date + "\ncompanies: [Nestlé, TSMC]\ntopics: [chips]\n" + extra + "---\nBody.\n"
	}
	for name, data := range map[string]string{
		"gen.toml":                       "title = \"Card Desk\"\nbaseURL = \"https://cards.example.org/\"\ndescription = \"Briefs, drawn.\"\n[publisher]\nlogo = \"/images/logo.svg\"\n",
		"static/images/logo.svg":         string(logo),
		"content/briefs/ascii.md":        brief("AWS cuts hundreds of jobs in a reorganisation around AI", "2026-03-01T09:00:00Z", ""),
		"content/briefs/accented.md":     brief("Überraschung bei Nestlé: Zürich", "2026-03-02T09:00:00Z", ""),
		"content/briefs/cjk.md":          brief("台積電擴大2奈米產能", "2026-03-03T09:00:00Z", ""),
		"content/briefs/long.md":         brief(strings.Repeat("Chipmakers race to add capacity as demand keeps rising ", 6)[:300], "2026-03-04T09:00:00Z", ""),
		"content/briefs/photo/index.md":  brief("A photo", "2026-03-05T09:00:00Z", "image: lead.png\nimage_alt: Red at the bottom\nimage_focus: bottom\n"),
		"content/briefs/photo/lead.png":  leadPNG.String(),
		"content/briefs/centre/index.md": brief("A centred photo", "2026-03-06T09:00:00Z", "image: ../photo/lead.png\n"),
		"content/briefs/jpeg/index.md":   brief("A JPEG photo", "2026-03-07T09:00:00Z", "image: lead.jpg\n"),
		"content/briefs/jpeg/lead.jpg":   leadJPEG.String(),
	} {
		writeSiteFile(t, dir, name, data)
	}
	return dir
}

// decodePNG decodes a PNG output file and checks its size.
func decodePNG(t *testing.T, files map[string][]byte, name string, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(files[name]))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("%s is %v, want %dx%d", name, b.Size(), w, h)
	}
	return img
}

// TestCardsInBuiltSite builds a site with gen build's Build and checks
// its cards, crops and icons by decoding them, the head tags of a brief
// and a list page against a golden file, and that a second build with the
// cache draws nothing, while a title edit draws that brief's cards again.
func TestCardsInBuiltSite(t *testing.T) {
	dir := cardSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{SiteDir: dir, Destination: dest}
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	files := outputFiles(t, dest)
	// 7 briefs and the site, in three sizes, and three icons.
	if want := 8*3 + 3; res.CardsDrawn != want {
		t.Errorf("a cold build drew %d images, want %d", res.CardsDrawn, want)
	}
	for _, b := range []string{"ascii", "accented", "cjk", "long", "photo", "centre"} {
		decodePNG(t, files, "cards/briefs/"+b+"/card.png", 1200, 630)
		decodePNG(t, files, "cards/briefs/"+b+"/card-16x9.png", 1200, 675)
		decodePNG(t, files, "cards/briefs/"+b+"/card-1x1.png", 1200, 1200)
	}
	decodePNG(t, files, "cards/card.png", 1200, 630)
	// A JPEG's crops are JPEGs.
	for _, sz := range []struct {
		suffix string
		w, h   int
	}{{"", 1200, 630}, {"-16x9", 1200, 675}, {"-1x1", 1200, 1200}} {
		img, err := jpeg.Decode(bytes.NewReader(files["cards/briefs/jpeg/card"+sz.suffix+".jpg"]))
		if err != nil || img.Bounds().Dx() != sz.w || img.Bounds().Dy() != sz.h {
			t.Errorf("cards/briefs/jpeg/card%s.jpg: %v, %v", sz.suffix, img, err)
		}
	}
	// The photo's crop around its bottom shows the red band; the centred
	// one does not.
	redShare := func(img image.Image) float64 {
		n, b := 0, img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 4 {
			for x := b.Min.X; x < b.Max.X; x += 4 {
				r, g, _, _ := img.At(x, y).RGBA()
				if r>>8 > 0xc0 && g>>8 < 0x40 {
					n++
				}
			}
		}
		return float64(n) / float64(b.Dx()*b.Dy()/16)
	}
	if s := redShare(decodePNG(t, files, "cards/briefs/photo/card.png", 1200, 630)); s < 0.3 {
		t.Errorf("the crop at the bottom is %.0f%% red, want the red band", s*100)
	}
	if s := redShare(decodePNG(t, files, "cards/briefs/centre/card.png", 1200, 630)); s != 0 {
		t.Errorf("the centred crop is %.0f%% red, want none", s*100)
	}
	// Icons.
	decodePNG(t, files, "favicon-32.png", 32, 32)
	decodePNG(t, files, "apple-touch-icon.png", 180, 180)
	ico := files["favicon.ico"]
	if len(ico) < 22 || binary.LittleEndian.Uint16(ico[2:]) != 1 || binary.LittleEndian.Uint16(ico[4:]) != 1 {
		t.Fatalf("favicon.ico is not an icon file of one image")
	}
	if off := binary.LittleEndian.Uint32(ico[18:]); !bytes.Equal(ico[off:], files["favicon-32.png"]) {
		t.Errorf("favicon.ico does not hold favicon-32.png")
	}

	// The head tags of a brief, a brief with its own image, the home page
	// and a company's page.
	tag := regexp.MustCompile(`<meta (property|name)="(og:image|twitter:card|twitter:image|robots)[^>]*>|<link rel="(icon|apple-touch-icon)"[^>]*>|"image":\[[^\]]*\]`)
	var got strings.Builder
	for _, page := range []string{"briefs/accented/index.html", "briefs/cjk/index.html", "briefs/photo/index.html", "briefs/jpeg/index.html", "index.html", "companies/tsmc/index.html", "search/index.html"} {
		got.WriteString("-- " + page + " --\n")
		for _, m := range tag.FindAllString(string(files[page]), -1) {
			got.WriteString(m + "\n")
		}
	}
	golden := filepath.Join("testdata", "card-meta.golden")
	if *updateCards {
		os.WriteFile(golden, []byte(got.String()), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("head tags differ from %s (rerun with -update-cards if intended):\n%s", golden, got.String())
	}

	// A second build after a body edit draws nothing; a title edit draws
	// that brief's three cards, which change.
	writeSiteFile(t, dir, "content/briefs/ascii.md", strings.Replace(string(mustRead(t, filepath.Join(dir, "content/briefs/ascii.md"))), "Body.", "Another body.", 1))
	if res, err = Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if res.UpToDate || res.CardsDrawn != 0 {
		t.Errorf("a warm build drew %d images (up to date: %v), want 0", res.CardsDrawn, res.UpToDate)
	}
	writeSiteFile(t, dir, "content/briefs/ascii.md", strings.Replace(string(mustRead(t, filepath.Join(dir, "content/briefs/ascii.md"))), "AWS cuts", "AWS trims", 1))
	if res, err = Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if res.CardsDrawn != 3 {
		t.Errorf("after a title edit the build drew %d images, want 3", res.CardsDrawn)
	}
	after := outputFiles(t, dest)
	if bytes.Equal(after["cards/briefs/ascii/card.png"], files["cards/briefs/ascii/card.png"]) {
		t.Error("the retitled brief's card did not change")
	}
	if !bytes.Equal(after["cards/briefs/cjk/card.png"], files["cards/briefs/cjk/card.png"]) {
		t.Error("another brief's card changed")
	}
	// The cache holds what the last build used: the old title's cards
	// are gone.
	entries, err := os.ReadDir(filepath.Join(dir, CacheDir, cardCacheDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 8*3+3 {
		t.Errorf("the card cache holds %d files, want the %d the build used", len(entries), 8*3+3)
	}

	// A card of the output changed by hand, and a static file that
	// replaced an icon and is gone again, are made again, not kept.
	os.WriteFile(filepath.Join(dest, "cards/briefs/cjk/card.png"), []byte("edited"), 0o644)
	writeSiteFile(t, dir, "static/favicon.ico", "own icon")
	if _, err = Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if got := outputFiles(t, dest)["favicon.ico"]; string(got) != "own icon" {
		t.Errorf("static/favicon.ico did not replace the generated one: %q", got)
	}
	os.Remove(filepath.Join(dir, "static/favicon.ico"))
	if _, err = Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	after = outputFiles(t, dest)
	for _, name := range []string{"cards/briefs/cjk/card.png", "favicon.ico"} {
		if !bytes.Equal(after[name], files[name]) {
			t.Errorf("%s was not made again", name)
		}
	}

	// Without the cache, a fresh build makes the same bytes.
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), Options{SiteDir: dir, NoCache: true}, mem); err != nil {
		t.Fatal(err)
	}
	for name, data := range after {
		if strings.HasPrefix(name, "cards/") || strings.HasPrefix(name, "favicon") || name == "apple-touch-icon.png" {
			if !bytes.Equal(mem.Files()[name], data) {
				t.Errorf("%s differs between a cached build and a fresh one", name)
			}
		}
	}
}

// TestCardCacheLinked checks that gen build links each card of the card
// cache into its output instead of copying it, that the cache of an
// earlier gen (each image followed by its SHA-256) is taken over without
// drawing anything, and that a cache file changed in place (as writing
// into a linked output file does) is found wrong and drawn again.
func TestCardCacheLinked(t *testing.T) {
	dir := cardSite(t)
	cacheDir := filepath.Join(dir, CacheDir, cardCacheDir)
	build := func(wantDrawn int) map[string][]byte {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), Options{SiteDir: dir, Destination: dest})
		if err != nil {
			t.Fatal(err)
		}
		if res.CardsDrawn != wantDrawn {
			t.Errorf("the build drew %d images, want %d", res.CardsDrawn, wantDrawn)
		}
		// Every card of the output is a file of the cache, readable by
		// all.
		var cached []fs.FileInfo
		entries, err := os.ReadDir(cacheDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if name, sum := splitCardFile(e.Name()); sum == "" {
				t.Errorf("%s: a cache file of the earlier form is left (%s)", e.Name(), name)
			}
			info, err := os.Lstat(filepath.Join(cacheDir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			cached = append(cached, info)
		}
		for _, name := range []string{"cards/briefs/ascii/card.png", "cards/briefs/jpeg/card-1x1.jpg", "cards/card.png", "favicon.ico"} {
			info, err := os.Lstat(filepath.Join(dest, name))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(cached, func(c fs.FileInfo) bool { return os.SameFile(c, info) }) {
				t.Errorf("%s is not linked to a file of the card cache", name)
			}
			if info.Mode().Perm() != 0o644 {
				t.Errorf("%s has mode %v, want -rw-r--r--", name, info.Mode())
			}
		}
		return outputFiles(t, dest)
	}
	first := build(8*3 + 3)
	time.Sleep(2 * statusMargin) // so that the next build trusts the index

	// The earlier form: KEY.png holding the image and its SHA-256.
	entries, err := os.ReadDir(cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(cacheDir, e.Name())
		data := mustRead(t, p)
		sum := sha256.Sum256(data)
		name, _ := splitCardFile(e.Name())
		if err := os.WriteFile(filepath.Join(cacheDir, name), append(data, sum[:]...), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Remove(p)
	}
	os.Remove(filepath.Join(dir, CacheDir, cardIndexName))
	if got := build(0); !equalFiles(got, first) {
		t.Error("a build from the earlier cache's form made other files")
	}
	time.Sleep(2 * statusMargin)
	build(0)

	// A cache file changed in place, of the same size.
	entries, _ = os.ReadDir(cacheDir)
	p := filepath.Join(cacheDir, entries[0].Name())
	data := mustRead(t, p)
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte{data[len(data)/2] ^ 0xff}, int64(len(data)/2))
	f.Close()
	if got := build(1); !equalFiles(got, first) {
		t.Error("a build with a damaged cache file made other files")
	}
}

// TestCardIndex checks when a build takes a file of the card cache on the
// index's word, without reading it: only when its size, mode and time are
// those the index recorded (a time cut to whole seconds, as an archive
// keeps it, matches its second), and the time is older than the index by
// statusMargin. Otherwise the file is read, checked, and drawn again when
// its bytes are not those its name says.
func TestCardIndex(t *testing.T) {
	image := []byte("\x89PNG not really, but bytes")
	for _, tc := range []struct {
		name string
		// change changes the cache file p after the index was written.
		change func(t *testing.T, p string, mtime time.Time)
		// young writes the index right after the file.
		young        bool
		noIndex      bool
		read, redraw bool
	}{
		{name: "unchanged"},
		{name: "restored with whole seconds", change: func(t *testing.T, p string, mtime time.Time) {
			data := mustRead(t, p)
			os.Remove(p)
			os.WriteFile(p, data, 0o644)
			os.Chtimes(p, mtime.Truncate(time.Second), mtime.Truncate(time.Second))
		}},
		{name: "touched", read: true, change: func(t *testing.T, p string, mtime time.Time) {
			os.Chtimes(p, mtime.Add(time.Millisecond), mtime.Add(time.Millisecond))
		}},
		{name: "written over, same size", read: true, redraw: true, change: func(t *testing.T, p string, mtime time.Time) {
			os.WriteFile(p, bytes.ToUpper(image), 0o644)
		}},
		{name: "cut short, time kept", read: true, redraw: true, change: func(t *testing.T, p string, mtime time.Time) {
			os.Truncate(p, 4)
			os.Chtimes(p, mtime, mtime)
		}},
		{name: "mode changed", read: true, change: func(t *testing.T, p string, mtime time.Time) {
			os.Chmod(p, 0o600)
		}},
		{name: "written just before the index", young: true, read: true},
		{name: "no index", noIndex: true, read: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), cardCacheDir)
			drawn := 0
			draw := func() ([]byte, error) { drawn++; return image, nil }
			c := &cardCache{dir: dir, write: true, used: map[string]bool{}, keys: map[string]uint64{}}
			c.file("card.png", "0123456789abcdef0123456789abcdef.png", draw)
			p, _, err := c.entry("0123456789abcdef0123456789abcdef.png", draw)
			if err != nil || p == "" {
				t.Fatalf("entry = %q, %v", p, err)
			}
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.young {
				time.Sleep(2 * statusMargin)
			}
			c.prune()
			if tc.noIndex {
				os.Remove(filepath.Join(filepath.Dir(dir), cardIndexName))
			}
			if tc.change != nil {
				tc.change(t, p, info.ModTime())
			}
			next := &cardCache{dir: dir, write: true, used: map[string]bool{}, keys: map[string]uint64{}}
			got, data, err := next.entry("0123456789abcdef0123456789abcdef.png", draw)
			if err != nil {
				t.Fatal(err)
			}
			if read := data != nil; read != tc.read {
				t.Errorf("the file was read: %v, want %v", read, tc.read)
			}
			if want := 1 + map[bool]int{true: 1}[tc.redraw]; drawn != want {
				t.Errorf("drawn %d times, want %d", drawn, want)
			}
			if data := mustRead(t, got); !bytes.Equal(data, image) {
				t.Errorf("the cache's file holds %q, want the image", data)
			}
		})
	}
}

// TestCardGoneBeforeLink checks that a cache file trusted by the index
// and removed before gen build links it (by another build's prune) is
// drawn again, not an error.
func TestCardGoneBeforeLink(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, cardCacheDir)
	image := []byte("\x89PNG not really")
	drawn := 0
	draw := func() ([]byte, error) { drawn++; return image, nil }
	const name = "0123456789abcdef0123456789abcdef.png"
	c := &cardCache{dir: dir, write: true, used: map[string]bool{}, keys: map[string]uint64{}}
	c.file("card.png", name, draw)
	p, _, err := c.entry(name, draw)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * statusMargin)
	c.prune()

	next := &cardCache{dir: dir, write: true, used: map[string]bool{}, keys: map[string]uint64{}}
	g := next.file("card.png", name, draw)
	checked := g.file
	g.file = func() (string, []byte, error) {
		src, data, err := checked()
		if data != nil {
			t.Error("the file was read, not trusted")
		}
		os.Remove(p)
		return src, data, err
	}
	w, err := output.Begin(filepath.Join(root, "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := linkGenerated(g, w, w); err != nil {
		t.Fatalf("linkGenerated: %v", err)
	}
	if drawn != 2 {
		t.Errorf("drawn %d times, want 2", drawn)
	}
	if st, err := w.StatStaged("card.png"); err != nil || st.Size != int64(len(image)) {
		t.Errorf("card.png staged as %+v, %v", st, err)
	}
}

// equalFiles reports whether two outputs hold the same files.
func equalFiles(a, b map[string][]byte) bool {
	return maps.EqualFunc(a, b, bytes.Equal)
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBadImageFocus checks that an image_focus gen cannot read fails the
// build with the file, the line and what to write, and leaves the last
// output.
func TestBadImageFocus(t *testing.T) {
	dir := cardSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	writeSiteFile(t, dir, "content/briefs/photo/index.md", "---\ntitle: A photo\ndate: 2026-03-05T09:00:00Z\nimage: lead.png\nimage_focus: middle\n---\nBody.\n")
	_, err := Build(context.Background(), Options{SiteDir: dir, Destination: dest})
	if err == nil {
		t.Fatal("the build passed")
	}
	var ce *content.Error
	if msg := err.Error(); !strings.Contains(msg, "content/briefs/photo/index.md:5") || !strings.Contains(msg, `"middle"`) || !strings.Contains(msg, "X,Y") {
		t.Errorf("error %q does not name the file, line, value and what to write (%v)", msg, ce)
	}
	if _, err := os.Stat(filepath.Join(dest, "cards/briefs/photo/card.png")); err != nil {
		t.Errorf("the last output was lost: %v", err)
	}
}

// buildAll is Build with the pages and files the preview makes on request
// (the pages left to render, the cards and icons, the search index) made
// and added, to compare with gen build's output.
func (p *Preview) buildAll(ctx context.Context, changed []string) (map[string][]byte, *Result, error) {
	files, res, err := p.Build(ctx, changed)
	if err != nil {
		return nil, nil, err
	}
	all, err := p.AllFiles(ctx, files)
	return all, res, err
}

// TestPreviewMakesCardsOnRequest checks that the preview draws no card
// until one is asked for, and that the card it then makes is gen build's.
func TestPreviewMakesCardsOnRequest(t *testing.T) {
	dir := cardSite(t)
	opts := Options{SiteDir: dir, NoCache: true}
	p := NewPreview(opts)
	files, res, err := p.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.CardsDrawn != 0 || files["cards/briefs/ascii/card.png"] != nil || files["favicon.ico"] != nil {
		t.Errorf("the preview drew %d cards before any was asked for", res.CardsDrawn)
	}
	mem := output.NewMemory()
	if _, err := BuildTo(context.Background(), opts, mem); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cards/briefs/ascii/card.png", "cards/briefs/photo/card-1x1.png", "favicon.ico"} {
		data, ok, err := p.File(name)
		if !ok || !bytes.Equal(data, mem.Files()[name]) {
			t.Errorf("the preview's %s (found: %v, %v) is not gen build's", name, ok, err)
		}
	}
	if _, ok, err := p.File("cards/briefs/nothing/card.png"); ok || err != nil {
		t.Error("the preview made a card of no brief")
	}
}

// TestPreviewCardError: a card the preview cannot make, from a logo that
// is not an image, is an error that names the logo, not only a missing
// file.
func TestPreviewCardError(t *testing.T) {
	dir := t.TempDir()
	writeSiteFile(t, dir, "gen.toml", "title = \"Cards\"\n[publisher]\nname = \"Cards\"\nlogo = \"/images/logo.png\"\n")
	writeSiteFile(t, dir, "static/images/logo.png", "not a PNG")
	writeSiteFile(t, dir, "content/briefs/a.md", "---\ntitle: A\ndate: 2026-01-01T09:00:00Z\n---\nBody.\n")
	p := NewPreview(Options{SiteDir: dir, NoCache: true})
	if _, _, err := p.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	_, ok, err := p.File("cards/briefs/a/card.png")
	if ok || err == nil || !strings.Contains(err.Error(), "images/logo.png") {
		t.Errorf("a card from a broken logo: ok %v, error %v; want an error naming the logo", ok, err)
	}
}
