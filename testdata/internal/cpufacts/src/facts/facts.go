// Package facts checks the facts cpufacts exports: one for the package's functions, one per type for its methods. // want package:`Apply: calls; Deep: blocks; Drain: own; Park: release; Sleep: blocks; Sum: own; Wait: waits; Write: unknown}$`
package facts

import (
	"io"
	"sync"
	"time"
)

func Compute(x int) int { return x * x }

func Sleep() { time.Sleep(time.Second) }

func Write(w io.Writer) { w.Write(nil) }

func Wait(wg *sync.WaitGroup) { wg.Wait() }

func Apply(f func()) { f() }

func Drain(c chan int) {
	for range c {
	}
}

func Park(c chan int) {
	<-c
}

func Sum(c chan int) (s int) {
	for x := range c {
		s += x
	}
	return s
}

func Locked(mu *sync.Mutex) { mu.Lock(); defer mu.Unlock() }

func Deep() { mid() }

// mid gets no entry: no other package can call it.
func mid() { Sleep() }

// Conn's methods travel in one fact on the type, pure ones left out; the
// methods of a generic type and of a pointer receiver alike.
type Conn struct{ mu sync.Mutex } // want Conn:`^Close: blocks; Flush: unknown$`

func (c *Conn) Flush(w io.Writer) { w.Write(nil) }

func (c Conn) Close() { Sleep() }

func (c Conn) Len() int { return 0 }

type Pool[T any] struct{ items []T } // want Pool:`^Get: own$`

func (p *Pool[T]) Get(c chan T) T { return <-c }

func (p *Pool[T]) Size() int { return len(p.items) }

// Pure has no method that does anything but compute: no fact.
type Pure struct{}

func (Pure) Twice(x int) int { return 2 * x }
