// Package analyzertest helps the analyzers' tests: it sets an analyzer's
// flag for one test.
package analyzertest

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// SetFlag sets the analyzer's flag name to value until the test ends.
// Flags that add to a list (-cpupoolio.blocking, -unboundedgo.handlers)
// keep what the test added: setting their old value again adds nothing
// and removes nothing, and the test's names match nothing elsewhere.
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
	t.Cleanup(func() { a.Flags.Set(name, old) })
}
