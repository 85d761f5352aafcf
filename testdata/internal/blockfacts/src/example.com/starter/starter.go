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

type Journal interface{ Record(string) }

// StartJournaled's workers reach two unresolved methods: Sink.Flush met
// first, Journal.Record second; the fact lists both, sorted by method.
func StartJournaled(n int, s Sink, j Journal, in chan string) { // want StartJournaled:`^workers blocks interface:func literal in starter.StartJournaled→example.com/starter.Journal.Record interface:func literal in starter.StartJournaled→starter.flush→example.com/starter.Sink.Flush$`
	for range n {
		go func() {
			for x := range in {
				flush(s)
				j.Record(x)
			}
		}()
	}
}

type (
	C1 interface{ Check() }
	C2 interface{ Check() }
	C3 interface{ Check() }
	C4 interface{ Check() }
)

// A function keeps the first four unresolved methods it meets: Sink.Flush,
// the fifth, is dropped.
func checks(a C1, b C2, c C3, d C4, s Sink) { // want checks:`^blocks interface:example.com/starter.C1.Check interface:example.com/starter.C2.Check interface:example.com/starter.C3.Check interface:example.com/starter.C4.Check$`
	a.Check()
	b.Check()
	c.Check()
	d.Check()
	s.Flush()
}
