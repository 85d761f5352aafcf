// Package analyzers lists concurlint's analyzers, for the drivers: the
// command, the golangci-lint plugin and the runtime companion.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers/cpupoolio"
	"github.com/concurlint/concurlint/analyzers/poolsize"
	"github.com/concurlint/concurlint/analyzers/unawaited"
	"github.com/concurlint/concurlint/analyzers/unboundedgo"
)

// All returns every concurlint analyzer, in the order of the documentation.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		cpupoolio.Analyzer,
		unboundedgo.Analyzer,
		poolsize.Analyzer,
		unawaited.Analyzer,
	}
}

// FactsOnly returns All as go vet needs them on a package it analyses for
// its facts only (a dependency of the packages named, VetxOnly in its
// configuration), where it drops the findings: unitchecker runs there
// every analyzer that has facts or requires an analyzer that has. Those
// with facts export them and skip their checks; the others keep their
// flags, which go vet passes to every run, and their requirements, which
// export facts, and do nothing. The facts are those All exports. The
// golangci-lint plugin runs them on its dependencies too (plugin/golangci).
func FactsOnly() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		flagsOnly(cpupoolio.Analyzer),
		withRun(unboundedgo.Analyzer, unboundedgo.ExportFacts),
		flagsOnly(poolsize.Analyzer),
		withRun(unawaited.Analyzer, unawaited.ExportFacts),
	}
}

// withRun is a copy of a with another Run.
func withRun(a *analysis.Analyzer, run func(*analysis.Pass) (any, error)) *analysis.Analyzer {
	c := *a
	c.Run = run
	return &c
}

// flagsOnly is an analyzer without facts reduced to its flags and
// requirements.
func flagsOnly(a *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{Name: a.Name, Doc: a.Doc, URL: a.URL, Flags: a.Flags, Requires: a.Requires,
		Run: func(*analysis.Pass) (any, error) { return nil, nil }}
}
