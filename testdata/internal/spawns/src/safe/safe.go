// Package safe runs functions in goroutines, as traefik's pkg/safe does.
package safe

import (
	"context"
	"log"
	"sync"
)

// Go runs goroutine in a new goroutine that recovers from its panics.
func Go(goroutine func()) { // want `helper: runs param 0 in a new goroutine`
	GoWithRecover(goroutine, func(r any) { log.Println(r) }) // want `spawns goroutine`
}

// GoWithRecover runs goroutine in a new goroutine, with customRecover.
func GoWithRecover(goroutine func(), customRecover func(any)) { // want `helper: runs param 0 in a new goroutine`
	go func() {
		defer func() {
			if r := recover(); r != nil {
				customRecover(r)
			}
		}()
		goroutine()
	}()
}

// Pool tracks the goroutines it starts.
type Pool struct {
	wg  sync.WaitGroup
	ctx context.Context
}

// GoCtx runs goroutine in a new goroutine that the pool awaits.
func (p *Pool) GoCtx(goroutine func(ctx context.Context)) { // want `helper: runs param 0 in a new goroutine`
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		goroutine(p.ctx)
	}()
}

// Not spawn helpers: one that starts a goroutine per item (a fan-out), one
// that calls its function in the caller's goroutine, one whose goroutine
// does not run the function.
func Each(items []int, f func(int)) {
	for _, it := range items {
		go f(it)
	}
}

func Call(f func()) { f() }

func Later(f func()) func() {
	go func() {}()
	return f
}

// Run waits for the goroutine it starts, as testing.T.Run does: it runs f
// in the caller's stead.
func Run(f func()) bool {
	done := make(chan bool)
	go func() {
		f()
		done <- true
	}()
	return <-done
}
