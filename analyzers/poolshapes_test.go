package analyzers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

// Every pool shape, with every kind of size and of work, runs through all
// four analyzers: cpupoolio reports the CPU-sized pools whose workers block,
// poolsize the oversized pools whose workers compute, and neither
// unboundedgo nor unawaited reports a pool that is bounded and awaited.
// One package is generated per analyzer, holding the same functions with
// that analyzer's expectations as want comments.

// poolShape is a function body that starts a pool of N goroutines, each
// running W; the line of the spawn site ends with the marker SPAWN.
type poolShape struct {
	name string
	body string
	// notPool marks the near misses: no analyzer sees a pool there.
	notPool bool
}

var poolShapes = []poolShape{
	{"countedLoop", `for i := 0; i < {N}; i++ {
		go func() { for range jobs { {W} } }() // SPAWN
	}`, false},
	{"countedLoopUint", `for i := uint(0); i < uint({N}); i++ {
		go func() { for range jobs { {W} } }() // SPAWN
	}`, false},
	{"rangeOverInt", `for range {N} {
		go func() { for range jobs { {W} } }() // SPAWN
	}`, false},
	{"countDown", `for i := {N}; i > 0; i-- {
		go func() { for range jobs { {W} } }() // SPAWN
	}`, false},
	{"waitGroupGo", `var wg sync.WaitGroup
	for range {N} {
		wg.Go(func() { for range jobs { {W} } }) // SPAWN
	}
	wg.Wait()`, false},
	{"waitGroupAdd", `var wg sync.WaitGroup
	for range {N} {
		wg.Add(1)
		go func() { defer wg.Done(); for range jobs { {W} } }() // SPAWN
	}
	wg.Wait()`, false},
	{"errgroupLoop", `var g errgroup.Group
	for range {N} {
		g.Go(func() error { for range jobs { {W} }; return nil }) // SPAWN
	}
	g.Wait()`, false},
	{"errgroupSetLimit", `var g errgroup.Group
	g.SetLimit({N})
	for _, it := range items {
		g.Go(func() error { _ = it; {W}; return nil }) // SPAWN
	}
	g.Wait()`, false},
	{"errgroupTryGo", `g, _ := errgroup.WithContext(context.Background())
	g.SetLimit({N})
	for _, it := range items {
		g.TryGo(func() error { _ = it; {W}; return nil }) // SPAWN
	}
	g.Wait()`, false},
	{"chanSemaphore", `sem := make(chan struct{}, {N})
	var wg sync.WaitGroup
	for _, it := range items {
		sem <- struct{}{}
		wg.Add(1)
		go func() { defer func() { <-sem; wg.Done() }(); _ = it; {W} }() // SPAWN
	}
	wg.Wait()`, false},
	{"chanSemaphoreSelect", `sem := make(chan struct{}, {N})
	var wg sync.WaitGroup
	for _, it := range items {
		select {
		case sem <- struct{}{}:
			wg.Add(1)
			go func() { defer func() { <-sem; wg.Done() }(); _ = it; {W} }() // SPAWN
		case <-ctx.Done():
		}
	}
	wg.Wait()`, false},
	{"weightedAcquire", `sem := semaphore.NewWeighted(int64({N}))
	var wg sync.WaitGroup
	for _, it := range items {
		if err := sem.Acquire(ctx, 1); err != nil {
			break
		}
		wg.Add(1)
		go func() { defer sem.Release(1); defer wg.Done(); _ = it; {W} }() // SPAWN
	}
	wg.Wait()`, false},
	{"weightedTryAcquire", `sem := semaphore.NewWeighted(int64({N}))
	var wg sync.WaitGroup
	for _, it := range items {
		if sem.TryAcquire(1) {
			wg.Add(1)
			go func() { defer sem.Release(1); defer wg.Done(); _ = it; {W} }() // SPAWN
		}
	}
	wg.Wait()`, false},
	{"antsPool", `p, _ := ants.NewPool({N})
	for _, it := range items {
		p.Submit(func() { _ = it; {W} }) // SPAWN
	}`, false},
	{"antsPoolWithFunc", `p, _ := ants.NewPoolWithFunc({N}, func(any) { {W} }) // SPAWN
	for _, it := range items {
		p.Invoke(it)
	}`, false},
	{"antsV1Pool", `p, _ := antsv1.NewPool({N})
	for _, it := range items {
		p.Submit(func() { _ = it; {W} }) // SPAWN
	}`, false},
	{"pondPool", `p := pond.New({N}, 1000)
	for _, it := range items {
		p.Submit(func() { _ = it; {W} }) // SPAWN
	}
	p.StopAndWait()`, false},
	{"pondV2Pool", `p := pondv2.NewPool({N})
	for _, it := range items {
		p.Go(func() { _ = it; {W} }) // SPAWN
	}
	p.StopAndWait()`, false},
	{"workerpool", `wp := workerpool.New({N})
	for _, it := range items {
		wp.Submit(func() { _ = it; {W} }) // SPAWN
	}
	wp.StopWait()`, false},
	{"concPool", `p := pool.New().WithMaxGoroutines({N})
	for _, it := range items {
		p.Go(func() { _ = it; {W} }) // SPAWN
	}
	p.Wait()`, false},
	{"concErrorPool", `p := pool.New().WithErrors().WithMaxGoroutines({N})
	for _, it := range items {
		p.Go(func() error { _ = it; {W}; return nil }) // SPAWN
	}
	p.Wait()`, false},
	{"concContextPool", `p := pool.New().WithContext(ctx).WithMaxGoroutines({N})
	for _, it := range items {
		p.Go(func(context.Context) error { _ = it; {W}; return nil }) // SPAWN
	}
	p.Wait()`, false},
	{"minioErrgroup", `g := minioerrgroup.WithNErrs(len(items)).WithConcurrency({N})
	for i, it := range items {
		g.Go(func() error { _ = it; {W}; return nil }, i) // SPAWN
	}
	g.Wait()`, false},
	{"tunny", `p := tunny.NewFunc({N}, func(any) any { {W}; return nil }) // SPAWN
	for _, it := range items {
		p.Process(it)
	}`, false},
	{"poolHelper", `parallel.ForEach({N}, nil, func(string) { {W} }) // SPAWN`, false},
	{"poolStarter", `starter.Start{WN}({N}, jobs) // SPAWN`, false},
	{"spawnHelperLoop", `var wg sync.WaitGroup
	for range {N} {
		wg.Add(1)
		spawn.Go(func() { defer wg.Done(); for range jobs { {W} } }) // SPAWN
	}
	wg.Wait()`, false},
	{"localSpawnHelperLoop", `var wg sync.WaitGroup
	for range {N} {
		wg.Add(1)
		s.startGoRoutine(func() { defer wg.Done(); for range jobs { {W} } }) // SPAWN
	}
	wg.Wait()`, false},
	{"handshakeEachIteration", `ready := make(chan struct{})
	for range {N} {
		go func() { ready <- struct{}{}; for range jobs { {W} } }() // SPAWN
		<-ready
	}`, false},
	{"waitsEachIteration", `for range {N} {
		done := make(chan struct{})
		go func() { {W}; close(done) }() // SPAWN
		<-done
	}`, true},
	{"batchesNotAwaited", `for range 4 {
		for range {N} {
			go func() { for range jobs { {W} } }() // SPAWN
		}
	}`, true},
	{"spawnHelperSemaphore", `sem := make(chan struct{}, {N})
	var wg sync.WaitGroup
	for _, it := range items {
		sem <- struct{}{}
		wg.Add(1)
		spawn.Go(func() { defer func() { <-sem; wg.Done() }(); _ = it; {W} }) // SPAWN
	}
	wg.Wait()`, false},
}

// poolSizing is a size expression and how each analyzer judges it.
type poolSizing struct {
	name      string
	expr      string
	cpuSized  bool // cpupoolio's CPU-sized
	oversized bool // above -poolsize.max or -poolsize.factor
}

var poolSizings = []poolSizing{
	{"NumCPU", "runtime.NumCPU()", true, false},
	{"GOMAXPROCSHalf", "runtime.GOMAXPROCS(0) / 2", true, false},
	{"MaxMinusOne", "max(1, runtime.NumCPU()-1)", true, false},
	{"Converted", "int(int64(runtime.NumCPU()))", true, false},
	{"LocalHelper", "cpus()", true, false},
	{"ImportedHelper", "sizing.Workers()", true, false},
	{"Field", "defaultServer.workers", true, false},
	{"Constant", "64", false, true},
	{"NamedConstant", "maxWorkers", false, true},
	{"CPUTimes8", "runtime.NumCPU() * 8", false, true},
	{"ImportedOversized", "sizing.Oversized()", false, true},
	{"Small", "8", false, false},
	{"Flag", "*flagWorkers", false, false},
}

// poolWork is what each worker does.
type poolWork struct {
	name     string
	call     string
	blocks   bool // cpupoolio's blocking
	cpuBound bool // poolsize's CPU-bound
}

var poolWorks = []poolWork{
	{"Fetch", "fetch()", true, false},
	{"FetchWait", "fetchWait()", true, false}, // waits for goroutines that block
	{"Hash", "hash()", false, true},
}

const poolShapesHeader = `package %s

import (
	"context"
	"flag"
	"runtime"
	"sync"
	"time"

	"github.com/Jeffail/tunny"
	"github.com/alitto/pond"
	pondv2 "github.com/alitto/pond/v2"
	"github.com/gammazero/workerpool"
	minioerrgroup "github.com/minio/pkg/v3/sync/errgroup"
	antsv1 "github.com/panjf2000/ants"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"parallel"
	"sizing"
	"spawn"
	"starter"
)

var (
	_ = pool.New
	_ = pond.New
	_ = pondv2.NewPool
	_ = workerpool.New
	_ = ants.NewPool
	_ = antsv1.NewPool
	_ = tunny.NewFunc
	_ = minioerrgroup.WithNErrs
	_ = errgroup.WithContext
	_ = semaphore.NewWeighted
	_ = parallel.ForEach
	_ = spawn.Go
	_ = sizing.Workers
	_ = starter.StartHash
	_ = sync.NewCond
	_ = runtime.NumCPU
)

const maxWorkers = 256

var flagWorkers = flag.Int("workers", runtime.NumCPU(), "workers")

func fetch() { time.Sleep(time.Millisecond) }

func fetchWait() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(fetch)
	}
	wg.Wait()
}

func hash() int {
	sum := 0
	for i := range 1000 {
		sum ^= i * i
	}
	return sum
}

func cpus() int { return runtime.NumCPU() }

type server struct{ workers int }

var defaultServer = &server{workers: runtime.NumCPU()}

// startGoRoutine runs f in a goroutine of its own, as nats-server's does.
func (s *server) startGoRoutine(f func()) bool {
	go func() {
		defer func() { recover() }()
		f()
	}()
	return true
}
`

// poolShapesSource writes the package for one analyzer.
func poolShapesSource(pkg string, expect func(poolSizing, poolWork) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, poolShapesHeader, pkg)
	for _, shape := range poolShapes {
		for _, size := range poolSizings {
			for _, work := range poolWorks {
				body := strings.NewReplacer("{N}", size.expr, "{W}", work.call, "{WN}", work.name).Replace(shape.body)
				want := ""
				if re := expect(size, work); re != "" && !shape.notPool {
					want = " want `" + re + "`"
				}
				body = strings.Replace(body, "// SPAWN", "//"+want, 1)
				fmt.Fprintf(&b, "\nfunc %s%s%s(ctx context.Context, s *server, jobs chan int, items []int) {\n\t%s\n}\n",
					shape.name, size.name, work.name, body)
			}
		}
	}
	return b.String()
}

func TestEveryPoolShapeInEveryAnalyzer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four analyzers on every pool shape, size and work")
	}
	dir := analyzertest.TestData(t, "internal/poolshapes")
	expect := map[string]func(poolSizing, poolWork) string{
		"cpupoolio": func(s poolSizing, w poolWork) string {
			if s.cpuSized && w.blocks {
				return "sized to the CPU count .*, blocks on time.Sleep"
			}
			return ""
		},
		"poolsize": func(s poolSizing, w poolWork) string {
			if s.oversized && w.cpuBound {
				return "runs CPU-bound work"
			}
			return ""
		},
		"unboundedgo": func(poolSizing, poolWork) string { return "" },
		"unawaited":   func(poolSizing, poolWork) string { return "" },
	}
	for _, a := range analyzers.All() {
		if expect[a.Name] == nil {
			t.Errorf("%s: no entry in expect: say which pools it reports (or none)", a.Name)
			continue
		}
		pkg := "shapes" + a.Name
		path := filepath.Join(dir, "src", pkg, pkg+".go")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(poolShapesSource(pkg, expect[a.Name])), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(a.Name, func(t *testing.T) { runQuietly(t, dir, a, pkg) })
	}
}

// runQuietly runs analysistest and reports its failures by function, so
// that a missing shape reads as its name.
func runQuietly(t *testing.T, dir string, a *analysis.Analyzer, pkg string) {
	rec := &recorder{}
	analysistest.Run(rec, dir, a, pkg)
	funcName := regexp.MustCompile(`^func (\w+)`)
	src, _ := os.ReadFile(filepath.Join(dir, "src", pkg, pkg+".go"))
	lines := strings.Split(string(src), "\n")
	for _, e := range rec.errors {
		// Errors start with file:line:col.
		var line int
		if m := regexp.MustCompile(`\.go:(\d+):`).FindStringSubmatch(e); m != nil {
			fmt.Sscan(m[1], &line)
		}
		name := "?"
		for i := line - 1; i >= 0 && i < len(lines); i-- {
			if m := funcName.FindStringSubmatch(lines[i]); m != nil {
				name = m[1]
				break
			}
		}
		t.Errorf("%s: %s", name, e)
	}
}

type recorder struct{ errors []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
