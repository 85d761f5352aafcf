package unawaited_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/unawaited"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join(analysistest.TestData(), "..", "..", "..", "testdata", "unawaited"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestResultChannels(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "leak")
}
