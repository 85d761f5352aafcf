package unawaited

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Rule 6, a range never ended: goroutines that range over a channel that
// their starter made and keeps to itself end only when it is closed. When
// a path of the starter returns without closing it, nobody else can: the
// goroutines wait forever for a close that never comes.

// rangesUntilClosed reports whether fn's only use of the channel p is to
// receive from it, outside any select, in loops that it leaves when p is
// closed (for v := range p, or v, ok := <-p; if !ok { return }).
func rangesUntilClosed(paths *await.Paths, p ssa.Value) bool {
	receives := 0
	for _, instr := range *p.Referrers() {
		switch instr := instr.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			switch {
			case instr.Op == token.MUL && instr.X == p:
				if !rangesUntilClosed(paths, instr) { // a load of the captured variable
					return false
				}
				receives++
			case instr.Op == token.ARROW && instr.CommaOk && leavesLoopOnClose(paths, instr):
				receives++
			default:
				return false
			}
		default:
			return false
		}
	}
	return receives > 0
}

// leavesLoopOnClose reports whether recv, a receive with its ok, is in a
// loop that a branch on ok in recv's block leaves.
func leavesLoopOnClose(paths *await.Paths, recv *ssa.UnOp) bool {
	b := recv.Block()
	br, ok := ssabuild.Last(b).(*ssa.If)
	if !ok || paths.Loops().Of[b.Index] < 0 || !isOK(br.Cond, map[ssa.Instruction]bool{recv: true}) {
		return false
	}
	return paths.Loops().Exit(b) == b.Succs[1]
}

// checkRangers applies rule 6 to the channel m.
func (c *checker) checkRangers(m *ssa.MakeChan, f *chanFlow) {
	fn := m.Parent()
	if len(f.rangers) == 0 || f.escapes || f.returned || len(f.senders) > 0 || runsUntilExit(fn) {
		return // another goroutine may close it, or the program ends with fn
	}
	paths := c.await.Paths(fn)
	spawn := f.rangers[0]
	if slices.ContainsFunc(f.closes, func(cl await.Point) bool { return await.Precedes(cl, paths.At(spawn)) }) {
		return // closed before the goroutines start: their ranges end
	}
	ret, found := paths.Search(m.Block(), f.uses, paths.At(spawn), f.closes, nil, false)
	if !found || c.leaking[spawn] {
		return
	}
	name := c.nameOf(m.Pos(), "the channel")
	where, related := c.pathEnd(m, ret, name, "closing")
	c.leaking[spawn] = true
	c.rep.Report(analysis.Diagnostic{
		Pos: spawn.Pos(),
		Message: fmt.Sprintf("goroutine ranges over %s until it is closed, but %s, and nothing else can close it: "+
			"the goroutine waits forever (goroutine leak); close %s on that path too (defer close(%s) after starting it)",
			name, where, name, name),
		Related: []analysis.RelatedInformation{related},
	})
}

// runsUntilExit reports whether fn is main.main or an init function: the
// program ends when main returns.
func runsUntilExit(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Pkg == nil {
		return fn.Synthetic == "package initializer"
	}
	return obj.Name() == "init" || (obj.Name() == "main" && fn.Pkg.Pkg.Name() == "main" && fn.Signature.Recv() == nil)
}
