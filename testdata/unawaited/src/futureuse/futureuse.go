package futureuse

import (
	"context"

	"future"
)

func dropped(ctx context.Context) {
	future.Fetch("x") // want `future.Fetch returns a channel .* the producing goroutine also blocks forever on its send \(goroutine leak\)`

	_ = future.Fetch("y") // want `future.Fetch returns a channel`

	ch, err := future.FetchBuffered("z") // want `future.FetchBuffered returns a channel .* the producing goroutine does not block forever \(the channel has room for its sends, or its send can give up\)`
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
