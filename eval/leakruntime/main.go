// Command leakruntime runs the Go runtime's goroutine leak kernels with the
// leak profile on and records, per kernel, what the runtime found, and
// whether concurlint confirm joined each leak to an unawaited finding.
//
//	go run ./eval/leakruntime [-runs 2] [-static eval/leakbench/kernels.tsv] [-o eval/leakruntime/runtime.tsv]
//
// The kernels are those of $(go env GOROOT)/src/runtime/testdata/
// testgoroutineleakprofile of Go 1.27.3 (the micro tests, the LeakProf
// patterns, the GoKer bugs under goker/), copied to a scratch module at run
// time and never committed. Each kernel is a command-line argument of the
// built program, which prints the leak profile as debug=2 text; it runs as
// the runtime's test runs it (GODEBUG=asyncpreemptoff=1, GOMAXPROCS=1 for
// the test's non-flaky cases), -runs times, and its leaks are read with
// internal/leakprof. The analyzers run once on the scratch module; each
// kernel's leaks are joined to their findings by confirm.JudgeLeaks.
//
// The TSV has a row per kernel and leaked function (function and
// wait_reason as goroutineleakprofile_test.go writes them: the function the
// goroutine started in, without "main."), or one row with function "-"
// when the runtime found none: kernel, function, wait_reason, goroutines
// (most in one run), runs (in how many runs it leaked), expected (the
// test's regular expressions: "expected", "flaky" or "unexpected"),
// confirm (the position of the unawaited finding joined and its verdict,
// or "-"). With -static, the columns of that file's row of the same
// kernel, function and wait_reason (eval/leakbench/kernels.tsv: scope,
// reason) follow.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/confirm"
	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/leakprof"
	"github.com/concurlint/concurlint/internal/tracestats"
)

const toolchain = "go1.27.3"

func main() {
	runs := flag.Int("runs", 2, "runs of each kernel")
	static := flag.String("static", "eval/leakbench/kernels.tsv", "TSV keyed by kernel, function, wait_reason to join (skipped when missing)")
	out := flag.String("o", "eval/leakruntime/runtime.tsv", "the TSV to write (- for stdout)")
	flag.Parse()
	if flag.NArg() != 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./eval/leakruntime [-runs N] [-static FILE] [-o FILE]")
		os.Exit(2)
	}
	if err := run(*runs, *static, *out); err != nil {
		fmt.Fprintln(os.Stderr, "leakruntime:", err)
		os.Exit(1)
	}
}

// A kernel is one registered test program.
type kernel struct {
	name, dir string // dir: "kernels" or "goker" in the scratch module
	flaky     bool   // a makeFlakyTest case: run with the machine's GOMAXPROCS
	expected  []*regexp.Regexp
}

// A row is one leaked function of a kernel.
type row struct {
	kernel, function, reason string
	goroutines, runs         int
	expected, confirm        string
}

func run(runs int, staticFile, outFile string) error {
	goroot, err := goOutput("GOTOOLCHAIN="+toolchain, "env", "GOROOT")
	if err != nil {
		return err
	}
	src := filepath.Join(goroot, "src", "runtime", "testdata", "testgoroutineleakprofile")
	scratch, err := os.MkdirTemp("", "leakruntime")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := scratchModule(src, scratch); err != nil {
		return err
	}
	kernels, err := listKernels(scratch, filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		return err
	}
	tool := filepath.Join(scratch, "concurlint")
	if _, err := goOutput("", "build", "-o", tool, "./cmd/concurlint"); err != nil { // with the go vet that runs it
		return err
	}
	findings, err := confirm.Analyze(diagnostics.Request{Tool: tool, Analyzers: analyzers.All(), Dir: scratch, Patterns: []string{"./kernels", "./goker"}})
	if err != nil {
		return err
	}
	var rows []row
	for _, k := range kernels {
		fmt.Fprintf(os.Stderr, "%s ", k.name)
		rs, err := runKernel(scratch, k, runs, findings)
		if err != nil {
			return err
		}
		rows = append(rows, rs...)
	}
	fmt.Fprintln(os.Stderr)
	static, err := readStatic(staticFile)
	if err != nil {
		return err
	}
	w := io.Writer(os.Stdout)
	if outFile != "-" {
		f, err := os.Create(outFile)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return writeTSV(w, rows, static, runs)
}

// scratchModule copies the kernels into a module of their own, with Go
// 1.27 as its toolchain.
func scratchModule(src, scratch string) error {
	for dir, from := range map[string]string{"kernels": src, "goker": filepath.Join(src, "goker")} {
		files, err := filepath.Glob(filepath.Join(from, "*.go"))
		if err != nil || len(files) == 0 {
			return fmt.Errorf("no kernels in %s (is this Go 1.26 or later?)", from)
		}
		if err := os.MkdirAll(filepath.Join(scratch, dir), 0o755); err != nil {
			return err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(scratch, dir, filepath.Base(f)), data, 0o644); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(scratch, "go.mod"), []byte("module leakkernels\n\ngo 1.26\n"), 0o644)
}

var (
	registerRE = regexp.MustCompile(`register(?:Init)?\("(\w+)"`)
	// makeTest("Name", `re`, ...) and makeFlakyTest(...) in the runtime's test.
	testCaseRE = regexp.MustCompile(`make(Flaky)?Test\("(\w+)"`)
	quotedRE   = regexp.MustCompile("`([^`]*)`")
	commentRE  = regexp.MustCompile(`(?m)^\s*//.*$`)
)

// listKernels finds the registered kernels of each directory and, from the
// runtime's test, which are flaky and which leaks each is expected to have.
func listKernels(scratch, testFile string) ([]kernel, error) {
	test, err := os.ReadFile(testFile)
	if err != nil {
		return nil, err
	}
	cases := map[string]kernel{}
	text := string(test)
	calls := testCaseRE.FindAllStringSubmatchIndex(text, -1)
	for i, m := range calls {
		k := kernel{name: text[m[4]:m[5]], flaky: m[3] > m[2]}
		// The call's arguments: up to the next call or the end of the
		// list, without comments.
		end := len(text)
		if i+1 < len(calls) {
			end = calls[i+1][0]
		}
		args, _, _ := strings.Cut(text[m[1]:end], "\n\t}")
		for _, q := range quotedRE.FindAllStringSubmatch(commentRE.ReplaceAllString(args, ""), -1) {
			re, err := regexp.Compile(q[1])
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", testFile, k.name, err)
			}
			k.expected = append(k.expected, re)
		}
		cases[k.name] = k
	}
	var kernels []kernel
	for _, dir := range []string{"kernels", "goker"} {
		files, _ := filepath.Glob(filepath.Join(scratch, dir, "*.go"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			for _, m := range registerRE.FindAllStringSubmatch(string(data), -1) {
				k, ok := cases[m[1]]
				if !ok {
					k = kernel{name: m[1], flaky: true} // not in the test's curated list
				}
				k.dir = dir
				kernels = append(kernels, k)
			}
		}
	}
	sort.Slice(kernels, func(i, j int) bool { return kernels[i].name < kernels[j].name })
	return kernels, nil
}

// runKernel builds the kernel's directory (once: go build caches it), runs
// the kernel, reads the leaks of each run and joins them to the findings.
func runKernel(scratch string, k kernel, runs int, findings []*confirm.Finding) ([]row, error) {
	bin := filepath.Join(scratch, k.dir+".bin")
	if _, err := os.Stat(bin); err != nil {
		cmd := exec.Command("go", "build", "-o", bin, "./"+k.dir)
		cmd.Dir, cmd.Env = scratch, append(os.Environ(), "GOTOOLCHAIN="+toolchain)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("building the kernels with %s: %v\n%s", toolchain, err, out)
		}
	}
	byKey := map[[2]string]*row{}
	var keys [][2]string
	for range runs {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, bin, k.name)
		cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1")
		if !k.flaky {
			cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
		}
		out, _ := cmd.Output() // some kernels exit non-zero after printing the profile
		cancel()
		prof, err := leakprof.Read(bytes.NewReader(out), tracestats.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %v", k.name, err)
		}
		joined := join(prof, findings)
		seen := map[[2]string]bool{}
		for _, l := range prof.Leaks {
			fn := strings.TrimPrefix(l.Start.Func, "main.")
			key := [2]string{fn, l.Reason}
			r := byKey[key]
			if r == nil {
				r = &row{kernel: k.name, function: fn, reason: l.Reason, confirm: "-", expected: k.classify(fn, l.Reason)}
				byKey[key] = r
				keys = append(keys, key)
			}
			if !seen[key] {
				seen[key] = true
				r.runs++
			}
			r.goroutines = max(r.goroutines, l.Count)
			if j := joined[l]; j != "" {
				r.confirm = j
			}
		}
	}
	if len(keys) == 0 {
		return []row{{kernel: k.name, function: "-", reason: "-", expected: "-", confirm: "-"}}, nil
	}
	rows := make([]row, 0, len(keys))
	for _, key := range keys {
		rows = append(rows, *byKey[key])
	}
	return rows, nil
}

// join returns, for each leak that confirm joins to an unawaited finding,
// the finding's position (relative to the scratch module) and verdict.
func join(prof *leakprof.Profile, findings []*confirm.Finding) map[*leakprof.Leak]string {
	fresh := make([]*confirm.Finding, len(findings))
	for i, f := range findings {
		fresh[i] = &confirm.Finding{Analyzer: f.Analyzer, Posn: f.Posn, Message: f.Message, Pos: f.Pos, Related: f.Related}
	}
	confirm.JudgeLeaks(fresh, prof, false)
	joined := map[*leakprof.Leak]string{}
	for _, f := range fresh {
		for _, l := range f.Leaked {
			joined[l] = fmt.Sprintf("%s:%d %s", filepath.Join(filepath.Base(filepath.Dir(f.Pos.File)), filepath.Base(f.Pos.File)), f.Pos.Line, f.Verdict)
		}
	}
	return joined
}

// classify matches a leak against the runtime test's expectations, as the
// test does: "F(...) [reason]" against each regular expression.
func (k kernel) classify(fn, reason string) string {
	leak := fn + "(...) [" + reason + "]"
	for _, re := range k.expected {
		if re.MatchString(leak) {
			if k.flaky {
				return "flaky"
			}
			return "expected"
		}
	}
	return "unexpected"
}

// readStatic reads a TSV whose first three columns are kernel, function and
// wait_reason ('#' lines are comments, the first other line the header),
// or returns nil when the file does not exist.
func readStatic(name string) (map[string][]string, error) {
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		fmt.Fprintf(os.Stderr, "no %s: the static verdicts are not joined\n", name)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows := map[string][]string{}
	header := true
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			return nil, fmt.Errorf("%s: a row with fewer than 3 columns: %q", name, line)
		}
		if header {
			rows[""] = cols[3:]
			header = false
			continue
		}
		rows[strings.Join(cols[:3], "\t")] = cols[3:]
	}
	return rows, nil
}

func writeTSV(w io.Writer, rows []row, static map[string][]string, runs int) error {
	fmt.Fprintf(w, "# Written by go run ./eval/leakruntime with %s, %d runs per kernel.\n", toolchain, runs)
	header := "kernel\tfunction\twait_reason\tgoroutines\truns\texpected\tconfirm"
	if static != nil {
		header += "\t" + strings.Join(static[""], "\t")
	}
	fmt.Fprintln(w, header)
	for _, r := range rows {
		line := fmt.Sprintf("%s\t%s\t%s\t%d\t%d\t%s\t%s", r.kernel, r.function, r.reason, r.goroutines, r.runs, r.expected, r.confirm)
		if static != nil {
			extra, ok := static[r.kernel+"\t"+r.function+"\t"+r.reason]
			if !ok {
				extra = []string{"-"}
			}
			line += "\t" + strings.Join(extra, "\t")
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// goOutput runs the go command with an extra environment variable (or "").
func goOutput(env string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	if env != "" {
		cmd.Env = append(os.Environ(), env)
	}
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, ee.Stderr)
		}
		return "", fmt.Errorf("go %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
