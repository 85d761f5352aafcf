package ssabuild_test

import (
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
