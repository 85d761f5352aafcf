package analyzers_test

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/analyzers/unawaited"
	"github.com/concurlint/concurlint/analyzers/unboundedgo"
	"github.com/concurlint/concurlint/internal/analyzertest"
)

// FactsOnly's analyzers stand for All's on go vet's dependencies: the same
// names, flags and fact types.
func TestFactsOnlyKeepsNamesFlagsAndFacts(t *testing.T) {
	all, deps := analyzers.All(), analyzers.FactsOnly()
	if len(all) != len(deps) {
		t.Fatalf("FactsOnly has %d analyzers, All %d", len(deps), len(all))
	}
	for i, a := range all {
		d := deps[i]
		if d.Name != a.Name || !slices.Equal(flagNames(d), flagNames(a)) {
			t.Errorf("FactsOnly's %s (flags %v) stands for All's %s (flags %v)", d.Name, flagNames(d), a.Name, flagNames(a))
		}
		if !slices.Equal(d.FactTypes, a.FactTypes) {
			t.Errorf("%s: FactsOnly's fact types %v, All's %v", a.Name, d.FactTypes, a.FactTypes)
		}
	}
}

func flagNames(a *analysis.Analyzer) []string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// The analyzers that export facts export the same ones without their
// checks, and report nothing.
func TestFactsOnlyExportsTheSameFacts(t *testing.T) {
	deps := analyzers.FactsOnly()
	for _, tc := range []struct {
		full, factsOnly *analysis.Analyzer
		patterns        []string
	}{
		{unawaited.Analyzer, deps[3], []string{"future", "futureuse", "stream", "streamuse"}},
		{unboundedgo.Analyzer, deps[1], []string{"callees", "cross", "elements", "detached"}},
	} {
		dir := analyzertest.TestData(t, tc.full.Name)
		full := facts(analysistest.Run(analyzertest.IgnoreWants{}, dir, tc.full, tc.patterns...))
		if len(full) == 0 {
			t.Errorf("%s exports no facts on %v: the test compares nothing", tc.full.Name, tc.patterns)
		}
		results := analysistest.Run(analyzertest.IgnoreWants{}, dir, tc.factsOnly, tc.patterns...)
		if got := facts(results); !slices.Equal(got, full) {
			t.Errorf("%s: facts only, the facts are\n%v\nwith the checks\n%v", tc.full.Name, got, full)
		}
		for _, r := range results {
			if len(r.Action.Diagnostics) > 0 {
				t.Errorf("%s: facts only, it reports %s", tc.full.Name, r.Action.Diagnostics[0].Message)
			}
		}
	}
}

func facts(results []*analysistest.Result) []string {
	var list []string
	for _, r := range results {
		for _, f := range r.Action.AllObjectFacts() {
			list = append(list, fmt.Sprintf("%s: %v", f.Object, f.Fact))
		}
	}
	sort.Strings(list)
	return list
}
