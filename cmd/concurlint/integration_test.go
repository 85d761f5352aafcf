package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/analyzertest"
)

// These tests run the built command (bin, see driver_test.go) on the
// modules of testdata/integration, which the .ci/integration-* scripts use
// too.

// copyModule copies the module testdata/integration/NAME to a temporary
// directory, passing each file's text through edit (and go.mod's go line
// to the toolchain's version), and returns the directory.
func copyModule(t *testing.T, name string, edit func(string) string) string {
	t.Helper()
	return analyzertest.Module(t, "integration/"+name, func(path, text string) string {
		text = edit(text)
		if path == "go.mod" { // the language version of the toolchain under test
			text = regexp.MustCompile(`(?m)^go .*$`).ReplaceAllString(text, "go "+goVersion())
		}
		return text
	})
}

func same(s string) string { return s }

const (
	leakFinding  = "leak/leak.go:11:2: goroutine sends on unbuffered channel ch"
	filesFinding = "files/files.go:13:3: a loop that starts runtime.NumCPU() goroutines"
)

// TestFix applies the suggested fixes to a copy of testdata/integration/fixes
// (one package per analyzer that has fixes), after showing them with -fix
// -diff, and checks that the result builds, passes go vet and has no finding
// left.
func TestFix(t *testing.T) {
	dir := copyModule(t, "fixes", same)
	before := sources(t, dir)

	out, code := run(t, dir, bin, "./...")
	if code != 3 {
		t.Fatalf("before -fix: exit %d, want 3 (findings); output:\n%s", code, out)
	}
	first := out

	// As go vet -fix -diff: exit 1 when there is a diff, for CI to fail on.
	out, code = run(t, dir, bin, "-fix", "-diff", "./...")
	if code != 1 || !strings.Contains(out, "-\tch := make(chan int)\n+\tch := make(chan int, 1)\n") {
		t.Errorf("-fix -diff: exit %d, output:\n%s\nwant exit 1 and the fixes as a diff (unawaited's buffer among them)", code, out)
	}
	if after := sources(t, dir); !maps.Equal(after, before) {
		t.Errorf("-fix -diff changed files")
	}

	if out, code := run(t, dir, bin, "-fix", "./..."); code != 0 {
		t.Fatalf("-fix: exit %d\n%s", code, out)
	}
	after := sources(t, dir)
	for name := range before {
		if after[name] == before[name] {
			t.Errorf("-fix left %s unchanged", name)
		}
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed module does not build:\n%s", out)
	}
	if out, code := run(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet on the fixed module:\n%s", out)
	}
	if out, code := run(t, dir, bin, "./..."); code != 0 {
		t.Errorf("after -fix: exit %d, output:\n%s\nwant no finding left of those before:\n%s", code, out, first)
	}
}

// sources returns the Go files of the module in dir, by name.
func sources(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".go") {
			data, err := os.ReadFile(path)
			files[path] = string(data)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestIgnore checks //concurlint:ignore standalone and under go vet: the
// sample's ignored package is silent, and reported once the comments are
// gone (so it is the comments that silence it).
func TestIgnore(t *testing.T) {
	kept := copyModule(t, "sample", same)
	removed := copyModule(t, "sample", func(s string) string {
		return strings.ReplaceAll(s, "//concurlint:ignore", "// not an ignore comment:")
	})
	for _, tc := range []struct {
		name string
		cmd  []string
		code int // on findings
	}{
		{"standalone", []string{bin, "./..."}, 3},
		{"vet", []string{"go", "vet", "-vettool=" + bin, "./..."}, 1},
	} {
		out, code := run(t, kept, tc.cmd[0], tc.cmd[1:]...)
		if code != tc.code || !strings.Contains(out, leakFinding) || !strings.Contains(out, filesFinding) || strings.Contains(out, "ignored/") {
			t.Errorf("%s with ignore comments: exit %d, output:\n%s\nwant exit %d, the leak and files findings and none in ignored/", tc.name, code, out, tc.code)
		}
		out, code = run(t, removed, tc.cmd[0], tc.cmd[1:]...)
		for _, want := range []string{
			"ignored/ignored.go:17:2: goroutine sends on unbuffered channel ch",
			"ignored/ignored.go:27:3: a loop that starts runtime.NumCPU() goroutines",
		} {
			if code != tc.code || !strings.Contains(out, want) {
				t.Errorf("%s without ignore comments: exit %d, output:\n%s\nwant %q", tc.name, code, out, want)
			}
		}
	}
}
