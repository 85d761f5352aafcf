package golangci

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"testing"

	"golang.org/x/tools/go/analysis"
)

type fact struct{}

func (*fact) AFact() {}

// passOf is a pass over the package path whose files have the given names.
func passOf(pkgPath string, module *analysis.Module, files ...string) *analysis.Pass {
	fset := token.NewFileSet()
	var syntax []*ast.File
	for _, name := range files {
		syntax = append(syntax, &ast.File{Package: fset.AddFile(name, -1, 1).Pos(0)})
	}
	return &analysis.Pass{Pkg: types.NewPackage(pkgPath, path.Base(pkgPath)), Module: module, Fset: fset, Files: syntax}
}

// A module version's packages get the facts-only form, and the standard
// library's unless the command line names a directory in GOROOT/src; the
// main modules', replacement directories' and ad-hoc packages the whole
// analyzer.
func TestFactsOnlyInDependencies(t *testing.T) {
	var ran string
	whole := &analysis.Analyzer{Name: "a", FactTypes: []analysis.Fact{new(fact)}, Run: func(*analysis.Pass) (any, error) { ran = "whole"; return nil, nil }}
	facts := &analysis.Analyzer{Name: "a", Run: func(*analysis.Pass) (any, error) { ran = "facts"; return nil, nil }}
	inModule := []string{"/src/project", "run", "./..."} // wd, then the arguments
	for _, tc := range []struct {
		name string
		run  []string
		pass *analysis.Pass
		want string
	}{
		{"main module", inModule, passOf("example.com/main", &analysis.Module{Path: "example.com/main"}, "/src/project/main.go"), "whole"},
		{"main module in a GOPATH-like directory", inModule, passOf("example.com/m", &analysis.Module{Path: "example.com/m"}, "/root/go/src/example.com/m/m.go"), "whole"},
		{"module version", inModule, passOf("example.com/dep", &analysis.Module{Path: "example.com/dep", Version: "v1.2.3"}, "/root/go/pkg/mod/example.com/dep@v1.2.3/dep.go"), "facts"},
		{"replaced by a directory", inModule, passOf("example.com/dep", &analysis.Module{Path: "example.com/dep", Version: "v1.2.3", Replace: &analysis.Module{Path: "../dep"}}, "/src/dep/dep.go"), "whole"},
		{"replaced by a module version", inModule, passOf("example.com/dep", &analysis.Module{Path: "example.com/dep", Version: "v1.2.3", Replace: &analysis.Module{Path: "example.com/fork", Version: "v1.2.4"}}, "/root/go/pkg/mod/example.com/fork@v1.2.4/dep.go"), "facts"},

		// golangci-lint gives the standard library's packages an empty
		// module, go vet none.
		{"standard library", inModule, passOf("net/http", &analysis.Module{}, "/usr/local/go/src/net/http/server.go"), "facts"},
		{"standard library, no module", inModule, passOf("net/http", nil, "/usr/local/go/src/net/http/server.go"), "facts"},
		{"standard library, vendored", inModule, passOf("vendor/golang.org/x/net/http/httpguts", &analysis.Module{}, "/usr/local/go/src/vendor/golang.org/x/net/http/httpguts/guts.go"), "facts"},
		{"standard library, cgo's file first", inModule, passOf("net", &analysis.Module{}, "/root/.cache/go-build/3f/3f0a-d/cgo_unix.cgo1.go", "/usr/local/go/src/net/net.go"), "facts"},
		{"standard library, run in GOROOT/src", []string{"/usr/local/go/src", "run", "./net/..."}, passOf("net/http", &analysis.Module{}, "/usr/local/go/src/net/http/server.go"), "whole"},
		{"standard library, named", []string{"/src/project", "run", "/usr/local/go/src/net/http"}, passOf("net/http", &analysis.Module{}, "/usr/local/go/src/net/http/server.go"), "whole"},
		{"standard library, GOROOT/src named", []string{"/src/project", "run", "../../usr/local/go/src"}, passOf("net/http", &analysis.Module{}, "/usr/local/go/src/net/http/server.go"), "whole"},
		{"standard library, a directory beside GOROOT/src named", []string{"/src/project", "run", "/usr/local/go/srcs/x"}, passOf("net/http", &analysis.Module{}, "/usr/local/go/src/net/http/server.go"), "facts"},
		{"files named on the command line", []string{"/src/project", "run", "main.go"}, passOf("command-line-arguments", &analysis.Module{}, "/src/project/main.go"), "whole"},
		{"GOPATH mode", []string{"/root/go/src/example/cmd", "run", "./..."}, passOf("example/lib", nil, "/root/go/src/example/lib/lib.go"), "whole"},
	} {
		d := newDependencies(tc.run[1:], tc.run[0], []*analysis.Analyzer{facts})
		ran = ""
		d.factsOnly(whole).Run(tc.pass)
		if ran != tc.want {
			t.Errorf("%s: ran %s, want %s", tc.name, ran, tc.want)
		}
	}
}

// An analyzer without facts, or without a facts-only form, or in a run
// whose dependencies are unknown, stays whole.
func TestFactsOnlyNeedsFacts(t *testing.T) {
	noFacts := &analysis.Analyzer{Name: "a"}
	form := &analysis.Analyzer{Name: "a"}
	if got := newDependencies(nil, "/src/project", []*analysis.Analyzer{form}).factsOnly(noFacts); got != noFacts {
		t.Error("an analyzer without facts was wrapped")
	}
	withFacts := &analysis.Analyzer{Name: "b", FactTypes: []analysis.Fact{new(fact)}}
	if got := newDependencies(nil, "/src/project", []*analysis.Analyzer{form}).factsOnly(withFacts); got != withFacts {
		t.Error("an analyzer without a facts-only form was wrapped")
	}
	if got := (*dependencies)(nil).factsOnly(withFacts); got != withFacts {
		t.Error("an analyzer was wrapped without dependencies")
	}
}

// A command line that may name a module version's packages has no
// dependencies the plugin can tell.
func TestNamesVersionedDir(t *testing.T) {
	for _, tc := range []struct {
		args []string
		wd   string
		want bool
	}{
		{[]string{"run", "./..."}, "/src/project", false},
		{[]string{"run", "-c", "/tmp/x.yml", "./cmd/...", "/src/other/pkg"}, "/src/project", false},
		{[]string{"run", "/root/go/pkg/mod/github.com/google/uuid@v1.6.0"}, "/src/project", true},
		{[]string{"run", "../../go/pkg/mod/golang.org/x/tools@v0.30.0/go/ssa/..."}, "/src/project", true},
		{[]string{"run", "./vendor/github.com/google/uuid"}, "/src/project", true},
		{[]string{"run", "./..."}, "/src/project/vendor/github.com/google/uuid", true},
		{[]string{"run", "./..."}, "/root/go/pkg/mod/github.com/google/uuid@v1.6.0", true},
	} {
		d := newDependencies(tc.args, tc.wd, nil)
		if got := d == nil; got != tc.want {
			t.Errorf("newDependencies(%q, %q) is nil: %v, want %v", tc.args, tc.wd, got, tc.want)
		}
	}
}
