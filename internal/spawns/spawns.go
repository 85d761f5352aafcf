// Package spawns recognises spawn helpers: functions that run a function
// argument in a new goroutine, one per call (nats-server's
// s.startGoRoutine(f), traefik's safe.Go(f), a method that adds to its
// WaitGroup and starts go func() { defer wg.Done(); f() }()). A call of a
// spawn helper is a go statement for every rule: pools, fan-outs and leaks
// started through it are seen. The analyzer exports a Fact on each helper,
// so that the helpers of other packages are known under go vet, where each
// package is analysed alone.
//
// A function is a spawn helper when its body (not a function literal in
// it, not a loop: a loop of go statements is a pool or a fan-out) holds a
// go statement, or a call of a spawn helper, whose goroutine calls one of
// the function's parameters of function type, or hands it on.
package spawns

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer finds the spawn helpers of a package. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "spawns",
	Doc:        "recognise functions that run a function argument in a new goroutine, for the concurlint analyzers",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(Fact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

// Fact marks a spawn helper: it runs its parameter FuncParam in a new
// goroutine.
type Fact struct {
	FuncParam int
}

func (*Fact) AFact() {}
func (f *Fact) String() string {
	return fmt.Sprintf("spawn helper: runs param %d in a new goroutine", f.FuncParam)
}

// Result answers, for the calls of the analysed package, whether they call
// a spawn helper of this package or another.
type Result struct {
	info       *types.Info
	pkg        *types.Package
	local      map[*types.Func]int
	importFact func(types.Object, analysis.Fact) bool
}

// Spawned returns the argument that call runs in a new goroutine when it
// calls a spawn helper, or nil.
func (r *Result) Spawned(call *ast.CallExpr) ast.Expr {
	fn := typeutil.StaticCallee(r.info, call)
	if fn == nil {
		return nil
	}
	if param, ok := r.Param(fn); ok && param < len(call.Args) {
		return call.Args[param]
	}
	return nil
}

// SpawnedArg returns the index, among the arguments of an SSA call (which
// begin with the receiver of a method), of the function that the call runs
// in a new goroutine when it calls a spawn helper.
func (r *Result) SpawnedArg(call *ssa.CallCommon) (int, bool) {
	callee := call.StaticCallee()
	if callee == nil {
		return 0, false
	}
	fn, ok := callee.Object().(*types.Func)
	if !ok {
		return 0, false
	}
	param, ok := r.Param(fn)
	if callee.Signature.Recv() != nil {
		param++
	}
	return param, ok && param < len(call.Args)
}

// Param returns the parameter that fn, a function of this package or
// another, runs in a new goroutine, when fn is a spawn helper.
func (r *Result) Param(fn *types.Func) (int, bool) {
	fn = fn.Origin()
	if param, ok := r.local[fn]; ok {
		return param, true
	}
	var fact Fact
	if fn.Pkg() != r.pkg && r.importFact(fn, &fact) {
		return fact.FuncParam, true
	}
	return 0, false
}

// maxRounds bounds how many times the package's functions are scanned for
// helpers that call helpers found in the round before: chains of local
// helpers are short, and the bound keeps the pass linear.
const maxRounds = 4

func run(pass *analysis.Pass) (any, error) {
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := &Result{info: pass.TypesInfo, pkg: pass.Pkg, local: map[*types.Func]int{}, importFact: pass.ImportObjectFact}
	var candidates []*ast.FuncDecl
	in.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		decl := n.(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil && TakesFunc(fn) {
			candidates = append(candidates, decl)
		}
	})
	for range maxRounds {
		found := false
		for _, decl := range candidates {
			fn := pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if _, done := r.local[fn]; done {
				continue
			}
			if param := r.spawnedParam(decl, fn); param >= 0 {
				r.local[fn] = param
				pass.ExportObjectFact(fn, &Fact{FuncParam: param})
				found = true
			}
		}
		if !found {
			break
		}
	}
	return r, nil
}

// TakesFunc reports whether fn has a parameter of function type.
func TakesFunc(fn *types.Func) bool {
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if _, ok := params.At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// spawnedParam returns the parameter that a go statement, or a call of a
// spawn helper, in decl's body outside loops runs in a new goroutine, or -1.
// A function that waits after starting it (testing.T.Run waits for the
// subtest) runs it in the caller's stead, not beside the caller.
func (r *Result) spawnedParam(decl *ast.FuncDecl, fn *types.Func) int {
	params := fn.Type().(*types.Signature).Params()
	found := -1
	var start ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found >= 0 {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.GoStmt:
			found, start = CalledParam(r.info, n, params), n
			return false
		case *ast.CallExpr:
			if r.Spawned(n) != nil {
				found, start = CalledParam(r.info, n, params), n
				return false
			}
		}
		return true
	})
	if found >= 0 && r.waitsAfter(decl.Body, start.End()) {
		return -1
	}
	return found
}

// waitsAfter reports whether body, outside function literals, receives,
// selects or calls a method named Wait after pos.
func (r *Result) waitsAfter(body *ast.BlockStmt, pos token.Pos) bool {
	waits := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || waits {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok || n.End() <= pos {
			return !ok && n.End() > pos
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			waits = n.Op == token.ARROW
		case *ast.SelectStmt:
			waits = true
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
				waits = true
			}
		}
		return !waits
	})
	return waits
}

// CalledParam returns the index of the parameter of function type, among
// params, that the code of n calls or hands to a call as an argument, or
// -1. Deferred calls do not count: they recover or clean up.
func CalledParam(info *types.Info, n ast.Node, params *types.Tuple) int {
	found := -1
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.DeferStmt); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return found < 0
		}
		for _, a := range call.Args { // g.Go(f) with f the parameter itself
			if idx := paramIndex(info, a, params); idx >= 0 {
				if _, ok := info.TypeOf(a).Underlying().(*types.Signature); ok {
					found = idx
				}
			}
		}
		if idx := paramIndex(info, call.Fun, params); idx >= 0 {
			found = idx
		}
		return found < 0
	})
	return found
}

func paramIndex(info *types.Info, e ast.Expr, params *types.Tuple) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	for i := range params.Len() {
		if info.Uses[id] == params.At(i) {
			return i
		}
	}
	return -1
}
