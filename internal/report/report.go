// Package report delivers an analyzer's diagnostics, minus those the user
// suppressed with a //concurlint:ignore comment and those in generated files,
// each with a range that covers its statement or call.
package report

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const directive = "//concurlint:ignore"

// A Directive is one //concurlint:ignore comment.
type Directive struct {
	Pos   token.Pos
	End   token.Pos
	Names []string
	file  string
	line  int
	used  map[string]bool // the names under which it suppressed a diagnostic
}

// Directives are the ignore comments and generated files of a package.
type Directives struct {
	list      []*Directive
	generated map[string]bool
}

// Parse reads the ignore comments of the pass's files.
func Parse(pass *analysis.Pass) *Directives {
	ds := &Directives{generated: map[string]bool{}}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if ast.IsGenerated(f) {
			ds.generated[name] = true
			continue
		}
		for _, group := range f.Comments {
			for _, c := range group.List {
				if names, ok := ignoredNames(c.Text); ok {
					ds.list = append(ds.list, &Directive{Pos: c.Pos(), End: c.End(), Names: names,
						file: name, line: pass.Fset.Position(c.Slash).Line, used: map[string]bool{}})
				}
			}
		}
	}
	return ds
}

// ignoredNames parses "//concurlint:ignore NAME[,NAME] reason".
func ignoredNames(text string) ([]string, bool) {
	rest, ok := strings.CutPrefix(text, directive)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil, false
	}
	var names []string
	for n := range strings.SplitSeq(fields[0], ",") {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names, len(names) > 0
}

// directive returns the directive that names analyzer on the line of p or
// the line above it.
func (ds *Directives) directive(p token.Position, analyzer string) *Directive {
	for _, d := range ds.list {
		if d.file == p.Filename && (d.line == p.Line || d.line == p.Line-1) && slices.Contains(d.Names, analyzer) {
			return d
		}
	}
	return nil
}

// Reporter reports the diagnostics of one analyzer in one pass.
type Reporter struct {
	pass       *analysis.Pass
	directives *Directives
	spans      map[*ast.File]*nodeSpans // built on the first finding in a file that needs a range
}

// New returns the pass's reporter. The directives come from the driver
// when it passes them (Tool's analyzers do, to learn which were used), or
// are read from the pass's files.
func New(pass *analysis.Pass) *Reporter {
	ds, ok := pass.ResultOf[Analyzer].(*Directives)
	if !ok {
		ds = Parse(pass)
	}
	return &Reporter{pass: pass, directives: ds}
}

// Suppressed reports whether a diagnostic at pos would be dropped.
func (r *Reporter) Suppressed(pos token.Pos) bool {
	p := r.pass.Fset.Position(pos)
	return r.directives.generated[p.Filename] || r.directives.directive(p, r.pass.Analyzer.Name) != nil
}

// Report reports d unless it is suppressed. A diagnostic at a call's
// parenthesis moves to the call's start, and one without an end gets the
// end of the node it starts (the go statement, the call, the make).
func (r *Reporter) Report(d analysis.Diagnostic) {
	p := r.pass.Fset.Position(d.Pos)
	if r.directives.generated[p.Filename] {
		return
	}
	if dir := r.directives.directive(p, r.pass.Analyzer.Name); dir != nil {
		dir.used[r.pass.Analyzer.Name] = true
		return
	}
	if !d.End.IsValid() {
		d.Pos, d.End = r.span(d.Pos)
	}
	r.pass.Report(d)
}

// span returns the range of the outermost expression or simple statement
// that starts at pos (a compound statement spans too much to underline),
// or, for pos at a call's left parenthesis, the call's range.
func (r *Reporter) span(pos token.Pos) (token.Pos, token.Pos) {
	for _, f := range r.pass.Files {
		if pos < f.FileStart || pos >= f.FileEnd {
			continue
		}
		spans := r.spans[f]
		if spans == nil {
			spans = fileSpans(f)
			if r.spans == nil {
				r.spans = map[*ast.File]*nodeSpans{}
			}
			r.spans[f] = spans
		}
		start := pos
		if call, ok := spans.calls[pos]; ok {
			start = call
		}
		if end, ok := spans.ends[start]; ok {
			return start, end
		}
	}
	return pos, token.NoPos
}

// nodeSpans indexes a file's nodes by position, in one walk of the file: a
// search per finding was quadratic in one huge function with a finding on
// each of its statements.
type nodeSpans struct {
	ends  map[token.Pos]token.Pos // by start, the end of the outermost expression or simple statement
	calls map[token.Pos]token.Pos // by left parenthesis, the call's start
}

func fileSpans(f *ast.File) *nodeSpans {
	s := &nodeSpans{ends: map[token.Pos]token.Pos{}, calls: map[token.Pos]token.Pos{}}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case nil, *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.CaseClause, *ast.CommClause, *ast.LabeledStmt:
		case ast.Expr, ast.Stmt:
			if call, ok := n.(*ast.CallExpr); ok {
				s.calls[call.Lparen] = call.Pos()
			}
			if _, ok := s.ends[n.Pos()]; !ok { // the walk meets the outermost first
				s.ends[n.Pos()] = n.End()
			}
		}
		return true
	})
	return s
}
