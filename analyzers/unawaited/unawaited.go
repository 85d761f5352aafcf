package unawaited

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analyzerdoc"
	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/cpufacts"
	"github.com/concurlint/concurlint/internal/provenance"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/spawns"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports futures that nobody awaits: result channels, channel
// fields, future constructors and WaitGroups or errgroups whose goroutines
// the code that started them may never receive from or wait for.
var Analyzer = &analysis.Analyzer{
	Name:      "unawaited",
	Doc:       analyzerdoc.Extract(doc, "unawaited"),
	URL:       "https://github.com/concurlint/concurlint#unawaited-futures-nobody-awaits",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, spawns.Analyzer, cpufacts.Analyzer},
	FactTypes: []analysis.Fact{new(Future), new(StopsReceiving)},
	Run:       run,
}

// Future marks a function that returns a future: a channel that a
// goroutine it started sends on, or an *errgroup.Group it started
// goroutines in.
type Future struct {
	Kind   string // "channel" or "group"
	Result int    // index of the future among the results
	Leaks  bool   // the producer blocks forever when nobody receives (too small a buffer)
}

func (*Future) AFact() {}

// droppedNonblocking reports dropped futures whose producer cannot block
// (a buffered, single-send channel: a supervisor's error channel, ignored
// on purpose), which errcheck would rather report.
var droppedNonblocking bool

// abandonedStreams turns on rule 5: on the corpus its findings were true
// in 4 of 10 (producers paced by an input, a last error on a sibling
// channel, a send that runs once in its loop: see docs/evaluation.md).
var abandonedStreams bool

func init() {
	Analyzer.Flags.BoolVar(&droppedNonblocking, "dropped-nonblocking", false,
		"also report dropped futures whose producer cannot block (a buffered channel with room for its sends)")
	Analyzer.Flags.BoolVar(&abandonedStreams, "streams", false,
		"also report abandoned streams (rule 5): producers that send in a loop to a consumer that may stop receiving")
}

func (f *Future) String() string {
	s := fmt.Sprintf("future(%s, result %d)", f.Kind, f.Result)
	if f.Leaks {
		s += " leaks"
	}
	return s
}

func run(pass *analysis.Pass) (any, error) { return runChecks(pass, true) }

// ExportFacts is Run as go vet needs it on a package analysed for its
// facts only (a dependency of the packages named, see analyzers.FactsOnly):
// it exports the same facts, without the rules, whose findings go vet drops
// there.
func ExportFacts(pass *analysis.Pass) (any, error) { return runChecks(pass, false) }

// runChecks exports the package's facts and, if findings, reports its
// findings.
func runChecks(pass *analysis.Pass, findings bool) (any, error) {
	// The functions that only compute (cpufacts) start, await and hand on
	// no goroutine, channel or group.
	skip := pass.ResultOf[cpufacts.Analyzer].(*cpufacts.Result).Skip
	ssabuild.With(pass, skip, func(funcs []*ssa.Function) { check(pass, funcs, findings) })
	return nil, nil
}

func check(pass *analysis.Pass, funcs []*ssa.Function, findings bool) {
	c := &checker{
		pass:    pass,
		rep:     report.New(pass),
		insp:    pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		spawns:  pass.ResultOf[spawns.Analyzer].(*spawns.Result),
		await:   await.New(funcs, nil),
		calls:   map[token.Pos]*ast.CallExpr{},
		names:   map[token.Pos]string{},
		goLoops: map[token.Pos]ast.Stmt{},
		leaking: map[ssa.CallInstruction]bool{},

		paramSends: map[*ssa.Parameter]*sendSummary{},
	}
	c.indexSyntax()

	// Rule 3 needs the facts of this package's futures before it looks at
	// their calls, so futures are found first.
	c.exportFutures(funcs)
	c.exportConsumers(funcs)
	if !findings {
		return
	}
	for _, fn := range funcs {
		c.checkChannels(fn)       // rules 1 and 5
		c.checkDroppedFutures(fn) // rule 3
		c.checkWaitGroups(fn)     // rule 4
	}
	c.checkFields() // rule 2
}

// checker holds what the rules share during one pass.
type checker struct {
	pass   *analysis.Pass
	rep    *report.Reporter
	insp   *inspector.Inspector
	spawns *spawns.Result // spawn helpers: a call of one is a go statement
	await  *await.Model   // while check holds the SSA: the path questions of its functions

	calls   map[token.Pos]*ast.CallExpr  // by Lparen: the calls that SSA values point at
	names   map[token.Pos]string         // by Lparen of a call: the variable it is assigned to
	goLoops map[token.Pos]ast.Stmt       // by go keyword or a spawn helper call's Lparen: the innermost loop around it
	leaking map[ssa.CallInstruction]bool // spawns reported under rule 1: one diagnostic each

	paramSends map[*ssa.Parameter]*sendSummary   // how functions of the package send on their channel parameters (nil: they do more)
	chanVars   map[*types.Var]*chanVar           // lazily: the channel fields and package variables (rule 2, kept futures)
	localUses  map[*types.Var][]inspector.Cursor // with chanVars: the uses of local channel variables
	sizes      *provenance.Resolver              // lazily: buffers passed to constructors (rule 2)
}

// indexSyntax records, once per pass, the syntax that messages and fixes
// quote: calls by their Lparen (the position of SSA's MakeChan and Call),
// the variable a call is assigned to, and the loop around each go statement
// and call of a spawn helper.
func (c *checker) indexSyntax() {
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.GoStmt)(nil)}
	c.insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			c.calls[n.Lparen] = n
			if c.spawns.Spawned(n) != nil {
				c.indexLoop(n.Lparen, stack)
			}
		case *ast.AssignStmt:
			c.nameCalls(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			c.nameCalls(lhs, n.Values)
		case *ast.GoStmt:
			c.indexLoop(n.Go, stack)
		}
		return true
	})
}

// indexLoop records the innermost loop of the function around the spawn at
// pos, whose node is last on stack.
func (c *checker) indexLoop(pos token.Pos, stack []ast.Node) {
	for i := len(stack) - 2; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			c.goLoops[pos] = s.(ast.Stmt)
			return
		case *ast.FuncLit, *ast.FuncDecl:
			return
		}
	}
}

// nameCalls names the values of calls and composite literals after the
// variables they are assigned to, at the positions their SSA values have
// (a call's Lparen, a literal's Lbrace).
func (c *checker) nameCalls(lhs, rhs []ast.Expr) {
	for i, r := range rhs {
		r = ast.Unparen(r)
		if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
			r = ast.Unparen(u.X)
		}
		var pos token.Pos
		switch r := r.(type) {
		case *ast.CallExpr:
			pos = r.Lparen
		case *ast.CompositeLit:
			pos = r.Lbrace
		default:
			continue
		}
		if len(rhs) == len(lhs) {
			c.names[pos] = types.ExprString(lhs[i])
		} else if len(rhs) == 1 && len(lhs) > 0 {
			c.names[pos] = types.ExprString(lhs[0])
		}
	}
}

// nameOf names the value created at pos (a make or a call) for messages.
func (c *checker) nameOf(pos token.Pos, fallback string) string {
	if n, ok := c.names[pos]; ok && n != "_" {
		return n
	}
	return fallback
}

func (c *checker) line(pos token.Pos) int {
	return c.pass.Fset.Position(pos).Line
}

// returnPlace describes where a path ends, for messages: "the return at
// line 42", or "the end of the function at line 50" for an implicit return.
func (c *checker) returnPlace(fn *ssa.Function, ret *ssa.Return) (string, token.Pos) {
	if ret.Pos().IsValid() {
		return fmt.Sprintf("the return at line %d", c.line(ret.Pos())), ret.Pos()
	}
	end := fn.Pos()
	if syn := fn.Syntax(); syn != nil {
		end = syn.End() - 1
	}
	return fmt.Sprintf("the end of the function at line %d", c.line(end)), end
}
