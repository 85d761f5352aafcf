package confirm

import (
	"go/token"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/leakprof"
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
	// Leaked are the goroutines of the finding's go statement that the
	// leak profile reports.
	Leaked []*leakprof.Leak `json:"leaked,omitempty"`

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

// Analyze runs the analyzers on the packages that match patterns, from dir,
// through go vet with tool as the vet tool (diagnostics.Analyze), and
// returns their diagnostics as findings, sorted by position.
func Analyze(tool string, analyzers []*analysis.Analyzer, dir string, patterns []string, tests bool) ([]*Finding, error) {
	diags, err := diagnostics.Analyze(tool, analyzers, nil, dir, patterns, tests)
	if err != nil {
		return nil, err
	}
	out := make([]*Finding, 0, len(diags))
	for _, d := range diags {
		f := &Finding{Analyzer: d.Analyzer.Name, Message: d.Message, Pos: position(d.Posn)}
		f.Posn = f.Pos.String()
		for _, r := range d.Related {
			f.Related = append(f.Related, position(r.Posn))
		}
		out = append(out, f)
	}
	return out, nil
}
