package blockfacts

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/spawns"
)

// A function that waits for goroutines it started blocks as they do: the
// wait lasts as long as their IO. A wait is a Wait on a group (WaitGroup,
// errgroup, conc) or a receive from a channel (a plain receive, a range,
// a select case); it waits for the goroutines the same function starts
// (go statements, the group's Go, spawn helpers) that hold what it waits
// on: the group or the channel, or the value whose field it is, given as
// an argument or captured. Goroutines started elsewhere, and waits on
// anything else (ctx.Done(), a job channel), are no evidence. Each
// function is scanned once and each wait joined to the goroutines of its
// own function, so the work stays linear; chains.WaitFor carries the
// goroutines' categories up.

// waiting is what scan collects in one function.
type waiting struct {
	waits      []wait
	goroutines []goroutine
}

// wait is a wait on a group or a channel.
type wait struct {
	on  ssa.Value
	pos token.Pos
	via string // how chains name it: "(*sync.WaitGroup).Wait for ", "receive from "
}

// goroutine is a goroutine the function starts.
type goroutine struct {
	fn    ssa.Value   // the function it runs
	holds []ssa.Value // its arguments, captured variables and group
}

const receiveVia = "receive from "

// collect records instr if it starts a goroutine or waits.
func (w *waiting) collect(instr ssa.Instruction, pkg *types.Package, helpers *spawns.Result) {
	switch instr := instr.(type) {
	case *ssa.Go:
		if !instr.Call.IsInvoke() {
			w.goroutines = append(w.goroutines, goroutine{fn: instr.Call.Value,
				holds: slices.Concat(captured(instr.Call.Value), instr.Call.Args)})
		}
	case *ssa.Call:
		callee := instr.Call.StaticCallee()
		if callee == nil {
			return
		}
		obj, _ := callee.Object().(*types.Func)
		args := instr.Call.Args
		if i, ok := helpers.SpawnedArg(&instr.Call); ok { // a spawn helper: a go statement
			w.goroutines = append(w.goroutines, goroutine{fn: args[i], holds: slices.Concat(captured(args[i]), args)})
			return
		}
		switch {
		case obj == nil || len(args) == 0:
		case pools.IsGroupSpawn(obj) && len(args) == 2:
			w.goroutines = append(w.goroutines, goroutine{fn: args[1], holds: slices.Concat(captured(args[1]), args[:1])})
		case pools.IsGroupWait(obj):
			w.waits = append(w.waits, wait{on: args[0], pos: instr.Pos(), via: funcnames.Display(obj, pkg) + " for "})
		}
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			w.waits = append(w.waits, wait{on: instr.X, pos: instr.Pos(), via: receiveVia})
		}
	case *ssa.Select:
		for _, st := range instr.States {
			if st.Dir == types.RecvOnly {
				w.waits = append(w.waits, wait{on: st.Chan, pos: st.Pos, via: receiveVia})
			}
		}
	}
}

// captured returns the variables a func literal captures.
func captured(fn ssa.Value) []ssa.Value {
	if c, ok := fn.(*ssa.MakeClosure); ok {
		return c.Bindings
	}
	return nil
}

// join gives fn, for each of its waits, what the goroutines it waits for
// reach. A goroutine holds the group or channel waited on (on itself, or
// the value of which on is a field) among its arguments, captured
// variables and group. Each value a goroutine holds joins it at most once,
// by the first wait on that value, so the work is linear in the waits and
// in what the goroutines hold.
func (b *builder) join(fn *ssa.Function, w *waiting) {
	if len(w.waits) == 0 || len(w.goroutines) == 0 {
		return
	}
	holders := map[ssa.Value][]ssa.Value{} // by what they hold, the functions goroutines run
	for _, g := range w.goroutines {
		for _, v := range g.holds {
			v = unwrap(v)
			holders[v] = append(holders[v], g.fn)
		}
	}
	for _, wt := range w.waits {
		on := unwrap(wt.on)
		keys := []ssa.Value{on}
		if f, ok := on.(*ssa.FieldAddr); ok {
			keys = append(keys, unwrap(f.X))
		}
		for _, k := range keys {
			for _, run := range holders[k] {
				b.waitFor(fn, wt, run)
			}
			delete(holders, k) // joined: a later wait on the same value adds nothing
		}
	}
}

// unwrap strips loads of a captured variable and conversions of a channel's
// direction, down to the variable or value they read.
func unwrap(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return v
		}
	}
}

// waitFor gives fn what the goroutine's function run reaches, by the wait.
func (b *builder) waitFor(fn *ssa.Function, wt wait, run ssa.Value) {
	var callee *ssa.Function
	switch run := run.(type) {
	case *ssa.MakeClosure:
		callee = run.Fn.(*ssa.Function)
	case *ssa.Function:
		callee = run
	default:
		return // a function value nothing names
	}
	if local := b.Local(callee); local != nil {
		b.WaitFor(fn, local, wt.pos, wt.via)
		return
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	if obj, ok := callee.Object().(*types.Func); ok {
		b.outside(fn, obj, wt.pos, wt.via+funcnames.Display(obj, b.pass.Pkg))
	}
}
