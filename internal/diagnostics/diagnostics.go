// Package diagnostics runs analyzers on packages through go vet and returns
// their diagnostics as data, with positions resolved, for every output of
// the command: text, JSON, SARIF and confirm. (vetdriver runs go vet and
// decodes its JSON; this package is what the outputs read.)
package diagnostics

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/token"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/vetdriver"
)

// A Diagnostic is one analyzer's diagnostic, its positions resolved.
type Diagnostic struct {
	Analyzer  *analysis.Analyzer
	Posn, End token.Position // End is invalid when the diagnostic has no end
	Message   string
	Related   []Related
	Fixes     []Fix
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

// A Request says what to analyse and how.
type Request struct {
	// Tool is a vet tool with the analyzers (concurlint itself).
	Tool string
	// Analyzers are those whose diagnostics are kept. Those that run are
	// those Flags select (-NAME), all of the tool's by default: go vet
	// keys its cache on its flags, so every subcommand with the same
	// flags shares one.
	Analyzers []*analysis.Analyzer
	// Flags are more flags for go vet: analyzer selection and flags,
	// build flags.
	Flags []string
	// Dir is where go vet runs, and Patterns the packages it analyses.
	Dir      string
	Patterns []string
	// Tests keeps the diagnostics in test files; go vet always analyses
	// them.
	Tests bool
	// Progress, when not nil, hears of each package's report as it
	// arrives, and of the end of go vet.
	Progress Progress
}

// Progress follows a run of go vet.
type Progress interface {
	// Package is called as each package's report arrives, with its
	// package IDs (none when it has no finding).
	Package(pkgs []string)
	// Finish is called when go vet has ended.
	Finish()
}

// A Result is what a run reported.
type Result struct {
	// Diagnostics are sorted by position, each once.
	Diagnostics []*Diagnostic
	// Tree is go vet's JSON as one tree, package ID → analyzer → the
	// diagnostics (the -json output).
	Tree map[string]map[string]json.RawMessage
}

// Analyze runs the request's analyzers on its packages through go vet and
// returns their diagnostics. When go vet fails (a package does not build,
// an analyzer fails), the error says why, with go vet's messages, and the
// result, when not nil, holds what the other packages reported.
func Analyze(req Request) (*Result, error) {
	if len(req.Analyzers) == 0 {
		return &Result{}, nil
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range req.Analyzers {
		byName[a.Name] = a
	}
	flags := req.Flags
	var stderr bytes.Buffer
	var done func([]string)
	if req.Progress != nil {
		done = req.Progress.Package
	}
	res, err := vetdriver.Run(req.Tool, req.Dir, flags, req.Patterns, &stderr, done)
	if req.Progress != nil {
		req.Progress.Finish()
	}
	if err != nil {
		err = vetError(err, stderr.String())
	}
	if res == nil {
		return nil, err
	}
	files := fileCache{}
	out := &Result{Tree: res.Tree}
	for _, d := range res.Diagnostics {
		a := byName[d.Analyzer]
		if a == nil || (!req.Tests && strings.HasSuffix(position(d.Posn).Filename, "_test.go")) {
			continue
		}
		diag := &Diagnostic{Analyzer: a, Posn: position(d.Posn), End: position(d.End), Message: d.Message}
		for _, r := range d.Related {
			diag.Related = append(diag.Related, Related{Posn: position(r.Posn), End: position(r.End), Message: r.Message})
		}
		for _, f := range d.SuggestedFixes {
			fix := Fix{Message: f.Message}
			for _, e := range f.Edits {
				fix.Edits = append(fix.Edits, Edit{Posn: files.position(e.Filename, e.Start), End: files.position(e.Filename, e.End), NewText: e.New})
			}
			diag.Fixes = append(diag.Fixes, fix)
		}
		out.Diagnostics = append(out.Diagnostics, diag)
	}
	return out, err
}

// vetError is go vet's failure, with what it said (type errors, build
// failures) but its "# package" headers, before what its output said.
func vetError(err error, stderr string) error {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if l != "" && !strings.HasPrefix(l, "# ") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return err
	}
	if msg := err.Error(); msg != "go vet: exit status 1" {
		lines = append(lines, msg) // an analyzer that failed, output that is not JSON
	}
	return errors.New(strings.Join(lines, "\n"))
}

// position parses "file:line:column"; "" is the invalid position.
func position(posn string) token.Position {
	if posn == "" {
		return token.Position{}
	}
	file, line, column := vetdriver.SplitPosn(posn)
	return token.Position{Filename: file, Line: line, Column: column}
}

// fileCache turns byte offsets into positions, reading each file once.
type fileCache map[string][]byte

func (c fileCache) position(file string, offset int) token.Position {
	data, ok := c[file]
	if !ok {
		data, _ = os.ReadFile(file)
		c[file] = data
	}
	p := token.Position{Filename: file, Offset: offset, Line: 1, Column: 1}
	if offset > len(data) {
		return token.Position{Filename: file, Offset: offset}
	}
	before := data[:offset]
	p.Line += bytes.Count(before, []byte("\n"))
	p.Column += len(before) - (bytes.LastIndexByte(before, '\n') + 1)
	return p
}
