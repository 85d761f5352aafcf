package confirm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/tracestats"
	"github.com/concurlint/concurlint/internal/vettooltest"
)

// The example programs under testdata/confirm: misuse has the four misuses,
// fixed is its twin with each structure shaped to its work. Their go
// statements carry "site:NAME" comments naming the analyzer of the misuse,
// and a call that unboundedgo reports at carries "finding:unboundedgo".
// waits has a CPU-sized pool whose jobs wait for goroutines that do HTTP
// (site:cpupoolio), its twin whose jobs wait for goroutines that compute
// (site:busy), and Prometheus's Stop, whose jobs wait for goroutines that
// wait on channels for loops that do HTTP (site:stop).
var programs = map[string][]string{"misuse": rules, "fixed": rules, "waits": {"cpupoolio", "busy", "stop"}}

var rules = []string{"cpupoolio", "unboundedgo", "poolsize", "unawaited"}

// program is an example program, built and run once with tracing.
type program struct {
	name  string
	dir   string         // its directory, absolute
	file  string         // its main.go, absolute
	sites map[string]int // analyzer -> line of its go statement
	calls map[string]int // analyzer -> line of a call it reports at
	trace string         // the trace of a run
	stats *tracestats.Stats
}

var (
	runOnce sync.Once
	runs    map[string]*program
	runErr  error
	tmpDir  string
)

func TestMain(m *testing.M) {
	vettooltest.Main(withCleanup{m}, analyzers.All()...)
}

// withCleanup removes the example programs' directory after the tests.
type withCleanup struct{ *testing.M }

func (m withCleanup) Run() int {
	code := m.M.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	return code
}

// traced builds and runs the example programs (once for all tests), with
// GOMAXPROCS=2 so that the oversized pool waits for Ps on any machine.
func traced(t *testing.T, name string) *program {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the example programs")
	}
	runOnce.Do(func() {
		tmpDir, runErr = os.MkdirTemp("", "confirm-test")
		if runErr != nil {
			return
		}
		runs = map[string]*program{}
		for name, required := range programs {
			p, err := buildAndRun(name, required)
			if err != nil {
				runErr = err
				return
			}
			runs[name] = p
		}
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return runs[name]
}

func buildAndRun(name string, required []string) (*program, error) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "confirm", name))
	if err != nil {
		return nil, err
	}
	p := &program{name: name, dir: dir, file: filepath.Join(dir, "main.go"), trace: filepath.Join(tmpDir, name+".trace")}
	if p.sites, p.calls, err = markers(p.file, required); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bin := filepath.Join(tmpDir, name)
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building %s: %v\n%s", name, err, out)
	}
	run := exec.CommandContext(ctx, bin, "-trace", p.trace)
	run.Env = append(os.Environ(), "GOMAXPROCS=2")
	if out, err := run.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("running %s: %v\n%s", name, err, out)
	}
	if p.stats, err = ReadTrace(p.trace, tracestats.Options{}); err != nil {
		return nil, err
	}
	return p, nil
}

// markers finds the "site:NAME" and "finding:NAME" comments of a file,
// which must have a site of each required name.
func markers(file string, required []string) (sites, calls map[string]int, err error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	sites, calls = map[string]int{}, map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		for prefix, m := range map[string]map[string]int{"// site:": sites, "// finding:": calls} {
			if _, name, ok := strings.Cut(line, prefix); ok {
				m[strings.TrimSpace(name)] = i + 1
			}
		}
	}
	for _, r := range required {
		if sites[r] == 0 {
			return nil, nil, fmt.Errorf("%s: no site:%s comment", file, r)
		}
	}
	return sites, calls, nil
}

// site returns the site of the program's go statement for a rule.
func (p *program) site(t *testing.T, rule string) *tracestats.Site {
	t.Helper()
	for _, s := range p.stats.Sites {
		if s.File == p.file && s.Line == p.sites[rule] {
			return s
		}
	}
	t.Fatalf("%s: no site at main.go:%d (%s) in the trace", p.name, p.sites[rule], rule)
	return nil
}

func share(s *tracestats.Site, ns ...int64) float64 {
	var sum int64
	for _, n := range ns {
		sum += n
	}
	return s.Share(sum)
}

// TestMeasurements checks the numbers of each misuse's site, and of its twin
// in the fixed program, whatever the analyzers say.
func TestMeasurements(t *testing.T) {
	misuse, fixed := traced(t, "misuse"), traced(t, "fixed")
	ncpu := runtime.NumCPU()

	s := misuse.site(t, "cpupoolio")
	if s.Created != ncpu || share(s, s.IONS, s.SyscallNS, s.SleepNS) < 0.5 || s.IONS == 0 || s.SleepNS == 0 {
		t.Errorf("misuse cpupoolio: %s; want %d workers mostly blocked in IO (HTTP counts as IO) and sleep", show(s), ncpu)
	}
	s = fixed.site(t, "cpupoolio")
	if s.Created != ncpu || share(s, s.IONS, s.SyscallNS, s.SleepNS) >= 0.2 {
		t.Errorf("fixed cpupoolio: %s; want %d workers with no IO", show(s), ncpu)
	}

	s = misuse.site(t, "unboundedgo")
	if s.Created != 600 || s.Peak < 100 {
		t.Errorf("misuse unboundedgo: %s; want 600 goroutines, at least 100 alive at once", show(s))
	}
	if misuse.stats.RequestPeak < 1 || misuse.stats.RequestPeak > 8 {
		t.Errorf("misuse: %d requests in flight at the peak, want 1 to 8", misuse.stats.RequestPeak)
	}
	s = fixed.site(t, "unboundedgo")
	// The limit is 3; a goroutine that released it may still be alive when
	// the next one starts.
	if s.Created != 600 || s.Peak > 6 || s.Peak > fixed.stats.RequestPeak {
		t.Errorf("fixed unboundedgo: %s; want 600 goroutines, at most 6 alive at once, and no more than the %d requests in flight",
			show(s), fixed.stats.RequestPeak)
	}

	s = misuse.site(t, "poolsize")
	if s.Created != 64*ncpu || share(s, s.RunnableNS) < 0.5 {
		t.Errorf("misuse poolsize: %s; want %d workers runnable most of the time", show(s), 64*ncpu)
	}
	s = fixed.site(t, "poolsize")
	if s.Created != 2 || share(s, s.RunnableNS) >= 0.3 {
		t.Errorf("fixed poolsize: %s; want 2 workers rarely runnable", show(s))
	}

	s = misuse.site(t, "unawaited")
	if s.Created != 100 || s.BlockedOnChannel() != 80 || s.BlockedAtEnd[0].Reason != "chan send" {
		t.Errorf("misuse unawaited: %s; want 100 goroutines, 80 blocked on chan send at the end", show(s))
	}
	s = fixed.site(t, "unawaited")
	if s.Created != 100 || len(s.BlockedAtEnd) != 0 {
		t.Errorf("fixed unawaited: %s; want 100 goroutines, none blocked at the end", show(s))
	}
}

func show(s *tracestats.Site) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// syntheticFindings are findings as the analyzers should report them on a
// program: at the go statement, and for unboundedgo at the call into the
// fan-out helper with related information at the go statement.
func syntheticFindings(p *program) []*Finding {
	var fs []*Finding
	for _, r := range rules {
		f := &Finding{Analyzer: r, Message: "synthetic", Pos: Position{p.file, p.sites[r], 3}}
		if call := p.calls[r]; call != 0 {
			f.Pos, f.Related = Position{p.file, call, 9}, []Position{f.Pos}
		}
		f.Posn = f.Pos.String()
		fs = append(fs, f)
	}
	return fs
}

// TestVerdicts judges findings placed where each analyzer's doc.go says it
// reports: confirmed on the misuses, not confirmed on the fixed twin, not
// observed on code the run never executed.
func TestVerdicts(t *testing.T) {
	for name, want := range map[string]string{"misuse": Confirmed, "fixed": NotConfirmed} {
		p := traced(t, name)
		fs := syntheticFindings(p)
		never := &Finding{Analyzer: "unawaited", Pos: Position{p.file, 1, 1}}
		hot := Judge(append(fs, never), p.stats, DefaultThresholds)
		for _, f := range fs {
			if f.Verdict != want || f.Site == nil || f.Evidence == "" {
				t.Errorf("%s %s at line %d: %s (%s), want %s", name, f.Analyzer, f.Pos.Line, f.Verdict, f.Evidence, want)
			}
			t.Logf("%s %s: %s: %s", name, f.Analyzer, f.Verdict, f.Evidence)
		}
		if never.Verdict != NotObserved || never.Site != nil {
			t.Errorf("%s: finding on line 1: %s, want %s", name, never.Verdict, NotObserved)
		}
		for _, h := range hot {
			if h.Site.File == p.file {
				t.Errorf("%s: hot site %s (%s) that no finding names", name, h.Site.Posn, h.Why)
			}
		}
	}
}

// TestHot checks that with no findings, the misuses' sites are listed as
// hot, and the fixed twin's are not.
func TestHot(t *testing.T) {
	misuse, fixed := traced(t, "misuse"), traced(t, "fixed")
	hot := map[string]string{}
	for _, h := range Judge(nil, misuse.stats, DefaultThresholds) {
		hot[h.Site.Posn] = h.Why
	}
	for _, r := range []string{"unboundedgo", "poolsize", "unawaited"} {
		if s := misuse.site(t, r); hot[s.Posn] == "" {
			t.Errorf("misuse %s site %s is not hot", r, s.Posn)
		}
	}
	for _, h := range Judge(nil, fixed.stats, DefaultThresholds) {
		if h.Site.File == fixed.file {
			t.Errorf("fixed: hot site %s: %s", h.Site.Posn, h.Why)
		}
	}
}

// TestAnalyzers runs the analyzers that exist (analyzers.All()) on the
// example programs: each finding at a misuse's line is confirmed, and no
// finding on the fixed twin is.
func TestAnalyzers(t *testing.T) {
	if len(analyzers.All()) == 0 {
		t.Skip("no analyzers yet")
	}
	for _, name := range []string{"misuse", "fixed"} {
		p := traced(t, name)
		fs, err := Analyze(diagnostics.Request{Tool: vettooltest.Tool(), Analyzers: analyzers.All(), Dir: p.dir, Patterns: []string{"."}})
		if err != nil {
			t.Fatal(err)
		}
		Judge(fs, p.stats, DefaultThresholds)
		confirmed := map[string]bool{}
		for _, f := range fs {
			t.Logf("%s: %s %s: %s: %s", name, f.Verdict, f.Analyzer, f.Posn, f.Evidence)
			atMisuse := f.Pos.File == p.file && (f.Pos.Line == p.sites[f.Analyzer] || f.Pos.Line == p.calls[f.Analyzer])
			switch {
			case name == "misuse" && atMisuse && f.Verdict != Confirmed:
				t.Errorf("misuse: %s finding at %s: %s (%s), want confirmed", f.Analyzer, f.Posn, f.Verdict, f.Evidence)
			case name == "fixed" && f.Verdict == Confirmed:
				t.Errorf("fixed: %s finding at %s confirmed: %s", f.Analyzer, f.Posn, f.Evidence)
			}
			if atMisuse && f.Verdict == Confirmed {
				confirmed[f.Analyzer] = true
			}
		}
		if name != "misuse" {
			continue
		}
		for _, a := range analyzers.All() {
			if !confirmed[a.Name] {
				t.Errorf("misuse: no confirmed %s finding at its misuse", a.Name)
			}
		}
	}
}

// TestMainOutputs runs the command on a trace: text, JSON and HTML.
func TestMainOutputs(t *testing.T) {
	p := traced(t, "misuse")
	html := filepath.Join(t.TempDir(), "report.html")
	var stdout, stderr bytes.Buffer
	if code := Main(vettooltest.Tool(), nil, []string{"-trace", p.trace, "-json", "-html", html, p.dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got struct {
		Findings []map[string]any `json:"findings"`
		Sites    []map[string]any `json:"sites"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("JSON: %v\n%s", err, stdout.String())
	}
	if got.Findings == nil || len(got.Sites) < 4 {
		t.Fatalf("JSON: %d findings, %d sites", len(got.Findings), len(got.Sites))
	}
	for _, key := range []string{"posn", "function", "created", "peak", "running_ns", "runnable_ns", "syscall_ns", "io_ns", "sync_ns", "sleep_ns", "group_wait_ns", "blocked_at_end"} {
		if _, ok := got.Sites[0][key]; !ok {
			t.Errorf("JSON site has no %q: %v", key, got.Sites[0])
		}
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", `class="bar"`, "main.fanOut", "hot, not flagged"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("HTML page lacks %q", want)
		}
	}
	for _, external := range []string{"src=", "href=", "@import", "url("} {
		if bytes.Contains(page, []byte(external)) {
			t.Errorf("HTML page refers to an external asset (%q)", external)
		}
	}

	stdout.Reset()
	if code := Main(vettooltest.Tool(), nil, []string{"-trace", p.trace, p.dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"HOT SITES", "SITES (goroutine time by state", "main.cpuPool"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestBadInput checks that bad traces give a one-line error and exit 1.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good, err := os.ReadFile(traced(t, "misuse").trace)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "missing.trace"), "no such file"},
		{"directory", dir, "is a directory"},
		{"empty", write("empty.trace", nil), "empty file"},
		{"truncated", write("truncated.trace", good[:len(good)/2]), "truncated or corrupt"},
		{"not a trace", write("notes.txt", []byte("hello\n")), "not a Go execution trace"},
		{"unsupported", write("go199.trace", append([]byte("go 1.99 trace\x00\x00\x00"), good[16:]...)), "unsupported trace version go 1.99"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(vettooltest.Tool(), nil, []string{"-trace", tc.path}, &stdout, &stderr)
			msg := stderr.String()
			if code != 1 || !strings.HasPrefix(msg, "concurlint confirm: ") || !strings.Contains(msg, tc.want) ||
				strings.Count(msg, "\n") != 1 || stdout.Len() != 0 {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit 1 and one line with %q", code, msg, stdout.String(), tc.want)
			}
		})
	}
}

// TestUsage checks that a missing -trace flag is a usage error.
func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main(vettooltest.Tool(), nil, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "-trace FILE or -leaks FILE is required") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestGroupWaits measures the pools of testdata/confirm/waits: their
// workers spend their time in a group's Wait, but only the first one's
// goroutines are blocked in IO meanwhile. cpupoolio reports the first (by
// default) and the trace confirms it; its twin is neither reported nor, as
// a synthetic finding, confirmed. Prometheus's Stop is reported only with
// -cpupoolio.waits, and not confirmed: the goroutines its workers wait for
// wait on channels, which confirm does not follow to the loops that do the
// IO (the limit docs/confirm.md states).
func TestGroupWaits(t *testing.T) {
	p := traced(t, "waits")
	ncpu := runtime.NumCPU()
	idle, busy, stop := p.site(t, "cpupoolio"), p.site(t, "busy"), p.site(t, "stop")
	for _, s := range []*tracestats.Site{idle, busy, stop} {
		if share(s, s.GroupWaitNS) < 0.5 || s.GroupWaitNS > s.SyncNS || len(s.Children) != 1 {
			t.Errorf("waits %s: %s; want workers mostly waiting for a group, with one site of goroutines they started", s.Posn, show(s))
		}
	}
	// The stop pool's errgroup gives a slot back as its goroutine returns, so
	// the next goroutine may start before the last one has ended: at most
	// the limit (the CPU count) hold a slot, and as many again may be
	// finishing.
	if idle.Created != ncpu || busy.Created != ncpu || stop.Created != 20 || stop.Peak > 2*ncpu {
		t.Errorf("waits: %d, %d and %d workers, peak %d; want %d, %d, and 20 at most %d at once", idle.Created, busy.Created, stop.Created, stop.Peak, ncpu, ncpu, 2*ncpu)
	}
	if c := stop.Children[0]; share(c, c.SyncNS) < 0.5 || c.IONS != 0 {
		t.Errorf("waits: the stop pool's goroutines %s: %s; want them waiting on a channel", c.Posn, show(c))
	}
	if c := idle.Children[0]; share(c, c.IONS) < 0.5 {
		t.Errorf("waits: the idle pool's goroutines %s: %s; want mostly in IO", c.Posn, show(c))
	}
	if c := busy.Children[0]; share(c, c.IONS, c.SyscallNS, c.SleepNS) > 0.05 {
		t.Errorf("waits: the busy pool's goroutines %s: %s; want no IO", c.Posn, show(c))
	}

	synthetic := func(line int) *Finding {
		f := &Finding{Analyzer: "cpupoolio", Message: "synthetic", Pos: Position{p.file, line, 3}}
		f.Posn = f.Pos.String()
		return f
	}
	fs := []*Finding{synthetic(p.sites["cpupoolio"]), synthetic(p.sites["busy"]), synthetic(p.sites["stop"])}
	Judge(fs, p.stats, DefaultThresholds)
	for i, want := range []string{Confirmed, NotConfirmed, NotConfirmed} {
		if f := fs[i]; f.Verdict != want || !strings.Contains(f.Evidence, "waiting for goroutines they started") {
			t.Errorf("waits cpupoolio at line %d: %s (%s), want %s with the wait in the evidence", f.Pos.Line, f.Verdict, f.Evidence, want)
		}
		t.Logf("%s: %s", fs[i].Verdict, fs[i].Evidence)
	}

	found, err := Analyze(diagnostics.Request{Tool: vettooltest.Tool(), Analyzers: analyzers.All(), Dir: p.dir, Patterns: []string{"."}})
	if err != nil {
		t.Fatal(err)
	}
	Judge(found, p.stats, DefaultThresholds)
	var got []string
	for _, f := range found {
		got = append(got, fmt.Sprintf("%s %d %s", f.Analyzer, f.Pos.Line, f.Verdict))
	}
	if want := fmt.Sprintf("cpupoolio %d %s", p.sites["cpupoolio"], Confirmed); len(got) != 1 || got[0] != want {
		t.Errorf("waits: findings %q, want only %q", got, want)
	}
}
