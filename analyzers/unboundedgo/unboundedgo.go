package unboundedgo

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analyzerdoc"
	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/cpufacts"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/reqscope"
	"github.com/concurlint/concurlint/internal/spawns"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that request scope starts without a bound:
// one per item of what the client sent, or one per request that nobody
// awaits.
var Analyzer = &analysis.Analyzer{
	Name:      "unboundedgo",
	Doc:       analyzerdoc.Extract(doc, "unboundedgo"),
	URL:       "https://github.com/concurlint/concurlint#unboundedgo-a-goroutine-per-request-item-with-no-bound",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, pools.Analyzer, reqscope.Analyzer, spawns.Analyzer, cpufacts.Analyzer},
	FactTypes: []analysis.Fact{new(PerElement), new(Detaches)},
	Run:       run,
}

var (
	acceptLoops bool
	handlers    = funcnames.List{}
	streamCalls = funcnames.List{}
	queueReads  = funcnames.List{}
)

func init() {
	Analyzer.Flags.BoolVar(&acceptLoops, "accept", false, "also report accept loops that start a goroutine per connection with no bound")
	Analyzer.Flags.Var(handlers, "handlers", "more entry points in request scope, or subscription APIs (a function with a function parameter) "+
		"whose function arguments run once per message, comma-separated: pkg/path.Func,(*pkg/path.T).Method")
	Analyzer.Flags.Var(queueReads, "messages", "more calls of queue consumers: one that returns a channel makes a loop over a channel of its element type run once per message, "+
		"any other makes the loop around its call run once per message, comma-separated: pkg/path.Func,(*pkg/path.T).Method")
	Analyzer.Flags.Var(streamCalls, "streams", "more calls that accept a stream or read a message from one connection (a loop calling one runs per stream), "+
		"or that run their function argument per stream, comma-separated: pkg/path.Func,(*pkg/path.T).Method")
}

type checker struct {
	pass     *analysis.Pass
	skip     map[*types.Func]bool // the functions built without SSA bodies
	root     inspector.Cursor
	pools    *pools.Result
	rep      *report.Reporter
	scope    *reqscope.Result
	spawns   *spawns.Result
	decls    map[*types.Func]*ast.FuncDecl
	facts    map[*types.Func]*PerElement // the package's own
	callees  *chains.Table               // maySpawn and detaches, by buildCallees
	await    *await.Model                // while run holds the SSA
	reported map[ast.Node]bool

	streamScopes map[ast.Node]string               // loops, callbacks, cases and functions run per stream or message
	messageLoops map[ast.Node]*reqscope.Entry      // the loops of queue consumers, by their Scope
	setsPrefetch func() bool                       // findPrefetch, once
	handlersOf   map[types.Object][]*ast.BlockStmt // by messageHandlers, once
	releasedIn   map[types.Object]string           // by releasers, once
	feeds        map[types.Object]string           // by readFeeds, once
}

func run(pass *analysis.Pass) (any, error) { return runChecks(pass, true) }

// ExportFacts is Run as go vet needs it on a package analysed for its
// facts only (a dependency of the packages named, see analyzers.FactsOnly):
// it exports the same facts, without the checks, whose findings go vet drops
// there.
func ExportFacts(pass *analysis.Pass) (any, error) { return runChecks(pass, false) }

// runChecks exports the package's facts and, if findings, reports its
// findings.
func runChecks(pass *analysis.Pass, findings bool) (any, error) {
	c := &checker{
		pass:     pass,
		root:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root(),
		pools:    pass.ResultOf[pools.Analyzer].(*pools.Result),
		rep:      report.New(pass),
		scope:    pass.ResultOf[reqscope.Analyzer].(*reqscope.Result),
		spawns:   pass.ResultOf[spawns.Analyzer].(*spawns.Result),
		decls:    map[*types.Func]*ast.FuncDecl{},
		facts:    map[*types.Func]*PerElement{},
		reported: map[ast.Node]bool{},

		messageLoops: map[ast.Node]*reqscope.Entry{},
	}
	c.setsPrefetch = sync.OnceValue(c.findPrefetch)
	for cur := range c.root.Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
			c.decls[fn] = decl
		}
	}
	spawnsAt := c.spawnsAt()
	if !findings && len(spawnsAt) == 0 && !chains.NamesFunc(pass, func(fn *types.Func) bool {
		return fn.Pkg() != pass.Pkg && (pass.ImportObjectFact(fn, new(PerElement)) || pass.ImportObjectFact(fn, new(Detaches)))
	}) {
		// No function of the package can start a goroutine, nor call one
		// that does, so none has a fact: most dependencies, which then
		// cost no SSA form here.
		return nil, nil
	}
	// The functions that only compute (cpufacts) start, await and hand on
	// no goroutine, channel or group.
	c.skip = pass.ResultOf[cpufacts.Analyzer].(*cpufacts.Result).Skip
	ssabuild.With(pass, c.skip, func(funcs []*ssa.Function) {
		c.await = await.New(funcs, pools.IsGroup)
		c.check(findings, spawnsAt)
	})
	return nil, nil
}

// spawnsAt finds the package's spawns: go statements by their go, spawn
// helpers' calls by their parenthesis.
func (c *checker) spawnsAt() map[token.Pos]ast.Node {
	spawnsAt := map[token.Pos]ast.Node{}
	for cur := range c.root.Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		if !c.isSpawn(cur.Node()) {
			continue
		}
		switch n := cur.Node().(type) {
		case *ast.GoStmt:
			spawnsAt[n.Go] = n
		case *ast.CallExpr:
			spawnsAt[n.Lparen] = n
		}
	}
	return spawnsAt
}

// check finds the package's request scope, exports the facts of the
// functions outside it and, if findings, reports what it starts.
func (c *checker) check(findings bool, spawnsAt map[token.Pos]ast.Node) {
	pass := c.pass
	entries := reqscope.Find(pass, c.root.Inspector(), handlers, queueReads)
	isEntry := map[*types.Func]bool{}
	for _, e := range entries {
		if e.Func != nil {
			isEntry[e.Func] = true
		}
	}
	c.callees = c.buildCallees(isEntry, spawnsAt)
	c.exportFacts(isEntry)
	if !findings {
		return
	}
	literals := map[ast.Node]bool{}
	for _, e := range entries {
		if e.Lit != nil {
			literals[e.Lit] = true
		}
		if e.Loop != nil {
			c.messageLoops[e.Scope()] = e
		}
	}
	for _, e := range entries {
		c.checkEntry(e, literals)
		c.checkCallees(e, isEntry)
	}
	c.checkStreams()
	if acceptLoops {
		c.checkAcceptLoops()
	}
}

// goroutine returns what n runs in a new goroutine, one per run of n: the
// call of a go statement, or the function argument of a spawn helper's
// call (safe.Go(f), s.startGoRoutine(f)), which is a go statement for
// every rule; nil for any other node.
func (c *checker) goroutine(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.GoStmt:
		return n.Call
	case *ast.CallExpr:
		if c.pools.IsSpawnCall(n) || pools.IsSubmit(c.pass.TypesInfo, n) {
			return nil // a group's Go (its Wait awaits it), or a pool's Submit, though their own go statements may make them helpers
		}
		return c.spawns.Spawned(n)
	}
	return nil
}

// isSpawn reports whether n starts one goroutine per run with no bound of
// its own: a go statement, a spawn helper's call, or a Go call of a group
// (errgroup, WaitGroup.Go).
func (c *checker) isSpawn(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	return c.goroutine(n) != nil || (ok && c.pools.IsSpawnCall(call))
}

// cursor finds the cursor of n, by position rather than by a walk of the
// whole package.
func (c *checker) cursor(n ast.Node) (inspector.Cursor, bool) {
	if cur, ok := c.root.FindByPos(n.Pos(), n.End()); ok {
		for ; cur.Valid() && cur.Node() != nil; cur = cur.Parent() {
			if cur.Node() == n {
				return cur, true
			}
			if cur.Node().Pos() < n.Pos() || cur.Node().End() > n.End() {
				break
			}
		}
	}
	return c.root.FindNode(n)
}

// objectOf is the variable or field e names.
func (c *checker) objectOf(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return c.pass.TypesInfo.Uses[e]
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[e]; ok {
			return sel.Obj()
		}
	case *ast.UnaryExpr:
		return c.objectOf(e.X)
	}
	return nil
}

func isNamed(t types.Type, pkg, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == pkg && named.Obj().Name() == name
}

// funcName names the function that encloses cur, for messages.
func (c *checker) funcName(cur inspector.Cursor) string {
	lit := false
	for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		decl, ok := fn.Node().(*ast.FuncDecl)
		if !ok {
			lit = true
			continue
		}
		name := "function " + decl.Name.Name
		if obj, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
			name = funcnames.Display(obj, c.pass.Pkg)
		}
		if lit {
			return "func literal in " + name
		}
		return name
	}
	return "package initialisation"
}
