package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/reqscope"
)

// cpuFactor is, as for cpupoolio, the largest multiplier of the CPU count
// that still sizes a pool to the cores.
const cpuFactor = 2

// checkPools reports the CPU-sized pools that an entry starts for itself:
// its spawn site and its size both stand in the entry, so each request
// starts a pool of its own. A pool made once (at server start) and used by
// the entry is shared, not reported.
func (c *checker) checkPools(e *reqscope.Entry) {
	body := e.Body()
	reported := map[ast.Expr]bool{} // one diagnostic per pool, however many spawn sites it has
	for _, p := range c.pools.Pools {
		if !p.Size.CPUSized(cpuFactor) || reported[p.SizeExpr] || c.reported[p.Spawn] ||
			p.SizeExpr.Pos() < body.Pos() || p.SizeExpr.End() > body.End() || !c.directIn(e, p.Spawn) {
			continue
		}
		reported[p.SizeExpr] = true
		c.reported[p.Spawn] = true
		c.rep.Report(c.poolDiagnostic(e, p))
	}
}

func (c *checker) poolDiagnostic(e *reqscope.Entry, p *pools.Pool) analysis.Diagnostic {
	n := p.Size.Source
	msg := fmt.Sprintf("%s starts %s, sized to the CPU count (%s), for each %s: each %s starts %s goroutines; "+
		"N concurrent %ss start N × %s, which share the same cores: start one pool when the server starts "+
		"and hand it each %s's work, or do the work in the %s's own goroutine",
		e.Name, p.Describe(), n, e.Unit, e.Unit, n, e.Unit, n, e.Unit, e.Unit)
	if c.goroutine(p.Spawn) != nil && !c.awaited(e, p.Spawn) {
		msg += "; and it never awaits them"
	}
	size := types.ExprString(p.SizeExpr)
	related := []analysis.RelatedInformation{{Pos: p.Size.Origin, Message: "pool size comes from " + p.Size.Source}}
	if p.SizeExpr.Pos() != p.Size.Origin {
		related = append(related, analysis.RelatedInformation{Pos: p.SizeExpr.Pos(), End: p.SizeExpr.End(), Message: "pool size " + size})
	}
	return analysis.Diagnostic{Pos: p.Spawn.Pos(), Message: msg, Related: related}
}
