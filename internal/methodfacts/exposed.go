package methodfacts

import "go/types"

// exposed returns the named types of other packages whose methods a
// package that imports pkg may call without importing theirs: those that
// pkg's exported API reaches, through signatures, exported and embedded
// fields, element types, type arguments and the exported methods of the
// types reached, theirs too. The facts of pkg's importers can then be
// found in pkg's fact, as go vet's copies of per-type facts were found
// wherever the type was.
func exposed(pkg *types.Package) []*types.TypeName {
	w := apiWalker{pkg: pkg, seen: map[*types.TypeName]bool{}}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if obj := scope.Lookup(name); obj.Exported() {
			w.walk(obj.Type())
		}
	}
	return w.foreign
}

type apiWalker struct {
	pkg     *types.Package
	seen    map[*types.TypeName]bool // named types walked, by origin
	foreign []*types.TypeName
}

func (w *apiWalker) walk(t types.Type) {
	switch t := t.(type) {
	case *types.Alias:
		w.walk(types.Unalias(t))
	case *types.Named:
		args := t.TypeArgs()
		for i := range args.Len() {
			w.walk(args.At(i))
		}
		origin := t.Origin()
		obj := origin.Obj()
		if w.seen[obj] {
			return
		}
		w.seen[obj] = true
		if obj.Pkg() != nil && obj.Pkg() != w.pkg {
			w.foreign = append(w.foreign, obj)
		}
		for i := range origin.NumMethods() {
			if m := origin.Method(i); m.Exported() {
				w.walk(m.Type())
			}
		}
		w.walk(origin.Underlying())
	case *types.Pointer:
		w.walk(t.Elem())
	case *types.Slice:
		w.walk(t.Elem())
	case *types.Array:
		w.walk(t.Elem())
	case *types.Chan:
		w.walk(t.Elem())
	case *types.Map:
		w.walk(t.Key())
		w.walk(t.Elem())
	case *types.Signature:
		w.walkTuple(t.Params())
		w.walkTuple(t.Results())
	case *types.Struct:
		for i := range t.NumFields() {
			if f := t.Field(i); f.Exported() || f.Embedded() {
				w.walk(f.Type())
			}
		}
	case *types.Interface:
		for i := range t.NumMethods() {
			if m := t.Method(i); m.Exported() {
				w.walk(m.Type())
			}
		}
	}
}

func (w *apiWalker) walkTuple(tuple *types.Tuple) {
	for i := range tuple.Len() {
		w.walk(tuple.At(i).Type())
	}
}
