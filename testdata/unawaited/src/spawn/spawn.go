// Goroutines started through spawn helpers are go statements for every
// rule.
package spawn

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"

	"spawnsafe"
)

type server struct{ wg sync.WaitGroup }

// startGoRoutine runs f in a new goroutine, as nats-server's does.
func (s *server) startGoRoutine(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func answer() int    { return 42 }
func items() []int   { return nil }
func bad(v int) bool { return v < 0 }
func work()          {}
func parallel() bool { return true }
func fail() error    { return nil }

// Rule 1 through a method of the package.
func (s *server) fetch(ctx context.Context) (int, error) {
	ch := make(chan int)
	s.startGoRoutine(func() { // want `goroutine sends on unbuffered channel ch, but the return at line 43 is reached without receiving from it`
		ch <- answer()
	})
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Rule 1 through a helper of another package, known by its fact.
func fetchSafe(ctx context.Context) (int, error) {
	ch := make(chan int)
	spawnsafe.Go(func() { // want `goroutine sends on unbuffered channel ch, but the return at line 57 is reached without receiving from it: the sender blocks forever \(goroutine leak\); give ch a buffer: make\(chan int, 1\)`
		ch <- answer()
	})
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Rule 1 through a method that wraps a WaitGroup: awaiting the group at
// shutdown does not receive the answer.
func fetchGroup(ctx context.Context, g *spawnsafe.Group) (int, error) {
	ch := make(chan int)
	g.Go(func() { // want `goroutine sends on unbuffered channel ch, but the return`
		ch <- answer()
	})
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Rule 1 through errgroup's Go, whose Wait the ctx.Done() path skips too.
func fetchErrgroup(ctx context.Context) (int, error) {
	var g errgroup.Group
	ch := make(chan int)
	g.Go(func() error { // want `goroutine sends on unbuffered channel ch, but the return at line \d+ is reached without receiving from it` `g.Go starts goroutines on errgroup.Group g, but the return at line \d+ skips g.Wait\(\)`
		ch <- answer()
		return nil
	})
	select {
	case v := <-ch:
		return v, g.Wait()
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// n-cast: one helper call per item, the first answer wins.
func (s *server) first(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		s.startGoRoutine(func() { // want `goroutines started in a loop each send on unbuffered channel ch, but it is received from only 1 time after the loop: the other senders block forever \(goroutine leak\); give ch a buffer: make\(chan int, len\(xs\)\)`
			ch <- x
		})
	}
	return <-ch
}

// Rule 5: an abandoned stream started through the helper.
func consume() error {
	ch := make(chan int)
	spawnsafe.Go(func() { // want `goroutine sends on ch in a loop, but its consumer may stop receiving before ch is closed`
		defer close(ch)
		for _, x := range items() {
			ch <- x
		}
	})
	for v := range ch {
		if bad(v) {
			return errors.New("bad")
		}
	}
	return nil
}

// Rule 3: a future constructor whose goroutine a helper starts.
func future() <-chan int { // want future:`future\(channel, result 0\) leaks`
	ch := make(chan int)
	spawnsafe.Go(func() { ch <- answer() })
	return ch
}

func dropsFuture() {
	future() // want `future returns a channel that a goroutine it started sends its result on, and this call never receives from it`
}

// Rule 4: Add before a helper call is a spawn, and a return skips Wait.
func waits() error {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add starts goroutines on sync.WaitGroup wg, but the return at line 140 skips wg.Wait\(\)`
	spawnsafe.Go(func() {
		defer wg.Done()
		work()
	})
	if err := fail(); err != nil {
		return err
	}
	wg.Wait()
	return nil
}

// Not reported: the answer has a slot.
func (s *server) fetchBuffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	s.startGoRoutine(func() { ch <- answer() })
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Not reported: spawnsafe.Run waits for its argument, so it is no spawn
// helper, and the closure escapes to it.
func runs(ctx context.Context) (int, error) {
	ch := make(chan int)
	spawnsafe.Run(func() { ch <- answer() })
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Not reported: a closure handed to a helper and called as well is not
// only a goroutine.
func (s *server) alsoCalled(ctx context.Context) (int, error) {
	ch := make(chan int)
	f := func() { ch <- answer() }
	s.startGoRoutine(f)
	if parallel() {
		f()
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Not reported: Add without any goroutine is not a spawn.
func addOnly() {
	var wg sync.WaitGroup
	wg.Add(1)
	work()
	wg.Done()
}
