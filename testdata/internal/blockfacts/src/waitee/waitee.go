// Package waitee has goroutine functions that block, for package a's
// waits across packages.
package waitee

import (
	"net/http"
	"sync"
)

func Fetch(u string, wg *sync.WaitGroup) { // want Fetch:"blocks http:http.Get"
	defer wg.Done()
	http.Get(u)
}
