package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

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
		if !isAcceptLoop(info, loop) || c.streamScopes[loop] != "" {
			continue
		}
		cur.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(sc inspector.Cursor) bool {
			switch n := sc.Node().(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if !c.isSpawn(n) {
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
