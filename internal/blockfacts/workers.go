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
// Unresolved interface call: their chains (see exportedChains), Names[0]
// the worker.
type WorkersFact struct {
	Chains []Chain
}

func (*WorkersFact) AFact() {}

func (f *WorkersFact) String() string { return "workers " + chainsString(f.Chains) }

// exportWorkers exports the WorkersFact of each of the package's pool
// starters.
func exportWorkers(pass *analysis.Pass, b *builder) {
	for fn, w := range pass.ResultOf[pools.Analyzer].(*pools.Result).Starters {
		if chains := b.workerChains(w); len(chains) > 0 {
			pass.ExportObjectFact(fn, &WorkersFact{Chains: chains})
		}
	}
}

// workerChains returns how the worker blocks, named for other packages,
// the worker first.
func (b *builder) workerChains(w pools.Worker) []Chain {
	switch {
	case w.Lit != nil || w.Func != nil && w.Func.Pkg() == b.pass.Pkg:
		local := b.At(localKey(w))
		chains := exportedChains(local)
		if len(chains) == 0 {
			return nil
		}
		return withFirst(chains, local.Name())
	case w.Func != nil:
		return withFirst(importedChains(b.pass, b.methods, w.Func), funcnames.Display(w.Func, nil))
	case w.StartedBy != nil:
		return importedWorkers(b.pass, w.StartedBy)
	}
	return nil
}

// localKey returns the key of the worker in the package's table: a literal
// or a function of the package.
func localKey(w pools.Worker) token.Pos {
	if w.Lit != nil {
		return chains.LitKey(w.Lit)
	}
	return w.Func.Pos()
}

// withFirst returns the chains with first put before their names.
func withFirst(chains []Chain, first string) []Chain {
	out := make([]Chain, len(chains))
	for i, c := range chains {
		out[i] = Chain{Category: c.Category, Names: append([]string{first}, c.Names...)}
	}
	return out
}

// chainIn returns the names of the first chain of category cat; nil if
// there is none.
func chainIn(chains []Chain, cat blocking.Category) []string {
	for _, c := range chains {
		if c.Category == cat {
			return c.Names
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
// reach interface calls whose implementations were out of sight where they
// were made (Unresolved), each is resolved in turn, in the order of the
// methods' keys, with the implementations this package sees: the workers
// block when each implementation of one of the methods blocks, and there
// is at least one; the chain goes through the first that blocks in an
// allowed category, and Implementations lists them all.
func (r *Result) Worker(w pools.Worker, allow func(blocking.Category) bool) *Chain {
	for _, cat := range Categories {
		if allow(cat) {
			if c := r.workerChain(w, cat); c != nil {
				return c
			}
		}
	}
	for _, c := range r.workerChains(w, Unresolved) {
		if resolved := r.resolve(c, allow); resolved != nil {
			return resolved
		}
	}
	return nil
}

// workerChain returns the worker's chain of category cat, or nil.
func (r *Result) workerChain(w pools.Worker, cat blocking.Category) *Chain {
	if w.Lit == nil && w.Func != nil && w.Func.Pkg() != r.pkg {
		if primitive, ok := r.calls.Lookup(w.Func.FullName()); ok {
			if primitive != cat {
				return nil
			}
			return &Chain{Category: cat, Names: []string{funcnames.Display(w.Func, r.pkg)}}
		}
	}
	if chains := r.workerChains(w, cat); len(chains) > 0 {
		return chains[0]
	}
	return nil
}

// workerChains returns the worker's chains of category cat: one for a
// category of Categories, one per interface method for Unresolved, sorted
// by the methods' keys.
func (r *Result) workerChains(w pools.Worker, cat blocking.Category) []*Chain {
	var imported []Chain
	switch {
	case w.Lit != nil || w.Func != nil && w.Func.Pkg() == r.pkg:
		return r.localChains(localKey(w), cat)
	case w.Func != nil:
		imported = withFirst(importedChains(r.pass, r.methods, w.Func), funcnames.Display(w.Func, r.pkg))
	case w.StartedBy != nil:
		imported = importedWorkers(r.pass, w.StartedBy)
	}
	var out []*Chain
	for _, c := range imported {
		if c.Category == cat {
			out = append(out, &c)
		}
	}
	return out
}

// localChains returns the chains of category cat of the package's
// function with the given key, as workerChains does.
func (r *Result) localChains(key token.Pos, cat blocking.Category) []*Chain {
	indexes := []int{categoryIndex[cat]}
	if cat == Unresolved {
		indexes = r.table.Open(key)
	}
	var out []*Chain
	for _, i := range indexes {
		if names, calls := r.table.Chain(key, i); names != nil {
			out = append(out, &Chain{Category: cat, Names: names, Calls: calls})
		}
	}
	slices.SortFunc(out, func(x, y *Chain) int { return strings.Compare(methodKey(*x), methodKey(*y)) })
	return out
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
			if ch := r.implChain(i, cat); ch != nil {
				described = append(described, strings.Join(ch.Names, " → "))
				break
			}
		}
	}
	for _, cat := range Categories {
		if !allow(cat) {
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
	if names := chainIn(i.chains, cat); names != nil {
		return &Chain{Category: cat, Names: append([]string{i.name}, names...)}
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
