package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests run the built command (bin, see driver_test.go) on
// testdata/integration/sample, the module the .ci/integration-* scripts use
// too.

// copySample copies the sample module to a temporary directory, passing
// each file's text through edit, and returns the directory.
func copySample(t *testing.T, edit func(string) string) string {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("..", "..", "testdata", "integration", "sample"))
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	err = filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o777); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), []byte(edit(string(data))), 0o666)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func same(s string) string { return s }

const (
	leakFinding  = "leak/leak.go:11:2: goroutine sends on unbuffered channel ch"
	filesFinding = "files/files.go:13:3: a loop that starts runtime.NumCPU() goroutines"
)

// TestFix applies the suggested fixes with -fix (after showing them with
// -fix -diff) to a copy of the sample, and checks that the result builds and
// that what was fixed is no longer reported.
func TestFix(t *testing.T) {
	dir := copySample(t, same)
	leak := filepath.Join(dir, "leak", "leak.go")
	before, _ := os.ReadFile(leak)

	out, code := run(t, dir, bin, "-fix", "-diff", "./...")
	if code != 0 || !strings.Contains(out, "-\tch := make(chan int)\n+\tch := make(chan int, 1)\n") {
		t.Errorf("-fix -diff: exit %d, output:\n%s\nwant exit 0 and the buffer fix as a diff", code, out)
	}
	if after, _ := os.ReadFile(leak); !bytes.Equal(after, before) {
		t.Errorf("-fix -diff changed leak.go:\n%s", after)
	}

	if out, code := run(t, dir, bin, "-fix", "./..."); code != 0 {
		t.Fatalf("-fix: exit %d\n%s", code, out)
	}
	after, _ := os.ReadFile(leak)
	if !bytes.Contains(after, []byte("ch := make(chan int, 1)")) {
		t.Errorf("-fix did not buffer ch:\n%s", after)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed sample does not build:\n%s", out)
	}
	if out, code := run(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet on the fixed sample:\n%s", out)
	}
	// cpupoolio has no fix (the right size is the user's call): it stays.
	out, code = run(t, dir, bin, "./...")
	if code != 3 || strings.Contains(out, "leak/leak.go") || !strings.Contains(out, filesFinding) {
		t.Errorf("after -fix: exit %d, output:\n%s\nwant only the cpupoolio finding", code, out)
	}
}

// TestIgnore checks //concurlint:ignore standalone and under go vet: the
// sample's ignored package is silent, and reported once the comments are
// gone (so it is the comments that silence it).
func TestIgnore(t *testing.T) {
	kept := copySample(t, same)
	removed := copySample(t, func(s string) string {
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
