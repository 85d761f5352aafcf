package analyzerdoc

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
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

// TestExtractAsGoDoc checks Extract against the section that go/parser's
// package comment gives, on the analyzers' doc.go files.
func TestExtractAsGoDoc(t *testing.T) {
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
		name := filepath.Base(filepath.Dir(file))
		_, section, found := strings.Cut(f.Doc.Text(), "# Analyzer "+name+"\n")
		if !found {
			t.Fatalf("%s: no section for %s", file, name)
		}
		if next := strings.Index(section, "\n# "); next >= 0 {
			section = section[:next]
		}
		want := strings.TrimPrefix(strings.TrimSpace(section), name+": ")
		if got := Extract(string(src), name); got != want {
			t.Errorf("%s: Extract = %q, want go/parser's %q", file, got, want)
		}
	}
}

func TestPackageComment(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"// A.\n// B.\npackage x\n", "// A.\n// B.\n"},
		{"// Build.\n\n// A.\npackage x\n", "// A.\n"},
		{"// Comment.\n\npackage x\n", ""},
		{"package x\n", ""},
		{"// No clause.\n", ""},
	} {
		got, found := packageComment(tc.src)
		if got != tc.want || found != (tc.want != "") {
			t.Errorf("packageComment(%q) = %q, %v; want %q", tc.src, got, found, tc.want)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	src, err := os.ReadFile("../../analyzers/unboundedgo/doc.go")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Extract(string(src), "unboundedgo")
	}
}
