// Package spawn runs functions in goroutines of their own, as traefik's
// safe.Go does: its callers see Go as a go statement through a fact.
package spawn

import "log"

// Go runs f in a new goroutine that recovers from its panics.
func Go(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Println(r)
			}
		}()
		f()
	}()
}
