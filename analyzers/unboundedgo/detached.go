package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/reqscope"
)

// checkDetached reports the go statements of an entry that it never
// awaits on any path: fire-and-forget per request.
func (c *checker) checkDetached(e *reqscope.Entry) {
	cur, ok := c.cursor(e.Body())
	if !ok || e.Kind == reqscope.KafkaClaim || e.Kind == reqscope.MessageLoop || c.scope.Hijacks(e.Body()) {
		// a claim consumer runs per partition: its loop's goroutines are
		// fan-outs; a message loop's are reported per message, by checkStreams
		return
	}
	for g := range cur.Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		spawn := g.Node()
		if run := c.goroutine(spawn); run == nil || c.reported[spawn] || c.reported[run] || !c.directIn(e, spawn) || c.awaited(e, spawn) {
			continue
		}
		c.reported[spawn] = true
		c.rep.Report(analysis.Diagnostic{Pos: spawn.Pos(), Message: fmt.Sprintf(
			"%s starts a goroutine that it never awaits (no Wait, no receive of its result): "+
				"every %s leaves one behind, with no limit and no backpressure; "+
				"wait for it before returning, or hand the work to a bounded worker pool or queue", e.Name, e.Unit)})
	}
}

// directIn reports whether n stands in the entry's own body, outside any
// function literal of it.
func (c *checker) directIn(e *reqscope.Entry, n ast.Node) bool {
	if !inside(e.Body(), n.Pos()) || !inside(e.Scope(), n.Pos()) {
		return false
	}
	return c.enclosingFunc(n) == c.enclosingFunc(e.Node())
}

// enclosingFunc is the declaration or literal that n stands in, or n itself
// if it is one.
func (c *checker) enclosingFunc(n ast.Node) ast.Node {
	if cur, ok := c.cursor(n); ok {
		for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
			return fn.Node()
		}
	}
	return nil
}

// awaited reports whether the entry awaits the goroutine started at spawn
// on some path, or the goroutine ends with the request: the await model
// (see await.Goroutine.Awaited) says the code around the spawn waits for
// it, or the goroutine waits on a request context that the entry does not
// detach, or reads the RPC's stream. A message loop awaits a goroutine
// only in the iteration that starts it, by awaitedInIteration. A spawn
// that the SSA form lacks (dead code) is awaited.
func (c *checker) awaited(e *reqscope.Entry, spawn ast.Node) bool {
	if e.Loop != nil {
		return c.awaitedInIteration(e.Loop, spawn)
	}
	g := c.started(spawn)
	return g == nil || g.Awaited() || endsWithRequest(g)
}

// awaitedInIteration reports whether the goroutine started at spawn, in
// the loop loop, is awaited before the spawn runs again (see
// await.Goroutine.AwaitedInIteration): then the loop runs one goroutine
// at a time.
func (c *checker) awaitedInIteration(loop ast.Stmt, spawn ast.Node) bool {
	g := c.started(spawn)
	return g == nil || g.AwaitedInIteration(loop)
}

// started is the await model's goroutine of spawn, or nil.
func (c *checker) started(spawn ast.Node) *await.Goroutine {
	return c.await.Goroutine(spawn)
}

// endsWithRequest reports whether the goroutine ends with the request: it
// waits on a context that its starter does not detach, or reads an RPC's
// stream, which fails once the RPC ends.
func endsWithRequest(g *await.Goroutine) bool {
	return g.WaitsOnContext() || g.Calls(func(call *ssa.CallCommon) bool {
		return call.IsInvoke() && call.Method.Name() == "Recv" && reqscope.IsStream(call.Value.Type())
	})
}

func inside(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }
