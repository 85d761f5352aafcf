// Package facts checks the facts cpufacts exports.
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
