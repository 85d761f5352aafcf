package golangci

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// dependencies runs the analyzers that have facts in their
// analyzers.FactsOnly form on the packages that golangci-lint analyses as
// dependencies. golangci-lint runs every analyzer that has facts on each
// dependency of the packages named, and keeps its findings only on those
// named, but does not tell a pass which it is (go vet does: cmd/concurlint
// reads VetxOnly). The command line names directories (golangci-lint
// makes a directory of every argument), so a package is a dependency if it
// lies where no argument and not the working directory lies: a module
// version's package in the module cache or a vendor directory, a standard
// library's package in GOROOT/src.
type dependencies struct {
	named []string                      // the arguments and the working directory: absolute, slash-separated
	forms map[string]*analysis.Analyzer // the FactsOnly forms by name
}

// dependenciesOfRun returns the dependencies of this run (os.Args, the
// working directory), or nil (see newDependencies).
func dependenciesOfRun(factsOnly []*analysis.Analyzer) *dependencies {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	return newDependencies(os.Args[1:], wd, factsOnly)
}

// newDependencies returns the dependencies of a run with the command-line
// arguments args in the working directory wd, or nil if the command line
// may name a module version's packages: an argument or wd lies in the
// module cache (a directory path@version) or a vendor directory.
func newDependencies(args []string, wd string, factsOnly []*analysis.Analyzer) *dependencies {
	d := &dependencies{forms: map[string]*analysis.Analyzer{}}
	for _, arg := range append(args, wd) {
		if !filepath.IsAbs(arg) {
			arg = filepath.Join(wd, arg)
		}
		dir := filepath.ToSlash(arg)
		if slices.ContainsFunc(strings.Split(dir, "/"), func(elem string) bool {
			return elem == "vendor" || strings.Contains(elem, "@v")
		}) {
			return nil
		}
		d.named = append(d.named, dir)
	}
	for _, a := range factsOnly {
		d.forms[a.Name] = a
	}
	return d
}

// factsOnly returns a copy of a that runs a's FactsOnly form on the
// dependencies, or a itself if it has no facts or d is nil.
func (d *dependencies) factsOnly(a *analysis.Analyzer) *analysis.Analyzer {
	if d == nil || d.forms[a.Name] == nil || len(a.FactTypes) == 0 {
		return a
	}
	facts := d.forms[a.Name]
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		if d.of(pass) {
			return facts.Run(pass)
		}
		return a.Run(pass)
	}
	return &w
}

// of reports whether pass's package is a dependency: of a module version,
// or of the standard library while the command line names nothing in
// GOROOT/src.
func (d *dependencies) of(pass *analysis.Pass) bool {
	if ofModuleVersion(pass.Module) {
		return true
	}
	src, ok := standardLibrarySrc(pass)
	return ok && !slices.ContainsFunc(d.named, func(dir string) bool {
		return dir == src || strings.HasPrefix(dir, src+"/")
	})
}

// ofModuleVersion reports whether m's files are those of a module version
// (in the module cache, or vendored): not a main module's, nor a
// replacement directory's.
func ofModuleVersion(m *analysis.Module) bool {
	if m == nil {
		return false
	}
	if m.Replace != nil {
		return m.Replace.Version != ""
	}
	return m.Version != ""
}

// standardLibrarySrc returns GOROOT/src if pass's package is of the
// standard library: it has no module, and a file of it lies in
// ROOT/src/PATH, PATH the package's path (other files may be cgo's, in
// the build cache). An ad-hoc package of files named on the command line
// (command-line-arguments) has no module but lies elsewhere; a package of
// GOPATH/src has none either (GO111MODULE=off), whose GOPATH/src the
// command line then names.
func standardLibrarySrc(pass *analysis.Pass) (string, bool) {
	if pass.Module != nil && pass.Module.Path != "" {
		return "", false
	}
	suffix := "/src/" + pass.Pkg.Path()
	for _, f := range pass.Files {
		if file := pass.Fset.File(f.Pos()); file != nil {
			if dir := path.Dir(filepath.ToSlash(file.Name())); strings.HasSuffix(dir, suffix) {
				return strings.TrimSuffix(dir, "/"+pass.Pkg.Path()), true
			}
		}
	}
	return "", false
}
