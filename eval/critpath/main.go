// Command critpath prints the longest chain of a go vet run through the
// import graph, weighed by the wall time of each package's vet tool
// process: go vet starts a package's process when its imports' are done,
// so no number of cores finishes the run before this chain does. It reads
// the per-package times that eval/pkgtimes.sh keeps ($TIMES: ID, VetxOnly,
// "wall user sys maxrss") and the graph that go list prints on stdin.
//
//	go list -deps -test -json=ImportPath,Imports ./... | go run ./eval/critpath TIMES
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"strings"
)

// pkg is a package as go list prints it: its Imports are package IDs
// already, test variants ("p [q.test]") and vendored paths resolved.
type pkg struct {
	ImportPath string
	Imports    []string
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("critpath: ")
	if len(os.Args) != 2 {
		log.Fatal("usage: go list -deps -test -json=ImportPath,Imports PATTERNS | critpath TIMES")
	}
	walls, err := readTimes(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	imports := map[string][]string{}
	for dec := json.NewDecoder(os.Stdin); ; {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			log.Fatalf("reading go list's output: %v", err)
		}
		imports[p.ImportPath] = p.Imports
	}
	if len(imports) == 0 {
		log.Fatal("no packages on stdin")
	}

	total, chain := critical(walls, imports)
	sum := 0.0
	for _, w := range walls {
		sum += w
	}
	fmt.Printf("critical path %.2f s through %d packages (the processes' walls add up to %.1f s)\n", total, len(chain), sum)
	for _, id := range chain {
		fmt.Printf("%8.2f  %s\n", walls[id], id)
	}
}

// critical returns the longest chain of the acyclic import graph, from
// the package that starts it down its imports, and its length: the sum of
// its packages' walls (a package without a time counts 0). Ties go to the
// first ID in order, so that the answer is the same on every run.
func critical(walls map[string]float64, imports map[string][]string) (float64, []string) {
	longest := map[string]float64{} // the longest chain from each package down
	next := map[string]string{}     // the import it continues with
	var visit func(id string) float64
	visit = func(id string) float64 {
		if l, ok := longest[id]; ok {
			return l
		}
		best := 0.0
		for _, imp := range imports[id] {
			if l := visit(imp); l > best || l == best && next[id] != "" && imp < next[id] {
				best, next[id] = l, imp
			}
		}
		longest[id] = walls[id] + best
		return longest[id]
	}
	top := ""
	for id := range imports {
		if l := visit(id); top == "" || l > longest[top] || l == longest[top] && id < top {
			top = id
		}
	}
	var chain []string
	for id := top; id != ""; id = next[id] {
		chain = append(chain, id)
	}
	return longest[top], chain
}

// readTimes reads eval/pkgtimes.sh's lines into the wall time per package ID.
func readTimes(name string) (map[string]float64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	walls := map[string]float64{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s:%d: want 3 tab-separated fields, got %d", name, line, len(fields))
		}
		time, _, _ := strings.Cut(fields[2], " ")
		wall, err := strconv.ParseFloat(time, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: wall time: %v", name, line, err)
		}
		walls[fields[0]] = max(walls[fields[0]], wall)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(walls) == 0 {
		return nil, fmt.Errorf("%s: no times", name)
	}
	return walls, nil
}
