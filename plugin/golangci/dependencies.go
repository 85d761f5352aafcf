package golangci

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// factsOnlyInDependencies returns a copy of a that runs facts, a's
// analyzers.FactsOnly form, on a package of a module version.
// golangci-lint runs every analyzer that has facts on each dependency of the
// packages named, and keeps its findings only on those named, but does not
// tell a pass which it is (go vet does: cmd/concurlint reads VetxOnly). A
// package of a module version is a dependency unless its directory, in the
// module cache or a vendor directory, was named on the command line, which
// namesVersionedDir checks first.
func factsOnlyInDependencies(a, facts *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		if ofModuleVersion(pass.Module) {
			return facts.Run(pass)
		}
		return a.Run(pass)
	}
	return &w
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

// namesVersionedDir reports whether an argument or the working directory
// lies in the module cache (a directory path@version) or a vendor directory,
// where golangci-lint may be asked to analyse a module version's packages.
func namesVersionedDir(args []string, wd string) bool {
	for _, arg := range append(args, wd) {
		path := filepath.ToSlash(arg)
		if !filepath.IsAbs(arg) {
			path = filepath.ToSlash(filepath.Join(wd, arg))
		}
		if slices.ContainsFunc(strings.Split(path, "/"), func(elem string) bool {
			return elem == "vendor" || strings.Contains(elem, "@v")
		}) {
			return true
		}
	}
	return false
}

// dependencyForms returns the analyzers.FactsOnly form of each analyzer by
// name, or nothing if the command line may name a module version's
// packages.
func dependencyForms(factsOnly []*analysis.Analyzer) map[string]*analysis.Analyzer {
	wd, err := os.Getwd()
	if err != nil || namesVersionedDir(os.Args[1:], wd) {
		return nil
	}
	forms := map[string]*analysis.Analyzer{}
	for _, a := range factsOnly {
		forms[a.Name] = a
	}
	return forms
}
