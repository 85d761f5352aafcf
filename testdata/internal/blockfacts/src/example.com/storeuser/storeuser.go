// Package storeuser calls Store.Get, whose implementation it does not see:
// storeimpl's fact reaches storemid, not this package. go vet hands a
// package its direct imports' package facts only, golangci-lint and
// analysistest all the packages' below it; the implementations in sight
// are the direct imports' in every driver, so the call stays unresolved.
package storeuser

import (
	"example.com/store"
	"example.com/storemid"
)

func get(s store.Store) { s.Get() } // want get:`^blocks interface:example.com/store.Store.Get$`

func Load() { get(storemid.Open()) } // want Load:`^blocks interface:storeuser.get→example.com/store.Store.Get$`
