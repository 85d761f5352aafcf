package blockfacts_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/blockfacts"
)

// The facts name the chain from each function to its primitive, per
// category; functions that do not block have none.
func TestFacts(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/blockfacts")
	analysistest.Run(t, dir, blockfacts.Analyzer, "a")
}

// A call through an interface declared outside the standard library
// blocks when every implementation in sight does; the package fact lists
// the implementations for the packages that import this one. With none in
// sight the call is Unresolved, one chain per method for the first four
// methods a function meets, sorted by method; a pool starter's WorkersFact
// carries its workers' chains, unresolved ones too.
func TestInterfaceFacts(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/blockfacts")
	analysistest.Run(t, dir, blockfacts.Analyzer, "example.com/impl", "example.com/starter")
}
