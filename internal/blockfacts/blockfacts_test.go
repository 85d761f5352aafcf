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
