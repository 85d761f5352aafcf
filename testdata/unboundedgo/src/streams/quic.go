// Package streams has servers that start a goroutine per stream of one
// multiplexed connection (QUIC, yamux, smux, SSH, HTTP/2) or per message of
// a protocol's read loop, with and without a limit that the goroutine
// itself releases.
package streams

import (
	"context"
	"io"
	"sync"
	"sync/atomic"

	"github.com/quic-go/quic-go"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

const maxStreams = 100

func serveQUIC(s io.ReadWriteCloser) { s.Close() }

func quicUnbounded(ctx context.Context, conn quic.Connection) {
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		go serveQUIC(s) // want `quicUnbounded starts one goroutine per stream accepted by \(quic.Connection\).AcceptStream, with no bound: the peer chooses how many run at once`
	}
}

func quicUni(ctx context.Context, conn quic.Connection) {
	for {
		s, err := conn.AcceptUniStream(ctx)
		if err != nil {
			return
		}
		go func() { // want `quicUni starts one goroutine per stream accepted by \(quic.Connection\).AcceptUniStream`
			io.Copy(io.Discard, s)
		}()
	}
}

// quic-go from v0.50: *quic.Conn.
func quicConn(ctx context.Context, conn *quic.Conn) {
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		go serveQUIC(s) // want `quicConn starts one goroutine per stream accepted by \(\*quic.Conn\).AcceptStream`
	}
}

func quicConnUni(ctx context.Context, conn *quic.Conn) {
	sem := make(chan struct{}, maxStreams)
	for {
		s, err := conn.AcceptUniStream(ctx)
		if err != nil {
			return
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			io.Copy(io.Discard, s)
		}()
	}
}

// A channel semaphore acquired before the go, released by the goroutine.
func quicChanSemaphore(ctx context.Context, conn quic.Connection) {
	sem := make(chan struct{}, maxStreams)
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			serveQUIC(s)
		}()
	}
}

// A semaphore.Weighted acquired before the go, released by the goroutine.
func quicWeighted(ctx context.Context, conn quic.Connection) {
	sem := semaphore.NewWeighted(maxStreams)
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		if err := sem.Acquire(ctx, 1); err != nil {
			return
		}
		go func() {
			defer sem.Release(1)
			serveQUIC(s)
		}()
	}
}

// A worker pool fed by a channel: no goroutine per stream.
func quicWorkers(ctx context.Context, conn quic.Connection) {
	work := make(chan quic.Stream)
	for range maxStreams {
		go func() {
			for s := range work {
				serveQUIC(s)
			}
		}()
	}
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			close(work)
			return
		}
		work <- s
	}
}

// errgroup's SetLimit: Go waits for a slot that the function's return frees.
func quicSetLimit(ctx context.Context, conn quic.Connection) error {
	var g errgroup.Group
	g.SetLimit(maxStreams)
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			break
		}
		g.Go(func() error { serveQUIC(s); return nil })
	}
	return g.Wait()
}

// errgroup without SetLimit bounds nothing.
func quicGroup(ctx context.Context, conn quic.Connection) error {
	var g errgroup.Group
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			break
		}
		g.Go(func() error { serveQUIC(s); return nil }) // want `quicGroup starts one goroutine per stream accepted by \(quic.Connection\).AcceptStream, with no bound`
	}
	return g.Wait()
}

// A WaitGroup counts goroutines but never makes the loop wait.
func quicWaitGroup(ctx context.Context, conn quic.Connection) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		wg.Add(1)
		go func() { // want `quicWaitGroup starts one goroutine per stream`
			defer wg.Done()
			serveQUIC(s)
		}()
	}
}

// Spawn, then wait for the semaphore inside: the goroutines exist while
// they wait.
func quicAcquireInside(ctx context.Context, conn quic.Connection) {
	sem := make(chan struct{}, maxStreams)
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		go func() { // want `quicAcquireInside starts one goroutine per stream .*; the goroutine takes sem only once it runs, so the goroutines exist, one per stream, while they wait for it: acquire it before the go`
			sem <- struct{}{}
			defer func() { <-sem }()
			serveQUIC(s)
		}()
	}
}

func quicWeightedInside(ctx context.Context, conn quic.Connection, sem *semaphore.Weighted) {
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		go func() { // want `the goroutine takes sem only once it runs`
			if err := sem.Acquire(ctx, 1); err != nil {
				return
			}
			defer sem.Release(1)
			serveQUIC(s)
		}()
	}
}

// A gauge raised and lowered around the goroutine is not a limit: nothing
// tests it.
func quicGauge(ctx context.Context, conn quic.Connection) {
	var active atomic.Int64
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		active.Add(1)
		go func() { // want `quicGauge starts one goroutine per stream`
			defer active.Add(-1)
			serveQUIC(s)
		}()
	}
}

// A counter tested before the go and lowered by the goroutine bounds it.
func quicCounter(ctx context.Context, conn quic.Connection) {
	var active atomic.Int64
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		if active.Load() >= maxStreams {
			s.Close()
			continue
		}
		active.Add(1)
		go func() {
			defer active.Add(-1)
			serveQUIC(s)
		}()
	}
}

// quicServer counts open streams; onClose lowers the count when a stream
// closes or is reset, not when its goroutine ends.
type quicServer struct {
	open int64
}

func (q *quicServer) onClose() { atomic.AddInt64(&q.open, -1) }

func (q *quicServer) serve(ctx context.Context, conn quic.Connection) {
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		if atomic.LoadInt64(&q.open) >= maxStreams {
			s.Close()
			continue
		}
		atomic.AddInt64(&q.open, 1)
		go serveQUIC(s) // want `\(\*quicServer\).serve starts one goroutine per stream .*; the limit open is released in \(\*quicServer\).onClose, not by the goroutine when it ends: a stream that closes or is reset frees it while its goroutine runs on`
	}
}

// Opening streams is the other side's business: no goroutine per stream
// the peer chooses.
func quicClient(conn quic.Connection) {
	for range 3 {
		s, err := conn.OpenStream()
		if err != nil {
			return
		}
		go serveQUIC(s)
	}
}

// Not reported: each stream's goroutine is awaited before the next accept.
func quicOneAtATime(ctx context.Context, conn quic.Connection) {
	for {
		s, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			serveQUIC(s)
		}()
		<-done
	}
}
