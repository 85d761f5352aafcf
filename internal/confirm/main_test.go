package confirm

import (
	"errors"
	"flag"
	"io"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/diagnostics"
)

// Main runs confirm as the front-end (cmd/concurlint) does, minus its
// shared flags: confirm's flags parsed from args, the remaining arguments
// as patterns (default ./...), from the working directory, test files in.
func Main(tool string, analyzers []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("concurlint confirm", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	return o.Run(diagnostics.Request{Tool: tool, Analyzers: analyzers, Patterns: patterns, Tests: true}, stdout, stderr)
}
