package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/reqscope"
)

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
	cur.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(cur inspector.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			return !skip[n]
		case *ast.GoStmt, *ast.CallExpr:
			if c.isSpawn(n) {
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
// same function, whose trip count comes from input, with no bound and no
// wait for it before the loop's next iteration.
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
			if !ok || c.guarded(anc, count, inputs) || c.awaitedInIteration(loop.(ast.Stmt), cur.Node()) {
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
	c.checkPools(e)
	c.checkDetached(e)
}

const boundAdvice = "the client chooses how many goroutines, connections and backend calls the request makes; " +
	"bound them (errgroup's SetLimit, a semaphore, a worker pool) or reject inputs longer than a constant"

// messageAdvice is boundAdvice for the entries that run per message.
const messageAdvice = "the senders choose how many goroutines, connections and backend calls their messages make; " +
	"bound them (errgroup's SetLimit, a semaphore, a worker pool) or reject inputs longer than a constant"

func advice(e *reqscope.Entry) string {
	if e.Unit == "request" {
		return boundAdvice
	}
	return messageAdvice
}

func (c *checker) fanOutDiagnostic(e *reqscope.Entry, fo fanOut) analysis.Diagnostic {
	if fo.callee != nil {
		at := fmt.Sprintf("%s:%d", filepath.Base(fo.spawn.File), fo.spawn.Line)
		msg := fmt.Sprintf("%s passes %s (%s) to %s, which starts one goroutine per element of it with no bound (at %s); %s",
			e.Name, fo.input, fo.origin.Words, funcnames.Display(fo.callee, c.pass.Pkg)+joinVia(fo.spawn.Via), at, advice(e))
		d := analysis.Diagnostic{Pos: fo.node.Pos(), End: fo.node.End(), Message: msg}
		if f := c.pass.Fset.File(fo.spawn.Pos); fo.spawn.Pos.IsValid() && f != nil && f.Name() == fo.spawn.File {
			d.Related = []analysis.RelatedInformation{{Pos: fo.spawn.Pos, Message: "goroutines start here, one per element"}}
		}
		return d
	}
	msg := fmt.Sprintf("%s starts %s, %s, with no bound: %s", e.Name, fo.what, fo.origin.Words, advice(e))
	if c.goroutine(fo.node) != nil && c.directIn(e, fo.node) && !c.awaited(e, fo.node) {
		msg += "; and it never awaits them"
	}
	d := analysis.Diagnostic{Pos: fo.node.Pos(), Message: msg,
		Related: []analysis.RelatedInformation{{Pos: fo.loop.Pos(), Message: "the loop that starts " + fo.what}}}
	d.SuggestedFixes = c.setLimitFix(fo)
	return d
}
