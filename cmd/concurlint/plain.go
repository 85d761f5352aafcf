package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/vetdriver"
)

// plainFlags declares the flags of the plain command (concurlint
// [packages]) and returns its run.
func plainFlags(fs *flag.FlagSet) (runFunc, *bool) {
	jsonOut := fs.Bool("json", false, "print the findings as JSON (package → analyzer → findings) on stdout, and exit 0")
	context := fs.Int("c", -1, "show each finding's line with this many `lines` of context around it")
	fix := fs.Bool("fix", false, "apply the findings' suggested fixes")
	diff := fs.Bool("diff", false, "with -fix, print the fixes as a unified diff instead of applying them (exit 1 if there are any)")
	run := func(req diagnostics.Request, stdout, stderr io.Writer) int {
		switch {
		case *diff && !*fix:
			fmt.Fprintln(stderr, "concurlint: -diff needs -fix (see concurlint -h)")
			return exitUsage
		case *fix:
			return applyFixes(req, *diff, stdout, stderr)
		}
		res, err := diagnostics.Analyze(req)
		if *jsonOut && res != nil {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "\t")
			if encErr := enc.Encode(res.Tree); encErr != nil && err == nil {
				err = encErr
			}
		} else if res != nil {
			cwd, _ := os.Getwd()
			for _, d := range res.Diagnostics {
				printText(stderr, d, cwd, *context)
			}
		}
		switch {
		case err != nil:
			printError(stderr, err)
			return exitError
		case !*jsonOut && len(res.Diagnostics) > 0:
			return exitFindings
		}
		return exitClean
	}
	return run, jsonOut
}

// applyFixes has go vet apply the fixes, or print them with -diff.
func applyFixes(req diagnostics.Request, diff bool, stdout, stderr io.Writer) int {
	if req.Progress != nil {
		req.Progress.Finish() // go vet prints as it goes
	}
	flags := append(req.Flags, "-fix")
	if diff {
		flags = append(flags, "-diff")
	}
	cmd := vetdriver.Command(req.Tool, req.Dir, flags, req.Patterns)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return exitError
	}
	return exitClean
}

// printError prints a failure: go vet's messages, each on its line, after
// "concurlint: ".
func printError(w io.Writer, err error) {
	lines := strings.Split(err.Error(), "\n")
	fmt.Fprintf(w, "concurlint: %s\n", lines[0])
	for _, l := range lines[1:] {
		fmt.Fprintf(w, "\t%s\n", l)
	}
}

// textWidth is where the advice after a message's first clause wraps.
const textWidth = 100

// printText prints a finding as "file:line:col: problem (analyzer)", the
// file relative to cwd as go vet prints it; then, indented, the rest of
// the message (the why and the fix) wrapped, and the related positions;
// each position followed by its line and context lines of context (none
// when context is negative).
func printText(w io.Writer, d *diagnostics.Diagnostic, cwd string, context int) {
	head, rest := splitMessage(d.Message)
	fmt.Fprintf(w, "%s: %s (%s)\n", shortPosn(d.Posn, cwd), head, d.Analyzer.Name)
	printContext(w, d.Posn, context)
	for _, line := range wrap(rest, textWidth) {
		fmt.Fprintf(w, "\t%s\n", line)
	}
	for _, r := range d.Related {
		fmt.Fprintf(w, "\t%s: %s\n", shortPosn(r.Posn, cwd), r.Message)
		printContext(w, r.Posn, context)
	}
}

// splitMessage cuts a message after its first clause (at the first "; "),
// the problem, before the explanation and the advice.
func splitMessage(msg string) (head, rest string) {
	head, rest, _ = strings.Cut(msg, "; ")
	return head, rest
}

// wrap breaks text into lines of at most width bytes, at spaces (a longer
// word stays whole).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// shortPosn is "file:line:col", the file relative to cwd when that is
// shorter, as go vet and the go command print paths.
func shortPosn(p token.Position, cwd string) string {
	if rel, err := filepath.Rel(cwd, p.Filename); err == nil && cwd != "" && len(rel) < len(p.Filename) {
		p.Filename = rel
	}
	return p.String()
}

// printContext prints the line of p with context lines around it, when
// context is not negative.
func printContext(w io.Writer, p token.Position, context int) {
	if context < 0 {
		return
	}
	data, err := os.ReadFile(p.Filename)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := max(p.Line-context, 1); i <= p.Line+context && i <= len(lines); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}
