package ssabuild_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssabuild"
)

// ends reports the functions, literals included, whose every path ends in
// a call that does not return.
var ends = &analysis.Analyzer{
	Name: "ends",
	Doc:  "report functions that never return normally",
	Run: func(pass *analysis.Pass) (any, error) {
		ssabuild.With(pass, func(funcs []*ssa.Function) {
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
	dir, _ := filepath.Abs("../../testdata/internal/ssabuild")
	analysistest.Run(t, dir, ends, "a")
}
