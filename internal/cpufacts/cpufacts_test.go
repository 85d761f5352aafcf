package cpufacts_test

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/cpufacts"
)

// workers reports, for every argument of a call of a function named run
// (or runSem, for a pool whose semaphore is a channel), whether it is
// CPU-bound as a worker, and why not.
var workers = &analysis.Analyzer{
	Name:     "workers",
	Doc:      "report cpufacts' verdict on the arguments of run(...)",
	Requires: []*analysis.Analyzer{inspect.Analyzer, cpufacts.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[cpufacts.Analyzer].(*cpufacts.Result)
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		in.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
			call := n.(*ast.CallExpr)
			id, ok := call.Fun.(*ast.Ident)
			if !ok || (id.Name != "run" && id.Name != "runSem") {
				return
			}
			release := id.Name == "runSem"
			for _, arg := range call.Args {
				var c *cpufacts.Chain
				switch arg := arg.(type) {
				case *ast.FuncLit:
					c = res.Worker(chains.LitKey(arg), release)
				default:
					fn := typeutil.Callee(pass.TypesInfo, &ast.CallExpr{Fun: arg})
					if fn == nil {
						continue
					}
					c = res.WorkerObject(fn.(interface{ Origin() *types.Func }).Origin(), release)
				}
				if c == nil {
					pass.Reportf(arg.Pos(), "cpu-bound")
				} else {
					pass.Reportf(arg.Pos(), "%s: %s", c.Effect, strings.Join(c.Names, " → "))
				}
			}
		})
		return nil, nil
	},
}

func TestWorkers(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/cpufacts")
	analysistest.Run(t, dir, workers, "a", "b", "top")
}

func TestFacts(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/cpufacts")
	analysistest.Run(t, dir, cpufacts.Analyzer, "facts", "starter", "deep", "mid")
}
