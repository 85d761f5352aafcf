// Package stress measures how concurlint's analysis time grows with the
// size of its input, on generated code: one huge function, one package of
// many small functions, and a call chain that crosses many packages. Each
// benchmark runs three sizes, doubling; linear growth doubles the time.
//
//	go test -run '^$' -bench . ./eval/stress
package stress

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/analyzers"
)

// BenchmarkBigFunction: one function with n units of go statements,
// channels, selects and WaitGroups (about 8 lines a unit).
func BenchmarkBigFunction(b *testing.B) {
	for _, units := range []int{625, 1250, 2500} {
		b.Run(fmt.Sprintf("lines=%d", units*8), func(b *testing.B) {
			var src strings.Builder
			src.WriteString("package gen\n\nimport (\n\t\"context\"\n\t\"sync\"\n\t\"time\"\n)\n\n")
			src.WriteString("func Big(ctx context.Context, items []int) int {\n\tsum := 0\n\tvar wg sync.WaitGroup\n")
			for i := range units {
				fmt.Fprintf(&src, "\tc%[1]d := make(chan int)\n\tgo func() { time.Sleep(1); c%[1]d <- %[1]d }()\n"+
					"\tselect {\n\tcase v := <-c%[1]d:\n\t\tsum += v\n\tcase <-ctx.Done():\n\t}\n\twg.Go(func() { sum++ })\n", i)
			}
			src.WriteString("\twg.Wait()\n\treturn sum\n}\n")
			analyze(b, map[string]string{"gen/gen.go": src.String()})
		})
	}
}

// BenchmarkManyFunctions: one package of n small functions that call each
// other, some blocking, some spawning pools.
func BenchmarkManyFunctions(b *testing.B) {
	for _, n := range []int{500, 1000, 2000} {
		b.Run(fmt.Sprintf("funcs=%d", n), func(b *testing.B) {
			var src strings.Builder
			src.WriteString("package gen\n\nimport (\n\t\"runtime\"\n\t\"time\"\n)\n\n")
			for i := range n {
				switch i % 4 {
				case 0:
					fmt.Fprintf(&src, "func f%d() { time.Sleep(1) }\n", i)
				case 1:
					fmt.Fprintf(&src, "func f%d() { f%d() }\n", i, i-1)
				case 2:
					fmt.Fprintf(&src, "func f%d(jobs chan int) {\n\tfor range runtime.NumCPU() {\n\t\tgo func() {\n\t\t\tfor range jobs {\n\t\t\t\tf%d()\n\t\t\t}\n\t\t}()\n\t}\n}\n", i, i-1)
				case 3:
					fmt.Fprintf(&src, "func f%d(x int) int { return x * %d }\n", i, i)
				}
			}
			analyze(b, map[string]string{"gen/gen.go": src.String()})
		})
	}
}

// BenchmarkFanIn: n functions that all call one helper, which blocks and
// calls a function it is given: the propagation must follow each call
// once, not once per caller of the helper (it once went quadratic here).
func BenchmarkFanIn(b *testing.B) {
	for _, n := range []int{1000, 2000, 4000} {
		b.Run(fmt.Sprintf("callers=%d", n), func(b *testing.B) {
			var src strings.Builder
			src.WriteString("package gen\n\nimport \"time\"\n\n")
			src.WriteString("func helper(f func()) { time.Sleep(1); f() }\n\n")
			for i := range n {
				fmt.Fprintf(&src, "func f%d() { helper(func() { _ = %d }) }\n", i, i)
			}
			analyze(b, map[string]string{"gen/gen.go": src.String()})
		})
	}
}

// BenchmarkDeepChain: a call chain of depth n spread over n/10 packages,
// ending in a blocking call, run by a CPU-sized pool in the last package:
// the finding needs the blocking fact to cross every package.
func BenchmarkDeepChain(b *testing.B) {
	for _, depth := range []int{50, 100, 200} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			const perPackage = 10
			files := map[string]string{}
			packages := depth / perPackage
			for p := range packages {
				var src strings.Builder
				fmt.Fprintf(&src, "package p%d\n\nimport (\n", p)
				if p == 0 {
					src.WriteString("\t\"time\"\n")
				} else {
					fmt.Fprintf(&src, "\t\"example.com/gen/p%d\"\n", p-1)
				}
				src.WriteString(")\n\n")
				for f := range perPackage {
					switch {
					case p == 0 && f == 0:
						src.WriteString("func F0() { time.Sleep(1) }\n")
					case f == 0:
						fmt.Fprintf(&src, "func F0() { p%d.F%d() }\n", p-1, perPackage-1)
					default:
						fmt.Fprintf(&src, "func F%d() { F%d() }\n", f, f-1)
					}
				}
				files[fmt.Sprintf("p%d/p.go", p)] = src.String()
			}
			files["pool/pool.go"] = fmt.Sprintf("package pool\n\nimport (\n\t\"runtime\"\n\n\t\"example.com/gen/p%d\"\n)\n\n"+
				"func Run() {\n\tfor range runtime.NumCPU() {\n\t\tgo p%d.F%d()\n\t}\n}\n", packages-1, packages-1, perPackage-1)
			found := analyze(b, files)
			if found != 1 {
				b.Fatalf("depth %d: %d findings, want the pool's one", depth, found)
			}
		})
	}
}

// analyze writes the files as module example.com/gen, loads it, and runs
// all analyzers b.N times; it returns the number of findings.
func analyze(b *testing.B, files map[string]string) int {
	b.Helper()
	dir := b.TempDir()
	files["go.mod"] = "module example.com/gen\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("generated code does not type-check")
	}
	found := 0
	b.ResetTimer()
	for range b.N {
		graph, err := checker.Analyze(analyzers.All(), pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		found = 0
		for act := range graph.All() {
			if act.IsRoot {
				found += len(act.Diagnostics)
			}
		}
	}
	return found
}
