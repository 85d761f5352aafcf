// Command factsize tells what a go vet fact file (a package's vet.out)
// holds: facts per type and per package, and their encoded bytes. go vet
// copies the facts about methods and types into the fact file of every
// package that imports them, directly or not, and every importer decodes
// them again, so their number and size cost in every package of a run.
//
//	factsize [-values TYPE] FILE...
//
// With -values, it also counts the facts of the type (as printed by
// factsize, e.g. "*cpufacts.Fact") by their String. With -dump, it prints
// every fact instead (file, package, object, type, String), to compare two
// runs whose binaries encode facts differently.
//
// The files come from a go vet run that keeps its work directory:
// go vet -work -vettool=$(command -v concurlint) ./..., then WORK/b*/vet.out.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
)

// gobFact is the record unitchecker writes for each fact.
type gobFact struct {
	PkgPath string
	Object  string
	Fact    analysis.Fact
}

type tally struct {
	count, bytes int
}

func main() {
	values := flag.String("values", "", "count the facts of this `type` by their String")
	dump := flag.Bool("dump", false, "print every fact")
	flag.Parse()
	registerFacts()
	byValue := map[string]*tally{}
	byType := map[string]*tally{}
	byPkg := map[string]*tally{}
	byObject := map[string]*tally{}
	var total tally
	for _, file := range flag.Args() {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		data, err = factsSection(data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			os.Exit(1)
		}
		if len(data) == 0 {
			continue
		}
		var facts []gobFact
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&facts); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			os.Exit(1)
		}
		total.bytes += len(data)
		for _, f := range facts {
			if *dump {
				fmt.Printf("%s\t%s\t%s\t%T\t%v\n", file, f.PkgPath, f.Object, f.Fact, f.Fact)
				continue
			}
			var one bytes.Buffer
			if err := gob.NewEncoder(&one).Encode([]gobFact{f}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			kind := reflect.TypeOf(f.Fact).String()
			if f.Object == "" {
				kind += " (package)"
			}
			add(byType, kind, one.Len())
			add(byPkg, f.PkgPath, one.Len())
			add(byObject, kind+" on "+objectKind(f.Object), one.Len())
			if kind == *values {
				add(byValue, fmt.Sprint(f.Fact), one.Len())
			}
			total.count++
		}
	}
	if *dump {
		return
	}
	fmt.Printf("%d facts, %d bytes in %d files\n\nby type:\n", total.count, total.bytes, flag.NArg())
	print(byType, 20)
	fmt.Printf("\nby type and object:\n")
	print(byObject, 20)
	fmt.Printf("\nby package (top 15):\n")
	print(byPkg, 15)
	if *values != "" {
		fmt.Printf("\n%s by value (top 15):\n", *values)
		print(byValue, 15)
	}
}

// factsSection returns the facts of a vet.out file: unitchecker writes
// "vetx", the lengths of the export data and of the facts (little-endian
// uint32s), then both.
func factsSection(data []byte) ([]byte, error) {
	if len(data) < 12 || string(data[:4]) != "vetx" {
		return nil, fmt.Errorf("not a vetx file")
	}
	typesLen := binary.LittleEndian.Uint32(data[4:8])
	factsLen := binary.LittleEndian.Uint32(data[8:12])
	if uint64(12)+uint64(typesLen)+uint64(factsLen) > uint64(len(data)) {
		return nil, fmt.Errorf("truncated vetx file")
	}
	return data[12+typesLen : 12+typesLen+factsLen], nil
}

// objectKind classifies an object path (golang.org/x/tools/go/types/objectpath):
// its first element names a package-level object, and more elements lead
// to a method or field inside it; go vet re-exports the latter.
func objectKind(path string) string {
	switch {
	case path == "":
		return "the package"
	case strings.Contains(path, "."):
		return "a member (method, field) of a package-level object"
	case unicode.IsUpper([]rune(path)[0]):
		return "an exported package-level object"
	default:
		return "an unexported package-level object"
	}
}

func add(m map[string]*tally, key string, size int) {
	t := m[key]
	if t == nil {
		t = new(tally)
		m[key] = t
	}
	t.count++
	t.bytes += size
}

func print(m map[string]*tally, n int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]].bytes > m[keys[j]].bytes })
	for i, k := range keys {
		if i == n {
			break
		}
		t := m[k]
		fmt.Printf("%8d facts %10d bytes (%4d per fact)  %s\n", t.count, t.bytes, t.bytes/t.count, k)
	}
}

// registerFacts registers every fact type of concurlint's analyzers and
// the analyzers they require, as the analysis drivers do.
func registerFacts() {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range analyzers.All() {
		visit(a)
	}
}
