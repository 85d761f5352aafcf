// Package safe is traefik's pkg/safe, cut down: Go runs its argument in a
// new goroutine, recovering panics. Its callers see it through the spawns
// fact.
package safe

import "log"

func Go(goroutine func()) {
	go func() {
		defer func() {
			if err := recover(); err != nil {
				log.Println(err)
			}
		}()
		goroutine()
	}()
}
