package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/reqscope"
)

// checkDetached reports the go statements of an entry that it never
// awaits on any path: fire-and-forget per request.
func (c *checker) checkDetached(e *reqscope.Entry) {
	cur, ok := c.cursor(e.Body())
	if !ok || e.Kind == reqscope.KafkaClaim || e.Kind == reqscope.MessageLoop || c.scope.Hijacks(e.Body()) {
		// a claim consumer runs per partition: its loop's goroutines are
		// fan-outs; a message loop's are reported per message, by checkStreams
		return
	}
	for g := range cur.Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		spawn := g.Node()
		if run := c.goroutine(spawn); run == nil || c.reported[spawn] || c.reported[run] || !c.directIn(e, spawn) || c.awaited(e, spawn) {
			continue
		}
		c.reported[spawn] = true
		c.rep.Report(analysis.Diagnostic{Pos: spawn.Pos(), Message: fmt.Sprintf(
			"%s starts a goroutine that it never awaits (no Wait, no receive of its result): "+
				"every %s leaves one behind, with no limit and no backpressure; "+
				"wait for it before returning, or hand the work to a bounded worker pool or queue", e.Name, e.Unit)})
	}
}

// directIn reports whether n stands in the entry's own body, outside any
// function literal of it.
func (c *checker) directIn(e *reqscope.Entry, n ast.Node) bool {
	if !inside(e.Body(), n.Pos()) || !inside(e.Scope(), n.Pos()) {
		return false
	}
	return c.enclosingFunc(n) == c.enclosingFunc(e.Node())
}

// enclosingFunc is the declaration or literal that n stands in, or n itself
// if it is one.
func (c *checker) enclosingFunc(n ast.Node) ast.Node {
	if cur, ok := c.cursor(n); ok {
		for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
			return fn.Node()
		}
	}
	return nil
}

// awaited reports whether the entry awaits the goroutine started at spawn
// on some path, or the goroutine ends with the request: a Wait on a group
// it uses, a receive from (or a send to, or a close of) a channel it uses,
// a wait on a request context's Done, a Recv on the RPC's stream. A group that is not declared in the
// entry (or, for a literal, in the function around it) is waited for
// elsewhere; so is a channel that the function around a literal entry
// receives from. A message loop awaits a goroutine only in the iteration
// that starts it, by awaitedInIteration.
func (c *checker) awaited(e *reqscope.Entry, spawn ast.Node) bool {
	if e.Loop != nil {
		return c.awaitedInIteration(e.Body(), spawn)
	}
	body := c.awaitScope(e)
	if call, ok := spawn.(*ast.CallExpr); ok {
		// A spawn helper method of a group of the program's own
		// (ng.Go(f) ... ng.Wait()): its Wait awaits what it started.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if recv := c.objectOf(sel.X); recv != nil && c.waitsOn(body, recv) {
				return true
			}
		}
	}
	touched, endsWithRequest := c.touches(spawn, body)
	if endsWithRequest {
		return true
	}
	for obj := range touched {
		switch {
		case isGroup(obj.Type()):
			if obj.Pos() < body.Pos() || obj.Pos() >= body.End() || c.waitsOn(body, obj) {
				return true
			}
		case isChan(obj.Type()):
			if c.communicates(body, obj, spawn) {
				return true
			}
		case isPipeEnd(obj.Type()):
			// io.Pipe: each write waits for a read of the other end, and a
			// close of either end ends the goroutine's reads and writes.
			if obj.Pos() >= body.Pos() && obj.Pos() < body.End() && !inside(spawn, obj.Pos()) {
				return true
			}
		}
	}
	return false
}

// touches returns the variables and fields that the goroutine started at
// spawn uses (in its call or literal, and in the body of the package's
// function it runs), and whether it ends with the request: it waits on a
// context that body does not detach, or reads an RPC's stream.
func (c *checker) touches(spawn ast.Node, body ast.Node) (map[types.Object]bool, bool) {
	info := c.pass.TypesInfo
	run := c.goroutine(spawn)
	code := []ast.Node{run}
	if fn := c.runFunc(run); fn != nil {
		if decl := c.decls[fn.Origin()]; decl != nil {
			code = append(code, decl.Body)
		}
	}
	touched := map[types.Object]bool{}
	endsWithRequest := false
	for _, code := range code {
		ast.Inspect(code, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				// the callee's own locals are not how the entry awaits it
				if v, ok := info.Uses[n].(*types.Var); ok && (code == run || v.Pos() < code.Pos() || v.Pos() >= code.End()) {
					touched[v] = true
				}
			case *ast.SelectorExpr:
				if sel, ok := info.Selections[n]; ok && sel.Kind() == types.FieldVal {
					touched[sel.Obj()] = true
				}
			case *ast.CallExpr:
				sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
				if !ok {
					break
				}
				if sel.Sel.Name == "Done" && isNamed(info.TypeOf(sel.X), "context", "Context") && !c.detachedContext(body, sel.X) {
					endsWithRequest = true // waits on the request's context
				}
				if sel.Sel.Name == "Recv" && reqscope.IsStream(info.TypeOf(sel.X)) {
					endsWithRequest = true // reads the RPC's stream, which fails once the RPC ends
				}
			}
			return true
		})
	}
	return touched, endsWithRequest
}

// runFunc is the declared function that run, what a goroutine runs, calls
// (a go statement's call) or denotes (a spawn helper's argument), or nil.
func (c *checker) runFunc(run ast.Expr) *types.Func {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(run).(type) {
	case *ast.CallExpr:
		return typeutil.StaticCallee(info, e)
	case *ast.Ident:
		fn, _ := info.Uses[e].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		fn, _ := info.Uses[e.Sel].(*types.Func)
		return fn
	}
	return nil
}

// awaitedInIteration reports whether the goroutine started at spawn, in
// the body of a loop, is awaited before the loop's next iteration: after
// the spawn, the body calls Wait on a group the goroutine uses (or on the
// receiver of a group's or helper's Go), or receives from a channel it
// uses. Then the loop runs one goroutine at a time.
func (c *checker) awaitedInIteration(body *ast.BlockStmt, spawn ast.Node) bool {
	waitsFor := map[types.Object]bool{}
	if call, ok := spawn.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			waitsFor[c.objectOf(sel.X)] = true
		}
	}
	if c.goroutine(spawn) != nil {
		touched, _ := c.touches(spawn, body)
		maps.Copy(waitsFor, touched)
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= spawn.End() {
			return false // the spawn, or code before it
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another goroutine's wait, or a deferred one's
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
				found = waitsFor[c.objectOf(sel.X)]
			}
		case *ast.UnaryExpr:
			if obj := c.objectOf(n.X); n.Op == token.ARROW && obj != nil && isChan(obj.Type()) {
				found = waitsFor[obj]
			}
		}
		return !found
	})
	return found
}

// awaitScope is where the entry's goroutines may be awaited: its body, or
// for a literal the outermost function around it (a test server's handler
// hands its results to the test).
func (c *checker) awaitScope(e *reqscope.Entry) ast.Node {
	if e.Lit == nil {
		return e.Decl.Body
	}
	cur, _ := c.cursor(e.Lit)
	var scope ast.Node = e.Lit.Body
	for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		scope = fn.Node()
	}
	return scope
}

// detachedContext reports whether ctx is, or is assigned in body from, a
// context that the request's end does not cancel.
func (c *checker) detachedContext(body ast.Node, ctx ast.Expr) bool {
	detached := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
					switch fn.Name() {
					case "Background", "TODO", "WithoutCancel":
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	if detached(ctx) {
		return true
	}
	id, ok := ast.Unparen(ctx).(*ast.Ident)
	if !ok {
		return false
	}
	obj := c.pass.TypesInfo.Uses[id]
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if assign, ok := n.(*ast.AssignStmt); ok {
			for i, lhs := range assign.Lhs {
				if l, ok := lhs.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(l) == obj {
					rhs := assign.Rhs[0]
					if len(assign.Rhs) == len(assign.Lhs) {
						rhs = assign.Rhs[i]
					}
					found = found || detached(rhs)
				}
			}
		}
		return !found
	})
	return found
}

// waitsOn reports whether body calls Wait on the group obj.
func (c *checker) waitsOn(body ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" && c.objectOf(sel.X) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// communicates reports whether body, outside the spawn, receives from,
// sends on or closes the channel obj.
func (c *checker) communicates(body ast.Node, obj types.Object, spawn ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == spawn {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			found = found || (n.Op == token.ARROW && c.objectOf(n.X) == obj)
		case *ast.RangeStmt:
			found = found || c.objectOf(n.X) == obj
		case *ast.SendStmt:
			found = found || c.objectOf(n.Chan) == obj
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				found = found || c.objectOf(n.Args[0]) == obj
			}
		}
		return !found
	})
	return found
}

func isPipeEnd(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return isNamed(t, "io", "PipeWriter") || isNamed(t, "io", "PipeReader")
}

func inside(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

func isGroup(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return isNamed(t, "sync", "WaitGroup") || isNamed(t, "golang.org/x/sync/errgroup", "Group") ||
		isNamed(t, "github.com/sourcegraph/conc", "WaitGroup")
}
