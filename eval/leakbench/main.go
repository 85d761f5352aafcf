// Command leakbench measures concurlint's recall on the Go runtime's own
// goroutine-leak corpus: the kernels that test the goroutine leak profile,
// under $(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile
// (GoKer bugs under goker/, the LeakProf patterns of commonpatterns.go,
// one leak per primitive in simple.go), and the leaks that
// $(go env GOROOT)/src/runtime/goroutineleakprofile_test.go expects of each.
//
//	go run ./eval/leakbench [-v] [-data eval/leakbench/kernels.tsv] [-fixed eval/leakbench/fixed] [-- concurlint flags, e.g. -unawaited.streams]
//
// It copies the kernels and our fixed twins (eval/leakbench/fixed) to a
// scratch module at run time (the kernels' code is never committed here),
// runs concurlint on it, and matches each expected leak to a finding: a
// finding of unawaited matches the leak of function F, blocked sending
// (wait reason "chan send" or "select"; "chan receive" for a range over a
// channel never closed), when it is reported at a go statement that starts
// F, at a call of a function that starts F, or, for a channel field, at a
// send inside F or a function of its package that F calls. kernels.tsv
// classifies every expected leak, once, as in or out of the rules' scope.
// leakbench reports
// recall on the in-scope leaks and on all leaks, and every finding on a
// fixed twin as a false positive.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/vetdriver"
)

func main() {
	data := flag.String("data", "eval/leakbench/kernels.tsv", "the classification of the expected leaks")
	fixed := flag.String("fixed", "eval/leakbench/fixed", "the fixed twins of the kernels counted as found")
	verbose := flag.Bool("v", false, "print every expected leak with its verdict, and the findings that match none")
	flag.Parse()
	// The arguments are concurlint's flags: -unawaited.streams measures rule 5.
	if err := run(*data, *fixed, *verbose, flag.Args(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "leakbench:", err)
		os.Exit(1)
	}
}

// The directories of the scratch module: the kernels of
// testgoroutineleakprofile itself (micro tests, patterns, stress tests),
// the GoKer kernels, and our fixed twins.
const (
	dirKernels = "kernels"
	dirGoker   = "goker"
	dirFixed   = "fixed"
)

func run(dataFile, fixedDir string, verbose bool, toolFlags []string, out io.Writer) error {
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	expected, err := parseExpected(filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		return err
	}
	rows, err := readClassification(dataFile)
	if err != nil {
		return err
	}
	if err := classify(expected, rows); err != nil {
		return fmt.Errorf("%s: %v", dataFile, err)
	}

	scratch, err := os.MkdirTemp("", "leakbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	kernels := filepath.Join(goroot, "src", "runtime", "testdata", "testgoroutineleakprofile")
	if err := makeModule(scratch, map[string]string{
		dirKernels: kernels,
		dirGoker:   filepath.Join(kernels, "goker"),
		dirFixed:   fixedDir,
	}); err != nil {
		return err
	}
	tool := filepath.Join(scratch, "concurlint")
	if err := buildConcurlint(tool); err != nil {
		return err
	}
	res, err := vetdriver.Run(tool, scratch, toolFlags, []string{"./..."}, os.Stderr, nil)
	if err != nil {
		return fmt.Errorf("running concurlint on the kernels: %v", err)
	}
	idx, err := indexFunctions(scratch)
	if err != nil {
		return err
	}

	// The functions each unawaited finding blames, per directory, and the
	// findings that match no expected leak.
	blamed := map[string]map[string][]*vetdriver.Diagnostic{}
	matched := map[*vetdriver.Diagnostic]bool{}
	var kernelFindings, fixedFindings []*vetdriver.Diagnostic
	for _, d := range res.Diagnostics {
		file, _, _ := vetdriver.SplitPosn(d.Posn)
		dir := filepath.Base(filepath.Dir(file))
		if dir == dirFixed {
			fixedFindings = append(fixedFindings, d)
			continue
		}
		kernelFindings = append(kernelFindings, d)
		if d.Analyzer != "unawaited" {
			continue
		}
		if blamed[dir] == nil {
			blamed[dir] = map[string][]*vetdriver.Diagnostic{}
		}
		for _, n := range idx.blames(d) {
			blamed[dir][n] = append(blamed[dir][n], d)
		}
	}

	var inScope, inFound, allFound int
	var missedInScope []*leak
	for _, l := range expected {
		for name, ds := range blamed[l.dir] {
			if !l.function.MatchString(name) {
				continue
			}
			for _, d := range ds {
				if explains(d, l.reason) {
					l.found = true
					matched[d] = true
				}
			}
		}
	}
	for _, l := range expected {
		if l.found {
			allFound++
		}
		if l.class.inScope {
			inScope++
			if l.found {
				inFound++
			} else {
				missedInScope = append(missedInScope, l)
			}
		}
	}

	if verbose {
		fmt.Fprintln(out, "kernel\tfunction\twait reason\tscope\tflaky in the runtime's test\tfound")
		for _, l := range expected {
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%v\t%v\n", l.kernel, l.name, l.reason, l.class.scope, l.flaky, l.found)
		}
		fmt.Fprintln(out)
		fmt.Fprintln(out, "findings on the kernels that match no expected leak:")
		for _, d := range kernelFindings {
			if !matched[d] {
				fmt.Fprintf(out, "  %s: %s: %s\n", relPosn(scratch, d.Posn), d.Analyzer, d.Message)
			}
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "in-scope leaks found: %d of %d (%s)\n", inFound, inScope, percent(inFound, inScope))
	fmt.Fprintf(out, "all leaks found:      %d of %d (%s)\n", allFound, len(expected), percent(allFound, len(expected)))
	for _, l := range missedInScope {
		fmt.Fprintf(out, "  missed, in scope: %s %s [%s]: %s\n", l.kernel, l.name, l.reason, l.class.reason)
	}
	fmt.Fprintf(out, "findings on the fixed twins (false positives): %d\n", len(fixedFindings))
	for _, d := range fixedFindings {
		fmt.Fprintf(out, "  %s: %s: %s\n", relPosn(scratch, d.Posn), d.Analyzer, d.Message)
	}
	return nil
}

// explains reports whether an unawaited finding explains a goroutine
// blocked for reason: a goroutine blocked sending, on its own or in a
// select, or, for rule 6 (a range over a channel never closed), blocked
// receiving. A finding at a goroutine that the runtime sees blocked on a
// lock explains another bug than the one the kernel holds.
func explains(d *vetdriver.Diagnostic, reason string) bool {
	if strings.HasPrefix(d.Message, "goroutine ranges over ") {
		return reason == "chan receive"
	}
	return reason == "chan send" || reason == "select"
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(of))
}

func relPosn(root, posn string) string {
	if rel, err := filepath.Rel(root, posn); err == nil {
		return rel
	}
	return posn
}

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// A leak is one leak that the runtime's test expects of a kernel: a
// goroutine of function name, blocked for reason.
type leak struct {
	kernel   string         // the test case: "Cockroach1055", "Timeout"
	dir      string         // dirKernels or dirGoker
	name     string         // the function, as the test's regexp spells it without escapes
	reason   string         // the wait reason, likewise: "chan send", "sync.Mutex.Lock"
	function *regexp.Regexp // the test's regexp for the function, anchored at its end
	flaky    bool           // the runtime's test marks it flaky
	class    *classification
	found    bool
}

func (l *leak) key() string { return l.kernel + "\t" + l.name + "\t" + l.reason }

// parseExpected reads the expected leaks from the runtime's test: the
// string arguments of makeTest and makeFlakyTest, after the test's name,
// in the slices gokerTestCases (the GoKer kernels) and the others.
func parseExpected(file string) ([]*leak, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return nil, err
	}
	var leaks []*leak
	var parseErr error
	ast.Inspect(f, func(n ast.Node) bool {
		assign, ok := n.(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
			return true
		}
		id, ok := assign.Lhs[0].(*ast.Ident)
		if !ok || !strings.HasSuffix(id.Name, "Tests") && !strings.HasSuffix(id.Name, "TestCases") {
			return true
		}
		dir := dirKernels
		if id.Name == "gokerTestCases" {
			dir = dirGoker
		}
		ast.Inspect(assign.Rhs[0], func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok || (fn.Name != "makeTest" && fn.Name != "makeFlakyTest") || len(call.Args) == 0 {
				return true
			}
			var args []string
			for _, a := range call.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					parseErr = fmt.Errorf("%s: an argument of %s is not a string literal", fset.Position(a.Pos()), fn.Name)
					return false
				}
				s, _ := strconv.Unquote(lit.Value)
				args = append(args, s)
			}
			for _, re := range args[1:] {
				l, err := parseLeak(args[0], dir, re)
				if err != nil {
					parseErr = fmt.Errorf("%s: %v", fset.Position(call.Pos()), err)
					return false
				}
				l.flaky = fn.Name == "makeFlakyTest"
				leaks = append(leaks, l)
			}
			return false
		})
		return false
	})
	if parseErr != nil {
		return nil, parseErr
	}
	if len(leaks) == 0 {
		return nil, fmt.Errorf("%s: no expected leaks found (has the test's layout changed?)", file)
	}
	return leaks, nil
}

// parseLeak splits the test's regexp for one leak,
// `Cockroach1055\.func2\(.* \[chan receive\]`, into the function and the
// wait reason.
func parseLeak(kernel, dir, re string) (*leak, error) {
	i := strings.LastIndex(re, ` \[`)
	if i < 0 || !strings.HasSuffix(re, `\]`) {
		return nil, fmt.Errorf("leak %q of %s: no wait reason in brackets", re, kernel)
	}
	fn := re[:i]
	fn = strings.TrimSuffix(fn, `.*`)
	fn = strings.TrimSuffix(fn, `\(`)
	reason := re[i+len(` \[`) : len(re)-len(`\]`)]
	compiled, err := regexp.Compile(fn + "$")
	if err != nil {
		return nil, fmt.Errorf("leak %q of %s: %v", re, kernel, err)
	}
	return &leak{
		kernel:   kernel,
		dir:      dir,
		name:     strings.ReplaceAll(fn, `\`, ""),
		reason:   strings.ReplaceAll(reason, `\`, ""),
		function: compiled,
	}, nil
}

// A classification is one row of kernels.tsv.
type classification struct {
	key     string
	scope   string // "in-scope" or "out-of-scope"
	inScope bool
	reason  string
	line    int
}

// readClassification reads kernels.tsv: tab-separated columns kernel,
// function, wait_reason, scope, reason, after a header line; lines that
// start with # are comments.
func readClassification(file string) (map[string]*classification, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows := map[string]*classification{}
	sc := bufio.NewScanner(f)
	header := true
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if header {
			header = false
			if strings.Join(cols, ",") != "kernel,function,wait_reason,scope,reason" {
				return nil, fmt.Errorf("%s:%d: the header must be kernel, function, wait_reason, scope, reason (tab-separated)", file, line)
			}
			continue
		}
		if len(cols) != 5 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 5", file, line, len(cols))
		}
		c := &classification{key: strings.Join(cols[:3], "\t"), scope: cols[3], reason: cols[4], line: line}
		switch c.scope {
		case "in-scope":
			c.inScope = true
		case "out-of-scope":
		default:
			return nil, fmt.Errorf("%s:%d: scope %q, want in-scope or out-of-scope", file, line, c.scope)
		}
		if c.reason == "" {
			return nil, fmt.Errorf("%s:%d: no reason", file, line)
		}
		if rows[c.key] != nil {
			return nil, fmt.Errorf("%s:%d: %s is classified twice", file, line, strings.ReplaceAll(c.key, "\t", " "))
		}
		rows[c.key] = c
	}
	return rows, sc.Err()
}

// classify gives each expected leak its row, and fails unless the rows and
// the expected leaks correspond one to one.
func classify(expected []*leak, rows map[string]*classification) error {
	var problems []string
	used := map[string]bool{}
	for _, l := range expected {
		c := rows[l.key()]
		if c == nil {
			problems = append(problems, "no row for the expected leak "+strings.ReplaceAll(l.key(), "\t", " | "))
			continue
		}
		l.class = c
		used[l.key()] = true
	}
	for key, c := range rows {
		if !used[key] {
			problems = append(problems, fmt.Sprintf("line %d: the runtime's test expects no leak %s", c.line, strings.ReplaceAll(key, "\t", " | ")))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%s", strings.Join(problems, "\n  "))
	}
	return nil
}

// makeModule writes a module in root with one directory per entry of
// dirs, holding copies of the .go files of the source directory.
func makeModule(root string, dirs map[string]string) error {
	version := strings.TrimPrefix(runtime.Version(), "go")
	if parts := strings.SplitN(version, ".", 3); len(parts) >= 2 {
		version = parts[0] + "." + parts[1]
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module leakbench\n\ngo "+version+"\n"), 0o644); err != nil {
		return err
	}
	for dir, src := range dirs {
		files, err := filepath.Glob(filepath.Join(src, "*.go"))
		if err != nil {
			return err
		}
		if len(files) == 0 {
			return fmt.Errorf("%s: no Go files", src)
		}
		if err := os.Mkdir(filepath.Join(root, dir), 0o755); err != nil {
			return err
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(root, dir, filepath.Base(f)), b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// buildConcurlint builds the concurlint of the module leakbench runs in.
func buildConcurlint(out string) error {
	cmd := exec.Command("go", "build", "-o", out, "github.com/concurlint/concurlint/cmd/concurlint")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building concurlint (run leakbench inside its module): %v", err)
	}
	return nil
}

// An index names the functions of the scratch module as the runtime's
// tracebacks do (Cockroach1055.func2.1, (*Stopper_cockroach1462).RunWorker.func1),
// and knows, by position, the go statements and calls that start them.
type index struct {
	started map[string][]string // by "file:line:col" of a go keyword or a call's parenthesis: the functions it starts
	funcs   []span              // every function body, for the sends inside them
	// callers: by function (package path and name), the functions of its
	// package that call it by name: a goroutine blocked in a send has them
	// on its stack too (process → sendWatchCacheEvent → c.result <- e).
	callers map[funcKey][]funcKey
}

type funcKey struct{ pkg, name string }

type span struct {
	file       string
	start, end int // lines
	fn         funcKey
}

func indexFunctions(root string) (*index, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  root,
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	if packages.PrintErrors(pkgs) > 0 {
		return nil, fmt.Errorf("the scratch module does not type-check")
	}
	idx := &index{started: map[string][]string{}, callers: map[funcKey][]funcKey{}}
	for _, pkg := range pkgs {
		idx.addPackage(pkg)
	}
	return idx, nil
}

func (idx *index) addPackage(pkg *packages.Package) {
	fset := pkg.Fset
	names := map[ast.Node]string{}       // function literals and declarations: their runtime names
	declOf := map[*types.Func]ast.Node{} // declared functions
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			name := funcName(pkg.TypesInfo, fd)
			names[fd] = name
			if obj, ok := pkg.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				declOf[obj] = fd
			}
			nameLiterals(fd.Body, name, names)
		}
	}
	// The go statements in each function, for the calls of it.
	gos := map[ast.Node][]*ast.GoStmt{}
	for _, f := range pkg.Syntax {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if g, ok := n.(*ast.GoStmt); ok {
				for i := len(stack) - 1; i >= 0; i-- {
					if _, ok := names[stack[i]]; ok {
						gos[stack[i]] = append(gos[stack[i]], g)
						break
					}
				}
			}
			return true
		})
	}
	startedBy := func(g *ast.GoStmt) []string {
		if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
			return []string{names[lit]}
		}
		if fn, ok := typeutil.Callee(pkg.TypesInfo, g.Call).(*types.Func); ok {
			if decl := declOf[fn.Origin()]; decl != nil {
				return []string{names[decl]}
			}
		}
		return nil
	}
	for node, name := range names {
		var body *ast.BlockStmt
		switch n := node.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		start := fset.Position(body.Pos())
		idx.funcs = append(idx.funcs, span{start.Filename, start.Line, fset.Position(body.End()).Line, funcKey{pkg.PkgPath, name}})
	}
	for _, list := range gos {
		for _, g := range list {
			idx.started[posnKey(fset.Position(g.Go))] = startedBy(g)
		}
	}
	// Calls: the functions that the callee's go statements start, and
	// who calls whom.
	for _, f := range pkg.Syntax {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(pkg.TypesInfo, call).(*types.Func)
			if !ok {
				return true
			}
			decl := declOf[fn.Origin()]
			if decl == nil {
				return true
			}
			var started []string
			for _, g := range gos[decl] {
				started = append(started, startedBy(g)...)
			}
			key := posnKey(fset.Position(call.Lparen))
			idx.started[key] = append(idx.started[key], started...)
			for i := len(stack) - 1; i >= 0; i-- {
				if caller, ok := names[stack[i]]; ok {
					callee := funcKey{pkg.PkgPath, names[decl]}
					idx.callers[callee] = append(idx.callers[callee], funcKey{pkg.PkgPath, caller})
					break
				}
			}
			return true
		})
	}
}

func posnKey(p token.Position) string {
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// funcName names a declared function as a traceback does: F, T.M or (*T).M.
func funcName(info *types.Info, fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := info.TypeOf(fd.Recv.List[0].Type)
	if p, ok := t.(*types.Pointer); ok {
		if named, ok := p.Elem().(*types.Named); ok {
			return "(*" + named.Obj().Name() + ")." + fd.Name.Name
		}
	}
	if named, ok := t.(*types.Named); ok {
		return named.Obj().Name() + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// nameLiterals names the function literals in body, in source order:
// outer.func1, outer.func2, and outer.func2.1 for a literal inside
// outer.func2, as the compiler does.
func nameLiterals(body ast.Node, outer string, names map[ast.Node]string) {
	n := 0
	ast.Inspect(body, func(node ast.Node) bool {
		lit, ok := node.(*ast.FuncLit)
		if !ok {
			return true
		}
		n++
		name := fmt.Sprintf("%s.%d", outer, n)
		if !strings.Contains(outer, ".func") {
			name = fmt.Sprintf("%s.func%d", outer, n)
		}
		names[lit] = name
		nameLiterals(lit.Body, name, names)
		return false
	})
}

// blames returns the functions whose goroutines the finding d says leak:
// those started by the go statement or the call it is reported at, or,
// for a channel field (reported at its declaration), the functions that
// hold the sends it points at and those that call them in their package.
func (idx *index) blames(d *vetdriver.Diagnostic) []string {
	if started, ok := idx.started[d.Posn]; ok {
		return started
	}
	seen := map[funcKey]bool{}
	var names []string
	var blame func(fn funcKey)
	blame = func(fn funcKey) {
		if seen[fn] {
			return
		}
		seen[fn] = true
		names = append(names, fn.name)
		for _, caller := range idx.callers[fn] {
			blame(caller)
		}
	}
	for _, r := range d.Related {
		if fn, ok := idx.enclosing(r.Posn); ok {
			blame(fn)
		}
	}
	return names
}

// enclosing returns the innermost function around posn.
func (idx *index) enclosing(posn string) (funcKey, bool) {
	file, line, _ := vetdriver.SplitPosn(posn)
	var best funcKey
	size := -1
	for _, s := range idx.funcs {
		if s.file == file && s.start <= line && line <= s.end && (size < 0 || s.end-s.start < size) {
			best, size = s.fn, s.end-s.start
		}
	}
	return best, size >= 0
}
