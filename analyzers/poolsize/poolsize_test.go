package poolsize_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/poolsize"
)

var testdata, _ = filepath.Abs("../../testdata/poolsize")

func TestPoolSize(t *testing.T) {
	// One run for every package analysed with the default flags: each run
	// analyses the standard library's facts anew.
	analysistest.Run(t, testdata, poolsize.Analyzer, "shapes", "cross", "negatives", "gomaxprocs", "suppressed", "notests")
}

func TestTestFiles(t *testing.T) {
	setFlag(t, "tests", "true")
	analysistest.Run(t, testdata, poolsize.Analyzer, "testfiles")
}

func TestLimitFlags(t *testing.T) {
	setFlag(t, "max", "8")
	setFlag(t, "factor", "1")
	analysistest.Run(t, testdata, poolsize.Analyzer, "flags")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, poolsize.Analyzer,
		"fixes/noimport", "fixes/withimport", "fixes/deletecall", "fixes/keepimport", "fixes/both")
}

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	old := poolsize.Analyzer.Flags.Lookup(name).Value.String()
	if err := poolsize.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { poolsize.Analyzer.Flags.Set(name, old) })
}
