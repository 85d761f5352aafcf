package ssabuild

import (
	"fmt"
	"go/types"
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
			With(pass, nil, func([]*ssa.Function) {})
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

// Of the kept forms, the one left longest ago goes first: the others may
// belong to packages between two of their analyzers.
func TestDropsTheFormLeftLongestAgo(t *testing.T) {
	mu.Lock()
	defer mu.Unlock()
	defer func(f map[*types.Package]*shared, h int) { forms, held = f, h }(forms, held)
	forms = map[*types.Package]*shared{}
	var oldest *types.Package
	for _, left := range []uint64{5, 9, 2, 7, 4, 8, 6, 3} {
		pkg := types.NewPackage(fmt.Sprint("p", left), "p")
		forms[pkg] = &shared{left: left}
		if left == 2 {
			oldest = pkg
		}
	}
	held = len(forms)
	if !dropUnused() {
		t.Fatal("no form dropped")
	}
	if forms[oldest] != nil || len(forms) != 7 || held != 7 {
		t.Errorf("dropped another form than the one left longest ago (%d kept, held %d)", len(forms), held)
	}
}
