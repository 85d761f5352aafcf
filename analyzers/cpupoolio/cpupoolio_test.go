package cpupoolio_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/cpupoolio"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

func testdata(t *testing.T) string { return analyzertest.TestData(t, "cpupoolio") }

func TestCPUPoolIO(t *testing.T) {
	analysistest.Run(t, testdata(t), cpupoolio.Analyzer,
		"shapes", "categories", "chains", "cross", "usehelper", "negatives", "suppressed", "example.com/ifaces", "starters", "dispatch", "handshakes", "batches", "waitsfor")
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

// The related information walks from the size to the blocking call; a
// wait for goroutines that block is the step from the job to them, at the
// wait.
func TestRelatedInformation(t *testing.T) {
	for _, tc := range []struct {
		pkg  string
		line int
		want []string
	}{
		{"chains", 19, []string{
			"17: pool size comes from max(1, runtime.NumCPU()/2)",
			"18: pool size n",
			"21: calls a",
			"12: calls b",
			"13: calls c",
			"14: calls net.Dial",
		}},
		{"starters", 23, []string{
			"23: pool size comes from runtime.GOMAXPROCS(0)",
			"23: calls (*event.TargetList).Init, which starts a pool whose workers run func literal in (*event.TargetList).startWorkers",
			"23: every implementation of (event.Target).Send seen here blocks: (*target.Kafka).Send → net.Dial; (*target.Webhook).Send → http.Post; target.MQTT.Send → (net.Conn).Write",
		}},
		{"waitsfor", 33, []string{
			"32: pool size comes from runtime.NumCPU()",
			"35: calls fetchAll",
			"28: calls (*sync.WaitGroup).Wait for func literal in fetchAll",
			"25: calls fetch",
			"16: calls http.Get",
		}},
	} {
		got := analyzertest.Related(analysistest.Run(t, testdata(t), cpupoolio.Analyzer, tc.pkg), tc.line)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:%d related information:\n%s\nwant:\n%s", tc.pkg, tc.line, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}
