// Package spawnsafe runs functions in goroutines, as traefik's pkg/safe
// does: its helpers are known to other packages through the spawns fact.
package spawnsafe

import "sync"

// Go runs goroutine in a new goroutine that recovers from its panics.
func Go(goroutine func()) {
	go func() {
		defer func() { recover() }()
		goroutine()
	}()
}

// Group tracks the goroutines it starts.
type Group struct{ wg sync.WaitGroup }

// Go runs f in a new goroutine that the group awaits.
func (g *Group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		f()
	}()
}

// Wait waits for the group's goroutines.
func (g *Group) Wait() { g.wg.Wait() }

// Run calls f and waits for it: not a spawn helper.
func Run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}
