package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/reqscope"
	"github.com/concurlint/concurlint/internal/spawns"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Detaches marks a function that, on every call, starts a goroutine that
// nobody awaits, itself or through the calls it always makes: a
// request-scope caller leaves one goroutine behind per request.
type Detaches struct {
	// Chain names the calls from the function's callee down to the go
	// statement, which is named with its place: "send", "go flush() (audit.go:12)".
	Chain []string
}

func (*Detaches) AFact() {}

func (f *Detaches) String() string {
	return "starts a goroutine nobody awaits: " + strings.Join(f.Chain, " → ")
}

// The categories of the package's caller table.
const (
	maySpawn = iota // starts goroutines, itself or through calls: a candidate for PerElement
	detaches        // starts a goroutine nobody awaits on every call (Detaches)
	categories
)

// buildCallees computes, over the package's SSA call graph (see chains),
// which functions may start goroutines and which always start one that
// nobody awaits, and exports the Detaches facts of the functions that are
// not entries.
func (c *checker) buildCallees(isEntry map[*types.Func]bool, spawnsAt map[token.Pos]ast.Node) *chains.Table {
	return chains.Build(c.pass, c.skip, categories, func(b *chains.Builder) func(*ssa.Function) {
		b.Lift = func(caller, _ *ssa.Function, call ssa.CallInstruction, cat int) int {
			if cat == detaches && (call.Block().Parent() != caller || !always(call)) {
				return -1
			}
			return cat
		}
		return func(fn *ssa.Function) { c.scanCallees(b, fn, spawnsAt, isEntry) }
	}, func(fn chains.Exported) {
		if fn.Reaches(detaches) && !isEntry[fn.Obj] {
			c.pass.ExportObjectFact(fn.Obj, &Detaches{Chain: fn.Chain(detaches)})
		}
	})
}

// scanCallees records what fn starts and the package's functions it calls.
// Both count, for maySpawn, for the declared function around fn (as the
// AST of its body holds its literals); detaches counts only fn's own
// unconditional spawns and calls.
func (c *checker) scanCallees(b *chains.Builder, fn *ssa.Function, spawnsAt map[token.Pos]ast.Node, isEntry map[*types.Func]bool) {
	owner := fn
	for owner.Parent() != nil {
		owner = owner.Parent()
	}
	obj, _ := owner.Object().(*types.Func)
	own := fn == owner && obj != nil && !isEntry[obj]
	for _, block := range fn.Blocks {
		for _, instr := range block.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if spawn := spawnsAt[call.Pos()]; spawn != nil {
				step := &chains.Step{Pos: call.Pos(), Callee: c.spawnName(spawn)}
				b.Set(owner, maySpawn, step)
				if own && always(call) && c.forgotten(obj, spawn) {
					b.Set(owner, detaches, step)
				}
				continue
			}
			if _, isGo := call.(*ssa.Go); isGo {
				continue
			}
			callee := call.Common().StaticCallee()
			if callee == nil {
				continue
			}
			if local := b.Local(callee); local != nil {
				b.Call(owner, local, call)
				continue
			}
			calleeObj, ok := callee.Object().(*types.Func)
			if !ok || calleeObj.Pkg() == c.pass.Pkg {
				continue
			}
			// Named only when a fact makes it part of a chain: most calls
			// have none, and naming every call was 4% of a corpus run.
			if c.pass.ImportObjectFact(calleeObj.Origin(), new(PerElement)) {
				b.Set(owner, maySpawn, &chains.Step{Pos: call.Pos(), Callee: b.Names.Display(calleeObj)})
			}
			var fact Detaches
			if own && always(call) && c.pass.ImportObjectFact(calleeObj.Origin(), &fact) {
				b.Set(owner, detaches, &chains.Step{Pos: call.Pos(), Callee: b.Names.Display(calleeObj), Rest: fact.Chain})
			}
		}
	}
}

// always reports whether every path of the function that returns passes
// the call: it is not behind an early return, a condition or a loop.
func always(call ssa.CallInstruction) bool {
	block := call.Block()
	returns := false
	for _, b := range block.Parent().Blocks {
		if _, ok := ssabuild.Last(b).(*ssa.Return); ok {
			returns = true
			if !block.Dominates(b) {
				return false
			}
		}
	}
	return returns
}

// forgotten reports whether the goroutine that the function fn starts at
// spawn is one nobody can await: it runs none of fn's function parameters
// (fn is no spawn helper: its caller's function decides), and it touches
// no channel and no group, nor waits for a request's context or stream.
func (c *checker) forgotten(fn *types.Func, spawn ast.Node) bool {
	decl := c.decls[fn]
	if _, helper := c.spawns.Param(fn); helper || decl == nil || c.goroutine(spawn) == nil {
		return false // a spawn helper; or a group's Go, which its Wait awaits
	}
	if spawns.CalledParam(c.pass.TypesInfo, spawn, fn.Type().(*types.Signature).Params()) >= 0 {
		return false
	}
	g := c.started(spawn)
	return g != nil && !g.Shares() && !endsWithRequest(g)
}

// spawnName names a go statement or spawn helper's call, with its place,
// for chains in messages of any package: "go flush() (audit.go:12)".
func (c *checker) spawnName(spawn ast.Node) string {
	text := "go "
	run := c.goroutine(spawn)
	if call, ok := spawn.(*ast.CallExpr); ok {
		text = types.ExprString(call.Fun) + " of "
	}
	switch r := ast.Unparen(run).(type) {
	case *ast.FuncLit:
		text += "a func literal"
	case *ast.CallExpr:
		if _, isLit := ast.Unparen(r.Fun).(*ast.FuncLit); isLit {
			text += "a func literal"
		} else {
			text += types.ExprString(r.Fun) + "()"
		}
	default:
		text += types.ExprString(run)
	}
	p := c.pass.Fset.Position(spawn.Pos())
	return fmt.Sprintf("%s (%s:%d)", text, filepath.Base(p.Filename), p.Line)
}

// checkCallees reports the calls of an entry to functions that always
// start a goroutine nobody awaits: each request leaves one behind, as a go
// statement of the entry's own would.
func (c *checker) checkCallees(e *reqscope.Entry, isEntry map[*types.Func]bool) {
	cur, ok := c.cursor(e.Body())
	if !ok || e.Kind == reqscope.KafkaClaim || c.scope.Hijacks(e.Body()) {
		return
	}
	for call := range cur.Preorder((*ast.CallExpr)(nil)) {
		n := call.Node().(*ast.CallExpr)
		if _, inGo := call.Parent().Node().(*ast.GoStmt); inGo || c.reported[n] || !c.directIn(e, n) {
			continue
		}
		fn := typeutil.StaticCallee(c.pass.TypesInfo, n)
		if fn == nil || isEntry[fn.Origin()] {
			continue
		}
		if d, ok := c.calleeDetaches(fn.Origin(), n); ok {
			c.reported[n] = true
			d.Message = fmt.Sprintf("%s %s: every %s leaves one behind, with no limit and no backpressure; "+
				"wait for it before returning, or hand the work to a bounded worker pool or queue", e.Name, d.Message, e.Unit)
			c.rep.Report(d)
		}
	}
}

// calleeDetaches returns the diagnostic, but for the entry's name and the
// advice, of a call of fn when fn always starts a goroutine nobody awaits.
func (c *checker) calleeDetaches(fn *types.Func, call *ast.CallExpr) (analysis.Diagnostic, bool) {
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End()}
	var names []string
	if fn.Pkg() == c.pass.Pkg {
		var calls []token.Pos
		names, calls = c.callees.Chain(fn.Pos(), detaches)
		for i, pos := range calls {
			msg := "calls " + names[i+1]
			if i == len(calls)-1 && len(names) == len(calls)+1 {
				msg = "the goroutine starts here"
			}
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, Message: msg})
		}
	} else {
		var fact Detaches
		if c.pass.ImportObjectFact(fn, &fact) {
			names = append([]string{funcnames.Display(fn, c.pass.Pkg)}, fact.Chain...)
		}
	}
	if names == nil {
		return d, false
	}
	d.Message = fmt.Sprintf("calls %s, which starts a goroutine that nobody awaits on every call (%s)",
		names[0], strings.Join(names, " → "))
	return d, true
}
