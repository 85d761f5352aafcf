package poolsize

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/analyzerdoc"
	"github.com/concurlint/concurlint/internal/cpufacts"
	"github.com/concurlint/concurlint/internal/pools"
	"github.com/concurlint/concurlint/internal/provenance"
	"github.com/concurlint/concurlint/internal/report"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "poolsize",
	Doc:      analyzerdoc.Extract(doc, "poolsize"),
	URL:      "https://github.com/concurlint/concurlint#poolsize-pools-oversized-relative-to-the-cores",
	Requires: []*analysis.Analyzer{inspect.Analyzer, pools.Analyzer, cpufacts.Analyzer},
	Run:      run,
}

var (
	maxSize   = 32
	maxFactor = 2.0
	tests     = false
)

func init() {
	Analyzer.Flags.IntVar(&maxSize, "max", maxSize, "largest constant size of a CPU-bound pool")
	Analyzer.Flags.Float64Var(&maxFactor, "factor", maxFactor, "largest multiple of the CPU count sizing a CPU-bound pool")
	Analyzer.Flags.BoolVar(&tests, "tests", tests, "also report in test files")
}

func run(pass *analysis.Pass) (any, error) {
	rep := report.New(pass)
	found := pass.ResultOf[pools.Analyzer].(*pools.Result)
	cpu := pass.ResultOf[cpufacts.Analyzer].(*cpufacts.Result)
	reported := map[ast.Expr]bool{} // one diagnostic per pool, however many spawn sites it has
	resized := map[*ast.File]bool{} // files whose fixes use package runtime
	for _, p := range found.Pools {
		if p.SizeExpr == nil || reported[p.SizeExpr] || skipped(pass, p.Spawn) || !oversized(p.Size) ||
			!cpuBound(cpu, p) {
			continue
		}
		reported[p.SizeExpr] = true
		d := poolDiagnostic(pass, p)
		if len(d.SuggestedFixes) > 0 && !rep.Suppressed(d.Pos) {
			resized[fileOf(pass, d.Pos)] = true
		}
		rep.Report(d)
	}
	if !imports(pass.Pkg, "runtime") {
		return nil, nil
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// setters are the GOMAXPROCS calls that may set it: the value they
	// return is the previous setting, and setting it back is a restore
	// (defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))), not another cause.
	setters := map[token.Pos]bool{}
	var calls []*ast.CallExpr
	var parents []ast.Node
	in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		call := n.(*ast.CallExpr)
		if push && isRuntime(pass.TypesInfo, call, "GOMAXPROCS") && len(call.Args) == 1 {
			if tv := pass.TypesInfo.Types[call.Args[0]]; tv.Value == nil || tv.Value.String() != "0" {
				setters[call.Pos()] = true
			}
			calls = append(calls, call)
			parents = append(parents, stack[len(stack)-2])
		}
		return true
	})
	for i, call := range calls {
		if skipped(pass, call) {
			continue
		}
		if d, ok := gomaxprocsDiagnostic(pass, found.Provenance, call, parents[i], setters, resized); ok {
			rep.Report(d)
		}
	}
	return nil, nil
}

// skipped reports whether n stands in a test file that -poolsize.tests
// does not ask for.
func skipped(pass *analysis.Pass, n ast.Node) bool {
	return !tests && strings.HasSuffix(pass.Fset.File(n.Pos()).Name(), "_test.go")
}

// oversized reports whether a size is more than a CPU-bound pool can use: a
// constant above -poolsize.max, or the CPU count times more than
// -poolsize.factor. Configuration, parameters and unknown sizes are not.
func oversized(s provenance.Size) bool {
	switch s.Class {
	case provenance.Constant:
		return s.Value > int64(maxSize)
	case provenance.CPU:
		return s.Factor > maxFactor
	}
	return false
}

// cpuBound reports whether the pool's worker is known to only compute. It
// may drop values it receives only when that releases the pool's channel
// semaphore.
func cpuBound(cpu *cpufacts.Result, p *pools.Pool) bool {
	return cpu.PoolWorker(p.Worker, p.Kind == pools.ChanSemaphore) == nil
}

func poolDiagnostic(pass *analysis.Pass, p *pools.Pool) analysis.Diagnostic {
	size := types.ExprString(p.SizeExpr)
	var limit string
	if p.Size.Class == provenance.Constant {
		limit = fmt.Sprintf("the constant %d (above %d)", p.Size.Value, maxSize)
	} else {
		limit = fmt.Sprintf("%s, %g× the CPU count (above %g×)", p.Size.Source, p.Size.Factor, maxFactor)
	}
	msg := fmt.Sprintf("%s runs CPU-bound work (no blocking call, no wait but its own channels), sized by %s: "+
		"only GOMAXPROCS of them run at once, the rest add scheduling, memory and cache cost; "+
		"size it with runtime.GOMAXPROCS(0)", p.Describe(), limit)
	related := []analysis.RelatedInformation{{Pos: p.Size.Origin, Message: "pool size comes from " + p.Size.String()}}
	if p.SizeExpr.Pos() != p.Size.Origin {
		related = append(related, analysis.RelatedInformation{Pos: p.SizeExpr.Pos(), End: p.SizeExpr.End(), Message: "pool size " + size})
	}
	d := analysis.Diagnostic{Pos: p.Spawn.Pos(), Message: msg, Related: related}
	if fix, ok := resizeFix(pass, p); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	return d
}

// resizeFix replaces the size expression with runtime.GOMAXPROCS(0), when
// the expression holds the whole size (a constant, or the CPU count
// arithmetic itself), so that nothing else changes meaning.
func resizeFix(pass *analysis.Pass, p *pools.Pool) (analysis.SuggestedFix, bool) {
	e := p.SizeExpr
	info := pass.TypesInfo
	_, isConst := info.Types[e]
	if !(isConst && info.Types[e].Value != nil) && !(p.Size.Origin >= e.Pos() && p.Size.Origin < e.End()) {
		return analysis.SuggestedFix{}, false
	}
	file := fileOf(pass, e.Pos())
	name, edits := runtimeImport(pass, file)
	text := name + ".GOMAXPROCS(0)"
	if t := info.TypeOf(e); t != nil && !types.Identical(t, types.Typ[types.Int]) && !types.Identical(t, types.Typ[types.UntypedInt]) {
		text = types.TypeString(t, types.RelativeTo(pass.Pkg)) + "(" + text + ")"
	}
	edits = append(edits, analysis.TextEdit{Pos: e.Pos(), End: e.End(), NewText: []byte(text)})
	return analysis.SuggestedFix{Message: "size the pool with " + text, TextEdits: edits}, true
}

// gomaxprocsDiagnostic reports runtime.GOMAXPROCS(n) with n a constant
// above zero or derived from the CPU count.
func gomaxprocsDiagnostic(pass *analysis.Pass, r *provenance.Resolver, call *ast.CallExpr, parent ast.Node,
	setters map[token.Pos]bool, resized map[*ast.File]bool) (analysis.Diagnostic, bool) {
	arg := call.Args[0]
	s := r.Of(arg)
	var why string
	switch {
	case s.Class == provenance.CPU && setters[s.Origin]:
		return analysis.Diagnostic{}, false // a restore of the setting before a reported call
	case s.Class == provenance.Constant && s.Value > 0:
		why = fmt.Sprintf("to the constant %d", s.Value)
	case s.Class == provenance.CPU:
		why = "from " + s.Source
	default:
		return analysis.Diagnostic{}, false
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(),
		Message: fmt.Sprintf("%s sets GOMAXPROCS by hand, %s: since Go 1.25 the default GOMAXPROCS follows the container's CPU limit "+
			"and tracks its changes, and setting it by hand turns that off; remove the call "+
			"(or set the GOMAXPROCS environment variable where a fixed value is really wanted)", types.ExprString(call), why),
	}
	if s.Origin != arg.Pos() {
		d.Related = []analysis.RelatedInformation{{Pos: s.Origin, Message: "the value comes from " + s.String()}}
	}
	if stmt, ok := parent.(*ast.ExprStmt); ok && isNumCPU(pass.TypesInfo, arg) {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "remove the call: the default is the container-aware CPU count",
			TextEdits: deleteStmt(pass, stmt, resized[fileOf(pass, stmt.Pos())]),
		}}
	}
	return d, true
}

func isNumCPU(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && len(call.Args) == 0 && isRuntime(info, call, "NumCPU")
}

func isRuntime(info *types.Info, call *ast.CallExpr, name string) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "runtime" && fn.Name() == name
}

func imports(pkg *types.Package, path string) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return true
		}
	}
	return false
}

// deleteStmt deletes the statement and its line, and the runtime import
// when the statement was the file's last use of it and no other fix of the
// file (keepImport) uses it.
func deleteStmt(pass *analysis.Pass, stmt *ast.ExprStmt, keepImport bool) []analysis.TextEdit {
	file := fileOf(pass, stmt.Pos())
	edits := []analysis.TextEdit{deleteLine(pass, stmt)}
	if spec := runtimeSpec(file); spec != nil && !keepImport && !usesRuntimeOutside(pass, file, stmt) {
		edits = append(edits, deleteImport(pass, file, spec))
	}
	return edits
}

// deleteLine deletes n, with its whole line when nothing but blanks stands
// before it on the line.
func deleteLine(pass *analysis.Pass, n ast.Node) analysis.TextEdit {
	tf := pass.Fset.File(n.Pos())
	line := tf.Line(n.Pos())
	if src := sourceOf(pass, tf); src != nil && line < tf.LineCount() {
		start := tf.LineStart(line)
		if len(bytes.TrimSpace(src[tf.Offset(start):tf.Offset(n.Pos())])) == 0 {
			return analysis.TextEdit{Pos: start, End: tf.LineStart(line + 1)}
		}
	}
	return analysis.TextEdit{Pos: n.Pos(), End: n.End()}
}

func sourceOf(pass *analysis.Pass, tf *token.File) []byte {
	if pass.ReadFile == nil {
		return nil
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	return src
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

func runtimeSpec(file *ast.File) *ast.ImportSpec {
	for _, spec := range file.Imports {
		if path, _ := strconv.Unquote(spec.Path.Value); path == "runtime" {
			return spec
		}
	}
	return nil
}

// usesRuntimeOutside reports whether the file uses package runtime outside
// stmt.
func usesRuntimeOutside(pass *analysis.Pass, file *ast.File, stmt ast.Node) bool {
	used := false
	ast.Inspect(file, func(n ast.Node) bool {
		if n == stmt || used {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if pn, ok := pass.TypesInfo.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "runtime" {
				used = true
			}
		}
		return true
	})
	return used
}

// deleteImport removes an import spec, or its whole declaration when it is
// the only one.
func deleteImport(pass *analysis.Pass, file *ast.File, spec *ast.ImportSpec) analysis.TextEdit {
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		for _, s := range gen.Specs {
			if s == spec {
				if len(gen.Specs) == 1 {
					return analysis.TextEdit{Pos: gen.Pos(), End: gen.End()}
				}
				return deleteLine(pass, spec)
			}
		}
	}
	return analysis.TextEdit{Pos: spec.Pos(), End: spec.End()}
}

// runtimeImport returns the name by which the file refers to package
// runtime, and the edit that imports it if it does not yet.
func runtimeImport(pass *analysis.Pass, file *ast.File) (string, []analysis.TextEdit) {
	if spec := runtimeSpec(file); spec != nil {
		if spec.Name != nil && spec.Name.Name != "_" && spec.Name.Name != "." {
			return spec.Name.Name, nil
		}
		if spec.Name == nil {
			return "runtime", nil
		}
	}
	// Add it to the first import declaration, or after the package clause.
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		if gen.Lparen.IsValid() {
			return "runtime", []analysis.TextEdit{{Pos: gen.Lparen + 1, End: gen.Lparen + 1, NewText: []byte("\n\t\"runtime\"")}}
		}
		return "runtime", []analysis.TextEdit{{Pos: gen.Pos(), End: gen.Pos(), NewText: []byte("import \"runtime\"\n")}}
	}
	return "runtime", []analysis.TextEdit{{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport \"runtime\"")}}
}
