// Package diagnostics runs analyzers on packages loaded with go/packages and
// returns their diagnostics as data, with positions resolved, for the
// subcommands that do more than print them (sarif, confirm).
package diagnostics

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A Diagnostic is one analyzer's diagnostic, its positions resolved.
type Diagnostic struct {
	Analyzer   *analysis.Analyzer
	Posn, End  token.Position // End is invalid when the diagnostic has no end
	Message    string
	Related    []Related
	Fixes      []Fix
	Diagnostic analysis.Diagnostic // as reported
}

// Related is a piece of related information.
type Related struct {
	Posn, End token.Position
	Message   string
}

// A Fix is a suggested fix, its edits' positions resolved.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the text between Posn and End by NewText.
type Edit struct {
	Posn, End token.Position
	NewText   string
}

// Analyze loads the packages that match patterns, from dir, runs the
// analyzers on them and returns their diagnostics, sorted by position.
// With tests, the packages' test files are analysed too (a diagnostic found
// in both a package and its test variant is reported once).
func Analyze(analyzers []*analysis.Analyzer, dir string, patterns []string, tests bool) ([]*Diagnostic, error) {
	if len(analyzers) == 0 {
		return nil, nil
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	var loadErr error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if loadErr == nil && len(p.Errors) > 0 {
			loadErr = fmt.Errorf("package %s: %v", p.PkgPath, p.Errors[0])
		}
	})
	if loadErr != nil {
		return nil, loadErr
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []*Diagnostic
	for _, act := range graph.Roots {
		if act.Err != nil {
			return nil, fmt.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			diag := resolve(fset, act.Analyzer, d)
			key := diag.Analyzer.Name + "\x00" + diag.Posn.String() + "\x00" + diag.Message
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, diag)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Posn, out[j].Posn
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return out[i].Analyzer.Name < out[j].Analyzer.Name
	})
	return out, nil
}

func resolve(fset *token.FileSet, a *analysis.Analyzer, d analysis.Diagnostic) *Diagnostic {
	diag := &Diagnostic{Analyzer: a, Posn: fset.Position(d.Pos), End: end(fset, d.End), Message: d.Message, Diagnostic: d}
	for _, r := range d.Related {
		diag.Related = append(diag.Related, Related{Posn: fset.Position(r.Pos), End: end(fset, r.End), Message: r.Message})
	}
	for _, f := range d.SuggestedFixes {
		fix := Fix{Message: f.Message}
		for _, e := range f.TextEdits {
			fix.Edits = append(fix.Edits, Edit{Posn: fset.Position(e.Pos), End: fset.Position(e.End), NewText: string(e.NewText)})
		}
		diag.Fixes = append(diag.Fixes, fix)
	}
	return diag
}

func end(fset *token.FileSet, pos token.Pos) token.Position {
	if !pos.IsValid() {
		return token.Position{}
	}
	return fset.Position(pos)
}
