// Package diagnostics runs analyzers on packages through go vet and returns
// their diagnostics as data, with positions resolved, for the subcommands
// that do more than print them (sarif, confirm).
package diagnostics

import (
	"bytes"
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

// Analyze runs the analyzers on the packages that match patterns, from
// dir, through go vet with tool as the vet tool (a program that has the
// analyzers: concurlint), and returns their diagnostics, sorted by
// position, each once. vetFlags are the analyzers' flags, for go vet. go
// vet always analyses test files; without tests, the diagnostics in them
// are left out.
func Analyze(tool string, analyzers []*analysis.Analyzer, vetFlags []string, dir string, patterns []string, tests bool) ([]*Diagnostic, error) {
	if len(analyzers) == 0 {
		return nil, nil
	}
	byName := map[string]*analysis.Analyzer{}
	flags := append([]string(nil), vetFlags...)
	for _, a := range analyzers {
		byName[a.Name] = a
		flags = append(flags, "-"+a.Name)
	}
	var stderr bytes.Buffer
	res, err := vetdriver.Run(tool, dir, flags, patterns, &stderr)
	if err != nil {
		return nil, vetError(err, stderr.String())
	}
	files := fileCache{}
	var out []*Diagnostic
	for _, d := range res.Diagnostics {
		a := byName[d.Analyzer]
		if a == nil || (!tests && strings.HasSuffix(position(d.Posn).Filename, "_test.go")) {
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
		out = append(out, diag)
	}
	return out, nil
}

// vetError is go vet's failure, with what it said (type errors, build
// failures) but its "# package" headers.
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
