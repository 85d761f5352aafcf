package provenance_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/provenance"
)

// sizeOf reports the provenance of the argument of every call of a
// function named size.
var sizeOf = &analysis.Analyzer{
	Name:     "sizeof",
	Doc:      "report provenance.Of of size(x) arguments",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		return nil, reportSizes(pass, provenance.NewResolver(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)))
	},
}

// sizeOfAcross is sizeOf with the helpers' facts.
var sizeOfAcross = &analysis.Analyzer{
	Name:      "sizeofacross",
	Doc:       "report provenance.Of of size(x) arguments, with the helpers of other packages",
	FactTypes: []analysis.Fact{new(provenance.Fact)},
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		r := provenance.NewResolver(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
		r.ExportFacts()
		return nil, reportSizes(pass, r)
	},
}

func reportSizes(pass *analysis.Pass, r *provenance.Resolver) error {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			switch {
			case !ok:
			case id.Name == "size":
				pass.Reportf(call.Pos(), "%s", describe(r.Of(call.Args[0])))
			case id.Name == "passed":
				pass.Reportf(call.Pos(), "%s", describeArguments(r, call.Args[0]))
			}
			return true
		})
	}
	return nil
}

func describe(s provenance.Size) string {
	switch s.Class {
	case provenance.Constant:
		return fmt.Sprintf("constant %d", s.Value)
	case provenance.CPU:
		return fmt.Sprintf("cpu factor %g offset %d from %s cpusized=%v", s.Factor, s.Offset, s.Source, s.CPUSized(2))
	case provenance.Config:
		return "config: " + s.Source
	case provenance.Param:
		return fmt.Sprintf("param %d", s.Index)
	}
	return "unknown"
}

// describeArguments lists what the calls pass for the parameter e names.
func describeArguments(r *provenance.Resolver, e ast.Expr) string {
	v, _ := r.Object(e).(*types.Var)
	sizes, ok := r.Arguments(v)
	if !ok {
		return "calls unknown"
	}
	var args []string
	for _, s := range sizes {
		args = append(args, describe(s))
	}
	return "calls pass " + strings.Join(args, ", ")
}

func TestOf(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/provenance")
	analysistest.Run(t, dir, sizeOf, "a")
}

// Helpers of other packages resolve through their facts.
func TestOfAcrossPackages(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/provenance")
	analysistest.Run(t, dir, sizeOfAcross, "helpers", "b")
}
