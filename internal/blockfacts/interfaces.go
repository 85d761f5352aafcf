package blockfacts

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/factwire"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/methodfacts"
)

// A call through an interface blocks when every implementation of the
// interface's method that the analysis can see blocks (a Target.Send that a
// webhook, a Kafka and an MQTT client implement, each with network IO),
// and there is at least one. The interface must be declared outside the
// standard library: the analysis sees only a few of io.Writer's
// implementations, never all. What it sees, modularly:
//   - the concrete types of the analysed package, checked with
//     types.Implements; their methods' chains are those of the package's
//     own table, settled after propagation (chains.Builder.Settle);
//   - the concrete types of its dependencies, through an ImplFact that
//     each package exports: for every interface declared outside the
//     standard library in the package or in a package it imports directly,
//     which of its own types implement each method, and how each blocks.
//
// Implementations declared in packages that depend on the analysed one
// are out of sight (an interface's package cannot import its
// implementations): such a call is not assumed to block, but reaches the
// Unresolved category, by a chain that ends with the method's key. A
// package that sees implementations resolves the chain of a pool's worker
// the same way (Result.Worker): minio's TargetList workers call
// Target.Save in internal/event, whose implementations, in
// internal/event/target, package cmd sees where it starts the pool.

// ImplFact is a package fact: the methods of the package's concrete types
// that implement methods of interfaces declared outside the standard
// library, in the package or in the packages it imports.
type ImplFact struct {
	Impls []Impl
}

// Impl is one implementation of an interface method.
type Impl struct {
	Method string  // the interface method: "pkg/path.Iface.Method"
	Name   string  // the implementing method, qualified: "(*kafka.Target).Send"
	Chains []Chain // how it blocks, one per category; none when it does not
}

func (*ImplFact) AFact() {}

func (f *ImplFact) GobEncode() ([]byte, error) {
	var e factwire.Encoder
	e.Len(len(f.Impls))
	for _, impl := range f.Impls {
		e.String(impl.Method)
		e.String(impl.Name)
		encodeChains(&e, impl.Chains)
	}
	return e.Bytes(), nil
}

func (f *ImplFact) GobDecode(data []byte) error {
	d := factwire.NewDecoder(data)
	f.Impls = make([]Impl, d.Len())
	for i := range f.Impls {
		f.Impls[i] = Impl{Method: d.String(), Name: d.String(), Chains: decodeChains(d)}
	}
	return d.Err()
}

func (f *ImplFact) String() string {
	var parts []string
	for _, impl := range f.Impls {
		s := impl.Method + "=" + impl.Name
		if len(impl.Chains) > 0 {
			s += " blocks"
		}
		parts = append(parts, s)
	}
	return "implements " + strings.Join(parts, ", ")
}

// ifaceCall is a call of an interface method, settled once every
// implementation's chain is known.
type ifaceCall struct {
	fn      *ssa.Function
	call    ssa.CallInstruction
	iface   *types.Named
	method  *types.Func
	settled bool
}

// userInterface returns the named interface t, when it is declared outside
// the standard library (its import path starts with a domain), or nil.
func userInterface(t types.Type) *types.Named {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.TypeParams().Len() > 0 || !types.IsInterface(named) || named.Obj().Pkg() == nil {
		return nil
	}
	first, _, _ := strings.Cut(named.Obj().Pkg().Path(), "/")
	if !strings.Contains(first, ".") {
		return nil
	}
	return named
}

// ifaceMethodKey identifies a method of a named interface, whichever
// interface declares it (an embedded one's methods are keyed under iface):
// the key of ImplFact's entries, not a function's name (for which see
// funcnames), so it keeps its own form, "pkg/path.Iface.Method".
func ifaceMethodKey(iface *types.Named, method string) string {
	return typeKey(iface) + "." + method
}

// settle sets the interface calls whose every implementation blocks; it
// reports whether it set any.
func (b *builder) settle() bool {
	changed := false
	for _, c := range b.ifaceCalls {
		if c.settled {
			continue
		}
		impls := b.impls.implementations(c.iface, c.method.Name())
		if len(impls) == 0 {
			c.settled = true
			key := ifaceMethodKey(c.iface, c.method.Name())
			b.setUnresolved(c.fn, key, &chains.Step{Pos: c.call.Pos(), Callee: key})
			changed = true
			continue
		}
		if slices.ContainsFunc(impls, func(i impl) bool { return !b.impls.blocks(i) }) {
			continue // a later round may find that it blocks
		}
		c.settled = true
		for cat := range Categories {
			for _, i := range impls {
				if step := b.implStep(c, i, cat); step != nil {
					b.Set(c.fn, cat, step)
					changed = true
					break
				}
			}
		}
	}
	return changed
}

// impl is an implementation of an interface method: a method of the
// package (key) or of another (chains, from its facts).
type impl struct {
	name   string
	key    token.Pos
	chains []Chain
}

// blocks reports whether the implementation blocks, in any category but
// Unresolved.
func (x *implIndex) blocks(i impl) bool {
	if i.key == token.NoPos {
		return slices.ContainsFunc(i.chains, func(c Chain) bool { return c.Category != Unresolved })
	}
	return slices.ContainsFunc(Categories, func(c blocking.Category) bool {
		return x.table.Reaches(i.key, categoryIndex[c])
	})
}

// implStep is the step by which the interface call reaches cat through
// the implementation i, or nil.
func (b *builder) implStep(c *ifaceCall, i impl, cat int) *chains.Step {
	callee := ifaceMethodName(c.iface, c.method, b.pass.Pkg)
	if i.key != token.NoPos {
		if !b.Reaches(i.key, cat) {
			return nil
		}
		return &chains.Step{Pos: c.call.Pos(), Callee: callee + " → " + i.name, Next: i.key, NextCategory: cat}
	}
	for _, ch := range i.chains {
		if categoryIndex[ch.Category] == cat {
			return &chains.Step{Pos: c.call.Pos(), Callee: callee, Rest: append([]string{i.name}, ch.Names...)}
		}
	}
	return nil
}

// implIndex finds the implementations of interface methods that a package
// and its dependencies declare. It outlives the package's SSA: the result
// keeps it to resolve workers' chains.
type implIndex struct {
	pass       *analysis.Pass
	methods    *methodfacts.Table[[]Chain]
	table      *chains.Table             // the chains of the package's methods
	withMethod map[string][]*types.Named // the package's concrete types by method, once asked for
	imported   map[string][]impl         // the direct imports' implementations, once asked for
	cache      map[string][]impl         // implementations by interface method, once asked for
}

// ifaceMethodName names method of iface for messages in pkg, under iface
// when an embedded interface declares it.
func ifaceMethodName(iface *types.Named, method *types.Func, pkg *types.Package) string {
	if recv := method.Type().(*types.Signature).Recv(); recv == nil || !types.Identical(recv.Type(), iface) {
		return "(" + types.TypeString(iface, types.RelativeTo(pkg)) + ")." + method.Name()
	}
	return funcnames.Display(method, pkg)
}

// implementations lists the implementations of iface's method that the
// package and its dependencies declare, sorted by name; computed once per
// method, however many calls and rounds ask.
func (x *implIndex) implementations(iface *types.Named, method string) []impl {
	key := ifaceMethodKey(iface, method)
	if impls, ok := x.cache[key]; ok {
		return impls
	}
	var out []impl
	for _, t := range x.implementers(iface) {
		obj := implementingMethod(t, iface, method)
		if obj == nil {
			continue
		}
		i := impl{name: funcnames.Display(obj, x.pass.Pkg)}
		if obj.Pkg() == x.pass.Pkg {
			i.key = obj.Pos()
		} else {
			i.chains = importedChains(x.pass, x.methods, obj)
		}
		out = append(out, i)
	}
	out = append(out, x.importedImpls()[key]...)
	slices.SortFunc(out, func(x, y impl) int { return strings.Compare(x.name, y.name) })
	out = slices.CompactFunc(out, func(x, y impl) bool { return x.name == y.name })
	if x.cache == nil {
		x.cache = map[string][]impl{}
	}
	x.cache[key] = out
	return out
}

// implementers returns the package's concrete types that implement iface
// (which has methods), in the order of their names. Only the types that
// have the interface's rarest method are checked: checking every type
// against every interface was quadratic (AWS's generated ec2 package has
// thousands of each).
func (x *implIndex) implementers(iface *types.Named) []*types.Named {
	it := iface.Underlying().(*types.Interface)
	var candidates []*types.Named
	for i := range it.NumMethods() {
		withIt := x.typesWithMethod()[it.Method(i).Name()]
		if i == 0 || len(withIt) < len(candidates) {
			candidates = withIt
		}
	}
	var out []*types.Named
	for _, t := range candidates {
		if types.Implements(types.NewPointer(t), it) {
			out = append(out, t)
		}
	}
	return out
}

// implementingMethod returns the method named method of t or *t, which
// implements iface, or nil.
func implementingMethod(t *types.Named, iface *types.Named, method string) *types.Func {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, iface.Obj().Pkg(), method)
	fn, _ := obj.(*types.Func)
	return fn
}

// typesWithMethod indexes the named, non-generic, non-interface types
// declared at the package's top level, in the order of their names, by
// the names of the methods of their pointers (promoted ones included).
func (x *implIndex) typesWithMethod() map[string][]*types.Named {
	if x.withMethod == nil {
		x.withMethod = map[string][]*types.Named{}
		scope := x.pass.Pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			if named, ok := tn.Type().(*types.Named); ok && named.TypeParams().Len() == 0 && !types.IsInterface(named) {
				methods := types.NewMethodSet(types.NewPointer(named))
				for i := range methods.Len() {
					m := methods.At(i).Obj().Name()
					x.withMethod[m] = append(x.withMethod[m], named)
				}
			}
		}
	}
	return x.withMethod
}

// importedImpls indexes the ImplFacts of the direct imports by interface
// method, in the order of the imports (see methodfacts.NewTable for why
// not AllPackageFacts).
func (x *implIndex) importedImpls() map[string][]impl {
	if x.imported == nil {
		x.imported = map[string][]impl{}
		for _, imp := range x.pass.Pkg.Imports() {
			f := new(ImplFact)
			if !x.pass.ImportPackageFact(imp, f) {
				continue
			}
			for _, i := range f.Impls {
				x.imported[i.Method] = append(x.imported[i.Method], impl{name: i.Name, chains: i.Chains})
			}
		}
	}
	return x.imported
}

// exportImpls exports the package's ImplFact: the implementations, among
// its concrete types, of the methods of the interfaces declared outside
// the standard library in the package and in its direct imports.
func exportImpls(pass *analysis.Pass, b *builder, facts map[*types.Func]*Fact) {
	var ifaces []*types.Named
	for _, pkg := range append([]*types.Package{pass.Pkg}, pass.Pkg.Imports()...) {
		for _, name := range pkg.Scope().Names() {
			if tn, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok && (pkg == pass.Pkg || tn.Exported()) {
				if iface := userInterface(tn.Type()); iface != nil && iface.Underlying().(*types.Interface).NumMethods() > 0 {
					ifaces = append(ifaces, iface)
				}
			}
		}
	}
	fact := &ImplFact{}
	for _, iface := range ifaces {
		it := iface.Underlying().(*types.Interface)
		for _, t := range b.impls.implementers(iface) {
			for m := range it.Methods() {
				obj := implementingMethod(t, iface, m.Name())
				if obj == nil {
					continue
				}
				i := Impl{Method: ifaceMethodKey(iface, m.Name()), Name: funcnames.Display(obj, nil)}
				var chains []Chain
				if f := facts[obj]; f != nil {
					chains = f.Chains
				} else if obj.Pkg() != pass.Pkg {
					chains = importedChains(pass, b.methods, obj)
				}
				for _, c := range chains {
					if c.Category != Unresolved { // not resolved further: the implementation does not block
						i.Chains = append(i.Chains, Chain{Category: c.Category, Names: c.Names})
					}
				}
				fact.Impls = append(fact.Impls, i)
			}
		}
	}
	if len(fact.Impls) > 0 {
		pass.ExportPackageFact(fact)
	}
}
