package stream

import (
	"context"
	"errors"
)

func bad(int) bool      { return false }
func process(int) error { return nil }
func items() []int      { return nil }
func split(ctx context.Context, out chan int) {
	for _, x := range items() {
		out <- x
	}
}

// The consumer returns on a bad value: the producer blocks on its next send.
func rangeReturns() error {
	ch := make(chan int)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed: the producer blocks on its next send after the consumer returns at line 28 \(goroutine leak\)`
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	for v := range ch {
		if bad(v) {
			return errors.New("bad")
		}
	}
	return nil
}

// The same through an error of a call on the value.
func rangeProcessFails() error {
	ch := make(chan int)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving`
		for _, x := range items() {
			ch <- x
		}
		close(ch)
	}()
	for v := range ch {
		if err := process(v); err != nil {
			return err
		}
	}
	return nil
}

// A for-select loop that returns on ctx.Done(), the producer's sends
// unguarded (and made in a function of the package).
func selectLoopReturns(ctx context.Context) error {
	ch := make(chan int, 4)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed: the producer blocks on its next send after the consumer returns`
		defer close(ch)
		split(ctx, ch)
	}()
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return nil
			}
			_ = v
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// The consumer takes one value and returns on ctx.Done() (the
// restore_cockroach18101 kernel).
func firstOnly(ctx context.Context) bool {
	ch := make(chan bool, 6)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving`
		defer close(ch)
		for i := 0; i < 8; i++ {
			ch <- i != 0
		}
	}()
	for v := range ch {
		select {
		case <-ctx.Done():
			return v
		}
	}
	return true
}

// Not reported: the producer's sends are guarded by ctx.Done().
func guardedProducer(ctx context.Context) error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range items() {
			select {
			case ch <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	for v := range ch {
		if bad(v) {
			return errors.New("bad")
		}
	}
	return nil
}

// Not reported: the consumer drains on every path.
func drains() error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	var err error
	for v := range ch {
		if err == nil && bad(v) {
			err = errors.New("bad")
		}
	}
	return err
}

// Not reported: the consumer drains what is left before returning.
func drainsAfter() error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	for v := range ch {
		if bad(v) {
			for range ch {
			}
			return errors.New("bad")
		}
	}
	return nil
}

// Not reported: a buffer with room for every send.
func enoughBuffer(xs []int) error {
	ch := make(chan int, len(xs))
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	for v := range ch {
		if bad(v) {
			return errors.New("bad")
		}
	}
	return nil
}

// Not reported: the producer's last message is the error the consumer
// stops on.
type result struct {
	v   int
	err error
}

func lastMessage() error {
	ch := make(chan result)
	go func() {
		defer close(ch)
		for _, x := range items() {
			if err := process(x); err != nil {
				ch <- result{err: err}
				return
			}
			ch <- result{v: x}
		}
	}()
	for r := range ch {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// Not reported: a counted fan-in, as many receives as sends.
func countedFanIn(n int) int {
	ch := make(chan int)
	go func() {
		for i := range n {
			ch <- i
		}
	}()
	sum := 0
	for range n {
		sum += <-ch
	}
	return sum
}

// Consume may stop receiving: a producer handed to it leaks.
func Consume(ch <-chan int) error { // want Consume:`stops receiving\(param 0 on a value\)`
	for v := range ch {
		if bad(v) {
			return errors.New("bad")
		}
	}
	return nil
}

// Drain receives until the channel is closed.
func Drain(ch <-chan int) int {
	n := 0
	for range ch {
		n++
	}
	return n
}

func acrossCall() error {
	ch := make(chan int)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed; it hands ch to Consume, which may stop receiving from it \(stream.go:212\): the producer blocks on its next send after the consumer returns at line \d+`
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	return Consume(ch)
}

// Not reported: the producer gives up when the consumer does.
func acrossCallGuarded(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range items() {
			select {
			case ch <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	return Consume(ch)
}

// Not reported: the producer sends twice, the buffer holds one, and the
// consumer receives at least once on every path (etcd's proxy test).
func countedProducer() error {
	ch := make(chan int, 1)
	go func() {
		for i := 0; i < 2; i++ {
			ch <- i
		}
	}()
	if v := <-ch; bad(v) {
		return errors.New("bad first")
	}
	if v := <-ch; bad(v) {
		return errors.New("bad second")
	}
	return nil
}

// Not reported: the same counted by a range over a constant and over an
// array.
func countedRange() error {
	ch := make(chan int, 2)
	go func() {
		for i := range 2 {
			ch <- i
		}
		for _, x := range [1]int{7} {
			ch <- x
		}
	}()
	if v := <-ch; bad(v) {
		return errors.New("bad")
	}
	<-ch
	<-ch
	return nil
}

// Three sends, one slot, and a path with one receive: the third send blocks.
func countedTooMany() error {
	ch := make(chan int, 1)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed: the producer blocks on its next send after the consumer returns`
		for i := 0; i < 3; i++ {
			ch <- i
		}
	}()
	if v := <-ch; bad(v) {
		return errors.New("bad first")
	}
	<-ch
	<-ch
	return nil
}

// Two sends, one slot, but a path returns before any receive.
func countedReturnsFirst(skip bool) error {
	ch := make(chan int, 1)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed`
		for i := 0; i <= 1; i++ {
			ch <- i
		}
	}()
	if skip {
		return nil
	}
	for range 2 {
		if v := <-ch; bad(v) {
			return errors.New("bad")
		}
	}
	return nil
}

// A counted loop inside a loop that is not counted: unbounded.
func countedInUncounted(n int) error {
	ch := make(chan int, 1)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving`
		for j := 0; j < n; j++ {
			for i := 0; i < 2; i++ {
				ch <- i
			}
		}
	}()
	if v := <-ch; bad(v) {
		return errors.New("bad")
	}
	<-ch
	return nil
}

// A counter changed in the body is not a count.
func countedSkips() error {
	ch := make(chan int, 1)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving`
		for i := 0; i < 2; i++ {
			ch <- i
			if bad(i) {
				i--
			}
		}
	}()
	if v := <-ch; bad(v) {
		return errors.New("bad")
	}
	<-ch
	return nil
}

// ConsumeFirst hands its channel to Consume after a first receive: it may
// stop where Consume does.
func ConsumeFirst(ch <-chan int) error { // want ConsumeFirst:`stops receiving\(param 0 on a value\)`
	if v := <-ch; bad(v) {
		return errors.New("bad first")
	}
	return Consume(ch)
}

// consumeAll hands its channel to Consume, then drains it: it does not
// stop.
func consumeAll(ch <-chan int) error {
	err := Consume(ch)
	for range ch {
	}
	return err
}

// A producer handed through two consumers.
func acrossTwoCalls() error {
	ch := make(chan int)
	go func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed; it hands ch to ConsumeFirst, which may stop receiving from it \(stream.go:\d+\)`
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	return ConsumeFirst(ch)
}

// Not reported: the callee drains after the consumer it calls.
func acrossDrainingCall() error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	}()
	return consumeAll(ch)
}
