// Package methodfacts carries a value per method across packages in one
// analysis fact per named type, not one fact per method.
//
// go vet copies every fact about a method (and about a type) into the fact
// file of each package above it, directly or not, and each importer decodes
// them again; facts about package-level functions reach direct importers
// only. Each fact record carries about 150 bytes of framing (package path,
// object path, the fact's type name) before its value: with a fact per
// method, cpufacts' one-byte effects made 93% of the 332,000 fact records
// written over restic's graph. An analyzer declares its own per-type fact
// type with a short name (gob writes the type name in every record), which
// implements Fact; this package groups, exports and looks up the entries.
package methodfacts

import (
	"cmp"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/factwire"
)

// Entry is the value of one method.
type Entry[T any] struct {
	Method string
	Value  T
}

// Fact is an analyzer's fact on a named type: the entries of its methods,
// sorted by name.
type Fact[T any] interface {
	analysis.Fact
	Entries() *[]Entry[T]
}

// Exporter gathers the values of the methods declared in a package, by
// their receiver type.
type Exporter[T any] struct {
	byType map[*types.TypeName][]Entry[T]
}

// Add records the value of method fn; it reports false, recording nothing,
// when fn is no method of a named type. The value of an unexported method
// is dropped: no other package can call it (not by name, nor through an
// interface, whose unexported methods only its own package can call), as
// objectpath gives no unexported function a fact, and its entry, copied into
// every package above, was a third of the entries over caddy's graph.
func (x *Exporter[T]) Add(fn *types.Func, value T) bool {
	named := ReceiverType(fn)
	if named == nil {
		return false
	}
	if !fn.Exported() {
		return true
	}
	if x.byType == nil {
		x.byType = map[*types.TypeName][]Entry[T]{}
	}
	x.byType[named] = append(x.byType[named], Entry[T]{fn.Name(), value})
	return true
}

// Export exports one fact per type, made by newFact, its entries sorted so
// that the fact file is the same on every run.
func (x *Exporter[T]) Export(pass *analysis.Pass, newFact func() Fact[T]) {
	for named, entries := range x.byType {
		slices.SortFunc(entries, func(a, b Entry[T]) int { return cmp.Compare(a.Method, b.Method) })
		fact := newFact()
		*fact.Entries() = entries
		pass.ExportObjectFact(named, fact)
	}
}

// Lookup returns the value of method fn of another package from its
// receiver type's fact, read into fact; false if fn is no method of a
// named type or has no entry.
func Lookup[T any](pass *analysis.Pass, fn *types.Func, fact Fact[T]) (T, bool) {
	var zero T
	named := ReceiverType(fn)
	if named == nil || !pass.ImportObjectFact(named, fact) {
		return zero, false
	}
	entries := *fact.Entries()
	i, found := slices.BinarySearchFunc(entries, fn.Name(), func(e Entry[T], name string) int {
		return cmp.Compare(e.Method, name)
	})
	if !found {
		return zero, false
	}
	return entries[i].Value, true
}

// Encode writes entries with e, for a fact's GobEncode: each method's name,
// then its value, written by value.
func Encode[T any](e *factwire.Encoder, entries []Entry[T], value func(*factwire.Encoder, T)) {
	e.Len(len(entries))
	for _, entry := range entries {
		e.String(entry.Method)
		value(e, entry.Value)
	}
}

// Decode reads the entries that Encode wrote, each value by value.
func Decode[T any](d *factwire.Decoder, value func(*factwire.Decoder) T) []Entry[T] {
	entries := make([]Entry[T], d.Len())
	for i := range entries {
		entries[i] = Entry[T]{d.String(), value(d)}
	}
	return entries
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
