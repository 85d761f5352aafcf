// Package chains records how the functions of a package reach primitive
// calls, through chains of calls, per category of primitive. The fact
// packages (blockfacts: may it block on IO; cpufacts: may it do anything but
// compute) differ only in what a primitive is; the call graph of the
// package, the propagation of categories from callees to callers, the
// chains printed in messages and the bounded chains exported in facts are
// this package's job.
package chains

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// MaxFactChain bounds the chain stored in a fact: deep chains are
// summarised, and facts stay small however deep the call graph.
const MaxFactChain = 8

// Step is one call on the way from a function of the package to a
// primitive.
type Step struct {
	Pos    token.Pos // the call, in this package
	Callee string    // what it calls, named for messages in this package
	// Next identifies the callee when it is a function of this package (see
	// Key); it is token.NoPos for a primitive or a function of another
	// package, whose chain below continues in Rest.
	Next token.Pos
	// NextCategory is the category by which Next reaches the primitive,
	// when Lift changed it on the way up.
	NextCategory int
	Rest         []string
	// Via, when the step is no call of Next but a wait for a goroutine that
	// runs Next, names the wait ("(*sync.WaitGroup).Wait for "); Callee
	// begins with it.
	Via string
}

// Key identifies a function of the package: for a declared function its
// name's position (types.Func.Pos), for a literal its func keyword.
func Key(fn *ssa.Function) token.Pos { return fn.Pos() }

// LitKey is the Key of a function literal.
func LitKey(lit *ast.FuncLit) token.Pos { return lit.Type.Func }

// Table says, for the functions of one package, by which step each reaches
// each category. It holds positions and names only, no SSA, so that an
// analyzer's result can keep it cheaply.
type Table struct {
	steps      map[token.Pos][]*Step // by Key, indexed by category
	names      map[token.Pos]string  // by Key, of the functions in steps, for messages in this package
	categories int                   // the fixed categories; those numbered from here are open
}

// Reaches reports whether the function with the given key reaches cat.
func (t *Table) Reaches(key token.Pos, cat int) bool {
	own := t.steps[key]
	return cat < len(own) && own[cat] != nil
}

// Open returns the open categories (see Builder.MaxOpen) that the function
// with the given key reaches, in the order of their numbers.
func (t *Table) Open(key token.Pos) []int {
	var out []int
	for cat := t.categories; cat < len(t.steps[key]); cat++ {
		if t.steps[key][cat] != nil {
			out = append(out, cat)
		}
	}
	return out
}

// Chain returns the names from the function with the given key down to the
// primitive of category cat, and the calls along the way that stand in the
// package; nil if it does not reach cat.
func (t *Table) Chain(key token.Pos, cat int) (names []string, calls []token.Pos) {
	if !t.Reaches(key, cat) {
		return nil, nil
	}
	names = []string{t.names[key]}
	for k := key; k != token.NoPos && len(calls) < 64; {
		step := t.steps[k][cat]
		names = append(names, step.Callee)
		names = append(names, step.Rest...)
		calls = append(calls, step.Pos)
		k, cat = step.Next, step.NextCategory
	}
	return names, calls
}

// Build builds the package's SSA (see ssabuild, and bodies.Calls.Skip for
// skip, the functions that reach no category whatever their bodies) and a
// Builder on it; setup returns the function that scans each source
// function (calling Set and Call); Build propagates (and settles, see
// Builder.Settle), hands export each declared function that reaches a
// category, and returns the table without the SSA.
func Build(pass *analysis.Pass, skip map[*types.Func]bool, categories int, setup func(*Builder) (scan func(*ssa.Function)),
	export func(fn Exported)) *Table {
	var table *Table
	ssabuild.With(pass, skip, func(funcs []*ssa.Function) {
		b := NewBuilder(pass.Pkg, funcs, categories)
		scan := setup(b)
		for _, fn := range funcs {
			scan(fn)
		}
		b.Propagate()
		for b.Settle != nil && b.Settle() {
			b.Propagate()
		}
		b.Exported(funcs, export)
		table = b.Result()
	})
	return table
}

// NamesFunc reports whether the package's code names a function (its
// origin, for an instance) for which match holds. Every static callee
// that a scan of the package's SSA meets is one its code names, so a
// package that names no primitive and no function with a fact of the
// kind reaches no category, and can skip Build.
func NamesFunc(pass *analysis.Pass, match func(*types.Func) bool) bool {
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && match(fn.Origin()) {
			return true
		}
	}
	return false
}

// Builder builds a Table from the SSA form of a package: the fact package
// marks the primitives it finds with Set, records the calls between the
// package's functions with Call, and calls Propagate.
type Builder struct {
	Table
	// Names names the functions that the fact package's scan meets.
	Names   *funcnames.Names
	pkg     *types.Package
	funcs   map[token.Pos]*ssa.Function
	callers map[*ssa.Function][]edge
	edges   map[edgeKey]bool
	queue   []work
	// Lift, if set, says which category a caller reaches by the call when
	// its callee reaches cat (by default the same one), or -1 for none.
	// call is nil for a wait (see WaitFor).
	Lift func(caller, callee *ssa.Function, call ssa.CallInstruction, cat int) int
	// MaxOpen bounds the open categories each function reaches: the
	// categories numbered from the count given to NewBuilder up, which the
	// fact package numbers as it meets them (blockfacts: one per interface
	// method whose implementations are out of sight). A function keeps the
	// first MaxOpen it reaches; the order of the scan and of Propagate is
	// the code's, so which ones is deterministic.
	MaxOpen int
	open    map[token.Pos]int // by Key, how many open categories each function reaches
	// Settle, if set, runs after Propagate and may Set what depends on
	// all of several functions at once (a call that reaches a category
	// only when every candidate callee does); when it reports that it set
	// something, Propagate runs again, then Settle. It must set each step
	// at most once, so that the rounds end.
	Settle func() bool
}

// edge is a call from caller to a function of the package, or a wait of
// caller for a goroutine that runs it (call nil, via its name).
type edge struct {
	caller *ssa.Function
	call   ssa.CallInstruction
	pos    token.Pos
	via    string
}

type edgeKey struct {
	edge
	callee *ssa.Function
}

type work struct {
	fn  *ssa.Function
	cat int
}

// NewBuilder indexes funcs, the source functions of pkg (see ssabuild).
func NewBuilder(pkg *types.Package, funcs []*ssa.Function, categories int) *Builder {
	b := &Builder{
		Table:   Table{steps: map[token.Pos][]*Step{}, names: map[token.Pos]string{}, categories: categories},
		Names:   funcnames.NewNames(pkg),
		pkg:     pkg,
		funcs:   map[token.Pos]*ssa.Function{},
		callers: map[*ssa.Function][]edge{},
		edges:   map[edgeKey]bool{},
		open:    map[token.Pos]int{},
	}
	for _, fn := range funcs {
		b.funcs[Key(fn)] = fn
	}
	return b
}

// Set records that fn reaches cat by step; the first step recorded wins,
// and an open category beyond fn's MaxOpen is dropped.
func (b *Builder) Set(fn *ssa.Function, cat int, step *Step) {
	key := Key(fn)
	own := b.steps[key]
	if own == nil {
		own = make([]*Step, b.categories)
		// Named once it reaches something: most functions never do.
		b.names[key] = funcnames.DisplaySSA(fn, b.pkg)
	}
	if cat >= b.categories {
		if b.Reaches(key, cat) || b.open[key] >= b.MaxOpen {
			return
		}
		b.open[key]++
		if cat >= len(own) {
			own = append(own, make([]*Step, cat+1-len(own))...)
		}
	}
	b.steps[key] = own
	if own[cat] != nil {
		return
	}
	own[cat] = step
	b.queue = append(b.queue, work{fn, cat})
}

// Local returns the function of the package that a static callee stands
// for (the declared method behind a bound method value or wrapper), or nil
// when the callee is not one of the package's source functions.
func (b *Builder) Local(callee *ssa.Function) *ssa.Function {
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	if obj, ok := callee.Object().(*types.Func); ok && callee.Synthetic != "" && obj.Pkg() == b.pkg {
		callee = b.funcs[obj.Pos()]
	}
	if callee == nil || b.funcs[Key(callee)] != callee {
		return nil
	}
	return callee
}

// Call records that caller calls the package's function callee by call.
// The categories callee already reaches flow along the new edge at once;
// those it reaches later flow during Propagate. Each edge is followed once
// per category, so the work is linear in edges × categories however many
// callers a function has.
func (b *Builder) Call(caller, callee *ssa.Function, call ssa.CallInstruction) {
	b.add(edge{caller: caller, call: call, pos: call.Pos()}, callee)
}

// WaitFor records that caller waits, at pos, for a goroutine that runs the
// package's function callee: the caller reaches what callee reaches, by a
// step named via + callee's name ("(*sync.WaitGroup).Wait for worker").
func (b *Builder) WaitFor(caller, callee *ssa.Function, pos token.Pos, via string) {
	b.add(edge{caller: caller, pos: pos, via: via}, callee)
}

func (b *Builder) add(e edge, callee *ssa.Function) {
	key := edgeKey{e, callee}
	if b.edges[key] {
		return
	}
	b.edges[key] = true
	b.callers[callee] = append(b.callers[callee], e)
	for cat, step := range b.steps[Key(callee)] {
		if step != nil {
			b.flow(e, callee, cat)
		}
	}
}

// Propagate carries every category from callees to their callers, until
// nothing changes.
func (b *Builder) Propagate() {
	for len(b.queue) > 0 {
		w := b.queue[len(b.queue)-1]
		b.queue = b.queue[:len(b.queue)-1]
		for _, e := range b.callers[w.fn] {
			b.flow(e, w.fn, w.cat)
		}
	}
}

// flow gives e's caller the category, lifted, by which callee reaches cat.
func (b *Builder) flow(e edge, callee *ssa.Function, cat int) {
	lifted := cat
	if b.Lift != nil {
		if lifted = b.Lift(e.caller, callee, e.call, cat); lifted < 0 {
			return
		}
	}
	if !b.Reaches(Key(e.caller), lifted) {
		b.Set(e.caller, lifted, &Step{Pos: e.pos, Callee: e.via + b.names[Key(callee)], Next: Key(callee), NextCategory: cat, Via: e.via})
	}
}

// Exported is a declared function of the package that reaches some
// category, for its fact.
type Exported struct {
	Obj *types.Func
	b   *Builder
	key token.Pos
}

// Reaches reports whether the function reaches cat.
func (e Exported) Reaches(cat int) bool { return e.b.Reaches(e.key, cat) }

// Chain returns the names from the function's callee down to the primitive
// of category cat, qualified for other packages and bounded by
// MaxFactChain; nil if it does not reach cat. Naming costs: facts that need
// only the categories do not call it.
func (e Exported) Chain(cat int) []string {
	if !e.Reaches(cat) {
		return nil
	}
	var calls []string
	for k := e.key; k != token.NoPos && len(calls) < 64; {
		step := e.b.steps[k][cat]
		if step.Next != token.NoPos {
			calls = append(calls, step.Via+funcnames.DisplaySSA(e.b.funcs[step.Next], nil))
		} else {
			calls = append(calls, step.Callee)
			calls = append(calls, step.Rest...)
		}
		k, cat = step.Next, step.NextCategory
	}
	if len(calls) > MaxFactChain {
		calls = append(calls[:MaxFactChain-2:MaxFactChain-2], "…", calls[len(calls)-1])
	}
	return calls
}

// Open returns the open categories the function reaches.
func (e Exported) Open() []int { return e.b.Open(e.key) }

// At returns the function of the package with the given key, for the fact
// of another function that stands for it (the worker of a pool that a
// starter starts, a literal maybe).
func (b *Builder) At(key token.Pos) Exported { return Exported{b: b, key: key} }

// Name names the function for other packages.
func (e Exported) Name() string { return funcnames.DisplaySSA(e.b.funcs[e.key], nil) }

// Exported calls export for each declared function of funcs that reaches
// some category.
func (b *Builder) Exported(funcs []*ssa.Function, export func(fn Exported)) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || b.steps[Key(fn)] == nil {
			continue
		}
		export(Exported{Obj: obj, b: b, key: Key(fn)})
	}
}

// Result returns the table alone, a copy that does not keep the builder and
// its SSA alive (a pointer into the builder would).
func (b *Builder) Result() *Table {
	t := b.Table
	return &t
}
