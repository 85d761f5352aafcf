package confirm

import (
	"fmt"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/internal/tracestats"
)

// A Finding is a diagnostic of an analyzer, with what the trace says of it.
type Finding struct {
	Analyzer string           `json:"analyzer"`
	Posn     string           `json:"posn"` // file:line:col of the diagnostic
	Message  string           `json:"message"`
	Verdict  string           `json:"verdict"`
	Evidence string           `json:"evidence"`
	Site     *tracestats.Site `json:"site"`

	// Pos is the diagnostic's position and Related the positions of its
	// related information, tried in this order to find the site.
	Pos     Position   `json:"-"`
	Related []Position `json:"-"`
}

// Position is a position in a source file.
type Position struct {
	File      string
	Line, Col int
}

func (p Position) String() string {
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

func position(p token.Position) Position {
	return Position{File: p.Filename, Line: p.Line, Col: p.Column}
}

// Analyze loads the packages that match patterns, from dir, runs the
// analyzers on them and returns their diagnostics, sorted by position.
// With tests, the packages' test files are analysed too (a diagnostic found
// in both a package and its test variant is reported once).
func Analyze(analyzers []*analysis.Analyzer, dir string, patterns []string, tests bool) ([]*Finding, error) {
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
	var out []*Finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			return nil, fmt.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			f := &Finding{
				Analyzer: act.Analyzer.Name,
				Message:  d.Message,
				Pos:      position(fset.Position(d.Pos)),
			}
			f.Posn = f.Pos.String()
			key := f.Analyzer + "\x00" + f.Posn + "\x00" + f.Message
			if seen[key] {
				continue
			}
			seen[key] = true
			for _, r := range d.Related {
				f.Related = append(f.Related, position(fset.Position(r.Pos)))
			}
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return out[i].Analyzer < out[j].Analyzer
	})
	return out, nil
}
