package cpufacts

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/factwire"
	"github.com/concurlint/concurlint/internal/methodfacts"
)

// The effects of a function that is not CPU-bound travel in a Fact on the
// function, or for a method, in the MethodsFact of its package and of the
// packages whose API exposes its type (see methodfacts). Only the effects
// travel, not the chains behind them: the analyzers ask whether a worker
// is CPU-bound, not why (chains made 90% of the bytes, 7 MB over caddy's
// dependency graph).

// Fact marks a package-level function that is not CPU-bound, with the
// effects that keep it from being so.
type Fact struct {
	Effects EffectSet
}

// MethodsFact, on a package, holds the effects of the methods that are not
// CPU-bound: its own, and those of the types its API exposes.
type MethodsFact struct {
	Methods []methodfacts.Entry[EffectSet]
}

func (*Fact) AFact()        {}
func (*MethodsFact) AFact() {}

func (f *Fact) String() string { return f.Effects.String() }

func (f *MethodsFact) String() string { return methodfacts.String(f.Methods, EffectSet.String) }

// Entries gives methodfacts the entries.
func (f *MethodsFact) Entries() *[]methodfacts.Entry[EffectSet] { return &f.Methods }

// A MethodsFact is written in factwire's encoding, not gob's, which spends on
// each entry's fields more than the entry holds.

func (f *MethodsFact) GobEncode() ([]byte, error) {
	var e factwire.Encoder
	methodfacts.Encode(&e, f.Methods, func(e *factwire.Encoder, effects EffectSet) { e.Uint(uint64(effects)) })
	return e.Bytes(), nil
}

func (f *MethodsFact) GobDecode(data []byte) error {
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
// from its fact or its package's; false if it has none: it is
// CPU-bound, or its package was not analysed.
func importedEffects(pass *analysis.Pass, methods *methodfacts.Table[EffectSet], fn *types.Func) (EffectSet, bool) {
	if methodfacts.ReceiverType(fn) != nil {
		return methods.Lookup(fn)
	}
	var fact Fact
	if !pass.ImportObjectFact(fn, &fact) {
		return 0, false
	}
	return fact.Effects, true
}
