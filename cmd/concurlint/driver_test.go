package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
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
	out, code := run(t, dir, bin, "./...")
	if code != 3 || !strings.Contains(out, crossFinding) {
		t.Errorf("concurlint ./...: exit %d, output:\n%s\nwant exit 3 and the finding", code, out)
	}

	out, code = run(t, writeModule(t, clean), bin, "./...")
	if code != 0 || out != "" {
		t.Errorf("concurlint on a clean module: exit %d, output %q", code, out)
	}

	broken := writeModule(t, map[string]string{"main.go": "package main\n\nfunc main() { undefined() }\n"})
	out, code = run(t, broken, bin, "./...")
	if code != 1 || !strings.Contains(out, "undefined: undefined") {
		t.Errorf("concurlint on a package that does not type-check: exit %d, output:\n%s\nwant exit 1 and the type error", code, out)
	}

	out, code = run(t, dir, bin, "-no-such-flag", "./...")
	if code != 2 || !strings.Contains(out, "flag provided but not defined: -no-such-flag") {
		t.Errorf("concurlint -no-such-flag: exit %d, output:\n%s\nwant exit 2 and the flag error", code, out)
	}

	for _, args := range [][]string{{}, {"-diff", "./..."}} {
		if out, code := run(t, dir, bin, args...); code != 2 {
			t.Errorf("concurlint %v: exit %d, output:\n%s\nwant exit 2 (no packages; -diff without -fix)", args, code, out)
		}
	}

	out, code = run(t, dir, bin, "-cpupoolio.blocking=NoPackage", "./...")
	if code != 2 || !strings.Contains(out, "want pkg/path.Func") {
		t.Errorf("concurlint -cpupoolio.blocking=NoPackage: exit %d, output:\n%s\nwant exit 2 and the malformed name", code, out)
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

// TestHelp checks that each analyzer's documentation is reachable.
func TestHelp(t *testing.T) {
	out, code := run(t, ".", bin, "help", "cpupoolio")
	if code != 0 || !strings.Contains(out, "report worker pools sized to the CPU count whose workers block on IO") ||
		!strings.Contains(out, "-cpupoolio.fileio") {
		t.Errorf("concurlint help cpupoolio: exit %d, output:\n%s", code, out)
	}
}
