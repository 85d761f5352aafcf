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

// Client's methods travel in one fact on the type (package a checks it:
// analysistest reads no expectations in dependencies); Len does not block.
type Client struct{ urls []string }

func (c *Client) Poll(wg *sync.WaitGroup) { Fetch(c.urls[0], wg) }

func (c *Client) Len() int { return len(c.urls) }
