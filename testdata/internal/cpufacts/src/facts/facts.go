// Package facts checks the facts cpufacts exports.
package facts

import (
	"io"
	"sync"
	"time"
)

func Compute(x int) int { return x * x }

func Sleep() { time.Sleep(time.Second) } // want Sleep:`blocks:time.Sleep`

func Write(w io.Writer) { w.Write(nil) } // want Write:`unknown:\(io.Writer\).Write`

func Wait(wg *sync.WaitGroup) { wg.Wait() } // want Wait:`waits:\(\*sync.WaitGroup\).Wait`

func Apply(f func()) { f() } // want Apply:`calls:its parameter f`

func Drain(c chan int) { // want Drain:`own:a receive from c`
	for range c {
	}
}

func Park(c chan int) { // want Park:`release:a receive from c \(value dropped\)`
	<-c
}

func Sum(c chan int) (s int) { // want Sum:`own:a receive from c`
	for x := range c {
		s += x
	}
	return s
}

func Locked(mu *sync.Mutex) { mu.Lock(); defer mu.Unlock() }

func Deep() { mid() } // want Deep:`blocks:facts.mid→facts.Sleep→time.Sleep`

func mid() { Sleep() } // want mid:`blocks:facts.Sleep→time.Sleep`
