package analyzerdoc

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

const docGo = `// Package x defines an Analyzer.
//
// # Analyzer x
//
// x: report something
//
// Longer text.
//
// # Another heading
//
// Not part of it.
package x
`

func TestExtract(t *testing.T) {
	if got, want := Extract(docGo, "x"), "report something\n\nLonger text."; got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
}

func TestExtractPanicsWithoutSection(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Extract of a missing section did not panic")
		}
	}()
	Extract(docGo, "y")
}

// TestPackageComment checks packageComment against go/parser on the
// analyzers' doc.go files.
func TestPackageComment(t *testing.T) {
	files, err := filepath.Glob("../../analyzers/*/doc.go")
	if err != nil || len(files) < 4 {
		t.Fatalf("analyzers' doc.go files: %v, %v", files, err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil || f.Doc == nil {
			t.Fatalf("%s: no package comment (%v)", file, err)
		}
		if got, found := packageComment(string(src)); !found || got != f.Doc.Text() {
			t.Errorf("%s: packageComment = %q, %v; want go/parser's %q", file, got, found, f.Doc.Text())
		}
	}
	if _, found := packageComment("// Comment.\n\npackage x\n"); found {
		t.Error("packageComment took a comment separated from the package clause")
	}
}
