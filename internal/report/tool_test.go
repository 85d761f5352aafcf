package report_test

import (
	"go/ast"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/report"
)

// spawns reports each go statement at its start and each call of spawn at
// its left parenthesis, without an end, through a Reporter.
var spawns = &analysis.Analyzer{
	Name: "spawns",
	Doc:  "report go statements",
	Run: func(pass *analysis.Pass) (any, error) {
		rep := report.New(pass)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.GoStmt:
					rep.Report(analysis.Diagnostic{Pos: n.Pos(), Message: "go statement"})
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "spawn" {
						rep.Report(analysis.Diagnostic{Pos: n.Lparen, Message: "spawn call"})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

const src = `package p

func spawn(f func()) { go f() } // want "go statement"

func F() {
	go func() {}() // want "go statement"
	spawn(func() {}) // want "spawn call"
	go func() {}() //concurlint:ignore spawns on purpose
	//concurlint:ignore spawns the line below
	go func() {}()
	x := 1 //concurlint:ignore spawns nothing here // want "silences no spawns finding"
	_ = x
}
`

const misspelt = `package q

func F() {
	go func() {}() //concurlint:ignore spwans misspelt // want "names spwans, which is no concurlint analyzer"
	go func() {}() //concurlint:ignore spawns,other one of two // want "names other, which is no concurlint analyzer"
}
`

func TestTool(t *testing.T) {
	dir := t.TempDir()
	for pkg, text := range map[string]string{"p": src, "q": misspelt} {
		if err := os.MkdirAll(filepath.Join(dir, "src", pkg), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "src", pkg, pkg+".go"), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	tool := report.Tool([]*analysis.Analyzer{spawns})
	if err := tool[1].Flags.Set("unused", "true"); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, dir, tool[0], "p")
	analysistest.Run(t, dir, tool[1], "q")

	// Each diagnostic spans its node: the whole go statement; the call
	// from its start, not its parenthesis.
	var spans []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.End.IsValid() {
				spans = append(spans, string(src[d.Pos-r.Pass.Files[0].FileStart:d.End-r.Pass.Files[0].FileStart]))
			}
		}
	}
	want := "go f()\ngo func() {}()\nspawn(func() {})\n//concurlint:ignore spawns nothing here // want \"silences no spawns finding\""
	if got := strings.Join(spans, "\n"); got != want {
		t.Errorf("spans:\n%s\nwant:\n%s", got, want)
	}
}
