// Package analyzertest helps the tests: it finds their testdata, copies a
// test module out of it, sets an analyzer's flag for one test, and lists
// a finding's related information.
package analyzertest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/funcnames"
)

// TestData returns the directory to give analysistest.Run for the tree
// testdata/NAME of the repository ("cpupoolio", "internal/pools"): a
// temporary GOPATH that holds a copy of the tree's src and, beside it, of
// the shared stubs of third-party packages (testdata/stubs/src: errgroup,
// ants, gRPC...). Copying rather than linking the stubs keeps the tests
// runnable from a module zip, which drops symbolic links. The copy is
// removed when the test ends.
func TestData(t testing.TB, name string) string {
	t.Helper()
	root, err := testdataRoot()
	if err != nil {
		t.Fatal(err)
	}
	gopath := t.TempDir()
	src := filepath.Join(gopath, "src")
	if err := os.CopyFS(src, os.DirFS(filepath.Join(root, name, "src"))); err != nil {
		t.Fatal(err)
	}
	// A file of the tree where a stub goes is an error (fs.ErrExist): a
	// tree must not carry its own copy of a stub.
	if err := os.CopyFS(src, os.DirFS(filepath.Join(root, "stubs", "src"))); err != nil {
		t.Fatalf("copying the stubs into testdata/%s: %v", name, err)
	}
	return gopath
}

// ModFile is the name under which a test module of testdata keeps its
// go.mod: a module zip drops every directory that holds a go.mod, so the
// file gets its name back only in the copy Module makes.
const ModFile = "go.mod.txt"

// Module copies the test module testdata/NAME ("integration/sample") to a
// temporary directory, its ModFile as go.mod, passing each file's path
// (relative, slash-separated) and text through edit unless edit is nil,
// and returns the directory.
func Module(t testing.TB, name string, edit func(path, text string) string) string {
	t.Helper()
	root, err := testdataRoot()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, name)
	dst := t.TempDir()
	err = filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		rel = filepath.ToSlash(rel)
		if rel == ModFile {
			rel = "go.mod"
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		if edit != nil {
			text = edit(rel, text)
		}
		out := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o777); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(text), 0o666)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// testdataRoot finds the repository's testdata directory: beside the go.mod
// of the module that holds the working directory (a test runs in its
// package's directory).
func testdataRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// SetFlag sets the analyzer's flag name to value until the test ends.
// A flag that adds to a list (-cpupoolio.blocking, -unboundedgo.handlers)
// gets its old list back.
func SetFlag(t *testing.T, a *analysis.Analyzer, name, value string) {
	t.Helper()
	f := a.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("%s has no flag %q", a.Name, name)
	}
	old := f.Value.String()
	if err := a.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if list, ok := f.Value.(funcnames.List); ok {
			clear(list)
		}
		a.Flags.Set(name, old)
	})
}

// Related lists the related information of the findings reported on the
// given line, as "LINE: message", in order.
func Related(results []*analysistest.Result, line int) []string {
	var out []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if r.Pass.Fset.Position(d.Pos).Line != line {
				continue
			}
			for _, rel := range d.Related {
				out = append(out, fmt.Sprintf("%d: %s", r.Pass.Fset.Position(rel.Pos).Line, rel.Message))
			}
		}
	}
	return out
}

// IgnoreWants is an analysistest.Testing that drops the mismatches with the
// want comments, for a test that checks the results itself (facts, or the
// runs of analyzers that other tests' want comments are not about).
type IgnoreWants struct{}

// Errorf drops the mismatch.
func (IgnoreWants) Errorf(string, ...any) {}
