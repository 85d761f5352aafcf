package storemid

import (
	"example.com/store"
	"example.com/storeimpl"
)

func Open() store.Store { return storeimpl.New() }
