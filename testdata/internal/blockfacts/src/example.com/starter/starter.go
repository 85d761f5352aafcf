// Package starter starts pools sized by its callers: the WorkersFact of
// each starter says how its workers block, and which interface call they
// reach that this package cannot resolve (no implementation of Sink is in
// sight).
package starter

import "net"

type Sink interface{ Flush() }

func flush(s Sink) { s.Flush() } // want flush:`^blocks interface:example.com/starter.Sink.Flush$`

func Start(n int, s Sink, addrs chan string) { // want Start:`^workers blocks net:func literal in starter.Start→net.Dial interface:func literal in starter.Start→starter.flush→example.com/starter.Sink.Flush$`
	for range n {
		go func() {
			for a := range addrs {
				net.Dial("tcp", a)
				flush(s)
			}
		}()
	}
}

// Compute's workers do not block: no fact.
func Compute(n int, in chan int) {
	for range n {
		go func() {
			for x := range in {
				_ = x * x
			}
		}()
	}
}
