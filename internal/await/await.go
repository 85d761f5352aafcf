// Package await answers, on a package's SSA form, whether the code that
// starts a goroutine waits for it. It owns the questions that the
// analyzers ask about awaiting, each with its own meaning:
//
//   - Model.WaitsEachIteration: the loop that starts a goroutine waits in
//     each iteration (its goroutines are not in flight together);
//     Model.BatchesAwaited: the loops around that one wait for each batch
//     before their next iteration (pools, poolsize).
//   - Goroutine.Awaited, AwaitedInIteration, Shares: the code around a
//     spawn may wait for the goroutine, at all or before the spawn runs
//     again (unboundedgo).
//   - Paths.Search: is there a path from a spawn to a return (or back to
//     the value's definition, in a loop) that passes none of the points
//     that await a value: the receives from a channel, the Waits on a
//     group, the closes that end a range (unawaited). It returns the
//     return, for the message's related position. Paths.MostAwaits and
//     FewestAwaits count those points on the longest and the shortest
//     such path (MostPerPath any count per block), Paths.Executions bounds how often a block runs (counted
//     loops), Paths.EveryPathPasses tells whether every path from the
//     entry passes some blocks.
//
// The caller says which instructions await its value (a Point: an
// instruction, the body of a select case, or the edge of an empty case,
// see Paths.SelectCase); the Model's own questions recognise them by
// awaitedBy and waits.
//
// A receive waits for a goroutine's end when the goroutine sends on (or
// closes) the channel as its last act, or when the goroutine does not touch
// the channel at all (a semaphore, a timer, a ticker: the receive paces the
// loop whatever the goroutine does). It does not when the goroutine sends a
// hand-shake and keeps running: after the send it may still block or loop
// (nsq's benchmark workers send "ready", then wait for "go" and do network
// IO). The goroutine is its function and, one level down, the functions it
// calls statically with the channel as an argument.
//
// What the questions compute per function is kept (loops, the
// instructions that may pace each loop, where a function may still block,
// the return each block reaches). The searches draw on a budget, after
// which their answers are the cautious ones: the Model's searches that
// depend on the goroutine on a few steps per instruction of the package
// (the loop waits, the batch is not awaited: no pool; the goroutine is
// awaited); the Paths searches that go beyond one pass over a value's live
// range (deciding branches on flags, FewestAwaits, a caller's walk through
// Spend) on a few steps per block of their function (a branch left
// undecided, no count). Search itself visits each block of the value's
// live range once. So all questions together stay linear in the package's
// size.
package await

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Model indexes the goroutine starts of one package's SSA, and keeps what
// its questions compute per function.
// It must not outlive the SSA (see ssabuild.With).
type Model struct {
	funcs      []*ssa.Function
	gos        map[token.Pos]*ssa.Go // lazily, with calls: Paths' questions need neither
	calls      map[token.Pos]*ssa.Call
	loops      map[*ssa.Function]Loops
	handshakes map[handshakeKey]bool
	// Per function: the instructions that may make each loop wait, by
	// header; whether each block may block or loop from its entry on;
	// whether a callee waits or loops anywhere.
	pacing      map[*ssa.Function]map[int][]ssa.Instruction
	tails       map[*ssa.Function][]bool
	calleeWaits map[*ssa.Function]bool
	scopes      map[*ssa.Function]*scope // by declared function
	goroutines  map[ssa.CallInstruction]*Goroutine
	isGroup     func(types.Type) bool
	paths       map[*ssa.Function]*Paths
	budget      budget // steps left for the searches that depend on the goroutine
}

// stepsPerInstruction sets Model.budget.
const stepsPerInstruction = 8

// A budget is the steps left to a search, after which its answers are the
// cautious ones.
type budget int

// spend takes n steps from the budget and reports whether there were some
// left.
func (b *budget) spend(n int) bool {
	*b -= budget(n)
	return *b >= 0
}

// New makes the model of funcs, the package's source functions. isGroup
// tells the types of groups (sync.WaitGroup, errgroup.Group...), for
// Goroutine's questions.
func New(funcs []*ssa.Function, isGroup func(types.Type) bool) *Model {
	m := &Model{
		funcs:       funcs,
		loops:       map[*ssa.Function]Loops{},
		handshakes:  map[handshakeKey]bool{},
		pacing:      map[*ssa.Function]map[int][]ssa.Instruction{},
		tails:       map[*ssa.Function][]bool{},
		calleeWaits: map[*ssa.Function]bool{},
		scopes:      map[*ssa.Function]*scope{},
		goroutines:  map[ssa.CallInstruction]*Goroutine{},
		paths:       map[*ssa.Function]*Paths{},
		isGroup:     isGroup,
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			m.budget += stepsPerInstruction * budget(len(b.Instrs))
		}
	}
	return m
}

// indexSpawns indexes, once, the go instructions and calls of the
// package's functions by position.
func (m *Model) indexSpawns() {
	if m.gos != nil {
		return
	}
	m.gos, m.calls = map[token.Pos]*ssa.Go{}, map[token.Pos]*ssa.Call{}
	for _, fn := range m.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					m.gos[instr.Pos()] = instr
				case *ssa.Call:
					m.calls[instr.Pos()] = instr
				}
			}
		}
	}
}

// WaitsEachIteration reports whether the innermost loop around spawn (a
// go statement, or a call that runs its function argument in a new
// goroutine) waits in each iteration, outside the goroutines it starts: a
// Wait, a sleep, a blocking select, a range over a channel, or a receive
// that is not the goroutine's hand-shake (see handshake). Its goroutines
// are then not in flight together. A spawn it cannot find in a loop waits.
func (m *Model) WaitsEachIteration(spawn ast.Node) bool {
	at := m.spawnAt(spawn)
	if at == nil {
		return true
	}
	h := m.loopsOf(at.Parent()).Of[at.Block().Index]
	if h < 0 {
		return true
	}
	candidates := m.pacingOf(at.Parent())[h]
	if !m.budget.spend(len(candidates)) {
		return true
	}
	return slices.ContainsFunc(candidates, func(instr ssa.Instruction) bool {
		recv, ok := instr.(*ssa.UnOp)
		return !ok || isRange(recv) || !m.handshake(at, recv)
	})
}

// pacingOf lists, per loop header of fn, the instructions of the loop that
// may make it wait (see WaitsEachIteration): the receives, which wait
// unless they hear a hand-shake, and those that wait anyway.
func (m *Model) pacingOf(fn *ssa.Function) map[int][]ssa.Instruction {
	if p, ok := m.pacing[fn]; ok {
		return p
	}
	loops := m.loopsOf(fn)
	p := map[int][]ssa.Instruction{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if !paces(instr) {
				continue
			}
			for h := loops.Of[b.Index]; h >= 0; h = loops.Parent[h] {
				p[h] = append(p[h], instr)
			}
		}
	}
	m.pacing[fn] = p
	return p
}

// BatchesAwaited reports whether every loop around the innermost one
// around spawn waits, on every path from spawn back to its header, for
// the goroutines started: a Wait, a blocking select that receives, or a
// receive that is not the goroutine's hand-shake. Without that wait the
// batches that the inner loop starts add up.
func (m *Model) BatchesAwaited(spawn ast.Node) bool {
	at := m.spawnAt(spawn)
	if at == nil {
		return false
	}
	loops := m.loopsOf(at.Parent())
	h := loops.Of[at.Block().Index]
	if h < 0 {
		return true
	}
	for outer := loops.Parent[h]; outer >= 0; outer = loops.Parent[outer] {
		if !m.awaitedBefore(at, loops, outer) {
			return false
		}
	}
	return true
}

// awaitedBefore reports whether every path from spawn to the header of the
// loop h passes through a wait for the batch (see BatchesAwaited). The
// search visits each block of the loop once, and answers no when the
// budget runs out.
func (m *Model) awaitedBefore(spawn ssa.CallInstruction, loops Loops, h int) bool {
	stopped, exhausted := m.forward(spawn, func(b *ssa.BasicBlock, instrs []ssa.Instruction) step {
		switch {
		case b.Index == h:
			return stop // a path back to the header with no wait
		case !loops.Contains(h, b.Index) || slices.ContainsFunc(instrs, func(i ssa.Instruction) bool { return m.awaitsBatch(i, spawn) }):
			return prune
		}
		return goOn
	})
	return !stopped && !exhausted
}

// step says how a forward search goes on after a block.
type step int

const (
	goOn  step = iota // to the block's successors
	prune             // not past this block
	stop              // the search has its answer
)

// forward visits the instructions that may follow spawn in its function:
// the rest of its block, then each block reachable from it once (the
// spawn's own block again, whole, if a loop leads back to it), spending
// the budget. It reports whether visit stopped it, and whether the budget
// ran out first.
func (m *Model) forward(spawn ssa.Instruction, visit func(*ssa.BasicBlock, []ssa.Instruction) step) (stopped, exhausted bool) {
	start := spawn.Block()
	switch visit(start, start.Instrs[slices.Index(start.Instrs, spawn)+1:]) {
	case stop:
		return true, false
	case prune:
		return false, false
	}
	seen := map[*ssa.BasicBlock]bool{}
	queue := []*ssa.BasicBlock{start}
	for len(queue) > 0 {
		b := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if !m.budget.spend(len(s.Instrs)) {
				return false, true
			}
			switch visit(s, s.Instrs) {
			case stop:
				return true, false
			case goOn:
				queue = append(queue, s)
			}
		}
	}
	return false, false
}

// paces reports whether instr may make the loop around it wait: what
// waits, sends aside (a loop that hands out jobs is still a pool), and a
// receive only unless it hears a hand-shake.
func paces(instr ssa.Instruction) bool {
	_, send := instr.(*ssa.Send)
	return !send && waits(instr)
}

// awaitsBatch reports whether instr waits for a batch of goroutines (see
// BatchesAwaited).
func (m *Model) awaitsBatch(instr ssa.Instruction, spawn ssa.CallInstruction) bool {
	switch instr := instr.(type) {
	case *ssa.Select:
		return instr.Blocking && slices.ContainsFunc(instr.States, func(st *ssa.SelectState) bool { return st.Dir == types.RecvOnly })
	case *ssa.UnOp:
		return instr.Op == token.ARROW && !m.handshake(spawn, instr)
	case *ssa.Call:
		return isCallTo(instr.Common(), "Wait")
	}
	return false
}

// isRange reports whether recv is the receive of a range over a channel,
// which waits for the channel's close.
func isRange(recv *ssa.UnOp) bool { return recv.CommaOk && recv.Block().Comment == "rangechan.loop" }

// isCallTo reports whether call calls a function or method named name
// (whatever its receiver, interface methods included) or, for a name with
// its package, that function.
func isCallTo(call *ssa.CallCommon, name string) bool {
	if call.IsInvoke() {
		return call.Method.Name() == name
	}
	callee := call.StaticCallee()
	if callee == nil {
		return false
	}
	fn, ok := callee.Object().(*types.Func)
	if !ok || fn.Name() != name[strings.LastIndex(name, ".")+1:] {
		return false // most calls: no name to build
	}
	return !strings.Contains(name, ".") || fn.FullName() == name
}

// spawnAt is the instruction that starts the goroutine of spawn: its go
// instruction, or the call that runs its function argument.
func (m *Model) spawnAt(spawn ast.Node) ssa.CallInstruction {
	m.indexSpawns()
	switch spawn := spawn.(type) {
	case *ast.GoStmt:
		if g := m.gos[spawn.Go]; g != nil {
			return g
		}
	case *ast.CallExpr:
		if c := m.calls[spawn.Lparen]; c != nil {
			return c
		}
	}
	return nil
}

func (m *Model) loopsOf(fn *ssa.Function) Loops {
	l, ok := m.loops[fn]
	if !ok {
		l = FindLoops(fn)
		m.loops[fn] = l
	}
	return l
}

// handshake reports whether the receive recv, in the function that starts
// a goroutine at spawn, only hears a hand-shake from it: the goroutine
// sends on or closes the received channel at a point after which it may
// still block or loop. A receive from a channel the goroutine does not
// touch is no hand-shake, nor is any once the budget runs out.
func (m *Model) handshake(spawn ssa.CallInstruction, recv *ssa.UnOp) bool {
	key := handshakeKey{spawn, locate(recv.X, nil)}
	h, ok := m.handshakes[key]
	if !ok {
		if g := goroutine(spawn, nil); g.fn != nil {
			h = m.signals(g, key.ch, 1)
		}
		m.handshakes[key] = h
	}
	return h
}

type handshakeKey struct {
	spawn ssa.CallInstruction
	ch    place
}

// A place is what a value stands for in the code that starts a goroutine
// (or in the function around a literal): a variable, a value, or a field
// of one, seen through the parameters and free variables by which the
// goroutine or literal gets it.
type place struct {
	root  ssa.Value
	field string // the indices of the fields from root (".2.0"), or ""
}

// locate is the place of v, a value of a function whose parameters and
// free variables env binds: a loaded variable stands for the variable (as
// a field's value for its address, and a channel for its send-only or
// receive-only view), so that every use of a variable or field has one
// place.
func locate(v ssa.Value, env map[ssa.Value]place) place {
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			switch x.X.(type) {
			case *ssa.Alloc, *ssa.FreeVar, *ssa.Global, *ssa.FieldAddr:
				return locate(x.X, env)
			}
		}
	case *ssa.FieldAddr:
		p := locate(x.X, env)
		p.field += "." + strconv.Itoa(x.Field)
		return p
	case *ssa.Field:
		p := locate(x.X, env)
		p.field += "." + strconv.Itoa(x.Field)
		return p
	case *ssa.ChangeType:
		return locate(x.X, env) // a channel's direction
	}
	if p, ok := env[v]; ok {
		return p
	}
	return place{root: v}
}

// frame is a function that runs in the goroutine, with the places its
// parameters and free variables stand for in the function that started it.
type frame struct {
	fn  *ssa.Function
	env map[ssa.Value]place
}

// goroutine is the function that spawn runs in its new goroutine: the
// callee of a go instruction, or the argument of function type of a call;
// env locates the values of the function that holds spawn.
func goroutine(spawn ssa.CallInstruction, env map[ssa.Value]place) frame {
	if g, ok := spawn.(*ssa.Go); ok {
		return called(g.Common(), env)
	}
	for _, arg := range spawn.Common().Args {
		if _, ok := arg.Type().Underlying().(*types.Signature); ok {
			return called(&ssa.CallCommon{Value: arg}, env)
		}
	}
	return frame{}
}

// called is the frame of the function that call calls statically, its
// parameters and free variables bound to the places of the caller, seen
// through the caller's own env.
func called(call *ssa.CallCommon, env map[ssa.Value]place) frame {
	fn := call.StaticCallee()
	if fn == nil || fn.Blocks == nil {
		return frame{}
	}
	f := frame{fn: fn, env: map[ssa.Value]place{}}
	if c, ok := call.Value.(*ssa.MakeClosure); ok {
		for i, b := range c.Bindings {
			f.env[fn.FreeVars[i]] = locate(b, env)
		}
	}
	for i, a := range call.Args {
		if i < len(fn.Params) {
			f.env[fn.Params[i]] = locate(a, env)
		}
	}
	return f
}

// signals reports whether f sends on or closes ch (a value of the
// starting function) at a point after which it may block or loop, directly
// or, depth levels down, in a function it calls with ch as an argument
// (then the call is such a point too if the callee only sends at its end).
func (m *Model) signals(f frame, ch place, depth int) bool {
	is := func(v ssa.Value) bool { return locate(v, f.env) == ch }
	for _, b := range f.fn.Blocks {
		if !m.budget.spend(len(b.Instrs)) {
			return false
		}
		for _, instr := range b.Instrs {
			touches := false
			switch instr := instr.(type) {
			case *ssa.Send:
				touches = is(instr.Chan)
			case *ssa.Select:
				for _, st := range instr.States {
					touches = touches || (st.Dir == types.SendOnly && is(st.Chan))
				}
			case *ssa.Call:
				if b, ok := instr.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
					touches = is(instr.Call.Args[0])
					break
				}
				if depth == 0 || !passes(instr.Call.Args, is) {
					break
				}
				callee := called(instr.Common(), f.env)
				if callee.fn == nil {
					break
				}
				if m.signals(callee, ch, depth-1) {
					return true
				}
				touches = true // the callee may send at its end: so does the call
			}
			if touches && m.waitsAfter(instr) {
				return true
			}
		}
	}
	return false
}

func passes(args []ssa.Value, is func(ssa.Value) bool) bool {
	for _, a := range args {
		if is(a) {
			return true
		}
	}
	return false
}

// waitsAfter reports whether, on some path from instr to the end of its
// function, the function may block (see blocks) or loop.
func (m *Model) waitsAfter(instr ssa.Instruction) bool {
	b := instr.Block()
	after := false
	for _, i := range b.Instrs {
		if after && m.blocks(i) {
			return true
		}
		after = after || i == instr
	}
	mayWait := m.mayWaitFrom(b.Parent())
	for _, s := range b.Succs {
		if s.Dominates(b) || mayWait[s.Index] {
			return true
		}
	}
	return false
}

// mayWaitFrom says, per block of fn, whether a path from its entry to the
// end of fn may block or loop: the blocks that can reach a block that
// blocks or the source of a back edge (whose target dominates it).
func (m *Model) mayWaitFrom(fn *ssa.Function) []bool {
	if w, ok := m.tails[fn]; ok {
		return w
	}
	w := make([]bool, len(fn.Blocks))
	var queue []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if m.waitsIn(b) {
			w[b.Index] = true
			queue = append(queue, b)
		}
	}
	for len(queue) > 0 {
		b := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, p := range b.Preds {
			if !w[p.Index] {
				w[p.Index] = true
				queue = append(queue, p)
			}
		}
	}
	m.tails[fn] = w
	return w
}

// waitsIn reports whether b blocks or is the source of a back edge.
func (m *Model) waitsIn(b *ssa.BasicBlock) bool {
	for _, s := range b.Succs {
		if s.Dominates(b) {
			return true
		}
	}
	for _, i := range b.Instrs {
		if m.blocks(i) {
			return true
		}
	}
	return false
}

// blocks reports whether instr may block: it waits itself, or it calls a
// function of the package that waits or loops (one level deep).
func (m *Model) blocks(instr ssa.Instruction) bool {
	if waits(instr) {
		return true
	}
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Blocks == nil {
		return false
	}
	w, ok := m.calleeWaits[fn]
	if !ok {
		for _, b := range fn.Blocks {
			for _, s := range b.Succs {
				w = w || s.Dominates(b)
			}
			for _, i := range b.Instrs {
				w = w || waits(i)
			}
		}
		m.calleeWaits[fn] = w
	}
	return w
}

// waits reports whether instr itself may block: a channel operation, a
// blocking select, a call of a method named Wait or of time.Sleep.
func waits(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Send:
		return true
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Select:
		return instr.Blocking
	case *ssa.Call:
		return isCallTo(instr.Common(), "Wait") || isCallTo(instr.Common(), "time.Sleep")
	}
	return false
}
