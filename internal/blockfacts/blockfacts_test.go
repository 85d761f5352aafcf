package blockfacts_test

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/blockfacts"
	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/methodfacts"
)

// The facts name the chain from each function to its primitive, per
// category; functions that do not block have none.
func TestFacts(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/blockfacts")
	analysistest.Run(t, dir, blockfacts.Analyzer, "a")
}

// A call through an interface declared outside the standard library
// blocks when every implementation in sight does; the package fact lists
// the implementations for the packages that import this one. With none in
// sight the call is Unresolved, one chain per method for the first four
// methods a function meets, sorted by method; a pool starter's WorkersFact
// carries its workers' chains, unresolved ones too.
func TestInterfaceFacts(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/blockfacts")
	analysistest.Run(t, dir, blockfacts.Analyzer, "example.com/impl", "example.com/starter")
}

// The implementations in sight are those of the package and of its direct
// imports' facts, as go vet hands them, though analysistest, like
// golangci-lint, hands a package the facts of every package below it.
func TestInterfaceFactsOfDirectImports(t *testing.T) {
	dir := analyzertest.TestData(t, "internal/blockfacts")
	analysistest.Run(t, dir, blockfacts.Analyzer, "example.com/storeimpl", "example.com/storeuser")
}

// TestEncoding checks that the facts read back as written through gob, as
// unitchecker writes them (in factwire's encoding), chains sharing names
// included.
func TestEncoding(t *testing.T) {
	dial := []string{"(*client.C).connect", "(*net.Dialer).DialContext"}
	chains := []blockfacts.Chain{
		{Category: blocking.Net, Names: dial},
		{Category: blockfacts.Unresolved, Names: []string{"(*client.C).connect", "example.com/store.Store.Get"}},
	}
	for _, fact := range []analysis.Fact{
		&blockfacts.Fact{Chains: chains},
		&blockfacts.MethodsFact{Methods: []methodfacts.Entry[[]blockfacts.Chain]{{Type: "Store", Method: "Get", Value: chains}, {Type: "Store", Method: "Put", Value: chains[:1]}, {Pkg: "example.com/client", Type: "C", Method: "Get", Value: chains[1:]}}},
		&blockfacts.ImplFact{Impls: []blockfacts.Impl{{Method: "example.com/store.Store.Get", Name: "(*client.C).Get", Chains: chains}, {Method: "example.com/store.Store.Get", Name: "mem.Store.Get"}}},
	} {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			t.Fatalf("encoding %T: %v", fact, err)
		}
		read := reflect.New(reflect.TypeOf(fact).Elem()).Interface()
		if err := gob.NewDecoder(&buf).Decode(read); err != nil {
			t.Fatalf("decoding %T: %v", fact, err)
		}
		if !reflect.DeepEqual(read, fact) {
			t.Errorf("%T read back as %v, want %v", fact, read, fact)
		}
	}
}
