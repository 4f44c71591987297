package imaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "golang.org/x/image/webp"
)

// pattern returns a w×h image with detail in it, the same every time.
func pattern(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 3), uint8((x ^ y) & 0xff), 255})
		}
	}
	return img
}

func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPlan checks the widths and formats of the copies of images of
// several sizes and formats: the Widths narrower than the image, its own
// width when at most the widest, never wider; WebP besides the image's
// own format, WebP only for WebP, none for GIF.
func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		info Info
		want string // format:width×height, narrowest first
	}{
		{Info{PNG, 1600, 900}, "png:480×270 png:960×540 png:1440×810 webp:480×270 webp:960×540 webp:1440×810"},
		{Info{PNG, 1440, 900}, "png:480×300 png:960×600 png:1440×900* webp:480×300 webp:960×600 webp:1440×900"},
		{Info{JPEG, 1000, 333}, "jpeg:480×160 jpeg:960×320 jpeg:1000×333* webp:480×160 webp:960×320 webp:1000×333"},
		{Info{JPEG, 480, 10}, "jpeg:480×10* webp:480×10"},
		{Info{PNG, 300, 1}, "png:300×1* webp:300×1"},
		{Info{PNG, 4000, 1}, "png:480×1 png:960×1 png:1440×1 webp:480×1 webp:960×1 webp:1440×1"},
		{Info{WebP, 2000, 1000}, "webp:480×240 webp:960×480 webp:1440×720"},
		{Info{WebP, 700, 700}, "webp:480×480 webp:700×700*"},
		{Info{GIF, 800, 600}, ""},
	} {
		var got []string
		for _, v := range Plan("k", tc.info) {
			s := fmt.Sprintf("%s:%d×%d", v.Format, v.Width, v.Height)
			if v.Original {
				s += "*"
			}
			if want := fmt.Sprintf("k-%d%s", v.Width, Ext(v.Format)); v.Name != want {
				t.Errorf("%v: a copy named %s, want %s", tc.info, v.Name, want)
			}
			got = append(got, s)
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("%v: %s, want %s", tc.info, s, tc.want)
		}
	}
}

// TestInspect checks what Inspect accepts and the errors of what it does
// not, each saying what to do.
func TestInspect(t *testing.T) {
	small := pngOf(t, pattern(30, 20))
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, pattern(30, 20), nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, ext string
		data      []byte
		want      string // the Info, or the error's words
	}{
		{"png", ".png", small, "png 30×20"},
		{"upper-case extension", ".PNG", small, "png 30×20"},
		{"jpeg", ".jpeg", jpg.Bytes(), "jpeg 30×20"},
		{"jpeg as .jpg", ".jpg", jpg.Bytes(), "jpeg 30×20"},
		{"a PNG named .jpg", ".jpg", small, "the file is a PNG image, not the JPEG its name says: rename it to end in .png, or convert it"},
		{"a JPEG named .webp", ".webp", jpg.Bytes(), "the file is a JPEG image, not the WebP its name says: rename it to end in .jpg"},
		{"text", ".png", []byte("<html>404</html>"), "not a PNG, JPEG, GIF or WebP image: replace it with one"},
		{"empty", ".png", nil, "not a PNG, JPEG, GIF or WebP image"},
		{"cut in its header", ".png", small[:20], "not a readable image (unexpected EOF): replace it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info, err := Inspect(tc.data, tc.ext)
			got := fmt.Sprintf("%s %d×%d", info.Format, info.Width, info.Height)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestMakeScalesAndEncodes makes every copy of a PNG image and decodes
// each: in its format, at its size; the Original copy is the file.
func TestMakeScalesAndEncodes(t *testing.T) {
	data := pngOf(t, pattern(1000, 500))
	info, err := Inspect(data, ".png")
	if err != nil {
		t.Fatal(err)
	}
	vs := Plan(Key(data), info)
	p := NewProcessor("")
	out, err := p.Make(data, vs)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		img, format, err := image.Decode(bytes.NewReader(out[i]))
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		if format != v.Format || img.Bounds().Dx() != v.Width || img.Bounds().Dy() != v.Height {
			t.Errorf("%s: a %d×%d %s image, want %d×%d %s", v.Name, img.Bounds().Dx(), img.Bounds().Dy(), format, v.Width, v.Height, v.Format)
		}
		if v.Original != bytes.Equal(out[i], data) {
			t.Errorf("%s: Original %v, but the bytes are the file's: %v", v.Name, v.Original, !v.Original)
		}
	}
	if p.Made() != len(vs)-1 {
		t.Errorf("made %d copies, want %d", p.Made(), len(vs)-1)
	}
}

// TestMakeUsesItsFolder checks that a Processor with a folder makes a
// copy once, reads it the second time, and that Prune removes what no
// Make asked for; a reader (NewReader) reads the folder and changes
// nothing in it.
func TestMakeUsesItsFolder(t *testing.T) {
	dir := t.TempDir()
	data := pngOf(t, pattern(600, 300))
	info, _ := Inspect(data, ".png")
	vs := Plan(Key(data), info)
	first := NewProcessor(dir)
	a, err := first.Make(data, vs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stale-480.webp"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	second := NewProcessor(dir)
	b, err := second.Make(data, vs)
	if err != nil {
		t.Fatal(err)
	}
	// 480 px PNG and WebP, 600 px WebP; the 600 px PNG is the file.
	if first.Made() != 3 || second.Made() != 0 {
		t.Errorf("made %d then %d copies, want 3 then 0", first.Made(), second.Made())
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("%s differs when read from the folder", vs[i].Name)
		}
	}
	// A reader uses the folder and leaves it as it is.
	reader := NewReader(dir)
	other := pngOf(t, pattern(500, 100))
	ovs := Plan(Key(other), Info{PNG, 500, 100})
	if _, err := reader.Make(other, ovs); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.Make(data, vs); err != nil {
		t.Fatal(err)
	}
	if err := reader.Prune(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); reader.Made() != 3 || len(entries) != 4 {
		t.Errorf("a reader made %d copies (want the other image's 3) and left %d files (want the 4 there)", reader.Made(), len(entries))
	}
	if err := second.Prune(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var want []string
	for _, v := range vs {
		if !v.Original {
			want = append(want, v.Name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("after Prune the folder holds %v, want %v", names, want)
	}
}

// encodeHashEnv makes the test binary print the hash of a WebP encode
// and exit, for TestWebPDeterministic's other process.
const encodeHashEnv = "GEN_IMAGING_ENCODE_HASH"

func webpHash(t testing.TB) string {
	b, err := encode(pattern(640, 360), WebP)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestMain(m *testing.M) {
	if os.Getenv(encodeHashEnv) == "1" {
		fmt.Println(webpHash(nil))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestWebPDeterministic checks that encoding the same image to WebP
// gives the same bytes twice in one process and in another process, so
// that a build's output is the same for the same input.
func TestWebPDeterministic(t *testing.T) {
	a, b := webpHash(t), webpHash(t)
	if a != b {
		t.Fatalf("two encodes in one process differ: %s, %s", a, b)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), encodeHashEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != a {
		t.Errorf("another process encoded %s, this one %s", got, a)
	}
}

// BenchmarkWebP1440 measures one WebP encode of a 1440×810 image, the
// widest copy a page shows, once the encoder is compiled (the first
// encode of a process compiles libwebp's WebAssembly, about a second).
func BenchmarkWebP1440(b *testing.B) {
	img := pattern(1440, 810)
	if _, err := encode(img, WebP); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := encode(img, WebP); err != nil {
			b.Fatal(err)
		}
	}
}
