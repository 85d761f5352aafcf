// Command vetfloor is a go vet tool that analyses nothing: one analyzer
// that declares a fact type, so that go vet runs it on every dependency
// too, as it runs concurlint, and does no work. eval/bench.sh times it for
// the floor of any tool run by go vet: the processes, parsing,
// type-checking and fact files that go vet costs before an analyzer does
// anything.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

type nothing struct{}

func (*nothing) AFact() {}

var analyzer = &analysis.Analyzer{
	Name:      "vetfloor",
	Doc:       "do nothing, with a fact type, to time go vet's own cost",
	FactTypes: []analysis.Fact{new(nothing)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() {
	// A flag that changes nothing but go vet's cache key (see bench.sh).
	analyzer.Flags.String("salt", "", "ignored")
	unitchecker.Main(analyzer)
}
