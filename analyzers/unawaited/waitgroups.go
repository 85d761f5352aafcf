package unawaited

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
)

const errgroupPath = "golang.org/x/sync/errgroup"

// A syncFlow describes how a function uses a local sync.WaitGroup or
// errgroup.Group.
type syncFlow struct {
	value    ssa.Value
	kind     string // "sync.WaitGroup" or "errgroup.Group"
	starts   []ssa.CallInstruction
	waits    []await.Point
	uses     []*ssa.BasicBlock
	awaited  bool // Wait deferred, or called in a goroutine or closure
	closures []*ssa.MakeClosure
	escapes  bool
	returned bool
}

// groupKind returns "sync.WaitGroup" or "errgroup.Group" when t is a
// pointer to one, else "".
func groupKind(t types.Type) string {
	ptr, ok := t.(*types.Pointer)
	if !ok {
		return ""
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return ""
	}
	switch path, name := named.Obj().Pkg().Path(), named.Obj().Name(); {
	case path == "sync" && name == "WaitGroup":
		return "sync.WaitGroup"
	case path == errgroupPath && name == "Group":
		return "errgroup.Group"
	}
	return ""
}

// syncValue returns the flow of a WaitGroup or Group that instr creates:
// var wg sync.WaitGroup, new(errgroup.Group), errgroup.WithContext(ctx).
func syncValue(instr ssa.Instruction) *syncFlow {
	switch v := instr.(type) {
	case *ssa.Alloc:
		if kind := groupKind(v.Type()); kind != "" {
			return &syncFlow{value: v, kind: kind}
		}
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		if !ok || v.Index != 0 {
			return nil
		}
		if callee := call.Call.StaticCallee(); callee != nil {
			if obj, ok := callee.Object().(*types.Func); ok && obj.FullName() == errgroupPath+".WithContext" {
				return &syncFlow{value: v, kind: "errgroup.Group"}
			}
		}
	}
	return nil
}

// methodOn returns the name of the WaitGroup or Group method that call
// invokes on v, or "".
func methodOn(call *ssa.CallCommon, v ssa.Value) string {
	if len(call.Args) == 0 || call.Args[0] != v {
		return ""
	}
	return groupMethod(call)
}

// groupMethod is the name of the group method that call calls, or "".
func groupMethod(call *ssa.CallCommon) string {
	callee := call.StaticCallee()
	if callee == nil {
		return ""
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return ""
	}
	recv := obj.Type().(*types.Signature).Recv()
	if recv == nil || groupKind(recv.Type()) == "" {
		return ""
	}
	return obj.Name()
}

func (c *checker) followSync(f *syncFlow, v ssa.Value, inParent bool) {
	for _, instr := range *v.Referrers() {
		if _, ok := instr.(*ssa.DebugRef); ok {
			continue
		}
		if inParent {
			f.uses = append(f.uses, instr.Block())
		}
		switch instr := instr.(type) {
		case *ssa.Call:
			switch methodOn(instr.Common(), v) {
			case "Add", "Go", "TryGo":
				if inParent {
					f.starts = append(f.starts, instr)
				}
			case "Wait":
				if inParent {
					f.waits = append(f.waits, c.await.Paths(instr.Parent()).At(instr))
				} else {
					f.awaited = true
				}
			case "Done", "SetLimit":
			default:
				f.escapes = true
			}
		case *ssa.Defer, *ssa.Go:
			switch methodOn(instr.(ssa.CallInstruction).Common(), v) {
			case "Wait":
				f.awaited = true
			case "Done":
			default:
				f.escapes = true
			}
		case *ssa.MakeClosure:
			f.closures = append(f.closures, instr)
			body := instr.Fn.(*ssa.Function)
			for i, b := range instr.Bindings {
				if b == v {
					c.followSync(f, body.FreeVars[i], false)
				}
			}
		case *ssa.UnOp:
			if instr.Op == token.MUL && instr.X == v {
				c.followSync(f, instr, inParent)
			} else {
				f.escapes = true
			}
		case *ssa.Store:
			if a, ok := variable(instr, v); ok {
				if a != v {
					c.followSync(f, a, inParent)
				}
			} else {
				f.escapes = true
			}
		case *ssa.Return:
			if inParent {
				f.returned = true
			} else {
				f.escapes = true
			}
		default:
			f.escapes = true
		}
	}
}

// checkWaitGroups applies rule 4 to the WaitGroups and Groups local to fn.
func (c *checker) checkWaitGroups(fn *ssa.Function) {
	spawns := -1 // lazily: does fn start goroutines?
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			f := syncValue(instr)
			if f == nil {
				continue
			}
			c.followSync(f, f.value, true)
			if f.escapes || f.returned || f.awaited || len(f.starts) == 0 {
				continue
			}
			sort.Slice(f.starts, func(i, j int) bool { return f.starts[i].Pos() < f.starts[j].Pos() })
			first := f.starts[0]
			if f.kind == "sync.WaitGroup" && groupMethod(first.Common()) == "Add" {
				if spawns < 0 {
					spawns = 0
					if c.startsGoroutines(fn) {
						spawns = 1
					}
				}
				if spawns == 0 {
					continue // Add without goroutines: not a spawn
				}
			}
			c.checkWait(fn, f, first)
		}
	}
}

func (c *checker) checkWait(fn *ssa.Function, f *syncFlow, first ssa.CallInstruction) {
	name := c.syncName(f)
	method := groupMethod(first.Common())
	if len(f.waits) == 0 {
		if awaitedByChannel(fn, f.closures) {
			return // the goroutines report on a channel that fn receives from
		}
		c.rep.Report(analysis.Diagnostic{
			Pos: first.Pos(),
			Message: fmt.Sprintf("%s.%s starts goroutines on %s %s, but %s.Wait is never called: nothing waits for them to finish%s; call %s.Wait() before returning",
				name, method, f.kind, name, name, errorsLost(f), name),
		})
		return
	}
	paths := c.await.Paths(fn)
	def := f.value.(ssa.Instruction).Block()
	for _, s := range lastPerBlock(paths, f.starts) {
		ret, found := paths.Search(def, f.uses, paths.At(s), f.waits, nil, true)
		if !found {
			continue
		}
		var where string
		var related analysis.RelatedInformation
		if ret != nil {
			place, pos := c.returnPlace(fn, ret)
			where = place + " skips " + name + ".Wait()"
			related = analysis.RelatedInformation{Pos: pos, Message: "returns here without calling " + name + ".Wait()"}
		} else {
			where = "the loop starts over without calling " + name + ".Wait()"
			related = analysis.RelatedInformation{Pos: f.value.Pos(), Message: name + " is replaced here on the next iteration"}
		}
		c.rep.Report(analysis.Diagnostic{
			Pos: first.Pos(),
			Message: fmt.Sprintf("%s.%s starts goroutines on %s %s, but %s: they are left running unawaited%s; call %s.Wait() on that path too (or defer it)",
				name, method, f.kind, name, where, errorsLost(f), name),
			Related: []analysis.RelatedInformation{related},
		})
		return
	}
}

// maxStartBlocks bounds the searches for one group: each is linear in the
// function, so a generated function that starts a group from thousands of
// blocks would otherwise be quadratic. The first blocks are searched.
const maxStartBlocks = 64

// lastPerBlock keeps, of the starts in each block, the last one: a path
// that leaks from an earlier start passes through it, so it leaks too.
func lastPerBlock(paths *await.Paths, starts []ssa.CallInstruction) []ssa.CallInstruction {
	last := map[*ssa.BasicBlock]ssa.CallInstruction{}
	var order []*ssa.BasicBlock
	for _, s := range starts {
		b := s.Block()
		prev, seen := last[b]
		if !seen {
			order = append(order, b)
		}
		if !seen || paths.At(s).Index > paths.At(prev).Index {
			last[b] = s
		}
	}
	kept := make([]ssa.CallInstruction, 0, min(len(order), maxStartBlocks))
	for _, b := range order[:min(len(order), maxStartBlocks)] {
		kept = append(kept, last[b])
	}
	return kept
}

func errorsLost(f *syncFlow) string {
	if f.kind == "errgroup.Group" {
		return " and their errors are lost"
	}
	return ""
}

func (c *checker) syncName(f *syncFlow) string {
	if a, ok := f.value.(*ssa.Alloc); ok && a.Comment != "" && a.Comment != "new" && a.Comment != "complit" {
		return a.Comment
	}
	if e, ok := f.value.(*ssa.Extract); ok {
		return c.nameOf(e.Tuple.Pos(), "g")
	}
	return c.nameOf(f.value.Pos(), "the group")
}

// awaitedByChannel reports whether each closure that uses the group sends
// on a channel that fn receives from: those receives await the goroutines,
// whatever becomes of the group.
func awaitedByChannel(fn *ssa.Function, closures []*ssa.MakeClosure) bool {
	if len(closures) == 0 {
		return false
	}
	received := map[ssa.Value]bool{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					received[source(instr.X)] = true
				}
			case *ssa.Select:
				for _, st := range instr.States {
					if st.Dir == types.RecvOnly {
						received[source(st.Chan)] = true
					}
				}
			}
		}
	}
	for _, mc := range closures {
		if !sendsToReceived(mc, received) {
			return false
		}
	}
	return true
}

func sendsToReceived(mc *ssa.MakeClosure, received map[ssa.Value]bool) bool {
	body := mc.Fn.(*ssa.Function)
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			send, ok := instr.(*ssa.Send)
			if !ok {
				continue
			}
			ch, load := send.Chan, false
			if u, ok := ch.(*ssa.UnOp); ok && u.Op == token.MUL {
				ch, load = u.X, true
			}
			fv, ok := ch.(*ssa.FreeVar)
			if !ok {
				continue
			}
			for i, v := range body.FreeVars {
				if v != fv {
					continue
				}
				bound := mc.Bindings[i]
				if a, ok := bound.(*ssa.Alloc); ok && load {
					bound = storedValue(a)
				}
				if bound != nil && received[source(bound)] {
					return true
				}
			}
		}
	}
	return false
}
