package confirm

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/concurlint/concurlint/internal/leakprof"
	"github.com/concurlint/concurlint/internal/tracestats"
)

// ReadLeaks reads the goroutine leak profile in the named file.
func ReadLeaks(name string, opts tracestats.Options) (*leakprof.Profile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("leak profile %s: is a directory", name)
	}
	p, err := leakprof.Read(f, opts)
	if err != nil {
		return nil, fmt.Errorf("leak profile %s: %v", name, err)
	}
	return p, nil
}

// JudgeLeaks joins the leaked goroutines of a leak profile to the go
// statements of unawaited findings, confirms the findings that leaked, and
// returns the leaks that no finding joined. With no trace (hasTrace false),
// it also gives the other findings their verdict.
//
// A leak joins a finding when the go statement that created it (debug=2
// text) is at the finding's position; or when the function it started in
// begins on the finding's line (a func literal started there); or when the
// finding's go statement calls a function of that name declared in the
// same directory; or when it blocks at a related position of the finding
// (the send on a channel field that nothing receives from).
func JudgeLeaks(findings []*Finding, lp *leakprof.Profile, hasTrace bool) []*leakprof.Leak {
	callees := calleeIndex{}
	joined := map[*leakprof.Leak]bool{}
	for _, f := range findings {
		if f.Analyzer != "unawaited" {
			if !hasTrace {
				f.Verdict, f.Evidence = NotObserved, "a leak profile measures unawaited findings only: give -trace to measure "+f.Analyzer+"."
			}
			continue
		}
		for _, l := range lp.Leaks {
			if leakJoins(l, f, callees) {
				f.Leaked = append(f.Leaked, l)
				joined[l] = true
			}
		}
		switch {
		case len(f.Leaked) > 0:
			f.Verdict, f.Evidence = leakVerdict(f.Leaked)
		case !hasTrace:
			f.Verdict, f.Evidence = NotObserved, "no goroutine from this site leaked in the runtime leak profile (which does not say whether the run executed the site)."
		}
	}
	var unreported []*leakprof.Leak
	for _, l := range lp.Leaks {
		if !joined[l] {
			unreported = append(unreported, l)
		}
	}
	return unreported
}

func leakJoins(l *leakprof.Leak, f *Finding, callees calleeIndex) bool {
	for _, p := range append([]Position{f.Pos}, f.Related...) {
		if l.CreatedBy.Line == p.Line && samePath(l.CreatedBy.File, p.File, false) {
			return true
		}
	}
	if l.Start.StartLine == f.Pos.Line && samePath(l.Start.File, f.Pos.File, false) {
		return true
	}
	for _, p := range f.Related {
		if l.Blocked.Line == p.Line && samePath(l.Blocked.File, p.File, false) {
			return true
		}
	}
	name, declLine := callees.at(f.Pos)
	if name == "" || !sameDir(l.Start.File, f.Pos.File) {
		return false
	}
	if declLine > 0 && l.Start.StartLine > 0 && samePath(l.Start.File, f.Pos.File, false) {
		return l.Start.StartLine == declLine
	}
	return funcName(l.Start.Func) == name
}

// leakVerdict judges an unawaited finding by the leaked goroutines of its
// site: confirmed when they block on a channel, as the finding predicts
// (or where the profile does not say on what); not confirmed when they all
// leaked elsewhere, in a lock or a wait group, before reaching the send.
func leakVerdict(leaks []*leakprof.Leak) (string, string) {
	var onChannel []*leakprof.Leak
	for _, l := range leaks {
		switch l.Reason {
		case "chan send", "chan receive", "select", "":
			onChannel = append(onChannel, l)
		}
	}
	if len(onChannel) == 0 {
		return NotConfirmed, leakEvidence(leaks) + " They leaked, but not on a channel: not where the finding predicts a blocked sender."
	}
	return Confirmed, leakEvidence(onChannel)
}

// leakEvidence says how many goroutines leaked and where the most of them
// block.
func leakEvidence(leaks []*leakprof.Leak) string {
	total := 0
	for _, l := range leaks {
		total += l.Count
	}
	top := leaks[0] // leaks are sorted, most goroutines first
	s := fmt.Sprintf("%d goroutines leaked (runtime leak profile), blocked in %s at %s:%d (%s)",
		total, reasonOrWait(top.Reason), filepath.Base(top.Blocked.File), top.Blocked.Line, top.Blocked.Func)
	if len(leaks) > 1 {
		s += fmt.Sprintf(", and %d more places", len(leaks)-1)
	}
	return s + "."
}

func sameDir(a, b string) bool {
	return samePath(filepath.Dir(a), filepath.Dir(b), false)
}

// funcName returns the last element of a function's name as a frame gives
// it: "run" for "pkg.(*T).run" and for "pkg.run".
func funcName(fn string) string {
	return fn[strings.LastIndex(fn, ".")+1:]
}

// calleeIndex finds the function that a finding's go statement calls by
// name, parsing the finding's file once.
type calleeIndex map[string]*fileCallees

type fileCallees struct {
	gos   map[int]*ast.GoStmt // by line
	decls map[string]int      // function and method name -> line
}

// at returns the name of the function that the go statement at p calls
// (go produce(i, ch), go s.run()), and the line that declares it in the
// same file, or 0; "" for a func literal or a line with no go statement.
func (ci calleeIndex) at(p Position) (string, int) {
	fc, ok := ci[p.File]
	if !ok {
		fc = parseCallees(p.File)
		ci[p.File] = fc
	}
	if fc == nil || fc.gos[p.Line] == nil {
		return "", 0
	}
	var name string
	switch fun := ast.Unparen(fc.gos[p.Line].Call.Fun).(type) {
	case *ast.Ident:
		name = fun.Name
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	case *ast.IndexExpr: // a generic function, instantiated
		if id, ok := fun.X.(*ast.Ident); ok {
			name = id.Name
		}
	}
	return name, fc.decls[name]
}

func parseCallees(file string) *fileCallees {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil // not a finding about a go statement of a Go file
	}
	fc := &fileCallees{gos: map[int]*ast.GoStmt{}, decls: map[string]int{}}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			fc.gos[fset.Position(n.Pos()).Line] = n
		case *ast.FuncDecl:
			fc.decls[n.Name.Name] = fset.Position(n.Pos()).Line
		}
		return true
	})
	return fc
}
