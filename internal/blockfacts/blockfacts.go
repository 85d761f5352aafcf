// Package blockfacts computes which functions may block on IO, and through
// which chain of calls. A function blocks when it calls a primitive of the
// blocking table, or calls a function that blocks, in its own package or in
// another one. Across packages the answer travels as a Fact, so that it holds
// under go vet -vettool, where each package is analysed alone, and follows
// calls into the standard library (net/smtp.SendMail dials).
package blockfacts

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Analyzer exports a Fact for every function of the package that may block,
// and returns a *Result for the package's own functions, closures included.
var Analyzer = &analysis.Analyzer{
	Name:       "blockfacts",
	Doc:        "record which functions may block on IO, for the concurlint analyzers",
	FactTypes:  []analysis.Fact{new(Fact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

// maxChain bounds the chain stored in a fact: deep chains are summarised,
// and facts stay small however deep the call graph.
const maxChain = 8

// Fact marks a function that may block. It holds one chain per category:
// Names[0] is what the function calls, the last name is the primitive.
// Calls is empty in facts, since positions do not cross packages.
type Fact struct {
	Chains []Chain
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	s := "blocks"
	for _, c := range f.Chains {
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

// Step is one call on the way from a function of the package to a
// primitive.
type Step struct {
	Pos    token.Pos // the call, in this package
	Callee string    // what it calls, named for messages in this package
	// Next identifies the callee when it is a function of this package (see
	// Key); it is token.NoPos for a primitive or a function of another
	// package, whose chain below continues in Rest.
	Next token.Pos
	Rest []string
}

// Chain is how a function blocks: its category, the names from the function
// down to the primitive, and the calls along the way that stand in the
// analysed package.
type Chain struct {
	Category blocking.Category
	Names    []string
	Calls    []token.Pos
}

// Result answers, for the functions of the analysed package, whether they
// block and how. It holds positions and names only, no SSA, so that the
// drivers can keep it cheaply.
type Result struct {
	steps map[token.Pos]*steps // by Key of the function
	names map[token.Pos]string // by Key, for messages in this package
	pkg   *types.Package
	// importFact reads this analyzer's facts; only its own pass may, so the
	// result keeps it for the analyzers that ask about imported functions.
	importFact func(types.Object, analysis.Fact) bool
}

var categoryIndex = func() map[blocking.Category]int {
	m := map[blocking.Category]int{}
	for i, c := range blocking.Categories {
		m[c] = i
	}
	return m
}()

// steps holds, per category, the step by which a function blocks.
type steps [len(blocking.Categories)]*Step

// Key identifies a function of the package: for a declared function its
// name's position (types.Func.Pos), for a literal its func keyword.
func Key(fn *ssa.Function) token.Pos { return fn.Pos() }

// LitKey is the Key of a function literal.
func LitKey(lit *ast.FuncLit) token.Pos { return lit.Type.Func }

// Func returns how the function with the given key blocks in the first
// category that allow accepts, or nil.
func (r *Result) Func(key token.Pos, allow func(blocking.Category) bool) *Chain {
	own := r.steps[key]
	if own == nil {
		return nil
	}
	for i, cat := range blocking.Categories {
		if own[i] == nil || !allow(cat) {
			continue
		}
		c := &Chain{Category: cat, Names: []string{r.names[key]}}
		for k := key; k != token.NoPos && len(c.Calls) < 64; {
			step := r.steps[k][i]
			c.Names = append(c.Names, step.Callee)
			c.Names = append(c.Names, step.Rest...)
			c.Calls = append(c.Calls, step.Pos)
			k = step.Next
		}
		return c
	}
	return nil
}

// Object returns how the function obj blocks, whether it is declared in this
// package or in another (through its fact), or nil.
func (r *Result) Object(obj *types.Func, allow func(blocking.Category) bool) *Chain {
	obj = obj.Origin()
	if obj.Pkg() == r.pkg {
		return r.Func(obj.Pos(), allow)
	}
	name := DisplayName(obj, r.pkg)
	if cat, ok := blocking.Lookup(obj.FullName()); ok && allow(cat) {
		return &Chain{Category: cat, Names: []string{name}}
	}
	var fact Fact
	if !r.importFact(obj, &fact) {
		return nil
	}
	for _, c := range fact.Chains {
		if allow(c.Category) {
			return &Chain{Category: c.Category, Names: append([]string{name}, c.Names...)}
		}
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	var result *Result
	ssabuild.With(pass, func(funcs []*ssa.Function) {
		result = compute(pass, funcs)
	})
	return result, nil
}

func compute(pass *analysis.Pass, funcs []*ssa.Function) *Result {
	b := &builder{
		pass: pass,
		result: &Result{
			steps:      map[token.Pos]*steps{},
			names:      map[token.Pos]string{},
			pkg:        pass.Pkg,
			importFact: pass.ImportObjectFact,
		},
		callers: map[*ssa.Function][]edge{},
		funcs:   map[token.Pos]*ssa.Function{},
	}
	for _, fn := range funcs {
		b.funcs[Key(fn)] = fn
		b.result.names[Key(fn)] = FuncName(fn, pass.Pkg)
	}
	for _, fn := range funcs {
		b.scan(fn)
	}
	b.propagate()
	b.export(funcs)
	return b.result
}

// edge is a call from caller to a function of the package, at pos.
type edge struct {
	caller *ssa.Function
	pos    token.Pos
}

type work struct {
	fn  *ssa.Function
	cat int
}

type builder struct {
	pass    *analysis.Pass
	result  *Result
	callers map[*ssa.Function][]edge
	funcs   map[token.Pos]*ssa.Function
	queue   []work
}

func (b *builder) set(fn *ssa.Function, cat int, step *Step) {
	own := b.result.steps[Key(fn)]
	if own == nil {
		own = new(steps)
		b.result.steps[Key(fn)] = own
	}
	if own[cat] != nil {
		return
	}
	own[cat] = step
	b.queue = append(b.queue, work{fn, cat})
}

// scan records the direct blocking calls of fn and its calls of the
// package's functions. Calls in go statements run elsewhere and do not
// block fn.
func (b *builder) scan(fn *ssa.Function) {
	for _, block := range fn.Blocks {
		for _, instr := range block.Instrs {
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
}

func (b *builder) scanCall(fn *ssa.Function, call ssa.CallInstruction) {
	common := call.Common()
	pos := call.Pos()
	pkg := b.pass.Pkg
	if common.IsInvoke() {
		if cat, ok := blocking.Lookup(common.Method.FullName()); ok {
			b.set(fn, categoryIndex[cat], &Step{Pos: pos, Callee: DisplayName(common.Method, pkg)})
		} else if isResponseBody(common.Value) && common.Method.Name() == "Read" {
			b.set(fn, categoryIndex[blocking.HTTP], &Step{Pos: pos, Callee: "(*http.Response).Body.Read"})
		}
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		return
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	obj, _ := callee.Object().(*types.Func)
	if obj != nil {
		if readsBody(obj, common.Args) {
			b.set(fn, categoryIndex[blocking.HTTP], &Step{Pos: pos, Callee: DisplayName(obj, pkg) + "(resp.Body)"})
			return
		}
		if cat, ok := blocking.Lookup(obj.Origin().FullName()); ok {
			b.set(fn, categoryIndex[cat], &Step{Pos: pos, Callee: DisplayName(obj, pkg)})
			return
		}
		if obj.Pkg() != nil && obj.Pkg() != pkg {
			var fact Fact
			if b.pass.ImportObjectFact(obj.Origin(), &fact) {
				for _, c := range fact.Chains {
					b.set(fn, categoryIndex[c.Category], &Step{Pos: pos, Callee: DisplayName(obj, pkg), Rest: c.Names})
				}
			}
			return
		}
		if callee.Synthetic != "" {
			// A bound method value or wrapper of a method of the package:
			// follow it to the declared method.
			callee = b.funcs[obj.Pos()]
		}
	}
	if callee == nil || b.funcs[Key(callee)] != callee {
		return
	}
	b.callers[callee] = append(b.callers[callee], edge{caller: fn, pos: pos})
}

func (b *builder) propagate() {
	for len(b.queue) > 0 {
		w := b.queue[len(b.queue)-1]
		b.queue = b.queue[:len(b.queue)-1]
		for _, e := range b.callers[w.fn] {
			b.set(e.caller, w.cat, &Step{Pos: e.pos, Callee: b.result.names[Key(w.fn)], Next: Key(w.fn)})
		}
	}
}

// export attaches a Fact to each declared function that blocks, so that
// other packages see it. Its names are qualified, since they are read from
// other packages.
func (b *builder) export(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || b.result.steps[Key(fn)] == nil {
			continue
		}
		fact := &Fact{}
		for i, cat := range blocking.Categories {
			if b.result.steps[Key(fn)][i] == nil {
				continue
			}
			var calls []string
			for k := Key(fn); k != token.NoPos && len(calls) < 64; {
				step := b.result.steps[k][i]
				if step.Next != token.NoPos {
					calls = append(calls, FuncName(b.funcs[step.Next], nil))
				} else {
					calls = append(calls, step.Callee)
					calls = append(calls, step.Rest...)
				}
				k = step.Next
			}
			if len(calls) > maxChain {
				calls = append(calls[:maxChain-2:maxChain-2], "…", calls[len(calls)-1])
			}
			fact.Chains = append(fact.Chains, Chain{Category: cat, Names: calls})
		}
		b.pass.ExportObjectFact(obj, fact)
	}
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

func readsBody(fn *types.Func, args []ssa.Value) bool {
	if !bodyReaders[fn.FullName()] {
		return false
	}
	for _, a := range args {
		if isResponseBody(a) {
			return true
		}
	}
	return false
}

// DisplayName names a function the way a Go programmer writes it, with the
// package name rather than its path ("(*http.Client).Do", "smtp.SendMail"),
// and no qualifier at all inside package from.
func DisplayName(fn *types.Func, from *types.Package) string {
	sig := fn.Type().(*types.Signature)
	qualifier := func(p *types.Package) string {
		if p == from {
			return ""
		}
		return p.Name()
	}
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			return "(*" + types.TypeString(ptr.Elem(), qualifier) + ")." + fn.Name()
		}
		if _, isIface := t.Underlying().(*types.Interface); isIface {
			return "(" + types.TypeString(t, qualifier) + ")." + fn.Name()
		}
		return types.TypeString(t, qualifier) + "." + fn.Name()
	}
	if fn.Pkg() == nil || fn.Pkg() == from {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// FuncName names an SSA function for messages: declared functions by their
// DisplayName, closures as "func literal in F".
func FuncName(fn *ssa.Function, from *types.Package) string {
	if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
		return DisplayName(obj, from)
	}
	outer := fn
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	return "func literal in " + FuncName(outer, from)
}
