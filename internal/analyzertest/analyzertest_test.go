package analyzertest

import (
	"path/filepath"
	"testing"

	"golang.org/x/mod/zip"
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/funcnames"
)

func TestSetFlagRestores(t *testing.T) {
	a := &analysis.Analyzer{Name: "a"}
	list := funcnames.List{"a.Kept": true}
	max := 3
	a.Flags.Var(list, "list", "")
	a.Flags.IntVar(&max, "max", max, "")
	t.Run("set", func(t *testing.T) {
		SetFlag(t, a, "list", "b.Added")
		SetFlag(t, a, "max", "8")
		if got := list.String(); got != "a.Kept,b.Added" {
			t.Errorf("during the test, list = %s", got)
		}
	})
	if got := list.String(); got != "a.Kept" {
		t.Errorf("after the test, list = %s, want a.Kept", got)
	}
	if max != 3 {
		t.Errorf("after the test, max = %d, want 3", max)
	}
}

// TestModuleZipKeepsTestFiles checks that a module zip of the repository,
// which `go test` reads from the module cache, holds every file of it but
// the version-control directory and the nested module of the golangci-lint
// build (not a test input): a directory with a go.mod or a symbolic link
// would be dropped, and the tests that read it fail only from the cache.
func TestModuleZipKeepsTestFiles(t *testing.T) {
	root, err := testdataRoot()
	if err != nil {
		t.Fatal(err)
	}
	root = filepath.Dir(root)
	checked, err := zip.CheckDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range checked.Invalid {
		t.Errorf("not allowed in a module zip: %s: %v", f.Path, f.Err)
	}
	for _, f := range checked.Omitted {
		rel, _ := filepath.Rel(root, f.Path)
		switch filepath.ToSlash(rel) {
		case ".git", "integration/golangci":
			continue
		}
		t.Errorf("left out of a module zip: %s: %v", rel, f.Err)
	}
}
