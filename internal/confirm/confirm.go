// Package confirm implements concurlint confirm: it runs the analyzers on
// packages, reads an execution trace of a run of them, and gives each finding
// a verdict with the numbers of the trace: confirmed, not confirmed (the
// trace ran the code but does not show the cost) or not observed.
package confirm

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/tracestats"
)

const usage = `usage: concurlint confirm -trace FILE [flags] [packages]

Runs the concurlint analyzers on the packages (default ./...), reads the
execution trace FILE of a run of them (go test -trace, runtime/trace,
/debug/pprof/trace, the probe package's handler) and prints each finding with
a verdict and its evidence: confirmed, not confirmed (the trace ran the code,
but the numbers do not show the cost) or not observed (the trace never ran it).

Flags:
`

// Main runs the confirm subcommand with the command-line arguments that
// follow "confirm" and returns the exit status: 0 on success, 1 on an error,
// 2 on bad usage.
// tool is a vet tool with the analyzers (concurlint itself), for go vet.
func Main(tool string, analyzers []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("concurlint confirm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	var (
		traceFile = fs.String("trace", "", "execution trace `file` to read (required)")
		asJSON    = fs.Bool("json", false, "print one JSON object instead of text")
		htmlFile  = fs.String("html", "", "also write a self-contained HTML page to `file`")
		tests     = fs.Bool("test", true, "analyse the packages' test files too")
		sites     = fs.Int("sites", 20, "show at most `n` sites besides those with findings, in text and HTML (0: all)")
		skip      = fs.String("skip", "", "comma-separated package `paths` whose frames are skipped, like pool libraries, when finding creation sites")
		th        = DefaultThresholds
	)
	fs.Float64Var(&th.IOShare, "cpupoolio.io", th.IOShare, "cpupoolio is confirmed when workers spend this `share` of their time blocked in IO, syscalls or sleep")
	fs.IntVar(&th.Peak, "unboundedgo.peak", th.Peak, "unboundedgo is confirmed when this many goroutines of the site are alive at once (or more than the HTTP requests in flight)")
	fs.Float64Var(&th.RunnableShare, "poolsize.runnable", th.RunnableShare, "poolsize is confirmed when workers spend this `share` of their time runnable, waiting for a P")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *traceFile == "" {
		fmt.Fprintln(stderr, "concurlint confirm: -trace FILE is required")
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	opts := tracestats.Options{}
	for _, p := range strings.Split(*skip, ",") {
		if p = strings.TrimSpace(p); p != "" {
			opts.Skip = append(opts.Skip, p)
		}
	}

	r, err := run(tool, analyzers, *traceFile, patterns, *tests, opts, th)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint confirm: %s\n", oneLine(err))
		return 1
	}
	r.maxSites = *sites
	if *asJSON {
		err = r.WriteJSON(stdout)
	} else {
		r.cwd, _ = os.Getwd()
		err = r.WriteText(stdout)
	}
	if err == nil && *htmlFile != "" {
		r.cwd, _ = os.Getwd()
		err = r.WriteHTMLFile(*htmlFile)
	}
	if err != nil {
		fmt.Fprintf(stderr, "concurlint confirm: %s\n", oneLine(err))
		return 1
	}
	return 0
}

// run reads the trace first (it is the cheaper step, and the one most
// likely to fail), then analyses the packages and judges the findings.
func run(tool string, analyzers []*analysis.Analyzer, traceFile string, patterns []string, tests bool, opts tracestats.Options, th Thresholds) (*Report, error) {
	st, err := ReadTrace(traceFile, opts)
	if err != nil {
		return nil, err
	}
	findings, err := Analyze(tool, analyzers, "", patterns, tests)
	if err != nil {
		return nil, err
	}
	hot := Judge(findings, st, th)
	return &Report{Findings: findings, Sites: st.Sites, Trace: traceFile, Stats: st, Thresholds: th, hot: hot}, nil
}

// ReadTrace reads the trace in the named file.
func ReadTrace(name string, opts tracestats.Options) (*tracestats.Stats, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("trace %s: is a directory", name)
	}
	st, err := tracestats.Read(f, opts)
	if err != nil {
		return nil, fmt.Errorf("trace %s: %v", name, err)
	}
	return st, nil
}

// oneLine keeps the first line of an error message.
func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
