// Package bodies finds, from the typed syntax, the declared functions of a
// package whose SSA form may be left without a body (see Calls.Skip and
// ssabuild.With): most functions of most packages only compute and call
// functions that only compute, and building their SSA is most of what
// analysing a dependency for its facts costs.
package bodies

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/pools"
)

// Analyzer finds the candidates for a body-less SSA form and their static
// callees. Its result is a *Calls.
var Analyzer = &analysis.Analyzer{
	Name:       "ssabodies",
	Doc:        "find the functions whose SSA form no concurlint analysis needs, for the concurlint analyzers",
	ResultType: reflect.TypeOf((*Calls)(nil)),
	Run:        scanBodies,
}

// Calls holds, for each declared function whose syntax allows its body to
// be skipped, the functions it calls statically; Skip decides which of them
// call nothing that matters.
type Calls struct {
	callees map[*types.Func][]*types.Func // the candidates, with their static callees' origins
}

// A function is a candidate when its body has nothing that an analysis of
// goroutines, channels, groups or calls of unknown effect looks at: no go
// statement, no function literal, no channel operation or value, no group
// or semaphore, no call of an interface method or function value, no use of
// a function as a value, no close or recover, no range over a function; and
// when it is not itself run by a go or defer statement, nor used as a value
// (the analyses follow those into its body). Functions without a body,
// init functions and generic functions are never candidates.
func scanBodies(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	c := &Calls{callees: map[*types.Func][]*types.Func{}}
	excluded := map[*types.Func]bool{} // run by go or defer, or used as a value
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			decl, ok := decl.(*ast.FuncDecl)
			if !ok || decl.Body == nil || decl.Recv == nil && decl.Name.Name == "init" {
				continue
			}
			fn, ok := info.Defs[decl.Name].(*types.Func)
			if !ok || holdsWaitable(fn.Type()) || fn.Signature().TypeParams().Len() > 0 || fn.Signature().RecvTypeParams().Len() > 0 {
				continue // generic functions and methods of generic types too
			}
			callees, plain := scanBody(info, decl.Body, excluded)
			if plain {
				c.callees[fn] = callees
			}
		}
	}
	for fn := range excluded {
		delete(c.callees, fn)
	}
	return c, nil
}

// scanBody returns the static callees of a function's body, and whether
// the body lets the function be a candidate. The functions it runs by go or
// defer, or uses as values, go to excluded.
func scanBody(info *types.Info, body *ast.BlockStmt, excluded map[*types.Func]bool) (callees []*types.Func, plain bool) {
	plain = true
	called := map[*ast.Ident]bool{} // the names of static callees
	waitable := func(e ast.Expr) {
		if plain {
			if t := info.TypeOf(e); t != nil && holdsWaitable(t) {
				plain = false
			}
		}
	}
	exclude := func(call *ast.CallExpr) {
		if fn := typeutil.StaticCallee(info, call); fn != nil {
			excluded[fn.Origin()] = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt, *ast.FuncLit:
			plain = false
			if g, ok := n.(*ast.GoStmt); ok {
				exclude(g.Call)
			}
		case *ast.DeferStmt:
			exclude(n.Call)
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Chan, *types.Signature:
					plain = false
				}
			}
		case *ast.CallExpr:
			waitable(n)
			if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
				break // a conversion
			}
			switch callee := typeutil.Callee(info, n).(type) {
			case *types.Builtin:
				if name := callee.Name(); name == "close" || name == "recover" {
					plain = false
				}
			case *types.Func:
				if recv := callee.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
					plain = false // an interface method, or a type parameter's
				} else if holdsWaitable(callee.Type()) {
					plain = false // takes or gives a channel or group: s.Add(1), s embedding a WaitGroup
				} else {
					callees = append(callees, callee.Origin())
					called[calleeIdent(n.Fun)] = true
				}
			default:
				plain = false // a function value
			}
		case *ast.Ident:
			// Variables, fields (the selector's name) and functions: the
			// values that may be channels or groups are named, or come from
			// the expressions below.
			switch obj := info.Uses[n].(type) {
			case *types.Var:
				if plain && holdsWaitable(obj.Type()) {
					plain = false
				}
			case *types.Func:
				if !called[n] {
					plain = false
					excluded[obj.Origin()] = true
				}
			}
		case *ast.IndexExpr, *ast.TypeAssertExpr, *ast.CompositeLit:
			waitable(n.(ast.Expr))
		}
		return true
	})
	return callees, plain
}

// calleeIdent returns the name that a call's function expression ends
// with: F, pkg.F, x.M, F[T].
func calleeIdent(fun ast.Expr) *ast.Ident {
	fun = astutil.Unparen(fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = astutil.Unparen(f.X)
	case *ast.IndexListExpr:
		fun = astutil.Unparen(f.X)
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// holdsWaitable reports whether a value of type t, or one of the values of
// a tuple or signature, is a channel, a group (pools.IsGroup), a Cond or a
// semaphore, or points to one: what the analyses of goroutines follow.
func holdsWaitable(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Tuple:
		for v := range t.Variables() {
			if holdsWaitable(v.Type()) {
				return true
			}
		}
		return false
	case *types.Signature:
		return t.Recv() != nil && holdsWaitable(t.Recv().Type()) || holdsWaitable(t.Params()) || holdsWaitable(t.Results())
	case *types.Pointer:
		return holdsWaitable(t.Elem())
	}
	if _, ok := t.Underlying().(*types.Chan); ok || pools.IsGroup(t) {
		return true
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	path, name := named.Obj().Pkg().Path(), named.Obj().Name()
	return path == "sync" && name == "Cond" || path == "golang.org/x/sync/semaphore" && name == "Weighted"
}

// Skip returns the candidates that call, directly or through other
// functions of the package, no function for which needs holds. needs is
// asked once about each static callee, of the package or another: a
// primitive, a function with a fact, a function of a table.
func (c *Calls) Skip(needs func(callee *types.Func) bool) map[*types.Func]bool {
	callers := map[*types.Func][]*types.Func{}
	var needed []*types.Func
	kept := map[*types.Func]bool{}
	asked := map[*types.Func]bool{} // needs' answers
	for fn, callees := range c.callees {
		for _, callee := range callees {
			if _, candidate := c.callees[callee]; candidate {
				callers[callee] = append(callers[callee], fn)
			} else if callee.Pkg() == fn.Pkg() {
				kept[fn] = true // a function of the package that keeps its body
			}
			need, ok := asked[callee]
			if !ok {
				need = needs(callee)
				asked[callee] = need
			}
			if need {
				kept[fn] = true
			}
		}
		if kept[fn] {
			needed = append(needed, fn)
		}
	}
	for len(needed) > 0 {
		fn := needed[len(needed)-1]
		needed = needed[:len(needed)-1]
		for _, caller := range callers[fn] {
			if !kept[caller] {
				kept[caller] = true
				needed = append(needed, caller)
			}
		}
	}
	skip := map[*types.Func]bool{}
	for fn := range c.callees {
		if !kept[fn] {
			skip[fn] = true
		}
	}
	return skip
}
