package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/analyzers"
)

// bin is the concurlint command, built once for the tests that run it.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "concurlint-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "concurlint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building concurlint: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// writeModule writes files (path → content) under a new module directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo " + goVersion() + "\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// goVersion is the release of the toolchain that runs the tests (1.26.0,
// or 1.27.0 under GOTOOLCHAIN=go1.27.3, as .ci/integration-go1.27 runs
// them), for the go lines of the modules the tests write: not below the
// go lines of their dependencies (1.26.0).
func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	v := strings.TrimPrefix(strings.TrimSpace(string(out)), "go")
	if parts := strings.Split(v, "."); err == nil && len(parts) >= 2 {
		return parts[0] + "." + parts[1] + ".0"
	}
	return "1.26.0"
}

// crossPackage is a module whose pool, in package main, runs a worker body
// declared in package work: the finding needs the blocking fact to cross
// the package boundary.
var crossPackage = map[string]string{
	"work/work.go": `package work

import "net/http"

// Fetch drains urls with HTTP requests.
func Fetch(urls <-chan string) {
	for u := range urls {
		get(u)
	}
}

func get(u string) {
	resp, err := http.Get(u)
	if err == nil {
		resp.Body.Close()
	}
}
`,
	"main.go": `package main

import (
	"runtime"

	"example.com/m/work"
)

func main() {
	urls := make(chan string)
	for range runtime.NumCPU() {
		go work.Fetch(urls)
	}
	close(urls)
}
`,
}

var clean = map[string]string{
	"main.go": `package main

import "fmt"

func main() { fmt.Println("hello") }
`,
}

const crossFinding = "main.go:12:3: a loop that starts runtime.NumCPU() goroutines, sized to the CPU count (runtime.NumCPU()), blocks on HTTP requests: work.Fetch → work.get → http.Get"

func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		return string(out), 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", 0
}

// TestGoVet runs go vet -vettool for real: each package is analysed in a
// process of its own, so the finding in main exists only if the fact about
// work.Fetch crossed over.
func TestGoVet(t *testing.T) {
	dir := writeModule(t, crossPackage)
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code != 1 || !strings.Contains(out, crossFinding) {
		t.Errorf("go vet -vettool on the two-package module: exit %d, output:\n%s\nwant exit 1 and %q", code, out, crossFinding)
	}

	// An analyzer flag reaches the vet tool: with file IO off the finding
	// stays (it is HTTP), with the analyzer deselected it goes.
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "-cpupoolio.fileio=false", "./...")
	if code != 1 || !strings.Contains(out, crossFinding) {
		t.Errorf("go vet -cpupoolio.fileio=false: exit %d, output:\n%s", code, out)
	}
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "-unawaited", "./...")
	if code != 0 || strings.Contains(out, "cpupoolio") || strings.Contains(out, "sized to the CPU count") {
		t.Errorf("go vet -unawaited only: exit %d, output:\n%s\nwant exit 0 and no cpupoolio finding", code, out)
	}

	out, code = run(t, writeModule(t, clean), "go", "vet", "-vettool="+bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("go vet -vettool on a clean module: exit %d, output %q; want 0 and nothing", code, out)
	}
}

// TestStandalone checks the exit codes and outputs users script against.
func TestStandalone(t *testing.T) {
	dir := writeModule(t, crossPackage)
	for _, args := range [][]string{{"./..."}, {}} { // ./... is the default
		out, code := run(t, dir, bin, args...)
		if code != 3 || !hasLine(out, crossFinding+" (cpupoolio)") {
			t.Errorf("concurlint %v: exit %d, output:\n%s\nwant exit 3 and the finding, relative path first, analyzer last:\n%s (cpupoolio)", args, code, out, crossFinding)
		}
	}

	out, code := run(t, writeModule(t, clean), bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("concurlint on a clean module: exit %d, output %q", code, out)
	}

	broken := writeModule(t, map[string]string{"main.go": "package main\n\nfunc main() { undefined() }\n"})
	out, code = run(t, broken, bin, "./...")
	if code != 1 || !strings.Contains(out, "undefined: undefined") {
		t.Errorf("concurlint on a package that does not type-check: exit %d, output:\n%s\nwant exit 1 and the type error", code, out)
	}

	// A bad flag: one line, and where to find the usage.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-no-such-flag", "./..."}, "concurlint: flag provided but not defined: -no-such-flag (see concurlint -h)\n"},
		{[]string{"-diff", "./..."}, "concurlint: -diff needs -fix (see concurlint -h)\n"},
		{[]string{"-cpupoolio.blocking=NoPackage", "./..."}, "concurlint: invalid value \"NoPackage\" for flag -cpupoolio.blocking: "},
		{[]string{"sarif", "-c", "2"}, "concurlint sarif: flag provided but not defined: -c (see concurlint sarif -h)\n"},
		{[]string{"confirm", "-sites=many"}, "concurlint confirm: invalid value \"many\" for flag -sites: parse error (see concurlint confirm -h)\n"},
		{[]string{"version", "extra"}, "concurlint version: takes no arguments\n"},
		{[]string{"help", "nosuch"}, "concurlint help: no subcommand or analyzer \"nosuch\" (see concurlint help)\n"},
	} {
		out, code := run(t, dir, bin, tc.args...)
		if code != 2 || !strings.HasPrefix(out, tc.want) || strings.Count(out, "\n") != 1 {
			t.Errorf("concurlint %v: exit %d, output:\n%s\nwant exit 2 and one line starting %q", tc.args, code, out, tc.want)
		}
	}
}

// hasLine reports whether out has line as a whole line.
func hasLine(out, line string) bool {
	return slices.Contains(strings.Split(out, "\n"), line)
}

// TestTextOutput checks the text format: the problem on the first line
// with the analyzer's name, the advice and the related positions indented
// below, paths relative to the working directory as go vet prints them.
func TestTextOutput(t *testing.T) {
	dir := writeModule(t, crossPackage)
	out, code := run(t, dir, bin)
	want := crossFinding + ` (cpupoolio)
	while a worker waits it holds a core's share, so at most runtime.NumCPU() operations are in flight
	and the cores idle: size the pool for what the downstream can take (a named constant or a flag), not
	for the cores
	main.go:11:12: pool size comes from runtime.NumCPU()
`
	if code != 3 || out != want {
		t.Errorf("concurlint: exit %d, output:\n%s\nwant exit 3 and:\n%s", code, out, want)
	}
	if vet, _ := run(t, dir, "go", "vet", "-vettool="+bin, "./..."); !strings.Contains(vet, "main.go:11:12: \tpool size comes from") {
		t.Errorf("go vet prints the related position with another path:\n%s", vet)
	}

	// From a subdirectory, as go vet: relative when shorter.
	out, code = run(t, filepath.Join(dir, "work"), bin, "../...")
	if code != 3 || !hasLine(out, "../"+crossFinding+" (cpupoolio)") || !hasLine(out, "\t../main.go:11:12: pool size comes from runtime.NumCPU()") {
		t.Errorf("concurlint ../... from work/: exit %d, output:\n%s\nwant ../main.go", code, out)
	}
}

// TestVersion checks concurlint version, and -V=full in the form go vet
// reads (go vet runs it, and fails on any other form).
func TestVersion(t *testing.T) {
	out, code := run(t, ".", bin, "version")
	if code != 0 || !regexp.MustCompile(`^concurlint v\d+\.\d+\.\d+\S* go1\.\d+\S* \w+/\w+\n$`).MatchString(out) {
		t.Errorf("concurlint version: exit %d, output %q; want concurlint vX.Y.Z goVERSION os/arch", code, out)
	}
	out, code = run(t, ".", bin, "-V=full")
	if code != 0 || !regexp.MustCompile(`^concurlint version v\d+\.\d+\.\d+\S* buildID=[0-9a-f]{64}\n$`).MatchString(out) {
		t.Errorf("concurlint -V=full: exit %d, output %q; want concurlint version vX.Y.Z buildID=HASH", code, out)
	}
	if strings.Contains(out, "comments-go-here") {
		t.Errorf("concurlint -V=full: x/tools' placeholder %q", out)
	}
}

// TestSharedFlags checks that every subcommand takes the shared flags and
// ./... by default: -tags, -test, -modfile.
func TestSharedFlags(t *testing.T) {
	files := map[string]string{"main.go": "//go:build pool\n\n" + crossPackage["main.go"], "work/work.go": crossPackage["work/work.go"]}
	dir := writeModule(t, files)
	trace := filepath.Join(t.TempDir(), "empty.trace")
	os.WriteFile(trace, nil, 0o666)
	for _, sub := range [][]string{{}, {"sarif"}} {
		args := append(sub, "-tags=pool", "-test=false", "-modfile=go.mod")
		out, code := run(t, dir, bin, args...)
		if !strings.Contains(out, "blocks on HTTP requests") {
			t.Errorf("concurlint %v: exit %d, output:\n%s\nwant the finding behind the tag, in the default ./...", args, code, out)
		}
	}
	// confirm reads the trace first: a bad trace, after the flags parsed.
	out, code := run(t, dir, bin, "confirm", "-tags=pool", "-test=false", "-modfile=go.mod", "-cpupoolio.fileio=false", "-trace", trace)
	if code != 1 || !strings.HasPrefix(out, "concurlint confirm: trace ") {
		t.Errorf("concurlint confirm with the shared flags: exit %d, output:\n%s\nwant the trace's error", code, out)
	}

	// -modfile: a go.mod that does not parse, and a good one beside it.
	alt := writeModule(t, map[string]string{"main.go": crossPackage["main.go"], "work/work.go": crossPackage["work/work.go"]})
	good, _ := os.ReadFile(filepath.Join(alt, "go.mod"))
	os.WriteFile(filepath.Join(alt, "alt.mod"), good, 0o666)
	os.WriteFile(filepath.Join(alt, "go.mod"), append(good, "garbage\n"...), 0o666)
	if out, code := run(t, alt, bin); code != 1 {
		t.Errorf("concurlint with a broken go.mod: exit %d, output:\n%s\nwant 1", code, out)
	}
	if out, code := run(t, alt, bin, "-modfile=alt.mod"); code != 3 || !strings.Contains(out, "blocks on HTTP requests") {
		t.Errorf("concurlint -modfile=alt.mod: exit %d, output:\n%s\nwant 3 and the finding", code, out)
	}

	// -test=false leaves out the findings in test files.
	leakTest := writeModule(t, map[string]string{"p.go": "package p\n", "p_test.go": `package p

import "testing"

func TestLeak(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if testing.Short() {
		return
	}
	<-ch
}
`})
	if out, code := run(t, leakTest, bin); code != 3 || !strings.Contains(out, "p_test.go:7:2: goroutine sends") {
		t.Errorf("concurlint on a leaking test: exit %d, output:\n%s", code, out)
	}
	if out, code := run(t, leakTest, bin, "-test=false"); code != 0 || out != "" {
		t.Errorf("concurlint -test=false on a leaking test: exit %d, output:\n%s\nwant 0 and nothing", code, out)
	}
}

// TestIgnoreWarnings checks that an ignore comment naming no analyzer is
// reported, and, with -unused-ignores, one that silences nothing.
func TestIgnoreWarnings(t *testing.T) {
	dir := writeModule(t, map[string]string{"p.go": `package p

func Leak(s string) int {
	ch := make(chan int)
	go func() { ch <- len(s) }() //concurlint:ignore unawaitd misspelt
	if s == "" {
		return 0
	}
	return <-ch
}

func Quiet() int {
	x := 1 //concurlint:ignore unawaited nothing to silence here
	return x
}
`})
	var names []string
	for _, a := range analyzers.All() {
		names = append(names, a.Name)
	}
	misspelt := "p.go:5:31: //concurlint:ignore names unawaitd, which is no concurlint analyzer (have " + strings.Join(names, ", ") + "): it silences nothing (ignores)"
	unused := "p.go:13:9: //concurlint:ignore unawaited silences no unawaited finding: remove it, or it will hide a new one (unawaited)"
	out, code := run(t, dir, bin)
	if code != 3 || !hasLine(out, misspelt) || !strings.Contains(out, "p.go:5:2: goroutine sends") || strings.Contains(out, unused) {
		t.Errorf("concurlint: exit %d, output:\n%s\nwant the finding and\n%s", code, out, misspelt)
	}
	out, code = run(t, dir, bin, "-unawaited", "-unused-ignores")
	if code != 3 || !hasLine(out, misspelt) || !hasLine(out, unused) {
		t.Errorf("concurlint -unawaited -unused-ignores: exit %d, output:\n%s\nwant\n%s\n%s", code, out, misspelt, unused)
	}
	out, _ = run(t, dir, "go", "vet", "-vettool="+bin, "-ignores.unused", "./...")
	if !strings.Contains(out, strings.TrimSuffix(unused, " (unawaited)")) {
		t.Errorf("go vet -ignores.unused: output:\n%s\nwant the unused ignore", out)
	}
	if out, code := run(t, dir, bin, "-ignores=false"); strings.Contains(out, "unawaitd") || code != 3 {
		t.Errorf("concurlint -ignores=false: exit %d, output:\n%s\nwant no ignore warning", code, out)
	}
}

// TestProgress checks that the progress line stays off when stderr is not
// a terminal, and that -v prints each package with a time.
func TestProgress(t *testing.T) {
	dir := writeModule(t, crossPackage)
	out, _ := run(t, dir, bin)
	if strings.ContainsAny(out, "\r\033") || strings.Contains(out, "packages analysed") {
		t.Errorf("concurlint, stderr not a terminal: output %q has a progress line", out)
	}
	// On a terminal (script(1) gives the command one): the line, updated
	// in place, then cleared before the findings.
	if script, err := exec.LookPath("script"); err == nil {
		// Outside CI as far as the command knows: CI=true turns progress off.
		t.Setenv("CI", "")
		out, _ := run(t, dir, script, "-qec", bin, "/dev/null")
		if !strings.Contains(out, "\r\033[Kconcurlint: ") || !strings.Contains(out, "packages analysed") || !strings.Contains(out, "\r\033[K"+crossFinding) {
			t.Errorf("concurlint on a terminal: output %q; want the progress line, cleared before the finding", out)
		}
	}
	out, _ = run(t, dir, bin, "-v")
	if !regexp.MustCompile(`(?m)^ +\d+\.\ds example\.com/m$`).MatchString(out) || !regexp.MustCompile(`(?m)^ +\d+\.\ds go vet done$`).MatchString(out) {
		t.Errorf("concurlint -v: output:\n%s\nwant a line per package with findings, with its time, and the end", out)
	}
}

// TestContext checks -c: the finding's line with lines of context around it.
func TestContext(t *testing.T) {
	out, code := run(t, writeModule(t, crossPackage), bin, "-c", "1", "./...")
	context := "11\t\tfor range runtime.NumCPU() {\n12\t\t\tgo work.Fetch(urls)\n13\t\t}\n"
	if code != 3 || !strings.Contains(out, crossFinding) || !strings.Contains(out, context) {
		t.Errorf("concurlint -c 1: exit %d, output:\n%s\nwant the finding and\n%s", code, out, context)
	}
}

// TestTags checks that -tags reaches go vet: the pool is in a file built
// only with the tag.
func TestTags(t *testing.T) {
	files := map[string]string{"main.go": "//go:build pool\n\n" + crossPackage["main.go"], "work/work.go": crossPackage["work/work.go"]}
	dir := writeModule(t, files)
	if out, code := run(t, dir, bin, "./..."); code != 0 {
		t.Errorf("concurlint without the tag: exit %d, output:\n%s\nwant 0", code, out)
	}
	if out, code := run(t, dir, bin, "-tags=pool", "./..."); code != 3 || !strings.Contains(out, "blocks on HTTP requests") {
		t.Errorf("concurlint -tags=pool: exit %d, output:\n%s\nwant 3 and the finding", code, out)
	}
}

// TestJSON checks the go/analysis JSON shape: package → analyzer → list of
// {posn, message}.
func TestJSON(t *testing.T) {
	dir := writeModule(t, crossPackage)
	out, code := run(t, dir, bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("concurlint -json: exit %d, output:\n%s", code, out)
	}
	var tree map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
		Related []struct {
			Posn    string `json:"posn"`
			Message string `json:"message"`
		} `json:"related"`
	}
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("concurlint -json: %v\n%s", err, out)
	}
	diags := tree["example.com/m"]["cpupoolio"]
	if len(diags) != 1 || !strings.HasSuffix(diags[0].Posn, "main.go:12:3") ||
		!strings.Contains(diags[0].Message, "work.Fetch → work.get → http.Get") || len(diags[0].Related) == 0 {
		t.Errorf("concurlint -json: cpupoolio findings of example.com/m = %+v, want the one finding at main.go:12:3 with related information", diags)
	}
}

// TestHelp checks concurlint help: its own text, the analyzers and the
// subcommands, each NAME's help, and nothing of x/tools' generic text.
func TestHelp(t *testing.T) {
	out, code := run(t, ".", bin, "help")
	for _, want := range []string{"concurlint sarif [flags] [packages]", "concurlint confirm -trace FILE", "concurlint version", "cpupoolio  ", "unawaited  ", "-modfile file", "-unused-ignores"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("concurlint help: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
	if h, _ := run(t, ".", bin, "-h"); h != out {
		t.Errorf("concurlint -h differs from concurlint help:\n%s", h)
	}
	for _, tc := range []struct{ name, want string }{
		{"cpupoolio", "-cpupoolio.fileio"},
		{"cpupoolio", "report worker pools sized to the CPU count whose workers block on IO"},
		{"confirm", "-trace file"},
		{"confirm", "-unboundedgo.peak int"},
		{"sarif", "-root directory"},
		{"ignores", "-ignores.unused"},
		{"version", "usage: concurlint version"},
	} {
		out, code := run(t, ".", bin, "help", tc.name)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("concurlint help %s: exit %d, output lacks %q:\n%s", tc.name, code, tc.want, out)
		}
	}
	for _, args := range [][]string{{"help"}, {"help", "confirm"}, {"confirm", "-h"}, {"sarif", "-h"}} {
		out, _ := run(t, ".", bin, args...)
		for _, generic := range []string{"Printf", "-trace write trace log", "multichecker", "not registered", "deprecated"} {
			if strings.Contains(out, generic) {
				t.Errorf("concurlint %v has x/tools' generic text %q:\n%s", args, generic, out)
			}
		}
	}
}
