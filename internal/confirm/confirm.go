// Package confirm implements concurlint confirm: it runs the analyzers on
// packages, reads an execution trace of a run of them, and gives each finding
// a verdict with the numbers of the trace: confirmed, not confirmed (the
// trace ran the code but does not show the cost) or not observed.
package confirm

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/tracestats"
)

// Usage describes the subcommand, for the front-end's help.
const Usage = `Runs the concurlint analyzers on the packages (default ./...), reads the
execution trace FILE of a run of them (go test -trace, runtime/trace,
/debug/pprof/trace, the probe package's handler) and prints each finding with
a verdict and its evidence: confirmed, not confirmed (the trace ran the code,
but the numbers do not show the cost) or not observed (the trace never ran it).
With -leaks, it also reads the runtime's goroutine leak profile of the run
(/debug/pprof/goroutineleak, probe.Trace), confirms the unawaited findings
whose goroutines leaked and lists the leaks that no analyzer reported.

Exit status: 0, or 3 with -fail when a finding is confirmed; 1 on an error
(a bad or foreign input), 2 on bad usage.
`

// Exit statuses.
const (
	exitOK        = 0
	exitError     = 1
	exitUsage     = 2
	exitConfirmed = 3 // with -fail, a finding is confirmed
)

// Options are confirm's own flags. The front-end (cmd/concurlint) owns the
// flags shared by every subcommand (analyzers, build flags, -test) and
// hands their request to Run.
type Options struct {
	TraceFile  string
	LeaksFile  string
	JSON       bool
	HTMLFile   string
	Fail       bool
	Sites      int
	Skip       string
	Thresholds Thresholds
}

// AddFlags declares confirm's flags on fs.
func AddFlags(fs *flag.FlagSet) *Options {
	o := &Options{Thresholds: DefaultThresholds}
	fs.StringVar(&o.TraceFile, "trace", "", "execution trace `file` to read")
	fs.StringVar(&o.LeaksFile, "leaks", "", "goroutine leak profile `file` to read (pprof format, or the debug=2 text)")
	fs.BoolVar(&o.JSON, "json", false, "print one JSON object instead of text")
	fs.StringVar(&o.HTMLFile, "html", "", "also write a self-contained HTML page to `file`")
	fs.BoolVar(&o.Fail, "fail", false, "exit 3 when a finding is confirmed (for CI)")
	fs.IntVar(&o.Sites, "sites", 20, "show at most `n` sites besides those with findings, in text and HTML (0: all)")
	fs.StringVar(&o.Skip, "skip", "", "comma-separated package `paths` whose frames are skipped, like pool libraries, when finding creation sites")
	th := &o.Thresholds
	fs.Float64Var(&th.IOShare, "cpupoolio.io", th.IOShare, "cpupoolio is confirmed when workers spend this `share` of their time blocked in IO, syscalls or sleep")
	fs.IntVar(&th.Peak, "unboundedgo.peak", th.Peak, "unboundedgo is confirmed when this many goroutines of the site are alive at once (or more than the HTTP requests in flight)")
	fs.Float64Var(&th.RunnableShare, "poolsize.runnable", th.RunnableShare, "poolsize is confirmed when workers spend this `share` of their time runnable, waiting for a P")
	return o
}

// Run runs the confirm subcommand on what req says to analyse and returns
// the exit status (see Usage).
func (o *Options) Run(req diagnostics.Request, stdout, stderr io.Writer) int {
	if o.TraceFile == "" && o.LeaksFile == "" {
		fmt.Fprintln(stderr, "concurlint confirm: -trace FILE or -leaks FILE is required")
		return exitUsage
	}
	opts := tracestats.Options{}
	for _, p := range strings.Split(o.Skip, ",") {
		if p = strings.TrimSpace(p); p != "" {
			opts.Skip = append(opts.Skip, p)
		}
	}

	r, err := o.run(req, opts)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint confirm: %s\n", oneLine(err))
		return exitError
	}
	r.maxSites = o.Sites
	r.cwd, _ = os.Getwd()
	if o.JSON {
		err = r.WriteJSON(stdout)
	} else {
		err = r.WriteText(stdout)
	}
	if err == nil && o.HTMLFile != "" {
		err = r.WriteHTMLFile(o.HTMLFile)
	}
	if err != nil {
		fmt.Fprintf(stderr, "concurlint confirm: %s\n", oneLine(err))
		return exitError
	}
	if o.Fail && r.confirmed() > 0 {
		return exitConfirmed
	}
	return exitOK
}

// run reads the inputs first (the cheaper step, and the one most likely to
// fail), checks that they recorded the analysed code, then analyses the
// packages and judges the findings.
func (o *Options) run(req diagnostics.Request, opts tracestats.Options) (*Report, error) {
	r := &Report{Trace: o.TraceFile, LeakFile: o.LeaksFile, Thresholds: o.Thresholds}
	var err error
	if o.TraceFile != "" {
		if r.Stats, err = ReadTrace(o.TraceFile, opts); err != nil {
			return nil, err
		}
	}
	if o.LeaksFile != "" {
		if r.Leaks, err = ReadLeaks(o.LeaksFile, opts); err != nil {
			return nil, err
		}
	}
	local, err := analysedFiles(req.Dir, req.Patterns)
	if err != nil {
		return nil, err
	}
	if err := r.matchPaths(local); err != nil {
		return nil, err
	}
	if r.Findings, err = Analyze(req); err != nil {
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
