// Package methodfacts carries a value per method across packages in one
// analysis fact per package, not one fact per method or per type.
//
// go vet copies the facts about types and methods into the fact file of
// every package above them, directly or not, and each importer decodes
// them again; facts about a package reach its direct importers only. Each
// fact record carries about 150 bytes of framing (package path, object
// path, the fact's type name) before its value, and decoding one costs gob
// a lookup of its type by name and a call through an interface, whatever
// its size: with a fact per method, cpufacts' one-byte effects made 93% of
// the 332,000 fact records written over restic's graph; with a fact per
// type, cpufacts' and blockfacts' made 88,375 of the 96,610 over caddy's.
//
// A package's fact holds the entries of its own methods and those of the
// other packages' types that its API exposes (exposed), so that a package
// that reaches a type through an import of an import still finds them in a
// fact of a direct import. An analyzer declares its own fact type with a
// short name (gob writes the type name in every record), which implements
// Fact; this package gathers, exports and looks up the entries.
package methodfacts

import (
	"cmp"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/factwire"
)

// Entry is the value of one method. Pkg is the path of its package, empty
// in the fact of that package; Type is the name of its receiver type (a
// package-level type: methods are declared on no other).
type Entry[T any] struct {
	Pkg, Type, Method string
	Value             T
}

// compare orders entries by package, type and method.
func compare[T any](a, b Entry[T]) int {
	return cmp.Or(cmp.Compare(a.Pkg, b.Pkg), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Method, b.Method))
}

// Fact is an analyzer's fact on a package: its entries, sorted by compare.
type Fact[T any] interface {
	analysis.Fact
	Entries() *[]Entry[T]
}

// Table holds, for one pass, the entries of the package's methods and the
// entries its direct imports' facts carry. The analyzers that use a Table
// after its pass (through a Result) may run at the same time: it is only
// read then.
type Table[T any] struct {
	pass     *analysis.Pass
	newFact  func() Fact[T]
	own      []Entry[T]
	imported map[typeKey][]Entry[T] // by type, each sorted by method
}

type typeKey struct{ pkg, name string }

// NewTable returns the table of pass, whose analyzer's fact type newFact
// makes, with the entries of the direct imports' facts indexed by type.
// It asks for each direct import's fact rather than reading
// AllPackageFacts, which go vet fills with the direct imports' facts but
// golangci-lint and analysistest with those of every package below: so
// every driver sees the same entries.
func NewTable[T any](pass *analysis.Pass, newFact func() Fact[T]) *Table[T] {
	t := &Table[T]{pass: pass, newFact: newFact, imported: map[typeKey][]Entry[T]{}}
	for _, imp := range pass.Pkg.Imports() {
		fact := newFact()
		if !pass.ImportPackageFact(imp, fact) {
			continue
		}
		entries := *fact.Entries()
		for start := 0; start < len(entries); {
			end := start + 1
			for end < len(entries) && entries[end].Pkg == entries[start].Pkg && entries[end].Type == entries[start].Type {
				end++
			}
			key := typeKey{entries[start].Pkg, entries[start].Type}
			if key.pkg == "" {
				key.pkg = imp.Path()
			}
			if _, ok := t.imported[key]; !ok {
				t.imported[key] = entries[start:end]
			}
			start = end
		}
	}
	return t
}

// Add records the value of method fn of the package; it reports false,
// recording nothing, when fn is no method of a named type. The value of an
// unexported method is dropped: no other package can call it (not by name,
// nor through an interface, whose unexported methods only its own package
// can call), and its entry, copied into every package above, was a third
// of the entries over caddy's graph.
func (t *Table[T]) Add(fn *types.Func, value T) bool {
	named := ReceiverType(fn)
	if named == nil {
		return false
	}
	if fn.Exported() {
		t.own = append(t.own, Entry[T]{Type: named.Name(), Method: fn.Name(), Value: value})
	}
	return true
}

// Export exports the package's fact: the entries added, and those of the
// other packages' types that the package's API exposes; sorted, so that
// the fact file is the same on every run. No fact when there are no
// entries.
func (t *Table[T]) Export() {
	entries := t.own
	for _, named := range exposed(t.pass.Pkg) {
		for _, e := range t.typeEntries(named) {
			e.Pkg, e.Type = named.Pkg().Path(), named.Name()
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		return
	}
	slices.SortFunc(entries, compare)
	fact := t.newFact()
	*fact.Entries() = entries
	t.pass.ExportPackageFact(fact)
}

// Lookup returns the value of method fn of another package; false if fn is
// no method of a named type or has no entry.
func (t *Table[T]) Lookup(fn *types.Func) (T, bool) {
	var zero T
	named := ReceiverType(fn)
	if named == nil {
		return zero, false
	}
	entries := t.typeEntries(named)
	i, found := slices.BinarySearchFunc(entries, fn.Name(), func(e Entry[T], method string) int {
		return cmp.Compare(e.Method, method)
	})
	if !found {
		return zero, false
	}
	return entries[i].Value, true
}

// typeEntries returns the entries of the methods of named, a type of
// another package, sorted by method: those NewTable indexed first, from
// the fact of the type's package or of another direct import whose API
// exposes the type (every fact that carries a type's entries carries all
// of them, the same, copied from its package's fact).
func (t *Table[T]) typeEntries(named *types.TypeName) []Entry[T] {
	return t.imported[typeKey{named.Pkg().Path(), named.Name()}]
}

// Encode writes entries with e, for a fact's GobEncode: each method's
// package, type and name (each string once, then by number), then its
// value, written by value.
func Encode[T any](e *factwire.Encoder, entries []Entry[T], value func(*factwire.Encoder, T)) {
	e.Len(len(entries))
	for _, entry := range entries {
		e.String(entry.Pkg)
		e.String(entry.Type)
		e.String(entry.Method)
		value(e, entry.Value)
	}
}

// Decode reads the entries that Encode wrote, each value by value.
func Decode[T any](d *factwire.Decoder, value func(*factwire.Decoder) T) []Entry[T] {
	entries := make([]Entry[T], d.Len())
	for i := range entries {
		entries[i] = Entry[T]{d.String(), d.String(), d.String(), value(d)}
	}
	return entries
}

// String formats entries as "Type.Method: value; ...", a type of another
// package with its path, for a fact's String.
func String[T any](entries []Entry[T], value func(T) string) string {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString("; ")
		}
		if e.Pkg != "" {
			b.WriteString(e.Pkg + ".")
		}
		b.WriteString(e.Type + "." + e.Method + ": " + value(e.Value))
	}
	return b.String()
}

// ReceiverType returns the named type that declares method fn, or nil for
// a function that is no method, a method of an interface literal or of the
// predeclared error.
func ReceiverType(fn *types.Func) *types.TypeName {
	recv := fn.Origin().Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	t := types.Unalias(recv.Type())
	if ptr, ok := t.(*types.Pointer); ok {
		t = types.Unalias(ptr.Elem())
	}
	if named, ok := t.(*types.Named); ok && named.Obj().Pkg() != nil {
		return named.Origin().Obj()
	}
	return nil
}
