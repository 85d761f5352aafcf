package unawaited_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/unawaited"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

func testdata(t *testing.T) string { return analyzertest.TestData(t, "unawaited") }

func TestResultChannels(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "leak")
}

func TestFields(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "fields")
}

// TestFutures checks the Future facts and their use in the package that
// defines them and in one that imports it.
func TestFutures(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "future", "futureuse")
}

func TestWaitGroups(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "wait")
}

func TestSuppression(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "suppress", "generated")
}

func TestBufferFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), unawaited.Analyzer, "fix")
}
