package report

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Analyzer is the key under which Tool's analyzers hand their directives
// to report.New; it also runs alone, returning the package's *Directives.
var Analyzer = &analysis.Analyzer{
	Name:       "concurlintdirectives",
	Doc:        "parse //concurlint:ignore comments",
	Run:        func(pass *analysis.Pass) (any, error) { return Parse(pass), nil },
	ResultType: reflect.TypeFor[*Directives](),
}

// IgnoresName is the name of Tool's analyzer that checks the ignore comments.
const IgnoresName = "ignores"

// Tool returns the analyzers as concurlint's vet tool runs them: each of
// all, wrapped so that, with -ignores.unused, it reports the ignore
// comments naming it that suppressed nothing; and the ignores analyzer,
// which reports ignore comments naming no analyzer of all (a misspelt name
// silences nothing). The wrappers keep each analyzer's name, flags and
// facts.
func Tool(all []*analysis.Analyzer) []*analysis.Analyzer {
	unused := new(bool)
	var names []string
	var out []*analysis.Analyzer
	for _, a := range all {
		names = append(names, a.Name)
		out = append(out, wrap(a, unused))
	}
	ignores := &analysis.Analyzer{
		Name: IgnoresName,
		Doc: "report //concurlint:ignore comments that name no concurlint analyzer\n\n" +
			"A //concurlint:ignore NAME comment silences analyzer NAME on its line and the next. " +
			"One whose names are none of concurlint's analyzers (a misspelling) silences nothing and is reported. " +
			"With -ignores.unused, each analyzer also reports the comments naming it that silenced none of its findings.",
		URL: "https://github.com/concurlint/concurlint#suppressing-a-finding",
		Run: func(pass *analysis.Pass) (any, error) {
			for _, d := range Parse(pass).list {
				var unknown []string
				for _, n := range d.Names {
					if !slices.Contains(names, n) {
						unknown = append(unknown, n)
					}
				}
				if len(unknown) > 0 {
					pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: fmt.Sprintf(
						"%s names %s, which is no concurlint analyzer (have %s): it silences nothing",
						directive, strings.Join(unknown, ", "), strings.Join(names, ", "))})
				}
			}
			return nil, nil
		},
	}
	ignores.Flags.BoolVar(unused, "unused", false, "also report //concurlint:ignore comments that silence no finding (each analyzer reports those naming it)")
	return append(out, ignores)
}

// wrap returns a copy of a whose run hands it the package's directives and
// then, when *unused, reports those naming it that it did not use.
func wrap(a *analysis.Analyzer, unused *bool) *analysis.Analyzer {
	w := *a
	w.Flags = flag.FlagSet{}
	a.Flags.VisitAll(func(f *flag.Flag) { w.Flags.Var(f.Value, f.Name, f.Usage) })
	w.Run = func(pass *analysis.Pass) (any, error) {
		ds := Parse(pass)
		sub := *pass
		sub.ResultOf = map[*analysis.Analyzer]any{Analyzer: ds}
		for k, v := range pass.ResultOf {
			sub.ResultOf[k] = v
		}
		sub.Analyzer = a
		res, err := a.Run(&sub)
		if err != nil || !*unused {
			return res, err
		}
		for _, d := range ds.list {
			if slices.Contains(d.Names, a.Name) && !d.used[a.Name] {
				pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: fmt.Sprintf(
					"%s %s silences no %s finding: remove it, or it will hide a new one", directive, a.Name, a.Name)})
			}
		}
		return res, err
	}
	return &w
}
