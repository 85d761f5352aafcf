package archdoc

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const root = "../.."

// TestEveryPackageIsMapped fails when a directory of Go files under one of
// the mapped trees is not named, as `dir`, in ARCHITECTURE.md.
func TestEveryPackageIsMapped(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, tree := range []string{"analyzers", "internal", "cmd", "plugin", "probe", "eval"} {
		for _, dir := range goDirs(t, tree) {
			if !strings.Contains(doc, "`"+dir+"`") {
				t.Errorf("ARCHITECTURE.md does not describe `%s`: add its paragraph under \"The packages\"", dir)
			}
		}
	}
}

// goDirs lists the directories under tree (slash-separated, relative to the
// repository) that hold Go files, testdata excluded.
func goDirs(t *testing.T, tree string) []string {
	seen := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(filepath.Join(root, tree), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); !seen[rel] {
			seen[rel] = true
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no Go files under %s", tree)
	}
	return dirs
}

// TestNoSymlinks: module zips drop symbolic links, so a test that reads
// through one fails when run from the module cache. Shared test data is
// copied at test time instead (analyzertest.TestData).
func TestNoSymlinks(t *testing.T) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type()&fs.ModeSymlink != 0 {
			t.Errorf("%s is a symbolic link; copy what it shares at test time instead", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
