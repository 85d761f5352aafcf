// Command leaky leaks goroutines in three shapes and writes the runtime's
// goroutine leak profile (Go 1.27, or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile), and optionally an execution trace.
// Its go statements carry "leak:NAME" comments for the tests.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

func main() {
	leaks := flag.String("leaks", "", "write the goroutine leak profile to `file`")
	debug := flag.Int("debug", 0, "the profile's form: 0 (pprof) or 2 (text)")
	traceFile := flag.String("trace", "", "write an execution trace to `file`")
	n := flag.Int("n", 10, "calls of each leaking function")
	flag.Parse()
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			log.Fatal(err)
		}
		if err := trace.Start(f); err != nil {
			log.Fatal(err)
		}
		defer f.Close()
	}
	for range *n {
		withTimeout()
		firstOf(3)
		watch()
	}
	time.Sleep(20 * time.Millisecond) // let every goroutine reach its block
	if *traceFile != "" {
		trace.Stop()
	}
	if *leaks != "" {
		if err := writeLeaks(*leaks, *debug); err != nil {
			log.Fatal(err)
		}
	}
}

func writeLeaks(name string, debug int) error {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		return fmt.Errorf("this runtime has no goroutineleak profile")
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := p.WriteTo(f, debug); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// withTimeout gives up after a millisecond; the sender then blocks forever.
func withTimeout() int {
	ch := make(chan int)
	go func() { // leak:timeout
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Millisecond):
		return -1
	}
}

func slow() int {
	time.Sleep(5 * time.Millisecond)
	return 1
}

// firstOf returns the first of n answers; the other senders block forever.
func firstOf(n int) int {
	ch := make(chan int)
	for i := range n {
		go produce(i, ch) // leak:first
	}
	return <-ch
}

func produce(i int, ch chan<- int) {
	ch <- i
}

// register stands for a subscription that keeps nothing. A call through a
// function value hands the channel where unawaited cannot follow, so the
// consumer's leak is the one nobody reports (a global keeping the channel
// would hide the leak from the runtime's leak profile too).
var register = func(chan string) {}

// watch starts a consumer of a channel that nobody sends on or closes.
func watch() {
	events := make(chan string)
	register(events)
	go func() { // leak:watch
		for e := range events {
			fmt.Println(e)
		}
	}()
}
