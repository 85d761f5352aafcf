package reqscope_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/reqscope"
)

var kinds = map[reqscope.Kind]string{reqscope.HandlerFunc: "handler", reqscope.ServeHTTP: "ServeHTTP",
	reqscope.GRPC: "gRPC", reqscope.Configured: "configured", reqscope.MessageHandler: "message",
	reqscope.KafkaClaim: "Kafka", reqscope.MessageLoop: "loop"}

// show reports every entry point, and every range loop over input in one.
var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "report entry points and the input their range loops run over",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, e := range reqscope.Find(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector), map[string]bool{"entries.Consume": true, "(*entries.Bus).Subscribe": true},
			map[string]bool{"(*loops.Queue).Next": true, "(*loops.Queue).Deliveries": true}) {
			pass.Reportf(e.Scope().Pos(), "entry %s %s", kinds[e.Kind], e.Name)
			inputs := reqscope.EntryInputs(pass.TypesInfo, e)
			ast.Inspect(e.Body(), func(n ast.Node) bool {
				if loop, ok := n.(*ast.RangeStmt); ok {
					if o, ok := inputs.Of(loop.X); ok {
						pass.Reportf(loop.Pos(), "input %s", o.Words)
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestEntriesAndInputs(t *testing.T) {
	dir := analyzertest.TestData(t, "reqscope")
	analysistest.Run(t, dir, show, "entries", "loops")
}

// TestHijacks checks the Hijacks facts: in the package that hijacks, and
// through the facts of another.
func TestHijacks(t *testing.T) {
	analysistest.Run(t, analyzertest.TestData(t, "reqscope"), reqscope.Analyzer, "upgrader", "ws")
}
