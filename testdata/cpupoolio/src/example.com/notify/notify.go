// Package notify dispatches notices to sinks on workers that Start starts,
// sized by its caller. The workers call several interfaces whose
// implementations live in packages that import this one: a journal first,
// then the sinks.
package notify

// Sink delivers notices: a webhook and a queue, each over the network.
type Sink interface {
	Deliver(n string) error
}

// Journal records notices; its one implementation only counts.
type Journal interface {
	Record(n string)
}

// Mirror copies notices; one implementation blocks, one does not.
type Mirror interface {
	Copy(n string) error
}

// Four interfaces with no implementation anywhere.
type (
	A interface{ Check(n string) bool }
	B interface{ Check(n string) bool }
	C interface{ Check(n string) bool }
	D interface{ Check(n string) bool }
)

type Dispatcher struct {
	queue   chan string
	journal Journal
	mirrors []Mirror
	sinks   []Sink
	a       A
	b       B
	c       C
	d       D
}

// Start's workers record each notice in the journal, then deliver it to
// every sink: two unresolved calls, the journal's met first.
func (d *Dispatcher) Start(workers int) {
	for range workers {
		go func() {
			for n := range d.queue {
				d.journal.Record(n)
				d.deliver(n)
			}
		}()
	}
}

func (d *Dispatcher) deliver(n string) {
	for _, s := range d.sinks {
		s.Deliver(n)
	}
}

// StartMirrors's workers call two unresolved methods, each of which has an
// implementation that does not block.
func (d *Dispatcher) StartMirrors(workers int) {
	for range workers {
		go func() {
			for n := range d.queue {
				d.journal.Record(n)
				for _, m := range d.mirrors {
					m.Copy(n)
				}
			}
		}()
	}
}

// StartChecked's workers call four unresolved methods before the sinks':
// a function keeps the first four it meets, so Deliver is not carried.
func (d *Dispatcher) StartChecked(workers int) {
	for range workers {
		go func() {
			for n := range d.queue {
				if d.a.Check(n) && d.b.Check(n) && d.c.Check(n) && d.d.Check(n) {
					d.deliver(n)
				}
			}
		}()
	}
}
