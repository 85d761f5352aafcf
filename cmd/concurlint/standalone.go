package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/vetdriver"
)

// Exit codes of the standalone command, as x/tools' multichecker has them.
const (
	exitClean    = 0
	exitError    = 1 // a package does not build or type-check, or go vet failed
	exitUsage    = 2 // a bad flag
	exitFindings = 3
)

// isVetProtocol reports whether go vet is calling concurlint as its tool:
// to ask its version or flags, or to analyse the package a .cfg describes.
func isVetProtocol(args []string) bool {
	for _, a := range args {
		if a == "-flags" || a == "-V" || strings.HasPrefix(a, "-V=") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

const usage = `concurlint finds Go code whose concurrency structure contradicts the work it runs.

Usage:
  concurlint [flags] packages      analyse packages (patterns as for go build)
  concurlint help [NAME]           describe the analyzers, or one of them
  concurlint confirm [flags]       measure the findings in an execution trace
  concurlint sarif [flags] packages  write the findings as SARIF 2.1.0

Exit status: 0 no findings, 3 findings, 1 a package that does not build or
type-check, 2 a bad flag. Flags:
`

// standalone analyses the packages that args name through go vet, with
// concurlint itself (tool) as the vet tool, and prints the findings.
func standalone(tool string, analyzers []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("concurlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	jsonOut := fs.Bool("json", false, "print the findings as JSON (package → analyzer → findings) on stdout, and exit 0")
	context := fs.Int("c", -1, "show each finding's line with this many lines of context around it")
	fix := fs.Bool("fix", false, "apply the findings' suggested fixes")
	diff := fs.Bool("diff", false, "with -fix, print the fixes as a unified diff instead of applying them (exit 1 if there are any)")
	tags := fs.String("tags", "", "build tags, as for go build")
	// Analyzer flags are parsed here, so that a bad value is reported
	// once, and forwarded to go vet, which passes them to every process.
	selection := vetdriver.AddFlags(fs, analyzers)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	if *diff && !*fix {
		fmt.Fprintln(stderr, "concurlint: -diff needs -fix")
		return exitUsage
	}

	vetFlags := selection.VetFlags()
	if *tags != "" {
		vetFlags = append(vetFlags, "-tags="+*tags)
	}

	if *fix {
		// go vet applies the fixes, or prints them with -diff.
		vetFlags = append(vetFlags, "-fix")
		if *diff {
			vetFlags = append(vetFlags, "-diff")
		}
		cmd := vetdriver.Command(tool, ".", vetFlags, fs.Args())
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

	res, err := vetdriver.Run(tool, ".", vetFlags, fs.Args(), stderr)
	if *jsonOut && res != nil {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "\t")
		if encErr := enc.Encode(res.Tree); encErr != nil && err == nil {
			err = encErr
		}
	} else if res != nil {
		for _, d := range res.Diagnostics {
			printPlain(stderr, d, *context)
		}
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "concurlint: %v\n", err)
		return exitError
	case !*jsonOut && len(res.Diagnostics) > 0:
		return exitFindings
	}
	return exitClean
}

// printPlain prints a finding and its related positions as
// "file:line:col: message", each followed by its line and context lines
// of context (none when context is negative).
func printPlain(w io.Writer, d *vetdriver.Diagnostic, context int) {
	print := func(posn, end, message string) {
		fmt.Fprintf(w, "%s: %s\n", posn, message)
		if context < 0 {
			return
		}
		file, first, _ := vetdriver.SplitPosn(posn)
		last := first
		if _, l, _ := vetdriver.SplitPosn(end); l > first {
			last = l
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return
		}
		lines := strings.Split(string(data), "\n")
		for i := max(first-context, 1); i <= last+context && i <= len(lines); i++ {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
	print(d.Posn, d.End, d.Message)
	for _, r := range d.Related {
		print(r.Posn, r.End, "\t"+r.Message)
	}
}
