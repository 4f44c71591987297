package site

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registers GIF with image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"maps"
	"math"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gen-briefs/gen/internal/content"
	"github.com/gen-briefs/gen/internal/imaging"
	"github.com/gen-briefs/gen/internal/model"
	"github.com/gen-briefs/gen/internal/problem"
	"github.com/gen-briefs/gen/internal/source"
	"golang.org/x/sync/errgroup"
)

// imageSizer returns the model's Options.ImageSize for the site at
// siteDir: it reads the width and height in pixels of an image file of
// the site, under the rule of package source, from the file's header only.
func imageSizer(siteDir string) func(name string) (width, height int, err error) {
	return func(name string) (int, int, error) {
		return imageSize(siteDir, name)
	}
}

// imageSize reads the size of the image file name (its path from the site
// root). PNG, JPEG and GIF files are sized from their headers; an SVG file
// from its root element's width and height, or else its viewBox. A file
// of another kind (WebP, AVIF, …), an SVG sized in units other than
// pixels, and a file that does not exist (a static/ path the frontmatter
// names that is not there) are not sized: 0, 0 and no error. A PNG, JPEG,
// GIF or SVG file that cannot be read as one is an error.
func imageSize(siteDir, name string) (int, int, error) {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg":
	default:
		return 0, 0, nil
	}
	f, err := source.Open(siteDir, filepath.Join(siteDir, filepath.FromSlash(name)), name)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	if ext == ".svg" {
		return svgSize(f)
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			err = errors.New("not a PNG, JPEG or GIF image")
		}
		return 0, 0, err
	}
	return cfg.Width, cfg.Height, nil
}

// maxSVGHead bounds what is read of an SVG file to find its root element.
const maxSVGHead = 64 << 10

// svgSize reads the size of an SVG image from its root element: width and
// height given in pixels (with or without "px"), or else the width and
// height of its viewBox, rounded. A root element that is not <svg> is an
// error; one without a size in pixels is not sized.
func svgSize(r io.Reader) (int, int, error) {
	d := xml.NewDecoder(io.LimitReader(r, maxSVGHead))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("no <svg> element")
			}
			return 0, 0, fmt.Errorf("not an SVG image: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0, fmt.Errorf("not an SVG image: the root element is <%s>, not <svg>", el.Name.Local)
		}
		var width, height, viewBox string
		for _, a := range el.Attr {
			if a.Name.Space != "" && a.Name.Space != "http://www.w3.org/2000/svg" {
				continue
			}
			switch a.Name.Local {
			case "width":
				width = a.Value
			case "height":
				height = a.Value
			case "viewBox":
				viewBox = a.Value
			}
		}
		w, wok := svgPixels(width)
		h, hok := svgPixels(height)
		if wok && hok {
			return w, h, nil
		}
		if width == "" && height == "" {
			if f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }); len(f) == 4 {
				w, wok := svgPixels(f[2])
				h, hok := svgPixels(f[3])
				if wok && hok {
					return w, h, nil
				}
			}
		}
		return 0, 0, nil
	}
}

// svgPixels reads a length in pixels ("400", "400px", "240.5"), rounded,
// as a positive whole number.
func svgPixels(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0.5 || v > 1<<20 {
		return 0, false
	}
	return int(math.Round(v)), true
}

// ImagesDir is the output folder of the copies made of images, and the
// build cache's folder of them.
const ImagesDir = "img"

// imageSet makes the Pictures of one build (model.Options.Picture) and
// remembers each, to write its copies with the output.
type imageSet struct {
	siteDir string
	proc    *imaging.Processor
	mu      sync.Mutex
	byName  map[string]*pictureOf
}

// pictureOf is the Picture of one image file, or why it has none.
type pictureOf struct {
	once sync.Once
	name string
	pic  *model.Picture
	vs   []imaging.Variant
	err  error
}

// newImageSet returns the imageSet of a build of the site opts describe,
// which reads the copies made before from the build cache folder and keeps
// those it makes there (with keepImages), or does neither with NoCache.
func newImageSet(opts *Options) *imageSet {
	dir := ""
	if !opts.NoCache {
		dir = opts.CacheDir
		if dir == "" {
			dir = filepath.Join(opts.SiteDir, CacheDir)
		}
		dir = filepath.Join(dir, ImagesDir)
	}
	proc := imaging.NewProcessor(dir)
	if !opts.keepImages {
		proc = imaging.NewReader(dir)
	}
	return &imageSet{siteDir: opts.SiteDir, proc: proc, byName: map[string]*pictureOf{}}
}

// picture is model.Options.Picture: the Picture of a PNG, JPEG or WebP
// file of the site, read whole (its copies are named by its bytes); nil
// for a file of another kind and for one that does not exist (as
// imageSize).
func (s *imageSet) picture(name string) (*model.Picture, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".webp":
	default:
		return nil, nil
	}
	s.mu.Lock()
	po := s.byName[name]
	if po == nil {
		po = &pictureOf{name: name}
		s.byName[name] = po
	}
	s.mu.Unlock()
	po.once.Do(func() { po.pic, po.vs, po.err = s.plan(name) })
	return po.pic, po.err
}

// plan reads an image file and plans its copies.
func (s *imageSet) plan(name string) (*model.Picture, []imaging.Variant, error) {
	data, err := source.ReadFile(s.siteDir, filepath.Join(s.siteDir, filepath.FromSlash(name)), name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	info, err := imaging.Inspect(data, path.Ext(name))
	if err != nil {
		return nil, nil, err
	}
	key := imaging.Key(data)
	vs := imaging.Plan(key, info)
	if len(vs) == 0 {
		return nil, nil, nil
	}
	if err := s.proc.Check(data, vs); err != nil {
		return nil, nil, err
	}
	pic := &model.Picture{Key: key, Width: info.Width, Height: info.Height, Type: imaging.MediaType(info.Format)}
	for _, v := range vs {
		pic.Variants = append(pic.Variants, model.ImageVariant{URL: "/" + ImagesDir + "/" + v.Name, Width: v.Width, Height: v.Height, Type: imaging.MediaType(v.Format)})
	}
	return pic, vs, nil
}

// write makes the copies of every picture of the build, in parallel, and
// writes them to w (those a static file replaces apart). The Processor
// reads those it made before from the cache folder.
func (s *imageSet) write(ctx context.Context, site *model.Site, statics map[string]staticFile, w Sink) error {
	// Two files of the same bytes (a lead image also in static/) have the
	// same copies, by the same names (imaging.Plan of the same key and
	// size): they are made and written once, as the Sink takes one file at
	// a time for each path.
	s.mu.Lock()
	var todo []*pictureOf
	made := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(s.byName)) {
		if po := s.byName[name]; po.pic != nil && !made[po.pic.Key] {
			made[po.pic.Key] = true
			todo = append(todo, po)
		}
	}
	s.mu.Unlock()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, po := range todo {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			data, err := source.ReadFile(s.siteDir, filepath.Join(s.siteDir, filepath.FromSlash(po.name)), po.name)
			if err != nil {
				return err
			}
			if imaging.Key(data) != po.pic.Key {
				return problem.Errorf(problem.FileUnreadable, "%s changed during the build: build again", po.name)
			}
			out, err := s.proc.Make(data, po.vs)
			if err != nil {
				return usersError(site, po, err)
			}
			for i, v := range po.vs {
				rel := ImagesDir + "/" + v.Name
				if _, ok := statics[rel]; ok {
					continue
				}
				if err := w.WriteFile(rel, out[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// usersError is the error of an image whose copies could not be made,
// reported at each page that shows it (or at the file, when none does).
func usersError(s *model.Site, po *pictureOf, err error) error {
	var errs []error
	for _, p := range slices.Concat(s.Briefs, s.Pages) {
		if p.Picture == nil || p.Picture.Key != po.pic.Key || p.Source == nil {
			continue
		}
		errs = append(errs, &content.Error{File: p.SourcePath(), Line: p.Source.Front.KeyLine("image"), Code: problem.FileUnreadable,
			Err: fmt.Errorf("image %q: %s: %v", p.Source.Meta.Image, content.QuoteOdd(po.name), err)})
	}
	if len(errs) == 0 {
		return problem.Errorf(problem.FileUnreadable, "%s: %v", po.name, err)
	}
	return errors.Join(errs...)
}
