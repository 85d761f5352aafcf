package poolsize_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/poolsize"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

func testdata(t *testing.T) string { return analyzertest.TestData(t, "poolsize") }

func TestPoolSize(t *testing.T) {
	// One run for every package analysed with the default flags: each run
	// analyses the standard library's facts anew.
	analysistest.Run(t, testdata(t), poolsize.Analyzer, "shapes", "cross", "negatives", "gomaxprocs", "suppressed", "notests")
}

func TestTestFiles(t *testing.T) {
	analyzertest.SetFlag(t, poolsize.Analyzer, "tests", "true")
	analysistest.Run(t, testdata(t), poolsize.Analyzer, "testfiles")
}

func TestLimitFlags(t *testing.T) {
	analyzertest.SetFlag(t, poolsize.Analyzer, "max", "8")
	analyzertest.SetFlag(t, poolsize.Analyzer, "factor", "1")
	analysistest.Run(t, testdata(t), poolsize.Analyzer, "flags")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), poolsize.Analyzer,
		"fixes/noimport", "fixes/withimport", "fixes/deletecall", "fixes/keepimport", "fixes/both")
}
