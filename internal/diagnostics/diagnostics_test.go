package diagnostics_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers/unawaited"
	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/vettooltest"
)

func TestMain(m *testing.M) { vettooltest.Main(m, unawaited.Analyzer) }

const leak = `package leak

func Parse(s string) int {
	ch := make(chan int)
	go func() { ch <- len(s) }()
	if s == "" {
		return 0
	}
	return <-ch
}
`

// TestAnalyze checks positions, related information and fixes, and that a
// diagnostic of a package and of its test variant is reported once.
func TestAnalyze(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":       "module example.com/leak\n\ngo 1.26\n",
		"leak.go":      leak,
		"leak_test.go": "package leak\n\nimport \"testing\"\n\nfunc TestParse(t *testing.T) { Parse(\"1\") }\n",
		"more_test.go": strings.Replace(leak, "Parse", "parseInTest", 1),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	withTests, err := analyze([]*analysis.Analyzer{unawaited.Analyzer}, dir, []string{"./..."}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(withTests) != 2 || !strings.HasSuffix(withTests[1].Posn.Filename, "more_test.go") {
		t.Errorf("with tests: %d diagnostics, want the one in leak.go and the one in more_test.go", len(withTests))
	}
	diags, err := analyze([]*analysis.Analyzer{unawaited.Analyzer}, dir, []string{"./..."}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1 (the package and its test variant share it): %+v", len(diags), diags)
	}
	d := diags[0]
	file := filepath.Join(dir, "leak.go")
	if d.Analyzer != unawaited.Analyzer || d.Posn.Filename != file || d.Posn.Line != 5 || d.Posn.Column != 2 || !strings.Contains(d.Message, "unbuffered channel ch") {
		t.Errorf("diagnostic %s at %s: %s", d.Analyzer.Name, d.Posn, d.Message)
	}
	if len(d.Related) != 1 || d.Related[0].Posn.Line != 7 {
		t.Errorf("related %+v, want the return on line 7", d.Related)
	}
	if len(d.Fixes) != 1 || len(d.Fixes[0].Edits) != 1 {
		t.Fatalf("fixes %+v, want one edit", d.Fixes)
	}
	if e := d.Fixes[0].Edits[0]; e.Posn.Filename != file || e.Posn.Line != 4 || !strings.Contains(e.NewText, "1") {
		t.Errorf("edit %+v, want a buffer of 1 on line 4", e)
	}

	if _, err := analyze([]*analysis.Analyzer{unawaited.Analyzer}, dir, []string{"./nosuch"}, false); err == nil {
		t.Error("no error for a pattern that matches no package")
	}
}

func analyze(analyzers []*analysis.Analyzer, dir string, patterns []string, tests bool) ([]*diagnostics.Diagnostic, error) {
	res, err := diagnostics.Analyze(diagnostics.Request{Tool: vettooltest.Tool(), Analyzers: analyzers, Dir: dir, Patterns: patterns, Tests: tests})
	if err != nil {
		return nil, err
	}
	return res.Diagnostics, nil
}
