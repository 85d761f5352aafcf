package future

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Fetch returns a future: a goroutine it starts sends the answer on the
// unbuffered channel it returns.
func Fetch(url string) <-chan string { // want Fetch:`future\(channel, result 0\) leaks`
	ch := make(chan string)
	go func() { ch <- "body of " + url }()
	return ch
}

// FetchBuffered leaves its answer in a buffer: the producer does not leak.
func FetchBuffered(url string) (<-chan string, error) { // want FetchBuffered:`future\(channel, result 0\)`
	ch := make(chan string, 1)
	go func() { ch <- "body of " + url }()
	return ch, nil
}

// StartAll returns a group running the goroutines it started.
func StartAll(ctx context.Context, n int) *errgroup.Group { // want StartAll:`future\(group, result 0\)`
	g, _ := errgroup.WithContext(ctx)
	for range n {
		g.Go(func() error { return nil })
	}
	return g
}

// NotAFuture returns a channel nobody sends on.
func NotAFuture() chan int { return make(chan int) }

func use() string {
	Fetch("a") // want `Fetch returns a channel that a goroutine it started sends its result on, and this call never receives from it: the result \(and its error\) is lost, and the producing goroutine also blocks forever on its send \(goroutine leak\)`
	return <-Fetch("b")
}

// Watch returns a stream, not a future: its goroutine sends in a loop until
// ctx is done. Dropping it drops a subscription, not a result.
func Watch(ctx context.Context, events []string) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, e := range events {
			select {
			case ch <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}
