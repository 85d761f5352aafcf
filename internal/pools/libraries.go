package pools

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/funcnames"
)

// library describes a worker-pool library: a constructor that takes the
// number of workers, and the methods that hand a task to the pool.
type library struct {
	ctor      string   // "pkg/path.Func", or "(*pkg/path.Type).Method" for a builder method
	sizeArg   int      // the constructor's argument that sets the number of workers
	workerArg int      // the constructor's argument that every worker runs, or -1
	submit    []string // the methods that run a task
	// unboundedWithout marks a library whose ctor is an optional builder
	// method: a task submitted to a pool built without it runs in a
	// goroutine of its own, with no bound.
	unboundedWithout bool
}

// libraries is the table of well-known pool libraries, their functions
// named in types.Func.FullName form (see funcnames). Add a row to teach
// concurlint another one.
var libraries = []library{
	{ctor: "github.com/panjf2000/ants/v2.NewPool", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/panjf2000/ants/v2.Pool).Submit"}},
	{ctor: "github.com/panjf2000/ants/v2.NewPoolWithFunc", sizeArg: 0, workerArg: 1},
	{ctor: "github.com/panjf2000/ants.NewPool", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/panjf2000/ants.Pool).Submit"}},
	{ctor: "github.com/alitto/pond.New", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/alitto/pond.WorkerPool).Submit", "(*github.com/alitto/pond.WorkerPool).SubmitAndWait",
			"(*github.com/alitto/pond.WorkerPool).TrySubmit"}},
	{ctor: "github.com/alitto/pond/v2.NewPool", sizeArg: 0, workerArg: -1,
		submit: []string{"(github.com/alitto/pond/v2.Pool).Submit", "(github.com/alitto/pond/v2.Pool).Go",
			"(github.com/alitto/pond/v2.Pool).TrySubmit"}},
	{ctor: "github.com/gammazero/workerpool.New", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/gammazero/workerpool.WorkerPool).Submit",
			"(*github.com/gammazero/workerpool.WorkerPool).SubmitWait"}},
	{ctor: "(*github.com/sourcegraph/conc/pool.Pool).WithMaxGoroutines", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/sourcegraph/conc/pool.Pool).Go"}},
	{ctor: "(*github.com/sourcegraph/conc/pool.ErrorPool).WithMaxGoroutines", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/sourcegraph/conc/pool.ErrorPool).Go"}},
	{ctor: "(*github.com/sourcegraph/conc/pool.ContextPool).WithMaxGoroutines", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/sourcegraph/conc/pool.ContextPool).Go"}},
	{ctor: "github.com/Jeffail/tunny.NewFunc", sizeArg: 0, workerArg: 1},
	{ctor: "(*github.com/minio/pkg/v3/sync/errgroup.Group).WithConcurrency", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/minio/pkg/v3/sync/errgroup.Group).Go"}, unboundedWithout: true},
	{ctor: "(*github.com/minio/pkg/v2/sync/errgroup.Group).WithConcurrency", sizeArg: 0, workerArg: -1,
		submit: []string{"(*github.com/minio/pkg/v2/sync/errgroup.Group).Go"}, unboundedWithout: true},
}

// spawnMethods start one goroutine per call, with no bound of their own.
var spawnMethods = map[string]bool{
	"(*sync.WaitGroup).Go": true,
	errgroupGo:             true,
	errgroupTryGo:          true,
	"(*github.com/sourcegraph/conc.WaitGroup).Go": true,
}

// groupWaits wait for every goroutine of a group: the Wait of the types
// whose spawnMethods start them.
var groupWaits = map[string]bool{
	"(*sync.WaitGroup).Wait":                        true,
	"(*golang.org/x/sync/errgroup.Group).Wait":      true,
	"(*github.com/sourcegraph/conc.WaitGroup).Wait": true,
}

// IsGroupSpawn reports whether fn starts a goroutine of a group per call
// (sync.WaitGroup.Go, errgroup.Group.Go and TryGo, conc.WaitGroup.Go): its
// receiver is the group, its last argument the function the goroutine runs.
func IsGroupSpawn(fn *types.Func) bool { return spawnMethods[tableName(fn, nil)] }

// IsGroupWait reports whether fn waits for every goroutine of a group
// (sync.WaitGroup.Wait, errgroup.Group.Wait, conc.WaitGroup.Wait).
func IsGroupWait(fn *types.Func) bool { return groupWaits[tableName(fn, nil)] }

// IsGroup reports whether t, or the type t points to, is a group: a type
// whose own Wait waits for every goroutine that its Go starts.
func IsGroup(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !tablePackages[named.Obj().Pkg().Path()] {
		return false
	}
	for m := range named.Origin().Methods() {
		if m.Name() == "Wait" {
			return IsGroupWait(m)
		}
	}
	return false
}

// IsGroupWaitName reports whether the function of that name, in
// types.Func.FullName form (a stack frame's, through blocking.FrameName),
// waits for a group.
func IsGroupWaitName(name string) bool { return groupWaits[name] }

// The calls the scanner matches by name, beside the tables.
const (
	errgroupGo         = "(*golang.org/x/sync/errgroup.Group).Go"
	errgroupTryGo      = "(*golang.org/x/sync/errgroup.Group).TryGo"
	newWeighted        = "golang.org/x/sync/semaphore.NewWeighted"
	weightedAcquire    = "(*golang.org/x/sync/semaphore.Weighted).Acquire"
	weightedTryAcquire = "(*golang.org/x/sync/semaphore.Weighted).TryAcquire"
)

// Tabled reports whether fn is a function that the tables above or the
// scanner name.
func Tabled(fn *types.Func) bool { return tableNames[tableName(fn, nil)] }

// tableNames are the functions named above, and tablePackages their
// packages, the only ones tableName names.
var tableNames, tablePackages = func() (map[string]bool, map[string]bool) {
	keys := []string{errgroupGo, errgroupTryGo, newWeighted, weightedAcquire, weightedTryAcquire}
	for key := range spawnMethods {
		keys = append(keys, key)
	}
	for key := range groupWaits {
		keys = append(keys, key)
	}
	for _, lib := range libraries {
		keys = append(keys, lib.ctor)
		keys = append(keys, lib.submit...)
	}
	names, packages := map[string]bool{}, map[string]bool{}
	for _, key := range keys {
		names[key] = true
		packages[funcnames.PackagePath(key)] = true
	}
	return names, packages
}()

// tableName names fn in types.Func.FullName form, as the tables do,
// through names when there is one (the scanner names the same few
// functions at many calls). Functions of other packages than those the
// tables name get "", which no table holds, without building a name.
func tableName(fn *types.Func, names *funcnames.Names) string {
	if fn.Pkg() == nil || !tablePackages[fn.Pkg().Path()] {
		return ""
	}
	if names == nil {
		return fn.Origin().FullName()
	}
	return names.Full(fn.Origin())
}

// calleeName is tableName of call's callee, or "".
func calleeName(info *types.Info, call *ast.CallExpr, names *funcnames.Names) string {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return ""
	}
	return tableName(fn, names)
}
