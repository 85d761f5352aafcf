package unawaited_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/analyzers/unawaited"
)

// BenchmarkBigFunction runs the analyzer on one generated function of the
// given number of lines, made of go statements, channels, selects,
// WaitGroups and streams, half of them leaking. The unawaited-ms metric is the time
// of the analyzer's pass, SSA construction included; it should grow
// linearly with the size.
func BenchmarkBigFunction(b *testing.B) {
	for _, lines := range []int{10000, 20000, 40000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			pkgs := loadGenerated(b, lines)
			var own time.Duration
			var found int
			b.ResetTimer()
			for range b.N {
				graph, err := checker.Analyze([]*analysis.Analyzer{unawaited.Analyzer}, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				for act := range graph.All() {
					if act.Package != pkgs[0] {
						continue
					}
					if act.Analyzer == unawaited.Analyzer {
						own += act.Duration
						found = len(act.Diagnostics)
					}
				}
			}
			b.ReportMetric(float64(own.Microseconds())/1000/float64(b.N), "unawaited-ms")
			b.ReportMetric(float64(found), "findings")
		})
	}
}

// loadGenerated writes a module with one function of about the given
// number of lines and loads it.
func loadGenerated(b *testing.B, lines int) []*packages.Package {
	dir := b.TempDir()
	var src strings.Builder
	src.WriteString("package gen\n\nimport (\n\t\"context\"\n\t\"sync\"\n)\n\nfunc work(i int) int { return i }\n\n")
	src.WriteString("func Big(ctx context.Context) int {\n\tsum := 0\n")
	n := 0
	for i := 0; n < lines; i++ {
		var unit string
		switch i % 4 {
		case 0: // awaited on every path
			unit = `	c%[1]d := make(chan int)
	go func() { c%[1]d <- work(%[1]d) }()
	select {
	case v := <-c%[1]d:
		sum += v
	case <-ctx.Done():
		<-c%[1]d
	}
`
		case 1: // leaks on the early return
			unit = `	c%[1]d := make(chan int)
	go func() { c%[1]d <- work(%[1]d) }()
	if ctx.Err() != nil {
		return sum
	}
	sum += <-c%[1]d
`
		case 2: // a WaitGroup, waited for
			unit = `	var wg%[1]d sync.WaitGroup
	for j := range 2 {
		wg%[1]d.Go(func() { work(j) })
	}
	wg%[1]d.Wait()
`
		case 3: // a stream whose consumer may stop: rule 5
			unit = `	s%[1]d := make(chan int)
	go func() {
		for j := range 3 {
			s%[1]d <- work(j)
		}
		close(s%[1]d)
	}()
	for v := range s%[1]d {
		if v < 0 {
			return sum
		}
		sum += v
	}
`
		}
		unit = fmt.Sprintf(unit, i)
		src.WriteString(unit)
		n += strings.Count(unit, "\n")
	}
	src.WriteString("\treturn sum\n}\n")
	must(b, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module gen\n\ngo 1.26\n"), 0o644))
	must(b, os.WriteFile(filepath.Join(dir, "gen.go"), []byte(src.String()), 0o644))
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, ".")
	must(b, err)
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("generated package does not compile")
	}
	return pkgs
}

func must(b *testing.B, err error) {
	if err != nil {
		b.Fatal(err)
	}
}
