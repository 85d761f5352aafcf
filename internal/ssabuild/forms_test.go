package ssabuild

import (
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analyzertest"
)

// With room for one form, a package that needs one drops the form that
// another package keeps: without that, it would wait for ever.
func TestDropsAKeptForm(t *testing.T) {
	defer func(n int) { maxForms = n }(maxForms)
	maxForms = 1
	uses := &analysis.Analyzer{
		Name: "uses",
		Doc:  "use the SSA of the package",
		Run: func(pass *analysis.Pass) (any, error) {
			With(pass, func([]*ssa.Function) {})
			return nil, nil
		},
	}
	dir := analyzertest.TestData(t, "internal/ssabuild")
	finished := make(chan struct{})
	go func() {
		analysistest.Run(analyzertest.IgnoreWants{}, dir, uses, "a", "shared")
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(2 * time.Minute):
		t.Fatal("the second package still waits for room for its SSA form")
	}
}
