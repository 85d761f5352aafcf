// Package streams is grpc-go's server loop over the streams of one
// transport, before and after the fix of GHSA-m425-mq94-257g.
package streams

import (
	"context"
	"sync"

	"google.golang.org/grpc/internal/transport"
)

type Server struct{ workers chan func() }

func (s *Server) handleStream(st transport.ServerTransport, stream *transport.Stream) {}

// Before: one goroutine per stream, however many the client opens.
func (s *Server) serveStreams(ctx context.Context, st transport.ServerTransport) {
	var wg sync.WaitGroup
	st.HandleStreams(ctx, func(stream *transport.Stream) {
		wg.Add(1)
		go func() { // want `func literal in \(\*Server\).serveStreams starts one goroutine per stream handed to the callback of \(transport.ServerTransport\).HandleStreams, with no bound`
			defer wg.Done()
			s.handleStream(st, stream)
		}()
	})
	wg.Wait()
}

type atomicSemaphore struct{ wait chan struct{} }

func (q *atomicSemaphore) acquire() { q.wait <- struct{}{} }
func (q *atomicSemaphore) release() { <-q.wait }

// After: a quota acquired before the go, released when the handler ends.
func (s *Server) serveStreamsFixed(ctx context.Context, st transport.ServerTransport, max int) {
	var wg sync.WaitGroup
	streamQuota := &atomicSemaphore{wait: make(chan struct{}, max)}
	st.HandleStreams(ctx, func(stream *transport.Stream) {
		wg.Add(1)
		streamQuota.acquire()
		f := func() {
			defer streamQuota.release()
			defer wg.Done()
			s.handleStream(st, stream)
		}
		select {
		case s.workers <- f:
			return
		default:
		}
		go f()
	})
	wg.Wait()
}
