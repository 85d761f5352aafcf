package bodies_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/bodies"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// skipping reports the functions that Bodies and Skip leave without a body,
// with time.Sleep as the only call that matters, and checks that the SSA
// form built with them lacks exactly those, and that a later analyzer
// needing them all gets them.
var skipping = &analysis.Analyzer{
	Name:     "skipping",
	Doc:      "report the functions built without SSA bodies",
	Requires: []*analysis.Analyzer{bodies.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		skip := pass.ResultOf[bodies.Analyzer].(*bodies.Calls).Skip(func(fn *types.Func) bool {
			return fn.FullName() == "time.Sleep"
		})
		for fn := range skip {
			pass.ExportObjectFact(fn, new(skipped))
		}
		ssabuild.With(pass, skip, func(funcs []*ssa.Function) {
			for _, fn := range funcs {
				if obj, ok := fn.Object().(*types.Func); ok && skip[obj] {
					pass.Reportf(fn.Pos(), "%s is skipped but built", fn.Name())
				}
				if fn.Blocks == nil {
					pass.Reportf(fn.Pos(), "%s has no body", fn.Name())
				}
			}
		})
		// An analyzer that needs every body gets them, in a form of its own.
		ssabuild.With(pass, nil, func(funcs []*ssa.Function) {
			built := 0
			for _, fn := range funcs {
				if obj, ok := fn.Object().(*types.Func); ok && skip[obj] && fn.Blocks != nil {
					built++
				}
			}
			if built == len(skip) && pass.Pkg.Path() == "bodies" {
				pass.Reportf(pass.Files[0].Package, "every body for an analyzer that needs them")
			}
		})
		return nil, nil
	},
	FactTypes: []analysis.Fact{new(skipped)},
}

type skipped struct{}

func (*skipped) AFact()         {}
func (*skipped) String() string { return "skipped" }

func TestSkip(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/bodies")
	analysistest.Run(t, dir, skipping, "bodies")
}
