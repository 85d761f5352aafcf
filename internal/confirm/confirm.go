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

const usage = `usage: concurlint confirm [-trace FILE] [-leaks FILE] [flags] [packages]

Runs the concurlint analyzers on the packages (default ./...), reads the
execution trace FILE of a run of them (go test -trace, runtime/trace,
/debug/pprof/trace, the probe package's handler) and prints each finding with
a verdict and its evidence: confirmed, not confirmed (the trace ran the code,
but the numbers do not show the cost) or not observed (the trace never ran it).
With -leaks, it also reads the runtime's goroutine leak profile of the run
(/debug/pprof/goroutineleak, probe.Trace), confirms the unawaited findings
whose goroutines leaked and lists the leaks that no analyzer reported.

Exit status: 0, or 3 with -fail when a finding is confirmed; 1 on an error
(a bad or foreign input), 2 on bad usage.

Flags:
`

// Exit statuses.
const (
	exitOK        = 0
	exitError     = 1
	exitUsage     = 2
	exitConfirmed = 3 // with -fail, a finding is confirmed
)

// config holds the command line.
type config struct {
	trace, leaks, html string
	json, tests, fail  bool
	sites              int
	skip               string
	th                 Thresholds
}

// declareFlags declares confirm's flags on fs; they fill cfg.
func declareFlags(fs *flag.FlagSet, cfg *config) {
	cfg.th = DefaultThresholds
	fs.StringVar(&cfg.trace, "trace", "", "execution trace `file` to read")
	fs.StringVar(&cfg.leaks, "leaks", "", "goroutine leak profile `file` to read (pprof format, or the debug=2 text)")
	fs.BoolVar(&cfg.json, "json", false, "print one JSON object instead of text")
	fs.StringVar(&cfg.html, "html", "", "also write a self-contained HTML page to `file`")
	fs.BoolVar(&cfg.tests, "test", true, "analyse the packages' test files too")
	fs.BoolVar(&cfg.fail, "fail", false, "exit 3 when a finding is confirmed (for CI)")
	fs.IntVar(&cfg.sites, "sites", 20, "show at most `n` sites besides those with findings, in text and HTML (0: all)")
	fs.StringVar(&cfg.skip, "skip", "", "comma-separated package `paths` whose frames are skipped, like pool libraries, when finding creation sites")
	fs.Float64Var(&cfg.th.IOShare, "cpupoolio.io", cfg.th.IOShare, "cpupoolio is confirmed when workers spend this `share` of their time blocked in IO, syscalls or sleep")
	fs.IntVar(&cfg.th.Peak, "unboundedgo.peak", cfg.th.Peak, "unboundedgo is confirmed when this many goroutines of the site are alive at once (or more than the HTTP requests in flight)")
	fs.Float64Var(&cfg.th.RunnableShare, "poolsize.runnable", cfg.th.RunnableShare, "poolsize is confirmed when workers spend this `share` of their time runnable, waiting for a P")
}

// Main runs the confirm subcommand with the command-line arguments that
// follow "confirm" and returns the exit status (see usage).
// tool is a vet tool with the analyzers (concurlint itself), for go vet.
func Main(tool string, analyzers []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("concurlint confirm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	var cfg config
	declareFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if cfg.trace == "" && cfg.leaks == "" {
		fmt.Fprintln(stderr, "concurlint confirm: -trace FILE or -leaks FILE is required")
		return exitUsage
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	opts := tracestats.Options{}
	for _, p := range strings.Split(cfg.skip, ",") {
		if p = strings.TrimSpace(p); p != "" {
			opts.Skip = append(opts.Skip, p)
		}
	}

	r, err := run(tool, analyzers, &cfg, patterns, opts)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint confirm: %s\n", oneLine(err))
		return exitError
	}
	r.maxSites = cfg.sites
	r.cwd, _ = os.Getwd()
	if cfg.json {
		err = r.WriteJSON(stdout)
	} else {
		err = r.WriteText(stdout)
	}
	if err == nil && cfg.html != "" {
		err = r.WriteHTMLFile(cfg.html)
	}
	if err != nil {
		fmt.Fprintf(stderr, "concurlint confirm: %s\n", oneLine(err))
		return exitError
	}
	if cfg.fail && r.confirmed() > 0 {
		return exitConfirmed
	}
	return exitOK
}

// run reads the inputs first (the cheaper step, and the one most likely to
// fail), checks that they recorded the analysed code, then analyses the
// packages and judges the findings.
func run(tool string, analyzers []*analysis.Analyzer, cfg *config, patterns []string, opts tracestats.Options) (*Report, error) {
	r := &Report{Trace: cfg.trace, LeakFile: cfg.leaks, Thresholds: cfg.th}
	var err error
	if cfg.trace != "" {
		if r.Stats, err = ReadTrace(cfg.trace, opts); err != nil {
			return nil, err
		}
	}
	if cfg.leaks != "" {
		if r.Leaks, err = ReadLeaks(cfg.leaks, opts); err != nil {
			return nil, err
		}
	}
	local, err := analysedFiles("", patterns)
	if err != nil {
		return nil, err
	}
	if err := r.matchPaths(local); err != nil {
		return nil, err
	}
	if r.Findings, err = Analyze(tool, analyzers, "", patterns, cfg.tests); err != nil {
		return nil, err
	}
	r.judge()
	return r, nil
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
