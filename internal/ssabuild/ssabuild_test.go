package ssabuild_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// ends reports the functions, literals included, whose every path ends in
// a call that does not return.
var ends = &analysis.Analyzer{
	Name: "ends",
	Doc:  "report functions that never return normally",
	Run: func(pass *analysis.Pass) (any, error) {
		ssabuild.With(pass, nil, func(funcs []*ssa.Function) {
			for _, fn := range funcs {
				if !returns(fn) {
					pass.Reportf(fn.Pos(), "%s never returns", fn.Name())
				}
			}
		})
		return nil, nil
	},
}

func returns(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return true
		}
	}
	return false
}

func TestNoReturn(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/ssabuild")
	analysistest.Run(t, dir, ends, "a")
}

// sharing reports whether a second With on the package, while a first one
// is in use, gets the same SSA, and whether a With after both gets it too.
var sharing = &analysis.Analyzer{
	Name: "sharing",
	Doc:  "report how With shares the SSA of a package",
	Run: func(pass *analysis.Pass) (any, error) {
		var first, second, later *ssa.Function
		entered, done := make(chan struct{}), make(chan struct{})
		returned := make(chan struct{})
		go func() {
			ssabuild.With(pass, nil, func(funcs []*ssa.Function) {
				first = funcs[0]
				close(entered)
				<-done
			})
			close(returned)
		}()
		<-entered
		ssabuild.With(pass, nil, func(funcs []*ssa.Function) { second = funcs[0] })
		close(done)
		<-returned
		ssabuild.With(pass, nil, func(funcs []*ssa.Function) { later = funcs[0] })
		if first == second && later == first {
			pass.Reportf(pass.Files[0].Package, "one SSA build for the analyzers using the package")
		}
		return nil, nil
	},
}

func TestSharedWhileInUse(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/ssabuild")
	analysistest.Run(t, dir, sharing, "shared")
}

// skipping reports the functions that Bodies and Skip leave without a body,
// with time.Sleep as the only call that matters, and checks that the SSA
// form built with them lacks exactly those, and that a later analyzer
// needing them all gets them.
var skipping = &analysis.Analyzer{
	Name:     "skipping",
	Doc:      "report the functions built without SSA bodies",
	Requires: []*analysis.Analyzer{ssabuild.Bodies},
	Run: func(pass *analysis.Pass) (any, error) {
		skip := pass.ResultOf[ssabuild.Bodies].(*ssabuild.Calls).Skip(func(fn *types.Func) bool {
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
	dir := analyzertest.TestData(t, "internal/ssabuild")
	analysistest.Run(t, dir, skipping, "bodies")
}
