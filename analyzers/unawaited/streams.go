package unawaited

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Rule 5, abandoned streams: a goroutine that sends in a loop, unguarded,
// on a channel whose consumer may stop receiving before the channel is
// closed. After a receive, a path of the consumer reaches a return without
// receiving again and without seeing the channel closed: the producer
// blocks forever on its next send.

// StopsReceiving marks a function that only receives from some of its
// channel parameters and may return before the channel is closed: a
// producer that sends on the channel it hands to the function, unguarded
// and in a loop, blocks forever once the function has returned.
type StopsReceiving struct {
	Params []StoppingParam
}

// A StoppingParam is a channel parameter that its function may stop
// receiving from.
type StoppingParam struct {
	Index   int
	File    string // the base name of the file of the return reached without draining the channel
	Line    int    // and its line
	OnValue bool   // it stops only on what it received: perhaps the producer's last message
}

func (*StopsReceiving) AFact() {}

func (f *StopsReceiving) String() string {
	s := "stops receiving("
	for i, p := range f.Params {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("param %d", p.Index)
		if p.OnValue {
			s += " on a value"
		}
	}
	return s + ")"
}

// maxStreamStarts bounds the receives a stream search starts from, as
// maxStartBlocks does for groups.
const maxStreamStarts = 64

// maxDependence bounds the values followed back from a branch condition
// to the receives it depends on.
const maxDependence = 32

// A consumerCall is a call that hands the channel to a function that may
// stop receiving from it.
type consumerCall struct {
	call  *ssa.Call
	param StoppingParam
	name  string // the callee, for messages
}

// checkStream applies rule 5 to sender s of the channel m.
func (c *checker) checkStream(m *ssa.MakeChan, f *chanFlow, s *sender, name string, capacity int64) {
	if !s.loopSend || c.leaking[s.spawn] {
		return
	}
	fn := m.Parent()
	paths := c.await.Paths(fn)
	if c.streamFits(paths, f, s, capacity) {
		return
	}
	barriers, ok := streamBarriers(paths, f.recvs, s.finalSend)
	if !ok {
		return
	}
	byCall := map[ssa.Instruction]bool{}
	for _, cc := range f.consumers {
		byCall[cc.call] = true
	}
	for i, a := range f.awaits {
		if i == maxStreamStarts {
			break
		}
		if a.To == nil && a.Index < len(a.Block.Instrs) && byCall[a.Block.Instrs[a.Index]] {
			continue // below, with the callee's name
		}
		start := a
		if a.To != nil {
			start = await.Point{Block: a.To, Index: -1}
		}
		if ret, found := paths.Search(m.Block(), f.uses, start, f.awaits, barriers, false); found {
			c.reportStream(m, s, ret, name, "")
			return
		}
	}
	for _, cc := range f.consumers {
		if cc.param.OnValue && s.finalSend {
			continue // the producer may end with a message the callee stops on
		}
		if ret, found := paths.Search(m.Block(), f.uses, paths.At(cc.call), f.awaits, barriers, false); found {
			how := fmt.Sprintf("; it hands %s to %s, which may stop receiving from it (%s:%d)", name, cc.name, cc.param.File, cc.param.Line)
			c.reportStream(m, s, ret, name, how)
			return
		}
	}
}

// streamFits reports whether the producers cannot block: they send at
// most a constant number of times (loops counted by a constant), and the
// buffer holds what the fewest receives on any path of the consumer,
// after s starts, leave.
func (c *checker) streamFits(paths *await.Paths, f *chanFlow, s *sender, capacity int64) bool {
	total := 0
	for _, other := range f.senders {
		if other.bound < 0 || c.spawnLoop(paths, other.spawn, f.make.Block()) >= 0 {
			return false // unbounded, or started in a loop around the make
		}
		total += other.bound
	}
	fewest := paths.FewestAwaits(f.make.Block(), paths.At(s.spawn), f.receives)
	return fewest >= 0 && int64(total) <= int64(fewest)+capacity
}

func (c *checker) reportStream(m *ssa.MakeChan, s *sender, ret *ssa.Return, name, how string) {
	fn := m.Parent()
	var where string
	var related analysis.RelatedInformation
	if ret != nil {
		place, pos := c.returnPlace(fn, ret)
		where = fmt.Sprintf("after the consumer returns at line %d", c.line(pos))
		if !ret.Pos().IsValid() {
			where = "after the consumer reaches " + place
		}
		related = analysis.RelatedInformation{Pos: pos, Message: "stops receiving from " + name + " here, before it is closed"}
	} else {
		where = fmt.Sprintf("once the loop makes %s anew at line %d", name, c.line(m.Pos()))
		related = analysis.RelatedInformation{Pos: m.Pos(), Message: name + " is replaced here on the next iteration"}
	}
	c.leaking[s.spawn] = true
	c.rep.Report(analysis.Diagnostic{
		Pos: s.spawn.Pos(),
		Message: fmt.Sprintf("goroutine sends on %s in a loop, but its consumer may stop receiving before %s is closed%s: "+
			"the producer blocks on its next send %s (goroutine leak); let the producer give up (select on ctx.Done() or a done channel), "+
			"or drain %s before returning", name, name, how, where, name),
		Related: []analysis.RelatedInformation{related},
	})
}

// streamBarriers returns the edges a consumer takes when it does not
// abandon the stream: the branch of a receive that reports the channel
// closed, the exit test of a loop that does not depend on what was
// received (a count, a flag), and, when the producer may end with a last message
// (finalSend), the branches on received values. It reports false when the
// function's budget of walks is spent.
func streamBarriers(paths *await.Paths, recvs []ssa.Instruction, finalSend bool) ([]await.Point, bool) {
	isRecv := map[ssa.Instruction]bool{}
	for _, r := range recvs {
		isRecv[r] = true
	}
	var barriers []await.Point
	for _, b := range paths.Function().Blocks {
		if !paths.Spend(1) {
			return nil, false
		}
		br, ok := ssabuild.Last(b).(*ssa.If)
		if !ok || len(b.Succs) != 2 {
			continue
		}
		if isOK(br.Cond, isRecv) {
			barriers = append(barriers, await.Point{Block: b, Index: len(b.Instrs) - 1, To: b.Succs[1]})
			continue
		}
		value, choice := recvDependence(br.Cond, isRecv)
		switch {
		case !value && !choice:
			if out := paths.Loops().Exit(b); out != nil {
				barriers = append(barriers, await.Point{Block: b, Index: len(b.Instrs) - 1, To: out})
			}
		case value && !choice && finalSend:
			for _, s := range b.Succs {
				barriers = append(barriers, await.Point{Block: b, Index: len(b.Instrs) - 1, To: s})
			}
		}
	}
	return barriers, true
}

// isOK reports whether cond is the ok of a receive: false when the
// channel is closed.
func isOK(cond ssa.Value, isRecv map[ssa.Instruction]bool) bool {
	e, ok := cond.(*ssa.Extract)
	if !ok || e.Index != 1 {
		return false
	}
	t, ok := e.Tuple.(ssa.Instruction)
	return ok && isRecv[t]
}

// recvDependence reports whether v depends on a value received by one of
// the receives, or on which case of a select receiving from the channel
// was chosen.
func recvDependence(v ssa.Value, isRecv map[ssa.Instruction]bool) (value, choice bool) {
	seen := map[ssa.Value]bool{}
	stack := []ssa.Value{v}
	for n := 0; len(stack) > 0 && n < maxDependence; n++ {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		switch x := x.(type) {
		case *ssa.Extract:
			if t, ok := x.Tuple.(ssa.Instruction); ok && isRecv[t] {
				_, isSelect := t.(*ssa.Select)
				switch {
				case isSelect && x.Index == 0:
					choice = true
				case x.Index != 1: // 1 is ok, the channel's closing
					value = true
				}
				continue
			}
		case *ssa.UnOp:
			if isRecv[x] {
				value = true
				continue
			}
		}
		instr, ok := x.(ssa.Instruction)
		if !ok {
			continue
		}
		for _, op := range instr.Operands(nil) {
			if *op != nil {
				stack = append(stack, *op)
			}
		}
	}
	return value, choice
}

// maxConsumerRounds bounds how many times the package's functions are
// scanned for consumers that hand their channel to a consumer found in the
// round before: such chains are short, and the bound keeps the pass linear.
const maxConsumerRounds = 4

// exportConsumers attaches a StopsReceiving fact to each function of the
// package that only receives from a channel parameter, or hands it to a
// function that may stop, and may return before it is closed.
func (c *checker) exportConsumers(funcs []*ssa.Function) {
	done := map[*ssa.Function]bool{}
	for range maxConsumerRounds {
		found := false
		for _, fn := range funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil || len(fn.Blocks) == 0 || done[fn] {
				continue
			}
			var fact StopsReceiving
			for i, p := range fn.Params {
				if sp, ok := c.stoppingParam(fn, p); ok {
					sp.Index = i
					fact.Params = append(fact.Params, sp)
				}
			}
			if fact.Params != nil {
				c.pass.ExportObjectFact(obj, &fact)
				done[fn], found = true, true
			}
		}
		if !found {
			return
		}
	}
}

// stoppingParam reports whether fn only receives from its channel
// parameter p, or hands it to functions that may stop receiving, and may
// return before p is closed.
func (c *checker) stoppingParam(fn *ssa.Function, p *ssa.Parameter) (StoppingParam, bool) {
	ch, ok := p.Type().Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.SendOnly {
		return StoppingParam{}, false
	}
	paths := c.await.Paths(fn)
	var awaits []await.Point
	var recvs []ssa.Instruction
	var consumers []consumerCall
	uses := []*ssa.BasicBlock{fn.Blocks[0]}
	for _, instr := range *p.Referrers() {
		switch instr := instr.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.UnOp:
			if instr.Op != token.ARROW {
				return StoppingParam{}, false
			}
			awaits = append(awaits, paths.At(instr))
			recvs = append(recvs, instr)
		case *ssa.Select:
			for i, st := range instr.States {
				if st.Send == p || (st.Chan == p && st.Dir != types.RecvOnly) {
					return StoppingParam{}, false
				}
				if st.Chan == p {
					awaits = append(awaits, paths.SelectCase(instr, i))
				}
			}
			recvs = append(recvs, instr)
		case *ssa.Call:
			if cc, ok := c.consumerOf(instr, p); ok {
				consumers = append(consumers, cc) // awaits too, once the receives are listed
			} else if !isBuiltin(instr.Common(), "len", "cap") {
				return StoppingParam{}, false
			}
		default:
			return StoppingParam{}, false
		}
		uses = append(uses, instr.Block())
	}
	for _, cc := range consumers {
		awaits = append(awaits, paths.At(cc.call))
	}
	if len(awaits) == 0 {
		return StoppingParam{}, false
	}
	stops := func(finalSend bool) (*ssa.Return, bool) {
		barriers, ok := streamBarriers(paths, recvs, finalSend)
		if !ok {
			return nil, false
		}
		for i, a := range awaits[:len(awaits)-len(consumers)] {
			if i == maxStreamStarts {
				break
			}
			start := a
			if a.To != nil {
				start = await.Point{Block: a.To, Index: -1}
			}
			if ret, found := paths.Search(fn.Blocks[0], uses, start, awaits, barriers, false); found && ret != nil {
				return ret, true
			}
		}
		for _, cc := range consumers {
			if cc.param.OnValue && finalSend {
				continue // the callee stops only on a value: perhaps the producer's last message
			}
			if ret, found := paths.Search(fn.Blocks[0], uses, paths.At(cc.call), awaits, barriers, false); found && ret != nil {
				return ret, true
			}
		}
		return nil, false
	}
	ret, ok := stops(false)
	if !ok {
		return StoppingParam{}, false
	}
	_, pos := c.returnPlace(fn, ret)
	_, always := stops(true)
	at := c.pass.Fset.Position(pos)
	return StoppingParam{File: filepath.Base(at.Filename), Line: at.Line, OnValue: !always}, true
}

// consumerOf returns the parameter of the callee of call that the channel
// v is handed to, when the callee may stop receiving from it.
func (c *checker) consumerOf(call *ssa.Call, v ssa.Value) (consumerCall, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || call.Call.Value == v {
		return consumerCall{}, false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return consumerCall{}, false
	}
	var fact StopsReceiving
	if !c.pass.ImportObjectFact(obj.Origin(), &fact) {
		return consumerCall{}, false
	}
	found := -1
	for i, a := range call.Call.Args {
		if a == v {
			if found >= 0 {
				return consumerCall{}, false
			}
			found = i
		}
	}
	for _, p := range fact.Params {
		if p.Index == found {
			return consumerCall{call: call, param: p, name: funcnames.Display(obj, c.pass.Pkg)}, true
		}
	}
	return consumerCall{}, false
}
