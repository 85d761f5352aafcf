package funcnames

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa/ssautil"
)

func TestList(t *testing.T) {
	l := List{}
	if err := l.Set("example.com/db.Query, (*example.com/db.Conn).Exec"); err != nil {
		t.Fatal(err)
	}
	if err := l.Set("(example.com/db.Querier).Query,"); err != nil {
		t.Fatal(err)
	}
	if got, want := l.String(), "(*example.com/db.Conn).Exec,(example.com/db.Querier).Query,example.com/db.Query"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, bad := range []string{"Query", "db.", "(Conn).Exec", "(*example.com/db.Conn.Exec", "(example.com/db.Conn).", "a b.F"} {
		if err := l.Set(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("Set(%q) = %v, want an error naming it", bad, err)
		}
	}
	if len(l) != 3 {
		t.Errorf("after malformed names, %d names, want 3", len(l))
	}
}

// FuzzCheck: Check never panics, and what it accepts has a package path and
// a name.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"net.Dial", "(*net/http.Client).Do", "(a.T).M", "x.", "(", ")."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if Check(name) == nil && (!strings.Contains(name, ".") || strings.HasSuffix(name, ".")) {
			t.Errorf("Check(%q) accepted a name without package or function", name)
		}
	})
}

func TestDisplay(t *testing.T) {
	const src = `package p

type T struct{}

func (*T) Ptr()  {}
func (T) Value() {}

type I interface{ M() }

func F() { _ = func() { _ = func() {} } }

var v = func() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	ssaPkg, _, err := ssautil.BuildPackage(&types.Config{}, fset, types.NewPackage("example.com/p", ""), []*ast.File{f}, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := ssaPkg.Pkg
	lookup := func(typ, name string) *types.Func {
		if typ == "" {
			return pkg.Scope().Lookup(name).(*types.Func)
		}
		obj, _, _ := types.LookupFieldOrMethod(pkg.Scope().Lookup(typ).Type(), true, pkg, name)
		return obj.(*types.Func)
	}
	names := NewNames(pkg)
	for _, c := range []struct {
		typ, name     string
		inside, other string
	}{
		{"", "F", "F", "p.F"},
		{"T", "Ptr", "(*T).Ptr", "(*p.T).Ptr"},
		{"T", "Value", "T.Value", "p.T.Value"},
		{"I", "M", "(I).M", "(p.I).M"},
	} {
		fn := lookup(c.typ, c.name)
		if got := Display(fn, pkg); got != c.inside {
			t.Errorf("Display(%s, its package) = %q, want %q", fn, got, c.inside)
		}
		for range 2 { // computed, then remembered
			if got := names.Display(fn); got != c.inside {
				t.Errorf("Names.Display(%s) = %q, want %q", fn, got, c.inside)
			}
			if got := names.Full(fn); got != fn.FullName() {
				t.Errorf("Names.Full(%s) = %q, want %q", fn, got, fn.FullName())
			}
		}
		if got := Display(fn, nil); got != c.other {
			t.Errorf("Display(%s, nil) = %q, want %q", fn, got, c.other)
		}
	}
	f1 := ssaPkg.Func("F")
	inner := f1.AnonFuncs[0].AnonFuncs[0]
	if got, want := DisplaySSA(inner, nil), "func literal in p.F"; got != want {
		t.Errorf("DisplaySSA(nested literal) = %q, want %q", got, want)
	}
	if got, want := DisplaySSA(ssaPkg.Func("init").AnonFuncs[0], pkg), "func literal in a package-level variable"; got != want {
		t.Errorf("DisplaySSA(literal of a package variable) = %q, want %q", got, want)
	}
}

func TestPackagePath(t *testing.T) {
	for name, want := range map[string]string{
		"(*net/http.Client).Do":               "net/http",
		"(github.com/alitto/pond/v2.Pool).Go": "github.com/alitto/pond/v2",
		"net/http.Get":                        "net/http",
		"gopkg.in/yaml.v3.Marshal":            "gopkg.in/yaml.v3",
		"(*gopkg.in/yaml.v3.Decoder).Decode":  "gopkg.in/yaml.v3",
		"time.Sleep":                          "time",
	} {
		if got := PackagePath(name); got != want {
			t.Errorf("PackagePath(%q) = %q, want %q", name, got, want)
		}
	}
}
