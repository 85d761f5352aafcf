package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/funcnames"
)

// streamAccepts are the calls, in types.Func.FullName form, that accept a
// stream or read a frame from one multiplexed connection (a loop that
// calls one runs once per stream or frame the peer sends), or that run
// their function argument once per stream (gRPC's HandleStreams).
var streamAccepts = map[string]bool{
	"(github.com/quic-go/quic-go.Connection).AcceptStream":                      true,
	"(github.com/quic-go/quic-go.Connection).AcceptUniStream":                   true,
	"(*github.com/quic-go/quic-go.Conn).AcceptStream":                           true,
	"(*github.com/quic-go/quic-go.Conn).AcceptUniStream":                        true,
	"(github.com/lucas-clemente/quic-go.Session).AcceptStream":                  true,
	"(github.com/lucas-clemente/quic-go.Session).AcceptUniStream":               true,
	"(*github.com/hashicorp/yamux.Session).Accept":                              true,
	"(*github.com/hashicorp/yamux.Session).AcceptStream":                        true,
	"(*github.com/xtaci/smux.Session).Accept":                                   true,
	"(*github.com/xtaci/smux.Session).AcceptStream":                             true,
	"(*golang.org/x/net/http2.Framer).ReadFrame":                                true,
	"(*net/http.http2Framer).ReadFrame":                                         true, // net/http's bundled copy
	"(google.golang.org/grpc/internal/transport.ServerTransport).HandleStreams": true,
}

// headersFrames are the types of an HTTP/2 HEADERS frame: a function that
// takes one runs once per stream the client opens.
var headersFrames = [][2]string{
	{"golang.org/x/net/http2", "MetaHeadersFrame"},
	{"golang.org/x/net/http2", "HeadersFrame"},
	{"net/http", "http2MetaHeadersFrame"}, // net/http's bundled copy
	{"net/http", "http2HeadersFrame"},
}

// checkStreams reports the goroutines started once per stream, frame or
// message that the peer of one connection sends, or once per message of a
// queue consumer's loop, with no limit that the goroutine itself releases.
func (c *checker) checkStreams() {
	c.streamScopes = c.findStreamScopes()
	if len(c.streamScopes) == 0 {
		return
	}
	for cur := range c.root.Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		if !c.isSpawn(cur.Node()) {
			continue
		}
		if c.inTest(cur.Node()) {
			continue // a test's server serves the test's own client
		}
		if scope := c.streamScope(cur); scope != nil {
			c.reportStreamSpawn(cur, cur, scope)
		}
	}
	for cur := range c.root.Preorder((*ast.FuncDecl)(nil)) {
		if _, ok := c.streamScopes[cur.Node()]; ok && !c.inTest(cur.Node()) {
			c.checkStreamCallees(cur)
		}
	}
}

func (c *checker) inTest(n ast.Node) bool {
	return strings.HasSuffix(c.pass.Fset.File(n.Pos()).Name(), "_test.go")
}

// findStreamScopes finds the loops, callbacks, type switch cases and
// functions that run once per stream or message of one connection, and the
// loops of queue consumers, with the words for what they run per.
func (c *checker) findStreamScopes() map[ast.Node]string {
	info := c.pass.TypesInfo
	scopes := map[ast.Node]string{}
	names := funcnames.NewNames(c.pass.Pkg)
	for scope, e := range c.messageLoops {
		scopes[scope] = e.Message
	}
	for cur := range c.root.Preorder((*ast.CallExpr)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.TypeSwitchStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			fn, ok := typeutil.Callee(info, n).(*types.Func)
			if !ok {
				break
			}
			name := names.Full(fn.Origin())
			if !streamAccepts[name] && !streamCalls[name] {
				break
			}
			display := funcnames.Display(fn, nil)
			if callbacks := funcArgs(n); len(callbacks) > 0 {
				for _, lit := range callbacks {
					scopes[lit] = "stream handed to the callback of " + display
				}
			} else if loop, ok := enclosingLoop(cur); ok {
				if fn.Name() == "ReadFrame" {
					scopes[loop] = "frame read by " + display
				} else {
					scopes[loop] = "stream accepted by " + display
				}
			}
		case *ast.RangeStmt:
			if ch, ok := info.TypeOf(n.X).Underlying().(*types.Chan); ok && isNamed(ch.Elem(), "golang.org/x/crypto/ssh", "NewChannel") {
				scopes[n] = "SSH channel the client opens (ranging over " + types.ExprString(n.X) + ")"
			}
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				if p := headersParam(fn); p != nil {
					scopes[n] = fmt.Sprintf("HEADERS frame, that is per stream the client opens (%s handles %s)",
						funcnames.Display(fn, c.pass.Pkg), types.TypeString(p.Type(), (*types.Package).Name))
				}
			}
		case *ast.TypeSwitchStmt:
			c.dispatchCases(cur, n, scopes)
		}
	}
	return scopes
}

// funcArgs are the function literals passed to call.
func funcArgs(call *ast.CallExpr) []*ast.FuncLit {
	var lits []*ast.FuncLit
	for _, arg := range call.Args {
		if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
			lits = append(lits, lit)
		}
	}
	return lits
}

// enclosingLoop is the innermost loop around cur in the same function.
func enclosingLoop(cur inspector.Cursor) (ast.Stmt, bool) {
	for anc := cur.Parent(); anc.Valid(); anc = anc.Parent() {
		switch n := anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, false
		case *ast.ForStmt, *ast.RangeStmt:
			return n.(ast.Stmt), true
		}
	}
	return nil, false
}

// headersParam is fn's parameter of an HTTP/2 HEADERS frame type, or nil.
func headersParam(fn *types.Func) *types.Var {
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		t := params.At(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		for _, h := range headersFrames {
			if isNamed(t, h[0], h[1]) {
				return params.At(i)
			}
		}
	}
	return nil
}

// dispatchCases adds to scopes the cases of a protocol dispatcher: a type
// switch, in a loop, on a message the loop reads from a connection
// (for { msg, err := readMessage(conn); switch msg.(type) { case *Request: go handle(msg) } }),
// itself or through a channel that a reader goroutine fills.
func (c *checker) dispatchCases(cur inspector.Cursor, sw *ast.TypeSwitchStmt, scopes map[ast.Node]string) {
	var x ast.Expr
	switch a := sw.Assign.(type) {
	case *ast.AssignStmt:
		x = a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		x = a.X.(*ast.TypeAssertExpr).X
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return
	}
	msg := c.pass.TypesInfo.Uses[id]
	loop, ok := enclosingLoop(cur)
	if msg == nil || !ok {
		return
	}
	read := c.readInto(loop, msg)
	if read == "" {
		return
	}
	for _, stmt := range sw.Body.List {
		clause := stmt.(*ast.CaseClause)
		if len(clause.List) == 0 {
			continue
		}
		var names []string
		for _, t := range clause.List {
			names = append(names, types.ExprString(t))
		}
		scopes[clause] = fmt.Sprintf("%s message read by %s (the peer sends as many as it likes)", strings.Join(names, " or "), read)
	}
}

func loopBody(loop ast.Stmt) *ast.BlockStmt {
	if r, ok := loop.(*ast.RangeStmt); ok {
		return r.Body
	}
	return loop.(*ast.ForStmt).Body
}

// readInto returns the name of the call that reads msg from a connection
// in the loop, or "": msg is assigned from a read call in the loop's body
// (a select's case included), or received from a channel that the package
// feeds with what a read call returns (a reader goroutine's
// c.inbox <- msg), or the loop ranges over such a channel.
func (c *checker) readInto(loop ast.Stmt, msg types.Object) string {
	info := c.pass.TypesInfo
	if r, ok := loop.(*ast.RangeStmt); ok {
		if id, ok := r.Key.(*ast.Ident); ok && info.ObjectOf(id) == msg {
			return c.readFeeds()[c.objectOf(r.X)]
		}
	}
	read := ""
	ast.Inspect(loopBody(loop), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 || !assignsTo(info, n, msg) {
				break
			}
			switch rhs := ast.Unparen(n.Rhs[0]).(type) {
			case *ast.CallExpr:
				read = c.readCall(rhs)
			case *ast.UnaryExpr:
				if rhs.Op == token.ARROW {
					read = c.readFeeds()[c.objectOf(rhs.X)]
				}
			}
		}
		return read == ""
	})
	return read
}

// readCall is the name of the function call calls when it reads from a
// connection: its name says it reads (read..., recv..., receive...), or it
// is given a net.Conn; or "".
func (c *checker) readCall(call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return ""
	}
	name := strings.ToLower(fn.Name())
	if strings.HasPrefix(name, "read") || strings.HasPrefix(name, "recv") || strings.HasPrefix(name, "receive") || c.onConn(call) {
		return funcnames.Display(fn, c.pass.Pkg)
	}
	return ""
}

// readFeeds maps each channel (a variable or field) that the package sends
// what a read call returned on to that call's name.
func (c *checker) readFeeds() map[types.Object]string {
	if c.feeds != nil {
		return c.feeds
	}
	info := c.pass.TypesInfo
	readVars := map[types.Object]string{}
	for cur := range c.root.Preorder((*ast.AssignStmt)(nil)) {
		assign := cur.Node().(*ast.AssignStmt)
		if call, ok := ast.Unparen(assign.Rhs[0]).(*ast.CallExpr); ok && len(assign.Rhs) == 1 {
			if read := c.readCall(call); read != "" {
				if id, ok := assign.Lhs[0].(*ast.Ident); ok && info.ObjectOf(id) != nil {
					readVars[info.ObjectOf(id)] = read
				}
			}
		}
	}
	c.feeds = map[types.Object]string{}
	for cur := range c.root.Preorder((*ast.SendStmt)(nil)) {
		send := cur.Node().(*ast.SendStmt)
		if id, ok := ast.Unparen(send.Value).(*ast.Ident); ok && readVars[info.Uses[id]] != "" {
			if ch := c.objectOf(send.Chan); ch != nil && c.feeds[ch] == "" {
				c.feeds[ch] = readVars[info.Uses[id]]
			}
		}
	}
	return c.feeds
}

func assignsTo(info *types.Info, assign *ast.AssignStmt, obj types.Object) bool {
	for _, lhs := range assign.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && info.ObjectOf(id) == obj {
			return true
		}
	}
	return false
}

// onConn reports whether call's receiver or an argument is a net.Conn.
func (c *checker) onConn(call *ast.CallExpr) bool {
	operands := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		operands = append([]ast.Expr{sel.X}, operands...)
	}
	for _, e := range operands {
		if t := c.pass.TypesInfo.TypeOf(e); t != nil && isNamed(t, "net", "Conn") {
			return true
		}
	}
	return false
}

// streamScope is the stream scope of its own function that the spawn at
// cur stands in, or nil: then it does not run once per stream.
func (c *checker) streamScope(cur inspector.Cursor) ast.Node {
	for anc := cur.Parent(); anc.Valid(); anc = anc.Parent() {
		if _, ok := c.streamScopes[anc.Node()]; ok {
			return anc.Node()
		}
		switch anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// checkStreamCallees reports the spawns of the package's functions that
// the function at cur, run per stream, calls directly: each call starts one
// more goroutine per stream.
func (c *checker) checkStreamCallees(cur inspector.Cursor) {
	for call := range cur.Preorder((*ast.CallExpr)(nil)) {
		fn := typeutil.StaticCallee(c.pass.TypesInfo, call.Node().(*ast.CallExpr))
		if fn == nil || fn.Pkg() != c.pass.Pkg || c.decls[fn.Origin()] == nil || c.streamScopes[c.decls[fn.Origin()]] != "" {
			continue
		}
		callee, ok := c.cursor(c.decls[fn.Origin()].Body)
		if !ok {
			continue
		}
		for spawn := range callee.Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
			if c.goroutine(spawn.Node()) != nil {
				c.reportStreamSpawn(call, spawn, cur.Node())
			}
		}
	}
}

const streamAdvice = "acquire a limit before the go (a semaphore, a quota) and release it in the goroutine when it ends (defer), " +
	"or hand the work to a fixed pool of workers"

// peerChooses says how the peer sets the number of goroutines started per
// scope.
func (c *checker) peerChooses(scope ast.Node) string {
	if c.messageLoops[scope] != nil {
		return "the publishers choose how many run at once, sending messages faster than their goroutines end; "
	}
	if strings.Contains(c.streamScopes[scope], " message ") {
		return "the peer chooses how many run at once, sending messages faster than their goroutines end; "
	}
	return "the peer chooses how many run at once, and can open and reset streams faster than they end; "
}

// iteration is the loop that scope is, or whose message a select case of
// it receives; or nil.
func (c *checker) iteration(scope ast.Node) ast.Stmt {
	switch loop := scope.(type) {
	case *ast.RangeStmt, *ast.ForStmt:
		return loop.(ast.Stmt)
	}
	if e := c.messageLoops[scope]; e != nil {
		return e.Loop
	}
	return nil
}

// reportStreamSpawn reports the spawn at spawn, reached once per run of
// scope from at (the spawn itself, or a call of the function that holds
// it), unless a limit the goroutine releases bounds it, or the loop that
// is the scope awaits it before its next iteration.
func (c *checker) reportStreamSpawn(at, spawn inspector.Cursor, scope ast.Node) {
	if c.reported[at.Node()] || c.reported[spawn.Node()] {
		return
	}
	if loop := c.iteration(scope); loop != nil && at == spawn && c.awaitedInIteration(loop, spawn.Node()) {
		return
	}
	l := c.streamLimit(spawn)
	if !l.bounded && c.messageLoops[scope] != nil && l.note == "" {
		l = c.prefetchVerdict(spawn)
	}
	if l.bounded {
		return
	}
	what := c.streamScopes[scope]
	c.reported[at.Node()] = true
	c.reported[spawn.Node()] = true
	msg := fmt.Sprintf("%s starts one goroutine per %s, with no bound: %s%s", c.funcName(at), what, c.peerChooses(scope), streamAdvice)
	d := analysis.Diagnostic{Pos: at.Node().Pos(), End: at.Node().End()}
	if at != spawn {
		p := c.pass.Fset.Position(spawn.Node().Pos())
		msg = fmt.Sprintf("%s calls %s once per %s, which starts a goroutine with no bound (at %s:%d): %s%s",
			c.funcName(at), types.ExprString(at.Node().(*ast.CallExpr).Fun), what, filepath.Base(p.Filename), p.Line, c.peerChooses(scope), streamAdvice)
		d.Related = []analysis.RelatedInformation{{Pos: spawn.Node().Pos(), Message: "the goroutine starts here, once per call"}}
	}
	d.Message = msg + l.note
	c.rep.Report(d)
}
