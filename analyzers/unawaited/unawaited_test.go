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

// TestStreams checks rule 5 (on with -unawaited.streams), in the function
// that starts the producer and across a call, in its package and another,
// through StopsReceiving.
func TestStreams(t *testing.T) {
	withStreams(t)
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "stream", "streamuse")
}

// withStreams turns rule 5 on for the rest of the test.
func withStreams(t *testing.T) {
	if err := unawaited.Analyzer.Flags.Set("streams", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unawaited.Analyzer.Flags.Set("streams", "false") })
}

// TestStreamsOff checks that rule 5 is off by default.
func TestStreamsOff(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "streamoff")
}

// TestDroppedNonblocking checks that -unawaited.dropped-nonblocking
// reports dropped futures whose producer cannot block.
func TestDroppedNonblocking(t *testing.T) {
	if err := unawaited.Analyzer.Flags.Set("dropped-nonblocking", "true"); err != nil {
		t.Fatal(err)
	}
	defer unawaited.Analyzer.Flags.Set("dropped-nonblocking", "false")
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "futureflag")
}

// TestSpawnHelpers checks that a call of a spawn helper, of the package or
// another (known by the spawns fact), is a go statement for every rule.
func TestSpawnHelpers(t *testing.T) {
	withStreams(t) // rule 5 through a spawn helper too
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "spawn")
}

// TestRanges checks rule 6: goroutines ranging over a channel that their
// starter may return without closing.
func TestRanges(t *testing.T) {
	analysistest.Run(t, testdata(t), unawaited.Analyzer, "ranges", "rangesmain", "mainleak")
}
