// Package blockfacts computes which functions may block on IO, and through
// which chain of calls. A function blocks when it calls a primitive of the
// blocking table, or calls a function that blocks, in its own package or in
// another one. Across packages the answer travels as a Fact, so that it holds
// under go vet -vettool, where each package is analysed alone, and follows
// calls into the standard library (net/smtp.SendMail dials). A call through
// an interface declared outside the standard library blocks when every
// implementation the analysis sees blocks (see interfaces.go); when it sees
// none, the call is recorded as Unresolved, for the packages above that may
// see some. A pool starter's workers travel in a WorkersFact (workers.go).
package blockfacts

import (
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/bodies"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/cpufacts"
	"github.com/concurlint/concurlint/internal/factwire"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/methodfacts"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/spawns"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Analyzer exports a Fact for every function of the package that may block,
// and returns a *Result for the package's own functions, closures included.
var Analyzer = &analysis.Analyzer{
	Name:       "blockfacts",
	Doc:        "record which functions may block on IO, for the concurlint analyzers",
	FactTypes:  []analysis.Fact{new(Fact), new(MethodsFact), new(ImplFact), new(WorkersFact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	// cpufacts only to come after it: it builds the package's SSA for the
	// functions it needs, most often a superset of those needed here.
	Requires: []*analysis.Analyzer{blocking.Analyzer, spawns.Analyzer, pools.Analyzer, bodies.Analyzer, cpufacts.Analyzer},
	Run:      run,
}

// Fact marks a package-level function that may block. It holds one chain
// per category: Names[0] is what the function calls, the last name is the
// primitive. Calls is empty in facts, since positions do not cross
// packages.
type Fact struct {
	Chains []Chain
}

// MethodsFact, on a package, holds the chains of the methods that may
// block: its own, and those of the types its API exposes; one fact per
// package, not per method or type, as go vet copies the facts about
// methods and types into every package above them (see methodfacts).
type MethodsFact struct {
	Methods []methodfacts.Entry[[]Chain]
}

func (*Fact) AFact()        {}
func (*MethodsFact) AFact() {}

func (f *Fact) String() string { return chainsString(f.Chains) }

func (f *MethodsFact) String() string { return methodfacts.String(f.Methods, chainsString) }

// Entries gives methodfacts the entries.
func (f *MethodsFact) Entries() *[]methodfacts.Entry[[]Chain] { return &f.Methods }

// The facts holding chains are written in factwire's encoding, which
// writes each function name once per fact, not gob's.

func (f *Fact) GobEncode() ([]byte, error) {
	var e factwire.Encoder
	encodeChains(&e, f.Chains)
	return e.Bytes(), nil
}

func (f *Fact) GobDecode(data []byte) error {
	d := factwire.NewDecoder(data)
	f.Chains = decodeChains(d)
	return d.Err()
}

func (f *MethodsFact) GobEncode() ([]byte, error) {
	var e factwire.Encoder
	methodfacts.Encode(&e, f.Methods, encodeChains)
	return e.Bytes(), nil
}

func (f *MethodsFact) GobDecode(data []byte) error {
	d := factwire.NewDecoder(data)
	f.Methods = methodfacts.Decode(d, decodeChains)
	return d.Err()
}

// encodeChains writes the category and names of each chain: a fact's
// chains have no positions and are not resolved.
func encodeChains(e *factwire.Encoder, chains []Chain) {
	e.Len(len(chains))
	for _, c := range chains {
		e.String(string(c.Category))
		e.Strings(c.Names)
	}
}

// decodeChains reads the chains that encodeChains wrote; nil when there are
// none.
func decodeChains(d *factwire.Decoder) []Chain {
	n := d.Len()
	if n == 0 {
		return nil
	}
	chains := make([]Chain, n)
	for i := range chains {
		chains[i] = Chain{Category: blocking.Category(d.String()), Names: d.Strings()}
	}
	return chains
}

// importedChains returns how fn, a function of another package, blocks,
// from its fact or its package's; nil if it does not.
func importedChains(pass *analysis.Pass, methods *methodfacts.Table[[]Chain], fn *types.Func) []Chain {
	if methodfacts.ReceiverType(fn) != nil {
		chains, _ := methods.Lookup(fn)
		return chains
	}
	var fact Fact
	pass.ImportObjectFact(fn, &fact)
	return fact.Chains
}

func chainsString(chains []Chain) string {
	s := "blocks"
	for _, c := range chains {
		s += " " + string(c.Category) + ":"
		for i, call := range c.Names {
			if i > 0 {
				s += "→"
			}
			s += call
		}
	}
	return s
}

// Chain is how a function blocks: its category, the names from the function
// down to the primitive, and the calls along the way that stand in the
// analysed package.
type Chain struct {
	Category blocking.Category
	Names    []string
	Calls    []token.Pos
	// Resolved, for a worker's call of an interface method resolved by
	// Result.Worker, names the method, and Implementations says how each
	// implementation in sight blocks (never in facts).
	Resolved        string
	Implementations []string
}

// Result answers, for the functions of the analysed package, whether they
// block and how. It holds positions and names only, no SSA, so that the
// drivers can keep it cheaply.
type Result struct {
	table *chains.Table
	calls *blocking.Table
	pkg   *types.Package
	// pass reads this analyzer's facts; only its own pass may, so the
	// result keeps it for the analyzers that ask about imported functions.
	pass    *analysis.Pass
	methods *methodfacts.Table[[]Chain]
	// impls finds the implementations of interface methods in sight, to
	// resolve the Unresolved chains of workers (see Worker).
	impls *implIndex
}

// GroupWait is the category of any wait for a group of goroutines
// (WaitGroup.Wait, errgroup.Group.Wait), whatever they do: not IO, but a
// CPU-sized pool whose jobs wait for other goroutines idles the cores as IO
// does when those goroutines wait. A wait for goroutines that block takes
// their categories (waits.go); cpupoolio counts GroupWait itself only with
// -cpupoolio.waits.
const GroupWait blocking.Category = "wait"

// Unresolved is the category of a call of an interface method none of
// whose implementations the package sees (they live in packages that
// import it): no blocking, but a chain that a package which sees them can
// resolve (Result.Worker). Its chain ends with the method's key,
// "pkg/path.Iface.Method". A function keeps one chain per method, for
// MaxUnresolved methods at most; the table numbers the methods as open
// categories (chains.Builder.MaxOpen), after Categories.
const Unresolved blocking.Category = "interface"

// MaxUnresolved bounds the Unresolved chains of a function, in its facts
// too: minio's TargetList workers reach the logger's Target.Send and the
// event Target.Save; a few more keep room for such a pair, and the facts
// that go vet copies into every dependent package stay small.
const MaxUnresolved = 4

// Categories are the categories of the blocking table and GroupWait.
var Categories = append(blocking.Categories[:len(blocking.Categories):len(blocking.Categories)], GroupWait)

var categoryIndex = func() map[blocking.Category]int {
	m := map[blocking.Category]int{}
	for i, c := range Categories {
		m[c] = i
	}
	return m
}()

func run(pass *analysis.Pass) (any, error) {
	calls := pass.ResultOf[blocking.Analyzer].(*blocking.Table)
	var b *builder
	facts := map[*types.Func]*Fact{}
	methods := methodfacts.NewTable(pass, func() methodfacts.Fact[[]Chain] { return new(MethodsFact) })
	skip := pass.ResultOf[bodies.Analyzer].(*bodies.Calls).Skip(needsBody(pass, methods, calls))
	table := chains.Build(pass, skip, len(Categories), func(cb *chains.Builder) func(*ssa.Function) {
		b = &builder{pass: pass, methods: methods, calls: calls, spawns: pass.ResultOf[spawns.Analyzer].(*spawns.Result), Builder: cb,
			impls: &implIndex{pass: pass, methods: methods, table: &cb.Table}, unresolved: map[string]int{}}
		b.Settle = b.settle
		b.MaxOpen = MaxUnresolved
		return b.scan
	}, func(fn chains.Exported) {
		fact := &Fact{Chains: exportedChains(fn)}
		facts[fn.Obj] = fact
		if !methods.Add(fn.Obj, fact.Chains) {
			pass.ExportObjectFact(fn.Obj, fact)
		}
	})
	methods.Export()
	result := &Result{table: table, calls: calls, pkg: pass.Pkg, pass: pass, methods: methods,
		impls: &implIndex{pass: pass, methods: methods, table: table}}
	if b != nil {
		exportImpls(pass, b, facts)
		exportWorkers(pass, b)
		result.impls = b.impls
	}
	return result, nil
}

type builder struct {
	*chains.Builder
	pass       *analysis.Pass
	methods    *methodfacts.Table[[]Chain]
	calls      *blocking.Table
	impls      *implIndex     // the implementations in sight of the interfaces called
	spawns     *spawns.Result // spawn helpers start goroutines that a function may wait for
	ifaceCalls []*ifaceCall   // calls of interface methods, settled after propagation
	unresolved map[string]int // the open categories of the table, by interface method key
}

func (b *builder) set(fn *ssa.Function, cat blocking.Category, step *chains.Step) {
	b.Set(fn, categoryIndex[cat], step)
}

// setUnresolved records that fn reaches an unresolved call of the
// interface method key by step.
func (b *builder) setUnresolved(fn *ssa.Function, key string, step *chains.Step) {
	cat, ok := b.unresolved[key]
	if !ok {
		cat = len(Categories) + len(b.unresolved)
		b.unresolved[key] = cat
	}
	b.Set(fn, cat, step)
}

// exportedChains returns how fn blocks, for its facts: a chain per
// category, then a chain per unresolved interface method, sorted by the
// methods' keys.
func exportedChains(fn chains.Exported) []Chain {
	var out []Chain
	for i, cat := range Categories {
		if names := fn.Chain(i); names != nil {
			out = append(out, Chain{Category: cat, Names: names})
		}
	}
	var unresolved []Chain
	for _, i := range fn.Open() {
		unresolved = append(unresolved, Chain{Category: Unresolved, Names: fn.Chain(i)})
	}
	slices.SortFunc(unresolved, func(x, y Chain) int { return strings.Compare(methodKey(x), methodKey(y)) })
	return append(out, unresolved...)
}

// methodKey returns the interface method key that an Unresolved chain
// ends with.
func methodKey(c Chain) string { return c.Names[len(c.Names)-1] }

// scan records the direct blocking calls of fn, its calls of the
// package's functions and its waits for goroutines it starts (waits.go).
// Calls in go statements run elsewhere and do not block fn unless fn waits
// for them; calls that run only after recover() returned a panic value
// (printing the stack) do not block its steady state.
func (b *builder) scan(fn *ssa.Function) {
	recovering := recovering(fn)
	var w waiting
	for _, block := range fn.Blocks {
		if recovering[block] {
			continue
		}
		for _, instr := range block.Instrs {
			w.collect(instr, b.pass.Pkg, b.spawns)
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			b.scanCall(fn, call)
		}
	}
	b.join(fn, &w)
}

// recovering returns the blocks of fn that run only when recover()
// returned a value: those dominated by the true branch of
// "if r := recover(); r != nil".
func recovering(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	var out map[*ssa.BasicBlock]bool
	for _, block := range fn.Blocks {
		ifi, ok := ssabuild.Last(block).(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.NEQ {
			continue
		}
		if !isRecover(cmp.X) && !isRecover(cmp.Y) {
			continue
		}
		then := block.Succs[0]
		if len(then.Preds) != 1 {
			continue
		}
		if out == nil {
			out = map[*ssa.BasicBlock]bool{}
		}
		stack := []*ssa.BasicBlock{then}
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !out[b] {
				out[b] = true
				stack = append(stack, b.Dominees()...)
			}
		}
	}
	return out
}

func isRecover(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "recover"
}

func (b *builder) scanCall(fn *ssa.Function, call ssa.CallInstruction) {
	common := call.Common()
	pos := call.Pos()
	if common.IsInvoke() {
		if cat, ok := b.calls.Lookup(b.Names.Full(common.Method)); ok {
			b.set(fn, cat, &chains.Step{Pos: pos, Callee: b.Names.Display(common.Method)})
		} else if isResponseBody(common.Value) && common.Method.Name() == "Read" {
			b.set(fn, blocking.HTTP, &chains.Step{Pos: pos, Callee: "(*http.Response).Body.Read"})
		} else if iface := userInterface(common.Value.Type()); iface != nil {
			b.ifaceCalls = append(b.ifaceCalls, &ifaceCall{fn: fn, call: call, iface: iface, method: common.Method})
		}
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		if named := namedType(common.Value.Type()); named != nil {
			if cat, ok := b.calls.Lookup(typeKey(named)); ok {
				b.set(fn, cat, &chains.Step{Pos: pos, Callee: types.TypeString(named, (*types.Package).Name)})
			}
		}
		return
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	obj, _ := callee.Object().(*types.Func)
	if obj != nil {
		name := b.Names.Full(obj.Origin())
		if blocking.Fallback(b.Names.Full(obj)) {
			return
		}
		if pools.IsGroupWait(obj) {
			b.set(fn, GroupWait, &chains.Step{Pos: pos, Callee: b.Names.Display(obj)})
			return
		}
		if bodyReaders[name] && readsBody(common.Args) {
			b.set(fn, blocking.HTTP, &chains.Step{Pos: pos, Callee: b.Names.Display(obj) + "(resp.Body)"})
			return
		}
		if b.outside(fn, obj, pos, b.Names.Display(obj)) {
			return
		}
	}
	if local := b.Local(callee); local != nil {
		b.Call(fn, local, call)
	}
}

// needsBody returns whether a static call of a function may give its
// caller a chain (scanCall's cases): then the caller's SSA body is needed.
func needsBody(pass *analysis.Pass, methods *methodfacts.Table[[]Chain], calls *blocking.Table) func(*types.Func) bool {
	names := funcnames.NewNames(pass.Pkg)
	return func(fn *types.Func) bool {
		name := names.Full(fn)
		if _, ok := calls.Lookup(name); ok || pools.IsGroupWait(fn) || bodyReaders[name] {
			return true
		}
		return fn.Pkg() != nil && fn.Pkg() != pass.Pkg && importedChains(pass, methods, fn) != nil
	}
}

// outside gives fn, by a step at pos named name, what obj reaches when obj
// is a primitive of the table or a function of another package (through
// its fact), and reports whether it is either.
func (b *builder) outside(fn *ssa.Function, obj *types.Func, pos token.Pos, name string) bool {
	obj = obj.Origin()
	if cat, ok := b.calls.Lookup(b.Names.Full(obj)); ok {
		b.set(fn, cat, &chains.Step{Pos: pos, Callee: name})
		return true
	}
	if obj.Pkg() == nil || obj.Pkg() == b.pass.Pkg {
		return false
	}
	for _, c := range importedChains(b.pass, b.methods, obj) {
		step := &chains.Step{Pos: pos, Callee: name, Rest: c.Names}
		if c.Category == Unresolved {
			b.setUnresolved(fn, methodKey(c), step)
		} else {
			b.set(fn, c.Category, step)
		}
	}
	return true
}

// namedType returns the type of a function value when it is named and
// declared in a package: the blocking table may list its calls
// (go-elasticsearch's esapi.Index, in the form "pkg/path.Name"); or nil.
func namedType(t types.Type) *types.Named {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	return named
}

// typeKey names a named type of a package in the tables' form,
// "pkg/path.Name": a function type of the blocking table, the interface of
// an ifaceMethodKey.
func typeKey(named *types.Named) string {
	return named.Obj().Pkg().Path() + "." + named.Obj().Name()
}

// isResponseBody reports whether v is the Body field of an *http.Response,
// read directly or converted to another interface.
func isResponseBody(v ssa.Value) bool {
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			field, ok := x.X.(*ssa.FieldAddr)
			if !ok {
				return false
			}
			st, ok := field.X.Type().Underlying().(*types.Pointer)
			if !ok {
				return false
			}
			named, ok := st.Elem().(*types.Named)
			if !ok || named.Obj().Pkg() == nil {
				return false
			}
			return named.Obj().Pkg().Path() == "net/http" && named.Obj().Name() == "Response" &&
				named.Underlying().(*types.Struct).Field(field.Field).Name() == "Body"
		}
		return false
	}
}

// bodyReaders are the io helpers that drain the reader they are given.
var bodyReaders = map[string]bool{
	"io.ReadAll": true, "io.Copy": true, "io.CopyN": true, "io.CopyBuffer": true,
	"io.ReadFull": true, "io.ReadAtLeast": true, "io/ioutil.ReadAll": true,
}

// readsBody reports whether a call of a body reader is given an
// http.Response's Body.
func readsBody(args []ssa.Value) bool {
	for _, a := range args {
		if isResponseBody(a) {
			return true
		}
	}
	return false
}
