package blockfacts_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/blockfacts"
)

// The facts name the chain from each function to its primitive, per
// category; functions that do not block have none.
func TestFacts(t *testing.T) {
	dir, _ := filepath.Abs("../../testdata/internal/blockfacts")
	analysistest.Run(t, dir, blockfacts.Analyzer, "a")
}
