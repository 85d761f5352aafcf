package unboundedgo

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/reqscope"
)

// Hijacks marks a function that takes over an HTTP connection: it calls
// Hijack (http.Hijacker, http.ResponseController), itself or through its
// calls, as websocket upgraders do. A handler that calls it serves the
// connection from then on, as an accept loop does.
type Hijacks struct{}

func (*Hijacks) AFact() {}

func (*Hijacks) String() string { return "hijacks" }

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
