// Package report delivers an analyzer's diagnostics, minus those the user
// suppressed with a //concurlint:ignore comment and those in generated files.
package report

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const directive = "//concurlint:ignore"

// Reporter reports the diagnostics of one analyzer in one pass.
type Reporter struct {
	pass *analysis.Pass
	// ignored holds, per file name, the lines that carry an ignore directive
	// naming this analyzer.
	ignored   map[string]map[int]bool
	generated map[string]bool
}

// New scans the comments of the pass's files once.
func New(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, ignored: map[string]map[int]bool{}, generated: map[string]bool{}}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if ast.IsGenerated(f) {
			r.generated[name] = true
			continue
		}
		for _, group := range f.Comments {
			for _, c := range group.List {
				if names, ok := ignoredNames(c.Text); ok && names[pass.Analyzer.Name] {
					lines := r.ignored[name]
					if lines == nil {
						lines = map[int]bool{}
						r.ignored[name] = lines
					}
					lines[pass.Fset.Position(c.Slash).Line] = true
				}
			}
		}
	}
	return r
}

// ignoredNames parses "//concurlint:ignore NAME[,NAME] reason".
func ignoredNames(text string) (map[string]bool, bool) {
	rest, ok := strings.CutPrefix(text, directive)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil, false
	}
	names := map[string]bool{}
	for _, n := range strings.Split(fields[0], ",") {
		names[n] = true
	}
	return names, true
}

// Suppressed reports whether a diagnostic at pos would be dropped.
func (r *Reporter) Suppressed(pos token.Pos) bool {
	p := r.pass.Fset.Position(pos)
	if r.generated[p.Filename] {
		return true
	}
	lines := r.ignored[p.Filename]
	return lines[p.Line] || lines[p.Line-1]
}

// Report reports d unless it is suppressed.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if !r.Suppressed(d.Pos) {
		r.pass.Report(d)
	}
}
