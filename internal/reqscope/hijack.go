package reqscope

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/bodies"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/cpufacts"
	"github.com/concurlint/concurlint/internal/funcnames"
)

// Analyzer exports the Hijacks facts of the package's functions; its
// result answers whether code of the package takes over a connection.
var Analyzer = &analysis.Analyzer{
	Name:       "reqscope",
	Doc:        "record which functions take over an HTTP connection, for the concurlint analyzers",
	FactTypes:  []analysis.Fact{new(Hijacks)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	// cpufacts only to come after it, which builds the package's SSA for
	// more functions than this analyzer needs (see ssabuild.With).
	Requires: []*analysis.Analyzer{bodies.Analyzer, cpufacts.Analyzer},
	Run:      run,
}

// Hijacks marks a function that takes over an HTTP connection: it calls
// Hijack (http.Hijacker, http.ResponseController), itself or through its
// calls, as websocket upgraders do. A handler that calls it serves the
// connection from then on, as an accept loop does.
type Hijacks struct{}

func (*Hijacks) AFact() {}

func (*Hijacks) String() string { return "hijacks" }

// Result answers, for the code of the analysed package, whether it takes
// over a connection.
type Result struct {
	info       *types.Info
	pkg        *types.Package
	hijacks    *chains.Table
	importFact func(types.Object, analysis.Fact) bool
}

// hijackCategory is the only category of the table: reaches a Hijack call.
const hijackCategory = 0

func run(pass *analysis.Pass) (any, error) {
	// Most packages name neither a Hijack method nor a function that
	// hijacks, and need no call graph for this fact.
	hijacks := func(fn *types.Func) bool {
		return fn.Name() == "Hijack" || fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, new(Hijacks))
	}
	if !chains.NamesFunc(pass, hijacks) {
		return &Result{info: pass.TypesInfo, pkg: pass.Pkg, hijacks: new(chains.Table), importFact: pass.ImportObjectFact}, nil
	}
	skip := pass.ResultOf[bodies.Analyzer].(*bodies.Calls).Skip(hijacks)
	table := chains.Build(pass, skip, 1, func(b *chains.Builder) func(*ssa.Function) {
		return func(fn *ssa.Function) { scanHijacks(pass, b, fn) }
	}, func(fn chains.Exported) {
		pass.ExportObjectFact(fn.Obj, new(Hijacks))
	})
	return &Result{info: pass.TypesInfo, pkg: pass.Pkg, hijacks: table, importFact: pass.ImportObjectFact}, nil
}

// scanHijacks records fn's Hijack calls and its calls of the package's
// functions. Both count for the declared function around fn: a function
// hijacks when any code of its body does, literals included.
func scanHijacks(pass *analysis.Pass, b *chains.Builder, fn *ssa.Function) {
	owner := fn
	for owner.Parent() != nil {
		owner = owner.Parent()
	}
	for _, block := range fn.Blocks {
		for _, instr := range block.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			common := call.Common()
			if common.IsInvoke() {
				if common.Method.Name() == "Hijack" {
					b.Set(owner, hijackCategory, &chains.Step{Pos: call.Pos(), Callee: "Hijack"})
				}
				continue
			}
			callee := common.StaticCallee()
			if callee == nil {
				continue
			}
			obj, _ := callee.Object().(*types.Func)
			switch {
			case callee.Name() == "Hijack":
				b.Set(owner, hijackCategory, &chains.Step{Pos: call.Pos(), Callee: "Hijack"})
			case obj != nil && obj.Pkg() != pass.Pkg && pass.ImportObjectFact(obj.Origin(), new(Hijacks)):
				b.Set(owner, hijackCategory, &chains.Step{Pos: call.Pos(), Callee: funcnames.Display(obj, pass.Pkg)})
			default:
				if local := b.Local(callee); local != nil && local != owner {
					b.Call(owner, local, call)
				}
			}
		}
	}
}

// Hijacks reports whether code takes over the connection, itself or
// through a call: its goroutines then serve the connection, as an accept
// loop's do.
func (r *Result) Hijacks(code ast.Node) bool {
	found := false
	ast.Inspect(code, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && r.callHijacks(call) {
			found = true
		}
		return !found
	})
	return found
}

// callHijacks reports whether call is a Hijack call, or a call of a
// function known to hijack.
func (r *Result) callHijacks(call *ast.CallExpr) bool {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Hijack" {
		return true
	}
	callee := typeutil.StaticCallee(r.info, call)
	if callee == nil {
		return false
	}
	if callee.Pkg() == r.pkg {
		return r.hijacks.Reaches(callee.Origin().Pos(), hijackCategory)
	}
	return r.importFact(callee.Origin(), new(Hijacks))
}
