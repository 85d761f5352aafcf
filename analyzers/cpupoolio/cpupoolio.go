package cpupoolio

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/analyzerdoc"
	"github.com/concurlint/concurlint/internal/blockfacts"
	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/report"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "cpupoolio",
	Doc:      analyzerdoc.Extract(doc, "cpupoolio"),
	URL:      "https://github.com/concurlint/concurlint#cpupoolio-blocking-io-inside-a-cpu-worker-pool",
	Requires: []*analysis.Analyzer{pools.Analyzer, blockfacts.Analyzer},
	Run:      run,
}

var fileIO, execWaits, groupWaits bool

func init() {
	Analyzer.Flags.BoolVar(&fileIO, "fileio", true, "count file IO as blocking")
	Analyzer.Flags.BoolVar(&execWaits, "exec", false, "count waits for a child process as blocking (off: the child uses the cores, as in make -j)")
	Analyzer.Flags.BoolVar(&groupWaits, "waits", false, "count any wait for a group of goroutines (WaitGroup.Wait, errgroup.Group.Wait) in a job as blocking, whatever they do (waits for goroutines that block count anyway)")
	Analyzer.Flags.Var(blocking.Analyzer.Flags.Lookup("calls").Value, "blocking", "more blocking calls, comma-separated: pkg/path.Func,(*pkg/path.T).Method")
}

// maxFactor is the largest multiplier of the CPU count that still sizes a
// pool to the cores; NumCPU()*k with k > maxFactor is sized for IO.
const maxFactor = 2

func allowed(cat blocking.Category) bool {
	return (fileIO || cat != blocking.File) && (execWaits || cat != blocking.Exec) && (groupWaits || cat != blockfacts.GroupWait)
}

func run(pass *analysis.Pass) (any, error) {
	found := pass.ResultOf[pools.Analyzer].(*pools.Result)
	blocks := pass.ResultOf[blockfacts.Analyzer].(*blockfacts.Result)
	rep := report.New(pass)
	reported := map[ast.Expr]bool{} // one diagnostic per pool, however many spawn sites it has
	for _, p := range found.Pools {
		if !p.Size.CPUSized(maxFactor) || reported[p.SizeExpr] {
			continue
		}
		chain := blocks.Worker(p.Worker, allowed)
		if chain == nil {
			continue
		}
		reported[p.SizeExpr] = true
		rep.Report(diagnostic(pass, p, chain))
	}
	return nil, nil
}

var categoryWords = map[blocking.Category]string{
	blocking.Net: "network IO", blocking.HTTP: "HTTP requests", blocking.RPC: "RPC calls",
	blocking.SQL: "database queries", blocking.Exec: "waits for a process", blocking.Sleep: "time.Sleep",
	blocking.File: "file IO", blocking.Custom: "a call configured as blocking",
	blockfacts.GroupWait: "waits for other goroutines",
}

func diagnostic(pass *analysis.Pass, p *pools.Pool, c *blockfacts.Chain) analysis.Diagnostic {
	size := types.ExprString(p.SizeExpr)
	msg := fmt.Sprintf("%s, sized to the CPU count (%s), blocks on %s: %s; "+
		"while a worker waits it holds a core's share, so at most %s operations are in flight and the cores idle: "+
		"size the pool for what the downstream can take (a named constant or a flag), not for the cores",
		p.Describe(), p.Size.Source, categoryWords[c.Category], strings.Join(c.Names, " → "), size)
	related := []analysis.RelatedInformation{{Pos: p.Size.Origin, Message: "pool size comes from " + p.Size.Source}}
	if p.SizeExpr.Pos() != p.Size.Origin {
		related = append(related, analysis.RelatedInformation{Pos: p.SizeExpr.Pos(), End: p.SizeExpr.End(), Message: "pool size " + size})
	}
	if p.Kind == pools.Starter {
		starter := typeutil.StaticCallee(pass.TypesInfo, p.Spawn.(*ast.CallExpr))
		related = append(related, analysis.RelatedInformation{Pos: p.Spawn.Pos(),
			Message: "calls " + funcnames.Display(starter, pass.Pkg) + ", which starts a pool whose workers run " + c.Names[0]})
	}
	for i, pos := range c.Calls {
		related = append(related, analysis.RelatedInformation{Pos: pos, Message: "calls " + c.Names[i+1]})
	}
	if len(c.Implementations) > 0 {
		related = append(related, analysis.RelatedInformation{Pos: p.Spawn.Pos(),
			Message: "every implementation of " + c.Resolved + " seen here blocks: " + strings.Join(c.Implementations, "; ")})
	}
	return analysis.Diagnostic{Pos: p.Spawn.Pos(), Message: msg, Related: related}
}
