package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/pools"
)

// A limit bounds goroutines only when the goroutine itself gives it back
// as it ends: a semaphore or quota acquired before the go and released in
// the goroutine (usually deferred), or a counter raised before the go and
// lowered when the goroutine ends. A counter lowered elsewhere, when a
// stream closes or is reset, counts streams, not goroutines: a reset frees
// it while the goroutine runs on.

// limit is what a statement before a spawn takes: a semaphore's slot, a
// quota, a counter.
type limit struct {
	obj  types.Object // the variable or field
	kind limitKind
}

type limitKind int

const (
	acquired  limitKind = iota // a method that may block or fail takes it: sem.Acquire(ctx, 1), q.acquire()
	sent                       // a send into it, a channel semaphore
	tested                     // a comparison tests it: if n >= max { return }, if n < max { go ... }
	increased                  // n++, n.Add(1): a limit only when also tested, a gauge otherwise
)

// streamVerdict is what the analysis sees of the limits around a spawn.
type streamVerdict struct {
	bounded bool
	note    string // for an unbounded spawn: why what it sees does not bound it
}

// streamLimit decides whether a limit that the goroutine releases bounds
// the spawn at cur.
func (c *checker) streamLimit(cur inspector.Cursor) streamVerdict {
	if p := c.pools.At(cur.Node()); p != nil && (p.Kind == pools.LimitedGroup || p.Kind == pools.Library || p.Kind == pools.Helper) {
		return streamVerdict{bounded: true} // the library releases the slot when the function returns
	}
	code := c.goroutineCode(cur)
	taken := c.limitsBefore(cur)
	isTested := map[types.Object]bool{}
	for _, l := range taken {
		isTested[l.obj] = isTested[l.obj] || l.kind == tested
	}
	taken = slices.DeleteFunc(taken, func(l limit) bool { return l.kind == increased && !isTested[l.obj] })
	for _, l := range taken {
		if c.releasedBy(code, l, true) {
			return streamVerdict{bounded: true}
		}
	}
	for _, l := range taken {
		if where := c.releasers()[l.obj]; where != "" {
			return streamVerdict{note: fmt.Sprintf("; the limit %s is released in %s, not by the goroutine when it ends: "+
				"a stream that closes or is reset frees it while its goroutine runs on", l.obj.Name(), where)}
		}
	}
	for _, body := range code {
		if l, ok := c.acquiredInside(body); ok {
			return streamVerdict{note: fmt.Sprintf("; the goroutine takes %s only once it runs, so the goroutines exist, one per stream, "+
				"while they wait for it: acquire it before the go", l.obj.Name())}
		}
	}
	return streamVerdict{}
}

// goroutineCode is the code the spawned goroutine runs that the package
// holds: the literal's body or the function's, and the bodies of the
// package's functions it defers.
func (c *checker) goroutineCode(cur inspector.Cursor) []*ast.BlockStmt {
	info := c.pass.TypesInfo
	var fun ast.Expr
	switch n := cur.Node().(type) {
	case *ast.GoStmt:
		fun = n.Call.Fun
		if fn := typeutil.StaticCallee(info, n.Call); fn != nil {
			if decl := c.decls[fn.Origin()]; decl != nil {
				return c.withDeferred(decl.Body)
			}
		}
	case *ast.CallExpr:
		if fun = c.spawns.Spawned(n); fun == nil && len(n.Args) > 0 {
			fun = n.Args[len(n.Args)-1] // a group's Go
		}
	}
	if lit := c.funcLit(cur, fun); lit != nil {
		return c.withDeferred(lit.Body)
	}
	return nil
}

// funcLit is the literal that fun is, or that a local variable fun holds
// (f := func() { ... }; go f()).
func (c *checker) funcLit(cur inspector.Cursor, fun ast.Expr) *ast.FuncLit {
	if lit, ok := ast.Unparen(fun).(*ast.FuncLit); ok {
		return lit
	}
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := c.pass.TypesInfo.Uses[id]
	for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		var lit *ast.FuncLit
		ast.Inspect(fn.Node(), func(n ast.Node) bool {
			if assign, ok := n.(*ast.AssignStmt); ok && len(assign.Lhs) == len(assign.Rhs) {
				for i, lhs := range assign.Lhs {
					if l, ok := lhs.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(l) == obj {
						lit, _ = ast.Unparen(assign.Rhs[i]).(*ast.FuncLit)
					}
				}
			}
			return lit == nil
		})
		return lit
	}
	return nil
}

// withDeferred is body and the bodies of the package's functions that it
// defers.
func (c *checker) withDeferred(body *ast.BlockStmt) []*ast.BlockStmt {
	code := []*ast.BlockStmt{body}
	for _, stmt := range body.List {
		if d, ok := stmt.(*ast.DeferStmt); ok {
			if fn := typeutil.StaticCallee(c.pass.TypesInfo, d.Call); fn != nil && c.decls[fn.Origin()] != nil {
				code = append(code, c.decls[fn.Origin()].Body)
			}
		}
	}
	return code
}

// limitsBefore finds the limits taken on the way to the spawn at cur, in
// its function: by the statements before it in the blocks around it, by
// the conditions of the ifs around it, by the select case that holds it.
func (c *checker) limitsBefore(cur inspector.Cursor) []limit {
	var taken []limit
	child := cur
	for anc := cur.Parent(); anc.Valid(); child, anc = anc, anc.Parent() {
		switch n := anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return taken
		case *ast.IfStmt:
			if child.Node() != n.Init && child.Node() != n.Cond {
				taken = append(taken, c.taken(n.Init)...)
				taken = append(taken, c.acquireCalls(n.Cond)...)
				taken = append(taken, c.tested(n.Cond)...)
			}
		case *ast.CommClause:
			if n.Comm != nil && child.Node() != n.Comm {
				taken = append(taken, c.taken(n.Comm)...)
			}
		}
		var list []ast.Stmt
		switch n := anc.Node().(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for _, stmt := range list {
			if stmt == child.Node() {
				break
			}
			taken = append(taken, c.taken(stmt)...)
		}
	}
	return taken
}

// taken is what stmt takes: a method call that acquires, a send, an
// increment, or a counter an exiting if tests (if n >= max { return }).
func (c *checker) taken(stmt ast.Stmt) []limit {
	switch s := stmt.(type) {
	case *ast.ExprStmt:
		return c.acquireCalls(s.X)
	case *ast.AssignStmt:
		var taken []limit
		for _, rhs := range s.Rhs {
			taken = append(taken, c.acquireCalls(rhs)...)
		}
		if s.Tok == token.ADD_ASSIGN {
			taken = append(taken, c.limitOf(s.Lhs[0], increased)...)
		}
		return taken
	case *ast.SendStmt:
		return c.limitOf(s.Chan, sent)
	case *ast.IncDecStmt:
		if s.Tok == token.INC {
			return c.limitOf(s.X, increased)
		}
	case *ast.IfStmt:
		taken := c.taken(s.Init)
		taken = append(taken, c.acquireCalls(s.Cond)...)
		if exits(s.Body) {
			taken = append(taken, c.tested(s.Cond)...)
		}
		return taken
	}
	return nil
}

// acquireCalls are the limits that the calls in e take: x.Acquire(...),
// q.acquire(), n.Add(1), atomic.AddInt32(&n, 1).
func (c *checker) acquireCalls(e ast.Expr) []limit {
	var taken []limit
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !isFuncLit(n)
		}
		if x, ok := atomicAdd(c.pass.TypesInfo, call); ok && sign(c.pass.TypesInfo, call.Args[len(call.Args)-1]) > 0 {
			taken = append(taken, c.limitOf(x, increased)...)
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && isAcquireName(sel.Sel.Name) {
			taken = append(taken, c.limitOf(sel.X, acquired)...)
		}
		return true
	})
	return taken
}

func isFuncLit(n ast.Node) bool {
	_, ok := n.(*ast.FuncLit)
	return ok
}

// tested are the counters that a condition compares.
func (c *checker) tested(cond ast.Expr) []limit {
	var taken []limit
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BinaryExpr:
			if isOrdering(n.Op) {
				for _, side := range []ast.Expr{n.X, n.Y} {
					taken = append(taken, c.counters(side)...)
				}
			}
		}
		return true
	})
	return taken
}

// counters are the integer variables and fields in e, read directly or
// with an atomic load, outside len and cap.
func (c *checker) counters(e ast.Expr) []limit {
	var found []limit
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if b, ok := typeutil.Callee(c.pass.TypesInfo, n).(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				return false
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Load" {
				found = append(found, c.limitOf(sel.X, tested)...)
				return false
			}
		case *ast.Ident, *ast.SelectorExpr:
			if b, ok := c.pass.TypesInfo.TypeOf(n.(ast.Expr)).Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				found = append(found, c.limitOf(n.(ast.Expr), tested)...)
				return false
			}
		}
		return true
	})
	return found
}

// limitOf is the limit that e names, when e is a variable or field of a
// type that can limit: not a WaitGroup, which counts but never blocks.
func (c *checker) limitOf(e ast.Expr, kind limitKind) []limit {
	obj, ok := c.objectOf(e).(*types.Var)
	if !ok || pools.IsGroup(obj.Type()) {
		return nil
	}
	return []limit{{obj: obj, kind: kind}}
}

func isOrdering(op token.Token) bool {
	return op == token.LSS || op == token.LEQ || op == token.GTR || op == token.GEQ
}

// isAcquireName reports whether a method's name says it takes a slot, and
// may wait for one or fail: a semaphore's or a quota's.
func isAcquireName(name string) bool {
	return hasAnyPrefix(strings.ToLower(name), "acquire", "tryacquire", "take", "reserve", "wait", "enter")
}

// isReleaseName reports whether a method's name says it gives a slot back.
func isReleaseName(name string) bool {
	return hasAnyPrefix(strings.ToLower(name), "release", "put", "give", "dec", "done", "leave", "free", "return")
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// atomicAdd returns x for atomic.AddT(&x, d) and x.Add(d) on an atomic
// type.
func atomicAdd(info *types.Info, call *ast.CallExpr) (ast.Expr, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" || !strings.HasPrefix(fn.Name(), "Add") || len(call.Args) == 0 {
		return nil, false
	}
	if fn.Type().(*types.Signature).Recv() != nil {
		return ast.Unparen(call.Fun).(*ast.SelectorExpr).X, true
	}
	if u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND && len(call.Args) == 2 {
		return u.X, true
	}
	return nil, false
}

// sign is the sign of a constant delta, or 0 when it is not constant.
func sign(info *types.Info, e ast.Expr) int {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return constant.Sign(tv.Value)
	}
	return 0
}

// releasedBy reports whether code gives l back: calls a releasing method
// on it, receives from it, decrements it; or, when viaMessages, sends a
// done message (a package-level value passed to a call or sent) that a
// case of the package handles by releasing it, as an event loop that owns
// the counter does (case handlerDoneMsg: sc.handlerDone()).
func (c *checker) releasedBy(code []*ast.BlockStmt, l limit, viaMessages bool) bool {
	found := false
	for _, body := range code {
		ast.Inspect(body, func(n ast.Node) bool {
			if found {
				return false
			}
			if obj := c.released(n); obj == l.obj {
				found = true
			}
			if viaMessages {
				for _, v := range c.doneMessages(n) {
					found = found || c.releasedBy(c.messageHandlers()[v], l, false)
				}
			}
			return !found
		})
	}
	return found
}

// released is the variable or field that n gives back, or nil.
func (c *checker) released(n ast.Node) types.Object {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			return c.objectOf(n.X)
		}
	case *ast.IncDecStmt:
		if n.Tok == token.DEC {
			return c.objectOf(n.X)
		}
	case *ast.AssignStmt:
		if n.Tok == token.SUB_ASSIGN {
			return c.objectOf(n.Lhs[0])
		}
	case *ast.CallExpr:
		if x, ok := atomicAdd(info, n); ok {
			if sign(info, n.Args[len(n.Args)-1]) < 0 {
				return c.objectOf(x)
			}
			return nil
		}
		if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isReleaseName(sel.Sel.Name) {
			if obj, ok := c.objectOf(sel.X).(*types.Var); ok && !pools.IsGroup(obj.Type()) {
				return obj
			}
		}
	}
	return nil
}

// doneMessages are the package-level variables that n passes to a call
// or sends.
func (c *checker) doneMessages(n ast.Node) []types.Object {
	var values []ast.Expr
	switch n := n.(type) {
	case *ast.CallExpr:
		values = n.Args
	case *ast.SendStmt:
		values = []ast.Expr{n.Value}
	}
	var vars []types.Object
	for _, e := range values {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && v.Parent() == c.pass.Pkg.Scope() {
				vars = append(vars, v)
			}
		}
	}
	return vars
}

// messageHandlers maps each package-level variable that a switch case of
// the package lists to the code that handles it: the case's body and the
// bodies of the package's functions it calls.
func (c *checker) messageHandlers() map[types.Object][]*ast.BlockStmt {
	if c.handlersOf != nil {
		return c.handlersOf
	}
	c.handlersOf = map[types.Object][]*ast.BlockStmt{}
	info := c.pass.TypesInfo
	for cur := range c.root.Preorder((*ast.CaseClause)(nil)) {
		clause := cur.Node().(*ast.CaseClause)
		code := []*ast.BlockStmt{{List: clause.Body}}
		for _, stmt := range clause.Body {
			ast.Inspect(stmt, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if fn := typeutil.StaticCallee(info, call); fn != nil && c.decls[fn.Origin()] != nil {
						code = append(code, c.decls[fn.Origin()].Body)
					}
				}
				return true
			})
		}
		for _, e := range clause.List {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && v.Parent() == c.pass.Pkg.Scope() {
					c.handlersOf[v] = append(c.handlersOf[v], code...)
				}
			}
		}
	}
	return c.handlersOf
}

// releasers maps each variable or field the package gives back somewhere
// to the name of a function that does.
func (c *checker) releasers() map[types.Object]string {
	if c.releasedIn != nil {
		return c.releasedIn
	}
	c.releasedIn = map[types.Object]string{}
	for cur := range c.root.Preorder((*ast.UnaryExpr)(nil), (*ast.IncDecStmt)(nil), (*ast.AssignStmt)(nil), (*ast.CallExpr)(nil)) {
		if obj := c.released(cur.Node()); obj != nil && c.releasedIn[obj] == "" {
			c.releasedIn[obj] = c.funcName(cur)
		}
	}
	return c.releasedIn
}

// acquiredInside returns the limit that body takes and gives back itself,
// when it takes it before its work: the goroutine already exists while it
// waits.
func (c *checker) acquiredInside(body *ast.BlockStmt) (limit, bool) {
	for i, stmt := range body.List {
		for _, l := range c.taken(stmt) {
			if (l.kind != acquired && l.kind != sent) || (l.obj.Pos() >= body.Pos() && l.obj.Pos() < body.End()) {
				continue // a gauge, or the goroutine's own
			}
			if c.releasedBy([]*ast.BlockStmt{{List: body.List[i+1:]}}, l, false) {
				return l, true
			}
		}
	}
	return limit{}, false
}
