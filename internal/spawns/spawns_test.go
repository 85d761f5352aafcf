package spawns_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/spawns"
)

// report reports every spawn helper, and every call of one with the
// function it runs.
var report = &analysis.Analyzer{
	Name:     "report",
	Doc:      "report every spawn helper and its calls",
	Requires: []*analysis.Analyzer{spawns.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[spawns.Analyzer].(*spawns.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if param, ok := r.Param(pass.TypesInfo.Defs[n.Name].(*types.Func)); ok {
						pass.Reportf(n.Name.Pos(), "helper: runs param %d in a new goroutine", param)
					}
				case *ast.CallExpr:
					if fn := r.Spawned(n); fn != nil {
						pass.Reportf(n.Pos(), "spawns %s", types.ExprString(fn))
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestSpawned(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/spawns")
	// Package a sees safe's helpers only through the facts it exports.
	analysistest.Run(t, dir, report, "safe", "a")
}
