package storeimpl // want package:`remote.Get: blocks net:net.Dial}$` package:`implements example.com/store.Store.Get=\(\*storeimpl.remote\).Get blocks`

import (
	"net"

	"example.com/store"
)

type remote struct{}

func (*remote) Get() { net.Dial("tcp", "localhost:1") }

func New() store.Store { return new(remote) }
