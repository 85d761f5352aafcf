package unawaited

import (
	"cmp"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// exportFutures attaches a Future fact to each function of the package
// that returns a channel a goroutine it started sends on, or an
// *errgroup.Group it started goroutines in.
func (c *checker) exportFutures(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil {
			continue
		}
		if fact := c.futureOf(fn); fact != nil {
			c.pass.ExportObjectFact(obj, fact)
		}
	}
}

func (c *checker) futureOf(fn *ssa.Function) *Future {
	if !returnsFutureType(fn.Signature) {
		return nil
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var fact *Future
			var value ssa.Value
			switch v := instr.(type) {
			case *ssa.MakeChan:
				f := c.flowOf(v)
				if f.shared() || !f.returned || !anySend(f.senders) || anyStream(f.senders) {
					continue
				}
				fact, value = &Future{Kind: "channel", Leaks: leaks(v, f)}, v
			default:
				f := syncValue(instr)
				if f == nil {
					continue
				}
				c.followSync(f, f.value, true)
				if f.escapes || !f.returned || len(f.starts) == 0 {
					continue
				}
				fact, value = &Future{Kind: "group"}, f.value
			}
			if i, ok := resultIndex(fn, value); ok {
				fact.Result = i
				return fact
			}
		}
	}
	return nil
}

// anyStream reports whether a goroutine sends in a loop: the channel is a
// stream (a subscription, a watch), not the single result of a future.
func anyStream(senders []*sender) bool {
	for _, s := range senders {
		if s.stream {
			return true
		}
	}
	return false
}

func anySend(senders []*sender) bool {
	for _, s := range senders {
		if s.any {
			return true
		}
	}
	return false
}

// leaks reports whether the goroutines that send on m block forever when
// nobody receives: the buffer is a constant smaller than their sends.
func leaks(m *ssa.MakeChan, f *chanFlow) bool {
	k, ok := m.Size.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	capacity, _ := constant.Int64Val(k.Value)
	total := 0
	for _, s := range f.senders {
		if s.sends < 0 {
			return capacity == 0
		}
		total += s.sends
	}
	return int64(total) > capacity
}

// resultIndex returns the index of v among fn's results, when every return
// returns it there.
func resultIndex(fn *ssa.Function, v ssa.Value) (int, bool) {
	index := -1
	for _, b := range fn.Blocks {
		ret, ok := ssabuild.Last(b).(*ssa.Return)
		if !ok {
			continue
		}
		found := -1
		for i, r := range ret.Results {
			if source(r) == v {
				found = i
			}
		}
		if found < 0 || (index >= 0 && found != index) {
			return 0, false
		}
		index = found
	}
	return index, index >= 0
}

// checkDroppedFutures applies rule 3 to the calls in fn.
func (c *checker) checkDroppedFutures(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil {
				continue
			}
			obj, ok := callee.Object().(*types.Func)
			if !ok {
				continue
			}
			var fact Future
			if !c.pass.ImportObjectFact(obj.Origin(), &fact) {
				continue
			}
			if fact.Kind == "channel" && !fact.Leaks && !droppedNonblocking {
				continue // errcheck territory: nothing blocks (section 4 of the README)
			}
			keptIn := ""
			if result, ok := resultValue(call, fact.Result); ok {
				var awaited bool
				awaited, keptIn = c.futureUse(result, fact.Kind, map[ssa.Value]bool{})
				if awaited {
					continue
				}
			}
			c.reportDropped(call, obj, &fact, keptIn)
		}
	}
}

// resultValue returns the value of result i of call, or false when the
// call's results are not extracted at all.
func resultValue(call *ssa.Call, i int) (ssa.Value, bool) {
	if call.Call.Signature().Results().Len() == 1 {
		return call, true
	}
	for _, r := range *call.Referrers() {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			return e, true
		}
	}
	return nil, false
}

// futureUse reports whether the future v is received from (a channel)
// or waited for (a group), or handed on to code that may; when it is not,
// keptIn names the field or package variable it is kept in, if any, that
// nothing receives from.
func (c *checker) futureUse(v ssa.Value, kind string, seen map[ssa.Value]bool) (awaited bool, keptIn string) {
	if seen[v] {
		return false, ""
	}
	seen[v] = true
	for _, instr := range *v.Referrers() {
		switch instr := instr.(type) {
		case *ssa.DebugRef:
		case *ssa.ChangeType:
			a, k := c.futureUse(instr, kind, seen)
			if a {
				return true, ""
			}
			keptIn = cmp.Or(keptIn, k)
		case *ssa.Call:
			if kind == "channel" && isBuiltin(instr.Common(), "len", "cap") {
				continue
			}
			if kind == "group" {
				switch methodOn(instr.Common(), v) {
				case "Go", "TryGo", "SetLimit":
					continue
				}
			}
			return true, ""
		case *ssa.BinOp:
			if instr.Op != token.EQL && instr.Op != token.NEQ {
				return true, ""
			}
		case *ssa.Store:
			if instr.Val != v || kind != "channel" {
				return true, ""
			}
			k, ok := c.keptUnreceived(instr.Addr, kind, seen)
			if !ok {
				return true, ""
			}
			keptIn = cmp.Or(keptIn, k)
		default:
			return true, ""
		}
	}
	return false, keptIn
}

// keptUnreceived reports whether the place addr, where a channel future is
// stored, is one that nothing receives from: a local variable whose loads
// do not await it, or an unexported field or package variable that the
// package never reads but to compare or measure it. It names the field or
// variable.
func (c *checker) keptUnreceived(addr ssa.Value, kind string, seen map[ssa.Value]bool) (string, bool) {
	var obj *types.Var
	switch a := addr.(type) {
	case *ssa.Alloc:
		for _, r := range *a.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef, *ssa.Store:
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return "", false
				}
				if awaited, _ := c.futureUse(r, kind, seen); awaited {
					return "", false
				}
			default:
				return "", false
			}
		}
		return "", true
	case *ssa.FieldAddr:
		st, ok := typeUnderlying(a.X.Type()).(*types.Struct)
		if !ok {
			return "", false
		}
		obj = st.Field(a.Field)
	case *ssa.Global:
		obj, _ = a.Object().(*types.Var)
	}
	if obj == nil {
		return "", false
	}
	cv := c.channelVars()[obj.Origin()]
	if cv == nil || cv.received || cv.read {
		return "", false
	}
	what := "package variable " + obj.Name()
	if obj.IsField() {
		what = "field " + obj.Name()
		if owner := c.fieldOwner(obj); owner != "" {
			what = "field " + owner + "." + obj.Name()
		}
	}
	return what, true
}

func (c *checker) reportDropped(call *ssa.Call, obj *types.Func, fact *Future, keptIn string) {
	name := funcnames.Display(obj, c.pass.Pkg)
	var msg string
	if fact.Kind == "group" {
		msg = fmt.Sprintf("%s returns an *errgroup.Group running goroutines it started, and this call never calls Wait on it: "+
			"their errors are lost and nothing waits for them to finish; call Wait on the result", name)
	} else {
		producer := "the producing goroutine does not block forever (the channel has room for its sends, or its send can give up)"
		if fact.Leaks {
			producer = "the producing goroutine also blocks forever on its send (goroutine leak)"
		}
		never := "this call never receives from it"
		if keptIn != "" {
			never = "this call keeps it in " + keptIn + ", which nothing receives from"
		}
		msg = fmt.Sprintf("%s returns a channel that a goroutine it started sends its result on, and %s: "+
			"the result (and its error) is lost, and %s; keep the channel and receive from it where the result is needed: "+
			"in a select beside the caller's shutdown or in a goroutine that handles the error "+
			"(a plain receive would block until %s's goroutine sends, which for a long-lived service is when it stops)", name, never, producer, name)
	}
	c.rep.Report(analysis.Diagnostic{Pos: call.Pos(), Message: msg})
}

// source looks through conversions between channel types and loads of a
// variable stored once, to the value they stand for.
func source(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
				if stored := storedValue(a); stored != nil {
					v = stored
					continue
				}
			}
		}
		return v
	}
}

// returnsFutureType reports whether a result of sig is a channel or an
// *errgroup.Group: a cheap test before following values.
func returnsFutureType(sig *types.Signature) bool {
	for v := range sig.Results().Variables() {
		if _, ok := v.Type().Underlying().(*types.Chan); ok || groupKind(v.Type()) == "errgroup.Group" {
			return true
		}
	}
	return false
}

// storedValue returns the value stored in the variable a, when it is
// stored exactly once.
func storedValue(a *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, r := range *a.Referrers() {
		if s, ok := r.(*ssa.Store); ok && s.Addr == a {
			if stored != nil {
				return nil
			}
			stored = s.Val
		}
	}
	return stored
}
