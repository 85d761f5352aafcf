package unboundedgo

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/analyzerdoc"
	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/reqscope"
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
	Requires:  []*analysis.Analyzer{inspect.Analyzer, pools.Analyzer},
	FactTypes: []analysis.Fact{new(PerElement), new(Hijacks)},
	Run:       run,
}

var (
	acceptLoops bool
	handlers    = funcnames.List{}
)

func init() {
	Analyzer.Flags.BoolVar(&acceptLoops, "accept", false, "also report accept loops that start a goroutine per connection with no bound")
	Analyzer.Flags.Var(handlers, "handlers", "more entry points in request scope, comma-separated: pkg/path.Func,(*pkg/path.T).Method")
}

// PerElement marks a function that starts one goroutine per element of
// some of its parameters, with no bound: a request-scope caller that
// passes request data there is reported at the call.
type PerElement struct {
	Spawns []ElementSpawn
}

// ElementSpawn is one parameter that sets a goroutine count, and the go
// statement (or Go call) that the count applies to.
type ElementSpawn struct {
	Param int
	Pos   token.Pos // the spawn; valid only where the file set is shared
	File  string    // where the spawn stands, for messages in any file set
	Line  int
	Via   string // the calls from the function to the spawn: "fetchAll → fetchOne", or ""
}

func (*PerElement) AFact() {}

func (f *PerElement) String() string {
	var parts []string
	for _, s := range f.Spawns {
		parts = append(parts, fmt.Sprintf("param %d", s.Param))
	}
	return "spawns one goroutine per element of " + strings.Join(parts, ", ")
}

// spawnOf returns the spawn recorded for parameter i, or nil.
func (f *PerElement) spawnOf(i int) *ElementSpawn {
	for k := range f.Spawns {
		if f.Spawns[k].Param == i {
			return &f.Spawns[k]
		}
	}
	return nil
}

// Hijacks marks a function that takes over an HTTP connection: it calls
// Hijack (http.Hijacker, http.ResponseController), itself or through its
// calls, as websocket upgraders do. A handler that calls it serves the
// connection from then on, as an accept loop does.
type Hijacks struct{}

func (*Hijacks) AFact() {}

func (*Hijacks) String() string { return "hijacks" }

type checker struct {
	pass      *analysis.Pass
	root      inspector.Cursor
	pools     *pools.Result
	rep       *report.Reporter
	decls     map[*types.Func]*ast.FuncDecl
	facts     map[*types.Func]*PerElement // the package's own
	hijackers map[*types.Func]bool        // the package's own
	reported  map[ast.Node]bool
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:      pass,
		root:      pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root(),
		pools:     pass.ResultOf[pools.Analyzer].(*pools.Result),
		rep:       report.New(pass),
		decls:     map[*types.Func]*ast.FuncDecl{},
		facts:     map[*types.Func]*PerElement{},
		hijackers: map[*types.Func]bool{},
		reported:  map[ast.Node]bool{},
	}
	for cur := range c.root.Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
			c.decls[fn] = decl
		}
	}
	c.exportHijackers()
	entries := reqscope.Find(pass, handlers)
	c.exportFacts(entries)
	literals := map[ast.Node]bool{}
	for _, e := range entries {
		if e.Lit != nil {
			literals[e.Lit] = true
		}
	}
	for _, e := range entries {
		c.checkEntry(e, literals)
	}
	if acceptLoops {
		c.checkAcceptLoops()
	}
	return nil, nil
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

// fanOut is a spawn site, or a call of a PerElement function, that starts
// one goroutine per item of input.
type fanOut struct {
	node   ast.Node // the go statement, Go call, or call of a PerElement function
	loop   ast.Stmt // the loop whose trip count comes from input; nil for a call
	what   string   // "one goroutine per element of req.IDs"
	input  string   // for a call: the argument, "req.IDs"
	origin reqscope.Origin
	callee *types.Func   // for a call: the PerElement function
	spawn  *ElementSpawn // for a call: where its goroutines start
}

// fanOuts finds the unbounded fan-outs in body, leaving out the function
// literals in skip (entry points of their own).
func (c *checker) fanOuts(body ast.Node, inputs *reqscope.Inputs, skip map[ast.Node]bool) []fanOut {
	cur, ok := c.cursor(body)
	if !ok {
		return nil
	}
	var found []fanOut
	info := c.pass.TypesInfo
	cur.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(cur inspector.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			return !skip[n]
		case *ast.GoStmt:
			if fo, ok := c.spawnFanOut(cur, inputs); ok {
				found = append(found, fo)
			}
		case *ast.CallExpr:
			if pools.IsSpawnCall(info, n) {
				if fo, ok := c.spawnFanOut(cur, inputs); ok {
					found = append(found, fo)
				}
			} else if fo, ok := c.callFanOut(cur, inputs); ok {
				found = append(found, fo)
			}
		}
		return true
	})
	return found
}

// spawnFanOut reports whether the spawn at cur stands in a loop, in the
// same function, whose trip count comes from input, with no bound.
func (c *checker) spawnFanOut(cur inspector.Cursor, inputs *reqscope.Inputs) (fanOut, bool) {
	if p := c.pools.At(cur.Node()); p != nil && p.Limiting() {
		return fanOut{}, false
	}
	for anc := cur.Parent(); anc.Valid(); anc = anc.Parent() {
		switch loop := anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return fanOut{}, false
		case *ast.RangeStmt, *ast.ForStmt:
			what, origin, count, ok := c.trip(loop.(ast.Stmt), inputs)
			if !ok || c.guarded(anc, count, inputs) {
				continue
			}
			return fanOut{node: cur.Node(), loop: loop.(ast.Stmt), what: what, origin: origin}, true
		}
	}
	return fanOut{}, false
}

// trip says how a loop's trip count comes from input: the words for the
// goroutines it starts, the input's origin, and the expression whose
// length a guard may check.
func (c *checker) trip(loop ast.Stmt, inputs *reqscope.Inputs) (string, reqscope.Origin, ast.Expr, bool) {
	info := c.pass.TypesInfo
	switch loop := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(loop.X)
		if t == nil {
			break
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if _, isArray := t.Underlying().(*types.Array); isArray {
			break // a constant length
		}
		o, ok := inputs.Of(loop.X)
		if !ok {
			break
		}
		x := types.ExprString(loop.X)
		if b, isBasic := t.Underlying().(*types.Basic); isBasic && b.Info()&types.IsInteger != 0 {
			return "as many goroutines as " + x, o, loop.X, true
		}
		return "one goroutine per element of " + x, o, loop.X, true
	case *ast.ForStmt:
		if isAcceptLoop(info, loop) {
			break
		}
		if loop.Cond != nil {
			if o, ok := condInput(loop.Cond, inputs); ok {
				return "one goroutine per iteration of a loop while " + types.ExprString(loop.Cond), o, loop.Cond, true
			}
			break
		}
		// for { msg, err := stream.Recv(); ...; go handle(msg) }
		for _, stmt := range loop.Body.List {
			assign, ok := stmt.(*ast.AssignStmt)
			if !ok || len(assign.Rhs) != 1 {
				continue
			}
			call, ok := ast.Unparen(assign.Rhs[0]).(*ast.CallExpr)
			if !ok {
				continue
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if o, ok := inputs.Of(sel.X); ok {
					return "one goroutine per value read from " + types.ExprString(sel.X), o, nil, true
				}
			}
		}
	}
	return "", reqscope.Origin{}, nil, false
}

// condInput reports whether a loop condition lets input set the trip
// count: a comparison with input (i < len(ids), i < n), a method of input
// (dec.More(), scanner.Scan()); under &&, only when no other operand is a
// comparison that does not involve input (i < 10 && dec.More() stops at 10).
func condInput(cond ast.Expr, inputs *reqscope.Inputs) (reqscope.Origin, bool) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return condInput(e.X, inputs)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LOR:
			if o, ok := condInput(e.X, inputs); ok {
				return o, true
			}
			return condInput(e.Y, inputs)
		case token.LAND:
			ox, okX := condInput(e.X, inputs)
			oy, okY := condInput(e.Y, inputs)
			if (!okX && isComparison(e.X)) || (!okY && isComparison(e.Y)) {
				return reqscope.Origin{}, false
			}
			if okX {
				return ox, true
			}
			return oy, okY
		case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
			return inputs.Of(e)
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			return inputs.Of(sel.X)
		}
	}
	return reqscope.Origin{}, false
}

func isComparison(e ast.Expr) bool {
	bin, ok := ast.Unparen(e).(*ast.BinaryExpr)
	return ok && (bin.Op == token.LSS || bin.Op == token.LEQ || bin.Op == token.GTR || bin.Op == token.GEQ || bin.Op == token.NEQ)
}

// callFanOut reports whether the call at cur passes input to a parameter
// of a PerElement function, with no guard on its length.
func (c *checker) callFanOut(cur inspector.Cursor, inputs *reqscope.Inputs) (fanOut, bool) {
	call := cur.Node().(*ast.CallExpr)
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return fanOut{}, false
	}
	fact := c.facts[fn.Origin()]
	if fact == nil && fn.Pkg() != c.pass.Pkg {
		var imported PerElement
		if c.pass.ImportObjectFact(fn.Origin(), &imported) {
			fact = &imported
		}
	}
	if fact == nil {
		return fanOut{}, false
	}
	for i, arg := range call.Args {
		s := fact.spawnOf(i)
		if s == nil {
			continue
		}
		o, ok := inputs.Of(arg)
		if !ok || c.guarded(cur, arg, inputs) {
			continue
		}
		input := types.ExprString(arg)
		return fanOut{node: call, what: "one goroutine per element of " + input, input: input, origin: o, callee: fn, spawn: s}, true
	}
	return fanOut{}, false
}

// guarded reports whether the length of count is bounded by a value that
// is not input: count is a slice to such a bound, or its length is checked
// against one on every path to the node at cur: by an if statement
// before it in an enclosing block that returns or truncates
// (if len(ids) > maxIDs { return }), or by an if around it
// (if len(ids) <= maxIDs { ... }).
func (c *checker) guarded(cur inspector.Cursor, count ast.Expr, inputs *reqscope.Inputs) bool {
	if count == nil {
		return false
	}
	// ids[:maxIDs] has at most maxIDs elements.
	if s, ok := ast.Unparen(count).(*ast.SliceExpr); ok && s.High != nil {
		if _, fromInput := inputs.Of(s.High); !fromInput {
			return true
		}
	}
	names := map[string]bool{}
	ast.Inspect(count, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			names[types.ExprString(e)] = true
		}
		return true
	})
	child := cur
	for anc := cur.Parent(); anc.Valid(); child, anc = anc, anc.Parent() {
		switch n := anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if child.Node() == n.Body && c.lenCheck(n.Cond, names, inputs, false) {
				return true
			}
		case *ast.BlockStmt:
			for _, stmt := range n.List {
				if stmt == child.Node() {
					break
				}
				if ifStmt, ok := stmt.(*ast.IfStmt); ok && c.lenCheck(ifStmt.Cond, names, inputs, true) &&
					(exits(ifStmt.Body) || truncates(ifStmt.Body, names)) {
					return true
				}
			}
		}
	}
	return false
}

// lenCheck reports whether cond compares the length of one of names with
// a bound that is not input: len(x) > bound when tooLong, len(x) <= bound
// otherwise; || joins alternatives when tooLong, && when not.
func (c *checker) lenCheck(cond ast.Expr, names map[string]bool, inputs *reqscope.Inputs, tooLong bool) bool {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if (tooLong && bin.Op == token.LOR) || (!tooLong && bin.Op == token.LAND) {
		return c.lenCheck(bin.X, names, inputs, tooLong) || c.lenCheck(bin.Y, names, inputs, tooLong)
	}
	x, op, bound := bin.X, bin.Op, bin.Y
	if !c.isLenOf(x, names) {
		x, bound = bin.Y, bin.X
		switch op { // bound < len(x) is len(x) > bound
		case token.LSS:
			op = token.GTR
		case token.LEQ:
			op = token.GEQ
		case token.GTR:
			op = token.LSS
		case token.GEQ:
			op = token.LEQ
		}
		if !c.isLenOf(x, names) {
			return false
		}
	}
	if _, fromInput := inputs.Of(bound); fromInput {
		return false
	}
	if tooLong {
		return op == token.GTR || op == token.GEQ
	}
	return op == token.LSS || op == token.LEQ
}

func (c *checker) isLenOf(e ast.Expr, names map[string]bool) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Builtin)
	return ok && b.Name() == "len" && names[types.ExprString(call.Args[0])]
}

// exits reports whether a block always leaves: its last statement returns,
// panics, or branches.
func exits(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	switch last := body.List[len(body.List)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := last.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// truncates reports whether a block cuts one of names down: ids = ids[:max].
func truncates(body *ast.BlockStmt, names map[string]bool) bool {
	for _, stmt := range body.List {
		if assign, ok := stmt.(*ast.AssignStmt); ok && len(assign.Lhs) == 1 && len(assign.Rhs) == 1 {
			if _, ok := ast.Unparen(assign.Rhs[0]).(*ast.SliceExpr); ok && names[types.ExprString(assign.Lhs[0])] {
				return true
			}
		}
	}
	return false
}

// exportFacts computes the PerElement facts of the package's functions
// outside request scope, following calls between them until nothing
// changes, and exports them.
func (c *checker) exportFacts(entries []*reqscope.Entry) {
	isEntry := map[*types.Func]bool{}
	for _, e := range entries {
		if e.Func != nil {
			isEntry[e.Func] = true
		}
	}
	var candidates []*types.Func
	for fn := range c.mayFanOut() {
		if !isEntry[fn] {
			candidates = append(candidates, fn)
		}
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].Pos() < candidates[j].Pos() })
	inputs := map[*types.Func]*reqscope.Inputs{}
	for _, fn := range candidates {
		inputs[fn] = reqscope.ParamInputs(c.pass.TypesInfo, fn.Type().(*types.Signature), c.decls[fn].Body)
	}
	for range 4 { // each round follows one more call between the package's functions
		changed := false
		for _, fn := range candidates {
			decl := c.decls[fn]
			for _, fo := range c.fanOuts(decl.Body, inputs[fn], nil) {
				if fo.origin.Param < 0 {
					continue
				}
				fact := c.facts[fn]
				if fact == nil {
					fact = &PerElement{}
					c.facts[fn] = fact
				}
				if fact.spawnOf(fo.origin.Param) == nil {
					fact.Spawns = append(fact.Spawns, c.elementSpawn(fo))
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	for fn, fact := range c.facts {
		c.pass.ExportObjectFact(fn, fact)
	}
}

// mayFanOut is a cheap filter: the functions with parameters that have a
// go statement, a spawn call or a call to a function with a fact of
// another package, and those that call one of them in the package. It
// walks each function once, then follows the calls backwards.
func (c *checker) mayFanOut() map[*types.Func]bool {
	may := map[*types.Func]bool{}
	callers := map[*types.Func][]*types.Func{} // in the package
	var queue []*types.Func
	for fn, decl := range c.decls {
		if decl.Type.Params.NumFields() == 0 {
			continue // no parameter to fan out over
		}
		spawns := false
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				spawns = true
			case *ast.CallExpr:
				callee := typeutil.StaticCallee(c.pass.TypesInfo, n)
				switch {
				case pools.IsSpawnCall(c.pass.TypesInfo, n):
					spawns = true
				case callee == nil:
				case callee.Pkg() == c.pass.Pkg:
					callers[callee.Origin()] = append(callers[callee.Origin()], fn)
				case c.pass.ImportObjectFact(callee.Origin(), new(PerElement)):
					spawns = true
				}
			}
			return true
		})
		if spawns {
			may[fn] = true
			queue = append(queue, fn)
		}
	}
	addCallers(may, queue, callers)
	return may
}

// addCallers adds to set, which holds the functions in queue, the
// functions of the package that call one of them, directly or through
// others.
func addCallers(set map[*types.Func]bool, queue []*types.Func, callers map[*types.Func][]*types.Func) {
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		for _, caller := range callers[fn] {
			if !set[caller] {
				set[caller] = true
				queue = append(queue, caller)
			}
		}
	}
}

// elementSpawn is what a fact records of a fan-out.
func (c *checker) elementSpawn(fo fanOut) ElementSpawn {
	if fo.spawn != nil { // through a call: the spawn is the callee's
		s := *fo.spawn
		s.Param = fo.origin.Param
		s.Via = chains.DisplayName(fo.callee, nil) + joinVia(s.Via)
		return s
	}
	p := c.pass.Fset.Position(fo.node.Pos())
	return ElementSpawn{Param: fo.origin.Param, Pos: fo.node.Pos(), File: p.Filename, Line: p.Line}
}

func joinVia(via string) string {
	if via == "" {
		return ""
	}
	return " → " + via
}

// checkEntry reports the unbounded goroutines of one entry point.
func (c *checker) checkEntry(e *reqscope.Entry, literals map[ast.Node]bool) {
	inputs := reqscope.EntryInputs(c.pass.TypesInfo, e)
	skip := map[ast.Node]bool{}
	for lit := range literals {
		if lit != e.Lit {
			skip[lit] = true
		}
	}
	for _, fo := range c.fanOuts(e.Body(), inputs, skip) {
		if c.reported[fo.node] {
			continue
		}
		c.reported[fo.node] = true
		c.rep.Report(c.fanOutDiagnostic(e, fo))
	}
	c.checkDetached(e)
}

const boundAdvice = "the client chooses how many goroutines, connections and backend calls the request makes; " +
	"bound them (errgroup's SetLimit, a semaphore, a worker pool) or reject inputs longer than a constant"

func (c *checker) fanOutDiagnostic(e *reqscope.Entry, fo fanOut) analysis.Diagnostic {
	if fo.callee != nil {
		at := fmt.Sprintf("%s:%d", filepath.Base(fo.spawn.File), fo.spawn.Line)
		msg := fmt.Sprintf("%s passes %s (%s) to %s, which starts one goroutine per element of it with no bound (at %s); %s",
			e.Name, fo.input, fo.origin.Words, chains.DisplayName(fo.callee, c.pass.Pkg)+joinVia(fo.spawn.Via), at, boundAdvice)
		d := analysis.Diagnostic{Pos: fo.node.Pos(), End: fo.node.End(), Message: msg}
		if f := c.pass.Fset.File(fo.spawn.Pos); fo.spawn.Pos.IsValid() && f != nil && f.Name() == fo.spawn.File {
			d.Related = []analysis.RelatedInformation{{Pos: fo.spawn.Pos, Message: "goroutines start here, one per element"}}
		}
		return d
	}
	msg := fmt.Sprintf("%s starts %s, %s, with no bound: %s", e.Name, fo.what, fo.origin.Words, boundAdvice)
	if _, isGo := fo.node.(*ast.GoStmt); isGo && c.directIn(e, fo.node) && !c.awaited(e, fo.node) {
		msg += "; and it never awaits them"
	}
	d := analysis.Diagnostic{Pos: fo.node.Pos(), Message: msg,
		Related: []analysis.RelatedInformation{{Pos: fo.loop.Pos(), Message: "the loop that starts " + fo.what}}}
	d.SuggestedFixes = c.setLimitFix(fo)
	return d
}

// checkDetached reports the go statements of an entry that it never
// awaits on any path: fire-and-forget per request.
func (c *checker) checkDetached(e *reqscope.Entry) {
	cur, ok := c.cursor(e.Body())
	if !ok || c.hijacks(e) {
		return
	}
	for g := range cur.Preorder((*ast.GoStmt)(nil)) {
		goStmt := g.Node().(*ast.GoStmt)
		if c.reported[goStmt] || c.reported[goStmt.Call] || !c.directIn(e, goStmt) || c.awaited(e, goStmt) {
			continue
		}
		c.reported[g.Node()] = true
		c.rep.Report(analysis.Diagnostic{Pos: g.Node().Pos(), Message: fmt.Sprintf(
			"%s starts a goroutine that it never awaits (no Wait, no receive of its result): "+
				"every request leaves one behind, with no limit and no backpressure; "+
				"wait for it before returning, or hand the work to a bounded worker pool or queue", e.Name)})
	}
}

// directIn reports whether n stands in the entry's own body, outside any
// function literal.
func (c *checker) directIn(e *reqscope.Entry, n ast.Node) bool {
	cur, ok := c.cursor(n)
	if !ok {
		return false
	}
	for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		return fn.Node() == e.Node()
	}
	return false
}

// awaited reports whether the entry awaits the goroutine started at spawn
// on some path, or the goroutine ends with the request: a Wait on a group
// it uses, a receive from (or a send to, or a close of) a channel it uses,
// a wait on a request context's Done, a Recv on the RPC's stream. A group that is not declared in the
// entry (or, for a literal, in the function around it) is waited for
// elsewhere; so is a channel that the function around a literal entry
// receives from.
func (c *checker) awaited(e *reqscope.Entry, spawn ast.Node) bool {
	info := c.pass.TypesInfo
	g := spawn.(*ast.GoStmt)
	code := []ast.Node{g.Call}
	if fn := typeutil.StaticCallee(info, g.Call); fn != nil {
		if decl := c.decls[fn.Origin()]; decl != nil {
			code = append(code, decl.Body)
		}
	}
	body := c.awaitScope(e)
	touched := map[types.Object]bool{}
	endsWithRequest := false
	for _, code := range code {
		ast.Inspect(code, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				// the callee's own locals are not how the entry awaits it
				if v, ok := info.Uses[n].(*types.Var); ok && (code == g.Call || v.Pos() < code.Pos() || v.Pos() >= code.End()) {
					touched[v] = true
				}
			case *ast.SelectorExpr:
				if sel, ok := info.Selections[n]; ok && sel.Kind() == types.FieldVal {
					touched[sel.Obj()] = true
				}
			case *ast.CallExpr:
				sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
				if !ok {
					break
				}
				if sel.Sel.Name == "Done" && isNamed(info.TypeOf(sel.X), "context", "Context") && !c.detachedContext(body, sel.X) {
					endsWithRequest = true // waits on the request's context
				}
				if sel.Sel.Name == "Recv" && reqscope.IsStream(info.TypeOf(sel.X)) {
					endsWithRequest = true // reads the RPC's stream, which fails once the RPC ends
				}
			}
			return true
		})
	}
	if endsWithRequest {
		return true
	}
	for obj := range touched {
		switch {
		case isGroup(obj.Type()):
			if obj.Pos() < body.Pos() || obj.Pos() >= body.End() || c.waitsOn(body, obj) {
				return true
			}
		case isChan(obj.Type()):
			if c.communicates(body, obj, g) {
				return true
			}
		}
	}
	return false
}

// awaitScope is where the entry's goroutines may be awaited: its body, or
// for a literal the outermost function around it (a test server's handler
// hands its results to the test).
func (c *checker) awaitScope(e *reqscope.Entry) ast.Node {
	if e.Lit == nil {
		return e.Decl.Body
	}
	cur, _ := c.cursor(e.Lit)
	var scope ast.Node = e.Lit.Body
	for fn := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		scope = fn.Node()
	}
	return scope
}

// hijacks reports whether the entry takes over the connection, itself or
// through a call: its goroutines then serve the connection, as an accept
// loop's do.
func (c *checker) hijacks(e *reqscope.Entry) bool {
	found := false
	ast.Inspect(e.Body(), func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && c.callHijacks(call) {
			found = true
		}
		return !found
	})
	return found
}

// callHijacks reports whether call is a Hijack call, or a call of a
// function known to hijack.
func (c *checker) callHijacks(call *ast.CallExpr) bool {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Hijack" {
		return true
	}
	callee := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if callee == nil {
		return false
	}
	if callee.Pkg() == c.pass.Pkg {
		return c.hijackers[callee.Origin()]
	}
	return c.pass.ImportObjectFact(callee.Origin(), new(Hijacks))
}

// exportHijackers finds the package's functions that hijack, directly or
// through calls (followed backwards from the direct ones, so that each
// function is walked once), and exports their Hijacks facts.
func (c *checker) exportHijackers() {
	callers := map[*types.Func][]*types.Func{} // in the package
	var queue []*types.Func
	for fn, decl := range c.decls {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if c.hijackers[fn] {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				if callee := typeutil.StaticCallee(c.pass.TypesInfo, call); callee != nil && callee.Pkg() == c.pass.Pkg {
					callers[callee.Origin()] = append(callers[callee.Origin()], fn)
				}
				if c.callHijacks(call) {
					c.hijackers[fn] = true
					queue = append(queue, fn)
				}
			}
			return true
		})
	}
	addCallers(c.hijackers, queue, callers)
	for fn := range c.hijackers {
		c.pass.ExportObjectFact(fn, new(Hijacks))
	}
}

// detachedContext reports whether ctx is, or is assigned in body from, a
// context that the request's end does not cancel.
func (c *checker) detachedContext(body ast.Node, ctx ast.Expr) bool {
	detached := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
					switch fn.Name() {
					case "Background", "TODO", "WithoutCancel":
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	if detached(ctx) {
		return true
	}
	id, ok := ast.Unparen(ctx).(*ast.Ident)
	if !ok {
		return false
	}
	obj := c.pass.TypesInfo.Uses[id]
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if assign, ok := n.(*ast.AssignStmt); ok {
			for i, lhs := range assign.Lhs {
				if l, ok := lhs.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(l) == obj {
					rhs := assign.Rhs[0]
					if len(assign.Rhs) == len(assign.Lhs) {
						rhs = assign.Rhs[i]
					}
					found = found || detached(rhs)
				}
			}
		}
		return !found
	})
	return found
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

// waitsOn reports whether body calls Wait on the group obj.
func (c *checker) waitsOn(body ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" && c.objectOf(sel.X) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// communicates reports whether body, outside the go statement g, receives
// from, sends on or closes the channel obj.
func (c *checker) communicates(body ast.Node, obj types.Object, g *ast.GoStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == g {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			found = found || (n.Op == token.ARROW && c.objectOf(n.X) == obj)
		case *ast.RangeStmt:
			found = found || c.objectOf(n.X) == obj
		case *ast.SendStmt:
			found = found || c.objectOf(n.Chan) == obj
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
				found = found || c.objectOf(n.Args[0]) == obj
			}
		}
		return !found
	})
	return found
}

func isGroup(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return isNamed(t, "sync", "WaitGroup") || isNamed(t, "golang.org/x/sync/errgroup", "Group") ||
		isNamed(t, "github.com/sourcegraph/conc", "WaitGroup")
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func isNamed(t types.Type, pkg, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == pkg && named.Obj().Name() == name
}

// setLimitFix inserts g.SetLimit(N) before the loop that calls g.Go, with
// N a named constant to tune, when that is safe: g is declared before the
// loop and starts no goroutine before it (SetLimit panics while goroutines
// of the group run).
func (c *checker) setLimitFix(fo fanOut) []analysis.SuggestedFix {
	info := c.pass.TypesInfo
	call, ok := fo.node.(*ast.CallExpr)
	if !ok || !pools.IsGroupGo(info, call) {
		return nil
	}
	id, ok := ast.Unparen(call.Fun.(*ast.SelectorExpr).X).(*ast.Ident)
	if !ok {
		return nil
	}
	obj, ok := info.Uses[id].(*types.Var)
	loopCur, found := c.cursor(fo.loop)
	if !ok || !found {
		return nil
	}
	start := fo.loop.Pos()
	if labeled, ok := loopCur.Parent().Node().(*ast.LabeledStmt); ok {
		start = labeled.Pos()
	}
	if obj.Pos() >= start || obj.Parent() == nil || obj.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	for fn := range loopCur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		usedBefore := false
		ast.Inspect(fn.Node(), func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && call.Pos() < start {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.objectOf(sel.X) == obj && sel.Sel.Name != "Wait" {
					usedBefore = true
				}
			}
			return !usedBefore
		})
		if usedBefore {
			return nil
		}
		break
	}
	name := "maxInFlight"
	scope := c.pass.Pkg.Scope().Innermost(start)
	for i := 2; scope != nil && func() bool { _, o := scope.LookupParent(name, start); return o != nil }(); i++ {
		name = fmt.Sprintf("maxInFlight%d", i)
	}
	indent := strings.Repeat("\t", c.pass.Fset.Position(start).Column-1)
	text := fmt.Sprintf("const %s = 8 // goroutines in flight: tune to what the downstream can take\n%s%s.SetLimit(%s)\n%s",
		name, indent, id.Name, name, indent)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("limit %s with %s.SetLimit(%s)", id.Name, id.Name, name),
		TextEdits: []analysis.TextEdit{{Pos: start, End: start, NewText: []byte(text)}},
	}}
}

// isAcceptLoop reports whether the loop's body accepts connections itself:
// it calls a method Accept (or AcceptTCP, AcceptUnix...) that returns a
// value and an error.
func isAcceptLoop(info *types.Info, loop *ast.ForStmt) bool {
	found := false
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !strings.HasPrefix(sel.Sel.Name, "Accept") {
				break
			}
			if sig, ok := info.TypeOf(n.Fun).(*types.Signature); ok && sig.Results().Len() == 2 &&
				types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// checkAcceptLoops reports, under -accept, the go statements and Go calls
// of accept loops that nothing bounds.
func (c *checker) checkAcceptLoops() {
	info := c.pass.TypesInfo
	for cur := range c.root.Preorder((*ast.ForStmt)(nil)) {
		loop := cur.Node().(*ast.ForStmt)
		if !isAcceptLoop(info, loop) {
			continue
		}
		cur.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(sc inspector.Cursor) bool {
			switch n := sc.Node().(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if !pools.IsSpawnCall(info, n) {
					return true
				}
			}
			if p := c.pools.At(sc.Node()); c.reported[sc.Node()] || (p != nil && p.Limiting()) {
				return true
			}
			c.reported[sc.Node()] = true
			c.rep.Report(analysis.Diagnostic{Pos: sc.Node().Pos(), Message: fmt.Sprintf(
				"%s starts one goroutine per accepted connection, with no bound: however many clients connect, "+
					"each gets a goroutine; limit the connections in flight (a semaphore acquired before the go, "+
					"netutil.LimitListener)", c.funcName(cur)),
				Related: []analysis.RelatedInformation{{Pos: loop.Pos(), Message: "the accept loop"}}})
			return true
		})
	}
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
			name = chains.DisplayName(obj, c.pass.Pkg)
		}
		if lit {
			return "func literal in " + name
		}
		return name
	}
	return "package initialisation"
}
