// Package blockfacts computes which functions may block on IO, and through
// which chain of calls. A function blocks when it calls a primitive of the
// blocking table, or calls a function that blocks, in its own package or in
// another one. Across packages the answer travels as a Fact, so that it holds
// under go vet -vettool, where each package is analysed alone, and follows
// calls into the standard library (net/smtp.SendMail dials).
package blockfacts

import (
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/blocking"
)

// Analyzer exports a Fact for every function of the package that may block,
// and returns a *Result for the package's own functions, closures included.
var Analyzer = &analysis.Analyzer{
	Name:       "blockfacts",
	Doc:        "record which functions may block on IO, for the concurlint analyzers",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(Fact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

// maxChain bounds the chain stored in a fact: deep chains are summarised,
// and facts stay small however deep the call graph.
const maxChain = 8

// Fact marks a function that may block. It holds one chain per category.
type Fact struct {
	Chains []Chain
}

// Chain is a sequence of calls from a function to a blocking primitive:
// Calls[0] is what the function calls, the last element is the primitive.
type Chain struct {
	Category blocking.Category
	Calls    []string
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	s := "blocks"
	for _, c := range f.Chains {
		s += " " + string(c.Category) + ":"
		for i, call := range c.Calls {
			if i > 0 {
				s += "→"
			}
			s += call
		}
	}
	return s
}

// Step is one call on the way from a local function to a primitive.
type Step struct {
	Pos    token.Pos     // the call, in this package
	Next   *ssa.Function // the callee when it is a function of this package, else nil
	Callee string        // when Next is nil: the primitive or imported function called
	Rest   []string      // when Next is nil: the chain below Callee, from a fact
}

// Name names the callee of the step, qualified unless it belongs to from.
func (s Step) Name(from *types.Package) string {
	if s.Next != nil {
		return FuncName(s.Next, from)
	}
	return s.Callee
}

// origins holds, per category, the step by which a function blocks.
type origins [len(blocking.Categories)]*Step

// Result answers, for the functions of the analysed package, whether they
// block and how.
type Result struct {
	origins map[*ssa.Function]*origins
	pkg     *types.Package
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

// Path returns the chain from fn to a primitive of the first category that
// allow accepts, or nil when fn does not block in any such category.
func (r *Result) Path(fn *ssa.Function, allow func(blocking.Category) bool) (blocking.Category, []Step) {
	steps := r.origins[fn]
	if steps == nil {
		return "", nil
	}
	for i, cat := range blocking.Categories {
		if steps[i] == nil || !allow(cat) {
			continue
		}
		var path []Step
		for f := fn; f != nil && len(path) < 64; {
			step := r.origins[f][i]
			path = append(path, *step)
			f = step.Next
		}
		return cat, path
	}
	return "", nil
}

// ImportedChain returns the chain of a function of another package, from its
// fact, or of a primitive itself.
func (r *Result) ImportedChain(fn *types.Func, allow func(blocking.Category) bool) (blocking.Category, []string) {
	if cat, ok := blocking.Lookup(fn.Origin().FullName()); ok && allow(cat) {
		return cat, nil
	}
	var fact Fact
	if !r.importFact(fn.Origin(), &fact) {
		return "", nil
	}
	for _, c := range fact.Chains {
		if allow(c.Category) {
			return c.Category, c.Calls
		}
	}
	return "", nil
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	b := &builder{
		pass:    pass,
		result:  &Result{origins: map[*ssa.Function]*origins{}, pkg: pass.Pkg, importFact: pass.ImportObjectFact},
		callers: map[*ssa.Function][]edge{},
	}
	for _, fn := range ssaInfo.SrcFuncs {
		b.scan(fn)
	}
	b.propagate()
	b.export(ssaInfo.SrcFuncs)
	return b.result, nil
}

// edge is a call from caller to a local function, at pos.
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
	queue   []work
}

func (b *builder) set(fn *ssa.Function, cat int, step *Step) {
	steps := b.result.origins[fn]
	if steps == nil {
		steps = new(origins)
		b.result.origins[fn] = steps
	}
	if steps[cat] != nil {
		return
	}
	steps[cat] = step
	b.queue = append(b.queue, work{fn, cat})
}

// scan records the direct blocking calls of fn and its calls of local
// functions. Calls in go statements run elsewhere and do not block fn.
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
	if common.IsInvoke() {
		name := common.Method.FullName()
		if cat, ok := blocking.Lookup(name); ok {
			b.set(fn, categoryIndex[cat], &Step{Pos: pos, Callee: DisplayName(common.Method, nil)})
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
			b.set(fn, categoryIndex[blocking.HTTP], &Step{Pos: pos, Callee: DisplayName(obj, nil) + "(resp.Body)"})
			return
		}
		if cat, ok := blocking.Lookup(obj.Origin().FullName()); ok {
			b.set(fn, categoryIndex[cat], &Step{Pos: pos, Callee: DisplayName(obj, nil)})
			return
		}
		if obj.Pkg() != nil && obj.Pkg() != b.pass.Pkg {
			var fact Fact
			if b.pass.ImportObjectFact(obj.Origin(), &fact) {
				for _, c := range fact.Chains {
					b.set(fn, categoryIndex[c.Category], &Step{Pos: pos, Callee: DisplayName(obj, nil), Rest: c.Calls})
				}
			}
			return
		}
		if callee.Synthetic != "" {
			// A bound method value or wrapper of a local method: follow it to
			// the declared method.
			callee = fn.Prog.FuncValue(obj)
		}
	}
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg != b.pass.Pkg {
		return
	}
	b.callers[callee] = append(b.callers[callee], edge{caller: fn, pos: pos})
}

func (b *builder) propagate() {
	for len(b.queue) > 0 {
		w := b.queue[len(b.queue)-1]
		b.queue = b.queue[:len(b.queue)-1]
		for _, e := range b.callers[w.fn] {
			b.set(e.caller, w.cat, &Step{Pos: e.pos, Next: w.fn})
		}
	}
}

// export attaches a Fact to each named function that blocks, so that other
// packages see it.
func (b *builder) export(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || b.result.origins[fn] == nil {
			continue
		}
		fact := &Fact{}
		for _, cat := range blocking.Categories {
			_, path := b.result.Path(fn, func(c blocking.Category) bool { return c == cat })
			if path == nil {
				continue
			}
			var calls []string
			for _, s := range path {
				calls = append(calls, s.Name(nil))
				calls = append(calls, s.Rest...)
			}
			if len(calls) > maxChain {
				calls = append(calls[:maxChain-2:maxChain-2], "…", calls[len(calls)-1])
			}
			fact.Chains = append(fact.Chains, Chain{Category: cat, Calls: calls})
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
