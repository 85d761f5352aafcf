package futureflag

import "future"

// With -unawaited.dropped-nonblocking, a dropped future whose producer
// cannot block is reported too.
func dropped() {
	future.FetchBuffered("z") // want `future.FetchBuffered returns a channel .* the producing goroutine does not block forever \(the channel has room for its sends, or its send can give up\)`
	future.Fetch("x")         // want `future.Fetch returns a channel .* the producing goroutine also blocks forever on its send`
}
