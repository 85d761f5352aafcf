// Package facts checks the facts cpufacts exports. // want package:`"facts"\) Conn.Close: blocks; Conn.Flush: unknown; Pool.Get: own; sync.Mutex.Lock: unknown; sync.Mutex.Unlock: unknown; sync.WaitGroup.Add: unknown; sync.WaitGroup.Go: unknown; sync.WaitGroup.Wait: unknown}$`
package facts

import (
	"io"
	"sync"
	"time"
)

func Compute(x int) int { return x * x }

func Sleep() { time.Sleep(time.Second) } // want Sleep:`^blocks$`

func Write(w io.Writer) { w.Write(nil) } // want Write:`^unknown$`

func Wait(wg *sync.WaitGroup) { wg.Wait() } // want Wait:`^waits$`

func Apply(f func()) { f() } // want Apply:`^calls$`

func Drain(c chan int) { // want Drain:`^own$`
	for range c {
	}
}

func Park(c chan int) { // want Park:`^release$`
	<-c
}

func Sum(c chan int) (s int) { // want Sum:`^own$`
	for x := range c {
		s += x
	}
	return s
}

func Locked(mu *sync.Mutex) { mu.Lock(); defer mu.Unlock() }

func Deep() { mid() } // want Deep:`^blocks$`

func mid() { Sleep() } // want mid:`^blocks$`

// Conn's methods travel in the package's fact, pure ones left out; the
// methods of a generic type and of a pointer receiver alike.
type Conn struct{ mu sync.Mutex }

func (c *Conn) Flush(w io.Writer) { w.Write(nil) }

func (c Conn) Close() { Sleep() }

func (c Conn) Len() int { return 0 }

type Pool[T any] struct{ items []T }

func (p *Pool[T]) Get(c chan T) T { return <-c }

func (p *Pool[T]) Size() int { return len(p.items) }

// Pure has no method that does anything but compute: no fact.
type Pure struct{}

func (Pure) Twice(x int) int { return 2 * x }
