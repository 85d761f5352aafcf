package fields

import "context"

// Server.results is sent on and never read: the sends block forever.
type Server struct {
	results chan int // want `channel field Server.results is sent on \(line 13\) but package fields never receives from it, ranges over it, selects on it or hands it out`
}

func NewServer() *Server { return &Server{results: make(chan int)} }

func (s *Server) Start() {
	go func() { s.results <- 42 }()
}

// Conn has a method whose contract is to be called before reading: Start
// sends, Read receives, in another method.
type Conn struct {
	answers chan int
}

func NewConn() *Conn { return &Conn{answers: make(chan int, 1)} }

func (c *Conn) Start() { go func() { c.answers <- 42 }() }

func (c *Conn) Read() int { return <-c.answers }

// Ranged over elsewhere.
type Pump struct{ out chan string }

func (p *Pump) Send(s string) { p.out <- s }

func (p *Pump) Drain() {
	for range p.out {
	}
}

// Selected on elsewhere.
type Waiter struct{ done chan struct{} }

func (w *Waiter) Finish() { w.done <- struct{}{} }

func (w *Waiter) Wait(ctx context.Context) error {
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Handed in by the caller, who may receive from it.
type Notifier struct{ ch chan int }

func NewNotifier(ch chan int) *Notifier { return &Notifier{ch: ch} }

func (n *Notifier) Notify() { n.ch <- 1 }

// Handed out to the caller.
type Source struct{ ch chan int }

func (s *Source) C() <-chan int { return s.ch }

func (s *Source) emit() { s.ch <- 1 }

// Only non-blocking sends: nothing can block.
type Dropper struct{ ch chan int }

func (d *Dropper) Try() {
	select {
	case d.ch <- 1:
	default:
	}
}

// A package variable sent on and never received from.
var events = make(chan string) // want `channel package variable events is sent on \(line 79\) but package fields never receives`

func record(s string) { events <- s }

// A package variable received from.
var jobs = make(chan int)

func submit(j int) { jobs <- j }

func worker() {
	for j := range jobs {
		_ = j
	}
}

// Exported: other packages may receive from it.
var Out = make(chan int)

func publish() { Out <- 1 }

// requestForTesting is built, with its channel, by the package's tests
// (as grpc-go's outStreamRequestForTesting is): the package only answers on
// the channel it is given, and the tests receive from it.
type requestForTesting struct {
	resp chan int
}

func answer(r *requestForTesting) {
	r.resp <- 42
}

// A buffer with a slot for the one send, made in the only constructor: the
// send never blocks, although nobody reads the value.
type Syncer struct {
	result chan error
}

func NewSyncer() *Syncer { return &Syncer{result: make(chan error, 1)} }

func (s *Syncer) Pump() {
	s.result <- nil
}

// One slot, but a send per iteration: the second blocks.
type Batcher struct {
	done chan int // want `channel field Batcher.done is sent on`
}

func NewBatcher() *Batcher { return &Batcher{done: make(chan int, 1)} }

func (b *Batcher) Run(items []int) {
	for _, it := range items {
		go func() { b.done <- it }()
	}
}

// Two sends, one slot.
type Pair struct {
	acks chan bool // want `channel field Pair.acks is sent on`
}

func NewPair() *Pair { return &Pair{acks: make(chan bool, 1)} }

func (p *Pair) Both() {
	p.acks <- true
	p.acks <- false
}

// Copied into a local that is only closed: still nobody receives (the
// idleAwareFramer of kubernetes#6632).
type Framer struct {
	reset chan bool // want `channel field Framer.reset is sent on \(line \d+\) but package fields never receives from it`
	done  chan bool
}

func NewFramer() *Framer { return &Framer{reset: make(chan bool), done: make(chan bool)} }

func (f *Framer) monitor() {
	reset := f.reset
	<-f.done
	close(reset)
}

func (f *Framer) Write() {
	if f.reset == nil {
		return
	}
	f.reset <- true
}

// Copied into a local that is received from: a receiver.
type Copied struct{ ch chan bool }

func NewCopied() *Copied { return &Copied{ch: make(chan bool)} }

func (c *Copied) loop() {
	var ch = c.ch
	for range ch {
	}
}

func (c *Copied) Send() { c.ch <- true }

// Copied into a local that is then passed on: handed out.
type Passed struct{ ch chan bool }

func NewPassed() *Passed { return &Passed{ch: make(chan bool)} }

func (p *Passed) start(sink func(chan bool)) {
	ch := p.ch
	sink(ch)
}

func (p *Passed) Send() { p.ch <- true }
