package cpufacts

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/factwire"
	"github.com/concurlint/concurlint/internal/methodfacts"
)

// The effects of a function that is not CPU-bound travel in a Fact on the
// function, or for a method, in the TypeFact of its receiver type (see
// methodfacts: go vet copies every fact about a method into each package
// above it). Only the effects travel, not the chains behind them: the
// analyzers ask whether a worker is CPU-bound, not why (chains made 90% of
// the bytes, 7 MB over caddy's dependency graph).

// Fact marks a package-level function that is not CPU-bound, with the
// effects that keep it from being so.
type Fact struct {
	Effects EffectSet
}

// TypeFact, on a named type, holds the effects of its methods that are not
// CPU-bound.
type TypeFact struct {
	Methods []methodfacts.Entry[EffectSet]
}

func (*Fact) AFact()     {}
func (*TypeFact) AFact() {}

func (f *Fact) String() string { return f.Effects.String() }

func (f *TypeFact) String() string {
	var s []string
	for _, m := range f.Methods {
		s = append(s, m.Method+": "+m.Value.String())
	}
	return strings.Join(s, "; ")
}

// Entries gives methodfacts the entries.
func (f *TypeFact) Entries() *[]methodfacts.Entry[EffectSet] { return &f.Methods }

// A TypeFact is written in factwire's encoding, not gob's, which spends on
// each entry's fields more than the entry holds.

func (f *TypeFact) GobEncode() ([]byte, error) {
	var e factwire.Encoder
	methodfacts.Encode(&e, f.Methods, func(e *factwire.Encoder, effects EffectSet) { e.Uint(uint64(effects)) })
	return e.Bytes(), nil
}

func (f *TypeFact) GobDecode(data []byte) error {
	d := factwire.NewDecoder(data)
	f.Methods = methodfacts.Decode(d, func(d *factwire.Decoder) EffectSet { return EffectSet(d.Uint()) })
	return d.Err()
}

func (s EffectSet) String() string {
	var names []string
	for _, e := range Effects {
		if s.Has(e) {
			names = append(names, string(e))
		}
	}
	return strings.Join(names, " ")
}

// importedEffects returns the effects of fn, a function of another package,
// from its fact or its receiver type's; false if it has none: it is
// CPU-bound, or its package was not analysed.
func importedEffects(pass *analysis.Pass, fn *types.Func) (EffectSet, bool) {
	if methodfacts.ReceiverType(fn) != nil {
		return methodfacts.Lookup(pass, fn, new(TypeFact))
	}
	var fact Fact
	if !pass.ImportObjectFact(fn, &fact) {
		return 0, false
	}
	return fact.Effects, true
}
