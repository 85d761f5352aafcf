// Package ssabuild builds the SSA form of the package under analysis, for
// an analyzer to use and drop within its own Run.
//
// It does what passes/buildssa does, without being an analyzer: the
// drivers keep every analyzer's result until the whole run ends, so a
// buildssa result stays alive for every package of the graph (dependencies
// included, since concurlint's facts make the drivers analyse them). On the
// standard library that is 7 GB more peak memory than building the SSA
// inside Run and letting it go.
//
// Several analyzers need the SSA of the same package: With builds it once
// for all of them and keeps it when the last one using it returns, since
// another may start later (the drivers run an analyzer when those it
// requires are done): building it three times was 40% of a go vet
// -vettool run on the standard library, and letting it go whenever no
// analyzer held it still built it two to five times in most packages of
// nsq's run.
//
// The drivers also start every ready package's analysis at once, so only
// GOMAXPROCS packages hold an SSA form at a time: more would not run
// faster, and each holds its memory while it waits for a CPU. A package
// that needs one when all are held drops a form that no analyzer uses, or
// waits for one. The form dropped is the one released longest ago: a
// package between two of its analyzers has released its form just before,
// and dropping forms at random rebuilt 164 of 1,188 forms in golangci-lint's
// run on caddy. A go vet process analyses one package, whose form is
// therefore built once.
package ssabuild

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/funcnames"
)

// maxForms bounds the packages that hold an SSA form at a time.
var maxForms = runtime.GOMAXPROCS(0)

// shared is one package's SSA form, in use or kept.
type shared struct {
	once    sync.Once
	skipped map[*types.Func]bool // the declared functions built without a body
	funcs   []*ssa.Function
	users   int    // the analyzers in With; a form with none may be dropped
	left    uint64 // when the last analyzer left With, by the clock
}

var (
	mu    sync.Mutex
	idle  = sync.NewCond(&mu) // signalled when an analyzer leaves With
	held  int                 // forms built or being built, at most maxForms
	forms = map[*types.Package]*shared{}
	clock uint64 // counts the analyzers leaving With
)

// With builds the package's SSA, or reuses the form built for another
// analyzer, and calls use with its source functions (declared functions
// and methods, and their function literals, then the literals in
// package-level variables' initializers). The SSA must not be kept, nor
// changed, once use returns.
//
// The functions of skip (see bodies.Calls.Skip) need no body: the form built for
// the first analyzer leaves them out of funcs, and built without their
// bodies their calls look like those of assembly functions. A later
// analyzer that needs one of them, skip not holding it, gets a form of its
// own.
func With(pass *analysis.Pass, skip map[*types.Func]bool, use func(funcs []*ssa.Function)) {
	mu.Lock()
	s := forms[pass.Pkg]
	if s == nil {
		s = &shared{skipped: skip}
		forms[pass.Pkg] = s
	}
	s.users++
	mu.Unlock()

	defer func() {
		mu.Lock()
		s.users--
		clock++
		s.left = clock
		mu.Unlock()
		idle.Broadcast()
	}()
	s.once.Do(func() {
		makeRoom()
		s.funcs = build(pass, s.skipped)
	})
	for fn := range s.skipped {
		if !skip[fn] {
			use(build(pass, intersection(s.skipped, skip)))
			return
		}
	}
	use(s.funcs)
}

func intersection(a, b map[*types.Func]bool) map[*types.Func]bool {
	both := map[*types.Func]bool{}
	for fn := range a {
		if b[fn] {
			both[fn] = true
		}
	}
	return both
}

// makeRoom waits until one more package may hold an SSA form, dropping a
// kept form that no analyzer uses if that makes room.
func makeRoom() {
	mu.Lock()
	defer mu.Unlock()
	for held >= maxForms {
		if !dropUnused() {
			idle.Wait()
		}
	}
	held++
}

// dropUnused forgets the form that no analyzer uses and that was left
// longest ago, if there is one. A form without users has been built: the
// analyzer building it is one.
func dropUnused() bool {
	var oldest *types.Package
	for pkg, s := range forms {
		if s.users == 0 && (oldest == nil || s.left < forms[oldest].left) {
			oldest = pkg
		}
	}
	if oldest == nil {
		return false
	}
	delete(forms, oldest)
	held--
	return true
}

// noReturn are the functions after whose calls control never continues.
// buildssa learns them from the ctrlflow analyzer, whose per-function CFGs
// would also be kept for every package; this table covers the calls that
// end paths in practice (log.Fatal, t.Fatal, os.Exit).
var noReturn = map[string]bool{
	"os.Exit": true, "syscall.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"(*log.Logger).Fatal": true, "(*log.Logger).Fatalf": true, "(*log.Logger).Fatalln": true,
	"(*log.Logger).Panic": true, "(*log.Logger).Panicf": true, "(*log.Logger).Panicln": true,
	"(*testing.common).Fatal": true, "(*testing.common).Fatalf": true, "(*testing.common).FailNow": true,
	"(*testing.common).Skip": true, "(*testing.common).Skipf": true, "(*testing.common).SkipNow": true,
	// require.Fail reports through assert.Fail, which returns false, then calls FailNow.
	"github.com/stretchr/testify/require.Fail": true, "github.com/stretchr/testify/require.Failf": true,
	"github.com/stretchr/testify/require.FailNow": true, "github.com/stretchr/testify/require.FailNowf": true,
	"(*github.com/stretchr/testify/require.Assertions).Fail":     true,
	"(*github.com/stretchr/testify/require.Assertions).Failf":    true,
	"(*github.com/stretchr/testify/require.Assertions).FailNow":  true,
	"(*github.com/stretchr/testify/require.Assertions).FailNowf": true,
	"k8s.io/klog/v2.Fatal": true, "k8s.io/klog/v2.Fatalf": true, "k8s.io/klog/v2.Fatalln": true,
	"k8s.io/klog/v2.Exit": true, "k8s.io/klog/v2.Exitf": true, "k8s.io/klog/v2.Exitln": true,
	"github.com/sirupsen/logrus.Fatal": true, "github.com/sirupsen/logrus.Fatalf": true,
	"(*github.com/sirupsen/logrus.Logger).Fatal": true, "(*github.com/sirupsen/logrus.Logger).Fatalf": true,
	"(*go.uber.org/zap.Logger).Fatal": true, "(*go.uber.org/zap.SugaredLogger).Fatal": true,
	"(*go.uber.org/zap.SugaredLogger).Fatalf": true, "(*go.uber.org/zap.SugaredLogger).Fatalw": true,
}

func build(pass *analysis.Pass, skip map[*types.Func]bool) []*ssa.Function {
	info := withoutPlainInitializers(pass.TypesInfo)
	if len(info.InitOrder) == 0 && len(skip) == declared(pass.Files) {
		return nil // nothing to build: 172 of the 1,052 packages of caddy's graph
	}
	prog := ssa.NewProgram(pass.Fset, 0)
	names := funcnames.NewNames(pass.Pkg)
	prog.SetNoReturn(func(fn *types.Func) bool { return noReturn[names.Full(fn)] })
	createImports(prog, pass)
	files, info := withoutBodies(pass.Files, info, skip)
	pkg := prog.CreatePackage(pass.Pkg, files, info, false)
	pkg.Build()

	var funcs []*ssa.Function
	var addWithLiterals func(fn *ssa.Function)
	addWithLiterals = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, lit := range fn.AnonFuncs {
			addWithLiterals(lit)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if decl, ok := decl.(*ast.FuncDecl); ok {
				if obj := pass.TypesInfo.Defs[decl.Name].(*types.Func); skip[obj] {
					continue
				} else if fn := prog.FuncValue(obj); fn != nil {
					addWithLiterals(fn)
				}
			}
		}
	}
	// The literals of package-level variables' initializers belong to the
	// synthetic package initializer.
	for _, lit := range pkg.Func("init").AnonFuncs {
		addWithLiterals(lit)
	}
	return funcs
}

// declared counts the functions and methods that files declare.
func declared(files []*ast.File) int {
	n := 0
	for _, file := range files {
		for _, decl := range file.Decls {
			if _, ok := decl.(*ast.FuncDecl); ok {
				n++
			}
		}
	}
	return n
}

// withoutBodies returns the files, and info for them, with the functions
// of skip declared without their bodies: copies of the files that declare
// some, which info's file versions (the language version of each file)
// then also map.
func withoutBodies(files []*ast.File, info *types.Info, skip map[*types.Func]bool) ([]*ast.File, *types.Info) {
	if len(skip) == 0 {
		return files, info
	}
	out := make([]*ast.File, len(files))
	versions := make(map[*ast.File]string, len(info.FileVersions))
	maps.Copy(versions, info.FileVersions)
	for i, file := range files {
		out[i] = file
		for j, decl := range file.Decls {
			decl, ok := decl.(*ast.FuncDecl)
			if !ok || !skip[info.Defs[decl.Name].(*types.Func)] {
				continue
			}
			if out[i] == file {
				c := *file
				c.Decls = slices.Clone(file.Decls)
				out[i] = &c
				versions[&c] = info.FileVersions[file]
			}
			out[i].Decls[j] = &ast.FuncDecl{Recv: decl.Recv, Name: decl.Name, Type: decl.Type}
		}
	}
	c := *info
	c.FileVersions = versions
	return out, &c
}

// withoutPlainInitializers returns info (a shallow copy) without the
// package-level variables' initializers that hold no function literal.
// The package's initializer is no function of funcs, only its literals
// are, so the others are built for nothing: unicode's tables, nistec's
// precomputed points, norm's tries were a third of those packages' runs.
func withoutPlainInitializers(info *types.Info) *types.Info {
	var kept []*types.Initializer
	for _, init := range info.InitOrder {
		if hasLiteral(init.Rhs) {
			kept = append(kept, init)
		}
	}
	if len(kept) == len(info.InitOrder) {
		return info
	}
	c := *info
	c.InitOrder = kept
	return &c
}

// hasLiteral reports whether the expression holds a function literal.
func hasLiteral(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			found = true
		}
		return !found
	})
	return found
}

// createImports creates the package's direct imports, each with members for
// the package-level functions and variables that the package's code uses:
// go/ssa needs them to resolve those references (methods it creates on
// demand). CreatePackage from export data would make a member for every
// object and every method of each import, which was a third of the SSA
// construction in the dependencies' runs: large generated API packages,
// of which an importer calls a few functions. The members are declared by a
// synthetic file without bodies, as go/ssa declares assembly functions.
func createImports(prog *ssa.Program, pass *analysis.Pass) {
	decls := make(map[*types.Package][]ast.Decl)
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object)}
	declared := make(map[types.Object]bool)
	for _, obj := range pass.TypesInfo.Uses {
		pkg := obj.Pkg()
		if pkg == nil || pkg == pass.Pkg || declared[obj] || pkg.Scope().Lookup(obj.Name()) != obj {
			continue
		}
		declared[obj] = true
		id := ast.NewIdent(obj.Name())
		info.Defs[id] = obj
		switch obj.(type) {
		case *types.Func:
			decls[pkg] = append(decls[pkg], &ast.FuncDecl{Name: id, Type: &ast.FuncType{}})
		case *types.Var:
			decls[pkg] = append(decls[pkg], &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{id}}}})
		}
	}
	for _, p := range pass.Pkg.Imports() {
		file := &ast.File{Name: ast.NewIdent(p.Name()), Decls: decls[p]}
		prog.CreatePackage(p, []*ast.File{file}, info, true)
	}
}

// Last is the instruction that ends block b (its control transfer), or nil
// for a block without instructions.
func Last(b *ssa.BasicBlock) ssa.Instruction {
	if len(b.Instrs) == 0 {
		return nil
	}
	return b.Instrs[len(b.Instrs)-1]
}
