package pools_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/pools"
)

// describe reports every pool at its spawn site: its shape, its size and
// what its workers run.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "report every pool",
	Requires: []*analysis.Analyzer{pools.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, p := range pass.ResultOf[pools.Analyzer].(*pools.Result).Pools {
			worker := "unknown worker"
			switch {
			case p.Worker.Lit != nil:
				worker = "func literal"
			case p.Worker.Func != nil:
				worker = p.Worker.Func.FullName()
			case p.Worker.StartedBy != nil:
				worker = "workers of " + p.Worker.StartedBy.FullName()
			}
			pass.Reportf(p.Spawn.Pos(), "%s: %s; %s", p.Kind, p.Describe(), worker)
		}
		return nil, nil
	},
}

func TestPools(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/pools")
	// Package a sees helper.ForEach as a pool, and helper.Start and
	// StartOnce as pool starters, only through the facts that package
	// helper exports.
	analysistest.Run(t, dir, describe, "helper", "a")
}
