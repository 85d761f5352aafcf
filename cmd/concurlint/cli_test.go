package main

import (
	"flag"
	"io"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
)

// TestSameVetFlags checks that the subcommands give go vet the same flags
// for the same shared flags, so that they share go vet's cache (confirm
// runs the ignores analyzer too, and drops its findings), and that
// selecting an analyzer keeps the ignore comments checked.
func TestSameVetFlags(t *testing.T) {
	tool := report.Tool(analyzers.All())
	for _, tc := range []struct {
		args      []string
		vetFlags  []string
		ignoresOn bool // the ignores analyzer's findings are kept (but by confirm)
	}{
		{nil, nil, true},
		{[]string{"-unawaited"}, []string{"-ignores=true", "-unawaited=true"}, true},
		{[]string{"-tags=x", "-cpupoolio.fileio=false"}, []string{"-cpupoolio.fileio=false", "-tags=x"}, true},
		{[]string{"-ignores=false"}, []string{"-ignores=false"}, false},
	} {
		for _, sub := range subcommands {
			fs := flag.NewFlagSet(sub.name, flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			sh := addShared(fs, tool)
			sub.flags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			req := sh.request("concurlint", fs, sub.noIgnores)
			if !slices.Equal(req.Flags, tc.vetFlags) {
				t.Errorf("concurlint %s %v gives go vet %q, want %q", sub.name, tc.args, req.Flags, tc.vetFlags)
			}
			kept := slices.ContainsFunc(req.Analyzers, func(a *analysis.Analyzer) bool { return a.Name == report.IgnoresName })
			if want := tc.ignoresOn && !sub.noIgnores; kept != want {
				t.Errorf("concurlint %s %v keeps the ignores analyzer's findings: %v, want %v", sub.name, tc.args, kept, want)
			}
		}
	}
}
