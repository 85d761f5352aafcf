package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/confirm"
	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/sarif"
	"github.com/concurlint/concurlint/internal/vetdriver"
)

// Exit codes of the command, as x/tools' multichecker has them.
const (
	exitClean    = 0
	exitError    = 1 // a package does not build or type-check, or go vet failed
	exitUsage    = 2 // a bad flag
	exitFindings = 3
)

// A subcommand is what the command line runs after the shared flags are
// parsed: its own flags, declared on the command's FlagSet, and its run.
type subcommand struct {
	name    string // "" for the plain command
	args    string // the synopsis after the name
	summary string
	about   string // the description that help NAME prints
	// flags declares the subcommand's own flags on fs and returns the
	// function that runs it once they are parsed. json, when not nil, says
	// whether the output is JSON (which turns the progress line off).
	flags func(fs *flag.FlagSet) (run runFunc, json *bool)
	// confirm's analysis leaves the ignores analyzer out: its findings
	// are about comments, not goroutine creation sites.
	noIgnores bool
}

type runFunc func(req diagnostics.Request, stdout, stderr io.Writer) int

var subcommands = []subcommand{
	{
		name: "", args: "[flags] [packages]", summary: "analyse the packages (default ./...) and print the findings",
		about: "Runs the analyzers on the packages through go vet -vettool=concurlint (one process per\n" +
			"package, with go vet's cache) and prints the findings as file:line:col: message (analyzer).",
		flags: plainFlags,
	},
	{
		name: "sarif", args: "[flags] [packages]", summary: "write the findings as a SARIF 2.1.0 log, for code scanning",
		about: "Runs the analyzers and writes their findings as SARIF 2.1.0. It exits 0 when the log is\n" +
			"written, findings or not; when a package fails, the log holds the others' results and a\n" +
			"notification, and it exits 1.",
		flags: func(fs *flag.FlagSet) (runFunc, *bool) { return sarif.AddFlags(fs).Run, nil },
	},
	{
		name: "confirm", args: "-trace FILE [flags] [packages]", summary: "give each finding a verdict from an execution trace",
		about: confirm.Usage,
		flags: func(fs *flag.FlagSet) (runFunc, *bool) {
			o := confirm.AddFlags(fs)
			return o.Run, &o.JSON
		},
		noIgnores: true,
	},
}

// shared are the flags of every subcommand.
type shared struct {
	selection     *vetdriver.Selection
	tags, modfile string
	mod, overlay  string
	tests         bool
	unusedIgnores bool
	verbose       bool
}

// sharedNames are the shared flags but the analyzers' ones, for the help.
var sharedNames = []string{"tags", "modfile", "mod", "overlay", "test", "unused-ignores", "v"}

func addShared(fs *flag.FlagSet, tool []*analysis.Analyzer) *shared {
	s := &shared{}
	fs.StringVar(&s.tags, "tags", "", "build `tags`, as for go build (comma-separated)")
	fs.StringVar(&s.modfile, "modfile", "", "read (and write) this go.mod `file` instead of the module root's, as for go build")
	fs.StringVar(&s.mod, "mod", "", "module download `mode` (readonly, vendor or mod), as for go build")
	fs.StringVar(&s.overlay, "overlay", "", "JSON `file` of replacement source files, as for go build")
	fs.BoolVar(&s.tests, "test", true, "report findings in test files too (go vet always analyses them)")
	fs.BoolVar(&s.unusedIgnores, "unused-ignores", false, "also report //concurlint:ignore comments that silence no finding")
	fs.BoolVar(&s.verbose, "v", false, "print each package as go vet finishes it, with the time since the start")
	// Analyzer flags are parsed here, so that a bad value is reported
	// once, and forwarded to go vet, which passes them to every process.
	s.selection = vetdriver.AddFlags(fs, tool)
	return s
}

// request is what the shared flags say to analyse.
func (s *shared) request(exe string, fs *flag.FlagSet, noIgnores bool) diagnostics.Request {
	var selected []*analysis.Analyzer
	ignoresSet, ignoresOn, selecting := false, true, false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == report.IgnoresName {
			ignoresSet, ignoresOn = true, f.Value.String() == "true"
		}
		selecting = selecting || s.selection.Analyzer(f.Name) != nil && f.Value.String() == "true"
	})
	for _, a := range s.selection.Analyzers() {
		if a.Name != report.IgnoresName {
			selected = append(selected, a)
		}
	}
	// The ignore comments are checked whatever analyzers are selected,
	// unless -ignores=false says not to. It runs for confirm too, which
	// drops its findings, so that the flags, hence go vet's cache, are
	// the same as the other subcommands'.
	if !noIgnores && ignoresOn {
		selected = append(selected, s.selection.Analyzer(report.IgnoresName))
	}
	flags := s.selection.VetFlags()
	if selecting && ignoresOn && !ignoresSet {
		flags = append(flags, "-"+report.IgnoresName+"=true")
	}
	for name, value := range map[string]string{"tags": s.tags, "modfile": s.modfile, "mod": s.mod, "overlay": s.overlay} {
		if value != "" {
			flags = append(flags, "-"+name+"="+value)
		}
	}
	if s.unusedIgnores {
		flags = append(flags, "-"+report.IgnoresName+".unused=true")
	}
	slices.Sort(flags)
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	dir, _ := os.Getwd()
	return diagnostics.Request{Tool: exe, Analyzers: selected, Flags: flags, Dir: dir, Patterns: patterns, Tests: s.tests}
}

// execute runs the command line args (without the program name) and returns
// the exit code. exe is concurlint's executable, the vet tool; tool its
// analyzers.
func execute(exe string, tool []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	sub := subcommands[0]
	if len(args) > 0 {
		switch args[0] {
		case "version":
			if len(args) > 1 {
				fmt.Fprintln(stderr, "concurlint version: takes no arguments")
				return exitUsage
			}
			return printVersion(stdout)
		case "help":
			return help(tool, args[1:], stdout, stderr)
		}
		for _, s := range subcommands[1:] {
			if args[0] == s.name {
				sub, args = s, args[1:]
			}
		}
	}
	fs := flag.NewFlagSet(strings.TrimSpace("concurlint "+sub.name), flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed on one line below
	sh := addShared(fs, tool)
	runSub, jsonOut := sub.flags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return help(tool, []string{cmp.Or(sub.name, "concurlint")}, stdout, stderr)
		}
		fmt.Fprintf(stderr, "%s: %v (see %s -h)\n", fs.Name(), err, fs.Name())
		return exitUsage
	}
	req := sh.request(exe, fs, sub.noIgnores)
	req.Progress = newProgress(stderr, sh.verbose, jsonOut == nil || !*jsonOut)
	return runSub(req, stdout, stderr)
}
