package confirm

import (
	"go/token"
	"strconv"

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

// Analyze runs the analyzers of req through go vet (diagnostics.Analyze),
// and returns their diagnostics as findings, sorted by position.
func Analyze(req diagnostics.Request) ([]*Finding, error) {
	res, err := diagnostics.Analyze(req)
	if err != nil {
		return nil, err
	}
	out := make([]*Finding, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		f := &Finding{Analyzer: d.Analyzer.Name, Message: d.Message, Pos: position(d.Posn)}
		f.Posn = f.Pos.String()
		for _, r := range d.Related {
			f.Related = append(f.Related, position(r.Posn))
		}
		out = append(out, f)
	}
	return out, nil
}
