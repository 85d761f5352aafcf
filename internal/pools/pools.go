// Package pools recognises worker pools: sets of goroutines whose number in
// flight is limited by a size. It finds counted loops that start workers,
// errgroups after SetLimit, channel and semaphore.Weighted semaphores around
// go statements, pools of well-known libraries, and calls of helpers that
// run a function argument in a pool sized by an int argument, and of
// starters that start a pool of their own workers sized by an int argument
// (both recognised across packages through a fact). A call of a spawn helper (package
// spawns) counts as a go statement. For each pool it says where goroutines
// start, what they run and where the size comes from.
package pools

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/provenance"
	"github.com/concurlint/concurlint/internal/spawns"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Analyzer finds the pools of a package. Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "pools",
	Doc:        "recognise worker pools and where their sizes come from, for the concurlint analyzers",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, spawns.Analyzer},
	FactTypes:  []analysis.Fact{new(HelperFact), new(provenance.Fact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

// Kind is the shape of a pool.
type Kind int

const (
	CountedLoop       Kind = iota // for i := 0; i < N; i++ { go ... }
	LimitedGroup                  // errgroup.Group after SetLimit(N)
	ChanSemaphore                 // sem <- struct{}{} before go, sem := make(chan T, N)
	WeightedSemaphore             // sem.Acquire before go, sem := semaphore.NewWeighted(N)
	Library                       // a pool library's constructor and Submit
	Helper                        // a call of a function that runs its argument in a pool
	Starter                       // a call of a function that starts a pool of its own workers
)

func (k Kind) String() string {
	return [...]string{"counted loop", "errgroup with SetLimit", "channel semaphore",
		"semaphore.Weighted", "pool library", "pool helper", "pool starter"}[k]
}

// Worker is the function every goroutine of a pool runs: a function
// literal, or a declared function or method of any package. All are nil
// when it cannot be known statically.
type Worker struct {
	Lit  *ast.FuncLit
	Func *types.Func
	// StartedBy, for the pool of a call of another package's pool
	// starter, is that starter: its workers are known through its facts
	// (blockfacts.WorkersFact), not by their code.
	StartedBy *types.Func
}

// Pool is one recognised pool.
type Pool struct {
	Kind     Kind
	Spawn    ast.Node // the go statement, or the Go, Submit, constructor or helper call
	SizeExpr ast.Expr
	Size     provenance.Size
	Worker   Worker
}

// Describe says in words how the pool limits its goroutines.
func (p *Pool) Describe() string {
	switch p.Kind {
	case CountedLoop:
		return "a loop that starts " + sizeName(p) + " goroutines"
	case LimitedGroup:
		return "an errgroup limited to " + sizeName(p) + " goroutines"
	case ChanSemaphore:
		return "a channel semaphore of " + sizeName(p) + " slots"
	case WeightedSemaphore:
		return "a semaphore.Weighted of " + sizeName(p)
	case Library:
		return "a pool of " + sizeName(p) + " workers"
	case Starter:
		return "a call that starts a pool of " + sizeName(p) + " workers"
	}
	return "a pool helper running " + sizeName(p) + " workers"
}

func sizeName(p *Pool) string {
	if p.Size.Class == provenance.Constant {
		return fmt.Sprint(p.Size.Value)
	}
	return types.ExprString(p.SizeExpr)
}

// HelperFact marks a function that starts a pool sized by its int
// parameter SizeParam: a helper, which runs its function parameter
// WorkerParam in it, like parallel.ForEach(n, items, f); or, when
// WorkerParam is -1, a starter, whose pool runs a worker of its own, like
// minio's (*TargetList).Init(workers int). Its callers are pools. A
// function that passes its own parameter as the size of such a call (and,
// to a helper, its function parameter or a worker of its own) is one in
// turn.
type HelperFact struct {
	SizeParam, WorkerParam int
}

func (*HelperFact) AFact() {}
func (f *HelperFact) String() string {
	if f.WorkerParam < 0 {
		return fmt.Sprintf("pool starter: size param %d", f.SizeParam)
	}
	return fmt.Sprintf("pool helper: size param %d, worker param %d", f.SizeParam, f.WorkerParam)
}

// Result lists the pools of a package.
type Result struct {
	Pools []*Pool
	// Provenance tells where the numbers of the package come from.
	Provenance *provenance.Resolver
	// Starters are the package's pool starters (HelperFact with
	// WorkerParam -1) and the worker of the pool each starts.
	Starters map[*types.Func]Worker
	bySpawn  map[ast.Node]*Pool
	info     *types.Info
	// unboundedSubmits are the Submit calls on pools built without their
	// library's optional bound (minio's errgroup without WithConcurrency).
	unboundedSubmits map[ast.Node]bool
}

// At returns the pool whose goroutines start at spawn, or nil.
func (r *Result) At(spawn ast.Node) *Pool { return r.bySpawn[spawn] }

// Limiting reports whether the pool limits how many of its goroutines run at
// once whatever loops surround its spawn site: a semaphore, a limited
// errgroup, a pool library or helper does; a counted loop does not, since
// it only starts N goroutines per run of the loop (and N itself may come
// from input).
func (p *Pool) Limiting() bool { return p.Kind != CountedLoop }

// IsSpawnCall reports whether call starts one goroutine per call with no
// bound of its own: sync.WaitGroup.Go, errgroup.Group.Go and TryGo,
// conc.WaitGroup.Go, and the Go of a library's pool built without its
// optional bound (minio's errgroup.WithNErrs(n) without WithConcurrency).
func (r *Result) IsSpawnCall(call *ast.CallExpr) bool {
	return spawnMethods[calleeName(r.info, call, nil)] || r.unboundedSubmits[call]
}

// IsSubmit reports whether call hands a task to a pool of a library of
// libraries.go (Submit, Go...), whether or not its pool's constructor is
// known.
func IsSubmit(info *types.Info, call *ast.CallExpr) bool {
	return libraryBySubmit(calleeName(info, call, nil)) != nil
}

// IsGroupGo reports whether call is Go or TryGo on an errgroup.Group, the
// calls whose goroutines SetLimit can bound.
func IsGroupGo(info *types.Info, call *ast.CallExpr) bool {
	key := calleeName(info, call, nil)
	return key == errgroupGo || key == errgroupTryGo
}

type scanner struct {
	pass        *analysis.Pass
	provenance  *provenance.Resolver
	spawns      *spawns.Result
	methodCalls map[types.Object][]*ast.CallExpr // calls x.M(...) by the object x names
	names       *funcnames.Names
	helpers     map[*types.Func]*HelperFact
	// pendingCalls are the calls of the package's functions not known as
	// helpers yet, by callee (see helperCall).
	pendingCalls map[*types.Func][]helperSite
	result       *Result
	// countedLoops are the candidate counted loops (see addCountedLoops).
	countedLoops []*Pool
}

func run(pass *analysis.Pass) (any, error) {
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	s := &scanner{
		pass:         pass,
		provenance:   provenance.NewResolver(pass, in),
		spawns:       pass.ResultOf[spawns.Analyzer].(*spawns.Result),
		methodCalls:  map[types.Object][]*ast.CallExpr{},
		names:        funcnames.NewNames(pass.Pkg),
		helpers:      map[*types.Func]*HelperFact{},
		pendingCalls: map[*types.Func][]helperSite{},
	}
	s.result = &Result{Provenance: s.provenance, Starters: map[*types.Func]Worker{}, bySpawn: map[ast.Node]*Pool{}, info: pass.TypesInfo, unboundedSubmits: map[ast.Node]bool{}}
	in.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if obj := s.provenance.Object(sel.X); obj != nil {
				s.methodCalls[obj] = append(s.methodCalls[obj], call)
			}
		}
	})

	starts := []ast.Node{(*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}
	in.WithStack(starts, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			s.spawn(n, stack)
		}
		return true
	})
	s.addCountedLoops()
	s.exportHelpers(in)
	s.provenance.ExportFacts()
	in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			s.helperCall(helperSite{n.(*ast.CallExpr), enclosingDecl(stack)})
		}
		return true
	})
	return s.result, nil
}

func (s *scanner) add(p *Pool) {
	if p.SizeExpr != nil {
		p.Size = s.provenance.Of(p.SizeExpr)
	}
	s.result.Pools = append(s.result.Pools, p)
	s.result.bySpawn[p.Spawn] = p
}

// spawn recognises the pool, if any, whose goroutines start at n.
func (s *scanner) spawn(n ast.Node, stack []ast.Node) {
	var worker Worker
	var recv types.Object
	switch n := n.(type) {
	case *ast.GoStmt:
		worker = s.goWorker(n)
	case *ast.CallExpr:
		key := s.calleeName(n)
		if lib := libraryByCtor(key); lib != nil && lib.workerArg >= 0 && lib.workerArg < len(n.Args) {
			s.add(&Pool{Kind: Library, Spawn: n, SizeExpr: arg(n, lib.sizeArg), Worker: s.funcWorker(n.Args[lib.workerArg])})
			return
		}
		lib := libraryBySubmit(key)
		switch {
		case lib != nil && len(n.Args) > 0:
			if ctor := s.receiverCtor(n, lib); ctor != nil {
				s.add(&Pool{Kind: Library, Spawn: n, SizeExpr: arg(ctor, lib.sizeArg), Worker: s.funcWorker(taskArg(s.pass.TypesInfo, n))})
				return
			}
			if !lib.unboundedWithout || !s.builtWithoutCtor(n) {
				return
			}
			s.result.unboundedSubmits[n] = true // a goroutine per task, like a group's Go
			worker = s.funcWorker(taskArg(s.pass.TypesInfo, n))
		case lib != nil:
			return
		case spawnMethods[key] && len(n.Args) > 0:
			worker = s.funcWorker(taskArg(s.pass.TypesInfo, n))
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				recv = s.provenance.Object(sel.X)
			}
		case s.spawns.Spawned(n) != nil: // a spawn helper: a go statement
			worker = s.funcWorker(s.spawns.Spawned(n))
		default:
			return
		}
	}
	if recv != nil {
		for _, call := range s.methodCalls[recv] {
			if methodName(call) == "SetLimit" && len(call.Args) == 1 {
				s.add(&Pool{Kind: LimitedGroup, Spawn: n, SizeExpr: call.Args[0], Worker: worker})
				return
			}
		}
	}
	if kind, size := s.acquiredBefore(n, stack); size != nil {
		s.add(&Pool{Kind: kind, Spawn: n, SizeExpr: size, Worker: worker})
		return
	}
	if bound := countedLoop(s.pass.TypesInfo, stack); bound != nil {
		s.countedLoops = append(s.countedLoops, &Pool{Kind: CountedLoop, Spawn: n, SizeExpr: bound, Worker: worker})
	}
}

// taskArg is the argument of function type of a call that submits a task:
// the last for most, the first for minio's Go(f, index).
func taskArg(info *types.Info, call *ast.CallExpr) ast.Expr {
	for _, a := range call.Args {
		if _, ok := info.TypeOf(a).Underlying().(*types.Signature); ok {
			return a
		}
	}
	return nil
}

func arg(call *ast.CallExpr, i int) ast.Expr {
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

// goWorker is the function a go statement runs.
func (s *scanner) goWorker(g *ast.GoStmt) Worker {
	if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
		return Worker{Lit: lit}
	}
	if fn := typeutil.StaticCallee(s.pass.TypesInfo, g.Call); fn != nil {
		return Worker{Func: fn.Origin()}
	}
	return s.funcWorker(g.Call.Fun)
}

// funcWorker is the function a function-valued expression denotes: a
// literal, a function, a method value, or a local variable holding one.
func (s *scanner) funcWorker(e ast.Expr) Worker {
	for range 4 { // through a few variables at most
		switch x := ast.Unparen(e).(type) {
		case *ast.FuncLit:
			return Worker{Lit: x}
		case *ast.Ident, *ast.SelectorExpr:
			switch obj := s.funcObject(x).(type) {
			case *types.Func:
				return Worker{Func: obj.Origin()}
			case *types.Var:
				if defs := s.provenance.Defs(obj); len(defs) == 1 {
					e = defs[0]
					continue
				}
			}
		}
		return Worker{}
	}
	return Worker{}
}

func (s *scanner) funcObject(e ast.Expr) types.Object {
	info := s.pass.TypesInfo
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if selection, ok := info.Selections[sel]; ok {
			return selection.Obj()
		}
		return info.Uses[sel.Sel]
	}
	return info.Uses[e.(*ast.Ident)]
}

// receiverCtor finds the library constructor call that produced the
// receiver of a Submit call, or, for a builder method, that was called on
// the receiver's variable (g.WithConcurrency(k) as a statement: the
// builders set the bound on their receiver).
func (s *scanner) receiverCtor(call *ast.CallExpr, lib *library) *ast.CallExpr {
	obj, defs := s.receiverDefs(call)
	for _, c := range defs {
		if ctor, ok := ast.Unparen(c).(*ast.CallExpr); ok && s.calleeName(ctor) == lib.ctor {
			return ctor
		}
	}
	for _, c := range s.methodCalls[obj] {
		if s.calleeName(c) == lib.ctor {
			return c
		}
	}
	return nil
}

// builtWithoutCtor reports whether every value the receiver of a Submit
// call may hold comes from a call seen in the package (none of them the
// constructor, which receiverCtor looks for): a receiver that is a
// parameter, or a field set elsewhere, may have been built with it.
func (s *scanner) builtWithoutCtor(call *ast.CallExpr) bool {
	_, defs := s.receiverDefs(call)
	return len(defs) > 0 && !slices.ContainsFunc(defs, func(e ast.Expr) bool {
		_, isCall := ast.Unparen(e).(*ast.CallExpr)
		return !isCall
	})
}

// receiverDefs returns the variable or field that the receiver of a method
// call names, if any, and the expressions it may hold: its definitions, or
// the receiver expression itself.
func (s *scanner) receiverDefs(call *ast.CallExpr) (types.Object, []ast.Expr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	if obj := s.provenance.Object(sel.X); obj != nil {
		return obj, s.provenance.Defs(obj)
	}
	return nil, []ast.Expr{sel.X}
}

// acquiredBefore finds a semaphore acquired by a statement that precedes
// the spawn in an enclosing block of the same function, by the condition of
// an if whose body holds the spawn, or by the select case that holds it: a
// send into a buffered channel, or Acquire/TryAcquire on a
// semaphore.Weighted.
func (s *scanner) acquiredBefore(n ast.Node, stack []ast.Node) (Kind, ast.Expr) {
	for i := len(stack) - 2; i >= 0; i-- {
		switch parent := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return 0, nil
		case *ast.IfStmt: // if sem.TryAcquire(1) { go ... }, if err := sem.Acquire(ctx, 1); err == nil { go ... }
			if stack[i+1] != parent.Body {
				break
			}
			if _, direct := ast.Unparen(parent.Cond).(*ast.CallExpr); direct {
				if kind, size := s.acquireCall(parent.Cond); size != nil {
					return kind, size
				}
			}
			if parent.Init != nil {
				if kind, size := s.acquire(parent.Init); size != nil {
					return kind, size
				}
			}
		case *ast.CommClause: // select { case sem <- struct{}{}: go ... }
			if parent.Comm != nil && stack[i+1] != parent.Comm {
				if kind, size := s.acquire(parent.Comm); size != nil {
					return kind, size
				}
			}
		case *ast.BlockStmt:
			at := slices.Index(parent.List, stack[i+1].(ast.Stmt))
			for j := at - 1; j >= max(0, at-maxLookBack); j-- {
				if kind, size := s.acquire(parent.List[j]); size != nil {
					return kind, size
				}
			}
		}
	}
	return 0, nil
}

// maxLookBack is how many statements before a spawn, in each enclosing
// block, may hold its semaphore's acquire. Acquires stand just before their
// go statement; the bound keeps a function of thousands of go statements
// linear.
const maxLookBack = 16

func (s *scanner) acquire(stmt ast.Stmt) (Kind, ast.Expr) {
	switch stmt := stmt.(type) {
	case *ast.SendStmt:
		if obj := s.provenance.Object(stmt.Chan); obj != nil {
			for _, def := range s.provenance.Defs(obj) {
				if call, ok := ast.Unparen(def).(*ast.CallExpr); ok && isMakeChan(s.pass.TypesInfo, call) && len(call.Args) == 2 {
					return ChanSemaphore, call.Args[1]
				}
			}
		}
	case *ast.IfStmt:
		if stmt.Init != nil {
			if kind, size := s.acquire(stmt.Init); size != nil {
				return kind, size
			}
		}
		return s.acquireCall(stmt.Cond)
	case *ast.ExprStmt:
		return s.acquireCall(stmt.X)
	case *ast.AssignStmt:
		if len(stmt.Rhs) == 1 {
			return s.acquireCall(stmt.Rhs[0])
		}
	}
	return 0, nil
}

func (s *scanner) acquireCall(e ast.Expr) (Kind, ast.Expr) {
	var found ast.Expr
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found != nil {
			return found == nil
		}
		key := s.calleeName(call)
		if key != weightedAcquire && key != weightedTryAcquire {
			return true
		}
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if obj := s.provenance.Object(sel.X); obj != nil {
			for _, def := range s.provenance.Defs(obj) {
				if ctor, ok := ast.Unparen(def).(*ast.CallExpr); ok &&
					s.calleeName(ctor) == newWeighted && len(ctor.Args) == 1 {
					found = ctor.Args[0]
				}
			}
		}
		return false
	})
	if found != nil {
		return WeightedSemaphore, found
	}
	return 0, nil
}

func isMakeChan(info *types.Info, call *ast.CallExpr) bool {
	if b, ok := typeutil.Callee(info, call).(*types.Builtin); !ok || b.Name() != "make" {
		return false
	}
	_, ok := info.TypeOf(call).Underlying().(*types.Chan)
	return ok
}

// countedLoop returns the bound of the innermost loop around the spawn,
// when that loop counts: for i := 0; i < N; i++, for i := N; i > 0; i--,
// or for range N. Whether it is a pool is decided on the SSA (see
// addCountedLoops).
func countedLoop(info *types.Info, stack []ast.Node) ast.Expr {
	for i := len(stack) - 2; i >= 0; i-- {
		switch loop := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.RangeStmt:
			if t, ok := info.TypeOf(loop.X).Underlying().(*types.Basic); ok && t.Info()&types.IsInteger != 0 {
				return loop.X
			}
			return nil
		case *ast.ForStmt:
			return forBound(loop)
		}
	}
	return nil
}

// addCountedLoops adds the counted loops that are pools: those that do not
// wait in each iteration (then their goroutines are not in flight
// together), inside loops that each wait for the batch before their next
// iteration (without that wait, the batches of all iterations run at once
// and N bounds nothing). The SSA is built only when there are some.
func (s *scanner) addCountedLoops() {
	if len(s.countedLoops) == 0 {
		return
	}
	ssabuild.With(s.pass, nil, func(funcs []*ssa.Function) {
		model := await.New(funcs, IsGroup)
		for _, p := range s.countedLoops {
			if !model.WaitsEachIteration(p.Spawn) && model.BatchesAwaited(p.Spawn) {
				s.add(p)
			}
		}
	})
}

func forBound(loop *ast.ForStmt) ast.Expr {
	cond, ok := loop.Cond.(*ast.BinaryExpr)
	post, ok2 := loop.Post.(*ast.IncDecStmt)
	if !ok || !ok2 {
		return nil
	}
	counter, ok := cond.X.(*ast.Ident)
	postVar, ok2 := post.X.(*ast.Ident)
	if !ok || !ok2 || counter.Name != postVar.Name {
		return nil
	}
	switch {
	case post.Tok == token.INC && (cond.Op == token.LSS || cond.Op == token.LEQ || cond.Op == token.NEQ):
		return cond.Y
	case post.Tok == token.DEC && (cond.Op == token.GTR || cond.Op == token.GEQ):
		if init, ok := loop.Init.(*ast.AssignStmt); ok && len(init.Rhs) == 1 {
			return init.Rhs[0]
		}
	}
	return nil
}

// exportHelpers finds the functions that start a pool sized by an int
// parameter and exports a HelperFact for each.
func (s *scanner) exportHelpers(in *inspector.Inspector) {
	in.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		decl := n.(*ast.FuncDecl)
		if decl.Body == nil {
			return
		}
		for _, p := range s.result.Pools {
			if p.Spawn.Pos() >= decl.Pos() && p.Spawn.End() <= decl.End() && s.markHelper(decl, p) {
				return
			}
		}
	})
}

// markHelper makes the function declared by decl a helper or a starter
// when p, a pool it starts, is sized by one of its parameters and runs
// either another of them or a known worker; it reports whether it did.
func (s *scanner) markHelper(decl *ast.FuncDecl, p *Pool) bool {
	info := s.pass.TypesInfo
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok || p.Size.Class != provenance.Param {
		return false
	}
	params := fn.Type().(*types.Signature).Params()
	if p.Size.Index >= params.Len() || info.Uses[identAt(decl.Body, p.Size.Origin)] != params.At(p.Size.Index) {
		return false // a parameter of a function literal inside
	}
	fact := &HelperFact{SizeParam: p.Size.Index, WorkerParam: spawns.CalledParam(info, p.Spawn, params)}
	if fact.WorkerParam < 0 {
		if p.Worker == (Worker{}) {
			return false
		}
		s.result.Starters[fn] = p.Worker
	}
	s.helpers[fn] = fact
	s.pass.ExportObjectFact(fn, fact)
	return true
}

// identAt returns the identifier at pos inside n, or nil, descending only
// into the nodes that hold pos.
func identAt(n ast.Node, pos token.Pos) *ast.Ident {
	var found *ast.Ident
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil || found != nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && id.Pos() == pos {
			found = id
		}
		return found == nil
	})
	return found
}

// helperSite is a call and the function declaration it stands in, if any.
type helperSite struct {
	call *ast.CallExpr
	decl *ast.FuncDecl
}

func enclosingDecl(stack []ast.Node) *ast.FuncDecl {
	if len(stack) > 1 {
		if decl, ok := stack[1].(*ast.FuncDecl); ok {
			return decl
		}
	}
	return nil
}

// helperCall recognises a call of a pool helper or starter as a pool. When
// the function around it becomes a helper or starter by it, the calls of
// that function seen before are taken up again: each call is looked at
// once or twice, however deep the wrappers.
func (s *scanner) helperCall(site helperSite) {
	call := site.call
	fn := typeutil.StaticCallee(s.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	fn = fn.Origin()
	fact := s.helpers[fn]
	if fact == nil && fn.Pkg() != s.pass.Pkg {
		var imported HelperFact
		if s.pass.ImportObjectFact(fn, &imported) {
			fact = &imported
		}
	}
	if fact == nil {
		if fn.Pkg() == s.pass.Pkg && site.decl != nil {
			s.pendingCalls[fn] = append(s.pendingCalls[fn], site)
		}
		return
	}
	if fact.SizeParam >= len(call.Args) || fact.WorkerParam >= len(call.Args) {
		return
	}
	p := &Pool{Kind: Helper, Spawn: call, SizeExpr: call.Args[fact.SizeParam]}
	switch {
	case fact.WorkerParam >= 0:
		p.Worker = s.funcWorker(call.Args[fact.WorkerParam])
	case fn.Pkg() == s.pass.Pkg:
		p.Kind, p.Worker = Starter, s.result.Starters[fn]
	default:
		p.Kind, p.Worker = Starter, Worker{StartedBy: fn}
	}
	s.add(p)
	if site.decl == nil {
		return
	}
	caller, _ := s.pass.TypesInfo.Defs[site.decl.Name].(*types.Func)
	if caller == nil || s.helpers[caller] != nil || !s.markHelper(site.decl, p) {
		return
	}
	pending := s.pendingCalls[caller]
	delete(s.pendingCalls, caller)
	for _, site := range pending {
		s.helperCall(site)
	}
}

// calleeName names call's callee for the tables (see tableName).
func (s *scanner) calleeName(call *ast.CallExpr) string {
	return calleeName(s.pass.TypesInfo, call, s.names)
}

func methodName(call *ast.CallExpr) string {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

func libraryByCtor(key string) *library {
	for i := range libraries {
		if libraries[i].ctor == key {
			return &libraries[i]
		}
	}
	return nil
}

func libraryBySubmit(key string) *library {
	for i := range libraries {
		for _, m := range libraries[i].submit {
			if m == key {
				return &libraries[i]
			}
		}
	}
	return nil
}
