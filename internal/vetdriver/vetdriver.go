// Package vetdriver runs a vet tool's analyzers on packages through go vet,
// and gathers what they report in go vet's own terms: its command line
// (the analyzer flags, Selection), its process and its JSON (positions as
// strings). Nothing outside internal/diagnostics reads its Diagnostic:
// diagnostics resolves them into the one type every output reads.
//
// go vet analyses one package per process, reading its dependencies from
// export data and their facts from files, and caches both: a run holds one
// package's syntax at a time, and a second run re-analyses only what
// changed. An in-process driver (x/tools' checker) holds the syntax and
// types of every package of the graph at once: 11.5 GB against 0.2 GB on
// the standard library.
package vetdriver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A Diagnostic is one diagnostic as go vet -json reports it.
type Diagnostic struct {
	Package  string `json:"-"` // package ID, e.g. "p" or "p [p.test]"
	Analyzer string `json:"-"`

	Category       string         `json:"category,omitempty"`
	Posn           string         `json:"posn"` // file:line:column
	End            string         `json:"end"`
	Message        string         `json:"message"`
	SuggestedFixes []SuggestedFix `json:"suggested_fixes,omitempty"`
	Related        []RelatedInfo  `json:"related,omitempty"`
}

// A SuggestedFix is a set of edits applied together.
type SuggestedFix struct {
	Message string     `json:"message"`
	Edits   []TextEdit `json:"edits"`
}

// A TextEdit replaces the bytes [Start, End) of a file with New.
type TextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// RelatedInfo is a secondary position of a diagnostic.
type RelatedInfo struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// Result is what a run reported.
type Result struct {
	// Tree is go vet's JSON as one tree: package ID → analyzer → the
	// diagnostics, or {"error": ...} when the analyzer failed.
	Tree map[string]map[string]json.RawMessage
	// Diagnostics are the tree's diagnostics, each once (a package and
	// its test variant report the same one), sorted by position.
	Diagnostics []*Diagnostic
}

// Run runs go vet -vettool=tool -json with flags on patterns, in dir.
// go vet's own messages (type errors, build failures) go to stderr. The
// error is non-nil when go vet fails or an analyzer reports an error; the
// result then still holds what the other packages reported. done, when not
// nil, is called as each package's report arrives, with its package IDs
// (none for a package without findings).
func Run(tool, dir string, flags, patterns []string, stderr io.Writer, done func(pkgs []string)) (*Result, error) {
	cmd := Command(tool, dir, append([]string{"-json"}, flags...), patterns)
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("go vet: %v", err)
	}
	res, decodeErr := decode(stdout, done)
	io.Copy(io.Discard, stdout) // what follows output that is not JSON
	return result(res, decodeErr, cmd.Wait())
}

// result is the decoded output and its error; when go vet failed, the
// error says so, with what the output itself tells (an analyzer that
// failed, output that is not go vet's JSON).
func result(res *Result, err, runErr error) (*Result, error) {
	switch {
	case runErr != nil && err != nil:
		return res, fmt.Errorf("go vet: %v; %v", runErr, err)
	case runErr != nil:
		return res, fmt.Errorf("go vet: %v", runErr)
	}
	return res, err
}

// Command is go vet -vettool=tool with flags on patterns, in dir.
func Command(tool, dir string, flags, patterns []string) *exec.Cmd {
	args := append([]string{"vet", "-vettool=" + tool}, flags...)
	cmd := exec.Command("go", append(args, patterns...)...)
	cmd.Dir = dir
	return cmd
}

// decode reads the stream of JSON trees, one per package, that go vet
// -json writes, calling done, when not nil, after each.
func decode(r io.Reader, done func(pkgs []string)) (*Result, error) {
	res := &Result{Tree: map[string]map[string]json.RawMessage{}}
	seen := map[string]bool{}
	var failures []string
	dec := json.NewDecoder(r)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return res, fmt.Errorf("reading go vet's output: %v", err)
		}
		if done != nil {
			done(slices.Sorted(maps.Keys(tree)))
		}
		for pkg, byAnalyzer := range tree {
			if res.Tree[pkg] == nil {
				res.Tree[pkg] = map[string]json.RawMessage{}
			}
			for analyzer, raw := range byAnalyzer {
				res.Tree[pkg][analyzer] = raw
				var failed struct{ Error string }
				if json.Unmarshal(raw, &failed) == nil {
					failures = append(failures, fmt.Sprintf("%s on %s: %s", analyzer, pkg, failed.Error))
					continue
				}
				var diags []*Diagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return res, fmt.Errorf("reading go vet's output for %s on %s: %v", analyzer, pkg, err)
				}
				for _, d := range diags {
					if d == nil {
						continue
					}
					d.Package, d.Analyzer = pkg, analyzer
					key := analyzer + "\x00" + d.Posn + "\x00" + d.Message
					if !seen[key] {
						seen[key] = true
						res.Diagnostics = append(res.Diagnostics, d)
					}
				}
			}
		}
	}
	sort.SliceStable(res.Diagnostics, func(i, j int) bool {
		return less(res.Diagnostics[i], res.Diagnostics[j])
	})
	if len(failures) > 0 {
		sort.Strings(failures)
		return res, errors.New(strings.Join(failures, "\n"))
	}
	return res, nil
}

func less(a, b *Diagnostic) bool {
	af, al, ac := SplitPosn(a.Posn)
	bf, bl, bc := SplitPosn(b.Posn)
	switch {
	case af != bf:
		return af < bf
	case al != bl:
		return al < bl
	case ac != bc:
		return ac < bc
	}
	return a.Analyzer < b.Analyzer
}

// SplitPosn splits "file:line:column" (the file may contain colons); a
// part that is missing is zero.
func SplitPosn(posn string) (file string, line, column int) {
	file = posn
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		if n, err := strconv.Atoi(file[i+1:]); err == nil {
			file, column = file[:i], n
		}
	}
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		if n, err := strconv.Atoi(file[i+1:]); err == nil {
			file, line = file[:i], n
			return file, line, column
		}
	}
	// Only one number: it was the line.
	return file, column, 0
}
