package cpupoolio_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/cpupoolio"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

func testdata(t *testing.T) string { return analyzertest.TestData(t, "cpupoolio") }

func TestCPUPoolIO(t *testing.T) {
	analysistest.Run(t, testdata(t), cpupoolio.Analyzer,
		"shapes", "categories", "chains", "cross", "usehelper", "negatives", "suppressed", "example.com/ifaces", "waitsfor")
}

func TestFileIOFlag(t *testing.T) {
	analyzertest.SetFlag(t, cpupoolio.Analyzer, "fileio", "false")
	analysistest.Run(t, testdata(t), cpupoolio.Analyzer, "fileonly")
}

func TestExecFlag(t *testing.T) {
	analyzertest.SetFlag(t, cpupoolio.Analyzer, "exec", "true")
	analysistest.Run(t, testdata(t), cpupoolio.Analyzer, "execwaits")
}

func TestWaitsFlag(t *testing.T) {
	analyzertest.SetFlag(t, cpupoolio.Analyzer, "waits", "true")
	analysistest.Run(t, testdata(t), cpupoolio.Analyzer, "groupwaits")
}

func TestBlockingFlag(t *testing.T) {
	analyzertest.SetFlag(t, cpupoolio.Analyzer, "blocking", "custom.Wait,(*custom.Client).Call")
	analysistest.Run(t, testdata(t), cpupoolio.Analyzer, "custom")
}

func TestBlockingFlagRejectsMalformedNames(t *testing.T) {
	for _, bad := range []string{"Wait", "(custom.Client.Call", "(Client).Call", "custom."} {
		if err := cpupoolio.Analyzer.Flags.Set("blocking", bad); err == nil {
			t.Errorf("-cpupoolio.blocking=%s: accepted, want an error", bad)
		}
	}
}

// The related information walks from the size to the blocking call.
func TestRelatedInformation(t *testing.T) {
	results := analysistest.Run(t, testdata(t), cpupoolio.Analyzer, "chains")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if r.Pass.Fset.Position(d.Pos).Line != 19 {
				continue
			}
			for _, rel := range d.Related {
				got = append(got, fmt.Sprintf("%d: %s", r.Pass.Fset.Position(rel.Pos).Line, rel.Message))
			}
		}
	}
	want := []string{
		"17: pool size comes from max(1, runtime.NumCPU()/2)",
		"18: pool size n",
		"21: calls a",
		"12: calls b",
		"13: calls c",
		"14: calls net.Dial",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("related information:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
