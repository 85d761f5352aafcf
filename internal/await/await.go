// Package await answers, on a package's SSA form, whether the code that
// starts a goroutine waits for it.
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
// Every question costs time linear in the size of the functions it looks at.
package await

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Model indexes the goroutine starts and receives of one package's SSA.
// It must not outlive the SSA (see ssabuild.With).
type Model struct {
	gos      map[token.Pos]*ssa.Go
	calls    map[token.Pos]*ssa.Call
	receives map[token.Pos]*ssa.UnOp
	// Per function: whether each block may block or loop from its entry
	// on; whether a callee waits or loops anywhere.
	tails       map[*ssa.Function][]bool
	calleeWaits map[*ssa.Function]bool
}

// New indexes the instructions of funcs, the package's source functions.
func New(funcs []*ssa.Function) *Model {
	m := &Model{
		gos:         map[token.Pos]*ssa.Go{},
		calls:       map[token.Pos]*ssa.Call{},
		receives:    map[token.Pos]*ssa.UnOp{},
		tails:       map[*ssa.Function][]bool{},
		calleeWaits: map[*ssa.Function]bool{},
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					m.gos[instr.Pos()] = instr
				case *ssa.Call:
					m.calls[instr.Pos()] = instr
				case *ssa.UnOp:
					if instr.Op == token.ARROW {
						m.receives[instr.Pos()] = instr
					}
				}
			}
		}
	}
	return m
}

// Handshake reports whether the receive recv, in the function that starts
// a goroutine at spawn (a go statement, or a call that runs its function
// argument in a new goroutine), only hears a hand-shake from it: the
// goroutine sends on or closes the received channel at a point after which
// it may still block or loop. A receive from a channel the goroutine does
// not touch is no hand-shake.
func (m *Model) Handshake(spawn ast.Node, recv *ast.UnaryExpr) bool {
	r := m.receives[recv.OpPos]
	g := m.goroutine(spawn)
	if r == nil || g.fn == nil {
		return false
	}
	return m.handshake(g, channel(r.X), 1)
}

// frame is a function that runs in the goroutine, with what its parameters
// and free variables hold in the function that started it (by channel).
type frame struct {
	fn  *ssa.Function
	env map[ssa.Value]ssa.Value
}

// goroutine is the function that spawn runs in its new goroutine.
func (m *Model) goroutine(spawn ast.Node) frame {
	switch spawn := spawn.(type) {
	case *ast.GoStmt:
		if g := m.gos[spawn.Go]; g != nil {
			return called(g.Common(), nil)
		}
	case *ast.CallExpr:
		if c := m.calls[spawn.Lparen]; c != nil {
			for _, arg := range c.Call.Args {
				if _, ok := arg.Type().Underlying().(*types.Signature); ok {
					return called(&ssa.CallCommon{Value: arg}, nil)
				}
			}
		}
	}
	return frame{}
}

// called is the frame of the function that call calls statically, its
// parameters and free variables bound to the channels of the caller, seen
// through the caller's own env.
func called(call *ssa.CallCommon, env map[ssa.Value]ssa.Value) frame {
	fn := call.StaticCallee()
	if fn == nil || fn.Blocks == nil {
		return frame{}
	}
	f := frame{fn: fn, env: map[ssa.Value]ssa.Value{}}
	bind := func(inner, outer ssa.Value) {
		outer = channel(outer)
		if v, ok := env[outer]; ok {
			outer = v
		}
		f.env[inner] = outer
	}
	if c, ok := call.Value.(*ssa.MakeClosure); ok {
		for i, b := range c.Bindings {
			bind(fn.FreeVars[i], b)
		}
	}
	for i, a := range call.Args {
		if i < len(fn.Params) {
			bind(fn.Params[i], a)
		}
	}
	return f
}

// channel is the variable a channel-valued operand stands for: the
// captured variable it is loaded from, or the value itself.
func channel(v ssa.Value) ssa.Value {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		switch load.X.(type) {
		case *ssa.Alloc, *ssa.FreeVar:
			return load.X
		}
	}
	return v
}

// handshake reports whether f sends on or closes ch (a value of the
// starting function) at a point after which it may block or loop, directly
// or, depth levels down, in a function it calls with ch as an argument
// (then the call is such a point too if the callee only sends at its end).
func (m *Model) handshake(f frame, ch ssa.Value, depth int) bool {
	is := func(v ssa.Value) bool {
		v = channel(v)
		if outer, ok := f.env[v]; ok {
			v = outer
		}
		return v == ch
	}
	for _, b := range f.fn.Blocks {
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
				if m.handshake(callee, ch, depth-1) {
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
		if instr.Call.IsInvoke() {
			return instr.Call.Method.Name() == "Wait"
		}
		callee := instr.Call.StaticCallee()
		if callee == nil {
			return false
		}
		fn, ok := callee.Object().(*types.Func)
		return ok && (fn.Name() == "Wait" || fn.FullName() == "time.Sleep")
	}
	return false
}
