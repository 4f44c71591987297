package render

import (
	"errors"
	"html/template"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
	"time"

	"github.com/gen-briefs/gen/internal/model"
)

// readFunc is the layout function that a recording renderer puts before
// each step of a field chain: .Prev.Title runs as
// (_genRead (_genRead . "Prev").Prev "Title").Title, so that every value
// a field or method is taken from is seen, whichever layout takes it.
const readFunc = "_genRead"

// readDotFunc records the reads a range or with body makes of its dot by
// first steps, named in a list: {{range .Pages}}{{.Title}}{{end}} runs as
// {{range .Pages | _genReadDot "Title"}}{{.Title}}{{end}}.
const readDotFunc = "_genReadDot"

// readPipedFunc is readFunc with the field first, for a value piped into
// a method: $page | .Via runs as $page | _genReadPiped "Via()" | .Via.
const readPipedFunc = "_genReadPiped"

// Record makes the renderer record, for each page it renders, what its
// layouts read of the site (see Render), numbered by deps. It must be
// called before the first page is rendered.
func (r *Renderer) Record(deps *model.Deps) error {
	// The layouts are rewritten once, and each worker gets a copy of its
	// own, with functions bound to its recorder.
	recorded := map[string]*template.Template{}
	for kind, t := range r.kinds {
		c, err := t.Clone()
		if err != nil {
			return err
		}
		recordSet(c)
		recorded[kind] = c
	}
	n := runtime.GOMAXPROCS(0)
	r.workers = make(chan *worker, n)
	for range n {
		w := &worker{kinds: map[string]*template.Template{}, rec: recorder{deps: deps, seen: make([]uint64, len(deps.Keys)/64+1)}}
		for kind, t := range recorded {
			c, err := t.Clone()
			if err != nil {
				return err
			}
			c.Funcs(r.funcs(c, r.kinds[kind], &w.rec))
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
		err = r.execute(w, r.kinds[rd.Page.Kind], rd)
		if le, ok := err.(*execError); ok {
			err = r.renderError(le.err, rd)
		}
		return nil, err
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
	// unknown is set when the render read something Deps does not know.
	unknown bool
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
// parts, 0 for something that is none of what Deps numbers. A page, term
// or other such thing that Deps did not number (one a program's own kind
// of page made outside the site's lists) makes the render's reads
// unknown.
func (rec *recorder) thing(thing any) (id, n int32) {
	switch t := thing.(type) {
	case *model.Page, *model.Term, *model.Taxonomy, *model.Digest, *model.Pager, *model.List:
		if reflect.ValueOf(t).IsNil() {
			return -1, 0
		}
		if id, n = rec.deps.ID(thing); n == 0 {
			rec.unknown = true
		}
		return id, n
	}
	return -1, 0
}

// addID records a read of the thing numbered id, in the open frames too.
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
	if rec.unknown {
		reads = nil
	}
	rec.reads, rec.frames, rec.unknown = rec.reads[:0], rec.frames[:0], false
	return reads
}

// begin opens a frame for a partialCached call.
func (rec *recorder) begin() {
	if rec != nil {
		rec.frames = append(rec.frames, nil)
	}
}

// end closes the innermost frame and returns its reads.
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
// thing. Nothing (a missing map key, a nil interface) is an error: the
// layouts as written may fail on it where the recorded chain would go on,
// so the page is then rendered as written, unrecorded (see Render).
func (rec *recorder) read(thing any, field string) (any, error) {
	if thing == nil {
		return nil, errNothing
	}
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
	return thing, nil
}

// readDot is readDotFunc: it records the reads of the fields named (a
// list, joined with commas) of value, or of each element of a list or map
// value, and returns value. A value of another kind a range could go
// through (a function, a channel) makes the reads unknown.
func (rec *recorder) readDot(names string, value any) any {
	v := reflect.ValueOf(value)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			rec.readFields(v.Index(i).Interface(), names)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			rec.readFields(it.Value().Interface(), names)
		}
	case reflect.Func, reflect.Chan:
		rec.unknown = true
	default:
		rec.readFields(value, names)
	}
	return value
}

// readFields records the reads of the fields named (joined with commas)
// of thing.
func (rec *recorder) readFields(thing any, names string) {
	if thing == nil {
		return
	}
	for name := range strings.SplitSeq(names, ",") {
		rec.read(thing, name)
	}
}

// errNothing is the error of a recorded step from nothing.
var errNothing = errors.New("a field of nothing")

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

// recordSet rewrites every layout of the template set t so that its reads
// are recorded (see readFunc). A step taken from the render's own View
// needs no recording (the render read its own page and pager whole), so
// the first step of a chain from dot or $ is left as it is where they are
// the View: at the top of a layout that is only ever executed on the View
// (viewRooted), outside range and with.
func recordSet(t *template.Template) {
	trees := map[string]*parse.Tree{}
	for _, x := range t.Templates() {
		if x.Tree != nil && x.Tree.Root != nil {
			trees[x.Name()] = x.Tree
		}
	}
	rooted := viewRooted(trees)
	for name, tree := range trees {
		w := &chainWriter{tree: tree, root: rooted[name]}
		w.rewrite(tree.Root, rooted[name])
	}
}

// viewRooted returns the layouts of trees that are executed on the View
// wherever they are called: base.html, which a render executes, and the
// templates and partials that every call gives the View (dot or $ where
// those are the View). It starts from all of them and drops each one a
// call gives anything else, until none is dropped; a partial called by a
// name that is not a constant drops every partial.
func viewRooted(trees map[string]*parse.Tree) map[string]bool {
	rooted := map[string]bool{}
	called := map[string]bool{base: true}
	for name := range trees {
		rooted[name] = true
	}
	for changed := true; changed; {
		changed = false
		drop := func(name string) {
			if rooted[name] {
				rooted[name], changed = false, true
			}
		}
		for name, tree := range trees {
			scan := &callScanner{root: rooted[name], call: func(target string, view bool) {
				called[target] = true
				if !view {
					drop(target)
				}
			}, dynamic: func() {
				for other := range trees {
					if strings.HasPrefix(other, partialsDir) {
						drop(other)
					}
				}
			}}
			scan.scan(tree.Root, rooted[name])
		}
		for name := range trees {
			if !called[name] {
				drop(name) // executed only by a name made at run time, if at all
			}
		}
	}
	return rooted
}

// partialsDir is where partial finds the layouts it is given by name.
const partialsDir = "layouts/partials/"

// callScanner finds the templates and partials a layout calls, and
// whether it gives them the View.
type callScanner struct {
	// root is set when the layout's $ is the View.
	root    bool
	call    func(target string, view bool)
	dynamic func()
}

// scan finds the calls under node, where dot is the View when view is
// set.
func (c *callScanner) scan(node parse.Node, view bool) {
	walk := layoutWalk{pipe: c.pipe, body: func(*parse.BranchNode) (bool, bool) { return false, true },
		call: func(n *parse.TemplateNode, view bool) { c.call(n.Name, n.Pipe != nil && c.isView(n.Pipe, view)) }}
	walk.node(node, view)
}

// pipe scans the calls of partial and partialCached in a pipeline.
func (c *callScanner) pipe(p *parse.PipeNode, view bool) {
	if p == nil {
		return
	}
	for _, cmd := range p.Cmds {
		for _, sub := range nestedPipes(cmd) {
			c.pipe(sub, view)
		}
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok || id.Ident != "partial" && id.Ident != "partialCached" {
			continue
		}
		name, ok := cmd.Args[min(1, len(cmd.Args)-1)].(*parse.StringNode)
		if !ok || len(cmd.Args) < 3 {
			c.dynamic()
			continue
		}
		c.call(partialsDir+name.Text, c.isView(cmd.Args[2], view))
	}
}

// isView reports whether the argument or pipeline node is the View: dot
// where dot is, or $ where the layout's data is.
func (c *callScanner) isView(node parse.Node, view bool) bool {
	if p, ok := node.(*parse.PipeNode); ok {
		if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
			return false
		}
		node = p.Cmds[0].Args[0]
	}
	switch n := node.(type) {
	case *parse.DotNode:
		return view
	case *parse.VariableNode:
		return c.root && len(n.Ident) == 1 && n.Ident[0] == "$"
	}
	return false
}

// chainWriter rewrites the field chains of one layout so that each step
// first passes its receiver to readFunc.
type chainWriter struct {
	tree *parse.Tree
	// root is set when the layout's $ is the View.
	root bool
}

// rewrite rewrites the chains under node, where dot is the View when view
// is set.
func (w *chainWriter) rewrite(node parse.Node, view bool) {
	walk := layoutWalk{pipe: w.pipe, body: func(b *parse.BranchNode) (bool, bool) { return w.readDot(b.Pipe, b.List), true }}
	walk.node(node, view)
}

// readDot makes the pipeline of a range or with record, once for all, what
// its body reads of its dot by a first step (.Title, .URL): the pipeline's
// value goes through readDotFunc with those names, which records them of
// each element of a list, or of the value. It returns true: the body's
// first steps from dot need no recording of their own.
func (w *chainWriter) readDot(p *parse.PipeNode, body *parse.ListNode) bool {
	names := map[string]bool{}
	dotSteps(body, names)
	var list []string
	for name := range names {
		if recordable[name] {
			list = append(list, name)
		}
	}
	if len(list) == 0 {
		return true
	}
	slices.Sort(list)
	pos := p.Position()
	id := parse.NewIdentifier(readDotFunc).SetTree(w.tree).SetPos(pos)
	p.Cmds = append(p.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{id, str(pos, strings.Join(list, ","))}})
	return true
}

// dotSteps adds to names the first steps taken from dot under node (but
// for the bodies of range and with, which have a dot of their own).
func dotSteps(node parse.Node, names map[string]bool) {
	var pipe func(p *parse.PipeNode, _ bool)
	pipe = func(p *parse.PipeNode, _ bool) {
		for _, cmd := range p.Cmds {
			for _, arg := range cmd.Args {
				if f, ok := arg.(*parse.FieldNode); ok {
					names[f.Ident[0]] = true
				}
			}
			for _, sub := range nestedPipes(cmd) {
				pipe(sub, false)
			}
		}
	}
	walk := layoutWalk{pipe: pipe, body: func(*parse.BranchNode) (bool, bool) { return false, false }}
	walk.node(node, false)
}

// layoutWalk visits the pipelines of a layout, each with whether dot is
// the View where it is evaluated.
type layoutWalk struct {
	// pipe is called for the pipeline of each action, if, range, with and
	// template call (not for those nested in its commands: nestedPipes).
	pipe func(p *parse.PipeNode, view bool)
	// body says whether dot is the View in the body of a range or with,
	// after its pipeline was visited, and whether to visit the body.
	body func(b *parse.BranchNode) (view, visit bool)
	// call, when set, is called for each template call.
	call func(n *parse.TemplateNode, view bool)
}

// node walks node, where dot is the View when view is set. An if's body
// and every else have the dot of the node around them.
func (lw *layoutWalk) node(node parse.Node, view bool) {
	switch n := node.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, x := range n.Nodes {
				lw.node(x, view)
			}
		}
	case *parse.ActionNode:
		lw.pipe(n.Pipe, view)
	case *parse.IfNode:
		lw.pipe(n.Pipe, view)
		lw.node(n.List, view)
		lw.node(n.ElseList, view)
	case *parse.RangeNode:
		lw.branch(&n.BranchNode, view)
	case *parse.WithNode:
		lw.branch(&n.BranchNode, view)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			lw.pipe(n.Pipe, view)
		}
		if lw.call != nil {
			lw.call(n, view)
		}
	}
}

// branch walks a range or with, whose body has a dot of its own.
func (lw *layoutWalk) branch(b *parse.BranchNode, view bool) {
	lw.pipe(b.Pipe, view)
	if bodyView, visit := lw.body(b); visit {
		lw.node(b.List, bodyView)
	}
	lw.node(b.ElseList, view)
}

// nestedPipes returns the pipelines among the arguments of cmd:
// parenthesized ones, alone or before a field chain.
func nestedPipes(cmd *parse.CommandNode) []*parse.PipeNode {
	var out []*parse.PipeNode
	for _, arg := range cmd.Args {
		switch a := arg.(type) {
		case *parse.PipeNode:
			out = append(out, a)
		case *parse.ChainNode:
			if sub, ok := a.Node.(*parse.PipeNode); ok {
				out = append(out, sub)
			}
		}
	}
	return out
}

// pipe rewrites the chains of a pipeline. A method's arguments, such as
// the page of .Via $page or of $page | .Via, are read by the method: they
// are recorded as read by the field "Via()".
func (w *chainWriter) pipe(p *parse.PipeNode, view bool) {
	if p == nil {
		return
	}
	var cmds []*parse.CommandNode
	for k, cmd := range p.Cmds {
		method := ""
		switch a := cmd.Args[0].(type) {
		case *parse.FieldNode:
			method = a.Ident[len(a.Ident)-1]
		case *parse.ChainNode:
			method = a.Field[len(a.Field)-1]
		case *parse.VariableNode:
			if len(a.Ident) > 1 {
				method = a.Ident[len(a.Ident)-1]
			}
		}
		for i, arg := range cmd.Args {
			cmd.Args[i] = w.chain(arg, view)
			if i > 0 && method != "" {
				cmd.Args[i] = call(w.tree, arg.Position(), readFunc, cmd.Args[i], str(arg.Position(), method+"()"))
			}
		}
		if k > 0 && method != "" {
			// The value piped in is the last argument: readPipedFunc
			// records it on the way.
			pos := cmd.Position()
			id := parse.NewIdentifier(readPipedFunc).SetTree(w.tree).SetPos(pos)
			cmds = append(cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{id, str(pos, method+"()")}})
		}
		cmds = append(cmds, cmd)
	}
	p.Cmds = cmds
}

// chain returns arg with each step of its field chain recorded, but for a
// first step from the View.
func (w *chainWriter) chain(arg parse.Node, view bool) parse.Node {
	var from parse.Node
	var fields []string
	switch a := arg.(type) {
	case *parse.FieldNode:
		if view {
			if len(a.Ident) == 1 {
				return arg
			}
			from, fields = &parse.FieldNode{NodeType: parse.NodeField, Pos: a.Pos, Ident: a.Ident[:1]}, a.Ident[1:]
		} else {
			from, fields = &parse.DotNode{NodeType: parse.NodeDot, Pos: a.Pos}, a.Ident
		}
	case *parse.VariableNode:
		if len(a.Ident) < 2 {
			return arg
		}
		from, fields = &parse.VariableNode{NodeType: parse.NodeVariable, Pos: a.Pos, Ident: a.Ident[:1]}, a.Ident[1:]
		if w.root && a.Ident[0] == "$" {
			if len(fields) == 1 {
				return arg
			}
			from, fields = &parse.VariableNode{NodeType: parse.NodeVariable, Pos: a.Pos, Ident: a.Ident[:2]}, a.Ident[2:]
		}
	case *parse.ChainNode:
		if sub, ok := a.Node.(*parse.PipeNode); ok {
			w.pipe(sub, view)
		}
		from, fields = a.Node, a.Field
	case *parse.PipeNode:
		w.pipe(a, view)
		return arg
	default:
		return arg
	}
	for _, f := range fields {
		var node parse.Node = from
		if recordable[f] {
			node = call(w.tree, arg.Position(), readFunc, from, str(arg.Position(), f))
		}
		from = &parse.ChainNode{NodeType: parse.NodeChain, Pos: arg.Position(), Node: node, Field: []string{f}}
	}
	return from
}

// recordable holds the names of the fields and methods of the things a
// render's reads are made of (model.Page, Term, Taxonomy, Digest, Pager),
// and SiteView's lists: a step by any other name (a dict's key, a
// Month's Label) reads none of them, and is not recorded.
var recordable = func() map[string]bool {
	names := map[string]bool{"Briefs": true, "Sections": true, "Pages": true, "Taxonomies": true, "HasDigests": true}
	for _, t := range []reflect.Type{reflect.TypeFor[*model.Page](), reflect.TypeFor[*model.Term](),
		reflect.TypeFor[*model.Taxonomy](), reflect.TypeFor[*model.Digest](), reflect.TypeFor[*model.Pager]()} {
		for i := range t.NumMethod() {
			names[t.Method(i).Name] = true
		}
		for i := range t.Elem().NumField() {
			if f := t.Elem().Field(i); f.IsExported() {
				names[f.Name] = true
			}
		}
	}
	return names
}()

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
