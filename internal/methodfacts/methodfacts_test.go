package methodfacts

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

const src = `package p

type T struct{}

func (T) Value()    {}
func (*T) Pointer() {}

type G[E any] struct{}

func (*G[E]) Generic() {}

type A = T

func (A) Aliased() {}

type I interface{ M() }

func Plain() {}
`

// TestReceiverType checks which type a method's entry goes to: value and
// pointer receivers, aliases and generic instances alike, and none for a
// function or the predeclared error's method.
func TestReceiverType(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	named := func(name string) *types.Named { return pkg.Scope().Lookup(name).Type().(*types.Named) }
	method := func(t types.Type, name string) *types.Func {
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
		return obj.(*types.Func)
	}
	instance, err := types.Instantiate(nil, named("G"), []types.Type{types.Typ[types.Int]}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		fn   *types.Func
		want string
	}{
		{method(named("T"), "Value"), "T"},
		{method(types.NewPointer(named("T")), "Pointer"), "T"},
		{method(named("T"), "Aliased"), "T"},
		{method(types.NewPointer(named("G")), "Generic"), "G"},
		{method(types.NewPointer(instance), "Generic"), "G"},
		{method(named("I"), "M"), "I"},
		{pkg.Scope().Lookup("Plain").(*types.Func), ""},
		{method(types.Universe.Lookup("error").Type(), "Error"), ""},
	} {
		got := ""
		if tn := ReceiverType(c.fn); tn != nil {
			got = tn.Name()
		}
		if got != c.want {
			t.Errorf("ReceiverType(%s) = %q, want %q", c.fn, got, c.want)
		}
	}
}
