package methodfacts_test

import (
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/factwire"
	"github.com/concurlint/concurlint/internal/methodfacts"
	"github.com/concurlint/concurlint/internal/vettooltest"
)

func TestMain(m *testing.M) { vettooltest.Main(m, slow) }

// slow gives every method whose name starts with Slow an entry, and
// reports each call of another package's method that has one.
var slow = &analysis.Analyzer{
	Name:      "slow",
	Doc:       "report calls of other packages' Slow methods, found through methodfacts",
	FactTypes: []analysis.Fact{new(slowFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		table := methodfacts.NewTable(pass, func() methodfacts.Fact[string] { return new(slowFact) })
		scope := pass.Pkg.Scope()
		for _, name := range scope.Names() {
			if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
				for m := range tn.Type().(*types.Named).Methods() {
					if strings.HasPrefix(m.Name(), "Slow") {
						table.Add(m, "slow")
					}
				}
			}
		}
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if fn := typeutil.StaticCallee(pass.TypesInfo, call); fn != nil && fn.Pkg() != pass.Pkg {
						if v, ok := table.Lookup(fn); ok {
							pass.Reportf(call.Pos(), "%s: %s", fn.FullName(), v)
						}
					}
				}
				return true
			})
		}
		table.Export()
		return nil, nil
	},
}

type slowFact struct{ Methods []methodfacts.Entry[string] }

func (*slowFact) AFact()                                  {}
func (f *slowFact) Entries() *[]methodfacts.Entry[string] { return &f.Methods }
func (f *slowFact) String() string {
	return methodfacts.String(f.Methods, func(s string) string { return s })
}

func (f *slowFact) GobEncode() ([]byte, error) {
	var e factwire.Encoder
	methodfacts.Encode(&e, f.Methods, (*factwire.Encoder).String)
	return e.Bytes(), nil
}

func (f *slowFact) GobDecode(data []byte) error {
	d := factwire.NewDecoder(data)
	f.Methods = methodfacts.Decode(d, (*factwire.Decoder).String)
	return d.Err()
}

// TestIndirect runs go vet, whose package facts reach direct importers
// only (unlike analysistest's), on a package that calls the methods of
// types of a package it does not import: their entries come from the fact
// of the import whose API exposes them, through a result, a method's
// result, an embedded field. A direct importer reads the entries from the
// fact of the type's own package.
func TestIndirect(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"deep/deep.go": `package deep

type Outer struct{}

func (Outer) Inner() Inner { return Inner{} }

type Inner struct{}

func (Inner) SlowRead() {}
func (Inner) Fast()     {}

type Hidden struct{}

func (Hidden) SlowWrite() {}
`,
		"mid/mid.go": `package mid

import "example.com/m/deep"

func New() deep.Outer { return deep.Outer{} }

type Conn struct {
	deep.Inner
	hidden deep.Hidden
}
`,
		"top/top.go": `package top

import "example.com/m/mid"

func Use(c mid.Conn) {
	mid.New().Inner().SlowRead()
	mid.New().Inner().Fast()
	c.SlowRead()
}
`,
		"direct/direct.go": `package direct

import "example.com/m/deep"

func Use(h deep.Hidden) { h.SlowWrite() }
`,
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	res, err := diagnostics.Analyze(diagnostics.Request{Tool: vettooltest.Tool(), Analyzers: []*analysis.Analyzer{slow}, Dir: dir, Patterns: []string{"./..."}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, filepath.Base(filepath.Dir(d.Posn.Filename))+":"+d.Message)
	}
	want := []string{
		"direct:(example.com/m/deep.Hidden).SlowWrite: slow",
		"top:(example.com/m/deep.Inner).SlowRead: slow",
		"top:(example.com/m/deep.Inner).SlowRead: slow",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("reports:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
