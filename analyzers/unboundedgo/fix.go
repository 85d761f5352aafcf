package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/pools"
)

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
