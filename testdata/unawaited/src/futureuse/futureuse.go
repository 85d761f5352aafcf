package futureuse

import (
	"context"

	"future"
)

func dropped(ctx context.Context) {
	future.Fetch("x") // want `future.Fetch returns a channel .* the producing goroutine also blocks forever on its send \(goroutine leak\)`

	_ = future.Fetch("y") // want `future.Fetch returns a channel`

	// Its producer cannot block: reported only with -unawaited.dropped-nonblocking.
	ch, err := future.FetchBuffered("z")
	_ = ch
	_ = err

	future.StartAll(ctx, 3) // want `future.StartAll returns an \*errgroup.Group running goroutines it started, and this call never calls Wait on it`

	future.NotAFuture()
	_ = future.Watch(ctx, nil)
}

func awaited(ctx context.Context) (string, error) {
	body := <-future.Fetch("x")
	ch, err := future.FetchBuffered("z")
	if err != nil {
		return "", err
	}
	select {
	case s := <-ch:
		body += s
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if err := future.StartAll(ctx, 3).Wait(); err != nil {
		return "", err
	}
	return body, nil
}

// Handed on: the callee may receive.
func handedOn(sink func(<-chan string)) { sink(future.Fetch("x")) }

// Kept futures: stored where nothing receives from them.
type client struct {
	pending <-chan string // nothing receives from it
	answers <-chan string // received from in wait
	Public  <-chan string // exported: another package may receive
}

var last <-chan string

func (c *client) kept() {
	c.pending = future.Fetch("x") // want `future.Fetch returns a channel that a goroutine it started sends its result on, and this call keeps it in field client.pending, which nothing receives from`
	last = future.Fetch("y")      // want `future.Fetch returns a channel .* this call keeps it in package variable last, which nothing receives from`
	c.answers = future.Fetch("z")
	c.Public = future.Fetch("w")
}

func (c *client) measured() bool {
	return c.pending != nil && len(last) == 0
}

func (c *client) wait() string { return <-c.answers }

// Kept in a local variable, and only compared.
func keptLocal() bool {
	ch := future.Fetch("x") // want `future.Fetch returns a channel .* this call never receives from it`
	return ch == nil
}

// Kept in a local variable, received from later.
func keptAndReceived(ok bool) string {
	var ch <-chan string
	if ok {
		ch = future.Fetch("x")
	}
	if ch == nil {
		return ""
	}
	return <-ch
}
