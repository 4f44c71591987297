// Pictures: an image of the site that has copies in several widths is
// shown with the markup its LinkResolver gives (a <picture>).

package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// PictureLink starts the destinations through which a Render asks its
// LinkResolver for the markup of an image: PictureLink + the image's
// address (after its link was resolved, "/briefs/aws/chart.png") + NUL +
// its alt text + NUL + its title. The resolver returns the markup, or "" to leave the image
// as it is, or an error for an image that cannot be shown. No link of a
// body is passed to ResolveLink in this form: a destination with a scheme
// is never resolved. Asking through ResolveLink lets what records a
// render's links (and checks them again before using it) cover its images.
const PictureLink = "picture:"

// pictureNode stands for an image shown with markup of the resolver's;
// the image's children (its alt text) stay under it, so that the words
// of the body are counted as before.
type pictureNode struct {
	ast.BaseInline
	markup string
}

// kindPicture is the kind of a pictureNode.
var kindPicture = ast.NewNodeKind("Picture")

// Kind implements ast.Node.
func (n *pictureNode) Kind() ast.NodeKind { return kindPicture }

// Dump implements ast.Node.
func (n *pictureNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Markup": n.markup}, nil)
}

// pictureTransformer replaces each image with a rooted address for which
// the LinkResolver gives markup with a pictureNode. It runs after the
// linkTransformer, on the addresses it resolved.
type pictureTransformer struct{}

// Transform replaces the images of doc, and adds to the *LinkError under
// errKey the images the resolver refused.
func (pictureTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	links, _ := pc.Get(linksKey).(LinkResolver)
	if links == nil {
		return
	}
	src := reader.Source()
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			d := string(img.Destination)
			if strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//") && !strings.HasPrefix(d, "/\\") {
				images = append(images, img)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(images) == 0 {
		return
	}
	b := budgetOf(pc)
	var broken []BrokenLink
	for _, img := range images {
		alt := plainText(img, src)
		b.mu.Lock()
		if b.stopped.Load() {
			b.mu.Unlock()
			panic(abort{errStopped})
		}
		markup, err := links.ResolveLink(PictureLink + string(img.Destination) + "\x00" + alt + "\x00" + string(img.Title))
		b.mu.Unlock()
		if err != nil {
			broken = append(broken, BrokenLink{Line: lineOf(img, src), Message: err.Error(), Image: true})
			continue
		}
		if markup == "" {
			continue
		}
		pic := &pictureNode{markup: markup}
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			pic.AppendChild(pic, c)
			c = next
		}
		img.Parent().ReplaceChild(img.Parent(), img, pic)
	}
	if len(broken) > 0 {
		if le, _ := pc.Get(errKey).(*LinkError); le != nil {
			broken = append(le.Broken, broken...)
		}
		pc.Set(errKey, &LinkError{Broken: broken})
	}
}

// pictureRenderer writes a pictureNode's markup, and not its children.
type pictureRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPicture, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*pictureNode).markup)
		}
		return ast.WalkSkipChildren, nil
	})
}
