package unboundedgo_test

import (
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/unboundedgo"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

func testdata(t *testing.T) string { return analyzertest.TestData(t, "unboundedgo") }

// TestRequestScope checks both shapes (fan-out per item in "fanout",
// fire-and-forget in "detached"), the bounds that silence them ("bounded"),
// and suppression ("suppressed"), in one load of net/http.
func TestRequestScope(t *testing.T) {
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "fanout", "bounded", "detached", "suppressed", "upgrader",
		"messages", "grpcreg", "spawnhelpers", "callees", "poolperrequest")
}

// Without the flag, the accept loops of "acceptflag" are not reported:
// every expectation there goes unmet, and no diagnostic is produced.
func TestAcceptLoopsOffByDefault(t *testing.T) {
	var unmet recorder
	for _, r := range analysistest.Run(&unmet, testdata(t), unboundedgo.Analyzer, "acceptflag") {
		for _, d := range r.Diagnostics {
			t.Errorf("%v: %s", r.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
	if unmet == 0 {
		t.Error("the accept loops of acceptflag were expected to be unmet without the flag")
	}
}

// recorder counts the errors of analysistest.Run instead of failing.
type recorder int

func (r *recorder) Errorf(string, ...any) { *r++ }

func TestAcceptFlag(t *testing.T) {
	analyzertest.SetFlag(t, unboundedgo.Analyzer, "accept", "true")
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "acceptflag")
}

func TestHandlersFlag(t *testing.T) {
	analyzertest.SetFlag(t, unboundedgo.Analyzer, "handlers", "consumer.Handle,(*consumer.Worker).Process,(*consumer.Bus).Subscribe")
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "consumer")
}

func TestHandlersFlagRejectsMalformedNames(t *testing.T) {
	for _, bad := range []string{"Handle", "(consumer.Worker.Process", "(Worker).Process", "consumer."} {
		if err := unboundedgo.Analyzer.Flags.Set("handlers", bad); err == nil {
			t.Errorf("-unboundedgo.handlers=%s: accepted, want an error", bad)
		}
	}
}

func TestSetLimitFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), unboundedgo.Analyzer, "fix")
}

// TestFacts checks the PerElement facts in the package that defines them,
// and their use at calls in another package and in the same one, whose
// diagnostics point at the go statement of the callee.
func TestFacts(t *testing.T) {
	results := analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "elements", "cross")
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if r.Pass.Fset.Position(d.Pos).Line != 17 || r.Pass.Pkg.Path() != "cross" {
				continue
			}
			found = true
			if len(d.Related) != 1 {
				t.Fatalf("related information: %v, want one entry", d.Related)
			}
			got := r.Pass.Fset.Position(d.Related[0].Pos)
			if filepath.Base(got.Filename) != "elements.go" || got.Line != 19 {
				t.Errorf("related information at %v, want elements.go:19", got)
			}
		}
	}
	if !found {
		t.Error("no diagnostic at cross.go:17")
	}
}

// TestStreams checks the goroutines started per stream of one connection:
// every accept-like call of the table, the bounds a goroutine releases
// itself, and the limits that do not bound (released elsewhere, taken
// inside the goroutine).
func TestStreams(t *testing.T) {
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "streams", "google.golang.org/grpc/streams")
}

// TestMessageLoops checks the loops of queue consumers that run once per
// message (AMQP deliveries, kafka-go's reads): a goroutine per message, a
// fan-out over a message, a call that leaves a goroutine per message; and
// the bounds that silence them (a limit the goroutine releases, a prefetch
// count with acknowledgements, a wait in the iteration, a pool of workers).
func TestMessageLoops(t *testing.T) {
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "amqpconsumer", "amqpprefetch", "kafkareader")
}

func TestMessagesFlag(t *testing.T) {
	analyzertest.SetFlag(t, unboundedgo.Analyzer, "messages", "(*queueflag.Queue).Next,(*queueflag.Queue).Deliveries")
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "queueflag")
}

// Without the flag, the loops of queueflag are no message loops: every
// expectation there goes unmet.
func TestMessagesOffWithoutFlag(t *testing.T) {
	var unmet recorder
	for _, r := range analysistest.Run(&unmet, testdata(t), unboundedgo.Analyzer, "queueflag") {
		for _, d := range r.Diagnostics {
			t.Errorf("%v: %s", r.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
	if unmet != 2 {
		t.Errorf("%d expectations of queueflag unmet without the flag, want 2", unmet)
	}
}

func TestStreamsFlag(t *testing.T) {
	analyzertest.SetFlag(t, unboundedgo.Analyzer, "streams", "(*streamflag.Mux).Accept,(*streamflag.Mux).OnStream")
	analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "streamflag")
}

func TestStreamsFlagRejectsMalformedNames(t *testing.T) {
	for _, bad := range []string{"Accept", "(streamflag.Mux.Accept", "streamflag."} {
		if err := unboundedgo.Analyzer.Flags.Set("streams", bad); err == nil {
			t.Errorf("-unboundedgo.streams=%s: accepted, want an error", bad)
		}
	}
}

// TestCalleeChain checks the related information of a finding through
// callees: each call down the chain, then the go statement.
func TestCalleeChain(t *testing.T) {
	related := analyzertest.Related(analysistest.Run(t, testdata(t), unboundedgo.Analyzer, "callees"), 30)
	want := []string{"22: calls logEvent", "17: the goroutine starts here"}
	if !slices.Equal(related, want) {
		t.Errorf("related information of callees.go:30: %q, want %q", related, want)
	}
}
