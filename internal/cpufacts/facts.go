package cpufacts

import (
	"cmp"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The effects of the functions that are not CPU-bound travel in one fact
// per package (its exported package-level functions) and one per named
// type (its methods), not one per function. The fact type names are short
// on purpose: gob writes a fact's type name in every record. go vet copies every fact about a method
// into the fact file of each package above it, and every importer decodes
// them again: with a fact per function, cpufacts made 93% of the 332,000
// fact records written over restic's graph, 170 bytes each for one byte of
// effects. Only the effects travel, not the chains behind them: the
// analyzers ask whether a worker is CPU-bound, not why (chains made 90% of
// the bytes, 7 MB over caddy's dependency graph).

// PackageFact holds the effects of a package's functions (not methods)
// that are not CPU-bound.
type PackageFact struct {
	Funcs []FuncEffects // sorted by name
}

// TypeFact, on a named type, holds the effects of its methods that are not
// CPU-bound.
type TypeFact struct {
	Methods []FuncEffects // sorted by name
}

// FuncEffects is what keeps one function from being CPU-bound.
type FuncEffects struct {
	Name    string
	Effects EffectSet
}

func (*PackageFact) AFact() {}
func (*TypeFact) AFact()    {}

func (f *PackageFact) String() string { return effectsString(f.Funcs) }
func (f *TypeFact) String() string    { return effectsString(f.Methods) }

func effectsString(funcs []FuncEffects) string {
	var s []string
	for _, fn := range funcs {
		s = append(s, fn.Name+": "+fn.Effects.String())
	}
	return strings.Join(s, "; ")
}

func (s EffectSet) String() string {
	var names []string
	for _, e := range Effects {
		if s.Has(e) {
			names = append(names, string(e))
		}
	}
	return strings.Join(names, " ")
}

// exportEffects gathers the effects of the package's functions and exports
// them, sorted so that the fact file is the same on every run.
type exportEffects struct {
	funcs   []FuncEffects
	methods map[*types.TypeName][]FuncEffects
}

func (x *exportEffects) add(fn *types.Func, effects EffectSet) {
	named := receiverType(fn)
	if named == nil {
		if fn.Exported() { // no other package can call the others
			x.funcs = append(x.funcs, FuncEffects{fn.Name(), effects})
		}
		return
	}
	if x.methods == nil {
		x.methods = map[*types.TypeName][]FuncEffects{}
	}
	x.methods[named] = append(x.methods[named], FuncEffects{fn.Name(), effects})
}

func (x *exportEffects) export(pass *analysis.Pass) {
	byName := func(a, b FuncEffects) int { return cmp.Compare(a.Name, b.Name) }
	if len(x.funcs) > 0 {
		slices.SortFunc(x.funcs, byName)
		pass.ExportPackageFact(&PackageFact{Funcs: x.funcs})
	}
	for named, methods := range x.methods {
		slices.SortFunc(methods, byName)
		pass.ExportObjectFact(named, &TypeFact{Methods: methods})
	}
}

// importedEffects returns the effects of fn, a function of another package,
// from its package's or its receiver type's fact; false if it has none: it
// is CPU-bound, or its package was not analysed.
func importedEffects(pass *analysis.Pass, fn *types.Func) (EffectSet, bool) {
	var funcs []FuncEffects
	if named := receiverType(fn); named != nil {
		var fact TypeFact
		if !pass.ImportObjectFact(named, &fact) {
			return 0, false
		}
		funcs = fact.Methods
	} else {
		var fact PackageFact
		if !pass.ImportPackageFact(fn.Pkg(), &fact) {
			return 0, false
		}
		funcs = fact.Funcs
	}
	i, found := slices.BinarySearchFunc(funcs, fn.Name(), func(f FuncEffects, name string) int {
		return cmp.Compare(f.Name, name)
	})
	if !found {
		return 0, false
	}
	return funcs[i].Effects, true
}

// receiverType returns the named type that declares method fn, or nil for
// a function that is no method.
func receiverType(fn *types.Func) *types.TypeName {
	recv := fn.Origin().Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	t := types.Unalias(recv.Type())
	if ptr, ok := t.(*types.Pointer); ok {
		t = types.Unalias(ptr.Elem())
	}
	if named, ok := t.(*types.Named); ok && named.Obj().Pkg() != nil {
		return named.Origin().Obj()
	}
	return nil // a method of error, or of an interface literal
}
