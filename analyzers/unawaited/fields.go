package unawaited

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/concurlint/concurlint/internal/provenance"
)

// A chanVar is an unexported channel field or package variable, with what
// the package does to it.
type chanVar struct {
	obj       *types.Var
	sends     []token.Pos         // sends that can block (not guarded by default or a receive case)
	received  bool                // received from, ranged over, selected on
	handedOut bool                // any other use: passed, returned, assigned from elsewhere
	read      bool                // its value is read other than to receive: passed, returned, copied
	copies    map[*types.Var]bool // the local variables it is copied into, whose uses are its uses
	// made: the package stores a channel it makes into it. Without that,
	// the channel comes from code the pass does not see (a test file that
	// builds the struct and receives from its channel), and nothing can be
	// said of who receives.
	made bool
	// The smallest constant buffer of the channels made (-1: none made
	// yet), whether one has a buffer computed at run time, and whether a
	// send stands in a loop: a buffer with a slot for each send outside
	// loops never fills.
	minBuffer      int64
	computedBuffer bool
	sendInLoop     bool
}

// readOut records a use that reads cv's value and hands it on.
func (cv *chanVar) readOut() {
	cv.handedOut = true
	cv.read = true
}

// roomForEverySend reports whether every channel stored into cv has a
// buffer slot for each of its sends, none of which is in a loop; a buffer
// computed at run time is taken to have room, as under rule 1 (a
// constructor's parameter counts as the constants its calls pass).
func (cv *chanVar) roomForEverySend() bool {
	return cv.computedBuffer || (!cv.sendInLoop && cv.minBuffer >= int64(len(cv.sends)))
}

// checkFields applies rule 2: a channel that the package sends on and
// nobody can receive from.
func (c *checker) checkFields() {
	var list []*chanVar
	for _, cv := range c.channelVars() {
		if len(cv.sends) > 0 && cv.made && !cv.received && !cv.handedOut && !cv.roomForEverySend() {
			list = append(list, cv)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].obj.Pos() < list[j].obj.Pos() })
	for _, cv := range list {
		c.reportField(cv)
	}
}

// channelVars returns, once per pass, the unexported channel fields and
// package variables of the package, with what the package does to them.
func (c *checker) channelVars() map[*types.Var]*chanVar {
	if c.chanVars != nil {
		return c.chanVars
	}
	vars := map[*types.Var]*chanVar{}
	c.chanVars = vars
	info := c.pass.TypesInfo
	candidate := func(obj types.Object) *chanVar {
		v, ok := obj.(*types.Var)
		if !ok || v.Exported() || v.Pkg() != c.pass.Pkg {
			return nil
		}
		v = v.Origin()
		if !v.IsField() && v.Parent() != c.pass.Pkg.Scope() {
			return nil
		}
		// Receive-only ones too: a future kept there (rule 3) is received
		// from or not.
		ch, ok := v.Type().Underlying().(*types.Chan)
		if !ok || ch.Dir() == types.SendOnly {
			return nil
		}
		cv := vars[v]
		if cv == nil {
			cv = &chanVar{obj: v, minBuffer: -1}
			vars[v] = cv
		}
		return cv
	}

	root := c.insp.Root()
	// The uses of local channel variables, for the copies of a field or
	// package variable into one (var reset = f.reset; close(reset)).
	c.localUses = map[*types.Var][]inspector.Cursor{}
	for cur := range root.Preorder((*ast.Ident)(nil)) {
		if v, ok := info.Uses[cur.Node().(*ast.Ident)].(*types.Var); ok && isLocalChan(c.pass.Pkg, v) {
			c.localUses[v] = append(c.localUses[v], cur)
		}
	}
	for cur := range root.Preorder((*ast.Ident)(nil), (*ast.CompositeLit)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil {
				if cv := candidate(obj); cv != nil {
					c.classifyUse(cv, cur)
				}
			}
		case *ast.CompositeLit:
			// Unkeyed struct literals set fields without naming them.
			st, ok := typeUnderlying(info.TypeOf(n)).(*types.Struct)
			if !ok || len(n.Elts) == 0 {
				continue
			}
			if _, keyed := n.Elts[0].(*ast.KeyValueExpr); keyed {
				continue
			}
			for i, e := range n.Elts {
				if i < st.NumFields() {
					if cv := candidate(st.Field(i)); cv != nil {
						c.note(cv, e)
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if cv := candidate(info.Defs[id]); cv != nil && i < len(n.Values) {
					c.note(cv, n.Values[i])
				}
			}
		}
	}
	return vars
}

// note records the value e stored into cv: a channel made here, nil, or
// one from elsewhere (handed in, so handed out as far as we can tell).
func (c *checker) note(cv *chanVar, e ast.Expr) {
	info := c.pass.TypesInfo
	switch {
	case !madeHere(info, e):
		cv.handedOut = true
	case !isNil(info, e):
		cv.made = true
		buffer := int64(0)
		if args := ast.Unparen(e).(*ast.CallExpr).Args; len(args) > 1 {
			var known bool
			if buffer, known = c.bufferSize(args[1]); !known {
				cv.computedBuffer = true
				return
			}
		}
		if cv.minBuffer < 0 || buffer < cv.minBuffer {
			cv.minBuffer = buffer
		}
	}
}

// bufferSize returns the buffer size e of a make(chan T, e): its constant
// value or, for a parameter of the function that makes the channel, the
// smallest constant that the calls of that function pass when they are
// all in the package (newWatcher(0, ...): unbuffered). known is false for
// a size computed at run time.
func (c *checker) bufferSize(e ast.Expr) (size int64, known bool) {
	info := c.pass.TypesInfo
	if tv := info.Types[e]; tv.Value != nil {
		size, _ = constant.Int64Val(constant.ToInt(tv.Value))
		return size, true
	}
	param, ok := info.Uses[ident(e)].(*types.Var)
	if !ok {
		return 0, false
	}
	if c.sizes == nil {
		c.sizes = provenance.NewResolver(c.pass, c.insp)
	}
	args, ok := c.sizes.Arguments(param)
	if !ok {
		return 0, false
	}
	size = -1
	for _, arg := range args {
		if arg.Class != provenance.Constant {
			return 0, false
		}
		if size < 0 || arg.Value < size {
			size = arg.Value
		}
	}
	return size, true
}

func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	return ok && tv.IsNil()
}

func typeUnderlying(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem().Underlying()
	}
	return t.Underlying()
}

// madeHere reports whether e is make(...) or nil: a channel that the
// package creates itself rather than receives from its callers.
func madeHere(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.IsNil() {
		return true
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	b, ok := info.Uses[ident(call.Fun)].(*types.Builtin)
	return ok && b.Name() == "make"
}

func ident(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// classifyUse records what the use of cv at cur does.
func (c *checker) classifyUse(cv *chanVar, cur inspector.Cursor) {
	info := c.pass.TypesInfo
	id := cur.Node().(*ast.Ident)
	expr := cur
	if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
		expr = cur.Parent()
	}
	parent := expr.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		expr, parent = parent, parent.Parent()
	}
	e := expr.Node()
	switch p := parent.Node().(type) {
	case *ast.SendStmt:
		if p.Chan != e {
			cv.readOut()
			return
		}
		if !guardedSend(parent) {
			cv.sends = append(cv.sends, p.Arrow)
			cv.sendInLoop = cv.sendInLoop || inLoop(parent)
		}
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			cv.received = true
		} else {
			cv.readOut()
		}
	case *ast.RangeStmt:
		if p.X == e {
			cv.received = true
		} else {
			cv.readOut()
		}
	case *ast.CallExpr:
		if b, ok := info.Uses[ident(p.Fun)].(*types.Builtin); ok && (b.Name() == "close" || b.Name() == "len" || b.Name() == "cap") {
			return
		}
		cv.readOut()
	case *ast.AssignStmt:
		for i, l := range p.Lhs {
			if l == e {
				if len(p.Lhs) != len(p.Rhs) {
					cv.handedOut = true // set from a call's results: from elsewhere
				} else {
					c.note(cv, p.Rhs[i])
				}
				return
			}
		}
		if len(p.Lhs) == len(p.Rhs) {
			for i, r := range p.Rhs {
				if r == e {
					c.classifyCopy(cv, p.Lhs[i])
					return
				}
			}
		}
		cv.readOut()
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == e && len(p.Names) == len(p.Values) {
				c.classifyCopy(cv, p.Names[i])
				return
			}
		}
		cv.readOut()
	case *ast.KeyValueExpr:
		if p.Key == e {
			c.note(cv, p.Value)
			return
		}
		cv.readOut()
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return
		}
		cv.readOut()
	default:
		cv.readOut()
	}
}

// classifyCopy records the uses of the local variable lhs that a value of
// cv is copied into as uses of cv; a copy into anything else hands cv out,
// and so does a local that is assigned again.
func (c *checker) classifyCopy(cv *chanVar, lhs ast.Expr) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		cv.readOut()
		return
	}
	info := c.pass.TypesInfo
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || !isLocalChan(c.pass.Pkg, v) {
		cv.readOut()
		return
	}
	if cv.copies[v] {
		return
	}
	if cv.copies == nil {
		cv.copies = map[*types.Var]bool{}
	}
	cv.copies[v] = true
	for _, use := range c.localUses[v] {
		if assign, ok := use.Parent().Node().(*ast.AssignStmt); ok && slices.Contains(assign.Lhs, use.Node().(ast.Expr)) {
			cv.readOut()
			return
		}
		c.classifyUse(cv, use)
	}
}

// isLocalChan reports whether v is a channel variable local to a function
// of pkg.
func isLocalChan(pkg *types.Package, v *types.Var) bool {
	if v.IsField() || v.Pkg() != pkg || v.Parent() == nil || v.Parent() == pkg.Scope() {
		return false
	}
	_, ok := v.Type().Underlying().(*types.Chan)
	return ok
}

// inLoop reports whether the statement at cur runs in a loop of its
// declared function, function literals included (a goroutine started per
// iteration sends once each).
func inLoop(cur inspector.Cursor) bool {
	for a := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil)) {
		_, isDecl := a.Node().(*ast.FuncDecl)
		return !isDecl
	}
	return false
}

// guardedSend reports whether the send at cur is a case of a select that
// has a default case or a receive case (a done channel, ctx.Done()).
func guardedSend(cur inspector.Cursor) bool {
	clause, ok := cur.Parent().Node().(*ast.CommClause)
	if !ok || clause.Comm != cur.Node() {
		return false
	}
	body := cur.Parent().Parent().Node().(*ast.BlockStmt)
	for _, s := range body.List {
		switch s.(*ast.CommClause).Comm.(type) {
		case nil, *ast.ExprStmt, *ast.AssignStmt: // default, or a receive
			return true
		}
	}
	return false
}

func (c *checker) reportField(cv *chanVar) {
	what := "package variable " + cv.obj.Name()
	if cv.obj.IsField() {
		what = "field " + cv.obj.Name()
		if owner := c.fieldOwner(cv.obj); owner != "" {
			what = "field " + owner + "." + cv.obj.Name()
		}
	}
	d := analysis.Diagnostic{
		Pos: cv.obj.Pos(),
		Message: fmt.Sprintf("channel %s is sent on (line %d) but package %s never receives from it, ranges over it, selects on it or hands it out: "+
			"every send blocks forever once its buffer is full (goroutine leak); receive from %s where its values are needed, or remove it",
			what, c.line(cv.sends[0]), c.pass.Pkg.Name(), cv.obj.Name()),
	}
	for _, s := range cv.sends {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: s, Message: "sends on " + cv.obj.Name() + " here"})
	}
	c.rep.Report(d)
}

// fieldOwner names the package-level struct type that declares field f.
func (c *checker) fieldOwner(f *types.Var) string {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i) == f {
					return name
				}
			}
		}
	}
	return ""
}
