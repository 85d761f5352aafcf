package chains_test

import (
	"fmt"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Two categories: calls of functions named red, and of functions named
// blue; a call of a function named paint lifts blue to red. A call of a
// function named openN reaches the open category 2+N; each function keeps
// two open categories at most.
const (
	red = iota
	blue
	fixed
)

// colors reports, at each function of the package, the chain by which it
// reaches each category, and exports the bounded chains as a diagnostic at
// the function too, prefixed "fact".
var colors = &analysis.Analyzer{
	Name: "colors",
	Doc:  "report chains to calls of red and blue",
	Run: func(pass *analysis.Pass) (any, error) {
		ssabuild.With(pass, nil, func(funcs []*ssa.Function) {
			b := chains.NewBuilder(pass.Pkg, funcs, fixed)
			b.MaxOpen = 2
			b.Lift = func(caller, callee *ssa.Function, call ssa.CallInstruction, cat int) int {
				if callee.Name() == "paint" {
					return red
				}
				return cat
			}
			for _, fn := range funcs {
				for _, block := range fn.Blocks {
					for _, instr := range block.Instrs {
						call, ok := instr.(ssa.CallInstruction)
						if !ok || call.Common().StaticCallee() == nil {
							continue
						}
						callee := call.Common().StaticCallee()
						switch name := callee.Name(); {
						case len(name) == len("openN") && strings.HasPrefix(name, "open"):
							b.Set(fn, fixed+int(name[len("open")]-'0'), &chains.Step{Pos: call.Pos(), Callee: name})
						case name == "red":
							b.Set(fn, red, &chains.Step{Pos: call.Pos(), Callee: "red"})
						case name == "blue":
							b.Set(fn, blue, &chains.Step{Pos: call.Pos(), Callee: "blue"})
						default:
							if local := b.Local(callee); local != nil {
								b.Call(fn, local, call)
							}
						}
					}
				}
			}
			b.Propagate()
			table := b.Result()
			for _, fn := range funcs {
				var parts []string
				for cat, name := range []string{"red", "blue"} {
					if names, _ := table.Chain(chains.Key(fn), cat); names != nil {
						parts = append(parts, name+": "+strings.Join(names, " → "))
					}
				}
				for _, cat := range table.Open(chains.Key(fn)) {
					names, _ := table.Chain(chains.Key(fn), cat)
					parts = append(parts, fmt.Sprintf("open %d: %s", cat, strings.Join(names, " → ")))
				}
				if len(parts) > 0 {
					pass.Reportf(fn.Pos(), "%s", strings.Join(parts, "; "))
				}
			}
			b.Exported(funcs, func(fn chains.Exported) {
				pass.Reportf(fn.Obj.Pos(), "fact %d %d", len(fn.Chain(red)), len(fn.Chain(blue)))
			})
		})
		return nil, nil
	},
}

func TestChains(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/chains")
	analysistest.Run(t, dir, colors, "a")
}

// namesRed reports, at a package's clause, that its code names the method
// Red of another package, as its generic origin.
var namesRed = &analysis.Analyzer{
	Name: "namesred",
	Doc:  "report packages that name a function Red of another package",
	Run: func(pass *analysis.Pass) (any, error) {
		if chains.NamesFunc(pass, func(fn *types.Func) bool {
			return fn.Name() == "Red" && fn.Pkg() != pass.Pkg && fn.Origin() == fn
		}) {
			pass.Reportf(pass.Files[0].Package, "names Red")
		}
		return nil, nil
	},
}

func TestNamesFunc(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/chains")
	analysistest.Run(t, dir, namesRed, "names", "nonames")
}
