package analyzertest

import (
	"testing"

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
