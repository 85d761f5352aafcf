package await_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/concurlint/concurlint/internal/await"
)

// build returns the SSA functions of src (package p), its literals
// included, and the file.
func build(t *testing.T, src string) ([]*ssa.Function, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	ssaPkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, pkg, []*ast.File{file}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// As ssabuild does: every literal, even one that only dead code makes.
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, lit := range fn.AnonFuncs {
			add(lit)
		}
	}
	for fn := range ssautil.AllFunctions(ssaPkg.Prog) {
		if fn.Pkg == ssaPkg && fn.Parent() == nil {
			add(fn)
		}
	}
	return funcs, file
}

func TestFindLoops(t *testing.T) {
	funcs, _ := build(t, `package p
func f(n int, ch chan int) {
	for i := 0; i < n; i++ {
		for range ch {
		}
	}
}`)
	for _, fn := range funcs {
		if fn.Name() != "f" {
			continue
		}
		loops := await.FindLoops(fn)
		var recv *ssa.BasicBlock
		for _, b := range fn.Blocks {
			if b.Comment == "rangechan.loop" {
				recv = b
			}
		}
		inner := loops.Of[recv.Index]
		outer := loops.Parent[inner]
		if inner != recv.Index || outer < 0 || loops.Parent[outer] != -1 {
			t.Fatalf("range loop: header %d, parent %d; want %d and an outer loop", inner, outer, recv.Index)
		}
		if !loops.Contains(outer, recv.Index) || loops.Contains(inner, outer) || loops.Of[0] != -1 {
			t.Errorf("Contains: the inner loop must lie in the outer one, not the converse, and the entry in none")
		}
		if exit := loops.Exit(recv); exit == nil || loops.Contains(inner, exit.Index) || !loops.Contains(outer, exit.Index) {
			t.Errorf("Exit(range loop): %v, want its successor in the outer loop only", exit)
		}
		if exit := loops.Exit(fn.Blocks[0]); exit != nil {
			t.Errorf("Exit(entry) = %v, want nil: no loop", exit)
		}
	}
}

// Each source has one go statement; the model answers the two loop
// questions about it.
func TestLoopQuestions(t *testing.T) {
	for _, tc := range []struct {
		name             string
		body             string
		waits, awaitsAll bool
	}{
		{"noWait", `for range n { go work() }`, false, true},
		{"resultEachIteration", `for range n { go func() { res <- 1 }(); <-res }`, true, true},
		{"doneAtEnd", `for range n { done := make(chan int); go func() { defer close(done); work() }(); <-done }`, true, true},
		{"handshake", `for range n { go func() { res <- 1; <-res }(); <-res }`, false, true},
		{"handshakeInCallee", `for range n { go func() { ready(res); for { work() } }(); <-res }`, false, true},
		{"handshakeThenLoop", `for range n { go worker(res); <-res }`, false, true},
		{"ticker", `for range n { go func() { for { work() } }(); <-t.C }`, true, true},
		{"sleep", `for range n { go work(); time.Sleep(1) }`, true, true},
		{"blockingSelect", `for range n { go work(); select { case <-res: case <-t.C: } }`, true, true},
		{"nonBlockingSelect", `for range n { go work(); select { case <-res: default: } }`, false, true},
		{"send", `for range n { go func() { for range res { work() } }(); res <- 1 }`, false, true},
		{"rangeOverChannel", `for range n { go func() { for { res <- 1 } }(); for range res {} }`, true, true},
		{"batchAwaited", `for range n { for range n { wg.Add(1); go func() { defer wg.Done() }() }; wg.Wait() }`, false, true},
		{"batchNotAwaited", `for range n { for range n { go work() } }`, false, false},
		{"batchAwaitedSometimes", `for i := range n { for range n { go work() }; if i%2 == 0 { wg.Wait() } }`, false, false},
		{"batchHandshake", `for range n { for range n { go func() { res <- 1; for { work() } }() }; <-res }`, false, false},
		{"handshakeOnField", `for range n { go func() { s.c <- 1; for { work() } }(); <-s.c }`, false, true},
		{"resultOnField", `for range n { go func() { s.c <- 1 }(); <-s.c }`, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			funcs, file := build(t, `package p
import ("sync"; "time")
var (res = make(chan int); wg sync.WaitGroup; t = time.NewTicker(1); s struct{ c chan int })
func work() {}
func ready(c chan int) { c <- 1 }
func worker(c chan int) { c <- 1; for { work() } }
func f(n int) {
	`+tc.body+`
}`)
			spawn := firstGo(file)
			m := await.New(funcs, nil)
			if got := m.WaitsEachIteration(spawn); got != tc.waits {
				t.Errorf("WaitsEachIteration = %v, want %v", got, tc.waits)
			}
			if got := m.BatchesAwaited(spawn); got != tc.awaitsAll {
				t.Errorf("BatchesAwaited = %v, want %v", got, tc.awaitsAll)
			}
		})
	}
}

// Each source has one go statement, in f; the model answers Goroutine's
// questions about it.
func TestGoroutineQuestions(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		body                       string
		awaited, shares, onContext bool
	}{
		{"none", `go work()`, false, false, false},
		{"receiveAfter", `c := make(chan int); go func() { c <- 1 }(); <-c`, true, true, false},
		{"receiveBefore", `c := make(chan int, 1); c <- 1; <-c; go func() { c <- 1 }()`, false, true, false},
		{"receiveInNextIteration", `c := make(chan int, 1); c <- 1; for range 3 { <-c; go func() { c <- 1 }() }`, true, true, false},
		{"deferredClose", `stop := make(chan int); defer close(stop); go func() { <-stop }()`, true, true, false},
		{"closerLiteral", `c := make(chan int); go func() { wg.Wait(); close(c) }(); go func() { <-c }()`, true, true, false},
		{"sameField", `p := &pair{c: make(chan int)}; go func() { p.c <- 1 }(); <-p.c`, true, true, false},
		{"otherField", `p, q := &pair{c: make(chan int)}, &pair{c: make(chan int)}; go func() { p.c <- 1 }(); <-q.c`, false, true, false},
		{"directional", `c := make(chan int); go send(c); <-c`, true, true, false},
		{"ownChannel", `go func() { c := make(chan int); go func() { c <- 1 }(); <-c }()`, false, false, false},
		{"localGroup", `var g sync.WaitGroup; g.Add(1); go func() { defer g.Done() }(); g.Wait()`, true, true, false},
		{"localGroupNoWait", `var g sync.WaitGroup; g.Add(1); go func() { defer g.Done() }()`, false, true, false},
		{"packageGroup", `wg.Add(1); go func() { defer wg.Done() }()`, true, true, false},
		{"context", `go func() { <-ctx.Done() }()`, false, false, true},
		{"detachedContext", `c := context.WithoutCancel(ctx); go func() { <-c.Done() }()`, false, false, false},
		{"derivedDetached", `c, cancel := context.WithCancel(context.Background()); defer cancel(); go func() { <-c.Done() }()`, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			funcs, file := build(t, `package p
import ("context"; "sync")
var wg sync.WaitGroup
type pair struct{ c chan int }
func work() {}
func send(c chan<- int) { c <- 1 }
func f(ctx context.Context) {
	`+tc.body+`
}`)
			spawn := firstGo(file)
			isGroup := func(t types.Type) bool { return types.TypeString(t, nil) == "sync.WaitGroup" }
			g := await.New(funcs, isGroup).Goroutine(spawn)
			if got := g.Awaited(); got != tc.awaited {
				t.Errorf("Awaited = %v, want %v", got, tc.awaited)
			}
			if got := g.Shares(); got != tc.shares {
				t.Errorf("Shares = %v, want %v", got, tc.shares)
			}
			if got := g.WaitsOnContext(); got != tc.onContext {
				t.Errorf("WaitsOnContext = %v, want %v", got, tc.onContext)
			}
		})
	}
}

// A literal that only dead code makes (after t.Skip, a panic) holds no
// goroutine to ask about.
func TestGoroutineInDeadCode(t *testing.T) {
	funcs, file := build(t, `package p
func f() {
	panic("skipped")
	c := make(chan int)
	h := func() { go func() { <-c }() }
	h()
	c <- 1
}`)
	spawn := firstGo(file)
	if g := await.New(funcs, nil).Goroutine(spawn); g != nil {
		t.Error("Goroutine: a goroutine, want nil")
	}
}

// firstGo is the first go statement of file.
func firstGo(file *ast.File) *ast.GoStmt {
	var spawn *ast.GoStmt
	ast.Inspect(file, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok && spawn == nil {
			spawn = g
		}
		return spawn == nil
	})
	return spawn
}
