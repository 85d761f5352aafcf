package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/tools/go/analysis"
)

const overview = `concurlint finds Go code whose concurrency structure contradicts the work it runs.

Usage:
`

// help prints the overview (no args), or a subcommand's or an analyzer's
// help, on stdout.
func help(tool []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0 || len(args) == 1 && args[0] == "concurlint":
		printOverview(stdout, tool)
		return exitClean
	case len(args) > 1:
		fmt.Fprintln(stderr, "concurlint help: one name at most (see concurlint help)")
		return exitUsage
	}
	name := args[0]
	for _, s := range subcommands[1:] {
		if s.name == name {
			printSubcommand(stdout, tool, s)
			return exitClean
		}
	}
	if name == "version" || name == "help" {
		fmt.Fprintf(stdout, "usage: concurlint %s\n", map[string]string{"version": "version\n\nPrints concurlint's version, and the Go release and platform it was built for.", "help": "help [NAME]\n\nDescribes concurlint, or a subcommand or analyzer."}[name])
		return exitClean
	}
	for _, a := range tool {
		if a.Name == name {
			printAnalyzer(stdout, a)
			return exitClean
		}
	}
	fmt.Fprintf(stderr, "concurlint help: no subcommand or analyzer %q (see concurlint help)\n", name)
	return exitUsage
}

func printOverview(w io.Writer, tool []*analysis.Analyzer) {
	fmt.Fprint(w, overview)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, s := range subcommands {
		fmt.Fprintf(tw, "  %s\t%s\n", strings.Join(strings.Fields("concurlint "+s.name+" "+s.args), " "), s.summary)
	}
	fmt.Fprintf(tw, "  concurlint version\tprint the version\n")
	fmt.Fprintf(tw, "  concurlint help [NAME]\tthis text, or a subcommand's or an analyzer's\n")
	tw.Flush()
	fmt.Fprint(w, "\nAnalyzers (all run; -NAME runs only the named ones, -NAME=false all but those):\n")
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, a := range tool {
		title, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(tw, "  %s\t%s\n", a.Name, title)
	}
	tw.Flush()
	fmt.Fprint(w, "\nFlags of concurlint [packages]:\n")
	printFlags(w, subcommands[0], tool, false)
	fmt.Fprint(w, "\nFlags of every subcommand:\n")
	printFlags(w, subcommands[0], tool, true)
	fmt.Fprint(w, `  -NAME, -NAME.FLAG
    	select an analyzer, set one of its flags (concurlint help NAME lists them)

Exit status: 0 no findings, 3 findings, 1 a package that does not build or
type-check (or another failure), 2 a bad flag. Under go vet -vettool,
findings exit 1; with -json, findings exit 0.

Run 'concurlint help NAME' for a subcommand's or an analyzer's documentation.
`)
}

func printSubcommand(w io.Writer, tool []*analysis.Analyzer, s subcommand) {
	fmt.Fprintf(w, "usage: concurlint %s %s\n\n%s\n\nFlags:\n", s.name, s.args, strings.TrimSpace(s.about))
	printFlags(w, s, tool, false)
	fmt.Fprint(w, "\nFlags of every subcommand (see concurlint help):\n  ")
	fmt.Fprintf(w, "%s, -NAME, -NAME.FLAG\n", "-"+strings.Join(sharedNames, ", -"))
}

func printAnalyzer(w io.Writer, a *analysis.Analyzer) {
	fmt.Fprintf(w, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
	if a.URL != "" {
		fmt.Fprintf(w, "\nMore: %s\n", a.URL)
	}
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// printFlags prints the flags of s: its own, or the shared ones but the
// analyzers' (with shared).
func printFlags(w io.Writer, s subcommand, tool []*analysis.Analyzer, shared bool) {
	all := flag.NewFlagSet("", flag.ContinueOnError)
	addShared(all, tool)
	s.flags(all)
	out := flag.NewFlagSet("", flag.ContinueOnError)
	all.VisitAll(func(f *flag.Flag) {
		isShared := slices.Contains(sharedNames, f.Name)
		isAnalyzer := analyzerFlag(tool, f.Name)
		if !isAnalyzer && isShared == shared {
			out.Var(f.Value, f.Name, f.Usage)
		}
	})
	out.SetOutput(w)
	out.PrintDefaults()
}

// analyzerFlag reports whether name is -NAME or -NAME.FLAG of an analyzer
// of tool.
func analyzerFlag(tool []*analysis.Analyzer, name string) bool {
	prefix, rest, dotted := strings.Cut(name, ".")
	return slices.ContainsFunc(tool, func(a *analysis.Analyzer) bool {
		return a.Name == prefix && (!dotted || a.Flags.Lookup(rest) != nil)
	})
}
