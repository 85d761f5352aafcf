// Package cpufacts computes which functions are CPU-bound: known to do
// nothing but compute. A function is not CPU-bound when it may block on IO
// (a call of the blocking table), wait (a channel operation, a select
// without default, a timer, WaitGroup.Wait, Cond.Wait), or make a call of
// unknown effect (a function value, an interface method such as a bare
// io.Writer.Write, a go statement, a runtime hook without a Go body),
// directly or through calls in any package. Across packages the answer
// travels as the effects of the functions that are not CPU-bound (Fact,
// and MethodsFact for methods), so the absence of effects for an analysed
// function is the evidence that it only computes.
//
// A worker of a pool may also wait on the channels it is given (a
// parameter, a captured variable or a field reached from one: its job,
// result and semaphore channels): receiving values it uses or sending is
// the category Own; receiving a value it drops (<-sem, <-done) is Release,
// which only a pool whose semaphore is a channel allows. A caller inherits
// both as Waits, except a function literal's own enclosing function (a
// deferred semaphore release).
package cpufacts

import (
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/bodies"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/methodfacts"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/spawns"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Analyzer exports a Fact for every function of the package that is not
// CPU-bound, and returns a *Result for the package's own functions, closures
// included.
var Analyzer = &analysis.Analyzer{
	Name:       "cpufacts",
	Doc:        "record which functions only compute, for the concurlint analyzers",
	FactTypes:  []analysis.Fact{new(Fact), new(MethodsFact), new(WorkersFact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Requires:   []*analysis.Analyzer{blocking.Analyzer, pools.Analyzer, bodies.Analyzer},
	Run:        run,
}

// Effect is what keeps a function from being CPU-bound.
type Effect string

const (
	Blocks  Effect = "blocks"  // a call of the blocking table
	Waits   Effect = "waits"   // a channel, timer, WaitGroup or Cond wait
	Unknown Effect = "unknown" // a call of unknown effect
	Calls   Effect = "calls"   // calls a function parameter: its callers' arguments decide
	Release Effect = "release" // drops a value received from a channel it is given (<-sem)
	Own     Effect = "own"     // exchanges values on channels it is given (allowed in a worker)
)

// Effects lists every effect in a fixed order, the categories of the chains.
var Effects = [...]Effect{Blocks, Waits, Unknown, Calls, Release, Own}

func index(e Effect) int {
	for i, x := range Effects {
		if x == e {
			return i
		}
	}
	panic("cpufacts: unknown effect " + e)
}

// EffectSet is a set of effects, bit i for Effects[i].
type EffectSet uint8

// Has reports whether e is in the set.
func (s EffectSet) Has(e Effect) bool { return s&(1<<index(e)) != 0 }

// Chain is why a function is not CPU-bound: the effect, the names from the
// function down to the primitive, and the calls along the way that stand in
// the analysed package.
type Chain struct {
	Effect Effect
	Names  []string
	Calls  []token.Pos
}

// Result answers, for the functions of the analysed package and, through
// facts, of the packages it imports, whether they are CPU-bound.
type Result struct {
	// Skip holds the functions of the package that only compute, by their
	// syntax and their callees' facts (bodies.Calls.Skip): the analyzers
	// that follow goroutines, channels and groups need no SSA body for
	// them, and build the package's SSA after this analyzer, with its
	// wider needs, built it (see ssabuild.With).
	Skip    map[*types.Func]bool
	table   *chains.Table
	calls   *blocking.Table
	pkg     *types.Package
	pass    *analysis.Pass // for the facts of other packages
	methods *methodfacts.Table[EffectSet]
}

// Worker returns why the function literal or function of the package with
// the given key (chains.Key, chains.LitKey) is not CPU-bound when it runs as
// a pool's worker, or nil when it is: it then only computes and waits on
// nothing but the channels it is given, and drops values received from them
// only if release (the pool's semaphore is a channel).
func (r *Result) Worker(key token.Pos, release bool) *Chain {
	for _, e := range Effects[:index(Own)] { // Calls too: its arguments are unknown
		if e == Release && release {
			continue
		}
		if names, calls := r.table.Chain(key, index(e)); names != nil {
			return &Chain{Effect: e, Names: names, Calls: calls}
		}
	}
	return nil
}

// WorkerObject is Worker for a declared function of any package.
func (r *Result) WorkerObject(obj *types.Func, release bool) *Chain {
	obj = obj.Origin()
	if recv := obj.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return &Chain{Effect: Unknown, Names: []string{funcnames.Display(obj, r.pkg)}}
	}
	if obj.Pkg() == r.pkg {
		return r.Worker(obj.Pos(), release)
	}
	name := funcnames.Display(obj, r.pkg)
	if e, ok := primitive(r.calls, obj.FullName()); ok {
		return &Chain{Effect: e, Names: []string{name}}
	}
	effects, ok := importedEffects(r.pass, r.methods, obj)
	if !ok {
		return nil
	}
	for _, e := range Effects {
		if effects.Has(e) && e != Own && (e != Release || !release) {
			return &Chain{Effect: e, Names: []string{name}}
		}
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	calls := pass.ResultOf[blocking.Analyzer].(*blocking.Table)
	methods := methodfacts.NewTable(pass, func() methodfacts.Fact[EffectSet] { return new(MethodsFact) })
	skip := pass.ResultOf[bodies.Analyzer].(*bodies.Calls).Skip(needsBody(pass, methods, calls))
	table := chains.Build(pass, skip, len(Effects), func(cb *chains.Builder) func(*ssa.Function) {
		b := &builder{pass: pass, methods: methods, calls: calls, Builder: cb}
		b.Lift = b.lift
		return b.scan
	}, func(fn chains.Exported) {
		var effects EffectSet
		for i := range Effects {
			if fn.Reaches(i) {
				effects |= 1 << i
			}
		}
		if !methods.Add(fn.Obj, effects) {
			pass.ExportObjectFact(fn.Obj, &Fact{Effects: effects})
		}
	})
	methods.Export()
	result := &Result{Skip: skip, table: table, calls: calls, pkg: pass.Pkg, pass: pass, methods: methods}
	exportWorkers(pass, result)
	return result, nil
}

// needsBody returns whether a call of a function gives its caller an
// effect, or may (scanCall's cases, for static callees): then the caller's
// SSA body is needed. The functions of pools' tables count too: the
// analyzers of pools read the calls of those that only compute (a pool
// builder setting its size).
func needsBody(pass *analysis.Pass, methods *methodfacts.Table[EffectSet], calls *blocking.Table) func(*types.Func) bool {
	names := funcnames.NewNames(pass.Pkg)
	return func(fn *types.Func) bool {
		name := names.Full(fn)
		if _, ok := primitive(calls, name); ok {
			return true
		}
		if _, ok := computeFuncs[name]; ok {
			return false
		}
		switch {
		case callsArgs[name] || unknownFuncs[name] || pools.Tabled(fn) || fn.Pkg() == nil:
			return true
		case fn.Pkg() == pass.Pkg:
			return false // Calls.Skip follows the package's own calls
		}
		_, ok := importedEffects(pass, methods, fn)
		return ok
	}
}

// lift says what a caller reaches when its callee reaches effect cat.
// Waiting on the channels a function is given is a worker's right, not its
// callers' (Own becomes Waits), except for a literal inside the caller,
// which shares the caller's channels (defer func() { <-sem }()). A callee
// that calls its function parameters does what the caller's function
// arguments do (see passed).
func (b *builder) lift(caller, callee *ssa.Function, call ssa.CallInstruction, cat int) int {
	switch Effects[cat] {
	case Own, Release:
		if callee.Parent() != caller {
			return index(Waits)
		}
	case Calls:
		return b.passed(caller, call)
	}
	return cat
}

// passed links caller to the functions it passes in call to a callee that
// calls its function parameters, and returns what else caller reaches by
// it: Calls when it passes on a parameter of its own, Unknown when it passes
// a function value it cannot name, or -1.
func (b *builder) passed(caller *ssa.Function, call ssa.CallInstruction) int {
	result := -1
	for _, arg := range call.Common().Args {
		if _, ok := arg.Type().Underlying().(*types.Signature); !ok {
			continue
		}
		fn := arg
		if mc, ok := arg.(*ssa.MakeClosure); ok {
			fn = mc.Fn
		}
		switch fn := fn.(type) {
		case *ssa.Const:
			// nil
		case *ssa.Function:
			if local := b.Local(fn); local != nil {
				b.Call(caller, local, call)
			} else if obj, ok := fn.Object().(*types.Func); ok {
				if b.imported(caller, call.Pos(), obj.Origin(), b.Names.Display(obj)) {
					result = index(Unknown) // it calls functions we do not see
				}
			} else {
				result = index(Unknown)
			}
		case *ssa.Parameter:
			if result < 0 {
				result = index(Calls)
			}
		default:
			result = index(Unknown)
		}
	}
	return result
}

type builder struct {
	*chains.Builder
	pass    *analysis.Pass
	methods *methodfacts.Table[EffectSet]
	calls   *blocking.Table
}

func (b *builder) set(fn *ssa.Function, e Effect, pos token.Pos, callee string, rest ...string) {
	b.Set(fn, index(e), &chains.Step{Pos: pos, Callee: callee, Rest: rest})
}

func (b *builder) scan(fn *ssa.Function) {
	if fn.Blocks == nil {
		// Assembly, or a function the runtime provides: runtime hooks may
		// wait or park; other assembly computes.
		if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
			if e, ok := primitive(b.calls, b.Names.Full(obj)); ok {
				b.set(fn, e, fn.Pos(), "a function without Go body")
			} else if spawns.TakesFunc(obj) {
				b.set(fn, Unknown, fn.Pos(), "a function without Go body that takes a function")
			} else if _, known := computeFuncs[b.Names.Full(obj)]; !known && (runtimeHooks(obj.Pkg()) || unknownFuncs[b.Names.Full(obj)]) {
				b.set(fn, Unknown, fn.Pos(), "a runtime hook")
			}
		}
		return
	}
	panics := panicking(fn)
	for _, block := range fn.Blocks {
		if panics[block] {
			continue // what runs on the way to a panic does not matter
		}
		for _, instr := range block.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				b.set(fn, Unknown, instr.Pos(), "a go statement")
			case ssa.CallInstruction:
				b.scanCall(fn, instr)
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					b.chanOp(fn, instr.X, instr.Pos(), "a receive from ", !used(instr))
				}
			case *ssa.Send:
				b.chanOp(fn, instr.Chan, instr.Pos(), "a send on ", false)
			case *ssa.Select:
				if instr.Blocking {
					recv := 0
					for _, st := range instr.States {
						dropped := false
						if st.Dir == types.RecvOnly {
							dropped = !selectUses(instr, 2+recv)
							recv++
						}
						b.chanOp(fn, st.Chan, instr.Pos(), "a select on ", dropped)
					}
				}
			}
		}
	}
}

// panicking returns the blocks of fn from which every path ends in a panic.
func panicking(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	panics := map[*ssa.BasicBlock]bool{}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if panics[b] || len(b.Instrs) == 0 {
				continue
			}
			_, isPanic := ssabuild.Last(b).(*ssa.Panic)
			all := len(b.Succs) > 0
			for _, s := range b.Succs {
				all = all && panics[s]
			}
			if isPanic || all {
				panics[b] = true
				changed = true
			}
		}
	}
	return panics
}

// chanOp records a wait on ch: Own when fn was given ch, Release when it
// also drops the value received, Waits otherwise.
func (b *builder) chanOp(fn *ssa.Function, ch ssa.Value, pos token.Pos, what string, dropped bool) {
	name := what + channelName(ch)
	switch {
	case isTimer(ch) || !given(ch, 0):
		b.set(fn, Waits, pos, name)
	case dropped:
		b.set(fn, Release, pos, name+" (value dropped)")
	default:
		b.set(fn, Own, pos, name)
	}
}

// used reports whether the value of a receive is used, or its ok (a range
// over the channel, whose loop ends when it is closed).
func used(recv *ssa.UnOp) bool {
	for _, r := range *recv.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok {
			if len(*ex.Referrers()) > 0 {
				return true
			}
			continue
		}
		if _, ok := r.(*ssa.DebugRef); !ok {
			return true
		}
	}
	return false
}

// selectUses reports whether the element index of a select's result tuple
// (a received value) is used.
func selectUses(sel *ssa.Select, index int) bool {
	for _, r := range *sel.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == index && len(*ex.Referrers()) > 0 {
			return true
		}
	}
	return false
}

func (b *builder) scanCall(fn *ssa.Function, call ssa.CallInstruction) {
	common := call.Common()
	pos := call.Pos()
	pkg := b.pass.Pkg
	if common.IsInvoke() {
		if _, ok := b.calls.Lookup(b.Names.Full(common.Method)); ok {
			b.set(fn, Blocks, pos, b.Names.Display(common.Method))
		} else if !computeMethod(common) {
			b.set(fn, Unknown, pos, b.Names.Display(common.Method))
		}
		return
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		if p, ok := common.Value.(*ssa.Parameter); ok {
			b.set(fn, Calls, pos, "its parameter "+p.Name())
		} else if !typeFuncCallers[b.pass.Pkg.Path()] {
			b.set(fn, Unknown, pos, "a function value")
		}
		return
	}
	if obj, ok := callee.Object().(*types.Func); ok {
		obj = obj.Origin()
		if e, ok := primitive(b.calls, b.Names.Full(obj)); ok {
			b.set(fn, e, pos, b.Names.Display(obj))
			return
		}
		if _, ok := computeFuncs[b.Names.Full(obj)]; ok {
			return
		}
		if callsArgs[b.Names.Full(obj)] {
			if cat := b.passed(fn, call); cat >= 0 {
				b.set(fn, Effects[cat], pos, b.Names.Display(obj), "a function it is given")
			}
			return
		}
		if obj.Pkg() != nil && obj.Pkg() != pkg {
			if b.imported(fn, pos, obj, b.Names.Display(obj)) {
				if cat := b.passed(fn, call); cat >= 0 {
					b.set(fn, Effects[cat], pos, b.Names.Display(obj), "a function it is given")
				}
			}
			return
		}
	}
	if local := b.Local(callee); local != nil {
		b.Call(fn, local, call)
	} else if callee.Blocks == nil && callee.Parent() == nil && callee.Object() == nil {
		b.set(fn, Unknown, pos, "a function without Go body")
	}
}

// imported sets the effects of fn's call of obj, a function of another
// package, from its fact; it reports whether obj calls its function
// parameters, which leaves the verdict to the arguments.
func (b *builder) imported(fn *ssa.Function, pos token.Pos, obj *types.Func, name string) (calls bool) {
	effects, ok := importedEffects(b.pass, b.methods, obj)
	if !ok {
		return false
	}
	for _, e := range Effects {
		switch {
		case !effects.Has(e):
		case e == Calls:
			calls = true
		case e == Own, e == Release:
			b.set(fn, Waits, pos, name)
		default:
			b.set(fn, e, pos, name)
		}
	}
	return calls
}

// primitive reports the effect of a function, by its FullName, that is a
// primitive: a call of the blocking table, or a wait of package sync or
// time.
func primitive(calls *blocking.Table, name string) (Effect, bool) {
	if _, ok := calls.Lookup(name); ok {
		return Blocks, true
	}
	if waitFuncs[name] {
		return Waits, true
	}
	return "", false
}

// waitFuncs wait for another goroutine or for the clock.
var waitFuncs = map[string]bool{
	"(*sync.WaitGroup).Wait": true, "(*sync.Cond).Wait": true,
	"time.After": true, "time.Tick": true,
}

// computeFuncs are functions of the standard library that do not wait in
// any way that matters to a worker, although their bodies reach runtime
// hooks: short critical sections, pooled buffers, the clock.
var computeFuncs = map[string]struct{}{
	"(*sync.Mutex).Lock": {}, "(*sync.Mutex).Unlock": {}, "(*sync.Mutex).TryLock": {},
	"(*sync.RWMutex).Lock": {}, "(*sync.RWMutex).Unlock": {}, "(*sync.RWMutex).RLock": {},
	"(*sync.RWMutex).RUnlock": {}, "(*sync.RWMutex).TryLock": {}, "(*sync.RWMutex).TryRLock": {},
	"(*sync.WaitGroup).Add": {}, "(*sync.WaitGroup).Done": {},
	"(*sync.Cond).Signal": {}, "(*sync.Cond).Broadcast": {},
	"(*sync.Pool).Get": {}, "(*sync.Pool).Put": {},
	"(*sync.Map).Load": {}, "(*sync.Map).Store": {}, "(*sync.Map).LoadOrStore": {},
	"(*sync.Map).LoadAndDelete": {}, "(*sync.Map).Delete": {}, "(*sync.Map).Swap": {},
	"(*sync.Map).CompareAndSwap": {}, "(*sync.Map).CompareAndDelete": {}, "(*sync.Map).Clear": {},
	"time.now": {}, "time.runtimeNano": {}, "time.runtimeNow": {}, "time.Now": {}, "time.Since": {},
	"time.Until": {}, "time.NewTicker": {}, "time.NewTimer": {}, "(*time.Ticker).Stop": {},
	"(*time.Ticker).Reset": {}, "(*time.Timer).Stop": {}, "(*time.Timer).Reset": {},
	"(*internal/godebug.Setting).Value": {},
}

// callsArgs are functions of the standard library that call the functions
// they are given, and otherwise compute, through function values that the
// Calls effect does not follow (sort.Slice keeps them in a struct).
var callsArgs = map[string]bool{
	"sort.Slice": true, "sort.SliceStable": true, "sort.SliceIsSorted": true,
	"sort.Search": true, "sort.Find": true,
}

// typeFuncCallers are the packages whose calls of function values call the
// hash and equality functions of types, which compute.
var typeFuncCallers = map[string]bool{"internal/runtime/maps": true, "runtime": true}

// unknownFuncs are functions without a Go body, outside the runtime hooks,
// that run arbitrary code.
var unknownFuncs = map[string]bool{"reflect.call": true}

// runtimeHooks are the packages whose functions without a Go body are
// provided by the runtime and may park the goroutine; elsewhere such a
// function is assembly that computes (math, crypto, internal/bytealg).
func runtimeHooks(pkg *types.Package) bool {
	if pkg == nil {
		return true
	}
	path := pkg.Path()
	switch path {
	case "runtime", "sync", "internal/sync", "time", "os", "os/signal", "syscall", "net",
		"internal/poll", "iter", "plugin", "unique", "weak", "internal/runtime/syscall",
		"internal/synctest", "testing/synctest":
		return true
	}
	for _, prefix := range []string{"runtime/", "internal/syscall/", "golang.org/x/sys/"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// computeInterfaces are interfaces whose methods compute by convention,
// whatever the concrete type: hashes, ciphers, sorting, reflection, images.
var computeInterfaces = map[string]bool{
	"hash.Hash": true, "hash.Hash32": true, "hash.Hash64": true,
	"crypto/cipher.Block": true, "crypto/cipher.AEAD": true, "crypto/cipher.Stream": true,
	"crypto/cipher.BlockMode": true, "sort.Interface": true, "container/heap.Interface": true,
	"reflect.Type": true, "internal/reflectlite.Type": true, "image.Image": true, "image/color.Color": true, "image/color.Model": true,
	"image/draw.Image": true, "math/rand.Source": true, "math/rand.Source64": true,
	"math/rand/v2.Source": true, "encoding/binary.ByteOrder": true, "encoding/binary.AppendByteOrder": true,
	"fmt.Stringer": true, "fmt.GoStringer": true, "fmt.Formatter": true, "error": true,
	"context.Context": true,
}

// computeMethod reports whether an interface call computes by convention:
// a method of computeInterfaces, or an Error() string or String() string
// method of any interface.
func computeMethod(common *ssa.CallCommon) bool {
	if computeInterfaces[types.TypeString(common.Value.Type(), nil)] {
		return true
	}
	sig := common.Method.Type().(*types.Signature)
	if (common.Method.Name() == "Error" || common.Method.Name() == "String") && sig.Params().Len() == 0 &&
		sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
		return true
	}
	return false
}

// given reports whether the channel ch is given to the function: a
// parameter, a captured variable, or read from a field or element of one,
// rather than made in the function or returned by a call.
func given(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return true
	case *ssa.UnOp:
		return x.Op == token.MUL && given(x.X, depth+1)
	case *ssa.FieldAddr:
		return given(x.X, depth+1)
	case *ssa.Field:
		return given(x.X, depth+1)
	case *ssa.IndexAddr:
		return given(x.X, depth+1)
	case *ssa.ChangeType:
		return given(x.X, depth+1)
	case *ssa.Phi:
		for _, e := range x.Edges {
			if !given(e, depth+1) {
				return false
			}
		}
		return len(x.Edges) > 0
	}
	return false
}

// isTimer reports whether ch carries times: a ticker's or timer's channel.
func isTimer(ch ssa.Value) bool {
	c, ok := ch.Type().Underlying().(*types.Chan)
	if !ok {
		return false
	}
	named, ok := c.Elem().(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "time" && named.Obj().Name() == "Time"
}

// channelName names a channel for messages: its variable, its field, or
// the call that returned it.
func channelName(ch ssa.Value) string {
	for {
		switch x := ch.(type) {
		case *ssa.UnOp:
			ch = x.X
			continue
		case *ssa.ChangeType:
			ch = x.X
			continue
		case *ssa.Parameter, *ssa.FreeVar:
			return x.Name()
		case *ssa.FieldAddr:
			if ptr, ok := x.X.Type().Underlying().(*types.Pointer); ok {
				if st, ok := ptr.Elem().Underlying().(*types.Struct); ok {
					return st.Field(x.Field).Name()
				}
			}
		case *ssa.Call:
			if x.Call.IsInvoke() {
				return x.Call.Method.Name() + "()"
			}
			if callee := x.Call.StaticCallee(); callee != nil {
				return callee.Name() + "()"
			}
		case *ssa.MakeChan:
			return "a channel it makes"
		}
		return "a channel"
	}
}
