package blockfacts

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/pools"
)

// The workers of a pool that a starter of another package starts
// ((*TargetList).Init(workers int), a pools.HelperFact with WorkerParam
// -1) are known by the starter's WorkersFact: how they block, or which
// interface call they reach that the starter's package could not resolve.
// The package that calls the starter resolves it with the implementations
// it sees (Result.Worker).

// WorkersFact marks a pool starter whose workers block or reach an
// Unresolved interface call: their chains, one per category, Names[0] the
// worker.
type WorkersFact struct {
	Chains []Chain
}

func (*WorkersFact) AFact() {}

func (f *WorkersFact) String() string { return "workers " + chainsString(f.Chains) }

// exportWorkers exports the WorkersFact of each of the package's pool
// starters.
func exportWorkers(pass *analysis.Pass, b *builder) {
	for fn, w := range pass.ResultOf[pools.Analyzer].(*pools.Result).Starters {
		fact := &WorkersFact{}
		for i, cat := range Categories {
			if names := b.workerChain(w, i); names != nil {
				fact.Chains = append(fact.Chains, Chain{Category: cat, Names: names})
			}
		}
		if len(fact.Chains) > 0 {
			pass.ExportObjectFact(fn, fact)
		}
	}
}

// workerChain returns the names, for other packages, from the worker down
// to the primitive of category cat, or nil.
func (b *builder) workerChain(w pools.Worker, cat int) []string {
	var local chains.Exported
	switch {
	case w.Lit != nil:
		local = b.At(chains.LitKey(w.Lit))
	case w.Func != nil && w.Func.Pkg() == b.pass.Pkg:
		local = b.At(w.Func.Pos())
	case w.Func != nil:
		return chainIn(importedChains(b.pass, w.Func), Categories[cat], funcnames.Display(w.Func, nil))
	case w.StartedBy != nil:
		return chainIn(importedWorkers(b.pass, w.StartedBy), Categories[cat], "")
	default:
		return nil
	}
	if !local.Reaches(cat) {
		return nil
	}
	return append([]string{local.Name()}, local.Chain(cat)...)
}

// chainIn returns the names of the chain of category cat, after first
// when it is not empty; nil if there is none.
func chainIn(chains []Chain, cat blocking.Category, first string) []string {
	for _, c := range chains {
		if c.Category == cat {
			if first == "" {
				return c.Names
			}
			return append([]string{first}, c.Names...)
		}
	}
	return nil
}

func importedWorkers(pass *analysis.Pass, starter *types.Func) []Chain {
	var fact WorkersFact
	pass.ImportObjectFact(starter.Origin(), &fact)
	return fact.Chains
}

// Worker returns how the workers of a pool block, in the first category
// that allow accepts, or nil: a literal or a function of the package, a
// function of another package (its fact), or the worker of another
// package's pool starter (its WorkersFact). When they do not block but
// reach an interface call whose implementations were out of sight where it
// was made (Unresolved), the call is resolved with the implementations
// this package sees: the workers block when each of them blocks, and there
// is at least one; the chain goes through the first that blocks in an
// allowed category, and Implementations lists them all.
func (r *Result) Worker(w pools.Worker, allow func(blocking.Category) bool) *Chain {
	for _, cat := range Categories {
		if cat != Unresolved && allow(cat) {
			if c := r.workerChain(w, cat); c != nil {
				return c
			}
		}
	}
	if c := r.workerChain(w, Unresolved); c != nil {
		return r.resolve(c, allow)
	}
	return nil
}

// workerChain returns the worker's chain of category cat, or nil.
func (r *Result) workerChain(w pools.Worker, cat blocking.Category) *Chain {
	local := token.NoPos
	var names []string
	switch {
	case w.Lit != nil:
		local = chains.LitKey(w.Lit)
	case w.Func != nil && w.Func.Pkg() == r.pkg:
		local = w.Func.Pos()
	case w.Func != nil:
		name := funcnames.Display(w.Func, r.pkg)
		if primitive, ok := r.calls.Lookup(w.Func.FullName()); ok {
			if primitive != cat {
				return nil
			}
			return &Chain{Category: cat, Names: []string{name}}
		}
		names = chainIn(importedChains(r.pass, w.Func), cat, name)
	case w.StartedBy != nil:
		names = chainIn(importedWorkers(r.pass, w.StartedBy), cat, "")
	}
	if local != token.NoPos {
		names, calls := r.table.Chain(local, categoryIndex[cat])
		if names == nil {
			return nil
		}
		return &Chain{Category: cat, Names: names, Calls: calls}
	}
	if names == nil {
		return nil
	}
	return &Chain{Category: cat, Names: names}
}

// resolve resolves the Unresolved chain c with the implementations of its
// interface method that the package sees, or returns nil.
func (r *Result) resolve(c *Chain, allow func(blocking.Category) bool) *Chain {
	key := c.Names[len(c.Names)-1]
	iface, method := r.lookupMethod(key)
	if method == nil {
		return nil
	}
	impls := r.impls.implementations(iface, method.Name())
	if len(impls) == 0 || slices.ContainsFunc(impls, func(i impl) bool { return !r.impls.blocks(i) }) {
		return nil
	}
	called := ifaceMethodName(iface, method, r.pkg)
	var described []string
	for _, i := range impls {
		for _, cat := range Categories {
			if ch := r.implChain(i, cat); cat != Unresolved && ch != nil {
				described = append(described, strings.Join(ch.Names, " → "))
				break
			}
		}
	}
	for _, cat := range Categories {
		if cat == Unresolved || !allow(cat) {
			continue
		}
		for _, i := range impls {
			ch := r.implChain(i, cat)
			if ch == nil {
				continue
			}
			out := &Chain{Category: cat, Names: append(slices.Clone(c.Names[:len(c.Names)-1]), called), Calls: c.Calls,
				Resolved: called, Implementations: described}
			if aligned := len(c.Calls) == len(c.Names)-1; aligned && len(ch.Calls) > 0 {
				// the implementation is the package's own: its calls stand here too
				out.Names[len(out.Names)-1] += " → " + ch.Names[0]
				out.Names = append(out.Names, ch.Names[1:]...)
				out.Calls = append(slices.Clone(c.Calls), ch.Calls...)
			} else {
				out.Names = append(out.Names, ch.Names...)
			}
			return out
		}
	}
	return nil
}

// implChain returns how the implementation i reaches cat, its own name
// first, or nil.
func (r *Result) implChain(i impl, cat blocking.Category) *Chain {
	if i.key != token.NoPos {
		names, calls := r.table.Chain(i.key, categoryIndex[cat])
		if names == nil {
			return nil
		}
		return &Chain{Category: cat, Names: names, Calls: calls}
	}
	if names := chainIn(i.chains, cat, i.name); names != nil {
		return &Chain{Category: cat, Names: names}
	}
	return nil
}

// lookupMethod finds the interface method of an Unresolved chain's key,
// "pkg/path.Iface.Method", in the package or the packages it imports,
// directly or not; nil when it is out of sight.
func (r *Result) lookupMethod(key string) (*types.Named, *types.Func) {
	rest, name, _ := cutLast(key)
	path, typeName, ok := cutLast(rest)
	if !ok {
		return nil, nil
	}
	seen := map[*types.Package]bool{r.pkg: true}
	for queue := []*types.Package{r.pkg}; len(queue) > 0; queue = queue[1:] {
		pkg := queue[0]
		if pkg.Path() == path {
			iface := userInterface(typeOf(pkg.Scope().Lookup(typeName)))
			if iface == nil {
				return nil, nil
			}
			obj, _, _ := types.LookupFieldOrMethod(iface, false, pkg, name)
			fn, _ := obj.(*types.Func)
			return iface, fn
		}
		for _, imp := range pkg.Imports() {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	return nil, nil
}

func cutLast(s string) (before, after string, found bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

func typeOf(obj types.Object) types.Type {
	if tn, ok := obj.(*types.TypeName); ok {
		return tn.Type()
	}
	return nil
}
