package render

import (
	"html/template"
	"io"
	"runtime"
	"slices"
	"strconv"
	"text/template/parse"
	"time"

	"github.com/gen-briefs/gen/internal/model"
)

// readFunc is the layout function that a recording renderer puts before
// each step of a field chain: .Prev.Title runs as
// (_genRead (_genRead . "Prev").Prev "Title").Title, so that every value
// a field or method is taken from is seen, whichever layout takes it.
const readFunc = "_genRead"

// Record makes the renderer record, for each page it renders, what its
// layouts read of the site (see Render), numbered by deps. It must be
// called before the first page is rendered.
func (r *Renderer) Record(deps *model.Deps) error {
	n := runtime.GOMAXPROCS(0)
	r.workers = make(chan *worker, n)
	for range n {
		w := &worker{kinds: map[string]*template.Template{}, rec: recorder{deps: deps, seen: make([]uint64, len(deps.Keys)/64+1)}}
		for kind, t := range r.kinds {
			c, err := t.Clone()
			if err != nil {
				return err
			}
			for _, x := range c.Templates() {
				if x.Tree != nil {
					recordReads(x.Tree, x.Tree.Root)
				}
			}
			c.Funcs(r.funcs(c, &w.rec))
			w.kinds[kind] = c
		}
		r.workers <- w
	}
	return nil
}

// worker is one renderer's layouts with reads recorded, for one goroutine
// at a time.
type worker struct {
	kinds map[string]*template.Template
	rec   recorder
}

// Render renders one page, or one pager of a list page, into w as Page
// does. A recording renderer (see Record) also returns the numbers of what
// the layouts read: the page and pager themselves, every page, term,
// taxonomy, digest and list of the site a layout took a field from or
// gave to a layout function. reads is nil when they are not known (a
// renderer that does not record, or a page whose layouts behave otherwise
// when recorded), and the page must then be rendered again whatever
// changes.
func (r *Renderer) Render(w io.Writer, rd model.Render) (reads []int32, err error) {
	if r.workers == nil {
		return nil, r.Page(w, rd)
	}
	if r.clock != nil {
		defer r.clock.since("layouts/"+rd.Page.Kind+".html (in base.html)", time.Now())
	}
	wk := <-r.workers
	defer func() { r.workers <- wk }()
	rec := &wk.rec
	rec.add(rd.Page)
	if rd.Pager != nil {
		rec.add(rd.Pager)
	}
	err = r.execute(w, wk.kinds[rd.Page.Kind], rd)
	reads = rec.take()
	if _, ok := err.(*execError); ok {
		// The layouts run again as written, which gives the error as the
		// site's author wrote the failing step, or succeeds where the
		// recorded run failed on an empty value passed along a chain:
		// the page is then not recorded.
		return nil, r.Page(w, rd)
	}
	return reads, err
}

// recorder collects what one render reads.
type recorder struct {
	deps *model.Deps
	// seen marks the numbers in reads.
	seen  []uint64
	reads []int32
	// frames collect the reads of the partialCached calls under way,
	// innermost last, for the cache.
	frames [][]int32
}

// add records a read of every part of thing, when it is something Deps
// numbers.
func (rec *recorder) add(thing any) {
	if rec == nil {
		return
	}
	if id, n := rec.thing(thing); n > 0 {
		for part := range n {
			rec.addID(id + part)
		}
	}
}

// addPart records a read of one part of thing.
func (rec *recorder) addPart(thing any, part model.Part) {
	if rec == nil {
		return
	}
	if id, n := rec.thing(thing); n > 0 {
		rec.addID(id + int32(part))
	}
}

// thing gives the number of the first part of thing and its number of
// parts, 0 for something Deps does not number.
func (rec *recorder) thing(thing any) (id, n int32) {
	switch thing.(type) {
	case *model.Page, *model.Term, *model.Taxonomy, *model.Digest, *model.Pager, *model.List:
		return rec.deps.ID(thing)
	}
	return -1, 0
}

func (rec *recorder) addID(id int32) {
	for i := range rec.frames {
		rec.frames[i] = append(rec.frames[i], id)
	}
	if w, bit := id>>6, uint64(1)<<(id&63); rec.seen[w]&bit == 0 {
		rec.seen[w] |= bit
		rec.reads = append(rec.reads, id)
	}
}

// take returns the reads of the render and starts afresh.
func (rec *recorder) take() []int32 {
	for _, id := range rec.reads {
		rec.seen[id>>6] = 0
	}
	reads := slices.Clone(rec.reads)
	slices.Sort(reads)
	rec.reads, rec.frames = rec.reads[:0], rec.frames[:0]
	return reads
}

// begin opens a frame for a partialCached call, and end closes it and
// returns its reads.
func (rec *recorder) begin() {
	if rec != nil {
		rec.frames = append(rec.frames, nil)
	}
}

func (rec *recorder) end() []int32 {
	if rec == nil {
		return nil
	}
	last := rec.frames[len(rec.frames)-1]
	rec.frames = rec.frames[:len(rec.frames)-1]
	slices.Sort(last)
	return slices.Compact(last)
}

// read is readFunc: it records a read of field of thing and returns
// thing.
func (rec *recorder) read(thing any, field string) any {
	switch t := thing.(type) {
	case *View:
		// The render's own page and pager, recorded when it began.
	case *SiteView:
		switch field {
		case "Briefs":
			rec.add(model.ListBriefs)
		case "Sections":
			rec.add(model.ListSections)
		case "Pages":
			rec.add(model.ListPages)
		case "Taxonomies":
			rec.add(model.ListTaxonomies)
		case "HasDigests":
			rec.add(model.ListHasDigests)
		}
	default:
		if part, ok := model.PageFieldPart(t, field); ok {
			rec.addPart(t, part)
		} else {
			rec.add(t)
		}
	}
	return thing
}

// readAll records reads of a thing or of each thing of a list that a layout
// function reads.
func (rec *recorder) readAll(thing any) {
	switch t := thing.(type) {
	case []*model.Page:
		for _, p := range t {
			rec.add(p)
		}
	case []*model.Term:
		for _, term := range t {
			rec.add(term)
		}
	case *View:
	default:
		rec.add(t)
	}
}

// recordReads rewrites the field chains under node so that each step
// first passes its receiver to readFunc.
func recordReads(tree *parse.Tree, node parse.Node) {
	switch n := node.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				recordReads(tree, c)
			}
		}
	case *parse.ActionNode:
		recordReads(tree, n.Pipe)
	case *parse.IfNode:
		recordBranch(tree, &n.BranchNode)
	case *parse.RangeNode:
		recordBranch(tree, &n.BranchNode)
	case *parse.WithNode:
		recordBranch(tree, &n.BranchNode)
	case *parse.TemplateNode:
		recordReads(tree, n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, cmd := range n.Cmds {
			for i, arg := range cmd.Args {
				cmd.Args[i] = readChain(tree, arg)
			}
			if chain, ok := cmd.Args[0].(*parse.ChainNode); ok && len(cmd.Args) > 1 {
				// A method's arguments, such as the page of
				// .Via $page, are read by the method: read as the
				// field "Via()".
				method := chain.Field[len(chain.Field)-1] + "()"
				for i, arg := range cmd.Args[1:] {
					cmd.Args[1+i] = call(tree, arg.Position(), readFunc, arg, str(arg.Position(), method))
				}
			}
		}
	}
}

func recordBranch(tree *parse.Tree, b *parse.BranchNode) {
	recordReads(tree, b.Pipe)
	recordReads(tree, b.List)
	recordReads(tree, b.ElseList)
}

// readChain returns arg with each step of its field chain recorded.
func readChain(tree *parse.Tree, arg parse.Node) parse.Node {
	var from parse.Node
	var fields []string
	switch a := arg.(type) {
	case *parse.FieldNode:
		from, fields = &parse.DotNode{NodeType: parse.NodeDot, Pos: a.Pos}, a.Ident
	case *parse.VariableNode:
		if len(a.Ident) < 2 {
			return arg
		}
		from = &parse.VariableNode{NodeType: parse.NodeVariable, Pos: a.Pos, Ident: a.Ident[:1]}
		fields = a.Ident[1:]
	case *parse.ChainNode:
		recordReads(tree, a.Node)
		from, fields = a.Node, a.Field
	case *parse.PipeNode:
		recordReads(tree, a)
		return arg
	default:
		return arg
	}
	for _, f := range fields {
		read := call(tree, arg.Position(), readFunc, from, str(arg.Position(), f))
		from = &parse.ChainNode{NodeType: parse.NodeChain, Pos: arg.Position(), Node: read, Field: []string{f}}
	}
	return from
}

// call is the pipeline (fn args...).
func call(tree *parse.Tree, pos parse.Pos, fn string, args ...parse.Node) *parse.PipeNode {
	id := parse.NewIdentifier(fn).SetTree(tree).SetPos(pos)
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: append([]parse.Node{id}, args...)}
	return &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Cmds: []*parse.CommandNode{cmd}}
}

// str is the string constant s.
func str(pos parse.Pos, s string) *parse.StringNode {
	return &parse.StringNode{NodeType: parse.NodeString, Pos: pos, Quoted: strconv.Quote(s), Text: s}
}
